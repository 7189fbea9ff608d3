/** A worker thread running an automatic backup by path, as the main process would. */
import { parentPort, workerData } from 'node:worker_threads';
import { maybeDailyBackup, startupBackup } from '../../electron/core/backups.ts';

const { kind, path, now } = workerData as { kind: 'startup' | 'daily'; path: string; now: string };
try {
  const outcome = kind === 'startup' ? startupBackup(path, new Date(now)) : maybeDailyBackup(path, new Date(now));
  parentPort!.postMessage({ ok: true, outcome });
} catch (e) {
  parentPort!.postMessage({ ok: false, code: (e as { code?: string }).code, message: (e as Error).message });
}
