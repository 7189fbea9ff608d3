/**
 * Real roster files for the import tests, built the way grassroots unions'
 * files are made: .xlsx written by exceljs (merged titles and units, IDs typed
 * as numbers, SUM totals with cached values, several township sheets and a
 * 汇总 sheet, Traditional headers, footers, bordered blank rows), a BIFF .xls
 * written by @e965/xlsx, an HTML table saved as .xls in GBK, CSV in GBK via
 * iconv-lite, and damaged and encrypted files.
 */
import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { checkCharacter } from '../../shared/domain/residentId.ts';
import { makeIdNumber } from '../bench/generate.ts';
import { tempDir } from '../helpers/ledger.ts';

/** A valid ID whose check character is X (for the lowercase-x case). */
export function idEndingInX(): string {
  for (let seq = 1; ; seq += 2) {
    const first17 = `530424198103${String(10 + (seq % 18)).padStart(2, '0')}${String(seq % 1000).padStart(3, '0')}`;
    if (checkCharacter(first17) === 'X') return `${first17}X`;
  }
}

function withWrongCheck(id: string): string {
  const right = id[17]!;
  const wrong = right === '0' ? '1' : right === 'X' ? '0' : String((Number(right) + 1) % 10);
  return id.slice(0, 17) + wrong;
}

export const IDS = {
  wangFang: '530424197512030026', // 女
  liQiang: idEndingInX(), // 男 (seq odd)
  zhangWei: '530424198001019516', // 男, typed as a number: digits lost
  zhaoLi: makeIdNumber('530424', '1968-04-12', 22, false), // 女, but the roster says 男
  sunMin: withWrongCheck(makeIdNumber('530424', '1971-07-01', 40, false)),
  zhouJie: makeIdNumber('530424', '1979-02-02', 31, true).slice(0, 17), // 17 characters
  wuJuan: makeIdNumber('530424', '1966-10-10', 64, false), // also on the 華溪鎮 sheet
  noName: makeIdNumber('530424', '1959-01-05', 71, true),
  zhengTao: makeIdNumber('530424', '1962-06-06', 83, true),
  fengLei: makeIdNumber('530424', '1974-03-03', 95, true),
  chenYan: makeIdNumber('530424', '1983-08-08', 102, false),
  yangMing: makeIdNumber('530424', '1977-11-11', 113, true),
  heJing: makeIdNumber('530424', '1969-09-09', 124, false),
  qianJun: makeIdNumber('530424', '1970-05-05', 135, true),
  sunLi: makeIdNumber('530424', '1981-12-12', 146, false),
} as const;

/** Full-width digits, as some clerks type them. */
export function fullWidth(text: string): string {
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}

const BORDER = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } } as const;

/**
 * The messy county roster: a 盘溪镇 sheet (title merged across, 填报单位/日期
 * line, header on row 4 with a line break in 金额, a unit merged down three
 * rows, 同上 and 〃, an ID typed as a number, a bordered blank row, every kind
 * of bad row, a SUM total whose cached value skipped the text amounts, footer
 * and note lines), a 華溪鎮 sheet with Traditional headers, a 汇总 sheet, a
 * 填表说明 sheet, a hidden code sheet and an empty sheet.
 */
