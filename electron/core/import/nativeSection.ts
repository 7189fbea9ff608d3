/**
 * Stopping a parser worker safely. Node aborts the whole process — in the app, Electron's main
 * process — when a worker is terminated between the creation of a zlib handle and its
 * initialisation (node_zlib.cc: `Assertion failed: init_done_ && "close before init"`, from the
 * worker's cleanup): a cancel or the memory watchdog landing in that window took the test run
 * down once in several hundred runs. So the worker marks the few places where it creates zlib
 * handles (zip.ts) as native sections in a flag shared with its parent, and the parent ends the
 * worker only outside one: it claims the flag (STOPPING) when it is free, waiting a moment when it
 * is not; once claimed, the worker enters no new section (it throws instead), and is ended.
 */

/** The flag's states. */
const FREE = 0;
const IN_NATIVE = 1;
const STOPPING = 2;

let flag: Int32Array | null = null;

/** A new flag for one worker, free (the parent keeps it and passes its buffer in workerData). */
export function newStopFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** In the worker: the flag its parent claims before ending it. */
export function useStopFlag(shared: Int32Array): void {
  flag = shared;
}

/** The worker is being stopped: its work is abandoned (the parent has already answered its caller). */
export class ParserStopping extends Error {
  constructor() {
    super('解析线程正在停止');
    this.name = 'ParserStopping';
  }
}

/** Run `fn` (which creates a zlib handle) where the parent does not end the worker. */
export function inNativeSection<T>(fn: () => T): T {
  const f = flag;
  if (f === null) return fn();
  if (Atomics.compareExchange(f, 0, FREE, IN_NATIVE) !== FREE) throw new ParserStopping();
  try {
    return fn();
  } finally {
    Atomics.store(f, 0, FREE);
  }
}

/**
 * In the parent: end the worker once it is outside a native section (at once, nearly always;
 * otherwise within the section's time, a few milliseconds at most). Resolves when it has ended.
 */
export function terminateOutsideNative(worker: { terminate(): Promise<number>; once(event: 'exit', fn: () => void): unknown; threadId: number }, shared: Int32Array): Promise<void> {
  return new Promise((resolve) => {
    // A worker that has exited already (or exits meanwhile, e.g. out of memory inside a section,
    // where its flag stays IN_NATIVE) needs no more waiting.
    let exited = worker.threadId < 0;
    worker.once('exit', () => (exited = true));
    const attempt = () => {
      if (!exited && Atomics.compareExchange(shared, 0, FREE, STOPPING) === IN_NATIVE) {
        setTimeout(attempt, 1);
        return;
      }
      worker.terminate().then(() => resolve(), () => resolve());
    };
    attempt();
  });
}
