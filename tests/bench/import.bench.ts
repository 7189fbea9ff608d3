/**
 * Import figures (issue: roster import):
 *  - end to end, as the app runs it: a generated 100,000-row roster (.xlsx, 12 columns)
 *    handed to the import host thread (import/host.ts), read in its parser worker,
 *    previewed against the ledger and committed as one batch (the figure judged; importApp.ts).
 *    It runs the code as the app ships it: built into CommonJS bundles by scripts/bundles.mjs,
 *    as dist/main is. The same from the sources is printed beside it (Node then strips the
 *    types of every .ts module in each of the 3 threads, ~15 MB each). The import screen has
 *    been open a second before the file is chosen (import.prepare has started the thread); the
 *    same cold is printed too;
 *  - the same in the calling thread, as the CLI runs it (core calls, parser worker);
 *  - baseline: exceljs's streaming WorkbookReader reading every row of the same
 *    file, in the same run.
 * Each part runs in its own Node process so that peak RSS is measured per part; the baseline and
 * the end to end alternate BENCH_ROUNDS times (default 3), medians reported.
 * Goal: end to end ≤ 1.25 × the baseline, peak RSS ≤ 300 MB.
 *
 *   npm run bench -- import          (BENCH_ROWS=20000 for a quick run)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ledger } from '../../electron/core/ledger.ts';
import { commitImport, openImportFile, previewImport } from '../../electron/core/import/index.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { buildMainBundles } from '../../scripts/bundles.mjs';
import { generateLedger } from './generate.ts';
import { figure, peakRss, rssSampler } from './util.ts';

const N = Number(process.env.BENCH_ROWS ?? 100_000);

const [mode, file] = process.argv.slice(2);

/** A county roster as a grassroots union sends it: merged title, 填报 line, header on row 3, a 合计 row. */
async function writeRoster(target: string): Promise<void> {
  const ExcelJS = (await import('exceljs')).default;
  const data = generateLedger({ payments: N, people: N, years: [2017], seed: 2017 });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: target, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('花名册');
  ws.mergeCells('A1:L1');
  ws.getCell('A1').value = '华宁县总工会2017年春节送温暖慰问金发放花名册';
  ws.getRow(1).commit();
  ws.getRow(2).values = ['填报单位：华宁县总工会', null, null, null, null, null, null, '填报日期：2017年1月10日'];
  ws.getRow(2).commit();
  ws.getRow(3).values = ['序号', '姓名', '性别', '身份证号码', '工作单位', '困难类别', '对象类别', '金额（元）', '慰问品', '发放日期', '联系电话', '领取人签字'];
  ws.getRow(3).commit();
  let total = 0;
  data.people.forEach((p, i) => {
    const pay = data.payments[i]!;
    const yuan = pay.cashFen / 100;
    total += yuan;
    ws.getRow(4 + i).values = [
      i + 1, p.name, p.gender, p.idNumber, p.unit, pay.category, pay.recipientKind, i % 50 === 7 ? `${yuan}元` : yuan,
      pay.goodsDesc, pay.paidOn.replace(/-/g, '.'), `13${String(800_000_000 + i).padStart(9, '0')}`, null,
    ];
    ws.getRow(4 + i).commit();
  });
  ws.getRow(4 + N).values = ['合计', null, null, null, null, null, null, total];
  ws.getRow(4 + N).commit();
  await wb.commit();
}

