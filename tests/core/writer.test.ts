import { describe, expect, it } from 'vitest';
import { redo, undo } from '../../electron/core/history.ts';
import { replayAudit } from '../../electron/core/replay.ts';
import { bulkInsertPayments } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { dumpTables, tempLedger } from '../helpers/ledger.ts';

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

  it('audits rows without their timestamps (the command time); records that carry them, as written before, still replay, undo and redo', () => {
    const ledger = tempLedger();
    const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '项目', year: 2017, kind: '送温暖' }));
    const rows = (n: number, base: number) => Array.from({ length: n }, (_, i) => ({ programId, personId: null, paidOn: '2017-02-01', cashFen: base + i }));
    ledger.run({ kind: 'bulk', label: '批量', source: 'keyed' }, (tx) => bulkInsertPayments(tx, rows(3, 1000)));
    const audit = ledger.db.prepare("SELECT a.new_value, c.at FROM audit_log a JOIN commands c ON c.id = a.command_id WHERE a.op = 'insert_many'").get() as { new_value: string; at: string };
    const record = JSON.parse(audit.new_value) as { cols: string[]; rows: unknown[][] };
    expect(record.cols).not.toContain('created_at');
    expect(record.rows[0]!.length).toBe(record.cols.length + 1);
    expect(ledger.db.prepare('SELECT DISTINCT created_at || updated_at FROM payments').pluck().all()).toEqual([audit.at + audit.at]);

    // A record of the earlier form: created_at and updated_at the last two columns of each row.
    const at = '2017-03-01T08:00:00.000Z';
    const later = '2017-03-02T08:00:00.000Z';
    ledger.db.transaction(() => {
      const command = Number(ledger.db.prepare("INSERT INTO commands (at, actor, source, kind, label) VALUES (?, 'x', 'keyed', 'bulk', '旧批量')").run(at).lastInsertRowid);
      const cols = ['program_id', 'person_id', 'paid_on', 'cash_fen', 'goods_fen', 'goods_desc', 'recipient_kind', 'category', 'method', 'status', 'unit_id', 'student_name',
        'clerk', 'approver', 'approved_at', 'note', 'import_batch_id', 'reverses_id', 'created_at', 'updated_at'];
      const old = [[9001, programId, null, '2017-02-03', 700, 0, null, null, null, '现金', '登记', null, null, null, null, null, null, null, null, at, later]];
      ledger.db.prepare(`INSERT INTO payments (id, ${cols.join(', ')}) VALUES (${old[0]!.map(() => '?').join(', ')})`).run(...old[0]!);
      ledger.db.prepare("INSERT INTO audit_log (command_id, table_name, row_id, op, new_value) VALUES (?, 'payments', 9001, 'insert_many', ?)").run(command, JSON.stringify({ cols, rows: old }));
    })();
    ledger.recomputeAllIssues();
    expect(replayAudit(ledger)).toMatchObject({ ok: true, differences: [] });
    const before = dumpTables(ledger);
    undo(ledger);
    expect(ledger.db.prepare('SELECT count(*) FROM payments WHERE id = 9001').pluck().get()).toBe(0);
    redo(ledger);
    expect(ledger.db.prepare('SELECT created_at, updated_at FROM payments WHERE id = 9001').get()).toEqual({ created_at: at, updated_at: later });
    undo(ledger);
    undo(ledger);
    expect(ledger.db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(0);
    redo(ledger);
    redo(ledger);
    expect(dumpTables(ledger)).toEqual(before);
    expect(replayAudit(ledger)).toMatchObject({ ok: true, differences: [] });
    ledger.close();
  });
  it('writes a column with one value in every row once, and a text column with few different values as indexes; such records and those of the earlier forms replay, undo and redo', () => {
    const ledger = tempLedger();
    const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '项目', year: 2017, kind: '送温暖' }));
    const kinds = ['困难职工', '劳动模范', null];
    const rows = Array.from({ length: 40 }, (_, i) => ({
      programId, personId: null, paidOn: `2017-02-${String(1 + (i % 28)).padStart(2, '0')}`, cashFen: 1000 + i, goodsDesc: i % 2 ? '米' : '油',
      recipientKind: kinds[i % 3]!, category: `类别${i}`, note: i === 7 ? '0' : null, clerk: '张三',
    }));
    ledger.run({ kind: 'bulk', label: '批量', source: 'keyed' }, (tx) => bulkInsertPayments(tx, rows));
    const audit = ledger.db.prepare("SELECT new_value FROM audit_log WHERE op = 'insert_many'").pluck().get() as string;
    const record = JSON.parse(audit) as { cols: string[]; rows: unknown[][]; same?: Record<string, unknown>; texts?: Record<string, string[]> };
    // The same program, status, method, clerk and empty columns in every row: written once.
    expect(record.same).toMatchObject({ program_id: programId, status: '登记', method: '现金', clerk: '张三', person_id: null, reverses_id: null });
    expect(record.cols).toEqual(['paid_on', 'cash_fen', 'goods_desc', 'recipient_kind', 'category', 'note']);
    // Two goods, two kinds (and null), one note: listed once, the rows hold their index; 40 different categories and 28 dates are written out.
    expect(record.texts).toEqual({ goods_desc: ['油', '米'], recipient_kind: ['困难职工', '劳动模范'], note: ['0'] });
    expect(record.rows[1]).toEqual([expect.any(Number), '2017-02-02', 1001, 1, 1, '类别1', null]);
    expect(record.rows[2]![4]).toBe(null);
    // The note '0' (a text that looks like a number) is index 0 here and reads back as the text.
    expect(record.rows[7]![6]).toBe(0);
    expect(ledger.db.prepare('SELECT note FROM payments WHERE note IS NOT NULL').pluck().all()).toEqual(['0']);
    expect(replayAudit(ledger)).toMatchObject({ ok: true, differences: [] });
    const before = dumpTables(ledger);
    undo(ledger);
    expect(ledger.db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(0);
    redo(ledger);
    expect(dumpTables(ledger)).toEqual(before);

    // A record of the form written before: every data column in cols, in every row.
    const at = '2017-03-01T08:00:00.000Z';
    ledger.db.transaction(() => {
      const command = Number(ledger.db.prepare("INSERT INTO commands (at, actor, source, kind, label) VALUES (?, 'x', 'keyed', 'bulk', '旧批量')").run(at).lastInsertRowid);
      const cols = ['program_id', 'person_id', 'paid_on', 'cash_fen', 'goods_fen', 'goods_desc', 'recipient_kind', 'category', 'method', 'status', 'unit_id', 'student_name',
        'clerk', 'approver', 'approved_at', 'note', 'import_batch_id', 'reverses_id'];
      const old = [9001, 9002].map((id) => [id, programId, null, '2017-02-03', id, 0, '米', null, null, '现金', '登记', null, null, null, null, null, null, null, null]);
      for (const row of old) ledger.db.prepare(`INSERT INTO payments (id, ${cols.join(', ')}, created_at, updated_at) VALUES (${row.map(() => '?').join(', ')}, ?, ?)`).run(...row, at, at);
      ledger.db.prepare("INSERT INTO audit_log (command_id, table_name, row_id, op, new_value) VALUES (?, 'payments', 9001, 'insert_many', ?)").run(command, JSON.stringify({ cols, rows: old }));
    })();
    ledger.recomputeAllIssues();
    expect(replayAudit(ledger)).toMatchObject({ ok: true, differences: [] });
    const all = dumpTables(ledger);
    undo(ledger);
    expect(ledger.db.prepare('SELECT count(*) FROM payments WHERE id IN (9001, 9002)').pluck().get()).toBe(0);
    redo(ledger);
    expect(dumpTables(ledger)).toEqual(all);
    expect(replayAudit(ledger)).toMatchObject({ ok: true, differences: [] });
    ledger.close();
  });
});
