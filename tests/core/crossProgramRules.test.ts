/**
 * Rules counted over other programs (累计范围 同类项目 / 所有项目): a program's yearly cap or once-per-household
 * rule holds the person's (household's) year across programs, and the payment that crosses it is marked whichever
 * program it is in (a reviewer: 送温暖 600 in January, then 金秋助学 1000 in August, under 送温暖's cap of 1000 over
 * all programs, was marked nowhere). After each step the stored findings equal a full recompute.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { redo, undo } from '../../electron/core/history.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { dashboard } from '../../electron/core/queries/dashboard.ts';
import { createHousehold, removeHouseholdMember } from '../../electron/core/services/households.ts';
import { applyPaymentEdits, bulkInsertPayments, deletePayments, reversePayment, setPaymentStatus } from '../../electron/core/services/payments.ts';
import { bulkInsertPeople, createPerson } from '../../electron/core/services/people.ts';
import { saveProgramForm } from '../../electron/core/services/programForm.ts';
import { createProgram, getProgram, replaceRules, type RuleInput } from '../../electron/core/services/programs.ts';
import { tempDir, tempLedger } from '../helpers/ledger.ts';

type Row = [number, string, string, string, string, number | null];

function findings(ledger: Ledger): Row[] {
  return ledger.db.prepare('SELECT payment_id, code, severity, field, message, rule_id FROM payment_issues ORDER BY payment_id, code, field, message').raw().all() as Row[];
}

/** What a full recompute stores for the ledger as it is now (on a copy: the ledger itself is left as it is). */
function fullRecompute(ledger: Ledger): Row[] {
  const copy = path.join(tempDir(), 'copy.db');
  ledger.db.exec(`VACUUM INTO '${copy.replace(/'/g, "''")}'`);
  const other = Ledger.open(copy);
  other.recomputeAllIssues();
  const rows = findings(other);
  other.close();
  return rows;
}

const cap = (amountYuan: number, scope: RuleInput['scope'], kind: RuleInput['kind'] = 'max_cash_per_person_year'): RuleInput =>
  ({ kind, amountFen: amountYuan * 100, category: null, scope, otherProgramId: null, severity: 'error' });

let open: Ledger[] = [];
afterEach(() => {
  for (const l of open) l.close();
  open = [];
});

/** A ledger with 送温暖 2017 (a yearly cap of 1000 over `scope`), 金秋助学 2017 (no rules) and 刘洋. */
function setup(scope: RuleInput['scope'] = 'all') {
  const ledger = tempLedger();
  open.push(ledger);
  const ids = ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) => ({
    wenNuan: createProgram(tx, { code: 'SWN', name: '2017年送温暖', year: 2017, kind: '送温暖', rules: [cap(1000, scope)] }),
    zhuXue: createProgram(tx, { code: 'JQ', name: '2017年金秋助学', year: 2017, kind: '金秋助学', rules: [] }),
    liu: createPerson(tx, { name: '刘洋' }),
  }));
  const ruleId = () => ledger.db.prepare('SELECT id FROM program_rules WHERE program_id = ?').pluck().get(ids.wenNuan) as number;
  const pay = (programId: number, paidOn: string, yuan: string, personId = ids.liu) =>
    ledger.run({ kind: 'payment.create', label: '新增', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ personId, cells: { paidOn, cashFen: yuan } }], { programId }, '会计')).created[0]!;
  const ruleFindings = () => findings(ledger).filter((f) => f[1].startsWith('rule:')).map((f) => [f[0], f[1], f[4]]);
  const same = () => expect(findings(ledger)).toEqual(fullRecompute(ledger));
  return { ledger, ...ids, ruleId, pay, ruleFindings, same };
}

