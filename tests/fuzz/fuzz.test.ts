/**
 * Bad input: 1,000 damaged files through the paths a clerk uses — the roster import's
 * preview (openImportFile with its worker, then previewImport) and the roll-up's package
 * reader (readFilingPackage, then importFilings for a refused package). Each case starts from
 * a valid file (tests/fuzz/corpus.ts) and one mutation drawn with fast-check
 * (tests/fuzz/mutators.ts): bytes flipped, truncated, zip entries removed, huge cells,
 * 1,048,576-row sheets, nested XML, zip bombs, wrong content types, broken encodings …
 * Every case must end, within its time limit, in a preview (or a verified package) or in a
 * LedgerError whose message is Chinese, names the file and carries no raw library text;
 * the ledger's tables must be exactly as before; the process must survive (the worker's
 * memory limits hold) and its peak RSS stay bounded.
 *
 * Prints `fuzz N/N handled (preview …, file error …) in … s, peak RSS … MB (seed …)`.
 *   FUZZ_SEED=…   repeat a run;   FUZZ_CASES=…  number of cases (default 1000);
 *   FUZZ_CASE=i   run only case i of that seed (with its description).
 */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerError } from '../../electron/core/errors.ts';
import { importFilings } from '../../electron/core/export/index.ts';
import { openImportFile, previewImport } from '../../electron/core/import/index.ts';
import type { Ledger } from '../../electron/core/ledger.ts';
import { addPeople, addProgram, HUANING_UNITS, office } from '../helpers/county.ts';
import { dumpTables, tempDir, tempLedger } from '../helpers/ledger.ts';
import { buildCorpus, type Seed } from './corpus.ts';
import type { FilingRead } from './filingWorker.ts';
import { caseArbitrary, MUTATORS, mutate, type Mutator } from './mutators.ts';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CASES = Number(process.env.FUZZ_CASES ?? 1000);
const ONLY = process.env.FUZZ_CASE === undefined ? null : Number(process.env.FUZZ_CASE);
/** A case that takes longer than this is a hang. */
const CASE_TIMEOUT_MS = 30_000;
/**
 * The process may not grow past this. Measured: ~1.1 GB at most over 16 seeds — the test's own
 * ~600 MB by the end of a run (vitest, the cases it builds, its package-reader thread, two idle
 * parsing workers) plus parsing workers at their heap budgets (192 MB for the small files here,
 * stopped there by the watchdog). Before the fixes the same cases reached 3.2 GB, and one zip
 * bomb alone 5.2 GB.
 */
const MAX_RSS_MB = 1536;
const LANES = Number(process.env.FUZZ_LANES ?? 2);

const dir = tempDir('relief-ledger-fuzz-');
let seeds: Seed[] = [];
let ledger: Ledger;
let programId: number;
let filingWorker: Worker | null = null;

/** Words a clerk's message may contain in Latin letters (formats, programs, units). */
const ALLOWED_LATIN = /\b(?:Excel|WPS|xlsx|xlsm|xlsb|xls|csv|CSV|txt|TXT|ZIP|PDF|RAR|HTML|Word|PowerPoint|OpenDocument|ods|mht|MB|XML|Office|YYYY|MM|DD|force)\b/g;

/** Latin text left in a message once names in quotes (files, parts, sheets) and the allowed words are taken out: raw library text. */
function rawText(message: string, fileName: string): string | null {
  const rest = message.split(fileName).join('').replace(/“[^”]*”/g, '').replace(/[\w/.[\]-]+\.(?:xml|rels)\b/g, '').replace(ALLOWED_LATIN, '');
  return /[A-Za-z]{3,}[A-Za-z .:,'()_-]*/.exec(rest)?.[0] ?? null;
}

function tablesHash(l: Ledger): string {
  const h = createHash('sha256');
  const dump = dumpTables(l);
  for (const k of Object.keys(dump).sort()) h.update(k).update(dump[k]!);
  h.update(JSON.stringify(l.db.prepare('SELECT count(*) AS n, max(id) AS m FROM commands').get()));
  h.update(JSON.stringify(l.db.prepare('SELECT count(*) AS n FROM audit_log').get()));
  return h.digest('hex');
}

let filingRequests = 0;
/** Cases the parsing worker's memory watchdog ended (the limit held, the process lived). */
let memoryStops = 0;

/** Read a package in the shared reader thread, or in a thread of its own that is ended afterwards (big files: its heap goes with it). */
async function readFiling(file: string, own: boolean): Promise<FilingRead | 'timeout'> {
  if (!own) return readFilingIn((filingWorker ??= new Worker(new URL('./filingWorker.ts', import.meta.url))), file);
  const w = new Worker(new URL('./filingWorker.ts', import.meta.url));
  try {
    return await readFilingIn(w, file);
  } finally {
    await w.terminate();
  }
}

function readFilingIn(w: Worker, file: string): Promise<FilingRead | 'timeout'> {
  const id = ++filingRequests;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      w.off('message', onMessage);
      void w.terminate();
      if (filingWorker === w) filingWorker = null;
      resolve('timeout');
    }, CASE_TIMEOUT_MS);
    const onMessage = (m: { id: number; read: FilingRead }) => {
      if (m.id !== id) return;
      clearTimeout(timer);
      w.off('message', onMessage);
      resolve(m.read);
    };
    w.on('message', onMessage);
    w.postMessage({ id, file });
  });
}

