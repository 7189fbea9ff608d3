/**
 * Household files (一户一档): created with members in one audited command, status
 * moves with dates and reasons written to the history, refusals that change
 * nothing, undo/redo, and the detail a clerk opens (masked account, payments by
 * year against each rule).
 */
import { describe, expect, it } from 'vitest';
import { historyState, redo, undo } from '../../electron/core/history.ts';
import { householdDetail } from '../../electron/core/queries/households.ts';
import {
  addHouseholdMembers, createHousehold, editPeople, removeHouseholdMember, revealBankAccount, reviewHousehold, setHouseholdStatus, updateHousehold,
} from '../../electron/core/services/households.ts';
import { createPerson } from '../../electron/core/services/people.ts';
import { applyPaymentEdits, reversePayment, setPaymentStatus } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import type { Ledger } from '../../electron/core/ledger.ts';
import { LedgerError } from '../../electron/core/errors.ts';
import { replayAudit } from '../../electron/core/replay.ts';
import { dumpTables, dumpValues, tempLedger } from '../helpers/ledger.ts';

const WANG = '530424197512030026'; // 女
const LI = '530424198001019516'; // 男

function expectRefused(ledger: Ledger, fn: () => unknown, message: RegExp): void {
  const before = dumpTables(ledger);
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected a refusal').toBeInstanceOf(LedgerError);
  expect((err as Error).message).toMatch(message);
  expect(dumpTables(ledger)).toEqual(before);
}

function newHousehold(ledger: Ledger): number {
  return ledger.run({ kind: 'household.create', label: '新建档案', source: 'keyed' }, (tx) =>
    createHousehold(tx, {
      fileNo: '530424-0001', address: '宁州街道东街12号', hardshipLevel: '特困', primaryCause: '因病', otherCauses: ['因学'],
      bankName: '农村信用社', bankAccount: '6228 4800 1234 5678 901', filedOn: '2016-03-01', annualIncomeFen: 1_200_000,
    }, [
      { person: { name: '王　芳', idNumber: WANG, unitName: '华宁县水泥厂工会', employmentStatus: '下岗失业' } },
      { person: { name: '李强', idNumber: LI }, relation: '配偶' },
    ]),
  );
}

