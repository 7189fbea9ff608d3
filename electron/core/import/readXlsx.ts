/**
 * .xlsx / .xlsm through exceljs's streaming worksheet reader: rows arrive one by
 * one, so a 100,000-row roster never sits in memory as exceljs objects. Shared
 * strings are resolved, rich text becomes plain text, formulas give their
 * cached results (never recalculated), date-formatted numbers become ISO dates.
 *
 * The archive is read here, not by exceljs's WorkbookReader: the central directory
 * says where each part is (zip.ts), each part is inflated as it is read, and its
 * UTF-8 is decoded across chunk boundaries (exceljs decodes each chunk on its own,
 * turning a Chinese character cut by a chunk boundary into U+FFFD; its archive
 * reader also dropped entries arriving after the end of input, exceljs#3064, and
 * takes half a second to load). The parts go to exceljs's own parsers: the styles
 * (date formats), the workbook properties (1904 dates), and each worksheet to its
 * WorksheetReader. The streaming reader ignores merged ranges; they are picked up
 * by tapping the worksheet XML as it streams past (<mergeCell ref="…"/> follows the
 * rows). Sheet names, order and visibility come from workbook.xml, read directly.
 */
import { fileError, throwIfAborted } from './errors.ts';
import { rowLimit, zipSizeProblem } from './limits.ts';
import { decodeEntities } from './readHtml.ts';
import { listZip, localHeaderProblem, readZipEntry, zipEntryChunks, ZipPartTooLarge, type ZipEntry } from './zip.ts';
import { XmlScanner } from './xmlScan.ts';
import { parseRangeRef, shownRounded, shownYearMonth, trimRow, type MergeRange, type ParseOptions, type RawCell, type RawRow, type RawSheet, type ShownNumbers } from './table.ts';

interface SheetTap {
  merges: MergeRange[];
  /** Last row of the sheet's <dimension ref>, for progress. */
  lastRow: number | null;
  /** The sheet's XML uses a namespace prefix (<x:worksheet>), which exceljs cannot read. */
  prefixed?: boolean;
}

/** A part's text, decoded as UTF-8 across chunk boundaries. */
async function* partText(bytes: Uint8Array, entry: ZipEntry): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of zipEntryChunks(bytes, entry, 64 * 1024)) {
    const text = decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function isoOfDate(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const mi = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  return h || mi || s ? `${date} ${pad(h)}:${pad(mi)}:${pad(s)}` : date;
}

/** An exceljs cell value → a neutral cell. */
export function cellOfExceljs(v: unknown): RawCell {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
      return v === '' ? null : v;
    case 'number':
      return Number.isFinite(v) ? v : '#VALUE!';
    case 'boolean':
      return v ? 'TRUE' : 'FALSE';
    default:
      break;
  }
  if (v instanceof Date) return isoOfDate(v);
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('') || null;
  if ('formula' in o || 'sharedFormula' in o) return 'result' in o ? cellOfExceljs(o.result) : null;
  if ('error' in o) return String(o.error);
  if ('text' in o) return cellOfExceljs(o.text);
  return null;
}

/** The parts of exceljs this reader uses (CommonJS modules without types). */
interface ExcelJsParts {
  StyleManager: new () => {
    init(): void;
    parseStream(source: AsyncIterable<string>): Promise<unknown>;
    getStyleModel(id: number): { numFmt?: string; font?: { strike?: boolean } } | null;
  };
  WorkbookXform: new () => { map: { workbookPr: { model?: { date1904?: boolean } } }; parseStream(source: AsyncIterable<string>): Promise<unknown> };
  utils: { xmlDecode(text: string): string; isDateFmt(fmt: string | undefined): boolean; excelToDate(v: number, date1904: boolean | undefined): Date };
}

interface SheetMeta {
  name: string;
  hidden: boolean;
  path: string;
  sheetNo: string;
}

function attrOf(attrs: string, name: string): string | null {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? decodeEntities(m[2] ?? m[3] ?? '') : null;
}

