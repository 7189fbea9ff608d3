/**
 * The audit record of rows inserted together (Tx.insertEach: op 'insert_many', one record per
 * chunk of up to 500 rows), written by the writer and read by undo/redo (history.ts), the audit
 * replay (replay.ts) and an import's revert (import/commit.ts insertedBy).
 *
 * `{ cols, rows }`: `cols` the data columns the record lists, each row its id and then those
 * columns' values. Two ways of writing a value once instead of on every row (from 2026-11-27; a
 * 100,000-row import's records went from ~19 MB to ~11 MB, written, converted to UTF-8 and
 * fsynced in the import's commit):
 *  - `same`: the columns that have one value in every row of the record, with that value (an
 *    import's program, batch, status, clerk and the columns it leaves empty); they are not in `cols`;
 *  - `texts`: for a column of `cols` whose values are texts, few of them different (categories,
 *    recipient kinds, goods, gender), the different texts; its values in the rows are then the
 *    index of the text in that list, or null.
 * A record may have neither (as every record written before). created_at and updated_at are the
 * command's time (`commands.at`) unless the record lists them as columns (records written before
 * 2026-11 carried them as the last two of `cols`).
 */
import type { ColumnValue } from './tables.ts';

export interface ManyRecord {
  cols: string[];
  rows: unknown[][];
  same?: Record<string, ColumnValue>;
  texts?: Record<string, string[]>;
}

/**
 * A column's texts are listed once when at most this share of the rows' values are different
 * texts (below, the index is hardly shorter than the text, and unique texts like names or ID
 * numbers are given up on early).
 */
const TEXTS_SHARE = 4;

/**
 * The record of `n` rows held one after another in `values` (each its id, then the values of
 * `cols` in order), as written. The values are read, not kept.
 */
export function manyRecord(cols: readonly string[], values: readonly ColumnValue[], n: number): ManyRecord {
  const width = cols.length + 1;
  const listed: number[] = [];
  let same: Record<string, ColumnValue> | null = null;
  let texts: Record<string, string[]> | null = null;
  const indexes: (Map<string, number> | null)[] = [];
  const limit = Math.floor(n / TEXTS_SHARE);
  for (let k = 1; k <= cols.length; k++) {
    const v = values[k]!;
    let i = 1;
    while (i < n && values[i * width + k] === v) i++;
    if (i === n) {
      (same ??= {})[cols[k - 1]!] = v;
      continue;
    }
    listed.push(k);
    // Texts (and nulls) only, few of them different.
    let index: Map<string, number> | null = new Map();
    for (let j = 0; j < n; j++) {
      const x = values[j * width + k]!;
      if (x === null) continue;
      if (typeof x !== 'string') {
        index = null;
        break;
      }
      if (!index.has(x)) {
        if (index.size >= limit) {
          index = null;
          break;
        }
        index.set(x, index.size);
      }
    }
    if (index !== null && index.size > 0) {
      indexes[k] = index;
      (texts ??= {})[cols[k - 1]!] = [...index.keys()];
    } else indexes[k] = null;
  }
  const out = new Array<unknown[]>(n);
  const kept = listed.length;
  for (let j = 0; j < n; j++) {
    const at = j * width;
    const o = new Array<unknown>(kept + 1);
    o[0] = values[at];
    for (let m = 0; m < kept; m++) {
      const k = listed[m]!;
      const x = values[at + k]!;
      const index = indexes[k];
      o[m + 1] = index && x !== null ? index.get(x as string)! : x;
    }
    out[j] = o;
  }
  const record: ManyRecord = { cols: listed.map((k) => cols[k - 1]!), rows: out };
  if (same) record.same = same;
  if (texts) record.texts = texts;
  return record;
}

/** The rows of an insert_many record, each its id and its whole stored record (created_at / updated_at `at` unless the record lists them). */
export function rowsOfMany(rec: ManyRecord, at: string): { id: number; record: Record<string, unknown> }[] {
  const stamped = rec.cols.includes('created_at');
  const same = rec.same ?? null;
  const texts = rec.texts ?? null;
  const lists = rec.cols.map((c) => (texts && Object.hasOwn(texts, c) ? texts[c]! : null));
  return rec.rows.map((r) => {
    const record: Record<string, unknown> = same ? { ...same } : {};
    for (let i = 0; i < rec.cols.length; i++) {
      const v = r[i + 1];
      const list = lists[i];
      record[rec.cols[i]!] = list && v !== null ? list[v as number] : v;
    }
    if (!stamped) record.created_at = record.updated_at = at;
    return { id: r[0] as number, record };
  });
}
