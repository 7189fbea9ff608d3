import { describe, expect, it } from 'vitest';
import { crossProgramRules, evaluatePayment, hospitalisationRules, type PaymentFacts, type ProgramRule, type RuleContext } from '../../shared/domain/rules.ts';

const program = { id: 1, name: '2017年医疗救助', kind: '医疗救助', year: 2017 };
const person = { id: 7, name: '王芳', gender: '女' as const, idNumber: '530424197512030026', idProblems: [], idGender: '女' as const };

function pay(id: number, over: Partial<PaymentFacts> = {}): PaymentFacts {
  return {
    id, programId: 1, programKind: '医疗救助', personId: 7, householdId: null, paidOn: '2017-03-01', cashFen: 50_000,
    goodsFen: 0, category: null, reversesId: null, reversed: false, ...over,
  };
}

function rules(list: Omit<ProgramRule, 'id' | 'programId'>[]): ProgramRule[] {
  return list.map((r, i) => ({ ...r, id: 100 + i, programId: 1 }));
}

function ctx(payments: PaymentFacts[], ruleList: ProgramRule[], over: Partial<RuleContext> = {}): RuleContext {
  return { program, rules: ruleList, person, personYear: payments, householdYear: payments, programNames: new Map([[1, program.name], [2, '2017年金秋助学']]), ...over };
}

