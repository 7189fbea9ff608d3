/**
 * Reading a roster (no ledger needed): which sheets hold payments, where each
 * sheet's header is, what each column means, and for every row below the
 * header what it is — a payment with its cleaned values, or a row skipped with
 * a reason — and what is wrong with it. The ledger checks (people, already
 * paid, program rules) come after, in check.ts.
 */
import { createHash } from 'node:crypto';
import { excelSerialToIso, parseDate, parseYearMonth } from '../../../shared/domain/dates.ts';
import { formatYuan, parseAmount, parseCapitalAmount } from '../../../shared/domain/money.ts';
import { EARLIEST_AWARD_YEAR } from '../../../shared/domain/modelWorkers.ts';
import { cleanIdText, looksLikeLostPrecision, parseResidentId } from '../../../shared/domain/residentId.ts';
import { collapseSpaces, HEADCOUNT_TOTAL_RE, normalizeName, toHalfWidth, TOTAL_WORDS } from '../../../shared/domain/text.ts';
import { cleanUnitName } from '../services/units.ts';
import {
  IMPORT_FIELD_LABELS,
  IMPORT_FIELDS,
  IMPORT_REASONS,
  columnLetter,
  type ImportCellEdit,
  type ImportColumn,
  type ImportField,
  type ImportPreviewRow,
  type ImportReason,
  type ImportSheetOverride,
  type RowStatus,
  type SheetRole,
  type StatedTotal,
} from '../../../shared/import.ts';
import { DITTO, FILLABLE_FIELDS, NON_CONTENT_FIELDS, PERSON_FIELDS, holdsNameAndId, isLabelLike, matchField, normalizeHeader, type AmountUnit, type HeaderLabel } from './fields.ts';
import { rowCells, type MergeRange, type ParsedWorkbook, type RawCell, type RawRow, type RawSheet, type ShownNumbers } from './table.ts';
import { readSubsidyKind } from './subsidyKind.ts';
import { ALL_SPACES, codeKey, toSimplified } from './text.ts';
import { foldToSimplified } from '../queries/chineseVariants.ts';

export type Mapping = Record<string, ImportField | null>;

export interface SheetAnalysis {
  index: number;
  name: string | null;
  role: SheetRole;
  roleReason: string;
  headerRow: number | null;
  headerEndRow: number | null;
  titleLines: string[];
  columns: ImportColumn[];
  /** Field of each column (by 0-based index). */
  fieldsByCol: (ImportField | null)[];
  /** Money columns whose header says 万元 or 千元. */
  unitCols: Map<number, AmountUnit>;
  /** The amount column is the whole paid, the goods listed under it as 其中 included: the cash is the rest. */
  goodsInAmount?: boolean;
  /**
   * Money columns the automatic mapping left out that name another sum paid (医疗救助金 beside 生活救助金 with no
   * 合计 column): a row with a figure there is held, or that money would be lost without a word.
   */
  leftOutAmountCols: number[];
  /**
   * The parts of a 合计 imported as the amount (医疗救助金 | 生活救助金 | 合计, 1月 … 12月 | 全年合计): a row whose parts
   * add up to another figure than its 合计 is held, for a typo in either would go into the ledger unseen.
   */
  totalPartCols?: number[];
  /** 原工作单位 beside 现工作单位 (the current one mapped): the unit of a row whose current unit is blank. */
  formerUnitCol?: number;
  /** The payment date a title row states (…花名册（2024年9月12日发放）): the date of the rows that write none. */
  titleDate: string | null;
  /**
   * The date the form says it was filled in (填报日期：2017年1月18日, 填表日期, 日期：2017.1.18), above the header or in a
   * footer line: no payment date, but the nearest the roster gives; the preview dates the rows that write none by it
   * when it lies in the program's year (preview.ts defaultDateOf).
   */
  filedOn: string | null;
  mappingSource: 'auto' | 'remembered' | 'user';
  signature: string | null;
  /** The header texts by column, as written (for the error report). */
  headerTexts: (string | null)[];
}

/** The cleaned values of a payment row: the preview row's values, and what only the core uses. */
export interface RowValues extends Pick<ImportPreviewRow,
  'name' | 'gender' | 'unit' | 'category' | 'recipientKind' | 'amountFen' | 'goodsFen' | 'goodsDesc' | 'paidOn' | 'phone'
  | 'note' | 'studentName' | 'honourTitle' | 'honourLevel' | 'yearAwarded'> {
  /** The ID as it will be stored (18 characters), or the cleaned text when it is not valid. */
  idNumber: string | null;
  /** True when the ID passed every check and can be stored. */
  idValid: boolean;
  idGender: '男' | '女' | null;
  /** Birth date from a valid ID. */
  idBirthDate: string | null;
  bankAccount: string | null;
  /** The amount cell's text when it could not be read (abc, 一百, 500/300). */
  amountText?: string;
  /** The roster pays by bank (a card number is written, even one Excel cut). */
  byBank: boolean;
  address: string | null;
  school: string | null;
  birthMonth: string | null;
  /** 授予单位 as written (spaces collapsed): stored on the model-worker record the commit makes. */
  awardedBy: string | null;
}

export interface AnalyzedRow {
  sheetIndex: number;
  row: number;
  /** Not a payment row (blank, total, footer, note). */
  skip: boolean;
  reasons: ImportReason[];
  v: RowValues;
  edited: ImportField[];
  /** Stated figure of a total row (fen), when readable. */
  statedFen: number | null;
  /** Set by the ledger checks: the ledger's person the row pays (null: a new person). */
  personId: number | null;
  /** Set by the ledger checks: already paid, program rules, a different name in the ledger. */
  checkReasons: ImportReason[];
  /** Set by the ledger checks: the row's date or the default one. */
  paidOn: string | null;
  /** Set by the preview: the row's status with every reason counted. */
  status: RowStatus;
}

export interface WorkbookAnalysis {
  sheets: SheetAnalysis[];
  rows: AnalyzedRow[];
  statedTotals: StatedTotal[];
}

export interface AnalyzeOptions {
  sheets?: Record<number, ImportSheetOverride>;
  edits?: ImportCellEdit[];
  /** A remembered mapping for a header signature. */
  remembered?: (signature: string) => Mapping | null;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** The rows come from a CSV/TXT file (set by analyzeWorkbook from the workbook's format). */
  delimited?: boolean;
}

const HEADER_SCAN_ROWS = 40;
/** Shared empty lists (never mutated): most rows have no edits and no findings. */
const NO_FIELDS: ImportField[] = [];
const NO_REASONS: ImportReason[] = [];
const KEY_ROW = 65_536;

/** A header cell as written (line breaks kept), for display and the error report. */
function headerText(v: RawCell | undefined): string | null {
  if (v === null || v === undefined) return null;
  const t = typeof v === 'number' ? String(v) : v.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  return t === '' ? null : t;
}

function textOf(v: RawCell | undefined): string | null {
  if (v === null || v === undefined) return null;
  const t = typeof v === 'number' ? String(v) : collapseSpaces(v);
  return t === '' ? null : t;
}

function isBlankCell(v: RawCell | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.replace(ALL_SPACES, '') === '');
}

function compact(v: RawCell | undefined): string {
  if (typeof v !== 'string') return '';
  return toHalfWidth(v).replace(ALL_SPACES, '');
}

function where(a: SheetAnalysis, col: number | undefined, field: ImportField): string {
  if (col === undefined) return `${IMPORT_FIELD_LABELS[field]}`;
  const header = a.headerTexts[col];
  return `${columnLetter(col)}列（${header ? header.replace(ALL_SPACES, '') : IMPORT_FIELD_LABELS[field]}）`;
}

function reason(code: keyof typeof IMPORT_REASONS, field: ImportField | null, message: string): ImportReason {
  return { code, severity: IMPORT_REASONS[code].severity, field, message };
}

// ---------------------------------------------------------------------------
// Sheets: header, mapping, role

interface HeaderGuess {
  row: number;
  score: number;
  hasPerson: boolean;
}

function labelFields(cells: RawCell[]): { fields: Set<ImportField>; count: number } {
  const fields = new Set<ImportField>();
  let count = 0;
  for (const v of cells) {
    if (typeof v !== 'string' || !isLabelLike(v)) continue;
    const f = matchField(normalizeHeader(v));
    if (f !== null) {
      count++;
      fields.add(f);
    }
  }
  return { fields, count };
}

/**
 * The header is the first row among the first rows that names several known
 * fields, a person column among them. "First" matters: a header repeated on a
 * later page, or one row of a two-row header, may score higher.
 */
function guessHeader(rows: readonly RawRow[]): { person: HeaderGuess | null; any: HeaderGuess | null } {
  const guesses: HeaderGuess[] = [];
  for (const row of rows.slice(0, HEADER_SCAN_ROWS)) {
    const { fields } = labelFields(row.c);
    const score = fields.size;
    if (score < 2) continue;
    guesses.push({ row: row.r, score, hasPerson: PERSON_FIELDS.some((f) => fields.has(f)) });
  }
  const first = (list: HeaderGuess[]) => {
    if (list.length === 0) return null;
    const best = Math.max(...list.map((g) => g.score));
    return list.find((g) => g.score >= Math.max(2, Math.ceil(best * 0.6)))!;
  };
  return { person: first(guesses.filter((g) => g.hasPerson)), any: first(guesses) };
}

function signatureOf(labels: string[]): string {
  return createHash('sha256').update(labels.join('\u0001')).digest('hex').slice(0, 32);
}

/**
 * How surely an amount column's header names the sum paid: 实发 / 调整后 / 核定 first, then 发放 / 救助 /
 * 慰问 … 金额, then 应发 (before deductions), last a rate (标准, 元/月, 单价) or a deduction (扣款).
 */
function amountRank(t: string): number {
  // 金额（大写）: the same sum in Chinese capitals, beside the figures.
  if (/大写/.test(t)) return -1;
  if (/扣|标准|单价|每月|每人|元\/月|元\/人|月标准/.test(t)) return 0;
  // What the worker spent, earned, owes or gets elsewhere, not what is paid to them here: 住院费用 | 报销金额 |
  // 自付金额 | 个人负担 | 救助金额; 享受低保金额; 学费金额; 年度累计救助金额 (beside 本次救助金额).
  if (/报销|自付|自费|费用|医药费|医疗费|住院费|学费|书费|住宿费|收入|工资|统筹|医保|起付|合规|花费|支出|损失|负担|低保|享受|累计|总额|总金额|总费用/.test(t)) return 0;
  if (/应发|应付|申请|申报|拟发|拟|原|上年|去年|上次/.test(t)) return 1;
  if (/实发|实际发放|实付|调整后|更正后|修改后|核定|核准|批准|审批|审核|本年|今年|最终|本次/.test(t)) return 3;
  return 2;
}

/** A unit column that names the worker's former unit (原工作单位, 原单位, 退休前单位): the unit only when no other is written. */
const FORMER_UNIT = /^(原|退休前|曾|以前|过去)/;
/** Words a relief roster uses too (its own year, an approval), read as the award year only beside an honour column. */
const AWARD_YEAR_BESIDE_HONOUR = /^(年度|年份|批准时间|批准年度|批准日期|批准年份|评定时间|评定年度|评定日期|评定年份)$/;
/** The subsidy a model worker draws (两金 / 三金) under words a relief roster may use otherwise; on a model-worker roster only. */
const SUBSIDY_KIND_ON_HONOUR_ROSTER = /^(享受类别|享受待遇|享受类型|享受补助|享受补助类别|享受补助类型)$/;
/** 劳模类别 / 劳模类型 (全国劳模, 省部级劳模): a kind of model worker, the level when a column of its own names the title. */
const HONOUR_KIND = /^劳模(类别|类型|种类)$/;

/**
 * What only a model-worker roster's header says (sweep 94), decided on the whole header, in place:
 * - 原工作单位 | 现工作单位: the current one is the unit (the first column of a field won, the old unit of a retired model
 *   worker); 原工作单位 alone is the unit.
 * - Plain 年度 (or 批准时间, 评定时间) is the award year only on a roster with an honour column (劳模称号, 荣誉级别) and right
 *   beside one of its honour columns: 劳模称号 | 荣誉级别 | 年度. Anywhere else, and on any relief roster, 年度 is the
 *   roster's own year (of the relief, of the subsidy) and is left unmapped, as before.
 * - 享受类别 / 享受待遇 (两金, 三金) are the 补助类别 on a roster with an honour column.
 * - 劳模类别 (全国劳模) beside another title column (获得荣誉: 全国劳动模范): the level, the other the title.
 */
function modelWorkerColumns(labels: (HeaderLabel | null)[], fields: (ImportField | null)[]): void {
  const base = (i: number) => labels[i]?.base ?? '';
  // 补助类型 beside 困难类别 (or another category column): the other is the category, 补助类型 goes to the note (helper 96:
  // the first column won, 生活补助 stored as the category and 因病致困 put in the note).
  const categories = fields.flatMap((f, i) => (f === 'category' ? [i] : []));
  if (categories.length > 1) for (const i of categories) if (/^补助类型$/.test(base(i))) fields[i] = 'note';
  // 获得荣誉, 荣誉, 所获荣誉 on a roster with an honour column (劳模类别, 荣誉级别, 授予年份): the honour's title. (On a 送温暖
  // roster such a column lists a worker's honours, 县优秀共产党员: no model-worker record is made of it; helper 96.)
  const honourRoster = fields.some((f) => f === 'honourTitle' || f === 'honourLevel' || f === 'yearAwarded' || f === 'awardedBy');
  if (honourRoster) for (let i = 0; i < fields.length; i++) if (fields[i] === null && /^(获得荣誉|荣誉|所获荣誉|荣誉情况|获得何种荣誉)$/.test(base(i))) fields[i] = 'honourTitle';
  const units = fields.flatMap((f, i) => (f === 'unit' ? [i] : []));
  const current = units.filter((i) => !FORMER_UNIT.test(base(i)));
  if (units.length > 1 && current.length >= 1 && current.length < units.length) {
    for (const i of units) if (FORMER_UNIT.test(base(i))) fields[i] = null;
  }
  const titles = fields.flatMap((f, i) => (f === 'honourTitle' ? [i] : []));
  const kinds = titles.filter((i) => HONOUR_KIND.test(base(i)));
  if (titles.length > kinds.length && kinds.length > 0) {
    for (const i of kinds) fields[i] = fields.includes('honourLevel') ? null : 'honourLevel';
  }
  const honourCol = (i: number) => fields[i] === 'honourTitle' || fields[i] === 'honourLevel' || fields[i] === 'awardedBy';
  if (!fields.some((f) => f === 'honourTitle' || f === 'honourLevel')) return;
  for (let i = 0; i < fields.length; i++) {
    if (fields[i] !== null) continue;
    if (!fields.includes('yearAwarded') && AWARD_YEAR_BESIDE_HONOUR.test(base(i)) && ((i > 0 && honourCol(i - 1)) || (i + 1 < fields.length && honourCol(i + 1)))) fields[i] = 'yearAwarded';
    else if (!fields.includes('category') && SUBSIDY_KIND_ON_HONOUR_ROSTER.test(base(i))) fields[i] = 'category';
  }
}

/** Resolve the automatic mapping: one column per field, student rosters, a lone 合计 column as the amount, the amount paid of several. */
function autoMapping(labels: (HeaderLabel | null)[], matched: (ImportField | null)[]): (ImportField | null)[] {
  const fields = [...matched];
  modelWorkerColumns(labels, fields);
  // Another person named beside the payee (户主姓名, 配偶姓名, 联系人 …) is no second roster beside the first: with a plain
  // 姓名 there, the payee's, it is left out (helper 86: the amount after 户主姓名 was dropped as a second roster's).
  // (Whoever the payee's column is called — 姓名, 职工姓名, 困难职工姓名, 慰问对象 — when it is the one name column that
  // names no one else: 职工姓名 | 配偶姓名, 姓名 | 持卡人姓名, 慰问对象 | 家庭成员姓名; helper 88.)
  const OTHER_PERSON = /户主|配偶|爱人|丈夫|妻子|家属|家庭成员|患者|持卡人|开户人|紧急联系人|联系人|代领人|代领/;
  const nameCols = fields.flatMap((f, i) => (f === 'name' ? [i] : []));
  const payeeCols = nameCols.filter((i) => !OTHER_PERSON.test(labels[i]?.base ?? ''));
  if (nameCols.length > 1 && payeeCols.length === 1) {
    for (const i of nameCols) if (i !== payeeCols[0]) fields[i] = null;
  }
  const isParentQualified = (i: number) => /家长|监护人|父亲|母亲|父母|父\/母|母\/父/.test(labels[i]?.full ?? '');
  // 姓名 | 身份证号 | 学校 | 年级 | 父/母姓名: the plain 姓名 on a school roster is the student's, the parent is paid.
  const parentName = fields.findIndex((f, i) => f === 'name' && isParentQualified(i));
  const plainName = fields.findIndex((f, i) => f === 'name' && !isParentQualified(i));
  if (parentName >= 0 && plainName >= 0 && !fields.includes('studentName') && fields.includes('school')) fields[plainName] = 'studentName';
  if (fields.includes('studentName')) {
    // A plain 性别/身份证号 belongs to the name column nearest on its left.
    for (let i = 0; i < fields.length; i++) {
      if ((fields[i] === 'gender' || fields[i] === 'idNumber') && !isParentQualified(i)) {
        for (let j = i - 1; j >= 0; j--) {
          if (fields[j] === 'studentName') {
            fields[i] = fields[i] === 'gender' ? 'studentGender' : 'studentIdNumber';
            break;
          }
          if (fields[j] === 'name') break;
        }
      }
    }
    if (!fields.includes('name')) {
      // No parent column: the student is the payee.
      for (let i = 0; i < fields.length; i++) {
        if (fields[i] === 'studentName') fields[i] = 'name';
        else if (fields[i] === 'studentGender') fields[i] = 'gender';
        else if (fields[i] === 'studentIdNumber') fields[i] = 'idNumber';
      }
    }
  }
  // 慰问品 | 折合金额 (or 价值（元）; or 金额 when another column holds the cash), also past a 规格/数量 column
  // between them: the goods' value.
  for (let g = 0; g < fields.length; g++) {
    if (fields[g] !== 'goods' || fields.includes('goodsAmount')) continue;
    for (let i = g + 1; i <= g + 3 && i < fields.length; i++) {
      const base = labels[i]?.base ?? '';
      const valueWord = /^(折合|折价|折款|价值|价格|折合金额|折合价值|折价金额|折合人民币|价值金额|金额合计)$/.test(base);
      const cashElsewhere = fields.some((f, j) => f === 'amount' && j !== i);
      if ((fields[i] === null || fields[i] === 'amount') && (valueWord || (i === g + 1 && cashElsewhere && /^(金额|合计金额)$/.test(base)))) {
        fields[i] = 'goodsAmount';
        break;
      }
      // Only a column about the goods may stand between them (规格, 数量, 单位 …).
      if (fields[i] !== null || !/规格|数量|单位|品名|名称|型号|件数|份数/.test(base)) break;
    }
  }
  // A 总金额 / 总费用 beside a medical bill's columns is the bill, not the row's total paid.
  for (let i = 0; i < fields.length; i++) if (fields[i] === 'rowTotal' && amountRank(labels[i]?.full ?? '') === 0) fields[i] = null;
  if (!fields.includes('amount')) {
    const total = fields.indexOf('rowTotal');
    if (total >= 0 && !fields.includes('goodsAmount')) fields[total] = 'amount';
  }
  // Several amount columns (救助标准 | 月数 | 发放金额, 应发 | 扣款 | 实发): the one paid, not a rate, a sum due or a
  // deduction (on a tie, the first, as before). The others stay unmapped: the preview shows them so.
  // Two rosters side by side (姓名 twice): the left one is read, with its own amount.
  const names = fields.flatMap((f, i) => (f === 'name' ? [i] : []));
  const rightTable = names.length > 1 ? names[1]! : Infinity;
  const amountCols = fields.flatMap((f, i) => (f === 'amount' && i < rightTable ? [i] : []));
  if (rightTable !== Infinity) for (let i = rightTable; i < fields.length; i++) if (fields[i] === 'amount') fields[i] = null;
  if (amountCols.length > 1) {
    const rank = (i: number) => amountRank(labels[i]?.full ?? '');
    const top = Math.max(...amountCols.map(rank));
    const tied = amountCols.filter((i) => rank(i) === top);
    const total = fields.indexOf('rowTotal');
    // Equals beside a 合计 (1月 … 12月 | 全年合计, 医疗救助金 | 生活救助金 | 合计): the total, the sum of the parts.
    // Else the last of the equals (2016年 | 2017年, 上年 | 本年, 原 | 更正后: the later column is the one that holds).
    // The same figure of several years (2024年 | 2023年): the latest year, wherever its column is.
    const yearOf = (i: number) => Number(/(19|20)\d{2}/.exec(labels[i]?.full ?? '')?.[0] ?? NaN);
    const latest = tied.every((i) => !Number.isNaN(yearOf(i))) ? tied.reduce((a, b) => (yearOf(b) > yearOf(a) ? b : a)) : null;
    const best = latest ?? (tied.length >= 2 && total >= 0 && amountRank(labels[total]?.full ?? '') !== 0 && !fields.includes('goodsAmount') ? total : tied[tied.length - 1]!);
    for (const i of amountCols) if (i !== best) fields[i] = null;
    fields[best] = 'amount';
  } else if (amountCols.length === 1 && amountRank(labels[amountCols[0]!]?.full ?? '') === 0 && fields.includes('rowTotal') && !fields.includes('goodsAmount')) {
    // A rate beside a 合计 (救助标准 | 月数 | 合计): the 合计 is the sum paid.
    fields[amountCols[0]!] = null;
    fields[fields.indexOf('rowTotal')] = 'amount';
  } else if (amountCols.length === 1 && /元\/月|每月|月标准|按月/.test(labels[amountCols[0]!]?.full ?? '')) {
    // A monthly rate alone (补助标准（元/月） beside 发放月数) is not the sum paid: no amount column, the rows say so.
    fields[amountCols[0]!] = null;
  }
  const seen = new Set<ImportField>();
  return fields.map((f) => {
    if (f === null) return null;
    // Several goods columns (慰问品 over 大米（袋） | 食用油（桶）): each is read into the goods' description.
    if (f === 'note' || f === 'goods') return f;
    if (seen.has(f)) {
      // A second 困难程度/致困原因-like column is kept in the note rather than dropped.
      return f === 'category' || f === 'recipientKind' || f === 'address' || f === 'school' ? 'note' : null;
    }
    seen.add(f);
    return f;
  });
}

/**
 * The money columns an automatic mapping leaves out that name a sum paid of another kind than the one imported
 * (医疗救助金 | 生活救助金): not a rate, a sum due, 大写, the same figure of another year or month (2016年 | 2017年,
 * 1月 … 12月: the same words but for the numbers), nor the parts of a 合计 that is imported or checked, nor the
 * columns of a second roster beside the first.
 */
function leftOutAmounts(labels: (HeaderLabel | null)[], matched: (ImportField | null)[], fields: (ImportField | null)[]): number[] {
  const amount = fields.indexOf('amount');
  if (amount < 0 || matched[amount] === 'rowTotal' || fields.includes('rowTotal')) return [];
  const names = matched.flatMap((f, i) => (f === 'name' ? [i] : []));
  const rightTable = names.length > 1 ? names[1]! : Infinity;
  const words = (c: number) => (labels[c]?.full ?? '').replace(/[\d一二三四五六七八九十〇零]+/g, '');
  // Only a column that names relief paid to the worker (慰问金, 补助金, 救助金额 …), not any figure in 元.
  const relief = (c: number) => /慰问|救助|补助|补贴|资助|助学|帮扶|奖励|抚恤|困难/.test(labels[c]?.full ?? '');
  return matched.flatMap((m, c) => (m === 'amount' && (fields[c] ?? null) === null && c < rightTable && amountRank(labels[c]?.full ?? '') >= 2 && relief(c) && words(c) !== words(amount) ? [c] : []));
}

/**
 * The columns a 合计 imported as the amount sums (helper 94 H2: 医疗救助金 500 | 生活救助金 300 | 合计 8000 imported
 * 8,000 元 without a word): the money columns left of it that the mapping left out, of the rank it chose the 合计 over
 * (not a rate, a sum due, 大写, a bill), back to the payee's name column.
 */
function totalParts(labels: (HeaderLabel | null)[], matched: (ImportField | null)[], fields: (ImportField | null)[]): number[] {
  const amount = fields.indexOf('amount');
  if (amount < 0 || matched[amount] !== 'rowTotal' || fields.includes('goodsAmount') || fields.includes('rowTotal')) return [];
  const name = fields.indexOf('name');
  const parts: number[] = [];
  for (let c = amount - 1; c >= 0 && c > name; c--) {
    if (matched[c] === 'amount' && (fields[c] ?? null) === null && amountRank(labels[c]?.full ?? '') >= 2) parts.unshift(c);
  }
  return parts.length >= 2 ? parts : [];
}

/** The figures written in a 合计's parts on one row (totalPartCols): their sum, or null when none is written. */
function totalPartsOf(a: SheetAnalysis, raw: RawCell[]): { fen: number; cols: string } | null {
  let fen = 0;
  let read = 0;
  for (const c of a.totalPartCols ?? []) {
    const cell = raw[c] ?? null;
    if (cell === null || (typeof cell === 'string' && !/\d/.test(cell))) continue;
    const part = readAmountCell(cell, unitOfCol(a, c)).fen;
    if (part === null) continue;
    fen += part;
    read++;
  }
  if (read === 0) return null;
  return { fen, cols: (a.totalPartCols ?? []).map((c) => `“${(a.headerTexts[c] ?? columnLetter(c)).replace(/\s+/g, '')}”`).join('、') };
}

interface SheetContext {
  sheet: RawSheet;
  byRow: Map<number, RawRow>;
  /** Merges by their top-left cell. */
  mergeAt: Map<number, MergeRange>;
}

function context(sheet: RawSheet): SheetContext {
  const byRow = new Map<number, RawRow>();
  for (const r of sheet.rows) byRow.set(r.r, r);
  const mergeAt = new Map<number, MergeRange>();
  for (const m of sheet.merges) mergeAt.set(m.r1 * KEY_ROW + m.c1, m);
  return { sheet, byRow, mergeAt };
}

function cellAt(ctx: SheetContext, r: number, c: number): RawCell {
  return ctx.byRow.get(r)?.c[c] ?? null;
}

/** The merge covering (r, c), if any. */
function mergeCovering(ctx: SheetContext, r: number, c: number): MergeRange | null {
  for (const m of ctx.sheet.merges) if (r >= m.r1 && r <= m.r2 && c >= m.c1 && c <= m.c2) return m;
  return null;
}

interface HeaderBlock {
  twoRow: boolean;
  labels: (HeaderLabel | null)[];
  headerTexts: (string | null)[];
  matched: (ImportField | null)[];
  unitCols: Map<number, AmountUnit>;
  signature: string;
}

/**
 * The header's labels by column: one row, or two when a parent header is merged across sub-headers
 * (慰问金额 → 现金 | 慰问品), or merged down beside them, or centred across them without a merge.
 */
function headerBlock(ctx: SheetContext, headerRow: number, allowTwoRows: boolean): HeaderBlock {
  const { sheet } = ctx;
  const hdr = ctx.byRow.get(headerRow);
  const next = ctx.byRow.get(headerRow + 1);
  let twoRow = false;
  if (allowTwoRows && hdr && next) {
    const parents = sheet.merges.filter((m) => m.r1 === headerRow && m.r2 === headerRow && m.c2 > m.c1);
    const verticals = sheet.merges.filter((m) => m.r1 === headerRow && m.r2 >= headerRow + 1);
    const nextLabels = next.c.map((v, c) => ({ v, c })).filter(({ v }) => !isBlankCell(v));
    const allLabels = nextLabels.length > 0 && nextLabels.every(({ v }) => typeof v === 'string' && isLabelLike(v) && !/^\d+$/.test(v.trim()));
    const underParent = nextLabels.some(({ c }) => parents.some((m) => c >= m.c1 && c <= m.c2));
    const anyField = nextLabels.some(({ v }) => typeof v === 'string' && matchField(normalizeHeader(v)) !== null);
    // Without merged cells (a parent label centred across its columns, 跨列居中): the row below names
    // at least two fields, one of them where the header row is blank.
    const nextFields = nextLabels.filter(({ v }) => typeof v === 'string' && matchField(normalizeHeader(v)) !== null);
    const fillsGaps = parents.length === 0 && verticals.length === 0 && nextFields.length >= 2 && nextFields.some(({ c }) => isBlankCell(hdr.c[c] ?? null));
    twoRow = allLabels && ((parents.length > 0 && underParent) || (verticals.length > 0 && anyField) || fillsGaps);
  }
  const width = Math.max(hdr?.c.length ?? 0, twoRow ? (next?.c.length ?? 0) : 0);
  const labels: (HeaderLabel | null)[] = [];
  const headerTexts: (string | null)[] = [];
  const matched: (ImportField | null)[] = [];
  const unitCols = new Map<number, AmountUnit>();
  for (let c = 0; c < width; c++) {
    let parent = headerText(cellAt(ctx, headerRow, c));
    if (parent === null) {
      const m = mergeCovering(ctx, headerRow, c);
      if (m && m.r1 === headerRow) parent = headerText(cellAt(ctx, m.r1, m.c1));
    }
    const child = twoRow ? headerText(cellAt(ctx, headerRow + 1, c)) : null;
    headerTexts.push(child ? (parent && parent !== child ? `${parent}/${child}` : child) : parent);
    let label: HeaderLabel | null = null;
    let field: ImportField | null = null;
    // Under a 慰问品 parent, the sub-header is about the goods (品名, 折合金额), whatever it says alone.
    const parentField = parent && child && isLabelLike(parent) ? matchField(normalizeHeader(parent)) : null;
    const joined = child && parent ? `${parent}${child}` : null;
    // A heading that would read as a note (基本情况, 困难情况) is a group over its columns: 年龄 and 民族 under it are
    // no 备注 (their note-like joined text gave them the parent's field).
    const groupOnly = parentField === 'note' && child !== null;
    const candidates = (parentField === 'goods' || parentField === 'goodsAmount' ? [joined, child, parent] : groupOnly ? [child] : [child, joined, parent]).filter((t): t is string => t !== null && isLabelLike(t));
    for (const t of candidates) {
      const l = normalizeHeader(t);
      const f = matchField(l);
      if (!label) label = l;
      if (f !== null) {
        label = l;
        field = f;
        break;
      }
    }
    const parentUnit = parent && label && !label.unit ? normalizeHeader(parent).unit : null;
    if (parentUnit) label = { ...label!, unit: parentUnit };
    labels.push(label);
    matched.push(field);
    if (label?.unit) unitCols.set(c, label.unit);
  }
  return { twoRow, labels, headerTexts, matched, unitCols, signature: signatureOf(labels.map((l) => l?.full ?? '')) };
}