export async function messyRosterXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('盘溪镇');
  ws.getCell('A1').value = '华宁县总工会2011年国庆困难职工救助金发放花名册';
  ws.mergeCells('A1:I1');
  ws.getCell('A2').value = '填报单位：盘溪镇工会联合会';
  ws.mergeCells('A2:D2');
  ws.getCell('F2').value = '填报日期：2011年9月20日';
  ws.mergeCells('F2:I2');
  ws.getRow(4).values = ['序号', '姓名', '性别', '身份证号码', '工作单位', '困难类别', '金额\n（元）', '领取人签字', '备注'];
  const rows: (string | number | null | ExcelJS.CellValue)[][] = [
    [1, '王　芳', '女', IDS.wangFang, '盘溪镇水泥厂', '特困', 600, null, null],
    [2, '李强', '男', IDS.liQiang.toLowerCase(), null, '同上', '600元', null, null],
    [3, '张伟', '男', Number(IDS.zhangWei), null, '〃', '1,000.00', null, null],
    [],
    [4, '赵丽', '男', IDS.zhaoLi, '盘溪镇供电局', '一般困难', 500, null, null],
    [5, { richText: [{ text: '孙' }, { font: { bold: true }, text: '敏' }] }, '女', IDS.sunMin, '盘溪镇供电局', '一般困难', 500, null, null],
    [6, '周杰', '男', IDS.zhouJie, '盘溪镇供电局', '一般困难', 500, null, null],
    [7, '吴娟', '女', IDS.wuJuan, '盘溪镇供电局', '一般困难', 300, null, null],
    [8, null, null, IDS.noName, '盘溪镇供电局', '一般困难', 500, null, null],
    [9, '郑涛', '男', IDS.zhengTao, '盘溪镇供电局', '一般困难', null, null, null],
    [10, '冯磊', '男', IDS.fengLei, '盘溪镇供电局', '一般困难', -200, null, null],
    [11, '陈艳', '女', IDS.chenYan, '盘溪镇供电局', '一般困难', '六百', null, null],
    [12, '杨明', '男', fullWidth(IDS.yangMing), '盘溪镇供电局', '一般困难', '８００', null, null],
    [13, '何静', '女', IDS.heJing, '盘溪镇供电局', '一般困难', '1.2万', null, '大病'],
  ];
  rows.forEach((values, i) => {
    const r = ws.getRow(5 + i);
    if (values.length === 0) {
      for (let c = 1; c <= 9; c++) r.getCell(c).border = BORDER;
      return;
    }
    r.values = values as ExcelJS.CellValue[];
    for (let c = 1; c <= 9; c++) r.getCell(c).border = BORDER;
  });
  ws.mergeCells('E5:E7');
  // 合计: Excel's SUM skipped every amount typed as text (600元, 1,000.00, 六百, ８００, 1.2万).
  ws.getCell('A19').value = '合　计';
  ws.mergeCells('A19:F19');
  ws.getCell('G19').value = { formula: 'SUM(G5:G18)', result: 600 + 500 + 500 + 500 + 300 + 500 - 200 };
  ws.getCell('A20').value = '单位负责人：张三　　经办人：李四　　填表人：王五';
  ws.mergeCells('A20:I20');
  ws.getCell('A21').value = '注：1.2万即12000元。';
  ws.mergeCells('A21:I21');

  const hx = wb.addWorksheet('華溪鎮');
  hx.getCell('A1').value = '華寧縣總工會困難職工慰問金發放花名冊';
  hx.mergeCells('A1:F1');
  hx.getRow(3).values = ['序號', '姓名', '身份證號', '工作單位', '慰問金額(元)', '備註'];
  hx.getRow(4).values = [1, '吴娟', IDS.wuJuan, '華溪鎮糖廠', 500, null];
  hx.getRow(5).values = [2, '錢軍', IDS.qianJun, '華溪鎮糖廠', '500', null];
  hx.getRow(6).values = [3, '孫麗', IDS.sunLi, '華溪鎮糖廠', 500, null];
  hx.getRow(7).values = ['合計', null, null, null, { formula: 'SUM(E4:E6)', result: 1000 }, null];

  const sum = wb.addWorksheet('汇总');
  sum.getRow(1).values = ['各乡镇汇总'];
  sum.getRow(2).values = ['乡镇', '人数', '金额（元）'];
  sum.getRow(3).values = ['盘溪镇', 14, 2700];
  sum.getRow(4).values = ['華溪鎮', 3, 1000];

  wb.addWorksheet('填表说明').getCell('A1').value = '填表说明：身份证号码一列请设为“文本”格式，金额只填数字。';
  const hidden = wb.addWorksheet('代码');
  hidden.state = 'hidden';
  hidden.getRow(1).values = ['姓名', '金额'];
  hidden.getRow(2).values = ['隐藏', 1];
  wb.addWorksheet('Sheet5');
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A CSV as Chinese Excel saves it: GBK, CRLF, quoted fields with commas, line breaks and doubled quotes. */
export function gbkCsv(): Buffer {
  const lines = [
    '姓名,身份证号,单位,金额,备注',
    `王芳,${IDS.wangFang},"华宁县水泥厂,一车间",600,"因病""住院"""`,
    `李强,${IDS.liQiang},华宁县供电局,"1,000.00","第一行\r\n第二行"`,
    '张伟,5.30424E+17,华宁县糖厂,500元,',
    ',,,,',
    '合计,,,2100,',
  ];
  return iconv.encode(lines.join('\r\n') + '\r\n', 'gbk');
}

