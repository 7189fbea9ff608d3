/**
 * ".xls" files that are really HTML tables (many web systems export these):
 * each <table> becomes a sheet (also one inside a page's layout table; a
 * one-row table inside a cell stays that cell's text), each <tr> a row numbered
 * by its 1-based index in its table, rowspan/colspan become merged ranges. Tags
 * inside cells are dropped, <br> becomes a line break, entities are decoded.
 */
import { throwIfAborted } from './errors.ts';
import { rowLimit } from './limits.ts';
import { trimRow, type MergeRange, type ParseOptions, type RawCell, type RawSheet } from './table.ts';

const NAMED: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ensp: ' ', emsp: ' ', thinsp: ' ', yen: '¥', middot: '·', times: '×', divide: '÷', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', mdash: '—', ndash: '–', hellip: '…' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

function attr(attrs: string, name: string): number {
  const m = new RegExp(`\\b${name}\\s*=\\s*["']?\\s*(\\d+)`, 'i').exec(attrs);
  const n = m ? Number(m[1]) : 1;
  return Number.isFinite(n) && n >= 1 ? Math.min(n, 5000) : 1;
}

interface TableBuild {
  rows: RawSheet['rows'];
  merges: MergeRange[];
  /** Columns still occupied by a rowspan from above: col → last row it covers. */
  occupied: Map<number, number>;
  tr: number;
  cells: RawCell[] | null;
  col: number;
  cellText: string | null;
  cellSpan: { rows: number; cols: number };
  /** The row is hidden (style display:none, as Excel's "save as web page" writes a hidden row). */
  rowHidden: boolean;
  /** The cell's exact number from Excel's x:num attribute (its text is the number as displayed: 1,201 for 1200.5). */
  cellNum: number | null;
}

/** Excel's x:num="1200.5" on a cell: the value behind the displayed text. */
function excelNumber(attrs: string): number | null {
  const m = /\bx:num\s*=\s*["']?\s*(-?[\d.]+(?:[eE][-+]?\d+)?)/i.exec(attrs);
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isFinite(n) ? n : null;
}

function cleanCellText(raw: string): RawCell {
  const text = decodeEntities(raw.replace(/[ \t\r\n\f]+/g, ' ').replace(/\u0001/g, '\n'))
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .trim();
  return text === '' ? null : text;
}

export function readHtml(text: string, fileName: string, options: ParseOptions): RawSheet[] {
  // Tables in the order they open; the innermost open table gets the rows and cells.
  const tables: { order: number; build: TableBuild }[] = [];
  const open: TableBuild[] = [];
  let opened = 0;
  const token = /<!--[\s\S]*?-->|<(script|style|head)\b[\s\S]*?<\/\1\s*>|<(\/?)([a-zA-Z][\w:-]*)([^>]*)>|([^<]+)|</g;
  let m: RegExpExecArray | null;
  let count = 0;
  let cur: TableBuild | null = null;
  const countRows = rowLimit(fileName, 'html');
  const closeCell = (t: TableBuild) => {
    if (t.cells === null || t.cellText === null) return;
    const value = t.cellNum !== null ? t.cellNum : cleanCellText(t.cellText);
    const { rows: rs, cols: cs } = t.cellSpan;
    t.cells[t.col] = value;
    if (rs > 1 || cs > 1) t.merges.push({ r1: t.tr, c1: t.col, r2: t.tr + rs - 1, c2: t.col + cs - 1 });
    for (let c = t.col; c < t.col + cs; c++) {
      if (rs > 1) t.occupied.set(c, t.tr + rs - 1);
      if (c > t.col) t.cells[c] = null;
    }
    t.col += cs;
    t.cellText = null;
    t.cellNum = null;
  };
  const closeRow = (t: TableBuild) => {
    closeCell(t);
    if (t.cells === null) return;
    const trimmed = trimRow(t.cells);
    if (trimmed) {
      t.rows.push(t.rowHidden ? { r: t.tr, c: trimmed, h: true } : { r: t.tr, c: trimmed });
      countRows(1);
    }
    t.cells = null;
  };
  const openRow = (t: TableBuild, attrs = '') => {
    t.tr++;
    t.cells = [];
    t.col = 0;
    t.rowHidden = /display\s*:\s*none/i.test(attrs);
  };
  while ((m = token.exec(text)) !== null) {
    if (++count % 20000 === 0) throwIfAborted(options.signal, fileName);
    if (m[5] !== undefined || m[0] === '<') {
      if (cur && cur.cellText !== null) cur.cellText += m[5] ?? '<';
      continue;
    }
    if (m[3] === undefined) continue; // comment, script, style, head
    const closing = m[2] === '/';
    const tag = m[3].toLowerCase();
    if (tag === 'table') {
      if (!closing) {
        cur = { rows: [], merges: [], occupied: new Map(), tr: 0, cells: null, col: 0, cellText: null, cellSpan: { rows: 1, cols: 1 }, rowHidden: false, cellNum: null };
        open.push(cur);
        tables.push({ order: opened++, build: cur });
      } else if (cur) {
        closeRow(cur);
        const inner = open.pop()!;
        cur = open.at(-1) ?? null;
        // A table inside a cell: a table of its own when it has rows (a roster inside a page's layout
        // table); one line of text (formatting inside a cell) stays the outer cell's text.
        if (cur && inner.rows.length < 2) {
          tables.splice(tables.findIndex((t) => t.build === inner), 1);
          if (cur.cellText !== null) cur.cellText += `${inner.rows.map((r) => r.c.filter((v) => v !== null).join(' ')).join('\u0001')} `;
        }
      }
      continue;
    }
    if (!cur) continue;
    switch (tag) {
      case 'tr':
        closeRow(cur);
        if (!closing) openRow(cur, m[4] ?? '');
        break;
      case 'td':
      case 'th':
        closeCell(cur);
        if (closing) break;
        if (cur.cells === null) openRow(cur);
        while ((cur.occupied.get(cur.col) ?? 0) >= cur.tr) {
          cur.cells![cur.col] = null;
          cur.col++;
        }
        cur.cellText = '';
        cur.cellSpan = { rows: attr(m[4] ?? '', 'rowspan'), cols: attr(m[4] ?? '', 'colspan') };
        cur.cellNum = excelNumber(m[4] ?? '');
        break;
      case 'br':
      case 'p':
      case 'div':
      case 'li':
        if (cur.cellText !== null && (tag === 'br' || closing || cur.cellText !== '')) cur.cellText += '\u0001';
        break;
      default:
        break;
    }
  }
  for (const t of open) closeRow(t);
  const nonEmpty = tables.sort((a, b) => a.order - b.order).map((t) => t.build).filter((t) => t.rows.length > 0);
  return nonEmpty.map((t, i) => ({ name: nonEmpty.length === 1 ? null : `表格${i + 1}`, hidden: false, rows: t.rows, merges: t.merges }));
}
