/**
 * Header words → fields. Header cells are normalised first (line breaks and
 * spaces removed, full-width folded, Traditional → Simplified, unit suffixes
 * such as （元）/(元)/(万元) set aside), then matched against the names rosters
 * really use. Qualifiers decide whose column it is on student rosters
 * (学生姓名 vs 家长姓名: the payee is the parent).
 */
import { toHalfWidth } from '../../../shared/domain/text.ts';
import type { ImportField } from '../../../shared/import.ts';
import { ALL_SPACES, toSimplified } from './text.ts';

export interface HeaderLabel {
  /** Normalised text without bracketed parts: 金额（元） → 金额. */
  base: string;
  /** Normalised text with bracketed parts kept (brackets removed): 姓名（学生） → 姓名学生. */
  full: string;
  /** The header says the column is in 万元 or 千元 (else null: 元). */
  unit: AmountUnit | null;
}

/** A money column's unit other than 元, as its header says. */
export type AmountUnit = '万元' | '千元';

const OPEN = '([{【〔《<';
const UNIT_IN_BRACKETS = /[(\[【（]\s*(?:单位[:：]?)?\s*(万|千)元?\s*[)\]】）]/;
const UNIT_AT_END = /(万|千)元$|\/(万|千)$/;
const CLOSE = ')]}】〕》>';

export function normalizeHeader(raw: string): HeaderLabel {
  let t = toSimplified(toHalfWidth(raw)).replace(ALL_SPACES, '').toLowerCase();
  t = t.replace(/^[*※★#☆]+|[*※★☆]+$/g, '').replace(/^其中:?/, '');
  // 万元 (or 千元) as the column's unit: (万元), （单位：万元）, 金额/万元, 金额万元. Not a 万 inside a remark:
  // （元，最高不超过1万元）, (万元以下免审).
  const unitWord = UNIT_IN_BRACKETS.exec(t)?.[1] ?? UNIT_AT_END.exec(t.replace(/[(\[【（][^)\]】）]*[)\]】）]/g, ''))?.slice(1).find(Boolean);
  const unit: AmountUnit | null = unitWord === '万' ? '万元' : unitWord === '千' ? '千元' : null;
  let base = '';
  let full = '';
  let depth = 0;
  for (const ch of t) {
    if (OPEN.includes(ch)) {
      depth++;
      continue;
    }
    if (CLOSE.includes(ch)) {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth === 0) base += ch;
    full += ch;
  }
  // Unit suffixes written without brackets: 金额/元, 金额元, 金额:万元.
  base = base.replace(/[:/]+$/, '').replace(/(?<=.{2})[/:]?(人民币)?(万元|千元|元)$/, '').replace(/[:/]+$/, '');
  full = full.replace(/[:/]+$/, '');
  return { base, full, unit };
}

/** A header cell's text is a candidate label only when short and not a "填报单位：…" line. */
export function isLabelLike(raw: string): boolean {
  // 其中：现金 under a 救助金额 parent names a part of it (其中 = "of which").
  const t = raw.trim().replace(/^其中[:：]\s*/, '');
  if (t === '' || t.length > 24) return false;
  // 填报单位：…, not 金额（单位：元）.
  if (/[:：]./.test(t.replace(/[(（][^)）]*[)）]/g, ''))) return false;
  if (/^[\d.,\-\s]+$/.test(t)) return false;
  return true;
}

const STUDENT = /学生|子女|孩子|考生|受助学生|在校生/;
const ID_WORDS = /身份证|身分证|身份号码|身分号码|证件号|公民身份|身份证件/;

// The two side by side, the name first or the ID first, joined by 及/和/与/、/ or a bracket; not a remark that names the
// other (身份证号（须与姓名一致）, 姓名（与身份证一致）: one field each). Whose (受助职工, 慰问对象, 家长 …) may come first.
const NAME_ID_WHOSE = '(?:[\\u4e00-\\u9fff]{1,6}?)?';
const NAME_ID_ID = '(?:公民)?(?:身份证|身分证|身份号码|身分号码|证件)(?:件)?(?:号码|号|编号)?';
const NAME_AND_ID = new RegExp(`^${NAME_ID_WHOSE}姓名(?:及|和|与|、|/|\\+|,|，)?${NAME_ID_ID}$|^${NAME_ID_WHOSE}${NAME_ID_ID}(?:及|和|与|、|/|\\+|,|，)?姓名$`);

/**
 * A header over one column holding a payee's name and ID together (姓名及身份证号, 姓名（身份证号）, 姓名身份证号,
 * 家长姓名/身份证号): the column is the name's, and each cell is split into the name and the ID.
 */
