/**
 * Tx: the only way rows of audited tables are written. Every insert, update and
 * delete also appends its audit records (table, row, field, old → new) under the
 * current command, and notes what it touched so the rule findings of the
 * affected payments can be recomputed before the transaction ends.
 */
import type { Statement } from 'better-sqlite3';
import { holdsPastedRemark } from '../../../shared/domain/rules.ts';
import { LedgerError } from '../errors.ts';
import { manyRecord } from './auditRecords.ts';
import type { SqliteDatabase } from './open.ts';
import { AUDITED_TABLES, columnsOf, type AuditedTable, type ColumnValue, type RowValues } from './tables.ts';

export type StoredRow = Record<string, ColumnValue>;

export interface FreshPerson {
  id: number;
  name: string;
  gender: '男' | '女' | null;
  id_number: string | null;
  household_id: null;
}

export interface FreshPayment {
  id: number;
  program_id: number | null;
  person_id: number;
  paid_on: string;
  cash_fen: number;
  goods_fen: number;
  category: string | null;
  reverses_id: number | null;
  student_name: string | null;
}

/** What a transaction changed that bears on payment rule findings. */
export class TouchSet {
  /** `${personId}:${year}` of payments added, removed or changed. */
  readonly personYears = new Set<string>();
  /** Payments to re-evaluate directly (those without a person). */
  readonly paymentIds = new Set<number>();
  /** People whose name, gender, ID or household changed: all their payments. */
  readonly personIds = new Set<number>();
  /** Programs whose rules, year or kind changed: all their payments. */
  readonly programIds = new Set<number>();
  /** Everything (after a replay or a repair). */
  all = false;
  /**
   * People inserted by insertMany in this transaction (without a household), and the payments
   * insertMany wrote for them: while nothing else writes people or payments (`fresh`), these
   * rows are all the payments those people have, so their findings can be computed from them
   * without reading them back (IssueEngine.recompute).
   */
  readonly freshPeople = new Map<number, FreshPerson>();
  /** Kept here instead of in personYears while `fresh`. */
  readonly freshPayments: FreshPayment[] = [];
  fresh = true;

  get empty(): boolean {
    return !this.all && this.personYears.size === 0 && this.paymentIds.size === 0 && this.personIds.size === 0 && this.programIds.size === 0 && this.freshPayments.length === 0;
  }

  /** The fresh rows can no longer be trusted to be all: their person-years go the usual way. */
  dropFresh(): void {
    if (!this.fresh) return;
    this.fresh = false;
    for (const p of this.freshPayments) this.personYears.add(`${p.person_id}:${p.paid_on.slice(0, 4)}`);
    this.freshPayments.length = 0;
    this.freshPeople.clear();
  }

  notePayment(row: StoredRow | undefined): void {
    if (!row) return;
    const personId = row.person_id;
    const paidOn = row.paid_on;
    if (typeof personId === 'number' && typeof paidOn === 'string') this.personYears.add(`${personId}:${paidOn.slice(0, 4)}`);
    else if (typeof row.id === 'number') this.paymentIds.add(row.id);
  }
}

const AUDIT_CHUNK = 500;
/** Rows per INSERT statement in insertMany. */
const INSERT_BATCH = 100;
/** Below this many rows, a bulk insert keeps the table's indexes (see Tx.bulkLoad). */
const BULK_LOAD_ROWS = 10_000;
/**
 * SQLite's page cache while a bulk load runs (negative: KiB). The rows go to the WAL as the cache
 * fills, and the index builds read the table in order: a bigger cache only held more pages. 16 MB
 * before; at 4 MB a 100,000-row import peaks ~25 MB lower (a 199,000-row one ~30 MB), in the
 * same time (import bench bundles, alternating runs).
 */
const BULK_LOAD_CACHE_KB = -4096;
/**
 * BEFORE INSERT triggers a bulk load sets aside while it runs, each with a query that is true
 * when the trigger can refuse no row. The year-close lock looks up year_closings for every
 * payment inserted (100,000 payments: ~0.25 s); with no year closed it can refuse none.
 */
