/**
 * 年度帮扶救助情况统计表: a year's relief by program kind and recipient kind
 * (户数, 人数, 人次, 现金, 慰问品, 合计 in 万元), then the funds raised by source
 * against what was paid and the balance. The prefecture's consolidated version
 * uses the same layout with counties in place of program kinds, and its funds by county.
 *
 * Money cells hold the exact amount in 万元 (fen / 1,000,000) shown with two
 * decimals, so every figure — rows and totals — is the exact amount rounded
 * once. Totals of 人次 and money are SUM formulas with their cached results;
 * 户数 and 人数 are counted without double counting (a person paid under two
 * kinds is one person), so their subtotals are values, not sums.
 */
import { formatWan } from '../domain/money.ts';
import {
  chineseDate,
  displayWidth,
  fitWidth,
  headerRow,
  infoRow,
  noteRow,
  signatureRow,
  spanRow,
  sumCell,
  sumOfCells,
  type FormCell,
  type FormColumn,
  type FormRow,
  type FormSheet,
  type Signatories,
} from './layout.ts';

export interface AnnualStats {
  /** 户数: households (a person not linked to a household counts as one). */
  households: number;
  /** 人数: distinct people. */
  people: number;
  /** 人次: payments (reversed payments and reversal entries are not counted). */
  payments: number;
  cashFen: number;
  goodsFen: number;
}

export interface AnnualGroup {
  /** First column: a program kind, or a county in the consolidated form. */
  label: string;
  rows: { label: string; stats: AnnualStats }[];
  subtotal: AnnualStats;
}

export type AnnualFunds =
  | { kind: 'bySource'; rows: { source: string; fen: number }[] }
  | { kind: 'byCounty'; rows: { county: string; raisedFen: number; paidFen: number }[] };

export interface AnnualInput extends Signatories {
  officeName: string;
  year: number;
  filedOn: string;
  title: string;
  sheetName: string;
  /** Headers of the first two columns, e.g. 项目类别 / 救助对象类别. */
  labels: [string, string];
  groups: AnnualGroup[];
  total: AnnualStats;
  funds: AnnualFunds;
  notes: string[];
}

export const ANNUAL_HEAD_ROWS = 3;
const N = 8;

export function emptyStats(): AnnualStats {
  return { households: 0, people: 0, payments: 0, cashFen: 0, goodsFen: 0 };
}

export function annualTitle(officeName: string, year: number, consolidated: boolean): string {
  return `${officeName}${year}年度帮扶救助情况${consolidated ? '汇总' : '统计'}表`;
}

function columns(input: AnnualInput): FormColumn[] {
  let w0 = displayWidth(input.labels[0]);
  let w1 = displayWidth(input.labels[1]);
  for (const g of input.groups) {
    w0 = Math.max(w0, displayWidth(g.label));
    for (const r of g.rows) w1 = Math.max(w1, displayWidth(r.label));
  }
  return [
    { key: 'group', header: input.labels[0], width: fitWidth(w0, 12, 30), unit: 'text', align: 'center' },
    { key: 'label', header: input.labels[1], width: fitWidth(w1, 14, 30), unit: 'text', align: 'left' },
    { key: 'households', header: '户数', width: 9, unit: 'count', align: 'right' },
    { key: 'people', header: '人数', width: 9, unit: 'count', align: 'right' },
    { key: 'payments', header: '人次', width: 9, unit: 'count', align: 'right' },
    { key: 'cash', header: '现金（万元）', width: 14, unit: 'wan', align: 'right' },
    { key: 'goods', header: '慰问品（万元）', width: 16, unit: 'wan', align: 'right' },
    { key: 'total', header: '合计（万元）', width: 14, unit: 'wan', align: 'right' },
  ];
}

/** Columns C..H of a statistics row; `sums` gives the formulas of 人次/现金/慰问品 (null: plain values). */
function statCells(r: number, s: AnnualStats, sums: ((col: number, result: number, unit: 'count' | 'wan') => FormCell) | null): FormCell[] {
  const val = (col: number, v: number, unit: 'count' | 'wan'): FormCell => (sums ? sums(col, v, unit) : { v });
  return [
    { v: s.households },
    { v: s.people },
    val(5, s.payments, 'count'),
    val(6, s.cashFen, 'wan'),
    val(7, s.goodsFen, 'wan'),
    { v: s.cashFen + s.goodsFen, formula: `F${r}+G${r}` },
  ];
}

