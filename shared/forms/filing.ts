/**
 * The filing package (上报数据包), format version 1: one .xlsx that a
 * prefecture's copy of the ledger imports. Sheets, in order:
 *
 *   上报概况   visible summary for people (totals by program and by kind); not verified
 *   发放明细   the year's payments with their people (ID numbers in full, as text)
 *   项目       the programs those payments belong to, and the programs of the year
 *   项目资金   the funds of those programs
 *   劳模       the office's model-worker register
 *   元数据     hidden and protected: format, office, region code, year, row counts,
 *              Σfen and the sha256 of the data
 *
 * The sha256 covers the four data sheets as canonical lines (one JSON array per
 * row, money as integer fen), so it is the same whether computed from the
 * ledger at export or from the cells read back at import. It detects a package
 * edited or truncated after export; it is not a signature against forgery.
 */
import type { FormColumn, FormRow, FormSheet, FormUnit } from './layout.ts';

export const FILING_FORMAT = 'relief-ledger-filing';
export const FILING_FORMAT_VERSION = 1;

export type FilingValueKind = 'text' | 'int' | 'fen';

export interface FilingColumn {
  key: string;
  header: string;
  kind: FilingValueKind;
  /** Text that must stay text in a spreadsheet (ID numbers, codes, dates). */
  id?: boolean;
  width: number;
}

export interface FilingSheetSpec {
  key: 'payments' | 'programs' | 'funds' | 'modelWorkers';
  name: string;
  columns: FilingColumn[];
}

const t = (key: string, header: string, width = 12, id = false): FilingColumn => ({ key, header, kind: 'text', width, ...(id ? { id } : {}) });
const i = (key: string, header: string, width = 10): FilingColumn => ({ key, header, kind: 'int', width });
const f = (key: string, header: string, width = 14): FilingColumn => ({ key, header, kind: 'fen', width });

export const FILING_PAYMENTS: FilingSheetSpec = {
  key: 'payments',
  name: '发放明细',
  columns: [
    i('id', '记录号'), i('personId', '人员编号'), t('name', '姓名', 10), t('gender', '性别', 6), t('idNumber', '身份证号码', 22, true),
    t('householdNo', '户号', 12, true), t('unitName', '工作单位', 24), t('programCode', '项目编号', 14, true), t('paidOn', '发放日期', 12, true),
    t('recipientKind', '对象类别', 14), t('category', '困难类别', 12), f('cashFen', '现金（元）'), f('goodsFen', '慰问品（元）'),
    t('goodsDesc', '慰问品', 10), t('method', '发放方式', 10), t('status', '状态', 8), t('studentName', '学生姓名', 10),
    i('reversesId', '冲正记录号'), t('note', '备注', 20),
  ],
};

export const FILING_PROGRAMS: FilingSheetSpec = {
  key: 'programs',
  name: '项目',
  columns: [
    t('code', '项目编号', 14, true), t('name', '项目名称', 30), i('year', '年度', 8), t('kind', '项目类别', 12),
    t('startsOn', '开始日期', 12, true), t('endsOn', '结束日期', 12, true), t('note', '备注', 20),
  ],
};

export const FILING_FUNDS: FilingSheetSpec = {
  key: 'funds',
  name: '项目资金',
  columns: [t('programCode', '项目编号', 14, true), t('source', '资金来源', 12), f('amountFen', '金额（元）'), t('receivedOn', '到位日期', 12, true), t('note', '备注', 20)],
};

export const FILING_MODEL_WORKERS: FilingSheetSpec = {
  key: 'modelWorkers',
  name: '劳模',
  columns: [
    i('personId', '人员编号'), t('name', '姓名', 10), t('gender', '性别', 6), t('idNumber', '身份证号码', 22, true), t('unitName', '工作单位', 24),
    t('honourLevel', '荣誉级别', 10), t('title', '荣誉称号', 18), i('yearAwarded', '获评年度', 10), t('awardingBody', '授予单位', 16),
    t('subsidyKind', '补助类别', 10), t('inHardship', '困难劳模', 10), t('note', '备注', 20),
  ],
};

export const FILING_DATA_SHEETS: readonly FilingSheetSpec[] = [FILING_PAYMENTS, FILING_PROGRAMS, FILING_FUNDS, FILING_MODEL_WORKERS];
export const FILING_SUMMARY_SHEET = '上报概况';
export const FILING_META_SHEET = '元数据';

export type FilingValue = string | number | null;

/** The canonical line of one data row, as hashed (export) and re-hashed (import). */
export function canonicalLine(values: readonly FilingValue[]): string {
  return `${JSON.stringify(values)}\n`;
}

/** The line that opens a sheet's part of the hash. */
export function canonicalSheetLine(spec: FilingSheetSpec): string {
  return `#${spec.key}:${spec.columns.map((c) => c.header).join('|')}\n`;
}

/** The metadata of a package, as written to and read from the 元数据 sheet. */
export interface FilingMeta {
  format: string;
  formatVersion: number;
  officeName: string;
  regionCode: string;
  year: number;
  exportedAt: string;
  software: string;
  paymentRows: number;
  programRows: number;
  fundRows: number;
  modelWorkerRows: number;
  cashFen: number;
  goodsFen: number;
  totalFen: number;
  sha256: string;
}

export const FILING_META_LABELS: Record<keyof FilingMeta, string> = {
  format: '数据包格式',
  formatVersion: '格式版本',
  officeName: '上报单位',
  regionCode: '行政区划代码',
  year: '年度',
  exportedAt: '导出时间',
  software: '导出程序',
  paymentRows: '发放记录数',
  programRows: '项目数',
  fundRows: '资金记录数',
  modelWorkerRows: '劳模记录数',
  cashFen: '现金合计（分）',
  goodsFen: '慰问品合计（分）',
  totalFen: '金额合计（分）',
  sha256: '数据校验码（SHA-256）',
};

