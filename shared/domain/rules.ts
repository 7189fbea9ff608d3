/**
 * Program rules as data, and their evaluation. Rules are rows the office edits
 * in a form; this module turns a payment and the facts around it into the list of
 * rules it breaks, each with a Chinese explanation that names the figures.
 *
 * The hospitalisation rules of 篇3 as data, on a 医疗救助 program:
 *   max_cash_per_payment  50000 fen when category = 住院未手术
 *   max_goods_per_payment 10000 fen when category = 住院未手术
 *   max_cash_per_payment 100000 fen when category = 住院手术
 *   max_goods_per_payment 20000 fen when category = 住院手术
 *   max_cash_per_person_year 200000 fen, scope program
 *
 * Scope (累计范围) of the yearly caps and of once per household per year: 本项目 (program) counts the rule's own
 * program's payments only, and only its own payments are held. 同类项目 (program_kind) and 所有项目 (all) count the
 * programs of its kind, or every program, and hold the whole calendar year of each person (each household) that was
 * paid from the rule's program that year: every payment in scope of that year, of whichever program, is held as the
 * rule's own are, and the one that takes the running total (date, then row, of the payments that count) over the
 * cap is marked, and each one after it, with the total so far in the message, which names the program that set
 * the rule when the payment is in another (…将超过“2017年送温暖”规定的1,000元上限). A year in which the person (for
 * once per household: no member) was not paid from the rule's program is not its concern: a 2017 program's cap does
 * not mark 2018, nor the people it never paid. Two programs with such a cap are each held on their own (a payment may
 * carry both findings), but the same rule (kind, cap, 困难类别, scope, severity) put on several programs is said once on
 * a payment: by the payment's own program's, else by the one of lowest id.
 * A change in any of those years (a payment added, moved, deleted, reversed; a rule edited, a program renamed or its
 * kind changed) re-evaluates them: the person's (household's) years of the payments touched, or of every payment of
 * the program (electron/core/issues.ts).
 */
import { PAYMENT_FIELD_LABELS } from '../payments.ts';
import { formatYuan } from './money.ts';

