import { describe, expect, it } from 'vitest';
import { LedgerError, toLedgerError } from '../../electron/core/errors.ts';
import { historyState, redo, undo } from '../../electron/core/history.ts';
import type { Ledger } from '../../electron/core/ledger.ts';
import { checkLedger } from '../../electron/core/maintenance.ts';
import { replayAudit } from '../../electron/core/replay.ts';
import { applyPaymentEdits, bulkInsertPayments, deletePayments, reversePayment, setPaymentStatus } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { closeYear, closedYears, isYearClosed, reopenYear, yearCloseSummary, yearClosingHistory } from '../../electron/core/services/years.ts';
import { dumpTables, dumpValues, tempLedger } from '../helpers/ledger.ts';
import { refused } from '../helpers/errors.ts';

/** Payments in 2017 and 2018; the first 2017 one is paid (已发放). */
function seeded(): { ledger: Ledger; programId: number; p2017: number[]; p2018: number[] } {
  const ledger = tempLedger();
  const programId = ledger.run({ kind: 't', label: '建项目', source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '春节送温暖', year: 2017, kind: '送温暖' }));
  const { created } = ledger.run({ kind: 'payment.create', label: '发放', source: 'keyed' }, (tx) =>
    applyPaymentEdits(tx, [
      { cells: { personName: '王芳', idNumber: '530424197512030026', paidOn: '2017-01-20', cashFen: '500' } },
      { cells: { personName: '李强', idNumber: '530424198001019516', paidOn: '2017-12-31', cashFen: '800' } },
      { cells: { personName: '王芳', paidOn: '2018-01-01', cashFen: '600' } },
      { cells: { personName: '李强', paidOn: '2018-02-01', cashFen: '300' } },
    ], { programId }, '会计'),
  );
  ledger.run({ kind: 'payment.status', label: '审核', source: 'keyed' }, (tx) => setPaymentStatus(tx, [created[0]!], '已审核', '李主席'));
  ledger.run({ kind: 'payment.status', label: '发放', source: 'keyed' }, (tx) => setPaymentStatus(tx, [created[0]!], '已发放', null));
  return { ledger, programId, p2017: created.slice(0, 2), p2018: created.slice(2) };
}

function close(ledger: Ledger, year: number, by = '张会计', reason: string | null = '年度报表已报送') {
  return ledger.run({ kind: 'year.close', label: `${year}年度结账`, source: 'keyed', undoable: false }, (tx) => closeYear(tx, year, by, reason));
}

function reopen(ledger: Ledger, year: number, reason: string, approver: string) {
  return ledger.run({ kind: 'year.reopen', label: `${year}年度反结账`, source: 'keyed', undoable: false, actor: '张会计' }, (tx) => reopenYear(tx, year, reason, approver));
}


