/**
 * What the fuzz test (tests/fuzz/) found, each fixed and pinned here: files that crashed
 * the whole process through the parsing worker's heap limit, zip bombs that ran for minutes
 * or took gigabytes, raw library text in the clerk's messages, a sheet with a stray cell at
 * row 1,048,576 that made a million preview rows, cells and row counts without bounds, a
 * million empty rows read one by one, a filing package missing a sheet's part.
 */
import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LedgerError } from '../../electron/core/errors.ts';
import { exportFiling, readFilingPackage } from '../../electron/core/export/index.ts';
import { createImportSession, openImportFile, parseImportBytes, parseInWorker, previewImport } from '../../electron/core/import/index.ts';
import { MAX_CELL_CHARS, MAX_ROWS, MAX_WHOLE_FILE_BYTES } from '../../electron/core/import/limits.ts';
import { listZip } from '../../electron/core/import/zip.ts';
import { rosterRows } from '../fuzz/corpus.ts';
import { deflateBomb, readZip, writeZip } from '../fuzz/zip.ts';
import { fullCounty, HUANING_UNITS } from '../helpers/county.ts';
import { refusal } from '../helpers/errors.ts';
import { tempDir, tempLedger } from '../helpers/ledger.ts';
import { messyRosterXlsx, simpleXlsx, writeTemp } from './fixtures.ts';

/** No Latin words left once quoted names are taken out: no raw library text. */
function expectPlainChinese(message: string): void {
  const rest = message.replace(/“[^”]*”/g, '').replace(/\b(?:Excel|WPS|xlsx|xls|CSV|MB)\b/g, '');
  expect(rest, message).not.toMatch(/[A-Za-z]{3,}/);
}

function replacePart(bytes: Buffer, name: string, change: (xml: string) => string): Buffer {
  return writeZip(readZip(bytes).map((p) => (p.name === name ? { ...p, data: Buffer.from(change(p.data.toString('utf8'))) } : p)));
}

describe('the parsing worker’s memory', () => {
  /** A 12,000-row roster as XML Spreadsheet 2003 (.xls, 7 MB): the old worker (128 MB heap) made V8 abort the whole process on it. */
  function xml2003Roster(): Buffer {
    const ws = XLSX.utils.aoa_to_sheet(rosterRows(12_000, 3));
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '花名册');
    return Buffer.from(XLSX.write(wb, { bookType: 'xlml', type: 'buffer' }) as Buffer);
  }

  it('reads a 7 MB XML Spreadsheet 2003 .xls that crashed the whole process (its budget grows with the file)', async () => {
    const parsed = await parseInWorker(xml2003Roster(), '大花名册.xls');
    expect(parsed.sheets[0]!.rows).toHaveLength(12_002);
  }, 60_000);

  it('a watchdog stops the worker at its heap budget, far below V8’s own limit, with the clear out-of-memory message', async () => {
    const e = await refusal(parseInWorker(xml2003Roster(), '大花名册.xls', { heapBudgetMb: 48 }));
    expect(e).toMatchObject({ code: 'file_error', message: '无法导入“大花名册.xls”：文件内容太多，读取时内存不足。请把花名册拆成几个文件分别导入。' });
    // The next parse gets a sound worker.
    expect((await parseInWorker(await messyRosterXlsx(), '花名册.xlsx')).sheets).toHaveLength(6);
  }, 60_000);

  it('refuses a file read whole (.xls, CSV, HTML) above 16 MB before reading it', async () => {
    const bytes = Buffer.alloc(MAX_WHOLE_FILE_BYTES + 1, 0x41);
    const e = await refusal(parseInWorker(bytes, '巨大.csv'));
    expect(e.message).toMatch(/^无法导入“巨大.csv”：文件有 16 MB，太大。.*另存为 .xlsx/);
    expect((await refusal(parseImportBytes(bytes, '巨大.csv'))).message).toBe(e.message);
  });

  it('keeps working after file errors and cancellations (the worker is reused only when it finished cleanly)', async () => {
    const good = await messyRosterXlsx();
    const expected = await parseImportBytes(good, '花名册.xlsx');
    for (let i = 0; i < 3; i++) {
      await expect(parseInWorker(Buffer.from('PK\u0003\u0004 broken'), '坏.xlsx')).rejects.toMatchObject({ code: 'file_error' });
      const controller = new AbortController();
      const cancelled = parseInWorker(good, '花名册.xlsx', { signal: controller.signal });
      controller.abort();
      await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
      expect(await parseInWorker(good, '花名册.xlsx')).toEqual(expected);
    }
  });
});