/** The workbook's sheets in the order the clerk sees them, from workbook.xml and its relationships. */
function sheetsOf(bytes: Uint8Array, entries: Map<string, ZipEntry>, fileName: string): SheetMeta[] {
  const wbEntry = entries.get('xl/workbook.xml');
  const relsEntry = entries.get('xl/_rels/workbook.xml.rels');
  if (!wbEntry || !relsEntry) throw fileError(fileName, '工作簿结构不完整（缺少 workbook.xml 或其关系文件），文件可能已损坏。', 'xlsx');
  const tooBig = zipSizeProblem([wbEntry, relsEntry]);
  if (tooBig) throw fileError(fileName, `${tooBig}，文件已损坏或不是正常的工作簿。`, 'xlsx');
  let wbXml: string;
  let relsXml: string;
  try {
    wbXml = readZipEntry(bytes, wbEntry).toString('utf8');
    relsXml = readZipEntry(bytes, relsEntry).toString('utf8');
  } catch (err) {
    throw fileError(fileName, '文件已损坏，无法解压工作簿结构。请让报送单位重新发送，或在 Excel/WPS 中打开后另存为 .xlsx。', 'xlsx', err);
  }
  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const id = attrOf(m[1]!, 'Id');
    const target = attrOf(m[1]!, 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
  }
  const out: SheetMeta[] = [];
  for (const m of wbXml.matchAll(/<(?:\w+:)?sheet\b([^>]*?)\/?>/g)) {
    const attrs = m[1]!;
    const rid = attrOf(attrs, 'r:id') ?? attrOf(attrs, '\\w+:id');
    const path = rid ? targets.get(rid) : undefined;
    const no = path ? /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(path)?.[1] : undefined;
    if (!path || no === undefined || !entries.has(path)) continue;
    const state = attrOf(attrs, 'state');
    out.push({ name: attrOf(attrs, 'name') ?? `Sheet${no}`, hidden: state === 'hidden' || state === 'veryHidden', path, sheetNo: no });
  }
  if (out.length === 0) throw fileError(fileName, '工作簿中没有可读取的工作表（可能只有图表页，或工作表的内部命名不标准）。请在 Excel/WPS 中另存为 .xlsx 后再导入。', 'xlsx');
  return out;
}

let parts: Promise<ExcelJsParts> | null = null;

/** exceljs's parsers, loaded on first use (only these modules: all of exceljs takes ~0.5 s to load, paid by every worker). */
function excelJsParts(): Promise<ExcelJsParts> {
  parts ??= Promise.all([
    import('exceljs/lib/xlsx/xform/style/styles-xform.js' as string),
    import('exceljs/lib/xlsx/xform/book/workbook-xform.js' as string),
    import('exceljs/lib/utils/utils.js' as string),
  ]).then(([styles, book, utils]: { default: unknown }[]) => ({
    StyleManager: styles!.default as ExcelJsParts['StyleManager'],
    WorkbookXform: book!.default as ExcelJsParts['WorkbookXform'],
    utils: utils!.default as ExcelJsParts['utils'],
  }));
  return parts;
}

interface Book {
  sharedStrings: RawCell[];
  /** Shared strings whose every run is struck through (a crossed-out name). */
  sharedStruck: ReadonlySet<number>;
  styles: InstanceType<ExcelJsParts['StyleManager']>;
  date1904: boolean | undefined;
}

/** A string of its own: a long slice of a chunk would keep the whole chunk alive. */
function own(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/**
 * The column of a cell reference as exceljs's colCache.decodeAddress reads it (capital letters
 * before the first digit; `$` skipped; anything after letters and digits ends it), then checked as
 * Row.getCell checks it: -1 when exceljs would throw `Invalid Address` or `Out of bounds`.
 */
function columnOf(s: string, start: number, end: number): number {
  let col = 0;
  let hasCol = false;
  let hasRow = false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!hasRow && c >= 65 && c <= 90) {
      hasCol = true;
      col = col * 26 + c - 64;
    } else if (c >= 48 && c <= 57) hasRow = true;
    else if (hasRow && hasCol && c !== 36) break;
  }
  return hasCol && col <= 16384 ? col : -1;
}

/** parseInt(value, 10) of attribute k, without a string for plain digits. */
function attrInt(x: XmlScanner, k: number): number {
  if (k < 0) return NaN;
  const { buf } = x;
  const a = x.valueStart[k]!;
  const b = x.valueEnd[k]!;
  if (x.plain(k) && b > a && b - a < 10) {
    let n = 0;
    for (let i = a; i < b; i++) {
      const d = buf.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return parseInt(x.attrValue(k), 10);
      n = n * 10 + d;
    }
    return n;
  }
  return parseInt(x.attrValue(k), 10);
}

