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
import { LedgerError } from '../errors.ts';
import { sourceCells } from './analyze.ts';
import { IMPORT_FIELD_LABELS, type ImportPreviewRow } from '../../../shared/import.ts';
import type { ImportSession } from './preview.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function sheetTitle(name: string, used: Set<string>): string {
  let base = name.replace(/[\[\]:*?/\\]/g, '_').slice(0, 28) || '错误清单';
  let title = base;
  for (let i = 2; used.has(title); i++) title = `${base.slice(0, 26)}(${i})`;
  used.add(title);
  return title;
}

/** Build the report of the session's last preview; resolves to the .xlsx bytes. */
/**
 * A value the clerk typed in the preview as its cell in the report: an amount of plain digits as a
 * number and a date as a date, as the grassroots union's own cells are (text digits in an amount
 * column are what Excel flags and does not sum).
 */
function typedCell(field: string, value: string | null): string | number | Date | null {
  if (value === null) return null;
  const t = value.trim();
  if ((field === 'amount' || field === 'goodsAmount') && /^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  const date = asDate(t);
  return date instanceof Date ? date : value;
}

/** A date cell (read as 2011-09-28, or typed so): a date again. */
function asDate<T>(v: T): T | Date {
  return typeof v === 'string' && ISO_DATE.test(v) ? new Date(`${v}T00:00:00Z`) : v;
}

export async function buildErrorReport(session: ImportSession): Promise<{ bytes: Buffer; rows: number }> {
  const state = session.last;
  if (!state) throw new LedgerError('invalid_input', '请先预览导入，再导出错误清单');
  // Loaded when needed: exceljs is large and the app may never export a report.
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = '幫扶台賬';
  const used = new Set<string>();
  let total = 0;
  const errorRows: ImportPreviewRow[] = [];
  for (let i = 0; i < state.rows.length; i++) if (state.rows.statusOf(i) === 'error') errorRows.push(state.rows.row(i));
  for (const sheet of state.analysis.sheets) {
    const rows = errorRows.filter((r) => r.sheetIndex === sheet.index);
    if (rows.length === 0) continue;
    total += rows.length;
    const ws = wb.addWorksheet(sheetTitle(sheet.name ?? path.parse(session.workbook.fileName).name, used));
    const width = Math.max(sheet.headerTexts.length, ...rows.map((r) => sourceCells(session.workbook, r.sheetIndex, r.row).length));
    const header = [...Array.from({ length: width }, (_, c) => sheet.headerTexts[c] ?? ''), '原表行号', '错误原因'];
    ws.addRow([`“${session.workbook.fileName}”${sheet.name ? `“${sheet.name}”` : ''}中未能导入的 ${rows.length} 行，请核对修改后重新报送`]);
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
    const idCol = sheet.fieldsByCol.indexOf('idNumber');
    if (idCol >= 0) ws.getColumn(idCol + 1).numFmt = '@';
    const source = session.workbook.sheets[sheet.index]!;
    const verticalMerges = source.merges.filter((m) => m.r2 > m.r1);
    const edits = session.options.edits ?? [];
    for (const r of rows) {
      const cells = sourceCells(session.workbook, r.sheetIndex, r.row);
      const values: (string | number | Date | null)[] = Array.from({ length: width }, (_, c) => {
        let v = cells[c] ?? null;
        // A unit merged down over several rows: each of them shows it in their file.
        if (v === null) {
          const m = verticalMerges.find((x) => r.row > x.r1 && r.row <= x.r2 && c >= x.c1 && c <= x.c2);
          if (m) v = sourceCells(session.workbook, r.sheetIndex, m.r1)[m.c1] ?? null;
        }
        return asDate(v);
      });
      // The clerk's changes in the preview: the reasons are about them.
      const changed: { col: number; was: string }[] = [];
      const notes: string[] = [];
      for (const e of edits) {
        if (e.sheetIndex !== r.sheetIndex || e.row !== r.row) continue;
        const col = sheet.fieldsByCol.indexOf(e.field);
        if (col >= 0 && col < width) {
          const was = values[col];
          changed.push({ col, was: was instanceof Date ? was.toISOString().slice(0, 10) : String(was ?? '') });
          values[col] = typedCell(e.field, e.value);
        } else notes.push(`县总工会在预览中填写了“${IMPORT_FIELD_LABELS[e.field]}”：${e.value ?? '（空）'}`);
      }
      const reasons = r.reasons.filter((x) => x.severity === 'error').map((x) => x.message);
      if (changed.length > 0) reasons.push(`（${changed.map((c) => `${sheet.headerTexts[c.col] ?? `第 ${c.col + 1} 列`}已由县总工会在预览中修改，原为“${c.was}”`).join('；')}）`);
      reasons.push(...notes);
      const added = ws.addRow([...values, r.row, reasons.join('；\n')]);
      for (const c of changed) {
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
      col.width = i === header.length - 1 ? 60 : i === idCol ? 22 : 14;
    });
    ws.views = [{ state: 'frozen', ySplit: headerAt }];
  }
  if (total === 0) throw new LedgerError('invalid_input', '没有有错误的行，无需导出错误清单');
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return { bytes, rows: total };
}

export async function writeErrorReport(session: ImportSession, outPath: string): Promise<{ path: string; rows: number }> {
  const { bytes, rows } = await buildErrorReport(session);
  const target = path.resolve(outPath);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, bytes);
  return { path: target, rows };
}