describe('a yearly cap counted over all programs', () => {
  it('marks the payment of another program that crosses it, with the running total (the reviewer’s case)', () => {
    const s = setup();
    const first = s.pay(s.wenNuan, '2017-01-15', '600');
    s.same();
    const crossing = s.pay(s.zhuXue, '2017-08-20', '1000');
    expect(s.ruleFindings()).toEqual([[crossing, `rule:${s.ruleId()}`, '2017年度所有项目中已累计救助600元，再发1,000元将超过“2017年送温暖”规定的1,000元上限']]);
    expect(s.ruleFindings().some((f) => f[0] === first)).toBe(false);
    s.same();
  });

  it('首页’s findings: the rule’s row counts the payment of the other program and opens the grid on no one program', () => {
    const s = setup();
    s.pay(s.wenNuan, '2017-01-15', '600');
    s.pay(s.zhuXue, '2017-08-20', '1000');
    const row = dashboard(s.ledger, 2017).warnings.find((w) => w.code === `rule:${s.ruleId()}`)!;
    // (Opened on 送温暖 alone, the grid would not list the 金秋助学 payment the row counts.)
    expect([row.label, row.count, row.programId]).toEqual(['2017年送温暖：每人每年现金上限', 1, null]);
    // A 本项目 rule's row still opens its program.
    const own = setup('program');
    own.pay(own.wenNuan, '2017-01-15', '1200');
    expect(dashboard(own.ledger, 2017).warnings.find((w) => w.code === `rule:${own.ruleId()}`)!.programId).toBe(own.wenNuan);
  });

  it('the other order: 金秋助学 first, then 送温暖 crosses and is marked as before', () => {
    const s = setup();
    s.pay(s.zhuXue, '2017-01-15', '1000');
    const crossing = s.pay(s.wenNuan, '2017-08-20', '600');
    expect(s.ruleFindings()).toEqual([[crossing, `rule:${s.ruleId()}`, '2017年度所有项目中已累计救助1,000元，再发600元将超过1,000元上限']]);
    s.same();
  });

  it('deleting, moving or reversing the 送温暖 payment takes the mark away or moves it; undo and redo bring it back', () => {
    const s = setup();
    const first = s.pay(s.wenNuan, '2017-01-15', '600');
    const crossing = s.pay(s.zhuXue, '2017-08-20', '1000');
    const marked = s.ruleFindings();
    expect(marked.map((f) => f[0])).toEqual([crossing]);

    s.ledger.run({ kind: 'payment.delete', label: '删除', source: 'keyed' }, (tx) => deletePayments(tx, [first]));
    expect(s.ruleFindings()).toEqual([]);
    s.same();
    undo(s.ledger);
    expect(s.ruleFindings()).toEqual(marked);
    s.same();
    redo(s.ledger);
    expect(s.ruleFindings()).toEqual([]);
    s.same();
    undo(s.ledger);

    // The 金秋助学 payment deleted: nothing crosses; undone, it is marked again.
    s.ledger.run({ kind: 'payment.delete', label: '删除', source: 'keyed' }, (tx) => deletePayments(tx, [crossing]));
    expect(s.ruleFindings()).toEqual([]);
    s.same();
    undo(s.ledger);
    expect(s.ruleFindings()).toEqual(marked);
    s.same();

    // The 送温暖 payment moved after the 金秋助学 one: now it is the one that crosses.
    s.ledger.run({ kind: 'payment.update', label: '修改', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id: first, cells: { paidOn: '2017-10-01' } }], {}, '会计'));
    expect(s.ruleFindings()).toEqual([[first, `rule:${s.ruleId()}`, '2017年度所有项目中已累计救助1,000元，再发600元将超过1,000元上限']]);
    s.same();
    // Moved into 2018: the 2017 year holds no 送温暖 payment, and 2018 only 600.
    s.ledger.run({ kind: 'payment.update', label: '修改', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id: first, cells: { paidOn: '2018-01-10' } }], {}, '会计'));
    expect(s.ruleFindings()).toEqual([]);
    s.same();
    undo(s.ledger);
    undo(s.ledger);
    expect(s.ruleFindings()).toEqual(marked);
    s.same();

    // Reversed (冲正, dated today: another year), the 送温暖 payment no longer counts: the mark goes; the reversal deleted, it is back.
    for (const to of ['已审核', '已发放'] as const) s.ledger.run({ kind: 'payment.status', label: '改状态', source: 'keyed' }, (tx) => setPaymentStatus(tx, [first], to, '李主席'));
    expect(s.ruleFindings()).toEqual(marked);
    const reversal = s.ledger.run({ kind: 'payment.reverse', label: '冲正', source: 'keyed' }, (tx) => reversePayment(tx, first, '发错了', '会计')) as number;
    expect(s.ruleFindings()).toEqual([]);
    s.same();
    s.ledger.run({ kind: 'payment.delete', label: '删除', source: 'keyed' }, (tx) => deletePayments(tx, [reversal]));
    expect(s.ruleFindings()).toEqual(marked);
    s.same();
  });

  it('a rule edited from 本项目 to 所有项目 re-evaluates the other programs’ payments of its people; undone, the mark goes', () => {
    const s = setup('program');
    s.pay(s.wenNuan, '2017-01-15', '600');
    const crossing = s.pay(s.zhuXue, '2017-08-20', '1000');
    // 本项目: the 金秋助学 payment does not count, and nothing is marked.
    expect(s.ruleFindings()).toEqual([]);
    s.same();
    const form = getProgram(s.ledger, s.wenNuan);
    s.ledger.run({ kind: 'program.save', label: '修改项目', source: 'keyed' }, (tx) => saveProgramForm(tx, s.wenNuan, {
      ...form, funds: [], standards: [], rules: [{ kind: 'max_cash_per_person_year', amountFen: 100_000, category: null, scope: 'all', otherProgramId: null, severity: 'error' }],
    }));
    expect(s.ruleFindings()).toEqual([[crossing, `rule:${s.ruleId()}`, '2017年度所有项目中已累计救助600元，再发1,000元将超过“2017年送温暖”规定的1,000元上限']]);
    s.same();
    undo(s.ledger);
    expect(s.ruleFindings()).toEqual([]);
    s.same();
    redo(s.ledger);
    expect(s.ruleFindings().map((f) => f[0])).toEqual([crossing]);
    s.same();
    // The program renamed: the message on the other program's payment names it anew.
    s.ledger.run({ kind: 'program.save', label: '修改项目', source: 'keyed' }, (tx) => saveProgramForm(tx, s.wenNuan, { ...getProgram(s.ledger, s.wenNuan), name: '2017年两节送温暖' }));
    expect(s.ruleFindings()[0]![2]).toContain('“2017年两节送温暖”规定的1,000元上限');
    s.same();
  });

  it('a 本项目 cap still counts its own program only', () => {
    const s = setup('program');
    s.pay(s.zhuXue, '2017-01-15', '900');
    s.pay(s.wenNuan, '2017-03-01', '600');
    s.pay(s.zhuXue, '2017-08-20', '1000');
    expect(s.ruleFindings()).toEqual([]);
    const over = s.pay(s.wenNuan, '2017-10-01', '500');
    expect(s.ruleFindings()).toEqual([[over, `rule:${s.ruleId()}`, '2017年度“2017年送温暖”中已累计救助600元，再发500元将超过1,000元上限']]);
    s.same();
  });

  it('binds only the years in which the person was paid from its program', () => {
    const s = setup();
    // 2018: no 送温暖 payment; 1200 of 金秋助学 is no concern of 送温暖 2017's rule.
    s.pay(s.zhuXue, '2018-09-01', '1200');
    // Nor is another person's year.
    const other = s.ledger.run({ kind: 'person.create', label: '新建人员', source: 'keyed' }, (tx) => createPerson(tx, { name: '王丽' }));
    s.pay(s.zhuXue, '2017-09-01', '1200', other);
    expect(s.ruleFindings()).toEqual([]);
    // Once 刘洋 is paid from 送温暖 in 2017, his 2017 is held: the earlier 金秋助学 payment that already crossed is marked too.
    const early = s.pay(s.zhuXue, '2017-02-01', '1200');
    expect(s.ruleFindings()).toEqual([]);
    const later = s.pay(s.wenNuan, '2017-12-01', '100');
    expect(s.ruleFindings()).toEqual([
      [early, `rule:${s.ruleId()}`, '2017年度所有项目中已累计救助0元，再发1,200元将超过“2017年送温暖”规定的1,000元上限'],
      [later, `rule:${s.ruleId()}`, '2017年度所有项目中已累计救助1,200元，再发100元将超过1,000元上限'],
    ]);
    s.same();
  });

  it('two programs each with a cap over all programs: each is held on its own, each payment crossing one marked by it', () => {
    const s = setup();
    const living = s.ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) =>
      createProgram(tx, { code: 'SH', name: '2017年生活救助', year: 2017, kind: '生活救助', rules: [cap(1500, 'all')] }));
    const livingRule = s.ledger.db.prepare('SELECT id FROM program_rules WHERE program_id = ?').pluck().get(living) as number;
    s.pay(s.wenNuan, '2017-01-15', '600');
    const second = s.pay(s.zhuXue, '2017-03-01', '600');
    const third = s.pay(living, '2017-06-01', '500');
    expect(s.ruleFindings()).toEqual([
      [second, `rule:${s.ruleId()}`, '2017年度所有项目中已累计救助600元，再发600元将超过“2017年送温暖”规定的1,000元上限'],
      [third, `rule:${s.ruleId()}`, '2017年度所有项目中已累计救助1,200元，再发500元将超过“2017年送温暖”规定的1,000元上限'],
      [third, `rule:${livingRule}`, '2017年度所有项目中已累计救助1,200元，再发500元将超过1,500元上限'],
    ]);
    s.same();
  });

  it('the same cap put on several programs (a county’s one yearly cap) is said once on a payment: its own program’s, else the first', () => {
    const s = setup();
    const [living, health] = s.ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) => [
      createProgram(tx, { code: 'SH', name: '2017年生活救助', year: 2017, kind: '生活救助', rules: [cap(1000, 'all')] }),
      createProgram(tx, { code: 'YL', name: '2017年医疗救助', year: 2017, kind: '医疗救助', rules: [cap(1000, 'all')] }),
    ]);
    const ruleOf = (programId: number) => s.ledger.db.prepare('SELECT id FROM program_rules WHERE program_id = ?').pluck().get(programId) as number;
    s.pay(living, '2017-01-15', '300');
    s.pay(health, '2017-02-15', '300');
    const inLiving = s.pay(living, '2017-03-15', '300');
    const inZhuXue = s.pay(s.zhuXue, '2017-04-15', '300');
    const inWenNuan = s.pay(s.wenNuan, '2017-05-15', '300');
    // 金秋助学 has no rule: of the three, 送温暖's is the first (its payment in May holds the year).
    expect(s.ruleFindings()).toEqual([
      [inZhuXue, `rule:${s.ruleId()}`, '2017年度所有项目中已累计救助900元，再发300元将超过“2017年送温暖”规定的1,000元上限'],
      [inWenNuan, `rule:${s.ruleId()}`, '2017年度所有项目中已累计救助1,200元，再发300元将超过1,000元上限'],
    ]);
    s.same();
    // The 送温暖 payment deleted: 生活救助's rule is the first.
    s.ledger.run({ kind: 'payment.delete', label: '删除', source: 'keyed' }, (tx) => deletePayments(tx, [inWenNuan]));
    expect(s.ruleFindings()).toEqual([[inZhuXue, `rule:${ruleOf(living)}`, '2017年度所有项目中已累计救助900元，再发300元将超过“2017年生活救助”规定的1,000元上限']]);
    s.same();
    // Another severity is another rule: said beside it.
    s.ledger.run({ kind: 'program.rules', label: '修改规则', source: 'keyed' }, (tx) => replaceRules(tx, health, [{ ...cap(1000, 'all'), severity: 'warn' }]));
    expect(s.ruleFindings().map((f) => [f[0], f[1]])).toEqual([[inZhuXue, `rule:${ruleOf(living)}`], [inZhuXue, `rule:${ruleOf(health)}`]]);
    s.same();
    // On a payment of a program with the same rule, that one says it (no other program named).
    const fourth = s.pay(living, '2017-06-15', '100');
    expect(s.ruleFindings().filter((f) => f[0] === fourth)).toEqual([
      [fourth, `rule:${ruleOf(living)}`, '2017年度所有项目中已累计救助1,200元，再发100元将超过1,000元上限'],
      [fourth, `rule:${ruleOf(health)}`, '2017年度所有项目中已累计救助1,200元，再发100元将超过“2017年医疗救助”规定的1,000元上限'],
    ]);
    expect(inLiving).toBeGreaterThan(0);
    s.same();
  });

  it('同类项目: counts and marks the programs of the same kind only', () => {
    const s = setup('program_kind');
    const national = s.ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) =>
      createProgram(tx, { code: 'GQ', name: '2017年国庆送温暖', year: 2017, kind: '送温暖', rules: [] }));
    s.pay(s.wenNuan, '2017-01-15', '600');
    s.pay(s.zhuXue, '2017-03-01', '1000');
    const crossing = s.pay(national, '2017-10-01', '500');
    expect(s.ruleFindings()).toEqual([[crossing, `rule:${s.ruleId()}`, '2017年度送温暖类项目中已累计救助600元，再发500元将超过“2017年送温暖”规定的1,000元上限']]);
    s.same();
  });

  it('a cap of cash and goods over all programs, for people written in bulk (the findings computed from the rows written)', () => {
    const s = setup();
    s.ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) => replaceRules(tx, s.wenNuan, [cap(1000, 'all', 'max_total_per_person_year')]));
    const [ids] = [s.ledger.run({ kind: 'bulk', label: '批量', source: 'imported' }, (tx) => {
      const [a, b] = bulkInsertPeople(tx, [{ name: '赵一' }, { name: '钱二' }]);
      return bulkInsertPayments(tx, [
        { programId: s.wenNuan, personId: a!, paidOn: '2017-01-15', cashFen: 50_000, goodsFen: 20_000 },
        { programId: s.zhuXue, personId: a!, paidOn: '2017-08-20', cashFen: 30_001 },
        { programId: s.zhuXue, personId: b!, paidOn: '2017-08-20', cashFen: 200_000 },
      ]);
    })];
    expect(s.ruleFindings()).toEqual([[ids[1], `rule:${s.ruleId()}`, '2017年度所有项目中已累计救助（现金和慰问品）700元，再发300.01元将超过“2017年送温暖”规定的1,000元上限']]);
    s.same();
  });
});

