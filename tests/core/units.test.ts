/** One unit however it is written: Simplified, Traditional or a mix, with padding, as the import already matches them. */
import { describe, expect, it } from 'vitest';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { ensureUnit, findUnit } from '../../electron/core/services/units.ts';
import { tempLedger } from '../helpers/ledger.ts';

describe('units by name', () => {
  it('a payment typed with the Traditional (or mixed, or padded) name of a unit is that unit, not a second one', () => {
    const ledger = tempLedger();
    const cmd = { kind: 't', label: 't', source: 'keyed' as const };
    const programId = ledger.run({ ...cmd, source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '2017年春节送温暖', year: 2017, kind: '送温暖' }));
    const pay = (unitName: string) => ledger.run(cmd, (tx) => applyPaymentEdits(tx, [{ cells: { personName: '王芳', unitName, cashFen: '600', paidOn: '2017-01-20' } }], { programId }, 'x'));
    pay('华宁县水泥厂工会');
    for (const written of ['華寧縣水泥廠工會', '华宁縣水泥廠工会', '華寧縣 水泥廠工會', '华宁县水泥厂工会']) pay(written);
    const units = ledger.db.prepare('SELECT name FROM units').pluck().all();
    expect(units).toEqual(['华宁县水泥厂工会']);
    expect(ledger.db.prepare('SELECT count(DISTINCT unit_id) FROM payments').pluck().get()).toBe(1);
    // Another name is another unit, in either script; the first spelling typed is the one kept.
    pay('華寧縣磷肥廠工會');
    pay('华宁县磷肥厂工会');
    expect(ledger.db.prepare('SELECT name FROM units ORDER BY id').pluck().all()).toEqual(['华宁县水泥厂工会', '華寧縣磷肥廠工會']);
    expect(findUnit(ledger, '华宁县磷肥厂工会')).toBe(findUnit(ledger, '華寧縣磷肥廠工會'));
    expect(findUnit(ledger, '华宁县水泥厂')).toBeNull();
    // Under another parent it is another unit.
    const county = findUnit(ledger, '华宁县水泥厂工会')!;
    const child = ledger.run(cmd, (tx) => ensureUnit(tx, '華寧縣水泥廠工會', county));
    expect(child).not.toBe(county);
    expect(ledger.run(cmd, (tx) => ensureUnit(tx, '华宁县水泥厂工会', county))).toBe(child);
    ledger.close();
  });
});
