/**
 * The registers at scale (issue 5), on a copy of the generated 1,000,000-row ledger
 * (BENCH_ROWS to change) with 20,000 household files added through the service:
 *  - the dashboard of a year (one pass over ~330,000 payments);
 *  - the people grid's first page in each view, and a search by ID number;
 *  - opening a household file;
 *  - a 两金 round from a 2,000-person model-worker register;
 *  - a rule edited in the program form on a program with tens of thousands of payments
 *    (its findings are recomputed in the same transaction);
 *  - baseline: the payments grid's page query and totals of the same year.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Ledger } from '../../electron/core/ledger.ts';
import { dashboard } from '../../electron/core/queries/dashboard.ts';
import { householdDetail } from '../../electron/core/queries/households.ts';
import { paymentTotals, queryPayments } from '../../electron/core/queries/payments.ts';
import { queryPeople } from '../../electron/core/queries/people.ts';
import { createHousehold } from '../../electron/core/services/households.ts';
import { generateRound, previewRound } from '../../electron/core/services/modelWorkerRounds.ts';
import { saveProgramForm } from '../../electron/core/services/programForm.ts';
import { createProgram, getProgram } from '../../electron/core/services/programs.ts';
import type { PeopleView } from '../../shared/registers.ts';
import { bigLedger } from './bigLedger.ts';
import { figure, percentile, time } from './util.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const source = bigLedger(ROWS);
const file = path.join(path.dirname(source), `registers-run-${process.pid}.db`);
fs.copyFileSync(source, file);
const ledger = Ledger.open(file, { actor: 'bench' });
const median = (fn: () => unknown, n = 5) => percentile(Array.from({ length: n }, () => time(fn).ms), 50);

try {
  const people = ledger.db.prepare('SELECT id FROM people ORDER BY id').pluck().all() as number[];
  figure('people', people.length, 'rows');
  // 20,000 household files of two members each, through the service (one command).
  const HOUSEHOLDS = Math.min(20_000, Math.floor(people.length / 2));
  const made = time(() => ledger.run({ kind: 'bench.households', label: '建档', source: 'system' }, (tx) => {
    for (let i = 0; i < HOUSEHOLDS; i++) {
      createHousehold(tx, { fileNo: `B-${i}`, hardshipLevel: i % 3 === 0 ? '特困' : '一般困难', primaryCause: '因病', filedOn: '2015-01-01' }, [
        { personId: people[2 * i]! }, { personId: people[2 * i + 1]!, relation: '配偶' },
      ]);
    }
  }));
  figure('households_create_20000_ms', made.ms, 'ms');

  // Each command invalidates the dashboard's figures: time the computation after one.
  const touch = () => ledger.run({ kind: 'bench.touch', label: '设置', source: 'system' }, (tx) => tx.insert('settings', { key: `bench-${performance.now()}`, value: null }));
  figure('dashboard_year_ms', percentile([0, 1, 2].map(() => {
    touch();
    return time(() => dashboard(ledger, 2016)).ms;
  }), 50), 'ms');
  figure('dashboard_year_unchanged_ms', median(() => dashboard(ledger, 2016)), 'ms');
  const d = dashboard(ledger, 2016);
  figure('dashboard_year_records', d.total.records, 'rows');
  figure('baseline_payments_totals_year_ms', median(() => paymentTotals(ledger, { year: 2016 }), 3), 'ms');
  figure('baseline_payments_first_page_ms', median(() => queryPayments(ledger, { year: 2016, offset: 0, limit: 100 })), 'ms');

  for (const view of ['all', 'inFile', 'stale', 'neverHelped', 'helpedThisYear'] as PeopleView[]) {
    // The files were made today: "not updated for a year" is asked as of two years on, when all of them are.
    const asOf = `${new Date().getFullYear() + 2}-01-01`;
    figure(`people_page_${view}_ms`, median(() => queryPeople(ledger, { view, year: 2016, asOf, limit: 100 }), 3), 'ms');
  }
  figure('people_stale_files', queryPeople(ledger, { view: 'stale', asOf: `${new Date().getFullYear() + 2}-01-01`, limit: 1 }).total, 'rows');
  const someId = ledger.db.prepare('SELECT id_number FROM people WHERE id = ?').pluck().get(people[Math.floor(people.length / 2)]) as string;
  figure('people_search_id_ms', median(() => queryPeople(ledger, { search: someId.slice(-8), limit: 100 })), 'ms');
  figure('people_sort_file_updated_ms', median(() => queryPeople(ledger, { view: 'inFile', sort: [{ field: 'fileUpdatedOn', dir: 'asc' }], limit: 100 }), 3), 'ms');

  const busiest = ledger.db.prepare('SELECT h.id FROM households h JOIN people p ON p.household_id = h.id JOIN payments pay ON pay.person_id = p.id GROUP BY h.id ORDER BY count(*) DESC LIMIT 1').pluck().get() as number;
  figure('household_open_ms', median(() => householdDetail(ledger, busiest)), 'ms');
  figure('household_open_payments', householdDetail(ledger, busiest).years.reduce((s, y) => s + y.payments.length, 0), 'rows');

  // A 2,000-person register and a 两金 round.
  const program = ledger.run({ kind: 'bench.mw', label: '劳模', source: 'system' }, (tx) => {
    tx.insertMany('model_workers', people.slice(-2000).map((p, i) => ({
      person_id: p, honour_level: i % 5 === 0 ? '全国' : '省部级', title: '劳动模范', subsidy_kind: i % 5 === 0 ? '三金' : '两金', in_hardship: i % 2,
    })));
    return createProgram(tx, { code: 'B-LJ', name: '两金', year: 2017, kind: '劳模补助', rules: [], standards: [{ recipientKind: '困难劳模', cashFen: 250_000 }] });
  });
  const criteria = { programId: program, levels: ['省部级'], hardshipOnly: true, paidOn: '2017-06-30' };
  figure('round_preview_2000_ms', median(() => previewRound(ledger.db, criteria), 3), 'ms');
  const round = time(() => ledger.run({ kind: 'bench.round', label: '两金', source: 'generated' }, (tx) => generateRound(tx, criteria, 'bench')));
  figure('round_generate_ms', round.ms, 'ms');
  figure('round_generate_rows', round.result.created.length, 'rows');

  // Edit a rule of the busiest program of 2016: every one of its payments is re-checked.
  const big = ledger.db.prepare("SELECT program_id FROM payments WHERE paid_on LIKE '2016-%' GROUP BY program_id ORDER BY count(*) DESC LIMIT 1").pluck().get() as number;
  const p = getProgram(ledger, big);
  const form = {
    code: p.code, name: p.name, year: p.year, kind: p.kind, funds: [], standards: [],
    rules: [{ kind: 'max_cash_per_payment' as const, amountFen: 50_000, scope: 'program' as const, severity: 'warn' as const }],
  };
  const save = time(() => ledger.run({ kind: 'bench.program', label: '规则', source: 'keyed' }, (tx) => saveProgramForm(tx, big, form)));
  figure('program_rule_edit_ms', save.ms, 'ms');
  figure('program_rule_edit_payments', p.paymentCount, 'rows');
} finally {
  ledger.close();
  for (const ext of ['', '-wal', '-shm']) fs.rmSync(file + ext, { force: true });
}
