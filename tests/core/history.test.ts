import { describe, expect, it } from 'vitest';
import { hospitalisationRules } from '../../shared/domain/rules.ts';
import { historyState, redo, undo } from '../../electron/core/history.ts';
import type { Ledger } from '../../electron/core/ledger.ts';
import { checkLedger } from '../../electron/core/maintenance.ts';
import { addCode, deleteCode, retireCode } from '../../electron/core/services/codeLists.ts';
import { createPerson, updatePerson } from '../../electron/core/services/people.ts';
import { applyPaymentEdits, deletePayments, reversePayment, setPaymentStatus } from '../../electron/core/services/payments.ts';
import { addFund, createProgram, replaceRules, setStandard, updateProgram } from '../../electron/core/services/programs.ts';
import { setSettings } from '../../electron/core/services/settings.ts';
import { ensureUnit } from '../../electron/core/services/units.ts';
import { dumpValues, tempLedger } from '../helpers/ledger.ts';

/** A small ledger: one program with the hospitalisation rules, two people, two payments. */
function seeded(): { ledger: Ledger; programId: number; personId: number; paymentIds: number[] } {
  const ledger = tempLedger();
  const programId = ledger.run({ kind: 't', label: '建项目', source: 'system' }, (tx) =>
    createProgram(tx, { code: '2017-YL', name: '2017年医疗救助', year: 2017, kind: '医疗救助', rules: hospitalisationRules() }),
  );
  const personId = ledger.run({ kind: 't', label: '建人员', source: 'system' }, (tx) => createPerson(tx, { name: '王芳', idNumber: '530424197512030026' }));
  const { created } = ledger.run({ kind: 't', label: '发放', source: 'keyed' }, (tx) =>
    applyPaymentEdits(tx, [
      { personId, cells: { paidOn: '2017-03-01', cashFen: '1000', category: '住院手术' } },
      { cells: { personName: '李强', idNumber: '530424198001019516', paidOn: '2017-04-01', cashFen: '500' } },
    ], { programId }, '测试会计'),
  );
  return { ledger, programId, personId, paymentIds: created };
}

type Op = (s: ReturnType<typeof seeded>) => void;

