/**
 * The app's roster imports run in one worker thread of their own, the import host: it keeps
 * the open import sessions (the parsed workbook and its analysis), previews them against the
 * ledger through its own connection to the ledger file, and commits them there. The calling
 * thread (Electron's main process, the test bridge) keeps only a small handle.
 *
 * Why a thread: the analysis of a big roster is hundreds of thousands of small objects that
 * live as long as the session. Made on the main process's heap, they grew V8's young
 * generation to its largest (2 × 64 MB on a machine with much memory), kept for the life of
 * the app; here the thread's `resourceLimits` keep it at 16 MB (a 100,000-row roster: peak RSS
 * ~420 → ~300 MB, the same time). While a big import is previewed or committed, the main
 * process goes on answering the grid's reads.
 *
 * Both connections are to the same WAL file: the main process's caches key on data_version
 * (Ledger.changeStamp), so they see the commit; a write of the main process while the host
 * commits waits for it (busy timeout), as any second writer does.
 *
 * This module is both the host's entry (loaded in a worker_thread started by ImportHost) and
 * the ImportHost class the handlers call. Sessions die with the thread: a crash rejects every
 * pending call with a clear message, and the next call starts a new thread. An idle host with
 * no session left ends after IDLE_MS, and its connection with it.
 */
import { isMainThread, parentPort, Worker, workerData, type ResourceLimits } from 'node:worker_threads';
import type { ImportCommitResult, ImportOptions, ImportPreview, ImportPreviewRow, ImportProgress, RowStatus } from '../../../shared/import.ts';
import { LedgerError, type LedgerErrorCode } from '../errors.ts';
import { prepareVariants } from '../queries/chineseVariants.ts';
import { Ledger } from '../ledger.ts';
import { backupAhead, commitImport, dropBackupAhead, rememberMapping } from './commit.ts';
import { batchErrorReport, buildErrorReport } from './errorReport.ts';
import { openImportBytes, previewImport, previewPage, type ImportSession } from './preview.ts';
import { endParsers, prepareParser } from './worker.ts';

const TASK = 'relief-ledger:import-host';

/** Sessions kept: a clerk may compare a few files, not more (memory). */
const MAX_SESSIONS = 3;
/** A host with no session and no call ends after this long (its heap and connection are given back). */
const IDLE_MS = 30_000;
/** How long the thread waits, without a call, before it takes the newest preview's 导入前 backup. */
const BACKUP_AHEAD_IDLE_MS = 1000;
/** How long dispose waits for the thread to tidy up (backups taken ahead, parser workers) before ending it anyway. */
const PARSERS_END_WAIT_MS = 100;
/**
 * The host's heap: a young generation of 16 MB (V8 would otherwise grow it to 128 MB while a
 * roster's analysis builds up, and keep it), and an old generation big enough for the largest
 * roster the parser accepts (limits.ts) with its analysis.
 */
export const IMPORT_HOST_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 3072 };

export interface PageQuery {
  offset?: number;
  limit?: number;
  status?: RowStatus | null;
  sheetIndex?: number | null;
}

/** The calls the host answers; every one names the ledger file and the clerk it works for. */
type HostCall =
  | { op: 'open'; bytes: Uint8Array; fileName: string; taskId: string; programId: number | null; parseWorkerUrl: string | null }
  | { op: 'preview'; sessionId: string; options: ImportOptions }
  | { op: 'page'; sessionId: string; query: PageQuery }
  | { op: 'commit'; sessionId: string; force: boolean; clerk: string | null }
  | { op: 'rememberMapping'; sessionId: string; sheetIndex: number }
  | { op: 'errorReport'; sessionId: string }
  | { op: 'batchErrorReport'; batchId: number }
  | { op: 'close'; sessionId: string };

type ToHost =
  | { type: 'call'; id: number; ledgerPath: string; actor: string | null; call: HostCall }
  | { type: 'cancel'; taskId: string }
  | { type: 'prepare'; parseWorkerUrl: string | null }
  | { type: 'ending' };

type FromHost =
  | { type: 'answer'; id: number; ok: true; value: unknown; sessions: number }
  | { type: 'answer'; id: number; ok: false; error: { code: LedgerErrorCode; message: string; details?: Record<string, unknown> }; sessions: number }
  | { type: 'progress'; taskId: string; progress: ImportProgress }
  | { type: 'readyToEnd' };

