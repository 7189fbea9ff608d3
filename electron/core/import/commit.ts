/**
 * Commit, revert and history of roster imports.
 *
 * Commit: one `ledger.run` command (source 'imported', not undoable: it is
 * reverted by its own action), one import_batches row, the new people, the
 * ok + warn rows as payments carrying the batch id, model-worker records from
 * model-worker rosters, and the clerk's corrected mappings remembered. The
 * preview's ledger checks are re-run inside the transaction when the ledger
 * changed since the preview; if that would change which rows are imported, the
 * commit is refused and nothing is written.
 *
 * Revert: one audited command that deletes the batch's payments, then the
 * people, model-worker records and units the commit created that nothing else
 * uses, and marks the batch reverted. Refused when any of its payments has
 * been approved or paid.
 *
 * Both first take a backup of the ledger as it is (backups.ts backupBeforeImport: 导入前 /
 * 撤销导入前 in the backups folder), after their checks and before their command, so that
 * the app, the CLI and any other caller get it; a backup that cannot be written stops the
 * commit or revert with its message, the ledger unchanged.
 */
import { LOCKED_PAYMENT_STATUSES } from '../../../shared/domain/codes.ts';
import { localDateTime } from '../../../shared/domain/dates.ts';
import { formatYuan } from '../../../shared/domain/money.ts';
import type { ImportBatchSummary, ImportCommitResult, ImportProgress, ImportRevertResult } from '../../../shared/import.ts';
import fs from 'node:fs';
import { backupBeforeImport, createBackup, ledgerMarker, pruneBackups } from '../backups.ts';
import { LedgerError } from '../errors.ts';
import type { Ledger } from '../ledger.ts';
import type { Tx } from '../db/writer.ts';
import { rowsOfMany, type ManyRecord } from '../db/auditRecords.ts';
import { insertPeopleEach, type PersonInput } from '../services/people.ts';
import { insertPaymentsEach, type PaymentInsert } from '../services/payments.ts';
import { awardingBodyValue } from '../services/modelWorkers.ts';
import { ensureUnit } from '../services/units.ts';
import type { AnalyzedRow } from './analyze.ts';
import { codeNormalizer } from './check.ts';
import { evaluate, previewImport, type ImportSession, type PreviewState } from './preview.ts';
import { codeKey, toSimplified } from './text.ts';

export interface CommitOptions {
  /** Import even though the same file (same bytes) was imported before and not reverted. */
  force?: boolean;
  /** Stamped on the batch and the payments (default: the ledger's actor). */
  clerk?: string | null;
  onProgress?: (p: ImportProgress) => void;
  /** Take the 导入前 backup first (default true; false only for a caller that has just taken one itself). */
  backup?: boolean;
}

/** Rows are written in slices of this many (one transaction all the same). */
const SLICE = 2000;

function accepted(state: PreviewState): AnalyzedRow[] {
  return state.analysis.rows.filter((r) => {
    return !r.skip && (r.status === 'ok' || r.status === 'warn');
  });
}

function keyOf(r: AnalyzedRow): string {
  return `${r.sheetIndex}:${r.row}`;
}

function duplicateBatch(ledger: Ledger, sha256: string): { id: number; file_name: string; created_at: string; payments: number; program: string | null } | undefined {
  return ledger.stmt(`SELECT b.id, b.file_name, b.created_at, (SELECT count(*) FROM payments p WHERE p.import_batch_id = b.id) AS payments,
      (SELECT name FROM programs g WHERE g.id = b.program_id) AS program
    FROM import_batches b WHERE b.sha256 = ? AND b.reverted_at IS NULL ORDER BY b.id DESC LIMIT 1`).get(sha256) as
    | { id: number; file_name: string; created_at: string; payments: number; program: string | null }
    | undefined;
}

/** A model-worker title for matching: as a code-list value, without a bracketed remark. */
function titleKey(title: string): string {
  return codeKey(title.replace(/[(（][^)）]*[)）]/g, ''));
}

/**
 * A decision on a change asked for: one that refuses it or leaves it undecided (审批未通过, 不予批准, 驳回, 未经批准, 批复未
 * 下达, 尚未批复), or one that grants it (已批准, 同意, 获批, 批复, 核准, 审批通过). The last one written decides (一审驳回，
 * 复审通过 is granted; helper 60).
 */
const NOT_GRANTED = '(?:审批|审核)?(?:不同意|未同意|未通过|不通过|(?:不|未)予以?(?:批准|同意|通过|核准)?|未获(?:批准|批|通过|同意)?|不批准?|未经(?:批准|审批|同意)|未批准?|未核准|驳回|否决|退回|撤销|撤回|暂缓(?:批准|审批|同意)?'
  // (拒绝, 作废, 收回, 没有批准 refuse or undo it: 两金转三金（被拒绝）, （已批准，后作废）, 省总拒绝 gave 三金; helper 64.)
  + '|拒绝|拒批|作废|收回|没有?(?:批准|通过|同意|获批|签批)|未签批)'
  + '|(?:批复|批文|审批结果|审批)未(?:下达|下来|出)|(?:尚未|等待|待)(?:批复|批准|审批|审核|签批)|审核中|审批中|签批中|正在审批|正在审核|已上报|上报中'
  // (Not in force yet: 未生效, as written for a start to come; helper 71.)
  + '|(?:未|尚未|待)生效';
/**
 * What comes before 区 in an area that is no district (社区, 矿区, 园区 and 工业园区, 厂区, 校区, 小区, 片区, 景区, 林区, 库区,
 * 牧区, 垦区): their unions are grassroots ones, whose consent is the unit's own (helper 67: 社区工会同意 was a district's
 * union's and granted 三金).
 */
const NOT_A_DISTRICT = '社矿园厂校小片景林库牧垦';
/**
 * Someone with a title (张主席, 社区工会主任, 李明同志): after the unit's or a grassroots union's name, or at the start of a
 * clause with no union named (申请转三金，张主席同意), their consent is the unit's (helper 71). Their name holds no place or
 * union (县总工会张主席 is the county union's).
 */
const PERSON = '(?:(?![总会县市省州区])[\\u4e00-\\u9fff]){0,3}?(?:副?主席|主任|书记|同志|领导)';
/** Who consents at the unit: the person, the unit, the employer, a union not above the unit, or someone of theirs. */
const CONSENTER = `(?:(?:本人|个人|单位|公司|企业|(?<![总县市省州])(?<!(?<![${NOT_A_DISTRICT}])区)工会|经单位|经本人)(?:${PERSON})?|(?<=^|[，,；;。：:、（(])${PERSON})`;
/** A consent, signed or not (同意, 已同意, 研究同意, 签字同意, 签批). */
const CONSENTS = '(?:已|经)?(?:研究)?(?:(?:签字|签批)?同意|签批)';
/**
 * The person's, the unit's or the employer's own consent, or a consent to send it on (本人已同意, 经单位研究同意, 厂工会同意,
 * 同意上报): no grant. Not a trade union's above the unit (县总工会已同意, 经省总工会研究同意, 县工会同意, 红塔区工会同意): that
 * is the grant (helper 64: they gave 两金). 社区工会, 矿区工会, 园区工会 are the unit's (helper 67); so is a consent by
 * someone of the unit's or with no union named (helper 71: 申请转三金，厂工会张主席同意, 张主席同意, 社区工会李主任签字同意
 * gave 三金).
 */
