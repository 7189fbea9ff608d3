/**
 * Write a form layout (shared/forms) to an .xlsx file with exceljs's streaming
 * WorkbookWriter: rows are written and committed one by one, so a roster of
 * 100,000 rows never sits in memory. The file is written under a temporary name
 * in the target folder and renamed into place only when complete: an export
 * that fails leaves no partial file and does not touch an existing one.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FormAlign, FormBook, FormCell, FormRole, FormSheet, FormUnit } from '../../../shared/forms/layout.ts';
import { LedgerError, toLedgerError } from '../errors.ts';
import { checkOutputPath } from './output.ts';

export { checkOutputPath } from './output.ts';

/** Password of protected sheets: it keeps clerks from editing by accident; it is not a secret. */
export const SHEET_PASSWORD = 'relief-ledger';

const FONT = '宋体';
const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

const NUM_FMT: Record<FormUnit, string | undefined> = {
  text: undefined,
  id: '@',
  yuan: '#,##0.00',
  wan: '0.00',
  count: '0',
};

const BORDERED: ReadonlySet<FormRole> = new Set(['header', 'body', 'group', 'subtotal', 'total', 'capital']);
const BOLD: ReadonlySet<FormRole> = new Set(['header', 'group', 'subtotal', 'total', 'capital', 'plainHeader']);

type Style = Partial<ExcelJS.Style>;

/** One shared style object per (role, unit, align): exceljs maps an object it has seen to its style id without re-hashing. */
class StyleCache {
  private readonly map = new Map<string, Style>();

  get(role: FormRole, unit: FormUnit, align: FormAlign): Style {
    const key = `${role}|${unit}|${align}`;
    let s = this.map.get(key);
    if (!s) {
      s = makeStyle(role, unit, align);
      this.map.set(key, s);
    }
    return s;
  }
}

function makeStyle(role: FormRole, unit: FormUnit, align: FormAlign): Style {
  if (role === 'plain' || role === 'plainHeader') {
    const s: Style = {};
    const fmt = NUM_FMT[unit];
    if (fmt) s.numFmt = fmt;
    if (role === 'plainHeader') s.font = { name: FONT, size: 11, bold: true };
    return s;
  }
  const size = role === 'title' ? 18 : role === 'note' ? 9 : 11;
  const s: Style = {
    font: { name: role === 'title' ? '黑体' : FONT, size, bold: role === 'title' || BOLD.has(role) },
    alignment: {
      horizontal: align,
      vertical: 'middle',
      wrapText: role !== 'title' && role !== 'info' && role !== 'sign',
      ...(align !== 'center' && BORDERED.has(role) ? { indent: 1 } : {}),
    },
  };
  const fmt = NUM_FMT[unit];
  if (fmt) s.numFmt = fmt;
  if (BORDERED.has(role)) s.border = BORDER;
  return s;
}

function excelValue(cell: FormCell, unit: FormUnit): ExcelJS.CellValue {
  const v = cell.v;
  let value: string | number | null;
  if (v === null) value = null;
  else if (unit === 'yuan') value = (v as number) / 100;
  else if (unit === 'wan') value = (v as number) / 1_000_000;
  else if (unit === 'text' || unit === 'id') value = String(v);
  else value = v;
  if (cell.formula !== undefined) return { formula: cell.formula, result: value ?? 0 } as ExcelJS.CellFormulaValue;
  return value;
}

export interface WriteResult {
  file: string;
  bytes: number;
  sheets: string[];
}

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