describe('zip bombs and sizes', () => {
  it('refuses at once a sheet that unpacks to 3 GB, whether its size is stated or understated', async () => {
    const good = await simpleXlsx({ 花名册: [['姓名', '金额'], ['王芳', 500]] });
    const bomb = deflateBomb('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>', ' ', 3 * 1024, '</sheetData></worksheet>');
    const parts = readZip(good);
    const honest = writeZip(parts.map((p) => (p.name === 'xl/worksheets/sheet1.xml' ? { ...p, raw: bomb } : p)));
    const lying = writeZip(parts.map((p) => (p.name === 'xl/worksheets/sheet1.xml' ? { ...p, raw: bomb, declaredSize: 900 } : p)));
    const started = performance.now();
    const a = await refusal(parseInWorker(honest, '炸弹.xlsx'));
    expect(a.message).toMatch(/^无法导入“炸弹.xlsx”：压缩包中的“xl\/worksheets\/sheet1.xml”解压后有 3072 MB，超过可读取的上限/);
    const b = await refusal(parseInWorker(lying, '炸弹.xlsx'));
    expect(b.message).toMatch(/^无法导入“炸弹.xlsx”：压缩包中的“xl\/worksheets\/sheet1.xml”解压后比文件目录记录的大/);
    // workbook.xml is read whole: its inflating is bounded too.
    const wbBomb = writeZip(parts.map((p) => (p.name === 'xl/workbook.xml' ? { ...p, raw: deflateBomb('<workbook>', 'A', 1024, '</workbook>'), declaredSize: 500 } : p)));
    expect((await refusal(parseInWorker(wbBomb, '炸弹.xlsx'))).code).toBe('file_error');
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('the roll-up reader refuses a bomb in a filing package before unpacking it, in a few milliseconds of memory', async () => {
    const dir = tempDir('limits-filing-');
    const county = tempLedger();
    fullCounty(county, { officeName: '华宁县总工会', regionCode: '530424', units: HUANING_UNITS, seed: 21 });
    const pkg = path.join(dir, '华宁2011.xlsx');
    await exportFiling(county, { year: 2011, out: pkg, now: new Date('2012-01-20T02:00:00Z') });
    county.close();
    const parts = readZip(fs.readFileSync(pkg));
    const honest = path.join(dir, '如实.xlsx');
    fs.writeFileSync(honest, writeZip(parts.map((p) => (p.name === 'xl/workbook.xml' ? { ...p, raw: deflateBomb('<workbook>', ' ', 3 * 1024, '</workbook>') } : p))));
    const lying = path.join(dir, '谎报.xlsx');
    fs.writeFileSync(lying, writeZip(parts.map((p) => (p.name === 'xl/worksheets/sheet2.xml' ? { ...p, raw: deflateBomb('<worksheet>', '<x/>', 2 * 1024, '</worksheet>'), declaredSize: 1000 } : p))));
    const rss = process.memoryUsage.rss();
    const started = performance.now();
    await expect(readFilingPackage(honest)).rejects.toMatchObject({ message: expect.stringMatching(/^上报数据包“如实.xlsx”被拒绝：压缩包中的“xl\/workbook.xml”解压后有 3072 MB，超过可读取的上限/) });
    await expect(readFilingPackage(lying)).rejects.toMatchObject({ message: expect.stringMatching(/^上报数据包“谎报.xlsx”被拒绝：压缩包中的“xl\/worksheets\/sheet2.xml”解压后比文件目录记录的大/) });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(process.memoryUsage.rss() - rss).toBeLessThan(200 * 1024 * 1024);
    // A sheet listed in the workbook whose part is missing: a refusal naming the sheet (was a TypeError).
    const missing = path.join(dir, '缺表.xlsx');
    fs.writeFileSync(missing, writeZip(parts.filter((p) => p.name !== 'xl/worksheets/sheet4.xml')));
    await expect(readFilingPackage(missing)).rejects.toMatchObject({ name: 'FilingRefused', message: expect.stringMatching(/^上报数据包“缺表.xlsx”被拒绝：“.+”表的数据缺失/) });
  });

  it('a damaged ZIP directory is a damaged file, never an exception (sizes past the end, random damage)', async () => {
    const good = await simpleXlsx({ 花名册: [['姓名', '金额'], ['王芳', 500]] });
    const listing = listZip(good);
    if (!listing.ok) throw new Error('fixture');
    const cd = listing.directoryOffset;
    const bad = Buffer.from(good);
    bad.writeUInt32LE(0x7fffffff, cd + 20); // a compressed size running past the directory
    expect(listZip(bad)).toEqual({ ok: false, problem: 'damaged' });
    // Random damage to the directory and end record: always an answer.
    fc.assert(fc.property(fc.array(fc.record({ at: fc.nat(good.length - cd - 1), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 12 }), (flips) => {
      const b = Buffer.from(good);
      for (const f of flips) b[cd + f.at] = f.value;
      const r = listZip(b);
      expect(typeof r.ok).toBe('boolean');
    }), { numRuns: 2000, seed: 8 });
  });
});

describe('Chinese text across the reader’s chunks', () => {
  it('reads every name exactly, however the compressed parts fall into chunks (was: U+FFFD where a character straddled two)', async () => {
    const rows: (string | number)[][] = [['姓名', '金额', '备注']];
    for (let i = 0; i < 20_000; i++) rows.push([`王芳丽${i}`, 500, i % 1000 === 0 ? '因病住院，由配偶代领'.repeat(300) : '']);
    const bytes = await simpleXlsx({ 花名册: rows });
    const parsed = await parseInWorker(bytes, '花名册.xlsx');
    const got = parsed.sheets[0]!.rows;
    expect(got).toHaveLength(20_001);
    expect(got.filter((r) => r.c.some((v) => typeof v === 'string' && v.includes('\ufffd')))).toEqual([]);
    expect(got.map((r) => r.c[0])).toEqual(rows.map((r) => r[0]));
    expect(got[1]!.c[2]).toBe('因病住院，由配偶代领'.repeat(300));
  }, 60_000);
});

describe('messages, cells, rows', () => {
  it('a damaged sheet gives a Chinese message; what the library said is kept in details.cause', async () => {
    const good = await simpleXlsx({ 花名册: [['姓名', '金额'], ['王芳', 500]] });
    const nested = replacePart(good, 'xl/worksheets/sheet1.xml', (xml) => xml.replace('<sheetData>', `<sheetData>${'<row>'.repeat(1000)}${'</row>'.repeat(1000)}`));
    const e = await refusal(parseInWorker(nested, '嵌套.xlsx'));
    expect(e.message).toBe('无法导入“嵌套.xlsx”：文件已损坏，无法读取。请在 Excel/WPS 中打开后另存为 .xlsx 再导入。');
    expect(String(e.details?.cause)).toMatch(/[A-Za-z]/);
    expectPlainChinese(e.message);
    const xls = await refusal(parseImportBytes(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.from('Workbook', 'utf16le'), Buffer.alloc(600, 7)]), '坏.xls'));
    expect(xls.code).toBe('file_error');
    expectPlainChinese(xls.message);
  });

  it('refuses a cell longer than a spreadsheet cell can be, naming the sheet, row and column', async () => {
    const long = '王'.repeat(MAX_CELL_CHARS + 1);
    const xlsx = await simpleXlsx({ 花名册: [['姓名', '金额', '备注'], ['王芳', 500, long]] });
    await expect(parseInWorker(xlsx, '长.xlsx')).rejects.toMatchObject({ code: 'file_error', message: expect.stringMatching(/^无法导入“长.xlsx”：工作表“花名册”第 2 行 C 列的单元格有 32,768 个字符，超过表格单元格的上限（32,767 个字符）/) });
    const csv = Buffer.from(`姓名,金额\r\n王芳,500\r\n李强,${'6'.repeat(MAX_CELL_CHARS + 5)}\r\n`, 'utf8');
    await expect(parseInWorker(csv, '长.csv')).rejects.toMatchObject({ message: expect.stringMatching(/^无法导入“长.csv”：第 3 行 B 列的单元格有 32,772 个字符/) });
    // At the limit it is read.
    const ok = await simpleXlsx({ 花名册: [['姓名', '金额', '备注'], ['王芳', 500, long.slice(1)]] });
    expect((await parseInWorker(ok, '长.xlsx')).sheets[0]!.rows[1]!.c[2]).toHaveLength(MAX_CELL_CHARS);
  });

  it(`refuses more than ${MAX_ROWS.toLocaleString('en-US')} rows with content in one file, as soon as it gets there`, async () => {
    const lines = ['姓名,金额'];
    for (let i = 0; i <= MAX_ROWS; i++) lines.push(`职工${i},500`);
    const e = await refusal(parseInWorker(Buffer.from(lines.join('\n'), 'utf8'), '全省.csv'));
    expect(e.message).toBe('无法导入“全省.csv”：文件中有内容的行超过 200,000 行，一次导入不了这么多。请把花名册拆成几个文件分别导入。');
  }, 60_000);

  it('a stray cell at row 1,048,576 makes one blank entry for the gap, not a million preview rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('花名册');
    ws.addRow(['姓名', '金额']);
    ws.addRow(['王芳', 500]);
    ws.addRow(['李强', 600]);
    ws.getCell('A1048576').value = '备注：本表由盘溪镇工会填报';
    const session = createImportSession(await parseImportBytes(Buffer.from(await wb.xlsx.writeBuffer()), '花名册.xlsx'));
    const started = performance.now();
    const preview = previewImport(tempLedger(), session, {});
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(preview.rows.map((r) => [r.row, r.status])).toEqual([[2, 'ok'], [3, 'ok'], [4, 'skip'], [1_048_576, 'skip']]);
    expect(preview.rows[2]!.reasons[0]!.message).toBe('空行（第 4–1048575 行都是空行，共 1048572 行）');
    // A short gap is still listed row by row.
    const short = createImportSession(await parseImportBytes(await simpleXlsx({ S: [['姓名', '金额'], ['王芳', 500], [], [], ['李强', 600]] }), 's.xlsx'));
    expect(previewImport(tempLedger(), short, {}).rows.map((r) => r.status)).toEqual(['ok', 'skip', 'skip', 'ok']);
  });

  it('a unit merged down to row 1,048,576 fills only the rows that exist', async () => {
    // (exceljs would build a million cells for such a merge: the merge is written into the sheet's XML.)
    const plain = await simpleXlsx({ 花名册: [['姓名', '工作单位', '金额'], ['王芳', '盘溪镇水泥厂', 500], ['李强', null, 600]] });
    const bytes = replacePart(plain, 'xl/worksheets/sheet1.xml', (xml) => xml.replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="B2:B1048576"/></mergeCells>'));
    const preview = previewImport(tempLedger(), createImportSession(await parseImportBytes(bytes, '合并.xlsx')), {});
    expect(preview.rows.map((r) => r.unit)).toEqual(['盘溪镇水泥厂', '盘溪镇水泥厂']);
  });

  it('rows without cells are left out as the sheet streams by: a million of them read in seconds, row numbers kept', async () => {
    const good = await simpleXlsx({ 花名册: [['姓名', '金额'], ['王芳', 500]] });
    const bytes = writeZip(readZip(good).map((p) => {
      if (p.name !== 'xl/worksheets/sheet1.xml') return p;
      const xml = p.data.toString('utf8');
      const end = xml.indexOf('</sheetData>');
      const chunks = [Buffer.from(xml.slice(0, end))];
      for (let from = 3; from < 1_048_576; from += 65_536) {
        let block = '';
        for (let r = from; r < Math.min(1_048_576, from + 65_536); r++) block += `<row r="${r}" ht="20" customHeight="1"/>`;
        chunks.push(Buffer.from(block));
      }
      chunks.push(Buffer.from('<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>合计</t></is></c><c r="B1048576"><v>500</v></c></row>'), Buffer.from(xml.slice(end)));
      return { ...p, data: Buffer.concat(chunks) };
    }));
    const started = performance.now();
    const parsed = await parseInWorker(bytes, '百万行.xlsx');
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(parsed.sheets[0]!.rows).toEqual([{ r: 1, c: ['姓名', '金额'] }, { r: 2, c: ['王芳', 500] }, { r: 1_048_576, c: ['合计', 500] }]);
  }, 60_000);

  it('openImportFile refuses a file above 256 MB without reading it', async () => {
    const file = writeTemp('巨大.xlsx', Buffer.alloc(0));
    fs.truncateSync(file, 257 * 1024 * 1024); // sparse: no disk used
    await expect(openImportFile(file)).rejects.toMatchObject({ code: 'file_error', message: expect.stringMatching(/^无法导入“巨大.xlsx”：文件有 257 MB，太大/) });
  });
});
