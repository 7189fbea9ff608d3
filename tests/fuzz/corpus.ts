/**
 * The valid files the fuzz test starts from, made the way real ones are made: rosters in
 * .xlsx (exceljs: merged title, shared strings; and one with several township sheets), a
 * legacy BIFF8 .xls and an XML Spreadsheet 2003 .xls (both written by @e965/xlsx), an HTML
 * table saved as .xls, CSV in UTF-8 and in GBK (iconv-lite), and a county's filing package
 * exported by our own exportFiling. All deterministic: the same bytes every run.
 */
import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import path from 'node:path';
import { exportFiling } from '../../electron/core/export/index.ts';
import { makeIdNumber, rng } from '../bench/generate.ts';
import { fullCounty, HUANING_UNITS } from '../helpers/county.ts';
import { tempLedger } from '../helpers/ledger.ts';
import { htmlXls, messyRosterXlsx } from '../import/fixtures.ts';

export type SeedFormat = 'xlsx' | 'xls' | 'xml2003' | 'html' | 'csv-utf8' | 'csv-gbk' | 'filing';

export interface Seed {
  id: string;
  format: SeedFormat;
  /** The extension a clerk's file would have. */
  ext: string;
  bytes: Buffer;
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '芳强伟敏静丽军磊洋勇艳杰娟涛明超秀霞平刚';

/** A county roster's rows: header, then `n` people with valid IDs, units, amounts in the forms clerks type. */
export function rosterRows(n: number, seed = 7): (string | number | null)[][] {
  const random = rng(seed);
  const pick = (s: string) => s[Math.floor(random() * s.length)]!;
  const rows: (string | number | null)[][] = [['序号', '姓名', '性别', '身份证号码', '工作单位', '困难类别', '金额（元）', '领取人签字', '备注']];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const male = random() < 0.5;
    const birth = `${1955 + Math.floor(random() * 40)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`;
    const yuan = [300, 500, 600, 1000][i % 4]!;
    total += yuan;
    rows.push([
      i + 1, pick(SURNAMES) + pick(GIVEN) + (random() < 0.5 ? pick(GIVEN) : ''), male ? '男' : '女', makeIdNumber('530424', birth, 10 + i * 2, male),
      HUANING_UNITS[i % HUANING_UNITS.length]!, ['特困', '重困', '一般困难'][i % 3]!, i % 7 === 3 ? `${yuan}元` : yuan, null, i % 9 === 0 ? '因病住院' : null,
    ]);
  }
  rows.push(['合计', null, null, null, null, null, total, null, null]);
  return rows;
}

async function rosterXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.getCell('A1').value = '华宁县总工会2017年春节送温暖慰问金发放花名册';
  ws.mergeCells('A1:I1');
  ws.getCell('A2').value = '填报单位：华宁县总工会';
  rosterRows(40).forEach((values, i) => {
    ws.getRow(i + 3).values = values;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function sheetJsBook(bookType: 'biff8' | 'xlml'): Buffer {
  const ws = XLSX.utils.aoa_to_sheet([['昌宁县总工会2017年春节送温暖花名册'], ...rosterRows(30, 11)]);
  ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 8 } }];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '送温暖');
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['说明'], ['本表由基层工会填报']]), '填表说明');
  return Buffer.from(XLSX.write(wb, { bookType, type: 'buffer' }) as Buffer);
}

function csvText(): string {
  return rosterRows(40, 13).map((r) => r.map((v) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }).join(',')).join('\r\n') + '\r\n';
}

async function filingPackage(dir: string): Promise<Buffer> {
  const ledger = tempLedger();
  try {
    fullCounty(ledger, { officeName: '华宁县总工会', regionCode: '530424', units: HUANING_UNITS, seed: 21 });
    const out = path.join(dir, '华宁县总工会2011年上报数据包.xlsx');
    await exportFiling(ledger, { year: 2011, out, now: new Date('2012-01-20T02:00:00Z') });
    const fs = await import('node:fs');
    return fs.readFileSync(out);
  } finally {
    ledger.close();
  }
}

export async function buildCorpus(dir: string): Promise<Seed[]> {
  return [
    { id: 'xlsx-roster', format: 'xlsx', ext: '.xlsx', bytes: await rosterXlsx() },
    { id: 'xlsx-messy', format: 'xlsx', ext: '.xlsx', bytes: await messyRosterXlsx() },
    { id: 'xls-biff8', format: 'xls', ext: '.xls', bytes: sheetJsBook('biff8') },
    { id: 'xls-xml2003', format: 'xml2003', ext: '.xls', bytes: sheetJsBook('xlml') },
    { id: 'xls-html', format: 'html', ext: '.xls', bytes: htmlXls() },
    { id: 'csv-utf8', format: 'csv-utf8', ext: '.csv', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText(), 'utf8')]) },
    { id: 'csv-gbk', format: 'csv-gbk', ext: '.csv', bytes: iconv.encode(csvText(), 'gbk') },
    { id: 'filing', format: 'filing', ext: '.xlsx', bytes: await filingPackage(dir) },
  ];
}