/**
 * A header merged across columns over one field (身份证号码 over E:F, 金额 over F:G, the values in
 * one of them): the field goes to the column of the merge that holds data in the rows below.
 */
function underMergedHeaders(ctx: SheetContext, fields: (ImportField | null)[], headerTexts: (string | null)[], headerRow: number, headerEnd: number): (ImportField | null)[] {
  const out = [...fields];
  for (const m of ctx.sheet.merges) {
    if (m.r1 < headerRow || m.r1 > headerEnd || m.c2 <= m.c1) continue;
    const field = out[m.c1] ?? null;
    if (field === null) continue;
    let others = false;
    for (let c = m.c1 + 1; c <= m.c2; c++) if ((out[c] ?? null) !== null) others = true;
    if (others) continue;
    const filled = new Array<number>(m.c2 - m.c1 + 1).fill(0);
    let seen = 0;
    for (const row of ctx.sheet.rows) {
      if (row.r <= headerEnd) continue;
      for (let c = m.c1; c <= m.c2; c++) if (!isBlankCell(row.c[c] ?? null)) filled[c - m.c1]!++;
      if (++seen >= 200) break;
    }
    let best = 0;
    for (let k = 1; k < filled.length; k++) if (filled[k]! > filled[best]!) best = k;
    if (best > 0) {
      out[m.c1] = null;
      while (out.length <= m.c1 + best) out.push(null);
      out[m.c1 + best] = field;
      // The column is listed under the merged header's text.
      while (headerTexts.length <= m.c1 + best) headerTexts.push(null);
      headerTexts[m.c1 + best] ??= headerTexts[m.c1] ?? null;
    }
  }
  return out;
}

function analyzeSheet(ctx: SheetContext, index: number, override: ImportSheetOverride | undefined, remembered: AnalyzeOptions['remembered']): SheetAnalysis {
  const { sheet } = ctx;
  const base: SheetAnalysis = {
    index, name: sheet.name, role: 'other', roleReason: '', headerRow: null, headerEndRow: null, titleLines: [], columns: [], fieldsByCol: [],
    unitCols: new Map(), leftOutAmountCols: [], titleDate: null, filedOn: null, mappingSource: 'auto', signature: null, headerTexts: [],
  };
  const contentRows = sheet.rows.filter((r) => r.c.some((v) => !isBlankCell(v)));
  if (contentRows.length === 0) return { ...base, role: 'empty', roleReason: '工作表是空的' };

  const simplifiedName = sheet.name ? toSimplified(sheet.name) : '';
  // 统计局 is a unit's name, not a statistics sheet.
  const summaryByName = /汇总|统计(?!局)|总表|合计表|小结|汇报/.test(simplifiedName);
  const guess = guessHeader(contentRows);
  let headerRow = override?.headerRow ?? guess.person?.row ?? (override?.role === 'payments' || override?.mapping ? guess.any?.row : undefined) ?? null;
  // The person's columns under a group heading (领取人信息 over 姓名 | 性别 | 身份证号码), the other columns' headers
  // merged down beside it (序号, 工作单位, 金额 over both rows): the header is the two rows, from the one above.
  if (headerRow !== null && override?.headerRow === undefined && headerRow > 1) {
    const below = headerRow;
    const up = below - 1;
    const mergedDown = sheet.merges.filter((m) => m.r1 === up && m.r2 >= below && m.c1 === m.c2);
    const namesField = mergedDown.some((m) => {
      const v = cellAt(ctx, up, m.c1);
      return typeof v === 'string' && isLabelLike(v) && matchField(normalizeHeader(v)) !== null;
    });
    if (namesField && headerBlock(ctx, up, true).twoRow) headerRow = up;
  }
  // A header the clerk mapped by hand before: found again by its signature.
  let rememberedBlock: { block: HeaderBlock; mapping: Mapping } | null = null;
  if (!override?.mapping && remembered) {
    const candidates = headerRow !== null ? [headerRow] : contentRows.slice(0, HEADER_SCAN_ROWS).filter((r) => r.c.filter((v) => typeof v === 'string' && isLabelLike(v)).length >= 2).map((r) => r.r);
    for (const r of candidates) {
      const block = headerBlock(ctx, r, true);
      const mapping = remembered(block.signature);
      if (mapping) {
        rememberedBlock = { block, mapping };
        headerRow = r;
        break;
      }
    }
  }

  const titleLines: string[] = [];
  for (const r of contentRows) {
    if (headerRow !== null && r.r >= headerRow) break;
    if (headerRow === null && titleLines.length >= 3) break;
    const line = r.c.map(textOf).filter((t): t is string => t !== null).join('　');
    if (line) titleLines.push(line);
  }
  base.titleLines = titleLines;
  base.filedOn = filedOnOf(titleLines);

  if (override?.role && override.role !== 'payments') {
    return { ...base, role: override.role, roleReason: '已手动设为不导入' };
  }
  // A cover or instructions page (its example row is no payment).
  if (override?.role !== 'payments' && /^(封面|说明|填表说明|填报说明|目录|示例|样表|样例|填写示例|范例|使用说明)$/.test(simplifiedName.trim())) {
    return { ...base, role: 'other', roleReason: `工作表名为“${sheet.name}”，是封面或说明页，未导入（如确为花名册，请手动设为“花名册”）` };
  }
  if (sheet.hidden && override?.role !== 'payments') {
    return { ...base, role: 'other', roleReason: '隐藏的工作表，未导入（如需导入请手动设为“花名册”）' };
  }
  if (headerRow === null) {
    const titles = toSimplified(titleLines.join(''));
    const summaryCols = guess.any ? ctx.byRow.get(guess.any.row)!.c.some((v) => typeof v === 'string' && /人数|户数|人次|户次|笔数/.test(toSimplified(v))) : false;
    if (summaryByName) return { ...base, role: 'summary', roleReason: `工作表名为“${sheet.name}”，是汇总/统计表，不作为发放记录导入` };
    if (/汇总|统计/.test(titles) || summaryCols) {
      return { ...base, role: 'summary', roleReason: '表中没有姓名列，有“人数/户数/金额”等汇总列，是汇总/统计表，不作为发放记录导入' };
    }
    return { ...base, role: 'other', roleReason: '没有找到表头（应有“姓名”“身份证号码”“金额”等列），可能是说明或附表，未导入；如确为花名册，请指定表头行和列的对应关系' };
  }
  if (summaryByName && override?.role !== 'payments' && !rememberedBlock) {
    return { ...base, headerRow, role: 'summary', roleReason: `工作表名为“${sheet.name}”，按汇总表处理，不作为发放记录导入；如确为花名册，请手动设为“花名册”` };
  }

  const block = rememberedBlock?.block ?? headerBlock(ctx, headerRow, true);
  const { twoRow, labels, headerTexts, matched, signature } = block;
  const unitCols = new Map(block.unitCols);
  const width = headerTexts.length;
  let fieldsByCol = autoMapping(labels, matched);
  fieldsByCol = underMergedHeaders(ctx, fieldsByCol, headerTexts, headerRow, twoRow ? headerRow + 1 : headerRow);
  let mappingSource: SheetAnalysis['mappingSource'] = 'auto';
  const explicit = override?.mapping ?? rememberedBlock?.mapping ?? null;
  if (explicit) {
    mappingSource = override?.mapping ? 'user' : 'remembered';
    const cols = Math.max(width, ...Object.keys(explicit).map((k) => columnIndexOf(k) + 1));
    fieldsByCol = Array.from({ length: cols }, (_, c) => {
      const f = explicit[columnLetter(c)];
      return f === undefined || f === null || !(IMPORT_FIELDS as readonly string[]).includes(f) ? null : f;
    });
    while (headerTexts.length < fieldsByCol.length) headerTexts.push(null);
  }
  // A line above the header that gives the form's money unit (单位：万元, …花名册（金额单位：万元）): the unit of
  // every money column whose own header names none (金额（元） keeps 元).
  const formUnit = formUnitOf(titleLines);
  if (formUnit) {
    fieldsByCol.forEach((f, c) => {
      if ((f === 'amount' || f === 'goodsAmount' || f === 'rowTotal') && !unitCols.has(c) && !namesYuan(headerTexts[c] ?? null)) unitCols.set(c, formUnit);
    });
  }
  // 其中 (of which) columns are parts of the money column left of them (发放金额 | 其中：慰问品; 合计 | 其中：现金 |
  // 其中：物资): with a cash part, that column is the row's 合计 (a check) and the parts are the cash and the goods;
  // with goods parts only, it is the whole paid, goods included (the cash is what is left of it).
  let goodsInAmount = false;
  if (mappingSource === 'auto') {
    const part = headerTexts.map((h) => h !== null && /(^|\/)其中[:：]?/.test(toHalfWidth(h).replace(ALL_SPACES, '')));
    const first = part.indexOf(true);
    let total = -1;
    for (let c = first - 1; first > 0 && c >= 0; c--) {
      if (!part[c] && (matched[c] === 'amount' || matched[c] === 'rowTotal')) {
        total = c;
        break;
      }
    }
    if (total >= 0) {
      const parts = part.flatMap((p, c) => (p && matched[c] !== null ? [c] : []));
      const cashPart = parts.some((c) => matched[c] === 'amount');
      const goodsPart = parts.some((c) => matched[c] === 'goods' || matched[c] === 'goodsAmount');
      if (cashPart || goodsPart) {
        for (const c of parts) fieldsByCol[c] = matched[c]!;
        fieldsByCol[total] = cashPart ? 'rowTotal' : 'amount';
        goodsInAmount = !cashPart;
      }
    }
  }
  // The parts of a 合计 imported as the amount, in the form's unit too (单位：万元; helper 96: read in 元, every row held).
  const totalPartCols = mappingSource === 'auto' ? totalParts(labels, matched, fieldsByCol) : [];
  if (formUnit) for (const c of totalPartCols) if (!unitCols.has(c) && !namesYuan(headerTexts[c] ?? null)) unitCols.set(c, formUnit);
  const columns: ImportColumn[] = headerTexts.map((h, c) => ({ col: columnLetter(c), header: h ?? '', field: fieldsByCol[c] ?? null }));
  const hasPerson = fieldsByCol.some((f) => f === 'name' || f === 'idNumber');
  const hasMoney = fieldsByCol.some((f) => f === 'amount' || f === 'goods' || f === 'goodsAmount');
  const role: SheetRole = 'payments';
  let roleReason = `第 ${headerRow} 行是表头${twoRow ? `（与第 ${headerRow + 1} 行合为两层表头）` : ''}`;
  if (mappingSource === 'remembered') roleReason += '；按上次记住的列对应';
  // Two rosters side by side: the header names the same person columns twice; only the left one is read.
  const twice = (['name', 'idNumber'] as const).filter((f) => matched.filter((m) => m === f).length > 1 && fieldsByCol.filter((m) => m === f).length === 1);
  if (mappingSource === 'auto' && twice.length === 2) {
    roleReason += '；表头中“姓名”“身份证号码”各出现两次（可能左右并排两张名单），只读取了左边一张，右边的请另存为单独的工作表后导入';
  }
  if (!hasPerson) roleReason += '；没有姓名或身份证号列，请指定列的对应关系';
  else if (!hasMoney) roleReason += '；没有金额列，每行都会缺少金额';
  const titleDate = titleDateOf(titleLines);
  if (titleDate) roleReason += `；没有写发放日期的行按标题中的日期 ${titleDate} 登记`;
  return {
    ...base, titleDate, role, roleReason, headerRow, headerEndRow: twoRow ? headerRow + 1 : headerRow, columns, fieldsByCol, unitCols, goodsInAmount,
    leftOutAmountCols: mappingSource === 'auto' ? leftOutAmounts(labels, matched, fieldsByCol) : [], mappingSource, signature, headerTexts,
    totalPartCols,
    formerUnitCol: mappingSource === 'auto' && fieldsByCol.includes('unit') ? (() => {
      const c = matched.findIndex((m, i) => m === 'unit' && (fieldsByCol[i] ?? null) === null && FORMER_UNIT.test(labels[i]?.base ?? ''));
      return c >= 0 ? c : undefined;
    })() : undefined,
  };
}

/** A payment below this (10 元) is flagged: relief is never a few yuan, so it is a unit or a decimal point gone wrong. */
const SMALL_AMOUNT_FEN = 1000;

/** The money unit a title or 填报 line gives the whole form: 单位：万元, （金额单位：万元）, 单位:千元 (null: none, or 元). */
function formUnitOf(lines: readonly string[]): AmountUnit | null {
  for (const line of lines) {
    const t = toSimplified(toHalfWidth(line));
    // Not a funding line's own unit (资金来源：省总工会下拨（单位：万元）), nor a unit named so (填报单位：千元村).
    if (/资金来源|下拨|拨付|拨款|配套资金/.test(t)) continue;
    const m = /单位[:：]\s*(?:人民币)?\s*(万|千)元(?![\u4e00-\u9fff])/.exec(t);
    if (m) return m[1] === '万' ? '万元' : '千元';
  }
  return null;
}

/** A header that names 元 as its unit: 金额（元）, 金额/元, 金额元. */
function namesYuan(header: string | null): boolean {
  if (header === null) return false;
  const t = toSimplified(toHalfWidth(header)).replace(ALL_SPACES, '');
  return /[(\[【]\s*(?:单位[:：]?)?\s*(?:人民币)?(?:元|￥|¥)(?:\/人|\/户|\/次)?\s*[)\]】]|(?<![万千])元$/.test(t);
}