/**
 * The preview without its rows: the page asks for the rows it shows (import.page). Copied key
 * by key: `preview.rows` is a getter that builds every row on first read (100,000 objects for a
 * big roster), so it is never read here (a destructuring `{ rows, ...rest }` would read it).
 */
export function withoutRows(p: ImportPreview): ImportPreview {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(p)) if (key !== 'rows') out[key] = (p as unknown as Record<string, unknown>)[key];
  out.rows = [];
  return out as unknown as ImportPreview;
}

function gone(): LedgerError {
  return new LedgerError('not_found', '导入会话已结束，请重新选择文件');
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  taskId: string | null;
  onProgress: ((p: ImportProgress) => void) | undefined;
}

export interface ImportHostOptions {
  /** The host's script (the packaged app's bundled copy); default: this module. */
  hostUrl?: URL | string;
  /** The parser's worker script handed to the host (the packaged app's bundled copy). */
  parseWorkerUrl?: string;
  resourceLimits?: ResourceLimits;
  idleMs?: number;
}

/** The calling thread's handle on the import host: one thread, started when first needed. */
export class ImportHost {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private sessions = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly options: ImportHostOptions;

  constructor(options: ImportHostOptions = {}) {
    this.options = options;
  }

  /**
   * Get ready for an import (the import screen opened): start the thread, which loads its
   * modules and starts a parser worker, while the clerk picks a file. A thread left without a
   * call ends after IDLE_MS like any idle one.
   */
  prepare(): void {
    const worker = this.start();
    worker.postMessage({ type: 'prepare', parseWorkerUrl: this.options.parseWorkerUrl ?? null } satisfies ToHost);
    if (this.pending.size === 0) this.settle(worker);
  }

  /**
   * Read a roster (bytes from the page) and preview it against the ledger: the preview without rows.
   * The host reads a copy of the bytes, unless `handOver`: then the caller's buffer itself moves to
   * the host thread (when it is a whole ArrayBuffer) and is empty afterwards. The import.open handler
   * hands over the buffer it decoded the page's file into: a copy would hold the file twice, and
   * the caller's until its thread next collects garbage.
   */
  open(ledger: Ledger, req: { bytes: Uint8Array; fileName: string; taskId: string; programId: number | null }, onProgress?: (p: ImportProgress) => void, options: { handOver?: boolean } = {}): Promise<ImportPreview> {
    const given = req.bytes.buffer;
    const whole = given instanceof ArrayBuffer && req.bytes.byteOffset === 0 && req.bytes.byteLength === given.byteLength;
    let bytes: Uint8Array<ArrayBuffer>;
    if (options.handOver && whole) {
      bytes = new Uint8Array(given);
    } else {
      bytes = new Uint8Array(req.bytes.byteLength);
      bytes.set(req.bytes);
    }
    return this.call(ledger, { op: 'open', bytes, fileName: req.fileName, taskId: req.taskId, programId: req.programId, parseWorkerUrl: this.options.parseWorkerUrl ?? null }, onProgress, [bytes.buffer]) as Promise<ImportPreview>;
  }

  preview(ledger: Ledger, sessionId: string, options: ImportOptions): Promise<ImportPreview> {
    return this.call(ledger, { op: 'preview', sessionId, options }) as Promise<ImportPreview>;
  }

  /** A page of the session's last preview (no ledger needed). */
  page(sessionId: string, query: PageQuery): Promise<{ total: number; rows: ImportPreviewRow[] }> {
    return this.call(null, { op: 'page', sessionId, query }) as Promise<{ total: number; rows: ImportPreviewRow[] }>;
  }

  commit(ledger: Ledger, sessionId: string, options: { force?: boolean; clerk?: string | null } = {}): Promise<ImportCommitResult> {
    return this.call(ledger, { op: 'commit', sessionId, force: options.force === true, clerk: options.clerk ?? null }) as Promise<ImportCommitResult>;
  }

  async rememberMapping(ledger: Ledger, sessionId: string, sheetIndex: number): Promise<void> {
    await this.call(ledger, { op: 'rememberMapping', sessionId, sheetIndex });
  }