export function annualLayout(input: AnnualInput): FormSheet {
  const cols = columns(input);
  const rows: FormRow[] = [];
  const at = () => rows.length + 1; // the 1-based row number the next row gets
  rows.push(spanRow('title', N, { v: input.title, unit: 'text', align: 'center' }, 36));
  rows.push(infoRow(N, `填报单位：${input.officeName}`, `填报日期：${chineseDate(input.filedOn)}`));
  rows.push(headerRow(cols, 34));

  const subtotalRows: number[] = [];
  for (const g of input.groups) {
    const first = at();
    g.rows.forEach((row, i) => {
      const r = at();
      const lead: FormCell | null = i === 0 ? { v: g.label, rowSpan: g.rows.length + 1, align: 'center' } : null;
      rows.push({ role: 'body', cells: [lead, { v: row.label }, ...statCells(r, row.stats, null)], height: 22 });
    });
    const last = at() - 1;
    const r = at();
    subtotalRows.push(r);
    const lead: FormCell | null = g.rows.length === 0 ? { v: g.label, align: 'center' } : null;
    rows.push({
      role: 'subtotal',
      cells: [lead, { v: '小计', align: 'center' }, ...statCells(r, g.subtotal, (col, v, unit) => sumCell(col, first, last, v, unit))],
      height: 22,
    });
  }
  const totalRow = at();
  rows.push({
    role: 'total',
    cells: [{ v: '总计', colSpan: 2, align: 'center' }, null, ...statCells(totalRow, input.total, (col, v, unit) => sumOfCells(col, subtotalRows, v, unit))],
    height: 24,
  });

  rows.push({ role: 'blank', cells: new Array(N).fill(null), height: 12 });
  const paidFen = input.total.cashFen + input.total.goodsFen;
  if (input.funds.kind === 'bySource') {
    rows.push(spanRow('header', N, { v: '资金筹集与使用情况（万元）', unit: 'text', align: 'center' }, 24));
    rows.push({
      role: 'header',
      cells: [{ v: '资金来源', unit: 'text', colSpan: 2, align: 'center' }, null, { v: '金额（万元）', unit: 'text', colSpan: 2, align: 'center' }, null, { v: '说明', unit: 'text', colSpan: 4, align: 'center' }, null, null, null],
      height: 24,
    });
    const firstFund = at();
    for (const f of input.funds.rows) {
      rows.push({ role: 'body', cells: [{ v: f.source, unit: 'text', colSpan: 2, align: 'left' }, null, { v: f.fen, unit: 'wan', colSpan: 2 }, null, { v: null, unit: 'text', colSpan: 4 }, null, null, null], height: 22 });
    }
    const lastFund = at() - 1;
    const raisedFen = input.funds.rows.reduce((s, f) => s + f.fen, 0);
    const raisedRow = at();
    rows.push({ role: 'subtotal', cells: [{ v: '筹集合计', unit: 'text', colSpan: 2, align: 'center' }, null, { ...sumCell(3, firstFund, lastFund, raisedFen, 'wan'), colSpan: 2 }, null, { v: null, unit: 'text', colSpan: 4 }, null, null, null], height: 22 });
    const paidRow = at();
    rows.push({
      role: 'subtotal',
      cells: [
        { v: '已发放', unit: 'text', colSpan: 2, align: 'center' }, null,
        { v: paidFen, unit: 'wan', formula: `H${totalRow}`, colSpan: 2 }, null,
        { v: `与上表“总计”一致（现金 ${formatWan(input.total.cashFen)} 万元，慰问品 ${formatWan(input.total.goodsFen)} 万元）`, unit: 'text', colSpan: 4, align: 'left' }, null, null, null,
      ],
      height: 22,
    });
    rows.push({
      role: 'total',
      cells: [{ v: '结余', unit: 'text', colSpan: 2, align: 'center' }, null, { v: raisedFen - paidFen, unit: 'wan', formula: `C${raisedRow}-C${paidRow}`, colSpan: 2 }, null, { v: '筹集合计减已发放', unit: 'text', colSpan: 4, align: 'left' }, null, null, null],
      height: 22,
    });
  } else {
    rows.push(spanRow('header', N, { v: '各单位资金筹集与使用情况（万元）', unit: 'text', align: 'center' }, 24));
    rows.push({
      role: 'header',
      cells: [
        { v: '单位', unit: 'text', colSpan: 2, align: 'center' }, null, { v: '筹集（万元）', unit: 'text', colSpan: 2, align: 'center' }, null,
        { v: '已发放（万元）', unit: 'text', colSpan: 2, align: 'center' }, null, { v: '结余（万元）', unit: 'text', colSpan: 2, align: 'center' }, null,
      ],
      height: 24,
    });
    const first = at();
    for (const f of input.funds.rows) {
      const r = at();
      rows.push({
        role: 'body',
        cells: [
          { v: f.county, unit: 'text', colSpan: 2, align: 'left' }, null, { v: f.raisedFen, unit: 'wan', colSpan: 2 }, null,
          { v: f.paidFen, unit: 'wan', colSpan: 2 }, null, { v: f.raisedFen - f.paidFen, unit: 'wan', formula: `C${r}-E${r}`, colSpan: 2 }, null,
        ],
        height: 22,
      });
    }
    const last = at() - 1;
    const raised = input.funds.rows.reduce((s, f) => s + f.raisedFen, 0);
    const paid = input.funds.rows.reduce((s, f) => s + f.paidFen, 0);
    const r = at();
    rows.push({
      role: 'total',
      cells: [
        { v: '合计', unit: 'text', colSpan: 2, align: 'center' }, null, { ...sumCell(3, first, last, raised, 'wan'), colSpan: 2 }, null,
        { ...sumCell(5, first, last, paid, 'wan'), colSpan: 2 }, null, { v: raised - paid, unit: 'wan', formula: `C${r}-E${r}`, colSpan: 2 }, null,
      ],
      height: 22,
    });
  }
  for (const note of input.notes) rows.push(noteRow(cols, note));
  rows.push({ role: 'blank', cells: new Array(N).fill(null), height: 12 });
  rows.push(signatureRow(N, input));

  return {
    name: input.sheetName,
    columns: cols,
    rows,
    rowCount: rows.length,
    freezeRows: ANNUAL_HEAD_ROWS,
    print: { orientation: 'portrait', fitToWidth: true, repeatRows: [ANNUAL_HEAD_ROWS, ANNUAL_HEAD_ROWS], pageHeader: input.title.replace(/&/g, '&&'), pageNumbers: true },
  };
}

export const ANNUAL_NOTES = [
  '注：1. 金额按发放日期计入年度，单位为万元，保留两位小数；合计数按分精确计算后取舍。',
  '2. 户数、人数为去重数：同一人（户）在多个类别中领取只计一次，故小计不等于各行相加；人次为发放笔数，已冲正的发放及冲正记录不计人次，金额按冲正后净额计算。',
];
