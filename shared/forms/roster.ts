/**
 * 发放花名册: the signed payment roster of a program (or of a selection of
 * payments), as a layout both the .xlsx writer and the print view render.
 *
 *   row 1   华宁县总工会2011年国庆困难职工救助金发放花名册          (merged)
 *   row 2   填报单位：华宁县总工会                填报日期：2011年9月28日
 *   row 3   序号 姓名 性别 身份证号码 工作单位 困难类别 金额（元） [慰问品 慰问品金额（元）] 领取人签字 备注
 *   rows    one per payment (tall, to sign in)
 *           合计 … =SUM(…) with its cached result
 *           合计金额（大写）：壹拾伍万伍仟伍佰元整
 *           单位负责人：…   审核人：…   经办人：…
 */
import { toCapitalAmount, type CapitalScript } from '../domain/money.ts';
import { maskResidentId } from '../domain/residentId.ts';
import {
  chineseDate,
  displayWidth,
  escapeHeaderText,
  fitWidth,
  headerRow,
  infoRow,
  signatureRow,
  spanRow,
  sumCell,
  type FormCell,
  type FormColumn,
  type FormRow,
  type FormSheet,
  type Signatories,
} from './layout.ts';

/** One payment on the roster. */
export interface RosterRow {
  name: string | null;
  gender: string | null;
  idNumber: string | null;
  unitName: string | null;
  /** 困难类别: the payment's category, else its recipient kind. */
  category: string | null;
  cashFen: number;
  goodsFen: number;
  goodsDesc: string | null;
  note: string | null;
}

/** The widest text (display width, CJK = 2) of each free-text column. */
export interface RosterWidths {
  name: number;
  unitName: number;
  category: number;
  goodsDesc: number;
  note: number;
}

export interface RosterInput extends Signatories {
  /** settings.officeName (填报单位). */
  officeName: string;
  /** The whole title, see rosterTitle. */
  title: string;
  /** 填报日期, ISO. */
  filedOn: string;
  capitalScript: CapitalScript;
  /** Show the 慰问品 columns. */
  withGoods: boolean;
  /** Show ID numbers as 530424********9510. */
  maskIds: boolean;
  rows: Iterable<RosterRow>;
  rowCount: number;
  cashFen: number;
  goodsFen: number;
  /** Widest texts; measured from `rows` when omitted (only for arrays). */
  widths?: RosterWidths;
}

/** Rows above the first payment: title, info line, header. */
export const ROSTER_HEAD_ROWS = 3;
export const ROSTER_ROW_HEIGHT = 26;

/** The roster title: office + program name + 发放花名册 (unless the name already says 花名册). */
export function rosterTitle(officeName: string, programName: string | null): string {
  const name = programName ?? '';
  const base = `${officeName}${name}`;
  return /花名[册冊]$/.test(name) ? base : `${base}发放花名册`;
}

/** Measure the widest text of each free-text column. */
export function measureRoster(rows: Iterable<RosterRow>): RosterWidths {
  const w: RosterWidths = { name: 0, unitName: 0, category: 0, goodsDesc: 0, note: 0 };
  for (const r of rows) {
    if (r.name) w.name = Math.max(w.name, displayWidth(r.name));
    if (r.unitName) w.unitName = Math.max(w.unitName, displayWidth(r.unitName));
    if (r.category) w.category = Math.max(w.category, displayWidth(r.category));
    if (r.goodsDesc) w.goodsDesc = Math.max(w.goodsDesc, displayWidth(r.goodsDesc));
    if (r.note) w.note = Math.max(w.note, displayWidth(r.note));
  }
  return w;
}

/** The columns of a roster, with widths from the widest texts (CJK characters count as two). */
export function rosterColumns(withGoods: boolean, widths: RosterWidths): FormColumn[] {
  const col = (key: string, header: string, widest: number, min: number, max: number, unit: FormColumn['unit'], align: FormColumn['align']): FormColumn => ({
    key, header, width: fitWidth(Math.max(widest, displayWidth(header)), min, max), unit, align,
  });
  const cols: FormColumn[] = [
    col('seq', '序号', 0, 6, 8, 'count', 'center'),
    col('name', '姓名', widths.name, 10, 24, 'text', 'center'),
    col('gender', '性别', 0, 6, 6, 'text', 'center'),
    col('idNumber', '身份证号码', 18, 22, 22, 'id', 'center'),
    col('unitName', '工作单位', widths.unitName, 12, 36, 'text', 'left'),
    col('category', '困难类别', widths.category, 10, 20, 'text', 'center'),
    col('cash', '金额（元）', 10, 12, 16, 'yuan', 'right'),
  ];
  if (withGoods) {
    cols.push(col('goodsDesc', '慰问品', widths.goodsDesc, 10, 24, 'text', 'center'));
    cols.push(col('goods', '慰问品金额（元）', 10, 14, 18, 'yuan', 'right'));
  }
  // The signature column is wide and the rows tall, so that a signature fits.
  cols.push({ key: 'sign', header: '领取人签字', width: 18, unit: 'text', align: 'center' });
  cols.push(col('note', '备注', widths.note, 10, 30, 'text', 'left'));
  return cols;
}

