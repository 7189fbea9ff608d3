/**
 * Parsing off the calling thread. This module is both the worker's entry (when
 * loaded in a worker_thread started by parseInWorker) and the small wrapper
 * the app and the CLI call. The file's bytes go to the worker; the neutral
 * table comes back by structured clone, except an .xlsx sheet's rows: they come
 * as v8-serialised batches (transferred buffers) and stay packed (table.ts
 * setPackedRows); progress arrives as messages; cancelling terminates the
 * worker at once.
 *
 * Memory: a watchdog measures the worker's heap while it runs and stops it once
 * it passes the file's budget (limits.ts heapBudgetMb: 128 MB for a streamed .xlsx,
 * about 40 times the size of a file read whole — .xls and XML 2003 through SheetJS,
 * HTML, CSV — up to 640 MB; bigger such files are refused before reading). The
 * worker's own `resourceLimits` (1 GB) is only the backstop: V8 aborts the whole
 * process, not only the worker, when one large allocation lands on that limit.
 *
 * A worker that finished a parse (a table or a file error) is kept for the next
 * one for a while (loading the readers costs more than most parses); one that
 * was cancelled, ran out of memory or crashed is not, nor one that read a file
 * of more than 2 MB (its memory is better given back before the commit).
 */
import v8 from 'node:v8';
import { isMainThread, parentPort, Worker, workerData, type ResourceLimits } from 'node:worker_threads';
import { LedgerError, type LedgerErrorCode } from '../errors.ts';
import { cancelled } from './errors.ts';
import { heapBudgetMb, isZip, refuseOversized, WORKER_LIMITS } from './limits.ts';
import { newStopFlag, terminateOutsideNative, useStopFlag } from './nativeSection.ts';
import { parseImportBytes } from './parse.ts';
import { setPackedRows, type MergeRange, type PackedBatch, type ParsedWorkbook, type RawRow, type RawSheet } from './table.ts';
import type { ImportProgress } from '../../../shared/import.ts';

const TASK = 'relief-ledger:import-parse';

type FromWorker =
  | { type: 'progress'; job: number; progress: ImportProgress }
  | { type: 'rows'; job: number; sheetIndex: number; bytes: Uint8Array }
  | { type: 'sheetStart'; job: number; sheetIndex: number; name: string | null; hidden: boolean }
  | { type: 'sheetEnd'; job: number; sheetIndex: number; merges: MergeRange[] }
  | { type: 'done'; job: number; workbook: ParsedWorkbook }
  | { type: 'error'; job: number; code: LedgerErrorCode; message: string; details: Record<string, unknown> | undefined };

interface ToWorker {
  type: 'parse';
  job: number;
  bytes: Uint8Array;
  fileName: string;
}

export interface WorkerParseOptions {
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  /** The worker script; the packaged app passes its bundled copy of this module. */
  workerUrl?: URL | string;
  /** The worker's heap limits (default: WORKER_LIMITS, the backstop; given limits are also watched at 80%). */
  resourceLimits?: ResourceLimits;
  /** The heap the parse may use before the watchdog stops it (default: limits.ts heapBudgetMb, by the file's kind and size). */
  heapBudgetMb?: number;
  /** @internal Told of each sheet and its rows as they arrive (.xlsx), e.g. to analyse them meanwhile. */
  listener?: SheetListener;
  /**
   * The bytes' own buffer moves to the worker (transferred; the caller's view is empty
   * afterwards) when it is a whole ArrayBuffer, instead of a copy: the file is not held twice,
   * here and in the worker, while it is read. For callers that are done with the bytes.
   */
  handOver?: boolean;
}

/** Sheets as they are read: a sheet begins, rows arrive in order, the sheet ends with all its rows and merged ranges. */
export interface SheetListener {
  sheetStart(sheetIndex: number, name: string | null, hidden: boolean): void;
  rowsIn(sheetIndex: number, rows: readonly RawRow[]): void;
  sheetEnd(sheetIndex: number, sheet: RawSheet): void;
}

