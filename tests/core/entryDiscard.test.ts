/**
 * The entry row's half-keyed entry discarded (Esc, `discardEntry`): its payment and what its own saves made that nothing
 * else uses (the person a new name registered, a unit a new unit name created) go in one undoable command; one undo
 * brings them all back; nothing else is touched; the audit still rebuilds the ledger.
 */
import { describe, expect, it } from 'vitest';
import { historyState, redo, undo } from '../../electron/core/history.ts';
import type { Ledger } from '../../electron/core/ledger.ts';
import { replayAudit } from '../../electron/core/replay.ts';
import { discardEntry } from '../../electron/core/services/entries.ts';
import { editPeople } from '../../electron/core/services/households.ts';
import { applyPaymentEdits, setPaymentStatus, type PaymentRowEdit } from '../../electron/core/services/payments.ts';
import { createPerson } from '../../electron/core/services/people.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { ensureUnit } from '../../electron/core/services/units.ts';
import { dumpValues, tempLedger } from '../helpers/ledger.ts';

const KEY = 'e-5a1c0d2e9f7b4c3d8e6f0a1b2c3d4e5f';

function seeded(): { ledger: Ledger; programId: number; liQiang: number } {
  const ledger = tempLedger();
  return ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) => {
    const programId = createProgram(tx, { code: 'P', name: '2017年医疗救助', year: 2017, kind: '医疗救助' });
    ensureUnit(tx, '华宁县水泥厂工会');
    const liQiang = createPerson(tx, { name: '李强', idNumber: '530424198001019516' });
    return { ledger, programId, liQiang };
  });
}

/** One cell of the entry row, as the grid sends it: the entry's key, with the payment's id once known. */
function keyed(ledger: Ledger, programId: number, edit: PaymentRowEdit, key = KEY): number {
  const res = ledger.run({ kind: 'payments.keyed', label: '新增发放记录', source: 'keyed', dropIfNothingWritten: true }, (tx) =>
    applyPaymentEdits(tx, [{ ...edit, entryKey: key }], { programId, paidOn: '2017-12-31' }, '测试'));
  return [...res.created, ...res.updated][0]!;
}

const names = (ledger: Ledger) => ledger.db.prepare('SELECT name FROM people ORDER BY id').pluck().all();
const units = (ledger: Ledger) => ledger.db.prepare('SELECT name FROM units ORDER BY id').pluck().all();
const paymentCount = (ledger: Ledger) => ledger.db.prepare('SELECT count(*) FROM payments').pluck().get();