/** The total line(s) in 大写. */
export function rosterCapitalText(cashFen: number, goodsFen: number, withGoods: boolean, script: CapitalScript): string {
  if (!withGoods) return `合计金额（大写）：${toCapitalAmount(cashFen, script)}`;
  return `慰问金合计（大写）：${toCapitalAmount(cashFen, script)}；慰问品金额合计（大写）：${toCapitalAmount(goodsFen, script)}`;
}

export function rosterLayout(input: RosterInput): FormSheet {
  if (!input.widths && !Array.isArray(input.rows)) throw new Error('rosterLayout: widths are required for a lazy row source');
  const widths = input.widths ?? measureRoster(input.rows);
  // The 合计 row writes 共N人次 in the 备注 column.
  const columns = rosterColumns(input.withGoods, { ...widths, note: Math.max(widths.note, displayWidth(`共${input.rowCount}人次`)) });
  const n = columns.length;
  const cashCol = columns.findIndex((c) => c.key === 'cash') + 1;
  const goodsCol = columns.findIndex((c) => c.key === 'goods') + 1;
  const firstBody = ROSTER_HEAD_ROWS + 1;
  const lastBody = ROSTER_HEAD_ROWS + input.rowCount;

  function* rows(): Generator<FormRow> {
    yield spanRow('title', n, { v: input.title, unit: 'text', align: 'center' }, 36);
    yield infoRow(n, `填报单位：${input.officeName}`, `填报日期：${chineseDate(input.filedOn)}`);
    yield headerRow(columns);
    let seq = 0;
    for (const r of input.rows) {
      seq++;
      const id = r.idNumber === null ? null : input.maskIds ? maskResidentId(r.idNumber) : r.idNumber;
      const cells: (FormCell | null)[] = [
        { v: seq }, { v: r.name }, { v: r.gender }, { v: id }, { v: r.unitName }, { v: r.category }, { v: r.cashFen },
      ];
      if (input.withGoods) cells.push({ v: r.goodsDesc }, { v: r.goodsFen });
      cells.push({ v: null }, { v: r.note });
      yield { role: 'body', cells, height: ROSTER_ROW_HEIGHT };
    }
    if (seq !== input.rowCount) throw new Error(`rosterLayout: ${seq} rows given, ${input.rowCount} announced`);
    const total: (FormCell | null)[] = new Array(n).fill(null);
    total[0] = { v: '合计', unit: 'text', align: 'center', colSpan: cashCol - 1 };
    for (let c = cashCol; c <= n; c++) {
      if (c === cashCol) total[c - 1] = sumCell(cashCol, firstBody, lastBody, input.cashFen, 'yuan');
      else if (c === goodsCol) total[c - 1] = sumCell(goodsCol, firstBody, lastBody, input.goodsFen, 'yuan');
      else if (c === n) total[c - 1] = { v: `共${input.rowCount}人次`, unit: 'text', align: 'left' };
      else total[c - 1] = { v: null, unit: 'text' };
    }
    yield { role: 'total', cells: total, height: ROSTER_ROW_HEIGHT };
    yield spanRow('capital', n, { v: rosterCapitalText(input.cashFen, input.goodsFen, input.withGoods, input.capitalScript), unit: 'text', align: 'left' }, 26);
    yield { role: 'blank', cells: new Array(n).fill(null), height: 12 };
    yield signatureRow(n, input);
  }

  return {
    name: '花名册',
    columns,
    rows: { [Symbol.iterator]: rows },
    rowCount: ROSTER_HEAD_ROWS + input.rowCount + 4,
    freezeRows: ROSTER_HEAD_ROWS,
    print: {
      orientation: 'landscape',
      fitToWidth: true,
      repeatRows: [ROSTER_HEAD_ROWS, ROSTER_HEAD_ROWS],
      pageHeader: escapeHeaderText(input.title),
      pageNumbers: true,
    },
  };
}