export const FILING_META_KEYS = Object.keys(FILING_META_LABELS) as (keyof FilingMeta)[];

function unitOf(c: FilingColumn): FormUnit {
  if (c.kind === 'fen') return 'yuan';
  if (c.kind === 'int') return 'count';
  return c.id ? 'id' : 'text';
}

/** A data sheet of the package: a header row, then one row per record, unstyled. */
export function filingDataSheet(spec: FilingSheetSpec, rows: Iterable<readonly FilingValue[]>, count: number): FormSheet {
  const columns: FormColumn[] = spec.columns.map((c) => ({ key: c.key, header: c.header, width: c.width, unit: unitOf(c), align: 'left' }));
  function* all(): Generator<FormRow> {
    yield { role: 'plainHeader', cells: columns.map((c) => ({ v: c.header, unit: 'text' as const })) };
    for (const values of rows) yield { role: 'plain', cells: values.map((v) => ({ v })) };
  }
  return { name: spec.name, columns, rows: { [Symbol.iterator]: all }, rowCount: count + 1, freezeRows: 1 };
}

/** The hidden, protected metadata sheet; `meta` is read when the sheet is written (after the data, whose hash it holds). */
export function filingMetaSheet(meta: () => FilingMeta): FormSheet {
  const columns: FormColumn[] = [
    { key: 'key', header: '键', width: 18, unit: 'text', align: 'left' },
    { key: 'value', header: '值', width: 70, unit: 'id', align: 'left' },
    { key: 'label', header: '说明', width: 24, unit: 'text', align: 'left' },
  ];
  function* all(): Generator<FormRow> {
    const m = meta();
    yield { role: 'plainHeader', cells: columns.map((c) => ({ v: c.header, unit: 'text' as const })) };
    for (const key of FILING_META_KEYS) yield { role: 'plain', cells: [{ v: key }, { v: String(m[key]) }, { v: FILING_META_LABELS[key] }] };
  }
  return { name: FILING_META_SHEET, columns, rows: { [Symbol.iterator]: all }, rowCount: FILING_META_KEYS.length + 1, state: 'veryHidden', protect: true };
}

export interface FilingProgramTotal {
  code: string | null;
  name: string | null;
  kind: string | null;
  rows: number;
  cashFen: number;
  goodsFen: number;
}

/** The visible first sheet: who files what, and the totals by program (for people; the import recomputes them). */
export function filingSummarySheet(officeName: string, regionCode: string, year: number, exportedAt: string, programs: FilingProgramTotal[]): FormSheet {
  const columns: FormColumn[] = [
    { key: 'code', header: '项目编号', width: 16, unit: 'id', align: 'left' },
    { key: 'name', header: '项目名称', width: 34, unit: 'text', align: 'left' },
    { key: 'kind', header: '项目类别', width: 14, unit: 'text', align: 'center' },
    { key: 'rows', header: '笔数', width: 10, unit: 'count', align: 'right' },
    { key: 'cash', header: '现金（元）', width: 16, unit: 'yuan', align: 'right' },
    { key: 'goods', header: '慰问品（元）', width: 16, unit: 'yuan', align: 'right' },
    { key: 'total', header: '合计（元）', width: 16, unit: 'yuan', align: 'right' },
  ];
  const n = columns.length;
  const span = (role: FormRow['role'], text: string, height?: number): FormRow => {
    const cells: FormRow['cells'] = new Array(n).fill(null);
    cells[0] = { v: text, unit: 'text', colSpan: n, align: role === 'title' ? 'center' : 'left' };
    return height === undefined ? { role, cells } : { role, cells, height };
  };
  const rows: FormRow[] = [
    span('title', `${officeName}${year}年度帮扶救助上报数据包`, 36),
    span('info', `上报单位：${officeName}    行政区划代码：${regionCode || '（未填写）'}    年度：${year}    导出时间：${exportedAt.slice(0, 19).replace('T', ' ')}`, 22),
    { role: 'header', cells: columns.map((c) => ({ v: c.header, unit: 'text' as const, align: 'center' as const })), height: 28 },
  ];
  const first = rows.length + 1;
  for (const p of programs) {
    const r = rows.length + 1;
    rows.push({ role: 'body', cells: [{ v: p.code }, { v: p.name ?? '（未归入项目）' }, { v: p.kind }, { v: p.rows }, { v: p.cashFen }, { v: p.goodsFen }, { v: p.cashFen + p.goodsFen, formula: `E${r}+F${r}` }], height: 20 });
  }
  const last = rows.length;
  const total = (col: string, v: number) => ({ v, formula: last >= first ? `SUM(${col}${first}:${col}${last})` : '0' });
  const sum = (pick: (p: FilingProgramTotal) => number) => programs.reduce((s, p) => s + pick(p), 0);
  rows.push({
    role: 'total',
    cells: [{ v: '合计', unit: 'text', colSpan: 3, align: 'center' }, null, null, total('D', sum((p) => p.rows)), total('E', sum((p) => p.cashFen)), total('F', sum((p) => p.goodsFen)), total('G', sum((p) => p.cashFen + p.goodsFen))],
    height: 22,
  });
  rows.push(span('note', '本文件由帮扶台账导出，供上级工会导入汇总，请勿修改。上级工会导入时核对记录数、金额合计和数据校验码，内容被改动或删减的数据包将被拒绝。', 30));
  return {
    name: FILING_SUMMARY_SHEET,
    columns,
    rows,
    rowCount: rows.length,
    print: { orientation: 'landscape', fitToWidth: true, repeatRows: [3, 3], pageNumbers: true },
  };
}