describe('discarding the entry row\'s entry', () => {
  it('a new name alone: the payment and the person it made go in one step; one undo brings both back, redo takes them again', () => {
    const { ledger, programId } = seeded();
    const before = dumpValues(ledger);
    const id = keyed(ledger, programId, { cells: { personName: '周敏' } });
    expect(names(ledger)).toEqual(['李强', '周敏']);
    const typed = dumpValues(ledger);
    const out = discardEntry(ledger, id, KEY, '测试');
    expect(out).toMatchObject({ paymentId: id, people: [{ name: '周敏' }], units: [] });
    expect(paymentCount(ledger)).toBe(0);
    expect(names(ledger)).toEqual(['李强']);
    // Nothing else changed (the entry's key stays, naming no payment, as after a delete).
    const { payment_entry_keys: _k1, ...afterDiscard } = dumpValues(ledger);
    const { payment_entry_keys: _k2, ...beforeEntry } = before;
    expect(afterDiscard).toEqual(beforeEntry);
    expect(historyState(ledger).undoLabel).toBe('放弃录入“周敏”');
    expect(undo(ledger, '测试').label).toBe('放弃录入“周敏”');
    expect(dumpValues(ledger)).toEqual(typed);
    redo(ledger, '测试');
    expect(paymentCount(ledger)).toBe(0);
    expect(names(ledger)).toEqual(['李强']);
    expect(replayAudit(ledger)).toMatchObject({ ok: true, differences: [] });
    ledger.close();
  });

  it('the entry\'s later cells: an ID typed after the name (it completes the person, writing no payment) and a new unit go too', () => {
    const { ledger, programId } = seeded();
    const id = keyed(ledger, programId, { cells: { personName: '周敏' } });
    keyed(ledger, programId, { id, cells: { idNumber: '530424197512030026' } });
    expect(ledger.db.prepare('SELECT id_number FROM people WHERE name = ?').pluck().get('周敏')).toBe('530424197512030026');
    keyed(ledger, programId, { id, cells: { unitName: '华宁县第一中学' } });
    keyed(ledger, programId, { id, cells: { cashFen: '300' } });
    const typed = dumpValues(ledger);
    expect(discardEntry(ledger, id, KEY, '测试')).toMatchObject({ people: [{ name: '周敏' }], units: [{ name: '华宁县第一中学' }] });
    expect(names(ledger)).toEqual(['李强']);
    expect(units(ledger)).toEqual(['华宁县水泥厂工会']);
    undo(ledger, '测试');
    expect(dumpValues(ledger)).toEqual(typed);
    // Discarded again after the undo (the undo made them again, with the payment).
    expect(discardEntry(ledger, id, KEY, '测试')).toMatchObject({ people: [{ name: '周敏' }], units: [{ name: '华宁县第一中学' }] });
    expect(replayAudit(ledger)).toMatchObject({ ok: true, differences: [] });
    ledger.close();
  });

  it('a name corrected in the entry (周敏, then 周明): both people it made go', () => {
    const { ledger, programId } = seeded();
    const id = keyed(ledger, programId, { cells: { personName: '周敏' } });
    keyed(ledger, programId, { id, cells: { personName: '周明' } });
    expect(names(ledger)).toEqual(['李强', '周敏', '周明']);
    expect(discardEntry(ledger, id, KEY, '测试').people.map((p) => p.name)).toEqual(['周敏', '周明']);
    expect(names(ledger)).toEqual(['李强']);
    ledger.close();
  });

  it('what the entry did not make, or what something else uses, stays: a registered person, an existing unit, a person paid since, one edited in 人员档案', () => {
    const { ledger, programId, liQiang } = seeded();
    // 李强 chosen, the existing unit typed.
    let id = keyed(ledger, programId, { personId: liQiang, cells: {} });
    keyed(ledger, programId, { id, cells: { unitName: '华宁县水泥厂工会' } });
    expect(discardEntry(ledger, id, KEY, '测试')).toMatchObject({ people: [], units: [] });
    expect(names(ledger)).toEqual(['李强']);
    expect(units(ledger)).toEqual(['华宁县水泥厂工会']);
    // 周敏 made by an entry, then paid by another row: the person stays with that payment.
    id = keyed(ledger, programId, { cells: { personName: '周敏' } }, `${KEY}1`);
    const zhouMin = ledger.db.prepare('SELECT id FROM people WHERE name = ?').pluck().get('周敏') as number;
    keyed(ledger, programId, { personId: zhouMin, cells: { cashFen: '200' } }, `${KEY}2`);
    expect(discardEntry(ledger, id, `${KEY}1`, '测试').people).toEqual([]);
    expect(names(ledger)).toEqual(['李强', '周敏']);
    // 王芳 made by an entry, then given a phone in 人员档案: the clerk's work on her stays.
    id = keyed(ledger, programId, { cells: { personName: '王芳' } }, `${KEY}3`);
    const wangFang = ledger.db.prepare('SELECT id FROM people WHERE name = ?').pluck().get('王芳') as number;
    ledger.run({ kind: 'people.keyed', label: '修改电话', source: 'keyed' }, (tx) => editPeople(tx, [{ id: wangFang, cells: { phone: '13912345678' } }]));
    expect(discardEntry(ledger, id, `${KEY}3`, '测试').people).toEqual([]);
    expect(names(ledger)).toEqual(['李强', '周敏', '王芳']);
    expect(replayAudit(ledger)).toMatchObject({ ok: true, differences: [] });
    ledger.close();
  });

  it('refused, nothing changed: another payment than the key\'s, an unknown key, a payment no longer 登记, one already gone', () => {
    const { ledger, programId, liQiang } = seeded();
    const id = keyed(ledger, programId, { cells: { personName: '周敏' } });
    const other = keyed(ledger, programId, { personId: liQiang, cells: { cashFen: '500' } }, `${KEY}9`);
    const before = dumpValues(ledger);
    expect(() => discardEntry(ledger, other, KEY, '测试')).toThrow(/不是录入行正在录入的记录/);
    expect(() => discardEntry(ledger, id, 'e-never-used-key', '测试')).toThrow(/不是录入行正在录入的记录/);
    ledger.run({ kind: 't', label: '审核', source: 'keyed' }, (tx) => setPaymentStatus(tx, [other], '已审核', '李春华'));
    const approved = dumpValues(ledger);
    expect(() => discardEntry(ledger, other, `${KEY}9`, '测试')).toThrow(/已审核/);
    expect(dumpValues(ledger)).toEqual(approved);
    expect(before.payments).not.toEqual(approved.payments);
    discardEntry(ledger, id, KEY, '测试');
    expect(() => discardEntry(ledger, id, KEY, '测试')).toThrow(/已不在台账中/);
    ledger.close();
  });
});
