/**
 * A generated county-to-province sized ledger for benchmarks, built through the
 * service layer and kept in .bench/ (not committed) so that later runs reuse it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Ledger } from '../../electron/core/ledger.ts';
import { bulkInsertPeople } from '../../electron/core/services/people.ts';
import { bulkInsertPayments } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { ensureUnit } from '../../electron/core/services/units.ts';
import { LATEST_VERSION } from '../../electron/core/db/migrations/index.ts';
import { RULES_VERSION } from '../../shared/domain/rules.ts';
import { generateLedger } from './generate.ts';

export const BENCH_DIR = path.join(import.meta.dirname, '..', '..', '.bench');

export function bigLedger(rows: number): string {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  // By schema and rules version: a ledger whose findings were stored under older rules is checked again after opening
  // (in chunks, beside the work measured), so a bench reusing it would measure that too.
  const file = path.join(BENCH_DIR, `ledger-${rows}-v${LATEST_VERSION}-r${RULES_VERSION}.db`);
  if (fs.existsSync(file)) return file;
  const partial = `${file}.building`;
  fs.rmSync(partial, { force: true });
  fs.rmSync(`${partial}-wal`, { force: true });
  const data = generateLedger({ payments: rows, people: Math.ceil(rows / 3.3), years: [2015, 2016, 2017] });
  const ledger = Ledger.open(partial, { actor: 'bench' });
  ledger.run({ kind: 'bench.build', label: '基准台账', source: 'system', undoable: false }, (tx) => {
    const unitIds = new Map(data.units.map((u) => [u, ensureUnit(tx, u)]));
    const programIds = data.programs.map((p) => createProgram(tx, { ...p, rules: [{ kind: 'max_cash_per_person_year', amountFen: 500_000, category: null, scope: 'all', otherProgramId: null, severity: 'warn' }] }));
    const personIds = bulkInsertPeople(tx, data.people.map((p) => ({ name: p.name, idNumber: p.idNumber, gender: p.gender, unitId: unitIds.get(p.unit)! })));
    bulkInsertPayments(tx, data.payments.map((p) => ({
      programId: programIds[p.programIndex]!, personId: personIds[p.personIndex]!, paidOn: p.paidOn, cashFen: p.cashFen, goodsFen: p.goodsFen,
      goodsDesc: p.goodsDesc, recipientKind: p.recipientKind, category: p.category, unitId: unitIds.get(data.people[p.personIndex]!.unit)!, clerk: 'bench',
    })));
  });
  ledger.close();
  fs.renameSync(partial, file);
  return file;
}