const T_NUMBER = 0;
const T_SHARED = 1;
const T_STRING = 2;
const T_ERROR = 3;
const T_BOOL = 4;
/** t="d": a date written as ISO 8601 text (SheetJS with cellDates, some other programs). */
const T_DATE = 5;

/** exceljs's cell types (`t`) that read differently from a number. */
function typeOf(x: XmlScanner, k: number): number {
  if (k < 0) return T_NUMBER;
  const { buf } = x;
  const a = x.valueStart[k]!;
  const len = x.valueEnd[k]! - a;
  const t = x.plain(k) && len !== 9 && len !== 3 ? (len === 1 ? buf[a]! : '') : x.attrValue(k);
  switch (t) {
    case 's':
      return T_SHARED;
    case 'inlineStr':
    case 'str':
      return T_STRING;
    case 'e':
      return T_ERROR;
    case 'b':
      return T_BOOL;
    case 'd':
      return T_DATE;
    default:
      return T_NUMBER;
  }
}

async function scan(source: AsyncIterable<string>, scanner: XmlScanner): Promise<void> {
  for await (const chunk of source) scanner.feed(chunk);
  scanner.end();
}

/**
 * The rows of a worksheet, each as the neutral cells of exceljs's `row.values` (0-based here),
 * from xmlScan.ts's events. This is exceljs's WorksheetReader (lib/stream/xlsx/
 * worksheet-reader.js) with its value rules kept exactly, on the same events saxes would give
 * it, without building its Row, Cell and Value objects for every cell. Kept as exceljs has them,
 * on purpose: only a cell's own style decides a date (style 0 does not), else its row's; a
 * formula's cached result is read only when truthy (exceljs copies only truthy fields of a
 * formula value; but see below for 0); a cell given twice keeps the first one's
 * style; text after </v> up to </c> belongs to the value (exceljs never ends its `current` text at
 * a close tag); CDATA
 * sections are left out (exceljs listens to text events only). Not kept, because they change the
 * names and amounts a clerk sees: the runs of an inline string are joined (exceljs keeps the last:
 * 王|芳 read as 芳) and its phonetic guide (<rPh>) left out; a formula without a saved result reads
 * as its text (=D3*2), one whose result is an error as the error (#DIV/0!), where exceljs gives
 * no value, and one whose result is 0 as 0 (exceljs: empty, so an amount of =B4*0 read as 金额为空); a cell
 * or a row without `r` (optional in the standard: some programs write none) is the one after the previous,
 * as Excel reads it (exceljs: `Invalid Address`, so the file was refused as corrupt). Merged ranges, the dimension, hidden rows and a namespace prefix are noted on the way.
 */
