/**
 * Bulk writes. Tx.bulkLoad: a bulk insert at least as big as the table drops
 * the table's non-unique indexes and builds them again afterwards; the result
 * must be the same ledger as without it (rows, indexes, findings, audit), and an
 * error half way must leave the schema and the rows exactly as they were.
 * Findings of people created by the same bulk command are computed from the rows
 * in memory; they must be exactly what a full recompute from the tables gives.
 */
import { describe, expect, it } from 'vitest';
import type { Ledger } from '../../electron/core/ledger.ts';
import { replayAudit } from '../../electron/core/replay.ts';
import { bulkInsertPeople } from '../../electron/core/services/people.ts';
import { bulkInsertPayments } from '../../electron/core/services/payments.ts';
import { createProgram, replaceRules } from '../../electron/core/services/programs.ts';
import { closeYear } from '../../electron/core/services/years.ts';
import { generateLedger } from '../bench/generate.ts';
import { dumpTables, tempLedger } from '../helpers/ledger.ts';

const N = 12_000;

function schema(ledger: Ledger): string[] {
  return (ledger.db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").raw().all() as string[][]).map((r) => r.join('|'));
}

function indexRoots(ledger: Ledger, table: string): Record<string, number> {
  return Object.fromEntries(ledger.db.prepare("SELECT name, rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = ?").raw().all(table) as [string, number][]);
}

/** People and their payments, as a roster import writes them; `load` wraps each insert in bulkLoad. */
function write(ledger: Ledger, load: boolean, fail = false): void {
  const data = generateLedger({ payments: N, people: N, years: [2017], seed: 5 });
  const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '项目', year: 2017, kind: '送温暖' }));
  ledger.run({ kind: 'bulk', label: '批量', source: 'imported', undoable: false }, (tx) => {
    // People as the import commit loads them: their UNIQUE index on the ID number built again too.
    const wrap = <T>(table: 'people' | 'payments', rows: number, fn: () => T): T => (load ? tx.bulkLoad(table, rows, fn, { unique: table === 'people' }) : fn());
    const ids = wrap('people', N, () => bulkInsertPeople(tx, data.people.map((p) => ({ name: p.name, idNumber: p.idNumber }))));
    wrap('payments', N, () => {
      bulkInsertPayments(tx, data.payments.map((p, i) => ({ programId, personId: ids[i % 7 === 0 ? 0 : i]!, paidOn: p.paidOn, cashFen: p.cashFen, category: p.category })));
      if (fail) throw new Error('写到一半失败');
    });
  });
}