  /** The held rows as an .xlsx (no ledger needed). */
  async errorReport(sessionId: string): Promise<{ bytes: Uint8Array; rows: number; fileName: string }> {
    return this.call(null, { op: 'errorReport', sessionId }) as Promise<{ bytes: Uint8Array; rows: number; fileName: string }>;
  }

  /** The error report a committed batch stored (import history; after the commit, when the session has ended). */
  async batchErrorReport(ledger: Ledger, batchId: number): Promise<{ bytes: Uint8Array; rows: number; fileName: string }> {
    return this.call(ledger, { op: 'batchErrorReport', batchId }) as Promise<{ bytes: Uint8Array; rows: number; fileName: string }>;
  }

  async close(sessionId: string): Promise<void> {
    // No thread, no sessions: nothing to close (and no thread to start for it).
    if (!this.worker) return;
    await this.call(null, { op: 'close', sessionId });
  }

  /** Cancel a running open; true when one with this task id was running. */
  cancel(taskId: string): boolean {
    const running = [...this.pending.values()].some((p) => p.taskId === taskId);
    if (running) this.worker?.postMessage({ type: 'cancel', taskId } satisfies ToHost);
    return running;
  }

  /** Whether the thread is running (it ends on dispose, on a crash, or when idle without sessions). */
  get running(): boolean {
    return this.worker !== null;
  }

  /**
   * End the thread now (its sessions end with it). When the thread answers within
   * PARSERS_END_WAIT_MS it first removes the 导入前 backups it took ahead for its sessions and ends
   * its parser workers, each outside its native sections (nativeSection.ts: ending the thread
   * would end them anywhere); a thread busy in a commit or a backup is ended at once.
   */
  async dispose(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.failAll(gone());
    if (!w) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('exit', done);
        resolve();
      };
      const onMessage = (msg: FromHost) => {
        if (msg.type === 'readyToEnd') done();
      };
      const timer = setTimeout(done, PARSERS_END_WAIT_MS);
      w.on('message', onMessage);
      w.once('exit', done);
      try {
        w.postMessage({ type: 'ending' } satisfies ToHost);
      } catch {
        done();
      }
    });
    await w.terminate();
  }

  /** `ledger`: the file and clerk the call works for (null for the calls that read only the session). */
  private call(ledger: Ledger | null, call: HostCall, onProgress?: (p: ImportProgress) => void, transfer: ArrayBuffer[] = []): Promise<unknown> {
    const worker = this.start();
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    worker.ref();
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, taskId: call.op === 'open' ? call.taskId : null, onProgress });
      worker.postMessage({ type: 'call', id, ledgerPath: ledger?.path ?? '', actor: ledger?.actor ?? null, call } satisfies ToHost, transfer);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.hostUrl ?? new URL(import.meta.url), {
      workerData: { task: TASK },
      resourceLimits: this.options.resourceLimits ?? IMPORT_HOST_LIMITS,
    });
    this.worker = worker;
    worker.on('message', (msg: FromHost) => {
      if (msg.type === 'progress') {
        for (const p of this.pending.values()) if (p.taskId === msg.taskId) p.onProgress?.(msg.progress);
        return;
      }
      if (msg.type === 'readyToEnd') return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      this.sessions = msg.sessions;
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new LedgerError(msg.error.code, msg.error.message, msg.error.details));
      this.settle(worker);
    });
    const died = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.sessions = 0;
      this.failAll(new LedgerError('internal', `导入的后台线程意外结束（${why}），未导入的内容没有写入台账。请重新选择文件。`));
    };
    worker.on('error', (err) => died((err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? '内存不足' : err.message));
    worker.on('exit', (code) => died(`退出码 ${code}`));
    return worker;
  }

  /** After an answer: with nothing running the thread does not keep the process alive, and with no session it ends after a while. */
  private settle(worker: Worker): void {
    if (this.pending.size > 0) return;
    worker.unref();
    if (this.sessions > 0) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.worker === worker && this.pending.size === 0 && this.sessions === 0) void this.dispose();
    }, this.options.idleMs ?? IDLE_MS);
    this.idleTimer.unref();
  }

  private failAll(err: LedgerError): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(err);
  }
}

