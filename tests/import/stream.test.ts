/**
 * The analysis made while the worker reads the file (AnalysisStream) must be
 * exactly what analyzeWorkbook gives for the whole table: for rosters whose
 * merged ranges stay above the header (analysed row by row as they arrive) and
 * for those whose merges reach the rows (analysed again at the sheet's end),
 * for rows out of order, and it must not be used when a remembered mapping or
 * the clerk's choices would change the analysis.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisStream, analyzeWorkbook } from '../../electron/core/import/analyze.ts';
import { commitImport, createImportSession, openImportFile, parseImportBytes, previewImport, rememberMapping } from '../../electron/core/import/index.ts';
import type { ParsedWorkbook, RawSheet } from '../../electron/core/import/table.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { generateLedger } from '../bench/generate.ts';
import { dumpTables, tempDir, tempLedger } from '../helpers/ledger.ts';
import { fullWidth, messyRosterXlsx, simpleXlsx, writeTemp } from './fixtures.ts';

/** A county roster of `n` rows with the usual mess: merged title, 填报 line, blank rows, 同上, 万, a duplicate, 小计 and 合计. */
async function roster(n: number, mergeUnits = false, preamble = 0): Promise<string> {
  const file = path.join(tempDir('import-stream-'), '花名册.xlsx');
  const data = generateLedger({ payments: n, people: n, years: [2017], seed: 3 });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('花名册');
  ws.mergeCells('A1:H1');
  ws.getCell('A1').value = '华宁县总工会2017年春节送温暖慰问金发放花名册';
  ws.getRow(1).commit();
  ws.getRow(2).values = ['填报单位：华宁县总工会', null, null, null, null, '填报日期：2017年1月10日'];
  ws.getRow(2).commit();
  let r = 3;
  // Notes above the header (some rosters carry a page of them).
  for (let k = 0; k < preamble; k++) ws.getRow(r++).values = [`说明${k + 1}：本表由基层工会填报，经办人核对后盖章。`];
  ws.getRow(r++).values = ['序号', '姓名', '性别', '身份证号码', '工作单位', '困难类别', '金额（元）', '备注'];
  data.people.forEach((p, i) => {
    if (i % 997 === 5) ws.getRow(r++).values = [null, '　', null, null, null, null, null, null];
    if (i === 1500) ws.getRow(r++).values = ['小计', null, null, null, null, null, 123];
    const id = i === 700 ? data.people[20]!.idNumber : i % 400 === 3 ? fullWidth(p.idNumber) : p.idNumber;
    const amount = i % 250 === 7 ? '0.05万' : i % 50 === 1 ? `${data.payments[i]!.cashFen / 100}元` : data.payments[i]!.cashFen / 100;
    // A unit merged down over the next row, whose own cell is then empty.
    const merged = mergeUnits && i % 100 === 51;
    ws.getRow(r++).values = [i + 1, i % 300 === 9 ? null : p.name, p.gender, id, merged ? null : i % 10 === 4 ? '同上' : p.unit, data.payments[i]!.category, amount, i % 5 === 0 ? '已核实' : null];
    if (merged) ws.mergeCells(`E${r - 2}:E${r - 1}`);
  });
  ws.getRow(r).values = ['合计', null, null, null, null, null, 1];
  await wb.commit();
  return file;
}

/** Feeds a parsed workbook to an AnalysisStream in batches of the given sizes, as the worker would. */
function streamed(wb: ParsedWorkbook, sizes: number[]): ReturnType<AnalysisStream['result']> {
  const stream = new AnalysisStream();
  let k = 0;
  wb.sheets.forEach((sheet, i) => {
    stream.sheetStart(i, sheet.name, sheet.hidden);
    for (let at = 0; at < sheet.rows.length; ) {
      const size = sizes[k++ % sizes.length]!;
      stream.rowsIn(i, sheet.rows.slice(at, at + size));
      at += size;
    }
    stream.sheetEnd(i, sheet);
  });
  return stream.result(wb);
}

