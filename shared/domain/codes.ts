/**
 * The choice lists of the ledger. Each is data the office can extend (table
 * code_lists); these are the seeds, in Simplified Chinese. A value in use can be
 * retired (hidden from new entries) but never deleted.
 */

export const CODE_LIST_NAMES = [
  'recipient_kind',
  'hardship_level',
  'cause',
  'employment_status',
  'program_kind',
  'fund_source',
  'payment_method',
  'payment_status',
  'honour_level',
  'model_worker_title',
  'subsidy_kind',
  'file_status',
  'relation',
  'unit_kind',
  'relief_category',
  'goods',
] as const;

export type CodeListName = (typeof CODE_LIST_NAMES)[number];

export const CODE_LIST_LABELS: Record<CodeListName, { zh: string; en: string }> = {
  recipient_kind: { zh: '救助对象类别', en: 'Recipient kind' },
  hardship_level: { zh: '困难程度', en: 'Hardship level' },
  cause: { zh: '致困原因', en: 'Cause of hardship' },
  employment_status: { zh: '就业状态', en: 'Employment status' },
  program_kind: { zh: '项目类别', en: 'Program kind' },
  fund_source: { zh: '资金来源', en: 'Fund source' },
  payment_method: { zh: '发放方式', en: 'Payment method' },
  payment_status: { zh: '发放状态', en: 'Payment status' },
  honour_level: { zh: '荣誉级别', en: 'Honour level' },
  model_worker_title: { zh: '劳模称号', en: 'Model-worker title' },
  subsidy_kind: { zh: '补助类别', en: 'Subsidy kind' },
  file_status: { zh: '建档状态', en: 'File status' },
  relation: { zh: '与户主关系', en: 'Relation' },
  unit_kind: { zh: '单位类别', en: 'Unit kind' },
  relief_category: { zh: '困难类别/救助类型', en: 'Relief category' },
  goods: { zh: '慰问品', en: 'Goods' },
};

export const CODE_LIST_SEEDS: Record<CodeListName, readonly string[]> = {
  recipient_kind: [
    '困难职工', '困难农民工', '劳动模范', '困难劳模', '一线职工', '环卫工人', '患重大疾病职工',
    '因公受伤职工', '单亲困难女职工', '下岗失业职工', '困难职工子女', '离退休老干部及遗属',
    '复员退伍军人', '建档立卡贫困户',
  ],
  hardship_level: ['特困', '重困', '一般困难', '深度困难', '相对困难', '意外致困'],
  cause: ['因病', '因学', '因灾', '缺乏劳动力', '下岗失业', '工伤', '单亲', '低收入'],
  employment_status: ['在岗', '内退', '待岗', '下岗失业', '离退休', '病休', '农民工'],
  program_kind: [
    '送温暖', '中秋慰问', '夏季送清凉', '金秋助学', '助学救助', '医疗救助', '大病救助', '职工医疗互助',
    '生活救助', '临时救助', '一次性救助', '劳模补助', '劳模慰问', '创业就业扶持', '挂钩扶贫',
  ],
  fund_source: ['上级下拨', '本级自筹', '爱心捐款', '社会捐赠', '财政专项'],
  payment_method: ['现金', '银行转账'],
  payment_status: ['登记', '已审核', '已发放', '已签领'],
  honour_level: ['全国', '省部级', '州市级', '县级'],
  model_worker_title: [
    '全国劳动模范', '全国先进工作者', '全国五一劳动奖章', '省劳动模范', '省先进工作者', '省五一劳动奖章',
    '州市劳动模范', '县劳动模范',
  ],
  subsidy_kind: ['两金', '三金'],
  file_status: ['在档', '脱困', '注销'],
  relation: ['户主', '配偶', '子女', '父母', '其他'],
  unit_kind: ['乡镇工会联合会', '街道工会', '系统工会', '基层工会', '企业', '机关事业单位'],
  relief_category: ['住院未手术', '住院手术', '大病', '生活困难', '子女上学', '因灾', '其他'],
  goods: ['棉被', '大米', '食用油'],
};

/** Code lists whose values drive fixed behaviour: offices may not add or retire values. */
export const FIXED_CODE_LISTS: readonly CodeListName[] = ['payment_status', 'file_status', 'payment_method'];

export const PAYMENT_STATUSES = ['登记', '已审核', '已发放', '已签领'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Paid or signed rows can only be changed by a reversal entry. */
export const LOCKED_PAYMENT_STATUSES: readonly PaymentStatus[] = ['已发放', '已签领'];

export const FILE_STATUSES = ['在档', '脱困', '注销'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];

export const GENDERS = ['男', '女'] as const;

/** 性别 as a keyed or pasted cell gives it: 男, 女, 男性, 女性, M, F, male, female (any case). */
const GENDER_WORDS: Record<string, '男' | '女'> = { 男: '男', 女: '女', m: '男', f: '女', male: '男', female: '女', 男性: '男', 女性: '女' };

/** The 性别 a cell's text gives (trimmed), or null. */
export function readGender(text: string): '男' | '女' | null {
  return GENDER_WORDS[text.trim().toLowerCase()] ?? null;
}

/**
 * The 发放方式 a cell's text gives, from that text in Simplified without spaces (现金, 银行转账; one that names a bank, a
 * transfer or a card, 银行卡, is 银行转账), or null.
 */
export function readPaymentMethod(key: string): '现金' | '银行转账' | null {
  if (key === '现金' || key === '银行转账') return key;
  return /转账|银行|卡/.test(key) ? '银行转账' : null;
}
