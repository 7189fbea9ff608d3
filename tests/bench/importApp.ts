/**
 * The import bench's judged part (tests/bench/import.bench.ts runs it): one roster imported as
 * the app does it, printed as one JSON line. It runs either from the sources (Node strips the
 * types of each .ts module it loads, in every thread: ~15 MB per thread) or, as the app ships,
 * built into bundles like dist/main (scripts/bundles.mjs) with BENCH_BUNDLES naming their folder.
 *
 *   node importApp.ts prepared|cold ROSTER
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ledger } from '../../electron/core/ledger.ts';
import { ImportHost } from '../../electron/core/import/host.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { peakRss, rssSampler } from './util.ts';

const bundles = process.env.BENCH_BUNDLES ?? null;

/**
 * As the app: the import.open then import.commit handlers' calls, the rows held by the import
 * host thread. `prepared`: the import screen has been open a second when the file is chosen (it
 * calls import.prepare as it opens: the thread and a parser worker start meanwhile); else cold.
 */
async function endToEndApp(target: string, prepared: boolean): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relief-bench-import-'));
  const ledger = Ledger.open(path.join(dir, 'ledger.db'), { actor: 'bench' });
  const programId = ledger.run({ kind: 'bench.seed', label: '基准数据', source: 'system' }, (tx) =>
    createProgram(tx, { code: '2017-SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖' }),
  );
  const imports = new ImportHost(bundles ? { hostUrl: path.join(bundles, 'importHost.js'), parseWorkerUrl: path.join(bundles, 'importWorker.js') } : {});
  if (prepared) {
    imports.prepare();
    await new Promise((r) => setTimeout(r, 1000));
  }
  global.gc?.();
  const rss = rssSampler(10);
  const t0 = performance.now();
  // The app gets the bytes from the page; the file is read here as its part of that. They are
  // handed over to the import thread, as the import.open handler does with the bytes it decoded.
  const preview = await imports.open(ledger, { bytes: fs.readFileSync(target), fileName: path.basename(target), taskId: 'bench', programId }, undefined, { handOver: true });
  const t1 = performance.now();
  const result = await imports.commit(ledger, preview.sessionId, { clerk: 'bench' });
  const t2 = performance.now();
  const rssMb = peakRss(rss.stop());
  await imports.dispose();
  const payments = ledger.stmt('SELECT count(*) FROM payments').pluck().get() as number;
  ledger.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify({ ms: t2 - t0, openMs: t1 - t0, commitMs: t2 - t1, rssMb, payments: result.payments, inLedger: payments, summary: { ok: preview.summary.ok, warn: preview.summary.warn, error: preview.summary.error, skip: preview.summary.skip } })}\n`);
}

async function main(): Promise<void> {
  const [mode, target] = process.argv.slice(2);
  if ((mode !== 'prepared' && mode !== 'cold') || !target) throw new Error('usage: importApp prepared|cold ROSTER');
  await endToEndApp(target, mode === 'prepared');
}
// No top-level await: the bundle is CommonJS, as the app's.
main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
