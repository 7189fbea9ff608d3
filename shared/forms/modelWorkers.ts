/**
 * 劳模补助金发放表: model workers paid a subsidy in the year, grouped by honour
 * level (全国 → 省部级 → 州市级 → 县级 → 未登记荣誉), each with title, year
 * awarded, subsidy kind (两金/三金) and amount; a 小计 per level and a 合计
 * (SUM formulas with cached results) with the total in 大写. The prefecture's
 * consolidated version adds a 单位 column (the county) and a summary by county.
 */
import { toCapitalAmount, type CapitalScript } from '../domain/money.ts';
import { maskResidentId } from '../domain/residentId.ts';
import {
  chineseDate,
  displayWidth,
  fitWidth,
  headerRow,
  infoRow,
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

export interface ModelWorkerPaidRow {
  /** The county (consolidated form only). */
  county: string | null;
  name: string;
  gender: string | null;
  idNumber: string | null;
  unitName: string | null;
  title: string | null;
  yearAwarded: number | null;
  subsidyKind: string | null;
  /** Cash paid in the year under the subsidy programs, net of reversals. */
  amountFen: number;
  note: string | null;
}

export interface ModelWorkerGroup {
  /** 全国 / 省部级 / 州市级 / 县级 / 未登记荣誉. */
  level: string;
  rows: ModelWorkerPaidRow[];
}

export interface ModelWorkerInput extends Signatories {
  officeName: string;
  year: number;
  filedOn: string;
  title: string;
  capitalScript: CapitalScript;
  groups: ModelWorkerGroup[];
  /** Add the 单位 (county) column. */
  withCounty: boolean;
  maskIds: boolean;
}

export const UNREGISTERED_LEVEL = '未登记荣誉';
export const MODEL_WORKER_HEAD_ROWS = 3;

export function modelWorkerTitle(officeName: string, year: number, consolidated: boolean): string {
  return `${officeName}${year}年劳模补助金发放${consolidated ? '汇总' : ''}表`;
}

function columnsOf(input: ModelWorkerInput): FormColumn[] {
  const widest = { county: 0, name: 0, unit: 0, title: 0, note: 0 };
  for (const g of input.groups) {
    for (const r of g.rows) {
      widest.county = Math.max(widest.county, displayWidth(r.county ?? ''));
      widest.name = Math.max(widest.name, displayWidth(r.name));
      widest.unit = Math.max(widest.unit, displayWidth(r.unitName ?? ''));
      widest.title = Math.max(widest.title, displayWidth(r.title ?? ''));
      widest.note = Math.max(widest.note, displayWidth(r.note ?? ''));
    }
  }
  const cols: FormColumn[] = [{ key: 'seq', header: '序号', width: 6, unit: 'count', align: 'center' }];
  if (input.withCounty) cols.push({ key: 'county', header: '单位', width: fitWidth(widest.county, 12, 30), unit: 'text', align: 'left' });
  cols.push(
    { key: 'name', header: '姓名', width: fitWidth(widest.name, 10, 24), unit: 'text', align: 'center' },
    { key: 'gender', header: '性别', width: 6, unit: 'text', align: 'center' },
    { key: 'idNumber', header: '身份证号码', width: 22, unit: 'id', align: 'center' },
    { key: 'unitName', header: '工作单位', width: fitWidth(widest.unit, 12, 34), unit: 'text', align: 'left' },
    { key: 'title', header: '荣誉称号', width: fitWidth(widest.title, 12, 30), unit: 'text', align: 'left' },
    { key: 'yearAwarded', header: '获评年度', width: 10, unit: 'count', align: 'center' },
    { key: 'subsidyKind', header: '补助类别', width: 10, unit: 'text', align: 'center' },
    { key: 'amount', header: '补助金额（元）', width: 16, unit: 'yuan', align: 'right' },
    { key: 'note', header: '备注', width: fitWidth(widest.note, 10, 30), unit: 'text', align: 'left' },
  );
  return cols;
}

export function modelWorkerLayout(input: ModelWorkerInput): FormSheet {
  const cols = columnsOf(input);
  const n = cols.length;
  const amountCol = cols.findIndex((c) => c.key === 'amount') + 1;
  const rows: FormRow[] = [];
  const at = () => rows.length + 1;
  rows.push(spanRow('title', n, { v: input.title, unit: 'text', align: 'center' }, 36));
  rows.push(infoRow(n, `填报单位：${input.officeName}`, `填报日期：${chineseDate(input.filedOn)}`));
  rows.push(headerRow(cols));

  const subtotals: number[] = [];
  let grandFen = 0;
  let people = 0;
  for (const g of input.groups) {
    if (g.rows.length === 0) continue;
    rows.push(spanRow('group', n, { v: `荣誉级别：${g.level}（${g.rows.length}人）`, unit: 'text', align: 'left' }, 22));
    const first = at();
    let levelFen = 0;
    g.rows.forEach((r, i) => {
      const cells: (FormCell | null)[] = [{ v: i + 1 }];
      if (input.withCounty) cells.push({ v: r.county });
      const id = r.idNumber === null ? null : input.maskIds ? maskResidentId(r.idNumber) : r.idNumber;
      cells.push({ v: r.name }, { v: r.gender }, { v: id }, { v: r.unitName }, { v: r.title }, { v: r.yearAwarded }, { v: r.subsidyKind }, { v: r.amountFen }, { v: r.note });
      rows.push({ role: 'body', cells, height: 22 });
      levelFen += r.amountFen;
    });
    const last = at() - 1;
    subtotals.push(at());
    const cells: (FormCell | null)[] = new Array(n).fill(null);
    cells[0] = { v: `${g.level}小计`, unit: 'text', align: 'center', colSpan: amountCol - 1 };
    cells[amountCol - 1] = sumCell(amountCol, first, last, levelFen, 'yuan');
    cells[n - 1] = { v: `${g.rows.length}人`, unit: 'text', align: 'left' };
    rows.push({ role: 'subtotal', cells, height: 22 });
    grandFen += levelFen;
    people += g.rows.length;
  }
  const total: (FormCell | null)[] = new Array(n).fill(null);
  total[0] = { v: '合计', unit: 'text', align: 'center', colSpan: amountCol - 1 };
  total[amountCol - 1] = sumOfCells(amountCol, subtotals, grandFen, 'yuan');
  total[n - 1] = { v: `${people}人`, unit: 'text', align: 'left' };
  rows.push({ role: 'total', cells: total, height: 24 });
  rows.push(spanRow('capital', n, { v: `合计金额（大写）：${toCapitalAmount(grandFen, input.capitalScript)}`, unit: 'text', align: 'left' }, 24));
  rows.push({ role: 'blank', cells: new Array(n).fill(null), height: 12 });
  rows.push(signatureRow(n, input));
  return {
    name: '劳模补助金发放表',
    columns: cols,
    rows,
    rowCount: rows.length,
    freezeRows: MODEL_WORKER_HEAD_ROWS,
    print: { orientation: 'landscape', fitToWidth: true, repeatRows: [MODEL_WORKER_HEAD_ROWS, MODEL_WORKER_HEAD_ROWS], pageHeader: input.title.replace(/&/g, '&&'), pageNumbers: true },
  };
}

/** By county: 单位 | 荣誉级别 | 人数 | 金额（元）, a 小计 per county and a 合计. */
export interface ModelWorkerCountySummary {
  county: string;
  levels: { level: string; people: number; amountFen: number }[];
}

export function modelWorkerCountyLayout(title: string, officeName: string, filedOn: string, counties: ModelWorkerCountySummary[], who: Signatories): FormSheet {
  let w = displayWidth('单位');
  for (const c of counties) w = Math.max(w, displayWidth(c.county));
  const cols: FormColumn[] = [
    { key: 'county', header: '单位', width: fitWidth(w, 14, 30), unit: 'text', align: 'left' },
    { key: 'level', header: '荣誉级别', width: 14, unit: 'text', align: 'center' },
    { key: 'people', header: '人数', width: 10, unit: 'count', align: 'right' },
    { key: 'amount', header: '补助金额（元）', width: 18, unit: 'yuan', align: 'right' },
  ];
  const n = cols.length;
  const rows: FormRow[] = [];
  const at = () => rows.length + 1;
  rows.push(spanRow('title', n, { v: `${title}（按单位）`, unit: 'text', align: 'center' }, 36));
  rows.push(infoRow(n, `填报单位：${officeName}`, `填报日期：${chineseDate(filedOn)}`));
  rows.push(headerRow(cols));
  const subtotals: number[] = [];
  let allPeople = 0;
  let allFen = 0;
  for (const c of counties) {
    const first = at();
    c.levels.forEach((l, i) => {
      rows.push({ role: 'body', cells: [i === 0 ? { v: c.county, rowSpan: c.levels.length + 1 } : null, { v: l.level }, { v: l.people }, { v: l.amountFen }], height: 22 });
    });
    const last = at() - 1;
    const p = c.levels.reduce((s, l) => s + l.people, 0);
    const f = c.levels.reduce((s, l) => s + l.amountFen, 0);
    subtotals.push(at());
    rows.push({ role: 'subtotal', cells: [c.levels.length === 0 ? { v: c.county } : null, { v: '小计', align: 'center' }, sumCell(3, first, last, p, 'count'), sumCell(4, first, last, f, 'yuan')], height: 22 });
    allPeople += p;
    allFen += f;
  }
  rows.push({ role: 'total', cells: [{ v: '合计', colSpan: 2, align: 'center' }, null, sumOfCells(3, subtotals, allPeople, 'count'), sumOfCells(4, subtotals, allFen, 'yuan')], height: 24 });
  rows.push({ role: 'blank', cells: new Array(n).fill(null), height: 12 });
  rows.push(signatureRow(n, who));
  return {
    name: '按单位汇总',
    columns: cols,
    rows,
    rowCount: rows.length,
    freezeRows: MODEL_WORKER_HEAD_ROWS,
    print: { orientation: 'portrait', fitToWidth: true, repeatRows: [MODEL_WORKER_HEAD_ROWS, MODEL_WORKER_HEAD_ROWS], pageNumbers: true },
  };
}
