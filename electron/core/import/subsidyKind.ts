/**
 * 补助类别 of a model-worker roster's row: which of 两金 / 三金 it names (两金补助, 叁金, 兩金, 2金), read with its 备注
 * where that bears on it (a change of kind, a decision on one, a stop), or none, and whether none because it stopped.
 * commit.ts stores this kind on the model-worker record; analyze.ts warns of the stop (subsidy_stopped). A module of its
 * own: the analysis cannot import commit.ts (analyze → commit → preview → analyze).
 */
import { codeKey } from './text.ts';

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
 * Dates as A_DATE reads them: 2026.12 and 2027/1 (before 起, 开始, 以后, 执行, 到期, 止 …) as 2026年12月, 本月 as this month,
 * 下月 as the next, 今年3月 as this year's (helper 75: 已批准，2026.12起执行 was in force, 今年3月起执行 and 本月起转三金 were
 * not).
 */
function withDatesWritten(text: string): string {
  // (Each date written so holds a figure, 年 or 月: most texts hold none.)
  if (!/[\d年月]/.test(text)) return text;
  const now = new Date();
  const y = now.getFullYear();
  const lastMonth = now.getMonth() === 0 ? `${y - 1}年12月` : `${y}年${now.getMonth()}月`;
  const nextMonth = now.getMonth() === 11 ? `${y + 1}年1月` : `${y}年${now.getMonth() + 2}月`;
  return text
    // (With a hyphen too, 2026-12起; helper 77.)
    .replace(/(\d{4})[.．/\-－](\d{1,2})(?:[.．/\-－](\d{1,2}))?(?=[自从于]?(?:起|开始|以?后|执行|生效|实施|转|改|到期|止))/g, (_m, yy: string, mo: string, d: string | undefined) => `${yy}年${Number(mo)}月${d ? `${Number(d)}日` : ''}`)
    // The year's end is its December (今年底起, 2026年底起: still to come in November; helper 77).
    .replace(/(\d{4})年?年?底/g, '$1年12月').replace(/(?:今年|本年)年?底/g, `${y}年12月`)
    // (年底 with no year is this one's: 年底前转三金 was read as done; sweep 79.)
    .replace(/(?<![\d今本去明来上下前次])年底/g, `${y}年12月`)
    .replace(/本月/g, `${y}年${now.getMonth() + 1}月`)
    .replace(/上月|上个月/g, lastMonth)
    .replace(/下月|下个月/g, nextMonth)
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
 * the person's or the unit's own (本人同意, 经单位同意) grants nothing. Both as codeKey gives them (readAfresh).
 */
function remarkOnKind(category: string, remark: string | null): string {
  if (remark === null) return '';
  const r = startsLaterMarked(withDatesWritten(remark).replace(/[()（）【】[\]]/g, '').replace(CERTIFICATE_UNDONE, ''));
  if (CHANGE_RE.test(r) && !SOMEONE_ELSE.test(r) && !changeToCome(r)) return `（${r}）`;
  const decision = decisionWords(afterLowerConsent(r));
  if (CHANGE_RE.test(category) && DECISION_ALONE.test(decision)) return `（${decision}）`;
  return '';
}

export type SubsidyKind = '两金' | '三金';

/**
 * What a row's 补助类别 (with its 备注) says of the 两金/三金: the kind the commit stores, or none, and when none because
 * the kind named is said to have stopped, where that is written. The commit stores `kind`; the analysis warns
 * (subsidy_stopped) exactly when `stoppedIn` is set, on a row that lists money.
 */
export interface SubsidyReading {
  kind: SubsidyKind | null;
  /**
   * The 两金/三金 named has stopped (两金（2023年已停发）, 三金已终止, 两金（暂停）, 两金（已故）; 两金 with 备注 2023年起停发):
   * in 类别 or in 备注. Null when a kind is stored, or none for another reason: none named, both, or said not to apply
   * (不享受两金, 无两金, 非三金, 两金：否, 两金（无）: a model worker without the subsidy, paid for something else).
   */
  stoppedIn: 'category' | 'note' | null;
}
const NONE: SubsidyReading = { kind: null, stoppedIn: null };

/** The kinds a text names (两金, 二金, 贰金, 2金; 三金, 叁金, 参金, 3金), in Simplified. */
function kindsIn(text: string): Set<SubsidyKind> {
  const out = new Set<SubsidyKind>();
  if (!text.includes('金')) return out;
  for (const m of text.matchAll(/([两二贰2三叁参3])金/g)) out.add(kindOf(m[1]!));
  return out;
}
function kindOf(digit: string): SubsidyKind {
  return /[两二贰2]/.test(digit) ? '两金' : '三金';
}
/** Words that say the subsidy stopped: in a bracket (两金（已停发）, （2016年止）, （已故）) and in the category itself (曾享受两金, too). */
const STOPPED_IN_BRACKET = /止|停发|已停|暂停|取消|退出|注销|不再|已故|去世|死亡|到期|终止/;
const STOPPED = new RegExp(`${STOPPED_IN_BRACKET.source}|曾`);
/**
 * Words that say it does not apply (not that it stopped): in a bracket 不享受, 未享受, or 无, 否, 不 alone (两金（无）); in the
 * category itself any 不, 非, 否, 无, 未 (不享受两金, 非三金, 两金：否, 无两金) once a stop said not to be is left out.
 */
const NOT_APPLYING_IN_BRACKET = /不享受|未享受|^(?:无|否|没有|不)$/;
const NOT_APPLYING = /不|非|否|无|未/;
/**
 * A stop said not to be, refused or undone (两金（未停发）, 两金未到期, 没有停发, 不停发, 暂不停发, 不予停发, 取消停发,
 * 撤销停发决定): left out before the words are read.
 */
const STOP_DENIED = /未(?:到期|停止|停发?|终止|取消|退出|注销)|没有?停(?:止|发)?|(?:暂|并)?不(?:予以?)?(?:停止|停发?|终止|取消)(?:发放)?|(?:已|被)?(?:取消|撤销|撤回|解除)了?(?:停止发放|停发|暂停发放|暂停|终止)(?:决定|通知)?/g;
/**
 * About the employer or something else than the subsidy (企业已停产, 单位已注销, 厂已停产, 工资停发, 低保已取消, 企业破产,
 * 已停产, 身份证已到期, 银行卡已注销): a part naming no kind with these says nothing of the 两金/三金 (helper 49).
 */
const NOT_THE_SUBSIDY = /企业|单位|公司|工厂|厂|矿|工资|低保|劳动合同|停产|停业|停工|停薪|破产|身份证|证件|银行卡|存折|社保卡/;
/**
 * Paid again after a stop (原停发，本年恢复发放; 两金（2020年停发，现已恢复）; 2020年停发，后恢复), or paid back (补发停发期间两金,
 * 2023年停发，2024年补发: the row is the arrears): the stop is over. Not a resumption not made, refused, asked for or to
 * come (未恢复, 尚未恢复, 不予恢复, 待恢复, 申请恢复, 核实后恢复): the stop stands.
 */
const RESUMED = /(?<![未待没不将拟请需应可]|[不未]予以?|(?:核实|核查|审核|审批|批准|复核|年审|认定)后)(?:恢复|重新发放|续发|补发)/;
/** Parts of a text, each read on its own (已停发，企业破产: the first says the subsidy stopped, the second the employer). */
const PARTS = /[，,、；;：:。]/;

/** Whether a part says the subsidy stopped ('stop'), does not apply ('not'), or neither. */
function partEnds(part: string, inBracket: boolean): 'stop' | 'not' | null {
  const p = part.replace(STOP_DENIED, '');
  if (NOT_THE_SUBSIDY.test(p) && kindsIn(p).size === 0) return null;
  if (endsLater(p)) return null;
  if ((inBracket ? STOPPED_IN_BRACKET : STOPPED).test(p)) return 'stop';
  if ((inBracket ? NOT_APPLYING_IN_BRACKET : NOT_APPLYING).test(p)) return 'not';
  return null;
}

/**
 * A stop a 备注 writes (已停发, 2023年起停发, 暂停发放, 停止发放, 已取消, 已退出, 两金已到期, 至2023年止); not a death
 * (payee_deceased says it).
 */
const REMARK_STOP = /停发|停止|已停|暂停|取消|退出|注销|不再享受|不再发放|不再领取|终止|到期|\d{4}年?(?:\d{1,2}月)?(?:底|末)?止/;
/** A cause or who decided, before a stop in 备注 (因违纪, 因本人原因, 经县总工会研究决定, 按规定, 根据省总文件). */
const STOP_CAUSE = /^(?:因|由于|经|按照?|根据|依据?)[^，]*?(?=被?(?:停|暂停|取消|终止|退出|注销|不再|到期))/;
/**
 * What a 备注's stop of the subsidy itself is written with (REMARK_STOP's words aside): the subsidy and its payment (发放,
 * 享受, 待遇, 资格, 补助, 劳模称号), the person (本人, 该同志), a request or check (申请, 待核实), a death as its cause
 * (去世后停发), dates and spans (2023.5起, 2023年度, 已于, 至今, 一年, 2个月). A part that holds anything else names
 * something else that stopped (电话已停机, 已停保, 失业金已停发, 合同已到期, 不再领取现金, 取消代领).
 */
const STOP_WORDING = new RegExp([
  REMARK_STOP.source,
  '止|发放|享受|领取|发|待遇|资格|补助金?|补贴|劳模|劳动模范|称号|荣誉',
  '本人|个人|该同志|该人员|该员|此人|申请|自愿|要求|原因|待|需|核实|核查|审核|复核|年审|调查|处理',
  '已故|去世|死亡|病故|逝世|过世',
  '已经?|被|予以?|[自从于至到起]|开始|以?后|至今|现|均|一律|暂|即',
  '[\\d〇○零一二两三四五六七八九十半第个.．/\\-－]+|年度|季度|上半年|下半年|[年月日号底末次]|当月|次月|本月|下月|今年|本年|去年|上年|明年|下年',
  '[。.!！…]',
].join('|'), 'g');
/** Whether a 备注's part naming no kind says only that the subsidy stopped, when, why or who decided (STOP_WORDING). */
function saysOnlyAStop(part: string): boolean {
  return part.replace(STOP_CAUSE, '').replace(STOP_WORDING, '') === '';
}

/**
 * Whether the row's 备注 says the subsidy the 类别 names (`kind`) stopped: a part that says so naming this kind, or naming
 * none and saying nothing else (2023年起停发, 两金已停发 beside 两金, 已停发，家属代领, 因违纪取消); not another kind's
 * (三金已停发 beside 两金), someone else's (其配偶两金已停发), the employer's (企业已停产), something else's (电话已停机,
 * 失业金已停发), one said not to be (未停发), one to come (2099年起停发, 2099年到期), or one undone (原停发，本年恢复发放).
 * The remark as codeKey gives it (readAfresh).
 */
function remarkSaysStopped(kind: SubsidyKind, remark: string): boolean {
  const r = withDatesWritten(remark).replace(/[()（）【】[\]]/g, '，');
  if (RESUMED.test(r)) return false;
  return r.split(PARTS).some((part) => {
    const p = part.replace(STOP_DENIED, '');
    if (!REMARK_STOP.test(p) || SOMEONE_ELSE.test(p)) return false;
    const kinds = kindsIn(p);
    if (kinds.size > 0 ? !kinds.has(kind) : NOT_THE_SUBSIDY.test(p) || !saysOnlyAStop(p)) return false;
    return !endsLater(p);
  });
}

/**
 * 两金 or 三金 as a roster's 补助类别 writes it (两金补助, 叁金, 兩金, 省部级两金, 两 金), else null. The row's 备注 is
 * read with it where it bears on it (remarkOnKind), and where it says the subsidy stopped (remarkSaysStopped).
 */
export function subsidyKindOf(category: string | null, remark: string | null = null): SubsidyKind | null {
  return readSubsidyKind(category, remark).kind;
}

/**
 * Readings already made, by 类别 and 备注, on the day they were made (a date to come is read against today): a roster
 * repeats a few 类别 and 备注 over its rows, and the analysis and the commit each read every row.
 */
const readings = new Map<string, SubsidyReading>();
/** When the readings made are a day old: the next midnight, local time. */
let readingsUntil = 0;
const MAX_READINGS = 10_000;

/** The kind a row's 补助类别 and 备注 give, and whether none because they say it stopped (SubsidyReading). */
export function readSubsidyKind(category: string | null, remark: string | null = null): SubsidyReading {
  if (category === null) return NONE;
  if (Date.now() >= readingsUntil || readings.size >= MAX_READINGS) {
    readings.clear();
    const now = new Date();
    readingsUntil = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime();
  }
  const key = remark === null ? category : `${category}\u0000${remark}`;
  let read = readings.get(key);
  if (read === undefined) {
    read = Object.freeze(readAfresh(category, remark));
    readings.set(key, read);
  }
  return read;
}

/** readSubsidyKind's reading, made: the 类别 and 备注 read as code-list values (no spaces, in Simplified), once. */
function readAfresh(rawCategory: string, rawRemark: string | null): SubsidyReading {
  const category = codeKey(rawCategory);
  const remark = rawRemark === null ? null : codeKey(rawRemark);
  const onKind = remarkOnKind(category, remark);
  const read = kindWritten(category, onKind);
  // A stop written in 备注 alone (类别 两金, 备注 2023年起停发 or 两金已停发), as one in the bracket would be; not beside a
  // change of kind in 类别 or read with it (两金转三金, 备注 已批准，2021年3月起停发: the old kind's stop).
  if (read.kind !== null && remark !== null && onKind === '' && !CHANGE_RE.test(category) && remarkSaysStopped(read.kind, remark)) {
    return { kind: null, stoppedIn: 'note' };
  }
  // (A stop read from the 备注 brought in with a change: written in 备注.)
  if (read.stoppedIn !== null && onKind !== '' && kindWritten(category, '').stoppedIn === null) return { kind: null, stoppedIn: 'note' };
  return read;
}

/** The kind 类别 (as codeKey gives it) gives with the 备注 read with it (remarkOnKind). */
function kindWritten(category: string, onKind: string): SubsidyReading {
  // (A consent to send it on is a change sent on, not yet granted.)
  // (The old certificate taken back is no decision on the change: helper 67.)
  const t = startsLaterMarked(withDatesWritten(category + onKind)).replace(CONSENT, (m) => (m.includes('上报') ? '已上报' : '')).replace(CERTIFICATE_UNDONE, '');
  if (kindsIn(t).size === 0) return NONE;
  const stopped = (end: 'stop' | 'not' | null): SubsidyReading => ({ kind: null, stoppedIn: end === 'stop' ? 'category' : null });
  // Changed from one to the other (两金改三金, 两金（改三金）, 原两金，现三金): the new one.
  // (Not one only asked for: 拟改三金, 申请转三金，未批, 转三金待审; helper 54.)
  const changed = CHANGE_RE.exec(t);
  // A change asked for is made once approved (已批准, 同意, 获批, 批复, 核准; helpers 56, 58), not when refused
  // (不同意, 未同意, 审批未通过, 不予批准, 未获批准, 驳回) or not yet decided (未批, 待审, 拟).
  const isPending = (x: string) => {
    const last = lastDecision(x);
    return last === 'not' || (last === null && (/待审|待批|拟/.test(x) || /申请/.test(x)));
  };
  const made = changed !== null && !isPending(t);
  const outside = kindsIn(t.replace(/[(（【\[][^)）】\]]*[)）】\]]/g, ''));
  // A bracket that says the subsidy ended (两金（2016年止）, （已停发）) ends it; any other is a remark about the person
  // (两金（停产企业）, 三金（非在职）, 两金（无固定收入）) and is left out, as is 非公 (非公企业劳模两金: a kind of employer).
  // A bracket about the employer (两金（企业已停产）, （单位已注销）) says nothing of the subsidy (helper 49).
  // Each part of a bracket on its own (已故，原磷肥厂职工: the first part ends it; helper 52).
  let endedInBracket: 'stop' | 'not' | null = null;
  const bare = t.replace(/[(（【\[]([^)）】\]]*)[)）】\]]/g, (_all, inner: string, at: number) => {
    if (RESUMED.test(inner)) return '';
    // (Or a bracket before the change made: the old kind's, 两金（已停发），转三金.)
    const changeHere = made && (CHANGE_RE.test(inner) || at < changed.index);
    for (const part of inner.split(/[，,、；;]/)) {
      const partKinds = kindsIn(part);
      // The kind changed from stopping (申请转三金，已批准，两金停发): the new one runs (helper 58).
      if (changed && partKinds.size > 0 && !partKinds.has(kindOf(changed[1]!))) continue;
      // Another kind than the one written outside stopped (三金（两金已停发）, 三金（原两金已取消）): this one runs.
      if (partKinds.size > 0 && outside.size > 0 && ![...partKinds].some((k) => outside.has(k))) continue;
      // A stop beside the change made, in its bracket (两金 with 备注 2023年起停发，转三金) or in one before it (两金（已停发），
      // 转三金): the old kind's. (Not a death.)
      if (changeHere && partKinds.size === 0 && !/已故|去世|死亡/.test(part)) continue;
      const end = partEnds(part, true);
      if (end === 'stop' || (end === 'not' && endedInBracket === null)) endedInBracket = end;
    }
    return '';
  }).replace(/非公(?:有制)?/g, '');
  if (made && endedInBracket === null) return { kind: kindOf(changed[1]!), stoppedIn: null };
  if (endedInBracket !== null) return stopped(endedInBracket);
  // A change asked for and not made: the kind before it stands.
  const asked = isPending(t)
    ? t.replace(/[(（【\[][^)）】\]]*[)）】\]]/g, '').replace(/(?:拟|申请)?(?:改|转)(?:为|成|是|发)?[两二贰2三叁参3]金/g, '').replace(DECISION, '').replace(/待审批?|待批|拟|申请/g, '').replace(/非公(?:有制)?/g, '')
    : null;
  // Said to have stopped (两金已停发, 已退出两金, 两金已终止, 已注销, 曾享受两金, 两金已到期, 暂停) or not to apply (不享受两金,
  // 非三金, 两金：否, 无两金, 未享受) (helpers 46, 48 and 49), part by part: a part naming no kind says it of all, one naming
  // a kind of that one (三金，原两金已取消 is 三金); one about the employer (两金，企业已停产), said not to be (两金未停发) or to
  // come (两金，至2099年止) says nothing.
  const left = asked ?? bare;
  let endedAll: 'stop' | 'not' | null = null;
  const ended = new Map<SubsidyKind, 'stop' | 'not'>();
  if (!RESUMED.test(left)) {
    for (const part of left.split(PARTS)) {
      const end = partEnds(part, false);
      if (end === null) continue;
      const kinds = kindsIn(part);
      if (kinds.size === 0) endedAll = endedAll === 'stop' ? 'stop' : end;
      for (const k of kinds) ended.set(k, ended.get(k) === 'stop' ? 'stop' : end);
    }
  }
  if (endedAll !== null) return stopped(endedAll);
  const named = kindsIn(left);
  const running = [...named].filter((k) => !ended.has(k));
  if (running.length === 1) return { kind: running[0]!, stoppedIn: null };
  if (running.length === 0 && ended.size > 0) return stopped([...ended.values()].includes('stop') ? 'stop' : 'not');
  return NONE;
}

/**
 * An end to come (2027年到期, 至2027年止, 2099年12月到期, 至2099年底止; helper 54: this year's, or this month's, has not
 * ended), or a stop set for a date to come (2099年起停发, 自2099年1月起不再享受, 2099年后停发, 下月起停发): the subsidy
 * still runs.
 */
function endsLater(text: string): boolean {
  const m = /(\d{4})年?(?:(\d{1,2})月)?(?:底|末)?(?:到期|止)/.exec(text);
  if (m !== null && endNotReached(Number(m[1]), m[2] === undefined ? null : Number(m[2])) && !/不|非|否|停发|已停|暂停|取消|退出|注销|曾|已故|去世/.test(text)) return true;
  const from = STOP_FROM.exec(text);
  return from !== null && dateToCome(from);
}
function endNotReached(year: number, month: number | null): boolean {
  const now = new Date();
  if (year !== now.getFullYear() || month === null) return year >= now.getFullYear();
  return month >= now.getMonth() + 1;
}
const STOP_FROM = new RegExp(`(?:${A_DATE.source})(?:起|开始|以?后)?(?:停发|停止|暂停|取消|终止|退出|不再)`);
