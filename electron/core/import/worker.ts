/**
 * Parsing off the calling thread. This module is both the worker's entry (when
 * loaded in a worker_thread started by parseInWorker) and the small wrapper
 * the app and the CLI call. The file's bytes go to the worker; the neutral
 * table comes back by structured clone; progress arrives as messages;
 * cancelling terminates the worker at once.
 */
import { isMainThread, parentPort, Worker, workerData, type ResourceLimits } from 'node:worker_threads';
import { LedgerError, type LedgerErrorCode } from '../errors.ts';
import { cancelled } from './errors.ts';
import { parseImportBytes } from './parse.ts';
import type { MergeRange, ParsedWorkbook, RawRow, RawSheet } from './table.ts';
import type { ImportProgress } from '../../../shared/import.ts';

const TASK = 'relief-ledger:import-parse';

type FromWorker =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'rows'; sheetIndex: number; rows: RawRow[] }
  | { type: 'sheetStart'; sheetIndex: number; name: string | null; hidden: boolean }
  | { type: 'sheetEnd'; sheetIndex: number; merges: MergeRange[] }
  | { type: 'done'; workbook: ParsedWorkbook }
  | { type: 'error'; code: LedgerErrorCode; message: string; details: Record<string, unknown> | undefined };

export interface WorkerParseOptions {
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  /** The worker script; the packaged app passes its bundled copy of this module. */
  workerUrl?: URL | string;
  /** The worker's heap limits (default: 128 MB old generation; rows leave the worker as they are read). */
  resourceLimits?: ResourceLimits;
  /** @internal Told of each sheet and its rows as they arrive (.xlsx), e.g. to analyse them meanwhile. */
  listener?: SheetListener;
}

/** Sheets as they are read: a sheet begins, rows arrive in order, the sheet ends with all its rows and merged ranges. */
export interface SheetListener {
  sheetStart(sheetIndex: number, name: string | null, hidden: boolean): void;
  rowsIn(sheetIndex: number, rows: readonly RawRow[]): void;
  sheetEnd(sheetIndex: number, sheet: RawSheet): void;
}

const DEFAULT_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 };

/** Parse a roster in a worker_thread; resolves to the same neutral table as parseImportBytes. */
export function parseInWorker(bytes: Uint8Array, fileName: string, options: WorkerParseOptions = {}): Promise<ParsedWorkbook> {
  if (options.signal?.aborted) return Promise.reject(cancelled(fileName));
  return new Promise((resolve, reject) => {
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    const worker = new Worker(options.workerUrl ?? new URL(import.meta.url), {
      workerData: { task: TASK, bytes: copy, fileName },
      transferList: [copy.buffer],
      resourceLimits: options.resourceLimits ?? DEFAULT_LIMITS,
    });
    // Rows streamed out of the worker while it reads, by sheet.
    const streamed: RawRow[][] = [];
    const started: { name: string | null; hidden: boolean }[] = [];
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => finish(() => reject(cancelled(fileName)));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (msg: FromWorker) => {
      if (msg.type === 'progress') {
        if (!settled) options.onProgress?.(msg.progress);
      } else if (msg.type === 'rows') {
        const list = streamed[msg.sheetIndex] ?? (streamed[msg.sheetIndex] = []);
        for (const r of msg.rows) list.push(r);
        options.listener?.rowsIn(msg.sheetIndex, msg.rows);
      } else if (msg.type === 'sheetStart') {
        started[msg.sheetIndex] = { name: msg.name, hidden: msg.hidden };
        options.listener?.sheetStart(msg.sheetIndex, msg.name, msg.hidden);
      } else if (msg.type === 'sheetEnd') {
        const meta = started[msg.sheetIndex] ?? { name: null, hidden: false };
        options.listener?.sheetEnd(msg.sheetIndex, { ...meta, rows: streamed[msg.sheetIndex] ?? [], merges: msg.merges });
      } else if (msg.type === 'done') {
        const wb = msg.workbook;
        wb.sheets.forEach((sheet, i) => {
          if (streamed[i]) sheet.rows = streamed[i]!;
        });
        finish(() => resolve(wb));
      } else {
        finish(() => reject(new LedgerError(msg.code, msg.message, msg.details)));
      }
    });
    worker.on('error', (err) =>
      finish(() =>
        reject(
          (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new LedgerError('file_error', `无法导入“${fileName}”：文件内容太多，读取时内存不足。请把花名册拆成几个文件分别导入。`, { fileName })
            : new LedgerError('internal', `读取“${fileName}”的后台线程出错：${err.message}`),
        ),
      ),
    );
    worker.on('exit', (code) => finish(() => reject(new LedgerError('internal', `读取“${fileName}”的后台线程意外退出（${code}），可能是文件过大或已损坏`))));
  });
}

async function runInWorker(): Promise<void> {
  const { bytes, fileName } = workerData as { bytes: Uint8Array; fileName: string };
  const port = parentPort!;
  let last = 0;
  try {
    const workbook = await parseImportBytes(bytes, fileName, {
      sink: {
        rows: (sheetIndex, rows) => port.postMessage({ type: 'rows', sheetIndex, rows } satisfies FromWorker),
        sheetStart: (sheetIndex, name, hidden) => port.postMessage({ type: 'sheetStart', sheetIndex, name, hidden } satisfies FromWorker),
        sheetEnd: (sheetIndex, merges) => port.postMessage({ type: 'sheetEnd', sheetIndex, merges } satisfies FromWorker),
      },
      onProgress: (p) => {
        const now = Date.now();
        if (now - last < 100 && p.total !== p.done) return;
        last = now;
        port.postMessage({ type: 'progress', progress: p } satisfies FromWorker);
      },
    });
    port.postMessage({ type: 'done', workbook } satisfies FromWorker);
  } catch (err) {
    const e = err instanceof LedgerError ? err : new LedgerError('internal', String((err as Error)?.message ?? err));
    port.postMessage({ type: 'error', code: e.code, message: e.message, details: e.details } satisfies FromWorker);
  }
}

if (!isMainThread && (workerData as { task?: string } | null)?.task === TASK) void runInWorker();