const CONSENT = new RegExp(`${CONSENTER}${CONSENTS}(?!上报)|同意上报(?:省总|市总|县总|上级)?`, 'g');
/**
 * A clause that is the unit's or a grassroots union's consent, sent on or not (社区工会同意上报县总工会, 厂工会同意): before a
 * decision in 备注, left out so that the decision after it is read (helper 71: 社区工会同意，经县总工会批准 gave 两金).
 */
const LOWER_CONSENT_CLAUSE = new RegExp(`^经?[\\u4e00-\\u9fff]{0,10}?${CONSENTER}${CONSENTS}(?:上报(?:[\\u4e00-\\u9fff]{0,8}?(?:工会|省总|市总|州总|县总|上级))?)?[，,；;。]`);
function afterLowerConsent(r: string): string {
  let rest = r;
  for (let m = LOWER_CONSENT_CLAUSE.exec(rest); m !== null && m[0].length < rest.length; m = LOWER_CONSENT_CLAUSE.exec(rest)) rest = rest.slice(m[0].length);
  return rest;
}
// (签批 is a grant: 县总工会王主席签批; helper 71.)
const GRANTED = '已批|批准|同意|通过|获批|批复|核准|签批';
const DECISION = new RegExp(`(${NOT_GRANTED})|(${GRANTED})`, 'g');
function lastDecision(x: string): 'granted' | 'not' | null {
  let last: 'granted' | 'not' | null = null;
  for (const m of x.matchAll(DECISION)) last = m[1] !== undefined ? 'not' : 'granted';
  return last;
}
/**
 * A change of kind (改三金, 转为两金, 现三金), not one said not to be made, not possible or still to come (未转三金, 暂不转,
 * 未能转, 不能转, 无法转, 待转, 应转: helper 64): the kind it is changed to in group 1.
 */
const CHANGE_RE = /(?<!未|不|没|没有|未能|不能|无法|待|应)(?:改|转|现)(?:为|成|是|发)?([两二贰2三叁参3])金/;
/** A remark about someone else (其配偶已转三金, 老伴, 子女 …): says nothing of this person's subsidy. */
const SOMEONE_ELSE = /配偶|爱人|老伴|其妻|其夫|妻子|丈夫|子女|其子|其女|儿子|女儿|父亲|母亲|家属|亲属|他人/;
/** A change only possible (符合转三金条件, 有转三金资格, 拟转三金: helper 64): not made unless granted in its clause. */
const POSSIBLE_ONLY = /条件|资格|拟/;
/** A change to come (2099年起转三金, 退休后转三金, 明年转三金, 将转三金: helper 64), when no date in its clause decides. */
const NOT_YET = /起转|起改|将转|将改|退休后|明年|下年|今后|以后/;
/**
 * A date: a year in figures or in Chinese numerals (2028年, 二〇二五年), with its month and day if given, or a year named
 * from this one (今年, 去年, 明年 …): when a change or its start is set (helper 71).
 */