type Outcome = 'preview' | 'file error';

interface Result {
  index: number;
  outcome: Outcome | null;
  failure: string | null;
  ms: number;
}

/** Run one case the way a clerk would meet the file; returns how it ended, or what went wrong. */
async function runCase(index: number, c: { seed: Seed; mutator: Mutator; params: unknown }): Promise<Result> {
  const t = performance.now();
  let what = c.mutator.name;
  const done = (outcome: Outcome | null, failure: string | null): Result => ({
    index, outcome, failure: failure === null ? null : `#${index} ${c.seed.id} / ${what}: ${failure}`, ms: performance.now() - t,
  });
  let file = '';
  try {
    const m = mutate(c);
    what = `${c.mutator.name}（${m.what}）`;
    const name = `第${index}号${m.ext ?? c.seed.ext}`;
    file = path.join(dir, name);
    fs.writeFileSync(file, m.bytes);
    const judge = (e: unknown, prefix: string, codes: readonly string[]): string | null => {
      if (!(e instanceof LedgerError)) return `不是 LedgerError：${String((e as Error)?.stack ?? e).slice(0, 400)}`;
      if (!codes.includes(e.code)) return `错误代码 ${e.code}：${e.message}`;
      if (!e.message.startsWith(prefix)) return `消息没有指明文件：${e.message}`;
      if (!/[\u4e00-\u9fff]/.test(e.message)) return `消息不是中文：${e.message}`;
      const raw = rawText(e.message, name);
      if (raw) return `消息含原始英文“${raw}”：${e.message}`;
      return null;
    };

    if (c.seed.format === 'filing') {
      // A million-row package leaves a big heap behind: read it in a thread of its own.
      const read = await readFiling(file, c.mutator.name === 'million-rows');
      if (read === 'timeout') return done(null, `读取上报数据包超过 ${CASE_TIMEOUT_MS / 1000} 秒（挂起）`);
      if (read.ok) return done('preview', null);
      if (read.name !== 'FilingRefused') return done(null, `readFilingPackage 抛出 ${read.name}：${read.message}`);
      const bad = judge(new LedgerError(read.code as never, read.message), `上报数据包“${name}”被拒绝：`, ['invalid_input']);
      if (bad) return done(null, bad);
      // The roll-up itself (main thread, the ledger open): the same refusal, nothing written.
      try {
        await importFilings(ledger, [file]);
        return done(null, 'importFilings 导入了 readFilingPackage 拒绝的数据包');
      } catch (e) {
        const why = judge(e, `上报数据包“${name}”被拒绝：`, ['invalid_input']);
        if (why) return done(null, `importFilings：${why}`);
        if (!(e as Error).message.includes('台账未做任何改动')) return done(null, `importFilings 没有说明台账未改动：${(e as Error).message}`);
      }
      return done('file error', null);
    }

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), CASE_TIMEOUT_MS);
    try {
      const session = await openImportFile(file, { signal: controller.signal });
      const preview = previewImport(ledger, session, { programId });
      const s = preview.summary;
      if (preview.file.name !== name || s.ok + s.warn + s.error + s.skip !== preview.rows.length) return done(null, `预览不完整：${JSON.stringify(s)}，${preview.rows.length} 行`);
      return done('preview', null);
    } catch (e) {
      if (controller.signal.aborted) return done(null, `导入预览超过 ${CASE_TIMEOUT_MS / 1000} 秒（挂起）`);
      const bad = judge(e, `无法导入“${name}”：`, ['file_error']);
      if (bad) return done(null, bad);
      if ((e as LedgerError).details?.fileName !== name) return done(null, `错误详情没有文件名：${JSON.stringify((e as LedgerError).details)}`);
      if ((e as LedgerError).message.includes('读取时内存不足')) memoryStops++;
      return done('file error', null);
    } finally {
      clearTimeout(timer);
    }
  } catch (e) {
    return done(null, `测试本身出错：${String((e as Error)?.stack ?? e)}`);
  } finally {
    if (file) fs.rmSync(file, { force: true });
  }
}

