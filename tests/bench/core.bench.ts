/**
 * Core figures (issue: foundation 1/2):
 *  - bulk insert of 1,000,000 payments through the service layer (audit + rule findings)
 *    vs raw better-sqlite3 prepared inserts of the same rows into the same schema;
 *  - the grid's page query with sort + filter on the 1,000,000-row ledger.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ledger } from '../../electron/core/ledger.ts';
import { openDatabase } from '../../electron/core/db/open.ts';
import { queryPayments, paymentTotals } from '../../electron/core/queries/payments.ts';
import { bulkInsertPeople } from '../../electron/core/services/people.ts';
import { bulkInsertPayments, type PaymentInsert } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { ensureUnit } from '../../electron/core/services/units.ts';
import type { PaymentQuery } from '../../shared/payments.ts';
import { generateLedger } from './generate.ts';
import { figure, percentile, time } from './util.ts';

const N = Number(process.env.BENCH_ROWS ?? 1_000_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relief-bench-'));
const data = generateLedger({ payments: N, people: Math.ceil(N / 3.3) });

/** People, units and programs: the same in both ledgers, not timed. */
function seed(ledger: Ledger): { personIds: number[]; programIds: number[]; unitIds: Map<string, number> } {
  return ledger.run({ kind: 'bench.seed', label: '基准数据', source: 'system', undoable: false }, (tx) => {
    const unitIds = new Map(data.units.map((u) => [u, ensureUnit(tx, u)]));
    const programIds = data.programs.map((p) => createProgram(tx, { ...p, rules: [{ kind: 'max_cash_per_person_year', amountFen: 500_000, category: null, scope: 'all', otherProgramId: null, severity: 'warn' }] }));
    const personIds = bulkInsertPeople(tx, data.people.map((p) => ({ name: p.name, idNumber: p.idNumber, gender: p.gender, unitId: unitIds.get(p.unit)! })));
    return { personIds, programIds, unitIds };
  });
}

const serviceLedger = Ledger.open(path.join(dir, 'service.db'), { actor: 'bench' });
const ids = seed(serviceLedger);
const rows: PaymentInsert[] = data.payments.map((p) => ({
  programId: ids.programIds[p.programIndex]!, personId: ids.personIds[p.personIndex]!, paidOn: p.paidOn, cashFen: p.cashFen,
  goodsFen: p.goodsFen, goodsDesc: p.goodsDesc, recipientKind: p.recipientKind, category: p.category,
  unitId: ids.unitIds.get(data.people[p.personIndex]!.unit)!, clerk: 'bench',
}));

// Raw baseline: same schema, same rows, one prepared INSERT in one transaction.
const raw = openDatabase(path.join(dir, 'raw.db')).db;
const rawLedgerForSeed = { close() {} };
void rawLedgerForSeed;
{
  const l = Ledger.open(path.join(dir, 'raw.db'));
  seed(l);
  l.close();
}
const insert = raw.prepare(`INSERT INTO payments (program_id, person_id, paid_on, cash_fen, goods_fen, goods_desc, recipient_kind, category, method, unit_id, clerk, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
const at = new Date().toISOString();
global.gc?.();
const rawRun = time(() =>
  raw.transaction(() => {
    for (const r of rows) insert.run(r.programId, r.personId, r.paidOn, r.cashFen, r.goodsFen ?? 0, r.goodsDesc ?? null, r.recipientKind ?? null, r.category ?? null, '现金', r.unitId ?? null, r.clerk ?? null, at, at);
  })(),
);
raw.close();

global.gc?.();
const serviceRun = time(() =>
  serviceLedger.run({ kind: 'bench.insert', label: '批量写入', source: 'system', undoable: false }, (tx) => bulkInsertPayments(tx, rows)),
);
const findings = serviceLedger.db.prepare('SELECT count(*) FROM payment_issues').pluck().get() as number;

figure('bulk_insert_raw_ms', rawRun.ms, 'ms');
figure('bulk_insert_service_ms', serviceRun.ms, 'ms');
figure('bulk_insert_service_vs_raw', rawRun.ms / serviceRun.ms, 'ratio(goal>=0.5)');
figure('bulk_insert_service_rows_per_s', Math.round(N / (serviceRun.ms / 1000)), 'rows/s');
figure('bulk_insert_findings', findings, 'rows');

// Page queries on the 1M-row ledger: median and p95 of repeated runs, each a fresh filter/sort.
const queries: [string, PaymentQuery][] = [
  ['page_year_sort_amount', { year: 2016, sort: [{ field: 'cashFen', dir: 'desc' }], offset: 0, limit: 100 }],
  ['page_filter_program_sort_date', { filters: { programCode: { type: 'text', op: 'equals', value: '2016-SWN' } }, sort: [{ field: 'paidOn', dir: 'desc' }], offset: 0, limit: 100 }],
  ['page_filter_kind_sort_name', { filters: { recipientKind: { type: 'set', values: ['困难农民工'] } }, sort: [{ field: 'personName', dir: 'asc' }], offset: 0, limit: 100 }],
  ['page_filter_unit_sort_amount', { filters: { unitName: { type: 'text', op: 'contains', value: '盘溪' } }, sort: [{ field: 'cashFen', dir: 'asc' }], offset: 0, limit: 100 }],
  ['page_sort_name_last_page', { sort: [{ field: 'personName', dir: 'asc' }], offset: N - 100, limit: 100 }],
];
for (const [name, q] of queries) {
  const times: number[] = [];
  const total = paymentTotals(serviceLedger, q).rows;
  for (let i = 0; i < 7; i++) times.push(time(() => queryPayments(serviceLedger, q, total)).ms);
  figure(`${name}_ms`, percentile(times, 50), 'ms');
}
const totalsTimes: number[] = [];
for (let i = 0; i < 3; i++) totalsTimes.push(time(() => paymentTotals(serviceLedger, { year: 2016 })).ms);
figure('totals_year_ms', percentile(totalsTimes, 50), 'ms');
const countTimes: number[] = [];
for (let i = 0; i < 3; i++) countTimes.push(time(() => queryPayments(serviceLedger, { filters: { programCode: { type: 'text', op: 'equals', value: '2016-SWN' } }, sort: [{ field: 'paidOn', dir: 'desc' }], limit: 100 })).ms);
figure('page_with_count_filter_program_ms', percentile(countTimes, 50), 'ms');
serviceLedger.close();
fs.rmSync(dir, { recursive: true, force: true });
void Database;