async function readRows(
  x: ExcelJsParts, book: Book, source: AsyncIterable<string>, tap: SheetTap,
  onRow: (row: number, cells: RawCell[], hidden: boolean, shown: ShownNumbers | undefined, struck: number[] | undefined) => void,
): Promise<void> {
  const { styles, sharedStrings, sharedStruck, date1904 } = book;

  const dateFmt = new Map<string | undefined, boolean>();
  const isDate = (fmt: string | undefined): boolean => {
    let d = dateFmt.get(fmt);
    if (d === undefined) dateFmt.set(fmt, (d = x.utils.isDateFmt(fmt)));
    return d;
  };
  const seenMerges = new Set<string>();
  let first = true;
  let inRows = false;
  // exceljs's `row`: open, its number (valid as an address), its style's format, values and formats by column.
  let rowOpen = false;
  let rowNumber = NaN;
  let rowValid = false;
  // The last row's number and the row's last cell's column (1-based), for rows and cells without r.
  let lastRow = 0;
  let lastCol = 0;
  let rowFmt: string | undefined;
  let rowHidden = false;
  let values: RawCell[] = [];
  let fmts: (string | undefined)[] = [];
  // The row's numbers its cells' formats show rounded (166.67 as 167).
  let shown: ShownNumbers | undefined;
  /** The row's cells whose font is struck through (a name crossed out: no longer paid), by 0-based column. */
  let struck: number[] | undefined;
  const decimalsOf = new Map<string | undefined, number | null>();
  // exceljs's `c`: open, column (-1: invalid), its reference when invalid, style, type, formula and value texts.
  let cOpen = false;
  let col = -1;
  let ref: string | undefined;
  let cStyle = NaN;
  let cType = T_NUMBER;
  let fText: string | null = null;
  let vText: string | null = null;
  // The value's text while it is one run of plain text: its place (vBuf[vA, vB)), not yet a string;
  // a shared string's index is then read from the digits there (a string per cell was most of the garbage).
  let vBuf: string | null = null;
  /** The shared string index read from the digits, or -1. */
  let cellIndex = -1;
  let vA = 0;
  let vB = 0;
  /** vText with the pending run made a string (before any other use of vText). */
  const valueText = (): string | null => {
    if (vBuf !== null) {
      vText = vBuf.slice(vA, vB);
      vBuf = null;
    }
    return vText;
  };
  // exceljs's `current`: 1 the formula's text, 2 the value's, 0 none (or a cell already gone).
  let current = 0;
  // Inside a cell's <is> (an inline string): its runs are joined; inside its <rPh>, a phonetic guide, left out.
  let inInline = false;
  let inPhonetic = false;
  const scanner: XmlScanner = new XmlScanner({
    open(name) {
      switch (name) {
        case 'c':
          if (rowOpen) {
            cOpen = true;
            // One pass over the attributes for r, s and t.
            const { buf, n, nameStart, nameEnd } = scanner;
            let kr = -1;
            let ks = -1;
            let kt = -1;
            for (let k = 0; k < n; k++) {
              const a = nameStart[k]!;
              if (nameEnd[k] !== a + 1) continue;
              const ch = buf.charCodeAt(a);
              if (ch === 114) kr = k;
              else if (ch === 115) ks = k;
              else if (ch === 116) kt = k;
            }
            if (kr < 0) {
              // No r: the column after the row's previous cell (the attribute is optional; Excel reads it so).
              col = lastCol + 1;
              ref = undefined;
            } else {
              col = scanner.plain(kr) ? columnOf(buf, scanner.valueStart[kr]!, scanner.valueEnd[kr]!) : -1;
              if (col < 0) {
                ref = scanner.attrValue(kr);
                col = columnOf(ref, 0, ref.length);
              }
            }
            cStyle = attrInt(scanner, ks);
            cType = typeOf(scanner, kt);
            fText = vText = null;
            vBuf = null;
            current = 0;
            scanner.wantText = false;
          }
          break;
        case 'v':
        case 'is':
        case 't':
          if (cOpen && !inPhonetic) {
            // Each <t> of an inline string adds its run (exceljs keeps only the last: 王|芳 read as 芳).
            if (name !== 't' || !inInline) {
              vText = '';
              vBuf = null;
            }
            if (name === 'is') inInline = true;
            current = 2;
            scanner.wantText = true;
          }
          break;
        case 'rPh':
          if (cOpen && inInline) {
            // A phonetic guide (拼音指南) over the name: not part of it.
            inPhonetic = true;
            current = 0;
            scanner.wantText = false;
          }
          break;
        case 'f':
          if (cOpen) {
            fText = '';
            current = 1;
            scanner.wantText = true;
          }
          break;
        case 'row':
          if (inRows) {
            rowOpen = true;
            // No r: the row after the previous one (the attribute is optional; Excel reads it so).
            const kr = scanner.attr('r');
            rowNumber = kr < 0 ? lastRow + 1 : attrInt(scanner, kr);
            lastCol = 0;
            // Row.getCell builds the address from the number again and checks it (/^[A-Z]+\d+$/).
            rowValid = Number.isInteger(rowNumber) && rowNumber >= 0 && rowNumber < 1e21;
            rowFmt = undefined;
            const hidden = scanner.get('hidden');
            rowHidden = hidden === '1' || hidden === 'true';
            const s = scanner.get('s');
            if (s) rowFmt = styles.getStyleModel(parseInt(s, 10))?.numFmt;
            values = [];
            fmts = [];
            shown = undefined;
            struck = undefined;
          }
          break;
        case 'sheetData':
          inRows = true;
          break;
        default:
          if (first && /^[^:]+:worksheet$/.test(name)) tap.prefixed = true;
          if (name === 'mergeCell' || name.endsWith(':mergeCell')) {
            const range = scanner.get('ref');
            if (range !== undefined && !seenMerges.has(range)) {
              seenMerges.add(range);
              const m = parseRangeRef(range);
              if (m && (m.r2 > m.r1 || m.c2 > m.c1)) tap.merges.push(m);
            }
          } else if (tap.lastRow === null && (name === 'dimension' || name.endsWith(':dimension'))) {
            const dim = /^[A-Za-z]+\d+:[A-Za-z]+(\d+)$/.exec(scanner.get('ref') ?? '');
            if (dim) tap.lastRow = Number(dim[1]);
          }
          break;
      }
      first = false;
    },
    text(t) {
      if (current === 2) vText = valueText() + t;
      else if (current === 1) fText += t;
    },
    textAt(buf, a, b) {
      if (current === 2) {
        if (vText === '' && vBuf === null) {
          vBuf = buf;
          vA = a;
          vB = b;
        } else vText = valueText() + buf.slice(a, b);
      } else if (current === 1) fText += buf.slice(a, b);
    },
    close(name) {
      switch (name) {
        case 'c':
          if (rowOpen && cOpen) {
            if (vBuf !== null && cType === T_SHARED && fText === null && vB - vA < 10) {
              // The usual shared-string cell: its index straight from the digits (as parseInt would read them).
              let k = 0;
              let i = vA;
              for (; i < vB; i++) {
                const d = vBuf.charCodeAt(i) - 48;
                if (d < 0 || d > 9) break;
                k = k * 10 + d;
              }
              if (i === vB) {
                vBuf = null;
                vText = '';
                cellIndex = k;
              }
            }
            valueText();
            if (col < 0 || !rowValid) throw new Error(`Invalid Address: ${ref}`);
            lastCol = col;
            const i = col - 1;
            let numFmt = i in fmts ? fmts[i] : rowFmt;
            if (cStyle) {
              const style = styles.getStyleModel(cStyle);
              if (style) {
                numFmt = style.numFmt;
                if (style.font?.strike) (struck ??= []).push(i);
              }
            }
            fmts[i] = numFmt;
            if (fText !== null && vText === null) {
              // A formula the file holds no result for (written by a program, never opened in Excel): its
              // text, so that the clerk sees why the cell reads as nothing (exceljs gives no value); a
              // shared formula's later cells write no text: '='.
              values[i] = own(`=${fText}`);
            } else if (fText !== null && cType === T_ERROR && vText) {
              // A formula whose result is an error (#DIV/0!, #N/A …): the error as Excel shows it (exceljs gives no value).
              values[i] = own(vText);
            } else if (fText !== null) {
              const result = vText !== null ? (cType === T_STRING && vText.includes('&') ? x.utils.xmlDecode(vText) : cType === T_STRING ? vText : parseFloat(vText)) : undefined;
              // A formula value keeps only truthy fields, unless the formula text is empty (then the whole object is
              // kept); except a result of 0, which is what the cell shows (exceljs reads =C2*0 as empty).
              const cell = fText ? (result || result === 0 ? cellOfExceljs(result) : null) : cellOfExceljs(result);
              // A date a formula gives (=E2+1 shown 2017年1月21日) is read as the date, as a typed one is, in the
              // workbook's date system: as a bare day number it was taken later as a 1900-system date, and in a
              // 1904 workbook came out 4 years and a day early (helper 41's sweep). The number is kept beside it
              // (the row's ShownNumbers): an amount or a total computed in a cell formatted as a date (=200*100 under
              // m/d, a 合计 =SUM(…) of 19,500 under yyyy-m-d) is read as the number (helpers 44 and 46); =G2 of an
              // empty cell (0) is no date at all.
              if (typeof cell === 'number' && isDate(numFmt) && cell >= 1) {
                values[i] = isoOfDate(x.utils.excelToDate(cell, date1904));
                (shown ??= {})[i] = cell;
              } else values[i] = typeof cell === 'string' ? own(cell) : cell;
            } else if (vText !== null) {
              switch (cType) {
                case T_SHARED: {
                  const k = cellIndex >= 0 ? cellIndex : parseInt(vText, 10);
                  values[i] = sharedStrings[k] ?? null;
                  // A rich text struck through run by run (the text struck while editing it), not the cell's font.
                  if (sharedStruck.size > 0 && sharedStruck.has(k)) (struck ??= []).push(i);
                  break;
                }
                case T_STRING:
                  values[i] = vText === '' ? null : own(vText.includes('&') ? x.utils.xmlDecode(vText) : vText);
                  break;
                case T_ERROR:
                  values[i] = vText === '' ? null : own(vText);
                  break;
                case T_BOOL:
                  values[i] = parseInt(vText, 10) !== 0 ? 'TRUE' : 'FALSE';
                  break;
                case T_DATE: {
                  // Its text is the date (parseFloat would read 2017-01-20 as the day number 2017: 1905-07-09).
                  const text = vText.trim();
                  const d = /^\d{4}-\d{2}-\d{2}/.test(text) ? new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(text) || text.length === 10 ? text : `${text}Z`) : null;
                  values[i] = text === '' ? null : d && !Number.isNaN(d.getTime()) ? isoOfDate(d) : own(text);
                  break;
                }
                default: {
                  const n = parseFloat(vText);
                  values[i] = isDate(numFmt) ? isoOfDate(x.utils.excelToDate(n, date1904)) : Number.isFinite(n) ? n : '#VALUE!';
                  // A number typed into a cell formatted as a date (600 under m/d shows 8/22): kept beside the date, as a
                  // formula's result is, for an amount column (helper 48: the payee was held, 金额“1901-08-22”无法识别).
                  if (isDate(numFmt) && Number.isFinite(n) && n >= 1) (shown ??= {})[i] = n;
                  break;
                }
              }
            }
            const value = values[i];
            if (typeof value === 'number') {
              const display = shownRounded(value, numFmt, decimalsOf);
              if (display !== undefined) (shown ??= {})[i] = display;
              else {
                // 2017.1 shown as 2017.10: the text as shown (a month typed as a number reads by it).
                const padded = shownYearMonth(value, numFmt, decimalsOf);
                if (padded !== undefined) values[i] = padded;
              }
            }
            cOpen = false;
            inInline = false;
            inPhonetic = false;
            current = 0;
            cellIndex = -1;
            scanner.wantText = false;
          }
          break;
        case 'rPh':
          if (inPhonetic) {
            inPhonetic = false;
            current = 2;
            scanner.wantText = true;
          }
          break;
        case 'is':
          inInline = false;
          break;
        case 'row':
          if (!rowOpen) throw new Error('</row> 不在 <sheetData> 中');
          rowOpen = false;
          lastRow = rowNumber;
          onRow(rowNumber, values, rowHidden, shown, struck);
          break;
        case 'sheetData':
          inRows = false;
          break;
        default:
          break;
      }
    },
  });
  scanner.wantText = false;
  await scan(source, scanner);
}

