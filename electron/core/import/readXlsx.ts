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
import { parseRangeRef, trimRow, type MergeRange, type ParseOptions, type RawCell, type RawSheet } from './table.ts';

interface SheetTap {
  merges: MergeRange[];
  /** Last row of the sheet's <dimension ref>, for progress. */
  lastRow: number | null;
  /** The sheet's XML uses a namespace prefix (<x:worksheet>), which exceljs cannot read. */
  prefixed?: boolean;
}

const MERGE_RE = /<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*["']([^"']+)["']/g;
const DIM_RE = /<(?:\w+:)?dimension\b[^>]*?\bref\s*=\s*["'][A-Za-z]+\d+:[A-Za-z]+(\d+)["']/;

/** A row element without cells: `<row r="9" ht="20" customHeight="1"/>`. */
const EMPTY_ROW_RE = /<(?:\w+:)?row\b[^<>]*\/>/g;

/**
 * Pass the worksheet XML through, noting merged ranges and the dimension, and leaving out
 * rows without cells: a sheet formatted down to row 1,048,576 holds a million of them, which
 * the reader would parse one by one only for us to drop (rows are numbered by their `r`
 * attribute, so no other row moves).
 */
async function* tapSheet(source: AsyncIterable<string>, tap: SheetTap): AsyncGenerator<string> {
  let carry = '';
  let first = true;
  const seen = new Set<string>();
  // An element cut by the chunk's end waits for the rest.
  let held = '';
  for await (const chunk of source) {
    let out = held === '' ? chunk : held + chunk;
    const cut = out.lastIndexOf('<');
    held = cut >= 0 && out.indexOf('>', cut) < 0 && out.length - cut < 65_536 ? out.slice(cut) : '';
    if (held !== '') out = out.slice(0, cut);
    if (out !== '') yield out.includes('/>') ? out.replace(EMPTY_ROW_RE, '') : out;
    if (first) {
      first = false;
      const head = chunk.slice(0, 4096);
      const dim = DIM_RE.exec(head);
      if (dim) tap.lastRow = Number(dim[1]);
      if (/<[A-Za-z_][\w.-]*:worksheet\b/.test(head)) tap.prefixed = true;
    }
    const tail = carry;
    carry = chunk.slice(-256);
    if (!chunk.includes('mergeCell') && !(tail + chunk.slice(0, 256)).includes('mergeCell')) continue;
    for (const m of (tail + chunk).matchAll(MERGE_RE)) {
      if (seen.has(m[1]!)) continue;
      seen.add(m[1]!);
      const range = parseRangeRef(m[1]!);
      if (range && (range.r2 > range.r1 || range.c2 > range.c1)) tap.merges.push(range);
    }
  }
  if (held !== '') yield held;
}

/** A part's text, decoded as UTF-8 across chunk boundaries. */
async function* partText(bytes: Uint8Array, entry: ZipEntry): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of zipEntryChunks(bytes, entry)) {
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

interface SaxEvent {
  eventType: 'opentag' | 'text' | 'closetag';
  value: { name: string; attributes?: Record<string, string> } & string;
}

/** The parts of exceljs this reader uses (CommonJS modules without types). */
interface ExcelJsParts {
  StyleManager: new () => {
    init(): void;
    parseStream(source: AsyncIterable<string>): Promise<unknown>;
    getStyleModel(id: number): { numFmt?: string } | null;
  };
  WorkbookXform: new () => { map: { workbookPr: { model?: { date1904?: boolean } } }; parseStream(source: AsyncIterable<string>): Promise<unknown> };
  parseSax: (source: AsyncIterable<string>) => AsyncIterable<SaxEvent[]>;
  utils: { xmlDecode(text: string): string; isDateFmt(fmt: string | undefined): boolean; excelToDate(v: number, date1904: boolean | undefined): Date };
  colCache: { decodeAddress(ref: string): { col: number | undefined } };
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
    import('exceljs/lib/utils/parse-sax.js' as string),
    import('exceljs/lib/utils/utils.js' as string),
    import('exceljs/lib/utils/col-cache.js' as string),
  ]).then(([styles, book, sax, utils, cols]: { default: unknown }[]) => ({
    StyleManager: styles!.default as ExcelJsParts['StyleManager'],
    WorkbookXform: book!.default as ExcelJsParts['WorkbookXform'],
    parseSax: sax!.default as ExcelJsParts['parseSax'],
    utils: utils!.default as ExcelJsParts['utils'],
    colCache: cols!.default as ExcelJsParts['colCache'],
  }));
  return parts;
}

interface Book {
  sharedStrings: (string | null)[];
  styles: InstanceType<ExcelJsParts['StyleManager']>;
  date1904: boolean | undefined;
}

/**
 * The rows of a worksheet, each as the neutral cells of exceljs's `row.values` (1-based,
 * converted by cellOfExceljs). This is exceljs's WorksheetReader (lib/stream/xlsx/
 * worksheet-reader.js) with its value rules kept exactly, on the same SAX events, without
 * building its Row, Cell and Value objects for every cell (two thirds of its time). Kept as
 * exceljs has them, on purpose: only a cell's own style decides a date (style 0 does not),
 * else its row's; the text of <t> inside <is> is the last run's; a formula's cached result
 * is read only when truthy (a formula with result 0 reads as empty: exceljs copies only
 * truthy fields of a formula value); a cell given twice keeps the first one's style.
 */
