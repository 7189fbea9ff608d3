/**
 * The error report: the held error rows of an import as an .xlsx to send back
 * to the grassroots union — per source sheet, its title lines, the original header
 * and cells as they were sent (a value merged over several rows on each of them,
 * dates as dates), plus the row number in their file and the reasons in Chinese.
 * A cell the county clerk changed in the preview shows the changed value, marked
 * and with the original in a note, so that the reason and the row agree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { LedgerError } from '../errors.ts';
import type { Ledger } from '../ledger.ts';
import { sourceCells } from './analyze.ts';
import { IMPORT_FIELD_LABELS, type ImportPreviewRow } from '../../../shared/import.ts';
import type { ImportSession, PreviewState } from './preview.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function sheetTitle(name: string, used: Set<string>): string {
  let base = name.replace(/[\[\]:*?/\\]/g, '_').slice(0, 28) || '错误清单';
  let title = base;
  for (let i = 2; used.has(title); i++) title = `${base.slice(0, 26)}(${i})`;
  used.add(title);
  return title;
}

/**
 * A value the clerk typed in the preview as its cell in the report: an amount of plain digits as a
 * number and a date as a date (its ISO text, written as a date), as the grassroots union's own cells are
 * (text digits in an amount column are what Excel flags and does not sum).
 */