const A_DATE = /(\d{4}|[〇○零一二三四五六七八九]{4})年(?:(\d{1,2}|[一二三四五六七八九十]{1,2})月(?:(\d{1,2})[日号])?)?|(今年|本年|去年|上年|前年|明年|下年|来年)(?:(\d{1,2})月)?/g;
const NUMERAL_VALUES: Record<string, number> = { '〇': 0, '○': 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
function numberOf(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  // 十二 is 12, 十 10, 三 3; a year's numerals are read digit by digit (二〇二五).
  if (text.includes('十')) return (text.startsWith('十') ? 1 : NUMERAL_VALUES[text[0]!]!) * 10 + (text.endsWith('十') ? 0 : NUMERAL_VALUES[text.at(-1)!]!);
  return Number([...text].map((c) => NUMERAL_VALUES[c]).join(''));
}
const YEARS_FROM_NOW: Record<string, number> = { 今年: 0, 本年: 0, 去年: -1, 上年: -1, 前年: -2, 明年: 1, 下年: 1, 来年: 1 };
/**
 * Whether a date (A_DATE's match) is still to come: a later year, or this year's later month or day. This year without a
 * month (今年起, 2026年起 in 2026) or with a month begun is gone by: in force (helper 71).
 */
function dateToCome(m: RegExpMatchArray): boolean {
  const now = new Date();
  const year = m[1] !== undefined ? numberOf(m[1]) : now.getFullYear() + YEARS_FROM_NOW[m[4]!]!;
  const monthText = m[2] ?? m[5];
  if (year !== now.getFullYear() || monthText === undefined) return year > now.getFullYear();
  const month = numberOf(monthText);
  if (month !== now.getMonth() + 1 || m[3] === undefined) return month > now.getMonth() + 1;
  return Number(m[3]) > now.getDate();
}
/**
 * Whether a remark's change of kind is only to come, read on the clause that holds the change, not the whole remark (helper 67:
 * 2022年已转三金，明年复审 was read as to come). A date before the change, or one after it that the change starts from, decides:
 * a year gone by is done (2021年以后转三金, 2019年退休后转三金（已批准）, 2025年起转三金 written in 2026: helper 69; so is
 * this year, 今年起转三金, 2026年1月起转三金), a year to come is to come whatever grant is beside it (helper 71: 2028年起转三金
 * （已批准）, 县总工会已批准明年转三金 were granted). With no date, 已 right before the change makes it done (退休后已转三金);
 * else the words of the future (退休后, 以后, 将转) make it to come, a grant beside them or not (helper 71: 已批准退休后转三金
 * was granted). A change only possible (符合转三金条件) is to come unless granted in its clause.
 */
function changeToCome(r: string): boolean {
  const clause = r.split(/[，,；;。]/).find((c) => CHANGE_RE.test(c)) ?? r;
  const change = CHANGE_RE.exec(clause);
  const at = change?.index ?? clause.length;
  const before = clause.slice(0, at);
  if (POSSIBLE_ONLY.test(clause)) return !/已经?$/.test(before) && lastDecision(clause) !== 'granted';
  const dates = [...clause.matchAll(A_DATE)];
  const date = dates.filter((d) => d.index < at).pop() ?? dates.find((d) => d.index > at && /^(?:起|以?后|开始)/.test(clause.slice(d.index + d[0].length)));
  if (date) return dateToCome(date);
  if (/已经?$/.test(before)) return false;
  return NOT_YET.test(clause);
}
/**
 * When a change or its approval takes effect, set for a date to come (已批准，2028年1月起执行, 自明年起生效): not in force yet,
 * so written 未生效, a decision not (yet) granted (helper 71: 县总工会已批准，2028年1月起执行 gave 三金; 2021年3月起执行 stays
 * a grant).
 */
const STARTS = new RegExp(`[自从于]?(?:${A_DATE.source})(?:起|开始)?(?:执行|生效|实施|发放|享受|兑现)`, 'g');
/**
 * Dates as A_DATE reads them: 2026.12 and 2027/1 (before 起, 开始, 以后, 执行 …) as 2026年12月, 本月 as this month, 今年3月 as
 * this year's (helper 75: 已批准，2026.12起执行 was in force, 今年3月起执行 and 本月起转三金 were not).
 */
function withDatesWritten(text: string): string {
  const now = new Date();
  const y = now.getFullYear();
  const lastMonth = now.getMonth() === 0 ? `${y - 1}年12月` : `${y}年${now.getMonth()}月`;
  return text
    // (With a hyphen too, 2026-12起; helper 77.)
    .replace(/(\d{4})[.．/\-－](\d{1,2})(?:[.．/\-－](\d{1,2}))?(?=[自从于]?(?:起|开始|以?后|执行|生效|实施|转|改))/g, (_m, yy: string, mo: string, d: string | undefined) => `${yy}年${Number(mo)}月${d ? `${Number(d)}日` : ''}`)
    // The year's end is its December (今年底起, 2026年底起: still to come in November; helper 77).
    .replace(/(\d{4})年?年?底/g, '$1年12月').replace(/(?:今年|本年)年?底/g, `${y}年12月`)
    // (年底 with no year is this one's: 年底前转三金 was read as done; sweep 79.)
    .replace(/(?<![\d今本去明来上下前次])年底/g, `${y}年12月`)
    .replace(/本月/g, `${y}年${now.getMonth() + 1}月`)
    .replace(/上月|上个月/g, lastMonth)
    .replace(/(?:今年|本年)(?=\d{1,2}月|起|开始)/g, `${y}年`);
}
function startsLaterMarked(text: string): string {
  return text.replace(STARTS, (all) => {
    const date = [...all.matchAll(A_DATE)][0];
    return date && dateToCome(date) ? '未生效' : all;
  });
}
/**
 * The old certificate taken back or voided (收回原两金证, 两金证收回, 原两金证作废, 证书已作废): about the certificate, not the
 * approval, so left out before the decisions are read (helper 67: 已转三金，收回原两金证 and 两金转三金（已批准，两金证收回）
 * gave 两金, 收回 read as the approval undone).
 */
const CERTIFICATE = '(?:(?:原|旧)?[两二贰2三叁参3]金证书?|原[\\u4e00-\\u9fff]{0,4}?证书?|证书)';
// (Both words together, 收回作废 or 收回并作废: helper 71, 两金证已收回作废 left 作废, read as the approval undone.)
const UNDONE = '(?:收回|作废)(?:(?:并|且|后)?(?:收回|作废))?';
const CERTIFICATE_UNDONE = new RegExp(`(?:已|被|予以?)?${UNDONE}了?${CERTIFICATE}|${CERTIFICATE}(?:已|被|予以?)?${UNDONE}`, 'g');
/**
 * A remark that is a decision alone (未批准, 已批准。, 已驳回, 审批：未通过, 省总批复：同意), once its dates and who decided are
 * left out; when it takes effect may follow (已批准，2021年3月起执行, 自…起生效: helper 64, it gave 两金).
 */
const DECISION_ALONE = new RegExp(`^(?:审批|审核)?[:：]?(?:(?:已|被|暂)?(?:${NOT_GRANTED}|${GRANTED})[:：，,]?)+(?:[自从于]?起?(?:执行|生效|实施))?[。.]?$`);
/** Who made a decision, at the start of a remark (not a grassroots union: 社区工会同意 is no decision alone; helper 67). */
const DECIDING_UNION = new RegExp(`^(?:经|由)?(?:[\\u4e00-\\u9fff]{0,6}?(?:省|市|州|县|(?<![${NOT_A_DISTRICT}])区))?总?工会|^(?:经|由)?(?:省总|市总|州总|县总|上级)`);
/** A date in Chinese numerals (二〇二一年三月, 二〇二一年三月五日; helper 67: 二〇二一年三月批准 was no decision alone). */
const DATE_IN_NUMERALS = /[〇○零一二三四五六七八九]{4}年(?:[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}[日号])?)?/g;
/**
 * Who at the union decided, and how, after its name (县总工会张主席同意, 县总工会李明同志签批同意, 县总工会签批同意; helper 67:
 * they were no decision alone). Only after a union: 张主席同意 alone does not say whose chairman. Its 党组 or 党委, and 研究
 * (县总工会研究同意, 县总工会党组研究同意, 县总工会经研究同意), too; 签批 ending the remark is the decision itself
 * (县总工会王主席签批) (helper 71: they were no decision alone).
 */
const DECIDER_AFTER_UNION = /^(?:党组|党委)?(?:会议?)?(?:经)?(?:研究)?(?:[\u4e00-\u9fff]{0,3}?(?:副?主席|书记|同志|部长|主任|领导))?(?:签批(?![。.]?$)|批示|审签|签字)?/;
/**
 * A decision's date and who made it (2021.3.5, 已于2021年, 2021年3月, （2021）, 县总工会, 经县总工会, 玉溪市总工会, 省总): left
 * out to see the decision (helper 64: 2021年3月批准 left 月批准, and 经县总工会批准, 云南省总工会批准 were kept whole).
 */
function decisionWords(r: string): string {
  const undated = r.replace(/\d{4}(?:[.．\-/年]\d{1,2}(?:[.．\-/月]\d{1,2}日?|月)?)?年?/g, '').replace(DATE_IN_NUMERALS, '');
  const union = DECIDING_UNION.exec(undated);
  const who = union ? undated.slice(union[0].length).replace(DECIDER_AFTER_UNION, '') : undated;
  return who.replace(/^已[于於]/, '已').replace(/^[于於]/, '');
}

/**
 * The row's 备注 as it bears on 补助类别 (helpers 58, 60): read with it when it changes this person's kind itself
 * (申请转三金，已批准) or, the category naming a change, is a decision alone (两金转三金 with 备注 未批准). Other remarks
 * (同意发放, 本人同意…, 其配偶已转三金, 本人不同意公开信息, 两金已停发 beside 三金) are about something else. A 同意 that is
 * the person's or the unit's own (本人同意, 经单位同意) grants nothing.
 */
function remarkOnKind(category: string, remark: string | null): string {
  if (remark === null) return '';
  const r = startsLaterMarked(withDatesWritten(codeKey(remark)).replace(/[()（）【】[\]]/g, '').replace(CERTIFICATE_UNDONE, ''));
  if (CHANGE_RE.test(r) && !SOMEONE_ELSE.test(r) && !changeToCome(r)) return `（${r}）`;
  const decision = decisionWords(afterLowerConsent(r));
  if (CHANGE_RE.test(codeKey(category)) && DECISION_ALONE.test(decision)) return `（${decision}）`;
  return '';
}