const MB = 1024 * 1024;
/** The watchdog terminates a worker whose heap passes this share of its limit. */
const SOFT_LIMIT = 0.8;
const WATCH_MS = 25;
/** Idle workers kept, and for how long. */
const MAX_IDLE = 2;
const IDLE_MS = 30_000;
const KEEP_HEAP_BYTES = 96 * MB;
/**
 * A worker that read a file bigger than this is ended rather than kept: its thread holds some
 * 60 MB (heap, code, the inflater's buffers) while the rows it read are previewed and committed
 * (a 100,000-row roster: peak 510 → 445 MB), and starting one again costs little beside such a parse.
 */
const KEEP_FILE_BYTES = 2 * MB;

function outOfMemory(fileName: string): LedgerError {
  return new LedgerError('file_error', `无法导入“${fileName}”：文件内容太多，读取时内存不足。请把花名册拆成几个文件分别导入。`, { fileName });
}

interface Slot {
  worker: Worker;
  key: string;
  idleTimer: NodeJS.Timeout | null;
  /** Shared with the worker: it is ended only outside its native sections (nativeSection.ts). */
  stopFlag: Int32Array;
}

/** End a worker, never inside one of its native sections. */
function end(slot: Slot): Promise<void> {
  if (slot.idleTimer) clearTimeout(slot.idleTimer);
  slot.idleTimer = null;
  return terminateOutsideNative(slot.worker, slot.stopFlag);
}

const idle: Slot[] = [];
/** The workers parsing now. */
const busy = new Set<Slot>();
let jobs = 0;

/**
 * End every parser worker of this thread, kept or parsing, each outside its native sections
 * (the import host, before it is ended: ending a thread ends its workers wherever they are).
 * A parse under way fails (its worker exits).
 */
export async function endParsers(): Promise<void> {
  const all = [...idle.splice(0), ...busy];
  busy.clear();
  await Promise.all(all.map(end));
}

/** Workers are kept and reused per script and limits. */
function slotKey(url: URL | string, limits: ResourceLimits): string {
  return `${String(url)}|${JSON.stringify(limits)}`;
}

function takeWorker(url: URL | string, limits: ResourceLimits): Slot {
  const key = slotKey(url, limits);
  const i = idle.findIndex((s) => s.key === key);
  if (i >= 0) {
    const [slot] = idle.splice(i, 1);
    if (slot!.idleTimer) clearTimeout(slot!.idleTimer);
    slot!.idleTimer = null;
    slot!.worker.ref();
    return slot!;
  }
  const stopFlag = newStopFlag();
  const worker = new Worker(url, { workerData: { task: TASK, stopFlag }, resourceLimits: limits });
  const slot: Slot = { worker, key, idleTimer: null, stopFlag };
  worker.on('exit', () => {
    const at = idle.indexOf(slot);
    if (at >= 0) idle.splice(at, 1);
  });
  // An idle worker's failure has nobody to report to.
  worker.on('error', () => {});
  return slot;
}

/** Keep a worker for the next parse, unless enough are kept; one that read a big file, or is left holding a big heap, is ended. */
function keep(slot: Slot, fileBytes: number): void {
  slot.worker.unref();
  // Out of the idle list first: a worker being ended is never handed to the next parse.
  const drop = () => {
    const at = idle.indexOf(slot);
    if (at >= 0) idle.splice(at, 1);
    void end(slot);
  };
  if (idle.length >= MAX_IDLE || fileBytes > KEEP_FILE_BYTES) return drop();
  slot.idleTimer = setTimeout(drop, IDLE_MS);
  slot.idleTimer.unref();
  idle.push(slot);
  slot.worker.getHeapStatistics().then((s) => {
    if (idle.includes(slot) && s.total_heap_size > KEEP_HEAP_BYTES) drop();
  }, () => {});
}

/**
 * Start a parser worker ahead of the next parse (the import screen is open, the clerk is picking
 * a file): that parse takes it, its modules already loaded. One is kept at most, for IDLE_MS.
 */
export function prepareParser(options: { workerUrl?: URL | string; resourceLimits?: ResourceLimits } = {}): void {
  const url = options.workerUrl ?? new URL(import.meta.url);
  const limits = options.resourceLimits ?? WORKER_LIMITS;
  const key = slotKey(url, limits);
  if (idle.some((s) => s.key === key)) return;
  keep(takeWorker(url, limits), 0);
}

