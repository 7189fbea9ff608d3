/**
 * A block of cells copied from Excel/WPS and pasted on the payments grid: whether its first column is a roster's
 * 序号. Pure text rules; the grid decides what to do (the lines of a roster that are no payments, its title, header,
 * 合计 and 大写 lines, are rosterLineKind's in text.ts).
 */

import { rosterLineKind } from './text.ts';

/** A 序号 cell: 1, 1、, (1), （1）, 1. */
const SEQ_CELL = /^\s*[(（]?[\d０-９]{1,5}[)）]?\s*[、.．]?\s*$/;

/**
 * Whether the block's first column is a 序号 (1, 2, 3 …, 1、, （1）) before names: the numbers are no names, and pasted as
 * they are every column after them lands one off. Lines whose first cell is blank or other text (a title, a header, a
 * 合计 or 大写 line copied with the rows) are allowed.
 */
export function startsWithSeqColumn(rows: readonly (readonly string[])[]): boolean {
  let numbered = 0;
  let named = false;
  for (const r of rows) {
    const first = r[0] ?? '';
    if (SEQ_CELL.test(first)) {
      numbered++;
      if (r.length >= 2 && /[\p{Script=Han}A-Za-z]/u.test(r[1]!)) named = true;
    }
  }
  // (A whole sheet copied has as many other lines as numbered ones: digits are never names, so the column goes.)
  return named && numbered >= Math.min(2, rows.length);
}

/**
 * The block without its 序号 column. A line whose first cell is no number but a label (合计, 大写：…, a title), its name
 * cell empty, keeps the label where the name goes, so that it is seen as the roster line it is (helper 53: dropped with
 * the column, a 合计 line was pasted as a row and overwrote the next payment's amount with the total).
 */
export function withoutSeqColumn(rows: readonly (readonly string[])[]): string[][] {
  return rows.map((r) => {
    const first = r[0] ?? '';
    // (A roster line's label there wins over what its name cell holds: 大写 | 壹仟壹佰元整, 合计 | /; helper 55.)
    if (SEQ_CELL.test(first) || first.trim() === '' || ((r[1] ?? '').trim() !== '' && rosterLineKind(first) === null)) return r.slice(1);
    return [first, ...r.slice(2)];
  });
}