describe('once per household per year counted over all programs', () => {
  it('marks a member’s later payment in another program; the member leaving the household takes it away', () => {
    const s = setup();
    s.ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) =>
      replaceRules(tx, s.wenNuan, [{ kind: 'once_per_household_year', amountFen: null, category: null, scope: 'all', otherProgramId: null, severity: 'warn' }]));
    const { household, wife } = s.ledger.run({ kind: 'household.create', label: '建档', source: 'keyed' }, (tx) => {
      const household = createHousehold(tx, { fileNo: 'H1' }, [{ personId: s.liu, relation: '户主' }, { person: { name: '王丽' }, relation: '配偶' }]);
      return { household, wife: tx.database.prepare("SELECT id FROM people WHERE name = '王丽'").pluck().get() as number };
    });
    s.pay(s.wenNuan, '2017-01-15', '600');
    const later = s.pay(s.zhuXue, '2017-08-20', '1000', wife);
    expect(s.ruleFindings()).toEqual([[later, `rule:${s.ruleId()}`, '该户2017年度所有项目中已于2017-01-15获得救助，“2017年送温暖”规定同一户每年只能救助一次']]);
    s.same();
    s.ledger.run({ kind: 'payment.update', label: '修改', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id: later, cells: { paidOn: '2017-01-10' } }], {}, '会计'));
    expect(s.ruleFindings().map((f) => f[0])).not.toContain(later);
    expect(s.ruleFindings()).toHaveLength(1);
    expect(s.ruleFindings()[0]![2]).toBe('该户2017年度所有项目中已于2017-01-10获得救助，同一户每年只能救助一次');
    s.same();
    undo(s.ledger);
    expect(s.ruleFindings().map((f) => f[0])).toEqual([later]);
    s.same();
    s.ledger.run({ kind: 'household.member', label: '移出', source: 'keyed' }, (tx) => removeHouseholdMember(tx, household, wife));
    expect(s.ruleFindings()).toEqual([]);
    s.same();
    undo(s.ledger);
    expect(s.ruleFindings().map((f) => f[0])).toEqual([later]);
    s.same();
  });
});