export function holdsNameAndId(label: HeaderLabel): boolean {
  // The header read with its brackets' words (姓名（身份证号）) or without them, a remark after (姓名及身份证号码（18位）,
  // …（必填）). Helper 86: the latter were still IDs.
  const strip = (x: string) => x.replace(/[()（）[\]【】\s]/g, '');
  // (Not the form's clerk's: 经办人姓名及身份证号 is nobody paid; helper 88.)
  return (NAME_AND_ID.test(strip(label.full)) || NAME_AND_ID.test(strip(label.base))) && !(STUDENT.test(label.full) && !PARENT.test(label.full))
    && !/联系人|经办人|填报人|填表人|负责人|审核人|经手人/.test(label.full);
}
const PARENT = /家长|监护人|父亲|母亲|父母|父\/母/;

/** The field a header means, or null. Qualifiers (学生/家长) decide whose name, gender or ID it is. */
export function matchField(label: HeaderLabel): ImportField | null {
  const { base, full } = label;
  if (base === '' && full === '') return null;
  const t = full;
  const student = STUDENT.test(t) && !PARENT.test(t);
  if (/签[字名章收领]|盖章|手印|指印|捺印|签领/.test(t)) return 'signature';
  if (/^(序号|序|编号|no\.?|行号|顺序号|排序|序列号)$/.test(base)) return 'seq';
  // 姓名及身份证号 over one column: the name's (its cells split; helper 84: taken for the ID, every row 缺少姓名).
  if (holdsNameAndId(label)) return 'name';
  // What else an ID card says is no ID number (身份证地址, 身份证住址, 身份证有效期, 签发机关; helper 86: taken for the ID column
  // in place of the real one).
  // (Outside brackets only: 身份证号码（有效期内） is the ID; helper 88.)
  if (/身份证|身分证/.test(base) && /住址|地址/.test(base)) return 'address';
  if (/身份证|身分证/.test(base) && /有效期|签发|发证|期限/.test(base)) return null;
  // (Not 姓名（与身份证一致）: a remark on the name that mentions the ID.)
  // (Nor 银行卡号（与身份证姓名一致）: another field's header with a remark naming the ID card; helper 90.)
  if (ID_WORDS.test(base) || (ID_WORDS.test(t) && !/姓名|银行|卡号|账号|帐号|账户|帐户|存折|电话|手机|住址|地址/.test(base))) return student ? 'studentIdNumber' : 'idNumber';
  if (/电话|手机|联系方式|联系号码/.test(t)) return 'phone';
  // How it is paid (发放方式: 现金 / 银行转账), before the words of a bank account (发放方式（现金/银行）).
  if (/(发放|支付|领取|付款|给付|兑付|领款|拨付)(方式|形式|途径|渠道)|^(方式|付款方式)$/.test(t)) return 'method';
  // 开户银行 names the bank, not the account.
  if (/开户(银)?行|银行名称|开户网点/.test(t) && !/账号|帐号|卡号/.test(t)) return null;
  if (/银行|卡号|账号|帐号|账户|帐户|存折/.test(t)) return 'bankAccount';
  // Counts are not money: 慰问品数量, 人数, 户数, 件数.
  if (/数量|件数|份数|人数|户数|人次|口数|年龄|工龄/.test(t)) return null;
  if (/性别/.test(t)) return student ? 'studentGender' : 'gender';
  // A township's contact or the form's clerk is nobody paid (联系人姓名 on a summary of townships).
  if (/联系人|经办人|填报人|填表人|负责人|审核人|经手人/.test(t)) return null;
  // The name written otherwise (姓名拼音, 英文姓名, 曾用名) is no second 姓名: read as one, the amount after it went as a
  // second roster's beside the first, and every row was held with no amount.
  // (Only a name's: 单位名称（英文） is still the unit; helper 90.)
  if ((/拼音|英文|pinyin|english/i.test(t) && /姓名|名字|^名$/.test(base)) || /曾用名|别名|小名/.test(t)) return null;
  if (/姓名|^名字$/.test(t)) return student ? 'studentName' : 'name';
  if (/^(学生|子女|考生|受助学生|资助学生|在校学生|学生名)$/.test(base)) return 'studentName';
  if (/^(领取人|领款人|受助人|受助对象|救助对象|慰问对象|帮扶对象|资助对象|户主|职工|困难职工|劳模|对象|家长|监护人)$/.test(base)) return 'name';
  if (/出生/.test(t)) return 'birthMonth';
  // Who awarded the honour (授予单位, 授予机关, 表彰单位, 批准单位, 命名单位): not the worker's 工作单位 (sweep 94: 国务院
  // was taken as the unit and the real 工作单位 column dropped). Its level may be read from it (analyze.ts).
  if (/(授予|表彰|批准|命名|颁发|颁奖|发证|评选)(单位|机关|机构|部门)/.test(t)) return 'awardedBy';
  // A level before the title: 称号级别, 获奖级别, 劳模层次 are levels (sweep 94: 称号级别 stored 省部级 as the title).
  if (/(荣誉|劳模|表彰|奖励|称号|获奖)(级别|等级|层级|层次)|^级别$|^层级$/.test(t)) return 'honourLevel';
  // The year before the title: 荣誉获得时间 is a year. (年度, 批准时间, 评定时间 alone are a relief roster's own words; taken
  // as the award year only beside an honour column, in analyze.ts.)
  if (/(授予|获得|获评|获奖|表彰|评选|命名|当选)(年份|时间|年度|日期|年)|^授予年$|^获奖年份$/.test(t)) return 'yearAwarded';
  // 获得荣誉时间, 荣誉时间, 获荣誉年份: a year, not the title (helper 96: the title became 2005年).
  if (/^(获得?)?荣誉(获得|授予)?(时间|年份|年度|日期)$/.test(base)) return 'yearAwarded';
  // 荣誉称号, 劳模称号, 劳模荣誉, 荣誉名称, 何时何地获何种荣誉, 劳模类别/劳模类型 (全国劳模, 省部级劳模). Not 荣誉, 获得荣誉 or
  // 荣誉情况 alone: a 送温暖 roster's column of a worker's honours (县优秀共产党员) made model-worker records (helper 96).
  if (/称号/.test(t) || /^(劳模荣誉|荣誉名称|劳模荣誉名称|何时何地获何种荣誉)$/.test(base) || /^劳模(类别|类型|种类)$/.test(base)) return 'honourTitle';
  if (/学校|院校|录取|专业|年级|就读|班级|学院/.test(t)) return 'school';
  if (/住址|地址|居住地|家庭住址/.test(t)) return 'address';
  if (/慰问品|物品|实物|物资|礼品|慰问物/.test(t)) return /金额|折价|价值|折款|价格|折合|元/.test(t) ? 'goodsAmount' : 'goods';
  if (/^(全年|年度|本年|全部|总)?(合计|小计|总计|共计)(金额|数)?$|^(金额合计|总金额|小计金额)$/.test(base)) return 'rowTotal';
  if (/人员类别|对象类别|人员身份|身份类别|对象类型|人员类型|职工类别|救助对象类别|^身份$|^类别对象$/.test(t)) return 'recipientKind';
  if (/困难类别|困难类型|困难程度|困难级别|困难等级|救助类型|救助类别|救助项目|致困原因|困难原因|致贫原因|帮扶类型|病种|病情|疾病名称|^类别$|^类型$|救助原因|资助类别|补助类别|^补助类型$|^两金\/?三金$|^三金\/?两金$/.test(t)) return 'category';
  if (/金额|金額|慰问金|救助金|补助金|补贴|助学金|资助|奖励金|奖金|标准|现金|款额|实发|应发|发放数|钱数|^金$|^元$|人民币/.test(t)) return 'amount';
  if (/(慰问|救助|补助|救济|资助|帮扶|发放|困难)款|(慰问|补助|救助)费|发放额|^数额$|^款项$|^领取数$|^发放$/.test(base)) return 'amount';
  // 帮扶资金, 救助额, 补助额 (not 资金来源: where the money comes from).
  if (/(帮扶|补助|救助|慰问|资助|扶贫|救济|困难)资金(?!来源|渠道)|(救助|补助|慰问|资助|救济)额/.test(base)) return 'amount';
  // Only the date of the payment: 参加工作时间, 入会时间, 建档日期 … are something else.
  if (/(发放|领取|领款|慰问|救助|补助|资助|签收|支付|走访)(日期|时间)|^(日期|时间|发放年月)$/.test(t)) return 'paidOn';
  if (/单位|工会|部门|企业|公司|所在|乡镇|街道|社区|^村$|学校名称/.test(t)) return 'unit';
  if (/备注|说明|附注|情况|事由|原因/.test(t)) return 'note';
  if (/序号/.test(t)) return 'seq';
  return null;
}

/** Person columns: a header row must have one of them. */
export const PERSON_FIELDS: readonly ImportField[] = ['name', 'idNumber', 'studentName'];

/** Fields whose merged cells apply to every row they cover (a unit merged over many rows). Money, names and IDs are never filled. */
export const FILLABLE_FIELDS: ReadonlySet<ImportField> = new Set<ImportField>([
  'gender', 'unit', 'category', 'recipientKind', 'goods', 'paidOn', 'address', 'note', 'school', 'honourTitle', 'honourLevel', 'yearAwarded', 'method', 'awardedBy',
]);

/** Columns whose content alone does not make a row a payment (a pre-numbered empty row is blank). */
export const NON_CONTENT_FIELDS: ReadonlySet<ImportField> = new Set<ImportField>(['seq', 'signature', 'rowTotal']);

/** Ditto marks: the value of the row above. */
export const DITTO = /^(同上|同前|同左|仝上|同上行|〃+|″+|"+|”+|“+|''|々)$/;
