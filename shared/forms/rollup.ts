/**
 * 核对表 of a roll-up: for each county package in force, what its metadata
 * announced (rows, Σ) against what the consolidated ledger holds of it now.
 */
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
  type FormColumn,
  type FormRow,
  type FormSheet,
  type Signatories,
} from './layout.ts';

export interface ReconciliationRow {
  county: string;
  regionCode: string;
  fileName: string;
  exportedAt: string;
  importedAt: string;
  packageRows: number;
  ledgerRows: number;
  packageFen: number;
  ledgerFen: number;
  sha256: string;
}

export interface ReconciliationInput extends Signatories {
  officeName: string;
  year: number;
  filedOn: string;
  rows: ReconciliationRow[];
}

export const MATCH = '一致';
export const MISMATCH = '不一致';

function when(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

export function reconciliationLayout(input: ReconciliationInput): FormSheet {
  let wCounty = 4;
  let wFile = 8;
  for (const r of input.rows) {
    wCounty = Math.max(wCounty, displayWidth(r.county));
    wFile = Math.max(wFile, displayWidth(r.fileName));
  }
  const columns: FormColumn[] = [
    { key: 'seq', header: '序号', width: 6, unit: 'count', align: 'center' },
    { key: 'county', header: '单位', width: fitWidth(wCounty, 14, 30), unit: 'text', align: 'left' },
    { key: 'region', header: '行政区划代码', width: 14, unit: 'id', align: 'center' },
    { key: 'file', header: '数据包文件', width: fitWidth(wFile, 16, 40), unit: 'text', align: 'left' },
    { key: 'exportedAt', header: '导出时间', width: 20, unit: 'text', align: 'center' },
    { key: 'importedAt', header: '导入时间', width: 20, unit: 'text', align: 'center' },
    { key: 'packageRows', header: '数据包记录数', width: 14, unit: 'count', align: 'right' },
    { key: 'ledgerRows', header: '台账记录数', width: 12, unit: 'count', align: 'right' },
    { key: 'packageFen', header: '数据包金额（元）', width: 18, unit: 'yuan', align: 'right' },
    { key: 'ledgerFen', header: '台账金额（元）', width: 18, unit: 'yuan', align: 'right' },
    { key: 'sha', header: '数据校验码（前16位）', width: 20, unit: 'id', align: 'center' },
    { key: 'match', header: '核对结果', width: 10, unit: 'text', align: 'center' },
  ];
  const n = columns.length;
  const rows: FormRow[] = [
    spanRow('title', n, { v: `${input.officeName}${input.year}年度下级上报数据核对表`, unit: 'text', align: 'center' }, 36),
    infoRow(n, `填报单位：${input.officeName}`, `填报日期：${chineseDate(input.filedOn)}`),
    headerRow(columns),
  ];
  const first = rows.length + 1;
  input.rows.forEach((r, i) => {
    const ok = r.packageRows === r.ledgerRows && r.packageFen === r.ledgerFen;
    rows.push({
      role: 'body',
      cells: [
        { v: i + 1 }, { v: r.county }, { v: r.regionCode }, { v: r.fileName }, { v: when(r.exportedAt) }, { v: when(r.importedAt) },
        { v: r.packageRows }, { v: r.ledgerRows }, { v: r.packageFen }, { v: r.ledgerFen }, { v: r.sha256.slice(0, 16) }, { v: ok ? MATCH : MISMATCH },
      ],
      height: 22,
    });
  });
  const last = rows.length;
  const sum = (pick: (r: ReconciliationRow) => number) => input.rows.reduce((s, r) => s + pick(r), 0);
  const allOk = input.rows.every((r) => r.packageRows === r.ledgerRows && r.packageFen === r.ledgerFen);
  rows.push({
    role: 'total',
    cells: [
      { v: '合计', unit: 'text', colSpan: 6, align: 'center' }, null, null, null, null, null,
      sumCell(7, first, last, sum((r) => r.packageRows), 'count'), sumCell(8, first, last, sum((r) => r.ledgerRows), 'count'),
      sumCell(9, first, last, sum((r) => r.packageFen), 'yuan'), sumCell(10, first, last, sum((r) => r.ledgerFen), 'yuan'),
      { v: null, unit: 'text' }, { v: allOk ? MATCH : MISMATCH, unit: 'text' },
    ],
    height: 24,
  });
  rows.push(noteRow(columns, '注：数据包记录数、金额取自各数据包的元数据（导入时已与数据包内容和校验码核对一致）；台账记录数、金额为本台账中该数据包现有的发放记录。'));
  rows.push({ role: 'blank', cells: new Array(n).fill(null), height: 12 });
  rows.push(signatureRow(n, input));
  return {
    name: '核对',
    columns,
    rows,
    rowCount: rows.length,
    freezeRows: 3,
    print: { orientation: 'landscape', fitToWidth: true, repeatRows: [3, 3], pageNumbers: true },
  };
}