function typedCell(field: string, value: string | null): string | number | null {
  if (value === null) return null;
  const t = value.trim();
  if ((field === 'amount' || field === 'goodsAmount') && /^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return ISO_DATE.test(t) ? t : value;
}

/** A date cell (read as 2011-09-28, or typed so): a date again. */
function asDate<T>(v: T): T | Date {
  return typeof v === 'string' && ISO_DATE.test(v) ? new Date(`${v}T00:00:00Z`) : v;
}

/**
 * What the error report holds, as plain data: per source sheet its title lines, its header and its held rows
 * with their cells as they will be written (a value merged down filled in, the clerk's changes made and
 * marked) and their reasons. The commit stores it with the batch (import_error_reports, gzip'd JSON), so that
 * the report can still be saved after the commit, from the import history, without the file: the held rows only.
 */
export interface HeldReport {
  v: 1;
  fileName: string;
  sheets: HeldSheet[];
}

interface HeldSheet {
  name: string | null;
  titleLines: string[];
  /** The sheet's header texts, as wide as its widest held row. */
  header: string[];
  /** The ID column (0-based), written as text; -1 when none. */
  idCol: number;
  rows: HeldRow[];
}

interface HeldRow {
  row: number;
  /** The cells (a date as its ISO text: written as a date). */
  values: (string | number | null)[];
  reasons: string;
  /** Cells the clerk changed in the preview, with what they were. */
  changed: { col: number; was: string }[];
}

type Merge = { r1: number; r2: number; c1: number };

/** The source sheet's merged ranges that go down over rows, by column, each column's sorted by first row. */
function verticalMergesByColumn(merges: readonly (Merge & { c2: number })[]): Map<number, Merge[]> {
  const out = new Map<number, Merge[]>();
  for (const m of merges) {
    if (m.r2 <= m.r1) continue;
    for (let c = m.c1; c <= m.c2; c++) {
      let list = out.get(c);
      if (!list) out.set(c, (list = []));
      list.push({ r1: m.r1, r2: m.r2, c1: m.c1 });
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.r1 - b.r1);
  return out;
}

/** The merged range of a column (sorted by first row; ranges do not overlap) that covers `row` below its first row. */
function mergeOver(list: readonly Merge[] | undefined, row: number): Merge | null {
  if (!list) return null;
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.r1 < row) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const m = found >= 0 ? list[found]! : null;
  return m !== null && row <= m.r2 ? m : null;
}

/**
 * The held rows of a preview of the session (its last one, or `state`: the one the commit re-evaluated), or null
 * when no row is held. Only the error rows are read (a few, usually, of a 100,000-row roster).
 */
export function collectHeldRows(session: ImportSession, state: PreviewState | null = session.last): HeldReport | null {
  if (!state) throw new LedgerError('invalid_input', '请先预览导入，再导出错误清单');
  const errorRows: ImportPreviewRow[] = [];
  for (let i = 0; i < state.rows.length; i++) if (state.rows.statusOf(i) === 'error') errorRows.push(state.rows.row(i));
  if (errorRows.length === 0) return null;
  const sheets: HeldSheet[] = [];
  const edits = session.options.edits ?? [];
  for (const sheet of state.analysis.sheets) {
    const rows = errorRows.filter((r) => r.sheetIndex === sheet.index);
    if (rows.length === 0) continue;
    let width = sheet.headerTexts.length;
    for (const r of rows) width = Math.max(width, sourceCells(session.workbook, r.sheetIndex, r.row).length);
    const merges = verticalMergesByColumn(session.workbook.sheets[sheet.index]!.merges);
    const held = rows.map((r): HeldRow => {
      const cells = sourceCells(session.workbook, r.sheetIndex, r.row);
      const values = Array.from({ length: width }, (_, c): string | number | null => {
        const v = cells[c] ?? null;
        if (v !== null) return v;
        // A unit merged down over several rows: each of them shows it in their file.
        const m = mergeOver(merges.get(c), r.row);
        return m ? (sourceCells(session.workbook, r.sheetIndex, m.r1)[m.c1] ?? null) : null;
      });
      // The clerk's changes in the preview: the reasons are about them.
      const changed: { col: number; was: string }[] = [];
      const notes: string[] = [];
      for (const e of edits) {
        if (e.sheetIndex !== r.sheetIndex || e.row !== r.row) continue;
        const col = sheet.fieldsByCol.indexOf(e.field);
        if (col >= 0 && col < width) {
          changed.push({ col, was: String(values[col] ?? '') });
          values[col] = typedCell(e.field, e.value);
        } else notes.push(`县总工会在预览中填写了“${IMPORT_FIELD_LABELS[e.field]}”：${e.value ?? '（空）'}`);
      }
      const reasons = r.reasons.filter((x) => x.severity === 'error').map((x) => x.message);
      if (changed.length > 0) reasons.push(`（${changed.map((c) => `${sheet.headerTexts[c.col] ?? `第 ${c.col + 1} 列`}已由县总工会在预览中修改，原为“${c.was}”`).join('；')}）`);
      reasons.push(...notes);
      return { row: r.row, values, reasons: reasons.join('；\n'), changed };
    });
    sheets.push({
      name: sheet.name, titleLines: sheet.titleLines, header: Array.from({ length: width }, (_, c) => sheet.headerTexts[c] ?? ''),
      idCol: sheet.fieldsByCol.indexOf('idNumber'), rows: held,
    });
  }
  return { v: 1, fileName: session.workbook.fileName, sheets };
}

/** Build the report of the session's last preview; resolves to the .xlsx bytes. */
export async function buildErrorReport(session: ImportSession): Promise<{ bytes: Buffer; rows: number }> {
  const report = collectHeldRows(session);
  if (report === null) throw new LedgerError('invalid_input', '没有有错误的行，无需导出错误清单');
  return renderErrorReport(report);
}

/** The report as an .xlsx: per sheet a title, the sheet's own title lines, its header, the held rows with 原表行号 and 错误原因. */
export async function renderErrorReport(report: HeldReport): Promise<{ bytes: Buffer; rows: number }> {
  // Loaded when needed: exceljs is large and the app may never export a report.
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = '幫扶台賬';
  const used = new Set<string>();
  let total = 0;
  for (const sheet of report.sheets) {
    const rows = sheet.rows;
    total += rows.length;
    const ws = wb.addWorksheet(sheetTitle(sheet.name ?? path.parse(report.fileName).name, used));
    const header = [...sheet.header, '原表行号', '错误原因'];
    ws.addRow([`“${report.fileName}”${sheet.name ? `“${sheet.name}”` : ''}中未能导入的 ${rows.length} 行，请核对修改后重新报送`]);
    ws.mergeCells(1, 1, 1, header.length);
    ws.getRow(1).font = { bold: true, size: 13 };
    // The sheet's own title lines (…花名册（龙潭乡）, 填报单位：…), as they were sent.
    for (const line of sheet.titleLines) {
      const t = ws.addRow([line]);
      ws.mergeCells(t.number, 1, t.number, header.length);
      t.font = { color: { argb: 'FF595959' } };
    }
    const headerAt = ws.rowCount + 1;
    const h = ws.addRow(header);
    h.font = { bold: true };
    h.alignment = { wrapText: true, vertical: 'middle' };
    if (sheet.idCol >= 0) ws.getColumn(sheet.idCol + 1).numFmt = '@';
    for (const r of rows) {
      const values = r.values.map(asDate);
      const added = ws.addRow([...values, r.row, r.reasons]);
      for (const c of r.changed) {
        const cell = added.getCell(c.col + 1);
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
        cell.note = `原为：${c.was}`;
      }
      values.forEach((v, c) => {
        if (v instanceof Date) added.getCell(c + 1).numFmt = 'yyyy"年"m"月"d"日"';
      });
      added.getCell(header.length).alignment = { wrapText: true, vertical: 'top' };
      added.getCell(header.length).font = { color: { argb: 'FFC00000' } };
    }
    ws.columns.forEach((col, i) => {
      col.width = i === header.length - 1 ? 60 : i === sheet.idCol ? 22 : 14;
    });
    ws.views = [{ state: 'frozen', ySplit: headerAt }];
  }
  if (total === 0) throw new LedgerError('invalid_input', '没有有错误的行，无需导出错误清单');
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return { bytes, rows: total };
}

/** The report as the commit stores it with its batch: gzip'd JSON (~10 times smaller than the JSON). */
export function packHeldReport(report: HeldReport): Buffer {
  return gzipSync(Buffer.from(JSON.stringify(report), 'utf8'));
}

/** The report a batch stored; null when it stored none (no row was held, or it was imported before reports were kept). */
export function storedHeldReport(ledger: Ledger, batchId: number): HeldReport | null {
  const row = ledger.stmt('SELECT data FROM import_error_reports WHERE batch_id = ?').get(batchId) as { data: Buffer } | undefined;
  if (!row) return null;
  let report: HeldReport;
  try {
    report = JSON.parse(gunzipSync(row.data).toString('utf8')) as HeldReport;
  } catch {
    throw new LedgerError('internal', `批次 #${batchId} 保存的错误清单已损坏，无法导出`);
  }
  return report.v === 1 ? report : null;
}

/** The error report of a committed batch, from what it stored (the file is not needed). */
export async function batchErrorReport(ledger: Ledger, batchId: number): Promise<{ bytes: Buffer; rows: number; fileName: string }> {
  const batch = ledger.stmt('SELECT file_name FROM import_batches WHERE id = ?').get(batchId) as { file_name: string } | undefined;
  if (!batch) throw new LedgerError('not_found', `找不到导入批次 #${batchId}`);
  const report = storedHeldReport(ledger, batchId);
  if (!report) throw new LedgerError('invalid_input', `批次 #${batchId}（“${batch.file_name}”）没有保存未导入的行：导入时没有有错误的行，或是用较早版本的程序导入的`);
  return { ...(await renderErrorReport(report)), fileName: batch.file_name };
}

export async function writeErrorReport(session: ImportSession, outPath: string): Promise<{ path: string; rows: number }> {
  const { bytes, rows } = await buildErrorReport(session);
  const target = path.resolve(outPath);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, bytes);
  return { path: target, rows };
}