/**
 * The shared-string table as exceljs's WorkbookReader reads it: all text inside an <si> since
 * its last <t> opened, rich-text runs joined (as cellOfExceljs joins them); kept as the cells
 * they become (null for empty).
 *
 * Most <si> of a roster are one plain <t> (names, ID numbers, units: 7.8 MB of them for 100,000
 * rows). Such an <si> is read here at once with indexOf (plainSharedString); every other one (rich
 * text, whitespace or anything else around the <t>, a character or markup the scanner would
 * refuse or leave out), and all the markup between them, goes through the scanner as before,
 * so what is read and what is refused stay the scanner's (~4x faster on the bench roster).
 */
/**
 * The shared strings. A rich text's runs struck through are crossed out: a string with some left is
 * the rest (孙梅 struck, then 孙玫: 孙玫); one whose every run is struck is listed in `struck`.
 */
async function readSharedStrings(source: AsyncIterable<string>): Promise<{ strings: RawCell[]; struck: Set<number> }> {
  const out: RawCell[] = [];
  const struck = new Set<number>();
  let text: string | null = null;
  let runs: (string | null)[] = [];
  let runStruck: boolean[] = [];
  let strike = false;
  // Inside <rPh>, a phonetic guide (拼音指南) over the text: left out (exceljs reads it in place of the text).
  let phonetic = false;
  const scanner = new XmlScanner({
    open(name) {
      if (name === 'si') {
        runs = [];
        runStruck = [];
        text = null;
        phonetic = false;
      } else if (name === 'rPh') phonetic = true;
      else if (name === 't' && !phonetic) text = null;
      else if (name === 'r') strike = false;
      else if (name === 'strike') {
        const val = scanner.get('val');
        strike = val === undefined || val === null || (val !== '0' && val !== 'false');
      }
    },
    text(t) {
      if (!phonetic) text = text ? text + t : t;
    },
    close(name) {
      if (name === 'rPh') phonetic = false;
      else if (name === 'r') {
        runs.push(text);
        runStruck.push(strike);
        strike = false;
        text = null;
      } else if (name === 'si') {
        let s = runs.length > 0 ? runs.map((t) => t ?? '').join('') : text;
        if (runStruck.some(Boolean)) {
          const kept = runs.filter((t, k) => !runStruck[k] && (t ?? '').trim() !== '').map((t) => t!).join('');
          if (kept !== '') s = kept;
          else if (s) struck.add(out.length);
        }
        out.push(s ? own(s) : null);
        runs = [];
        runStruck = [];
        text = null;
      }
    },
  });
  let buf = '';
  // The fast path reads an <si> only where the scanner would read it as an element of <sst>: once
  // the scanner is left in the middle of something (a comment, a CDATA section, a cut tag …), or
  // is not inside the root alone, the rest of the part is the scanner's.
  let scannerOnly = false;
  const toScanner = (text: string) => {
    scanner.feed(text);
    if (!scanner.caughtUp) scannerOnly = true;
  };
  for await (const chunk of source) {
    if (scannerOnly) {
      scanner.feed(chunk);
      continue;
    }
    buf = buf === '' ? chunk : buf + chunk;
    let pos = 0;
    while (!scannerOnly) {
      const si = buf.indexOf('<si', pos);
      if (si < 0) break;
      const end = buf.indexOf('</si>', si);
      if (end < 0) {
        // An <si> longer than this is no roster's: the scanner takes it (and the rest) in its stride, not searched again per chunk.
        if (buf.length - si > LONG_SI) scannerOnly = true;
        break;
      }
      // Blank text between the <si> of <sst> reaches nothing (the next <si> starts afresh).
      if (si > pos && (scanner.level !== 1 || !isBlank(buf, pos, si))) {
        toScanner(buf.slice(pos, si));
        pos = si;
        if (scannerOnly) break;
      }
      const value = scanner.level === 1 ? plainSharedString(buf, si, end) : undefined;
      if (value === undefined) toScanner(buf.slice(si, end + 5));
      else out.push(value);
      pos = end + 5;
    }
    if (scannerOnly) {
      if (pos < buf.length) scanner.feed(buf.slice(pos));
      buf = '';
    } else {
      // What follows the last whole <si> waits for the next chunk (at the start of the part: its first <si>).
      buf = pos === 0 ? buf : buf.slice(pos);
    }
  }
  if (buf !== '') scanner.feed(buf);
  scanner.end();
  return { strings: out, struck };
}