/**
 * 两金 or 三金 as a roster's 补助类别 writes it (两金补助, 叁金, 兩金, 省部级两金, 两 金), else null. The row's 备注 is
 * read with it where it bears on it (remarkOnKind).
 */
export function subsidyKindOf(category: string | null, remark: string | null = null): '两金' | '三金' | null {
  if (category === null) return null;
  // (A consent to send it on is a change sent on, not yet granted.)
  // (The old certificate taken back is no decision on the change: helper 67.)
  const t = startsLaterMarked(withDatesWritten(codeKey(category + remarkOnKind(category, remark)))).replace(CONSENT, (m) => (m.includes('上报') ? '已上报' : '')).replace(CERTIFICATE_UNDONE, '');
  // A bracket that says the subsidy ended (两金（2016年止）, （已停发）) ends it; any other is a remark about the person
  // (两金（停产企业）, 三金（非在职）, 两金（无固定收入）) and is left out, as is 非公 (非公企业劳模两金: a kind of employer).
  // A bracket about the employer (两金（企业已停产）, （单位已注销）) says nothing of the subsidy (helper 49).
  // Each part of a bracket on its own (已故，原磷肥厂职工: the first part ends it; helper 52).
  const ended = /止|停发|已停|暂停|取消|退出|注销|不再|不享受|未享受|已故|去世|死亡|到期|终止|^(无|否|没有|不)$/;
  // Changed from one to the other (两金改三金, 两金（改三金）, 原两金，现三金): the new one.
  // (Not one only asked for: 拟改三金, 申请转三金，未批, 转三金待审; helper 54.)
  const changed = CHANGE_RE.exec(t);
  const kindOf = (digit: string) => (/[两二贰2]/.test(digit) ? '两金' : '三金');
  let endedInBracket = false;
  const bare = t.replace(/[(（【\[]([^)）】\]]*)[)）】\]]/g, (_all, inner: string) => {
    for (const part of inner.split(/[，,、；;]/)) {
      // The kind changed from stopping (申请转三金，已批准，两金停发): the new one runs (helper 58).
      const partKind = /([两二贰2三叁参3])金/.exec(part);
      if (changed && partKind && kindOf(partKind[1]!) !== kindOf(changed[1]!)) continue;
      if (ended.test(part) && !/未(到期|停|终止|取消|退出|注销)/.test(part) && !/企业|单位|公司|工厂|厂|矿/.test(part) && !endsLater(part)) endedInBracket = true;
    }
    return '';
  }).replace(/非公(?:有制)?/g, '');
  // A change asked for is made once approved (已批准, 同意, 获批, 批复, 核准; helpers 56, 58), not when refused
  // (不同意, 未同意, 审批未通过, 不予批准, 未获批准, 驳回) or not yet decided (未批, 待审, 拟).
  const isPending = (x: string) => {
    const last = lastDecision(x);
    return last === 'not' || (last === null && (/待审|待批|拟/.test(x) || /申请/.test(x)));
  };
  if (changed && !endedInBracket && !isPending(t)) return kindOf(changed[1]!);
  if (endedInBracket) return null;
  // A change asked for and not made: the kind before it stands.
  const asked = isPending(t)
    ? t.replace(/[(（【\[][^)）】\]]*[)）】\]]/g, '').replace(/(?:拟|申请)?(?:改|转)(?:为|成|是|发)?[两二贰2三叁参3]金/g, '').replace(DECISION, '').replace(/待审批?|待批|拟|申请/g, '').replace(/非公(?:有制)?/g, '')
    : null;
  // Said not to apply: 不享受两金, 非三金, 两金已停发, 两金：否, 已退出两金, 两金已终止, 已注销, 曾享受两金, 无两金, 未享受,
  // 两金已到期, 暂停 (helpers 46, 48 and 49).
  const left = asked ?? bare;
  if (/不|非|否|停发|已停|暂停|止|取消|退出|注销|曾|无|未|已故|去世|到期/.test(left) && !endsLater(left)) return null;
  const two = /[两二贰2]金/.test(left);
  const three = /[三叁参3]金/.test(left);
  return two === three ? null : two ? '两金' : '三金';
}

/** An end in a year to come (2027年到期, 至2027年止): the subsidy still runs (helper 54). */
function endsLater(text: string): boolean {
  const m = /(\d{4})年?(?:底|末)?(?:到期|止)/.exec(text);
  return m !== null && Number(m[1]) >= new Date().getFullYear() && !/不|非|否|停发|已停|暂停|取消|退出|注销|曾|已故|去世/.test(text);
}

/** A unit's name for matching: as a code-list value, brackets half-width. */
function unitKey(name: string): string {
  return codeKey(name).replace(/（/g, '(').replace(/）/g, ')');
}

function noteOf(r: AnalyzedRow, modelWorkerStored: boolean): string | null {
  const v = r.v;
  const parts = [v.note];
  if (v.school) parts.push(`学校：${v.school}`);
  if (v.address) parts.push(`住址：${v.address}`);
  if (v.bankAccount) parts.push(`银行卡号：${v.bankAccount}`);
  if (!modelWorkerStored && (v.honourTitle || v.honourLevel)) parts.push(`劳模：${[v.honourLevel, v.honourTitle, v.yearAwarded].filter(Boolean).join(' ')}`);
  const text = parts.filter((p): p is string => Boolean(p)).join('；');
  return text === '' ? null : text;
}

