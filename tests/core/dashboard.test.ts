/**
 * 首页 figures equal SQL sums over the same ledger, computed independently here,
 * on a full county year (several programs and funds, goods, households, a person
 * known by name only, a payment outside any program, a reversal, payments of the
 * next year), and agree with the annual form's totals.
 */
import { describe, expect, it } from 'vitest';
import { dashboard } from '../../electron/core/queries/dashboard.ts';
import { yearStats } from '../../electron/core/export/annual.ts';
import type { Ledger } from '../../electron/core/ledger.ts';
import { fullCounty, HUANING_UNITS } from '../helpers/county.ts';
import { tempLedger } from '../helpers/ledger.ts';

/** What counts: not a reversal entry, not reversed, not a payment of 0 (cash and goods). */
const COUNTED = 'p.reverses_id IS NULL AND p.id NOT IN (SELECT reverses_id FROM payments WHERE reverses_id IS NOT NULL) AND (p.cash_fen <> 0 OR p.goods_fen <> 0)';

function sqlFigures(ledger: Ledger, year: number, where = '1', ...params: unknown[]) {
  const db = ledger.db;
  const base = `FROM payments p LEFT JOIN people pe ON pe.id = p.person_id LEFT JOIN programs pr ON pr.id = p.program_id
    WHERE substr(p.paid_on, 1, 4) = '${year}' AND (${where})`;
  const money = db.prepare(`SELECT count(*) AS records, total(p.cash_fen) AS cash, total(p.goods_fen) AS goods ${base}`).get(...params) as { records: number; cash: number; goods: number };
  const counted = db.prepare(`SELECT count(*) AS times, count(DISTINCT ifnull(p.person_id, 'x' || p.id)) AS people,
      count(DISTINCT CASE WHEN pe.household_id IS NOT NULL THEN 'h' || pe.household_id WHEN p.person_id IS NOT NULL THEN 'p' || p.person_id ELSE 'x' || p.id END) AS households
    ${base} AND ${COUNTED}`).get(...params) as { times: number; people: number; households: number };
  return {
    records: money.records, personTimes: counted.times, people: counted.people, households: counted.households,
    cashFen: money.cash, goodsFen: money.goods, totalFen: money.cash + money.goods,
  };
}

/** A slice's figures: the year's without 人数 and 户数. */
function slice(f: ReturnType<typeof sqlFigures>) {
  const { people: _p, households: _h, ...rest } = f;
  return rest;
}