const IDLE_INSERT_TRIGGERS: Partial<Record<AuditedTable, { name: string; idle: string }[]>> = {
  payments: [{ name: 'payments_closed_year_insert', idle: 'SELECT NOT EXISTS (SELECT 1 FROM year_closings WHERE reopened_at IS NULL)' }],
};
const PEOPLE_FIELDS_FOR_RULES = new Set(['name', 'gender', 'id_number', 'household_id']);
const PROGRAM_FIELDS_FOR_RULES = new Set(['name', 'year', 'kind']);

export class Tx {
  readonly touched = new TouchSet();
  /** Rows inserted, updated or deleted so far. */
  rowsWritten = 0;
  /** The command wrote nothing and was not kept (CommandInfo.dropIfNothingWritten). */
  dropped = false;
  /** The same, by table. */
  readonly writtenByTable = new Map<AuditedTable, number>();
  /** The page cache size to put back when the command ends, once a bulk load has lowered it. */
  private cacheToRestore: number | null = null;
  private readonly db: SqliteDatabase;
  private readonly stmt: (sql: string) => Statement;
  readonly commandId: number;
  /** The command's timestamp: created_at / updated_at of every row it writes. */
  readonly at: string;

  constructor(db: SqliteDatabase, stmt: (sql: string) => Statement, commandId: number, at: string) {
    this.db = db;
    this.stmt = stmt;
    this.commandId = commandId;
    this.at = at;
  }

  private wrote(table: AuditedTable, rows = 1): void {
    this.rowsWritten += rows;
    this.writtenByTable.set(table, (this.writtenByTable.get(table) ?? 0) + rows);
  }

  private audit(table: string, rowId: number, op: string, field: string | null, oldValue: unknown, newValue: unknown): void {
    this.stmt(
      'INSERT INTO audit_log (command_id, table_name, row_id, op, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      this.commandId,
      table,
      rowId,
      op,
      field,
      oldValue === undefined ? null : JSON.stringify(oldValue),
      newValue === undefined ? null : JSON.stringify(newValue),
    );
  }

  get<T extends AuditedTable>(table: T, id: number): StoredRow | undefined {
    return this.stmt(`SELECT * FROM ${table} WHERE id = ?`).get(id) as StoredRow | undefined;
  }

  private fullValues<T extends AuditedTable>(table: T, values: RowValues<T>): ColumnValue[] {
    const spec = AUDITED_TABLES[table] as Record<string, ColumnValue>;
    for (const key in values) {
      if (!Object.hasOwn(spec, key)) throw new LedgerError('internal', `表 ${table} 没有列 ${key}`);
    }
    const cols = columnsOf(table);
    const out = new Array<ColumnValue>(cols.length);
    for (let i = 0; i < cols.length; i++) {
      const v = (values as Record<string, ColumnValue | undefined>)[cols[i]!];
      out[i] = v === undefined ? spec[cols[i]!]! : normalizeValue(v);
    }
    return out;
  }

  /** `stampsNamed`: created_at and updated_at are the one named parameter @at (bound once per statement, not per row). */
  private insertSql(table: AuditedTable, rows = 1, stampsNamed = false): string {
    const cols = ['id', ...columnsOf(table), 'created_at', 'updated_at'];
    const one = stampsNamed ? `(${cols.slice(0, -2).map(() => '?').join(', ')}, @at, @at)` : `(${cols.map(() => '?').join(', ')})`;
    return `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${Array.from({ length: rows }, () => one).join(', ')}`;
  }

  /** The next id of an AUTOINCREMENT table (never reusing one), inside the write transaction. */
  private nextId(table: AuditedTable): number {
    return this.stmt(`SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), coalesce((SELECT max(id) FROM ${table}), 0)) + 1 AS n`)
      .pluck()
      .get(table) as number;
  }

