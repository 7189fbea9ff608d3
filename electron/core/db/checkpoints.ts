/**
 * WAL checkpoints taken by a thread of their own, not by the commits of the app's connection.
 *
 * SQLite copies the write-ahead log back into the ledger file (a checkpoint) inside the commit
 * that fills it past 1,000 pages: one keyed edit in ~120 on a million-row ledger paid ~0.1–1 s
 * for it, scattered writes and an fsync of the whole file, and the clerk's cell waited (the grid
 * benchmark's edit p99 was that one edit). With background checkpoints the app's connection
 * never checkpoints (wal_autocheckpoint = 0); this thread, with its own connection, checkpoints
 * PASSIVE (it waits for no reader or writer, and none waits for it) once the writes settle
 * (IDLE_MS after the last one) and after every WRITES_BETWEEN writes however busy; one that a
 * reader kept from copying every page (a backup's or an export's snapshot) is tried again
 * IDLE_MS later. The WAL is durable on its own (synchronous = FULL): a checkpoint only moves
 * pages, so one cut short or never taken loses nothing.
 *
 * If the thread cannot start, fails, or its checkpoints fail MAX_FAILURES times in a row, the
 * connection checkpoints as SQLite does by default again. Stopping (Ledger.close) is
 * synchronous: a thread that has opened its connection closes it before the caller goes on to
 * close, replace or restore the file; one that has not is stopped before it opens one.
 *
 * This module is both the thread's entry (loaded in a worker_thread) and the class the Ledger
 * uses; the packaged app passes its bundled copy (checkpointWorker.js).
 */
import Database from 'better-sqlite3';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const TASK = 'relief-ledger:checkpoints';

/**
 * Checkpoint once no write has come for this long: a pause in the clerk's typing (a checkpoint's
 * fsync of the file while a save fsyncs the WAL slows that save a little; a clerk saves a cell
 * every second or two while typing).
 */
export const IDLE_MS = 3000;
/** …or after this many writes since the last checkpoint, however busy the clerk is (a keyed save: ~8 pages of WAL). */
export const WRITES_BETWEEN = 100;
/** How long stop() waits for the thread to close its connection before ending it anyway. */
const STOP_WAIT_MS = 5000;
/** SQLite's own automatic checkpoint, put back when the thread is gone. */
const SQLITE_AUTOCHECKPOINT = 1000;
/** Checkpoints failing in a row before SQLite's own are back. */
const MAX_FAILURES = 3;
/** The thread's connection, in the shared state: not opened yet, open, closed (or never to be), cancelled before it opened. */
const STARTING = 0;
const OPEN = 1;
const CLOSED = 2;
const CANCELLED = 3;

type ToThread = { type: 'checkpoint'; id: number } | { type: 'stop' };
type FromThread = { type: 'ready' } | { type: 'done'; id: number; busy: number; log: number; checkpointed: number } | { type: 'failed'; id: number; message: string };

/** What one checkpoint did: `log` frames in the WAL, `checkpointed` of them copied into the file (busy: another checkpoint ran). */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export interface BackgroundCheckpointOptions {
  /** The thread's script (the packaged app's checkpointWorker.js); default: this module. */
  workerUrl?: string | URL;
  /** Default IDLE_MS; tests pass their own. */
  idleMs?: number;
  /** Default WRITES_BETWEEN. */
  writesBetween?: number;
  /** Told once when the thread fails and SQLite's own checkpoints are back (for a log line). */
  onFallback?: (message: string) => void;
}

/**
 * The checkpoint thread of one ledger connection. `setAutocheckpoint` sets the connection's
 * wal_autocheckpoint (0 while the thread takes the checkpoints).
 */