describe('rule evaluation', () => {
  const hosp = rules(hospitalisationRules());

  it('篇3: no surgery → cash ≤ 500 and goods ≤ 100', () => {
    const p = pay(1, { category: '住院未手术', cashFen: 60_000, goodsFen: 15_000 });
    const issues = evaluatePayment(p, ctx([p], hosp));
    expect(issues.map((i) => [i.code, i.field])).toEqual([['rule:100', 'cashFen'], ['rule:101', 'goodsFen']]);
    expect(issues[0]!.message).toBe('住院未手术：每次现金不超过500元，本次600元，超出100元');
    const fine = pay(2, { category: '住院未手术', cashFen: 50_000, goodsFen: 10_000 });
    expect(evaluatePayment(fine, ctx([fine], hosp))).toEqual([]);
  });

  it('篇3: surgery → cash ≤ 1000 and goods ≤ 200', () => {
    const ok = pay(1, { category: '住院手术', cashFen: 100_000, goodsFen: 20_000 });
    expect(evaluatePayment(ok, ctx([ok], hosp))).toEqual([]);
    const over = pay(2, { category: '住院手术', cashFen: 100_001, goodsFen: 20_001 });
    expect(evaluatePayment(over, ctx([over], hosp)).map((i) => i.code)).toEqual(['rule:102', 'rule:103']);
  });

  it('篇3: one person ≤ 2000元 of cash in a year, with the running total in the message', () => {
    const a = pay(1, { paidOn: '2017-02-01', cashFen: 100_000, category: '住院手术' });
    const b = pay(2, { paidOn: '2017-05-01', cashFen: 80_000, category: '住院手术' });
    const c = pay(3, { paidOn: '2017-09-01', cashFen: 50_000, category: '住院未手术', goodsFen: 10_000 });
    const all = [a, b, c];
    expect(evaluatePayment(a, ctx(all, hosp))).toEqual([]);
    expect(evaluatePayment(b, ctx(all, hosp))).toEqual([]);
    const issues = evaluatePayment(c, ctx(all, hosp));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'rule:104', severity: 'warn' });
    expect(issues[0]!.message).toBe('2017年度“2017年医疗救助”中已累计救助1,800元，再发500元将超过2,000元上限');
  });

  it('reversed payments and reversals do not count towards caps', () => {
    const a = pay(1, { cashFen: 150_000, reversed: true });
    const r = pay(2, { cashFen: -150_000, reversesId: 1, paidOn: '2017-03-02' });
    const b = pay(3, { cashFen: 100_000, paidOn: '2017-04-01' });
    const list = rules([{ kind: 'max_cash_per_person_year', amountFen: 200_000, category: null, scope: 'program', otherProgramId: null, severity: 'error' }]);
    expect(evaluatePayment(b, ctx([a, r, b], list))).toEqual([]);
  });

  it('max_total_per_person_year counts goods, scoped by program kind', () => {
    const list = rules([{ kind: 'max_total_per_person_year', amountFen: 100_000, category: null, scope: 'program_kind', otherProgramId: null, severity: 'error' }]);
    const a = pay(1, { programId: 9, cashFen: 60_000, goodsFen: 20_000 });
    const b = pay(2, { paidOn: '2017-06-01', cashFen: 10_000, goodsFen: 20_000 });
    const other = pay(3, { programId: 10, programKind: '送温暖', cashFen: 500_000 });
    const issues = evaluatePayment(b, ctx([a, b, other], list));
    expect(issues.map((i) => i.code)).toEqual(['rule:100']);
    expect(issues[0]!.message).toContain('已累计救助（现金和慰问品）800元，再发300元将超过1,000元上限');
  });

  it('once per person per program: the later payment is the duplicate', () => {
    const list = rules([{ kind: 'once_per_person_program', amountFen: null, category: null, scope: 'program', otherProgramId: null, severity: 'error' }]);
    const a = pay(1, { paidOn: '2017-01-20' });
    const b = pay(2, { paidOn: '2017-01-21' });
    expect(evaluatePayment(a, ctx([a, b], list))).toEqual([]);
    const issues = evaluatePayment(b, ctx([a, b], list));
    expect(issues[0]!.message).toContain('已于2017-01-20领取过');
  });

  it('once per household per year across members', () => {
    const list = rules([{ kind: 'once_per_household_year', amountFen: null, category: null, scope: 'all', otherProgramId: null, severity: 'warn' }]);
    const spouse = pay(1, { personId: 8, householdId: 3, paidOn: '2017-01-10' });
    const mine = pay(2, { householdId: 3, paidOn: '2017-02-10' });
    const issues = evaluatePayment(mine, ctx([mine], list, { householdYear: [spouse, mine] }));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.severity).toBe('warn');
    expect(issues[0]!.message).toContain('该户2017年度所有项目中已于2017-01-10获得救助');
    expect(evaluatePayment(spouse, ctx([spouse], list, { householdYear: [spouse, mine] }))).toEqual([]);
  });

  it('exclusive with another program', () => {
    const list = rules([{ kind: 'exclusive_with_program', amountFen: null, category: null, scope: 'program', otherProgramId: 2, severity: 'error' }]);
    const other = pay(1, { programId: 2, programKind: '金秋助学', paidOn: '2017-09-01' });
    const mine = pay(2);
    expect(evaluatePayment(mine, ctx([other, mine], list))[0]!.message).toContain('已在“2017年金秋助学”中领取');
  });

  it('built-in checks: ID problems, gender mismatch, missing person or program, negative and zero amounts, date outside the year', () => {
    const bad = { ...person, gender: '男' as const, idProblems: [{ code: 'id_checksum', message: '校验位错误' }] };
    const p = pay(1, { cashFen: -100, paidOn: '2018-01-02' });
    const codes = evaluatePayment(p, ctx([p], [], { person: bad })).map((i) => i.code);
    expect(codes).toEqual(['id_checksum', 'gender_mismatch', 'negative_amount', 'date_outside_year']);
    const none = pay(2, { personId: null, programId: null, cashFen: 0 });
    expect(evaluatePayment(none, ctx([none], [], { person: null, program: null })).map((i) => i.code)).toEqual(['missing_person', 'missing_program', 'zero_amount']);
  });

  it('once per person: a parent paid for two children passes only in a 助学 program (helper 86)', () => {
    const once = rules([{ kind: 'once_per_person_program', amountFen: null, category: null, scope: 'program', otherProgramId: null, severity: 'error' }]);
    const first = pay(1, { studentName: '丁一' });
    const second = pay(2, { studentName: '丁二', paidOn: '2017-03-02' });
    const swn = { id: 1, name: '2017年送温暖', kind: '送温暖', year: 2017 };
    const zx = { id: 1, name: '2017年金秋助学', kind: '金秋助学', year: 2017 };
    expect(evaluatePayment(second, ctx([first, second], once, { program: swn })).map((i) => i.code)).toEqual(['rule:100']);
    expect(evaluatePayment(second, ctx([first, second], once, { program: zx }))).toEqual([]);
    // In either script, and a county's own name for it (helper 88).
    for (const kind of ['金秋助學', '教育救助', '学生资助']) expect(evaluatePayment(second, ctx([first, second], once, { program: { ...zx, kind } })), kind).toEqual([]);
  });

  it('another program’s rule counted over all programs holds the years the person was paid from it (of its category, not reversed)', () => {
    // 医疗救助 (program 1): 住院手术 payments held to 1000 a year over all programs; a payment in 金秋助学 (program 2).
    const hospital = rules([{ kind: 'max_cash_per_person_year', amountFen: 100_000, category: '住院手术', scope: 'all', otherProgramId: null, severity: 'warn' }]);
    const cross = crossProgramRules(new Map([[1, program]]), new Map([[1, hospital]]));
    const zx = { id: 2, name: '2017年金秋助学', kind: '金秋助学', year: 2017 };
    const inHospital = pay(1, { paidOn: '2017-02-01', cashFen: 60_000, category: '住院手术' });
    const student = pay(2, { programId: 2, programKind: '金秋助学', paidOn: '2017-09-01', cashFen: 50_000, category: '住院手术' });
    const held = (list: PaymentFacts[], p: PaymentFacts) => evaluatePayment(p, ctx(list, [], { program: zx, crossRules: cross })).map((i) => [i.code, i.message]);
    expect(held([inHospital, student], student)).toEqual([['rule:100', '2017年度所有项目中已累计救助600元，再发500元将超过“2017年医疗救助”规定的1,000元上限']]);
    // Not of the rule's category: the rule does not hold the payment (as for its own program's).
    expect(held([inHospital, { ...student, category: null }], { ...student, category: null })).toEqual([]);
    // The program's payment of another category, or reversed: the year is not the rule's concern.
    expect(held([{ ...inHospital, category: '住院未手术' }, student], student)).toEqual([]);
    expect(held([{ ...inHospital, reversed: true }, student], student)).toEqual([]);
    // A 本项目 rule never holds other programs' payments.
    const own = crossProgramRules(new Map([[1, program]]), new Map([[1, hospital.map((r) => ({ ...r, scope: 'program' as const }))]]));
    expect(own.size).toBe(0);
  });

  it('says an amount over 100,000 元 (a date or an ID typed into it), with no rule of the program needed', () => {
    const date = pay(1, { cashFen: 2_017_012_000 });
    expect(evaluatePayment(date, ctx([date], [])).map((i) => [i.code, i.severity, i.field, i.message])).toEqual([
      ['amount_large', 'warn', 'cashFen', '金额 20,170,120元 超过 100,000元，请核对（是否把日期、身份证号或电话填进了金额）'],
    ]);
    const goods = pay(2, { cashFen: 50_000, goodsFen: 13_800_000_000 });
    expect(evaluatePayment(goods, ctx([goods], [])).map((i) => [i.code, i.field])).toEqual([['amount_large', 'goodsFen']]);
    const edge = pay(3, { cashFen: 10_000_000 });
    expect(evaluatePayment(edge, ctx([edge], []))).toEqual([]);
  });
});
