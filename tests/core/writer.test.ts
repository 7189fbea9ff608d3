import { describe, expect, it } from 'vitest';
import { undo } from '../../electron/core/history.ts';
import { replayAudit } from '../../electron/core/replay.ts';
import { bulkInsertPayments } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { tempLedger } from '../helpers/ledger.ts';

describe('Tx.insertMany', () => {
  it('writes in batches with consecutive ids that never reuse an id, even after the rows are undone', () => {
    const ledger = tempLedger();
    const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '项目', year: 2017, kind: '送温暖' }));
    const one = ledger.run({ kind: 't', label: '单条', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ cells: { personName: '甲', paidOn: '2017-01-01', cashFen: '1' } }], { programId }, 'x')).created[0]!;
    const rows = (n: number, base: number) => Array.from({ length: n }, (_, i) => ({ programId, personId: null, paidOn: '2017-02-01', cashFen: base + i }));
    // 250 = two full batches of 100 and a remainder of 50.
    const first = ledger.run({ kind: 'bulk', label: '批量', source: 'keyed' }, (tx) => bulkInsertPayments(tx, rows(250, 1000)));
    expect(first).toEqual(Array.from({ length: 250 }, (_, i) => one + 1 + i));
    const stored = ledger.db.prepare('SELECT id, cash_fen FROM payments WHERE id > ? ORDER BY id').all(one) as { id: number; cash_fen: number }[];
    expect(stored.map((r) => r.cash_fen)).toEqual(Array.from({ length: 250 }, (_, i) => 1000 + i));
    undo(ledger);
    expect(ledger.db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(1);
    const second = ledger.run({ kind: 'bulk', label: '批量', source: 'keyed' }, (tx) => bulkInsertPayments(tx, rows(7, 5000)));
    expect(second[0]).toBe(first.at(-1)! + 1);
    expect(replayAudit(ledger).ok).toBe(true);
    ledger.close();
  });
});
