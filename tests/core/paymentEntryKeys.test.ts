/**
 * A new payment keyed in the grid's entry row carries the row's entry key: sent again (the core
 * stored it but its answer was lost), it changes the payment it made instead of making a second
 * one; undo takes the key away with the payment; the audit still rebuilds the ledger.
 */
import { describe, expect, it } from 'vitest';
import { PaymentRowEditSchema, type ApplyResponse } from '../../shared/contract.ts';
import { historyState, undo } from '../../electron/core/history.ts';
import type { Ledger } from '../../electron/core/ledger.ts';
import { replayAudit } from '../../electron/core/replay.ts';
import { applyPaymentEdits, deletePayments, type PaymentRowEdit } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { tempLedger } from '../helpers/ledger.ts';

const KEY = 'e-0f8fad5b-d9cb-469f-a165-70867728950e';

function seeded(): { ledger: Ledger; programId: number } {
  const ledger = tempLedger();
  const programId = ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '医疗救助', year: 2017, kind: '医疗救助' }));
  return { ledger, programId };
}

function keyed(ledger: Ledger, programId: number, edits: PaymentRowEdit[]) {
  return ledger.run({ kind: 'payments.keyed', label: '新增发放记录', source: 'keyed' }, (tx) => applyPaymentEdits(tx, edits, { programId, paidOn: '2017-03-01' }, '测试'));
}

const payments = (ledger: Ledger) => ledger.db.prepare('SELECT id, cash_fen AS cash, note FROM payments ORDER BY id').all();

describe('an entry row\'s key', () => {
  it('the same new row sent again under its key changes the payment it made; its next cell too; another key makes another payment', () => {
    const { ledger, programId } = seeded();
    const first = keyed(ledger, programId, [{ cells: { cashFen: '600' }, entryKey: KEY }]);
    expect(first.created).toHaveLength(1);
    const id = first.created[0]!;
    // The answer was lost: the grid sends the cell again, then the next one, still without the id.
    expect(keyed(ledger, programId, [{ cells: { cashFen: '600' }, entryKey: KEY }])).toMatchObject({ created: [id], updated: [] });
    expect(keyed(ledger, programId, [{ cells: { note: '已核实' }, entryKey: KEY }])).toMatchObject({ created: [id], updated: [] });
    expect(payments(ledger)).toEqual([{ id, cash: 60000, note: '已核实' }]);
    // A row with no key, or another key, is a new payment.
    keyed(ledger, programId, [{ cells: { cashFen: '100' } }]);
    keyed(ledger, programId, [{ cells: { cashFen: '200' }, entryKey: `${KEY}x` }]);
    expect(payments(ledger)).toHaveLength(3);
    // An id wins over a key.
    expect(keyed(ledger, programId, [{ id, cells: { cashFen: '700' }, entryKey: `${KEY}x` }])).toMatchObject({ created: [], updated: [id] });
    expect(ledger.db.prepare('SELECT entry_key, payment_id FROM payment_entry_keys ORDER BY id').all()).toEqual([
      { entry_key: KEY, payment_id: id },
      { entry_key: `${KEY}x`, payment_id: id + 2 },
    ]);
    expect(replayAudit(ledger)).toMatchObject({ ok: true, differences: [] });
    ledger.close();
  });

  it('undo of the new payment takes its key too; sent again after that, or after a delete, the row is a new payment', () => {
    const { ledger, programId } = seeded();
    const id = keyed(ledger, programId, [{ cells: { cashFen: '600' }, entryKey: KEY }]).created[0]!;
    expect(historyState(ledger).undoLabel).toBe('新增发放记录');
    undo(ledger, '测试');
    expect(payments(ledger)).toEqual([]);
    expect(ledger.db.prepare('SELECT count(*) FROM payment_entry_keys').pluck().get()).toBe(0);
    const again = keyed(ledger, programId, [{ cells: { cashFen: '600' }, entryKey: KEY }]).created[0]!;
    expect(again).not.toBe(id);
    ledger.run({ kind: 'payments.delete', label: '删除', source: 'keyed' }, (tx) => deletePayments(tx, [again]));
    const third = keyed(ledger, programId, [{ cells: { cashFen: '600' }, entryKey: KEY }]).created[0]!;
    expect(payments(ledger)).toEqual([{ id: third, cash: 60000, note: null }]);
    expect(ledger.db.prepare('SELECT payment_id FROM payment_entry_keys WHERE entry_key = ?').pluck().all(KEY)).toEqual([third]);
    expect(replayAudit(ledger)).toMatchObject({ ok: true, differences: [] });
    ledger.close();
  });

  it('the contract takes a key of 8 to 64 letters, digits and dashes', () => {
    expect(PaymentRowEditSchema.safeParse({ cells: {}, entryKey: KEY }).success).toBe(true);
    expect(PaymentRowEditSchema.safeParse({ cells: {}, entryKey: 'short' }).success).toBe(false);
    expect(PaymentRowEditSchema.safeParse({ cells: {}, entryKey: "x' OR 1=1 --" }).success).toBe(false);
  });
});

describe('a save sent again that changes nothing', () => {
  it('leaves no empty step to undo, keeps the redo chain, and answers with no command id', async () => {
    const { dispatch } = await import('../../electron/core/api/dispatch.ts');
    const { ledger, programId } = seeded();
    const host = { ledger: () => ledger, actor: () => '测试', emit: () => undefined, saveFile: async () => null };
    const apply = async (edits: PaymentRowEdit[]) => {
      const r = await dispatch(host, 'payments.apply', { edits, source: 'keyed', defaults: { programId, paidOn: '2017-03-01' } });
      if (!r.ok) throw new Error(r.error.message);
      return r.value as ApplyResponse;
    };
    const made = await apply([{ cells: { cashFen: '600' }, entryKey: KEY }]);
    const id = made.created[0]!;
    expect(made.commandId).toBeGreaterThan(0);
    await apply([{ id, cells: { note: '甲' } }]);
    const commands = () => ledger.db.prepare('SELECT count(*) AS n FROM commands').pluck().get();
    const before = commands();
    // The note's save answered but the answer was lost; F2 and Enter send it again: nothing changes.
    const again = await apply([{ id, cells: { note: '甲' } }]);
    expect(again.commandId).toBe(0);
    expect(again.rows.map((r) => r.note)).toEqual(['甲']);
    expect(commands()).toBe(before);
    expect(historyState(ledger).undoLabel).toBe(again.history.undoLabel);
    // Ctrl+Z undoes the note, not an empty step.
    undo(ledger, '测试');
    expect(payments(ledger)).toEqual([{ id, cash: 60000, note: null }]);
    // The new payment sent again under its key changes nothing either: the redo of the note is kept.
    expect((await apply([{ cells: { cashFen: '600' }, entryKey: KEY }])).commandId).toBe(0);
    expect(historyState(ledger).redoLabel).not.toBeNull();
    // A save that does change something ends the redo chain as before.
    await apply([{ id, cells: { note: '乙' } }]);
    expect(historyState(ledger).redoLabel).toBeNull();
    // The audit still rebuilds the ledger.
    expect(replayAudit(ledger)).toMatchObject({ ok: true, differences: [] });
  });
});