  /**
   * Insert one row. `restore` re-inserts a row exactly as it was (undo of a delete,
   * redo of an insert): its id and its own timestamps.
   */
  insert<T extends AuditedTable>(table: T, values: RowValues<T>, restore?: { id: number; created_at: string; updated_at: string }): number {
    const data = this.fullValues(table, values);
    const createdAt = restore?.created_at ?? this.at;
    const updatedAt = restore?.updated_at ?? this.at;
    const info = this.stmt(this.insertSql(table)).run(restore?.id ?? null, ...data, createdAt, updatedAt);
    const id = Number(info.lastInsertRowid);
    this.wrote(table);
    const record: Record<string, ColumnValue> = {};
    columnsOf(table).forEach((c, i) => (record[c] = data[i]!));
    record.created_at = createdAt;
    record.updated_at = updatedAt;
    this.audit(table, id, 'insert', null, undefined, record);
    this.noteChange(table, { id, ...record }, undefined);
    return id;
  }

  /**
   * Insert many rows; audited in chunks of full rows so that bulk work stays fast. Rows get
   * consecutive ids and are written INSERT_BATCH to a statement: a table with triggers (the
   * year-close lock on payments) then pays SQLite's per-statement cost once per batch.
   * The audit record is `{ cols, rows }` (auditRecords.ts): each row its id and the values of
   * `cols`; a column with one value in every row of the chunk is written once (`same`), and a
   * text column with few different values lists them once (`texts`, the rows holding their
   * index). created_at and updated_at are not in it (a third less to write): they are the
   * command's time (`commands.at`), as for every row insertMany writes. Records written before
   * carried every data column in `cols`, or also the timestamps as its last two; the readers
   * (replay, history, an import's revert) take every form.
   */
  insertMany<T extends AuditedTable>(table: T, rows: readonly RowValues<T>[]): number[] {
    return this.insertEach(table, rows.length, (n) => rows[n]!);
  }

