/**
 * Export figures (issue: export and roll-up):
 *  - a 100,000-row 花名册 (with 慰问品 columns: 11 columns) written by exportRoster
 *    — reading the ledger, the layout, styles, merges, formulas — against exceljs's
 *    streaming WorkbookWriter writing the same cell values, already in memory,
 *    in the same run. Goal: ≤ 1.2× the baseline, peak RSS ≤ 300 MB;
 *  - a filing package of the same rows, its verification and its roll-up import.
 *
 * The ledger is built by a child process first, so that this process's memory
 * is the export's own. Each side runs twice (alternating); the faster run counts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { Ledger } from '../../electron/core/ledger.ts';
import { bulkInsertPeople } from '../../electron/core/services/people.ts';
import { bulkInsertPayments } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { setSettings } from '../../electron/core/services/settings.ts';
import { ensureUnit } from '../../electron/core/services/units.ts';
import { exportFiling, exportRoster, importFilings, readFilingPackage } from '../../electron/core/export/index.ts';
import { generateLedger } from './generate.ts';
import { figure, rssSampler, timeAsync } from './util.ts';

const N = Number(process.env.BENCH_ROWS ?? 100_000);
const role = process.env.EXPORT_BENCH_ROLE;

if (role === 'seed') {
  // Child process: build the ledger and exit.
  const file = process.env.EXPORT_BENCH_DB!;
  const data = generateLedger({ payments: N, people: Math.ceil(N * 0.8), years: [2017], seed: 7 });
  const ledger = Ledger.open(file, { actor: 'bench' });
  ledger.run({ kind: 'bench.seed', label: '基准数据', source: 'system', undoable: false }, (tx) => {
    setSettings(tx, { officeName: '华宁县总工会', regionCode: '530424', leaderName: '张明', approverName: '李华', clerkName: '王芳' });
    const units = new Map(data.units.map((u) => [u, ensureUnit(tx, u)]));
    const program = createProgram(tx, {
      code: 'BIG', name: '2017年春节送温暖困难职工慰问金', year: 2017, kind: '送温暖', rules: [],
      standards: [{ recipientKind: '困难职工', cashFen: 50_000, goodsFen: 15_000, goodsDesc: '大米' }],
    });
    const people = bulkInsertPeople(tx, data.people.map((p) => ({ name: p.name, idNumber: p.idNumber, unitId: units.get(p.unit)! })));
    bulkInsertPayments(tx, data.payments.map((p, i) => ({
      programId: program, personId: people[p.personIndex]!, paidOn: p.paidOn, cashFen: p.cashFen, goodsFen: p.goodsFen,
      goodsDesc: p.goodsDesc, recipientKind: p.recipientKind, category: p.category, unitId: units.get(data.people[p.personIndex]!.unit)!,
      note: i % 50 === 0 ? '本人因病住院，由配偶代领' : null,
    })));
  });
  ledger.close();
  process.exit(0);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relief-export-bench-'));
const dbFile = path.join(dir, 'county.db');
const seeded = spawnSync(process.execPath, [import.meta.filename], { env: { ...process.env, EXPORT_BENCH_ROLE: 'seed', EXPORT_BENCH_DB: dbFile }, stdio: 'inherit' });
if (seeded.status !== 0) throw new Error('seeding the bench ledger failed');

const ledger = Ledger.open(dbFile, { actor: 'bench' });

async function ours(out: string) {
  return timeAsync(() => exportRoster(ledger, { programCode: 'BIG', out, filedOn: '2017-01-20' }));
}

/** The same cell values as the roster's rows, in memory, written by exceljs's streaming writer with the same options. */
function baselineCells(): (string | number | null)[][] {
  const rows = ledger.db.prepare(`SELECT pe.name, pe.gender, pe.id_number, u.name, coalesce(p.category, p.recipient_kind), p.cash_fen, p.goods_desc, p.goods_fen, p.note
    FROM payments p LEFT JOIN people pe ON pe.id = p.person_id LEFT JOIN units u ON u.id = p.unit_id ORDER BY p.id`).raw().all() as (string | number | null)[][];
  return rows.map((r, i) => [i + 1, r[0]!, r[1]!, r[2]!, r[3]!, r[4]!, (r[5] as number) / 100, r[6]!, (r[7] as number) / 100, null, r[8]!]);
}

async function baseline(cells: (string | number | null)[][], out: string) {
  return timeAsync(async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet('花名册');
    for (const row of cells) ws.addRow(row).commit();
    ws.commit();
    await wb.commit();
  });
}

// Our export first, in a clean process: its peak memory is measured alone.
global.gc?.();
const rss = rssSampler(10);
const first = await ours(path.join(dir, 'roster-1.xlsx'));
const peak = rss.stop();
const rows = first.result.rows;
if (rows !== N) throw new Error(`roster has ${rows} rows, expected ${N}`);

const cells = baselineCells();
global.gc?.();
const base1 = await baseline(cells, path.join(dir, 'baseline-1.xlsx'));
const second = await ours(path.join(dir, 'roster-2.xlsx'));
const base2 = await baseline(cells, path.join(dir, 'baseline-2.xlsx'));
const oursMs = Math.min(first.ms, second.ms);
const baseMs = Math.min(base1.ms, base2.ms);

figure('roster_rows', rows, 'rows');
figure('roster_export_ms', oursMs, 'ms');
figure('roster_baseline_exceljs_stream_ms', baseMs, 'ms');
figure('roster_vs_baseline', oursMs / baseMs, 'ratio(goal<=1.2)');
figure('roster_export_peak_rss_mb', Math.round(peak), 'MB(goal<=300)');
figure('roster_file_mb', Number((fs.statSync(path.join(dir, 'roster-1.xlsx')).size / 1024 / 1024).toFixed(1)), 'MB');

// The filing package of the same year: export, verification, roll-up import.
const filing = await timeAsync(() => exportFiling(ledger, { year: 2017, out: path.join(dir, 'filing.xlsx') }));
figure('filing_export_ms', filing.ms, 'ms');
const verified = await timeAsync(() => readFilingPackage(path.join(dir, 'filing.xlsx')));
figure('filing_verify_ms', verified.ms, 'ms');
const prefecture = Ledger.open(path.join(dir, 'prefecture.db'), { actor: 'bench' });
prefecture.run({ kind: 'bench.seed', label: '设置', source: 'system' }, (tx) => setSettings(tx, { officeName: '玉溪市总工会', regionCode: '530400' }));
const rollup = await timeAsync(() => importFilings(prefecture, [path.join(dir, 'filing.xlsx')]));
figure('rollup_import_ms', rollup.ms, 'ms');
figure('rollup_import_rows', rollup.result.rows, 'rows');
prefecture.close();
ledger.close();
fs.rmSync(dir, { recursive: true, force: true });
