/**
 * A block of cells copied from Excel/WPS and pasted on the payments grid: the lines of a roster that are no payments
 * (its header row, its 合计 lines) and a leading 序号 column. Pure text rules; the grid decides what to do with them.
 */

/** A roster's header row: 序号 | 姓名 | 身份证号码 | 金额（元） … */
export function isHeaderLine(cells: readonly string[]): boolean {
  return cells.some((c) => /^(姓名|序号|身份证号码?|金额（?元?）?)$/.test(c.replace(/\s/g, '')));
}

/** A 合计 / 小计 / 总计 / 共计 line (in its first three cells). */
export function isTotalLine(cells: readonly string[]): boolean {
  return cells.slice(0, 3).some((c) => /^(合计|合計|小计|小計|总计|總計|共计|共計)/.test(c.replace(/\s/g, '')));
}

/**
 * Whether the block's first column is a 序号 (1, 2, 3 …, 1、, or blank on some lines) before names: the numbers are
 * no names, and pasted as they are every column after them lands one off.
 */
export function startsWithSeqColumn(rows: readonly (readonly string[])[]): boolean {
  return rows.length > 0
    && rows.every((r) => r.length >= 2 && /^\s*([\d０-９]{1,5}\s*[、.．]?)?\s*$/.test(r[0]!))
    && rows.some((r) => /[\d０-９]/.test(r[0]!))
    && rows.some((r) => /[\p{Script=Han}A-Za-z]/u.test(r[1]!));
}