  /**
   * insertMany for `count` rows handed one at a time: `valuesOf(n)` gives the n-th row's values
   * and may return the same object each time, refilled (its values are copied at once), so that
   * a bulk caller (import commit) builds no object per row.
   */
  insertEach<T extends AuditedTable>(table: T, count: number, valuesOf: (n: number) => RowValues<T>): number[] {
    const cols = [...columnsOf(table)];
    // A row's parameters: its id and data columns; its created_at and updated_at are the command's
    // time, bound once per statement as @at (not as two more parameters, a string each, per row).
    const width = cols.length + 1;
    const stamps = { at: this.at };
    const batch = Math.max(1, Math.min(INSERT_BATCH, Math.floor(30_000 / (width + 2))));
    const single = this.stmt(this.insertSql(table, 1, true));
    const many = this.stmt(this.insertSql(table, batch, true));
    // The parameters of one multi-row statement, refilled for each batch (no per-batch arrays).
    const params = new Array<ColumnValue>(batch * width);
    let filled = 0;
    const ids = new Array<number>(count);
    // The rows of the audit chunk under way, one after another (id and data columns each) in one
    // array reused for every chunk: no array per row (100,000 rows' arrays outlived the young
    // generation while their chunk filled, and were old garbage until a full collection).
    const chunk = new Array<ColumnValue>(AUDIT_CHUNK * width);
    let inChunk = 0;
    const flush = () => {
      if (inChunk === 0) return;
      this.audit(table, chunk[0] as number, 'insert_many', null, undefined, manyRecord(cols, chunk, inChunk));
      inChunk = 0;
    };
    const isPayments = table === 'payments';
    const personIdx = cols.indexOf('person_id') + 1;
    const paidIdx = cols.indexOf('paid_on') + 1;
    const touched = this.touched;
    const fresh = touched.fresh ? this.freshColumns(table, cols) : null;
    let id = count > 0 ? this.nextId(table) : 0;
    for (let n = 0; n < count; n++) {
      const at = inChunk * width;
      this.storeRow(table, valuesOf(n), id, chunk, at);
      const base = filled * width;
      for (let k = 0; k < width; k++) params[base + k] = chunk[at + k]!;
      if (++filled === batch) {
        many.run(params, stamps);
        filled = 0;
      }
      ids[n] = id;
      inChunk++;
      if (isPayments) {
        const personId = chunk[at + personIdx];
        let kept = false;
        if (fresh && touched.fresh && typeof personId === 'number' && touched.freshPeople.has(personId)) {
          const program = chunk[at + fresh[0]!];
          const cash = chunk[at + fresh[1]!];
          const goods = chunk[at + fresh[2]!];
          const category = chunk[at + fresh[3]!];
          const reverses = chunk[at + fresh[4]!];
          const student = fresh[5] === 0 ? null : chunk[at + fresh[5]!];
          const note = fresh[6] === 0 ? null : chunk[at + fresh[6]!];
          const paidOn = chunk[at + paidIdx];
          // Kept only with the types SQLite stores (a number in a TEXT column would be read back as text);
          // a 备注 holding a pasted cell not read (unreadDateRemark, unreadCellRemark: a finding of its own) goes the usual way.
          if (!(typeof note === 'string' && holdsPastedRemark(note)) && isIdOrNull(program) && Number.isInteger(cash) && Number.isInteger(goods) && isTextOrNull(category) && isIdOrNull(reverses) && isTextOrNull(student) && typeof paidOn === 'string') {
            touched.freshPayments.push({
              id, program_id: program, person_id: personId, paid_on: paidOn, cash_fen: cash as number, goods_fen: goods as number, category, reverses_id: reverses,
              student_name: student ?? null,
            });
            kept = true;
          } else touched.dropFresh();
        }
        if (kept) {
          // Its person-year is in freshPayments.
        } else if (typeof personId === 'number') touched.personYears.add(`${personId}:${String(chunk[at + paidIdx]).slice(0, 4)}`);
        else touched.paymentIds.add(id);
      } else if (table === 'people') {
        if (fresh && touched.fresh && chunk[at + fresh[3]!] === null) {
          const name = chunk[at + fresh[0]!];
          const gender = chunk[at + fresh[1]!];
          const idNumber = chunk[at + fresh[2]!];
          if (typeof name === 'string' && (gender === '男' || gender === '女' || gender === null) && isTextOrNull(idNumber)) {
            touched.freshPeople.set(id, { id, name, gender, id_number: idNumber, household_id: null });
          } else touched.dropFresh();
        }
      } else {
        // New people have no payments yet: nothing to re-evaluate.
        this.noteChange(table, { id }, undefined);
      }
      if (inChunk === AUDIT_CHUNK) flush();
      id++;
    }
    // The last rows, fewer than a batch, one statement each.
    for (let i = 0; i < filled; i++) single.run(params.slice(i * width, (i + 1) * width), stamps);
    flush();
    this.wrote(table, count);
    return ids;
  }

  /** Positions in a stored row (id first) of the columns the findings need, for the tables whose fresh rows are kept. */
  private freshColumns(table: AuditedTable, cols: string[]): number[] | null {
    const at = (names: string[]) => names.map((c) => cols.indexOf(c) + 1);
    if (table === 'payments') return at(['program_id', 'cash_fen', 'goods_fen', 'category', 'reverses_id', 'student_name', 'note']);
    if (table === 'people') return at(['name', 'gender', 'id_number', 'household_id']);
    return null;
  }

  /**
   * A row as insertMany audits it, written into `out` from `at`: its id and the data columns
   * (created_at and updated_at are the command's time).
   */
  private storeRow<T extends AuditedTable>(table: T, values: RowValues<T>, id: number, out: ColumnValue[], at: number): void {
    const spec = AUDITED_TABLES[table] as Record<string, ColumnValue>;
    for (const key in values) {
      if (!Object.hasOwn(spec, key)) throw new LedgerError('internal', `表 ${table} 没有列 ${key}`);
    }
    const cols = columnsOf(table);
    out[at] = id;
    for (let i = 0; i < cols.length; i++) {
      const v = (values as Record<string, ColumnValue | undefined>)[cols[i]!];
      out[at + i + 1] = v === undefined ? spec[cols[i]!]! : normalizeValue(v);
    }
  }