// ——— the host thread ———

function runHost(port: NonNullable<typeof parentPort>): void {
  const sessions = new Map<string, ImportSession>();
  const running = new Map<string, AbortController>();

  /**
   * Run `fn` on a connection of this thread's own to the caller's ledger file, opened for the
   * call and closed after it (a commit's connection stays open a moment after its answer, for the
   * checkpoint): the caller closes, replaces or switches its ledger only after ImportHost.dispose,
   * which ends the thread and with it any connection.
   */
  const withLedger = <T>(file: string, actor: string | null, fn: (ledger: Ledger) => T): T => {
    const ledger = Ledger.open(file, { create: false, actor });
    try {
      return fn(ledger);
    } finally {
      // Not Ledger.close(): the caller's connection stays open and checkpoints the file itself.
      ledger.db.close();
    }
  };
  const sessionOf = (id: string): ImportSession => {
    const s = sessions.get(id);
    if (!s) throw gone();
    return s;
  };

  /**
   * The newest preview's 导入前 backup is taken ahead of its commit (commit.ts backupAhead), once
   * this thread has had no call for BACKUP_AHEAD_IDLE_MS: the clerk is reading the preview. It
   * blocks the thread while it runs (a ledger of a million payments: ~3 s), so not while the
   * preview's first pages and re-previews are asked for; a commit that comes first takes its own.
   */
  let ahead: { session: ImportSession; ledgerPath: string } | null = null;
  let aheadTimer: NodeJS.Timeout | null = null;
  let inFlight = 0;
  const cancelAhead = () => {
    if (aheadTimer) clearTimeout(aheadTimer);
    aheadTimer = null;
  };
  const scheduleAhead = () => {
    cancelAhead();
    if (inFlight > 0 || !ahead || sessions.get(ahead.session.id) !== ahead.session || ahead.session.backupAhead) return;
    aheadTimer = setTimeout(() => {
      aheadTimer = null;
      const next = ahead;
      ahead = null;
      if (!next || inFlight > 0 || sessions.get(next.session.id) !== next.session) return;
      try {
        backupAhead(next.ledgerPath, next.session);
      } catch {
        // The commit takes its own backup then, and reports what stops it.
      }
    }, BACKUP_AHEAD_IDLE_MS);
    aheadTimer.unref();
  };

  /** A call's answer; `after`: work done once the answer has been posted (it holds the ledger open until then). */
  const handle = async (msg: Extract<ToHost, { type: 'call' }>): Promise<{ value: unknown; transfer?: ArrayBuffer[]; after?: () => void }> => {
    const { call } = msg;
    switch (call.op) {
      case 'open': {
        const controller = new AbortController();
        running.set(call.taskId, controller);
        try {
          // The bytes came over to this thread for this parse: they go on to the parser worker as they are (not copied).
          const session = await openImportBytes(call.bytes, call.fileName, {
            handOver: true,
            signal: controller.signal,
            ...(call.parseWorkerUrl ? { workerUrl: call.parseWorkerUrl } : {}),
            onProgress: (progress) => port.postMessage({ type: 'progress', taskId: call.taskId, progress } satisfies FromHost),
          });
          sessions.set(session.id, session);
          while (sessions.size > MAX_SESSIONS) {
            const oldest = sessions.keys().next().value!;
            dropBackupAhead(sessions.get(oldest)!);
            sessions.delete(oldest);
          }
          const value = withLedger(msg.ledgerPath, msg.actor, (ledger) => withoutRows(previewImport(ledger, session, { programId: call.programId })));
          // Its 导入前 backup is taken once the clerk is looking at the preview (below).
          ahead = { session, ledgerPath: msg.ledgerPath };
          return { value };
        } finally {
          running.delete(call.taskId);
        }
      }
      case 'preview':
        return { value: withLedger(msg.ledgerPath, msg.actor, (ledger) => withoutRows(previewImport(ledger, sessionOf(call.sessionId), call.options))) };
      case 'page':
        return { value: previewPage(sessionOf(call.sessionId), call.query) };
      case 'commit': {
        const session = sessionOf(call.sessionId);
        // The WAL the commit wrote (~70 MB for 100,000 rows) is copied into the file after the
        // answer has gone, not in the commit's own COMMIT (SQLite's automatic checkpoint: ~0.15 s
        // the clerk waited for), and the planner statistics are refreshed just before that. Nothing waits on it: the WAL is already durable, and a checkpoint
        // cut short (the thread ended) is finished by the next one, the app's own included.
        const ledger = Ledger.open(msg.ledgerPath, { create: false, actor: msg.actor });
        try {
          ledger.db.pragma('wal_autocheckpoint = 0');
          // The planner statistics the commit leaves stale are refreshed after the answer too (ANALYZE: ~0.1 s).
          ledger.statisticsAfterCommit = true;
          const result = commitImport(ledger, session, { ...(call.force ? { force: true } : {}), clerk: call.clerk });
          sessions.delete(call.sessionId);
          return {
            value: result,
            after: () => {
              try {
                ledger.refreshPendingStatistics();
                ledger.db.pragma('wal_checkpoint(PASSIVE)');
              } finally {
                ledger.db.close();
              }
            },
          };
        } catch (err) {
          ledger.db.close();
          throw err;
        }
      }
      case 'rememberMapping':
        withLedger(msg.ledgerPath, msg.actor, (ledger) => rememberMapping(ledger, sessionOf(call.sessionId), call.sheetIndex));
        return { value: { ok: true } };
      case 'errorReport': {
        const session = sessionOf(call.sessionId);
        const { bytes, rows } = await buildErrorReport(session);
        const out = new Uint8Array(bytes);
        return { value: { bytes: out, rows, fileName: session.workbook.fileName }, transfer: [out.buffer] };
      }
      case 'batchErrorReport': {
        // Read on this thread's own connection, built here (exceljs): the main process goes on answering the grid.
        const ledger = Ledger.open(msg.ledgerPath, { create: false, actor: msg.actor });
        try {
          const { bytes, rows, fileName } = await batchErrorReport(ledger, call.batchId);
          const out = new Uint8Array(bytes);
          return { value: { bytes: out, rows, fileName }, transfer: [out.buffer] };
        } finally {
          ledger.db.close();
        }
      }
      case 'close': {
        const session = sessions.get(call.sessionId);
        if (session) dropBackupAhead(session);
        sessions.delete(call.sessionId);
        return { value: { ok: true } };
      }
    }
  };

  port.on('message', (msg: ToHost) => {
    if (msg.type === 'cancel') {
      running.get(msg.taskId)?.abort();
      return;
    }
    if (msg.type === 'ending') {
      // The thread is about to be ended: no backup ahead starts now, those taken for sessions go, and the parsers end safely.
      cancelAhead();
      ahead = null;
      for (const session of sessions.values()) {
        try {
          dropBackupAhead(session);
        } catch {
          // A file that cannot be removed stays; the rotation of 导入前 backups will take it.
        }
      }
      void endParsers().finally(() => port.postMessage({ type: 'readyToEnd' } satisfies FromHost));
      return;
    }
    if (msg.type === 'prepare') {
      prepareParser(msg.parseWorkerUrl ? { workerUrl: msg.parseWorkerUrl } : {});
      // The parser worker is starting; meanwhile the commit's unit matching table is built here.
      prepareVariants();
      return;
    }
    cancelAhead();
    inFlight++;
    handle(msg).then(
      ({ value, transfer, after }) => {
        try {
          port.postMessage({ type: 'answer', id: msg.id, ok: true, value, sessions: sessions.size } satisfies FromHost, transfer ?? []);
        } finally {
          try {
            after?.();
          } catch {
            // Upkeep only (a checkpoint): the answer stands, and the next checkpoint does the work.
          }
          inFlight--;
          scheduleAhead();
        }
      },
      (err: unknown) => {
        const e = err instanceof LedgerError ? err : new LedgerError('internal', String((err as Error)?.message ?? err));
        const error = { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) };
        port.postMessage({ type: 'answer', id: msg.id, ok: false, error, sessions: sessions.size } satisfies FromHost);
        inFlight--;
        scheduleAhead();
      },
    );
  });
}

if (!isMainThread && (workerData as { task?: string } | null)?.task === TASK) runHost(parentPort!);
