/**
 * The layout of a printed form, as plain data: sheets of rows of cells, with
 * spans, units, formulas and print setup. The forms (花名册, 年度统计表,
 * 劳模补助金发放表, 上报数据包) are built as layouts by pure functions in this
 * folder; electron/core/export writes a layout to .xlsx with exceljs and the
 * renderer's print view can draw the same layout as an HTML table, so that what
 * is printed and what is filed are the same thing.
 *
 * Money stays integer fen in the layout; the writer turns it into 元 or 万元
 * numbers for the spreadsheet and the print view formats it with shared/domain/money.
 */

/** What a cell holds and how it is shown. */
export type FormUnit =
  /** Text. */
  | 'text'
  /** An ID number or code: always a text cell, never a number. */
  | 'id'
  /** Integer fen, shown in 元 with two decimals (1,234.56). */
  | 'yuan'
  /** Integer fen, shown in 万元 with two decimals (15.55). */
  | 'wan'
  /** A whole number (户数, 人数, 人次, 序号). */
  | 'count';

/** What a row is for; decides font, borders and height. */
export type FormRole =
  | 'title'
  | 'info'
  | 'header'
  | 'body'
  | 'group'
  | 'subtotal'
  | 'total'
  | 'capital'
  | 'sign'
  | 'note'
  | 'blank'
  /** Machine-readable sheets (the filing package): no styling at all. */
  | 'plainHeader'
  | 'plain';

export type FormAlign = 'left' | 'center' | 'right';

export interface FormCell {
  /** text / id: the text; yuan / wan: integer fen; count: an integer. null: an empty cell. */
  v: string | number | null;
  /** Default: the column's unit for body-like rows, 'text' otherwise. */
  unit?: FormUnit;
  /** A spreadsheet formula (A1 references, no leading '='); `v` is its result, in the cell's unit. */
  formula?: string;
  colSpan?: number;
  rowSpan?: number;
  align?: FormAlign;
}

export interface FormRow {
  role: FormRole;
  /** One entry per column; null where a span covers the cell or the cell is empty. */
  cells: (FormCell | null)[];
  /** Row height in points. */
  height?: number;
}

export interface FormColumn {
  key: string;
  header: string;
  /** Width in Excel character units (a CJK character counts as two). */
  width: number;
  unit: FormUnit;
  align: FormAlign;
}

export interface FormPrint {
  orientation: 'landscape' | 'portrait';
  /** Scale every page to the width of one sheet of paper. */
  fitToWidth: boolean;
  /** 1-based first and last row repeated at the top of every printed page. */
  repeatRows?: [number, number];
  /** Small title in the page header of the second and later pages. */
  pageHeader?: string;
  /** 第 &P 页 共 &N 页 in the page footer. */
  pageNumbers: boolean;
}

export interface FormSheet {
  name: string;
  columns: FormColumn[];
  /** Every row in order (title, header, body, totals, signatures); may be a lazy iterable for big forms. */
  rows: Iterable<FormRow>;
  /** Number of rows `rows` yields. */
  rowCount: number;
  /** Rows frozen at the top when the sheet is viewed on screen. */
  freezeRows?: number;
  print?: FormPrint;
  state?: 'visible' | 'hidden' | 'veryHidden';
  /** Protect the sheet from editing (the filing package's metadata). */
  protect?: boolean;
}

export interface FormBook {
  sheets: FormSheet[];
}

/** The office's people who sign a form. */
export interface Signatories {
  leaderName: string;
  approverName: string;
  clerkName: string;
}

// ---------------------------------------------------------------------------
// Helpers shared by the form builders.

/** Column letter of a 1-based column index: 1 → A, 27 → AA. */
export function colLetter(index: number): string {
  let n = index;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** True for characters that take two columns: CJK ideographs, full-width forms, CJK punctuation, Hangul, kana. */
export function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** Display width of a text: CJK and full-width characters count as two, others as one. */
export function displayWidth(text: string): number {
  let w = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x1100) {
      w += 1;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      w += isWide(text.codePointAt(i)!) ? 2 : 1;
      i++;
    } else {
      w += isWide(c) ? 2 : 1;
    }
  }
  return w;
}