/** Per column of a sheet: its texts seen so far, or null once it has too many different ones to be worth sharing. */
type Interned = (Map<string, string> | null | undefined)[];
/** Different texts a column may have and still be shared (units, categories, dates, gender …; not names, IDs, phones). */
const INTERN_DISTINCT = 1024;

/**
 * Make equal texts of a column one string. Texts decoded from a batch are each their own copy,
 * even a 男 or a unit's name repeated on every row; shared, the analysis made from the rows holds
 * them once (categories, kinds, goods …). A column that turns out to have more than
 * INTERN_DISTINCT different texts is left alone.
 */
function internCells(columns: Interned, rows: readonly RawRow[]): void {
  for (const row of rows) {
    const cells = row.c;
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i];
      if (typeof v !== 'string') continue;
      let seen = columns[i];
      if (seen === null) continue;
      if (seen === undefined) seen = columns[i] = new Map();
      const same = seen.get(v);
      if (same !== undefined) cells[i] = same;
      else if (seen.size < INTERN_DISTINCT) seen.set(v, v);
      else columns[i] = null;
    }
  }
}

/** Parse a roster in a worker_thread; resolves to the same neutral table as parseImportBytes. */
export function parseInWorker(bytes: Uint8Array, fileName: string, options: WorkerParseOptions = {}): Promise<ParsedWorkbook> {
  if (options.signal?.aborted) return Promise.reject(cancelled(fileName));
  try {
    refuseOversized(bytes.byteLength, fileName, isZip(bytes));
  } catch (err) {
    return Promise.reject(err);
  }
  return new Promise((resolve, reject) => {
    const size = bytes.byteLength;
    const given = bytes.buffer;
    let sent: Uint8Array<ArrayBuffer>;
    if (options.handOver && given instanceof ArrayBuffer && bytes.byteOffset === 0 && size === given.byteLength) {
      sent = new Uint8Array(given);
    } else {
      sent = new Uint8Array(size);
      sent.set(bytes);
    }
    const limits = options.resourceLimits ?? WORKER_LIMITS;
    const slot = takeWorker(options.workerUrl ?? new URL(import.meta.url), limits);
    busy.add(slot);
    const { worker } = slot;
    const job = ++jobs;
    const budgetBytes = Math.min(
      (options.heapBudgetMb ?? heapBudgetMb(bytes)) * MB,
      (limits.maxOldGenerationSizeMb ?? Number.POSITIVE_INFINITY) * MB * SOFT_LIMIT,
    );
    // Rows streamed out of the worker while it reads, by sheet: kept as the packed batches they came in.
    const streamed: PackedBatch[][] = [];
    const ordered: boolean[] = [];
    const lastRow: number[] = [];
    const interned: Interned[] = [];
    const started: { name: string | null; hidden: boolean }[] = [];
    let settled = false;
    const finish = (fn: () => void, reusable: boolean) => {
      if (settled) return;
      settled = true;
      busy.delete(slot);
      clearInterval(watchdog);
      options.signal?.removeEventListener('abort', onAbort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      fn();
      if (reusable) keep(slot, size);
      else void end(slot);
    };
    const onAbort = () => finish(() => reject(cancelled(fileName)), false);
    const onMessage = (msg: FromWorker) => {
      if (msg.job !== job) return;
      if (msg.type === 'progress') {
        if (!settled) options.onProgress?.(msg.progress);
      } else if (msg.type === 'rows') {
        const i = msg.sheetIndex;
        const rows = v8.deserialize(msg.bytes) as RawRow[];
        if (rows.length === 0) return;
        const list = streamed[i] ?? (streamed[i] = []);
        // Row numbers that do not increase (never from the .xlsx reader) make the sheet read whole when a row is looked up.
        let last = lastRow[i] ?? -Infinity;
        let inOrder = ordered[i] ?? true;
        for (const r of rows) {
          if (r.r <= last) inOrder = false;
          last = r.r;
        }
        lastRow[i] = last;
        ordered[i] = inOrder;
        list.push({ first: rows[0]!.r, last, bytes: msg.bytes });
        internCells(interned[i] ?? (interned[i] = []), rows);
        options.listener?.rowsIn(i, rows);
      } else if (msg.type === 'sheetStart') {
        started[msg.sheetIndex] = { name: msg.name, hidden: msg.hidden };
        options.listener?.sheetStart(msg.sheetIndex, msg.name, msg.hidden);
      } else if (msg.type === 'sheetEnd') {
        const meta = started[msg.sheetIndex] ?? { name: null, hidden: false };
        if (options.listener) {
          const sheet: RawSheet = { ...meta, rows: [], merges: msg.merges };
          if (streamed[msg.sheetIndex]) setPackedRows(sheet, streamed[msg.sheetIndex]!, ordered[msg.sheetIndex]!);
          options.listener.sheetEnd(msg.sheetIndex, sheet);
        }
      } else if (msg.type === 'done') {
        const wb = msg.workbook;
        wb.sheets.forEach((sheet, i) => {
          if (streamed[i]) setPackedRows(sheet, streamed[i]!, ordered[i]!);
        });
        finish(() => resolve(wb), true);
      } else {
        finish(() => reject(new LedgerError(msg.code, msg.message, msg.details)), true);
      }
    };
    const onError = (err: Error) =>
      finish(() => reject((err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? outOfMemory(fileName) : new LedgerError('internal', `读取“${fileName}”的后台线程出错：${err.message}`)), false);
    const onExit = (code: number) => finish(() => reject(new LedgerError('internal', `读取“${fileName}”的后台线程意外退出（${code}），可能是文件过大或已损坏`)), false);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    // The watchdog: the heap is measured from here while the worker runs (an interrupt, even in the middle of a long computation).
    const watchdog = setInterval(() => {
      worker.getHeapStatistics().then((s) => {
        if (!settled && s.used_heap_size > budgetBytes) finish(() => reject(outOfMemory(fileName)), false);
      }, () => {});
    }, WATCH_MS);
    watchdog.unref();
    worker.postMessage({ type: 'parse', job, bytes: sent, fileName } satisfies ToWorker, [sent.buffer]);
  });
}

async function runJob(port: NonNullable<typeof parentPort>, { job, bytes, fileName }: ToWorker): Promise<void> {
  let last = 0;
  try {
    const workbook = await parseImportBytes(bytes, fileName, {
      sink: {
        // One serialised batch, handed over (transferred) rather than cloned again as objects.
        rows: (sheetIndex, rows) => {
          const bytes = new Uint8Array(v8.serialize(rows));
          port.postMessage({ type: 'rows', job, sheetIndex, bytes } satisfies FromWorker, [bytes.buffer]);
        },
        sheetStart: (sheetIndex, name, hidden) => port.postMessage({ type: 'sheetStart', job, sheetIndex, name, hidden } satisfies FromWorker),
        sheetEnd: (sheetIndex, merges) => port.postMessage({ type: 'sheetEnd', job, sheetIndex, merges } satisfies FromWorker),
      },
      onProgress: (p) => {
        const now = Date.now();
        if (now - last < 100 && p.total !== p.done) return;
        last = now;
        port.postMessage({ type: 'progress', job, progress: p } satisfies FromWorker);
      },
    });
    port.postMessage({ type: 'done', job, workbook } satisfies FromWorker);
  } catch (err) {
    const e = err instanceof LedgerError ? err : new LedgerError('internal', String((err as Error)?.message ?? err));
    port.postMessage({ type: 'error', job, code: e.code, message: e.message, details: e.details } satisfies FromWorker);
  }
}

if (!isMainThread && (workerData as { task?: string } | null)?.task === TASK) {
  const port = parentPort!;
  useStopFlag((workerData as { stopFlag: Int32Array }).stopFlag);
  // One parse at a time: the caller sends the next only after this one has answered.
  port.on('message', (msg: ToWorker) => {
    if (msg?.type === 'parse') void runJob(port, msg);
  });
}