/** Write the preview's ok + warn rows to the ledger as one import batch. */
export function commitImport(ledger: Ledger, session: ImportSession, options: CommitOptions = {}): ImportCommitResult {
  let state = session.last ?? (previewImport(ledger, session), session.last!);
  const wb = session.workbook;
  const opts = session.options;
  if (!state.program) throw new LedgerError('invalid_input', `导入“${wb.fileName}”前请先选择项目`);
  const refuseDuplicate = () => {
    if (options.force) return;
    const dup = duplicateBatch(ledger, wb.sha256);
    if (dup) {
      throw new LedgerError('duplicate', `“${wb.fileName}”与 ${localDateTime(dup.created_at).slice(0, 10)} 导入${dup.program ? `到“${dup.program}”` : ''}的“${dup.file_name}”（批次 #${dup.id}，${dup.payments} 条）完全相同，已拒绝重复导入。如确需再次导入，请选择“仍然再次导入”（命令行加 --force）。`, { batchId: dup.id });
    }
  };
  refuseDuplicate();
  const rows = accepted(state);
  const summary = state.preview.summary;
  if (rows.length === 0) {
    throw new LedgerError('invalid_input', summary.error > 0
      ? `“${wb.fileName}”没有可导入的行：${summary.error} 行有错误，请修正后再导入（可导出错误清单退回报送单位）`
      : `“${wb.fileName}”中没有发放记录可导入`);
  }
  const clerk = options.clerk ?? ledger.actor;
  const label = `导入花名册“${wb.fileName}”（${rows.length}条，${formatYuan(summary.acceptedFen)}元）`;
  const progress = (done: number, total: number) => options.onProgress?.({ phase: 'commit', done, total });

  if (options.backup !== false) {
    // The backup taken ahead, while the clerk looked at the preview, is the ledger as it is now
    // when no command has been recorded since (its marker: the last command); otherwise a new one.
    const ahead = session.backupAhead;
    if (!ahead || ahead.marker === null || ahead.marker !== ledgerMarker(ledger.db) || !fs.existsSync(ahead.path)) {
      backupBeforeImport(ledger, 'commit', wb.fileName);
      dropBackupAhead(session);
    } else {
      // Used: now it counts in the rotation of 导入前 backups (taken ahead, it did not).
      pruneBackups(ledger.path);
    }
  }
  const result = ledger.run({ kind: 'import.commit', label, source: 'imported', undoable: false }, (tx) => {
    // The ledger may have changed since the preview (another window, the CLI): check again now.
    const now = (tx.database.prepare('SELECT coalesce(max(id), 0) AS m FROM commands WHERE id < ?').get(tx.commandId) as { m: number }).m;
    if (now !== state.stamp) {
      const fresh = evaluate(ledger, session, state.analysis, opts);
      const before = rows.map(keyOf).join('|');
      const after = accepted(fresh).map(keyOf).join('|');
      if (before !== after) throw new LedgerError('conflict', `预览之后台账已有变化（例如其他窗口导入或修改了记录），导入结果会与预览不同。请重新预览“${wb.fileName}”后再导入。`);
      state = fresh;
    }
    refuseDuplicate();
    const program = state.program!;
    const p = state.preview;
    progress(0, rows.length);

    const batchId = tx.insert('import_batches', {
      file_name: wb.fileName,
      sha256: wb.sha256,
      format: wb.format,
      program_id: program.id,
      sheets_json: JSON.stringify(p.sheets.map((s) => ({
        index: s.index, name: s.name, role: s.role, roleReason: s.roleReason, headerRow: s.headerRow, counts: s.counts, totalFen: s.totalFen, acceptedFen: s.acceptedFen,
      }))),
      mapping_json: JSON.stringify(Object.fromEntries(p.sheets.filter((s) => s.role === 'payments').map((s) => [
        s.name ?? String(s.index), { source: s.mappingSource, columns: Object.fromEntries(s.columns.filter((c) => c.field !== null).map((c) => [c.col, c.field])) },
      ]))),
      counts_json: JSON.stringify({
        ok: p.summary.ok, warn: p.summary.warn, error: p.summary.error, skip: p.summary.skip, payments: rows.length,
        newPeople: p.summary.newPeople, matchedPeople: p.summary.matchedPeople, goodsFen: p.summary.acceptedGoodsFen, forced: Boolean(options.force),
        defaultPaidOn: p.defaultPaidOn, statedTotals: p.summary.statedTotals,
      }),
      row_count: state.rows.length,
      total_fen: p.summary.totalFen,
      accepted_fen: p.summary.acceptedFen,
      clerk,
    });
    ledger.stmt('UPDATE commands SET batch_id = ? WHERE id = ?').run(batchId, tx.commandId);

    // Units, then the people the ledger does not know yet, then the payments.
    const unitIds = new Map<string, number>();
    // One unit per name however it is written: 縣水泥廠, 县水泥厂 and 县 水泥厂 are the ledger's 县水泥厂 (stored in
    // Simplified, as clerks type them; a unit the ledger has is found by the same key).
    const unitByKey = new Map<string, number>();
    for (const u of tx.database.prepare('SELECT id, name FROM units WHERE parent_id IS NULL ORDER BY id').all() as { id: number; name: string }[]) {
      if (!unitByKey.has(unitKey(u.name))) unitByKey.set(unitKey(u.name), u.id);
    }
    for (const r of rows) {
      if (r.v.unit === null || unitIds.has(r.v.unit)) continue;
      const key = unitKey(r.v.unit);
      let id = unitByKey.get(key);
      if (id === undefined) {
        id = ensureUnit(tx, toSimplified(r.v.unit));
        unitByKey.set(key, id);
      }
      unitIds.set(r.v.unit, id);
    }
    // 人员类别 and 困难类别 as the code lists write them (困難職工 is 困难职工), so that the annual form and the
    // grid's lists see one value; a value no list has is kept, in Simplified.
    const codeOf = codeNormalizer(ledger, program.id);
    // The people the ledger does not know yet, each once (by ID, or by name and unit without one, as the
    // preview counts them): the row that introduces each, and for every row the index of its new person.
    const newById = new Map<string, number>();
    const newByName = new Map<string, number>();
    const newIndex = new Int32Array(rows.length).fill(-1);
    const introducing: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (r.personId !== null) continue;
      const [map, key] = r.v.idNumber !== null ? [newById, r.v.idNumber] : [newByName, `${r.v.name}|${r.v.unit ?? ''}`];
      let n = map.get(key);
      if (n === undefined) {
        n = introducing.length;
        introducing.push(i);
        map.set(key, n);
      }
      newIndex[i] = n;
    }
    // One input object, refilled for each row (the insert copies it at once).
    const person: PersonInput = { name: '', idNumber: null, gender: null, birthDate: null, phone: null, unitId: null };
    const personInput = (r: AnalyzedRow): PersonInput => {
      person.name = r.v.name!;
      person.idNumber = r.v.idValid ? r.v.idNumber : null;
      person.gender = r.v.gender ?? r.v.idGender ?? null;
      person.birthDate = r.v.idBirthDate;
      person.phone = r.v.phone;
      person.unitId = r.v.unit === null ? null : unitIds.get(r.v.unit)!;
      return person;
    };
    // In slices: the same single transaction (progress and messages by slice, as before).
    const createdIds: number[] = [];
    // Their IDs are new to the ledger and to each other: people_id_number is built once at the end too.
    tx.bulkLoad('people', introducing.length, () => {
      for (let i = 0; i < introducing.length; i += SLICE) {
        for (const id of insertPeopleEach(tx, Math.min(SLICE, introducing.length - i), (k) => personInput(rows[introducing[i + k]!]!))) createdIds.push(id);
      }
    }, { unique: true });
    progress(Math.floor(rows.length / 3), rows.length);

    const personUnits = new Map<number, number | null>();
    const personIds = rows.map((r, i) => r.personId ?? createdIds[newIndex[i]!]!);
    const existingIds = [...new Set(rows.map((r) => r.personId).filter((x): x is number => x !== null))];
    if (existingIds.length > 0) {
      for (const u of tx.database.prepare('SELECT id, unit_id FROM people WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(existingIds)) as { id: number; unit_id: number | null }[]) {
        personUnits.set(u.id, u.unit_id);
      }
    }

    // Model-worker rosters: a record per person and title, unless the ledger has it.
    const modelWorkers: { person_id: number; honour_level: string; title: string; year_awarded: number | null; awarding_body: string | null; subsidy_kind: '两金' | '三金' | null }[] = [];
    const mwStored = new Set<AnalyzedRow>();
    // The ledger's records of these people, by person and title: a record without a 补助类别 takes the roster's.
    const existingTitles = new Map<string, { id: number; kind: string | null }>(
      existingIds.length === 0 ? [] : (tx.database.prepare('SELECT id, person_id, title, subsidy_kind FROM model_workers WHERE person_id IN (SELECT value FROM json_each(?))').all(JSON.stringify(existingIds)) as { id: number; person_id: number; title: string; subsidy_kind: string | null }[])
        .map((m) => [`${m.person_id}|${titleKey(m.title)}`, { id: m.id, kind: m.subsidy_kind }]),
    );
    const newTitles = new Set<string>();
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (!r.v.honourLevel || !['全国', '省部级', '州市级', '县级'].includes(r.v.honourLevel)) continue;
      // In Simplified, as the ledger keeps text; matched without spaces or a bracketed remark (全國勞動模範 and
      // 云南省劳动模范（2015年） are the records the ledger has as 全国劳动模范 and 云南省劳动模范; helper 46).
      const title = toSimplified(r.v.honourTitle ?? `${r.v.honourLevel}劳动模范`);
      const personId = personIds[i]!;
      const k = `${personId}|${titleKey(title)}`;
      mwStored.add(r);
      // 补助类别 两金 / 三金 (the roster's category column, however written: 两金补助, 叁金, 兩金): the record's, as the
      // register and the subsidy rounds read it (helper 44: only 两金 / 三金 written so were taken).
      const kind = subsidyKindOf(r.v.category, r.v.note);
      const known = existingTitles.get(k);
      if (known) {
        if (known.kind === null && kind !== null) {
          tx.update('model_workers', known.id, { subsidy_kind: kind });
          known.kind = kind;
        }
        continue;
      }
      if (newTitles.has(k)) continue;
      newTitles.add(k);
      // 授予单位 as the register keeps it (the service's cleaning), in Simplified like the title and the unit (雲南省人民政府
      // is 云南省人民政府). Like the level and the year, only on a record the batch makes: one the ledger has keeps its own.
      const body = awardingBodyValue(r.v.awardedBy === null ? null : toSimplified(r.v.awardedBy));
      modelWorkers.push({ person_id: personId, honour_level: r.v.honourLevel, title, year_awarded: r.v.yearAwarded, awarding_body: body, subsidy_kind: kind });
    }

    // One input object, refilled for each row (the insert copies it at once).
    const payment: PaymentInsert = {
      programId: program.id, personId: null, paidOn: '', cashFen: 0, goodsFen: 0, goodsDesc: null, recipientKind: null, category: null, method: '现金',
      unitId: null, studentName: null, note: null, importBatchId: batchId, clerk,
    };
    const insertOf = (r: AnalyzedRow, i: number): PaymentInsert => {
      const personId = personIds[i]!;
      payment.personId = personId;
      payment.paidOn = r.paidOn ?? p.defaultPaidOn ?? `${program.year}-01-01`;
      payment.cashFen = r.v.amountFen ?? 0;
      payment.goodsFen = r.v.goodsFen ?? 0;
      payment.goodsDesc = r.v.goodsDesc;
      // A model-worker roster without a 人员类别 column: its people are 劳动模范.
      payment.recipientKind = codeOf(r.v.recipientKind) ?? (mwStored.has(r) ? '劳动模范' : null);
      payment.category = codeOf(r.v.category);
      payment.method = r.v.byBank ? '银行转账' : '现金';
      payment.unitId = r.v.unit !== null ? unitIds.get(r.v.unit)! : (personUnits.get(personId) ?? null);
      payment.studentName = r.v.studentName;
      payment.note = noteOf(r, mwStored.has(r));
      return payment;
    };
    const paymentIds: number[] = [];
    tx.bulkLoad('payments', rows.length, () => {
      for (let i = 0; i < rows.length; i += SLICE) {
        for (const id of insertPaymentsEach(tx, Math.min(SLICE, rows.length - i), (k) => insertOf(rows[i + k]!, i + k))) paymentIds.push(id);
        progress(Math.min(rows.length, i + SLICE), rows.length);
      }
    });
    if (modelWorkers.length > 0) tx.insertMany('model_workers', modelWorkers);
    progress(rows.length, rows.length);

    // Mappings the clerk corrected are remembered for files with the same headers.
    for (const s of p.sheets) {
      if (s.mappingSource !== 'user' || s.signature === null) continue;
      saveMapping(tx, s.signature, s.columns.map((c) => c.header), Object.fromEntries(s.columns.map((c) => [c.col, c.field])));
    }
    return {
      batchId, paymentIds, payments: paymentIds.length, newPeople: createdIds.length, acceptedFen: p.summary.acceptedFen,
      acceptedGoodsFen: p.summary.acceptedGoodsFen, heldErrors: p.summary.error, skipped: p.summary.skip,
    };
  });
  // The backup taken ahead is this commit's 导入前 backup now: it stays.
  session.backupAhead = null;
  return result;
}