/** A legacy BIFF8 .xls written by @e965/xlsx: merged title, an ID typed as a number, a text amount. */
export function biffXls(): Buffer {
  const ws = XLSX.utils.aoa_to_sheet([
    ['昌宁县总工会2012年金秋助学花名册'],
    ['序号', '学生姓名', '录取学校', '家长姓名', '家长身份证号', '家长工作单位', '助学金额'],
    [1, '王小明', '云南大学', '王芳', IDS.wangFang, '昌宁县茶厂', 2000],
    [2, '李小红', '昆明理工大学', '李强', Number(IDS.zhangWei), '昌宁县茶厂', '3000元'],
    ['合计', null, null, null, null, null, 5000],
  ]);
  ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 6 } }];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '金秋助学');
  return XLSX.write(wb, { bookType: 'biff8', type: 'buffer' }) as Buffer;
}

/** An ".xls" that is an HTML table in GB2312, as web systems export: a unit with rowspan, <br> in a header. */
export function htmlXls(): Buffer {
  const html = `<html xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv="Content-Type" content="application/vnd.ms-excel; charset=gb2312"><style>td{mso-number-format:"\\@";}</style></head>
<body><table border="1">
<tr><td colspan="5">陆良县总工会困难职工医疗救助花名册</td></tr>
<tr><th>姓名</th><th>身份证<br>号码</th><th>所在单位</th><th>救助金额<br>（元）</th><th>备注</th></tr>
<tr><td>王芳</td><td x:str>${IDS.wangFang}</td><td rowspan="2">陆良县&nbsp;化肥厂</td><td>1000</td><td>&lt;住院&gt;</td></tr>
<tr><td>李强</td><td x:str>${IDS.liQiang}</td><td>800</td><td></td></tr>
<tr><td>合计</td><td></td><td></td><td>1800</td><td></td></tr>
</table></body></html>`;
  return iconv.encode(html, 'gbk');
}

/** A password-protected workbook: a compound file holding EncryptionInfo and EncryptedPackage, as Excel writes it. */
export function encryptedXlsx(): Buffer {
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, 'EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0, ...Array(64).fill(1)]));
  XLSX.CFB.utils.cfb_add(cfb, 'EncryptedPackage', Buffer.alloc(8192, 0x5a));
  return XLSX.CFB.write(cfb, { fileType: 'cfb', type: 'buffer' }) as Buffer;
}

/** A ZIP that is not a workbook. */
export function plainZip(): Buffer {
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, '花名册.txt', Buffer.from('王芳 600'));
  return XLSX.CFB.write(cfb, { fileType: 'zip', type: 'buffer' }) as Buffer;
}

/** Write bytes to a new temp folder under the given name; returns the path. */
export function writeTemp(name: string, bytes: Uint8Array, dir = tempDir('import-fixture-')): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** A simple roster in .xlsx from rows (header first), for focused cases. */
export async function simpleXlsx(sheets: Record<string, (ExcelJS.CellValue | null)[][]>, merges: Record<string, string[]> = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    rows.forEach((values, i) => {
      if (values.length > 0) ws.getRow(i + 1).values = values as ExcelJS.CellValue[];
    });
    for (const m of merges[name] ?? []) ws.mergeCells(m);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
