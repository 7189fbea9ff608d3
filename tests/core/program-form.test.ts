/**
 * The program form saved as one command: funds, standards and rules replaced
 * (unchanged rows keep their ids), rule edits recompute the findings of the
 * program's payments, bad rows are refused naming the row, delete only when
 * nothing refers to the program, and undo restores the previous form.
 */
import { describe, expect, it } from 'vitest';
import { undo } from '../../electron/core/history.ts';
import { getPaymentRows } from '../../electron/core/queries/payments.ts';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { deleteProgram, saveProgramForm } from '../../electron/core/services/programForm.ts';
import { getProgram } from '../../electron/core/services/programs.ts';
import { createPerson } from '../../electron/core/services/people.ts';
import type { Ledger } from '../../electron/core/ledger.ts';
import { hospitalisationRules } from '../../shared/domain/rules.ts';
import type { ProgramForm } from '../../shared/registers.ts';
import { dumpTables, dumpValues, tempLedger } from '../helpers/ledger.ts';

const FORM: ProgramForm = {
  code: '2017-YL', name: '2017年医疗救助', year: 2017, kind: '医疗救助', startsOn: '2017-01-01', endsOn: '2017-12-31',
  funds: [{ source: '上级下拨', amountFen: 2_000_000 }, { source: '爱心捐款', amountFen: 555_000, receivedOn: '2017-03-01', note: '一日捐' }],
  standards: [{ recipientKind: '患重大疾病职工', cashFen: 100_000 }],
  rules: hospitalisationRules(),
};

const save = (ledger: Ledger, id: number | null, form: ProgramForm) =>
  ledger.run({ kind: 'program.save', label: '保存项目', source: 'keyed' }, (tx) => saveProgramForm(tx, id, form));

