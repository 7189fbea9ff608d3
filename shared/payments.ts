/**
 * The payment row as the grid, the paste and the CLI see it: its editable
 * fields (in the grid's default column order), and the filter/sort fields the
 * page query accepts. Shared by renderer and core so both agree on the names.
 */
export const PAYMENT_EDIT_FIELDS = [
  'personName',
  'idNumber',
  'gender',
  'unitName',
  'programName',
  'recipientKind',
  'category',
  'paidOn',
  'cashFen',
  'goodsFen',
  'goodsDesc',
  'method',
  'status',
  'studentName',
  'note',
] as const;
export type PaymentEditField = (typeof PAYMENT_EDIT_FIELDS)[number];

/** Fields the page query can sort and filter on (a whitelist: nothing else reaches SQL). */
export const PAYMENT_QUERY_FIELDS = [
  'id',
  'programId',
  'programCode',
  'programName',
  'programKind',
  'personId',
  'personName',
  'idNumber',
  'gender',
  'unitName',
  'paidOn',
  'cashFen',
  'goodsFen',
  'totalFen',
  'goodsDesc',
  'recipientKind',
  'category',
  'method',
  'status',
  'clerk',
  'approver',
  'note',
  'studentName',
  'importBatchId',
  'issueLevel',
] as const;
export type PaymentQueryField = (typeof PAYMENT_QUERY_FIELDS)[number];

export const NUMERIC_QUERY_FIELDS: readonly PaymentQueryField[] = ['id', 'programId', 'personId', 'cashFen', 'goodsFen', 'totalFen', 'importBatchId'];

export type IssueSeverity = 'error' | 'warn';

export interface PaymentIssueView {
  code: string;
  severity: IssueSeverity;
  field: string;
  message: string;
}

/** One row of the payments grid. */
export interface PaymentRow {
  id: number;
  programId: number | null;
  programCode: string | null;
  programName: string | null;
  programKind: string | null;
  personId: number | null;
  personName: string | null;
  idNumber: string | null;
  gender: '男' | '女' | null;
  unitId: number | null;
  unitName: string | null;
  paidOn: string;
  cashFen: number;
  goodsFen: number;
  goodsDesc: string | null;
  recipientKind: string | null;
  category: string | null;
  method: string;
  status: string;
  studentName: string | null;
  clerk: string | null;
  approver: string | null;
  note: string | null;
  importBatchId: number | null;
  reversesId: number | null;
  issues: PaymentIssueView[];
}

export interface PaymentTotals {
  /** Rows in the view. */
  rows: number;
  /** 人数: distinct people. */
  people: number;
  /** 人次: payments to a person. */
  personTimes: number;
  /** 户数: distinct households. */
  households: number;
  cashFen: number;
  goodsFen: number;
  totalFen: number;
  errorRows: number;
  warnRows: number;
}

export type TextFilter = { type: 'text'; op: 'contains' | 'equals' | 'notEqual' | 'startsWith' | 'endsWith' | 'notContains' | 'blank' | 'notBlank'; value?: string };
export type NumberFilter = { type: 'number'; op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'between' | 'blank' | 'notBlank'; value?: number; valueTo?: number };
export type DateFilter = { type: 'date'; op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'between' | 'blank' | 'notBlank'; value?: string; valueTo?: string };
export type SetFilter = { type: 'set'; values: (string | null)[] };
export type FieldFilter = TextFilter | NumberFilter | DateFilter | SetFilter;

export interface PaymentQuery {
  year?: number | null;
  filters?: Partial<Record<PaymentQueryField, FieldFilter>>;
  /** Free text matched against every text column (Ctrl+F). */
  search?: string | null;
  sort?: { field: PaymentQueryField; dir: 'asc' | 'desc' }[];
  offset?: number;
  limit?: number;
}

/** Column titles of the payment fields (zh-CN), used in messages that name a cell. */
export const PAYMENT_FIELD_LABELS: Record<PaymentEditField, string> = {
  personName: '姓名',
  idNumber: '身份证号码',
  gender: '性别',
  unitName: '工作单位',
  programName: '项目',
  recipientKind: '对象类别',
  category: '困难类别',
  paidOn: '发放日期',
  cashFen: '金额',
  goodsFen: '慰问品金额',
  goodsDesc: '慰问品',
  method: '发放方式',
  status: '状态',
  studentName: '学生姓名',
  note: '备注',
};