describe('Tx.bulkLoad', () => {
  it('gives the same ledger as inserting with the indexes in place: rows, indexes, findings, audit', () => {
    const plain = tempLedger({ now: () => new Date('2018-01-01T00:00:00Z') });
    const loaded = tempLedger({ now: () => new Date('2018-01-01T00:00:00Z') });
    write(plain, false);
    const before = { ...indexRoots(loaded, 'payments'), ...indexRoots(loaded, 'people') };
    write(loaded, true);
    // The indexes were built again (new root pages), with the same definitions.
    const after = { ...indexRoots(loaded, 'payments'), ...indexRoots(loaded, 'people') };
    expect(Object.keys(after).filter((name) => after[name] === before[name])).toEqual([]);
    expect(schema(loaded)).toEqual(schema(plain));
    expect(dumpTables(loaded)).toEqual(dumpTables(plain));
    // Every seventh payment is the first person's: paid again and again in the same program (the default rule: once per person).
    expect(loaded.db.prepare("SELECT count(*) FROM payment_issues WHERE code LIKE 'rule:%'").pluck().get()).toBeGreaterThan(1000);
    expect(loaded.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The planner uses the rebuilt index.
    const plan = loaded.db.prepare('EXPLAIN QUERY PLAN SELECT id FROM payments WHERE person_id = ?').all(1) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/payments_person/);
    expect(replayAudit(loaded).ok).toBe(true);
    plain.close();
    loaded.close();
  });

  it('keeps the indexes of a table that already holds more rows than are added', () => {
    const ledger = tempLedger();
    write(ledger, true);
    const roots = indexRoots(ledger, 'people');
    const data = generateLedger({ payments: 10, people: 10_500, years: [2017], seed: 99 });
    ledger.run({ kind: 'bulk', label: '批量', source: 'keyed' }, (tx) =>
      tx.bulkLoad('people', 10_500, () => bulkInsertPeople(tx, data.people.map((p) => ({ name: p.name })))),
    );
    expect(indexRoots(ledger, 'people')).toEqual(roots);
    expect(ledger.db.pragma('integrity_check', { simple: true })).toBe('ok');
    ledger.close();
  });

  it('lowers the page cache from its first bulk load to the end of the command (findings, statistics), then puts it back, after an error too', () => {
    const ledger = tempLedger();
    const cache = () => ledger.db.pragma('cache_size', { simple: true }) as number;
    const before = cache();
    const data = generateLedger({ payments: 10, people: N, years: [2017], seed: 7 });
    const seen: number[] = [];
    ledger.run({ kind: 'bulk', label: '批量', source: 'imported', undoable: false }, (tx) => {
      tx.bulkLoad('people', N, () => bulkInsertPeople(tx, data.people.map((p) => ({ name: p.name }))));
      seen.push(cache());
    });
    expect(seen[0]).toBeGreaterThan(before);
    expect(seen[0]).toBeLessThan(0);
    expect(cache()).toBe(before);
    expect(() => ledger.run({ kind: 'bulk', label: '批量', source: 'imported', undoable: false }, (tx) => {
      tx.bulkLoad('people', N, () => bulkInsertPeople(tx, data.people.map((p) => ({ name: `${p.name}乙` }))));
      throw new Error('写完之后失败');
    })).toThrow('写完之后失败');
    expect(cache()).toBe(before);
    ledger.close();
  });

  it('with its UNIQUE indexes dropped too, a duplicate fails the command as it does without bulkLoad, and nothing is written', () => {
    const data = generateLedger({ payments: 10, people: N, years: [2017], seed: 6 });
    const people = data.people.map((p, i) => ({ name: p.name, idNumber: i === N - 1 ? data.people[3]!.idNumber : p.idNumber }));
    const errors = [false, true].map((load) => {
      const ledger = tempLedger();
      const schemaBefore = schema(ledger);
      let error: unknown = null;
      try {
        ledger.run({ kind: 'bulk', label: '批量', source: 'imported', undoable: false }, (tx) =>
          load ? tx.bulkLoad('people', N, () => bulkInsertPeople(tx, people), { unique: true }) : bulkInsertPeople(tx, people),
        );
      } catch (e) {
        error = e;
      }
      expect(schema(ledger)).toEqual(schemaBefore);
      expect(ledger.db.prepare('SELECT count(*) FROM people').pluck().get()).toBe(0);
      ledger.close();
      return error as { code: string; message: string };
    });
    expect(errors[1]).toMatchObject({ code: errors[0]!.code, message: errors[0]!.message });
    expect(errors[0]!.message).toMatch(/UNIQUE constraint failed: people.id_number/);
  });

  it('sets the year-close lock aside only while no year is closed: a bulk load into a closed year is refused with its message, and the lock is back after', () => {
    const ledger = tempLedger();
    const lock = () => ledger.db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'payments_closed_year_insert'").pluck().get();
    const sql = lock();
    expect(sql).toMatch(/BEFORE INSERT ON payments/);
    // No year closed: the bulk load runs without it, and it is there again afterwards, the same.
    write(ledger, true);
    expect(lock()).toBe(sql);
    ledger.run({ kind: 'year.close', label: '结账', source: 'keyed', undoable: false }, (tx) => closeYear(tx, 2017, '张会计'));
    const count = () => ledger.db.prepare('SELECT count(*) FROM payments').pluck().get();
    const before = count();
    // It refuses a single 2017 payment…
    const one = () => ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => bulkInsertPayments(tx, [{ programId: null, personId: 1, paidOn: '2017-05-01', cashFen: 100 }]));
    expect(one).toThrow(/^2017年度已结账，不能新增该年度的发放记录$/);
    // …and, with 2017 closed, a bulk load of 2017 payments into a fresh ledger the same way: nothing written.
    const fresh = tempLedger();
    fresh.run({ kind: 'year.close', label: '结账', source: 'keyed', undoable: false }, (tx) => closeYear(tx, 2017, '张会计'));
    const schemaBefore = schema(fresh);
    expect(() => write(fresh, true)).toThrow(/^2017年度已结账，不能新增该年度的发放记录$/);
    expect(schema(fresh)).toEqual(schemaBefore);
    expect(fresh.db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(0);
    // A year closed inside the bulk load itself: the command fails whole, the lock kept.
    const third = tempLedger();
    const third0 = schema(third);
    expect(() => third.run({ kind: 'bulk', label: '批量', source: 'imported', undoable: false }, (tx) =>
      tx.bulkLoad('payments', N, () => {
        bulkInsertPayments(tx, Array.from({ length: N }, (_, i) => ({ programId: null, personId: null, paidOn: '2016-03-01', cashFen: 100 + i })));
        closeYear(tx, 2016, '张会计');
      }),
    )).toThrow(/payments_closed_year_insert/);
    expect(schema(third)).toEqual(third0);
    expect(count()).toBe(before);
    for (const l of [ledger, fresh, third]) l.close();
  });

  it('an error half way leaves the schema and every table as they were', () => {
    const ledger = tempLedger();
    const schemaBefore = schema(ledger);
    expect(() => write(ledger, true, true)).toThrow('写到一半失败');
    expect(schema(ledger)).toEqual(schemaBefore);
    expect(ledger.db.prepare('SELECT count(*) FROM people').pluck().get()).toBe(0);
    expect(ledger.db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(0);
    expect(ledger.db.pragma('integrity_check', { simple: true })).toBe('ok');
    ledger.close();
  });
});

describe('findings of a bulk insert', () => {
  function issues(ledger: Ledger): unknown[] {
    return ledger.db.prepare('SELECT payment_id, code, severity, field, message, rule_id FROM payment_issues ORDER BY payment_id, code, message').raw().all();
  }

  it('for new and existing people, with rules per person-year and per household: what a full recompute gives', () => {
    const ledger = tempLedger();
    const data = generateLedger({ payments: 3000, people: 600, years: [2016, 2017], seed: 21 });
    const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => {
      const id = createProgram(tx, { code: 'P', name: '项目', year: 2017, kind: '送温暖' });
      replaceRules(tx, id, [
        { kind: 'once_per_person_program', amountFen: null, category: null, scope: 'program', otherProgramId: null, severity: 'error' },
        { kind: 'max_cash_per_person_year', amountFen: 150_000, category: null, scope: 'all', otherProgramId: null, severity: 'warn' },
        { kind: 'once_per_household_year', amountFen: null, category: null, scope: 'all', otherProgramId: null, severity: 'warn' },
      ]);
      return id;
    });
    // Existing people, some in a household, with payments of their own.
    const existing = ledger.run({ kind: 't', label: '已有', source: 'keyed' }, (tx) => {
      const hh = tx.insert('households', { file_no: 'H1', file_status: '在档' });
      const ids = bulkInsertPeople(tx, data.people.slice(0, 200).map((p, i) => ({ name: p.name, idNumber: p.idNumber, householdId: i % 10 === 0 ? hh : null })));
      bulkInsertPayments(tx, ids.map((personId, i) => ({ programId, personId, paidOn: data.payments[i]!.paidOn, cashFen: 100_000, category: '因病' })));
      return ids;
    });
    // One bulk command: new people (some with an ID problem, one unnamed gender mismatch) and payments for new and existing people.
    ledger.run({ kind: 'bulk', label: '导入', source: 'imported', undoable: false }, (tx) => {
      const fresh = bulkInsertPeople(tx, data.people.slice(200).map((p, i) => ({ name: p.name, idNumber: i % 50 === 0 ? p.idNumber.slice(0, 17) + 'Y' : p.idNumber, gender: i % 40 === 1 ? (p.gender === '男' ? '女' : '男') : p.gender })));
      const people = [...existing, ...fresh];
      bulkInsertPayments(tx, data.payments.map((p, i) => ({
        programId: i % 9 === 0 ? null : programId, personId: i % 97 === 0 ? null : people[(i * 7) % people.length]!, paidOn: p.paidOn, cashFen: i % 31 === 0 ? 0 : p.cashFen, goodsFen: p.goodsFen, category: p.category,
      })));
    });
    const incremental = issues(ledger);
    expect(incremental.length).toBeGreaterThan(1000);
    ledger.recomputeAllIssues();
    expect(issues(ledger)).toEqual(incremental);
    ledger.close();
  });

  it('when the same command also changes one of the new payments, or the program’s rules: what a full recompute gives', () => {
    for (const then of ['update', 'delete', 'rules'] as const) {
      const ledger = tempLedger();
      const data = generateLedger({ payments: 400, people: 100, years: [2017], seed: 4 });
      const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '项目', year: 2017, kind: '送温暖' }));
      ledger.run({ kind: 'bulk', label: '导入', source: 'imported', undoable: false }, (tx) => {
        const people = bulkInsertPeople(tx, data.people.map((p) => ({ name: p.name, idNumber: p.idNumber })));
        const ids = bulkInsertPayments(tx, data.payments.map((p, i) => ({ programId, personId: people[i % people.length]!, paidOn: p.paidOn, cashFen: p.cashFen })));
        if (then === 'update') tx.update('payments', ids[5]!, { paid_on: '2016-12-31', cash_fen: 0 });
        else if (then === 'delete') tx.delete('payments', ids[0]!);
        else replaceRules(tx, programId, [{ kind: 'max_cash_per_person_year', amountFen: 150_000, category: null, scope: 'program', otherProgramId: null, severity: 'warn' }]);
      });
      const incremental = issues(ledger);
      expect(incremental.length, then).toBeGreaterThan(50);
      ledger.recomputeAllIssues();
      expect(issues(ledger), then).toEqual(incremental);
      ledger.close();
    }
  });
});

