/**
 * Formats are recognised by their bytes, never by the extension, and every
 * reader gives the same neutral table: Excel row numbers, cells by column,
 * merged ranges. Bad files get one Chinese sentence naming the file.
 */
import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { LedgerError } from '../../electron/core/errors.ts';
import { parseImportBytes } from '../../electron/core/import/parse.ts';
import type { ParsedWorkbook } from '../../electron/core/import/table.ts';
import { listZip, readZipEntry } from '../../electron/core/import/zip.ts';
import { createImportSession, previewImport } from '../../electron/core/import/index.ts';
import { tempLedger } from '../helpers/ledger.ts';
import { IDS, biffXls, encryptedXlsx, gbkCsv, htmlXls, messyRosterXlsx, plainZip, simpleXlsx } from './fixtures.ts';

function rowOf(wb: ParsedWorkbook, sheet: number, r: number) {
  return wb.sheets[sheet]!.rows.find((x) => x.r === r)?.c;
}

async function fileError(bytes: Uint8Array, name: string): Promise<LedgerError> {
  try {
    await parseImportBytes(bytes, name);
  } catch (e) {
    expect(e).toBeInstanceOf(LedgerError);
    expect((e as LedgerError).code).toBe('file_error');
    return e as LedgerError;
  }
  throw new Error(`${name} was read without error`);
}

describe('reading .xlsx with exceljs (streaming)', () => {
  it('gives sheets in workbook order with names, hidden state, merged ranges, rich text, cached formula results and numbers as stored', async () => {
    const wb = await parseImportBytes(await messyRosterXlsx(), '花名册.xlsx');
    expect(wb.format).toBe('xlsx');
    expect(wb.encoding).toBeNull();
    expect(wb.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(wb.sheets.map((s) => [s.name, s.hidden])).toEqual([
      ['盘溪镇', false], ['華溪鎮', false], ['汇总', false], ['填表说明', false], ['代码', true], ['Sheet5', false],
    ]);
    const px = wb.sheets[0]!;
    // Merged title A1:I1, the unit E5:E7, the total label A19:F19 (columns 0-based, rows as Excel shows them).
    expect(px.merges).toEqual(expect.arrayContaining([
      { r1: 1, c1: 0, r2: 1, c2: 8 },
      { r1: 5, c1: 4, r2: 7, c2: 4 },
      { r1: 19, c1: 0, r2: 19, c2: 5 },
    ]));
    expect(rowOf(wb, 0, 1)).toEqual(['华宁县总工会2011年国庆困难职工救助金发放花名册']);
    expect(rowOf(wb, 0, 4)).toEqual(['序号', '姓名', '性别', '身份证号码', '工作单位', '困难类别', '金额\n（元）', '领取人签字', '备注']);
    // The ID typed as a number stays a number (its lost digits are the import's business).
    expect(rowOf(wb, 0, 7)![3]).toBe(530424198001019516);
    expect(typeof rowOf(wb, 0, 7)![3]).toBe('number');
    // Rich text becomes plain text; covered merged cells are empty.
    expect(rowOf(wb, 0, 10)![1]).toBe('孙敏');
    expect(rowOf(wb, 0, 6)![4]).toBeNull();
    // The bordered blank row has no values, so it is not in the table.
    expect(rowOf(wb, 0, 8)).toBeUndefined();
    // SUM's cached value, never recalculated.
    expect(rowOf(wb, 0, 19)![6]).toBe(2700);
    expect(wb.sheets[5]!.rows).toEqual([]);
  });

  it('reads dates as ISO dates, shared strings and inline strings', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('日期');
    ws.getRow(1).values = ['姓名', '发放日期', '金额'];
    ws.getRow(2).values = ['王芳', new Date(Date.UTC(2017, 0, 20)), 500];
    ws.getCell('A3').value = '王芳';
    ws.getCell('B3').value = { formula: 'B2+1', result: new Date(Date.UTC(2017, 0, 21)) };
    const parsed = await parseImportBytes(Buffer.from(await wb.xlsx.writeBuffer()), 'd.xlsx');
    expect(rowOf(parsed, 0, 2)).toEqual(['王芳', '2017-01-20', 500]);
    expect(rowOf(parsed, 0, 3)![0]).toBe('王芳');
  });

  it('is not fooled by the entry order of the archive (exceljs#3064: the last entries were dropped)', async () => {
    const bytes = await simpleXlsx({ 甲: [['姓名', '金额'], ['王芳', 1]], 乙: [['姓名', '金额'], ['李强', 2]], 丙: [['姓名', '金额'], ['张伟', 3]] });
    for (let i = 0; i < 25; i++) {
      const wb = await parseImportBytes(bytes, 'order.xlsx');
      expect(wb.sheets.map((s) => [s.name, s.rows.length])).toEqual([['甲', 2], ['乙', 2], ['丙', 2]]);
    }
  });
});

