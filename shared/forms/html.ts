/**
 * A form layout as an HTML document for the print view: the same rows, spans
 * and figures as the .xlsx, on A4 (landscape or portrait as the form says),
 * scaled to the page width, with the repeated header rows in <thead> so that
 * the browser prints them on every page. Page numbers come from the printer
 * (Electron's printToPDF header/footer templates).
 */
import { formatWan, formatYuan } from '../domain/money.ts';
import type { FormCell, FormRow, FormSheet, FormUnit } from './layout.ts';

const ROLE_CLASS: Record<FormRow['role'], string> = {
  title: 'title', info: 'info', header: 'header', body: 'body', group: 'group', subtotal: 'subtotal', total: 'total',
  capital: 'capital', sign: 'sign', note: 'note', blank: 'blank', plainHeader: 'header', plain: 'body',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The text a cell shows: money formatted from fen, counts as integers, text as is. */
export function cellText(cell: FormCell, unit: FormUnit): string {
  if (cell.v === null) return '';
  if (unit === 'yuan') return formatYuan(cell.v as number);
  if (unit === 'wan') return formatWan(cell.v as number);
  return String(cell.v);
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:"SimSun","宋体","Songti SC","Noto Serif CJK SC","WenQuanYi Zen Hei",serif;font-size:10.5pt;color:#000}
table{border-collapse:collapse;width:100%;table-layout:fixed}
td,th{padding:1pt 3pt;vertical-align:middle;overflow:hidden;word-break:break-all}
tr.header td,tr.body td,tr.group td,tr.subtotal td,tr.total td,tr.capital td{border:0.75pt solid #000}
tr.header td,tr.group td,tr.subtotal td,tr.total td,tr.capital td{font-weight:bold}
tr.title td{font-family:"SimHei","黑体","Heiti SC","Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;font-size:18pt;font-weight:bold;text-align:center}
tr.note td{font-size:9pt}
thead{display:table-header-group}
tr{page-break-inside:avoid}
.left{text-align:left}.center{text-align:center}.right{text-align:right}
`;

/** One sheet as a complete HTML document, ready to print. */
export function formSheetHtml(sheet: FormSheet): string {
  const cols = sheet.columns;
  const total = cols.reduce((s, c) => s + c.width, 0);
  const colgroup = cols.map((c) => `<col style="width:${((c.width / total) * 100).toFixed(3)}%">`).join('');
  const repeat = sheet.print?.repeatRows;
  const covered = new Map<number, Set<number>>(); // row index → columns covered by spans from above or the left
  const head: string[] = [];
  const top: string[] = [];
  const body: string[] = [];
  let r = 0;
  for (const row of sheet.rows) {
    r++;
    const taken = covered.get(r) ?? new Set<number>();
    covered.set(r, taken);
    let html = `<tr class="${ROLE_CLASS[row.role]}"${row.height ? ` style="height:${row.height}pt"` : ''}>`;
    for (let c = 0; c < cols.length; c++) {
      if (taken.has(c)) continue;
      const cell = row.cells[c];
      if (!cell) {
        html += '<td></td>';
        continue;
      }
      const colSpan = cell.colSpan ?? 1;
      const rowSpan = cell.rowSpan ?? 1;
      for (let dr = 0; dr < rowSpan; dr++) {
        const set = covered.get(r + dr) ?? new Set<number>();
        for (let dc = 0; dc < colSpan; dc++) if (dr > 0 || dc > 0) set.add(c + dc);
        covered.set(r + dr, set);
      }
      const col = cols[c]!;
      const unit = cell.unit ?? col.unit;
      const align = cell.align ?? col.align;
      html += `<td class="${align}"${colSpan > 1 ? ` colspan="${colSpan}"` : ''}${rowSpan > 1 ? ` rowspan="${rowSpan}"` : ''}>${escapeHtml(cellText(cell, unit))}</td>`;
    }
    html += '</tr>';
    covered.delete(r);
    if (repeat && r >= repeat[0] && r <= repeat[1]) head.push(html);
    else if (repeat && r < repeat[0]) top.push(html);
    else body.push(html);
  }
  const orientation = sheet.print?.orientation ?? 'portrait';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(sheet.name)}</title>
<style>@page{size:A4 ${orientation};margin:12mm 10mm 14mm}${CSS}</style></head><body>
<table><colgroup>${colgroup}</colgroup>${top.length ? `<tbody>${top.join('')}</tbody>` : ''}</table>
<table><colgroup>${colgroup}</colgroup><thead>${head.join('')}</thead><tbody>${body.join('')}</tbody></table>
</body></html>`;
}