describe('household files', () => {
  it('are created with their members in one audited command, and undone and redone as one step', () => {
    const ledger = tempLedger({ now: () => new Date('2017-03-01T02:00:00Z') });
    const empty = dumpValues(ledger);
    const id = newHousehold(ledger);
    const detail = householdDetail(ledger, id);
    expect(detail).toMatchObject({
      fileNo: '530424-0001', fileStatus: '在档', filedOn: '2016-03-01', statusChangedOn: '2016-03-01', hardshipLevel: '特困',
      primaryCause: '因病', otherCauses: ['因学'], size: 2, annualIncomeFen: 1_200_000, unitName: '华宁县水泥厂工会',
      bankAccountMasked: '***************8901', bankName: '农村信用社',
    });
    expect(detail.members.map((m) => [m.name, m.relation, m.gender, m.birthDate])).toEqual([
      ['王芳', '户主', '女', '1975-12-03'],
      ['李强', '配偶', '男', '1980-01-01'],
    ]);
    // A member's work unit is their own (a spouse often works elsewhere): none given, none stored.
    expect(detail.members[1]!.unitName).toBeNull();
    expect(detail.history).toEqual([expect.objectContaining({ status: '在档', changedOn: '2016-03-01', reason: '建档', recordedBy: '测试会计' })]);
    expect(revealBankAccount(ledger, id)).toBe('62284800123456789 01'.replace(' ', ''));
    // One command, audited: the household, its first history row, both people, and the size/unit fill-in.
    const commands = ledger.db.prepare("SELECT id FROM commands WHERE kind = 'household.create'").pluck().all() as number[];
    expect(commands).toHaveLength(1);
    const tables = ledger.db.prepare('SELECT DISTINCT table_name FROM audit_log WHERE command_id = ? ORDER BY 1').pluck().all(commands[0]);
    expect(tables).toEqual(['household_status_history', 'households', 'people', 'units']);
    expect(replayAudit(ledger)).toMatchObject({ ok: true, differences: [] });

    const afterCreate = dumpValues(ledger);
    expect(historyState(ledger).undoLabel).toBe('新建档案');
    undo(ledger);
    expect(dumpValues(ledger)).toEqual(empty);
    redo(ledger);
    expect(dumpValues(ledger)).toEqual(afterCreate);
    ledger.close();
  });

  it('refuse bad input with a Chinese message and change nothing', () => {
    const ledger = tempLedger({ now: () => new Date('2017-03-01T02:00:00Z') });
    const id = newHousehold(ledger);
    const other = ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => createPerson(tx, { name: '张丽' }));
    const run = (fn: Parameters<Ledger['run']>[1]) => () => ledger.run({ kind: 't', label: 't', source: 'keyed' }, fn);
    expectRefused(ledger, run((tx) => createHousehold(tx, {}, [])), /至少要有一名成员/);
    expectRefused(ledger, run((tx) => createHousehold(tx, { fileNo: '530424-0001' }, [{ personId: other }])), /档案编号“530424-0001”已被另一户使用/);
    expectRefused(ledger, run((tx) => createHousehold(tx, { hardshipLevel: '很困难' }, [{ personId: other }])), /困难程度“很困难”不在代码表中/);
    expectRefused(ledger, run((tx) => createHousehold(tx, { primaryCause: '因病', otherCauses: ['因学', '因灾', '单亲', '工伤'] }, [{ personId: other }])), /最多再填3项/);
    expectRefused(ledger, run((tx) => createHousehold(tx, { primaryCause: '因病', otherCauses: ['因病'] }, [{ personId: other }])), /致困原因“因病”重复/);
    expectRefused(ledger, run((tx) => createHousehold(tx, { otherCauses: ['因学'] }, [{ personId: other }])), /请先填写主要致困原因/);
    expectRefused(ledger, run((tx) => createHousehold(tx, { bankAccount: '6228-abc' }, [{ personId: other }])), /银行账号“6228-abc”应为6至32位数字/);
    expectRefused(ledger, run((tx) => createHousehold(tx, { filedOn: '2018-01-01' }, [{ personId: other }])), /建档日期 2018-01-01 晚于今天/);
    // A member of another household cannot be filed twice; a new member with a registered ID neither.
    const wangId = ledger.db.prepare('SELECT id FROM people WHERE id_number = ?').pluck().get(WANG) as number;
    expectRefused(ledger, run((tx) => createHousehold(tx, {}, [{ personId: wangId }])), /第1位成员“王芳”已在另一户档案（530424-0001）中/);
    expectRefused(ledger, run((tx) => createHousehold(tx, {}, [{ personId: other }, { person: { name: '王芳', idNumber: WANG } }])), /第2位成员：身份证号 530424197512030026 已登记给“王芳”/);
    expectRefused(ledger, run((tx) => createHousehold(tx, {}, [{ personId: other, relation: '户主' }, { person: { name: '赵六' }, relation: '户主' }])), /一户只能有一位户主/);
    expectRefused(ledger, run((tx) => createHousehold(tx, {}, [{ personId: other, relation: '表哥' }])), /与户主关系“表哥”不在代码表中/);
    // Taking out the last member would leave an empty file.
    const solo = ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => createHousehold(tx, {}, [{ personId: other }]));
    expectRefused(ledger, run((tx) => removeHouseholdMember(tx, solo, other)), /唯一的成员，不能移出/);
    ledger.close();
  });

  it('move 在档 → 脱困 → 在档 → 注销 with dates and reasons in the history; wrong moves are refused', () => {
    let now = new Date('2017-03-01T02:00:00Z');
    const ledger = tempLedger({ now: () => now });
    const id = newHousehold(ledger);
    const run = (fn: Parameters<Ledger['run']>[1]) => ledger.run({ kind: 'household.status', label: '状态', source: 'keyed' }, fn);
    expectRefused(ledger, () => run((tx) => setHouseholdStatus(tx, id, '脱困', '2017-02-01', '  ')), /必须填写原因/);
    expectRefused(ledger, () => run((tx) => setHouseholdStatus(tx, id, '脱困', '2016-01-01', '再就业')), /早于该档案上一次记录的日期 2016-03-01/);
    expectRefused(ledger, () => run((tx) => setHouseholdStatus(tx, id, '脱困', '2017-03-02', '再就业')), /晚于今天/);
    expectRefused(ledger, () => run((tx) => setHouseholdStatus(tx, id, '在档', '2017-02-01', '复查')), /已是“在档”状态/);
    run((tx) => setHouseholdStatus(tx, id, '脱困', '2017.2.1', '本人再就业，家庭收入超过标准'));
    expect(householdDetail(ledger, id)).toMatchObject({ fileStatus: '脱困', statusChangedOn: '2017-02-01' });
    now = new Date('2018-05-01T02:00:00Z');
    run((tx) => setHouseholdStatus(tx, id, '在档', '2018-04-01', '配偶患大病，返困'));
    run((tx) => reviewHousehold(tx, id, '2018-04-20', '入户核实'));
    run((tx) => setHouseholdStatus(tx, id, '注销', '2018-04-30', '户主去世'));
    expectRefused(ledger, () => run((tx) => setHouseholdStatus(tx, id, '脱困', '2018-04-30', '错')), /不能从“注销”改为“脱困”/);
    const detail = householdDetail(ledger, id);
    expect(detail.history.map((h) => [h.status, h.changedOn, h.reason])).toEqual([
      ['在档', '2016-03-01', '建档'],
      ['脱困', '2017-02-01', '本人再就业，家庭收入超过标准'],
      ['在档', '2018-04-01', '配偶患大病，返困'],
      ['在档', '2018-04-20', '复核：入户核实'],
      ['注销', '2018-04-30', '户主去世'],
    ]);
    expect(detail).toMatchObject({ fileStatus: '注销', statusChangedOn: '2018-04-30' });
    // Each move is its own audited command and undoes alone.
    undo(ledger);
    expect(householdDetail(ledger, id)).toMatchObject({ fileStatus: '在档', statusChangedOn: '2018-04-01' });
    expect(householdDetail(ledger, id).history).toHaveLength(4);
    expect(replayAudit(ledger)).toMatchObject({ ok: true, differences: [] });
    ledger.close();
  });

  it('are edited: fields, members added and removed, people cells (retired values stay, new ones must be active)', () => {
    const ledger = tempLedger({ now: () => new Date('2017-03-01T02:00:00Z') });
    const id = newHousehold(ledger);
    const run = <T>(fn: Parameters<Ledger['run']>[1]) => ledger.run({ kind: 't', label: 't', source: 'keyed' }, fn) as T;
    run((tx) => updateHousehold(tx, id, { hardshipLevel: '重困', otherCauses: ['因学', '缺乏劳动力'], bankAccount: null }));
    expect(householdDetail(ledger, id)).toMatchObject({ hardshipLevel: '重困', primaryCause: '因病', otherCauses: ['因学', '缺乏劳动力'], bankAccountMasked: null });
    const child = run<number[]>((tx) => addHouseholdMembers(tx, id, [{ person: { name: '李小明', birthDate: '2005-09-01' }, relation: '子女' }]))[0]!;
    expect(householdDetail(ledger, id).members.map((m) => m.name)).toEqual(['王芳', '李强', '李小明']);
    run((tx) => removeHouseholdMember(tx, id, child));
    expect(ledger.db.prepare('SELECT household_id, relation FROM people WHERE id = ?').get(child)).toEqual({ household_id: null, relation: null });
    // Retire 重困: the household keeps it readable; a new household cannot take it.
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => tx.update('code_lists', ledger.db.prepare("SELECT id FROM code_lists WHERE list = 'hardship_level' AND value = '重困'").pluck().get() as number, { retired_at: tx.at }));
    run((tx) => updateHousehold(tx, id, { hardshipLevel: '重困', note: '复查属实' }));
    expect(() => run((tx) => createHousehold(tx, { hardshipLevel: '重困' }, [{ personId: child }]))).toThrow(/困难程度“重困”已停用/);
    // People cells: an ID fills an empty gender; a bad gender is refused with the column named.
    const wangId = ledger.db.prepare('SELECT id FROM people WHERE id_number = ?').pluck().get(WANG) as number;
    run((tx) => editPeople(tx, [{ id: child, cells: { idNumber: '530424200509010011', phone: '13800000000' } }]));
    expect(ledger.db.prepare('SELECT gender, phone FROM people WHERE id = ?').get(child)).toEqual({ gender: '男', phone: '13800000000' });
    expect(() => run((tx) => editPeople(tx, [{ id: wangId, cells: { gender: '未知' } }]))).toThrow(/“性别”：性别“未知”只能是“男”或“女”/);
    expect(() => run((tx) => editPeople(tx, [{ id: wangId, cells: { idNumber: LI } }]))).toThrow(/已登记给“李强”/);
    expect(() => run((tx) => editPeople(tx, [{ id: child, cells: { relation: '子女' } }]))).toThrow(/不属于任何档案/);
    ledger.close();
  });

  it('show every payment of the household by year, with totals against each rule', () => {
    const ledger = tempLedger({ now: () => new Date('2017-12-01T02:00:00Z') });
    const id = newHousehold(ledger);
    const [wang, li] = [WANG, LI].map((n) => ledger.db.prepare('SELECT id FROM people WHERE id_number = ?').pluck().get(n) as number);
    const ids = ledger.run({ kind: 't', label: '准备', source: 'keyed' }, (tx) => {
      const yl = createProgram(tx, {
        code: '2017-YL', name: '2017年医疗救助', year: 2017, kind: '医疗救助', rules: [
          { kind: 'max_cash_per_person_year', amountFen: 200_000, category: null, scope: 'program', otherProgramId: null, severity: 'warn' },
          { kind: 'once_per_household_year', amountFen: null, category: null, scope: 'program', otherProgramId: null, severity: 'error' },
          { kind: 'max_cash_per_payment', amountFen: 100_000, category: '住院手术', scope: 'program', otherProgramId: null, severity: 'error' },
        ],
      });
      const swn = createProgram(tx, { code: '2017-SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖' });
      const swn16 = createProgram(tx, { code: '2016-SWN', name: '2016年春节送温暖', year: 2016, kind: '送温暖' });
      const made = applyPaymentEdits(tx, [
        { personId: wang, cells: { programName: '2017-YL', paidOn: '2017-03-05', cashFen: '1500', category: '住院手术' } },
        { personId: li, cells: { programName: '2017-YL', paidOn: '2017-06-05', cashFen: '800', category: '住院未手术' } },
        { personId: wang, cells: { programName: '2017-SWN', paidOn: '2017-01-20', cashFen: '500', goodsFen: '100', goodsDesc: '大米' } },
        { personId: wang, cells: { programName: '2016-SWN', paidOn: '2016-01-25', cashFen: '400' } },
        { personId: li, cells: { programName: '2017-SWN', paidOn: '2017-01-21', cashFen: '300' } },
      ], {}, '准备').created;
      void yl; void swn; void swn16;
      setPaymentStatus(tx, [made[4]!], '已审核', '审核人');
      setPaymentStatus(tx, [made[4]!], '已发放', null);
      return made;
    });
    // 李强's 送温暖 was paid by mistake and reversed: it no longer counts, the money nets to zero.
    ledger.run({ kind: 't', label: '冲正', source: 'keyed' }, (tx) => reversePayment(tx, ids[4]!, '重复发放', '测试'));
    // The reversal entry is dated the day it is made (this year); the reversed payment stays in 2017 and no longer counts.
    const detail = householdDetail(ledger, id);
    const thisYear = new Date().getFullYear();
    expect(detail.years.map((y) => y.year)).toEqual([thisYear, 2017, 2016]);
    expect(detail.years[0]!).toMatchObject({ cashFen: -30_000, personTimes: 0 });
    const y17 = detail.years[1]!;
    expect(y17.payments).toHaveLength(4);
    expect([y17.cashFen, y17.goodsFen, y17.totalFen, y17.personTimes]).toEqual([150_000 + 80_000 + 50_000 + 30_000, 10_000, 320_000, 3]);
    const rule = (kind: string, person?: string) => y17.rules.find((r) => r.kind === kind && (person === undefined || r.personName === person));
    expect(rule('max_cash_per_person_year', '王芳')).toMatchObject({ used: 150_000, limit: 200_000, ok: true, unit: 'fen', programName: '2017年医疗救助' });
    expect(rule('max_cash_per_person_year', '李强')).toMatchObject({ used: 80_000, limit: 200_000, ok: true });
    // Two 医疗救助 payments in one household in one year: the once-per-household rule is broken.
    expect(rule('once_per_household_year')).toMatchObject({ used: 2, limit: 1, ok: false, personId: null });
    expect(rule('max_cash_per_payment')).toMatchObject({ category: '住院手术', used: 150_000, limit: 100_000, ok: false, personName: '王芳' });
    // The default once-per-person rule of 送温暖 holds for 王芳; 李强's reversed payment does not count.
    expect(rule('once_per_person_program', '王芳')).toMatchObject({ used: 1, ok: true, programName: '2017年春节送温暖' });
    expect(rule('once_per_person_program', '李强')).toBeUndefined();
    // The rule engine agrees: the findings are on the rows.
    expect(y17.payments.find((p) => p.cashFen === 150_000)!.issues.map((i) => i.message).join('；')).toContain('住院手术：每次现金不超过1,000元');
    expect(detail.years[2]!).toMatchObject({ year: 2016, cashFen: 40_000, personTimes: 1 });
    ledger.close();
  });
});