function isBlank(s: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return false;
  }
  return true;
}

/** Characters of an unfinished <si> after which the rest of the part goes to the scanner alone. */
const LONG_SI = 1 << 20;
const PLAIN_T = '<t>';
const PRESERVED_T = '<t xml:space="preserve">';
/** An empty <phoneticPr …/> after the text, as Chinese and Japanese Excel write it (its attributes as they write them, none twice). */
const PHONETIC_PR = /^<phoneticPr(?: fontId="[0-9]+")?(?: type="[A-Za-z]+")?(?: alignment="[A-Za-z]+")?\/>$/;

/**
 * Text the scanner would change (an entity, a CR), leave out (markup) or refuse (a character XML
 * does not allow, "]]>"): the characters of xmlScan's DISALLOWED, and < & CR.
 */
// eslint-disable-next-line no-control-regex
const NOT_PLAIN = /[<&\r\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|]]>/;

/**
 * The value of the <si> at `si` whose </si> is at `end`, when it is exactly <si><t>text</t></si>
 * (or <t xml:space="preserve">, or an empty <phoneticPr/> after </t>) and its text is as the
 * scanner would hand it on (NOT_PLAIN): that text. undefined for anything else (the scanner reads it).
 */
function plainSharedString(buf: string, si: number, end: number): RawCell | undefined {
  if (buf.charCodeAt(si + 3) !== 62 /* > */) return undefined;
  let start = si + 4;
  if (buf.startsWith(PLAIN_T, start)) start += PLAIN_T.length;
  else if (buf.startsWith(PRESERVED_T, start)) start += PRESERVED_T.length;
  else return undefined;
  const stop = buf.indexOf('</t>', start);
  if (stop < 0 || stop > end) return undefined;
  if (stop + 4 !== end && !PHONETIC_PR.test(buf.slice(stop + 4, end))) return undefined;
  if (stop === start) return null;
  const text = buf.slice(start, stop);
  return NOT_PLAIN.test(text) ? undefined : own(text);
}