describe('year close (年度结账)', () => {
  it('locks every write of a closed year’s payments, through every service, leaving the ledger as it was', () => {
    const { ledger, programId, p2017, p2018 } = seeded();
    close(ledger, 2017);
    expect(closedYears(ledger).map((c) => c.year)).toEqual([2017]);
    const before = dumpTables(ledger);
    const commands = ledger.db.prepare('SELECT count(*) FROM commands').pluck().get();
    const attempts: [string, () => unknown, RegExp][] = [
      ['key a new 2017 row', () => ledger.run({ kind: 'payment.create', label: '新增', source: 'keyed' }, (tx) =>
        applyPaymentEdits(tx, [{ cells: { personName: '赵六', paidOn: '2017-06-01', cashFen: '100' } }], { programId }, 'x')), /^2017年度已结账，不能新增该年度的发放记录$/],
      ['edit a 2017 amount', () => ledger.run({ kind: 'payment.update', label: '改', source: 'keyed' }, (tx) =>
        applyPaymentEdits(tx, [{ id: p2017[1]!, cells: { cashFen: '900' } }], {}, 'x')), /^2017年度已结账，不能修改该年度的发放记录$/],
      ['move a 2018 row into 2017', () => ledger.run({ kind: 'payment.update', label: '改日期', source: 'keyed' }, (tx) =>
        applyPaymentEdits(tx, [{ id: p2018[0]!, cells: { paidOn: '2017-12-30' } }], {}, 'x')), /^2017年度已结账，不能把发放记录改到该年度$/],
      ['move a 2017 row out to 2018', () => ledger.run({ kind: 'payment.update', label: '改日期', source: 'keyed' }, (tx) =>
        applyPaymentEdits(tx, [{ id: p2017[1]!, cells: { paidOn: '2018-01-02' } }], {}, 'x')), /^2017年度已结账，不能修改该年度的发放记录$/],
      ['a paste touching 2018 and 2017 rows', () => ledger.run({ kind: 'payment.paste', label: '粘贴', source: 'pasted' }, (tx) =>
        applyPaymentEdits(tx, [{ id: p2018[1]!, cells: { note: '已核' } }, { id: p2017[1]!, cells: { note: '已核' } }], {}, 'x')), /2017年度已结账/],
      ['delete a 2017 row', () => ledger.run({ kind: 'payment.delete', label: '删除', source: 'keyed' }, (tx) => deletePayments(tx, [p2018[0]!, p2017[1]!])), /^2017年度已结账，不能删除该年度的发放记录$/],
      ['approve a 2017 row', () => ledger.run({ kind: 'payment.status', label: '审核', source: 'keyed' }, (tx) => setPaymentStatus(tx, [p2017[1]!], '已审核', '李主席')), /2017年度已结账/],
      ['a bulk insert with one 2017 row among 2018 ones', () => ledger.run({ kind: 'import.commit', label: '导入', source: 'imported', undoable: false }, (tx) =>
        bulkInsertPayments(tx, [
          { programId, personId: null, paidOn: '2018-03-01', cashFen: 100 },
          { programId, personId: null, paidOn: '2017-03-01', cashFen: 100 },
          { programId, personId: null, paidOn: '2018-03-02', cashFen: 100 },
        ])), /^2017年度已结账，不能新增该年度的发放记录$/],
    ];
    for (const [what, attempt, message] of attempts) {
      const e = refused(attempt);
      expect(e.code, what).toBe('locked_year');
      expect(e.message, what).toMatch(message);
      expect(e.details, what).toEqual({ year: 2017 });
      expect(dumpTables(ledger), what).toEqual(before);
    }
    expect(ledger.db.prepare('SELECT count(*) FROM commands').pluck().get()).toBe(commands);
    // No code path: raw SQL is refused by SQLite itself.
    for (const sql of [
      "UPDATE payments SET cash_fen = 1 WHERE paid_on LIKE '2017%'",
      "DELETE FROM payments WHERE paid_on < '2018-01-01'",
      "INSERT INTO payments (paid_on, cash_fen, created_at, updated_at) VALUES ('2017-05-05', 1, 't', 't')",
      "UPDATE payments SET paid_on = '2017-01-01' WHERE paid_on >= '2018-01-01'",
    ]) {
      const e = refused(() => { try { ledger.db.prepare(sql).run(); } catch (err) { throw toLedgerError(err); } });
      expect(e.code, sql).toBe('locked_year');
    }
    expect(dumpTables(ledger)).toEqual(before);
    // Other years stay open.
    ledger.run({ kind: 'payment.update', label: '改', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id: p2018[0]!, cells: { cashFen: '650' } }], {}, 'x'));
    expect(ledger.db.prepare('SELECT cash_fen FROM payments WHERE id = ?').pluck().get(p2018[0])).toBe(65_000);
    ledger.close();
  });

  it('a paid payment of a closed year is corrected by a reversal dated in the open year', () => {
    const { ledger, p2017 } = seeded();
    close(ledger, 2017);
    const id = ledger.run({ kind: 'payment.reverse', label: '冲正', source: 'keyed' }, (tx) => reversePayment(tx, p2017[0]!, '重复发放', 'x'));
    const row = ledger.db.prepare('SELECT paid_on, cash_fen, reverses_id FROM payments WHERE id = ?').get(id) as { paid_on: string; cash_fen: number; reverses_id: number };
    expect(row).toMatchObject({ cash_fen: -50_000, reverses_id: p2017[0] });
    expect(row.paid_on.slice(0, 4)).not.toBe('2017');
    expect(ledger.db.prepare('SELECT cash_fen FROM payments WHERE id = ?').pluck().get(p2017[0])).toBe(50_000);
    ledger.close();
  });

  it('is audited (who, when, why), is a barrier for undo, and cannot itself be deleted or rewritten', () => {
    const { ledger, p2017 } = seeded();
    ledger.run({ kind: 'payment.update', label: '修改备注', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id: p2017[1]!, cells: { note: '复核' } }], {}, 'x'));
    expect(historyState(ledger).undoLabel).toBe('修改备注');
    close(ledger, 2017, '张会计', '2017年度报表已报送省总工会');
    const cmd = ledger.db.prepare("SELECT actor, source, undoable, label FROM commands WHERE kind = 'year.close'").get();
    expect(cmd).toEqual({ actor: '测试会计', source: 'keyed', undoable: 0, label: '2017年度结账' });
    const audit = ledger.db.prepare("SELECT table_name, op, new_value FROM audit_log WHERE table_name = 'year_closings'").all() as { table_name: string; op: string; new_value: string }[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.new_value)).toMatchObject({ year: 2017, closed_by: '张会计', reason: '2017年度报表已报送省总工会', reopened_at: null });
    expect(historyState(ledger).undoLabel).toBeNull();
    expect(refused(() => undo(ledger)).code).toBe('nothing_to_undo');
    expect(() => ledger.db.prepare('DELETE FROM year_closings').run()).toThrow(/结账记录不能删除/);
    expect(() => ledger.db.prepare("UPDATE year_closings SET closed_by = '别人'").run()).toThrow(/不能改动/);
    expect(() => ledger.db.prepare("UPDATE year_closings SET reopened_at = 'x'").run()).toThrow(/CHECK constraint/);
    reopen(ledger, 2017, '补录漏报的两笔医疗救助', '李主席');
    expect(() => ledger.db.prepare("UPDATE year_closings SET reopened_at = NULL, reopen_reason = NULL, reopen_approver = NULL").run()).toThrow(/不能改动/);
    const [h] = yearClosingHistory(ledger);
    expect(h).toMatchObject({ year: 2017, closedBy: '张会计', reason: '2017年度报表已报送省总工会', reopenedBy: '张会计', reopenReason: '补录漏报的两笔医疗救助', reopenApprover: '李主席' });
    expect(h!.closedAt < h!.reopenedAt!).toBe(true);
    expect(isYearClosed(ledger, 2017)).toBe(false);
    const report = checkLedger(ledger);
    expect(report.replay.differences).toEqual([]);
    expect(report.ok).toBe(true);
    ledger.close();
  });

  it('reopening needs a reason and an approver; then the year can be changed and closed again', () => {
    const { ledger, p2017 } = seeded();
    close(ledger, 2017);
    const before = dumpTables(ledger);
    expect(refused(() => reopen(ledger, 2017, ' ', '李主席')).message).toBe('反结账必须填写原因');
    expect(refused(() => reopen(ledger, 2017, '补录', '')).message).toBe('反结账必须填写批准人');
    expect(refused(() => reopen(ledger, 2016, '补录', '李主席')).message).toBe('2016年度没有结账，无需反结账');
    expect(refused(() => close(ledger, 2017)).code).toBe('duplicate');
    expect(refused(() => close(ledger, 2018, ' ')).message).toBe('结账必须填写结账人');
    expect(refused(() => close(ledger, 2199)).message).toMatch(/尚未开始/);
    // Closing must be a non-undoable command (a barrier); as an undoable one it is refused and writes nothing.
    expect(refused(() => ledger.run({ kind: 'year.close', label: 'x', source: 'keyed' }, (tx) => closeYear(tx, 2018, '张'))).code).toBe('internal');
    expect(dumpTables(ledger)).toEqual(before);

    reopen(ledger, 2017, '补录', '李主席');
    ledger.run({ kind: 'payment.update', label: '改', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id: p2017[1]!, cells: { cashFen: '1000' } }], {}, 'x'));
    close(ledger, 2017, '张会计', '补录后重新结账');
    expect(refused(() => ledger.run({ kind: 'payment.update', label: '改', source: 'keyed' }, (tx) =>
      applyPaymentEdits(tx, [{ id: p2017[1]!, cells: { cashFen: '1200' } }], {}, 'x'))).code).toBe('locked_year');
    expect(yearClosingHistory(ledger).map((h) => [h.year, h.reason, h.reopenReason])).toEqual([[2017, '年度报表已报送', '补录'], [2017, '补录后重新结账', null]]);
    expect(replayAudit(ledger).ok).toBe(true);
    ledger.close();
  });

  it('undo and redo into a closed year are refused whole, never half-applied', () => {
    const { ledger, p2017, p2018 } = seeded();
    // A paste across both years, and an edit of a 2017 row that is then undone (so it can be redone).
    ledger.run({ kind: 'payment.paste', label: '粘贴', source: 'pasted' }, (tx) =>
      applyPaymentEdits(tx, [{ id: p2018[0]!, cells: { note: '甲' } }, { id: p2017[1]!, cells: { note: '乙' } }, { id: p2018[1]!, cells: { note: '丙' } }], {}, 'x'));
    // Through the API a close is a barrier (tested above). Here the closing row is written the way
    // no service can — raw, without a command — to prove the triggers alone keep undo whole.
    const rawClose = () => ledger.db.prepare("INSERT INTO year_closings (year, closed_by, created_at, updated_at) VALUES (2017, '外部', 't', 't')").run();
    const rawReopen = () => ledger.db.prepare("UPDATE year_closings SET reopen_reason = 'r', reopen_approver = 'a', reopened_at = 't2' WHERE year = 2017 AND reopened_at IS NULL").run();
    rawClose();
    const before = dumpValues(ledger);
    const states = () => ledger.db.prepare('SELECT id, state, undone_seq FROM commands ORDER BY id').all();
    const statesBefore = states();
    const e = refused(() => undo(ledger));
    expect(e.code).toBe('locked_year');
    expect(e.message).toBe('无法撤销“粘贴”：2017年度已结账，不能修改该年度的发放记录');
    expect(dumpValues(ledger)).toEqual(before);
    expect(states()).toEqual(statesBefore);
    expect(ledger.db.prepare("SELECT note FROM payments WHERE id IN (?, ?, ?) ORDER BY id").pluck().all(p2017[1], p2018[0], p2018[1])).toEqual(['乙', '甲', '丙']);

    rawReopen();
    undo(ledger);
    expect(historyState(ledger).redoLabel).toBe('粘贴');
    rawClose();
    const beforeRedo = dumpValues(ledger);
    const redoStates = states();
    const r = refused(() => redo(ledger));
    expect(r.code).toBe('locked_year');
    expect(r.message).toMatch(/^无法重做“粘贴”：2017年度已结账/);
    expect(dumpValues(ledger)).toEqual(beforeRedo);
    expect(states()).toEqual(redoStates);
    ledger.close();
  });

  it('summarises a year before closing it', () => {
    const { ledger } = seeded();
    const s = yearCloseSummary(ledger, 2017);
    const sql = ledger.db.prepare("SELECT count(*) AS n, sum(cash_fen) AS c, sum(status IN ('登记', '已审核')) AS u FROM payments WHERE paid_on LIKE '2017-%'").get() as { n: number; c: number; u: number };
    expect(s).toMatchObject({ year: 2017, closed: false, payments: sql.n, cashFen: sql.c, unsettled: sql.u });
    expect([s.payments, s.unsettled]).toEqual([2, 1]);
    close(ledger, 2017);
    expect(yearCloseSummary(ledger, 2017).closed).toBe(true);
    ledger.close();
  });
});
