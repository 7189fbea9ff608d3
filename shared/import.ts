/**
 * Roster import (花名册导入): the serialisable shapes the core hands to the app
 * and the CLI — the fields a column can map to, row statuses and reason codes,
 * the preview, the options a clerk changes in the preview, and the history of
 * import batches. Pure data: no node, no DOM.
 */

export const IMPORT_FORMATS = ['xlsx', 'xls', 'html', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** What a column of a roster can mean. Columns that map to nothing are ignored. */
export const IMPORT_FIELDS = [
  'seq',
  'name',
  'gender',
  'idNumber',
  'unit',
  'category',
  'recipientKind',
  'amount',
  'goods',
  'goodsAmount',
  'paidOn',
  'phone',
  'bankAccount',
  'method',
  'address',
  'note',
  'signature',
  'rowTotal',
  'studentName',
  'studentGender',
  'studentIdNumber',
  'school',
  'honourTitle',
  'honourLevel',
  'yearAwarded',
  'birthMonth',
  'awardedBy',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  seq: '序号（不导入）',
  name: '姓名（领取人）',
  gender: '性别',
  idNumber: '身份证号码',
  unit: '工作单位',
  category: '困难类别/救助类型',
  recipientKind: '对象类别',
  amount: '金额（现金）',
  goods: '慰问品',
  goodsAmount: '慰问品金额',
  paidOn: '发放日期',
  phone: '联系电话',
  bankAccount: '银行卡号',
  method: '发放方式',
  address: '住址',
  note: '备注',
  signature: '签字（不导入）',
  rowTotal: '合计列（不导入）',
  studentName: '学生姓名',
  studentGender: '学生性别（不导入）',
  studentIdNumber: '学生身份证号（不导入）',
  school: '学校/录取院校',
  honourTitle: '劳模称号',
  honourLevel: '荣誉级别',
  yearAwarded: '授予年份',
  birthMonth: '出生年月',
  awardedBy: '授予单位',
};

export type SheetRole = 'payments' | 'summary' | 'empty' | 'other';
export type RowStatus = 'ok' | 'warn' | 'error' | 'skip';
export type ReasonSeverity = 'skip' | 'error' | 'warn';

/**
 * Reason codes. Rows that are not payments are skipped; rows that must never be
 * accepted silently are held as errors; warnings are imported and shown.
 * Program rules add `rule:<rule id>` with the rule's own severity.
 */
export const IMPORT_REASONS = {
  blank_row: { severity: 'skip', zh: '空行' },
  total_row: { severity: 'skip', zh: '合计行' },
  footer_row: { severity: 'skip', zh: '落款行' },
  note_row: { severity: 'skip', zh: '说明行' },
  hidden_row: { severity: 'skip', zh: '隐藏的行' },
  void_row: { severity: 'skip', zh: '注明作废或不发的行' },
  id_precision_lost: { severity: 'error', zh: '身份证号已被 Excel 截断' },
  id_length: { severity: 'error', zh: '身份证号位数不对' },
  id_format: { severity: 'error', zh: '身份证号含非法字符' },
  id_birth_date: { severity: 'error', zh: '身份证号出生日期无效' },
  id_checksum: { severity: 'error', zh: '身份证号校验位错误' },
  gender_mismatch: { severity: 'error', zh: '性别与身份证号不符' },
  birth_mismatch: { severity: 'warn', zh: '出生年月与身份证号不符' },
  honour_level_unknown: { severity: 'warn', zh: '劳模荣誉级别无法识别' },
  honour_level_mismatch: { severity: 'warn', zh: '荣誉级别与称号不符' },
  year_awarded_unreadable: { severity: 'warn', zh: '授予年份无法识别' },
  after_total: { severity: 'warn', zh: '位于合计行之后' },
  method_unreadable: { severity: 'warn', zh: '发放方式无法识别' },
  duplicate_in_file: { severity: 'error', zh: '文件内重复' },
  negative_amount: { severity: 'error', zh: '金额为负数' },
  missing_name: { severity: 'error', zh: '缺少姓名' },
  name_unreadable: { severity: 'error', zh: '姓名无法识别' },
  other_table: { severity: 'error', zh: '另一张表的行' },
  person_ambiguous: { severity: 'error', zh: '台账中有同名的人' },
  year_closed: { severity: 'error', zh: '年度已结账' },
  missing_amount: { severity: 'error', zh: '缺少金额' },
  amount_unreadable: { severity: 'error', zh: '金额无法识别' },
  row_total_mismatch: { severity: 'error', zh: '金额与本行合计不符' },
  amount_left_out: { severity: 'error', zh: '另有金额列未导入' },
  date_unreadable: { severity: 'error', zh: '日期无法识别' },
  already_paid: { severity: 'error', zh: '本项目已发放过' },
  amount_in_wan: { severity: 'warn', zh: '金额以“万”为单位' },
  amount_in_thousands: { severity: 'warn', zh: '金额以“千元”为单位' },
  name_mismatch: { severity: 'warn', zh: '姓名与台账不一致' },
  zero_amount: { severity: 'warn', zh: '金额为0' },
  amount_large: { severity: 'warn', zh: '金额超过10万元' },
  amount_small: { severity: 'warn', zh: '金额不足10元' },
  date_outside_year: { severity: 'warn', zh: '日期不在项目年度内' },
  bank_account_lost: { severity: 'warn', zh: '银行卡号已被 Excel 截断' },
  phone_lost: { severity: 'warn', zh: '电话已被 Excel 截断' },
  id_maybe_truncated: { severity: 'warn', zh: '身份证号可能已被 Excel 截断' },
  id_fifteen: { severity: 'warn', zh: '旧式15位身份证号' },
  payee_deceased: { severity: 'warn', zh: '注明本人已故' },
  subsidy_stopped: { severity: 'warn', zh: '类别或备注写明已停发' },
  person_maybe_known: { severity: 'warn', zh: '台账中可能已有此人' },
  namesake_in_file: { severity: 'warn', zh: '本文件中同单位有同名不同身份证号的人' },
  date_month_only: { severity: 'warn', zh: '日期只写到月份' },
  date_missing: { severity: 'warn', zh: '发放日期为空' },
  gender_unreadable: { severity: 'warn', zh: '性别无法识别' },
  amount_display_rounded: { severity: 'warn', zh: '金额的显示与数值不同' },
} as const satisfies Record<string, { severity: ReasonSeverity; zh: string }>;
export type ImportReasonCode = keyof typeof IMPORT_REASONS | `rule:${number}`;

export interface ImportReason {
  code: ImportReasonCode;
  severity: ReasonSeverity;
  /** The field (column) the reason is about, when there is one. */
  field: ImportField | null;
  /** Chinese, naming the column and the value. */
  message: string;
  ruleId?: number;
}

export interface ImportProgress {
  phase: 'read' | 'analyze' | 'check' | 'commit';
  /** Rows read so far (read) or rows processed. */
  done: number;
  /** Expected total when known (from the sheet's dimension), else null. */
  total: number | null;
}

/** A column of a sheet: its letter, its header text as written, and the field it maps to. */
export interface ImportColumn {
  col: string;
  header: string;
  field: ImportField | null;
}

export interface StatedTotal {
  sheetIndex: number;
  sheet: string | null;
  row: number;
  /** The label as written: 合计, 小计, 本页合计 … */
  label: string;
  /** The figure the file states. */
  fen: number;
  /** The sum of the payment rows it covers. */
  computedFen: number;
  /** Whether the money agrees (the CLI's `matches`). */
  matches: boolean;
  /** The 人数 a summary sheet's line states, where it has a 人数 column. */
  people?: number;
  /** The payment rows (people) that line covers. */
  computedPeople?: number;
  /** Whether the stated 人数 agrees with the rows it covers (only where `people` is stated). */
  peopleMatch?: boolean;
}

export interface ImportPreviewSheet {
  index: number;
  name: string | null;
  role: SheetRole;
  /** Why the sheet has this role, in Chinese. */
  roleReason: string;
  /** Excel row number of the header (the first header row when it spans two rows), or null. */
  headerRow: number | null;
  /** The last header row (equal to headerRow for one-row headers). */
  headerEndRow: number | null;
  /** Title lines above the header (merged titles, 填报单位/日期 lines). */
  titleLines: string[];
  columns: ImportColumn[];
  /** Where the mapping came from. */
  mappingSource: 'auto' | 'remembered' | 'user';
  /** Key of the header layout; a corrected mapping is remembered under it. */
  signature: string | null;
  counts: Record<RowStatus, number>;
  totalFen: number;
  acceptedFen: number;
  /** The date the sheet says it was filled in (填报日期：…, above the header or in a footer line), or null. */
  filedOn: string | null;
  /** Payment rows of the sheet (ok, warn, error) that write no date of their own. */
  undatedRows: number;
  /** The date those rows get, and where it comes from (null: no program chosen yet). */
  defaultPaidOn: string | null;
  defaultPaidOnFrom: DefaultDateSource | null;
}

/**
 * Where the date of rows without one comes from: the date the clerk chose, the sheet's 填报日期 (in the program's
 * year), the program's start date, today (in the program's year), or 1 January of the program's year (to be checked).
 */
export type DefaultDateSource = 'chosen' | 'filedOn' | 'programStart' | 'today' | 'yearStart';

export interface ImportPreviewRow {
  sheetIndex: number;
  sheet: string | null;
  /** Row number as Excel/WPS shows it (CSV: record number; HTML: <tr> index). */
  row: number;
  status: RowStatus;
  reasons: ImportReason[];
  name: string | null;
  idNumber: string | null;
  gender: '男' | '女' | null;
  unit: string | null;
  category: string | null;
  recipientKind: string | null;
  amountFen: number | null;
  /** The amount as the file writes it, when it could not be read (abc, 一百): shown in its cell to be corrected. */
  amountText?: string;
  goodsFen: number | null;
  goodsDesc: string | null;
  paidOn: string | null;
  phone: string | null;
  note: string | null;
  studentName: string | null;
  honourTitle: string | null;
  honourLevel: string | null;
  yearAwarded: number | null;
  /** The ledger's person the row is paid to (matched by ID number, or by name when no ID), or null for a new person. */
  personId: number | null;
  /** Fields the clerk changed in the preview. */
  edited: ImportField[];
  /** The row's original cells as text (only when asked for). */
  cells?: (string | null)[];
}

export interface ImportPreviewSummary {
  ok: number;
  warn: number;
  error: number;
  skip: number;
  /** Σ cash of every payment row (ok, warn, error). */
  totalFen: number;
  /** Σ cash of the rows that will be imported (ok + warn). */
  acceptedFen: number;
  goodsFen: number;
  acceptedGoodsFen: number;
  statedTotals: StatedTotal[];
  /** People the commit will create / rows paid to people already in the ledger. */
  newPeople: number;
  matchedPeople: number;
  /** Rows to be imported (ok + warn) that write no payment date: they get their sheet's default date (`defaultPaidOn`). */
  defaultDateRows: number;
  /**
   * Payment rows (ok, warn and error) that write no payment date (none in the row, none in the title; not a date
   * written that cannot be read): `defaultDateRows` of them are imported; the held ones get the date once corrected.
   */
  undatedRows: number;
}

export interface ImportPreview {
  sessionId: string;
  file: { name: string; format: ImportFormat; sha256: string; size: number; encoding: string | null };
  outcome: 'ok' | 'no_rows';
  program: { id: number; code: string; name: string; year: number; kind: string } | null;
  /** A program whose name the title rows mention, when none was chosen. */
  suggestedProgramId: number | null;
  /** The date used for rows without a date column or cell (when sheets differ, the one most of those rows get). */
  defaultPaidOn: string | null;
  /** Where `defaultPaidOn` comes from. */
  defaultPaidOnFrom: DefaultDateSource | null;
  /** A batch that imported exactly the same bytes and was not reverted. */
  duplicateOf: { batchId: number; fileName: string; importedAt: string; clerk: string | null } | null;
  sheets: ImportPreviewSheet[];
  rows: ImportPreviewRow[];
  summary: ImportPreviewSummary;
}

/** A cell the clerk fixed in the preview: the field's new text (parsed like a cell of the file). */
export interface ImportCellEdit {
  sheetIndex: number;
  row: number;
  field: ImportField;
  value: string | null;
}

export interface ImportSheetOverride {
  /** Force a role: 'payments' imports the sheet, anything else leaves it out. */
  role?: SheetRole;
  /** The header row, when the automatic choice is wrong. */
  headerRow?: number;
  /** Column letter → field (null: ignore the column). Replaces the whole mapping of the sheet. */
  mapping?: Record<string, ImportField | null>;
}

export interface ImportOptions {
  programId?: number | null;
  /** Date for rows that have none (default: the program's start date, else a date in the program's year). */
  paidOn?: string | null;
  /** Per sheet index. */
  sheets?: Record<number, ImportSheetOverride>;
  edits?: ImportCellEdit[];
  /** Put each row's original cells (as text) in the preview. */
  withCells?: boolean;
}

export interface ImportCommitResult {
  batchId: number;
  paymentIds: number[];
  payments: number;
  newPeople: number;
  acceptedFen: number;
  acceptedGoodsFen: number;
  heldErrors: number;
  skipped: number;
}

export interface ImportRevertResult {
  batchId: number;
  deletedPayments: number;
  deletedPeople: number;
  deletedUnits: number;
  deletedModelWorkers: number;
  /** Of the payments deleted, those changed after the import (their changes are gone with them). */
  editedPayments: number;
}

export interface ImportBatchSummary {
  id: number;
  fileName: string;
  sha256: string;
  format: string;
  programId: number | null;
  programCode: string | null;
  programName: string | null;
  importedAt: string;
  clerk: string | null;
  rowCount: number;
  counts: Record<string, number>;
  totalFen: number;
  acceptedFen: number;
  /** Payments of the batch still in the ledger. */
  payments: number;
  /** Of those, the ones changed after the import (by hand, in the grid): a revert deletes them with their changes. */
  editedAfter: number;
  /** The held rows the batch kept for its error report (0: none held, or imported before reports were kept). */
  reportRows: number;
  revertedAt: string | null;
  revertedBy: string | null;
  /** Null when the batch can be reverted; otherwise why not, in Chinese. */
  revertBlockedBy: string | null;
}

/** `relief-ledger import --json`: the exact shape scripts rely on. */
export interface ImportCliJson {
  file: string;
  format: ImportFormat | null;
  outcome: 'ok' | 'no_rows' | 'file_error';
  error?: string;
  /** Why a run without --dry-run committed nothing although the file was read (the same file again, no row to commit …); it exits non-zero. */
  refused?: string;
  sheets: { name: string | null; role: SheetRole; headerRow: number | null; columns: Record<string, ImportField> }[];
  rows: {
    sheet: string | null;
    row: number;
    status: RowStatus;
    reasons: string[];
    name: string | null;
    idNumber: string | null;
    gender: '男' | '女' | null;
    unit: string | null;
    category: string | null;
    amountFen: number | null;
  }[];
  summary: {
    ok: number;
    warn: number;
    error: number;
    skip: number;
    totalFen: number;
    acceptedFen: number;
    statedTotals: { sheet: string | null; row: number; fen: number; computedFen: number; matches: boolean }[];
  };
  /** Present when the run committed. */
  batchId?: number;
}

/** Excel column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** "A" → 0, "AA" → 26; -1 when not a column letter. */
export function columnIndex(letter: string): number {
  if (!/^[A-Za-z]{1,3}$/.test(letter)) return -1;
  let n = 0;
  for (const ch of letter.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}