  /**
   * Run `fn`, which inserts about `rows` rows into `table`. When that is at least BULK_LOAD_ROWS
   * and at least as many rows as the table holds, the table's secondary indexes that enforce
   * nothing (not UNIQUE) are dropped first and built again afterwards from their own SQL:
   * building an index from sorted entries costs a fraction of inserting as many entries one
   * by one in random order (100,000 payments: ~1.7 s of index upkeep against ~0.4 s to build
   * their ten indexes). All within the command's transaction, so an error or a crash leaves
   * the indexes as they were; the planner's statistics are refreshed by Ledger.run after
   * bulk work. A table that already holds more rows than are added keeps its indexes.
   * With `unique`, UNIQUE indexes are dropped and built again too: a duplicate then fails
   * when its index is built, at the end of `fn`, with the same error as at its insert (the
   * command fails whole either way); `fn` must not rely on them meanwhile.
   * Insert triggers that can refuse no row now (IDLE_INSERT_TRIGGERS: the year-close lock when
   * no year is closed) are set aside the same way; if one is no longer idle when `fn` ends,
   * the command fails whole.
   */
  bulkLoad<T>(table: AuditedTable, rows: number, fn: () => T, options: { unique?: boolean } = {}): T {
    if (rows < BULK_LOAD_ROWS || rows < (this.stmt(`SELECT coalesce(max(id), 0) FROM ${table}`).pluck().get() as number)) return fn();
    const indexes = (this.stmt("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY rowid").all(table) as { name: string; sql: string }[])
      .filter((ix) => options.unique || !/^\s*CREATE\s+UNIQUE\b/i.test(ix.sql));
    for (const ix of indexes) this.db.exec(`DROP INDEX "${ix.name.replace(/"/g, '""')}"`);
    const isIdle = (t: { idle: string }) => this.stmt(t.idle).pluck().get() === 1;
    const triggers = (IDLE_INSERT_TRIGGERS[table] ?? [])
      .filter(isIdle)
      .map((t) => ({ ...t, sql: this.stmt("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").pluck().get(t.name) as string | undefined }))
      .filter((t): t is { name: string; idle: string; sql: string } => t.sql !== undefined);
    for (const t of triggers) this.db.exec(`DROP TRIGGER "${t.name.replace(/"/g, '""')}"`);
    const putBack = () => {
      for (const ix of indexes) this.db.exec(ix.sql);
      for (const t of triggers) this.db.exec(t.sql);
    };
    // The pages written go to the WAL as the cache fills; a big cache would only hold them longer.
    // It stays small until the command ends (index builds, findings, statistics): Ledger.run restores it.
    if (this.cacheToRestore === null) {
      this.cacheToRestore = this.db.pragma('cache_size', { simple: true }) as number;
      this.db.pragma(`cache_size = ${BULK_LOAD_CACHE_KB}`);
    }
    let result: T;
    try {
      result = fn();
    } catch (err) {
      // The transaction rolls back, indexes included; put them back anyway in case a caller goes on.
      try {
        putBack();
      } catch {
        /* the original error is the one to report */
      }
      this.restoreCache();
      throw err;
    }
    // A trigger set aside could have refused none of the rows only if it is still idle now.
    for (const t of triggers) {
      if (!isIdle(t)) throw new LedgerError('internal', `批量写入 ${table} 期间触发器 ${t.name} 的条件发生了变化，已全部撤回`);
    }
    putBack();
    return result;
  }

  /** Put back the page cache size a bulk load lowered (Ledger.run calls it when the command ends, however it ends). */
  restoreCache(): void {
    if (this.cacheToRestore === null) return;
    this.db.pragma(`cache_size = ${this.cacheToRestore}`);
    this.cacheToRestore = null;
  }

