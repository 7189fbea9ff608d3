/**
 * The .xlsx reader: every cell reads exactly as exceljs's own streaming reader
 * reads it (the reader keeps exceljs's value rules but not its per-cell objects),
 * checked cell by cell on files with every kind of cell; and every character is
 * kept: parts are inflated and decoded in chunks, and a Chinese character whose
 * UTF-8 bytes straddle two chunks must come out whole (exceljs's own reader decodes
 * each chunk alone and turned such characters into U+FFFD).
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseImportBytes } from '../../electron/core/import/parse.ts';
import { cellOfExceljs } from '../../electron/core/import/readXlsx.ts';
import { decimalsShown } from '../../electron/core/import/table.ts';
import { trimRow, type RawCell, type RawRow } from '../../electron/core/import/table.ts';
import { listZip, readZipEntry } from '../../electron/core/import/zip.ts';
import { XmlScanner } from '../../electron/core/import/xmlScan.ts';
import { LedgerError } from '../../electron/core/errors.ts';
import { messyRosterXlsx } from './fixtures.ts';
import { generateLedger } from '../bench/generate.ts';
import { tempDir } from '../helpers/ledger.ts';

async function roster(rows: string[][], useSharedStrings: boolean): Promise<Buffer> {
  const file = path.join(tempDir('import-xlsx-'), 'r.xlsx');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings, useStyles: false });
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['姓名', '身份证号码', '工作单位', '备注']).commit();
  for (const r of rows) ws.addRow(r).commit();
  await wb.commit();
  return fs.readFileSync(file);
}

describe('reading .xlsx parts in chunks', () => {
  const data = generateLedger({ payments: 6000, people: 6000, years: [2017], seed: 11 });
  // Names, units and notes of varying lengths, so that characters fall across chunk boundaries.
  const rows = data.people.map((p, i) => [p.name, p.idNumber, p.unit, '困难'.repeat(1 + (i % 7)) + '　说明'.slice(0, 1 + (i % 3))]);

  for (const shared of [true, false]) {
    it(`keeps every Chinese character (${shared ? 'shared strings' : 'strings in the sheet'})`, async () => {
      const wb = await parseImportBytes(await roster(rows, shared), 'r.xlsx');
      const read = wb.sheets[0]!.rows.slice(1).map((r) => r.c);
      expect(read.length).toBe(rows.length);
      expect(read.filter((c) => c.some((v) => typeof v === 'string' && v.includes('\uFFFD')))).toEqual([]);
      expect(read).toEqual(rows);
    });
  }
});

/** A ZIP archive of stored (uncompressed) entries, in the order given. */
function zip(parts: [string, Buffer][]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of parts) {
    const n = Buffer.from(name);
    const crc = zlib.crc32(data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x0800, 6);
    head.writeUInt32LE(crc, 14);
    head.writeUInt32LE(data.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(n.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(n.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(head, n, data);
    central.push(dir, n);
    offset += 30 + n.length + data.length;
  }
  const size = central.reduce((t, b) => t + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...central, end]);
}

/**
 * The rows as exceljs's own streaming WorkbookReader gives them, turned into neutral cells the way
 * the import does. Its archive reader needs the workbook before the sheets (exceljs#3064): the
 * parts are handed to it in that order.
 */
async function exceljsRows(bytes: Buffer): Promise<{ r: number; c: RawCell[] }[][]> {
  const listing = listZip(bytes);
  if (!listing.ok) throw new Error('fixture');
  const rank = (name: string) => ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'].indexOf(name) >>> 0;
  const entries = listing.entries.filter((e) => !e.name.endsWith('/')).sort((a, b) => rank(a.name) - rank(b.name) || a.offset - b.offset);
  const file = path.join(tempDir('import-ref-'), 'ref.xlsx');
  fs.writeFileSync(file, zip(entries.map((e) => [e.name, readZipEntry(bytes, e)])));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  const sheets: { r: number; c: RawCell[] }[][] = [];
  for await (const ws of reader) {
    const rows: { r: number; c: RawCell[] }[] = [];
    for await (const row of ws) {
      const values = row.values as unknown[];
      if (values.length <= 1) continue;
      const cells = trimRow(values.slice(1).map((v) => cellOfExceljs(v)));
      if (cells) rows.push({ r: row.number, c: cells });
    }
    sheets.push(rows);
  }
  return sheets;
}

/**
 * exceljs's rows, put right where the import reads better on purpose: every run of a rich inline
 * string (exceljs keeps only the last: a name 王|芳 read as 芳), the text under a phonetic guide
 * (拼音指南: exceljs gives the guide, リ or lǐqiáng, instead of the name), a formula without a saved
 * result or with an error result (exceljs: no value; here its text, =1+1, or the error, #DIV/0!), a
 * date cell written as ISO text (t="d": exceljs reads 2017-01-20 as the number 2017; here the date), and
 * a formula's result under a date format (exceljs: the day number, which a 1904 workbook's reader then
 * took as a 1900 date, 4 years and a day early; here the date). `fixes`: row, column (0-based), value.
 */
function readBetter(reference: { r: number; c: RawCell[] }[][], fixes: { r: number; c: number; value: RawCell }[] = [], phonetic: [string, string][] = []): { r: number; c: RawCell[] }[][] {
  return reference.map((rows) => rows.map((row) => ({
    r: row.r,
    c: row.c.map((v, c) => {
      const fix = fixes.find((f) => f.r === row.r && f.c === c);
      if (fix) return fix.value;
      const guide = phonetic.find(([shown]) => shown === v);
      return guide ? guide[1] : v;
    }),
  })));
}

/** The rows without the numbers kept beside dates (RawRow.s), which exceljs does not give. */
function withoutNumbersBehindDates(sheets: { rows: RawRow[] }[]): Omit<RawRow, 's'>[][] {
  return sheets.map((sheet) => sheet.rows.map(({ s: _s, ...row }) => row));
}

/** An .xlsx made of the given parts, as another program might write it (stored entries). */
function handmade(sheetXml: string, options: { date1904?: boolean; worksheet?: string; sst?: string } = {}): Buffer {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const parts: [string, string][] = [
    ['[Content_Types].xml', `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`],
    ['_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`],
    ['xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook ${ns} xmlns:r="${rel}"><workbookPr${options.date1904 ? ' date1904="1"' : ''}/><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/styles.xml', `<?xml version="1.0" encoding="UTF-8"?><styleSheet ${ns}><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="&quot;第&quot;0&quot;号&quot;"/></numFmts><fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`],
    ['xl/sharedStrings.xml', options.sst ?? `<?xml version="1.0" encoding="UTF-8"?><sst ${ns} count="6" uniqueCount="6"><si><t>王芳</t></si><si><r><rPr><b/><sz val="11"/></rPr><t>孙</t></r><r><t xml:space="preserve">敏 </t></r></si><si><t/></si><si><t>A &amp; B &lt;C&gt;</t></si><si><r><t></t></r></si><si><t xml:space="preserve">  前后有空格  </t></si></sst>`],
    ['xl/worksheets/sheet1.xml', options.worksheet ?? `<?xml version="1.0" encoding="UTF-8"?><worksheet ${ns}><dimension ref="A1:H12"/><sheetData>${sheetXml}</sheetData><mergeCells count="1"><mergeCell ref="A10:A11"/></mergeCells></worksheet>`],
  ];
  return zip(parts.map(([name, text]) => [name, Buffer.from(text)]));
}

const EVERY_KIND = [
  // Shared strings: plain, rich text, empty, entities, an index out of range, spaces kept.
  '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>99</v></c><c r="F1" t="s"><v>4</v></c><c r="G1" t="s"><v>5</v></c></row>',
  // Inline strings, rich inline text, str cells with entities.
  '<row r="2"><c r="A2" t="inlineStr"><is><t>李强</t></is></c><c r="B2" t="inlineStr"><is><r><t>张</t></r><r><t>伟</t></r></is></c><c r="C2" t="str"><v>a &amp;amp;lt; b</v></c><c r="D2" t="str"><v></v></c><c r="E2" t="inlineStr"><is><t xml:space="preserve"> 　 </t></is></c></row>',
  // Formulas: result 0, a number, no cached value, shared formulas (empty text), text results, an empty result.
  '<row r="3"><c r="A3"><f>B3-B3</f><v>0</v></c><c r="B3"><f>SUM(C1:C2)</f><v>2700</v></c><c r="C3"><f>1+1</f></c><c r="D3"><f t="shared" si="0"/><v>7</v></c><c r="E3"><f t="shared" si="0"/><v>0</v></c><c r="F3" t="str"><f>A1&amp;""</f><v>王芳</v></c><c r="G3" t="str"><f>""</f><v></v></c><c r="H3"><f>NA()</f><v></v></c></row>',
  // A row styled as a date: its cells without a style, with style 0 or an unknown style, read as dates; text or 第0号 styles stay numbers.
  '<row r="4" s="1" customFormat="1"><c r="A4"><v>42756</v></c><c r="B4" s="3"><v>42756</v></c><c r="C4" s="0"><v>42757</v></c><c r="D4" s="4"><v>12</v></c><c r="E4" s="9"><v>42758</v></c></row>',
  // Dates by style (custom 年月日, date and time 22; style 0 is a date format but is not looked at), errors, booleans, odd numbers.
  '<row r="5"><c r="A5" s="1"><v>42756</v></c><c r="B5" s="0"><v>42756</v></c><c r="C5" s="2"><v>42756.5</v></c><c r="D5" t="e"><v>#N/A</v></c><c r="E5" t="b"><v>1</v></c><c r="F5" t="b"><v>0</v></c><c r="G5"><v>1e3</v></c><c r="H5"><v/></c></row>',
  // The same cell twice: the second value, with the first one's style.
  '<row r="6"><c r="A6" s="1"><v>42756</v></c><c r="A6"><v>42757</v></c><c r="C6"><v>530424198001019516</v></c></row>',
  // Pretty-printed cells: the text after </v> belongs to the value.
  '<row r="7">\n  <c r="A7" t="str">\n    <v>x</v>\n  </c>\n  <c r="B7">\n    <v>5</v>\n  </c>\n</row>',
  // Empty rows, a row of empty strings, gaps between columns.
  '<row r="8"/><row r="9"><c r="A9" t="s"><v>2</v></c><c r="B9" t="str"><v></v></c></row><row r="10"><c r="A10" t="s"><v>0</v></c><c r="E10"><v>600</v></c></row>',
  '<row r="12" spans="1:3"><c r="C12" t="s"><v>3</v></c></row>',
].join('');

describe('cell values, exactly as exceljs reads them', () => {
  for (const date1904 of [false, true]) {
    it(`every kind of cell${date1904 ? ' (1904 dates)' : ''}`, async () => {
      const bytes = handmade(EVERY_KIND, { date1904 });
      const ours = await parseImportBytes(bytes, 'cells.xlsx');
      const reference = readBetter(await exceljsRows(bytes), [{ r: 2, c: 1, value: '张伟' }, { r: 3, c: 0, value: 0 }, { r: 3, c: 2, value: '=1+1' }]);
      // (Beside exceljs's values: the numbers under date formats, kept for amount columns; asserted below.)
      expect(withoutNumbersBehindDates(ours.sheets)).toEqual(reference);
      // A number typed under a date format keeps its number beside the date (helper 48: 600 under m/d was a date only).
      expect(ours.sheets[0]!.rows.find((r) => r.r === 4)!.s).toEqual({ 0: 42756, 2: 42757, 4: 42758 });
      // A few values spelled out, so that a change in exceljs cannot pass unnoticed.
      const row = (r: number) => ours.sheets[0]!.rows.find((x) => x.r === r)?.c;
      expect(row(1)).toEqual(['王芳', '孙敏 ', null, 'A & B <C>', null, null, '  前后有空格  ']);
      expect(row(2)!.slice(0, 2)).toEqual(['李强', '张伟']);
      // A3: a formula whose result is 0, as 0 (exceljs: no value); C3: a formula without a saved result, as its text (exceljs: no value).
      expect(row(3)).toEqual([0, 2700, '=1+1', 7, 0, '王芳']);
      expect(row(4)![0]).toBe(date1904 ? '2021-01-22' : '2017-01-21');
      expect(row(4)!.slice(1, 4)).toEqual([42756, date1904 ? '2021-01-23' : '2017-01-22', 12]);
      expect(row(5)!.slice(0, 3)).toEqual(date1904 ? ['2021-01-22', 42756, '2021-01-22 12:00:00'] : ['2017-01-21', 42756, '2017-01-21 12:00:00']);
      expect(row(6)![0]).toBe(date1904 ? '2021-01-23' : '2017-01-22');
    });

    it(`a formula's result under a date format is the date, in the workbook's date system${date1904 ? ' (1904 dates)' : ''}`, async () => {
      // =A1+1 shown as a date: it was read as the day number, later taken as a 1900-system date (helper 41's sweep).
      // The number is kept beside the date (the row's s): =200*3 under m/d is an amount of 600 where the analysis reads
      // an amount (helpers 44, 46); =G2 of an empty cell (0) is no date.
      const bytes = handmade('<row r="1"><c r="A1" s="1"><v>42756</v></c><c r="B1" s="1"><f>A1+1</f><v>42757</v></c><c r="C1"><f>A1+1</f><v>42757</v></c><c r="D1" s="1"><f>200*3</f><v>600</v></c><c r="E1" s="1"><f>G1</f><v>0</v></c></row>', { date1904 });
      const ours = await parseImportBytes(bytes, 'dates.xlsx');
      expect(ours.sheets[0]!.rows[0]!.c).toEqual(date1904 ? ['2021-01-22', '2021-01-23', 42757, '1905-08-23', 0] : ['2017-01-21', '2017-01-22', 42757, '1901-08-22', 0]);
      expect(ours.sheets[0]!.rows[0]!.s).toEqual({ 0: 42756, 1: 42757, 3: 600 });
    });
  }

  it('the messy roster and a workbook exceljs wrote with dates, formulas, booleans, errors and rich text', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('日期');
    ws.getRow(1).values = ['姓名', '发放日期', '金额', '是否', '错误', '富文本'];
    ws.getRow(2).values = ['王芳', new Date(Date.UTC(2017, 0, 20)), 500, true, { error: '#DIV/0!' }, { richText: [{ text: '李' }, { font: { bold: true }, text: '强' }] }];
    ws.getRow(3).values = [{ formula: 'A2', result: '王芳' }, { formula: 'B2+1', result: new Date(Date.UTC(2017, 0, 21)) }, { formula: 'C2*0', result: 0 }, false, null, '　'];
    ws.getRow(3).getCell(2).numFmt = 'yyyy-mm-dd';
    const written = Buffer.from(await wb.xlsx.writeBuffer());
    // C3 (=C2*0): 0, as the cell shows it (exceljs: no value).
    // B3 (=B2+1 under yyyy-mm-dd): the date (exceljs: the day number 42756).
    expect((await parseImportBytes(written, 'x.xlsx')).sheets.map((s) => s.rows.map(({ r, c }) => ({ r, c })))).toEqual(readBetter(await exceljsRows(written), [{ r: 3, c: 2, value: 0 }, { r: 3, c: 1, value: '2017-01-21' }]));
    const messy = Buffer.from(await messyRosterXlsx());
    expect((await parseImportBytes(messy, 'x.xlsx')).sheets.map((s) => s.rows)).toEqual(await exceljsRows(messy));
  });
});

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

/** XML as other programs write it: any attribute order and quotes, whitespace and line ends inside tags, comments, PIs, CDATA, entities. */
const ODD_SHEET = [
  `<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\r\n<!-- written by hand -->\r\n<worksheet ${NS}\r\n  xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`,
  `<sheetPr><tabColor rgb="FFFF0000"/></sheetPr><dimension ref='A1:F9'/><sheetViews><sheetView workbookViewId="0"/></sheetViews><cols><col min="1" max="2" width="12.5" customWidth="1"/></cols>`,
  '<sheetData>',
  // Attributes in any order, single quotes, whitespace and line ends inside tags, spaces before > and />.
  `<row spans="1:6" r='1' >\r\n <c t='s' r='A1' ><v >0</v ></c>\n<c\n   s="0"\n\tt="str"\r\n   r="B1"\n><v>x &#65;&#x4E2D;&#20013;&quot;&apos;&lt;&gt;</v></c><c r="C1" t = "s" ><v>3</v></c ><c r="D1" /><c r="E1" t="n"><v/></c><c r="F1"><v>  12.5 </v></c></row>`,
  // Inline strings: runs (last one wins), xml:space, entities that exceljs decodes a second time, _x000D_ left as written.
  '<row r="2"><c r="A2" t="inlineStr"><is><r><rPr><b/></rPr><t>张</t></r><r><t xml:space="preserve"> 伟 </t></r></is></c><c r="B2" t="inlineStr"><is><t>a&amp;amp;b &amp;lt;c&amp;gt; &amp;#65;</t></is></c><c r="C2" t="str"><v>第一行_x000D_\r\n第二行\r第三行</v></c><c r="D2" t="inlineStr"><is><t>tab\there</t></is></c></row>',
  // Shared formulas, formulas with text results, CDATA (exceljs reads only text events: CDATA is dropped), comments and PIs between and inside cells.
  '<row r="3"><c r="A3"><f>1+1</f><v>2</v></c><c r="B3"><f t="shared" ref="B3:B4" si="0">A3*2</f><v>4</v></c><!-- c --><c r="C3"><f t="shared" si="0"/><v>6</v></c><?mso-application progid="Excel.Sheet"?><c r="D3" t="str"><v>a<![CDATA[<b>]]>b<!-- x -->c</v></c><c r="E3" t="str"><f>"q"</f><v>&lt;q&gt;</v></c></row>',
  // A row without cells, pretty-printed cells, a row numbered by its cells only, a far column.
  '<row r="5" ht="20" customHeight="1"/><row r="6">\r\n    <c r="A6" t="b">\r\n      <v>1</v>\r\n    </c>\r\n    <c r="XFD6"><v>7</v></c>\r\n  </row>',
  '<row r="7"><c r="A7" t="e"><v>#DIV/0!</v></c><c r="B7" t="d"><v>2017-01-20</v></c><c r="C7" s="1"><v>42756</v></c></row>',
  '</sheetData>',
  '<sheetProtection sheet="1"/><mergeCells count="2"><mergeCell ref="A6:B6"/><mergeCell ref="C7:D7"/></mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>',
  '<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:conditionalFormattings/></ext></extLst>',
  '</worksheet>\r\n',
].join('');

/** Shared strings pretty-printed, with runs, phonetic runs and entities. */
const ODD_SST = `<?xml version="1.0" encoding="UTF-8"?>\n<sst ${NS} count="4" uniqueCount="4">\n  <si>\n    <t>王芳</t>\n  </si>\n  <si><r><rPr><sz val="11"/></rPr><t>孙</t></r><r><t xml:space="preserve">敏 &#x6C11;</t></r></si>\n  <si><t>李</t><rPh sb="0" eb="1"><t>リ</t></rPh><phoneticPr fontId="1"/></si>\n  <si><t>A &amp;amp; B\r\nC</t></si>\n</sst>\n`;

describe('XML as other programs write it', () => {
  it('reads odd but well-formed XML exactly as exceljs does', async () => {
    const bytes = handmade('', { worksheet: ODD_SHEET, sst: ODD_SST });
    const ours = await parseImportBytes(bytes, 'odd.xlsx');
    expect(withoutNumbersBehindDates(ours.sheets)).toEqual(readBetter(await exceljsRows(bytes), [{ r: 2, c: 0, value: '张 伟 ' }, { r: 7, c: 1, value: '2017-01-20' }]));
    const row = (r: number) => ours.sheets[0]!.rows.find((x) => x.r === r)?.c;
    expect(row(1)!.slice(0, 3)).toEqual(['王芳\n  ', 'x A中中"\'<>', 'A &amp; B\nC']);
    expect(row(2)).toEqual(['张 伟 ', 'a&b <c> &#65;', '第一行_x000D_\n第二行\n第三行', 'tab\there']);
    expect(row(3)).toEqual([2, 4, 6, 'abc', '<q>']);
    expect(row(6)![0]).toBe('TRUE');
    expect(row(6)!.length).toBe(16384);
    expect(ours.sheets[0]!.merges).toHaveLength(2);
  });

  it('reads the same whatever chunk boundaries fall in elements, entities and line ends', async () => {
    // ~20,000 rows of odd XML in a stored part: the 64 KB chunks end in every kind of place.
    // exceljs decodes each chunk on its own (a character cut by a boundary becomes U+FFFD): it is compared on ASCII text.
    const sheet = (wide: boolean) => {
    const [ming, zi, chang] = wide ? ['名', '字', '长'] : ['N', 'z', 'L'];
    const rows: string[] = [];
    for (let r = 1; r <= 20_000; r++) {
      const pad = ' '.repeat(r % 7);
      rows.push(
        `<row${pad} r="${r}"${pad}><c r='A${r}'${pad} t="inlineStr"><is><t>${ming}&amp;${zi.repeat(r % 5)}&#x4E2D;\r\n${r}</t></is></c>` +
          `<!--${'-'.repeat(0)} ${r} --><c r="B${r}" t="s"${pad}><v>${r % 4}</v></c><c r="C${r}"><v>${r}.25</v></c><c r="D${r}" t="str"><v>]]&gt;<![CDATA[x]]>${chang.repeat(r % 11)}</v></c></row>${r % 3 === 0 ? '\r\n' : ''}`,
      );
    }
    return handmade(rows.join(''), { sst: ODD_SST });
    };
    const ascii = sheet(false);
    const ours = await parseImportBytes(ascii, 'chunks.xlsx');
    expect(ours.sheets.map((s) => s.rows)).toEqual(readBetter(await exceljsRows(ascii), [], [['リ', '李']]));
    const wide = await parseImportBytes(sheet(true), 'chunks.xlsx');
    const widen = (v: unknown) => (typeof v === 'string' ? v.replace(/z/g, '字').replace(/L/g, '长').replace(/^N&/, '名&') : v);
    expect(wide.sheets[0]!.rows).toEqual(ours.sheets[0]!.rows.map((r) => ({ r: r.r, c: r.c.map(widen) })));
    expect(wide.sheets[0]!.rows[3]!.c[0]).toBe('名&字字字字中\n4');
  }, 60_000);

  it('reads shared-string indexes written in every way as exceljs does, whatever chunk boundaries fall in them', async () => {
    // The reader takes an index straight from its digits when the value is one plain run; anything else goes through parseInt as before.
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const sst = `<?xml version="1.0" encoding="UTF-8"?><sst ${ns}>${Array.from({ length: 1500 }, (_, i) => `<si><t>串${i}</t></si>`).join('')}</sst>`;
    const odd = [
      '<v>007</v>', '<v> 3</v>', '<v>3 </v>', '<v>1e2</v>', '<v>-1</v>', '<v>+5</v>', '<v>&#x31;2</v>', '<v>1&#x32;</v>', '<v>1</v>4',
      '<v>1</v><v>2</v>', '<v>12\r\n</v>', '<v></v>', '<v/>', '<v>1499</v>', '<v>1500</v>', '<v>99999999999</v>', '<v>0x10</v>', '<v>2.9</v>',
      '<f>A1</f><v>3</v>', '<v>4</v><f>A1</f>',
    ];
    const rows: string[] = [`<row r="1">${odd.map((v, i) => `<c r="${String.fromCharCode(65 + i)}1" t="s">${v}</c>`).join('')}</row>`];
    // Enough rows for 64 KB chunk boundaries to fall inside indexes of one to four digits.
    for (let r = 2; r <= 12_000; r++) rows.push(`<row r="${r}"><c r="A${r}" t="s"><v>${(r * 37) % 1500}</v></c><c r="B${r}" t="s"><v>${r % 10}</v></c><c r="C${r}"><v>${r}</v></c></row>`);
    const bytes = handmade(rows.join(''), { sst });
    const ours = await parseImportBytes(bytes, 'indexes.xlsx');
    expect(ours.sheets.map((s) => s.rows)).toEqual(await exceljsRows(bytes));
    expect(ours.sheets[0]!.rows[0]!.c.slice(0, 3)).toEqual(['串7', '串3', '串3']);
    expect(ours.sheets[0]!.rows[5]!.c).toEqual([(5 + 1) * 37 % 1500, 6, 6].map((n, i) => (i < 2 ? `串${n}` : n)));
  }, 60_000);

  it('gives the same events for a document cut into two chunks at every place', () => {
    const doc = `<?xml version="1.0"?>\r\n<a x='1' y = "&lt;&#x41;\r\n"><!-- c --><b/>t&amp;\r\nu<![CDATA[z]]>]]&gt;<?pi x?><c\n/></a>\n`;
    const events = (parts: string[]) => {
      const out: string[] = [];
      const s: XmlScanner = new XmlScanner({
        open: (name) => out.push(`<${name} ${s.get('x') ?? ''}|${s.get('y') ?? ''}`),
        close: (name) => out.push(`</${name}`),
        text: (t) => out.push(`"${t}`),
      });
      for (const p of parts) s.feed(p);
      s.end();
      // Text may come in pieces: join neighbouring text.
      return out.join('\u0001').replace(/\u0001"/g, '');
    };
    const whole = events([doc]);
    expect(whole).toContain('t&\nu]]>');
    expect(whole).toContain('<a 1|<A \u0001');
    for (let i = 1; i < doc.length; i++) expect(events([doc.slice(0, i), doc.slice(i)])).toBe(whole);
  });

  const BROKEN: [string, string][] = [
    ['a mismatched end tag', '<row r="1"><c r="A1"><v>1</c></v></row>'],
    ['an undefined entity', '<row r="1"><c r="A1" t="str"><v>&nbsp;</v></c></row>'],
    ['a malformed character reference', '<row r="1"><c r="A1" t="str"><v>&#xZZ;</v></c></row>'],
    ['a character XML forbids, as a reference', '<row r="1"><c r="A1" t="str"><v>&#1;</v></c></row>'],
    ['a character XML forbids', '<row r="1"><c r="A1" t="str"><v>a\u0001b</v></c></row>'],
    ['a character XML forbids, in a comment', '<row r="1"><!-- \u0002 --><c r="A1"><v>1</v></c></row>'],
    ['a character XML forbids, in an attribute', '<row r="1" x="\uFFFF"><c r="A1"><v>1</v></c></row>'],
    ['"]]>" in text', '<row r="1"><c r="A1" t="str"><v>a]]>b</v></c></row>'],
    ['a repeated attribute', '<row r="1"><c r="A1" r="B1"><v>1</v></c></row>'],
    ['an unquoted attribute', '<row r=1><c r="A1"><v>1</v></c></row>'],
    ['"<" in an attribute value', '<row r="1"><c r="A<1"><v>1</v></c></row>'],
    ['"--" in a comment', '<row r="1"><!-- a -- b --><c r="A1"><v>1</v></c></row>'],
    ['a cell past column XFD', '<row r="1"><c r="XFE1"><v>1</v></c></row>'],
  ];
  it('knows how many decimals a number format shows', () => {
    expect(['0', '#,##0', '0.00', '#,##0.00_);[Red](#,##0.00)', '"¥"#,##0.0', '0.00"元"', 'General', '@', 'yyyy-mm-dd', '0.00%', '0.00E+00', '[$-804]#,##0', undefined].map(decimalsShown))
      .toEqual([0, 0, 2, 2, 1, 2, null, null, null, null, null, 0, null]);
  });

  it('reads cells and rows without r (optional in the standard) as the ones after the previous, as Excel does (exceljs: Invalid Address)', async () => {
    const wb = await parseImportBytes(handmade('<row r="2"><c r="B2" t="s"><v>0</v></c><c><v>600</v></c><c t="str"><v>备注</v></c></row><row><c><v>1</v></c><c r="D3"><v>7</v></c><c><v>8</v></c></row><row r="6"><c><v>9</v></c></row>'), 'nor.xlsx');
    expect(wb.sheets[0]!.rows).toEqual([{ r: 2, c: [null, '王芳', 600, '备注'] }, { r: 3, c: [1, null, null, 7, 8] }, { r: 6, c: [9] }]);
  });

  for (const [what, sheetData] of BROKEN) {
    it(`refuses a sheet with ${what}, with a file error`, async () => {
      await expect(parseImportBytes(handmade(sheetData), 'bad.xlsx')).rejects.toBeInstanceOf(LedgerError);
    });
  }

  const BROKEN_DOCS: [string, string][] = [
    ['its root never closed (cut short)', `<?xml version="1.0"?><worksheet ${NS}><sheetData><row r="1"><c r="A1"><v>1</v></c></row>`],
    ['text after the root', `<worksheet ${NS}><sheetData/></worksheet>junk`],
    ['two roots', `<worksheet ${NS}><sheetData/></worksheet><worksheet/>`],
    ['an XML declaration not at the start', ` <?xml version="1.0"?><worksheet ${NS}><sheetData/></worksheet>`],
    ['a tag cut off at the end', `<worksheet ${NS}><sheetData/></worksheet`],
  ];
  for (const [what, worksheet] of BROKEN_DOCS) {
    it(`refuses a sheet with ${what}, with a file error`, async () => {
      await expect(parseImportBytes(handmade('', { worksheet }), 'bad.xlsx')).rejects.toBeInstanceOf(LedgerError);
    });
  }

  it('reads every shared string as exceljs does, plain ones and all others, whatever chunk boundaries fall in them', async () => {
    // Plain <si><t>…</t></si> are read straight off the text; everything else through the scanner. ~40,000 of
    // every kind, in a stored part: the 64 KB chunks end in every place. ASCII text (see above: exceljs and boundaries).
    const kinds = [
      (i: number) => `<si><t>plain ${i}</t></si>`,
      (i: number) => `<si><t xml:space="preserve"> kept ${i} </t></si>`,
      (i: number) => `<si><t>ph ${i}</t><phoneticPr fontId="1" type="noConversion"/></si>`,
      () => '<si><t></t></si>',
      () => '<si><t/></si>',
      (i: number) => `<si><t>A &amp; B &lt;${i}&gt; &#x41;</t></si>`,
      (i: number) => `<si><t>line\r\nend ${i}\r</t></si>`,
      (i: number) => `<si><r><rPr><b/></rPr><t>ri</t></r><r><t xml:space="preserve">ch ${i}</t></r></si>`,
      (i: number) => `<si>\n  <t>pretty ${i}</t>\n</si>`,
      (i: number) => `<si><t>cdata <![CDATA[${i}]]> gone</t></si>`,
      (i: number) => `<si><t>a</t><t>last ${i}</t></si>`,
      (i: number) => `<si><t>ph ${i}</t><phoneticPr fontId="1" fontId="2"/></si>`.replace(' fontId="2"', ''),
      (i: number) => `<!-- ${i} --><si><t>after a comment ${i}</t></si>`,
      (i: number) => `<!-- <si><t>hidden ${i}</t></si> --><si><t>shown ${i}</t></si>`,
    ];
    const sis = Array.from({ length: 40_000 }, (_, i) => kinds[i % kinds.length]!(i));
    // Blank text, a PI and a comment between some of them.
    const sst = `<?xml version="1.0" encoding="UTF-8"?>\r\n<sst ${NS}>${sis.map((x, i) => (i % 7 === 0 ? `\r\n  ${x}` : i % 1001 === 0 ? `<?pi ${i}?>${x}` : x)).join('')}</sst>`;
    const rows = Array.from({ length: 2000 }, (_, k) => `<row r="${k + 1}">${[0, 1, 2, 3].map((j) => `<c r="${String.fromCharCode(65 + j)}${k + 1}" t="s"><v>${(k * 20 + j * 5 + (k % 13)) % sis.length}</v></c>`).join('')}</row>`);
    const bytes = handmade(rows.join(''), { sst });
    const ours = await parseImportBytes(bytes, 'strings.xlsx');
    expect(ours.sheets.map((s) => s.rows)).toEqual(await exceljsRows(bytes));
    expect(ours.sheets[0]!.rows[0]!.c[0]).toBe('plain 0');
    // Every kind was read at least once.
    const seen = new Set(ours.sheets[0]!.rows.flatMap((r) => r.c).map((v) => String(v).replace(/[0-9]+/g, '#')));
    for (const v of ['plain #', ' kept # ', 'ph #', 'null', 'A & B <#> A', 'line\nend #\n', 'rich #', 'pretty #\n', 'cdata  gone', 'last #', 'after a comment #', 'shown #']) expect(seen).toContain(v);
    expect([...seen].some((v) => v.startsWith('hidden'))).toBe(false);
  }, 60_000);

  it('reads a name written in runs, or under a phonetic guide (拼音指南), as the name itself (where exceljs does not)', async () => {
    const sst = `<sst ${NS}><si><t>李强</t><rPh sb="0" eb="2"><t>lǐqiáng</t></rPh><phoneticPr fontId="1" type="noConversion"/></si><si><r><t>孙</t></r><r><rPr><b/></rPr><t>敏</t></r><rPh sb="0" eb="1"><t>sūn</t></rPh></si></sst>`;
    const bytes = handmade('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><r><t>王</t></r><r><rPr><b/></rPr><t>芳</t></r><rPh sb="0" eb="1"><t>wáng</t></rPh></is></c><c r="D1" t="inlineStr"><is><t>赵</t><rPh sb="0" eb="1"><t>zhào</t></rPh></is></c></row>', { sst });
    const ours = await parseImportBytes(bytes, 'names.xlsx');
    expect(ours.sheets[0]!.rows).toEqual([{ r: 1, c: ['李强', '孙敏', '王芳', '赵'] }]);
    // What exceljs gives for the same cells.
    expect((await exceljsRows(bytes))[0]).toEqual([{ r: 1, c: ['lǐqiáng', '孙敏', 'wáng', 'zhào'] }]);
  });

  it('reads a shared string longer than a megabyte, and Chinese cut by chunk boundaries', async () => {
    const long = 'x'.repeat(1_300_000);
    const names = Array.from({ length: 20_000 }, (_, i) => `王芳${'　'.repeat(i % 3)}第${i}号`);
    const sst = `<sst ${NS}><si><t>${long}</t></si>${names.map((n) => `<si><t>${n}</t></si>`).join('')}<si><t>末</t></si></sst>`;
    // The long one is no cell's (a cell holds at most 32,767 characters): the strings after it are read right.
    const bytes = handmade(`<row r="1"><c r="A1" t="s"><v>20001</v></c></row><row r="2">${[1, 7777, 20000].map((n, j) => `<c r="${'ABC'[j]}2" t="s"><v>${n}</v></c>`).join('')}</row>`, { sst });
    const ours = await parseImportBytes(bytes, 'long.xlsx');
    expect(ours.sheets[0]!.rows).toEqual([{ r: 1, c: ['末'] }, { r: 2, c: [names[0], names[7776], names[19999]] }]);
  }, 60_000);

  const BROKEN_SST: [string, string][] = [
    ['a character XML forbids in a plain string', `<sst ${NS}><si><t>a\u0001b</t></si></sst>`],
    ['"]]>" in a plain string', `<sst ${NS}><si><t>a]]>b</t></si></sst>`],
    ['an undefined entity in a plain string', `<sst ${NS}><si><t>&nbsp;</t></si></sst>`],
    ['a plain string after the root closed', `<sst ${NS}><si><t>a</t></si></sst><si><t>b</t></si>`],
    ['plain strings without a root', '<si><t>a</t></si><si><t>b</t></si>'],
    ['plain strings inside an unclosed comment', `<sst ${NS}><!-- <si><t>a</t></si><si><t>b</t></si></sst>`],
    ['a plain string inside a cut tag', `<sst ${NS}><si><t>a</t></si><si x="<si><t>b</t></si>"></si></sst>`],
  ];
  for (const [what, sst] of BROKEN_SST) {
    it(`refuses shared strings with ${what}, with a file error`, async () => {
      await expect(parseImportBytes(handmade('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', { sst }), 'bad.xlsx')).rejects.toBeInstanceOf(LedgerError);
    });
  }

  it('refuses broken shared strings with a file error', async () => {
    const sst = `<sst ${NS}><si><t>a</si></sst>`;
    await expect(parseImportBytes(handmade('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', { sst }), 'bad.xlsx')).rejects.toBeInstanceOf(LedgerError);
  });
});