const OPS: [string, Op][] = [
  ['create a person', ({ ledger }) => ledger.run({ kind: 'person.create', label: '新建人员', source: 'keyed' }, (tx) => createPerson(tx, { name: '张三', idNumber: '11010519491231002X' }))],
  ['update a person', ({ ledger, personId }) => ledger.run({ kind: 'person.update', label: '修改人员', source: 'keyed' }, (tx) => updatePerson(tx, personId, { gender: '男', phone: '13800000000' }))],
  ['create a unit', ({ ledger }) => ledger.run({ kind: 'unit.create', label: '新建单位', source: 'keyed' }, (tx) => ensureUnit(tx, '华宁县盘溪镇工会联合会'))],
  ['create a program with rules, funds and standards', ({ ledger }) => ledger.run({ kind: 'program.create', label: '新建项目', source: 'keyed' }, (tx) =>
    createProgram(tx, { code: '2017-SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖', funds: [{ source: '上级下拨', amountFen: 2_000_000 }], standards: [{ recipientKind: '困难职工', cashFen: 50_000 }] }))],
  ['update a program', ({ ledger, programId }) => ledger.run({ kind: 'program.update', label: '修改项目', source: 'keyed' }, (tx) => updateProgram(tx, programId, { name: '2017年职工医疗救助', year: 2018 }))],
  ['replace rules', ({ ledger, programId }) => ledger.run({ kind: 'program.rules', label: '修改规则', source: 'keyed' }, (tx) =>
    replaceRules(tx, programId, [{ kind: 'max_cash_per_payment', amountFen: 30_000, category: null, scope: 'program', otherProgramId: null, severity: 'error' }]))],
  ['add a fund and a standard', ({ ledger, programId }) => ledger.run({ kind: 'program.fund', label: '登记资金', source: 'keyed' }, (tx) => {
    addFund(tx, programId, { source: '爱心捐款', amountFen: 123_456 });
    setStandard(tx, programId, { recipientKind: '困难职工', cashFen: 50_000 });
  })],
  ['key new payments', ({ ledger, programId }) => ledger.run({ kind: 'payment.create', label: '新增', source: 'keyed' }, (tx) =>
    applyPaymentEdits(tx, [{ cells: { personName: '赵六', paidOn: '2017-05-01', cashFen: '600元', unitName: '华宁县水泥厂' } }], { programId }, 'x'))],
  ['edit a payment amount', ({ ledger, paymentIds }) => ledger.run({ kind: 'payment.update', label: '修改金额', source: 'keyed' }, (tx) =>
    applyPaymentEdits(tx, [{ id: paymentIds[1]!, cells: { cashFen: '1.2万' } }], {}, 'x'))],
  ['paste a block', ({ ledger, programId, paymentIds }) => ledger.run({ kind: 'payment.paste', label: '粘贴', source: 'pasted' }, (tx) =>
    applyPaymentEdits(tx, [
      { id: paymentIds[0]!, cells: { cashFen: '800', note: '复查' } },
      ...Array.from({ length: 5 }, (_, i) => ({ cells: { personName: `粘贴${i}`, cashFen: String(100 * (i + 1)), paidOn: '2017-06-01' } })),
    ], { programId }, 'x'))],
  ['fill down', ({ ledger, paymentIds }) => ledger.run({ kind: 'payment.fill', label: '向下填充', source: 'filled' }, (tx) =>
    applyPaymentEdits(tx, paymentIds.map((id) => ({ id, cells: { recipientKind: '困难职工' } })), {}, 'x'))],
  ['change the ID on a payment row (relinks a new person)', ({ ledger, paymentIds }) => ledger.run({ kind: 'payment.update', label: '改身份证', source: 'keyed' }, (tx) =>
    applyPaymentEdits(tx, [{ id: paymentIds[1]!, cells: { idNumber: '44030419900307123X' } }], {}, 'x'))],
  ['delete payments', ({ ledger, paymentIds }) => ledger.run({ kind: 'payment.delete', label: '删除', source: 'keyed' }, (tx) => deletePayments(tx, paymentIds))],
  ['approve, pay and reverse', ({ ledger, paymentIds }) => {
    ledger.run({ kind: 'payment.status', label: '审核', source: 'keyed' }, (tx) => setPaymentStatus(tx, [paymentIds[0]!], '已审核', '李主席'));
    ledger.run({ kind: 'payment.status', label: '发放', source: 'keyed' }, (tx) => setPaymentStatus(tx, [paymentIds[0]!], '已发放', null));
    ledger.run({ kind: 'payment.reverse', label: '冲正', source: 'keyed' }, (tx) => reversePayment(tx, paymentIds[0]!, '金额错误', 'x'));
  }],
  ['settings', ({ ledger }) => ledger.run({ kind: 'settings.set', label: '设置', source: 'keyed' }, (tx) => setSettings(tx, { officeName: '华宁县总工会', regionCode: '530424' }))],
  ['code lists: add, retire, delete', ({ ledger }) => {
    const id = ledger.run({ kind: 'code.add', label: '增加代码', source: 'keyed' }, (tx) => addCode(tx, 'recipient_kind', '新就业形态劳动者'));
    ledger.run({ kind: 'code.retire', label: '停用代码', source: 'keyed' }, (tx) => retireCode(tx, id, true));
    const other = ledger.run({ kind: 'code.add', label: '增加代码', source: 'keyed' }, (tx) => addCode(tx, 'goods', '面粉'));
    ledger.run({ kind: 'code.delete', label: '删除代码', source: 'keyed' }, (tx) => deleteCode(tx, other));
  }],
];