/** A column width from the widest text it holds: padding of two, within [min, max]. */
export function fitWidth(widest: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, widest + 2));
}

/** ISO date → 2017年1月20日. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

export function textCell(v: string | null, extra: Partial<FormCell> = {}): FormCell {
  return { v: v === '' ? null : v, unit: 'text', ...extra };
}

/** A SUM over a column range, cached with its result. */
export function sumCell(col: number, firstRow: number, lastRow: number, result: number, unit: FormUnit): FormCell {
  const c = colLetter(col);
  return { v: result, unit, formula: lastRow >= firstRow ? `SUM(${c}${firstRow}:${c}${lastRow})` : '0' };
}

/** A SUM of separate cells of one column (subtotals), cached with its result. */
export function sumOfCells(col: number, rows: readonly number[], result: number, unit: FormUnit): FormCell {
  const c = colLetter(col);
  if (rows.length === 0) return { v: result, unit, formula: '0' };
  // SUM takes at most 255 arguments; longer lists are added in groups.
  const groups: string[] = [];
  for (let i = 0; i < rows.length; i += 200) groups.push(`SUM(${rows.slice(i, i + 200).map((r) => `${c}${r}`).join(',')})`);
  return { v: result, unit, formula: groups.join('+') };
}

/** An empty row of n columns with one cell spanning all of them. */
export function spanRow(role: FormRole, n: number, cell: FormCell, height?: number): FormRow {
  const cells: (FormCell | null)[] = new Array(n).fill(null);
  cells[0] = { ...cell, colSpan: n };
  return height === undefined ? { role, cells } : { role, cells, height };
}

/**
 * The signature line: 单位负责人：… 审核人：… 经办人：… spread over the columns
 * in three spans (blank names are left for handwriting).
 */
export function signatureRow(n: number, who: Signatories): FormRow {
  const parts = [`单位负责人：${who.leaderName}`, `审核人：${who.approverName}`, `经办人：${who.clerkName}`];
  const cells: (FormCell | null)[] = new Array(n).fill(null);
  const base = Math.floor(n / 3);
  const spans = [base, base, n - 2 * base];
  let col = 0;
  parts.forEach((text, i) => {
    const span = spans[i]!;
    if (span <= 0) return;
    cells[col] = { v: text, unit: 'text', align: 'left', ...(span > 1 ? { colSpan: span } : {}) };
    col += span;
  });
  return { role: 'sign', cells, height: 30 };
}

/** A note spanning the whole width, tall enough for its text to wrap (9-point text). */
export function noteRow(columns: readonly FormColumn[], text: string): FormRow {
  const width = columns.reduce((s, c) => s + c.width, 0);
  // A 9-point character is about 0.8 of the 11-point character that column widths count.
  const lines = Math.max(1, Math.ceil((displayWidth(text) * 0.85) / Math.max(1, width)));
  return spanRow('note', columns.length, { v: text, unit: 'text', align: 'left' }, 6 + lines * 13);
}

/** The 填报单位 / 填报日期 line: the office on the left half, the date on the right half. */
export function infoRow(n: number, left: string, right: string): FormRow {
  const cells: (FormCell | null)[] = new Array(n).fill(null);
  const leftSpan = Math.max(1, Math.ceil(n / 2));
  cells[0] = { v: left, unit: 'text', align: 'left', ...(leftSpan > 1 ? { colSpan: leftSpan } : {}) };
  if (n - leftSpan > 0) cells[leftSpan] = { v: right, unit: 'text', align: 'right', ...(n - leftSpan > 1 ? { colSpan: n - leftSpan } : {}) };
  return { role: 'info', cells, height: 22 };
}

export function headerRow(columns: readonly FormColumn[], height = 30): FormRow {
  return { role: 'header', cells: columns.map((c) => ({ v: c.header, unit: 'text', align: 'center' })), height };
}

/** Escape a text for an Excel page header/footer (& starts a code there). */
export function escapeHeaderText(text: string): string {
  return text.replace(/&/g, '&&');
}