describe('the program form', () => {
  it('creates and updates a program with its funds, standards and rules; rule edits change the findings', () => {
    const ledger = tempLedger();
    const id = save(ledger, null, FORM);
    const p = getProgram(ledger, id);
    expect(p).toMatchObject({ code: '2017-YL', kind: '医疗救助', raisedFen: 2_555_000, startsOn: '2017-01-01' });
    expect(p.rules.map((r) => [r.kind, r.amountFen, r.category, r.severity])).toEqual(hospitalisationRules().map((r) => [r.kind, r.amountFen, r.category, r.severity]));
    expect(p.funds.map((f) => [f.source, f.amountFen, f.receivedOn, f.note])).toEqual([['上级下拨', 2_000_000, null, null], ['爱心捐款', 555_000, '2017-03-01', '一日捐']]);

    // A surgery payment of 1,200元: over the 住院手术 cap of 1,000元 (error).
    const paymentId = ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => {
      const pid = createPerson(tx, { name: '王芳', idNumber: '530424197512030026' });
      return applyPaymentEdits(tx, [{ personId: pid, cells: { paidOn: '2017-04-01', cashFen: '1200', category: '住院手术' } }], { programId: id }, '测试').created[0]!;
    });
    const issues = () => getPaymentRows(ledger, [paymentId])[0]!.issues.map((i) => `${i.severity}:${i.message}`);
    expect(issues()).toEqual(['error:住院手术：每次现金不超过1,000元，本次1,200元，超出200元']);

    // Edit the form: the surgery cap becomes 1,500元 as a warning; one fund changes; the standard changes.
    const fundIds = p.funds.map((f) => f.id);
    const ruleIds = p.rules.map((r) => r.id);
    const standardId = p.standards[0]!.id;
    const edited: ProgramForm = {
      ...FORM,
      name: '2017年职工医疗救助',
      funds: [FORM.funds[0]!, { source: '社会捐赠', amountFen: 100_000 }],
      standards: [{ recipientKind: '患重大疾病职工', cashFen: 80_000 }],
      rules: FORM.rules.map((r) => (r.kind === 'max_cash_per_payment' && r.category === '住院手术' ? { ...r, amountFen: 150_000, severity: 'warn' as const } : r)),
    };
    const before = dumpValues(ledger);
    save(ledger, id, edited);
    const q = getProgram(ledger, id);
    expect(q).toMatchObject({ name: '2017年职工医疗救助', raisedFen: 2_100_000 });
    expect(q.funds[0]!.id).toBe(fundIds[0]); // unchanged fund keeps its id
    expect(q.funds.map((f) => f.id)).not.toContain(fundIds[1]);
    expect(q.standards).toEqual([expect.objectContaining({ id: standardId, cashFen: 80_000 })]);
    expect(q.rules.filter((r) => ruleIds.includes(r.id))).toHaveLength(4);
    expect(issues()).toEqual([]);
    // Lower it to 1,100元 as a warning: the payment is flagged again, in amber.
    save(ledger, id, { ...edited, rules: edited.rules.map((r) => (r.kind === 'max_cash_per_payment' && r.category === '住院手术' ? { ...r, amountFen: 110_000 } : r)) });
    expect(issues()).toEqual(['warn:住院手术：每次现金不超过1,100元，本次1,200元，超出100元']);
    // One command per save: undo twice restores the form and the finding.
    undo(ledger);
    undo(ledger);
    expect(dumpValues(ledger)).toEqual(before);
    expect(issues()).toEqual(['error:住院手术：每次现金不超过1,000元，本次1,200元，超出200元']);
    ledger.close();
  });

  it('refuses bad rows naming the row, and changes nothing', () => {
    const ledger = tempLedger();
    const id = save(ledger, null, FORM);
    const other = save(ledger, null, { ...FORM, code: '2017-SWN', name: '2017年春节送温暖', kind: '送温暖', rules: [] });
    const cases: [Partial<ProgramForm>, RegExp][] = [
      [{ code: ' ' }, /项目编号不能为空/],
      [{ code: '2017-SWN' }, /项目编号“2017-SWN”已被另一个项目使用/],
      [{ kind: '慰问' }, /项目类别“慰问”不在代码表中/],
      [{ endsOn: '2016-12-31' }, /结束日期 2016-12-31 早于开始日期 2017-01-01/],
      [{ funds: [{ source: '', amountFen: 100 }] }, /资金第1行：请填写资金来源/],
      [{ funds: [{ source: '上级下拨', amountFen: 100 }, { source: '上级下拨', amountFen: -5 }] }, /资金第2行：金额应为不小于0的数/],
      [{ funds: [{ source: '上级下拨', amountFen: 100, receivedOn: '2017-13-01' }] }, /资金第1行：到账日期/],
      [{ standards: [{ recipientKind: '困难职工', cashFen: 1 }, { recipientKind: '困难职工', cashFen: 2 }] }, /标准第2行：对象类别“困难职工”重复/],
      [{ standards: [{ recipientKind: '外星人', cashFen: 1 }] }, /标准第1行：对象类别“外星人”不在代码表中/],
      [{ rules: [{ kind: 'max_cash_per_payment' }] }, /规则第1行（每次现金上限）：请填写上限金额/],
      [{ rules: [{ kind: 'exclusive_with_program' }] }, /规则第1行（不得与另一项目重复享受）：请选择另一个项目/],
      [{ rules: [{ kind: 'exclusive_with_program', otherProgramId: id }] }, /不能选择本项目自己/],
      [{ rules: [{ kind: 'max_cash_per_payment', amountFen: 100, category: '住院' }] }, /困难类别“住院”不在代码表中/],
    ];
    for (const [patch, message] of cases) {
      const before = dumpTables(ledger);
      expect(() => save(ledger, id, { ...FORM, ...patch }), String(message)).toThrow(message);
      expect(dumpTables(ledger)).toEqual(before);
    }
    // Exclusive with the other program is fine; the other program can then not be deleted.
    save(ledger, id, { ...FORM, rules: [{ kind: 'exclusive_with_program', otherProgramId: other, severity: 'warn' }] });
    expect(() => ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => deleteProgram(tx, other))).toThrow(/被“2017年医疗救助”的规则引用，不能删除/);
    ledger.close();
  });

  it('deletes a program without payments (with its funds, standards and rules), undoably; refuses one with payments', () => {
    const ledger = tempLedger();
    const id = save(ledger, null, FORM);
    const withPayments = save(ledger, null, { ...FORM, code: '2017-SWN', name: '2017年春节送温暖', kind: '送温暖' });
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ cells: { personName: '李强', paidOn: '2017-01-20', cashFen: '500' } }], { programId: withPayments }, '测试'));
    expect(() => ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => deleteProgram(tx, withPayments))).toThrow(/已有 1 条发放记录，不能删除/);
    const kept = dumpValues(ledger);
    ledger.run({ kind: 'program.delete', label: '删除项目', source: 'keyed' }, (tx) => deleteProgram(tx, id));
    for (const t of ['programs', 'program_funds', 'program_standards', 'program_rules']) {
      expect(ledger.db.prepare(`SELECT count(*) FROM ${t} WHERE ${t === 'programs' ? 'id' : 'program_id'} = ?`).pluck().get(id), t).toBe(0);
    }
    undo(ledger);
    expect(dumpValues(ledger)).toEqual(kept);
    ledger.close();
  });
});