export async function readXlsx(bytes: Uint8Array, fileName: string, options: ParseOptions): Promise<RawSheet[]> {
  const listing = listZip(bytes);
  if (!listing.ok) throw fileError(fileName, '文件已损坏（压缩包结构错误）。', 'xlsx');
  const entries = new Map(listing.entries.map((e) => [e.name, e]));
  const metas = sheetsOf(bytes, entries, fileName);
  const [workbookPart, sharedPart, stylesPart] = ['xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'].map((n) => entries.get(n));
  const parts = [workbookPart, sharedPart, stylesPart, ...metas.map((m) => entries.get(m.path))].filter((e): e is ZipEntry => e !== undefined);
  for (const part of parts) {
    const problem = localHeaderProblem(bytes, part);
    if (problem) throw fileError(fileName, `文件已损坏（压缩包中的“${part.name}”不完整）。请让报送单位重新发送，或在 Excel/WPS 中打开后另存为 .xlsx。`, 'xlsx', problem);
  }
  const tooBig = zipSizeProblem(parts);
  if (tooBig) throw fileError(fileName, `${tooBig}，文件已损坏或不是正常的花名册，无法导入。`, 'xlsx');
  const x = await excelJsParts();

  const sheets: RawSheet[] = [];
  const countRows = rowLimit(fileName, 'xlsx');
  let done = 0;
  let totalKnown = 0;
  try {
    // What exceljs's WorkbookReader reads before the sheets: workbook properties, styles, shared strings.
    const workbook = new x.WorkbookXform();
    await workbook.parseStream(once(readZipEntry(bytes, workbookPart!).toString('utf8')));
    const styles = new x.StyleManager();
    if (stylesPart) await styles.parseStream(once(readZipEntry(bytes, stylesPart).toString('utf8')));
    else styles.init();
    const shared = sharedPart ? await readSharedStrings(partText(bytes, sharedPart)) : { strings: [], struck: new Set<number>() };
    const book: Book = { sharedStrings: shared.strings, sharedStruck: shared.struck, styles, date1904: workbook.map.workbookPr.model?.date1904 };
    throwIfAborted(options.signal, fileName);

    for (const meta of metas) {
      const tap: SheetTap = { merges: [], lastRow: null };
      const sheetIndex = sheets.length;
      let rows: RawSheet['rows'] = [];
      let sheetRows = 0;
      let sheetTotalAdded = false;
      options.sink?.sheetStart?.(sheetIndex, meta.name, meta.hidden);
      await readRows(x, book, partText(bytes, entries.get(meta.path)!), tap, (number, values, hidden, shown, struck) => {
        if (!sheetTotalAdded && tap.lastRow) {
          totalKnown += tap.lastRow;
          sheetTotalAdded = true;
        }
        if (values.length > 0) {
          for (let i = 0; i < values.length; i++) if (values[i] === undefined) values[i] = null;
          const trimmed = trimRow(values);
          if (trimmed) {
            const row: RawRow = hidden ? { r: number, c: trimmed, h: true } : { r: number, c: trimmed };
            if (shown) row.s = shown;
            if (struck) row.x = struck;
            rows.push(row);
            sheetRows++;
            countRows(1);
          }
        }
        if (++done % 2000 === 0) {
          throwIfAborted(options.signal, fileName);
          options.onProgress?.({ phase: 'read', done, total: totalKnown || null });
          if (options.sink && rows.length > 0) {
            options.sink.rows(sheetIndex, rows);
            rows = [];
          }
        }
      });
      if (options.sink && rows.length > 0) {
        options.sink.rows(sheetIndex, rows);
        rows = [];
      }
      if (tap.prefixed && sheetRows === 0) {
        throw fileError(fileName, `工作表“${meta.name}”由不标准的程序生成（XML 带命名空间前缀），无法读取。请在 Excel/WPS 中打开后另存为 .xlsx 再导入。`, 'xlsx');
      }
      options.sink?.sheetEnd?.(sheetIndex, tap.merges);
      sheets.push({ name: meta.name, hidden: meta.hidden, rows, merges: tap.merges });
    }
  } catch (err) {
    if (err instanceof Error && err.name === 'LedgerError') throw err;
    if (err instanceof ZipPartTooLarge) throw fileError(fileName, `压缩包中的“${err.part}”解压后比文件目录记录的大（文件已损坏，或是“压缩炸弹”），无法导入。`, 'xlsx');
    throw fileError(fileName, '文件已损坏，无法读取。请在 Excel/WPS 中打开后另存为 .xlsx 再导入。', 'xlsx', err);
  }
  throwIfAborted(options.signal, fileName);
  options.onProgress?.({ phase: 'read', done, total: done });
  return sheets;
}
