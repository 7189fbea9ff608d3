/**
 * .xlsx / .xlsm through exceljs's streaming WorkbookReader: rows arrive one by
 * one, so a 100,000-row roster never sits in memory as exceljs objects. Shared
 * strings are resolved, rich text becomes plain text, formulas give their
 * cached results (never recalculated), date-formatted numbers become ISO dates.
 * The streaming reader ignores merged ranges; they are picked up by tapping the
 * worksheet XML as it streams past (<mergeCell ref="…"/> follows the rows).
 * Sheet names, order and visibility come from workbook.xml, read directly.
 */
import { Readable } from 'node:stream';
import { fileError, throwIfAborted } from './errors.ts';
import { rowLimit, zipSizeProblem } from './limits.ts';
import { decodeEntities } from './readHtml.ts';
import { listZip, localHeaderProblem, readZipEntry, type ZipEntry } from './zip.ts';
import { parseRangeRef, trimRow, type MergeRange, type ParseOptions, type RawCell, type RawSheet } from './table.ts';

interface SheetTap {
  merges: MergeRange[];
  /** Last row of the sheet's <dimension ref>, for progress. */
  lastRow: number | null;
  /** The sheet's XML uses a namespace prefix (<x:worksheet>), which exceljs cannot read. */
  prefixed?: boolean;
}

type Chunk = Buffer | string;