async function baseline(target: string): Promise<void> {
  // Loaded here only: the import processes below do not carry exceljs's ~30 MB (nor does the app's import).
  const ExcelJS = (await import('exceljs')).default;
  const rss = rssSampler(10);
  const t = performance.now();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(target, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  let cells = 0;
  for await (const ws of reader) {
    for await (const row of ws) cells += (row.values as unknown[]).length;
  }
  const ms = performance.now() - t;
  process.stdout.write(`${JSON.stringify({ ms, rssMb: peakRss(rss.stop()), cells })}\n`);
}

async function endToEnd(target: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relief-bench-import-'));
  const ledger = Ledger.open(path.join(dir, 'ledger.db'), { actor: 'bench' });
  const programId = ledger.run({ kind: 'bench.seed', label: '基准数据', source: 'system' }, (tx) =>
    createProgram(tx, { code: '2017-SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖' }),
  );
  global.gc?.();
  const rss = rssSampler(10);
  const t0 = performance.now();
  const session = await openImportFile(target);
  const t1 = performance.now();
  const preview = previewImport(ledger, session, { programId });
  const t2 = performance.now();
  const result = commitImport(ledger, session);
  const t3 = performance.now();
  const rssMb = peakRss(rss.stop());
  ledger.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify({ ms: t3 - t0, parseMs: t1 - t0, previewMs: t2 - t1, commitMs: t3 - t2, rssMb, payments: result.payments, summary: { ok: preview.summary.ok, warn: preview.summary.warn, error: preview.summary.error, skip: preview.summary.skip } })}\n`);
}

type Run = Record<string, number> & { summary?: Record<string, number> };
function run(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, ['--expose-gc', ...args], { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}
const child = (part: string, target: string): Run => run([import.meta.filename, part, target]);

if (mode === 'write') await writeRoster(file!);
else if (mode === 'baseline') await baseline(file!);
else if (mode === 'inthread') await endToEnd(file!);
else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relief-bench-roster-'));
  const target = path.join(dir, `花名册-${N}.xlsx`);
  await writeRoster(target);
  // The import as the app ships it: its bundles, built as dist/main is, in a folder inside the
  // project (they require better-sqlite3 from its node_modules, as the app's do from theirs).
  const root = path.join(import.meta.dirname, '..', '..');
  const bundles = path.join(root, '.bench', `bundles-${process.pid}`);
  await buildMainBundles(root, bundles, { 'importApp.js': 'tests/bench/importApp.ts', 'importHost.js': 'electron/core/import/host.ts', 'importWorker.js': 'electron/core/import/worker.ts' });
  fs.writeFileSync(path.join(bundles, 'package.json'), JSON.stringify({ type: 'commonjs' }));
  const shipped = (how: 'prepared' | 'cold') => run([path.join(bundles, 'importApp.js'), how, target], { BENCH_BUNDLES: bundles });
  const fromSources = () => run([path.join(import.meta.dirname, 'importApp.ts'), 'prepared', target]);
  figure('import_rows', N, 'rows');
  figure('import_file_mb', fs.statSync(target).size / 1024 / 1024, 'MB');
  // The baseline and the app's import alternate, ROUNDS times each (one run varies by up to ±15%
  // on this VM): the figures are each one's median run (by time), the ratio that of the medians.
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
  const bases: Run[] = [];
  const apps: Run[] = [];
  const sources: Run[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    bases.push(child('baseline', target));
    apps.push(shipped('prepared'));
    sources.push(fromSources());
  }
  const median = (runs: Run[]) => [...runs].sort((a, b) => a.ms! - b.ms!)[Math.floor(runs.length / 2)]!;
  const base = median(bases);
  const app = median(apps);
  const source = median(sources);
  process.stdout.write(`# import runs (ms): exceljs ${bases.map((r) => r.ms!.toFixed(0)).join(' ')}; end to end ${apps.map((r) => r.ms!.toFixed(0)).join(' ')} (peak RSS ${apps.map((r) => r.rssMb!.toFixed(0)).join(' ')} MB); from the sources ${sources.map((r) => r.ms!.toFixed(0)).join(' ')} (peak RSS ${sources.map((r) => r.rssMb!.toFixed(0)).join(' ')} MB)\n`);
  const cold = shipped('cold');
  const cli = child('inthread', target);
  fs.rmSync(bundles, { recursive: true, force: true });
  figure('import_exceljs_stream_read_ms', base.ms!, 'ms');
  figure('import_exceljs_stream_read_peak_rss_mb', base.rssMb!, 'MB');
  figure('import_end_to_end_ms', app.ms!, 'ms');
  figure('import_open_and_preview_ms', app.openMs!, 'ms');
  figure('import_commit_ms', app.commitMs!, 'ms');
  figure('import_end_to_end_vs_exceljs_stream', app.ms! / base.ms!, 'ratio(goal<=1.25)');
  figure('import_peak_rss_mb', Math.max(...apps.map((r) => r.rssMb!)), 'MB(goal<=300; the highest of the runs)');
  figure('import_payments_committed', app.inLedger!, 'rows');
  figure('import_end_to_end_from_sources_ms', source.ms!, 'ms(the same run from the .ts sources, types stripped by Node in each thread)');
  figure('import_peak_rss_from_sources_mb', Math.max(...sources.map((r) => r.rssMb!)), 'MB');
  figure('import_end_to_end_cold_ms', cold.ms!, 'ms(the import thread not started before the file is chosen)');
  figure('import_end_to_end_cold_peak_rss_mb', cold.rssMb!, 'MB');
  figure('import_in_thread_end_to_end_ms', cli.ms!, 'ms(the CLI: parse in a worker, preview and commit in the calling thread)');
  figure('import_in_thread_parse_ms', cli.parseMs!, 'ms');
  figure('import_in_thread_preview_ms', cli.previewMs!, 'ms');
  figure('import_in_thread_commit_ms', cli.commitMs!, 'ms');
  figure('import_in_thread_peak_rss_mb', cli.rssMb!, 'MB');
  fs.rmSync(dir, { recursive: true, force: true });
}