async function readRows(x: ExcelJsParts, book: Book, source: AsyncIterable<string>, onRow: (row: number, values: RawCell[]) => void): Promise<void> {
  const { styles, sharedStrings, date1904 } = book;
  let inRows = false;
  let row: { number: number; numFmt: string | undefined; values: RawCell[]; fmts: (string | undefined)[] } | null = null;
  let c: { ref: string; s: number; t: string | undefined; f: { text: string } | null; v: { text: string } | null } | null = null;
  let current: { text: string } | null = null;
  for await (const events of x.parseSax(source)) {
    for (const { eventType, value } of events) {
      if (eventType === 'opentag') {
        switch (value.name) {
          case 'sheetData':
            inRows = true;
            break;
          case 'row':
            if (inRows) {
              const a = value.attributes!;
              let numFmt: string | undefined;
              if (a.s) numFmt = styles.getStyleModel(parseInt(a.s, 10))?.numFmt;
              row = { number: parseInt(a.r!, 10), numFmt, values: [], fmts: [] };
            }
            break;
          case 'c':
            if (row) c = { ref: value.attributes!.r!, s: parseInt(value.attributes!.s!, 10), t: value.attributes!.t, f: null, v: null };
            break;
          case 'f':
            if (c) current = c.f = { text: '' };
            break;
          case 'v':
          case 'is':
          case 't':
            if (c) current = c.v = { text: '' };
            break;
          default:
            break;
        }
      } else if (eventType === 'text') {
        if (current) current.text += value;
      } else {
        switch (value.name) {
          case 'sheetData':
            inRows = false;
            break;
          case 'row':
            if (!row) throw new Error('</row> 不在 <sheetData> 中');
            onRow(row.number, row.values);
            row = null;
            break;
          case 'c':
            if (row && c) {
              // exceljs: decodeAddress, then Row.getCell builds the address again and validates it.
              const col = x.colCache.decodeAddress(c.ref).col;
              if (col === undefined || col < 1 || col > 16384 || !(row.number >= 0) || !Number.isInteger(row.number)) throw new Error(`Invalid Address: ${c.ref}`);
              let numFmt = col in row.fmts ? row.fmts[col] : row.numFmt;
              if (c.s) {
                const style = styles.getStyleModel(c.s);
                if (style) numFmt = style.numFmt;
              }
              row.fmts[col] = numFmt;
              if (c.f) {
                const result = c.v ? (c.t === 'str' ? x.utils.xmlDecode(c.v.text) : parseFloat(c.v.text)) : undefined;
                // A formula value keeps only truthy fields, unless the formula text is empty (then the whole object is kept).
                row.values[col] = c.f.text ? (result ? cellOfExceljs(result) : null) : cellOfExceljs(result);
              } else if (c.v) {
                let v: unknown;
                switch (c.t) {
                  case 's':
                    v = sharedStrings[parseInt(c.v.text, 10)];
                    break;
                  case 'inlineStr':
                  case 'str':
                    v = x.utils.xmlDecode(c.v.text);
                    break;
                  case 'e':
                    v = c.v.text;
                    break;
                  case 'b':
                    v = parseInt(c.v.text, 10) !== 0;
                    break;
                  default:
                    v = x.utils.isDateFmt(numFmt) ? x.utils.excelToDate(parseFloat(c.v.text), date1904) : parseFloat(c.v.text);
                    break;
                }
                row.values[col] = cellOfExceljs(v);
              }
              c = null;
            }
            break;
          default:
            break;
        }
      }
    }
  }
}

/**
 * The shared-string table as exceljs's WorkbookReader reads it (text of each <si>; rich-text
 * runs joined, as cellOfExceljs joins them), kept as plain strings.
 */
async function readSharedStrings(parseSax: ExcelJsParts['parseSax'], source: AsyncIterable<string>): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  let text: string | null = null;
  let runs: (string | null)[] = [];
  for await (const events of parseSax(source)) {
    for (const { eventType, value } of events) {
      if (eventType === 'opentag') {
        if (value.name === 'si') {
          runs = [];
          text = null;
        } else if (value.name === 't') text = null;
      } else if (eventType === 'text') {
        text = text ? text + value : value;
      } else if (value.name === 'r') {
        runs.push(text);
        text = null;
      } else if (value.name === 'si') {
        // A long text is a slice of the parser's chunk and would keep the whole chunk alive: copy it.
        out.push(runs.length > 0 ? runs.map((t) => t ?? '').join('') : text === null || text.length < 13 ? text : (' ' + text).slice(1));
        runs = [];
        text = null;
      }
    }
  }
  return out;
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
    const sharedStrings = sharedPart ? await readSharedStrings(x.parseSax, partText(bytes, sharedPart)) : [];
    const book: Book = { sharedStrings, styles, date1904: workbook.map.workbookPr.model?.date1904 };
    throwIfAborted(options.signal, fileName);

    for (const meta of metas) {
      const tap: SheetTap = { merges: [], lastRow: null };
      const sheetIndex = sheets.length;
      let rows: RawSheet['rows'] = [];
      let sheetRows = 0;
      let sheetTotalAdded = false;
      options.sink?.sheetStart?.(sheetIndex, meta.name, meta.hidden);
      await readRows(x, book, tapSheet(partText(bytes, entries.get(meta.path)!), tap), (number, values) => {
        if (!sheetTotalAdded && tap.lastRow) {
          totalKnown += tap.lastRow;
          sheetTotalAdded = true;
        }
        if (values.length > 1) {
          const cells: RawCell[] = new Array(values.length - 1);
          for (let i = 1; i < values.length; i++) cells[i - 1] = values[i] ?? null;
          const trimmed = trimRow(cells);
          if (trimmed) {
            rows.push({ r: number, c: trimmed });
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