/**
 * Take the commit's 导入前 backup now, ahead of the commit (the import host, once it has answered
 * the preview: a ledger of a million payments takes ~3 s to copy, which the clerk then spends
 * looking at the preview instead of waiting after 导入). `ledgerPath`: a connection of its own
 * reads a consistent snapshot. The commit uses it when no command has been recorded since.
 */
export function backupAhead(ledgerPath: string, session: ImportSession): void {
  dropBackupAhead(session);
  // Not pruned for: one that is never used must not push a real 导入前 backup out of the rotation.
  session.backupAhead = createBackup(ledgerPath, 'import', { tag: session.workbook.fileName });
}

/** Remove the backup taken ahead that no commit used (the session closed, or the ledger changed since). */
export function dropBackupAhead(session: ImportSession): void {
  const ahead = session.backupAhead;
  session.backupAhead = null;
  if (ahead) fs.rmSync(ahead.path, { force: true });
}

function saveMapping(tx: Tx, signature: string, headers: string[], mapping: Record<string, string | null>): void {
  const existing = tx.database.prepare('SELECT id FROM import_mappings WHERE signature = ?').get(signature) as { id: number } | undefined;
  const values = { headers_json: JSON.stringify(headers), mapping_json: JSON.stringify(mapping) };
  if (existing) tx.update('import_mappings', existing.id, values);
  else tx.insert('import_mappings', { signature, ...values });
}