async function writeSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, sheet: FormSheet, styles: StyleCache): Promise<void> {
  const print = sheet.print;
  const pageSetup: Partial<ExcelJS.PageSetup> = print
    ? {
        paperSize: 9, // A4
        orientation: print.orientation,
        fitToPage: print.fitToWidth,
        fitToWidth: 1,
        fitToHeight: 0, // as many pages tall as needed
        horizontalCentered: true,
        margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
        ...(print.repeatRows ? { printTitlesRow: `${print.repeatRows[0]}:${print.repeatRows[1]}` } : {}),
      }
    : {};
  const footer = print?.pageNumbers ? '&C第 &P 页 共 &N 页' : undefined;
  const headerFooter: Partial<ExcelJS.HeaderFooter> = print
    ? {
        differentFirst: print.pageHeader !== undefined,
        ...(print.pageHeader !== undefined ? { oddHeader: `&C${print.pageHeader}`, firstHeader: '' } : {}),
        ...(footer ? { oddFooter: footer, firstFooter: footer } : {}),
      }
    : {};
  const ws = wb.addWorksheet(sheet.name, {
    state: sheet.state ?? 'visible',
    pageSetup,
    headerFooter,
    views: sheet.freezeRows ? [{ state: 'frozen', ySplit: sheet.freezeRows, xSplit: 0, topLeftCell: `A${sheet.freezeRows + 1}` }] : [],
  } as Partial<ExcelJS.AddWorksheetOptions>);
  ws.columns = sheet.columns.map((c) => ({ key: c.key, width: c.width })) as ExcelJS.Column[];
  const columns = sheet.columns;
  const n = columns.length;
  let r = 0;
  for (const row of sheet.rows) {
    r++;
    const xr = ws.getRow(r);
    if (row.height !== undefined) xr.height = row.height;
    const bordered = BORDERED.has(row.role);
    for (let c = 0; c < n; c++) {
      const spec = row.cells[c];
      const col = columns[c]!;
      if (!spec) {
        // Covered by a span or empty: bordered rows still draw the grid.
        if (bordered) xr.getCell(c + 1).style = styles.get(row.role, col.unit, col.align);
        continue;
      }
      const unit = spec.unit ?? col.unit;
      if ((spec.colSpan ?? 1) > 1 || (spec.rowSpan ?? 1) > 1) {
        ws.mergeCells(r, c + 1, r + (spec.rowSpan ?? 1) - 1, c + (spec.colSpan ?? 1));
      }
      const cell = xr.getCell(c + 1);
      cell.value = excelValue(spec, unit);
      cell.style = styles.get(row.role, unit, spec.align ?? col.align);
    }
    xr.commit();
    if (r % 1000 === 0) await yieldToIo(); // let the zip stream drain
  }
  if (r !== sheet.rowCount) throw new LedgerError('internal', `表“${sheet.name}”应有 ${sheet.rowCount} 行，实际写出 ${r} 行`);
  if (sheet.protect) {
    await ws.protect(SHEET_PASSWORD, { spinCount: 1000, selectLockedCells: true, selectUnlockedCells: true });
  }
  ws.commit();
}

/** Write the book to `out` (replacing an existing file only once the new one is complete). */
export async function writeFormBook(book: FormBook, out: string): Promise<WriteResult> {
  const file = checkOutputPath(out);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.partial`);
  try {
    // Inline strings: a shared-string table would hold every distinct name and ID of a big roster in memory.
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: true, useSharedStrings: false });
    wb.creator = '幫扶台賬 Relief Ledger';
    const styles = new StyleCache();
    for (const sheet of book.sheets) await writeSheet(wb, sheet, styles);
    await wb.commit();
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw fileError(err, file);
  }
  return { file, bytes: fs.statSync(file).size, sheets: book.sheets.map((s) => s.name) };
}

function fileError(err: unknown, file: string): LedgerError {
  if (err instanceof LedgerError) return err;
  const code = (err as { code?: unknown })?.code;
  if (code === 'EBUSY' || (code === 'EPERM' && process.platform === 'win32')) {
    return new LedgerError('file_error', `无法写入 ${file}：文件可能正被 Excel 或 WPS 打开，请关闭后重试。`);
  }
  if (code === 'ENOENT') return new LedgerError('file_error', `无法写入 ${file}：文件夹不存在。`);
  return toLedgerError(err, `导出 ${path.basename(file)} 失败`);
}