  /** Update the given fields; only fields whose value really changes are written and audited. */
  update<T extends AuditedTable>(table: T, id: number, patch: RowValues<T>): string[] {
    const old = this.get(table, id);
    if (!old) throw new LedgerError('not_found', `找不到要修改的记录（${table} #${id}）`);
    const spec = AUDITED_TABLES[table] as Record<string, ColumnValue>;
    const changed: string[] = [];
    const values: ColumnValue[] = [];
    for (const [key, raw] of Object.entries(patch)) {
      if (raw === undefined) continue;
      if (!Object.hasOwn(spec, key)) throw new LedgerError('internal', `表 ${table} 没有列 ${key}`);
      const v = normalizeValue(raw as ColumnValue);
      if (old[key] === v) continue;
      changed.push(key);
      values.push(v);
    }
    if (changed.length === 0) return changed;
    const sql = `UPDATE ${table} SET ${changed.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`;
    this.stmt(sql).run(...values, this.at, id);
    this.wrote(table);
    changed.forEach((c, i) => this.audit(table, id, 'update', c, old[c], values[i]));
    const now: StoredRow = { ...old };
    changed.forEach((c, i) => (now[c] = values[i]!));
    this.noteChange(table, now, old, changed);
    return changed;
  }

  /** Delete a row; the audit keeps the whole row so that it can be restored. */
  delete<T extends AuditedTable>(table: T, id: number): StoredRow {
    const old = this.get(table, id);
    if (!old) throw new LedgerError('not_found', `找不到要删除的记录（${table} #${id}）`);
    this.stmt(`DELETE FROM ${table} WHERE id = ?`).run(id);
    this.wrote(table);
    const { id: _id, ...rest } = old;
    this.audit(table, id, 'delete', null, rest, undefined);
    this.noteChange(table, undefined, old);
    return old;
  }

  private noteChange(table: AuditedTable, now: StoredRow | undefined, old: StoredRow | undefined, changed?: string[]): void {
    if (table === 'payments' || table === 'people') this.touched.dropFresh();
    switch (table) {
      case 'payments':
        this.touched.notePayment(old);
        this.touched.notePayment(now);
        // A reversal (冲正) made, deleted or undone changes whether the payment it cancels counts, in that payment's
        // person-year (often another year than the reversal's): evaluated again too. (The audit-replay property test,
        // seed 2008211479: a reversal deleted left its 2017 payment without its over-the-cap error.)
        for (const r of [old, now]) if (r && typeof r.reverses_id === 'number') this.touched.notePayment(this.get('payments', r.reverses_id));
        break;
      case 'people':
        if (!old) break; // a new person has no payments yet
        if (old && now && changed && !changed.some((c) => PEOPLE_FIELDS_FOR_RULES.has(c))) break;
        if (typeof (now ?? old)?.id === 'number') this.touched.personIds.add((now ?? old)!.id as number);
        // Members of a household the person left are affected by once-per-household rules.
        if (old && typeof old.household_id === 'number' && (!now || now.household_id !== old.household_id)) {
          for (const m of this.stmt('SELECT id FROM people WHERE household_id = ?').all(old.household_id) as { id: number }[]) {
            this.touched.personIds.add(m.id);
          }
        }
        break;
      case 'program_rules': {
        const p = (now ?? old)?.program_id;
        if (typeof p === 'number') this.touched.programIds.add(p);
        if (old && typeof old.program_id === 'number') this.touched.programIds.add(old.program_id);
        break;
      }
      case 'programs':
        if (old && now && changed && changed.some((c) => PROGRAM_FIELDS_FOR_RULES.has(c))) this.touched.programIds.add(now.id as number);
        break;
      default:
        break;
    }
  }

  /** Raw access for reads inside the transaction. */
  get database(): SqliteDatabase {
    return this.db;
  }
}

function isIdOrNull(v: ColumnValue | undefined): v is number | null {
  return v === null || Number.isSafeInteger(v);
}

function isTextOrNull(v: ColumnValue | undefined): v is string | null {
  return v === null || typeof v === 'string';
}

export function normalizeValue(v: ColumnValue | boolean | undefined): ColumnValue {
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && !Number.isFinite(v)) throw new LedgerError('invalid_input', `数值无效：${v}`);
  return v;
}
