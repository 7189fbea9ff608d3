/**
 * A parser worker is ended only outside its native sections (nativeSection.ts): Node aborts the
 * whole process when a worker is terminated between the creation of a zlib handle and its
 * initialisation. Here: a worker inside a (long) section is ended only once it has left it, and
 * a worker whose flag the parent has claimed creates no zlib handle (zip.ts) but stops.
 */
import ExcelJS from 'exceljs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { newStopFlag, terminateOutsideNative } from '../../electron/core/import/nativeSection.ts';

const WORKER = new URL('./nativeSectionWorker.ts', import.meta.url);

describe('ending a parser worker', () => {
  it('waits for the worker to leave its native section, then ends it', async () => {
    const stopFlag = newStopFlag();
    const done = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(WORKER, { workerData: { stopFlag, done, mode: 'spin', spinMs: 400 } });
    await new Promise((resolve) => worker.once('message', resolve));
    await new Promise((r) => setTimeout(r, 50));
    const t = performance.now();
    let exited = false;
    worker.once('exit', () => (exited = true));
    await terminateOutsideNative(worker, stopFlag);
    // The section ran to its end (a plain terminate() cuts the loop short), and the worker is gone.
    expect(Atomics.load(done, 0)).toBe(1);
    expect(performance.now() - t).toBeGreaterThan(200);
    await new Promise((r) => setTimeout(r, 20));
    expect(exited).toBe(true);
  });

  it('does not wait for a worker that exited inside a section (its flag stays claimed)', async () => {
    const stopFlag = newStopFlag();
    const worker = new Worker(WORKER, { workerData: { stopFlag, done: new Int32Array(new SharedArrayBuffer(4)), mode: 'exitInside', spinMs: 0 } });
    await new Promise((resolve) => worker.once('exit', resolve));
    expect(Atomics.load(stopFlag, 0)).toBe(1);
    const t = performance.now();
    await terminateOutsideNative(worker, stopFlag);
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it('once the parent has claimed the flag, the worker creates no zlib handle: reading a zip part stops instead', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('花名册').addRow(['姓名', '金额']);
    const zip = new Uint8Array(await wb.xlsx.writeBuffer());
    const stopFlag = newStopFlag();
    Atomics.store(stopFlag, 0, 2);
    const worker = new Worker(WORKER, { workerData: { stopFlag, done: new Int32Array(new SharedArrayBuffer(4)), mode: 'zip', spinMs: 0, zip } });
    const result = await new Promise((resolve) => worker.once('message', resolve));
    expect(result).toEqual({ sync: 'stopping', firstChunk: 'stopping' });
    await worker.terminate();
    // With the flag free, the same reads run.
    const free = new Worker(WORKER, { workerData: { stopFlag: newStopFlag(), done: new Int32Array(new SharedArrayBuffer(4)), mode: 'zip', spinMs: 0, zip } });
    expect(await new Promise((resolve) => free.once('message', resolve))).toEqual({ sync: 'ran', firstChunk: 'ran' });
    await free.terminate();
  });
});