const MERGE_RE = /<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*["']([^"']+)["']/g;
const DIM_RE = /<(?:\w+:)?dimension\b[^>]*?\bref\s*=\s*["'][A-Za-z]+\d+:[A-Za-z]+(\d+)["']/;

/** A row element without cells: `<row r="9" ht="20" customHeight="1"/>`. */
const EMPTY_ROW_RE = /<(?:\w+:)?row\b[^<>]*\/>/g;

/**
 * Pass the worksheet XML through, noting merged ranges and the dimension, and leaving out
 * rows without cells: a sheet formatted down to row 1,048,576 holds a million of them, which
 * the reader would build one by one only for us to drop (exceljs numbers rows by their `r`
 * attribute, so no other row moves).
 */
async function* tapSheet(source: AsyncIterable<Chunk>, tap: SheetTap): AsyncGenerator<Chunk> {
  let carry = '';
  let first = true;
  const seen = new Set<string>();
  // An element cut by the chunk's end waits for the rest (bytes as latin1: one character per byte).
  let held = '';
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let out = held + buf.toString('latin1');
    const cut = out.lastIndexOf('<');
    held = cut >= 0 && out.indexOf('>', cut) < 0 && out.length - cut < 65_536 ? out.slice(cut) : '';
    if (held !== '') out = out.slice(0, cut);
    yield Buffer.from(out.includes('/>') ? out.replace(EMPTY_ROW_RE, '') : out, 'latin1');
    if (first) {
      first = false;
      const head = buf.subarray(0, 4096).toString('latin1');
      const dim = DIM_RE.exec(head);
      if (dim) tap.lastRow = Number(dim[1]);
      if (/<[A-Za-z_][\w.-]*:worksheet\b/.test(head)) tap.prefixed = true;
    }
    const tail = carry;
    carry = buf.subarray(Math.max(0, buf.length - 256)).toString('latin1');
    if (buf.indexOf('mergeCell') < 0 && !(tail + buf.subarray(0, 256).toString('latin1')).includes('mergeCell')) continue;
    const text = tail + buf.toString('latin1');
    for (const m of text.matchAll(MERGE_RE)) {
      if (seen.has(m[1]!)) continue;
      seen.add(m[1]!);
      const range = parseRangeRef(m[1]!);
      if (range && (range.r2 > range.r1 || range.c2 > range.c1)) tap.merges.push(range);
    }
  }
  if (held !== '') yield Buffer.from(held, 'latin1');
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

interface StreamSheetReader {
  [Symbol.asyncIterator](): AsyncGenerator<{ number: number; values: unknown }>;
}

interface TappableReader {
  _parseWorksheet: (iterator: AsyncIterable<Chunk>, sheetNo: string) => Generator<{ eventType: string; value: unknown }>;
  sharedStrings?: unknown[];
  [Symbol.asyncIterator](): AsyncGenerator<StreamSheetReader>;
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

/**
 * The archive's parts in the order the streaming reader needs them — relationships,
 * workbook, shared strings, styles, then each sheet — and then the central directory,
 * held back until the last sheet has been handed over. (unzipper's Parse announces the
 * end as soon as it reaches the end of the archive, dropping entries still buffered:
 * exceljs#3064; and it needs the central directory to end without an error.)
 */
function orderedArchive(
  bytes: Uint8Array,
  parts: ZipEntry[],
  directory: { offset: number; end: number },
  oversized: (part: string) => Error,
): { stream: Readable; release: () => void; fail: (err: Error) => void; drained: () => boolean; close: () => void } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = 64 * 1024;
  const spans = [...parts.map((p) => ({ offset: p.offset, end: p.end })), directory];
  let part = 0;
  let at = spans[0]!.offset;
  let released = false;
  let waiting = false;
  const advance = () => {
    while (part < spans.length && at >= spans[part]!.end) {
      part++;
      at = spans[part]?.offset ?? 0;
    }
  };
  const next = (): Buffer | null => {
    advance();
    if (part >= spans.length) return null;
    const end = Math.min(spans[part]!.end, at + size);
    const chunk = buf.subarray(at, end);
    at = end;
    return chunk;
  };
  const stream = new Readable({
    read() {
      advance();
      if (part === spans.length - 1 && !released) {
        waiting = true;
        return;
      }
      this.push(next());
    },
  });
  // A damaged part makes unzipper fail on its own stream while the reader waits on the part's
  // stream for ever: pass the failure on to the parts handed out, so the read ends with an error.
  const pipe = stream.pipe.bind(stream);
  const open = new Set<NodeJS.EventEmitter>();
  const fail = (err: Error) => {
    for (const entry of open) entry.emit('error', err);
    open.clear();
  };
  const declared = new Map(parts.map((p) => [p.name, p.size]));
  stream.pipe = ((dest: NodeJS.WritableStream & NodeJS.EventEmitter, options?: { end?: boolean }) => {
    dest.on('data', (entry: NodeJS.EventEmitter & { path?: string; write: (chunk: Buffer, ...rest: unknown[]) => boolean; end: (...args: unknown[]) => unknown }) => {
      // A part nobody reads (drained) must not crash the process when it fails.
      entry.on('error', () => {});
      open.add(entry);
      entry.once('end', () => open.delete(entry));
      // A part may not inflate to more than the directory says (a zip bomb that understates its size).
      const limit = declared.get(entry.path ?? '') ?? 0;
      let seen = 0;
      // exceljs decodes each chunk on its own: a character cut by a chunk's end would become U+FFFD,
      // so a chunk's incomplete last character waits for the next chunk.
      let pending: Buffer | null = null;
      const write = entry.write.bind(entry);
      const end = entry.end.bind(entry);
      entry.write = (chunk: Buffer, ...rest: unknown[]) => {
        seen += chunk.length;
        if (seen > limit) {
          fail(oversized(entry.path ?? ''));
          return false;
        }
        let data = pending ? Buffer.concat([pending, chunk]) : chunk;
        const cut = incompleteUtf8Tail(data);
        pending = cut > 0 ? data.subarray(data.length - cut) : null;
        if (cut > 0) data = data.subarray(0, data.length - cut);
        return write(data, ...rest);
      };
      entry.end = (...args: unknown[]) => {
        if (Buffer.isBuffer(args[0])) entry.write(args.shift() as Buffer);
        if (pending) write(pending);
        pending = null;
        return end(...args);
      };
    });
    dest.on('error', fail);
    return pipe(dest, options);
  }) as typeof stream.pipe;
  return {
    stream,
    release() {
      if (released) return;
      released = true;
      if (waiting) {
        waiting = false;
        stream.push(next());
      }
    },
    fail,
    drained: () => waiting && !released,
    close() {
      fail(new Error('读取已结束'));
      stream.destroy();
    },
  };
}

/** How many bytes at the end of `buf` begin a UTF-8 character that is not complete in it (0–3). */
export function incompleteUtf8Tail(buf: Uint8Array): number {
  for (let i = 1; i <= Math.min(3, buf.length); i++) {
    const b = buf[buf.length - i]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: the character starts further back
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > i ? i : 0;
  }
  return 0;
}

type ReaderClass = new (input: Readable, options: Record<string, string>) => unknown;
let readerClass: Promise<ReaderClass> | null = null;

/**
 * exceljs's streaming reader, loaded on first use. Only its module is loaded (half the time
 * of all of exceljs, which a worker pays on every parse); the package's entry is the fallback.
 */
function streamingReader(): Promise<ReaderClass> {
  readerClass ??= import('exceljs/lib/stream/xlsx/workbook-reader.js' as string)
    .then((m: { default: ReaderClass }) => m.default)
    .catch(async () => ((await import('exceljs')).default.stream.xlsx.WorkbookReader as unknown as ReaderClass));
  return readerClass;
}

export async function readXlsx(bytes: Uint8Array, fileName: string, options: ParseOptions): Promise<RawSheet[]> {
  const listing = listZip(bytes);
  if (!listing.ok) throw fileError(fileName, '文件已损坏（压缩包结构错误）。', 'xlsx');
  const entries = new Map(listing.entries.map((e) => [e.name, e]));
  const metas = sheetsOf(bytes, entries, fileName);
  const bySheetNo = new Map(metas.map((m) => [m.sheetNo, m]));
  const parts = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml']
    .map((n) => entries.get(n))
    .filter((e): e is ZipEntry => e !== undefined)
    .concat(metas.map((m) => entries.get(m.path)!));
  for (const part of parts) {
    const problem = localHeaderProblem(bytes, part);
    if (problem) throw fileError(fileName, `文件已损坏（压缩包中的“${part.name}”不完整）。请让报送单位重新发送，或在 Excel/WPS 中打开后另存为 .xlsx。`, 'xlsx', problem);
  }
  const tooBig = zipSizeProblem(parts);
  if (tooBig) throw fileError(fileName, `${tooBig}，文件已损坏或不是正常的花名册，无法导入。`, 'xlsx');
  const WorkbookReader = await streamingReader();
  const archive = orderedArchive(bytes, parts, { offset: listing.directoryOffset, end: bytes.length }, (part) =>
    fileError(fileName, `压缩包中的“${part}”解压后比文件目录记录的大（文件已损坏，或是“压缩炸弹”），无法导入。`, 'xlsx'));
  const reader = new WorkbookReader(archive.stream, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as TappableReader;
  // Without a shared-strings part the reader would park every sheet until the archive ends.
  if (!entries.has('xl/sharedStrings.xml')) reader.sharedStrings = [];
  const taps = new WeakMap<object, SheetTap & { meta: SheetMeta | undefined }>();
  const lastSheetNo = metas.at(-1)!.sheetNo;
  const original = reader._parseWorksheet;
  reader._parseWorksheet = function* (iterator, sheetNo) {
    const tap = { merges: [], lastRow: null, meta: bySheetNo.get(sheetNo) };
    if (sheetNo === lastSheetNo) archive.release();
    for (const event of original.call(this, tapSheet(iterator, tap), sheetNo)) {
      if (event.value && typeof event.value === 'object') taps.set(event.value, tap);
      yield event;
    }
  };

  const sheets: RawSheet[] = [];
  const countRows = rowLimit(fileName, 'xlsx');
  let done = 0;
  let totalKnown = 0;
  // Last resort: every byte is handed over and nothing moves any more — a damaged part the checks above missed.
  let lastDone = -1;
  let still = 0;
  const watchdog = setInterval(() => {
    if (archive.drained() && done === lastDone) {
      if (++still >= 20) archive.fail(new Error('读取停滞'));
    } else still = 0;
    lastDone = done;
  }, 500);
  watchdog.unref();
  try {
    for await (const ws of reader) {
      const tap = taps.get(ws);
      const sheetIndex = sheets.length;
      let rows: RawSheet['rows'] = [];
      let sheetRows = 0;
      let sheetTotalAdded = false;
      for await (const row of ws) {
        if (!sheetTotalAdded && tap?.lastRow) {
          totalKnown += tap.lastRow;
          sheetTotalAdded = true;
        }
        const values = row.values as unknown[];
        if (values.length > 1) {
          const cells: RawCell[] = new Array(values.length - 1);
          for (let i = 1; i < values.length; i++) cells[i - 1] = cellOfExceljs(values[i]);
          const trimmed = trimRow(cells);
          if (trimmed) {
            rows.push({ r: row.number, c: trimmed });
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
      }
      if (options.sink && rows.length > 0) {
        options.sink.rows(sheetIndex, rows);
        rows = [];
      }
      if (tap?.prefixed && sheetRows === 0) {
        throw fileError(fileName, `工作表“${tap.meta?.name ?? ''}”由不标准的程序生成（XML 带命名空间前缀），无法读取。请在 Excel/WPS 中打开后另存为 .xlsx 再导入。`, 'xlsx');
      }
      sheets.push({ name: tap?.meta?.name ?? `Sheet${sheets.length + 1}`, hidden: tap?.meta?.hidden ?? false, rows, merges: tap?.merges ?? [] });
    }
  } catch (err) {
    if (err instanceof Error && err.name === 'LedgerError') throw err;
    throw fileError(fileName, '文件已损坏，无法读取。请在 Excel/WPS 中打开后另存为 .xlsx 再导入。', 'xlsx', err);
  } finally {
    clearInterval(watchdog);
    // Nothing of this read may go on in the background (the worker reads the next file next).
    archive.close();
  }
  throwIfAborted(options.signal, fileName);
  if (sheets.length < metas.length) {
    throw fileError(fileName, `只读到 ${sheets.length} 个工作表（应有 ${metas.length} 个），文件可能已损坏。`, 'xlsx');
  }
  options.onProgress?.({ phase: 'read', done, total: done });
  return sheets;
}
