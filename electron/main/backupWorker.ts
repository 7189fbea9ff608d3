/**
 * Runs an automatic backup off the main thread (a worker thread with its own
 * read-only SQLite connection), so that a large ledger's copy never freezes the window.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { maybeDailyBackup, startupBackup } from '../core/backups.ts';

const { task, ledgerPath } = workerData as { task: 'startup' | 'daily'; ledgerPath: string };
try {
  const outcome = task === 'startup' ? startupBackup(ledgerPath) : maybeDailyBackup(ledgerPath);
  parentPort?.postMessage({ ok: true, outcome });
} catch (err) {
  const e = err as { code?: string; message?: string };
  parentPort?.postMessage({ ok: false, code: e.code ?? 'internal', message: e.message ?? String(err) });
}