/** The cases of this seed: first every mutator on every seed it applies to, then random draws. */
function drawCases(): { seed: Seed; mutator: Mutator; params: unknown }[] {
  const cover: { seed: Seed; mutator: Mutator; params: unknown }[] = [];
  let k = 0;
  for (const seed of seeds) {
    for (const mutator of MUTATORS) {
      if (!mutator.applies(seed.format)) continue;
      const params = mutator.cover?.(seed) ?? fc.sample(mutator.params(seed), { seed: SEED + k++, numRuns: 1 });
      for (const p of params) cover.push({ seed, mutator, params: p });
    }
  }
  const random = fc.sample(caseArbitrary(seeds), { seed: SEED, numRuns: Math.max(0, CASES - cover.length) });
  return [...cover, ...random].slice(0, CASES);
}

function peakRssMb(sampled: number): number {
  try {
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Math.max(sampled, Number(kb) / 1024) : sampled;
  } catch {
    return sampled;
  }
}

describe('bad input (fuzz)', () => {
  beforeAll(async () => {
    seeds = await buildCorpus(dir);
    ledger = tempLedger();
    office(ledger, { officeName: '玉溪市总工会', regionCode: '530400' });
    addPeople(ledger, 30, '530424', HUANING_UNITS, 5);
    programId = addProgram(ledger, { code: '2017-SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖', rules: [] });
  }, 120_000);

  afterAll(async () => {
    await filingWorker?.terminate();
    ledger?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`${CASES} damaged files each end in a preview or a clear Chinese file error, in time, in bounded memory, and change nothing`, async () => {
    const cases = drawCases();
    const before = tablesHash(ledger);
    let lastChanges = ledger.db.prepare('SELECT total_changes()').pluck().get() as number;
    const started = performance.now();
    let peak = process.memoryUsage.rss();
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 25);
    const results: Result[] = [];
    const order = ONLY === null ? cases.map((_, i) => i) : [ONLY];
    let next = 0;
    // Big files one at a time (two at once would measure two cases' memory, not one's).
    let heavyTurn: Promise<void> = Promise.resolve();
    const lane = async () => {
      for (let i = next++; i < order.length; i = next++) {
        const index = order[i]!;
        // One lane: the kernel's peak RSS is reset per case, so that each case's own peak can be printed.
        if (LANES === 1 && process.env.FUZZ_VERBOSE) fs.writeFileSync('/proc/self/clear_refs', '5');
        let r: Result;
        if (cases[index]!.mutator.heavy) {
          const turn = heavyTurn.then(() => runCase(index, cases[index]!));
          heavyTurn = turn.then(() => undefined);
          r = await turn;
        } else {
          r = await runCase(index, cases[index]!);
        }
        // Any row this connection wrote (even one rolled back) moves total_changes(); then the tables are compared in full.
        const changes = ledger.db.prepare('SELECT total_changes()').pluck().get() as number;
        if (changes !== lastChanges) {
          lastChanges = changes;
          if (tablesHash(ledger) !== before && r.failure === null) r.failure = `#${index} ${cases[index]!.seed.id} / ${cases[index]!.mutator.name}: 台账被改动了`;
        }
        results.push(r);
        if (ONLY !== null || process.env.FUZZ_VERBOSE) process.stdout.write(`fuzz case #${index} ${cases[index]!.seed.id}/${cases[index]!.mutator.name} ${Math.round(r.ms)} ms${LANES === 1 ? ` peak ${Math.round(peakRssMb(0))} MB rss ${Math.round(process.memoryUsage.rss() / 1048576)} MB` : ''} ${r.outcome ?? r.failure}\n`);
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));
    clearInterval(sampler);
    if (process.env.FUZZ_VERBOSE) process.stdout.write(`fuzz memory at the end: ${JSON.stringify(Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 1048576)])))}\n`);
    const seconds = (performance.now() - started) / 1000;
    const rss = peakRssMb(peak / 1024 / 1024);
    const failures = results.filter((r) => r.failure !== null);
    const preview = results.filter((r) => r.outcome === 'preview').length;
    const fileError = results.filter((r) => r.outcome === 'file error').length;
    const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 3).map((r) => `#${r.index} ${cases[r.index]!.seed.id}/${cases[r.index]!.mutator.name} ${(r.ms / 1000).toFixed(1)} s`);
    const byMutator = MUTATORS.map((m) => `${m.name} ${results.filter((r) => cases[r.index]!.mutator === m).length}`).join(', ');
    process.stdout.write([
      `fuzz cases by mutation: ${byMutator}`,
      `fuzz slowest: ${slowest.join('; ')}`,
      ...failures.slice(0, 20).map((f) => `fuzz FAILED ${f.failure}`),
      `fuzz ${results.length - failures.length}/${results.length} handled (preview ${preview}, file error ${fileError}, of which ${memoryStops} stopped at the worker's memory budget) in ${Math.round(seconds)} s, peak RSS ${Math.round(rss)} MB (seed ${SEED})`,
    ].join('\n') + '\n');
    expect(failures.map((f) => f.failure)).toEqual([]);
    expect(results).toHaveLength(order.length);
    expect(rss).toBeLessThan(MAX_RSS_MB);
    expect(tablesHash(ledger)).toBe(before);
  }, 600_000);
});