describe('planner statistics after bulk commands', () => {
  it('analyses a table again when a command changed a tenth of its rows or more, and leaves them when less', () => {
    const ledger = tempLedger();
    const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '2017年春节送温暖', year: 2017, kind: '送温暖' }));
    const personId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => bulkInsertPeople(tx, [{ name: '王芳' }]))[0]!;
    const add = (n: number) =>
      ledger.run({ kind: 'import.commit', label: 'bulk', source: 'imported', undoable: false }, (tx) =>
        bulkInsertPayments(tx, Array.from({ length: n }, (_, i) => ({ programId, personId, paidOn: `2017-01-${String(1 + (i % 28)).padStart(2, '0')}`, cashFen: 10_000 + (i % 50) * 100 }))),
      );
    const analysedRows = (table: string) => ledger.db.prepare('SELECT max(CAST(stat AS INTEGER)) FROM sqlite_stat1 WHERE tbl = ?').pluck().get(table) as number;
    add(60_000);
    expect(analysedRows('payments')).toBe(60_000);
    expect(analysedRows('payment_issues')).toBeGreaterThan(0);
    // 5,000 of 65,000: the statistics still describe the table.
    add(5_000);
    expect(analysedRows('payments')).toBe(60_000);
    // 7,000 more: over a tenth of what was analysed.
    add(7_000);
    expect(analysedRows('payments')).toBe(72_000);
    // The plans the grid relies on still use the indexes.
    const plan = (ledger.db.prepare('EXPLAIN QUERY PLAN SELECT id FROM payments ORDER BY cash_fen LIMIT 50').all() as { detail: string }[]).map((r) => r.detail).join(' ');
    expect(plan).toMatch(/USING (COVERING )?INDEX payments_cash/);
    // With statisticsAfterCommit (the import host) the command only notes the stale tables; they are analysed on request, once.
    ledger.statisticsAfterCommit = true;
    add(10_000);
    expect(analysedRows('payments')).toBe(72_000);
    expect(ledger.refreshPendingStatistics().sort()).toEqual(['payment_issues', 'payments']);
    expect(analysedRows('payments')).toBe(82_000);
    expect(ledger.refreshPendingStatistics()).toEqual([]);
    ledger.close();
  }, 60_000);
});