describe('reading legacy .xls (BIFF8) with @e965/xlsx', () => {
  it('reads the sheet, the merge, numbers and text', async () => {
    const bytes = biffXls();
    expect([...bytes.subarray(0, 4)]).toEqual([0xd0, 0xcf, 0x11, 0xe0]);
    const wb = await parseImportBytes(bytes, '金秋助学.xls');
    expect(wb.format).toBe('xls');
    expect(wb.sheets[0]!.name).toBe('金秋助学');
    expect(wb.sheets[0]!.merges).toEqual([{ r1: 1, c1: 0, r2: 1, c2: 6 }]);
    expect(rowOf(wb, 0, 3)).toEqual([1, '王小明', '云南大学', '王芳', IDS.wangFang, '昌宁县茶厂', 2000]);
    expect(rowOf(wb, 0, 4)![4]).toBe(Number(IDS.zhangWei));
    expect(rowOf(wb, 0, 4)![6]).toBe('3000元');
  });

  it('reads the same file whatever its name says (an .xls saved as .xlsx)', async () => {
    const wb = await parseImportBytes(biffXls(), '改了扩展名.xlsx');
    expect(wb.format).toBe('xls');
  });
});

describe('".xls" files that are XML Spreadsheet 2003', () => {
  it('reads them with @e965/xlsx, merges included', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="名单"><Table>
  <Row><Cell ss:MergeAcross="2"><Data ss:Type="String">花名册</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String">姓名</Data></Cell><Cell><Data ss:Type="String">身份证号</Data></Cell><Cell><Data ss:Type="String">金额</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String">王芳</Data></Cell><Cell><Data ss:Type="String">${IDS.wangFang}</Data></Cell><Cell><Data ss:Type="Number">500</Data></Cell></Row>
 </Table></Worksheet>
</Workbook>`;
    const wb = await parseImportBytes(Buffer.from(xml), '系统导出.xls');
    expect(wb.format).toBe('xls');
    expect(wb.sheets).toEqual([{ name: '名单', hidden: false, merges: [{ r1: 1, c1: 0, r2: 1, c2: 2 }], rows: [
      { r: 1, c: ['花名册'] }, { r: 2, c: ['姓名', '身份证号', '金额'] }, { r: 3, c: ['王芳', IDS.wangFang, 500] },
    ] }]);
  });
});

describe('".xls" files that are HTML tables', () => {
  it('decodes GB2312, numbers rows by <tr>, turns rowspan/colspan into merges and <br> into line breaks', async () => {
    const wb = await parseImportBytes(htmlXls(), '医疗救助.xls');
    expect(wb.format).toBe('html');
    expect(wb.encoding).toBe('gb18030');
    const s = wb.sheets[0]!;
    expect(s.name).toBeNull();
    expect(s.merges).toEqual([{ r1: 1, c1: 0, r2: 1, c2: 4 }, { r1: 3, c1: 2, r2: 4, c2: 2 }]);
    expect(rowOf(wb, 0, 2)).toEqual(['姓名', '身份证\n号码', '所在单位', '救助金额\n（元）', '备注']);
    expect(rowOf(wb, 0, 3)).toEqual(['王芳', IDS.wangFang, '陆良县 化肥厂', '1000', '<住院>']);
    // The rowspan covers C4: the cell is empty and the next cells shift right past it.
    expect(rowOf(wb, 0, 4)).toEqual(['李强', IDS.liQiang, null, '800']);
  });

  it('gives several tables as several sheets', async () => {
    const html = '<html><body><table><tr><td>姓名</td><td>金额</td></tr><tr><td>王芳</td><td>1</td></tr></table><p>说明</p><table><tr><td>姓名</td></tr><tr><td><table><tr><td>内嵌</td></tr></table>李强</td></tr></table></body></html>';
    const wb = await parseImportBytes(Buffer.from(html), 'two.xls');
    expect(wb.sheets.map((s) => s.name)).toEqual(['表格1', '表格2']);
    expect(rowOf(wb, 1, 2)).toEqual(['内嵌 李强']);
  });

  it('reads a roster inside a page’s layout table as a table of its own (it was one cell of the outer table: no header found)', async () => {
    const html = `<html><body><table width="100%"><tr><td><h3>2024年春节送温暖花名册</h3></td></tr><tr><td>
      <table border="1"><tr><th>序号</th><th>姓名</th><th>身份证号码</th><th>金额</th></tr>
      <tr><td>1</td><td>王芳</td><td>${IDS.wangFang}</td><td>500</td></tr><tr style="display:none"><td>2</td><td>李强</td><td>${IDS.liQiang}</td><td>600</td></tr>
      <tr><td colspan="3">合计</td><td>1100</td></tr></table></td></tr><tr><td>填表人：张三</td></tr></table></body></html>`;
    const wb = await parseImportBytes(Buffer.from(html), 'layout.xls');
    expect(wb.sheets.map((s) => [s.name, s.rows.length])).toEqual([['表格1', 2], ['表格2', 4]]);
    expect(rowOf(wb, 0, 1)).toEqual(['2024年春节送温暖花名册']);
    expect(rowOf(wb, 0, 3)).toEqual(['填表人：张三']);
    expect(rowOf(wb, 1, 2)).toEqual(['1', '王芳', IDS.wangFang, '500']);
    expect(wb.sheets[1]!.rows.find((r) => r.r === 3)!.h).toBe(true);
    expect(wb.sheets[1]!.merges).toEqual([{ r1: 4, c1: 0, r2: 4, c2: 2 }]);
  });
});

describe('CSV and TXT', () => {
  it('refuses a header row below the last row with content', async () => {
    const s = createImportSession(await parseImportBytes(Buffer.from(`姓名,身份证号码,金额\n王芳,${IDS.wangFang},600\n`), '名单.csv'));
    expect(() => previewImport(tempLedger(), s, { sheets: { 0: { headerRow: 99 } } })).toThrow('“名单.csv”只有 2 行有内容，表头不能在第 99 行（其下没有数据行）');
  });

  it('says a file named .xlsx that is plain text is no Excel file; one read as a roster says it was read as CSV', async () => {
    const p = previewImport(tempLedger(), createImportSession(await parseImportBytes(Buffer.from('这不是表格\n只是一段说明文字\n'), '花名册.xlsx')), {});
    expect(p.file.format).toBe('csv');
    expect(p.sheets[0]!.roleReason).toMatch(/注意：文件名是 \.xlsx，但内容不是 Excel 文件，而是纯文本/);
    // A real CSV named .xls (as web systems export them) is read, and says so mildly.
    const csv = previewImport(tempLedger(), createImportSession(await parseImportBytes(Buffer.from(`姓名,身份证号码,金额\n王芳,${IDS.wangFang},600\n`), '导出.xls')), {});
    expect([csv.sheets[0]!.role, csv.sheets[0]!.roleReason.includes('注意'), csv.rows[0]!.amountFen]).toEqual(['payments', false, 60_000]);
    expect(csv.sheets[0]!.roleReason).toMatch(/文件名是 \.xls，但内容是纯文本，已按 CSV 读取$/);
  });

  it('reads GBK as Chinese Excel saves it, with quoted commas, line breaks, doubled quotes and CRLF', async () => {
    const wb = await parseImportBytes(gbkCsv(), '名单.csv');
    expect(wb.format).toBe('csv');
    expect(wb.encoding).toBe('gb18030');
    const s = wb.sheets[0]!;
    expect(s.name).toBeNull();
    expect(rowOf(wb, 0, 1)).toEqual(['姓名', '身份证号', '单位', '金额', '备注']);
    expect(rowOf(wb, 0, 2)).toEqual(['王芳', IDS.wangFang, '华宁县水泥厂,一车间', '600', '因病"住院"']);
    // A quoted line break does not start a new record: row numbers are record numbers.
    expect(rowOf(wb, 0, 3)).toEqual(['李强', IDS.liQiang, '华宁县供电局', '1,000.00', '第一行\r\n第二行']);
    expect(rowOf(wb, 0, 4)).toEqual(['张伟', '5.30424E+17', '华宁县糖厂', '500元']);
    expect(rowOf(wb, 0, 5)).toBeUndefined();
    expect(rowOf(wb, 0, 6)).toEqual(['合计', null, null, '2100']);
  });

  it('takes a BOM first, then strict UTF-8, then GB18030; LF or CR line ends; tab-separated UTF-16 text', async () => {
    const text = '姓名,金额\n王芳,600\n';
    const bom = await parseImportBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'bom.csv');
    expect([bom.encoding, rowOf(bom, 0, 2)]).toEqual(['utf-8', ['王芳', '600']]);
    const plain = await parseImportBytes(Buffer.from(text.replace(/\n/g, '\r')), 'cr.csv');
    expect([plain.encoding, rowOf(plain, 0, 2)]).toEqual(['utf-8', ['王芳', '600']]);
    // GB18030 bytes that are also not valid UTF-8: 4-byte sequences (e.g. 𠀀) survive.
    const gb = await parseImportBytes(iconv.encode('姓名,金额\n王𠀀,600\n', 'gb18030'), 'gb.csv');
    expect([gb.encoding, rowOf(gb, 0, 2)]).toEqual(['gb18030', ['王𠀀', '600']]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名\t身份证号\t金额\r\n王芳\t="530424197512030026"\t600\r\n', 'utf16le')]);
    const tsv = await parseImportBytes(utf16, 'unicode.txt');
    expect([tsv.encoding, rowOf(tsv, 0, 2)]).toEqual(['utf-16le', ['王芳', '530424197512030026', '600']]);
    // The same without a byte-order mark (some programs' "Unicode text"), either byte order.
    const le = await parseImportBytes(utf16.subarray(2), 'nobom.txt');
    expect([le.encoding, rowOf(le, 0, 2)]).toEqual(['utf-16le', ['王芳', '530424197512030026', '600']]);
    const be = Buffer.from(utf16.subarray(2));
    be.swap16();
    const beRead = await parseImportBytes(be, 'nobom-be.txt');
    expect([beRead.encoding, rowOf(beRead, 0, 2)]).toEqual(['utf-16be', ['王芳', '530424197512030026', '600']]);
  });
});

describe('files that cannot be imported', () => {
  it('refuses each with a clear Chinese message naming the file and what is wrong', async () => {
    const good = await messyRosterXlsx();
    const cases: [Uint8Array, string, RegExp][] = [
      [encryptedXlsx(), '加密.xlsx', /无法导入“加密.xlsx”：文件设置了打开密码/],
      [good.subarray(0, Math.floor(good.length / 2)), '截断.xlsx', /无法导入“截断.xlsx”：文件不完整/],
      [plainZip(), '压缩包.xlsx', /ZIP 压缩包，不是 Excel 工作簿/],
      [Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 37 + 11) & 255)), '乱码.xls', /无法识别的文件格式/],
      [Buffer.alloc(0), '空.csv', /文件是空的/],
      [Buffer.from('%PDF-1.7\n1 0 obj'), '扫描件.xls', /这是 PDF 文件/],
      [Buffer.from('<!DOCTYPE html><html><body><p>没有表格</p></body></html>'), '网页.xls', /网页文件，但其中没有表格/],
    ];
    for (const [bytes, name, message] of cases) {
      const e = await fileError(bytes, name);
      expect(e.message, name).toMatch(message);
    }
  });

  it('refuses an .xlsx whose compressed data is damaged', async () => {
    const bytes = Buffer.from(await messyRosterXlsx());
    // Damage the middle of the first worksheet's compressed data, keeping the directory intact.
    const at = bytes.indexOf('xl/worksheets/sheet1.xml') + 200;
    for (let i = at; i < at + 300; i++) bytes[i] = (bytes[i]! * 7 + 13) & 255;
    const e = await fileError(bytes, '损坏.xlsx');
    expect(e.message).toMatch(/^无法导入“损坏.xlsx”：.*(损坏|无法)/);
  });

  it('reads an archive another program wrote: parts stored uncompressed, workbook.xml after the sheets', async () => {
    const original = await simpleXlsx({ 甲: [['姓名', '金额'], ['王芳', 1]], 乙: [['姓名', '金额'], ['李强', 2]] });
    const listing = listZip(original);
    if (!listing.ok) throw new Error('fixture');
    const cfb = XLSX.CFB.utils.cfb_new();
    for (const e of listing.entries) if (!e.name.endsWith('/')) XLSX.CFB.utils.cfb_add(cfb, e.name, readZipEntry(original, e));
    const stored = XLSX.CFB.write(cfb, { fileType: 'zip', type: 'buffer' }) as Buffer;
    const relisted = listZip(stored);
    expect(relisted.ok && relisted.entries.every((e) => e.method === 0)).toBe(true);
    for (let i = 0; i < 10; i++) {
      const wb = await parseImportBytes(stored, 'stored.xlsx');
      expect(wb.sheets.map((sh) => [sh.name, sh.rows.map((r) => r.c)])).toEqual([['甲', [['姓名', '金额'], ['王芳', 1]]], ['乙', [['姓名', '金额'], ['李强', 2]]]]);
    }
  });

  it('says so instead of reading nothing when the sheet XML carries namespace prefixes', async () => {
    const good = await simpleXlsx({ S: [['姓名', '金额'], ['王芳', 1]] });
    const listing = listZip(good);
    if (!listing.ok) throw new Error('fixture');
    const cfb = XLSX.CFB.utils.cfb_new();
    for (const e of listing.entries) {
      if (e.name.endsWith('/')) continue;
      let data = readZipEntry(good, e);
      if (e.name === 'xl/worksheets/sheet1.xml') {
        data = Buffer.from(data.toString('utf8').replace(/<(\/?)(?!\?)([A-Za-z])/g, '<$1x:$2').replace('<x:worksheet ', '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '));
      }
      XLSX.CFB.utils.cfb_add(cfb, e.name, data);
    }
    const bytes = XLSX.CFB.write(cfb, { fileType: 'zip', type: 'buffer' }) as Buffer;
    const e = await fileError(bytes, '前缀.xlsx');
    expect(e.message).toMatch(/工作表“S”由不标准的程序生成/);
  });

  it('refuses a BIFF file with a password', async () => {
    const ws = XLSX.utils.aoa_to_sheet([['姓名'], ['王芳']]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'S');
    const bytes = Buffer.from(XLSX.write(wb, { bookType: 'biff8', type: 'buffer' }) as Buffer);
    // A FILEPASS record (0x002F) right after the BOF record of the workbook stream: how Excel marks an encrypted .xls.
    const bof = bytes.indexOf(Buffer.from([0x09, 0x08, 0x10, 0x00]));
    expect(bof).toBeGreaterThan(0);
    const filepass = Buffer.from([0x2f, 0x00, 0x06, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00]);
    const tampered = Buffer.concat([bytes.subarray(0, bof + 20), filepass, bytes.subarray(bof + 20 + filepass.length)]);
    const e = await fileError(tampered, '有密码.xls');
    expect(e.message).toMatch(/无法导入“有密码.xls”：文件设置了打开密码/);
  });
});