export class BackgroundCheckpoints {
  private readonly worker: Worker;
  /** The thread's connection: STARTING, OPEN, CLOSED or CANCELLED (shared with the thread; stop() waits on it). */
  private readonly connection: Int32Array;
  private failures = 0;
  private readonly idleMs: number;
  private readonly writesBetween: number;
  private timer: NodeJS.Timeout | null = null;
  private pendingWrites = 0;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (r: CheckpointResult) => void; reject: (e: Error) => void }>();
  private state: 'running' | 'failed' | 'stopped' = 'running';
  private readonly setAutocheckpoint: (pages: number) => void;
  /** Checkpoints the thread has completed. */
  taken = 0;

  constructor(ledgerPath: string, setAutocheckpoint: (pages: number) => void, options: BackgroundCheckpointOptions = {}) {
    this.setAutocheckpoint = setAutocheckpoint;
    this.idleMs = options.idleMs ?? IDLE_MS;
    this.writesBetween = options.writesBetween ?? WRITES_BETWEEN;
    this.connection = new Int32Array(new SharedArrayBuffer(4));
    this.worker = new Worker(options.workerUrl ?? new URL(import.meta.url), { workerData: { task: TASK, ledgerPath, connection: this.connection } });
    // The thread never keeps the app (or a test run) alive.
    this.worker.unref();
    const fail = (message: string) => {
      if (this.state !== 'running') return;
      this.state = 'failed';
      this.cancelTimer();
      // SQLite's own checkpoints again: the WAL must not grow without end.
      this.setAutocheckpoint(SQLITE_AUTOCHECKPOINT);
      for (const w of this.waiting.values()) w.reject(new Error(message));
      this.waiting.clear();
      options.onFallback?.(message);
      void this.worker.terminate();
    };
    this.worker.on('message', (msg: FromThread) => {
      if (msg.type === 'ready') return;
      const w = this.waiting.get(msg.id);
      this.waiting.delete(msg.id);
      if (msg.type === 'done') {
        this.taken++;
        this.failures = 0;
        // A reader's snapshot kept some pages in the WAL: again once writes have settled.
        if (msg.checkpointed < msg.log && this.state === 'running' && this.timer === null) this.schedule();
        w?.resolve({ busy: msg.busy, log: msg.log, checkpointed: msg.checkpointed });
      } else {
        w?.reject(new Error(msg.message));
        if (++this.failures >= MAX_FAILURES) fail(`检查点连续 ${this.failures} 次失败：${msg.message}`);
      }
    });
    this.worker.on('error', (err) => fail(`检查点线程出错：${err.message}`));
    this.worker.on('exit', (code) => fail(`检查点线程意外退出（${code}）`));
    this.setAutocheckpoint(0);
  }

  /** Whether the thread is taking the checkpoints (false once it failed or was stopped). */
  get running(): boolean {
    return this.state === 'running';
  }

  /** A write command has committed: checkpoint once writes settle, or now after many. */
  wrote(): void {
    if (this.state !== 'running') return;
    this.pendingWrites++;
    if (this.pendingWrites >= this.writesBetween) {
      void this.checkpoint().catch(() => {});
      return;
    }
    this.schedule();
  }

  /** Checkpoint IDLE_MS from now (unless another write comes first). */
  private schedule(): void {
    this.cancelTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.checkpoint().catch(() => {});
    }, this.idleMs);
    this.timer.unref();
  }

  /** Checkpoint now (PASSIVE), in the thread; resolves when it is done. */
  checkpoint(): Promise<CheckpointResult> {
    if (this.state !== 'running') return Promise.reject(new Error('检查点线程已停止'));
    this.cancelTimer();
    this.pendingWrites = 0;
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'checkpoint', id } satisfies ToThread);
    });
  }

  /**
   * End the thread. A thread that has not opened its connection yet (still starting, or never to: a
   * script that failed to load) is told not to; one that has is asked to close it, and stop() waits
   * (synchronously, up to STOP_WAIT_MS: a checkpoint under way finishes first) until it has. SQLite's
   * own checkpoints are back on the connection. Returns whether the thread's connection is closed
   * (false only when the wait ran out: the file is then still open in the thread a while longer).
   */
  stop(): boolean {
    if (this.state === 'stopped') return true;
    this.state = 'stopped';
    this.cancelTimer();
    for (const w of this.waiting.values()) w.reject(new Error('检查点线程已停止'));
    this.waiting.clear();
    let closed = true;
    if (Atomics.compareExchange(this.connection, 0, STARTING, CANCELLED) !== STARTING) {
      this.worker.postMessage({ type: 'stop' } satisfies ToThread);
      Atomics.wait(this.connection, 0, OPEN, STOP_WAIT_MS);
      closed = Atomics.load(this.connection, 0) !== OPEN;
    }
    this.setAutocheckpoint(SQLITE_AUTOCHECKPOINT);
    void this.worker.terminate();
    return closed;
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** The thread: one connection to the ledger file, a PASSIVE checkpoint per request. */
function runThread(): void {
  const port = parentPort!;
  const { ledgerPath, connection } = workerData as { ledgerPath: string; connection: Int32Array };
  let db: Database.Database | null = null;
  const close = () => {
    try {
      db?.close();
    } finally {
      db = null;
      Atomics.store(connection, 0, CLOSED);
      Atomics.notify(connection, 0);
    }
  };
  // Stopped before it began (the ledger closed at once): no connection is opened at all.
  if (Atomics.compareExchange(connection, 0, STARTING, OPEN) !== STARTING) {
    port.close();
    return;
  }
  try {
    db = new Database(ledgerPath, { fileMustExist: true, timeout: 1000 });
  } catch (err) {
    close();
    throw err;
  }
  port.on('message', (msg: ToThread) => {
    if (msg.type === 'stop') {
      close();
      port.close();
      return;
    }
    if (!db) return;
    try {
      const [r] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
      port.postMessage({ type: 'done', id: msg.id, busy: r!.busy, log: r!.log, checkpointed: r!.checkpointed } satisfies FromThread);
    } catch (err) {
      port.postMessage({ type: 'failed', id: msg.id, message: (err as Error).message } satisfies FromThread);
    }
  });
  port.postMessage({ type: 'ready' } satisfies FromThread);
}

if (!isMainThread && (workerData as { task?: string } | null)?.task === TASK) runThread();