/** Remember a sheet's current mapping now (without importing), as its own undoable command. */
export function rememberMapping(ledger: Ledger, session: ImportSession, sheetIndex: number): void {
  const sheet = session.last?.preview.sheets[sheetIndex];
  if (!sheet || sheet.signature === null) throw new LedgerError('invalid_input', '该工作表没有表头，无法记住列对应');
  ledger.run({ kind: 'import.mapping', label: `记住列对应（${sheet.name ?? session.workbook.fileName}）`, source: 'keyed' }, (tx) =>
    saveMapping(tx, sheet.signature!, sheet.columns.map((c) => c.header), Object.fromEntries(sheet.columns.map((c) => [c.col, c.field]))),
  );
}

interface AuditRow {
  table_name: string;
  row_id: number;
  op: string;
  new_value: string | null;
}

/** Ids of the rows of `table` that a command inserted (an insert_many record's rows begin with their ids, in every form: db/auditRecords.ts). */
function insertedBy(ledger: Ledger, commandId: number, table: string): number[] {
  const ids: number[] = [];
  for (const a of ledger.stmt("SELECT table_name, row_id, op, new_value FROM audit_log WHERE command_id = ? AND table_name = ? AND op IN ('insert', 'insert_many') ORDER BY id").all(commandId, table) as AuditRow[]) {
    if (a.op === 'insert') ids.push(a.row_id);
    else for (const r of (JSON.parse(a.new_value!) as { rows: unknown[][] }).rows) ids.push(r[0] as number);
  }
  return ids;
}

/** The rows a command inserted into `table`, in order: each id and its record as inserted. */
function createdBy(ledger: Ledger, commandId: number, table: string): Map<number, Record<string, unknown>> {
  const out = new Map<number, Record<string, unknown>>();
  for (const a of ledger.stmt("SELECT table_name, row_id, op, new_value FROM audit_log WHERE command_id = ? AND table_name = ? AND op IN ('insert', 'insert_many') ORDER BY id").all(commandId, table) as AuditRow[]) {
    if (a.op === 'insert') out.set(a.row_id, JSON.parse(a.new_value!) as Record<string, unknown>);
    else for (const r of rowsOfMany(JSON.parse(a.new_value!) as ManyRecord, '')) out.set(r.id, r.record);
  }
  return out;
}

interface BatchRow {
  id: number;
  file_name: string;
  reverted_at: string | null;
}

function revertBlocker(ledger: Ledger, batchId: number): string | null {
  const locked = ledger.stmt(`SELECT count(*) AS n, min(id) AS first, group_concat(DISTINCT status) AS statuses FROM payments
    WHERE import_batch_id = ? AND status <> '登记'`).get(batchId) as { n: number; first: number | null; statuses: string | null };
  if (locked.n > 0) {
    const paid = (locked.statuses ?? '').split(',').some((s) => (LOCKED_PAYMENT_STATUSES as readonly string[]).includes(s));
    return `批次 #${batchId} 中有 ${locked.n} 条发放记录已${paid ? '发放或签领' : '审核'}（如第 ${locked.first} 号），不能撤销整个导入。${paid ? '已发放的记录只能冲正；' : ''}请先将已审核的记录退回“登记”后再撤销。`;
  }
  const reversed = ledger.stmt('SELECT count(*) AS n FROM payments r JOIN payments o ON o.id = r.reverses_id WHERE o.import_batch_id = ?').get(batchId) as { n: number };
  if (reversed.n > 0) return `批次 #${batchId} 中有 ${reversed.n} 条记录已被冲正，不能撤销整个导入。`;
  return null;
}

