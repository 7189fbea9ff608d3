/**
 * The fuzz test reads filing packages here, in a worker thread of the test process, so that a
 * package that made the reader loop for ever could be stopped (readFilingPackage runs SheetJS
 * synchronously, as in the app's main process; a hang there would otherwise hang the test).
 * Same process: its memory counts in the test's peak RSS.
 */
import { parentPort } from 'node:worker_threads';
import { readFilingPackage } from '../../electron/core/export/index.ts';

export type FilingRead =
  | { ok: true; payments: number; ms: number }
  | { ok: false; name: string; code: string | null; message: string; ms: number };

parentPort!.on('message', async ({ id, file }: { id: number; file: string }) => {
  const t = performance.now();
  try {
    const pkg = await readFilingPackage(file);
    parentPort!.postMessage({ id, read: { ok: true, payments: pkg.payments.length, ms: performance.now() - t } satisfies FilingRead });
  } catch (err) {
    const e = err as { name?: string; code?: string; message?: string };
    parentPort!.postMessage({ id, read: { ok: false, name: String(e?.name), code: e?.code ?? null, message: String(e?.message ?? err), ms: performance.now() - t } satisfies FilingRead });
  }
});
