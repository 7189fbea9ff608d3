/**
 * Reading exported workbooks back in tests: open with exceljs, cell values as
 * plain JS, merges, and a small evaluator of the formulas the forms write
 * (SUM of ranges and lists, cell references, + and -) so that every formula's
 * cached result can be checked against what a spreadsheet would compute.
 */
import ExcelJS from 'exceljs';

export async function openXlsx(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

export function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}; sheets: ${wb.worksheets.map((w) => w.name).join(', ')}`);
  return ws;
}

/**
 * The value a reader sees: a formula cell gives its cached result. exceljs's
 * reader drops a cached result of exactly 0 (the file holds <v>0</v>), so a
 * formula without a result reads as 0.
 */
export function valueOf(ws: ExcelJS.Worksheet, ref: string): unknown {
  const v = ws.getCell(ref).value;
  if (v && typeof v === 'object' && 'formula' in v) return (v as ExcelJS.CellFormulaValue).result ?? 0;
  return v;
}

export function formulaOf(ws: ExcelJS.Worksheet, ref: string): string | null {
  const v = ws.getCell(ref).value;
  return v && typeof v === 'object' && 'formula' in v ? (v as ExcelJS.CellFormulaValue).formula : null;
}

/** Values of a row from column 1 to n (formula cells as their cached results). */
export function rowValues(ws: ExcelJS.Worksheet, r: number, n: number): unknown[] {
  const out: unknown[] = [];
  for (let c = 1; c <= n; c++) out.push(valueOf(ws, ws.getRow(r).getCell(c).address));
  return out;
}

/** Merged ranges of the sheet, e.g. ['A1:I1', 'A2:E2']. */
export function merges(ws: ExcelJS.Worksheet): string[] {
  return [...((ws.model as unknown as { merges?: string[] }).merges ?? [])].sort();
}

function num(ws: ExcelJS.Worksheet, ref: string): number {
  const v = valueOf(ws, ref);
  if (v === null || v === undefined) return 0;
  if (typeof v !== 'number') throw new Error(`${ws.name}!${ref} is not a number: ${JSON.stringify(v)}`);
  return v;
}

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function rangeSum(ws: ExcelJS.Worksheet, from: string, to: string): number {
  const a = /^([A-Z]+)(\d+)$/.exec(from)!;
  const b = /^([A-Z]+)(\d+)$/.exec(to)!;
  let s = 0;
  for (let r = Number(a[2]); r <= Number(b[2]); r++) {
    for (let c = colNumber(a[1]!); c <= colNumber(b[1]!); c++) s += num(ws, ws.getRow(r).getCell(c).address);
  }
  return s;
}

/** Evaluate SUM(A1:A9), SUM(A1,A5,…), A1+B1-C1 and their sums from the sheet's cached values. */
export function evaluate(ws: ExcelJS.Worksheet, formula: string): number {
  let total = 0;
  const terms = formula.replace(/\s+/g, '').match(/[+-]?(SUM\([^)]*\)|[A-Z]+\d+|\d+(\.\d+)?)/g);
  if (!terms || terms.join('') !== formula.replace(/\s+/g, '')) throw new Error(`formula not understood: ${formula}`);
  for (const term of terms) {
    const sign = term.startsWith('-') ? -1 : 1;
    const body = term.replace(/^[+-]/, '');
    let v: number;
    if (body.startsWith('SUM(')) {
      v = 0;
      for (const arg of body.slice(4, -1).split(',')) {
        const [from, to] = arg.split(':');
        v += to === undefined ? num(ws, from!) : rangeSum(ws, from!, to);
      }
    } else if (/^[A-Z]+\d+$/.test(body)) {
      v = num(ws, body);
    } else {
      v = Number(body);
    }
    total += sign * v;
  }
  return total;
}

/** Every formula cell of the sheet: its formula evaluated equals its cached result (to 1e-9). */
export function checkFormulas(ws: ExcelJS.Worksheet): { ref: string; formula: string; result: number; computed: number }[] {
  const out: { ref: string; formula: string; result: number; computed: number }[] = [];
  ws.eachRow((row) => {
    row.eachCell((cell) => {
      const v = cell.value;
      if (v && typeof v === 'object' && 'formula' in v) {
        const f = v as ExcelJS.CellFormulaValue;
        out.push({ ref: cell.address, formula: f.formula, result: (f.result as number | undefined) ?? 0, computed: evaluate(ws, f.formula) });
      }
    });
  });
  return out;
}