/** Undo a whole import batch in one audited command (after a 撤销导入前 backup, unless `backup: false`). */
export function revertImport(ledger: Ledger, batchId: number, actor?: string | null, options: { backup?: boolean } = {}): ImportRevertResult {
  const batch = ledger.stmt('SELECT id, file_name, reverted_at FROM import_batches WHERE id = ?').get(batchId) as BatchRow | undefined;
  if (!batch) throw new LedgerError('not_found', `找不到导入批次 #${batchId}`);
  if (batch.reverted_at !== null) throw new LedgerError('invalid_input', `导入批次 #${batchId}（“${batch.file_name}”）已于 ${localDateTime(batch.reverted_at).slice(0, 10)} 撤销`);
  const blocked = revertBlocker(ledger, batchId);
  if (blocked) throw new LedgerError('locked_payment', blocked, { batchId });
  const commit = ledger.stmt("SELECT command_id FROM audit_log WHERE table_name = 'import_batches' AND row_id = ? AND op = 'insert' ORDER BY id LIMIT 1").get(batchId) as { command_id: number } | undefined;
  // What the batch made (people, units, model-worker records), each with the record as made, in the order made; and what
  // batches reverted before it made and kept then because this batch's payments used it (马云 paid again here, the earlier
  // batch reverted first): that goes now too when nothing else uses it (helper 83). Only what this batch's payments name
  // (their people and units, those people's units and records): nothing else an earlier revert kept (helper 90).
  const used = ledger.stmt(`SELECT DISTINCT p.person_id AS person, p.unit_id AS unit, pe.unit_id AS personUnit FROM payments p
    LEFT JOIN people pe ON pe.id = p.person_id WHERE p.import_batch_id = ?`).all(batchId) as { person: number | null; unit: number | null; personUnit: number | null }[];
  const usedPeople = new Set(used.flatMap((u) => (u.person === null ? [] : [u.person])));
  const usedUnits = new Set(used.flatMap((u) => [u.unit, u.personUnit].filter((x): x is number => x !== null)));
  const earlierCommits = ledger.stmt(`SELECT a.command_id FROM import_batches b JOIN audit_log a ON a.table_name = 'import_batches' AND a.row_id = b.id AND a.op = 'insert'
    WHERE b.reverted_at IS NOT NULL AND b.id <> ? ORDER BY a.command_id`).pluck().all(batchId) as number[];
  const lastPayment = (c: number) => insertedBy(ledger, c, 'payments').reduce((m, id) => Math.max(m, id), 0);
  type Made = { id: number; made: Record<string, unknown>; after: number };
  const madeOf = (table: 'people' | 'units' | 'model_workers', keep: (id: number, made: Record<string, unknown>) => boolean): Made[] => {
    const out: Made[] = [];
    const own = commit ? createdBy(ledger, commit.command_id, table) : new Map<number, Record<string, unknown>>();
    // (Earlier batches' records are read only when this batch's payments name something it did not make.)
    const foreign = table === 'units' ? [...usedUnits].some((id) => !own.has(id)) : table === 'people' ? [...usedPeople].some((id) => !own.has(id)) : usedPeople.size > 0;
    if (foreign) {
      for (const c of earlierCommits) {
        const made = [...createdBy(ledger, c, table)].filter(([id, record]) => keep(id, record));
        if (made.length === 0) continue;
        const after = table === 'model_workers' ? lastPayment(c) : 0;
        for (const [id, record] of made) out.push({ id, made: record, after });
      }
    }
    const after = commit ? lastPayment(commit.command_id) || Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
    for (const [id, record] of own) out.push({ id, made: record, after });
    return out;
  };
  const createdPeople = madeOf('people', (id) => usedPeople.has(id));
  const createdUnits = madeOf('units', (id) => usedUnits.has(id));
  const createdModelWorkers = madeOf('model_workers', (_id, made) => usedPeople.has(made.person_id as number));
  /** Changed since it was made (by the clerk, or a later command): it stays, the revert takes back the import, not later work. */
  const changedSince = (now: Record<string, unknown>, made: Record<string, unknown>) =>
    Object.keys(made).some((c) => c !== 'created_at' && c !== 'updated_at' && (now[c] ?? null) !== (made[c] ?? null));
  const who = actor ?? ledger.actor;
  if (options.backup !== false) backupBeforeImport(ledger, 'revert', `批次${batchId}`);
  return ledger.run({ kind: 'import.revert', label: `撤销导入“${batch.file_name}”（批次 #${batchId}）`, source: 'reverted', undoable: false, batchId, actor: who }, (tx) => {
    // Re-check inside the transaction: someone may have approved a row meanwhile.
    const again = revertBlocker(ledger, batchId);
    if (again) throw new LedgerError('locked_payment', again, { batchId });
    const db = tx.database;
    const paymentIds = db.prepare('SELECT id FROM payments WHERE import_batch_id = ? ORDER BY id DESC').pluck().all(batchId) as number[];
    const editedPayments = db.prepare('SELECT count(*) FROM payments p JOIN import_batches b ON b.id = p.import_batch_id WHERE b.id = ? AND p.updated_at > b.created_at').pluck().get(batchId) as number;
    for (const id of paymentIds) tx.delete('payments', id);
    // What the commit wrote on records the ledger had (a 补助类别 filled in) goes back, unless changed since (helper 83:
    // after the revert the record still said 两金).
    for (const a of commit ? ledger.stmt("SELECT row_id, field, old_value, new_value FROM audit_log WHERE command_id = ? AND table_name = 'model_workers' AND op = 'update' ORDER BY id DESC").all(commit.command_id) as { row_id: number; field: string; old_value: string | null; new_value: string | null }[] : []) {
      const now = tx.get('model_workers', a.row_id);
      const wrote = a.new_value === null ? null : JSON.parse(a.new_value);
      if (now && a.field === 'subsidy_kind' && now.subsidy_kind === wrote) tx.update('model_workers', a.row_id, { subsidy_kind: a.old_value === null ? null : JSON.parse(a.old_value) });
    }
    // A record the batch made stays when the ledger relies on it since: changed by a later command (another roster's 补助类别),
    // or its person paid as a model worker since (a later batch's 两金 payment found it and made none; helper 83).
    const paidAsModelWorker = db.prepare(`SELECT EXISTS (SELECT 1 FROM payments p JOIN programs g ON g.id = p.program_id
      WHERE p.person_id = @person AND p.id > @after AND (p.recipient_kind IN ('劳动模范', '困难劳模') OR g.kind IN ('劳模补助', '劳模慰问'))) AS paid`).pluck();
    let deletedModelWorkers = 0;
    for (const { id, made, after } of createdModelWorkers.reverse()) {
      const now = tx.get('model_workers', id);
      if (!now || changedSince(now, made) || paidAsModelWorker.get({ person: now.person_id, after }) !== 0) continue;
      tx.delete('model_workers', id);
      deletedModelWorkers++;
    }
    // A person or unit the clerk has changed since (a phone, a household, an ID added; a unit renamed) stays too (helper 84:
    // the phone added was lost with the person); one changed and changed back is as made (helper 90).
    const personUsed = db.prepare('SELECT EXISTS (SELECT 1 FROM payments WHERE person_id = @id) OR EXISTS (SELECT 1 FROM model_workers WHERE person_id = @id) AS used').pluck();
    let deletedPeople = 0;
    for (const { id, made } of createdPeople.reverse()) {
      const now = tx.get('people', id);
      if (!now || changedSince(now, made) || personUsed.get({ id }) !== 0) continue;
      tx.delete('people', id);
      deletedPeople++;
    }
    const unitUsed = db.prepare(`SELECT EXISTS (SELECT 1 FROM payments WHERE unit_id = @id) OR EXISTS (SELECT 1 FROM people WHERE unit_id = @id)
      OR EXISTS (SELECT 1 FROM households WHERE unit_id = @id) OR EXISTS (SELECT 1 FROM units WHERE parent_id = @id) AS used`).pluck();
    let deletedUnits = 0;
    for (const { id, made } of createdUnits.reverse()) {
      const now = tx.get('units', id);
      if (!now || changedSince(now, made) || unitUsed.get({ id }) !== 0) continue;
      tx.delete('units', id);
      deletedUnits++;
    }
    tx.update('import_batches', batchId, { reverted_at: tx.at, reverted_by: who });
    return { batchId, deletedPayments: paymentIds.length, deletedPeople, deletedUnits, deletedModelWorkers, editedPayments };
  });
}

/** The import history, newest first. */
export function listImportBatches(ledger: Ledger, limit = 500): ImportBatchSummary[] {
  const rows = ledger.stmt(`SELECT b.id, b.file_name, b.sha256, b.format, b.program_id, p.code AS program_code, p.name AS program_name, b.created_at, b.clerk,
      b.row_count, b.counts_json, b.total_fen, b.accepted_fen, b.reverted_at, b.reverted_by,
      (SELECT count(*) FROM payments x WHERE x.import_batch_id = b.id) AS payments,
      (SELECT count(*) FROM payments x WHERE x.import_batch_id = b.id AND x.updated_at > b.created_at) AS edited_after
    FROM import_batches b LEFT JOIN programs p ON p.id = b.program_id ORDER BY b.id DESC LIMIT ?`).all(limit) as {
    id: number; file_name: string; sha256: string; format: string; program_id: number | null; program_code: string | null; program_name: string | null;
    created_at: string; clerk: string | null; row_count: number; counts_json: string; total_fen: number; accepted_fen: number; reverted_at: string | null;
    reverted_by: string | null; payments: number; edited_after: number;
  }[];
  return rows.map((r) => {
    let counts: Record<string, number> = {};
    try {
      const parsed = JSON.parse(r.counts_json) as Record<string, unknown>;
      counts = Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
    } catch {
      /* keep empty */
    }
    return {
      id: r.id, fileName: r.file_name, sha256: r.sha256, format: r.format, programId: r.program_id, programCode: r.program_code, programName: r.program_name,
      importedAt: r.created_at, clerk: r.clerk, rowCount: r.row_count, counts, totalFen: r.total_fen, acceptedFen: r.accepted_fen, payments: r.payments,
      editedAfter: r.edited_after,
      revertedAt: r.reverted_at, revertedBy: r.reverted_by,
      revertBlockedBy: r.reverted_at !== null ? '已撤销' : revertBlocker(ledger, r.id),
    };
  });
}