describe('the dashboard', () => {
  it('equals SQL sums of the year: in total, by program (with funds), month, recipient kind and unit; top findings', () => {
    const ledger = tempLedger();
    fullCounty(ledger, { officeName: '华宁县总工会', regionCode: '530424', units: HUANING_UNITS, seed: 3 });
    // A grassroots union under the 盘溪镇 township union, with a payment: it counts under the township.
    const panxi = ledger.db.prepare("SELECT id FROM units WHERE name = '盘溪镇工会联合会'").pluck().get() as number;
    ledger.run({ kind: 't', label: '基层工会', source: 'keyed' }, (tx) => {
      const child = tx.insert('units', { name: '盘溪镇砖厂工会', parent_id: panxi });
      tx.insert('payments', { program_id: null, person_id: null, paid_on: '2011-03-03', cash_fen: 7_700, unit_id: child });
    });
    const d = dashboard(ledger, 2011);
    expect(d.total).toEqual(sqlFigures(ledger, 2011));
    expect(d.total.records).toBeGreaterThan(60);
    expect(d.total.households).toBeLessThan(d.total.people); // two households of three

    // The annual form counts the same way.
    const annual = yearStats(ledger.db, 2011, [])[0]!;
    expect([annual.households, annual.people, annual.payments, annual.cashFen, annual.goodsFen]).toEqual([d.total.households, d.total.people, d.total.personTimes, d.total.cashFen, d.total.goodsFen]);

    // By program, including the payment outside any program; funds raised by the annual form's rule.
    for (const p of d.byProgram) {
      const where = p.programId === null ? 'p.program_id IS NULL' : 'p.program_id = ?';
      expect(p.figures, p.label).toEqual(slice(sqlFigures(ledger, 2011, where, ...(p.programId === null ? [] : [p.programId]))));
      if (p.programId !== null) {
        expect(p.raisedFen).toBe(ledger.db.prepare(`SELECT total(f.amount_fen) FROM program_funds f JOIN programs pr ON pr.id = f.program_id
          WHERE f.program_id = ? AND CAST(ifnull(substr(f.received_on, 1, 4), pr.year) AS TEXT) = '2011'`).pluck().get(p.programId));
      }
    }
    expect(d.byProgram.map((s) => s.label)).toContain('未归入项目');
    expect(d.byProgram.map((s) => s.label)).not.toContain('2012年春节送温暖');
    expect(d.byProgram.reduce((s, p) => s + p.figures.totalFen, 0)).toBe(d.total.totalFen);
    expect(d.raisedFen).toBe(ledger.db.prepare(`SELECT total(f.amount_fen) FROM program_funds f JOIN programs pr ON pr.id = f.program_id
      WHERE CAST(ifnull(substr(f.received_on, 1, 4), pr.year) AS TEXT) = '2011'`).pluck().get());
    expect(d.raisedFen).toBe(3_000_000 + 1_000_000 + 1_500_000 + 200_000);
    expect(d.balanceFen).toBe(d.raisedFen - d.total.totalFen);

    for (const m of d.byMonth) expect(m.figures, `${m.month}月`).toEqual(slice(sqlFigures(ledger, 2011, "substr(p.paid_on, 6, 2) = ?", String(m.month).padStart(2, '0'))));
    expect(d.byMonth).toHaveLength(12);
    for (const k of d.byRecipientKind) {
      const where = k.key === '' ? "ifnull(p.recipient_kind, '') = ''" : 'p.recipient_kind = ?';
      expect(k.figures, k.label).toEqual(slice(sqlFigures(ledger, 2011, where, ...(k.key === '' ? [] : [k.key]))));
    }
    // In the code list's order.
    expect(d.byRecipientKind.map((k) => k.label)).toEqual([...ledger.db.prepare(`SELECT DISTINCT p.recipient_kind FROM payments p
      JOIN code_lists c ON c.list = 'recipient_kind' AND c.value = p.recipient_kind WHERE p.paid_on LIKE '2011-%' ORDER BY c.sort_order`).pluck().all(), '未分类']);
    for (const u of d.byUnit) {
      const where = u.unitId === null ? 'p.unit_id IS NULL' : 'p.unit_id IN (SELECT id FROM units WHERE id = ? OR parent_id = ?)';
      expect(u.figures, u.label).toEqual(slice(sqlFigures(ledger, 2011, where, ...(u.unitId === null ? [] : [u.unitId, u.unitId]))));
    }
    const township = d.byUnit.find((u) => u.label === '盘溪镇工会联合会')!;
    expect(township.unitNames.sort()).toEqual(['盘溪镇工会联合会', '盘溪镇砖厂工会'].sort());
    expect(d.byUnit.some((u) => u.label === '盘溪镇砖厂工会')).toBe(false);
    expect(d.byUnit.reduce((s, u) => s + u.figures.records, 0)).toBe(d.total.records);
    const totals = d.byUnit.map((u) => u.figures.totalFen);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));

    // Statuses and findings of the year's payments.
    const statuses = Object.fromEntries((ledger.db.prepare("SELECT status, count(*) AS n FROM payments WHERE paid_on LIKE '2011-%' GROUP BY status").all() as { status: string; n: number }[]).map((r) => [r.status, r.n]));
    expect(Object.fromEntries(Object.entries(d.byStatus).filter(([, n]) => n > 0))).toEqual(statuses);
    const findings = ledger.db.prepare(`SELECT i.code, i.severity, count(DISTINCT i.payment_id) AS n FROM payment_issues i JOIN payments p ON p.id = i.payment_id
      WHERE p.paid_on LIKE '2011-%' GROUP BY i.code, i.severity ORDER BY n DESC`).all() as { code: string; severity: string; n: number }[];
    expect(findings.length).toBeGreaterThan(0);
    expect(d.warnings.map((w) => [w.code, w.severity, w.count]).sort()).toEqual(findings.slice(0, 8).map((f) => [f.code, f.severity, f.n]).sort());
    expect(d.warnings.every((w) => w.label.length > 0)).toBe(true);

    // 2012 is a small share of the ledger (read through the date index): the same sums.
    expect(dashboard(ledger, 2012).total).toEqual(sqlFigures(ledger, 2012));
    // Unchanged ledger: the same figures are served again; any command (here a new payment) recomputes them.
    expect(dashboard(ledger, 2011)).toBe(d);
    ledger.run({ kind: 't', label: '新增', source: 'keyed' }, (tx) => tx.insert('payments', { program_id: null, person_id: null, paid_on: '2011-08-08', cash_fen: 12_345 }));
    const after = dashboard(ledger, 2011);
    expect(after.total).toEqual(sqlFigures(ledger, 2011));
    expect(after.total.records).toBe(d.total.records + 1);
    expect(after.byMonth[7]!.figures.cashFen).toBe(d.byMonth[7]!.figures.cashFen + 12_345);

    // A year without payments is all zeros; a bad year is refused.
    expect(dashboard(ledger, 2030).total).toEqual({ records: 0, personTimes: 0, people: 0, households: 0, cashFen: 0, goodsFen: 0, totalFen: 0 });
    expect(() => dashboard(ledger, 20300)).toThrow(/年度无效/);
    ledger.close();
  });
});