describe('the analysis made while the file is read', () => {
  it('is the analysis of the whole table, for a big roster read by the worker', async () => {
    const file = await roster(3000);
    const session = await openImportFile(file);
    expect(session.streamed).toBeTruthy();
    expect(session.streamed!.analysis).toEqual(analyzeWorkbook(session.workbook));
    // And the preview and the commit from it are those of a session analysed afterwards.
    const results = [];
    for (const s of [session, createImportSession(await parseImportBytes(fs.readFileSync(file), '花名册.xlsx'))]) {
      const ledger = tempLedger({ now: () => new Date('2017-03-01T00:00:00Z') });
      const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '2017年春节送温暖', year: 2017, kind: '送温暖' }));
      const p = previewImport(ledger, s, { programId });
      commitImport(ledger, s);
      results.push({ summary: p.summary, rows: p.rows.map(({ sheet, ...r }) => r), tables: dumpTables(ledger) });
      ledger.close();
    }
    expect(results[0]!.summary.error).toBeGreaterThan(0);
    expect(results[0]!.summary.warn).toBeGreaterThan(0);
    expect(results[0]!.summary.skip).toBeGreaterThan(3);
    expect(results[0]).toEqual(results[1]);
  });

  it('is analysed again at the end of a sheet whose merges reach the rows', async () => {
    for (const file of [await roster(2000, true), writeTemp('花名册.xlsx', await messyRosterXlsx())]) {
      const session = await openImportFile(file);
      expect(session.workbook.sheets[0]!.merges.some((m) => m.r2 > 4)).toBe(true);
      const whole = analyzeWorkbook(session.workbook);
      expect(session.streamed!.analysis).toEqual(whole);
      // The merged units were filled down.
      expect(whole.rows.filter((r) => !r.skip && r.v.unit === null)).toEqual([]);
    }
  });

  it('gives the same analysis whatever batches the rows arrive in, on every kind of sheet', async () => {
    const books = [
      await parseImportBytes(await messyRosterXlsx(), 'm.xlsx'),
      await parseImportBytes(fs.readFileSync(await roster(300)), 'r.xlsx'),
      await parseImportBytes(fs.readFileSync(await roster(300, false, 37)), 'p.xlsx'),
      await parseImportBytes(fs.readFileSync(await roster(300, true, 37)), 'q.xlsx'),
      await parseImportBytes(await simpleXlsx({
        两层表头: [['序号', '姓名', '身份证号码', '慰问金额', null], [null, null, null, '现金', '慰问品折价'], [1, 2, 3, 4, 5], ['1', '王芳', '530424197512030026', 500, 100], [], ['合计', null, null, 500, 100]],
        汇总: [['单位', '人数', '金额'], ['盘溪镇', 3, 1500]],
        劳模: [['姓名', '身份证号', '劳模称号', '荣誉级别', '授予年份', '补助金额'], ['李强', '530424198001019516', '全国劳动模范', '全国', '2005', 3000]],
        空: [],
      }, { 两层表头: ['D1:E1', 'A1:A2', 'B1:B2', 'C1:C2'] }), 's.xlsx'),
      // A page of notes above the header and no merged cell at all.
      await parseImportBytes(await simpleXlsx({
        说明: [
          ...Array.from({ length: 38 }, (_, k) => [`说明${k + 1}：本表由基层工会填报。`]),
          ['姓名', '身份证号码', '金额'],
          ...generateLedger({ payments: 80, people: 80, years: [2017], seed: 8 }).people.map((p, k) => [p.name, p.idNumber, 300 + k]),
        ],
      }), 'n.xlsx'),
    ];
    for (const wb of books) {
      const whole = analyzeWorkbook(wb);
      for (const sizes of [[1], [7, 1, 30], [2000]]) expect(streamed(wb, sizes)).toEqual(whole);
    }
  });

  it('lists a long run of absent rows as one entry, as the whole table does (a stray cell at row 1,048,576)', async () => {
    const wb = await parseImportBytes(fs.readFileSync(await roster(120)), 'r.xlsx');
    const rows = wb.sheets[0]!.rows;
    const last = rows.at(-1)!;
    const stray: RawSheet = {
      ...wb.sheets[0]!,
      rows: [
        ...rows,
        // A short gap (rows listed one by one), a row without content, a long gap, then stray cells.
        { r: last.r + 5, c: [null, '王芳', '530424197512030026', 500] },
        { r: last.r + 9, c: [null, ''] },
        { r: 900_000, c: [null, '李强', '530424198001019516', 300] },
        { r: 1_048_576, c: ['x'] },
      ],
    };
    const book = { ...wb, sheets: [stray] };
    const whole = analyzeWorkbook(book);
    expect(whole.rows.length).toBeLessThan(rows.length + 20);
    expect(whole.rows.filter((r) => r.skip && r.reasons.some((x) => /共 \d+ 行/.test(x.message)))).toHaveLength(2);
    for (const sizes of [[1], [3, 50], [5000]]) expect(streamed(book, sizes)).toEqual(whole);
  });

  it('analyses a sheet whose row numbers go back (a repeated or out-of-order row) as the whole table does', async () => {
    const wb = await parseImportBytes(fs.readFileSync(await roster(120)), 'r.xlsx');
    const rows = wb.sheets[0]!.rows;
    const odd: RawSheet = { ...wb.sheets[0]!, rows: [...rows.slice(0, 60), rows[50]!, ...rows.slice(60, 90), rows[95]!, ...rows.slice(90)] };
    const book = { ...wb, sheets: [odd] };
    expect(streamed(book, [5])).toEqual(analyzeWorkbook(book));
  });

  it('is not used when a remembered mapping or the clerk’s choices change the analysis', async () => {
    const file = await roster(200);
    const ledger = tempLedger();
    // Remember a mapping for this header (金额 ignored, 备注 as the amount).
    const first = await openImportFile(file);
    previewImport(ledger, first, { sheets: { 0: { mapping: { A: null, B: 'name', C: 'gender', D: 'idNumber', E: 'unit', F: 'category', G: null, H: 'amount' } } } });
    rememberMapping(ledger, first, 0);
    const session = await openImportFile(file);
    expect(session.streamed).toBeTruthy();
    const p = previewImport(ledger, session, {});
    expect(p.sheets[0]!.mappingSource).toBe('remembered');
    expect(p.rows.find((r) => r.row === 5)!.amountFen).toBeNull();
    // Choices given with the first preview: the analysis follows them.
    const again = await openImportFile(file);
    const q = previewImport(tempLedger(), again, { sheets: { 0: { role: 'other' } } });
    expect(q.sheets[0]!.role).toBe('other');
    expect(q.rows).toEqual([]);
  });
});