function columnIndexOf(letter: string): number {
  let n = 0;
  for (const ch of letter.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

// ---------------------------------------------------------------------------
// Rows

/**
 * A total row's label: 合计 / 本页小计 … at the start of a cell (anything may follow: 合计人数：3人), or a
 * label ending in one (全镇合计, 金额合计, 以上合计, 煤矿小计, 青龙镇水泥厂小计, 第1页小计) or 总金额, where
 * nothing but a colon, a bracket or a figure follows.
 */
const TOTAL_RE = new RegExp(
  `^(?:(?:本页|本表|全部|全|总|總|累)?(?:${TOTAL_WORDS}|总合计|總合計)|[^:：]{1,16}?(?:${TOTAL_WORDS})(?=$|[:：(（\\d￥¥])|(?:总金额|總金額)(?=$|[:：(（\\d￥¥]))`,
);
const FOOTER_RE =
  /^(单位负责人|單位負責人|负责人|負責人|单位领导|主要领导|分管领导|经办人|經辦人|经手人|經手人|填表人|填报人|填報人|制表人|製表人|审核人|審核人|审批人|審批人|复核人|複核人|核对人|核對人|出纳|出納|会计|會計|财务负责人|財務負責人|财务|財務|工会主席|工會主席|主席|领导签字|領導簽字|单位[(（]?盖章|單位[(（]?蓋章|[(（]?盖章|[(（]?蓋章|填表日期|填报日期|填報日期|制表日期|製表日期|报送日期|報送日期|联系电话|聯繫電話|联系人|聯繫人|审核|審核|经办|經辦|签发|簽發|制表|製表|复核|複核|主管领导|主管領導|报送时间|報送時間|报送人|報送人|领款人签字|領款人簽字|领款人|領款人|审批意见|審批意見|审核意见|審核意見|单位意见|單位意見|日期(?=[:：])|填报时间|填報時間|填表时间|填表時間)(?=$|[:：\s(（_])/;
/** A line that is a date alone (the form's date under its signatures: 2017年1月18日, 二〇一七年元月十八日, a date cell). */
const DATE_ALONE_RE = /^(?:\d{4}[年.\-/](?:\d{1,2}|元)[月.\-/]\d{1,2}[日号]?|[〇零O一二三四五六七八九]{4}年[元一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}[日号])$/;
const NOTE_RE = /^(注|註|注意|备注|備註|说明|說明|填表说明|填表說明|附注|附註|附件|提示|大写|大寫|人民币大写|人民幣大寫|金额大写|金額大寫|合计大写|合計大寫)[:：、.．]|^(?:人民币|人民幣|金额|金額|合计|合計)?大[写寫](?:金额|金額)?$|^[\d一二三四五六七八九十]{1,2}[、．]|^(以下空白|以下无内容|以下無內容|此栏空白|以下为空|此页无正文|此頁無正文|本页无正文|本頁無正文)/;
/** First characters a head-count total may start with (the cheap look before HEADCOUNT_TOTAL_RE). */
function mayBeHeadCount(v: string): boolean {
  return v.length <= 16 && (v.includes('人') || v.includes('名') || v.includes('户') || v.includes('戶') || v.includes('总数') || v.includes('總數'));
}
/** A township's, street's or unit's name on a 汇总 line (盘溪镇, 宁州街道, 县水泥厂, 教育局). */
const PLACE_NAME_RE = /^[^\d]{1,20}(厂|局|所|校|院|公司|镇|乡|街道|社区|村|中心|站|队|会|部|处|科|室|组|店|矿|场|园|馆|行|社|委|办|中学|小学|大学)$/;
/** An amount in Chinese capitals: 壹仟贰佰元整, 贰仟伍佰元伍角. */
const CAPITAL_AMOUNT_RE = /[零〇壹贰貳叁參肆伍陆陸柒捌玖拾佰仟万萬亿億一二两兩三四五六七八九十百千]+[元圆圓](?:[零壹贰貳叁參肆伍陆陸柒捌玖一二三四五六七八九][角分])*(?:零?[壹贰貳叁參肆伍陆陸柒捌玖一二三四五六七八九]分)?[整正]?/;
/** A cell that is only an amount in capitals (壹仟伍佰元整, 人民币壹仟伍佰元整), never a payee's name. */
const CAPITAL_AMOUNT_ALONE_RE = new RegExp(`^(?:人民币|人民幣)?[:：]?(${CAPITAL_AMOUNT_RE.source})$`);
/** A cell of capitals alone, or a rate so written (每人伍佰元整): its prefix in group 1, the figure in group 2. */
const CAPITALS_CELL_RE = new RegExp(`^(人民币|人民幣|每人)?[:：]?(${CAPITAL_AMOUNT_RE.source})$`);
/**
 * A cell that is only an amount in capitals (壹仟伍佰元整, 人民币壹仟伍佰元, 壹仟贰佰元) or a rate so written (每人伍佰元整):
 * its figure, and whether it is a rate. Null for a name, though it hold a numeral and 元 (陆元): capitals have a unit
 * (拾佰仟万亿), end 整, or begin 人民币 or 每人 (helper 64).
 */
function capitalsCell(text: string): { fen: number; rate: boolean } | null {
  const m = CAPITALS_CELL_RE.exec(text);
  if (!m || (m[1] === undefined && !/[拾佰仟万萬亿億十百千]|[整正]$/.test(m[2]!))) return null;
  // (With a numeral, and more than nothing: 万元, a name of the surname 万, read 0 and was a 大写 line; helper 67.)
  if (!/[壹贰貳叁參肆伍陆陸柒捌玖拾一二两兩三四五六七八九十]/.test(m[2]!)) return null;
  const fen = parseCapitalAmount(m[2]!);
  return fen === null || fen <= 0 ? null : { fen, rate: m[1] === '每人' };
}
/** A total's label before its capitals in one cell (合计：壹仟贰佰元整, 合计金额：…; helper 64; 小计：伍佰元整, helper 71). */
const TOTAL_LABEL_BEFORE_CAPITALS = /^(?:总合计|總合計|合计|合計|总计|總計|共计|共計|小计|小計)(?:金额|金額)?[:：]?/;
/** The figure in brackets after capitals (壹仟贰佰元整（￥1200.00）, …（小写：1200元）; helper 64). */
const FIGURE_IN_BRACKETS_AFTER = /[(（](?:小写|小寫)?[:：]?[￥¥]?([\d,]+(?:\.\d+)?)元?[)）]$/;
/**
 * A figure alone marked as money — 小写, ￥ or 元 with it, in brackets or not (（￥1200.00）, （小写：1200元）, ￥1,200.00,
 * 1200.00元); not a bare number in brackets ((2): a heading's or a note's; helper 90). The figure in one of groups 1–5.
 */
const FIGURE_ALONE_RE = /^[(（](?:(?:小写|小寫)[:：]?[￥¥]?([\d,]+(?:\.\d+)?)元?|[￥¥]([\d,]+(?:\.\d+)?)元?|([\d,]+(?:\.\d+)?)元)[)）]$|^(?:小写|小寫)?[:：]?(?:[￥¥]([\d,]+(?:\.\d+)?)元?|([\d,]+(?:\.\d+)?)元)$/;
/**
 * A cell of a 合计 row as capitals alone may be written in it: without the label before them, the figure in brackets
 * after them, or brackets around them (helper 64: 合计：壹仟贰佰元整, 壹仟贰佰元整（￥1200.00）, （壹仟贰佰元整） were not read).
 */
function capitalsOfTotalCell(v: string): string {
  return capitalsOfLineCell(compact(v).replace(TOTAL_LABEL_BEFORE_CAPITALS, ''));
}
/** A cell's capitals without the figure in brackets after them or the brackets around them (helper 71, for a 大写 line). */
function capitalsOfLineCell(v: string): string {
  return compact(v).replace(FIGURE_IN_BRACKETS_AFTER, '').replace(/^[(（]([^()（）]*)[)）]$/, '$1');
}
/** Capitals written right before the word 大写 (贰仟伍佰元整（大写）): the figure in group 1. */
const CAPITAL_BEFORE_WORD_RE = new RegExp(`(${CAPITAL_AMOUNT_RE.source})[(（]?(?:人民币|人民幣|金额|金額)?大[写寫]`);
/** Capitals right after the word 大写 (大写：贰仟伍佰元整, （大写）人民币…, 大写金额：…, 大写（人民币）：…, 大写：人民币（…）): the figure in group 1. */
const CAPITAL_AFTER_WORD_RE = new RegExp(`^大[写寫](?:金额|金額)?[)）]?[(（]?(?:人民币|人民幣)?[)）]?[:：]?(?:人民币|人民幣)?[:：]?[(（]?(${CAPITAL_AMOUNT_RE.source})`);
/** A line of the total in capitals: 大写：…, 人民币（大写）：…, （大写）…, 金额大写 (not 合计大写: a total's own label). */
const CAPITALS_LINE_RE = /^[(（]?(?:人民币|人民幣|金额|金額)?[(（]?大[写寫]/;
/** What a breakdown line under a 合计 names: a kind or category of payee (困难职工 3人, 特困 2人), not a person. */
const BREAKDOWN_KIND = /^(特困|重困|一般困难|深度困难|低保|困难|大病|因病|因学|因灾|残疾|失业|下岗|困难职工|困难农民工|困难劳模|困难职工子女|单亲困难女职工|劳动模范|劳模|农民工|职工|学生|子女|困难家庭|困难学生|其他)$/;
/** The label of a total written in capitals: 大写, 人民币大写, 合计大写 (its figure in the next cell). */
const CAPITALS_LABEL_RE = /^(?:人民币|人民幣|金额|金額|合计|合計)?大[写寫](?:金额|金額)?[:：]?$/;
/** A group heading with its head count, as a subtotal row: 县水泥厂（2人）; a unit's name (not 王芳（2人）, a household's size). */
const GROUP_COUNT_RE = /^[^\d]{1,20}(厂|局|所|校|院|公司|镇|乡|街道|社区|村|中心|站|队|会|部|处|科|室|组|店|矿|场|园|馆|行|社|委|办|学)[(（]\d+人[)）]$/;
/**
 * A part of a remark (the name's brackets, 备注, split at ，；。) saying the person has died: 已故, 本人已去世, 病故（2023年5月）,
 * 于2023年5月病故, 已于2023年5月去世, 2023.5病故; not a death of someone else (父亲去世, 已故劳模之子).
 */
const DECEASED_PART_RE = /^(?:本人|该职工|該職工|该同志|該同志)?已?(?:[于於])?(?:\d{4}(?:年|[.\-/])?(?:\d{1,2}(?:月|[.\-/])?)?(?:\d{1,2}[日号號]?)?)?(?:因病)?已?(?:故|去世|病故|过世|過世|死亡|亡故|逝世|病逝)(?:[（(].*)?$/;
function saysDeceased(remark: string): boolean {
  return remark.split(/[，,；;。、]/).some((part) => DECEASED_PART_RE.test(part.replace(ALL_SPACES, '')));
}
/**
 * Words that say who receives it instead (家属代领, 由其子领取, 遗孀代领; 遗属 as the kind of payee): the money goes to the
 * survivors. Not a family word alone (丈夫残疾 is a cause of hardship; 无子女 says there is none), nor no one to take it.
 */
const SURVIVORS_RE = /遗属|遺屬|遗孀|遺孀|代领|代領|代收|代签|代簽|领取|領取|抚恤|撫恤|丧葬|喪葬/;
const NO_ONE_RE = /无人|無人|没有人|沒有人|没人|沒人|无家属|無家屬|无亲属|無親屬/;
/** A 类别 naming 两金 or 三金 (兩金, 贰金, 2金, 叁金 …): only such a row's 类别 and 备注 are read for a stop (readSubsidyKind). */
const NAMES_SUBSIDY_RE = /[两兩二贰貳2三叁參参3]金/;
/** A note saying the row is not to be paid: 作废, 已去世，不发, 重复，删除, 停发. */
const VOID_WORDS = '(?:已|被)?(?:作废|作廢|删除|刪除|删去|刪去|删|刪|停发|停發|不发|不發|不予发放|不予發放|不再发放|不再發放|取消发放|取消發放|暂缓发放|暫緩發放)';
/**
 * A note saying the row is not to be paid: the whole note (作废, 已删, 不发), or a short reason and then the
 * remark alone (重复，不发; 已去世，不发; 调出，不再发放; 重复，删除). Not a note that goes on (删除原错误身份证号，
 * 后补发; 不再发放其他补助; 企业停产，停发工资半年; 只发现金，慰问品不发).
 */
const VOID_NOTE_RE = new RegExp(`^${VOID_WORDS}[。.!！]?$|^[^，,;；。]{1,16}[，,;；]${VOID_WORDS}[。.!！]?$|^(?:本人)?(?:已故|已去世|去世|病故|已病故|死亡|已死亡|重复|重複)${VOID_WORDS}[。.!！]?$`);
const VOID_CHARS = /[废廢发發删刪停消缓緩]/;
const EXAMPLE_FIRST = new Set(['例', '示', '样', '樣', '范', '範', '填'].map((ch) => ch.charCodeAt(0)));

function mayBeExample(v: string): boolean {
  const t = v.trimStart();
  return t.length > 0 && EXAMPLE_FIRST.has(t.charCodeAt(0));
}

/** A template's example row: its 序号 or a cell says so. */
const EXAMPLE_RE = /^(例|示例|样例|樣例|例如|填写示例|填寫示例|范例|範例|填表示例)[:：]?$/;
const ID_LIKE = /^\d{14,17}[\dXx]$/;
/** An ID already clean (the usual case): no need to fold full-width digits or strip spaces. */
const PLAIN_ID = /^\d{17}[\dXx]$/;

/** A cell that reads like a person's name (2–6 Chinese characters, or Latin words), not a label. */
function plausibleName(text: string): boolean {
  const t = normalizeName(text);
  if (TOTAL_RE.test(t) || FOOTER_RE.test(t) || NOTE_RE.test(t)) return false;
  if (!/^[\u4e00-\u9fff·•．.]{2,8}$/.test(t) && !/^[A-Za-z][A-Za-z .'-]{1,40}$/.test(t)) return false;
  // 姓名, 金额, 单位 … are header words, not names.
  return matchField(normalizeHeader(t)) === null;
}

/** 性别 as rosters write it; 1 and 2 are the national code (GB/T 2261.1). */
const GENDERS: Record<string, '男' | '女'> = {
  男: '男', 女: '女', 男性: '男', 女性: '女', 男同志: '男', 女同志: '女', 男职工: '男', 女职工: '女', 男工: '男', 女工: '女', m: '男', f: '女', male: '男', female: '女', 1: '男', 2: '女', 先生: '男', 女士: '女', 男士: '男', 男的: '男', 女的: '女', '♂': '男', '♀': '女',
};
/**
 * A 性别 cell's gender: 男（退休）'s remark in brackets aside, （男）'s brackets; null when it is neither. Each text once
 * (a roster has a few: 男, 女, 男性 …).
 */
const genderOf = memoized((text: string): '男' | '女' | null =>
  GENDERS[toHalfWidth(text).replace(ALL_SPACES, '').replace(/^\((.+)\)$/, '$1').replace(/\([^)]*\)$/, '').toLowerCase()] ?? null);

interface IdRead {
  display: string | null;
  birthDate?: string | null;
  stored: string | null;
  valid: boolean;
  gender: '男' | '女' | null;
  problem: ImportReason | null;
}

/** Digits Excel shows for a number that lost precision: 5.32322199001011E+17 → "532322199001011000". */
function digitsOfLostNumber(v: number): string {
  const [mantissa, exp] = v.toPrecision(15).split('e+');
  if (exp === undefined) return mantissa!.replace(/\.0*$/, '');
  const digits = mantissa!.replace('.', '').replace(/^-/, '');
  return digits.padEnd(Number(exp) + 1, '0').slice(0, Number(exp) + 1);
}

/** No ID (shared: an IdRead is only read). */
const NO_ID: IdRead = Object.freeze({ display: null, stored: null, valid: false, gender: null, problem: null });

function lostId(display: string, shown: string, placeOf: (f: ImportField) => string): IdRead {
  return {
    display, stored: null, valid: false, gender: null,
    problem: reason('id_precision_lost', 'idNumber', `${placeOf('idNumber')}：身份证号被 Excel 存成了数字（显示为 ${shown}），只保留了 15 位有效数字，后几位已丢失，无法恢复。请报送单位把该列设为“文本”格式后重新填写。`),
  };
}

/**
 * An ID whose last three digits are 0, as Excel leaves an 18-digit ID typed as a number; a real
 * one rarely ends so (about one in a thousand). With a valid check digit it is a warning, made an
 * error when IDs of the same sheet were cut (confirmTruncatedIds).
 */
const LOST_TAIL = /^\d{15}000$/;

export function readIdCell(v: RawCell, placeOf: (f: ImportField) => string): IdRead {
  const none = NO_ID;
  if (v === null) return none;
  let text: string;
  let plain = false;
  if (typeof v === 'number') {
    if (Math.abs(v) >= 1e15) return lostId(digitsOfLostNumber(v), v.toExponential(5).toUpperCase(), placeOf);
    text = String(v);
  } else {
    plain = PLAIN_ID.test(v);
    text = plain ? v.toUpperCase() : cleanIdText(v.replace(/^=?"(.*)"$/, '$1'));
  }
  if (text === '') return none;
  if (text.charCodeAt(0) === 35 /* # */ && /^#(N\/A|REF!|VALUE!|DIV\/0!|NAME\?|NUM!|NULL!)/.test(text)) {
    return { display: text, stored: null, valid: false, gender: null, problem: reason('id_format', 'idNumber', `${placeOf('idNumber')}：身份证号单元格是 Excel 的错误值“${text}”（公式或查找出错），请填写号码`) };
  }
  if (!plain && looksLikeLostPrecision(text)) return lostId(text, text, placeOf);
  const info = parseResidentId(text);
  if (info.problems.length === 0) {
    // The digits Excel leaves of an 18-digit number end in 000; one in eleven such still passes the check digit.
    // (Not a 15-digit number's: its 18 digits were made here, none lost; helper 102.)
    const problem = !info.fromFifteen && info.normalized.endsWith('000') && LOST_TAIL.test(info.normalized)
      ? reason('id_maybe_truncated', 'idNumber', `${placeOf('idNumber')}：身份证号末三位是 000，可能是 Excel 把号码存成了数字后丢失了后三位（校验位恰好相符），请核对原始号码`)
      // A first-generation 15-digit number (out of use since 2013) is taken as the 18-digit one GB 11643 makes of it,
      // said to the clerk: a person registered under their card's number would otherwise not be seen as the same.
      : info.fromFifteen
        ? reason('id_fifteen', 'idNumber', `${placeOf('idNumber')}：身份证号“${text}”是旧式15位号码，已按国家标准换算为18位“${info.normalized}”，请与本人现用的身份证核对`)
        : null;
    return { display: info.normalized, stored: info.normalized, valid: true, gender: info.gender, birthDate: info.birthDate, problem };
  }
  const first = info.problems[0]!;
  if (first.code === 'id_checksum' && /^\d{15}000$/.test(text)) return lostId(text, text, placeOf);
  const code = first.code === 'id_precision_lost' ? 'id_precision_lost' : first.code;
  const gender = first.code === 'id_checksum' || first.code === 'id_birth_date' ? info.gender : null;
  return { display: info.normalized, stored: null, valid: false, gender, problem: reason(code, 'idNumber', `${placeOf('idNumber')}：${first.message}`) };
}

interface AmountRead {
  fen: number | null;
  /** Read in 万 (a 万 in the cell, or a 万元 column) or in 千元 (a 千元 column): said to the clerk. */
  scaled: '万' | '千元' | null;
  problem: 'missing_amount' | 'amount_unreadable' | null;
  message: string;
}

/** The unit a sheet's column is in, by its header (null: 元, or no such column). */
function unitOfCol(a: { unitCols: Map<number, AmountUnit> }, col: number | undefined): AmountUnit | null {
  return col === undefined ? null : (a.unitCols.get(col) ?? null);
}

/** A money cell's mark for none: dashes, a slash, 无 / 無. */
const NONE_MARK = /^(?:[—–\-－―─/／]+|无|無)$/;

export function readAmountCell(v: RawCell, columnUnit: AmountUnit | null): AmountRead {
  if (v === null || (typeof v === 'string' && v.replace(ALL_SPACES, '') === '')) return { fen: null, scaled: null, problem: 'missing_amount', message: '金额为空' };
  // A mark for none (—, -, /, 无): no amount, as an empty cell (helper 84: 慰问金 — beside 慰问品 150 was held as unreadable,
  // while an empty cell there imports as goods only).
  if (typeof v === 'string' && NONE_MARK.test(v.replace(ALL_SPACES, ''))) return { fen: null, scaled: null, problem: 'missing_amount', message: `金额写的是“${v.trim()}”（无金额）` };
  if (typeof v === 'string' && v.startsWith('=')) {
    return { fen: null, scaled: null, problem: 'missing_amount', message: `金额是公式${v.length > 1 ? `“${v.slice(0, 40)}”` : '（共享公式）'}，文件中没有保存它的计算结果（文件由程序生成、未在 Excel 中保存过），请在 Excel/WPS 中打开并保存后再导入` };
  }
  let input: string | number = v;
  const t = columnUnit === null ? '' : typeof v === 'number' ? String(Number(v.toFixed(6))) : v.trim();
  // A figure that writes its own unit (600元, 1.2万) is read as written.
  const ownUnit = /[万萬元wW]$/.test(t);
  if (columnUnit === '万元' && !ownUnit) input = `${t}万`;
  const a = parseAmount(input);
  if (!a.ok) return { fen: null, scaled: null, problem: a.code, message: a.message };
  // 千元: the figure in 元 times 1,000 (an integer: fen stay exact).
  if (columnUnit === '千元' && !ownUnit) return { fen: a.fen * 1000, scaled: '千元', problem: null, message: '' };
  return { fen: a.fen, scaled: a.inWan ? '万' : null, problem: null, message: '' };
}

function yuanText(fen: number): string {
  return `${formatYuan(fen).replace(/\.00$/, '')}元`;
}

/** 全国劳动模范 → 全国; 省级 → 省部级 … (the honour_level code list). */
export function honourLevelOf(text: string | null): string | null {
  if (!text) return null;
  // Several honours in one cell (云南省劳动模范、玉溪市劳动模范): the highest. A remark in brackets
  // (云南省劳动模范（玉溪市推荐）) says nothing of the level (helper 44's sweep: both came out 州市级).
  // A bracket holding a level (劳动模范（省级）, （县级）, 劳动模范（云南省）) is read as part of the title; any other
  // (县（市、区）级, （玉溪市推荐）) is left out.
  // Brackets of every kind are one: 【】, 〔〕, [] (helper 49: a remark in them raised the level).
  const unified = toSimplified(text).replace(/[【〔\[［]/g, '（').replace(/[】〕\]］]/g, '）');
  let parts = unified.split(/[、，,；;\/]+(?![^(（]*[)）])/).filter((x) => x.trim() !== '').map(withoutRemarks);
  // A part that names no honour is a remark after a comma (玉溪市劳动模范，省总工会推荐): left out.
  const honours = parts.filter((x) => HONOUR_WORD.test(x));
  if (honours.length > 0) parts = honours;
  if (parts.length > 1) {
    const levels = parts.map(honourLevelOfOne).filter((x): x is string => x !== null);
    return levels.sort((a, b) => HONOUR_RANK.indexOf(a) - HONOUR_RANK.indexOf(b))[0] ?? null;
  }
  return honourLevelOfOne(parts[0] ?? '');
}

const HONOUR_RANK = ['全国', '省部级', '州市级', '县级'];

/** A level by itself, as a bracket may hold it: （省级）, （省部级）, （县级）, （全国）. */
const LEVEL_ALONE = /^(?:全国|国家级?|省部?级?|部级|省[(（]部[)）]级|(?:地|州|市|地市|州市)级|县(?:区|市)?级?|区级)$/;
/** A place by itself: （云南省）, （玉溪市）, （华宁县）, （县）; not a remark that ends in one (国家级贫困县). */
const PLACE_ALONE = /^[\p{Script=Han}]{0,10}(?:省|自治区|自治州|市|州|地区|盟|县|区|旗)$/u;

/**
 * An honour without its bracketed remarks: a bracket holding a level alone is read in place (劳动模范（省级）); one
 * holding a place alone names who awarded it and is read first (劳动模范（玉溪市） as 玉溪市劳动模范); any other
 * (（玉溪市推荐）, （省总工会推荐）, （全国总工会推荐）, （国家级贫困县）, （2015年）) says nothing of the level and
 * is left out (helper 48: a remark naming 省 or 全国 made a city's model worker 省部级 or 全国). A level with its own
 * brackets (县（市、区）级, 地（州、市）级) drops them.
 */
function withoutRemarks(honour: string): string {
  let places = '';
  const rest = honour.replace(/[(（]([^)）]*)[)）]/g, (_all, inner: string) => {
    // A bracket of several parts (2010年，省级): each part as a bracket of its own.
    let kept = '';
    for (const part of inner.replace(ALL_SPACES, '').split(/[，,、；;]/)) {
      if (LEVEL_ALONE.test(part)) kept += part;
      else if (PLACE_ALONE.test(part) && !/级/.test(part)) places += part;
    }
    return kept;
  });
  // 原铁道部, 2005年南方电网: the title without the word or the year before it.
  return (places + rest).replace(/^(?:\d{4}年度?|原|前)+/, '');
}

/** Words that make a text an honour's title (劳动模范, 先进工作者, 五一劳动奖章 …), not a remark beside it. */
const HONOUR_WORD = /劳模|模范|先进|奖章|标兵|能手|工匠|优秀|劳动者|突出贡献|三八红旗/;

function honourLevelOfOne(t: string): string | null {
  // A national honour of one trade or system (全国铁路系统劳动模范) is a ministry's: 省部级.
  if (/全国|国家级/.test(t)) return /系统|行业/.test(t) ? '省部级' : '全国';
  // A level written as such: 省部级, 县（市、区）级 (a county's, even with a 市 named beside it), 州市级, 省级.
  if (/部级/.test(t)) return '省部级';
  // A ministry's or a national company's own honour (铁道部劳动模范, 国家电网公司劳动模范): 省部级; a company's or a
  // department's own (红塔集团劳动模范, 生产部先进工作者) names no level (helper 46).
  if (/^(?:中华人民共和国|国家)?(?:铁道|铁路|交通|交通运输|水利|教育|卫生|农业|煤炭|冶金|电力|邮电|建设|林业|民政|商业|地质矿产|石油|化学工业|机械工业|纺织工业|轻工业|电子工业|国防科工)部/.test(t)) return '省部级';
  if (/^(?:国家电网|(?:中国)?南方电网|中国[\p{Script=Han}]{1,10}(?:集团|总公司))/u.test(t)) return '省部级';
  if (/县.{0,6}级/.test(t)) return '县级';
  if (/(州|市|地区|地)级/.test(t)) return '州市级';
  if (/省级/.test(t)) return '省部级';
  // A title naming where it was awarded (云南省玉溪市劳动模范, 玉溪市红塔区劳动模范): the last place named is
  // the one that awarded it (the province only says where that city is).
  // (Not the 市 of 市场 or the 区 of 社区: helper 49, 市场监管局先进工作者 was 州市级, 社区优秀工作者 县级.)
  // (Nor 市民 but 市民政局, 城市, nor a 市 right after another place: 华宁县市政管理所 is the county's; helper 54.)
  // (盐城市, 晋城市 are cities; 城市管理 is not one; 市民族, 市民宗 are the city's: helper 56.)
  // (城市 right after a place or at the start is the word, 华宁县城市信用社 the county's; after a name it ends a city's,
  // 盐城市建设局, 晋城市城市管理局; 市民营, 市民生, 市民主 are the city's: helper 58. After a province's or the country's
  // name written without 省 it is the word: 云南城市建设职业学院, 中国城市规划设计研究院; helpers 60, 62. So it is before a
  // university, an institute, a company or a group, whoever's name is before it: 天津城市建设大学, 上海城市建设设计研究院,
  // 大理城市建设投资公司, 红河城市建设集团 name no level; helper 64. Not after one character, a city named …城: 盐城市建设
  // 投资公司 is 盐城's.)
  const places = [...t.matchAll(/自治区|自治州|地区|省|(?<!省|县|区|州)市(?!场|民(?!政|族|宗|营|生|主))|州|盟|县|(?<!社|小|园|片|景|矿|林|学|辖)区|旗/g)]
    .filter((m) => !(m[0] === '市' && t[m.index - 1] === '城' && (m.index < 2 || /[省市县区州旗盟]/.test(t[m.index - 2]!) || PLACE_STEM_BEFORE_CITY.test(t.slice(0, m.index - 1))
      || (CITY_WORD_BEFORE.test(nameAfterCity(t.slice(m.index + 1))) && m.index >= 3 && !/[省市县区州旗盟]/.test(t[m.index - 3]!)))));
  const last = places.at(-1);
  if (last === undefined) return null;
  if (last[0] === '省' || last[0] === '自治区') return '省部级';
  if (last[0] === '县' || last[0] === '区' || last[0] === '旗') return '县级';
  if (last[0] === '市') {
    // The city's own name: from the place named before it (or the start) to this 市.
    const before = places.at(-2);
    const city = t.slice(before ? before.index + before[0].length : 0, last.index);
    // 北京市劳动模范 is a province's honour; 安宁市劳动模范 a county-level city's (helper 44's sweep: both were 州市级, and counted in the model-worker table's 州市级 subtotal).
    if (MUNICIPALITIES.has(city)) return '省部级';
    // (Or its bare name before 城市, not a school's: 北京城市管理委员会 is 北京's, taken as a city 北京城; helper 64.)
    if (t[last.index - 1] === '城' && MUNICIPALITIES.has(city.slice(0, -1)) && !/学院|学校/.test(nameAfterCity(t.slice(last.index + 1)))) return '省部级';
    // (Its name at the end of what is before 市: 昆明安宁市.)
    if ([...COUNTY_LEVEL_CITIES].some((c) => city.endsWith(c) && (c.length > 1 || city === c))) return '县级';
    // (Or its bare name before 城市, as a county's: 弥勒城市管理局 is 弥勒市's, 通海城市管理局 通海县's; the city was taken
    // as 弥勒城, not in the list, and read 州市级. A prefecture's body names it with 州: 楚雄州城市管理局; helper 64.)
    if (t[last.index - 1] === '城') {
      const stem = city.slice(0, -1);
      if ([...COUNTY_LEVEL_CITIES, ...YUNNAN_COUNTIES].some((c) => stem.endsWith(c) && (c.length > 1 || stem === c))) return '县级';
    }
  }
  return '州市级';
}

/** A province's or the country's name written bare, right before 城市 (云南城市…, 中国城市…); a city's so written (玉溪城市管理局) is that city's (helper 62). */
const PLACE_STEM_BEFORE_CITY = /(?:中国|全国|中华|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆)$/;

/**
 * What 城市 is the word before (城市建设大学, 城市建设设计研究院, 城市建设投资公司, 城市学院, 城市管理职业学院), not a city's
 * 市 (helper 64): a college's own title (昆明城市学院优秀教师) names no level, as a company's does not.
 */
const CITY_WORD_BEFORE = /大学|学院|学校|研究院|设计院|研究所|公司|集团/;
/**
 * The name of the body that 城市 begins (what follows 城市 in a title), up to the end of a bureau's, a committee's or an
 * office's name (局, 委, 厅, 办, 处, 所, 署, 站): a school or a company named later is another body (helper 67: 玉溪城市管理局
 * 学校安全先进个人 was read as 城市 the word, before 学校, and had no level; it is the city's, 州市级).
 */
function nameAfterCity(rest: string): string {
  const end = rest.search(/[局委厅办处所署站]/);
  return end < 0 ? rest : rest.slice(0, end + 1);
}

/** The four cities that are provinces (直辖市). */
const MUNICIPALITIES = new Set(['北京', '天津', '上海', '重庆']);

/**
 * Yunnan's county-level cities (县级市; 2021), whose honours are a county's: the rosters are Yunnan counties'. A city
 * not listed (昆明市, 玉溪市, or one of another province) is read as a prefecture's (州市级), as before.
 */
const COUNTY_LEVEL_CITIES = new Set([
  '安宁', '宣威', '澄江', '腾冲', '水富', '楚雄', '禄丰', '个旧', '开远', '蒙自', '弥勒', '文山', '景洪', '大理', '瑞丽', '芒', '泸水', '香格里拉',
  // Earlier names: 潞西市 (芒市 before 2010).
  '潞西',
]);

/**
 * Yunnan counties and districts by their bare names, read before 城市 (通海城市管理局 is 通海县's): 玉溪's (红塔区 aside, 红塔
 * being a company's name too; 澄江 is a county-level city above), and those of 红河州 and 昆明, whose rosters come in too
 * (helper 71: 建水, 石屏, 泸西, 石林, 晋宁城市管理局 were 州市级). 红河 is left out: bare, it is most often the prefecture
 * (红河州), whose bodies are 州市级, and 红河县's name its 县. 河口 is in: 河口县's, or 东营's 河口区, county-level either way.
 * 个旧, 开远, 蒙自, 弥勒 and 安宁 are county-level cities above. A county named with 县 needs none of this (helper 64).
 */
const YUNNAN_COUNTIES = new Set([
  '江川', '通海', '华宁', '易门', '峨山', '新平', '元江',
  // 红河州
  '建水', '石屏', '泸西', '元阳', '金平', '绿春', '河口', '屏边',
  // 昆明
  '五华', '盘龙', '官渡', '西山', '东川', '呈贡', '晋宁', '富民', '宜良', '石林', '嵩明', '禄劝', '寻甸',
]);

/**
 * A 发放方式 clause that says there is none, from its first word (not 非 or 未 alone: 非本人卡, 未激活的社保卡 name a card;
 * helper 62). 不通过银行, 不走银行 say so too (helper 64: a transfer, or with 发现金 unreadable).
 */
const METHOD_NEGATION = /^(?:无|没有|没|暂无|不用|不办|未办|未开|尚未办|不通过|不经过?|不走)/;
/** A card, passbook or transfer said not to be had, within a clause (无卡, 存折未办, 现金不通过银行). */
const METHOD_NEGATED = /(?:未|无|不|非|没|暂无|尚未)(?:有|办|办理|开|用|能|办的|通过|经过?|走)?(?:银行)?(?:卡|存折|折子|转账|转帐|打卡|银行)|(?:存折|折子|银行卡|卡)(?:未办|没办|未开|没有)/g;
/** A card or passbook had, named right after the one not had (无存折有卡, 无存折但有卡, 无存折只有卡): a clause of its own (helper 64). */
const METHOD_HAD_AFTER = /(存折|卡)(?:但是?|只|却|而|仅)?(?=有|用|办)/g;
/** Words of a bank account: a transfer, a card, a passbook (一折通, Yunnan's subsidy passbook, and 打折子: helper 64). */
const METHOD_BANK = /转账|转帐|银行|打卡|卡|代发|存折|一折通|折子|汇款/;
/**
 * An account said closed, lost or frozen (存折（已销户）, 卡已注销, 卡已挂失): a transfer that cannot go through as written,
 * warned (helper 64: stored 银行转账 silently). Not once replaced (卡已挂失，已补办新卡).
 */
const METHOD_CLOSED = /销户|注销|挂失|冻结|(?:未|尚未|正在|待)解冻|解冻(?:中|申请|审批)|申请解冻/;
/**
 * An account said not closed (未销户, 没有注销, 已解冻, 冻结已解除, 无冻结, 未被冻结): no closing (helpers 75, 77: 6217…（未销户）,
 * 冻结已解除 were warned closed). Not 未解除冻结: still frozen.
 */
const NOT_CLOSED = /(?:未被?|没有?被?|尚未|并未|从未|已解|无)(?:销户|注销|挂失|冻结)|已解除(?:冻结|挂失)|(?:冻结|挂失)[(（]?已?解除[)）]?(?![^，,；;]*(?:中|待))/g;
function accountClosed(text: string): boolean {
  return METHOD_CLOSED.test(text.replace(NOT_CLOSED, ''));
}
/**
 * A 银行卡号 cell that says there is no number (待补, 暂无, 无, 未办, 没有, 空白) or holds only a mark (/, —): not one that says
 * something else with no number in it (已激活, 见附件; helper 75: they were warned as having no number).
 */
const NO_CARD_NUMBER = /^[\/／\\—–\-－_.。·…]*$|待补|暂无|^无(?!误|冻结|挂失|注销|销户)|无卡|没有|未办|未开|空白|不详|^缺|暂缺|补办中|办理中|(?:未|尚未|还未)激活|未提供|待提供|未填|遗失|丢失/;
const METHOD_REPLACED = /补办|新卡|换卡|重办|新办|重新开户|新开户|另开户|重开/;
/**
 * A replacement not made yet (未补办, 补办中, 补办后打卡, 待补办): no replacement (helper 71: any 补办 cleared the warning of a
 * lost card, 卡已挂失未补办 was a transfer unwarned).
 */
const METHOD_NOT_REPLACED = /(?:未|没有?|待|尚未|还未|正在|未能)(?:补办|换卡|重办|新办|重新开户|办理?)[^，,；;]*|(?:补办|换卡|重办|新办|重新开户)[^，,；;]{0,3}?(?:中|后)/g;
/** Whether a text names an account replaced (已补办, 卡已挂失，已补办新卡, 存折已销户，已重新开户, 用新卡; helper 71). */
function accountReplaced(text: string): boolean {
  return METHOD_REPLACED.test(text.replace(METHOD_NOT_REPLACED, ''));
}
/** A card not activated (社保卡未激活, 未激活的社保卡): no transfer can go through yet, warned (helper 71). */
const METHOD_INACTIVE = /(?:未|没有?|尚未|还未|待)激活|未启用/;
/** Cash said not to be used, 非现金 among them (不通过现金, 不经现金, 不发现金, 不是现金, 不用现金, 没有现金; helper 67). */
const METHOD_CASH_REFUSED = /(?:非|不(?:通过|经过?|走|发|是|用|要|付|领|给|需要?)?|无需|没有?)现(?:金|款)/g;
/** Goods, not money (实物, 慰问品, 米、油): 非现金 beside them is no transfer (helper 67). Not 面 alone (当面发放 is cash). */
const METHOD_GOODS = /实物|物资|物品|慰问品|礼品|粮油|大米|米|面粉|食用油|油/;
/** An account number still to come (卡号待补, 暂无卡号): a transfer, warned (helper 64: 暂无卡号 was cash, 卡号待补 unwarned). Not 无卡号, no card. */
const METHOD_NUMBER_PENDING = /(?:暂无|尚无|暂缺|待补|待填|后补|还没有|尚未提供|未提供)(?:银行)?(?:卡号|账号|帐号)|(?:卡号|账号|帐号)(?:待补|待填|后补|暂缺|暂无|未填|未提供|待提供)/;

/**
 * What a 发放方式 text says (Simplified, no spaces): cash, a bank account, both (unclear) or neither. Read clause by clause
 * (，、；/ and brackets): a clause that begins with a negation (无, 没有, 未办, 不用 …) or a card or passbook said not to
 * be had (无卡, 存折未办) names none; the words left name what is used. A passbook is a bank account (存折, 存折代发;
 * 存折（无卡）), none is cash (无存折, 没有存折, 未办理存折; helpers 54, 58, 60), and a card named beside it decides
 * (无存折，有卡 is a transfer). Cash and a transfer both (现金/转账) is unclear.
 */
function methodWords(m: string, card = ''): { cash: boolean; bank: boolean; closed: boolean; pending: boolean; inactive: boolean } {
  let negated = false;
  // A clause of an account closed or lost, or of a number to come, names no account used: the caller warns (helper 64).
  let closed = false;
  let pending = false;
  let inactive = false;
  // A replacement named in the card column counts too (卡已挂失 with 银行卡号 已补办：6217…; helper 71).
  const replaced = accountReplaced(m) || accountReplaced(card);
  // Not cash (非现金, 非现金发放) is a transfer (helper 64: read as cash); not goods, though (实物（非现金）, 非现金（米、油）:
  // neither cash nor a transfer, warned; helper 67, they were stored 银行转账).
  const notCash = /非现金|非现款/.test(m);
  let bank = notCash && !METHOD_GOODS.test(m);
  for (const clause of m.replace(METHOD_HAD_AFTER, '$1，').split(/[，,、；;/／()（）【】[\]\s]+/)) {
    if (clause === '') continue;
    if (METHOD_NUMBER_PENDING.test(clause)) {
      pending = true;
      continue;
    }
    if (accountClosed(clause) && !replaced) {
      closed = true;
      continue;
    }
    if (METHOD_INACTIVE.test(clause) && METHOD_BANK.test(clause)) {
      inactive = true;
      continue;
    }
    if (METHOD_NEGATION.test(clause) && METHOD_BANK.test(clause)) {
      negated = true;
      continue;
    }
    const rest = clause.replace(METHOD_NEGATED, () => {
      negated = true;
      return '';
    });
    if (METHOD_BANK.test(rest)) bank = true;
  }
  // (Cash refused, 不通过现金, 不发现金, 不是现金, 不用现金, names no cash: with a card it is a transfer, alone unreadable; helper 67,
  // 不发现金，打卡 was unreadable and 不用现金 cash, unwarned.)
  const cash = /现金|现款|现发|领现|直接发放|当面发放/.test(m.replace(METHOD_CASH_REFUSED, '')) || (negated && !bank);
  return { cash, bank, closed, pending, inactive };
}

interface RowCtx {
  a: SheetAnalysis;
  ctx: SheetContext;
  colOf: Partial<Record<ImportField, number>>;
  noteCols: number[];
  /** Every goods column (the first is colOf.goods). */
  goodsCols: number[];
  /** Values filled down from vertical merges: key row*KEY_ROW+col. */
  fill: Map<number, RawCell>;
  /** Money and name cells covered by a vertical merge (not filled down: whose, and how much, is unclear): key → the merge's first row. */
  mergedHeld: Map<number, number>;
  edits: Map<string, string | null>;
  editedRows: Set<number>;
  /** parseDate and cleanUnitName of a text, remembered for the sheet. */
  dateOf: (text: string) => ReturnType<typeof parseDate>;
  unitOf: (text: string) => string;
  /** A CSV/TXT file: an unquoted 1,000.00 splits into two cells. */
  delimited: boolean;
  /**
   * The columns of an ID header merged across several (身份证号码 over 18 boxes, one digit each, as official
   * forms lay it out; or over two, the number split): a row's ID is their cells read as one. Null otherwise.
   */
  idSpan: number[] | null;
  /** The name column when its header says it holds the ID too (姓名及身份证号): each cell is split. Null otherwise. */
  nameIdCol: number | null;
}

/** A row's ID cell: its own, or the cells under an ID header merged across several columns, joined. */
function idCellOf(rc: RowCtx, raw: RawCell[]): RawCell {
  const first = rc.colOf.idNumber === undefined ? null : (raw[rc.colOf.idNumber] ?? null);
  if (!rc.idSpan) return first;
  const parts = rc.idSpan.map((c) => raw[c] ?? null);
  // The rest blank (the row merges the cells too, or writes the number in the first): the first as it is.
  if (parts.slice(1).every((v) => v === null || (typeof v === 'string' && isBlankText(v)))) return first;
  // A part that is not digits (or a last X) is not a piece of a number: the cells are not joined.
  const texts = parts.map((v) => (v === null ? '' : typeof v === 'number' ? (Number.isSafeInteger(v) && v >= 0 ? String(v) : '?') : typeof v === 'string' ? toHalfWidth(v).replace(ALL_SPACES, '') : '?'));
  if (!texts.every((t) => /^\d*[Xx]?$/.test(t))) return first;
  return texts.join('');
}

/** A payee's own cells that a student roster merges over the rows of the payee's children. */
const PARENT_FIELDS: ReadonlySet<ImportField> = new Set<ImportField>(['name', 'idNumber', 'phone', 'bankAccount']);

function buildFill(ctx: SheetContext, a: SheetAnalysis, dataStart: number): Pick<RowCtx, 'fill' | 'mergedHeld'> {
  const fill = new Map<number, RawCell>();
  const mergedHeld = new Map<number, number>();
  // Only rows that exist: a merge may reach row 1,048,576 (a whole column merged).
  let lastRow = 0;
  for (const row of ctx.sheet.rows) if (row.r > lastRow) lastRow = row.r;
  // A student roster (学生姓名 + 家长姓名): a parent's name, ID, phone and card merged over the rows of their children are
  // the parent's on each child's row (helper 84: the second child was held as 一人占了几行). Only on a row with a student
  // of its own: a merge over rows without one is still unclear.
  const studentCol = a.fieldsByCol.indexOf('studentName');
  const parentMerges = studentCol >= 0 && a.fieldsByCol.includes('name');
  const ownStudent = (r: number): boolean => {
    const s = cellAt(ctx, r, studentCol);
    return typeof s === 'string' && !isBlankText(s) && !isDitto(s);
  };
  // The parent's name merged over a child's row is the parent's there only when the row's ID says so too: merged from the
  // same top row, or the same ID typed (helper 90: a blank or another ID under a merged name made a second 母二, or paid
  // one person twice). Without an ID column the name (and unit) is all there is.
  const idCol = a.fieldsByCol.indexOf('idNumber');
  const idKey = (v: RawCell) => (v === null ? null : cleanIdText(String(v)).toUpperCase());
  const sameParentId = (m: MergeRange, r: number): boolean => {
    if (idCol < 0 || (m.c1 <= idCol && idCol <= m.c2)) return true;
    const own = cellAt(ctx, r, idCol);
    if (own === null || (typeof own === 'string' && isBlankText(own))) {
      const idMerge = mergeCovering(ctx, r, idCol);
      return idMerge !== null && idMerge.r1 === m.r1;
    }
    return typeof own === 'string' && isDitto(own) ? true : idKey(own) === idKey(cellAt(ctx, m.r1, idCol));
  };
  for (const m of ctx.sheet.merges) {
    if (m.r2 <= m.r1 || m.r2 < dataStart) continue;
    const field = a.fieldsByCol[m.c1] ?? null;
    const top = cellAt(ctx, m.r1, m.c1);
    const parent = parentMerges && field !== null && PARENT_FIELDS.has(field) && ownStudent(m.r1);
    for (let r = Math.max(m.r1 + 1, dataStart); r <= Math.min(m.r2, lastRow); r++) {
      if (field !== null && FILLABLE_FIELDS.has(field)) fill.set(r * KEY_ROW + m.c1, top);
      else if (parent && ownStudent(r) && (field !== 'name' || sameParentId(m, r))) fill.set(r * KEY_ROW + m.c1, top);
      else if (field === 'amount' || field === 'goodsAmount' || field === 'name') mergedHeld.set(r * KEY_ROW + m.c1, m.r1);
    }
  }
  return { fill, mergedHeld };
}

function emptyValues(): RowValues {
  return {
    name: null, idNumber: null, idValid: false, idGender: null, idBirthDate: null, gender: null, unit: null, category: null, recipientKind: null, amountFen: null,
    goodsFen: null, goodsDesc: null, paidOn: null, phone: null, bankAccount: null, byBank: false, address: null, note: null, studentName: null, school: null,
    honourTitle: null, honourLevel: null, yearAwarded: null, birthMonth: null, awardedBy: null,
  };
}

function skipRow(sheetIndex: number, row: number, code: 'blank_row' | 'total_row' | 'footer_row' | 'note_row' | 'hidden_row' | 'void_row', message: string, statedFen: number | null = null): AnalyzedRow {
  return { sheetIndex, row, skip: true, reasons: [reason(code, null, message)], v: emptyValues(), edited: NO_FIELDS, statedFen, personId: null, checkReasons: NO_REASONS, paidOn: null, status: 'skip' };
}

/** Quick pre-checks so that ordinary data cells skip the regexes. */
function mayBeTotal(v: string): boolean {
  return v.includes('计') || v.includes('計') || v.includes('总金') || v.includes('總金');
}

/** First characters of a ditto mark, by UTF-16 code (v[0] would build a string per CJK cell). */
const DITTO_START = new Set(['同', '仝', '〃', '″', '"', '”', '“', "'", '々', ' ', '\u3000'].map((c) => c.charCodeAt(0)));

function isDitto(v: string): boolean {
  return v.length <= 8 && DITTO_START.has(v.charCodeAt(0)) && DITTO.test(compact(v));
}

/** Texts a memo keeps at most (a column of dates or units repeats a few hundred). */
const MEMO_MAX = 4096;

/**
 * A pure function of a text, remembered for the texts seen (up to MEMO_MAX): a column that
 * repeats its values (dates, units) is cleaned once per value, and equal results are one object.
 */
export function memoized<R>(fn: (text: string) => R): (text: string) => R {
  const seen = new Map<string, R>();
  return (text) => {
    let r = seen.get(text);
    if (r === undefined) {
      r = fn(text);
      if (seen.size < MEMO_MAX) seen.set(text, r);
    }
    return r;
  };
}

function isBlankText(v: string): boolean {
  return v.length === 0 || (v.length < 64 && v.replace(ALL_SPACES, '') === '');
}

/** The value of a field on a row: its own cell, the merged cell above, or the previous row's value for a ditto mark. */
function resolveCell(rc: RowCtx, raw: RawCell[], r: number, c: number, field: ImportField | null, previous: RawCell[]): RawCell {
  let x = raw[c] ?? null;
  if (x === null) {
    // (The fill holds only columns that are filled: FILLABLE_FIELDS, and a parent's on a student roster.)
    if (field !== null && rc.fill.size > 0) x = rc.fill.get(r * KEY_ROW + c) ?? null;
  } else if (typeof x === 'string' && isDitto(x)) {
    x = previous[c] ?? null;
  }
  return x;
}

/** An amount read in 万 above this (100,000 元 to one person) is a unit written wrong. */
const WAN_IMPLAUSIBLE_FEN = 10_000_000;

/** A run of more absent rows than this is listed as one blank row. */
const LONG_GAP = 1000;

function analyzeRows(rc: RowCtx, out: AnalyzedRow[], totals: StatedTotal[], options: AnalyzeOptions, progress: { done: number; total: number }): void {
  const { a, ctx } = rc;
  const dataStart = (a.headerEndRow ?? a.headerRow ?? 0) + 1;
  const rows = ctx.sheet.rows.filter((r) => r.r >= dataStart);
  // The last row with content ends the sheet: trailing blank (bordered) rows are not listed.
  let last = dataStart - 1;
  for (const r of rows) if (hasContent(r)) last = r.r;
  const step = rowStepper(rc, out, totals);
  const empty: RawCell[] = [];
  let p = 0;
  for (let r = dataStart; r <= last; r++) {
    while (p < rows.length && rows[p]!.r < r) p++;
    const present = p < rows.length && rows[p]!.r === r;
    if (!present) {
      // A long run of rows the file does not have (a stray cell at row 1,048,576): one entry, not one per row.
      const next = p < rows.length ? rows[p]!.r : last + 1;
      if (next - r > LONG_GAP) {
        out.push(skipRow(a.index, r, 'blank_row', `空行（第 ${r}–${next - 1} 行都是空行，共 ${next - r} 行）`));
        progress.done += next - r - 1;
        r = next - 1;
        continue;
      }
    }
    const raw = present ? rows[p]!.c : empty;
    if (++progress.done % 5000 === 0) {
      if (options.signal?.aborted) return;
      options.onProgress?.(progress.done, progress.total);
    }
    step(r, raw, present && rows[p]!.h === true, present ? rows[p]!.s : undefined, present ? rows[p]!.x : undefined);
  }
}

function hasContent(row: RawRow): boolean {
  return row.c.some((v) => !isBlankCell(v));
}

/** The analysis of each row below a sheet's header, in row order (every row number from the first data row on, once). */
function rowStepper(rc: RowCtx, out: AnalyzedRow[], totals: StatedTotal[]): RowStep {
  const { a, colOf } = rc;
  const dataStart = (a.headerEndRow ?? a.headerRow ?? 0) + 1;
  const state: RowState = { sumSheet: 0, sumSection: 0, rowsSheet: 0, rowsSection: 0, roundedSheet: 0, roundedSection: 0, otherTableAt: null, sheetTotals: 0, lastTotal: null, breakdown: false };
  const previous: RawCell[] = [];
  const headerKeys = new Set(a.fieldsByCol.filter((f): f is ImportField => f !== null));
  const contentCol = a.fieldsByCol.map((f) => f === null || !NON_CONTENT_FIELDS.has(f));
  const moneyCol = a.fieldsByCol.map((f) => f === 'amount' || f === 'goodsAmount');
  // A household roster's 与户主关系 column: a member's row without money is no payment (the household's head is paid).
  const relationCol = a.headerTexts.findIndex((h) => h !== null && /与户主关系|與戶主關係|家庭关系|家庭關係|^关系$|^關係$|成员关系/.test(h.replace(/\s+/g, '')));
  const step: RowStep = (r, raw, hidden, shown, struck) => {
    const before = out.length;
    stepRow(r, raw, hidden, shown, struck);
    // A footer line (经办人：… 填报日期：2017年1月18日, 日期：2017.1.18): the form's date, when the title block gave none.
    if (a.filedOn === null && out.length === before + 1) {
      const last = out[before]!;
      const code = last.skip ? last.reasons[0]?.code : undefined;
      if (code === 'footer_row' || code === 'note_row') {
        const texts = raw.map(textOf).filter((t): t is string => t !== null);
        // (A footer's date may stand alone in its cell: 制表：王五 | 2017年1月18日.)
        a.filedOn = filedOnOf(code === 'footer_row' ? [texts.join('　'), ...texts] : [texts.join('　')]);
      }
    }
  };
  return step;
  function stepRow(r: number, raw: RawCell[], hidden = false, shown?: ShownNumbers, struck?: readonly number[]): void {
    let content = false;
    for (let c = 0; c < raw.length; c++) {
      const v = raw[c];
      if (v === null || v === undefined) continue;
      // 序号 and 签字 cells alone do not make a row (pre-numbered empty rows), unless they hold real text.
      if (contentCol[c] === false && (typeof v === 'number' || (compact(v).length <= 4 && !mayBeTotal(v)))) continue;
      if (typeof v === 'number' || !isBlankText(v)) {
        content = true;
        break;
      }
    }
    const hasEdits = rc.editedRows.has(r);
    if (!content && !hasEdits) {
      out.push(skipRow(a.index, r, 'blank_row', '空行'));
      return;
    }
    // A row the grassroots union hid (作废, 不发 …): not imported, and said so (a row the clerk fixed in the preview is read).
    if (hidden && !hasEdits) {
      const text = raw.map(textOf).filter(Boolean).join(' ');
      out.push(skipRow(a.index, r, 'hidden_row', `隐藏的行，未导入（报送单位在表格中隐藏或筛选掉了这一行，可能已作废）：${text.slice(0, 60)}；如确需导入，请报送单位取消隐藏后重新报送，或在预览中修改本行`));
      return;
    }
    if (!hasEdits) {
      // A template's example row (序号 例, a cell 填写示例), and a row its note says not to pay (作废, 不发 …).
      // Cheap first looks (every row comes here): a short text starting 例/示/样/范/填, a note with 废/发/删/停/消/缓.
      const seqCell = colOf.seq === undefined ? null : (raw[colOf.seq] ?? null);
      let example = typeof seqCell === 'string' && mayBeExample(seqCell) && EXAMPLE_RE.test(compact(seqCell));
      for (let c = 0; c < raw.length && !example; c++) {
        const v = raw[c];
        if (typeof v === 'string' && v.length <= 8 && mayBeExample(v) && v.trim().length > 1 && EXAMPLE_RE.test(compact(v))) example = true;
      }
      if (example) {
        out.push(skipRow(a.index, r, 'note_row', `填写示例行，未导入：${raw.map(textOf).filter(Boolean).join(' ').slice(0, 60)}`));
        return;
      }
      for (const c of rc.noteCols) {
        const v = raw[c];
        if (typeof v === 'string' && VOID_CHARS.test(v) && VOID_NOTE_RE.test(compact(v).replace(/^[(（【\[]+|[)）】\]]+$/g, ''))) {
          out.push(skipRow(a.index, r, 'void_row', `备注写明“${v.trim().slice(0, 30)}”，本行未导入；如确应发放，请在预览中修改备注`));
          return;
        }
      }
      // A name crossed out (struck through): the union took the person off the roster.
      if (struck !== undefined && colOf.name !== undefined && struck.includes(colOf.name) && !isBlankCell(raw[colOf.name] ?? null)) {
        out.push(skipRow(a.index, r, 'void_row', `姓名“${textOf(raw[colOf.name]) ?? ''}”划了删除线，本行未导入；如确应发放，请让报送单位去掉删除线，或在预览中修改本行`));
        return;
      }
      // The same remark in brackets after the name: 李强（删除）, 张丽（作废）, 王芳(不发).
      // Or before it: （作废）张丽, 【删除】王芳.
      const nameCell = colOf.name === undefined ? null : raw[colOf.name];
      if (typeof nameCell === 'string' && VOID_CHARS.test(nameCell)) {
        const voids = (remark: string | undefined) => remark !== undefined && VOID_NOTE_RE.test(compact(remark));
        const after = voids(/[(（]([^()（）]+)[)）]\s*$/.exec(nameCell)?.[1]);
        if (after || voids(LEADING_REMARK.exec(nameCell.trim())?.[1])) {
          out.push(skipRow(a.index, r, 'void_row', `姓名${after ? '后' : '前'}注明“${nameCell.trim().slice(0, 30)}”，本行未导入；如确应发放，请在预览中修改姓名`));
          return;
        }
      }
    }
    if (relationCol >= 0 && !hasEdits) {
      const relation = raw[relationCol];
      // (An amount merged down over the household's rows is the household's, on its head's row.)
      const money = (colOf.amount !== undefined && !isBlankCell(raw[colOf.amount] ?? null)) || (colOf.goodsAmount !== undefined && !isBlankCell(raw[colOf.goodsAmount] ?? null));
      if (typeof relation === 'string' && !isBlankText(relation) && !/户主|戶主|本人|申请人|申請人/.test(relation) && !money) {
        out.push(skipRow(a.index, r, 'note_row', `家庭成员（${relation.trim()}）：${textOf(raw[colOf.name ?? -1] ?? null) ?? ''}，本行没有金额，不单独发放`));
        return;
      }
    }
    const idRaw = idCellOf(rc, raw);
    const combined = rc.nameIdCol === null ? null : raw[rc.nameIdCol];
    const idLike = (typeof idRaw === 'number' && idRaw >= 1e14) || (typeof idRaw === 'string' && (ID_LIKE.test(idRaw) || ID_LIKE.test(cleanIdText(idRaw))))
      || (typeof combined === 'string' && /\d{15}/.test(combined));
    const amountOwn = colOf.amount === undefined ? null : (raw[colOf.amount] ?? null);
    // A figure in the amount column (a number, or text such as 500 or 600元 in a CSV).
    const hasAmountNumber = typeof amountOwn === 'number' || (typeof amountOwn === 'string' && /\d/.test(amountOwn) && readAmountCell(amountOwn, null).fen !== null)
      // (A figure computed in a cell formatted as a date: the reader kept the number beside the date.)
      || (colOf.amount !== undefined && typeof shown?.[colOf.amount] === 'number' && typeof amountOwn === 'string');
    if (!hasEdits && !idLike && skipIfNotPayment(rc, raw, r, dataStart, amountOwn, hasAmountNumber, moneyCol, headerKeys, state, out, totals, shown)) return;
    const row = readPaymentRow(rc, raw, r, hasEdits, previous, shown);
    if (row === null) {
      const text = raw.filter((v, c) => typeof v === 'string' && !isBlankText(v) && (contentCol[c] !== false || compact(v).length > 4)).map(textOf).join(' ');
      if (text === '') out.push(skipRow(a.index, r, 'blank_row', '空行（只有序号或为0的公式）'));
      else out.push(skipRow(a.index, r, 'note_row', `没有姓名、身份证号和金额：${text.slice(0, 60)}`));
      return;
    }
    if (state.otherTableAt !== null && !hasEdits) {
      row.reasons.unshift(reason('other_table', null, `第 ${state.otherTableAt} 行起是另一张表（表头的列与第 ${a.headerRow} 行不同），本行不能按本表的列读取，请把它放到单独的工作表后导入`));
    }
    // (Against the sheet's 合计 of the amount column: with its goods when the column holds them.)
    const amount = (row.v.amountFen ?? 0) + (a.goodsInAmount ? (row.v.goodsFen ?? 0) : 0);
    // No name, no ID, and at least half the rows above: maybe a SUM without its label that disagrees (helper 48: it
    // said only 缺少姓名). Said so; the row stays held.
    const nameless = row.v.name === null && row.v.idNumber === null ? row.reasons.findIndex((x) => x.code === 'missing_name') : -1;
    if (nameless >= 0 && state.rowsSection >= 2 && amount > 0 && amount * 2 >= state.sumSection) {
      const sum = state.sumSection;
      row.reasons[nameless] = reason('missing_name', 'name', `${row.reasons[nameless]!.message}；如这是未写“合计”的合计行：${yuanText(amount)} 与上方各行之和 ${yuanText(sum)} 不一致，${amount < sum ? '少' : '多'} ${yuanText(Math.abs(amount - sum))}（求和范围可能漏掉了某行）`);
    }
    state.sumSheet += amount;
    state.sumSection += amount;
    state.rowsSheet++;
    state.rowsSection++;
    // An amount read as its format shows it (333.33 for =1000/3): what a SUM over the stored values adds beyond it.
    const stored = colOf.amount === undefined || hasEdits ? null : raw[colOf.amount];
    if (typeof stored === 'number' && Number.isFinite(stored) && row.v.amountFen !== null && row.reasons.some((x) => x.code === 'amount_display_rounded')) {
      const unit = unitOfCol(a, colOf.amount);
      const exact = stored * (unit === '万元' ? 1_000_000 : unit === '千元' ? 100_000 : 100);
      state.roundedSheet += exact - row.v.amountFen;
      state.roundedSection += exact - row.v.amountFen;
    }
    const width = Math.max(raw.length, previous.length);
    for (let c = 0; c < width; c++) {
      const x = resolveCell(rc, raw, r, c, a.fieldsByCol[c] ?? null, previous);
      if (x !== null) previous[c] = x;
    }
    out.push(row);
  }
}

/** Running sums of a sheet's payment rows (for its 合计 / 小计 rows), and where another table began. */
/** The most a 合计 may differ from the rows above by rounding alone (under 10 元: never a payee left out). */
const ROUNDING_MAX_FEN = 999;

/**
 * Whether a stated total agrees with the rows above: `counted` their amounts as read, `rounded` what the stored
 * values add beyond amounts read as shown (RowState.roundedSheet), `tolerance` half the last digit the total's cell
 * shows (0 when it is stored exact to the fen). It agrees with the stored values' sum, as a SUM makes it, within
 * the total's own rounding; or with the amounts as read when those differ from the stored ones by under 1 元 (a
 * total typed as the sum of what the cells show). A payee left out is never taken for rounding (helper 46).
 */
function totalAgrees(stated: number, counted: number, rounded: number, tolerance: number): boolean {
  if (rounded === 0) return stated === counted || Math.abs(stated - counted) <= Math.min(ROUNDING_MAX_FEN, tolerance);
  if (Math.abs(stated - (counted + rounded)) <= Math.min(ROUNDING_MAX_FEN, tolerance) + 0.001) return true;
  return stated === counted && Math.abs(rounded) < 100;
}

interface RowState {
  sumSheet: number;
  sumSection: number;
  rowsSheet: number;
  rowsSection: number;
  /**
   * What a SUM over the stored values adds to sumSheet / sumSection (fen, not whole): the stored value less the
   * amount read, for every amount read as its format shows it (=1000/3 read as 333.33: +0.333… fen). A 合计 is
   * compared with the stored values' sum, as Excel's SUM makes it, not with an allowance per row (helper 46: an
   * allowance of half a shown digit per row hid a payee of 15 元 left out of the SUM).
   */
  roundedSheet: number;
  roundedSection: number;
  /** The row of a second header whose columns are elsewhere: the rows after it are held. */
  otherTableAt: number | null;
  /** The sheet's 合计 rows so far (not 小计): a 合计 after another closes a group (合计 … 合计 … 总计). */
  sheetTotals: number;
  /** The last total stated above (a 大写 line under it is compared with it). */
  lastTotal: { row: number; label: string; fen: number } | null;
  /** In a breakdown under a total (其中：…): its lines are not payments. */
  breakdown: boolean;
}

/** Total, footer and note rows: pushed as skipped rows (true), or false for a payment row. */
function skipIfNotPayment(
  rc: RowCtx, raw: RawCell[], r: number, dataStart: number, amountOwn: RawCell, hasAmountNumber: boolean, moneyCol: boolean[],
  headerKeys: Set<ImportField>, state: RowState, out: AnalyzedRow[], totals: StatedTotal[], shown?: ShownNumbers,
): boolean {
  const { a, colOf } = rc;
  // The figure in the amount column; a number not exact to the fen (=SUM of 1000/3 …, 666.666…) as its format
  // shows it (666.67), as a payee's amount is read: it was taken as no stated figure, and a SUM that left a payee
  // out went unreported (helper 41's sweep).
  // (A total computed in a cell formatted as a date: the number the reader kept beside the date.)
  const totalCell: RawCell = typeof amountOwn === 'string' && colOf.amount !== undefined && /^\d{4}-\d{2}-\d{2}/.test(amountOwn) && typeof shown?.[colOf.amount] === 'number' ? shown[colOf.amount]! : amountOwn;
  const shownTotal = shown && colOf.amount !== undefined && typeof totalCell === 'number' && totalCell !== shown[colOf.amount] ? shown[colOf.amount] : undefined;
  // `tolerance`: how far (in fen) the figure read may be from the stored value's exact sum: half the last digit shown.
  const readTotal = (): { fen: number | null; asShown: boolean; tolerance: number } => {
    const unit = unitOfCol(a, colOf.amount);
    const own = readAmountCell(totalCell, unit);
    if (shownTotal !== undefined) {
      const asShown = readAmountCell(shownTotal, unit);
      const decimals = (String(shownTotal).split('.')[1] ?? '').length;
      const tolerance = unit === null ? 0.5 * 10 ** Math.max(0, 2 - decimals) : 0.5;
      if (own.fen === null && asShown.fen !== null) return { fen: asShown.fen, asShown: true, tolerance };
      // Stored exact to the fen (a total typed 4,019 shown 4,019): compared exactly (helper 46).
      if (own.fen !== null) return { fen: own.fen, asShown: false, tolerance: 0 };
    }
    // General format, not exact to the fen (666.666666…): to the fen, as the cell shows it.
    if (own.fen === null && typeof totalCell === 'number' && Number.isFinite(totalCell) && unit === null) {
      const rounded = readAmountCell(Number(totalCell.toFixed(2)), unit);
      if (rounded.fen !== null) return { fen: rounded.fen, asShown: true, tolerance: 0.5 };
    }
    return { fen: own.fen, asShown: false, tolerance: 0 };
  };
  // 合计 / 小计 rows: keep the stated figure and compare it with the rows above.
  let totalLabel: string | null = null;
  for (let c = 0; c < raw.length && totalLabel === null; c++) {
    const v = raw[c];
    if (typeof v !== 'string' || moneyCol[c] || !mayBeTotal(v)) continue;
    const m = TOTAL_RE.exec(compact(v));
    if (m) totalLabel = m[0];
  }
  // A group's subtotal written as its heading with a head count (县水泥厂（2人）) and a figure.
  if (totalLabel === null && hasAmountNumber) {
    for (let c = 0; c < raw.length && totalLabel === null; c++) {
      const v = raw[c];
      const t = typeof v === 'string' && !moneyCol[c] ? compact(v) : '';
      if (GROUP_COUNT_RE.test(t)) totalLabel = t;
    }
  }
  const nameOwn = colOf.name === undefined ? null : (raw[colOf.name] ?? null);
  // The rows' head count beside a figure (共2人, 以上2人, 人数：2人, 总数), where the name goes or in a row without one: their total.
  let headCountName = false;
  // (Not on a numbered row: 序号 3 with 李强一家3人 is a household paid, not a total.)
  const numbered = colOf.seq !== undefined && typeof raw[colOf.seq] === 'number';
  if (totalLabel === null && hasAmountNumber && !numbered) {
    const nameless = nameOwn === null || (typeof nameOwn === 'string' && isBlankText(nameOwn));
    for (let c = 0; c < raw.length && totalLabel === null; c++) {
      const v = raw[c];
      if (typeof v !== 'string' || moneyCol[c] || !mayBeHeadCount(v) || (c !== colOf.name && !nameless)) continue;
      const t = compact(v);
      if (HEADCOUNT_TOTAL_RE.test(t)) {
        totalLabel = t;
        headCountName = c === colOf.name;
      }
    }
  }
  // The total in capitals on a line of its own (大写：贰仟伍佰元整, 大写 | 壹仟伍佰元整, 人民币（大写）：…, with or without its
  // 小写 figure): compared with the total above it, or the rows above when there is none (helper 48: in one cell it was a
  // note, its figure never compared; helper 49: with 人民币（大写） or a 小写 figure beside it, neither was).
  const leading = raw.find((v) => !isBlankCell(v));
  // The row's text cells, compacted and joined (its labels, and a figure written in words): read only for a total or
  // a 大写 line, not for every payment row.
  let joined: string | null = null;
  const rowText = (): string => (joined ??= raw.filter((v): v is string => typeof v === 'string').map(compact).join(''));
  // (Or capitals alone where a line under a 合计 begins, with its figure or none: | 人民币壹仟伍佰元整 | | | 1,500 and
  // | 壹仟贰佰元 were payees, the first paid the total again; not on a numbered row or beside an ID, where a name such as
  // 陆元 is a payee's; a rate there, 每人伍佰元整, is a note. Helper 64.)
  // (Nor beside other text, a unit, a 备注 or a category: | 伍佰元 | | 华宁县水泥厂 | 500 | | 补报 is a payee so named; a 大写
  // line holds its capitals and its figure only. Helper 67.)
  // (Capitals before their figure in brackets, or in brackets, are capitals alone there too: | 壹仟贰佰元整（￥1200.00） and
  // | （壹仟贰佰元整） were payees held with no amount; helper 71.)
  const onlyCapitals = (): boolean => raw.every((v, c) => c === raw.indexOf(leading!) || isBlankCell(v) || typeof v === 'number' || moneyCol[c]
    || (typeof v === 'string' && /^[￥¥]?[\d,，.．]+元?$/.test(compact(v))));
  const capitalsLead = totalLabel === null && state.lastTotal !== null && typeof leading === 'string' && !numbered
    && (colOf.idNumber === undefined || isBlankCell(raw[colOf.idNumber])) ? capitalsCell(capitalsOfLineCell(leading)) : null;
  const leadingCapitals = capitalsLead && (capitalsLead.rate || onlyCapitals()) ? capitalsLead : null;
  if (leadingCapitals?.rate) {
    out.push(skipRow(a.index, r, 'note_row', `合计下的说明行：${raw.map(textOf).filter(Boolean).join(' ').slice(0, 60)}`));
    return true;
  }
  if (totalLabel === null && typeof leading === 'string' && (leadingCapitals !== null || CAPITALS_LINE_RE.test(compact(leading)))) {
    const capital = leadingCapitals ? null : CAPITAL_AMOUNT_RE.exec(rowText().slice(Math.max(0, rowText().search(/大[写寫]/))));
    const fen = leadingCapitals ? leadingCapitals.fen : capital ? parseCapitalAmount(capital[0]) : null;
    // Above the rows (no total and no payment before it): nothing to compare it with yet; said, not compared (helper 52).
    if (fen !== null && state.lastTotal === null && state.rowsSheet === 0) {
      out.push(skipRow(a.index, r, 'note_row', `金额大写行（在各行上方，未核对）：${raw.map(textOf).filter(Boolean).join(' ').slice(0, 60)}`));
      return true;
    }
    if (fen !== null) {
      const last = state.lastTotal;
      const against = last?.fen ?? state.sumSheet;
      const other = last ? `第 ${last.row} 行${last.label}` : '上方各行之和';
      // (Or the figure in brackets after the capitals, 壹仟贰佰元整（￥1200.00）: helper 71.)
      const bracketed = leadingCapitals && !hasAmountNumber ? FIGURE_IN_BRACKETS_AFTER.exec(compact(leading)) : null;
      const bracketedAmount = bracketed ? parseAmount(bracketed[1]!) : null;
      const figure = hasAmountNumber ? readTotal().fen : bracketedAmount?.ok ? bracketedAmount.fen : null;
      const matches = fen === against && (figure === null || figure === against);
      totals.push({ sheetIndex: a.index, sheet: a.name, row: r, label: '大写', fen, computedFen: against, matches: fen === against });
      if (figure !== null) totals.push({ sheetIndex: a.index, sheet: a.name, row: r, label: '小写', fen: figure, computedFen: against, matches: figure === against });
      const said = (what: string, value: number) => (value === against ? '' : `${what}写明 ${yuanText(value)}，但${other}为 ${yuanText(against)}，${value < against ? '少' : '多'} ${yuanText(Math.abs(value - against))}；`);
      out.push(skipRow(a.index, r, 'total_row', matches
        ? `金额大写行：大写 ${yuanText(fen)}，与${other}一致`
        : `金额大写行：${said('大写', fen)}${figure === null ? '' : said('小写', figure)}请核对`, fen));
      if (!last) {
        state.sumSection = 0;
        state.rowsSection = 0;
        state.roundedSection = 0;
      }
      return true;
    }
  }
  // The total's figure alone on the line under it, marked as money (| （￥1200.00）, | ￥1,200.00, （小写：1200元） in 备注):
  // compared with that total, not a payee held with no name or no amount.
  // (Right under it: not after payees that follow the total; helper 90.)
  if (totalLabel === null && state.lastTotal !== null && state.rowsSection === 0 && typeof leading === 'string' && !numbered && !hasAmountNumber
    && raw.every((v) => v === leading || isBlankCell(v))) {
    const m = FIGURE_ALONE_RE.exec(compact(leading));
    const amount = m ? parseAmount((m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5])!) : null;
    if (amount?.ok && amount.fen > 0) {
      const last = state.lastTotal;
      const matches = amount.fen === last.fen;
      totals.push({ sheetIndex: a.index, sheet: a.name, row: r, label: '小写', fen: amount.fen, computedFen: last.fen, matches });
      out.push(skipRow(a.index, r, 'total_row', matches
        ? `合计金额行：${yuanText(amount.fen)}，与第 ${last.row} 行${last.label}一致`
        : `合计金额行：写明 ${yuanText(amount.fen)}，但第 ${last.row} 行${last.label}为 ${yuanText(last.fen)}，${amount.fen < last.fen ? '少' : '多'} ${yuanText(Math.abs(amount.fen - last.fen))}；请核对`, amount.fen));
      return true;
    }
  }
  // A SUM row without a label: no name, no ID, and the figure of the rows above it (at least two).
  if (totalLabel === null && hasAmountNumber && (nameOwn === null || (typeof nameOwn === 'string' && isBlankText(nameOwn)))) {
    const t = readTotal();
    const fen = t.fen;
    // Equal, or equal within rounding (a SUM shown 666.67 over rows read as 333.33 and 333.33).
    const near = (sum: number, rounded: number) => fen !== null && totalAgrees(fen, sum, rounded, t.tolerance);
    if (fen !== null && fen > 0 && ((near(state.sumSection, state.roundedSection) && state.rowsSection >= 2) || (near(state.sumSheet, state.roundedSheet) && state.rowsSheet >= 2))) {
      const sub = near(state.sumSection, state.roundedSection) && state.rowsSection < state.rowsSheet;
      totals.push({ sheetIndex: a.index, sheet: a.name, row: r, label: '合计', fen, computedFen: sub ? state.sumSection : state.sumSheet, matches: true });
      out.push(skipRow(a.index, r, 'total_row', `合计行（未写“合计”，${yuanText(fen)} 等于上方${sub ? '本组' : ''}各行之和）`, fen));
      state.lastTotal = { row: r, label: '合计', fen };
      state.breakdown = false;
      if (!sub) state.sheetTotals++;
      state.sumSection = 0;
      state.rowsSection = 0;
      state.roundedSection = 0;
      return true;
    }
  }
  // (Nor an amount in capitals where the name goes: 合计 | 壹仟伍佰元整 | … | 1,500 was a payee; helper 58.)
  // (Nor a rate so written: 合计 | 每人伍佰元整 | … | 1,500 was a payee paid the total; helper 64.)
  if (totalLabel !== null && (headCountName || !(typeof nameOwn === 'string' && plausibleName(nameOwn) && !CAPITAL_AMOUNT_ALONE_RE.test(compact(nameOwn)) && capitalsCell(compact(nameOwn)) === null))) {
    let stated: number | null = null;
    // The figure read from the row's text (合计：1,200元, （￥1,200.00）), not from the amount column.
    let figureInText = false;
    const amt = readTotal();
    if (amt.fen !== null) stated = amt.fen;
    else {
      const text = rowText();
      const m = /(?:合计|合計|小计|小計|总计|總計|共计|共計|金额|金額)[^\d]*?([\d,]+(?:\.\d+)?)\s*(万元|萬元|元)/.exec(text);
      // Or the figure after ￥ (合计：人民币壹仟捌佰元整（￥1800.00）).
      const yen = m ? null : /[￥¥]\s*([\d,]+(?:\.\d+)?)/.exec(text);
      const pa = m ? parseAmount(m[1]! + m[2]!) : yen ? parseAmount(yen[1]!) : null;
      if (pa?.ok) {
        stated = pa.fen;
        figureInText = true;
      } else {
        // Or only in Chinese capitals (合计：人民币壹仟贰佰元整).
        const capital = CAPITAL_AMOUNT_RE.exec(text);
        if (capital) stated = parseCapitalAmount(capital[0]);
      }
    }
    // A 合计 after another, with rows between, closes a group (groups each closed by 合计, then 总计: helper 48's sweep
    // compared the second group's 合计 with both groups' rows).
    // (One that agrees with the whole sheet is the sheet's: 合计（含补报）, 总合计 after late rows; helper 49.)
    const group = state.sheetTotals > 0 && state.rowsSection > 0 && state.rowsSection < state.rowsSheet && !/总|總|共计|共計|累计|累計|全部|含/.test(totalLabel);
    const sub = /小计|小計|本页|本表|人[)）]$/.test(totalLabel)
      || (group && !(stated !== null && !totalAgrees(stated, state.sumSection, state.roundedSection, amt.fen === stated ? amt.tolerance : 0)
        && totalAgrees(stated, state.sumSheet, state.roundedSheet, amt.fen === stated ? amt.tolerance : 0)));
    if (!sub) state.sheetTotals++;
    const computed = sub ? state.sumSection : state.sumSheet;
    const rounded = sub ? state.roundedSection : state.roundedSheet;
    state.sumSection = 0;
    state.rowsSection = 0;
    state.roundedSection = 0;
    const label = toSimplified(totalLabel);
    if (stated !== null) {
      // A total shown rounded (1,167 for 1,166.66) or rows read as shown (333.33 for 333.333…) differ from the sum by
      // rounding alone: within it the figures agree (helper 44: 多 0.01元, 多 0.34元 said a SUM had gone wrong).
      const diff = Math.abs(stated - computed);
      const exactSum = computed + rounded;
      const agrees = totalAgrees(stated, computed, rounded, amt.fen === stated ? amt.tolerance : 0);
      const withinRounding = agrees && diff > 0;
      const matches = agrees;
      totals.push({ sheetIndex: a.index, sheet: a.name, row: r, label, fen: stated, computedFen: computed, matches });
      state.lastTotal = { row: r, label, fen: stated };
      state.breakdown = false;
      const exact = Math.round(exactSum);
      const written = amt.asShown ? `${yuanText(stated)}（单元格显示的数值；实际数值 ${Number((totalCell as number).toFixed(6))}）` : yuanText(stated);
      // Its 大写 in the same row (合计 | 大写：贰仟伍佰元整 | … | 1,800): compared with the figure (helper 49: never compared).
      // (The capitals after the word 大写: 5人，每人三百元 before it is no total; helper 52.)
      // (Or before it: 贰仟伍佰元整（大写）; helper 54.)
      // (Only right before the word: 3人，每人伍佰元 elsewhere in the row is no total; helper 56.)
      // (Right after the word, else right before it: 每人伍佰元 in a remark after 大写： or （大写） is no total; helper 58.)
      // (Or alone in a cell beside the label: 合计 | 壹仟伍佰元整 | … | 1,500. One ending 整 before the figure first (the total's
      // own, though another cell agrees); else one ending 整 after it that agrees with the figure; else one without 整
      // before the figure; else one ending 整 after it that disagrees. A rate, 伍佰元 in 备注 or beside the total's
      // 壹仟伍佰元整, is no total; helpers 60, 62. The last came before the one without 整 until helper 64:
      // 合计 | 壹仟伍佰元 | … | 1,500 | 伍佰元整 said 大写写明 500元, a rate in 备注 taken over the total's own capitals.
      // Helper 64 also: the label cell's own (合计：壹仟贰佰元整), capitals before their figure in brackets (壹仟贰佰元整
      // （￥1200.00）) and capitals in brackets (（壹仟贰佰元整） in 备注) are capitals alone, in the same order; none was read.
      // So a bracketed rate is read as one unbracketed: （伍佰元） in 备注 is no total, （伍佰元整） there one that disagrees.)
      const alone = (): RegExpExecArray | null => {
        const figureAt = colOf.amount ?? raw.length;
        let before: RegExpExecArray | null = null;
        let after: RegExpExecArray | null = null;
        for (let c = 0; c < raw.length; c++) {
          const v = raw[c];
          if (typeof v !== 'string' || v.length > 40) continue;
          const m = CAPITAL_AMOUNT_ALONE_RE.exec(capitalsOfTotalCell(v));
          if (!m) continue;
          const whole = /[整正]$/.test(m[1]!);
          if (c < figureAt) {
            if (whole) return m;
            before ??= m;
          } else if (whole) {
            if (parseCapitalAmount(m[1]!) === stated) return m;
            after ??= m;
          }
        }
        return before ?? after;
      };
      // (Also when the figure is written in the text, 合计：人民币壹仟伍佰元整（￥1,200.00）: the capitals were not compared.)
      const capitalText = amt.fen === null && !figureInText ? null : /大[写寫]/.test(rowText())
        ? (CAPITAL_AFTER_WORD_RE.exec(rowText().slice(rowText().search(/大[写寫]/))) ?? CAPITAL_BEFORE_WORD_RE.exec(rowText()))
        : alone();
      const capitalFen = capitalText ? parseCapitalAmount(capitalText[1]!) : null;
      let capitalNote = '';
      if (capitalFen !== null && capitalFen !== stated) {
        totals.push({ sheetIndex: a.index, sheet: a.name, row: r, label: '大写', fen: capitalFen, computedFen: stated, matches: false });
        capitalNote = `；大写写明 ${yuanText(capitalFen)}，与小写 ${yuanText(stated)} 不一致，请核对`;
      }
      out.push(skipRow(a.index, r, 'total_row', (withinRounding
        ? `${label}行：写明 ${written}，与上方各行之和 ${yuanText(computed)} 相差 ${yuanText(diff)}，在四舍五入的误差之内，视为一致`
        : matches
        ? `${label}行：写明 ${written}，与上方各行之和一致`
        : rounded !== 0
        // Amounts read as their cells show them (333 for =1000/3): the SUM is over the stored values; the difference from
        // those is what a payee left out of it comes to (helper 48: 少 10元 was said 多 0元, 9.99元 少 19.99元).
        ? `${label}行：写明 ${written}，但上方各行单元格中的实际数值之和为 ${yuanText(exact)}，${stated < exact ? '少' : '多'} ${yuanText(Math.abs(stated - exact))}（各行按单元格显示的数值导入，共 ${yuanText(computed)}）；请核对求和范围是否漏掉了某行，或合计是否按显示的数值填写`
        : `${label}行：写明 ${written}，但上方各行之和为 ${yuanText(computed)}，${stated < computed ? '少' : '多'} ${yuanText(Math.abs(stated - computed))}（可能是求和公式漏掉了文本格式的金额，或求和范围不对）`) + capitalNote, stated));
    } else {
      const formula = typeof amountOwn === 'string' && amountOwn.startsWith('=');
      out.push(skipRow(a.index, r, 'total_row', formula
        ? `${label}行：合计是公式${amountOwn.length > 1 ? `“${amountOwn.slice(0, 40)}”` : ''}，文件中没有保存它的计算结果，无法核对（上方各行之和为 ${yuanText(computed)}）`
        : `${label}行（未写明金额；上方各行之和为 ${yuanText(computed)}）`));
    }
    return true;
  }
  // The column-number line under a header: 1 2 3 4 …
  if (r === dataStart) {
    const nums = raw.filter((v) => !isBlankCell(v));
    if (nums.length >= 3 && nums.every((v, i) => Number(typeof v === 'string' ? toHalfWidth(v).trim() : v) === i + 1)) {
      out.push(skipRow(a.index, r, 'note_row', '表头下的列序号行'));
      return true;
    }
  }
  if (!hasAmountNumber && typeof leading === 'string' && CAPITALS_LABEL_RE.test(compact(leading))) {
    out.push(skipRow(a.index, r, 'note_row', `金额大写行：${raw.map(textOf).filter(Boolean).join(' ').slice(0, 60)}`));
    return true;
  }
  const idOwn = colOf.idNumber === undefined ? null : (raw[colOf.idNumber] ?? null);
  const noId = idOwn === null || (typeof idOwn === 'string' && isBlankText(idOwn));
  // A section heading (补报, 补报人员：, 新增人员): no payee (it was held as a person with no amount).
  const headingText = typeof leading === 'string' ? compact(leading) : '';
  if (!hasAmountNumber && noId && /^(补报|补发|新增|增补|追加|补充)(人员|名单|对象|部分)?[:：]?$/.test(headingText)) {
    out.push(skipRow(a.index, r, 'note_row', `分段标题：${headingText}`));
    return true;
  }
  // A footer's label in the first column, the person in the next (经办人 | 李梅): no payee (helper 49: held as errors).
  if (!hasAmountNumber && noId && typeof leading === 'string' && FOOTER_RE.test(compact(leading))) {
    out.push(skipRow(a.index, r, 'footer_row', `落款行：${raw.map(textOf).filter(Boolean).join(' ').slice(0, 60)}`));
    return true;
  }
  // A breakdown under a total (其中：困难职工 3人 1,500; 其中现金; 慰问品 500; a kind with a head count): no payee (helper 49:
  // each became a person named 困难职工, 慰问品 … and was paid again).
  if (noId && (state.lastTotal !== null || (typeof leading === 'string' && /^其中/.test(compact(leading))))) {
    const texts = raw.filter((v): v is string => typeof v === 'string').map(compact);
    // (其中 where a line begins, or in the name column; not in a payee's 备注, 其中慰问品300元: helper 52.)
    const opens = (typeof leading === 'string' && /^其中/.test(compact(leading))) || (typeof nameOwn === 'string' && /^其中/.test(compact(nameOwn)));
    if (opens) state.breakdown = true;
    const nameText = typeof nameOwn === 'string' ? compact(nameOwn) : '';
    // (Its lines name a kind or category, money, or nothing: a person's name under a 合计 is a payee, however late.)
    // (In a breakdown begun by 其中, or beside a head count, a kind written longer is one too: 特困职工, 退休职工; helper 54.)
    const counted = state.breakdown || texts.some((t) => /^\d+(人|户|名)(次)?$/.test(t));
    const kindName = nameText === '' || /^(现金|现款|慰问品|慰问金|实物|物资|物品|合计|小计)$/.test(nameText) || BREAKDOWN_KIND.test(nameText)
      || (counted && /^[\u4e00-\u9fff]{0,4}(职工|劳模|农民工|家庭|对象|学生|子女|人员|户)$/.test(nameText));
    if (opens || (state.lastTotal !== null && kindName && (counted || nameText !== ''))) {
      out.push(skipRow(a.index, r, 'note_row', `合计下的分项行（不是发放记录）：${raw.map(textOf).filter(Boolean).join(' ').slice(0, 60)}`));
      return true;
    }
  }
  if (!noId) state.breakdown = false;
  // A row with a person's name in the name column is a payment row, whatever else it says.
  if (hasAmountNumber || (typeof nameOwn === 'string' && plausibleName(nameOwn))) return false;
  // Footer lines: 单位负责人 / 经办人 / 填表人 / 填报日期 …
  if (raw.some((v) => typeof v === 'string' && FOOTER_RE.test(compact(v)))) {
    out.push(skipRow(a.index, r, 'footer_row', `落款行：${raw.map(textOf).filter(Boolean).join(' ').slice(0, 60)}`));
    return true;
  }
  // The form's date alone below the rows (2017年1月18日 under 单位（盖章）, wherever its column): no payee (it was held
  // as a row without a name, the date read as its ID).
  if (r > dataStart && raw.some((v) => !isBlankCell(v)) && raw.every((v) => isBlankCell(v) || (typeof v === 'string' && DATE_ALONE_RE.test(compact(v))))) {
    out.push(skipRow(a.index, r, 'footer_row', `落款日期行：${raw.map(textOf).filter(Boolean).join(' ')}`));
    return true;
  }
  const firstText = raw.find((v) => !isBlankCell(v));
  // (In brackets too, and the page's blank marks alone: （以下空白）, （此页无正文）, (空); helper 88: held as payees.)
  const bareFirst = typeof firstText === 'string' ? compact(firstText).replace(/^[(（【\[〔]+|[)）】\]〕]+$/g, '') : null;
  if (typeof firstText === 'string' && (NOTE_RE.test(compact(firstText)) || (bareFirst !== compact(firstText) && NOTE_RE.test(bareFirst!))
    || (raw.every((v) => v === firstText || isBlankCell(v)) && /^(此页无正文|此頁無正文|本页无正文|本頁無正文|此页空白|本页空白|空白|空)$/.test(bareFirst!)))) {
    out.push(skipRow(a.index, r, 'note_row', `说明行：${compact(firstText).slice(0, 60)}`));
    return true;
  }
  // A header repeated on a new page.
  const { fields } = labelFields(raw);
  let same = 0;
  for (const f of fields) if (headerKeys.has(f)) same++;
  if (same >= 2) {
    // Another table under the same sheet with its columns elsewhere: its rows cannot be read with this header.
    const moved = raw.some((v, c) => typeof v === 'string' && isLabelLike(v) && (() => {
      const f = matchField(normalizeHeader(v));
      return f !== null && f !== 'seq' && f !== 'note' && colOf[f] !== undefined && colOf[f] !== c;
    })());
    if (moved) state.otherTableAt = r;
    out.push(skipRow(a.index, r, 'note_row', moved ? '另一张表的表头行（列的位置与本表表头不同）' : '重复的表头行'));
    return true;
  }
  return false;
}

/**
 * An amount such as 1,000.00 written without quotes in a CSV: its thousands fall into the next
 * columns ("1" | "000.00"), and every column after it moves one on. The amount as written, or null.
 */
function splitByComma(raw: RawCell[], amountCol: number): string | null {
  const head = raw[amountCol];
  const first = typeof head === 'number' ? String(head) : typeof head === 'string' ? head.trim() : '';
  if (!/^-?\d{1,3}$/.test(first)) return null;
  const parts = [first];
  for (let c = amountCol + 1; c < raw.length; c++) {
    const v = raw[c];
    const t = typeof v === 'string' ? v.trim() : '';
    if (/^\d{3}$/.test(t)) parts.push(t);
    else {
      if (/^\d{3}\.\d+$/.test(t)) parts.push(t);
      break;
    }
  }
  return parts.length === 1 ? null : parts.join(',');
}

/** A name cell holding no name: 待定, 无, 空缺 … */
const NAME_PLACEHOLDER = /^(待定|未定|无|無|空缺|空|暂缺|暫缺|略|不详|不詳|未知|某某|x+|×+|\?+|？+|-+|—+)$/i;
const NAME_CHARS = /^[\u4e00-\u9fff\u3400-\u4dbf·•.]{2,8}$|^[A-Za-z][A-Za-z .'-]{1,40}$/;

/** Two-character surnames (复姓), in both scripts: 欧阳 娜娜 is one person, 张三 李四 two. */
const COMPOUND_SURNAMES = new Set(
  ('欧阳 歐陽 司马 司馬 上官 诸葛 諸葛 东方 東方 皇甫 尉迟 尉遲 公孙 公孫 慕容 令狐 长孙 長孫 宇文 司徒 夏侯 轩辕 軒轅 端木 独孤 獨孤 '
    + '南宫 南宮 西门 西門 呼延 澹台 澹臺 钟离 鍾離 鐘離 闻人 聞人 赫连 赫連 拓跋 濮阳 濮陽 淳于 单于 單于 申屠 太史 公冶 百里 万俟 萬俟 '
    + '东郭 東郭 第五 左丘 仲孙 仲孫 叔孙 叔孫 乐正 樂正 漆雕 亓官 司空 司寇 巫马 巫馬 公西 壤驷 壤駟 公良 梁丘 谷梁 穀梁 宰父 羊舌 微生 梁丘').split(' '),
);

/** What stands between a name and an ID written in one cell: spaces, a colon, a comma, a bracket opened before the ID and closed after it. */
const SEP_OPEN = String.raw`[\s:：,，;；、/|(（\[【-]*`;
const SEP_CLOSE = String.raw`[\s:：,，;；、/|)）\]】-]*`;
const ID_LABEL = String.raw`(?:(?:公民)?身份证(?:号码|号)?|身分证(?:号码|号)?|证件号码?|身份号码)?`;
const ID_DIGITS = String.raw`(\d{17}[\dXx]|\d{15})`;
const NAME_THEN_ID = new RegExp(String.raw`^(?:姓名[:：]?)?(\D+?)${SEP_OPEN}${ID_LABEL}${SEP_OPEN}${ID_DIGITS}${SEP_CLOSE}$`);
const ID_THEN_NAME = new RegExp(String.raw`^${ID_LABEL}${SEP_OPEN}${ID_DIGITS}${SEP_CLOSE}(?:姓名[:：]?)?(\D+?)[\s,，;；、]*$`);
const ID_ALONE = new RegExp(String.raw`^${ID_LABEL}${SEP_OPEN}${ID_DIGITS}${SEP_CLOSE}$`);

/**
 * A cell under 姓名及身份证号: the name and the ID (王芳 5304…, 李明5304…, 张强（5304…）, 周杰 身份证：5304…, the ID
 * first, an ID alone with no name). 'no_id' when the cell holds no run of digits (a name alone); null when it
 * cannot be split cleanly (an ID of another length, two numbers, something that is no name).
 */
function splitNameAndId(text: string): { name: string; id: string } | 'no_id' | null {
  // (The number's own spaces and hyphens out: 5304 2419 …)
  const t = toHalfWidth(text).replace(/(?<=\d)[\s-]+(?=[\dXx])/g, '').trim();
  if (!/\d{6}/.test(t)) return 'no_id';
  const alone = ID_ALONE.exec(t);
  if (alone) return { name: '', id: alone[1]!.toUpperCase() };
  const m = NAME_THEN_ID.exec(t);
  const n = m ? null : ID_THEN_NAME.exec(t);
  const name = m ? m[1]! : n ? n[2]! : null;
  const id = m ? m[2]! : n ? n[1]! : null;
  if (name === null || id === null) return null;
  // The name as a name cell is read (a remark after it stays for readNameCell): no more than one person's.
  const read = readNameCell(normalizeName(name), name.trim());
  if (read.problem !== null || !NAME_CHARS.test(read.name)) return null;
  return { name: name.trim(), id: id.toUpperCase() };
}

/** What a group heading names: a place or a unit (华溪镇, 宁州街道, 县水泥厂, 城关镇中心学校), not a person. */
const HEADING_PLACE = /(镇|乡|街道|社区|村委会|村|厂|公司|局|中心|工会|联合会|委员会|办事处|学校|中学|小学|医院|卫生院)$/;
/** A remark in brackets before a name: the remark, and the rest. */
const LEADING_REMARK = /^[(（\[【〔]\s*([^()（）\[\]【】〔〕]+?)\s*[)）\]】〕]\s*(.+)$/;
/** What a 序号 or a heading's number in brackets is: (1), (一), (甲), (a), (Ⅱ), (①). */
const SEQ_MARK = /^(\d+|[一二三四五六七八九十百零〇两]+|[甲乙丙丁戊己庚辛壬癸]|[A-Za-z]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ]+|[①-⑳])$/;

/**
 * A name cell as rosters fill it: 王芳（代领） or 李强(已故) → the name, its remark for the note;
 * 王芳13812345678 → the name and the phone. Held (problem): two names in one cell (张三、李四, 张三 李四), or
 * digits alone.
 */
function readNameCell(cleaned: string, raw: string): { name: string; remark: string | null; phone: string | null; problem: string | null } {
  // Names side by side with spaces (张三 李四): a space inside a name pads it (王 芳, 王　芳 as wide as 三个字), so
  // only parts of two characters or more each are taken for names (the padding was read away as one name: 张三李四).
  // A compound surname and the given name apart (欧阳 娜娜) are one person's.
  const spaced = /\S[\s\u3000]+\S/.test(raw) ? raw.trim().split(/[\s\u3000]+/) : [];
  if (spaced.length > 1 && spaced.every((w) => /^[\u4e00-\u9fff\u3400-\u4dbf]{2,4}$/.test(w)) && !(spaced.length === 2 && COMPOUND_SURNAMES.has(spaced[0]!))) {
    return { name: cleaned, remark: null, phone: null, problem: `“${spaced.join('、')}”一格中有 ${spaced.length} 个姓名，请每人一行（如是一个人的名字，请删去其中的空格）` };
  }
  // The usual name (2–8 characters of a name, on one line): nothing to look at.
  if (NAME_CHARS.test(cleaned) && !raw.includes('\n') && !NAME_PLACEHOLDER.test(cleaned) && !cleaned.includes('\uFFFD')) return { name: cleaned, remark: null, phone: null, problem: null };
  if (/^#(REF!|N\/A|VALUE!|DIV\/0!|NAME\?|NUM!|NULL!)/.test(cleaned)) return { name: cleaned, remark: null, phone: null, problem: `姓名单元格是 Excel 的错误值“${cleaned}”（公式出错）` };
  if (cleaned.includes('\uFFFD')) return { name: cleaned, remark: null, phone: null, problem: `姓名“${cleaned}”中有无法识别的字符（文件的编码有误或已损坏），请让报送单位重新导出` };
  if (NAME_PLACEHOLDER.test(cleaned)) return { name: cleaned, remark: null, phone: null, problem: `姓名为“${cleaned}”，不是人名` };
  if (/\d{15,17}[\dXx]/.test(cleaned)) return { name: cleaned, remark: null, phone: null, problem: `姓名单元格“${cleaned}”中有身份证号，请把号码放到身份证号码列` };
  const lines = raw.split(/[\r\n]+/).map((l) => normalizeName(l)).filter(Boolean);
  // A compound surname on a line of its own (欧阳⏎娜娜, a narrow column wrapped by hand) is no one's whole name: one person.
  const wrappedCompound = lines.length === 2 && COMPOUND_SURNAMES.has(lines[0]!) && /^[\u4e00-\u9fff\u3400-\u4dbf]{1,2}$/.test(lines[1]!);
  if (lines.length > 1 && !wrappedCompound && lines.every((l) => NAME_CHARS.test(l))) return { name: cleaned, remark: null, phone: null, problem: `“${lines.join('、')}”一格中有 ${lines.length} 个姓名，请每人一行` };
  // Marks after a name (张三*, 张三√, 张三、): not part of it.
  const text = cleaned.replace(/[*＊√✓✔、，,。;；]+$/, '') || cleaned;
  const ok = { name: text, remark: null, phone: null, problem: null };
  // A remark in brackets before the name ((代领)赵丽, (遗属)钱红, 【补报】孙强): the name, and the remark for the note, as
  // one after it (helper 84: the people were made with the brackets in their names). Not a number or a letter in
  // brackets ((1)王芳, (一)城关镇, (甲)): a 序号 or a heading, left as it is.
  const lead = LEADING_REMARK.exec(text);
  // A number in brackets before it: a group heading's ((五)华溪镇, a unit: held, no one to pay) or a 序号 written in the
  // name cell ((1)王五: the name; helper 86, both were payees so named).
  if (lead && SEQ_MARK.test(lead[1]!)) {
    const rest = lead[2]!.trim();
    if (HEADING_PLACE.test(rest)) return { ...ok, problem: `“${text}”是分组标题（单位或地名），不是人名；如是该组的小计，请写明“小计”` };
    if (NAME_CHARS.test(rest)) return { ...ok, name: rest };
  }
  if (lead && !SEQ_MARK.test(lead[1]!)) {
    const rest = readNameCell(lead[2]!, lead[2]!);
    if (rest.problem === null && NAME_CHARS.test(rest.name)) return { ...rest, remark: rest.remark === null ? lead[1]! : `${lead[1]!}；${rest.remark}` };
    // (What follows the remark is held as it would be alone: （代领）张三、李四 is two names; helper 86: it was one person.)
    if (rest.problem !== null) return { ...rest, remark: lead[1]! };
  }
  // A remark alone, no name ((代领), 【补报】): no one to pay (helper 86: a person named “(代领)” was made).
  const remarkAlone = /^[(（\[【〔]\s*([^()（）\[\]【】〔〕]+?)\s*[)）\]】〕]$/.exec(text);
  if (remarkAlone && !SEQ_MARK.test(remarkAlone[1]!)) return { ...ok, problem: `姓名单元格只有“${text}”，没有姓名` };
  const bracket = /^(.+?)\s*[(（](.+)[)）]$/.exec(text);
  if (bracket && NAME_CHARS.test(bracket[1]!)) return { ...ok, name: bracket[1]!, remark: bracket[2]!.trim() };
  const withPhone = /^([\u4e00-\u9fff\u3400-\u4dbf·•.]{2,8})\s*(1[3-9]\d{9})$/.exec(text);
  if (withPhone) return { ...ok, name: withPhone[1]!, phone: withPhone[2]! };
  const parts = text.split(/\s*[、,，;；/]\s*/).filter(Boolean);
  if (parts.length > 1 && parts.every((p) => NAME_CHARS.test(p))) return { ...ok, problem: `“${text}”一格中有 ${parts.length} 个姓名，请每人一行` };
  // Digits beside a name are left alone (职工12, 王芳2 told apart from another 王芳); digits alone are no name.
  if (/^\d+$/.test(text)) return { ...ok, problem: `姓名“${text}”只有数字，请核对（是否错列）` };
  return ok;
}

/**
 * A payment date as rosters write it. Besides what parseDate reads: 20170120 typed as a number, and a
 * month alone (2017.1 or 2017.12 typed as numbers, which as Excel day numbers would be 1905; 2017年1月,
 * 2017-01 as text), taken as the month's first day.
 */
/**
 * The payment date a title row states: …花名册（2024年9月12日发放）, 发放时间：2024.9.12. Not a 填报/制表 date (when
 * the form was filled in), nor a year or month alone (2024年9月中秋慰问金: the day is not known).
 */
function titleDateOf(lines: readonly string[]): string | null {
  const DATE = /(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*[日号]?/g;
  for (const line of lines) {
    const t = toSimplified(toHalfWidth(line));
    // Only a line about the payment (…发放, 慰问, 领取); not when the form was filled in, a period (住院时间：…至…,
    // 截至…), nor the meeting or document that decided it.
    if (!/发放|慰问|走访|领取|发给|送温暖|救助金|补助金|助学金/.test(t)) continue;
    if (/填报|填表|制表|打印|报送|上报|审核|盖章|截至|截止|至|到|~|—|－|研究|会议|通知|文件|决定|批准|住院|出院|入学|时间段|期间/.test(t)) continue;
    const dates = [...t.matchAll(DATE)].map((m) => parseDate(`${m[1]}-${m[2]}-${m[3]}`)).filter((d) => d.ok);
    // One date: the payment's; several on one line are not told apart.
    if (dates.length === 1 && dates[0]!.ok) return dates[0]!.iso;
  }
  return null;
}

/**
 * A 填报日期 line: its label (填报日期, 填表日期, 制表日期, 报送日期, 上报日期, 填报时间 …, or 日期 alone where no other
 * word is joined to it: not 出生日期, 发放日期, 打印日期), then the date (2017年1月18日, 2017年元月18日, 2017.1.18,
 * 2017-01-18 as a date cell reads, 二〇一七年元月十八日).
 */
const FILED_ON_RE = new RegExp(
  String.raw`(?:(?:填报|填表|制表|报送|上报)(?:日期|时间)|(?<![\u4e00-\u9fff])日期)[\s:：]*`
  + String.raw`(\d{4}\s*[年.\-/]\s*(?:\d{1,2}|元)\s*[月.\-/]\s*\d{1,2}\s*[日号]?|[〇零O一二三四五六七八九]{4}年[元一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}[日号])`,
);

/**
 * The date a 填报日期 line states (see FILED_ON_RE), or a line that is a date alone (the form's date under its
 * signatures, DATE_ALONE_RE): the first of `lines`; null when none is read.
 */
function filedOnOf(lines: readonly string[]): string | null {
  for (const line of lines) {
    const bare = toHalfWidth(line).replace(ALL_SPACES, '');
    const labelled = line.includes('期') || line.includes('时间') || line.includes('時間') ? FILED_ON_RE.exec(toSimplified(toHalfWidth(line)))?.[1] : undefined;
    const text = labelled ?? (DATE_ALONE_RE.test(bare) ? bare : undefined);
    if (text === undefined) continue;
    const d = parseDate(text.replace(/\s+/g, ''));
    if (d.ok) return d.iso;
  }
  return null;
}

/**
 * The columns the mapping left out whose money, on this row, adds up to `fen` (a 购物卡（元） beside 现金 under a
 * 合计): at most 6 columns looked at, headed as money paid (元, 金额, 卡, 券 …), not as a bill or an income.
 */
function leftOutPart(a: SheetAnalysis, raw: RawCell[], fen: number): number[] | null {
  if (fen <= 0) return null;
  const candidates: { col: number; fen: number }[] = [];
  for (let c = 0; c < raw.length && candidates.length < 6; c++) {
    if ((a.fieldsByCol[c] ?? null) !== null) continue;
    const header = a.headerTexts[c] ?? '';
    if (!/元|金额|款|价|卡|券|资金|慰问|补助|补贴/.test(header) || amountRank(header) <= 0) continue;
    const v = raw[c];
    const f = v === null || v === undefined || (typeof v === 'string' && !/\d/.test(v)) ? null : readAmountCell(v, unitOfCol(a, c)).fen;
    if (f !== null && f > 0) candidates.push({ col: c, fen: f });
  }
  for (let mask = 1; mask < 1 << candidates.length; mask++) {
    let sum = 0;
    for (let k = 0; k < candidates.length; k++) if (mask & (1 << k)) sum += candidates[k]!.fen;
    if (sum === fen) return candidates.filter((_, k) => mask & (1 << k)).map((x) => x.col);
  }
  return null;
}

/** Excel's day numbers of 1950-01-01 and 2100-01-01. */
const DAY_NUMBER_1950 = 18_264;
const DAY_NUMBER_2100 = 73_051;

/**
 * 出生年月 as rosters write it: 1958.01 (a number, as Excel keeps 1958.01 typed), 195801, 1958年1月, a date
 * (the month of it), 19580105 (the whole date as digits): its year and month, or null. A number is never a day number here (1958.01 read so was
 * 1905-05, 195801 the year 2436: helper 44's sweep).
 */
function birthMonthOf(cell: RawCell): string | null {
  if (typeof cell === 'number') {
    if (cell >= 1900 && cell < 2100) return parseYearMonth(String(cell));
    const t = String(cell);
    if (/^(19|20)\d{2}(0[1-9]|1[0-2])$/.test(t)) return `${t.slice(0, 4)}-${t.slice(4)}`;
    // The whole birth date typed as digits (19580105): its month, when it is a real date.
    if (/^(19|20)\d{6}$/.test(t)) {
      const d = parseDate(t);
      return d.ok ? d.iso.slice(0, 7) : null;
    }
    return null;
  }
  return cell === null ? null : parseYearMonth(cell);
}

/** 出生年份 as a year alone (1958 typed as a number, 1958 or 1958年 as text), or null: not a month of it. */
function birthYearOnly(cell: RawCell): number | null {
  if (typeof cell === 'number') return Number.isInteger(cell) && cell >= 1900 && cell < 2100 ? cell : null;
  const m = cell === null ? null : /^((?:19|20)\d{2})年?$/.exec(toHalfWidth(cell).replace(ALL_SPACES, ''));
  return m ? Number(m[1]) : null;
}

const CHINESE_YEAR_DIGITS: Record<string, string> = { 〇: '0', 零: '0', Ｏ: '0', O: '0', o: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

/**
 * 授予年份 as rosters write it: 2005, 2005年, 2005.4 / 2005年4月 (a month after it), a date (2005-04-30, as the readers give
 * an Excel date), a date typed as a General-format day number (38472), 二〇〇五年 / 二零零五年, and two digits ('05, 05年).
 * Two digits: 00 up to this year's two digits are 20xx, the rest 19xx ('98 → 1998, '05 → 2005, '26 in 2025 → 1926, then
 * held as before 1950). A model worker's honour is 1950 or later (EARLIEST_AWARD_YEAR, shared with the register, which
 * refuses an earlier year), so the two readings never both fall in the years a year can be: the window has no ambiguous case. A year after this one, before 1950, or no year at all is a problem (the
 * row is warned, the year not stored), not a silent null (sweep 94).
 */
export function yearAwardedOf(cell: RawCell, thisYear = new Date().getFullYear()): { year: number | null; problem: string | null } {
  if (cell === null) return { year: null, problem: null };
  const shown = typeof cell === 'number' ? String(cell) : cell.trim();
  const check = (y: number): { year: number | null; problem: string | null } => {
    if (y > thisYear) return { year: null, problem: `授予年份“${shown}”（${y}年）晚于今年` };
    if (y < EARLIEST_AWARD_YEAR) return { year: null, problem: `授予年份“${shown}”（${y}年）早于${EARLIEST_AWARD_YEAR}年` };
    return { year: y, problem: null };
  };
  const twoDigits = (yy: number) => (yy <= thisYear % 100 ? 2000 + yy : 1900 + yy);
  const unreadable = { year: null, problem: `授予年份“${shown}”无法识别` };
  if (typeof cell === 'number') {
    if (cell >= 1000 && cell < 3000) return check(Math.floor(cell));
    // A date typed as digits in a number cell (20050430, 200504; helper 96: read as a day number, the year 2448).
    if (Number.isInteger(cell) && ((cell >= 19000101 && cell <= 21001231) || (cell >= 190001 && cell <= 210012))) return check(Number(String(cell).slice(0, 4)));
    if (Number.isInteger(cell) && cell >= 1 && cell < 100) return check(twoDigits(cell));
    // A date Excel keeps as its day number, shown in General format (38472 = 2005-04-30).
    if (cell >= 3000 && cell < 2958466) return check(Number(excelSerialToIso(cell)!.slice(0, 4)));
    return unreadable;
  }
  let t = toHalfWidth(cell).replace(ALL_SPACES, '').replace(/^['‘’`]+/, '');
  if (t === '') return { year: null, problem: null };
  // 二〇〇五年, 二零零五: the digits one by one.
  t = t.replace(/[〇零ＯOo一二三四五六七八九]{2,4}(?=年|$|度)/g, (run) => [...run].map((c) => CHINESE_YEAR_DIGITS[c] ?? c).join(''));
  if (/^\d{5}$/.test(t) && Number(t) >= 3000) return check(Number(excelSerialToIso(Number(t))!.slice(0, 4)));
  // 20050430, 200504: a date written as digits.
  const digits = /^(\d{4})(?:\d{2}|\d{4})$/.exec(t);
  if (digits) return check(Number(digits[1]));
  const four = /(?<!\d)(\d{4})(?!\d)/.exec(t);
  if (four) return check(Number(four[1]));
  // Two digits alone or before 年/年度 or a month: 05, 05年, 05年4月, 05.4.
  const two = /^(\d{2})(?:年度?|[.\-/年]\d{1,2}月?(?:[.\-/]\d{1,2}日?)?|年\d{1,2}月\d{1,2}日)?$/.exec(t);
  if (two) return check(twoDigits(Number(two[1])));
  return unreadable;
}

/**
 * The level an awarding body states plainly: the Party Centre, the State Council or the national federation of trade
 * unions (全国), or a province's, a prefecture's or a county's government, Party committee or federation of trade unions
 * (云南省人民政府, 中共玉溪市委, 华宁县总工会), named as such. Any other body (a company, a bureau, 红塔集团) says nothing
 * sure of the level: null, and the row is warned as before.
 */
export function awardingBodyLevel(text: string | null): string | null {
  if (!text) return null;
  const parts = toSimplified(toHalfWidth(text)).replace(ALL_SPACES, '').split(/[、，,；;\/]+/).filter((x) => x !== '');
  const levels: string[] = [];
  for (const part of parts) {
    if (/^(?:中共中央|党中央|国务院|中华全国总工会|全国总工会|中央军委)$/.test(part)) levels.push('全国');
    else if (/^(?:中共)?[\p{Script=Han}]{0,12}?(?:省|自治区|市|自治州|州|地区|县|自治县|区)(?:人民政府|政府|委员会|委|总工会)$/u.test(part) && !/公司|集团|厂|局|学校|医院/.test(part)) {
      const level = honourLevelOf(part.replace(/^中共/, '').replace(/(?:人民政府|政府|委员会|委|总工会)$/, '') + '劳动模范');
      if (level === null) return null;
      levels.push(level);
    } else return null;
  }
  return levels.sort((a, b) => HONOUR_RANK.indexOf(a) - HONOUR_RANK.indexOf(b))[0] ?? null;
}

function readPaidOn(cell: string | number, dateOf: (text: string) => ReturnType<typeof parseDate>): { ok: true; iso: string; monthOnly: boolean } | { ok: false; message: string } {
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= 19000101 && cell <= 21991231) return withMonthOnly(parseDate(String(cell)), false);
    const unreadable = { ok: false as const, message: `日期“${cell}”无法识别，请写成 2017-01-20、2017.1.20 或 2017年1月20日` };
    if (cell >= 1900 && cell < 2200) {
      const month = parseYearMonth(String(cell));
      return month ? { ok: true, iso: `${month}-01`, monthOnly: true } : unreadable;
    }
    if (Number.isInteger(cell) && cell >= 100_000 && cell <= 999_999) {
      // 202401: a year and month; 240120: yymmdd (as day numbers they are the years 2454 and 2557).
      const t = String(cell);
      const month = /^(19|20|21)\d{2}(0[1-9]|1[0-2])$/.test(t) ? parseYearMonth(`${t.slice(0, 4)}.${t.slice(4)}`) : null;
      if (month) return { ok: true, iso: `${month}-01`, monthOnly: true };
      const d = parseDate(`${t.slice(0, 2)}.${t.slice(2, 4)}.${t.slice(4)}`);
      return d.ok ? withMonthOnly(d, false) : unreadable;
    }
    // A day number as Excel counts them, only for the years a payment can have (1 is 1900-01-01, 2454 is nobody's).
    if (cell < DAY_NUMBER_1950 || cell >= DAY_NUMBER_2100) return unreadable;
    return withMonthOnly(parseDate(cell), false);
  }
  const d = dateOf(cell);
  if (d.ok) return withMonthOnly(d, false);
  const month = parseYearMonth(cell);
  return month ? { ok: true, iso: `${month}-01`, monthOnly: true } : d;
}

function withMonthOnly(d: ReturnType<typeof parseDate>, monthOnly: boolean): { ok: true; iso: string; monthOnly: boolean } | { ok: false; message: string } {
  return d.ok ? { ok: true, iso: d.iso, monthOnly } : { ok: false, message: d.message };
}

/** Read a payment row's fields, clean them, and find what is wrong. Null when the row has no name, ID or amount at all. */
/** One row of a sheet to analyze: its cells, hidden or not, and the numbers its formats show rounded. */
type RowStep = (r: number, raw: RawCell[], hidden?: boolean, shown?: ShownNumbers, struck?: readonly number[]) => void;

function readPaymentRow(rc: RowCtx, raw: RawCell[], r: number, hasEdits: boolean, previous: RawCell[], shown: ShownNumbers | undefined): AnalyzedRow | null {
  const { a, colOf } = rc;
  const edited: ImportField[] = [];
  const valueOf = (field: ImportField): RawCell => {
    if (hasEdits) {
      const key = `${r}:${field}`;
      if (rc.edits.has(key)) {
        edited.push(field);
        return rc.edits.get(key) ?? null;
      }
    }
    const c = colOf[field];
    if (field === 'idNumber' && rc.idSpan) return idCellOf(rc, raw);
    return c === undefined ? null : resolveCell(rc, raw, r, c, field, previous);
  };
  const place = (f: ImportField) => where(a, colOf[f], f);
  const txt = (f: ImportField) => textOf(valueOf(f));
  const v = emptyValues();
  const reasons: ImportReason[] = [];

  let nameRaw = txt('name');
  let idCell = valueOf('idNumber');
  let idPlace = place;
  // A name and an ID in one cell under 姓名及身份证号: split (helper 84: read as an ID of 20 digits, 缺少姓名).
  let combined: { name: string | null; problem: string | null } | null = null;
  if (rc.nameIdCol !== null && nameRaw !== null) {
    const both = splitNameAndId(nameRaw);
    if (both !== 'no_id') {
      combined = both === null
        ? { name: null, problem: `单元格“${nameRaw}”中既有姓名又有身份证号，未能拆分成姓名和身份证号（应为姓名后跟18位或15位身份证号，或号码在前），请报送单位把姓名和身份证号分开填写，或在预览中改正` }
        : { name: both.name, problem: null };
      // The ID column's own, if the roster has one and it is filled (or corrected in the preview).
      if (both !== null && idCell === null) {
        idCell = both.id;
        idPlace = (f) => (f === 'idNumber' ? where(a, rc.nameIdCol!, 'idNumber') : place(f));
      }
      if (both !== null) nameRaw = both.name || null;
    } else if (idCell === null && edited.includes('name')) {
      // The clerk's name typed over the cell in the preview, without the ID: the ID is still the cell's.
      const cell = textOf(raw[rc.nameIdCol] ?? null);
      const own = cell === null ? null : splitNameAndId(cell);
      if (own !== null && own !== 'no_id') {
        idCell = own.id;
        idPlace = (f) => (f === 'idNumber' ? where(a, rc.nameIdCol!, 'idNumber') : place(f));
      }
    }
  }
  v.name = nameRaw === null ? null : normalizeName(nameRaw) || null;
  const id = readIdCell(idCell, idPlace);
  v.idNumber = id.display;
  v.idValid = id.valid;
  v.idGender = id.gender;
  v.idBirthDate = id.birthDate ?? null;
  const genderText = txt('gender');
  // 男（退休）: the remark in brackets aside; （男）: the brackets.
  v.gender = genderText === null ? null : genderOf(genderText);
  if (genderText !== null && v.gender === null) {
    reasons.push(reason('gender_unreadable', 'gender', `${place('gender')}：性别“${genderText}”无法识别（应为“男”或“女”）${v.idNumber ? '，按身份证号登记' : '，未登记性别'}`));
  }
  // 现工作单位 blank on a row of a roster with 原工作单位 beside it: the former one, rather than none (helper 96).
  const unit = txt('unit') ?? (a.formerUnitCol !== undefined && !edited.includes('unit') ? textOf(resolveCell(rc, raw, r, a.formerUnitCol, 'unit', previous)) : null);
  v.unit = unit === null ? null : rc.unitOf(unit) || null;
  v.category = txt('category');
  v.recipientKind = txt('recipientKind');
  const student = txt('studentName');
  v.studentName = student === null ? null : normalizeName(student) || null;
  const phone = valueOf('phone');
  v.phone = phone === null ? null : typeof phone === 'number' ? String(phone) : collapseSpaces(toHalfWidth(phone)) || null;
  // 139 0000 3333, 139-0000-3333: the number (an extension or two numbers keep their words).
  if (v.phone !== null && /^[\d\s-]+$/.test(v.phone)) v.phone = v.phone.replace(/[\s-]/g, '');
  // 1.38123E+10: a number Excel cut, copied as text; its last digits are gone.
  if (v.phone !== null && /^\d(\.\d+)?E\+?\d+$/i.test(v.phone)) {
    reasons.push(reason('phone_lost', 'phone', `${place('phone')}：电话“${v.phone}”是被 Excel 截断的科学计数法，后几位已丢失，未导入电话`));
    v.phone = null;
  }
  const bank = valueOf('bankAccount');
  const bankText = typeof bank === 'string' ? toHalfWidth(bank).replace(ALL_SPACES, '').replace(/^[='](?=\d+$)/, '') : null;
  if (typeof bank === 'number' && bank >= 1e15) {
    reasons.push(reason('bank_account_lost', 'bankAccount', `${place('bankAccount')}：银行卡号被 Excel 存成了数字（${bank.toExponential(5).toUpperCase()}），后几位已丢失，未导入卡号`));
    v.byBank = true;
  } else if (bankText !== null && /^\d(\.\d+)?E\+?\d+$/i.test(bankText)) {
    // 6.22848E+18 as text (a CSV, or a number Excel had cut, copied as text): the same loss.
    reasons.push(reason('bank_account_lost', 'bankAccount', `${place('bankAccount')}：银行卡号“${bankText}”是被 Excel 截断的科学计数法，后几位已丢失，未导入卡号`));
    v.byBank = true;
  } else if (bank !== null) {
    v.bankAccount = (typeof bank === 'number' ? String(bank) : bankText) || null;
    v.byBank = v.bankAccount !== null;
  }
  // 发放方式 as written, in either script (現金, 銀行轉賬, 打卡, 转账): it decides, over a card number written or not
  // (helper 48: the column was not read, every row was stored 现金).
  const methodText = txt('method');
  if (methodText !== null) {
    const m = codeKey(methodText);
    const { cash, bank, closed, pending, inactive } = methodWords(m, bankText === null ? '' : codeKey(bankText));
    if (cash && !bank) v.byBank = false;
    else if (!cash && (bank || closed || pending || inactive)) {
      v.byBank = true;
      // A transfer to an account closed or lost, or with its number to come, cannot go through as written: warned with the
      // unreadable method's code (cash written beside it, 现金（卡已注销）, is cash; helper 64).
      if (closed) reasons.push(reason('method_unreadable', 'method', `${place('method')}：发放方式“${methodText}”写明账户已销户、注销、挂失或冻结，按银行转账导入，转账可能无法到账，请核对`));
      else if (pending) reasons.push(reason('method_unreadable', 'method', `${place('method')}：发放方式“${methodText}”写明还没有卡号，按银行转账导入，发放前请补齐银行卡号`));
      else if (inactive) reasons.push(reason('method_unreadable', 'method', `${place('method')}：发放方式“${methodText}”写明卡未激活，按银行转账导入，转账可能无法到账，请核对`));
    } else reasons.push(reason('method_unreadable', 'method', `${place('method')}：发放方式“${methodText}”无法识别，按${v.byBank ? '银行转账（写有银行卡号）' : '现金'}导入，请核对`));
  }
  // A 银行卡号 cell with no number (卡号：待补, 待补, 暂无, 无) or an account closed (已销户, 6217…（已销户）), for a transfer:
  // warned as the same words in 发放方式 are, once (helper 71: stored 银行转账 silently, the words only copied to 备注).
  if (v.byBank && v.bankAccount !== null && bankText !== null && !reasons.some((x) => x.code === 'method_unreadable')) {
    const card = codeKey(bankText);
    const closedCard = accountClosed(card) && !accountReplaced(card);
    if (closedCard) reasons.push(reason('method_unreadable', 'bankAccount', `${place('bankAccount')}：银行卡号“${bankText}”写明账户已销户、注销、挂失或冻结，按银行转账导入，转账可能无法到账，请核对`));
    else if (card.replace(/\D/g, '').length < 8 && NO_CARD_NUMBER.test(card.replace(/^(?:银行)?卡号[:：]?/, ''))) reasons.push(reason('method_unreadable', 'bankAccount', `${place('bankAccount')}：银行卡号“${bankText}”里没有卡号，按银行转账导入，发放前请补齐银行卡号`));
  }
  v.address = txt('address');
  v.school = txt('school');
  if (hasEdits && rc.edits.has(`${r}:note`)) {
    const e = rc.edits.get(`${r}:note`) ?? null;
    edited.push('note');
    v.note = e === null ? null : collapseSpaces(e) || null;
  } else if (rc.noteCols.length > 0) {
    const notes = rc.noteCols.map((c) => textOf(resolveCell(rc, raw, r, c, 'note', previous))).filter((t): t is string => t !== null);
    v.note = notes.length ? notes.join('；') : null;
  }
  v.honourTitle = txt('honourTitle');
  const levelText = txt('honourLevel');
  const columnLevel = honourLevelOf(levelText) ?? levelText;
  const titleLevel = honourLevelOf(v.honourTitle);
  // The title against a 荣誉级别 column that says another level (全国劳动模范 | 省部级, 玉溪市劳动模范 | 全国; sweep 94: the
  // column won, silently): the title's, warned. The title is what the certificate says, copied from it; the level is the
  // clerk's own classification typed beside it, and the 三金/两金 tier and the model-worker table follow the honour itself.
  // A level the clerk typed in the preview is the clerk's decision and wins.
  const levelEdited = edited.includes('honourLevel');
  let levelConflict: string | null = null;
  // (A title naming several honours, 云南省劳动模范、全国五一劳动奖章: the column says which one counts, as before; helper 96.)
  const oneHonour = v.honourTitle !== null && !/[、，,；;\/]|和|及/.test(v.honourTitle);
  if (oneHonour && titleLevel !== null && columnLevel !== null && titleLevel !== columnLevel && HONOUR_RANK.includes(columnLevel) && !levelEdited) {
    levelConflict = columnLevel;
    v.honourLevel = titleLevel;
  } else v.honourLevel = columnLevel ?? titleLevel;
  // No level in a column or the title (劳动模范 | 云南省人民政府): the awarding body's, when it is plainly a government's,
  // a Party committee's or a trade union federation's (国务院, 中华全国总工会 → 全国; 云南省人民政府 → 省部级; 玉溪市人民政府 → 州市级).
  const body = txt('awardedBy');
  v.awardedBy = body;
  if (v.honourLevel === null && v.honourTitle !== null && levelText === null) v.honourLevel = awardingBodyLevel(body);
  const yearCell = valueOf('yearAwarded');
  const yearRead = yearAwardedOf(yearCell);
  v.yearAwarded = yearRead.year;
  // No year column: a year written with the honour (何时何地获何种荣誉: 2010年全国劳动模范).
  if (colOf.yearAwarded === undefined && yearCell === null && v.honourTitle !== null) {
    const inTitle = /(?<!\d)((?:19|20)\d{2})年/.exec(toHalfWidth(v.honourTitle));
    if (inTitle && yearAwardedOf(inTitle[1]!).problem === null) v.yearAwarded = Number(inTitle[1]);
  }
  const birth = valueOf('birthMonth');
  // 出生年份 (or 出生年月 holding a year alone: 1958, 1958年): a year, compared with the ID's year (sweep 94: 无法识别).
  const birthYear = birth === null ? null : birthYearOnly(birth);
  v.birthMonth = birth === null || birthYear !== null ? null : birthMonthOf(birth);
  const birthUnread = birth !== null && birthYear === null && v.birthMonth === null && textOf(birth) !== null;
  // A name cell holding more than a name.
  let nameProblem: ImportReason | null = null;
  const ownName = colOf.name === undefined ? null : (raw[colOf.name] ?? null);
  if (v.name !== null && typeof ownName === 'string' && isDitto(ownName)) {
    // 同上 under 姓名: the row above's person paid again, or a name left out. Neither is taken on trust.
    // On a student roster the payee is a parent, paid once per child: 同上 beside a child of the row's own is the same
    // parent for another child (helper 84: held as 同一人不应在本表领两次), when the ID is the one above too.
    const studentOwn = colOf.studentName === undefined ? null : (raw[colOf.studentName] ?? null);
    const child = typeof studentOwn === 'string' && !isBlankText(studentOwn) && !isDitto(studentOwn);
    const idOwn = colOf.idNumber === undefined || rc.idSpan ? null : (raw[colOf.idNumber] ?? null);
    const sameId = colOf.idNumber === undefined || (typeof idOwn === 'string' && isDitto(idOwn))
      || (idOwn !== null && v.idNumber !== null && readIdCell(previous[colOf.idNumber] ?? null, place).display === v.idNumber);
    if (!child) {
      nameProblem = reason('name_unreadable', 'name', `${place('name')}：姓名写的是“${ownName.trim()}”（同上一行的“${v.name}”），请写明姓名；同一人不应在本表领两次`);
    } else if (!sameId) {
      // (A blank ID is no other ID: said as it is; helper 86.)
      nameProblem = reason('name_unreadable', 'name', idOwn === null
        ? `${place('name')}：姓名写的是“${ownName.trim()}”（同上一行的“${v.name}”），但本行没有身份证号，无法确定是谁，请写明姓名和身份证号`
        : `${place('name')}：姓名写的是“${ownName.trim()}”（同上一行的“${v.name}”），但本行的身份证号与上一行不同，无法确定是谁，请写明姓名`);
    }
  }
  if (combined?.problem) nameProblem = reason('name_unreadable', 'name', `${place('name')}：${combined.problem}`);
  let nameRemark: string | null = null;
  const columnNote = v.note;
  if (v.name !== null && nameProblem === null) {
    const nameCell = combined ? combined.name : valueOf('name');
    const n = readNameCell(v.name, typeof nameCell === 'string' ? nameCell : v.name);
    if (n.problem !== null) nameProblem = reason('name_unreadable', 'name', `${place('name')}：${n.problem}`);
    else {
      v.name = n.name;
      nameRemark = n.remark;
      if (n.remark !== null) v.note = v.note === null ? n.remark : `${n.remark}；${v.note}`;
      if (n.phone !== null && v.phone === null) v.phone = n.phone;
    }
  }

  // The amounts.
  const amountCol = colOf.amount;
  let amountCell = valueOf('amount');
  // A figure computed in a cell formatted as a date (=200*100 under m/d shows 1954/10/3): the reader gives the date and
  // keeps the number beside it; the amount is the number, said (helpers 44 and 46).
  // The same for 慰问品金额 and a row's 合计 (helper 48: a goods value =100*2 under m/d was held as 1900-07-18).
  // A date from 2000 on is a date (a row one column off puts 发放日期 2024/1/10 under 金额: it was stored as 45,301 元,
  // helper 49): held as an amount not read. Before 2000 (18,264 元 and up is 1950 on) no payment is dated, an amount is.
  const behindDate = (col: number | undefined, cell: RawCell, field: ImportField): number | null =>
    typeof cell === 'string' && col !== undefined && !edited.includes(field) && raw[col] === cell && /^\d{4}-\d{2}-\d{2}/.test(cell) && cell < '2000'
      && typeof shown?.[col] === 'number' ? shown[col]! : null;
  let dateFormatted: string | null = null;
  const amountNumber = behindDate(amountCol, amountCell, 'amount');
  if (amountNumber !== null) {
    dateFormatted = amountCell as string;
    amountCell = amountNumber;
  }
  let cash = readAmountCell(amountCell, unitOfCol(a, amountCol));
  // A date under 金额 (from 2000 on; behindDate): said with its number, which may be an amount after all (40,000 under m/d).
  const heldDate = typeof amountCell === 'string' && amountCol !== undefined && /^\d{4}-\d{2}-\d{2}/.test(amountCell) && typeof shown?.[amountCol] === 'number' ? shown[amountCol]! : null;
  if (heldDate !== null && cash.fen === null) {
    cash = { ...cash, problem: 'amount_unreadable', message: `金额单元格中是日期 ${amountCell}（其数值为 ${heldDate}）：若是错列，请改正；若是金额，请把该列设为数字格式后重新导入，或在预览中改正金额` };
  }
  // The cell's format shows the amount rounded (=500/3 as 166.67, 166.67 as 167): the figure the clerk and the payee
  // saw. A value not exact to the fen is read as shown; one exact to the fen is kept; either way the clerk is told.
  const shownAmount = shown && amountCol !== undefined && typeof amountCell === 'number' && !edited.includes('amount') && dateFormatted === null ? shown[amountCol] : undefined;
  let roundedNote: ImportReason | null = null;
  if (shownAmount !== undefined && typeof amountCell === 'number') {
    const asShown = readAmountCell(shownAmount, unitOfCol(a, amountCol));
    if (cash.fen === null && asShown.fen !== null) {
      cash = asShown;
      roundedNote = reason('amount_display_rounded', 'amount', `${place('amount')}：金额的实际数值是 ${Number(amountCell.toFixed(6))}，单元格显示为 ${shownAmount}，按显示的 ${yuanText(asShown.fen)} 导入，请核对`);
    } else if (cash.fen !== null) {
      roundedNote = reason('amount_display_rounded', 'amount', `${place('amount')}：金额单元格显示为 ${shownAmount}，实际数值是 ${amountCell}，按 ${yuanText(cash.fen)} 导入，请核对`);
    }
  }
  let goodsProblem: ImportReason | null = null;
  let goodsAmountCell = valueOf('goodsAmount');
  const goodsNumber = behindDate(colOf.goodsAmount, goodsAmountCell, 'goodsAmount');
  const goodsDateFormatted = goodsNumber === null ? null : (goodsAmountCell as string);
  if (goodsNumber !== null) goodsAmountCell = goodsNumber;
  if (goodsAmountCell !== null) {
    const g = readAmountCell(goodsAmountCell, unitOfCol(a, colOf.goodsAmount));
    // 米油200元, 大米一袋（100元）: what the goods are, and their value.
    const described = g.fen === null && typeof goodsAmountCell === 'string' ? /^\s*([^\d]*[\u4e00-\u9fff][^\d]*?)\s*[（(]?\s*(\d[\d,]*(?:\.\d{1,2})?)\s*元\s*[)）]?\s*$/.exec(toHalfWidth(goodsAmountCell)) : null;
    const describedFen = described ? readAmountCell(`${described[2]}元`, null).fen : null;
    if (g.fen !== null) v.goodsFen = g.fen;
    else if (described && describedFen !== null) {
      v.goodsFen = describedFen;
      v.goodsDesc = described[1]!.trim();
    } else if (g.problem === 'amount_unreadable') goodsProblem = reason('amount_unreadable', 'goodsAmount', `${place('goodsAmount')}：${g.message}`);
  }
  const goodsDescs: string[] = [];
  for (const gc of rc.goodsCols) {
    const goodsCell = gc === colOf.goods ? valueOf('goods') : resolveCell(rc, raw, r, gc, 'goods', previous);
    if (goodsCell === null) continue;
    // 慰问品 holds a description (大米一袋) or a value (200元).
    const numeric = typeof goodsCell === 'number' || (/\d/.test(goodsCell) && !/[\u4e00-\u9fff]/.test(goodsCell.replace(/万|萬|元|圆|整/g, '')));
    // A count, not money: under 慰问品（份）/（件）/数量, or a bare 1 or 2 (no one is given goods worth 2 元).
    const header = toSimplified(a.headerTexts[gc] ?? '');
    const countUnit = /元|金额|价/.test(header) ? null : (/[(（]\s*(份|件|袋|桶|箱|个|套|张|床|盒|斤|公斤|瓶|条)\s*[)）]|数量/.exec(header)?.[1] ?? (/数量/.test(header) ? '' : null));
    const count = numeric && typeof goodsCell === 'number' && Number.isInteger(goodsCell) && goodsCell > 0 && (countUnit !== null || goodsCell < 10) ? goodsCell
      : numeric && typeof goodsCell === 'string' && /^\s*\d+\s*$/.test(goodsCell) && (countUnit !== null || Number(goodsCell) < 10) ? Number(goodsCell) : null;
    if (count !== null) {
      // The item the column names (慰问品/大米（袋） → 大米), unless it is only 慰问品 or 数量.
      const item = header.replace(/^.*\//, '').replace(/[(（][^)）]*[)）]/g, '').replace(ALL_SPACES, '').replace(/^(慰问品|慰问物资|物品|实物|数量|份数|件数)$/, '');
      // A 数量 column after the goods' name (品名 | 数量): the name's count (大米×2).
      if (item === '' && goodsDescs.length > 0) goodsDescs[goodsDescs.length - 1] += countUnit ? `${count}${countUnit}` : `×${count}`;
      else goodsDescs.push(`${item}${count}${countUnit || '份'}`);
      continue;
    }
    const g = numeric ? readAmountCell(goodsCell, null) : null;
    if (g && g.fen !== null) {
      if (v.goodsFen === null) v.goodsFen = g.fen;
    } else {
      const text = textOf(goodsCell);
      // (A mark for none, —, 无 or /, names no goods; helper 86: stored as the goods' description.)
      if (text && !NONE_MARK.test(text.replace(ALL_SPACES, ''))) goodsDescs.push(text);
    }
  }
  if (goodsDescs.length > 0) v.goodsDesc = goodsDescs.join('、');
  const split = !rc.delimited || amountCol === undefined || edited.includes('amount') ? null : splitByComma(raw, amountCol);
  if (split !== null) {
    reasons.push(reason('amount_unreadable', 'amount', `${place('amount')}：金额“${split}”中的千位逗号被当成了列的分隔符（CSV 中这样的金额须加引号），本行其后各列都已错位，请报送单位改正后重新导出，或在预览中改正金额`));
  } else if (cash.fen !== null) {
    v.amountFen = cash.fen;
    const unit = cash.scaled === '万' ? '万元' : cash.scaled;
    if (unit !== null && cash.fen > WAN_IMPLAUSIBLE_FEN) {
      // 600 under a （万元） header: 6,000,000 元 to one person is a unit written wrong, not a payment.
      v.amountFen = null;
      reasons.push(reason('amount_unreadable', 'amount', `${place('amount')}：金额“${textOf(amountCell)}”按“${unit}”计为 ${yuanText(cash.fen)}，不合常理，请核对金额的单位（元还是${unit}）`));
    } else if (cash.scaled === '万') reasons.push(reason('amount_in_wan', 'amount', `${place('amount')}：金额“${textOf(amountCell)}”以“万”为单位，按 ${yuanText(cash.fen)} 导入，请核对`));
    else if (cash.scaled === '千元') reasons.push(reason('amount_in_thousands', 'amount', `${place('amount')}：金额“${textOf(amountCell)}”以“千元”为单位（见表头），按 ${yuanText(cash.fen)} 导入，请核对`));
    // 0.06 under a plain 金额 header: no relief is a few yuan; most likely 万元 that the roster does not say, or a slip.
    else if (cash.fen > 0 && cash.fen < SMALL_AMOUNT_FEN) reasons.push(reason('amount_small', 'amount', `${place('amount')}：金额只有 ${formatYuan(cash.fen)} 元，不足 10 元，请核对（是否以万元为单位，或小数点位置有误）`));
    if (cash.fen < 0) reasons.push(reason('negative_amount', 'amount', `${place('amount')}：金额为负数（${yuanText(cash.fen)}）；冲正请在台账中使用“冲正”`));
    // 0 with no goods beside it pays nothing: held, not a payment of 0 counted as a 人次 on the annual form (helper 84).
    // (Goods described without a value, 大米一袋, are still a payment.)
    if (cash.fen === 0 && !v.goodsFen) {
      // (Goods named without a value, 大米一袋, are held as with an empty amount beside them: the value is to be written;
      // helper 86: the one was a payment of 0, the other held.)
      reasons.push(reason('missing_amount', 'amount', v.goodsDesc === null
        ? `${place('amount')}：金额为 0，本行没有发放任何钱物，请核对（不发放的人员请从花名册中删去）`
        : `${place('amount')}：金额为 0，慰问品“${v.goodsDesc}”没有写金额，请补填慰问品金额`));
    }
  } else if (cash.problem === 'amount_unreadable') {
    reasons.push(reason('amount_unreadable', 'amount', `${place('amount')}：${cash.message}`));
    const text = textOf(amountCell);
    if (text !== null) v.amountText = text;
  } else if (v.goodsFen === null || v.goodsFen === 0) {
    // (Goods of 0 beside it are no payment either: the row was a warned 0-yuan payment, counted as a 人次 in the annual
    // form; helper 83.)
    const mergedFrom = amountCol === undefined ? undefined : rc.mergedHeld.get(r * KEY_ROW + amountCol);
    // A 合计 left blank beside its parts: the parts' sum is said, for the clerk to write in (not taken unasked).
    const parts = cash.problem === 'missing_amount' && !edited.includes('amount') && a.totalPartCols?.length ? totalPartsOf(a, raw) : null;
    reasons.push(reason('missing_amount', 'amount', amountCol === undefined && !edited.includes('amount') && colOf.goods === undefined && colOf.goodsAmount === undefined
      ? '没有金额列：请在列对应中指定金额列'
      : mergedFrom !== undefined
        ? `${place('amount')}：金额单元格与第 ${mergedFrom} 行合并，无法确定本行金额，请逐行填写`
        : parts !== null && parts.fen > 0
          ? `${place('amount')}：${cash.message}，而${parts.cols}相加是 ${yuanText(parts.fen)}；如应发此数，请在预览中填写金额`
          : `${place('amount')}：${cash.message}`));
  }
  // The amount column holds the goods listed under it (发放金额 | 其中：慰问品): the cash is the rest; goods worth more
  // than the whole cannot be part of it.
  if (a.goodsInAmount && v.amountFen !== null && v.goodsFen !== null && v.goodsFen > 0) {
    if (v.goodsFen <= v.amountFen) v.amountFen -= v.goodsFen;
    else reasons.push(reason('row_total_mismatch', 'goodsAmount', `${place('goodsAmount')}：慰问品 ${yuanText(v.goodsFen)} 列在“其中”下，却多于${place('amount')}的 ${yuanText(v.amountFen)}，请核对`));
  }
  if (roundedNote) reasons.push(roundedNote);
  if (dateFormatted !== null && cash.fen !== null) {
    reasons.push(reason('amount_display_rounded', 'amount', `${place('amount')}：金额单元格设成了日期格式（Excel 把 ${yuanText(cash.fen).replace(/元$/, '')} 显示成日期），按其数值 ${yuanText(cash.fen)} 导入，请把该列设为数字格式并核对`));
  }
  if (goodsDateFormatted !== null && v.goodsFen !== null) {
    reasons.push(reason('amount_display_rounded', 'goodsAmount', `${place('goodsAmount')}：慰问品金额单元格设成了日期格式（Excel 把 ${yuanText(v.goodsFen).replace(/元$/, '')} 显示成日期），按其数值 ${yuanText(v.goodsFen)} 导入，请把该列设为数字格式并核对`));
  }
  if (goodsProblem) reasons.push(goodsProblem);
  if (v.goodsFen !== null && v.goodsFen < 0) reasons.push(reason('negative_amount', 'goodsAmount', `${place('goodsAmount')}：慰问品金额为负数（${yuanText(v.goodsFen)}）`));
  // A figure in a money column left out (the clerk's corrected amount stands).
  for (const c of edited.includes('amount') ? [] : a.leftOutAmountCols) {
    const other = readAmountCell(raw[c] ?? null, unitOfCol(a, c)).fen;
    if (other !== null && other > 0) {
      reasons.push(reason('amount_left_out', 'amount', `${where(a, c, 'amount')}：本行还有 ${yuanText(other)} 没有导入（只导入了${place('amount')}）；如两列都应发放，请在预览中改正金额为两列之和，或在列对应中指定金额列`));
    }
  }
  // The row's own 合计 (医疗救助金 | 生活救助金 | 合计, 现金 | 购物卡 | 合计): what is imported must add up to it,
  // or a money column the mapping left out would be lost without a word.
  // Held only when the difference is exactly what money columns the mapping left out hold on this row (a 合计
  // of something else — a bill, a group of costs — differs from the amount paid without saying anything).
  const rowTotalRead = colOf.rowTotal === undefined ? null : valueOf('rowTotal');
  const rowTotalCell = behindDate(colOf.rowTotal, rowTotalRead, 'rowTotal') ?? rowTotalRead;
  if (rowTotalCell !== null && (v.amountFen !== null || v.goodsFen !== null)) {
    const stated = readAmountCell(rowTotalCell, unitOfCol(a, colOf.rowTotal)).fen;
    const imported = (v.amountFen ?? 0) + (v.goodsFen ?? 0);
    const missing = stated === null || stated === imported ? null : leftOutPart(a, raw, stated - imported);
    if (missing) {
      const cols = missing.map((c) => where(a, c, 'amount')).join('、');
      reasons.push(reason('row_total_mismatch', 'amount', `${place('rowTotal')}：本行合计 ${yuanText(stated!)}，导入的金额${v.goodsFen ? '（现金加慰问品）' : ''}是 ${yuanText(imported)}，差额 ${yuanText(stated! - imported)} 正是${cols}的数，该列没有导入；请在列对应中对应它（如“慰问品金额”），或在预览中改正金额`));
    }
  }

  // The parts of the 合计 imported (the clerk's corrected amount stands): a row whose parts add up to another figure.
  if (v.amountFen !== null && !edited.includes('amount') && a.totalPartCols?.length) {
    const parts = totalPartsOf(a, raw);
    if (parts !== null && parts.fen !== v.amountFen) {
      reasons.push(reason('row_total_mismatch', 'amount', `${place('amount')}：本行合计 ${yuanText(v.amountFen)}，而${parts.cols}相加是 ${yuanText(parts.fen)}，差 ${yuanText(v.amountFen - parts.fen)}；请核对哪个数填错了，在预览中改正金额后再导入`));
    }
  }

  if (v.name === null && v.idNumber === null && !v.amountFen && !v.goodsFen && !hasEdits) return null;
  if (v.name === null) {
    const nameFrom = colOf.name === undefined ? undefined : rc.mergedHeld.get(r * KEY_ROW + colOf.name);
    reasons.unshift(reason('missing_name', 'name', nameFrom === undefined
      ? `${place('name')}：缺少姓名`
      : `${place('name')}：姓名单元格与第 ${nameFrom} 行合并（一人占了几行？），无法确定本行是谁，请逐行填写姓名`));
  }
  else if (nameProblem) reasons.unshift(nameProblem);
  if (id.problem) reasons.push(id.problem);
  if (v.gender && v.idGender && v.gender !== v.idGender) {
    reasons.push(reason('gender_mismatch', 'gender', `${place('gender')}：性别填写为“${v.gender}”，但身份证号 ${v.idNumber} 显示为“${v.idGender}”`));
  }
  // An honour whose level cannot be told makes no model-worker record (commit): said, not left to be found missing (helper 48).
  if ((v.honourTitle !== null || txt('honourLevel') !== null) && !(HONOUR_RANK as readonly (string | null)[]).includes(v.honourLevel)) {
    const field = txt('honourLevel') !== null ? 'honourLevel' : 'honourTitle';
    reasons.push(reason('honour_level_unknown', field, `${place(field)}：未能从“${txt(field)}”看出荣誉级别（全国、省部级、州市级、县级），本行不登记劳模档案；请写明级别或在劳模名册中补登`));
  }
  if (levelConflict !== null) {
    reasons.push(reason('honour_level_mismatch', 'honourLevel', `${place('honourLevel')}：荣誉级别填写为“${levelText}”，但称号“${v.honourTitle}”是${titleLevel}荣誉，按称号登记为${titleLevel}；如级别无误，请核对称号或在预览中改写级别`));
  }
  if (yearRead.problem !== null) {
    reasons.push(reason('year_awarded_unreadable', 'yearAwarded', `${place('yearAwarded')}：${yearRead.problem}，未登记授予年份，请核对`));
  }
  // 出生年月 (model-worker rosters) against the ID's: one of the two is wrong, or the ID is another person's (helper 41's sweep).
  if (birthYear !== null && v.idBirthDate && Number(v.idBirthDate.slice(0, 4)) !== birthYear) {
    reasons.push(reason('birth_mismatch', 'birthMonth', `${place('birthMonth')}：出生年份填写为 ${birthYear}年，但身份证号 ${v.idNumber} 显示出生于 ${v.idBirthDate}，请核对`));
  } else if (birthUnread) {
    reasons.push(reason('birth_mismatch', 'birthMonth', `${place('birthMonth')}：出生年月“${textOf(birth)}”无法识别，请核对`));
  } else if (v.birthMonth && v.idBirthDate && v.idBirthDate.slice(0, 7) !== v.birthMonth) {
    const [y, m] = v.birthMonth.split('-');
    reasons.push(reason('birth_mismatch', 'birthMonth', `${place('birthMonth')}：出生年月填写为 ${y}年${Number(m)}月，但身份证号 ${v.idNumber} 显示出生于 ${v.idBirthDate}，请核对`));
  }
  // Said to have died (李强（已故）, 备注 已故 / 本人已去世) or a 两金/三金 said to have stopped (两金（2023年已停发）), yet
  // listed with money: warned, not dropped (a note that also voids the row, 已故，不发, skipped it above). Not money said
  // to go to the survivors, in the name's bracket or in 备注 (遗属, 家属代领, 其妻领取 …; helper 101: 吕梅（已故） with
  // 备注 家属代领 was warned), nor a death of someone else (张一（父亲去世）, 已故劳模之子): only words about the person.
  const money = (v.amountFen ?? 0) > 0 || (v.goodsFen ?? 0) > 0;
  const survivors = (t: string | null) => t !== null && SURVIVORS_RE.test(t) && !NO_ONE_RE.test(t);
  const deceasedIn = !money || survivors(nameRemark) || survivors(columnNote) ? undefined : [nameRemark, columnNote].find((t) => t !== null && saysDeceased(t));
  if (deceasedIn !== undefined && deceasedIn !== null) {
    const field: ImportField = deceasedIn === nameRemark ? 'name' : 'note';
    reasons.push(reason('payee_deceased', field, `${place(field)}：注明“${deceasedIn}”，本行仍列有金额：如是发给遗属，请在备注中写明领取人；否则请核对是否应发放`));
  }
  // A 两金/三金 said to have stopped, in 类别 or in 备注, as the commit reads it to store no kind (readSubsidyKind): not a
  // change to the other (两金停发，转三金; 三金（两金已停发）), a negation (两金（未停发）), the employer's state
  // (两金（企业已停产）), an end to come (2099年到期), nor said not to apply (不享受两金, 无两金: no stop, paid for another thing).
  const stop = money && v.category !== null && NAMES_SUBSIDY_RE.test(v.category) ? readSubsidyKind(v.category, v.note).stoppedIn : null;
  // (On a model-worker row the commit makes or completes a record: it gets no 补助类别 from this row.)
  const noKind = v.honourLevel !== null && HONOUR_RANK.includes(v.honourLevel) ? '，导入时不据此登记劳模的补助类别' : '';
  if (stop === 'category') {
    reasons.push(reason('subsidy_stopped', 'category', `${place('category')}：类别写明“${v.category}”，两金/三金已不再发放，本行仍列有金额，请核对是否应发放${noKind}`));
  } else if (stop === 'note') {
    // In 备注, or in the name's remark that the note begins with (甲一（两金已停发）).
    const inColumn = columnNote !== null && readSubsidyKind(v.category, columnNote).stoppedIn === 'note';
    const field: ImportField = inColumn || nameRemark === null ? 'note' : 'name';
    const said = field === 'note' ? (columnNote ?? v.note) : nameRemark;
    reasons.push(reason('subsidy_stopped', field, `${place(field)}：注明“${said}”，类别“${v.category}”的补助已不再发放，本行仍列有金额，请核对是否应发放${noKind}`));
  }
  const dateCell = valueOf('paidOn');
  if (dateCell === null && a.titleDate !== null) v.paidOn = a.titleDate;
  else if (dateCell === null && colOf.paidOn !== undefined) {
    reasons.push(reason('date_missing', 'paidOn', `${place('paidOn')}：发放日期为空，按本次导入的默认发放日期登记，请核对`));
  } else if (dateCell !== null) {
    let d = readPaidOn(dateCell, rc.dateOf);
    // 1月20日, 元月20日 with no year: the year the title names (2024年春节送温暖…), said so.
    const monthDay = !d.ok && typeof dateCell === 'string' ? /^\s*(\d{1,2}|元)\s*月\s*(\d{1,2})\s*[日号]?\s*$/.exec(toHalfWidth(dateCell)) : null;
    const titleYear = monthDay ? /((?:19|20)\d{2})\s*年/.exec(a.titleLines.join(' '))?.[1] : undefined;
    if (monthDay && titleYear) {
      const withYear = parseDate(`${titleYear}年${monthDay[1]}月${monthDay[2]}日`);
      if (withYear.ok) {
        d = { ok: true, iso: withYear.iso, monthOnly: false };
        reasons.push(reason('date_month_only', 'paidOn', `${place('paidOn')}：日期“${textOf(dateCell)}”没有写年份，按标题中的 ${titleYear} 年登记为 ${withYear.iso}，请核对`));
      }
    }
    if (!d.ok) reasons.push(reason('date_unreadable', 'paidOn', `${place('paidOn')}：${d.message}${monthDay ? '（没有写年份）' : ''}`));
    else {
      v.paidOn = d.iso;
      if (d.monthOnly) reasons.push(reason('date_month_only', 'paidOn', `${place('paidOn')}：日期“${textOf(dateCell)}”只写到月份，按 ${d.iso} 导入，请核对`));
    }
  }
  return { sheetIndex: a.index, row: r, skip: false, reasons, v, edited: edited.length ? edited : NO_FIELDS, statedFen: null, personId: null, checkReasons: NO_REASONS, paidOn: null, status: 'ok' };
}

/**
 * Same ID twice in the file (any sheets): every such row is held. Rows without an ID: same name and unit.
 * Rows are added in order (`add`, as they are analysed: the stream adds them while the file is still
 * being read), then `mark` gives each row whose key came more than once its reason.
 */
/** FNV-1a of a text's UTF-16 code units (a table slot for a name). */
function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

class DuplicateKeys {
  // By ID, and by name and unit for rows without one; a key seen once keeps its row alone (most keys).
  private readonly byId = new Map<string, AnalyzedRow | AnalyzedRow[]>();
  private readonly byName = new Map<string, AnalyzedRow | AnalyzedRow[]>();
  /**
   * Rows with a valid ID and a unit, for namesakes: the first row of each name sits in an open-addressing table of
   * row slots keyed by a hash of the (folded) name, ~1 MB for any roster; only names met again go into
   * `byNameWithId`. A Map of every name held ~5 MB more at the import's peak (the bench: 293–300 against 275–292 MB).
   */
  private readonly firstOfName: AnalyzedRow[] = [];
  /**
   * The hash of each first row's folded name (by its place in firstOfName): a slot whose name hashes otherwise is
   * passed over without folding its name again, and the table grows without folding them all again.
   */
  private firstHash = new Uint32Array(1 << 13);
  private slots = new Int32Array(1 << 14);
  private readonly byNameWithId = new Map<string, AnalyzedRow[]>();

  private noteName(row: AnalyzedRow, name: string): void {
    if ((this.firstOfName.length + 1) * 2 > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    const hash = hashText(name);
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const at = this.slots[i]!;
      if (at === 0) {
        this.firstOfName.push(row);
        this.firstHash[this.firstOfName.length - 1] = hash;
        this.slots[i] = this.firstOfName.length;
        return;
      }
      if (this.firstHash[at - 1] !== hash) continue;
      const first = this.firstOfName[at - 1]!;
      if (foldToSimplified(first.v.name!) === name) {
        const list = this.byNameWithId.get(name);
        if (list) list.push(row);
        else this.byNameWithId.set(name, [first, row]);
        return;
      }
    }
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    const hashes = this.firstHash;
    for (let k = 0; k < this.firstOfName.length; k++) {
      let i = hashes[k]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = k + 1;
    }
    this.slots = slots;
    // Room for as many first rows as the slots take (at most half of them).
    const more = new Uint32Array(slots.length / 2);
    more.set(hashes);
    this.firstHash = more;
  }

  add(row: AnalyzedRow): void {
    if (row.skip) return;
    if (row.reasons.length > 0 && row.reasons.some((x) => x.code === 'id_precision_lost')) return;
    if (row.v.idValid && row.v.idNumber !== null && row.v.name !== null && row.v.unit !== null) {
      // In either script (陳紅 and 陈红 at 青龍鎮中學 and 青龙镇中学 are one name at one unit; helper 46).
      this.noteName(row, foldToSimplified(row.v.name));
    }
    let map = this.byId;
    let key: string;
    // On a student roster the payee (a parent) appears once per child: the student is part of the key.
    const student = row.v.studentName === null ? '' : `|${row.v.studentName}`;
    if (row.v.idNumber !== null) key = row.v.idNumber + student;
    else if (row.v.name !== null) {
      map = this.byName;
      key = `${row.v.name}|${row.v.unit ?? ''}${student}`;
    } else return;
    const seen = map.get(key);
    if (seen === undefined) map.set(key, row);
    else if (Array.isArray(seen)) seen.push(row);
    else map.set(key, [seen, row]);
  }

  mark(sheets: SheetAnalysis[]): void {
    const label = (x: AnalyzedRow) => {
      const s = sheets[x.sheetIndex]!;
      return s.name === null ? `第 ${x.row} 行` : `“${s.name}”第 ${x.row} 行`;
    };
    for (const [map, byIdNumber] of [[this.byId, true], [this.byName, false]] as const) {
      for (const list of map.values()) {
        if (!Array.isArray(list)) continue;
        for (const row of list) {
          const others = list.filter((o) => o !== row).map(label).join('、');
          const message = byIdNumber
            ? `身份证号 ${row.v.idNumber} 在本文件中出现 ${list.length} 次（另见${others}），同一人不能重复发放，请核对后保留一行`
            : `“${row.v.name}”${row.v.unit ? `（${row.v.unit}）` : ''}没有身份证号，且在本文件中出现 ${list.length} 次（另见${others}），无法确定是否同一人，请补充身份证号或删去重复行`;
          row.reasons.push(reason('duplicate_in_file', byIdNumber ? 'idNumber' : 'name', message));
        }
      }
    }
    // One name at one unit with different valid IDs (周敏 twice at 青龙镇中学): two people, or one with an ID mistyped
    // on a row (helper 44: both were ok, two people made and both paid). Said on each such row, naming up to five others.
    // (Each unit's text once: a roster repeats a handful of units.)
    const unitKeyOf = memoized((unit: string) => foldToSimplified(unit).replace(ALL_SPACES, ''));
    for (const named of this.byNameWithId.values()) {
      const byUnit = new Map<string, AnalyzedRow[]>();
      for (const r of named) {
        const unit = unitKeyOf(r.v.unit!);
        const list = byUnit.get(unit);
        if (list) list.push(r);
        else byUnit.set(unit, [r]);
      }
      for (const rows of byUnit.values()) {
        if (rows.length < 2 || rows.every((x) => x.v.idNumber === rows[0]!.v.idNumber)) continue;
        for (const row of rows) {
          const others = rows.filter((x) => x !== row && x.v.idNumber !== row.v.idNumber);
          if (others.length === 0) continue;
          const where = `${others.slice(0, 5).map(label).join('、')}${others.length > 5 ? ` 等 ${others.length} 行` : ''}`;
          row.reasons.push(reason('namesake_in_file', 'idNumber', `本文件中同单位（${row.v.unit}）的“${row.v.name}”还有身份证号不同的${where}，将作为不同的人分别登记；如是同一人，请核对身份证号`));
        }
      }
    }
  }
}

/**
 * In a sheet where Excel cut some IDs (id_precision_lost), an ID ending in 000 that still passes its
 * check digit was cut too: its warning becomes that error.
 */
function confirmTruncatedIds(rows: AnalyzedRow[]): void {
  const cut = new Set<number>();
  for (const r of rows) if (!r.skip && r.reasons.some((x) => x.code === 'id_precision_lost')) cut.add(r.sheetIndex);
  if (cut.size === 0) return;
  for (const r of rows) {
    if (r.skip || !cut.has(r.sheetIndex)) continue;
    const i = r.reasons.findIndex((x) => x.code === 'id_maybe_truncated');
    if (i < 0) continue;
    r.reasons = r.reasons.slice();
    r.reasons[i] = reason('id_precision_lost', 'idNumber', `${r.reasons[i]!.message.replace(/：.*$/, '')}：身份证号 ${r.v.idNumber} 末三位是 000，同一工作表中别的身份证号已被 Excel 截断，这个号码的后三位也已丢失（校验位恰好相符），无法恢复。请报送单位把该列设为“文本”格式后重新填写。`);
    r.v.idValid = false;
  }
}

function markDuplicates(rows: AnalyzedRow[], sheets: SheetAnalysis[]): void {
  const keys = new DuplicateKeys();
  for (const row of rows) keys.add(row);
  keys.mark(sheets);
}

function editsOf(options: AnalyzeOptions): Map<number, Map<string, string | null>> {
  const editsBySheet = new Map<number, Map<string, string | null>>();
  for (const e of options.edits ?? []) {
    let m = editsBySheet.get(e.sheetIndex);
    if (!m) editsBySheet.set(e.sheetIndex, (m = new Map()));
    m.set(`${e.row}:${e.field}`, e.value === null || e.value === undefined ? null : String(e.value));
  }
  return editsBySheet;
}

/** How the rows of a payments sheet are read: the columns of each field, the merged cells filled down, the clerk's edits. */
function rowContext(ctx: SheetContext, a: SheetAnalysis & { headerRow: number }, edits: Map<string, string | null>, delimited = false): RowCtx {
  const colOf: Partial<Record<ImportField, number>> = {};
  const noteCols: number[] = [];
  const goodsCols: number[] = [];
  a.fieldsByCol.forEach((f, c) => {
    if (f === null) return;
    if (f === 'note') noteCols.push(c);
    if (f === 'goods') goodsCols.push(c);
    if (colOf[f] === undefined) colOf[f] = c;
  });
  const dataStart = (a.headerEndRow ?? a.headerRow) + 1;
  const editedRows = new Set([...edits.keys()].map((k) => Number(k.slice(0, k.indexOf(':')))));
  // An ID header merged across columns that hold no field of their own.
  const idMerge = colOf.idNumber === undefined ? null : mergeCovering(ctx, a.headerRow, colOf.idNumber);
  const idSpan = idMerge && idMerge.c2 > idMerge.c1 && idMerge.c1 === colOf.idNumber && idMerge.r1 <= a.headerRow
    && Array.from({ length: idMerge.c2 - idMerge.c1 }, (_, k) => a.fieldsByCol[idMerge.c1 + 1 + k] ?? null).every((f) => f === null || f === 'idNumber')
    ? Array.from({ length: idMerge.c2 - idMerge.c1 + 1 }, (_, k) => idMerge.c1 + k)
    : null;
  const nameHeader = colOf.name === undefined ? null : (a.headerTexts[colOf.name] ?? null);
  const nameIdCol = nameHeader !== null && holdsNameAndId(normalizeHeader(nameHeader)) ? colOf.name! : null;
  return { a, ctx, colOf, noteCols, goodsCols, ...buildFill(ctx, a, dataStart), edits, editedRows, dateOf: memoized(parseDate), unitOf: memoized(cleanUnitName), delimited, idSpan, nameIdCol };
}

/** One sheet: its analysis, and its rows added to `rows` (payments sheets). */
function analyzeOneSheet(
  sheet: RawSheet, index: number, options: AnalyzeOptions, edits: Map<string, string | null> | undefined,
  rows: AnalyzedRow[], statedTotals: StatedTotal[], progress: { done: number; total: number },
): SheetAnalysis {
  const ctx = context(sheet);
  const a = analyzeSheet(ctx, index, options.sheets?.[index], options.remembered);
  if (a.role !== 'payments' || a.headerRow === null) return a;
  analyzeRows(rowContext(ctx, a as SheetAnalysis & { headerRow: number }, edits ?? new Map(), options.delimited), rows, statedTotals, options, progress);
  return a;
}

export function analyzeWorkbook(wb: ParsedWorkbook, given: AnalyzeOptions = {}): WorkbookAnalysis {
  const options = wb.format === 'csv' ? { ...given, delimited: true } : given;
  const sheets: SheetAnalysis[] = [];
  const rows: AnalyzedRow[] = [];
  const statedTotals: StatedTotal[] = [];
  const editsBySheet = editsOf(options);
  const progress = { done: 0, total: wb.sheets.reduce((n, s) => n + (s.rows.at(-1)?.r ?? 0), 0) };
  wb.sheets.forEach((sheet, index) => sheets.push(analyzeOneSheet(sheet, index, options, editsBySheet.get(index), rows, statedTotals, progress)));
  for (const index of namedSummariesToImport(sheets, options)) {
    const sheetOptions = { ...options, sheets: { ...options.sheets, [index]: { ...options.sheets?.[index], role: 'payments' as const } } };
    const a = analyzeOneSheet(wb.sheets[index]!, index, sheetOptions, editsBySheet.get(index), rows, statedTotals, progress);
    sheets[index] = { ...a, roleReason: `工作表名为“${a.name}”，但文件中没有别的发放名单，它列有人员，按发放名单导入；${a.roleReason}` };
  }
  confirmTruncatedIds(rows);
  markDuplicates(rows, sheets);
  quietEmptyDateColumns(rows);
  settleTopTotals(rows, statedTotals);
  markRowsAfterTotal(rows, statedTotals);
  checkSummarySheets(wb, sheets, rows, statedTotals);
  return { sheets, rows, statedTotals };
}

/**
 * A date column no row of its sheet fills in (领取时间, left for the payee to write by hand): its rows take the
 * import's date as if the sheet had no such column, without a date_missing warning on every one of them.
 */
/** A sheet's own total: 合计, 总计, 共计 (not a 小计, a page's, a group heading's head count, or a 大写 line). */
const SHEET_TOTAL_LABEL = /^(?!.*(?:小计|小計|本页|本頁|人[)）]$|大写|大寫))/;

/**
 * Payment rows below a sheet's last total, with payment rows above it: a payee added under the total the grassroots
 * union signed, outside it (helper 48: imported as ok, the totals said to agree). Warned.
 */
function markRowsAfterTotal(rows: AnalyzedRow[], totals: readonly StatedTotal[]): void {
  if (totals.length === 0) return;
  // Each table of a sheet on its own (a header row again starts another: helper 52), keyed sheet × 65,536 + table; the
  // table of a row is counted again in each pass (no map of 100,000 rows at the import's peak).
  const byRow = new Map<number, StatedTotal>();
  for (const t of totals) if (SHEET_TOTAL_LABEL.test(t.label)) byRow.set(t.sheetIndex * ROW_KEY + t.row, t);
  if (byRow.size === 0) return;
  const tables = () => {
    const table = new Map<number, number>();
    return (r: AnalyzedRow): number => {
      if (startsTable(r)) table.set(r.sheetIndex, (table.get(r.sheetIndex) ?? 0) + 1);
      return r.sheetIndex * 65_536 + (table.get(r.sheetIndex) ?? 0);
    };
  };
  const last = new Map<number, StatedTotal>();
  const tableOf = tables();
  for (const r of rows) {
    const key = tableOf(r);
    const t = r.skip ? byRow.get(r.sheetIndex * ROW_KEY + r.row) : undefined;
    if (t) last.set(key, t);
  }
  if (last.size === 0) return;
  const paidAbove = new Set<number>();
  const tableAgain = tables();
  for (const r of rows) {
    // A table with no total of its own (补报 rows under a header again) is under the one before it (helper 54).
    let key = tableAgain(r);
    while (key % 65_536 > 0 && !last.has(key)) key--;
    const t = last.get(key);
    if (!t || r.skip) continue;
    if (r.row < t.row) paidAbove.add(key);
    else if (paidAbove.has(key) && (r.v.amountFen || r.v.goodsFen)) {
      r.reasons.push(reason('after_total', null, `本行在第 ${t.row} 行“${t.label}”之后，不在报送单位写明的${t.label} ${yuanText(t.fen)} 之内；请核对是否为后补的人员（确需发放的，请报送单位重新核定合计）`));
    }
  }
}

/** Rows per sheet in a numeric key (sheet × ROW_KEY + row): more than any sheet holds (1,048,576). */
const ROW_KEY = 2_097_152;

/**
 * A total above the rows it sums (合计 on the first line under the header): compared with the payment rows below it, to
 * the next total (helper 49: it was compared with the rows above, none, and said 多 the whole figure; a payee it left
 * out went unreported).
 */
function settleTopTotals(rows: AnalyzedRow[], totals: StatedTotal[]): void {
  if (totals.length === 0) return;
  const paidAbove = new Set<number>();
  const totalled = new Set<number>();
  const open = new Map<number, { total: StatedTotal; sum: number; row: AnalyzedRow }>();
  const settle = (sheet: number) => {
    const o = open.get(sheet);
    if (!o) return;
    open.delete(sheet);
    const { total, sum, row } = o;
    total.computedFen = sum;
    total.matches = total.fen === sum;
    row.reasons[0] = reason('total_row', null, total.matches
      ? `${total.label}行（在各行上方）：写明 ${yuanText(total.fen)}，与下方各行之和一致`
      : `${total.label}行（在各行上方）：写明 ${yuanText(total.fen)}，但下方各行之和为 ${yuanText(sum)}，${total.fen < sum ? '少' : '多'} ${yuanText(Math.abs(total.fen - sum))}（可能是求和范围不对，或漏掉了某行）`);
  };
  const byRow = new Map<number, StatedTotal>();
  for (const t of totals) if (t.label !== '大写' && t.label !== '小写') byRow.set(t.sheetIndex * ROW_KEY + t.row, t);
  for (const r of rows) {
    // Another table begins (its header again): its first total may be above its rows too.
    if (startsTable(r)) {
      settle(r.sheetIndex);
      paidAbove.delete(r.sheetIndex);
      totalled.delete(r.sheetIndex);
      continue;
    }
    const t = r.skip ? byRow.get(r.sheetIndex * ROW_KEY + r.row) : undefined;
    if (t) {
      settle(r.sheetIndex);
      // Only the sheet's first total, with no payment row above it.
      if (!paidAbove.has(r.sheetIndex) && !totalled.has(r.sheetIndex)) open.set(r.sheetIndex, { total: t, sum: 0, row: r });
      totalled.add(r.sheetIndex);
      continue;
    }
    if (r.skip) continue;
    const o = open.get(r.sheetIndex);
    if (o) o.sum += r.v.amountFen ?? 0;
    else paidAbove.add(r.sheetIndex);
  }
  for (const sheet of [...open.keys()]) settle(sheet);
}

/** A repeated header row or another table's header (skipIfNotPayment's note rows). */
function startsTable(r: AnalyzedRow): boolean {
  return r.skip && r.reasons[0]?.code === 'note_row' && /表头行/.test(r.reasons[0].message);
}

function quietEmptyDateColumns(rows: AnalyzedRow[]): void {
  const dated = new Set<number>();
  const missing = new Set<number>();
  for (const r of rows) {
    if (r.skip) continue;
    if (r.reasons.some((x) => x.code === 'date_missing')) missing.add(r.sheetIndex);
    else if (r.v.paidOn !== null || r.reasons.some((x) => x.field === 'paidOn')) dated.add(r.sheetIndex);
  }
  for (const r of rows) {
    if (!r.skip && missing.has(r.sheetIndex) && !dated.has(r.sheetIndex)) r.reasons = r.reasons.filter((x) => x.code !== 'date_missing');
  }
}

/**
 * A summary sheet's figures (汇总: 盘溪镇 | 14 | 2,700) against the rosters they sum: per township sheet (or,
 * with one roster, per unit of its rows) and its 合计 against them all. Each is a stated total of the summary
 * sheet (label: the township's name and “汇总表”), so that a summary that would go upward without agreeing
 * with its rosters is said. Nothing when no line of the summary names a roster sheet or unit.
 */
function checkSummarySheets(wb: ParsedWorkbook, sheets: readonly SheetAnalysis[], rows: readonly AnalyzedRow[], statedTotals: StatedTotal[]): void {
  const rosters = sheets.filter((a) => a.role === 'payments');
  const summaries = sheets.filter((a) => a.role === 'summary');
  if (rosters.length === 0 || summaries.length === 0) return;
  // (Each distinct name once: a roster repeats a handful of units, and OpenCC per row is not cheap.)
  const key = memoized((t: string) => toSimplified(t).replace(ALL_SPACES, '').replace(/[(（][^)）]*[)）]/g, '').replace(/(工会联合会|工会|总工会|联合会)$/, ''));
  // The computed sums: by roster sheet, else (one roster sheet) by unit.
  const bySheet = new Map<string, number>();
  const byUnit = new Map<string, number>();
  // The people (payment rows, with or without a readable amount) each part and the whole cover.
  const peopleBySheet = new Map<string, number>();
  const peopleByUnit = new Map<string, number>();
  let all = 0;
  let allPeople = 0;
  for (const r of rows) {
    if (r.skip) continue;
    const sheetName = sheets[r.sheetIndex]?.name;
    allPeople++;
    if (sheetName) peopleBySheet.set(key(sheetName), (peopleBySheet.get(key(sheetName)) ?? 0) + 1);
    if (r.v.unit) peopleByUnit.set(key(r.v.unit), (peopleByUnit.get(key(r.v.unit)) ?? 0) + 1);
    if (r.v.amountFen === null) continue;
    all += r.v.amountFen;
    if (sheetName) bySheet.set(key(sheetName), (bySheet.get(key(sheetName)) ?? 0) + r.v.amountFen);
    if (r.v.unit) byUnit.set(key(r.v.unit), (byUnit.get(key(r.v.unit)) ?? 0) + r.v.amountFen);
  }
  const sheetKeys = new Set(rosters.map((a) => (a.name === null ? '' : key(a.name))));
  // Sheets of the file not imported (hidden, set aside): a 汇总 line naming one covers rows left out.
  const otherSheets = new Map(sheets.filter((a) => a.role !== 'payments' && a.role !== 'summary' && a.name !== null).map((a) => [key(a.name!), a] as const));
  /** A line's stated 人数 beside its money: kept and compared with the rows it covers. */
  const withPeople = (t: StatedTotal, stated: number | null, computed: number): StatedTotal =>
    (stated === null ? t : { ...t, people: stated, computedPeople: computed, peopleMatch: stated === computed });
  for (const sum of summaries) {
    const sheet = wb.sheets[sum.index]!;
    // A summary of the roster sheets (one line per township sheet; with one roster sheet, when a line names it), else of one roster's units.
    const bySheets = rosters.length > 1 || sheet.rows.some((row) => row.c.some((v) => typeof v === 'string' && v.length <= 40 && sheetKeys.has(key(v))));
    const parts = bySheets ? bySheet : byUnit;
    const peopleParts = bySheets ? peopleBySheet : peopleByUnit;
    /** Lines of a summary by sheets that name no roster sheet of the file: a sheet left out or never sent. */
    const missing: { row: number; name: string; fen: number; people: number | null; hidden: SheetAnalysis | undefined }[] = [];
    // Its header: the first row naming a money column (金额, 发放金额, 合计 …).
    let amountCol = -1;
    let unit: AmountUnit | null = null;
    let headerRow = -1;
    // Its 人数 column (人数, 慰问人数, 发放人数 …; not 户数 or 人次, which count otherwise), if any.
    let peopleCol = -1;
    for (const row of sheet.rows.slice(0, 12)) {
      const fields = row.c.map((v) => (typeof v === 'string' && isLabelLike(v) ? matchField(normalizeHeader(v)) : null));
      const col = fields.indexOf('amount') >= 0 ? fields.indexOf('amount') : fields.indexOf('rowTotal');
      if (col >= 0) {
        amountCol = col;
        // The header's unit, else the summary's own unit line (单位：万元 above it), as on a roster sheet.
        unit = normalizeHeader(String(row.c[col])).unit ?? (namesYuan(String(row.c[col])) ? null : formUnitOf(sum.titleLines));
        headerRow = row.r;
        peopleCol = row.c.findIndex((v) => typeof v === 'string' && /^[^户]{0,4}人数(（人）|\(人\))?$/.test(toSimplified(compact(v))));
        break;
      }
    }
    if (amountCol < 0) continue;
    // A summary in 万元 states its figures to 0.01 万 (100 元): it agrees when the sum rounds to it.
    const agrees = (computed: number, fen: number) => (unit === '万元' ? Math.round(computed / 10_000) === Math.round(fen / 10_000) : computed === fen);
    // Each unit's lines (a unit merged down over a breakdown by 荣誉级别 or 类别, with or without its 小计).
    const lines = new Map<string, { row: number; name: string; fen: number; people: number | null; subtotal: boolean }[]>();
    /** A line's 人数: a whole number of 0 or more, else not stated. */
    const peopleAt = (row: RawRow): number | null => {
      if (peopleCol < 0) return null;
      const v = row.c[peopleCol] ?? null;
      const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(toHalfWidth(v).replace(/人$/, '').trim() || NaN) : NaN;
      return Number.isInteger(n) && n >= 0 ? n : null;
    };
    let total: StatedTotal | null = null;
    const ctx = context(sheet);
    // A unit merged down over its lines: each line names it.
    const cellAtRow = (row: RawRow, c: number): RawCell => {
      const v = row.c[c] ?? null;
      if (v !== null) return v;
      const m = mergeCovering(ctx, row.r, c);
      return m && m.r1 < row.r ? cellAt(ctx, m.r1, m.c1) : null;
    };
    for (const row of sheet.rows) {
      if (row.r <= headerRow) continue;
      const texts = Array.from({ length: amountCol }, (_, c) => cellAtRow(row, c)).filter((v): v is string => typeof v === 'string' && !isBlankText(v));
      const label = texts[0];
      const fen = label === undefined ? null : readAmountCell(row.c[amountCol] ?? null, unit).fen;
      if (label === undefined || fen === null) continue;
      const name = toSimplified(compact(label));
      if (TOTAL_RE.test(compact(label))) {
        total = withPeople({ sheetIndex: sum.index, sheet: sum.name, row: row.r, label: `${name}（汇总表）`, fen, computedFen: all, matches: agrees(all, fen) }, peopleAt(row), allPeople);
        continue;
      }
      const k = key(label);
      if (!parts.has(k)) {
        // A township, street or unit the summary pays that no imported sheet holds (or a sheet of the file left out).
        const hidden = otherSheets.get(k);
        // (盘溪镇 against a sheet named 盘溪, 宁州街道办事处 against 宁州街道, 盘溪镇 against 2.盘溪镇: the same place, not compared.)
        const nearSheet = [...sheetKeys].some((sk) => sk.length >= 2 && (sk.includes(k) || k.includes(sk)));
        if (bySheets && !sheetKeys.has(k) && !nearSheet && (hidden || PLACE_NAME_RE.test(name)) && texts.length === 1) missing.push({ row: row.r, name, fen, people: peopleAt(row), hidden });
        continue;
      }
      const list = lines.get(k) ?? [];
      list.push({ row: row.r, name, fen, people: peopleAt(row), subtotal: texts.slice(1).some((t) => TOTAL_RE.test(compact(t))) });
      lines.set(k, list);
    }
    const found: StatedTotal[] = [];
    for (const [k, list] of lines) {
      // One line; else its 小计; else the sum of its lines.
      const sub = list.filter((x) => x.subtotal).at(-1);
      const line = list.length === 1 ? list[0]! : sub ?? {
        ...list[0]!, fen: list.reduce((n, x) => n + x.fen, 0), people: list.every((x) => x.people !== null) ? list.reduce((n, x) => n + x.people!, 0) : null,
      };
      const computed = parts.get(k)!;
      found.push(withPeople({ sheetIndex: sum.index, sheet: sum.name, row: line.row, label: `${line.name}（汇总表）`, fen: line.fen, computedFen: computed, matches: agrees(computed, line.fen) }, line.people, peopleParts.get(k) ?? 0));
    }
    for (const m of missing) {
      found.push(withPeople({
        sheetIndex: sum.index, sheet: sum.name, row: m.row,
        label: `${m.name}（汇总表；${m.hidden ? `工作表“${m.hidden.name}”未导入：${m.hidden.roleReason}` : '文件中没有这个单位的花名册'}）`,
        fen: m.fen, computedFen: 0, matches: m.fen === 0,
      }, m.people, 0));
    }
    found.sort((a, b) => a.row - b.row);
    if (found.length === 0) continue;
    statedTotals.push(...found);
    if (total) statedTotals.push(total);
  }
}

/**
 * Sheets taken for summaries by their name alone (汇总, 统计 … with a header naming people) that are
 * to be imported after all: no other sheet of the file is a payments sheet (a roster saved as
 * “…发放汇总”), and the clerk has not said what they are.
 */
function namedSummariesToImport(sheets: readonly SheetAnalysis[], options: AnalyzeOptions): number[] {
  if (sheets.some((a) => a.role === 'payments')) return [];
  return sheets.filter((a) => a.role === 'summary' && a.headerRow !== null && !options.sheets?.[a.index]?.role).map((a) => a.index);
}

interface StreamedSheet {
  index: number;
  name: string | null;
  hidden: boolean;
  /** The sheet's rows so far, until its header is known. */
  buffered: RawRow[];
  contentRows: number;
  a: SheetAnalysis | null;
  step: RowStep | null;
  dataStart: number;
  /** The next row number the stepper is due; rows without content wait in `pending` until a row with content comes. */
  next: number;
  pending: RawRow[];
  /** Where the sheet's rows and stated totals begin in the workbook's lists. */
  rowStart: number;
  totalStart: number;
  /** The last row number seen; a row number that does not increase makes the sheet irregular (analysed again in full). */
  lastRow: number;
  irregular: boolean;
}

const NO_CELLS: RawCell[] = [];

/**
 * The analysis of a workbook whose rows arrive while it is being read (parseInWorker streams
 * them), so that the reading and the analysis overlap. It runs the same code as
 * analyzeWorkbook with no sheet overrides, no edits and no remembered mappings (the header
 * signatures it looked up are in `consulted`, so that the preview can tell whether a
 * remembered mapping would have changed anything). A sheet's header is found once its first
 * rows are in (the header is looked for among the first 40); then each row is analysed as it
 * arrives. Merged ranges are known only at the end of a sheet (they follow the rows in the
 * XML): the rows are analysed as if none reached the header or the data, and a sheet whose
 * merges do is analysed again in full at its end. Any failure gives no result: the preview
 * then analyses the workbook itself.
 */
export class AnalysisStream {
  readonly consulted = new Set<string>();
  private readonly sheets: SheetAnalysis[] = [];
  private readonly rows: AnalyzedRow[] = [];
  private readonly statedTotals: StatedTotal[] = [];
  private readonly options: AnalyzeOptions = { remembered: (signature) => (this.consulted.add(signature), null) };
  private current: StreamedSheet | null = null;
  private failed = false;
  /**
   * The duplicate keys of this.rows[0, keyed), added as rows come in (the main thread waits for the
   * worker meanwhile) rather than all at the end; null once rows already keyed were analysed again.
   */
  private keys: DuplicateKeys | null = new DuplicateKeys();
  private keyed = 0;

  /** A sheet begins (before any of its rows). */
  sheetStart(index: number, name: string | null, hidden: boolean): void {
    this.guard(() => {
      if (this.current !== null || index !== this.sheets.length) throw new Error('sheets out of order');
      this.current = {
        index, name, hidden, buffered: [], contentRows: 0, a: null, step: null, dataStart: 0, next: 0, pending: [], rowStart: this.rows.length,
        totalStart: this.statedTotals.length, lastRow: -Infinity, irregular: false,
      };
    });
  }

  /** More rows of the current sheet, in row order. */
  rowsIn(index: number, rows: readonly RawRow[]): void {
    this.guard(() => {
      const s = this.current;
      if (s === null || s.index !== index) throw new Error('rows out of order');
      for (const row of rows) {
        if (row.r <= s.lastRow) s.irregular = true;
        s.lastRow = row.r;
      }
      if (s.irregular) return;
      if (s.a !== null) {
        for (const row of rows) this.feed(s, row);
        this.keyRows();
        return;
      }
      for (const row of rows) {
        s.buffered.push(row);
        if (hasContent(row)) s.contentRows++;
      }
      // The header is among the first HEADER_SCAN_ROWS rows with content (and a two-row header's second row right after).
      if (s.contentRows > HEADER_SCAN_ROWS + 1) this.decide(s, { name: s.name, hidden: s.hidden, rows: s.buffered, merges: [] });
      this.keyRows();
    });
  }

  /** Add the rows analysed since the last call to the duplicate keys. */
  private keyRows(): void {
    if (this.keys === null) return;
    const rows = this.rows;
    for (let i = this.keyed; i < rows.length; i++) this.keys.add(rows[i]!);
    this.keyed = rows.length;
  }

  /** The rows from `start` on are dropped (to be analysed again): keys already taken from them no longer hold. */
  private dropRows(start: number): void {
    if (start < this.keyed) this.keys = null;
    this.rows.length = start;
  }

  /** The sheet is read: all its rows and its merged ranges. */
  sheetEnd(index: number, sheet: RawSheet): void {
    this.guard(() => {
      const s = this.current;
      if (s === null || s.index !== index) throw new Error('sheet end out of order');
      this.current = null;
      if (s.a === null || s.irregular) {
        // Few rows (or rows out of order): the whole sheet at once, merges known.
        if (s.a !== null) {
          this.dropRows(s.rowStart);
          this.statedTotals.length = s.totalStart;
          this.sheets.length = index;
        }
        this.sheets.push(analyzeOneSheet(sheet, index, this.options, undefined, this.rows, this.statedTotals, { done: 0, total: 0 }));
        return;
      }
      const a = s.a;
      if (a.headerRow === null ? sheet.merges.length > 0 : sheet.merges.some((m) => m.r2 >= a.headerRow!)) {
        // Merges reach the header or the rows: again, in full, with them.
        this.dropRows(s.rowStart);
        this.statedTotals.length = s.totalStart;
        this.sheets[index] = analyzeOneSheet(sheet, index, this.options, undefined, this.rows, this.statedTotals, { done: 0, total: 0 });
      }
      // Rows without content after the last row with content are not listed (s.pending is dropped).
    });
  }

  /** The analysis, as analyzeWorkbook(wb) with no options would give it; null when the stream failed or does not match wb. */
  result(wb: ParsedWorkbook): WorkbookAnalysis | null {
    if (this.failed || this.current !== null || this.sheets.length !== wb.sheets.length) return null;
    if (this.sheets.some((a, i) => a.name !== wb.sheets[i]!.name)) return null;
    // A summary by its name to import after all: analyzeWorkbook does it (rarely; the file has no other roster).
    if (namedSummariesToImport(this.sheets, this.options).length > 0) return null;
    confirmTruncatedIds(this.rows);
    if (this.keys === null) markDuplicates(this.rows, this.sheets);
    else {
      this.keyRows();
      this.keys.mark(this.sheets);
      this.keys = null;
    }
    quietEmptyDateColumns(this.rows);
    settleTopTotals(this.rows, this.statedTotals);
    markRowsAfterTotal(this.rows, this.statedTotals);
    checkSummarySheets(wb, this.sheets, this.rows, this.statedTotals);
    return { sheets: this.sheets, rows: this.rows, statedTotals: this.statedTotals };
  }

  private guard(fn: () => void): void {
    if (this.failed) return;
    try {
      fn();
    } catch {
      this.failed = true;
    }
  }

  /** The header of a sheet from its first rows (as if it had no merged ranges), then the rows buffered so far. */
  private decide(s: StreamedSheet, partial: RawSheet): void {
    const ctx = context(partial);
    const a = analyzeSheet(ctx, s.index, undefined, this.options.remembered);
    s.a = a;
    this.sheets.push(a);
    const buffered = s.buffered;
    s.buffered = [];
    if (a.role !== 'payments' || a.headerRow === null) return;
    s.step = rowStepper(rowContext(ctx, a as SheetAnalysis & { headerRow: number }, new Map()), this.rows, this.statedTotals);
    s.dataStart = (a.headerEndRow ?? a.headerRow) + 1;
    s.next = s.dataStart;
    for (const row of buffered) this.feed(s, row);
  }

  /** One row of a payments sheet: every row number before it is stepped first (blank), as analyzeRows does. */
  private feed(s: StreamedSheet, row: RawRow): void {
    if (s.step === null || row.r < s.dataStart) return;
    if (!hasContent(row)) {
      s.pending.push(row);
      return;
    }
    let p = 0;
    for (let r = s.next; r < row.r; r++) {
      while (p < s.pending.length && s.pending[p]!.r < r) p++;
      const present = p < s.pending.length && s.pending[p]!.r === r;
      if (!present) {
        // As analyzeRows: a long run of rows the file does not have is one entry.
        const next = p < s.pending.length ? s.pending[p]!.r : row.r;
        if (next - r > LONG_GAP) {
          this.rows.push(skipRow(s.index, r, 'blank_row', `空行（第 ${r}–${next - 1} 行都是空行，共 ${next - r} 行）`));
          r = next - 1;
          continue;
        }
      }
      s.step(r, present ? s.pending[p]!.c : NO_CELLS, present && s.pending[p]!.h === true, present ? s.pending[p]!.s : undefined, present ? s.pending[p]!.x : undefined);
    }
    s.pending = [];
    s.step(row.r, row.c, row.h === true, row.s, row.x);
    s.next = row.r + 1;
  }
}

/** The row's original cells as text, for the preview grid and the error report. */
export function sourceCells(wb: ParsedWorkbook, sheetIndex: number, row: number): RawCell[] {
  const sheet = wb.sheets[sheetIndex];
  return sheet ? rowCells(sheet, row) : [];
}