describe('every write is audited and can be undone and redone', () => {
  it.each(OPS)('%s', (_name, op) => {
    const s = seeded();
    const { ledger } = s;
    const before = dumpValues(ledger);
    const commandsBefore = ledger.db.prepare('SELECT max(id) FROM commands').pluck().get() as number;
    op(s);
    const after = dumpValues(ledger);
    expect(after).not.toEqual(before);
    const newCommands = ledger.db.prepare('SELECT id FROM commands WHERE id > ?').pluck().all(commandsBefore) as number[];
    for (const id of newCommands) {
      const audit = ledger.db.prepare('SELECT count(*) FROM audit_log WHERE command_id = ?').pluck().get(id) as number;
      expect(audit, `command ${id} has audit records`).toBeGreaterThan(0);
    }
    for (let i = 0; i < newCommands.length; i++) undo(ledger);
    expect(dumpValues(ledger)).toEqual(before);
    for (let i = 0; i < newCommands.length; i++) redo(ledger);
    expect(dumpValues(ledger)).toEqual(after);
    const report = checkLedger(ledger);
    expect(report.replay.differences).toEqual([]);
    expect(report.ok).toBe(true);
    ledger.close();
  });

  it('undo/redo survive closing and reopening the ledger', async () => {
    const s = seeded();
    const file = s.ledger.path;
    s.ledger.run({ kind: 'payment.update', label: '修改金额', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id: s.paymentIds[0]!, cells: { cashFen: 700 * 100 } }], {}, 'x'));
    s.ledger.close();
    const { Ledger } = await import('../../electron/core/ledger.ts');
    const again = Ledger.open(file);
    expect(historyState(again).undoLabel).toBe('修改金额');
    undo(again);
    expect(again.db.prepare('SELECT cash_fen FROM payments WHERE id = ?').pluck().get(s.paymentIds[0])).toBe(100_000);
    again.close();
    const third = Ledger.open(file);
    expect(historyState(third).redoLabel).toBe('修改金额');
    redo(third);
    expect(third.db.prepare('SELECT cash_fen FROM payments WHERE id = ?').pluck().get(s.paymentIds[0])).toBe(70_000);
    third.close();
  });

  it('a new change discards the redo chain; undo stops at a non-undoable command', () => {
    const { ledger, paymentIds } = seeded();
    const edit = (cash: number) => ledger.run({ kind: 'payment.update', label: `改为${cash}`, source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id: paymentIds[0]!, cells: { cashFen: cash } }], {}, 'x'));
    edit(10_000);
    undo(ledger);
    expect(historyState(ledger).redoLabel).toBe('改为10000');
    edit(20_000);
    expect(historyState(ledger).redoLabel).toBeNull();
    ledger.run({ kind: 'import.commit', label: '导入', source: 'imported', undoable: false }, (tx) => setSettings(tx, { clerkName: '张' }));
    expect(historyState(ledger).undoLabel).toBeNull();
    expect(() => undo(ledger)).toThrow('没有可以撤销的操作');
    ledger.close();
  });

  it('records who, when, the source, and field-level old → new values', () => {
    const { ledger, paymentIds } = seeded();
    ledger.run({ kind: 'payment.update', label: '修改金额', source: 'pasted', actor: '王会计' }, (tx) => applyPaymentEdits(tx, [{ id: paymentIds[0]!, cells: { cashFen: '900' } }], {}, 'x'));
    const rows = ledger.db.prepare(`SELECT a.table_name, a.row_id, a.op, a.field, a.old_value, a.new_value, c.actor, c.source, c.at
      FROM audit_log a JOIN commands c ON c.id = a.command_id WHERE c.label = '修改金额'`).all() as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ table_name: 'payments', row_id: paymentIds[0], op: 'update', field: 'cash_fen', old_value: '100000', new_value: '90000', actor: '王会计', source: 'pasted' });
    expect(String(rows[0]!.at)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    ledger.close();
  });

  it('the audit log is append-only: SQLite itself refuses to change or delete it', () => {
    const { ledger } = seeded();
    expect(() => ledger.db.prepare('UPDATE audit_log SET new_value = NULL').run()).toThrow(/只能追加/);
    expect(() => ledger.db.prepare('DELETE FROM audit_log').run()).toThrow(/只能追加/);
    ledger.close();
  });

  it('a failing command leaves the ledger exactly as it was', () => {
    const { ledger, programId } = seeded();
    const before = dumpValues(ledger);
    const commands = ledger.db.prepare('SELECT count(*) FROM commands').pluck().get();
    expect(() =>
      ledger.run({ kind: 'payment.paste', label: '粘贴', source: 'pasted' }, (tx) =>
        applyPaymentEdits(tx, [
          { cells: { personName: '甲', cashFen: '100' } },
          { cells: { personName: '乙', cashFen: '一百' } },
        ], { programId }, 'x'),
      ),
    ).toThrow(/第2行“金额”/);
    expect(dumpValues(ledger)).toEqual(before);
    expect(ledger.db.prepare('SELECT count(*) FROM commands').pluck().get()).toBe(commands);
    ledger.close();
  });
});