export const RULE_KINDS = [
  'max_cash_per_payment',
  'max_goods_per_payment',
  'max_cash_per_person_year',
  'max_total_per_person_year',
  'once_per_person_program',
  'once_per_household_year',
  'exclusive_with_program',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const RULE_SCOPES = ['program', 'program_kind', 'all'] as const;
export type RuleScope = (typeof RULE_SCOPES)[number];

export type Severity = 'error' | 'warn';

export interface ProgramRule {
  id: number;
  programId: number;
  kind: RuleKind;
  /** Cap in fen for the max_* kinds. */
  amountFen: number | null;
  /** The rule applies only to payments of this relief category (e.g. 住院手术). */
  category: string | null;
  /** Which payments count towards yearly caps and once-per-household. */
  scope: RuleScope;
  /** For exclusive_with_program. */
  otherProgramId: number | null;
  severity: Severity;
}

export const RULE_KIND_LABELS: Record<RuleKind, { zh: string; en: string }> = {
  max_cash_per_payment: { zh: '每次现金上限', en: 'Max cash per payment' },
  max_goods_per_payment: { zh: '每次慰问品上限', en: 'Max goods per payment' },
  max_cash_per_person_year: { zh: '每人每年现金上限', en: 'Max cash per person per year' },
  max_total_per_person_year: { zh: '每人每年合计上限（现金+慰问品）', en: 'Max cash+goods per person per year' },
  once_per_person_program: { zh: '同一人在本项目只能领取一次', en: 'Once per person in this program' },
  once_per_household_year: { zh: '同一户每年只能救助一次', en: 'Once per household per year' },
  exclusive_with_program: { zh: '不得与另一项目重复享受', en: 'Exclusive with another program' },
};

export interface PaymentFacts {
  id: number;
  programId: number | null;
  programKind: string | null;
  personId: number | null;
  householdId: number | null;
  paidOn: string;
  cashFen: number;
  goodsFen: number;
  category: string | null;
  /** This row is a reversal (冲正) of another payment. */
  reversesId: number | null;
  /** Another row reverses this one. */
  reversed: boolean;
  /** The student a parent is paid for (助学): a parent paid for two children is not paid twice. */
  studentName?: string | null;
  /** 备注: it may hold pasted cells that could not be read (unreadDateRemark, unreadCellRemark). */
  note?: string | null;
}

/**
 * A pasted date that could not be read on a new row: the row is saved with the entry date, and the
 * clerk's text is kept in its 备注 with this remark, so that what was pasted is never lost, shows in
 * the grid and in print, and stays a finding (an error on 发放日期) until a date is entered.
 */
export function unreadDateRemark(text: string, usedIso: string, how: CellOrigin = 'pasted'): string {
  return `【${ORIGIN_WORD[how]}的发放日期“${text}”无法识别，暂记为 ${usedIso}，请核对】`;
}
/**
 * How the text not read came: pasted, or keyed on the entry row (the payment its first cells made keeps the entry
 * date; a date typed there that could not be read left that date, unmarked: helper 47).
 */
export type CellOrigin = 'pasted' | 'keyed';
const ORIGIN_WORD: Record<CellOrigin, string> = { pasted: '粘贴', keyed: '输入' };
const UNREAD_DATE_REMARK = /【(粘贴|输入)的发放日期“([^”]*)”无法识别，暂记为 [^，】]*，请核对】/;
/** The text of a date not read (unreadDateRemark) that a 备注 holds, or null. */
export function unreadDateIn(note: string | null | undefined): string | null {
  return unreadDateOf(note)?.text ?? null;
}
function unreadDateOf(note: string | null | undefined): { text: string; word: string } | null {
  if (!holdsPastedRemark(note)) return null;
  const m = UNREAD_DATE_REMARK.exec(note!);
  return m ? { word: m[1]!, text: m[2]! } : null;
}
/** A 备注 without the remark (a date has been entered). */
export function withoutUnreadDate(note: string): string | null {
  const out = note.replace(UNREAD_DATE_REMARK, '').trim();
  return out === '' ? null : out;
}

/**
 * Other pasted cells that could not be read on a new row (an amount 六百, a 性别 of 男性?, a program not in
 * the ledger): the row is saved without them, and each cell's text is kept in its 备注 with this remark, a
 * finding on its column until that cell is entered (the grid's own mark of the paste went with a reload).
 */
export const UNREAD_CELL_FIELDS = ['gender', 'programName', 'cashFen', 'goodsFen', 'method', 'status', 'recipientKind'] as const;
export type UnreadCellField = (typeof UNREAD_CELL_FIELDS)[number];
const UNREAD_CELL_ISSUE_FIELD: Record<UnreadCellField, PaymentIssue['field']> = { gender: 'gender', programName: 'program', cashFen: 'cashFen', goodsFen: 'goodsFen', method: 'method', status: 'status', recipientKind: 'recipientKind' };
export function unreadCellRemark(field: UnreadCellField, text: string, how: CellOrigin = 'pasted'): string {
  return `【${ORIGIN_WORD[how]}的${PAYMENT_FIELD_LABELS[field]}“${text.replace(/[”】]/g, '')}”无法识别，请核对】`;
}
const FIELD_OF_LABEL = new Map(UNREAD_CELL_FIELDS.map((f) => [PAYMENT_FIELD_LABELS[f], f]));
const UNREAD_CELL_REMARK = new RegExp(`【(粘贴|输入)的(${[...FIELD_OF_LABEL.keys()].join('|')})“([^”]*)”无法识别，请核对】`, 'g');
/** Whether a 备注 holds the remark of a cell not read, pasted or keyed (a date's or another cell's): a finding of its own. */
export function holdsPastedRemark(note: string | null | undefined): boolean {
  return !!note && (note.includes('【粘贴的') || note.includes('【输入的'));
}
/** The cells not read (unreadCellRemark) that a 备注 holds. */
export function unreadCellsIn(note: string | null | undefined): { field: UnreadCellField; text: string; word: string }[] {
  if (!holdsPastedRemark(note)) return [];
  return [...note!.matchAll(UNREAD_CELL_REMARK)].map((m) => ({ field: FIELD_OF_LABEL.get(m[2]!)!, text: m[3]!, word: m[1]! }));
}
/** A 备注 without the remarks of these fields (the cells have been entered). */
export function withoutUnreadCells(note: string, fields: readonly UnreadCellField[]): string | null {
  const labels = new Set(fields.map((f) => PAYMENT_FIELD_LABELS[f]));
  const out = note.replace(UNREAD_CELL_REMARK, (whole, _word: string, label: string) => (labels.has(label) ? '' : whole)).trim();
  return out === '' ? null : out;
}

/**
 * A pasted row with an ID number nobody is registered with and no name: the payment is saved without a
 * person (a finding: 缺少领取人), and the ID is kept in its 备注 with this remark, so that it is not lost
 * with the paste's notice; the name typed on the row later makes the person with this ID.
 */
export function unlinkedIdRemark(idNumber: string): string {
  return `【粘贴的身份证号“${idNumber.replace(/[”】]/g, '')}”尚未登记，请填写姓名】`;
}
const UNLINKED_ID_REMARK = /【粘贴的身份证号“([^”]*)”尚未登记，请填写姓名】/;
/** The ID of an unlinkedIdRemark that a 备注 holds, or null. */
export function unlinkedIdIn(note: string | null | undefined): string | null {
  if (!holdsPastedRemark(note)) return null;
  const m = UNLINKED_ID_REMARK.exec(note!);
  return m ? m[1]! : null;
}
/** A 备注 without the unlinkedIdRemark (the row has its person now). */
export function withoutUnlinkedId(note: string): string | null {
  const out = note.replace(UNLINKED_ID_REMARK, '').trim();
  return out === '' ? null : out;
}

export interface PersonFacts {
  id: number;
  name: string;
  gender: '男' | '女' | null;
  idNumber: string | null;
  /** Problems found in the stored ID number (checksum, length …), already in Chinese. */
  idProblems: { code: string; message: string }[];
  /** Gender derived from the ID number. */
  idGender: '男' | '女' | null;
}

export interface ProgramFacts {
  id: number;
  name: string;
  kind: string;
  year: number;
}

export interface RuleContext {
  program: ProgramFacts | null;
  rules: readonly ProgramRule[];
  person: PersonFacts | null;
  /** Every payment (including this one) of the same person in the same calendar year. */
  personYear: readonly PaymentFacts[];
  /** Every payment (including this one's person) of the same household in the same calendar year. */
  householdYear: readonly PaymentFacts[];
  programNames: ReadonlyMap<number, string>;
  /**
   * The rules of every program that count other programs' payments (countsOtherPrograms), by program, with the
   * program (crossProgramRules). Those of the other programs the person was paid from in the year (a household rule:
   * any member) are held against this payment too: see evaluatePayment. Omitted: only the payment's own program's rules.
   */
  crossRules?: ReadonlyMap<number, CrossProgramRules>;
}

/** A program's rules that count other programs' payments, with the program (for their scope and their message). */
export interface CrossProgramRules {
  program: ProgramFacts;
  rules: readonly ProgramRule[];
}

/**
 * Whether a rule counts the payments of other programs than its own: a yearly cap or once per household per year
 * with 累计范围 同类项目 (program_kind) or 所有项目 (all). (The other kinds have no scope: a per-payment cap, once per
 * person in this program, exclusive with another program.)
 */
export function countsOtherPrograms(rule: Pick<ProgramRule, 'kind' | 'scope'>): boolean {
  return rule.scope !== 'program' && (rule.kind === 'max_cash_per_person_year' || rule.kind === 'max_total_per_person_year' || rule.kind === 'once_per_household_year');
}

/** By program, the rules that count other programs' payments (RuleContext.crossRules); programs without any left out. */
export function crossProgramRules(programs: ReadonlyMap<number, ProgramFacts>, rulesByProgram: ReadonlyMap<number, readonly ProgramRule[]>): Map<number, CrossProgramRules> {
  const out = new Map<number, CrossProgramRules>();
  for (const [programId, rules] of rulesByProgram) {
    const program = programs.get(programId);
    const crossing = rules.filter(countsOtherPrograms);
    if (program && crossing.length > 0) out.set(programId, { program, rules: crossing });
  }
  return out;
}

/**
 * The version of the rule evaluation whose findings a ledger stores (payment_issues). Bump it whenever
 * evaluatePayment's results can change for stored data: a new or removed finding, another code, severity,
 * field or message text (messages are stored), a change in who counts against whom (per child only in 助学
 * programs), or in the facts electron/core/issues.ts gives it (the ID checks of residentId.ts included).
 * A ledger whose findings were computed under another version is brought up to date in short chunks
 * after it is opened (electron/core/findingsRefresh.ts); findings change only there and in writes.
 *   1: amount_large (over 100,000 元), once-per-person per child only in 助学 programs (and every earlier rule).
 *   2: yearly caps and once per household counted over 同类项目 / 所有项目 mark the payments of other programs too.
 */
export const RULES_VERSION = 2;

/** One payment above this (100,000 元) is said: no relief or subsidy to one person comes to it. */
export const LARGE_PAYMENT_FEN = 10_000_000;

export interface PaymentIssue {
  code: string;
  severity: Severity;
  /** The grid column the issue belongs to. */
  field: 'person' | 'idNumber' | 'gender' | 'program' | 'cashFen' | 'goodsFen' | 'paidOn' | 'method' | 'status' | 'recipientKind' | 'row';
  message: string;
  ruleId?: number;
}

/** Rows that take part in counting: reversed originals and their reversals cancel out. */
function counts(p: PaymentFacts): boolean {
  return !p.reversed && p.reversesId === null;
}

/** Deterministic ledger order: by date, then by row id. */
function before(a: PaymentFacts, b: PaymentFacts): boolean {
  return a.paidOn < b.paidOn || (a.paidOn === b.paidOn && a.id < b.id);
}

/** Whether payment p counts for a rule of this scope, held for a payment of program `programId` of kind `programKind`. */
function inScope(p: PaymentFacts, programId: number | null, programKind: string | null, scope: RuleScope): boolean {
  if (scope === 'all') return true;
  if (scope === 'program') return p.programId !== null && p.programId === programId;
  return p.programKind !== null && p.programKind === programKind;
}

function scopeText(scope: RuleScope, program: ProgramFacts | null): string {
  if (scope === 'program') return program ? `“${program.name}”中` : '本项目中';
  if (scope === 'program_kind') return program ? `${program.kind}类项目中` : '同类项目中';
  return '所有项目中';
}

function yuan(fen: number): string {
  return `${formatYuan(fen).replace(/\.00$/, '')}元`;
}

/** A program that pays a parent once per child (金秋助学, 助学救助, 教育救助): its kind says so. */
export function paysPerChild(kind: string | null | undefined): boolean {
  // (In either script, and a county's own name for it: 金秋助學, 教育救助, 学生资助; helper 88.)
  return kind != null && /助学|助學|教育救助|学生资助|學生資助|资助学生|資助學生|奖学|獎學/.test(kind);
}

/** Two payments to one parent for two different students, in a program that pays per child (金秋助学). */
function forOtherStudents(a: PaymentFacts, b: PaymentFacts, program: { kind: string } | null): boolean {
  return paysPerChild(program?.kind) && !!a.studentName && !!b.studentName && a.studentName !== b.studentName;
}

export function evaluatePayment(payment: PaymentFacts, ctx: RuleContext): PaymentIssue[] {
  const issues: PaymentIssue[] = [];
  const year = payment.paidOn.slice(0, 4);

  const unread = unreadDateOf(payment.note);
  if (unread !== null) {
    issues.push({ code: 'paid_on_unread', severity: 'error', field: 'paidOn', message: `${unread.word}的发放日期“${unread.text}”无法识别，暂记为 ${payment.paidOn}：请填写正确的发放日期` });
  }
  for (const cell of unreadCellsIn(payment.note)) {
    const label = PAYMENT_FIELD_LABELS[cell.field];
    issues.push({ code: 'pasted_unread', severity: 'error', field: UNREAD_CELL_ISSUE_FIELD[cell.field], message: `${cell.word}的${label}“${cell.text}”无法识别，没有存入：请填写正确的${label}` });
  }
  if (payment.personId === null || ctx.person === null) {
    const pastedId = unlinkedIdIn(payment.note);
    issues.push({
      code: 'missing_person', severity: 'error', field: 'person',
      message: pastedId ? `缺少领取人：粘贴的身份证号 ${pastedId} 尚未登记（记在备注中），请填写姓名` : '缺少领取人：请填写姓名或身份证号',
    });
  } else {
    for (const p of ctx.person.idProblems) {
      issues.push({ code: p.code, severity: 'error', field: 'idNumber', message: p.message });
    }
    if (ctx.person.gender && ctx.person.idGender && ctx.person.gender !== ctx.person.idGender) {
      issues.push({
        code: 'gender_mismatch',
        severity: 'error',
        field: 'gender',
        message: `性别填写为“${ctx.person.gender}”，但身份证号显示为“${ctx.person.idGender}”`,
      });
    }
  }
  if (payment.programId === null || ctx.program === null) {
    issues.push({ code: 'missing_program', severity: 'error', field: 'program', message: '未选择项目' });
  }
  if (payment.reversesId === null) {
    if (payment.cashFen < 0) {
      issues.push({ code: 'negative_amount', severity: 'error', field: 'cashFen', message: `金额为负数（${yuan(payment.cashFen)}）：冲正请使用“冲正”功能` });
    }
    if (payment.goodsFen < 0) {
      issues.push({ code: 'negative_amount', severity: 'error', field: 'goodsFen', message: `慰问品金额为负数（${yuan(payment.goodsFen)}）` });
    }
    if (payment.cashFen === 0 && payment.goodsFen === 0) {
      issues.push({ code: 'zero_amount', severity: 'warn', field: 'cashFen', message: '现金和慰问品金额都为0' });
    }
    // More than any one payment of relief or subsidy comes to: most likely a date, an ID or a phone number typed or pasted
    // into the amount (helper 82: 20170120 was stored as 20,170,120.00 元 without a word when the program had no caps).
    for (const [field, fen, what] of [['cashFen', payment.cashFen, '金额'], ['goodsFen', payment.goodsFen, '慰问品金额']] as const) {
      if (fen > LARGE_PAYMENT_FEN) {
        issues.push({ code: 'amount_large', severity: 'warn', field, message: `${what} ${yuan(fen)} 超过 ${yuan(LARGE_PAYMENT_FEN)}，请核对（是否把日期、身份证号或电话填进了金额）` });
      }
    }
  }
  if (ctx.program && Number(year) !== ctx.program.year) {
    issues.push({
      code: 'date_outside_year',
      severity: 'warn',
      field: 'paidOn',
      message: `发放日期 ${payment.paidOn} 不在项目年度 ${ctx.program.year} 年内`,
    });
  }
  if (!counts(payment)) return issues;

  for (const rule of ctx.rules) {
    const issue = ruleIssue(rule, ctx.program, null, payment, ctx, year);
    if (issue) issues.push(issue);
  }
  if (ctx.crossRules && ctx.crossRules.size > 0) {
    const others = otherProgramsRules(payment, ctx, ctx.crossRules);
    for (let i = 0; i < others.length; i++) {
      const { rule, program } = others[i]!;
      // The same rule set by several programs (a county's one yearly cap put on each) is said once: by the payment's
      // own program's, else by the first (lowest id). Held against the same payments, it can only say the same.
      if (ctx.rules.some((r) => sameRule(r, rule)) || others.some((o, j) => j < i && sameRule(o.rule, rule))) continue;
      const issue = ruleIssue(rule, program, program, payment, ctx, year);
      if (issue) issues.push(issue);
    }
  }
  return issues;
}

/** Two rules that hold the same payments to the same limit with the same severity (of any programs). */
function sameRule(a: ProgramRule, b: ProgramRule): boolean {
  return a.kind === b.kind && a.amountFen === b.amountFen && a.category === b.category && a.scope === b.scope && a.severity === b.severity;
}

/**
 * The finding of one rule on a payment, or null. `program` is the rule's program; `crossing` is it too when the rule
 * is another program's (otherProgramsRules), null for the payment's own program's rules. A rule counted over other
 * programs counts the payments in its scope as for a payment of its own program, and its message names the program
 * that set it when the payment marked is in another.
 */
function ruleIssue(rule: ProgramRule, program: ProgramFacts | null, crossing: ProgramFacts | null, payment: PaymentFacts, ctx: RuleContext, year: string): PaymentIssue | null {
  if (rule.category !== null && rule.category !== payment.category) return null;
  const code = `rule:${rule.id}`;
  const scopeProgramId = crossing ? crossing.id : payment.programId;
  const scopeKind = crossing ? crossing.kind : payment.programKind;
  const setBy = crossing ? `“${crossing.name}”规定的` : '';
  switch (rule.kind) {
    case 'max_cash_per_payment':
      if (rule.amountFen === null || payment.cashFen <= rule.amountFen) return null;
      return {
        code, severity: rule.severity, field: 'cashFen', ruleId: rule.id,
        message: `${rule.category ? `${rule.category}：` : ''}每次现金不超过${yuan(rule.amountFen)}，本次${yuan(payment.cashFen)}，超出${yuan(payment.cashFen - rule.amountFen)}`,
      };
    case 'max_goods_per_payment':
      if (rule.amountFen === null || payment.goodsFen <= rule.amountFen) return null;
      return {
        code, severity: rule.severity, field: 'goodsFen', ruleId: rule.id,
        message: `${rule.category ? `${rule.category}：` : ''}每次慰问品不超过${yuan(rule.amountFen)}，本次${yuan(payment.goodsFen)}，超出${yuan(payment.goodsFen - rule.amountFen)}`,
      };
    case 'max_cash_per_person_year':
    case 'max_total_per_person_year': {
      if (rule.amountFen === null) return null;
      const withGoods = rule.kind === 'max_total_per_person_year';
      const value = (p: PaymentFacts) => p.cashFen + (withGoods ? p.goodsFen : 0);
      let earlier = 0;
      for (const p of ctx.personYear) {
        if (p.id !== payment.id && counts(p) && inScope(p, scopeProgramId, scopeKind, rule.scope) && before(p, payment)) earlier += value(p);
      }
      const mine = value(payment);
      if (earlier + mine <= rule.amountFen) return null;
      const what = withGoods ? '救助（现金和慰问品）' : '救助';
      return {
        code, severity: rule.severity, field: 'cashFen', ruleId: rule.id,
        message: `${year}年度${scopeText(rule.scope, program)}已累计${what}${yuan(earlier)}，再发${yuan(mine)}将超过${setBy}${yuan(rule.amountFen)}上限`,
      };
    }
    case 'once_per_person_program': {
      const first = ctx.personYear.find(
        (p) => p.id !== payment.id && counts(p) && p.programId === payment.programId && before(p, payment) && !forOtherStudents(p, payment, ctx.program),
      );
      if (!first) return null;
      return {
        code, severity: rule.severity, field: 'person', ruleId: rule.id,
        message: `同一人在${ctx.program ? `“${ctx.program.name}”` : '本项目'}中已于${first.paidOn}领取过（${yuan(first.cashFen + first.goodsFen)}），不得重复发放`,
      };
    }
    case 'once_per_household_year': {
      if (payment.householdId === null) return null;
      const earlier = (p: PaymentFacts) => p.id !== payment.id && counts(p) && inScope(p, scopeProgramId, scopeKind, rule.scope) && before(p, payment);
      const first = ctx.householdYear.find((p) => p.personId !== payment.personId && earlier(p)) ?? ctx.householdYear.find((p) => p.personId === payment.personId && earlier(p));
      if (!first) return null;
      return {
        code, severity: rule.severity, field: 'person', ruleId: rule.id,
        message: `该户${year}年度${scopeText(rule.scope, program)}已于${first.paidOn}获得救助，${crossing ? `“${crossing.name}”规定` : ''}同一户每年只能救助一次`,
      };
    }
    case 'exclusive_with_program': {
      if (rule.otherProgramId === null) return null;
      const other = ctx.personYear.find((p) => p.programId === rule.otherProgramId && counts(p));
      if (!other) return null;
      const name = ctx.programNames.get(rule.otherProgramId) ?? `项目${rule.otherProgramId}`;
      return {
        code, severity: rule.severity, field: 'program', ruleId: rule.id,
        message: `该人${year}年度已在“${name}”中领取（${other.paidOn}），两个项目不得重复享受`,
      };
    }
  }
}

/**
 * The rules of other programs that hold this payment (RuleContext.crossRules), in rule id order. A yearly cap of
 * program Q counted over 所有项目 (or 同类项目) holds a person's calendar year when the person was paid from Q in that
 * year (a payment that counts: not reversed, no reversal; of the rule's 困难类别 when it names one); once per household
 * per year, when a member of the household was. It is then held against every payment of that year in its scope, of
 * whichever program, as against Q's own: the running total before the payment (date, then row) with the payment itself
 * over the cap marks it; a payment with an earlier one of the household in scope is marked.
 */
function otherProgramsRules(payment: PaymentFacts, ctx: RuleContext, crossRules: ReadonlyMap<number, CrossProgramRules>): { rule: ProgramRule; program: ProgramFacts }[] {
  const out: { rule: ProgramRule; program: ProgramFacts }[] = [];
  for (const household of [false, true]) {
    if (household && payment.householdId === null) continue;
    // A person's year for the yearly caps, the household's for once per household.
    const year = household ? ctx.householdYear : ctx.personYear;
    let seen: Set<number> | null = null;
    for (const p of year) {
      if (p.programId === null || p.programId === payment.programId || !counts(p)) continue;
      const cross = crossRules.get(p.programId);
      if (!cross || seen?.has(p.programId)) continue;
      (seen ??= new Set()).add(p.programId);
      for (const rule of cross.rules) {
        if ((rule.kind === 'once_per_household_year') !== household) continue;
        if (rule.scope === 'program_kind' && (payment.programKind === null || payment.programKind !== cross.program.kind)) continue;
        if (year.some((q) => q.programId === rule.programId && counts(q) && (rule.category === null || q.category === rule.category))) out.push({ rule, program: cross.program });
      }
    }
  }
  return out.length < 2 ? out : out.sort((a, b) => a.rule.id - b.rule.id);
}

/** The rules a new program starts with: one payment per person per program. */
export function defaultRulesFor(_kind: string): Omit<ProgramRule, 'id' | 'programId'>[] {
  return [{ kind: 'once_per_person_program', amountFen: null, category: null, scope: 'program', otherProgramId: null, severity: 'error' }];
}

/** The 篇3 hospitalisation relief rules, as data (used as a template in the program form). */
export function hospitalisationRules(): Omit<ProgramRule, 'id' | 'programId'>[] {
  return [
    { kind: 'max_cash_per_payment', amountFen: 50_000, category: '住院未手术', scope: 'program', otherProgramId: null, severity: 'error' },
    { kind: 'max_goods_per_payment', amountFen: 10_000, category: '住院未手术', scope: 'program', otherProgramId: null, severity: 'error' },
    { kind: 'max_cash_per_payment', amountFen: 100_000, category: '住院手术', scope: 'program', otherProgramId: null, severity: 'error' },
    { kind: 'max_goods_per_payment', amountFen: 20_000, category: '住院手术', scope: 'program', otherProgramId: null, severity: 'error' },
    { kind: 'max_cash_per_person_year', amountFen: 200_000, category: null, scope: 'program', otherProgramId: null, severity: 'warn' },
  ];
}
