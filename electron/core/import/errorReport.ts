/**
 * The error report: the held error rows of an import as an .xlsx to send back
 * to the grassroots union — per source sheet, the original header and cells
 * exactly as they were sent, plus the row number in their file and the reasons
 * in Chinese.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LedgerError } from '../errors.ts';
import { sourceCells } from './analyze.ts';
import type { ImportPreviewRow } from '../../../shared/import.ts';
import type { ImportSession } from './preview.ts';

function sheetTitle(name: string, used: Set<string>): string {
  let base = name.replace(/[\[\]:*?/\\]/g, '_').slice(0, 28) || '错误清单';
  let title = base;
  for (let i = 2; used.has(title); i++) title = `${base.slice(0, 26)}(${i})`;
  used.add(title);
  return title;
}

/** Build the report of the session's last preview; resolves to the .xlsx bytes. */
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
    const h = ws.addRow(header);
    h.font = { bold: true };
    h.alignment = { wrapText: true, vertical: 'middle' };
    const idCol = sheet.fieldsByCol.indexOf('idNumber');
    if (idCol >= 0) ws.getColumn(idCol + 1).numFmt = '@';
    for (const r of rows) {
      const cells = sourceCells(session.workbook, r.sheetIndex, r.row);
      const values: (string | number | null)[] = Array.from({ length: width }, (_, c) => cells[c] ?? null);
      const added = ws.addRow([...values, r.row, r.reasons.filter((x) => x.severity === 'error').map((x) => x.message).join('；\n')]);
      added.getCell(header.length).alignment = { wrapText: true, vertical: 'top' };
      added.getCell(header.length).font = { color: { argb: 'FFC00000' } };
    }
    ws.columns.forEach((col, i) => {
      col.width = i === header.length - 1 ? 60 : i === idCol ? 22 : 14;
    });
    ws.views = [{ state: 'frozen', ySplit: 2 }];
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
