/**
 * The grid's entry row, discarded (Esc on a half-keyed entry): its payment, made under the entry's key, goes with
 * what its own saves made that nothing else uses (a person registered by typing a new name, a unit by typing a new
 * unit name), in one undoable command: Ctrl+Z brings them all back. Every committed cell is written at once, so an
 * entry given up half-way was a stored payment (0.00, the entry date) and a stored person with no ID, counted by the
 * annual form and left in 人员档案 after the payment was deleted.
 */
import { LedgerError } from '../errors.ts';
import type { Ledger } from '../ledger.ts';

export interface DiscardedEntry {
  paymentId: number;
  /** The people the entry's saves registered, discarded with it. */
  people: { id: number; name: string }[];
  /** The units the entry's saves created, discarded with it. */
  units: { id: number; name: string }[];
  /** The command (one step of Ctrl+Z). */
  commandId: number;
}

/** What the entry made of `table`, and what it must leave (the records a later check finds in use). */
function madeByEntry(ledger: Ledger, table: 'people' | 'units', paymentId: number): number[] {
  // Made by a command that wrote the entry's payment (the save that typed the name made the person and set the
  // payment's payee in one command; a redo or an undo of that save does both again).
  const made = ledger.stmt(`SELECT DISTINCT m.row_id FROM audit_log m
      WHERE m.table_name = ? AND m.op = 'insert'
        AND m.command_id IN (SELECT command_id FROM audit_log WHERE table_name = 'payments' AND row_id = ?)
      ORDER BY m.row_id`).pluck().all(table, paymentId) as number[];
  // Only what nothing but the entry has touched since: each command that wrote the record wrote the entry's payment
  // too, or was one of the entry's own saves or an undo/redo writing nothing but that record (an ID typed after the
  // name completes the person the name made, and writes no payment). An edit in 人员档案 keeps the person.
  const writers = ledger.stmt(`SELECT DISTINCT a.command_id AS id, c.kind,
        EXISTS (SELECT 1 FROM audit_log x WHERE x.command_id = a.command_id AND x.table_name = 'payments' AND x.row_id = @payment) AS entry,
        NOT EXISTS (SELECT 1 FROM audit_log x WHERE x.command_id = a.command_id AND NOT (x.table_name = @table AND x.row_id = @row)) AS alone
      FROM audit_log a JOIN commands c ON c.id = a.command_id WHERE a.table_name = @table AND a.row_id = @row`);
  return made.filter((row) => (writers.all({ table, row, payment: paymentId }) as { kind: string; entry: number; alone: number }[])
    .every((w) => w.entry === 1 || (w.alone === 1 && ['payments.keyed', 'history.undo', 'history.redo'].includes(w.kind))));
}

/**
 * Discard the entry keyed under `entryKey`, whose payment is `paymentId`: refused unless the key names that payment
 * and the payment is still only registered (登记), neither reversed nor a reversal, not imported. Its people and units
 * go when the entry made them and nothing else uses them (a registered person chosen in 姓名 stays).
 */
export function discardEntry(ledger: Ledger, paymentId: number, entryKey: string, actor?: string | null): DiscardedEntry {
  const name = ledger.stmt('SELECT pe.name FROM payments p JOIN people pe ON pe.id = p.person_id WHERE p.id = ?').pluck().get(paymentId) as string | undefined;
  const label = `放弃录入${name ? `“${name}”` : ''}`;
  return ledger.run({ kind: 'payments.discardEntry', label, source: 'keyed', actor }, (tx) => {
    const db = tx.database;
    const notThisEntry = () => new LedgerError('invalid_input', '这条记录不是录入行正在录入的记录，没有放弃', { paymentId });
    if (db.prepare('SELECT payment_id FROM payment_entry_keys WHERE entry_key = ?').pluck().get(entryKey) !== paymentId) throw notThisEntry();
    const payment = tx.get('payments', paymentId);
    if (!payment) throw new LedgerError('not_found', '要放弃的录入已不在台账中（可能已被撤销或删除）', { paymentId });
    // A finished payment is never discarded: one approved or paid (the entry row keys only 登记), a reversal, an import's.
    if (payment.status !== '登记') throw new LedgerError('locked_payment', `这条录入的状态已是“${String(payment.status)}”，不能放弃`, { paymentId });
    if (payment.reverses_id !== null || payment.import_batch_id !== null || db.prepare('SELECT 1 FROM payments WHERE reverses_id = ?').get(paymentId)) throw notThisEntry();
    const people = madeByEntry(ledger, 'people', paymentId);
    const units = madeByEntry(ledger, 'units', paymentId);
    tx.delete('payments', paymentId);
    const out: DiscardedEntry = { paymentId, people: [], units: [], commandId: tx.commandId };
    const personUsed = db.prepare(`SELECT EXISTS (SELECT 1 FROM payments WHERE person_id = @id) OR EXISTS (SELECT 1 FROM model_workers WHERE person_id = @id)
      OR EXISTS (SELECT 1 FROM people WHERE id = @id AND household_id IS NOT NULL)`).pluck();
    for (const id of people.reverse()) {
      const person = tx.get('people', id);
      if (!person || personUsed.get({ id }) !== 0) continue;
      tx.delete('people', id);
      out.people.unshift({ id, name: String(person.name) });
    }
    const unitUsed = db.prepare(`SELECT EXISTS (SELECT 1 FROM payments WHERE unit_id = @id) OR EXISTS (SELECT 1 FROM people WHERE unit_id = @id)
      OR EXISTS (SELECT 1 FROM households WHERE unit_id = @id) OR EXISTS (SELECT 1 FROM units WHERE parent_id = @id) AS used`).pluck();
    for (const id of units.reverse()) {
      const unit = tx.get('units', id);
      if (!unit || unitUsed.get({ id }) !== 0) continue;
      tx.delete('units', id);
      out.units.unshift({ id, name: String(unit.name) });
    }
    return out;
  });
}
