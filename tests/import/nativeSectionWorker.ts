/**
 * Worker for nativeSection.test.ts: with the parent's stop flag, either spends `spinMs` inside a
 * native section and then marks `done`, or (mode 'zip') tries to inflate a zip part, or (mode
 * 'exitInside') exits inside a section.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { inNativeSection, ParserStopping, useStopFlag } from '../../electron/core/import/nativeSection.ts';
import { listZip, readZipEntry, zipEntryChunks } from '../../electron/core/import/zip.ts';

const data = workerData as { stopFlag: Int32Array; done: Int32Array; mode: 'spin' | 'zip' | 'exitInside'; spinMs: number; zip?: Uint8Array };
useStopFlag(data.stopFlag);
if (data.mode === 'exitInside') {
  // Ends inside a section (as a worker out of memory does): its flag stays claimed by it.
  inNativeSection(() => process.exit(0));
} else if (data.mode === 'spin') {
  parentPort!.postMessage('entering');
  inNativeSection(() => {
    const until = Date.now() + data.spinMs;
    while (Date.now() < until) {
      // busy: a terminate would cut this loop short
    }
    Atomics.store(data.done, 0, 1);
  });
  // Outside the section now: wait to be ended.
  setInterval(() => {}, 1000);
} else {
  const listing = listZip(data.zip!);
  const entry = listing.ok ? listing.entries.find((e) => e.method === 8) : undefined;
  const outcome = (fn: () => unknown) => {
    try {
      fn();
      return 'ran';
    } catch (err) {
      return err instanceof ParserStopping ? 'stopping' : `error: ${(err as Error).message}`;
    }
  };
  const sync = outcome(() => readZipEntry(data.zip!, entry!));
  // zipEntryChunks is a generator: its handle is created on the first next(), which returns a promise.
  zipEntryChunks(data.zip!, entry!).next().then(
    () => parentPort!.postMessage({ sync, firstChunk: 'ran' }),
    (err: unknown) => parentPort!.postMessage({ sync, firstChunk: err instanceof ParserStopping ? 'stopping' : `error: ${(err as Error).message}` }),
  );
}
