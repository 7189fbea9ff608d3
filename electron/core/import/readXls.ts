/**
 * Legacy .xls (BIFF8, and the XML Spreadsheet 2003 that some systems save as
 * .xls): exceljs cannot read these, so @e965/xlsx (a maintained republish of
 * SheetJS) does, for these formats only. Loaded on demand.
 */
import { fileError, throwIfAborted } from './errors.ts';
import { rowLimit } from './limits.ts';
import { shownRounded, shownYearMonth, trimRow, type ParseOptions, type RawCell, type RawRow, type RawSheet, type ShownNumbers } from './table.ts';

interface SheetJsCell {
  t: string;
  v?: unknown;
  w?: string;
  z?: string | number;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `input`: a BIFF file's bytes, or a SpreadsheetML 2003 file's text (decoded by the caller). */
export async function readXls(input: Uint8Array | string, fileName: string, options: ParseOptions): Promise<RawSheet[]> {
  const XLSX = await import('@e965/xlsx');
  // Code pages for BIFF5 and older files (GBK text in Excel 95 files); BIFF8 text is UTF-16.
  XLSX.set_cptable(await import('@e965/xlsx/dist/cpexcel.full'));
  throwIfAborted(options.signal, fileName);
  let wb: ReturnType<typeof XLSX.read>;
  try {
    wb = XLSX.read(input, { type: typeof input === 'string' ? 'string' : 'buffer', dense: true, cellDates: false, cellNF: true, cellFormula: false, cellHTML: false, cellText: false, cellStyles: false });
  } catch (err) {
    const msg = String((err as Error)?.message ?? err);
    if (/password|encrypt|RC4|protected/i.test(msg)) {
      throw fileError(fileName, '文件设置了打开密码（已加密）。请在 Excel/WPS 中输入密码打开，取消密码后另存，再导入。', 'xls');
    }
    throw fileError(fileName, '.xls 文件已损坏，无法读取。请在 Excel/WPS 中打开后另存为 .xlsx 再导入。', 'xls', err);
  }
  const sheets: RawSheet[] = [];
  const meta = wb.Workbook?.Sheets ?? [];
  const countRows = rowLimit(fileName, 'xls');
  const date1904 = Boolean((wb.Workbook as { WBProps?: { date1904?: boolean } } | undefined)?.WBProps?.date1904);
  let done = 0;
  const decimalsOf = new Map<string | undefined, number | null>();
  wb.SheetNames.forEach((name, index) => {
    const ws = wb.Sheets[name] as unknown as {
      '!data'?: (SheetJsCell | undefined)[][];
      '!merges'?: { s: { r: number; c: number }; e: { r: number; c: number } }[];
      '!rows'?: ({ hidden?: boolean } | undefined)[];
    };
    // Rows hidden in the sheet (SheetJS gives them for SpreadsheetML 2003; BIFF row records when it reads them).
    const rowInfo = ws['!rows'] ?? [];
    const data = ws['!data'] ?? [];
    const rows: RawSheet['rows'] = [];
    for (let r = 0; r < data.length; r++) {
      const src = data[r];
      if (!src) continue;
      const cells: RawCell[] = new Array(src.length);
      let shown: ShownNumbers | undefined;
      for (let c = 0; c < src.length; c++) {
        const value = (cells[c] = cellOfSheetJs(src[c], XLSX.SSF, date1904));
        // A number under a date format (typed, or a formula's result: a BIFF file does not tell them apart here) is read
        // as the date, its number kept beside it for an amount or a 合计 column, as the .xlsx reader does (helper 48:
        // an amount of 20,000 under m/d was held as 1954-10-03, a 合计 under yyyy-m-d read as no figure).
        const number = src[c]?.t === 'n' ? (src[c]!.v as number) : null;
        if (typeof value === 'string' && number !== null && Number.isFinite(number) && number >= 1) (shown ??= {})[c] = number;
        // A number its format shows rounded (166.6667 formatted 0.00 shows 166.67), as the .xlsx reader finds it.
        if (typeof value === 'number') {
          const z = src[c]!.z;
          const fmt = typeof z === 'number' ? (XLSX.SSF.get_table?.()[z] as string | undefined) : z;
          const display = shownRounded(value, fmt, decimalsOf);
          if (display !== undefined) (shown ??= {})[c] = display;
          else {
            // 2017.1 shown as 2017.10, as the .xlsx reader reads it.
            const padded = shownYearMonth(value, fmt, decimalsOf);
            if (padded !== undefined) cells[c] = padded;
          }
        }
      }
      const trimmed = trimRow(cells);
      if (trimmed) {
        const row: RawRow = rowInfo[r]?.hidden ? { r: r + 1, c: trimmed, h: true } : { r: r + 1, c: trimmed };
        if (shown) row.s = shown;
        rows.push(row);
        countRows(1);
      }
      if (++done % 2000 === 0) {
        throwIfAborted(options.signal, fileName);
        options.onProgress?.({ phase: 'read', done, total: null });
      }
    }
    const merges = (ws['!merges'] ?? []).map((m) => ({ r1: m.s.r + 1, c1: m.s.c, r2: m.e.r + 1, c2: m.e.c }));
    sheets.push({ name, hidden: Boolean(meta[index]?.Hidden), rows, merges });
  });
  options.onProgress?.({ phase: 'read', done, total: done });
  return sheets;
}

/** BIFF error codes as Excel shows them. */
const ERROR_TEXT: Record<number, string> = { 0x00: '#NULL!', 0x07: '#DIV/0!', 0x0f: '#VALUE!', 0x17: '#REF!', 0x1d: '#NAME?', 0x24: '#NUM!', 0x2a: '#N/A', 0x2b: '#GETTING_DATA' };

function cellOfSheetJs(
  cell: SheetJsCell | undefined,
  ssf: { is_date: (fmt: string | number) => boolean; parse_date_code: (v: number, opts?: { date1904?: boolean }) => { y: number; m: number; d: number; H: number; M: number; S: number } | null },
  date1904 = false,
): RawCell {
  if (!cell) return null;
  switch (cell.t) {
    case 'n': {
      const v = cell.v as number;
      if (!Number.isFinite(v)) return null;
      if (cell.z !== undefined && cell.z !== 'General' && ssf.is_date(cell.z)) {
        // A workbook in the 1904 date system counts its days from 1904 (its dates were 4 years and a day early).
        const d = ssf.parse_date_code(v, { date1904 });
        if (d) {
          const date = `${d.y}-${pad(d.m)}-${pad(d.d)}`;
          return d.H || d.M || d.S ? `${date} ${pad(d.H)}:${pad(d.M)}:${pad(d.S)}` : date;
        }
      }
      return v;
    }
    case 's':
    case 'str': {
      const s = String(cell.v ?? '');
      return s === '' ? null : s;
    }
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'e':
      return cell.w ?? (typeof cell.v === 'number' ? ERROR_TEXT[cell.v] : undefined) ?? '#VALUE!';
    case 'd':
      return cell.v instanceof Date ? cell.v.toISOString().slice(0, 10) : null;
    default:
      return null;
  }
}
