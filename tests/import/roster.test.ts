/**
 * Reading rosters through the core API: sheet roles, header rows, column
 * mapping, cleaning and row classification, row by row, on real files.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import * as XLSX from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportPreview, ImportPreviewRow } from '../../shared/import.ts';
import { commitImport, createImportSession, openImportBytes, parseImportBytes, previewImport, previewPage, previewToCliJson } from '../../electron/core/import/index.ts';
import type { Ledger } from '../../electron/core/ledger.ts';
import { makeIdNumber } from '../bench/generate.ts';
import { tempLedger } from '../helpers/ledger.ts';
import { honourLevelOf } from '../../electron/core/import/analyze.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { createPerson } from '../../electron/core/services/people.ts';
import { checkCharacter } from '../../shared/domain/residentId.ts';
import { IDS, biffXls, fullWidth, gbkCsv, htmlXls, idEndingInX, messyRosterXlsx, simpleXlsx } from './fixtures.ts';

async function preview(ledger: Ledger, bytes: Uint8Array, name: string): Promise<ImportPreview> {
  return previewImport(ledger, createImportSession(await parseImportBytes(bytes, name)), {});
}

function brief(r: ImportPreviewRow) {
  return [r.row, r.status, r.reasons.map((x) => x.code).join(','), r.name, r.idNumber, r.gender, r.unit, r.category, r.amountFen];
}

describe('the messy county roster (several townships, a 汇总 sheet, every kind of bad row)', () => {
  let ledger: Ledger;
  let p: ImportPreview;
  beforeAll(async () => {
    ledger = tempLedger();
    p = await preview(ledger, await messyRosterXlsx(), '2011国庆花名册.xlsx');
  });

  it('recognises each sheet and says why', () => {
    expect(p.sheets.map((s) => [s.name, s.role, s.headerRow])).toEqual([
      ['盘溪镇', 'payments', 4], ['華溪鎮', 'payments', 3], ['汇总', 'summary', null], ['填表说明', 'other', null], ['代码', 'other', null], ['Sheet5', 'empty', null],
    ]);
    expect(p.sheets[2]!.roleReason).toMatch(/汇总/);
    expect(p.sheets[3]!.roleReason).toMatch(/是封面或说明页，未导入/);
    expect(p.sheets[4]!.roleReason).toMatch(/隐藏/);
    expect(p.sheets[5]!.roleReason).toBe('工作表是空的');
    expect(p.sheets[0]!.titleLines).toEqual(['华宁县总工会2011年国庆困难职工救助金发放花名册', '填报单位：盘溪镇工会联合会　填报日期：2011年9月20日']);
  });

  it('maps the columns, with a line break in 金额（元） and Traditional headers on the second sheet', () => {
    const json = previewToCliJson(p);
    expect(json.sheets[0]!.columns).toEqual({ A: 'seq', B: 'name', C: 'gender', D: 'idNumber', E: 'unit', F: 'category', G: 'amount', H: 'signature', I: 'note' });
    expect(json.sheets[1]!.columns).toEqual({ A: 'seq', B: 'name', C: 'idNumber', D: 'unit', E: 'amount', F: 'note' });
    expect(p.sheets[1]!.columns.map((c) => c.header)).toEqual(['序號', '姓名', '身份證號', '工作單位', '慰問金額(元)', '備註']);
  });

  it('classifies every row below the header, with the row number Excel shows', () => {
    const rows = p.rows.filter((r) => r.sheet === '盘溪镇').map(brief);
    expect(rows).toEqual([
      [5, 'ok', '', '王芳', IDS.wangFang, '女', '盘溪镇水泥厂', '特困', 60_000],
      // lower-case x, the unit merged down, 同上 for the category, 600元 as text
      [6, 'ok', '', '李强', IDS.liQiang, '男', '盘溪镇水泥厂', '特困', 60_000],
      // an 18-digit ID typed as a number: Excel kept 15 digits
      [7, 'error', 'id_precision_lost', '张伟', '530424198001020000', '男', '盘溪镇水泥厂', '特困', 100_000],
      [8, 'skip', 'blank_row', null, null, null, null, null, null],
      [9, 'error', 'gender_mismatch', '赵丽', IDS.zhaoLi, '男', '盘溪镇供电局', '一般困难', 50_000],
      [10, 'error', 'id_checksum', '孙敏', IDS.sunMin, '女', '盘溪镇供电局', '一般困难', 50_000],
      [11, 'error', 'id_length', '周杰', IDS.zhouJie, '男', '盘溪镇供电局', '一般困难', 50_000],
      [12, 'error', 'duplicate_in_file', '吴娟', IDS.wuJuan, '女', '盘溪镇供电局', '一般困难', 30_000],
      [13, 'error', 'missing_name', null, IDS.noName, '男', '盘溪镇供电局', '一般困难', 50_000],
      [14, 'error', 'missing_amount', '郑涛', IDS.zhengTao, '男', '盘溪镇供电局', '一般困难', null],
      [15, 'error', 'negative_amount', '冯磊', IDS.fengLei, '男', '盘溪镇供电局', '一般困难', -20_000],
      [16, 'error', 'amount_unreadable', '陈艳', IDS.chenYan, '女', '盘溪镇供电局', '一般困难', null],
      // full-width digits in the ID and the amount
      [17, 'ok', '', '杨明', IDS.yangMing, '男', '盘溪镇供电局', '一般困难', 80_000],
      [18, 'warn', 'amount_in_wan', '何静', IDS.heJing, '女', '盘溪镇供电局', '一般困难', 1_200_000],
      [19, 'skip', 'total_row', null, null, null, null, null, 270_000],
      [20, 'skip', 'footer_row', null, null, null, null, null, null],
      [21, 'skip', 'note_row', null, null, null, null, null, null],
    ]);
    expect(p.rows.filter((r) => r.sheet === '華溪鎮').map(brief)).toEqual([
      [4, 'error', 'duplicate_in_file', '吴娟', IDS.wuJuan, '女', '華溪鎮糖廠', null, 50_000],
      [5, 'ok', '', '錢軍', IDS.qianJun, '男', '華溪鎮糖廠', null, 50_000],
      [6, 'ok', '', '孫麗', IDS.sunLi, '女', '華溪鎮糖廠', null, 50_000],
      [7, 'skip', 'total_row', null, null, null, null, null, 100_000],
    ]);
  });

  it('explains each problem in Chinese, naming the column and the value', () => {
    const reason = (sheet: string, row: number) => p.rows.find((r) => r.sheet === sheet && r.row === row)!.reasons[0]!.message;
    expect(reason('盘溪镇', 7)).toMatch(/^D列（身份证号码）：身份证号被 Excel 存成了数字（显示为 5\.30424E\+17）.*无法恢复/);
    expect(reason('盘溪镇', 9)).toBe(`C列（性别）：性别填写为“男”，但身份证号 ${IDS.zhaoLi} 显示为“女”`);
    expect(reason('盘溪镇', 10)).toMatch(/校验位错误/);
    expect(reason('盘溪镇', 12)).toMatch(/另见“華溪鎮”第 4 行/);
    expect(reason('華溪鎮', 4)).toMatch(/另见“盘溪镇”第 12 行/);
    expect(reason('盘溪镇', 14)).toBe('G列（金额（元））：金额为空');
    expect(reason('盘溪镇', 16)).toBe('G列（金额（元））：金额“六百”无法识别');
    expect(reason('盘溪镇', 18)).toMatch(/1\.2万.*12,000元/);
    expect(reason('盘溪镇', 19)).toMatch(/写明 2,700元，但上方各行之和为 17,100元，少 14,400元/);
    expect(reason('盘溪镇', 20)).toMatch(/^落款行：单位负责人/);
  });

  it('keeps the stated totals and compares them with the rows above (a SUM that skipped text cells), and the 汇总 sheet’s figures with the township sheets', () => {
    expect(p.summary.statedTotals.map(({ sheet, row, label, fen, computedFen, matches }) => ({ sheet, row, label, fen, computedFen, matches }))).toEqual([
      { sheet: '盘溪镇', row: 19, label: '合计', fen: 270_000, computedFen: 1_710_000, matches: false },
      { sheet: '華溪鎮', row: 7, label: '合计', fen: 100_000, computedFen: 150_000, matches: false },
      { sheet: '汇总', row: 3, label: '盘溪镇（汇总表）', fen: 270_000, computedFen: 1_710_000, matches: false },
      { sheet: '汇总', row: 4, label: '华溪镇（汇总表）', fen: 100_000, computedFen: 150_000, matches: false },
    ]);
  });

  it('keeps an amount it cannot read as the file writes it, for the preview to show and correct', () => {
    expect(p.rows.filter((r) => r.amountText !== undefined).map((r) => [r.name, r.amountFen, r.amountText])).toEqual([['陈艳', null, '六百']]);
  });

  it('pages the preview rows for a grid, by status and by sheet', async () => {
    const session = createImportSession(await parseImportBytes(await messyRosterXlsx(), 'm.xlsx'));
    previewImport(ledger, session, {});
    expect(previewPage(session, { offset: 0, limit: 3 })).toMatchObject({ total: 21, rows: [{ row: 5 }, { row: 6 }, { row: 7 }] });
    const errors = previewPage(session, { status: 'error', sheetIndex: 1 });
    expect([errors.total, errors.rows.map((r) => r.name)]).toEqual([1, ['吴娟']]);
  });

  it('counts and totals: totalFen sums every payment row, acceptedFen the ok and warn rows', () => {
    const { ok, warn, error, skip, totalFen, acceptedFen } = p.summary;
    expect({ ok, warn, error, skip }).toEqual({ ok: 5, warn: 1, error: 10, skip: 5 });
    expect(totalFen).toBe(1_710_000 + 150_000);
    expect(acceptedFen).toBe(60_000 + 60_000 + 80_000 + 1_200_000 + 50_000 + 50_000);
    expect(p.sheets[0]!.counts).toEqual({ ok: 3, warn: 1, error: 9, skip: 4 });
    expect(p.summary.newPeople).toBe(6);
    expect(p.outcome).toBe('ok');
  });
});

describe('headers as they really come', () => {
  it('finds a two-row header (慰问金额 over 现金 | 慰问品折价), skips the column-number line, repeated headers and pre-numbered empty rows, and sums per 小计', async () => {
    const a = makeIdNumber('530322', '1970-01-01', 11, true);
    const b = makeIdNumber('530322', '1971-02-02', 12, false);
    const c = makeIdNumber('530322', '1972-03-03', 13, true);
    const bytes = await simpleXlsx({
      花名册: [
        ['陆良县2016年春节送温暖花名册'],
        ['序号', '姓  名', '公民身份\n号码', '所在单位', '慰问金额', null, '签名'],
        [null, null, null, null, '现金', '慰问品\n折价（元）', null],
        [1, 2, 3, 4, 5, 6, 7],
        [1, '王芳', a, '中枢镇', 500, 100, null],
        [2, '李梅', b, '中枢镇', 500, 100, null],
        ['小计', null, null, null, 1000, 200, null],
        ['序号', '姓名', '公民身份号码', '所在单位', '现金', '慰问品折价', '签名'],
        [3, '张强', c, '马街镇', 800, null, null],
        [4, null, null, null, null, null, null],
        [5, null, null, null, null, null, null],
        ['小　计', null, null, null, 800, 0, null],
        ['总计', null, null, null, 1900, 200, null],
      ],
    }, { 花名册: ['A1:G1', 'E2:F2', 'A2:A3', 'B2:B3', 'C2:C3', 'D2:D3', 'G2:G3'] });
    const ledger = tempLedger();
    const p = await preview(ledger, bytes, '两层表头.xlsx');
    const s = p.sheets[0]!;
    expect([s.headerRow, s.headerEndRow]).toEqual([2, 3]);
    expect(previewToCliJson(p).sheets[0]!.columns).toEqual({ A: 'seq', B: 'name', C: 'idNumber', D: 'unit', E: 'amount', F: 'goodsAmount', G: 'signature' });
    expect(s.columns[4]!.header).toBe('慰问金额/现金');
    expect(p.rows.map((r) => [r.row, r.status, r.reasons.map((x) => x.code).join(','), r.name, r.amountFen, r.goodsFen])).toEqual([
      [4, 'skip', 'note_row', null, null, null],
      [5, 'ok', '', '王芳', 50_000, 10_000],
      [6, 'ok', '', '李梅', 50_000, 10_000],
      [7, 'skip', 'total_row', null, 100_000, null],
      [8, 'skip', 'note_row', null, null, null],
      [9, 'ok', '', '张强', 80_000, null],
      [10, 'skip', 'blank_row', null, null, null],
      [11, 'skip', 'blank_row', null, null, null],
      [12, 'skip', 'total_row', null, 80_000, null],
      [13, 'skip', 'total_row', null, 190_000, null],
    ]);
    expect(p.summary.statedTotals.map((t) => [t.row, t.label, t.fen, t.computedFen, t.matches])).toEqual([
      [7, '小计', 100_000, 100_000, true],
      [12, '小计', 80_000, 80_000, true],
      [13, '总计', 190_000, 180_000, false],
    ]);
  });

  it('reads a student roster: the payee is the parent, the student stays on the row, a 性别 next to the student is the student’s', async () => {
    const parent = makeIdNumber('530424', '1968-05-05', 21, true);
    const bytes = await simpleXlsx({
      金秋助学: [
        ['序号', '学生姓名', '性别', '录取学校', '家长姓名', '家长身份证号', '家长工作单位', '助学金额(元)'],
        [1, '王小红', '女', '云南大学', '王强', parent, '华宁县水泥厂', 3000],
      ],
    });
    const p = await preview(tempLedger(), bytes, '金秋助学.xlsx');
    expect(previewToCliJson(p).sheets[0]!.columns).toEqual({ A: 'seq', B: 'studentName', C: 'studentGender', D: 'school', E: 'name', F: 'idNumber', G: 'unit', H: 'amount' });
    const r = p.rows[0]!;
    expect([r.status, r.name, r.idNumber, r.gender, r.studentName, r.unit, r.amountFen]).toEqual(['ok', '王强', parent, '男', '王小红', '华宁县水泥厂', 300_000]);
  });

  it('reads a student roster without parents: the student is the payee', async () => {
    const student = makeIdNumber('530424', '2000-05-05', 22, false);
    const p = await preview(tempLedger(), await simpleXlsx({ S: [['学生姓名', '身份证号', '性别', '资助金额'], ['李小梅', student, '女', 2000]] }), 's.xlsx');
    expect(previewToCliJson(p).sheets[0]!.columns).toEqual({ A: 'name', B: 'idNumber', C: 'gender', D: 'amount' });
    expect([p.rows[0]!.status, p.rows[0]!.name, p.rows[0]!.studentName]).toEqual(['ok', '李小梅', null]);
  });

  it('reads a model-worker roster (劳模称号, 荣誉级别, 授予年份, 出生年月)', async () => {
    const id = makeIdNumber('530322', '1955-03-09', 31, true);
    const p = await preview(tempLedger(), await simpleXlsx({
      劳模: [['姓名', '性别', '出生年月', '身份证号码', '劳模称号', '荣誉级别', '授予年份', '补助金额'], ['张德明', '男', '1955.03', id, '全国劳动模范', '全国级', '1989年', 3000]],
    }), '劳模.xlsx');
    expect(previewToCliJson(p).sheets[0]!.columns).toEqual({ A: 'name', B: 'gender', C: 'birthMonth', D: 'idNumber', E: 'honourTitle', F: 'honourLevel', G: 'yearAwarded', H: 'amount' });
    const r = p.rows[0]!;
    expect([r.status, r.honourTitle, r.honourLevel, r.yearAwarded, r.amountFen]).toEqual(['ok', '全国劳动模范', '全国', 1989, 300_000]);
  });

  it('warns on a model-worker row whose honour names no level: it makes no model-worker record (helper 48: ok, silently)', async () => {
    const p = await preview(tempLedger(), await simpleXlsx({
      劳模: [['姓名', '身份证号码', '劳模称号', '补助金额'], ['吴一', makeIdNumber('530322', '1958-01-05', 71, true), '红塔集团劳动模范', 3000],
        ['吴二', makeIdNumber('530322', '1958-01-05', 73, true), '劳动模范（玉溪市）', 3000]],
    }), '劳模.xlsx');
    expect(p.rows.map((r) => [r.name, r.status, r.honourLevel, r.reasons.map((x) => x.message).join('')])).toEqual([
      ['吴一', 'warn', null, 'C列（劳模称号）：未能从“红塔集团劳动模范”看出荣誉级别（全国、省部级、州市级、县级），本行不登记劳模档案；请写明级别或在劳模名册中补登'],
      ['吴二', 'ok', '州市级', ''],
    ]);
  });

  it('warns when a model-worker roster’s 出生年月 is not the ID’s (helper 41’s sweep: it was read and then not looked at)', async () => {
    const id = makeIdNumber('530322', '1968-01-01', 31, false);
    const p = await preview(tempLedger(), await simpleXlsx({
      劳模: [['姓名', '出生年月', '身份证号码', '劳模称号', '补助金额'], ['吴秀英', '1958.01', id, '云南省劳动模范', 3000], ['张德明', '1955.03', makeIdNumber('530322', '1955-03-09', 33, true), '全国劳动模范', 3000]],
    }), '劳模.xlsx');
    expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.message).join('')])).toEqual([
      ['warn', `B列（出生年月）：出生年月填写为 1958年1月，但身份证号 ${id} 显示出生于 1968-01-01，请核对`],
      ['ok', ''],
    ]);
    // Numbers as Excel keeps 1958.01 and 195801 typed are a year and a month, not day numbers (helper 44's sweep: 1905年5月, 2436年1月);
    // text that is no month is said, not dropped.
    const born = makeIdNumber('530322', '1958-01-05', 35, true);
    const q = await preview(tempLedger(), await simpleXlsx({
      劳模: [['姓名', '出生年月', '身份证号码', '劳模称号', '补助金额'], ['陈五', 195801, born, '云南省劳动模范', 3000], ['陈七', 1958.01, makeIdNumber('530322', '1958-01-05', 39, true), '云南省劳动模范', 3000], ['林九', '1958/13', makeIdNumber('530322', '1958-01-05', 37, true), '云南省劳动模范', 3000],
        // The whole date as digits (a number): its month; a number that is no date is said.
        ['周八', 19580105, makeIdNumber('530322', '1958-01-05', 57, true), '云南省劳动模范', 3000], ['郑十', 19581305, makeIdNumber('530322', '1958-01-05', 59, true), '云南省劳动模范', 3000],
        ['孙二', 19600105, makeIdNumber('530322', '1958-01-05', 53, true), '云南省劳动模范', 3000]],
    }), '劳模.xlsx');
    expect(q.rows.map((r) => [r.name, r.status, r.reasons.filter((x) => x.code === 'birth_mismatch').map((x) => x.message).join('')])).toEqual([
      ['陈五', 'ok', ''],
      ['陈七', 'ok', ''],
      ['林九', 'warn', 'B列（出生年月）：出生年月“1958/13”无法识别，请核对'],
      ['周八', 'ok', ''],
      ['郑十', 'warn', 'B列（出生年月）：出生年月“19581305”无法识别，请核对'],
      ['孙二', 'warn', `B列（出生年月）：出生年月填写为 1960年1月，但身份证号 ${makeIdNumber('530322', '1958-01-05', 53, true)} 显示出生于 1958-01-05，请核对`],
    ]);
  });

  it('reads amounts in 万元 columns, dates with 同上, and holds an unreadable date', async () => {
    const p = await preview(tempLedger(), await simpleXlsx({
      S: [
        ['姓名', '单位', '金额（万元）', '发放日期'],
        ['王芳', '甲厂', 0.05, '2017.1.20'],
        ['李强', '甲厂', '0.1', '同上'],
        ['张伟', '甲厂', 0.06, '1月20日'],
      ],
    }), 'wan.xlsx');
    expect(p.rows.map((r) => [r.name, r.status, r.reasons.map((x) => x.code).join(','), r.amountFen, r.paidOn])).toEqual([
      ['王芳', 'warn', 'amount_in_wan', 50_000, '2017-01-20'],
      ['李强', 'warn', 'amount_in_wan', 100_000, '2017-01-20'],
      ['张伟', 'error', 'amount_in_wan,date_unreadable', 60_000, expect.any(String)],
    ]);
  });

  it('knows a summary sheet by its content, a notes sheet, and a header it must be told about', async () => {
    const ledger = tempLedger();
    const wb = await parseImportBytes(await simpleXlsx({
      各镇情况: [['2016年各乡镇救助情况'], ['乡镇', '人数', '户数', '金额'], ['中枢镇', 12, 10, 6000]],
      人员: [['编号', '人员', '钱'], [1, '王芳', 500]],
    }), 'x.xlsx');
    const session = createImportSession(wb);
    const p = previewImport(ledger, session, {});
    expect(p.sheets.map((s) => s.role)).toEqual(['summary', 'other']);
    expect(p.outcome).toBe('no_rows');
    // The clerk says what the columns are: the sheet is read with that mapping.
    const fixed = previewImport(ledger, session, { sheets: { 1: { headerRow: 1, mapping: { A: 'seq', B: 'name', C: 'amount' } } } });
    expect(fixed.sheets[1]!.role).toBe('payments');
    expect(fixed.sheets[1]!.mappingSource).toBe('user');
    expect(fixed.rows.map((r) => [r.row, r.status, r.name, r.amountFen])).toEqual([[2, 'ok', '王芳', 50_000]]);
  });

  it('lets the clerk fix cells in the preview; fixed rows are re-checked', async () => {
    const ledger = tempLedger();
    const session = createImportSession(await parseImportBytes(await messyRosterXlsx(), 'm.xlsx'));
    previewImport(ledger, session, {});
    const p = previewImport(ledger, session, {
      edits: [
        { sheetIndex: 0, row: 7, field: 'idNumber', value: IDS.zhangWei },
        { sheetIndex: 0, row: 13, field: 'name', value: '　马　云　' },
        { sheetIndex: 0, row: 16, field: 'amount', value: '600' },
        { sheetIndex: 0, row: 9, field: 'gender', value: '女' },
      ],
    });
    const row = (n: number) => p.rows.find((r) => r.sheetIndex === 0 && r.row === n)!;
    expect([row(7).status, row(7).idNumber, row(7).edited]).toEqual(['ok', IDS.zhangWei, ['idNumber']]);
    expect([row(13).status, row(13).name]).toEqual(['ok', '马云']);
    expect([row(16).status, row(16).amountFen]).toEqual(['ok', 60_000]);
    expect(row(9).status).toBe('ok');
    expect(p.summary.ok).toBe(9);
  });
});

describe('rows that look alike', () => {
  it('never mistakes a payment row for a footer or a note, and knows template and footer rows', async () => {
    const p = await preview(tempLedger(), await simpleXlsx({ S: [
      ['序号', '姓名', '单位', '审核情况', '金额'],
      [1, '王芳', '会计事务所', '审核', '600元'],
      [2, '李强', '县总工会', '经办人', 500],
      [3, null, null, null, 0],
      [4, null, null, null, null],
      ['合计', null, null, null, null],
      ['序号', '姓名', '单位', '审核情况', '金额'],
      [null, '经办人', '李四', null, null],
      [null, '经办人：李四', null, null, null],
      ['1、以上人员已公示无异议', null, null, null, null],
      ['盘溪镇（2人）', null, null, null, null],
    ] }), 'alike.xlsx');
    expect(p.rows.map((r) => [r.row, r.status, r.reasons.map((x) => x.code).join(','), r.name])).toEqual([
      [2, 'ok', '', '王芳'],
      [3, 'ok', '', '李强'],
      [4, 'skip', 'blank_row', null],
      [5, 'skip', 'blank_row', null],
      [6, 'skip', 'total_row', null],
      [7, 'skip', 'note_row', null],
      [8, 'skip', 'footer_row', null],
      [9, 'skip', 'footer_row', null],
      [10, 'skip', 'note_row', null],
      [11, 'skip', 'note_row', null],
    ]);
    expect(p.rows[4]!.reasons[0]!.message).toBe('合计行（未写明金额；上方各行之和为 1,100元）');
    expect(p.rows[5]!.reasons[0]!.message).toBe('重复的表头行');
  });
});

describe('messes found in county files', () => {
  const id = (birth: string, seq: number, male: boolean) => makeIdNumber('530424', birth, seq, male);

  it('knows a total row by a label that ends in 合计 / 小计, in the name or the unit column, and compares its figure', async () => {
    const p = await preview(tempLedger(), await simpleXlsx({ S: [
      ['序号', '姓名', '身份证号码', '单位', '金额'],
      [1, '王芳', id('19750312', 2, false), '煤矿', 500],
      [2, '李强', id('19800101', 951, true), '煤矿', 500],
      [null, '煤矿小计', null, null, 1000],
      [3, '赵敏', id('19720909', 44, false), '水泥厂', 400],
      [null, null, null, '青龙镇水泥厂小計', 400],
      [null, '以上合计', null, null, 1400],
      [null, '总金额', null, null, '1400元'],
      [null, '合计：人民币壹仟肆佰元整（￥1400.00）', null, null, null],
      [null, '以上合计：人民币壹仟伍佰元整', null, null, null],
      [null, '全镇合计', null, null, 1500],
    ] }), 'totals.xlsx');
    expect(p.rows.map((r) => [r.row, r.status, r.reasons.map((x) => x.code).join(','), r.amountFen])).toEqual([
      // A total row shows the figure it states.
      [2, 'ok', '', 50_000], [3, 'ok', '', 50_000], [4, 'skip', 'total_row', 100_000], [5, 'ok', '', 40_000],
      [6, 'skip', 'total_row', 40_000], [7, 'skip', 'total_row', 140_000], [8, 'skip', 'total_row', 140_000], [9, 'skip', 'total_row', 140_000],
      // Stated only in capitals, and wrong.
      [10, 'skip', 'total_row', 150_000], [11, 'skip', 'total_row', 150_000],
    ]);
    expect(p.summary.acceptedFen).toBe(140_000);
    expect(p.summary.statedTotals.map((t) => [t.row, t.label, t.fen, t.computedFen, t.matches])).toEqual([
      [4, '煤矿小计', 100_000, 100_000, true], [6, '青龙镇水泥厂小计', 40_000, 40_000, true], [7, '以上合计', 140_000, 140_000, true],
      [8, '总金额', 140_000, 140_000, true], [9, '合计', 140_000, 140_000, true], [10, '以上合计', 150_000, 140_000, false], [11, '全镇合计', 150_000, 140_000, false],
    ]);
  });

  it('takes the amount paid when a roster has several money columns (标准 | 月数 | 发放金额, 应发 | 扣款 | 实发)', async () => {
    const p = await preview(tempLedger(), await simpleXlsx({
      标准: [['姓名', '身份证号码', '救助标准（元/月）', '月数', '发放金额（元）'], ['王芳', id('19750312', 2, false), 300, 12, 3600]],
      实发: [['姓名', '身份证号码', '应发金额', '扣款', '实发金额'], ['李强', id('19800101', 951, true), 1000, 200, 800]],
    }), 'money.xlsx');
    expect(previewToCliJson(p).sheets.map((s) => s.columns)).toEqual([{ A: 'name', B: 'idNumber', E: 'amount' }, { A: 'name', B: 'idNumber', E: 'amount' }]);
    expect(p.rows.map((r) => r.amountFen)).toEqual([360_000, 80_000]);
  });

  it('holds an ID ending in 000 as cut by Excel when other IDs of the sheet were cut; alone, it is a warning', async () => {
    // A man's and a woman's IDs as Excel leaves them (15 digits kept): the woman's passes its check digit by chance.
    const cutOk = '530424198001017000';
    const cutBad = '530424198001019000';
    const csv = Buffer.from(['姓名,性别,身份证号码,金额', `赵敏,女,${cutOk},600`, `钱刚,男,${cutBad},600`].join('\r\n'));
    const both = await preview(tempLedger(), csv, 'cut.csv');
    expect(both.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(',')])).toEqual([['error', 'id_precision_lost'], ['error', 'id_precision_lost']]);
    expect(both.rows[0]!.reasons[0]!.message).toMatch(/末三位是 000.*别的身份证号已被 Excel 截断/);
    const alone = await preview(tempLedger(), Buffer.from(['姓名,性别,身份证号码,金额', `赵敏,女,${cutOk},600`, `王芳,女,${id('19750312', 2, false)},600`].join('\r\n')), 'one.csv');
    expect(alone.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(',')])).toEqual([['warn', 'id_maybe_truncated'], ['ok', '']]);
  });

  it('takes an old 15-digit ID (as a number cell or as text) as the 18-digit one it became, warned, and pays the person the ledger knows by it', async () => {
    // 15 digits: 530424 + 800101 (born 1980-01-01) + 123 (odd: a man). GB 11643 makes 530424 19800101 123 + check character.
    const old15 = '530424800101123';
    const new18 = `53042419800101123${checkCharacter('53042419800101123')}`;
    const ledger = tempLedger();
    const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => {
      createPerson(tx, { name: '钱刚', idNumber: new18, gender: '男' });
      return createProgram(tx, { code: 'SWN', name: '2024年春节送温暖', year: 2024, kind: '送温暖' });
    });
    const zhao15 = '530424750312224';
    const session = createImportSession(await parseImportBytes(await simpleXlsx({ S: [
      ['姓名', '性别', '身份证号码', '工作单位', '金额'],
      ['钱刚', '男', Number(old15), '县水泥厂', 600],
      ['赵敏', '女', zhao15, '县纺织厂', 500],
      // Its 18 digits end in 000 (helper 102: taken for an ID Excel cut).
      ['孙丽', '女', '530424650103400', '县纺织厂', 400],
    ] }), 'old15.xlsx'));
    const p = previewImport(ledger, session, { programId, paidOn: '2024-01-20' });
    expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(','), r.idNumber, r.gender])).toEqual([
      ['warn', 'id_fifteen', new18, '男'], ['warn', 'id_fifteen', `53042419750312224${checkCharacter('53042419750312224')}`, '女'],
      ['warn', 'id_fifteen', '530424196501034000', '女'],
    ]);
    expect(p.rows[0]!.reasons[0]!.message).toBe(`C列（身份证号码）：身份证号“${old15}”是旧式15位号码，已按国家标准换算为18位“${new18}”，请与本人现用的身份证核对`);
    commitImport(ledger, session, { backup: false });
    // 钱刚 is paid as the person already in the ledger, not made again; 赵敏 is made with the 18-digit number.
    expect(ledger.db.prepare('SELECT p.name, p.id_number AS idNumber, pay.cash_fen AS fen FROM payments pay JOIN people p ON p.id = pay.person_id ORDER BY pay.id').all()).toEqual([
      { name: '钱刚', idNumber: new18, fen: 60_000 }, { name: '赵敏', idNumber: p.rows[1]!.idNumber, fen: 50_000 },
      { name: '孙丽', idNumber: '530424196501034000', fen: 40_000 },
    ]);
    expect(ledger.db.prepare('SELECT count(*) AS n FROM people').get()).toEqual({ n: 3 });
  });

  it('warns on a payee said to have died, or a subsidy said to have stopped, yet listed with money; not on money for the survivors or a cause of hardship', async () => {
    const csv = Buffer.from([
      '姓名,身份证号码,类别,金额,备注',
      `李强（已故）,${id('19500101', 11, true)},困难职工,600,`,
      `钱红（已故劳模遗属）,${id('19520202', 22, false)},困难职工,600,`,
      `孙刚,${id('19530303', 33, true)},困难职工,500,本人已去世`,
      `周敏,${id('19800404', 44, false)},困难职工,500,父亲去世，母亲残疾`,
      `吴军,${id('19540505', 55, true)},困难职工,500,已故，由配偶代领`,
      `郑华,${id('19550606', 66, true)},两金（2023年已停发）,1200,`,
      `冯磊,${id('19560707', 77, true)},两金停发，转三金,1500,`,
      `陈勇,${id('19570808', 88, true)},困难职工,500,已故，不发`,
      `褚明,${id('19580909', 99, true)},困难职工,500,于2023年5月病故`,
      // Helper 101's false positives: survivors named in 备注; a death of someone else in the name's bracket; the
      // employer's state, a negation or a change in 类别; a cause of hardship as 类别. Then stops it missed.
      `吕梅（已故）,${id('19590101', 12, false)},困难职工,600,家属代领`,
      `何一（已故）,${id('19590202', 14, false)},困难职工,600,由其子领取`,
      `张一（父亲去世）,${id('19600303', 15, true)},困难职工,600,`,
      `张五（已故劳模之子）,${id('19600404', 17, true)},困难职工,600,`,
      `卫东,${id('19610505', 19, true)},两金（企业已停产）,1200,`,
      `蒋平,${id('19620606', 21, true)},两金（未停发）,1200,`,
      `沈红,${id('19630707', 24, false)},三金（两金已停发）,1500,`,
      `韩梅,${id('19640808', 26, false)},企业停发工资,500,`,
      `杨柳,${id('19650909', 28, false)},两金（暂停）,1200,`,
      `朱琳,${id('19661010', 30, false)},两金（2016年止）,1200,`,
      `秦岭,${id('19671111', 31, true)},两金（2099年到期）,1200,`,
      `尤勇（已故）,${id('19681212', 33, true)},困难职工,,`,
      // Helper 102: deaths written with 已于 and a date, a date alone, or after another remark; 已故不发 with no comma;
      // family words that name no one to take it; stops in a bracket with the employer beside, or as 2金.
      `甲一,${id('19690101', 35, true)},困难职工,500,已于2023年5月去世`,
      `甲二,${id('19690202', 37, true)},困难职工,500,2023年5月去世`,
      `甲三,${id('19690303', 39, true)},困难职工,500,2023.5病故`,
      `甲四,${id('19690404', 41, true)},困难职工,500,家庭困难；已故`,
      `甲五,${id('19690505', 43, true)},困难职工,500,已故不发`,
      `甲六,${id('19690606', 45, true)},困难职工,500,已故，无子女`,
      `甲七（已故）,${id('19690707', 47, true)},困难职工,500,丈夫残疾`,
      `甲八,${id('19690808', 49, true)},困难职工,500,已故、无人领取`,
      `乙一,${id('19700101', 51, true)},两金（已故，原磷肥厂职工）,1200,`,
      `乙二,${id('19700202', 53, true)},两金（已停发，企业破产）,1200,`,
      `乙三,${id('19700303', 55, true)},2金（已停发）,1200,`,
    ].join('\r\n'));
    const p = await preview(tempLedger(), csv, 'deceased.csv');
    expect(p.rows.map((r) => [r.name, r.status, r.reasons.map((x) => x.code).join(',')])).toEqual([
      ['李强', 'warn', 'payee_deceased'], ['钱红', 'ok', ''], ['孙刚', 'warn', 'payee_deceased'], ['周敏', 'ok', ''], ['吴军', 'ok', ''],
      ['郑华', 'warn', 'subsidy_stopped'], ['冯磊', 'ok', ''], [null, 'skip', 'void_row'], ['褚明', 'warn', 'payee_deceased'],
      ['吕梅', 'ok', ''], ['何一', 'ok', ''], ['张一', 'ok', ''], ['张五', 'ok', ''],
      ['卫东', 'ok', ''], ['蒋平', 'ok', ''], ['沈红', 'ok', ''], ['韩梅', 'ok', ''],
      ['杨柳', 'warn', 'subsidy_stopped'], ['朱琳', 'warn', 'subsidy_stopped'], ['秦岭', 'ok', ''],
      // No money: held for that, not told it is still listed with money.
      ['尤勇', 'error', 'missing_amount'],
      ['甲一', 'warn', 'payee_deceased'], ['甲二', 'warn', 'payee_deceased'], ['甲三', 'warn', 'payee_deceased'], ['甲四', 'warn', 'payee_deceased'],
      [null, 'skip', 'void_row'], ['甲六', 'warn', 'payee_deceased'], ['甲七', 'warn', 'payee_deceased'], ['甲八', 'warn', 'payee_deceased'],
      ['乙一', 'warn', 'subsidy_stopped'], ['乙二', 'warn', 'subsidy_stopped'], ['乙三', 'warn', 'subsidy_stopped'],
    ]);
    expect(p.rows[0]!.reasons[0]!.message).toBe('A列（姓名）：注明“已故”，本行仍列有金额：如是发给遗属，请在备注中写明领取人；否则请核对是否应发放');
    expect(p.rows[2]!.reasons[0]!.message).toMatch(/^E列（备注）：注明“本人已去世”/);
    expect(p.rows[5]!.reasons[0]!.message).toBe('C列（类别）：类别写明“两金（2023年已停发）”，两金/三金已不再发放，本行仍列有金额，请核对是否应发放');
  });

  it('holds a CSV amount whose thousands comma split it into two columns', async () => {
    const csv = Buffer.from(['姓名,身份证号,金额,备注', `王芳,${id('19750312', 2, false)},1,000.00,`, `李强,${id('19800101', 951, true)},"1,000.00",`, `赵敏,${id('19720909', 44, false)},2,500,000.00,x`].join('\r\n'));
    const p = await preview(tempLedger(), csv, 'comma.csv');
    expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(','), r.amountFen])).toEqual([
      ['error', 'amount_unreadable', null], ['ok', '', 100_000], ['error', 'amount_unreadable', null],
    ]);
    expect(p.rows[0]!.reasons[0]!.message).toMatch(/金额“1,000\.00”中的千位逗号/);
    expect(p.rows[2]!.reasons[0]!.message).toMatch(/金额“2,500,000\.00”/);
  });

  it('skips approval and sign-off lines written in the name column', async () => {
    const p = await preview(tempLedger(), await simpleXlsx({ S: [
      ['序号', '姓名', '身份证号码', '金额'],
      [1, '王芳', id('19750312', 2, false), 600],
      [null, '制表：王五　复核：赵六'], [null, '主管领导：张三'], [null, '报送时间：2017年9月1日'], [null, '领款人签字：'], [null, '审批意见：同意'],
    ] }), 'footers.xlsx');
    expect(p.rows.map((r) => [r.row, r.status, r.reasons.map((x) => x.code).join(',')])).toEqual([
      [2, 'ok', ''], [3, 'skip', 'footer_row'], [4, 'skip', 'footer_row'], [5, 'skip', 'footer_row'], [6, 'skip', 'footer_row'], [7, 'skip', 'footer_row'],
    ]);
  });

  it('reads a two-row header drawn without merged cells (救助对象 centred over 姓名 | 性别 | 身份证号码)', async () => {
    const p = await preview(tempLedger(), await simpleXlsx({ S: [
      ['序号', '救助对象', null, null, '金额（元）'],
      [null, '姓名', '性别', '身份证号码', null],
      [1, '王芳', '女', id('19750312', 2, false), 600],
      [2, '赵敏', '男', '12345', 600],
    ] }), 'centred.xlsx');
    expect(p.sheets[0]!.headerEndRow).toBe(2);
    expect(previewToCliJson(p).sheets[0]!.columns).toEqual({ A: 'seq', B: 'name', C: 'gender', D: 'idNumber', E: 'amount' });
    expect(p.rows.map((r) => [r.row, r.status, r.reasons.map((x) => x.code).join(','), r.name])).toEqual([[3, 'ok', '', '王芳'], [4, 'error', 'id_length', '赵敏']]);
  });

  it('skips a row the grassroots union hid, saying so, read in the app’s worker as in the CLI; a fix in the preview imports it', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('花名册');
    ws.addRows([
      ['姓名', '身份证号码', '金额', '备注'],
      ['王芳', id('19750312', 2, false), 800, null],
      ['李强', id('19800101', 951, true), 800, '已脱困，不发'],
      ['合计', null, { formula: 'SUBTOTAL(109,C2:C3)', result: 800 }, null],
    ]);
    ws.getRow(3).hidden = true;
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const brief3 = (q: ImportPreview) => q.rows.map((r) => [r.row, r.status, r.reasons.map((x) => x.code).join(',')]);
    const expected = [[2, 'ok', ''], [3, 'skip', 'hidden_row'], [4, 'skip', 'total_row']];
    const ledger = tempLedger();
    const p = await preview(ledger, bytes, 'hidden.xlsx');
    expect(brief3(p)).toEqual(expected);
    expect(p.rows[1]!.reasons[0]!.message).toMatch(/^隐藏的行，未导入.*李强.*已脱困，不发/);
    expect(p.summary.statedTotals[0]!.matches).toBe(true);
    // The app: read in the worker, analysed as the rows stream in.
    const session = await openImportBytes(bytes, 'hidden.xlsx');
    expect(session.streamed).toBeDefined();
    expect(brief3(previewImport(ledger, session, {}))).toEqual(expected);
    // The clerk fixes a cell of the hidden row in the preview: it is read as a payment.
    const fixed = previewImport(ledger, session, { edits: [{ sheetIndex: 0, row: 3, field: 'amount', value: '800' }] });
    expect(brief3(fixed)[1]).toEqual([3, 'ok', '']);
  });

  it('reads a name cell that holds more than a name: a remark goes to the note, a phone to the phone; two names or digits alone are held', async () => {
    const p = await preview(tempLedger(), await simpleXlsx({ S: [
      ['姓名', '身份证号码', '金额', '备注'],
      ['王芳（代领）', id('19750312', 2, false), 600, '子女代领'], ['李强(已故)', id('19800101', 951, true), 600, null],
      ['张三、李四', id('19720909', 44, false), 600, null], ['陈勇13812345678', id('19660606', 55, true), 600, null],
      ['1', id('19690909', 24, false), 600, null], ['职工12', id('19690909', 26, false), 600, null],
      // Names side by side with a space are two people; a padded name (王 芳, 王　芳) or a compound surname apart (欧阳 娜娜) one.
      ['张三 李四', id('19720909', 62, false), 600, null], ['王 芳', id('19720909', 64, false), 600, null], ['王　芳', id('19720909', 66, false), 600, null],
      ['歐陽 娜娜', id('19720909', 68, false), 600, null], ['赵 小明', id('19720909', 71, true), 600, null], ['张三　李四　王五', id('19720909', 73, true), 600, null],
      // Two lines of one cell: two names, unless the first is a compound surname alone (a narrow column wrapped by hand).
      ['欧阳\n娜娜', id('19720909', 75, true), 600, null], ['司馬\r\n光', id('19720909', 77, true), 600, null], ['张三\n李四', id('19720909', 79, true), 600, null],
    ] }), 'names.xlsx');
    expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(','), r.name])).toEqual([
      // (李强(已故): paid, warned that the name says he died.)
      ['ok', '', '王芳'], ['warn', 'payee_deceased', '李强'], ['error', 'name_unreadable', '张三、李四'], ['ok', '', '陈勇'], ['error', 'name_unreadable', '1'], ['ok', '', '职工12'],
      ['error', 'name_unreadable', '张三李四'], ['ok', '', '王芳'], ['ok', '', '王芳'], ['ok', '', '歐陽娜娜'], ['ok', '', '赵小明'], ['error', 'name_unreadable', '张三李四王五'],
      ['ok', '', '欧阳娜娜'], ['ok', '', '司馬光'], ['error', 'name_unreadable', '张三李四'],
    ]);
    expect(p.rows[2]!.reasons[0]!.message).toMatch(/一格中有 2 个姓名/);
    expect(p.rows[6]!.reasons[0]!.message).toMatch(/“张三、李四”一格中有 2 个姓名.*请删去其中的空格/);
    expect(p.rows[11]!.reasons[0]!.message).toMatch(/一格中有 3 个姓名/);
    const session = createImportSession(await parseImportBytes(await simpleXlsx({ S: [['姓名', '身份证号码', '金额', '备注'], ['王芳（代领）', id('19750312', 2, false), 600, '子女代领'], ['陈勇13812345678', id('19660606', 55, true), 600, null]] }), 'n.xlsx'));
    const ledger = tempLedger();
    const pid = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '项目', year: 2017, kind: '送温暖' }));
    previewImport(ledger, session, { programId: pid });
    commitImport(ledger, session, { backup: false });
    expect(ledger.db.prepare('SELECT p.name, p.phone, pay.note FROM payments pay JOIN people p ON p.id = pay.person_id ORDER BY pay.id').all()).toEqual([
      { name: '王芳', phone: null, note: '代领；子女代领' }, { name: '陈勇', phone: '13812345678', note: null },
    ]);
  });

  it('reads an ID written one digit a box under a 身份证号码 header merged across 18 columns, or split over two, as one number', async () => {
    // As a clerk types them: digits as numbers or as text, a last X in lowercase.
    const boxes = (n: string) => [...n].map((d, k) => (d === 'X' ? 'x' : k % 2 === 0 ? Number(d) : d));
    const wang = id('19750312', 2, false);
    // One whose check digit is X.
    const li = Array.from({ length: 400 }, (_, k) => id('19800101', k + 1, true)).find((n) => n.endsWith('X'))!;
    const zhao = id('19720909', 44, false);
    const header = ['姓名', '身份证号码', ...Array(17).fill(null), '金额'];
    const bytes = await simpleXlsx({ S: [
      ['困难职工慰问花名册'],
      header,
      ['王芳', ...boxes(wang), 600],
      ['李强', ...boxes(li), 600],
      // The whole number in the first box (the rest blank): read as it is.
      ['赵敏', zhao, ...Array(17).fill(null), 600],
      // One box left empty: 17 digits, held for its length.
      ['孙丽', ...boxes(id('19660606', 62, false)).slice(0, 17), null, 600],
    ] }, { S: ['A1:T1', 'B2:S2'] });
    const p = await preview(tempLedger(), bytes, 'boxes.xlsx');
    const idRows = (q: ImportPreview) => q.rows.map((r) => [r.name, r.status, r.idNumber, r.amountFen, r.reasons.map((x) => x.code).join(',')]);
    expect(idRows(p)).toEqual([
      ['王芳', 'ok', wang, 60_000, ''], ['李强', 'ok', li, 60_000, ''], ['赵敏', 'ok', zhao, 60_000, ''], ['孙丽', 'error', expect.stringMatching(/^\d{17}$/), 60_000, 'id_length'],
    ]);
    // The app's way: read in the worker, analysed as the rows stream in (the merges come at the sheet's end).
    expect(idRows(previewImport(tempLedger(), await openImportBytes(bytes, 'boxes.xlsx'), {}))).toEqual(idRows(p));
    // Split over two cells (the region code apart), under a header merged over both.
    const split = await preview(tempLedger(), await simpleXlsx({ S: [
      ['姓名', '身份证号码', null, '金额'], ['王芳', wang.slice(0, 6), wang.slice(6), 600], ['李强', Number(li.slice(0, 6)), li.slice(6), 600],
    ] }, { S: ['B1:C1'] }), 'split.xlsx');
    expect(split.rows.map((r) => [r.status, r.idNumber])).toEqual([['ok', wang], ['ok', li]]);
    // A header not merged: the next column is not part of the ID (a 17-digit ID beside a 电话 without a header stays held).
    const apart = await preview(tempLedger(), await simpleXlsx({ S: [
      ['姓名', '身份证号码', null, '金额'], ['王芳', wang.slice(0, 17), wang.slice(17), 600],
    ] }), 'apart.xlsx');
    expect(apart.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(',')])).toEqual([['error', 'id_length']]);
  });

  it('says why an amount formula reads as nothing: no saved result, or an error result', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRows([['姓名', '身份证号码', '金额'], ['王芳', id('19750312', 2, false), null], ['李强', id('19800101', 951, true), null], ['赵敏', id('19720909', 44, false), null],
      ['孙丽', id('19660606', 62, false), null], ['周强', id('19690909', 71, true), 0]]);
    ws.getCell('C2').value = { formula: '1/0', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue;
    ws.getCell('C3').value = { formula: 'D3*2' } as ExcelJS.CellFormulaValue;
    ws.getCell('C4').value = { formula: '300*2', result: 600 };
    // A formula whose saved result is 0 reads as the 0 the cell shows, like a typed 0 (it read as 金额为空); a 0 with
    // nothing beside it is then held, as a typed one is (helper 84).
    ws.getCell('C5').value = { formula: '300*0', result: 0 };
    const p = await preview(tempLedger(), Buffer.from(await wb.xlsx.writeBuffer()), 'formulas.xlsx');
    expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(','), r.amountFen])).toEqual([
      ['error', 'amount_unreadable', null], ['error', 'missing_amount', null], ['ok', '', 60_000], ['error', 'missing_amount', 0], ['error', 'missing_amount', 0],
    ]);
    expect(p.rows[3]!.reasons[0]!.message).toMatch(/金额为 0，本行没有发放任何钱物/);
    expect(p.rows[0]!.reasons[0]!.message).toMatch(/金额“#DIV\/0!”无法识别/);
    expect(p.rows[1]!.reasons[0]!.message).toMatch(/金额是公式“=D3\*2”，文件中没有保存它的计算结果/);
    // A shared formula's later cell without a result (it read as 金额为空), and a 合计 formula without one.
    const shared = new ExcelJS.Workbook();
    const s2 = shared.addWorksheet('S');
    s2.addRows([['姓名', '身份证号码', '金额'], ['王芳', id('19750312', 2, false), null], ['李强', id('19800101', 951, true), null], ['合计', null, null]]);
    s2.getCell('C2').value = { formula: '300*2', result: 600, shareType: 'shared', ref: 'C2:C3' } as ExcelJS.CellFormulaValue;
    s2.getCell('C3').value = { sharedFormula: 'C2' } as ExcelJS.CellSharedFormulaValue;
    s2.getCell('C4').value = { formula: 'SUM(C2:C3)' } as ExcelJS.CellFormulaValue;
    const q = await preview(tempLedger(), Buffer.from(await shared.xlsx.writeBuffer()), 'shared.xlsx');
    expect(q.rows.map((r) => [r.status, r.reasons.map((x) => x.message).join('')])).toEqual([
      ['ok', ''],
      ['error', 'C列（金额）：金额是公式（共享公式），文件中没有保存它的计算结果（文件由程序生成、未在 Excel 中保存过），请在 Excel/WPS 中打开并保存后再导入'],
      ['skip', '合计行：合计是公式“=SUM(C2:C3)”，文件中没有保存它的计算结果，无法核对（上方各行之和为 600元）'],
    ]);
  });

  it('reads an amount its format shows rounded as shown when it is not exact to the fen, and says so either way', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRows([['姓名', '身份证号码', '金额'], ['王芳', id('19750312', 2, false), 166.67], ['李强', id('19800101', 951, true), null], ['赵敏', id('19720909', 44, false), 10.5], ['孙丽', id('19660606', 62, false), 600.5],
      ['周强', id('19690909', 71, true), null]]);
    ws.getCell('C3').value = { formula: '500/3', result: 500 / 3 };
    // =10.1+20.2 is 30.299999999999997 in floating point, shown 30.30: the same figure, no warning.
    ws.getCell('C6').value = { formula: '10.1+20.2', result: 10.1 + 20.2 };
    ws.getCell('C6').numFmt = '0.00';
    ws.getCell('C2').numFmt = '0';
    ws.getCell('C3').numFmt = '#,##0.00';
    ws.getCell('C4').numFmt = '#,##0"元"';
    ws.getCell('C5').numFmt = '0.00';
    const p = await preview(tempLedger(), Buffer.from(await wb.xlsx.writeBuffer()), 'rounded.xlsx');
    expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.message).join(''), r.amountFen])).toEqual([
      ['warn', 'C列（金额）：金额单元格显示为 167，实际数值是 166.67，按 166.67元 导入，请核对', 16_667],
      ['warn', 'C列（金额）：金额的实际数值是 166.666667，单元格显示为 166.67，按显示的 166.67元 导入，请核对', 16_667],
      ['warn', 'C列（金额）：金额单元格显示为 11，实际数值是 10.5，按 10.50元 导入，请核对', 1_050],
      ['ok', '', 60_050],
      ['ok', '', 3_030],
    ]);
  });

  it('reads a 合计 whose value is not exact to the fen as its format shows it: a SUM that leaves a payee out is reported', async () => {
    // Helper 41's sweep: =SUM over two =1000/3 rows, shown 666.67, was taken as no stated figure.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRows([['姓名', '身份证号码', '金额'], ['王芳', id('19750312', 2, false), null], ['李强', id('19800101', 951, true), null], ['赵敏', id('19720909', 44, false), 500], ['合计', null, null]]);
    for (const c of ['C2', 'C3']) {
      ws.getCell(c).value = { formula: '1000/3', result: 1000 / 3 };
      ws.getCell(c).numFmt = '0.00';
    }
    ws.getCell('C5').value = { formula: 'SUM(C2:C3)', result: 2000 / 3 };
    ws.getCell('C5').numFmt = '0.00';
    const p = await preview(tempLedger(), Buffer.from(await wb.xlsx.writeBuffer()), 'sum.xlsx');
    expect(p.summary.statedTotals.map(({ row, fen, computedFen, matches }) => ({ row, fen, computedFen, matches }))).toEqual([{ row: 5, fen: 66_667, computedFen: 116_666, matches: false }]);
    expect(p.rows.find((r) => r.row === 5)!.reasons[0]!.message).toBe('合计行：写明 666.67元（单元格显示的数值；实际数值 666.666667），但上方各行单元格中的实际数值之和为 1,166.67元，少 500元（各行按单元格显示的数值导入，共 1,166.66元）；请核对求和范围是否漏掉了某行，或合计是否按显示的数值填写');
  });

  it('compares a 合计 in General format to the fen, and takes a difference of rounding alone as agreeing, saying so (helper 44)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    // Two =1000/3 rows shown 333.33, a 小计 =SUM shown 666.67 (0.01 off by rounding), then a 500 row and a 合计 in
    // General format 1,166.666… (read 1,166.67) and a second 合计 in #,##0 (1,167: 0.34 off, shown to the yuan).
    ws.addRows([['姓名', '身份证号码', '金额'], ['王芳', id('19750312', 2, false), null], ['李强', id('19800101', 951, true), null], ['小计', null, null],
      ['赵敏', id('19720909', 44, false), 500], ['合计', null, null], ['合计', null, null]]);
    for (const c of ['C2', 'C3']) {
      ws.getCell(c).value = { formula: '1000/3', result: 1000 / 3 };
      ws.getCell(c).numFmt = '0.00';
    }
    ws.getCell('C4').value = { formula: 'SUM(C2:C3)', result: 2000 / 3 };
    ws.getCell('C4').numFmt = '0.00';
    ws.getCell('C6').value = { formula: 'SUM(C2:C3)+C5', result: 3500 / 3 };
    ws.getCell('C7').value = { formula: 'C6', result: 3500 / 3 };
    ws.getCell('C7').numFmt = '#,##0';
    const p = await preview(tempLedger(), Buffer.from(await wb.xlsx.writeBuffer()), 'rounding.xlsx');
    expect(p.summary.statedTotals.map(({ row, fen, computedFen, matches }) => ({ row, fen, computedFen, matches }))).toEqual([
      { row: 4, fen: 66_667, computedFen: 66_666, matches: true },
      { row: 6, fen: 116_667, computedFen: 116_666, matches: true },
      { row: 7, fen: 116_700, computedFen: 116_666, matches: true },
    ]);
    expect(p.rows.find((r) => r.row === 4)!.reasons[0]!.message).toBe('小计行：写明 666.67元（单元格显示的数值；实际数值 666.666667），与上方各行之和 666.66元 相差 0.01元，在四舍五入的误差之内，视为一致');
    // A payee left out of the SUM is never taken for rounding (helper 46): 30 rows of =1000/3 shown to the yuan (read
    // 333 each) and a 10 元 payee the SUM leaves out add up to the SUM's 10,000 as read; the stored values do not.
    const sneaky = new ExcelJS.Workbook();
    const sh = sneaky.addWorksheet('S');
    sh.addRow(['姓名', '身份证号码', '金额']);
    for (let i = 0; i < 30; i++) {
      const row = sh.addRow([`职工${i}`, makeIdNumber('530424', '1970-01-01', 100 + 2 * i, true), null]);
      row.getCell(3).value = { formula: '1000/3', result: 1000 / 3 };
      row.getCell(3).numFmt = '0';
    }
    sh.addRow(['乙壬', makeIdNumber('530424', '1971-01-01', 3, true), 10]);
    sh.addRow(['合计', null, { formula: 'SUM(C2:C31)', result: 10_000 }]);
    const q = await preview(tempLedger(), Buffer.from(await sneaky.xlsx.writeBuffer()), 'sneaky.xlsx');
    expect(q.summary.statedTotals.map(({ fen, computedFen, matches }) => ({ fen, computedFen, matches }))).toEqual([{ fen: 1_000_000, computedFen: 1_000_000, matches: false }]);
    expect(p.rows.find((r) => r.row === 7)!.reasons[0]!.message).toMatch(/^合计行：写明 1,167元.*相差 0\.34元，在四舍五入的误差之内，视为一致$/);
  });

  it('reads an amount and a 合计 computed in cells formatted as dates as their numbers, and a birth month given by a formula before 1950', async () => {
    // Helpers 44 and 46: =200*100 under m/d was held as 1954-10-03, a 合计 of 19,500 under yyyy-m-d was no stated figure.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRows([['姓名', '身份证号码', '出生年月', '金额'], ['王芳', id('19450301', 2, false), null, null], ['李强', id('19800101', 951, true), null, 500], ['合计', null, null, null]]);
    ws.getCell('C2').value = { formula: 'DATE(1945,3,1)', result: new Date(Date.UTC(1945, 2, 1)) };
    ws.getCell('C2').numFmt = 'yyyy.mm';
    ws.getCell('D2').value = { formula: '200*100', result: 20_000 };
    ws.getCell('D2').numFmt = 'm/d';
    ws.getCell('D4').value = { formula: 'SUM(D2:D2)', result: 20_000 };
    ws.getCell('D4').numFmt = 'yyyy-m-d';
    const p = await preview(tempLedger(), Buffer.from(await wb.xlsx.writeBuffer()), 'datefmt.xlsx');
    expect(p.rows.filter((r) => r.status !== 'skip').map((r) => [r.name, r.status, r.amountFen, r.reasons.map((x) => x.message).join('')])).toEqual([
      ['王芳', 'warn', 2_000_000, 'D列（金额）：金额单元格设成了日期格式（Excel 把 20,000 显示成日期），按其数值 20,000元 导入，请把该列设为数字格式并核对'],
      ['李强', 'ok', 50_000, ''],
    ]);
    expect(p.summary.statedTotals.map(({ fen, computedFen, matches }) => ({ fen, computedFen, matches }))).toEqual([{ fen: 2_000_000, computedFen: 2_050_000, matches: false }]);
  });

  it('reads a typed amount, a goods value and a BIFF .xls amount and 合计 under date formats as their numbers (helper 48)', async () => {
    // A typed 600 under m/d (shows 8/22) and a goods value =100*2 under m/d were held (金额“1901-08-22”无法识别).
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRows([['姓名', '身份证号码', '金额', '慰问品折价（元）'], ['王芳', id('19750312', 2, false), 600, null], ['李强', id('19800101', 951, true), 500, null]]);
    ws.getCell('C2').numFmt = 'm/d';
    ws.getCell('D3').value = { formula: '100*2', result: 200 };
    ws.getCell('D3').numFmt = 'm/d';
    const p = await preview(tempLedger(), Buffer.from(await wb.xlsx.writeBuffer()), 'typed-datefmt.xlsx');
    expect(p.rows.map((r) => [r.name, r.status, r.amountFen, r.goodsFen, r.reasons.map((x) => x.message).join('')])).toEqual([
      ['王芳', 'warn', 60_000, null, 'C列（金额）：金额单元格设成了日期格式（Excel 把 600 显示成日期），按其数值 600元 导入，请把该列设为数字格式并核对'],
      ['李强', 'warn', 50_000, 20_000, 'D列（慰问品折价（元））：慰问品金额单元格设成了日期格式（Excel 把 200 显示成日期），按其数值 200元 导入，请把该列设为数字格式并核对'],
    ]);
    // A BIFF .xls does not tell a typed number from a formula's result: an amount of 20,000 under m/d and a 合计 under
    // yyyy-m-d that leaves it out (it was held as 1954-10-03, and the 合计 read as no figure).
    const sheet = XLSX.utils.aoa_to_sheet([['姓名', '身份证号码', '金额'], ['王芳', id('19750312', 2, false), 500], ['李强', id('19800101', 951, true), 0], ['合计', null, 0]]);
    sheet['C3'] = { t: 'n', v: 20_000, z: 'm/d' };
    sheet['C4'] = { t: 'n', v: 500, z: 'yyyy-m-d' };
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, '名单');
    const x = await preview(tempLedger(), XLSX.write(book, { type: 'buffer', bookType: 'biff8' }) as Buffer, 'datefmt.xls');
    expect(x.rows.filter((r) => r.status !== 'skip').map((r) => [r.name, r.status, r.amountFen])).toEqual([['王芳', 'ok', 50_000], ['李强', 'warn', 2_000_000]]);
    expect(x.summary.statedTotals.map(({ fen, computedFen, matches }) => ({ fen, computedFen, matches }))).toEqual([{ fen: 50_000, computedFen: 2_050_000, matches: false }]);
  });

  it('after helper 49: a real date in the amount column is held; breakdown lines and footers under the 合计 are no payees; a 合计 over the whole sheet after late rows agrees', async () => {
    // A row one column off: its 发放日期 2024/1/10 under 金额 (a date format) is held (it was stored as 45,301 元).
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRows([['姓名', '身份证号码', '金额'], ['王芳', id('19750312', 2, false), 500], ['李强', id('19800101', 3, true), new Date(Date.UTC(2024, 0, 10))]]);
    ws.getCell('C3').numFmt = 'yyyy/m/d';
    const shifted = await preview(tempLedger(), Buffer.from(await wb.xlsx.writeBuffer()), 'shifted.xlsx');
    expect(shifted.rows.map((r) => [r.name, r.status, r.amountFen, r.reasons.map((x) => x.code).join(',')])).toEqual([['王芳', 'ok', 50_000, ''], ['李强', 'error', null, 'amount_unreadable']]);
    const person = (n: number): (string | number)[] => [`职工${n}`, id('19750312', 2 * n, false), 500];
    // Breakdown lines (其中：…, a kind with a head count, 现金, 慰问品) and footers with their label in the first column.
    const breakdown = await preview(tempLedger(), await simpleXlsx({ S: [
      ['序号', '姓名', '身份证号码', '单位', '金额'], ...[1, 2, 3, 4].map((n) => [n, `职工${n}`, id('19750312', 2 * n, false), '甲厂', 500]), ['合计', null, null, null, 2000],
      ['其中：', '困难职工', null, '3人', 1500], [null, '困难劳模', null, '1人', 500], [null, '其中现金', null, null, 1500], [null, '慰问品', null, null, 500],
      ['共4人', null, null, null, 2000], ['经办人', '李梅'], ['审核人：', '王强'],
    ] }), 'breakdown.xlsx');
    expect(breakdown.rows.filter((r) => r.status !== 'skip').map((r) => r.name)).toEqual(['职工1', '职工2', '职工3', '职工4']);
    expect(breakdown.rows.filter((r) => r.row >= 7).map((r) => [r.row, r.status, r.reasons[0]!.code])).toEqual([
      [7, 'skip', 'note_row'], [8, 'skip', 'note_row'], [9, 'skip', 'note_row'], [10, 'skip', 'note_row'], [11, 'skip', 'total_row'], [12, 'skip', 'footer_row'], [13, 'skip', 'footer_row'],
    ]);
    expect(breakdown.rows.reduce((sum, r) => sum + (r.status === 'skip' ? 0 : r.amountFen ?? 0), 0)).toBe(200_000);
    expect(breakdown.summary.statedTotals.every((t) => t.matches)).toBe(true);
    // Kinds written longer in a breakdown (helper 54: 特困职工, 退休职工 became nameless payees).
    const longer = await preview(tempLedger(), await simpleXlsx({ S: [
      ['序号', '姓名', '身份证号码', '单位', '金额'], ...[1, 2].map((n) => [n, `职工${n}`, id('19750312', 2 * n, false), '甲厂', 500]), ['合计', null, null, null, 1000],
      ['其中：', '特困职工', null, '1人', 500], [null, '退休职工', null, '1人', 500],
    ] }), 'longer.xlsx');
    expect(longer.rows.filter((r) => r.status !== 'skip').map((r) => r.name)).toEqual(['职工1', '职工2']);
    // Late payees under the 合计, then 补报 under a header again: still after the total (helper 54: ok).
    const again = await preview(tempLedger(), await simpleXlsx({ S: [
      ['姓名', '身份证号码', '金额'], ['职工1', id('19750312', 2, false), 500], ['合计', null, 500], ['补报'], ['姓名', '身份证号码', '金额'], ['职工3', id('19750312', 6, false), 400],
    ] }), 'again.xlsx');
    expect(again.rows.filter((r) => r.status !== 'skip').map((r) => [r.name, r.reasons.map((x) => x.code).join(',')])).toEqual([['职工1', ''], ['职工3', 'after_total']]);
    // 合计, late rows (补报), then a total over them all: it agrees (it was taken for the late rows' group: 多 1,000元).
    for (const label of ['合计（含补报）', '总合计', '全部合计', '合计']) {
      const late = await preview(tempLedger(), await simpleXlsx({ S: [
        ['姓名', '身份证号码', '金额'], person(1), person(2), ['合计', null, 1000], ['补报'], person(3), person(4), [label, null, 2000],
      ] }), 'late.xlsx');
      expect(late.summary.statedTotals.map((t) => [t.fen, t.computedFen, t.matches])).toEqual([[100_000, 100_000, true], [200_000, 200_000, true]]);
    }
  });

  it('after helper 52: late payees with 其中 in 备注 or names ending like a kind are paid; a second table’s top 合计; 大写 after 每人三百元; cash with 无卡', async () => {
    const person = (n: number): (string | number | null)[] => [`职工${n}`, id('19750312', 2 * n, false), 500, null];
    // A late payee without an ID, 其中慰问品300元 in 备注, under a top 合计 (it was skipped as a breakdown line, silently).
    const late = await preview(tempLedger(), await simpleXlsx({ S: [
      ['姓名', '身份证号码', '金额', '备注'], ['合计', null, 1000, null], person(1), person(2), ['王建平', null, 800, '其中慰问品300元'], ['王建华子女', null, 300, null],
    ] }), 'late.xlsx');
    expect(late.rows.filter((r) => r.status !== 'skip').map((r) => r.name)).toEqual(['职工1', '职工2', '王建平', '王建华子女']);
    expect(late.summary.statedTotals.map((t) => [t.fen, t.computedFen, t.matches])).toEqual([[100_000, 210_000, false]]);
    // Two tables on a sheet, each with its 合计 above its rows: each compared with its own rows; none is a late payee.
    const two = await preview(tempLedger(), await simpleXlsx({ S: [
      ['姓名', '身份证号码', '金额', '备注'], ['合计', null, 1000, null], person(1), person(2),
      ['姓名', '身份证号码', '金额', '备注'], ['合计', null, 500, null], person(3),
    ] }), 'two.xlsx');
    expect(two.summary.statedTotals.map((t) => [t.fen, t.computedFen, t.matches])).toEqual([[100_000, 100_000, true], [50_000, 50_000, true]]);
    expect(two.rows.filter((r) => r.status !== 'skip').map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
    // 大写 read after the word, not 每人三百元 before it.
    const each = await preview(tempLedger(), await simpleXlsx({ S: [['姓名', '身份证号码', '金额', '备注'], ['职工1', id('19750312', 2, false), 300, null], ['职工2', id('19750312', 4, false), 300, null], ['合计', '2人，每人三百元', 600, '大写：陆佰元整']] }), 'each.xlsx');
    expect(each.summary.statedTotals.map((t) => [t.label, t.matches])).toEqual([['合计', true]]);
  });

  it('reads an amount its format shows rounded in a BIFF .xls as in an .xlsx', async () => {
    const ws = XLSX.utils.aoa_to_sheet([['姓名', '身份证号码', '金额'], ['王芳', id('19750312', 2, false), 0], ['李强', id('19800101', 951, true), 0], ['孙丽', id('19660606', 62, false), 0], ['周强', id('19690909', 71, true), 0]]);
    ws['C2'] = { t: 'n', v: 166.67, z: '0' };
    ws['C3'] = { t: 'n', v: 500 / 3, z: '#,##0.00' };
    ws['C4'] = { t: 'n', v: 600.5, z: '0.00' };
    ws['C5'] = { t: 'n', v: 10.1 + 20.2, z: '0.00' };
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '名单');
    const p = await preview(tempLedger(), XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }) as Buffer, 'rounded.xls');
    expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.message).join(''), r.amountFen])).toEqual([
      ['warn', 'C列（金额）：金额单元格显示为 167，实际数值是 166.67，按 166.67元 导入，请核对', 16_667],
      ['warn', 'C列（金额）：金额的实际数值是 166.666667，单元格显示为 166.67，按显示的 166.67元 导入，请核对', 16_667],
      ['ok', '', 60_050],
      ['ok', '', 3_030],
    ]);
  });

  it('says a name cell merged over two rows is why the second has no name', async () => {
    const p = await preview(tempLedger(), await simpleXlsx({ S: [
      ['姓名', '身份证号码', '金额'],
      ['王芳', id('19750312', 2, false), 600],
      [null, id('19800101', 951, true), 500],
    ] }, { S: ['A2:A3'] }), 'merged-name.xlsx');
    expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(',')])).toEqual([['ok', ''], ['error', 'missing_name']]);
    expect(p.rows[1]!.reasons[0]!.message).toBe('A列（姓名）：姓名单元格与第 2 行合并（一人占了几行？），无法确定本行是谁，请逐行填写姓名');
  });

  it('reads the unit of an amount header, not a 万 in its remark; holds an amount in 万 no one is paid', async () => {
    const file = (header: string) => simpleXlsx({ S: [['姓名', '身份证号码', header], ['王芳', id('19750312', 2, false), 600], ['李丽', id('19750312', 4, false), 0.05]] });
    const remark = await preview(tempLedger(), await file('救助金额（元，最高不超过1万元）'), 'remark.xlsx');
    expect(remark.rows.map((r) => [r.status, r.amountFen])).toEqual([['ok', 60_000], ['warn', 5]]);
    const wan = await preview(tempLedger(), await file('救助金额（万元）'), 'wan.xlsx');
    expect(wan.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(','), r.amountFen])).toEqual([['error', 'amount_unreadable', null], ['warn', 'amount_in_wan', 50_000]]);
    expect(wan.rows[0]!.reasons[0]!.message).toMatch(/按“万元”计为 6,000,000元，不合常理/);
    // 千元: 0.05 千元 is 50 元, said so; 600 千元 (600,000 元) to one person is held. It read as 0.05 元 and 600 元.
    for (const header of ['救助金额（千元）', '救助金额/千元']) {
      const thousands = await preview(tempLedger(), await file(header), 'thousands.xlsx');
      expect(thousands.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(','), r.amountFen])).toEqual([['error', 'amount_unreadable', null], ['warn', 'amount_in_thousands', 5_000]]);
      expect(thousands.rows[1]!.reasons[0]!.message).toMatch(/^C列（救助金额.*）：金额“0.05”以“千元”为单位（见表头），按 50元 导入，请核对$/);
      expect(thousands.rows[0]!.reasons[0]!.message).toMatch(/按“千元”计为 600,000元，不合常理，请核对金额的单位（元还是千元）/);
    }
  });

  it('of several amount columns takes the later of equals, a 全年合计 over months, the figures over 大写, and no monthly rate alone', async () => {
    const person = ['王芳', id('19750312', 2, false)];
    const columns = async (header: string[], values: (string | number)[]) =>
      previewToCliJson(await preview(tempLedger(), await simpleXlsx({ S: [['姓名', '身份证号码', ...header], [...person, ...values]] }), 'm.xlsx'));
    expect((await columns(['2016年补助金额', '2017年补助金额'], [500, 800])).rows[0]!.amountFen).toBe(80_000);
    expect((await columns(['申请金额', '批准金额'], [500, 800])).rows[0]!.amountFen).toBe(80_000);
    expect((await columns(['原金额', '更正后金额'], [500, 800])).rows[0]!.amountFen).toBe(80_000);
    expect((await columns(['1月补助金', '2月补助金', '3月补助金', '全年合计'], [100, 100, 100, 300])).rows[0]!.amountFen).toBe(30_000);
    expect((await columns(['金额（大写）', '金额（小写）'], ['陆佰元整', 600])).rows[0]!.amountFen).toBe(60_000);
    const rate = await columns(['补助标准（元/月）', '发放月数'], [300, 12]);
    expect([rate.sheets[0]!.columns, rate.rows[0]!.reasons]).toEqual([{ A: 'name', B: 'idNumber' }, ['missing_amount']]);
    // Headers as rosters write them: 慰问款, 金额（单位：元）.
    expect((await columns(['慰问款'], [600])).rows[0]!.amountFen).toBe(60_000);
    expect((await columns(['金额（单位：元）'], [600])).rows[0]!.amountFen).toBe(60_000);
  });

  it('takes the 合计 of two kinds of relief; holds a row whose other money column or own 合计 would be lost', async () => {
    const ids = [id('19750312', 2, false), id('19800101', 951, true)];
    const run = async (header: string[], rows: (string | number | null)[][], merges: string[] = []) => {
      const bytes = await simpleXlsx({ S: [header, ...rows.map((r, i) => [`人${'甲乙'[i]}`, ids[i]!, ...r])] }, { S: merges });
      const session = createImportSession(await parseImportBytes(bytes, 'two.xlsx'));
      return { session, p: previewImport(tempLedger(), session, {}) };
    };
    const fields = (p: ImportPreview) => p.sheets[0]!.columns.map((c) => c.field);
    const rows = (p: ImportPreview) => p.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(','), r.amountFen, r.goodsFen]);
    // 医疗救助金 | 生活救助金 | 合计: the 合计 (1,000 元 of 1,600 was lost: the last column was taken).
    const parts = await run(['姓名', '身份证号码', '医疗救助金', '生活救助金', '合计'], [[1000, 600, 1600], [800, null, 800]]);
    expect(fields(parts.p)).toEqual(['name', 'idNumber', null, null, 'amount']);
    expect(rows(parts.p)).toEqual([['ok', '', 160_000, null], ['ok', '', 80_000, null]]);
    // A 合计 its parts do not add up to (8000 for 800, 700 for 800) is held, until the clerk corrects the amount (helper 94 H2: imported as written).
    const typo = await run(['姓名', '身份证号码', '医疗救助金', '生活救助金', '合计'], [[500, 300, 8000], [500, 300, 700]]);
    expect(rows(typo.p)).toEqual([['error', 'row_total_mismatch', 800_000, null], ['error', 'row_total_mismatch', 70_000, null]]);
    expect(typo.p.rows[0]!.reasons[0]!.message).toBe('E列（合计）：本行合计 8,000元，而“医疗救助金”、“生活救助金”相加是 800元，差 7,200元；请核对哪个数填错了，在预览中改正金额后再导入');
    // A 合计 left blank beside its parts is held, saying the parts' sum for the clerk to write in.
    const blank = await run(['姓名', '身份证号码', '医疗救助金', '生活救助金', '合计'], [[1200, 800, null], [500, null, 500]]);
    expect(rows(blank.p)).toEqual([['error', 'missing_amount', null, null], ['ok', '', 50_000, null]]);
    expect(blank.p.rows[0]!.reasons[0]!.message).toBe('E列（合计）：金额为空，而“医疗救助金”、“生活救助金”相加是 2,000元；如应发此数，请在预览中填写金额');
    const corrected = previewImport(tempLedger(), typo.session, { edits: [{ sheetIndex: 0, row: 2, field: 'amount', value: '800' }] });
    expect(rows(corrected)).toEqual([['ok', '', 80_000, null], ['error', 'row_total_mismatch', 70_000, null]]);
    // The form's unit (单位：万元) is the parts' too (helper 96: read in 元, every row held).
    const wanBytes = await simpleXlsx({ S: [['慰问花名册'], ['单位：万元'], ['姓名', '身份证号码', '医疗救助金', '生活救助金', '合计'], ['人甲', ids[0]!, 0.05, 0.03, 0.08], ['人乙', ids[1]!, 0.05, 0.03, 0.8]] });
    const wan = previewImport(tempLedger(), createImportSession(await parseImportBytes(wanBytes, 'wan.xlsx')), {});
    expect(wan.rows.map((r) => [r.status, r.reasons.map((x) => x.code).filter((c) => c !== 'amount_in_wan').join(','), r.amountFen])).toEqual([['warn', '', 80_000], ['error', 'row_total_mismatch', 800_000]]);
    // 救助标准 | 月数 | 合计: the 合计, not the rate.
    const rate = await run(['姓名', '身份证号码', '救助标准', '月数', '合计'], [[200, 12, 2400], [200, 6, 1200]]);
    expect(rows(rate.p)).toEqual([['ok', '', 240_000, null], ['ok', '', 120_000, null]]);
    // 慰问金 | 补助金 without a 合计: the row with a figure in the column left out is held, until the clerk corrects the amount.
    const two = await run(['姓名', '身份证号码', '慰问金', '补助金'], [[500, 300], [null, 300]]);
    expect(rows(two.p)).toEqual([['error', 'amount_left_out', 30_000, null], ['ok', '', 30_000, null]]);
    expect(two.p.rows[0]!.reasons[0]!.message).toBe('C列（慰问金）：本行还有 500元 没有导入（只导入了D列（补助金））；如两列都应发放，请在预览中改正金额为两列之和，或在列对应中指定金额列');
    const fixed = previewImport(tempLedger(), two.session, { edits: [{ sheetIndex: 0, row: 2, field: 'amount', value: '800' }] });
    expect(rows(fixed)).toEqual([['ok', '', 80_000, null], ['ok', '', 30_000, null]]);
    // 现金 | 购物卡（元） | 合计: the 合计 says a column is missing.
    const card = await run(['姓名', '身份证号码', '现金', '购物卡（元）', '合计（元）'], [[300, 200, 500], [300, null, 300]]);
    expect(rows(card.p)).toEqual([['error', 'row_total_mismatch', 30_000, null], ['ok', '', 30_000, null]]);
    expect(card.p.rows[0]!.reasons[0]!.message).toBe('E列（合计（元））：本行合计 500元，导入的金额是 300元，差额 200元 正是D列（购物卡（元））的数，该列没有导入；请在列对应中对应它（如“慰问品金额”），或在预览中改正金额');
    // The same figure of two years stays the later one, without a word.
    const years = await run(['姓名', '身份证号码', '2016年救助金额', '2017年救助金额'], [[500, 600], [500, 600]]);
    expect(rows(years.p)).toEqual([['ok', '', 60_000, null], ['ok', '', 60_000, null]]);
    // What the worker spent or was reimbursed is no money paid, nor left out: 住院费用 | 医保报销金额 | 自付金额 | 救助金额.
    const medical = await run(['姓名', '身份证号码', '住院费用（元）', '医保报销金额', '自付金额', '救助金额'], [[20000, 12000, 8000, 3000], [10000, 6000, 4000, 2000]]);
    expect(fields(medical.p)).toEqual(['name', 'idNumber', null, null, null, 'amount']);
    expect(rows(medical.p)).toEqual([['ok', '', 300_000, null], ['ok', '', 200_000, null]]);
  });

  it('raises no alarm on ordinary rosters: a bill’s columns, reference figures, a cost group’s 合计, the latest year, goods past a 规格 column', async () => {
    const ids = [id('19750312', 2, false), id('19800101', 951, true)];
    const read = async (header: string[], rows: (string | number | null)[][], title: string[][] = []) => {
      const p = await preview(tempLedger(), await simpleXlsx({ S: [...title, ['姓名', '身份证号码', ...header], ...rows.map((r, i) => [`人${'甲乙'[i]}`, ids[i]!, ...r])] }), 'plain.xlsx');
      return { fields: p.sheets[0]!.columns.slice(2).map((c) => c.field), rows: p.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(','), r.amountFen, r.goodsFen]) };
    };
    const ok = (fen: number, goods: number | null = null) => [['ok', '', fen, goods], ['ok', '', fen, goods]];
    // 总金额 of a hospital bill | 报销 | 自付 | 救助金额: only the relief is paid.
    expect(await read(['总金额', '报销金额', '自付金额', '救助金额'], [[30000, 22000, 5000, 3000], [30000, 22000, 5000, 3000]])).toEqual({ fields: [null, null, null, 'amount'], rows: ok(300_000) });
    expect((await read(['医保报销金额', '救助金额（元）', '个人负担金额（元）'], [[6000, 3000, 4000], [6000, 3000, 4000]])).rows).toEqual(ok(300_000));
    expect((await read(['本次救助金额（元）', '年度累计救助金额（元）'], [[2000, 5000], [2000, 5000]])).rows).toEqual(ok(200_000));
    expect((await read(['享受低保金额（元）', '慰问金额（元）'], [[620, 500], [620, 500]])).rows).toEqual(ok(50_000));
    expect((await read(['学费金额（元）', '资助金额（元）'], [[5000, 2000], [5000, 2000]])).rows).toEqual(ok(200_000));
    // 2024年 | 2023年: the latest year, wherever its column stands.
    expect((await read(['2024年慰问金额（元）', '2023年慰问金额（元）'], [[600, 500], [600, 500]])).rows).toEqual(ok(60_000));
    // A 合计 of a group of costs (住院医疗费用 over 合计 | 统筹报销 | 个人自付) is no total of what is paid.
    const group = await preview(tempLedger(), await simpleXlsx({ S: [
      ['姓名', '身份证号码', '住院医疗费用（元）', null, null, '救助金额（元）'], [null, null, '合计', '统筹报销', '个人自付', null],
      ['人甲', ids[0]!, 30000, 20000, 10000, 3000], ['人乙', ids[1]!, 30000, 20000, 10000, 3000],
    ] }, { S: ['A1:A2', 'B1:B2', 'C1:E1', 'F1:F2'] }), 'group.xlsx');
    expect(group.rows.map((r) => [r.status, r.amountFen])).toEqual([['ok', 300_000], ['ok', 300_000]]);
    // 慰问品 | 规格 | 价值（元） | 合计: the value past the 规格 column is the goods'.
    expect(await read(['慰问金（元）', '慰问品', '规格', '价值（元）', '合计（元）'], [[500, '大米', '10斤', 100, 600], [500, '食用油', '5升', 100, 600]]))
      .toEqual({ fields: ['amount', 'goods', null, 'goodsAmount', 'rowTotal'], rows: ok(50_000, 10_000) });
    // 帮扶资金（元） is the amount (no column was found); 慰问品（元） written 米油200元 is goods of 200 元 (it was an error).
    expect((await read(['帮扶资金（元）'], [[800], [800]])).rows).toEqual(ok(80_000));
    expect((await read(['慰问金（元）', '慰问品（元）', '合计（元）'], [[500, '米油200元', 700], [500, '米油200元', 700]])).rows).toEqual(ok(50_000, 20_000));
  });

  it('takes no payment date from a title that states a period, a deadline or a meeting; dates 1月20日 by the title’s year; keeps quiet about a date column no row fills', async () => {
    const ids = [id('19750312', 2, false), id('19800101', 951, true)];
    const titled = async (title: string) => /按标题中的日期 (\S+) 登记/.exec((await preview(tempLedger(), await simpleXlsx({ S: [[title], ['姓名', '身份证号码', '救助金额'], ['人甲', ids[0]!, 500]] }), 't.xlsx')).sheets[0]!.roleReason)?.[1] ?? null;
    expect(await titled('2024年医疗救助花名册（住院时间：2023年10月1日至2024年3月31日）')).toBeNull();
    expect(await titled('2024年春节走访慰问名单（2023年12月25日至2024年1月20日走访慰问）')).toBeNull();
    expect(await titled('困难职工救助金发放名单（截至2024年6月30日）')).toBeNull();
    expect(await titled('经县总工会2024年1月5日党组会议研究，发放慰问金如下')).toBeNull();
    expect(await titled('2024年春节送温暖慰问金发放花名册（2024年1月20日发放）')).toBe('2024-01-20');
    const p = await preview(tempLedger(), await simpleXlsx({ S: [['2024年春节送温暖花名册'], ['姓名', '身份证号码', '金额', '发放日期'], ['人甲', ids[0]!, 500, '元月20日'], ['人乙', ids[1]!, 500, '1月22日']] }), 'md.xlsx');
    expect(p.rows.map((r) => [r.status, r.paidOn, r.reasons[0]?.message])).toEqual([
      ['warn', '2024-01-20', 'D列（发放日期）：日期“元月20日”没有写年份，按标题中的 2024 年登记为 2024-01-20，请核对'],
      ['warn', '2024-01-22', 'D列（发放日期）：日期“1月22日”没有写年份，按标题中的 2024 年登记为 2024-01-22，请核对'],
    ]);
    // A 领取时间 column left blank on every row (to be written by hand at the payment): no warning on each row.
    const blank = await preview(tempLedger(), await simpleXlsx({ S: [['姓名', '身份证号码', '金额', '领取时间', '领取人签字'], ['人甲', ids[0]!, 500, null, null], ['人乙', ids[1]!, 500, null, null]] }), 'b.xlsx');
    expect([blank.rows.map((r) => r.status), blank.summary.defaultDateRows]).toEqual([['ok', 'ok'], 2]);
  });

  it('reads the goods’ value beside the goods, not as the cash (慰问金 | 慰问品 | 折合金额, and under a 慰问品 parent)', async () => {
    const ids = [id('19750312', 2, false), id('19800101', 951, true)];
    const read = async (sheet: (string | number | null)[][], merges: string[] = []) => {
      const p = await preview(tempLedger(), await simpleXlsx({ S: sheet }, { S: merges }), 'goods.xlsx');
      return { fields: p.sheets[0]!.columns.map((c) => c.field), rows: p.rows.map((r) => [r.status, r.amountFen, r.goodsFen, r.goodsDesc]) };
    };
    const expected = [['ok', 50_000, 15_000, '大米一袋'], ['ok', 50_000, 15_000, '食用油']];
    const flat = await read([['姓名', '身份证号码', '慰问金', '慰问品', '折合金额'], ['人甲', ids[0]!, 500, '大米一袋', 150], ['人乙', ids[1]!, 500, '食用油', 150]]);
    expect(flat).toEqual({ fields: ['name', 'idNumber', 'amount', 'goods', 'goodsAmount'], rows: expected });
    const plain = await read([['姓名', '身份证号码', '发放金额', '慰问品', '金额'], ['人甲', ids[0]!, 500, '大米一袋', 150], ['人乙', ids[1]!, 500, '食用油', 150]]);
    expect(plain.fields).toEqual(['name', 'idNumber', 'amount', 'goods', 'goodsAmount']);
    const value = await read([['姓名', '身份证号码', '慰问金额', '慰问品名称', '价值（元）'], ['人甲', ids[0]!, 500, '大米一袋', 150], ['人乙', ids[1]!, 500, '食用油', 150]]);
    expect(value).toEqual({ fields: ['name', 'idNumber', 'amount', 'goods', 'goodsAmount'], rows: expected });
    const grouped = await read([['姓名', '身份证号码', '慰问金', '慰问品', null], [null, null, null, '品名', '折合金额'], ['人甲', ids[0]!, 500, '大米一袋', 150], ['人乙', ids[1]!, 500, '食用油', 150]], ['A1:A2', 'B1:B2', 'C1:C2', 'D1:E1']);
    expect(grouped).toEqual({ fields: ['name', 'idNumber', 'amount', 'goods', 'goodsAmount'], rows: expected });
    // Several goods under one parent: each into the description (the second was dropped), a 数量 with its name.
    const counts = await read([['姓名', '身份证号码', '慰问金', '慰问品', null], [null, null, null, '大米（袋）', '食用油（桶）'], ['人甲', ids[0]!, 500, 1, 2], ['人乙', ids[1]!, 500, 1, null]], ['A1:A2', 'B1:B2', 'C1:C2', 'D1:E1']);
    expect(counts.rows.map((r) => r[3])).toEqual(['大米1袋、食用油2桶', '大米1袋']);
    const named = await read([['姓名', '身份证号码', '慰问金', '慰问品', null, null], [null, null, null, '品名', '数量', '金额'], ['人甲', ids[0]!, 500, '大米', 2, 150], ['人乙', ids[1]!, 500, '食用油', 1, 150]], ['A1:A2', 'B1:B2', 'C1:C2', 'D1:F1']);
    expect(named.rows).toEqual([['ok', 50_000, 15_000, '大米×2'], ['ok', 50_000, 15_000, '食用油×1']]);
  });

  it('skips example, void and unlabelled sum rows, and a group subtotal; reads the column under a header merged across two', async () => {
    const p = await preview(tempLedger(), await simpleXlsx({ S: [
      ['序号', '姓名', '身份证号码', '金额', null, '备注'],
      ['例', '张三', id('19700101', 11, true), null, 500, '填写示例'],
      [1, '王芳', id('19750312', 2, false), null, 500, null],
      [2, '李丽', id('19750312', 4, false), null, 600, '已去世，不发'],
      [3, '赵敏', id('19720909', 44, false), null, 600, null],
      [null, '县水泥厂（2人）', null, null, 1100, null],
      [null, null, null, null, 1100, null],
      [null, '以下空白', null, null, null, null],
    ] }, { S: ['D1:E1'] }), 'rows.xlsx');
    // A person's household size after the name is no group subtotal.
    const household = await preview(tempLedger(), await simpleXlsx({ S: [['姓名', '金额'], ['王芳', 500], ['李丽（2人）', 600]] }), 'size.xlsx');
    expect(household.rows.map((r) => [r.status, r.name, r.amountFen])).toEqual([['ok', '王芳', 50_000], ['ok', '李丽', 60_000]]);
    expect(previewToCliJson(p).sheets[0]!.columns).toEqual({ A: 'seq', B: 'name', C: 'idNumber', E: 'amount', F: 'note' });
    expect(p.rows.map((r) => [r.row, r.status, r.reasons.map((x) => x.code).join(','), r.amountFen])).toEqual([
      [2, 'skip', 'note_row', null], [3, 'ok', '', 50_000], [4, 'skip', 'void_row', null], [5, 'ok', '', 60_000],
      [6, 'skip', 'total_row', 110_000], [7, 'skip', 'total_row', 110_000], [8, 'skip', 'note_row', null],
    ]);
  });

  it('holds name cells that are no name: an Excel error, a placeholder, an ID, two names on two lines; drops marks after a name', async () => {
    const p = await preview(tempLedger(), await simpleXlsx({ S: [
      ['姓名', '身份证号码', '金额'],
      ['#REF!', id('19750312', 2, false), 600], ['待定', null, 600], [`张三${id('19700101', 11, true)}`, null, 600], ['张三\n李四', id('19750312', 4, false), 600],
      ['王芳*', id('19720909', 44, false), 600],
    ] }), 'names2.xlsx');
    expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(','), r.name])).toEqual([
      ['error', 'name_unreadable', '#REF!'], ['error', 'name_unreadable', '待定'], ['error', 'name_unreadable', `张三${id('19700101', 11, true)}`],
      ['error', 'name_unreadable', '张三李四'], ['ok', '', '王芳'],
    ]);
  });

  it('pays a parent once per child on a student roster; a plain 姓名 beside 父/母姓名 on a school roster is the student', async () => {
    const parent = id('19700101', 11, true);
    const p = await preview(tempLedger(), await simpleXlsx({ S: [
      ['序号', '职工姓名', '身份证号码', '子女姓名', '录取院校', '助学金（元）'], [1, '张三', parent, '张大明', '云南大学', 3000], [2, '张三', parent, '张小明', '昆明理工大学', 3000],
    ] }), 'children.xlsx');
    expect(p.rows.map((r) => r.status)).toEqual(['ok', 'ok']);
    const q = await preview(tempLedger(), await simpleXlsx({ S: [['姓名', '身份证号', '学校', '年级', '父/母姓名', '金额'], ['张大明', null, '一中', '高三', '张三', 1000]] }), 'school.xlsx');
    expect(previewToCliJson(q).sheets[0]!.columns).toMatchObject({ A: 'studentName', E: 'name', F: 'amount' });
    expect(q.rows.map((r) => [r.status, r.name])).toEqual([['ok', '张三']]);
  });

  it('reads a card number Excel cut as lost (also as E+ text) and still pays by bank; goods counted in 份 are no money; 性别 as 1/2, 女士, ♂', async () => {
    const ids = [id('19750312', 2, false), id('19800101', 951, true), id('19720909', 44, false), id('19660606', 62, false)];
    const ledger = tempLedger();
    const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'SWN', name: '2024年春节送温暖', year: 2024, kind: '送温暖' }));
    const session = createImportSession(await parseImportBytes(await simpleXlsx({ S: [
      ['姓名', '性别', '身份证号码', '金额', '慰问品（份）', '银行卡号', '联系电话'],
      ['王芳', 2, ids[0]!, 500, 1, 6228480402564890000], ['李强', '1', ids[1]!, 500, 2, '6.22848E+18'], ['赵敏', '女职工', ids[2]!, 500, null, '=6228480402564890018', 13812345678],
      ['孙丽', '未知', ids[3]!, 500, null, null, '1.38123E+10'],
    ] }), 'bank.xlsx'));
    const p = previewImport(ledger, session, { programId, paidOn: '2024-01-20' });
    expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(','), r.gender, r.goodsFen, r.goodsDesc])).toEqual([
      ['warn', 'bank_account_lost', '女', null, '1份'], ['warn', 'bank_account_lost', '男', null, '2份'], ['ok', '', '女', null, null], ['warn', 'gender_unreadable,phone_lost', '女', null, null],
    ]);
    expect(p.rows.map((r) => r.phone)).toEqual([null, null, '13812345678', null]);
    expect(p.rows[1]!.reasons[0]!.message).toMatch(/银行卡号“6\.22848E\+18”是被 Excel 截断的科学计数法，后几位已丢失，未导入卡号/);
    expect(p.rows[3]!.reasons[0]!.message).toMatch(/性别“未知”无法识别（应为“男”或“女”），按身份证号登记/);
    commitImport(ledger, session, {});
    expect(ledger.db.prepare('SELECT method, goods_fen, goods_desc, note FROM payments ORDER BY id').all()).toEqual([
      { method: '银行转账', goods_fen: 0, goods_desc: '1份', note: null }, { method: '银行转账', goods_fen: 0, goods_desc: '2份', note: null },
      { method: '银行转账', goods_fen: 0, goods_desc: null, note: '银行卡号：6228480402564890018' }, { method: '现金', goods_fen: 0, goods_desc: null, note: null },
    ]);
  });

  it('holds a parent’s second child over the yearly cap in the preview, and the ledger agrees with the preview after the commit', async () => {
    const parent = id('19700101', 11, true);
    const roster = await simpleXlsx({ S: [
      ['序号', '家长姓名', '家长身份证号', '学生姓名', '录取院校', '助学金（元）'], [1, '张三', parent, '张大明', '云南大学', 3000], [2, '张三', parent, '张小明', '昆明理工大学', 3000],
      [3, '李四', id('19710202', 22, true), '李小红', '云南大学', 3000],
    ] });
    // Once per person in the program (the default) and 5,000 元 a year: the second child's 3,000 is over the cap.
    const ledger = tempLedger();
    const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'JQ', name: '2024年金秋助学', year: 2024, kind: '金秋助学', rules: [
      { kind: 'once_per_person_program', amountFen: null, category: null, scope: 'program', otherProgramId: null, severity: 'error' },
      { kind: 'max_cash_per_person_year', amountFen: 500_000, category: null, scope: 'all', otherProgramId: null, severity: 'error' },
    ] }));
    const session = createImportSession(await parseImportBytes(roster, 'jq.xlsx'));
    const p = previewImport(ledger, session, { programId, paidOn: '2024-08-20' });
    expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.message).join('')])).toEqual([
      ['ok', ''], ['error', '2024年度所有项目中已累计救助3,000元，再发3,000元将超过5,000元上限'], ['ok', ''],
    ]);
    // Without the cap both children are paid, and the ledger's own rules find nothing wrong with them (it said 不得重复发放).
    const other = tempLedger();
    const pid = other.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'JQ', name: '2024年金秋助学', year: 2024, kind: '金秋助学' }));
    const both = createImportSession(await parseImportBytes(roster, 'jq.xlsx'));
    expect(previewImport(other, both, { programId: pid, paidOn: '2024-08-20' }).rows.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
    commitImport(other, both, {});
    expect(other.db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(3);
    expect(other.db.prepare('SELECT code, message FROM payment_issues').all()).toEqual([]);
  });

  it('reads a county-level honour as 县级 when a 市 is named beside the 县', () => {
    expect(['县（市、区）级', '县(市)级', '市县级', '州市级', '昆明市劳动模范', '省部级', '全国劳动模范'].map(honourLevelOf)).toEqual(['县级', '县级', '县级', '州市级', '州市级', '省部级', '全国']);
    // The place that awarded a title is the last one named (helper 41's sweep: 云南省玉溪市 was 省部级, 玉溪市红塔区 州市级).
    expect(['云南省玉溪市劳动模范', '云南省华宁县劳动模范', '玉溪市红塔区劳动模范', '云南省劳动模范', '西双版纳傣族自治州劳动模范', '内蒙古自治区劳动模范', '全国铁路系统劳动模范', '省级劳动模范', '地市级', '先进工作者'].map(honourLevelOf))
      .toEqual(['州市级', '县级', '县级', '省部级', '州市级', '省部级', '省部级', '省部级', '州市级', null]);
    // A remark in brackets says nothing of the level; several honours: the highest; a ministry's or a national company's (helper 44).
    expect(['云南省劳动模范（玉溪市推荐）', '云南省劳动模范、玉溪市劳动模范', '玉溪市劳动模范；华宁县劳动模范', '铁道部劳动模范', '国家电网公司劳动模范', '云南省电力公司劳动模范'].map(honourLevelOf))
      .toEqual(['省部级', '省部级', '州市级', '省部级', '省部级', '省部级']);
    // A level in brackets is read; a company's or a department's own title names none (helper 46).
    // A bracketed remark naming 省, 全国 or a 级 says nothing of the level (helper 48: they made a city's model worker 省部级 or 全国);
    // a bracket holding a place alone names who awarded it; 南方电网 is a national company.
    expect(['玉溪市劳动模范（省总工会推荐）', '华宁县劳动模范（经省总审核）', '玉溪市先进工作者（全国总工会推荐）', '华宁县劳动模范（国家级贫困县）', '玉溪市劳动模范（部级企业）',
      '劳动模范（玉溪市）', '劳动模范（红河州）', '劳动模范（华宁县）', '劳模（县）', '中国南方电网公司劳动模范', '劳动模范（安宁市）', '云南省劳动模范（玉溪市）'].map(honourLevelOf))
      .toEqual(['州市级', '县级', '州市级', '县级', '州市级', '州市级', '州市级', '县级', '县级', '省部级', '县级', '省部级']);
    // Remarks in any brackets or after a comma, words that hold 市 or 区 without naming a place, a bracket of a year and a
    // level, and titles with 原 or a year before them (helper 49).
    expect(['玉溪市先进工作者〔全国总工会推荐〕', '玉溪市劳动模范【省总工会推荐】', '玉溪市劳动模范，省总工会推荐', '市场监管局先进工作者', '社区优秀工作者', '潞西市劳动模范',
      '原铁道部劳动模范', '2005年南方电网劳动模范', '劳动模范（2010年，省级）', '劳动模范（全国，2000年）', '昆明安宁市劳动模范', '劳动模范【安宁市】'].map(honourLevelOf))
      .toEqual(['州市级', '州市级', '州市级', null, null, '县级', '省部级', '省部级', '省部级', '全国', '县级', '县级']);
    // Helper 52: 市民政局, 市政府, 县城关镇 name their places.
    expect(['玉溪市民政局先进工作者', '昆明市政府先进工作者', '华宁县城关镇劳动模范'].map(honourLevelOf)).toEqual(['州市级', '州市级', '县级']);
    // Helper 54: a county's 市政 / 市民 / 城市 bodies are the county's.
    expect(['华宁县市政管理所先进工作者', '华宁县优秀市民', '红塔区市政工程公司劳动模范', '华宁县市民服务中心先进工作者', '华宁县城市管理局先进工作者'].map(honourLevelOf))
      .toEqual(['县级', '县级', '县级', '县级', '县级']);
    // Helper 56: cities named …城, and the city's 民族 / 民宗 bodies.
    expect(['江苏省盐城市劳动模范', '山西省晋城市劳动模范', '玉溪市民族中学优秀教师', '玉溪市民宗局先进工作者'].map(honourLevelOf)).toEqual(['州市级', '州市级', '州市级', '州市级']);
    // Helper 58: a county's 城市… bodies are the county's; a city named …城 keeps its 市 before 建设 / 环境 / 规划; 市民营 is the city's.
    expect(['华宁县城市信用社先进工作者', '华宁县城市供水公司劳动模范', '红塔区城市公交公司先进工作者', '江苏省盐城市建设局先进工作者', '山西省晋城市环境保护局先进工作者',
      '盐城市规划局先进工作者', '晋城市城市管理局先进工作者', '玉溪市城市建设投资公司劳动模范', '玉溪市民营企业优秀建设者', '城市信用社先进工作者'].map(honourLevelOf))
      .toEqual(['县级', '县级', '县级', '州市级', '州市级', '州市级', '州市级', '州市级', '州市级', null]);
    // Helper 60: 城市 after a province's or the country's bare name is the word (no level to tell); helper 62: after a city's
    // bare name it is that city's (玉溪城市管理局); helper 64: not before a college's name (昆明城市学院 is a college, its
    // 优秀教师 its own title, no level: it was 州市级), and 楚雄城市管理局 is 楚雄市's, a county-level city (楚雄市劳动模范
    // is 县级 below; the prefecture is 楚雄州): it was 州市级.
    expect(['云南城市建设职业学院先进工作者', '中国城市规划设计研究院先进工作者', '昆明城市学院优秀教师', '吉林省白城市劳动模范', '河南省城市建设系统先进工作者', '玉溪城市管理局先进工作者', '楚雄城市管理局先进工作者', '重庆城市管理职业学院优秀教师'].map(honourLevelOf))
      .toEqual([null, null, null, '州市级', '省部级', '州市级', '县级', null]);
    // Helper 64: a 直辖市's bare name before 城市 is the municipality (北京城市管理委员会: 北京城 was taken for the city, 州市级);
    // 城市 before a university, an institute, a company or a group is the word, as after a province's name (each was 州市级).
    expect(['北京城市管理委员会先进工作者', '上海城市建设设计研究院先进工作者', '天津城市建设大学优秀教师', '大理城市建设投资公司先进工作者', '红河城市建设集团先进工作者'].map(honourLevelOf))
      .toEqual(['省部级', null, null, null, null]);
    expect(['曲靖城市管理局先进工作者', '昆明城市管理综合行政执法局先进工作者', '北京市城市管理委员会先进工作者', '华宁县城市信用社先进工作者', '江苏省盐城市建设投资公司劳动模范', '盐城市建设集团劳动模范'].map(honourLevelOf))
      .toEqual(['州市级', '州市级', '省部级', '县级', '州市级', '州市级']);
    // Helper 64: a county-level city's or a county's bare name before 城市 is its own (弥勒城 was taken for the city, not in
    // the county-level list: 州市级). 楚雄州's bodies are named with 州 (楚雄州城市管理局); 楚雄城市管理局 is 楚雄市's.
    expect(['弥勒城市管理局先进工作者', '安宁城市管理局先进工作者', '个旧城市管理局先进工作者', '蒙自城市管理局先进工作者', '通海城市管理局先进工作者', '华宁城市管理所先进工作者',
      '易门城市管理局先进工作者', '大理城市管理局先进工作者', '楚雄州城市管理局先进工作者', '通海县劳动模范', '玉溪市通海县城市管理局先进工作者', '通海城市建设投资公司先进工作者'].map(honourLevelOf))
      .toEqual(['县级', '县级', '县级', '县级', '县级', '县级', '县级', '县级', '州市级', '县级', '县级', null]);
    // A county-level city's honour is a county's; a 直辖市's is a province's (both were 州市级).
    expect(['安宁市劳动模范', '云南省宣威市劳动模范', '楚雄州楚雄市劳动模范', '景洪市劳动模范', '芒市劳动模范', '北京市劳动模范', '重庆市先进工作者', '北京市朝阳区劳动模范', '昆明市劳动模范', '楚雄州劳动模范', '玉溪市劳动模范、安宁市劳动模范'].map(honourLevelOf))
      .toEqual(['县级', '县级', '县级', '县级', '县级', '省部级', '省部级', '县级', '州市级', '州市级', '州市级']);
    expect(['地（州、市）级', '（省部级）', '劳动模范（省级）', '劳动模范（云南省）', '(州市级)', '（县级）', '红塔集团劳动模范', '云南建投集团劳动模范', '生产部先进工作者'].map(honourLevelOf))
      .toEqual(['州市级', '省部级', '省部级', '省部级', '州市级', '县级', null, null, null]);
  });

  it('reads 城市 as the word only before a school’s, a company’s or an institute’s own name, not one named after the bureau (helper 67)', () => {
    // A school or a company named after 局 / 委 is another body: the title is the city's (the first was unknown, warned).
    expect(['玉溪城市管理局学校安全先进个人', '昆明城市管理局所属公司先进个人', '曲靖城市建设局投资公司先进工作者', '北京城市管理委员会学校安全先进个人'].map(honourLevelOf))
      .toEqual(['州市级', '州市级', '州市级', '省部级']);
    // Unchanged: 城市 before a school's, a company's or an institute's own name is the word, no level.
    expect(['昆明城市学院优秀教师', '大理城市建设投资公司先进工作者', '上海城市规划研究所先进工作者', '重庆城市管理职业学院优秀教师', '玉溪城市管理局先进工作者'].map(honourLevelOf))
      .toEqual([null, null, null, null, '州市级']);
  });

  it('reads a bare county’s name of 红河州 or 昆明 before 城市 as the county’s (helper 71)', () => {
    // Each was 州市级 (only 玉溪's counties were listed).
    expect(['建水城市管理局先进工作者', '建水城市管理局优秀公务员', '石屏城市管理局先进工作者', '泸西城市管理局先进工作者', '石林城市管理局先进工作者', '晋宁城市管理局先进工作者',
      '元阳城市管理局先进工作者', '官渡城市管理局先进工作者', '呈贡城市管理局先进工作者', '寻甸城市管理局先进工作者', '河口城市管理局先进工作者'].map(honourLevelOf))
      .toEqual(['县级', '县级', '县级', '县级', '县级', '县级', '县级', '县级', '县级', '县级', '县级']);
    // Unchanged: 红河 bare is the prefecture's (红河州), a company's 城市 the word, a county-level city's and a prefecture's as before.
    expect(['红河城市管理局先进工作者', '红河城市建设集团先进工作者', '建水城市建设投资公司先进工作者', '红河州城市管理局先进工作者', '弥勒市城市管理局先进工作者', '通海县城市建设局先进工作者',
      '昆明城市管理局先进工作者', '建水县劳动模范'].map(honourLevelOf))
      .toEqual(['州市级', null, null, '州市级', '县级', '县级', '州市级', '县级']);
  });

  it('holds the rows of a second table whose columns are elsewhere; reads the left of two rosters side by side with its own amount, saying so', async () => {
    const a = id('19750312', 2, false);
    const b = id('19750312', 4, false);
    const p = await preview(tempLedger(), await simpleXlsx({ S: [
      ['序号', '姓名', '身份证号码', '金额'], [1, '王芳', a, 500],
      ['序号', '姓名', '家庭人口', '身份证号码', '金额'], [1, '李丽', 3, b, 600],
    ] }), 'two.xlsx');
    // The second table's row: held first of all as another table's (its cells read with the wrong columns say more).
    expect(p.rows.map((r) => [r.row, r.status, r.reasons[0]?.code ?? ''])).toEqual([[2, 'ok', ''], [3, 'skip', 'note_row'], [4, 'error', 'other_table']]);
    const side = await preview(tempLedger(), await simpleXlsx({ S: [
      ['姓名', '身份证号码', '金额', null, '姓名', '身份证号码', '金额'], ['王芳', a, 500, null, '李丽', b, 900],
    ] }), 'side.xlsx');
    expect(previewToCliJson(side).sheets[0]!.columns).toEqual({ A: 'name', B: 'idNumber', C: 'amount' });
    expect(side.rows.map((r) => [r.name, r.amountFen])).toEqual([['王芳', 50_000]]);
    expect(side.sheets[0]!.roleReason).toMatch(/可能左右并排两张名单/);
  });

  it('says an ID cell holds an Excel error, and reads a last × as X', async () => {
    const x = idEndingInX();
    const p = await preview(tempLedger(), await simpleXlsx({ S: [['姓名', '身份证号码', '金额'], ['王芳', '#N/A', 500], ['李丽', `${x.slice(0, 17)}×`, 500]] }), 'ids.xlsx');
    expect(p.rows.map((r) => [r.status, r.reasons.map((c) => c.code).join(','), r.idNumber])).toEqual([['error', 'id_format', '#N/A'], ['ok', '', x]]);
    expect(p.rows[0]!.reasons[0]!.message).toMatch(/Excel 的错误值“#N\/A”/);
  });

  it('takes a sheet of township totals with a 联系人姓名 column for a summary, not for payees', async () => {
    const p = await preview(tempLedger(), await simpleXlsx({
      城关镇: [['序号', '姓名', '身份证号码', '金额'], [1, '王芳', id('19750312', 2, false), 500]],
      Sheet2: [['乡镇', '联系人姓名', '联系电话', '人数', '金额'], ['城关镇', '赵红', '13800000000', 1, 500]],
    }), 'towns.xlsx');
    expect(p.sheets.map((x) => x.role)).toEqual(['payments', 'summary']);
    expect(p.summary.acceptedFen).toBe(50_000);
  });

  it('holds a name with characters the file’s encoding lost', async () => {
    const csv = iconv.encode('姓名,身份证号,金额\r\n王芳,' + id('19750312', 2, false) + ',500\r\n', 'gbk');
    const broken = Buffer.concat([csv.subarray(0, csv.indexOf(iconv.encode('王芳', 'gbk')) + 2), Buffer.from([0xff, 0xfe]), csv.subarray(csv.indexOf(iconv.encode('王芳', 'gbk')) + 4)]);
    const p = await preview(tempLedger(), broken, 'bad.csv');
    expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(',')])).toEqual([['error', 'name_unreadable']]);
    expect(p.rows[0]!.reasons[0]!.message).toMatch(/无法识别的字符/);
  });

  it('reads Excel’s “save as web page” .xls: a hidden row skipped, the exact x:num behind a rounded figure', async () => {
    const html = `<html xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table>
<tr><td>姓名</td><td>身份证号码</td><td>慰问金额</td></tr>
<tr><td>陈静</td><td>${id('19750312', 2, false)}</td><td x:num="1200.5">1,201</td></tr>
<tr height=0 style='display:none'><td>李强</td><td>${id('19800101', 951, true)}</td><td x:num>1000</td></tr>
<tr><td>张伟</td><td>${id('19720909', 44, false)}</td><td x:num="499.6">500</td></tr>
</table></body></html>`;
    const p = await preview(tempLedger(), Buffer.from(html), 'web.xls');
    expect(p.rows.map((r) => [r.row, r.status, r.reasons.map((x) => x.code).join(','), r.amountFen])).toEqual([[2, 'ok', '', 120_050], [3, 'skip', 'hidden_row', null], [4, 'ok', '', 49_960]]);
  });

  it('reads SpreadsheetML 2003 in GB2312, and a BIFF .xls in the 1904 date system with its error cells as Excel shows them', async () => {
    const xml = `<?xml version="1.0" encoding="gb2312"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="名单"><Table>
<Row><Cell><Data ss:Type="String">姓名</Data></Cell><Cell><Data ss:Type="String">身份证号码</Data></Cell><Cell><Data ss:Type="String">金额</Data></Cell></Row>
<Row><Cell><Data ss:Type="String">王芳</Data></Cell><Cell><Data ss:Type="String">${id('19750312', 2, false)}</Data></Cell><Cell><Data ss:Type="Number">500</Data></Cell></Row>
</Table></Worksheet></Workbook>`;
    const gb = await preview(tempLedger(), iconv.encode(xml, 'gb2312'), 'gb.xls');
    expect([gb.sheets[0]!.name, gb.rows.map((r) => [r.status, r.name, r.amountFen])]).toEqual(['名单', [['ok', '王芳', 50_000]]]);
    const ws = XLSX.utils.aoa_to_sheet([['姓名', '身份证号码', '金额', '发放日期'], ['王芳', id('19750312', 2, false), 500, 0], ['李丽', id('19750312', 4, false), 0, 0]]);
    // 2024-01-24 in the 1904 system is day 43853; the error #DIV/0! is code 0x07.
    ws['D2'] = { t: 'n', v: 43853, z: 'yyyy-mm-dd' };
    ws['D3'] = { t: 'n', v: 43853, z: 'yyyy-mm-dd' };
    ws['C3'] = { t: 'e', v: 0x07 };
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '名单');
    wb.Workbook = { WBProps: { date1904: true } };
    const xls = await preview(tempLedger(), XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }) as Buffer, '1904.xls');
    expect(xls.rows.map((r) => [r.status, r.paidOn])).toEqual([['ok', '2024-01-24'], ['error', '2024-01-24']]);
    expect(xls.rows[1]!.reasons[0]!.message).toMatch(/金额“#DIV\/0!”无法识别/);
  });

  it('stores one unit and one 人员类别 however the file writes them, a model-worker roster’s people as 劳动模范, a phone without its spaces', async () => {
    const ledger = tempLedger();
    const pid = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '项目', year: 2017, kind: '送温暖' }));
    const commit = async (sheets: Record<string, (string | number | null)[][]>) => {
      const session = createImportSession(await parseImportBytes(await simpleXlsx(sheets), 'u.xlsx'));
      previewImport(ledger, session, { programId: pid });
      return commitImport(ledger, session, { backup: false, force: true });
    };
    await commit({ S: [
      ['姓名', '身份证号码', '工作单位', '人员类别', '电话', '金额'],
      ['王芳', id('19750312', 2, false), '縣水泥廠', '困難職工', '139 0000 3333', 500],
      ['李丽', id('19750312', 4, false), '县水泥厂', '困难职工', null, 500],
      ['赵敏', id('19720909', 44, false), ' 县 水泥厂 ', '外来务工人员', null, 500],
    ] });
    await commit({ S: [['姓名', '身份证号码', '工作单位', '劳模称号', '荣誉级别', '金额'], ['陈杰', id('19660606', 55, true), '县机械厂', '省劳动模范', '省部级', 3000]] });
    expect(ledger.db.prepare('SELECT name FROM units ORDER BY id').pluck().all()).toEqual(['县水泥厂', '县机械厂']);
    expect(ledger.db.prepare('SELECT recipient_kind FROM payments ORDER BY id').pluck().all()).toEqual(['困难职工', '困难职工', '外来务工人员', '劳动模范']);
    expect(ledger.db.prepare("SELECT phone FROM people WHERE name = '王芳'").pluck().get()).toBe('13900003333');
    ledger.close();
  });

  it('skips a household’s members without money (与户主关系), also under an amount merged over the household', async () => {
    const rows = [
      ['序号', '姓名', '与户主关系', '身份证号码', '救助金额（元）'],
      [1, '张三', '户主', id('19700101', 11, true), 1000], [null, '王芳', '妻子', id('19750312', 2, false), null],
      [2, '李四', '户主', id('19800101', 951, true), 800], [null, '赵六', '配偶', id('19720909', 44, false), null],
    ];
    for (const merges of [[], ['E2:E3', 'E4:E5']]) {
      const p = await preview(tempLedger(), await simpleXlsx({ S: rows }, { S: merges }), 'household.xlsx');
      expect(p.rows.map((r) => [r.row, r.status, r.reasons.map((x) => x.code).join(','), r.amountFen])).toEqual([
        [2, 'ok', '', 100_000], [3, 'skip', 'note_row', null], [4, 'ok', '', 80_000], [5, 'skip', 'note_row', null],
      ]);
      expect(p.rows[1]!.reasons[0]!.message).toBe('家庭成员（妻子）：王芳，本行没有金额，不单独发放');
    }
  });

  it('reads payment dates typed as numbers (20170120, and 2017.1 or 2017.12 for a month) and a month alone as text, with a warning', async () => {
    const row = (name: string, seq: number, date: string | number): (string | number)[] => [name, id('19750312', seq, false), 600, date];
    const p = await preview(tempLedger(), await simpleXlsx({ S: [
      ['姓名', '身份证号码', '金额', '发放日期'],
      row('王芳', 2, 2017.1), row('李丽', 4, 2017.12), row('赵敏', 6, 20170120), row('孙红', 8, '2017年3月'), row('周玲', 10, '2017.1.20'), row('吴娟', 12, 2017),
      // 201701 (year and month) and 170120 (yymmdd) were read as Excel day numbers: the years 2451 and 2365; 1 was 1900-01-01.
      row('郑洁', 14, 201701), row('冯霞', 16, 170120), row('陈静', 18, 1), row('褚英', 20, 42755), row('卫兰', 22, '二〇一七年元月'), row('蒋梅', 24, '二〇一七年一月二十日'),
    ] }), 'dates.xlsx');
    expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(',')])).toEqual([
      ['warn', 'date_month_only'], ['warn', 'date_month_only'], ['ok', ''], ['warn', 'date_month_only'], ['ok', ''], ['error', 'date_unreadable'],
      ['warn', 'date_month_only'], ['ok', ''], ['error', 'date_unreadable'], ['ok', ''], ['warn', 'date_month_only'], ['ok', ''],
    ]);
    expect(p.rows.map((r) => r.status === 'error' ? null : r.paidOn)).toEqual([
      '2017-01-01', '2017-12-01', '2017-01-20', '2017-03-01', '2017-01-20', null, '2017-01-01', '2017-01-20', null, '2017-01-20', '2017-01-01', '2017-01-20',
    ]);
    expect(p.rows[0]!.reasons[0]!.message).toMatch(/日期“2017\.1”只写到月份，按 2017-01-01 导入/);
  });

  it('dates the rows without a date by the title’s payment date, warns of a blank date cell, and counts the rows given the default date', async () => {
    const ledger = tempLedger();
    const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'ZQ', name: '2024年中秋慰问', year: 2024, kind: '中秋慰问' }));
    const titled = createImportSession(await parseImportBytes(await simpleXlsx({ S: [
      ['2024年9月中秋慰问金发放花名册（2024年9月12日发放）'], ['填报日期：2024年9月1日'], ['姓名', '身份证号码', '金额'], ['王芳', id('19750312', 2, false), 500], ['李强', id('19800101', 951, true), 500],
    ] }, { S: ['A1:C1'] }), 'titled.xlsx'));
    const p = previewImport(ledger, titled, { programId });
    expect(p.rows.map((r) => [r.status, r.paidOn])).toEqual([['ok', '2024-09-12'], ['ok', '2024-09-12']]);
    expect(p.sheets[0]!.roleReason).toMatch(/没有写发放日期的行按标题中的日期 2024-09-12 登记/);
    expect(p.summary.defaultDateRows).toBe(0);
    // Only a month in the title, a 填报日期 line: no day is known; the rows get the default date, counted.
    const monthOnly = createImportSession(await parseImportBytes(await simpleXlsx({ S: [
      ['2024年9月中秋慰问金发放花名册'], ['填报日期：2024年9月1日'], ['姓名', '身份证号码', '金额', '发放日期'], ['王芳', id('19750312', 2, false), 500, '2024-09-10'], ['李强', id('19800101', 951, true), 500, null],
    ] }), 'month.xlsx'));
    const m = previewImport(ledger, monthOnly, { programId, paidOn: '2024-09-15' });
    expect(m.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(','), r.paidOn])).toEqual([['ok', '', '2024-09-10'], ['warn', 'date_missing', '2024-09-15']]);
    expect(m.rows[1]!.reasons[0]!.message).toBe('D列（发放日期）：发放日期为空，按本次导入的默认发放日期登记，请核对');
    expect([m.defaultPaidOn, m.summary.defaultDateRows]).toEqual(['2024-09-15', 1]);
    commitImport(ledger, monthOnly, {});
    expect(ledger.db.prepare('SELECT paid_on FROM payments ORDER BY id').pluck().all()).toEqual(['2024-09-10', '2024-09-15']);
  });

  it('checks a 汇总 sheet against its township sheets and their 合计, or against the units of a single roster', async () => {
    const person = (name: string, seq: number, unit: string, fen: number): (string | number)[] => [name, id('19750312', seq, false), unit, fen];
    const header = ['姓名', '身份证号码', '工作单位', '金额'];
    const townships = await preview(tempLedger(), await simpleXlsx({
      盘溪镇: [header, person('王芳', 2, '水泥厂', 500), person('李丽', 4, '水泥厂', 600)],
      华溪镇: [header, person('赵敏', 6, '糖厂', 700)],
      汇总: [['各乡镇汇总'], ['乡镇', '人数', '金额（元）'], ['盘溪镇', 2, 1100], ['華溪鎮工会', 2, 1200], ['合计', 4, 2300]],
    }), 'towns.xlsx');
    expect(townships.summary.statedTotals.filter((t) => t.sheet === '汇总').map(({ row, label, fen, computedFen, matches }) => [row, label, fen, computedFen, matches])).toEqual([
      [3, '盘溪镇（汇总表）', 110_000, 110_000, true], [4, '华溪镇工会（汇总表）', 120_000, 70_000, false], [5, '合计（汇总表）', 230_000, 180_000, false],
    ]);
    const units = await preview(tempLedger(), await simpleXlsx({
      花名册: [header, person('王芳', 2, '县水泥厂', 500), person('李丽', 4, '县水泥厂', 600), person('赵敏', 6, '县糖厂', 700)],
      统计: [['单位', '人数', '金额'], ['县水泥厂', 2, 1100], ['县糖厂', 1, 700]],
    }), 'units.xlsx');
    // Each line's 人数 too: 华溪镇 states 2 people where its sheet has 1 (and the 合计 4 where there are 3).
    expect(townships.summary.statedTotals.filter((t) => t.sheet === '汇总').map(({ people, computedPeople, peopleMatch }) => [people, computedPeople, peopleMatch])).toEqual([
      [2, 2, true], [2, 1, false], [4, 3, false],
    ]);
    expect(units.summary.statedTotals.map(({ label, matches }) => [label, matches])).toEqual([['县水泥厂（汇总表）', true], ['县糖厂（汇总表）', true]]);
    expect(units.summary.statedTotals.map(({ people, computedPeople, peopleMatch }) => [people, computedPeople, peopleMatch])).toEqual([[2, 2, true], [1, 1, true]]);
    // The money agrees and the 人数 does not (a row left off the roster, its money put on another's): said.
    const short = await preview(tempLedger(), await simpleXlsx({
      花名册: [header, person('王芳', 2, '县水泥厂', 1100), person('赵敏', 6, '县糖厂', 700)],
      统计: [['单位', '慰问人数', '金额'], ['县水泥厂', '2人', 1100], ['县糖厂', 1, 700], ['合计', 3, 1800]],
    }), 'short.xlsx');
    expect(short.summary.statedTotals.map(({ label, matches, people, computedPeople, peopleMatch }) => [label, matches, people, computedPeople, peopleMatch])).toEqual([
      ['县水泥厂（汇总表）', true, 2, 1, false], ['县糖厂（汇总表）', true, 1, 1, true], ['合计（汇总表）', true, 3, 2, false],
    ]);
    // No 人数 column (户数 and 人次 count otherwise): no 人数 is compared.
    const households = await preview(tempLedger(), await simpleXlsx({
      花名册: [header, person('王芳', 2, '县水泥厂', 500), person('赵敏', 6, '县糖厂', 700)],
      统计: [['单位', '户数', '人次', '金额'], ['县水泥厂', 5, 5, 500], ['县糖厂', 1, 1, 700]],
    }), 'households.xlsx');
    expect(households.summary.statedTotals.map((t) => [t.label, t.matches, t.people, t.peopleMatch])).toEqual([['县水泥厂（汇总表）', true, undefined, undefined], ['县糖厂（汇总表）', true, undefined, undefined]]);
    // A summary in 万元 to two decimals (0.11 万 for 1,090 元) agrees with its rosters (it was 不一致).
    const wan = await preview(tempLedger(), await simpleXlsx({
      花名册: [header, person('王芳', 2, '县水泥厂', 500), person('李丽', 4, '县水泥厂', 590), person('赵敏', 6, '县糖厂', 700)],
      统计: [['单位', '人数', '金额（万元）'], ['县水泥厂', 2, 0.11], ['县糖厂', 1, 0.07], ['合计', 3, 0.18]],
    }), 'wan.xlsx');
    expect(wan.summary.statedTotals.map(({ label, matches }) => [label, matches])).toEqual([['县水泥厂（汇总表）', true], ['县糖厂（汇总表）', true], ['合计（汇总表）', true]]);
    // A unit merged down over its breakdown (by 类别), with a 小计 line, or without one (its lines add up).
    const breakdown = await preview(tempLedger(), await simpleXlsx({
      花名册: [header, person('王芳', 2, '县水泥厂', 500), person('李丽', 4, '县水泥厂', 600), person('赵敏', 6, '县糖厂', 700), person('孙红', 8, '县糖厂', 300)],
      按单位汇总: [['单位', '类别', '人数', '金额'], ['县水泥厂', '特困', 1, 500], [null, '一般困难', 1, 600], [null, '小计', 2, 1100], ['县糖厂', '特困', 1, 700], [null, '一般困难', 1, 300], ['合计', null, 4, 2100]],
    }, { 按单位汇总: ['A2:A4', 'A5:A6'] }), 'breakdown.xlsx');
    expect(breakdown.summary.statedTotals.map(({ row, label, fen, matches }) => [row, label, fen, matches])).toEqual([
      [4, '县水泥厂（汇总表）', 110_000, true], [5, '县糖厂（汇总表）', 100_000, true], [7, '合计（汇总表）', 210_000, true],
    ]);
  });

  it('says which township a 汇总 line pays that the file has no sheet for, or a hidden one, and still checks the 合计', async () => {
    const person = (name: string, seq: number, fen: number): (string | number)[] => [name, id('19750312', seq, false), fen];
    const header = ['姓名', '身份证号码', '金额'];
    const summary = [['乡镇', '人数', '金额（元）'], ['宁州街道', 1, 600], ['盘溪镇', 1, 500], ['合计', 2, 1100]];
    const lone = await preview(tempLedger(), await simpleXlsx({ 宁州街道: [header, person('王芳', 2, 600)], 汇总: summary }), 'missing.xlsx');
    expect(lone.summary.statedTotals.map(({ row, label, fen, computedFen, matches, people, computedPeople }) => [row, label, fen, computedFen, matches, people, computedPeople])).toEqual([
      [2, '宁州街道（汇总表）', 60_000, 60_000, true, 1, 1],
      [3, '盘溪镇（汇总表；文件中没有这个单位的花名册）', 50_000, 0, false, 1, 0],
      [4, '合计（汇总表）', 110_000, 60_000, false, 2, 1],
    ]);
    const wb = new ExcelJS.Workbook();
    for (const [name, rows] of [['宁州街道', [header, person('王芳', 2, 600)]], ['盘溪镇', [header, person('李丽', 4, 500)]], ['汇总', summary]] as const) {
      const ws = wb.addWorksheet(name, name === '盘溪镇' ? { state: 'hidden' } : {});
      rows.forEach((r, i) => (ws.getRow(i + 1).values = [...r]));
    }
    // A summary whose own line above its header gives the unit (单位：万元): its 0.06 is 600 元.
    const inWan = await preview(tempLedger(), await simpleXlsx({ 宁州街道: [header, person('王芳', 2, 600)], 盘溪镇: [header, person('李丽', 4, 500)], 汇总: [['各乡镇汇总'], ['单位：万元'], ['乡镇', '金额'], ['宁州街道', 0.06], ['盘溪镇', 0.05], ['合计', 0.11]] }), 'wan-summary.xlsx');
    expect(inWan.summary.statedTotals.map((t) => [t.fen, t.computedFen, t.matches])).toEqual([[60_000, 60_000, true], [50_000, 50_000, true], [110_000, 110_000, true]]);
    // A line naming a roster sheet differently (盘溪镇 for a sheet named 盘溪, 宁州街道办事处 for 宁州街道) is not missing.
    const near = await preview(tempLedger(), await simpleXlsx({ 宁州街道: [header, person('王芳', 2, 600)], 盘溪: [header, person('李丽', 4, 500)], 汇总: [['乡镇', '金额'], ['宁州街道办事处', 600], ['盘溪镇', 500], ['合计', 1100]] }), 'near.xlsx');
    expect(near.summary.statedTotals.filter((t) => t.label.includes('没有')).map((t) => t.label)).toEqual([]);
    const hidden = await preview(tempLedger(), Buffer.from(await wb.xlsx.writeBuffer()), 'hidden.xlsx');
    expect(hidden.summary.statedTotals.map(({ label, computedFen, matches }) => [label, computedFen, matches])).toEqual([
      ['宁州街道（汇总表）', 60_000, true],
      ['盘溪镇（汇总表；工作表“盘溪镇”未导入：隐藏的工作表，未导入（如需导入请手动设为“花名册”））', 0, false],
      ['合计（汇总表）', 60_000, false],
    ]);
  });

  it('imports a lone roster named like a summary, and a unit sheet named 统计局; a 汇总 beside township sheets stays a summary', async () => {
    const person = (name: string, seq: number): (string | number)[] => [name, id('19750312', seq, false), 600];
    const lone = await preview(tempLedger(), await simpleXlsx({ 春节慰问金发放汇总: [['姓名', '身份证号码', '金额'], person('王芳', 2)] }), 'lone.xlsx');
    expect(lone.sheets.map((s) => s.role)).toEqual(['payments']);
    expect(lone.sheets[0]!.roleReason).toMatch(/没有别的发放名单/);
    expect(lone.summary.ok).toBe(1);
    const units = await preview(tempLedger(), await simpleXlsx({ 宁州镇: [['姓名', '身份证号码', '金额'], person('王芳', 2)], 县统计局: [['姓名', '身份证号码', '金额'], person('李丽', 4)] }), 'units.xlsx');
    expect(units.sheets.map((s) => s.role)).toEqual(['payments', 'payments']);
    const towns = await preview(tempLedger(), await simpleXlsx({ 宁州镇: [['姓名', '身份证号码', '金额'], person('王芳', 2)], 汇总: [['姓名', '身份证号码', '金额'], person('王芳', 2)] }), 'towns.xlsx');
    expect(towns.sheets.map((s) => s.role)).toEqual(['payments', 'summary']);
    expect(towns.summary.ok).toBe(1);
  });

  it('takes a head count where the name goes (共2人, 以上2人, 人数：2人, 总数) beside a figure for the rows’ total, never for a person', async () => {
    for (const label of ['共2人', '共 2 人', '以上2人', '计2人', '人数：2人', '2人', '全镇共2人', '本页共2人', '总数', '共计2人', '共两人', '以上二人', '共贰人']) {
      const p = await preview(tempLedger(), await simpleXlsx({ S: [
        ['序号', '姓名', '身份证号码', '金额'],
        [1, '王芳', id('19750312', 2, false), 600], [2, '李强', id('19800101', 3, true), 600],
        [null, label, null, 1200],
      ] }), 'count.xlsx');
      expect([label, ...p.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(','), r.amountFen])]).toEqual([label, ['ok', '', 60_000], ['ok', '', 60_000], ['skip', 'total_row', 120_000]]);
      expect(p.summary.acceptedFen).toBe(120_000);
      expect(p.summary.statedTotals.map((t) => [t.row, t.fen, t.computedFen, t.matches])).toEqual([[4, 120_000, 120_000, true]]);
    }
    // A numbered row is a payee, whatever its name cell says (a household with its size: 李强一家3人).
    const households = await preview(tempLedger(), await simpleXlsx({ S: [['序号', '户主姓名', '住址', '慰问金额'], [1, '王芳', '一村', 600], [2, '李强一家3人', '二村', 600], [3, '孙梅母女2人', '三村', 1200]] }), 'households.xlsx');
    expect(households.rows.map((r) => [r.status, r.name, r.amountFen])).toEqual([['ok', '王芳', 60_000], ['ok', '李强一家3人', 60_000], ['ok', '孙梅母女2人', 120_000]]);
    // A head count whose figure is not the rows' sum is compared and said; a name with a household size stays a person.
    const wrong = await preview(tempLedger(), await simpleXlsx({ S: [['姓名', '身份证号码', '金额'], ['王芳', id('19750312', 2, false), 600], ['李丽（2人）', id('19800101', 4, false), 600], ['共2人', null, 1000]] }), 'count2.xlsx');
    expect(wrong.rows.map((r) => [r.status, r.name, r.amountFen])).toEqual([['ok', '王芳', 60_000], ['ok', '李丽', 60_000], ['skip', null, 100_000]]);
    expect(wrong.summary.statedTotals.map((t) => [t.fen, t.computedFen, t.matches])).toEqual([[100_000, 120_000, false]]);
  });

  it('reads amounts in 万元 when a line above the header says so (单位：万元, 金额单位：万元), unless the header says 元; warns of an amount under 10 元', async () => {
    const rows = [[1, '王芳', id('19750312', 2, false), 0.06], [2, '李强', id('19800101', 3, true), 0.1]];
    const line = await preview(tempLedger(), await simpleXlsx({ S: [['华宁县2017年春节送温暖花名册'], [null, null, null, '单位：万元'], ['序号', '姓名', '身份证号码', '金额'], ...rows] }), 'wan.xlsx');
    expect(line.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(','), r.amountFen])).toEqual([['warn', 'amount_in_wan', 60_000], ['warn', 'amount_in_wan', 100_000]]);
    const title = await preview(tempLedger(), await simpleXlsx({ S: [['华宁县2017年春节送温暖花名册（金额单位：万元）'], ['序号', '姓名', '身份证号码', '金额'], ...rows] }), 'wan2.xlsx');
    expect(title.rows.map((r) => r.amountFen)).toEqual([60_000, 100_000]);
    // The header's own 元 is the unit; a 填报单位 line names no unit; both amounts are then flagged as too small.
    const yuan = await preview(tempLedger(), await simpleXlsx({ S: [['填报单位：华宁县总工会（单位：万元）'], ['序号', '姓名', '身份证号码', '金额（元）'], ...rows] }), 'yuan.xlsx');
    expect(yuan.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(','), r.amountFen])).toEqual([['warn', 'amount_small', 6], ['warn', 'amount_small', 10]]);
    expect(yuan.rows[0]!.reasons[0]!.message).toBe('D列（金额（元））：金额只有 0.06 元，不足 10 元，请核对（是否以万元为单位，或小数点位置有误）');
    // A unit named 千元村 and a funding line's own unit are not the form's; 金额（元/人） and 金额(￥) are in 元.
    for (const [line, header] of [['填报单位：千元村村民委员会', '金额'], ['资金来源：省总工会下拨（单位：万元）2', '金额'], ['单位：万元', '金额（元/人）'], ['单位：万元', '金额(￥)']]) {
      const own = await preview(tempLedger(), await simpleXlsx({ S: [[line], ['序号', '姓名', '身份证号码', header], [1, '王芳', id('19750312', 2, false), 600]] }), 'own.xlsx');
      expect([line, header, own.rows.map((r) => [r.status, r.amountFen])]).toEqual([line, header, [['ok', 60_000]]]);
    }
    const plain = await preview(tempLedger(), await simpleXlsx({ S: [['填报单位：华宁县总工会'], ['序号', '姓名', '身份证号码', '金额'], ...rows, [3, '张丽', id('19681122', 4, false), 9.99], [4, '赵军', id('19710701', 5, true), 10]] }), 'plain.xlsx');
    expect(plain.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(','), r.amountFen])).toEqual([
      ['warn', 'amount_small', 6], ['warn', 'amount_small', 10], ['warn', 'amount_small', 999], ['ok', '', 1000],
    ]);
  });

  it('reads a two-row header whose sub-headers say 其中：现金 | 其中：物资 under the amount, with its 合计 or 小计 first', async () => {
    for (const subs of [['小计', '其中：现金', '其中：物资'], ['合计', '其中：现金', '其中：物资'], ['小计', '其中:现金', '其中:慰问品折价']]) {
      const p = await preview(tempLedger(), await simpleXlsx({ S: [
        ['序号', '姓名', '身份证号码', '救助金额（元）', null, null, '签字'],
        [null, null, null, ...subs, null],
        [1, '王芳', id('19750312', 2, false), 800, 600, 200],
        [2, '李强', id('19800101', 3, true), 800, 600, 200],
      ] }, { S: ['A1:A2', 'B1:B2', 'C1:C2', 'D1:F1', 'G1:G2'] }), 'sub.xlsx');
      expect([subs.join('|'), p.sheets[0]!.headerRow, previewToCliJson(p).sheets[0]!.columns.E]).toEqual([subs.join('|'), 1, 'amount']);
      expect(p.rows.map((r) => [r.row, r.status, r.amountFen, r.goodsFen])).toEqual([[3, 'ok', 60_000, 20_000], [4, 'ok', 60_000, 20_000]]);
    }
  });

  it('reads a two-row header whose person columns sit under a group heading (领取人信息, 基本情况), the others merged down both rows', async () => {
    for (const group of ['领取人信息', '基本情况']) {
      const p = await preview(tempLedger(), await simpleXlsx({ S: [
        ['序号', group, null, null, '工作单位', '金额（元）', '备注'],
        [null, '姓名', '性别', '身份证号码', null, null, null],
        [1, '王芳', '女', id('19750312', 2, false), '水泥厂', 600, '特困'],
        [2, '李强', '男', id('19800101', 3, true), '供电局', 600, null],
      ] }, { S: ['A1:A2', 'B1:D1', 'E1:E2', 'F1:F2', 'G1:G2'] }), 'group.xlsx');
      expect([group, p.sheets[0]!.headerRow, previewToCliJson(p).sheets[0]!.columns]).toEqual([group, 1, { A: 'seq', B: 'name', C: 'gender', D: 'idNumber', E: 'unit', F: 'amount', G: 'note' }]);
      expect(p.rows.map((r) => [r.row, r.status, r.name, r.unit, r.amountFen, r.note])).toEqual([[3, 'ok', '王芳', '水泥厂', 60_000, '特困'], [4, 'ok', '李强', '供电局', 60_000, null]]);
    }
    // 年龄 and 民族 under 基本情况 are no 备注 (the heading reads like a note; it is a group).
    const ages = await preview(tempLedger(), await simpleXlsx({ S: [
      ['序号', '基本情况', null, null, null, '金额（元）', '备注'],
      [null, '姓名', '年龄', '民族', '身份证号码', null, null],
      [1, '王芳', 50, '汉', id('19750312', 2, false), 600, '特困'],
    ] }, { S: ['A1:A2', 'B1:E1', 'F1:F2', 'G1:G2'] }), 'ages.xlsx');
    expect(previewToCliJson(ages).sheets[0]!.columns).toEqual({ A: 'seq', B: 'name', E: 'idNumber', F: 'amount', G: 'note' });
    expect(ages.rows.map((r) => r.note)).toEqual(['特困']);
    // Under title lines, with the money split under its own group (发放金额 → 现金 | 慰问品折价): 工作单位 and 备注 are kept.
    const titled = await preview(tempLedger(), await simpleXlsx({ 花名册: [
      ['华宁县总工会2017年春节送温暖慰问金发放花名册'], ['填报单位：盘溪镇工会'], [],
      ['序号', '领取人信息', null, null, '工作单位', '发放金额（元）', null, '备注'],
      [null, '姓名', '性别', '身份证号码', null, '现金', '慰问品折价', null],
      [1, '王芳', '女', id('19750312', 2, false), '水泥厂', 600, 200, '特困'],
    ] }, { 花名册: ['A1:H1', 'A4:A5', 'B4:D4', 'E4:E5', 'F4:G4', 'H4:H5'] }), 'titled.xlsx');
    expect(titled.sheets[0]!.headerRow).toBe(4);
    expect(titled.rows.map((r) => [r.status, r.unit, r.amountFen, r.goodsFen, r.note])).toEqual([['ok', '水泥厂', 60_000, 20_000, '特困']]);
  });

  it('reads a month typed as a number by what its format shows: 2017.1 formatted 0.00 is 2017.10, October (.xlsx and BIFF .xls)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRows([['姓名', '身份证号码', '金额', '发放日期'], ['王芳', id('19750312', 2, false), 600, 2017.1], ['李强', id('19800101', 3, true), 600, 2017.1], ['张丽', id('19681122', 4, false), 2017.1, '2017-03-05']]);
    ws.getCell('D2').numFmt = '0.00';
    // An amount of the same figure formatted 0.00 is the same money.
    ws.getCell('C4').numFmt = '0.00';
    const p = await preview(tempLedger(), Buffer.from(await wb.xlsx.writeBuffer()), 'month.xlsx');
    expect(p.rows.map((r) => [r.status, r.paidOn, r.amountFen])).toEqual([['warn', '2017-10-01', 60_000], ['warn', '2017-01-01', 60_000], ['ok', '2017-03-05', 201_710]]);
    expect(p.rows[0]!.reasons[0]!.message).toMatch(/日期“2017\.10”只写到月份，按 2017-10-01 导入/);
    const sheet = XLSX.utils.aoa_to_sheet([['姓名', '身份证号码', '金额', '发放日期'], ['王芳', id('19750312', 2, false), 600, 0]]);
    sheet['D2'] = { t: 'n', v: 2017.1, z: '0.00' };
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, 'S');
    const xls = await preview(tempLedger(), XLSX.write(book, { type: 'buffer', bookType: 'biff8' }) as Buffer, 'month.xls');
    expect(xls.rows.map((r) => r.paidOn)).toEqual(['2017-10-01']);
    // Three decimals (2017.100) is no month written so: the number is read as before (January), with the warning.
    const three = new ExcelJS.Workbook();
    const ws3 = three.addWorksheet('S');
    ws3.addRows([['姓名', '身份证号码', '金额', '发放日期'], ['王芳', id('19750312', 2, false), 600, 2017.1]]);
    ws3.getCell('D2').numFmt = '0.000';
    const p3 = await preview(tempLedger(), Buffer.from(await three.xlsx.writeBuffer()), 'three.xlsx');
    expect(p3.rows.map((r) => [r.status, r.paidOn])).toEqual([['warn', '2017-01-01']]);
  });

  it('skips a 大写 line under the table; maps 受助学生; folds the dot of a minority name; reads an ID after a 身份证： label; holds 同上 under 姓名', async () => {
    const p = await preview(tempLedger(), await simpleXlsx({ S: [
      ['序号', '姓名', '身份证号码', '受助学生', '金额'],
      [1, '阿依古丽。买买提', id('19750312', 2, false), '买买提江', 500],
      [2, '李强', `身份证：${id('19800101', 3, true)}`, null, 500],
      [3, '同上', id('19681122', 4, false), null, 500],
      ['合计', null, null, null, 1500],
      ['大写：壹仟伍佰元整'],
      ['大写', '壹仟伍佰元整'],
    ] }), 'tail.xlsx');
    expect(previewToCliJson(p).sheets[0]!.columns).toEqual({ A: 'seq', B: 'name', C: 'idNumber', D: 'studentName', E: 'amount' });
    expect(p.rows.map((r) => [r.row, r.status, r.reasons.map((x) => x.code).join(','), r.name, r.idNumber, r.studentName])).toEqual([
      [2, 'ok', '', '阿依古丽·买买提', id('19750312', 2, false), '买买提江'],
      [3, 'ok', '', '李强', id('19800101', 3, true), null],
      [4, 'error', 'name_unreadable', '李强', id('19681122', 4, false), null],
      [5, 'skip', 'total_row', null, null, null],
      [6, 'skip', 'total_row', null, null, null],
      [7, 'skip', 'total_row', null, null, null],
    ]);
    expect(p.rows[2]!.reasons[0]!.message).toBe('B列（姓名）：姓名写的是“同上”（同上一行的“李强”），请写明姓名；同一人不应在本表领两次');
    // The 大写 lines are compared with the 合计 above them, in one cell or two.
    expect(p.summary.statedTotals.map(({ row, label, fen, computedFen, matches }) => [row, label, fen, computedFen, matches])).toEqual([
      [5, '合计', 150_000, 150_000, true], [6, '大写', 150_000, 150_000, true], [7, '大写', 150_000, 150_000, true],
    ]);
    expect(p.rows[4]!.reasons[0]!.message).toBe('金额大写行：大写 1,500元，与第 5 行合计一致');
  });

  it('compares a 大写 line in one cell with the 合计 above; group 合计s then a 总计; warns a payee below the 合计; says a nameless SUM disagrees (helper 48)', async () => {
    // 大写 in one cell disagreeing with the 合计 (it was a note, never compared).
    const capitals = await preview(tempLedger(), await simpleXlsx({ S: [
      ['姓名', '身份证号码', '金额'], ['王芳', id('19750312', 2, false), 600], ['李强', id('19800101', 3, true), 600], ['张伟', id('19681122', 4, false), 600],
      ['合计', null, 1800], ['大写：贰仟伍佰元整'],
    ] }), 'capitals.xlsx');
    expect(capitals.summary.statedTotals.map(({ label, fen, computedFen, matches }) => [label, fen, computedFen, matches])).toEqual([['合计', 180_000, 180_000, true], ['大写', 250_000, 180_000, false]]);
    expect(capitals.rows[4]!.reasons[0]!.message).toBe('金额大写行：大写写明 2,500元，但第 5 行合计为 1,800元，多 700元；请核对');
    // Helper 49: the 大写 in the 合计 row itself; 人民币（大写）, （大写）; a 大写 line with its 小写; 千 written for 仟.
    const three = [['姓名', '身份证号码', '金额'], ['王芳', id('19750312', 2, false), 600], ['李强', id('19800101', 3, true), 600], ['张伟', id('19681122', 4, false), 600]];
    const layouts: [string, (string | number | null)[][], [string, number, number, boolean][]][] = [
      ['in-row', [['合计', '大写：贰仟伍佰元整', 1800]], [['合计', 180_000, 180_000, true], ['大写', 250_000, 180_000, false]]],
      ['rmb', [['合计', null, 1800], ['人民币（大写）：叁仟元整']], [['合计', 180_000, 180_000, true], ['大写', 300_000, 180_000, false]]],
      ['bracket', [['合计', null, 1800], ['（大写）壹仟捌佰元整']], [['合计', 180_000, 180_000, true], ['大写', 180_000, 180_000, true]]],
      ['both', [['大写：叁仟元整', '小写：', 2500]], [['大写', 300_000, 180_000, false], ['小写', 250_000, 180_000, false]]],
      ['qian', [['合计', null, 1800], ['大写：贰千伍佰元整']], [['合计', 180_000, 180_000, true], ['大写', 250_000, 180_000, false]]],
    ];
    layouts.push(['before', [['合计', '贰仟伍佰元整（大写）', 1800]], [['合计', 180_000, 180_000, true], ['大写', 250_000, 180_000, false]]]);
    layouts.push(['empty', [['合计', '3人，每人陆佰元，大写：', 1800]], [['合计', 180_000, 180_000, true]]]);
    // Helper 58: （人民币大写） after the capitals; a remark of 每人陆佰元 after （大写） or 大写： is no total; capitals alone
    // where the name goes (合计 | 贰仟伍佰元整) are compared, and the row is no payee.
    layouts.push(['rmb-word', [['合计', '贰仟伍佰元整（人民币大写）', 1800]], [['合计', 180_000, 180_000, true], ['大写', 250_000, 180_000, false]]]);
    layouts.push(['before-then-remark', [['合计', '壹仟捌佰元整（大写）', 1800, '每人陆佰元']], [['合计', 180_000, 180_000, true]]]);
    layouts.push(['word-then-remark', [['合计', '大写：', 1800, '发放标准：每人陆佰元']], [['合计', 180_000, 180_000, true]]]);
    layouts.push(['remark-then-word', [['合计', '每人陆佰元', 1800, '大写：壹仟捌佰元整']], [['合计', 180_000, 180_000, true]]]);
    layouts.push(['name-cell', [['合计', '贰仟伍佰元整', 1800]], [['合计', 180_000, 180_000, true], ['大写', 250_000, 180_000, false]]]);
    // Helper 60: brackets after 大写 or round the capitals; a rate in 备注 (伍佰元) or where the name goes beside the total's
    // capitals is no 大写 of the total.
    layouts.push(['word-bracket-rmb', [['合计', '大写（人民币）：贰仟伍佰元整', 1800]], [['合计', 180_000, 180_000, true], ['大写', 250_000, 180_000, false]]]);
    layouts.push(['rmb-bracket-caps', [['合计', '大写：人民币（贰仟伍佰元整）', 1800]], [['合计', 180_000, 180_000, true], ['大写', 250_000, 180_000, false]]]);
    layouts.push(['rate-in-note', [['合计', '3人', 1800, '陆佰元']], [['合计', 180_000, 180_000, true]]]);
    layouts.push(['rate-then-caps', [['合计', '陆佰元', 1800, '壹仟捌佰元整']], [['合计', 180_000, 180_000, true]]]);
    // Helper 62: capitals ending 整 where the name goes are the total's, though another cell agrees with the figure.
    layouts.push(['name-caps-wrong', [['合计', '贰仟伍佰元整', 1800, '壹仟捌佰元整']], [['合计', 180_000, 180_000, true], ['大写', 250_000, 180_000, false]]]);
    for (const [name, tail, expected] of layouts) {
      const p = await preview(tempLedger(), await simpleXlsx({ S: [...three.map((r, i) => [...r, i === 0 ? '备注' : null]), ...tail] }), `${name}.xlsx`);
      expect(p.summary.statedTotals.map(({ label, fen, computedFen, matches }) => [label, fen, computedFen, matches]), name).toEqual(expected);
      // No total is taken for a payee (合计 | 贰仟伍佰元整 | 1800 was one, and the batch counted twice).
      expect([p.summary.ok + p.summary.warn, p.summary.acceptedFen], name).toEqual([3, 180_000]);
    }
    // Groups each closed by 合计, then 总计: each 合计 is its group's (the second was compared with both groups: 少 1,500元).
    const person = (n: number): (string | number)[] => [`职工${n}`, id('19750312', 2 * n, false), 500];
    const groups = await preview(tempLedger(), await simpleXlsx({ S: [
      ['姓名', '身份证号码', '金额'], person(1), person(2), person(3), ['合计', null, 1500], person(4), person(5), person(6), ['合计', null, 1500],
      person(7), person(8), person(9), ['合计', null, 1500], ['总计', null, 4500],
    ] }), 'groups.xlsx');
    expect(groups.summary.statedTotals.map(({ fen, computedFen, matches }) => [fen, computedFen, matches])).toEqual([
      [150_000, 150_000, true], [150_000, 150_000, true], [150_000, 150_000, true], [450_000, 450_000, true],
    ]);
    expect(groups.rows.every((r) => r.status !== 'warn')).toBe(true);
    // A payee under the 合计 (a late addition outside the total the union signed): warned (it was ok, the totals 一致).
    const below = await preview(tempLedger(), await simpleXlsx({ S: [
      ['姓名', '身份证号码', '金额'], person(1), person(2), ['合计', null, 1000], ['职工6', id('19750312', 12, false), 400], ['经办人：李四'],
    ] }), 'below.xlsx');
    expect(below.rows.map((r) => [r.row, r.status, r.reasons.map((x) => x.code).join(',')])).toEqual([
      [2, 'ok', ''], [3, 'ok', ''], [4, 'skip', 'total_row'], [5, 'warn', 'after_total'], [6, 'skip', 'footer_row'],
    ]);
    expect(below.rows[3]!.reasons[0]!.message).toBe('本行在第 4 行“合计”之后，不在报送单位写明的合计 1,000元 之内；请核对是否为后补的人员（确需发放的，请报送单位重新核定合计）');
    // A 合计 at the top, over the rows under it, warns none of them, and is compared with them (helper 49: with the rows
    // above, none: 多 1,000元); one that leaves a payee out says so.
    const top = await preview(tempLedger(), await simpleXlsx({ S: [['姓名', '身份证号码', '金额'], ['合计', null, 1000], person(1), person(2)] }), 'top.xlsx');
    expect(top.rows.filter((r) => r.status !== 'skip').map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(top.summary.statedTotals.map((t) => [t.fen, t.computedFen, t.matches])).toEqual([[100_000, 100_000, true]]);
    expect(top.rows[0]!.reasons[0]!.message).toBe('合计行（在各行上方）：写明 1,000元，与下方各行之和一致');
    const topShort = await preview(tempLedger(), await simpleXlsx({ S: [['姓名', '身份证号码', '金额'], ['合计', null, 1000], person(1), person(2), person(3)] }), 'top.xlsx');
    expect(topShort.summary.statedTotals.map((t) => [t.fen, t.computedFen, t.matches])).toEqual([[100_000, 150_000, false]]);
    // A SUM without its label that leaves a payee out: held as before, and said to be maybe a total.
    const nameless = await preview(tempLedger(), await simpleXlsx({ S: [['姓名', '身份证号码', '金额'], person(1), person(2), person(3), [null, null, 1000]] }), 'nameless.xlsx');
    expect(nameless.rows[3]!.reasons.map((x) => x.message)).toEqual(['A列（姓名）：缺少姓名；如这是未写“合计”的合计行：1,000元 与上方各行之和 1,500元 不一致，少 500元（求和范围可能漏掉了某行）']);
  });

  it('takes a 合计 with a rate in capitals where the name goes, and capitals alone on a line under it, for no payee (helper 64)', async () => {
    // 序号 | 姓名 | … as the county forms are laid out: 合计 in the 序号 column, the name column beside it.
    const head = [['序号', '姓名', '身份证号码', '金额', '备注'], [1, '王芳', id('19750312', 2, false), 500, null], [2, '李强', id('19800101', 3, true), 500, null], [3, '张伟', id('19681122', 4, false), 500, null]];
    const layouts: [string, (string | number | null)[][], [string, number, number, boolean][]][] = [
      // 合计 | 每人伍佰元整 | … | 1,500: a rate, no 大写 of the total (it was a payee 每人伍佰元整 paid 1,500, counted twice).
      ['rate-in-name', [['合计', '每人伍佰元整', null, 1500]], [['合计', 150_000, 150_000, true]]],
      // Capitals alone where the name goes under the 合计, with its figure or none: a 大写 line (a payee 人民币壹仟伍佰元整
      // paid 1,500, or one with no amount).
      ['rmb-caps-line', [['合计', null, null, 1500], [null, '人民币壹仟伍佰元整', null, 1500]], [['合计', 150_000, 150_000, true], ['大写', 150_000, 150_000, true], ['小写', 150_000, 150_000, true]]],
      ['caps-line', [['合计', null, null, 1500], [null, '壹仟贰佰元整']], [['合计', 150_000, 150_000, true], ['大写', 120_000, 150_000, false]]],
      ['caps-line-no-zheng', [['合计', null, null, 1500], [null, '壹仟贰佰元']], [['合计', 150_000, 150_000, true], ['大写', 120_000, 150_000, false]]],
    ];
    for (const [name, tail, expected] of layouts) {
      const p = await preview(tempLedger(), await simpleXlsx({ S: [...head, ...tail] }), `${name}.xlsx`);
      expect(p.summary.statedTotals.map(({ label, fen, computedFen, matches }) => [label, fen, computedFen, matches]), name).toEqual(expected);
      expect(p.rows.slice(3).map((r) => [r.status, r.reasons.map((x) => x.code).join(',')]), name).toEqual(tail.map(() => ['skip', 'total_row']));
      expect([p.summary.ok + p.summary.warn, p.summary.acceptedFen], name).toEqual([3, 150_000]);
    }
    // A name written with a capital numeral (陆元) on a numbered row is a payee, above the 合计 or under it.
    const named = await preview(tempLedger(), await simpleXlsx({ S: [...head, [4, '陆元', id('19700101', 6, false), 500, null], ['合计', null, null, 2000], [5, '陆元', id('19700101', 8, false), 500, null]] }), 'named.xlsx');
    expect(named.rows.slice(3).map((r) => [r.status, r.reasons.map((x) => x.code).join(','), r.name])).toEqual([['ok', '', '陆元'], ['skip', 'total_row', null], ['warn', 'after_total', '陆元']]);
  });

  it('takes a name of capital numerals under a 小计 beside other text, or one reading nothing (万元), for a payee, not a 大写 line (helper 67)', async () => {
    const head = [['序号', '姓名', '身份证号码', '工作单位', '金额', '备注'], [1, '王芳', id('19750312', 2, false), '华宁县水泥厂', 500, null], [2, '李强', id('19800101', 3, true), '华宁县水泥厂', 500, null], ['小计', null, null, null, 1000, null]];
    // Each was skipped as a 大写 line (万元 read 0; 伍佰元 beside a unit and 备注), its 500 left out and a mismatch said.
    const tails: [string, (string | number | null)[]][] = [
      ['wanyuan-unit-note', [null, '万元', null, '华宁县水泥厂', 500, '补报']],
      ['wanyuan-alone', [null, '万元', null, null, 500, null]],
      ['caps-name-unit-note', [null, '伍佰元', null, '华宁县水泥厂', 500, '补报']],
    ];
    for (const [name, tail] of tails) {
      const p = await preview(tempLedger(), await simpleXlsx({ S: [...head, tail] }), `${name}.xlsx`);
      expect(p.summary.statedTotals.map(({ label, fen, computedFen, matches }) => [label, fen, computedFen, matches]), name).toEqual([['小计', 100_000, 100_000, true]]);
      expect([p.rows[3]!.status !== 'skip', p.rows[3]!.name, p.rows[3]!.amountFen], name).toEqual([true, tail[1], 50_000]);
    }
    // Unchanged: capitals alone with their figure under the 小计 are its 大写 line.
    const line = await preview(tempLedger(), await simpleXlsx({ S: [...head, [null, '壹仟元整', null, null, 1000, null]] }), 'caps-line.xlsx');
    expect(line.rows[3]!.reasons.map((x) => x.code)).toEqual(['total_row']);
    expect(line.summary.statedTotals.map(({ label, fen, matches }) => [label, fen, matches])).toEqual([['小计', 100_000, true], ['大写', 100_000, true], ['小写', 100_000, true]]);
  });

  it('prefers capitals beside 合计 before the figure, though without 整, to a rate ending 整 in 备注 (helper 64)', async () => {
    const head = [['序号', '姓名', '身份证号码', '金额', '备注'], [1, '王芳', id('19750312', 2, false), 500, null], [2, '李强', id('19800101', 3, true), 500, null], [3, '张伟', id('19681122', 4, false), 500, null]];
    const layouts: [string, (string | number | null)[][], [string, number, number, boolean][]][] = [
      // The total's own capitals agree: no mismatch (it said 大写写明 500元 from the rate in 备注).
      ['name-ok-rate-note', [['合计', '壹仟伍佰元', null, 1500, '伍佰元整']], [['合计', 150_000, 150_000, true]]],
      // They disagree: 1,200 ≠ 1,500 is said, not 500.
      ['name-wrong-rate-note', [['合计', '壹仟贰佰元', null, 1500, '伍佰元整']], [['合计', 150_000, 150_000, true], ['大写', 120_000, 150_000, false]]],
    ];
    for (const [name, tail, expected] of layouts) {
      const p = await preview(tempLedger(), await simpleXlsx({ S: [...head, ...tail] }), `${name}.xlsx`);
      expect(p.summary.statedTotals.map(({ label, fen, computedFen, matches }) => [label, fen, computedFen, matches]), name).toEqual(expected);
      expect([p.summary.ok + p.summary.warn, p.summary.acceptedFen], name).toEqual([3, 150_000]);
    }
  });

  it("reads a 合计 row's capitals in the label cell, before a figure in brackets and in brackets alone (helper 64)", async () => {
    const head = [['序号', '姓名', '身份证号码', '金额', '备注'], [1, '王芳', id('19750312', 2, false), 500, null], [2, '李强', id('19800101', 3, true), 500, null], [3, '张伟', id('19681122', 4, false), 500, null]];
    const wrong: [string, number, number, boolean][] = [['合计', 150_000, 150_000, true], ['大写', 120_000, 150_000, false]];
    const right: [string, number, number, boolean][] = [['合计', 150_000, 150_000, true]];
    const layouts: [string, (string | number | null)[][], [string, number, number, boolean][]][] = [
      // Each was read as no capitals at all: the mismatch went unsaid.
      ['label-cell', [['合计：壹仟贰佰元整', null, null, 1500, null]], wrong],
      ['label-cell-rmb', [['合计：人民币壹仟贰佰元整', null, null, 1500, null]], wrong],
      ['figure-in-brackets', [['合计', '壹仟贰佰元整（￥1200.00）', null, 1500, null]], wrong],
      ['brackets-in-note', [['合计', '3人', null, 1500, '（壹仟贰佰元整）']], wrong],
      // Agreeing, in the same forms: no mismatch.
      ['label-cell-ok', [['合计：壹仟伍佰元整', null, null, 1500, null]], right],
      ['figure-in-brackets-ok', [['合计', '壹仟伍佰元整（￥1500.00）', null, 1500, null]], right],
      ['brackets-ok', [['合计', '（壹仟伍佰元整）', null, 1500, null]], right],
      // Unchanged: a rate without 整 in 备注, bracketed or not, is not the total.
      ['rate-in-note', [['合计', '3人', null, 1500, '（伍佰元）']], right],
    ];
    for (const [name, tail, expected] of layouts) {
      const p = await preview(tempLedger(), await simpleXlsx({ S: [...head, ...tail] }), `${name}.xlsx`);
      expect(p.summary.statedTotals.map(({ label, fen, computedFen, matches }) => [label, fen, computedFen, matches]), name).toEqual(expected);
      expect([p.summary.ok + p.summary.warn, p.summary.acceptedFen], name).toEqual([3, 150_000]);
    }
  });

  it('reads capitals before a figure in brackets or in brackets on a line of their own under 合计, and capitals beside 小计 (helper 71)', async () => {
    const head = [['序号', '姓名', '身份证号码', '金额', '备注'], [1, '王芳', id('19750312', 2, false), 500, null], [2, '李强', id('19800101', 3, true), 500, null], [3, '张伟', id('19681122', 4, false), 500, null]];
    const total: (string | number | null)[] = ['合计', '3人', null, 1500, null];
    const layouts: [string, (string | number | null)[][], [string, number, number, boolean][]][] = [
      // Each line was a payee named 壹仟贰佰元整 held with no amount (missing_amount); the mismatch went unsaid.
      ['line-figure-in-brackets', [total, [null, '壹仟贰佰元整（￥1200.00）', null, null, null]], [['合计', 150_000, 150_000, true], ['大写', 120_000, 150_000, false], ['小写', 120_000, 150_000, false]]],
      ['line-in-brackets', [total, [null, '（壹仟贰佰元整）', null, null, null]], [['合计', 150_000, 150_000, true], ['大写', 120_000, 150_000, false]]],
      // Agreeing, in the same forms.
      ['line-figure-in-brackets-ok', [total, [null, '壹仟伍佰元整（￥1500.00）', null, null, null]], [['合计', 150_000, 150_000, true], ['大写', 150_000, 150_000, true], ['小写', 150_000, 150_000, true]]],
      ['line-in-brackets-ok', [total, [null, '（壹仟伍佰元整）', null, null, null]], [['合计', 150_000, 150_000, true], ['大写', 150_000, 150_000, true]]],
    ];
    for (const [name, tail, expected] of layouts) {
      const p = await preview(tempLedger(), await simpleXlsx({ S: [...head, ...tail] }), `${name}.xlsx`);
      expect(p.summary.statedTotals.map(({ label, fen, computedFen, matches }) => [label, fen, computedFen, matches]), name).toEqual(expected);
      expect([p.summary.ok + p.summary.warn, p.summary.error, p.summary.acceptedFen, p.rows[4]!.reasons.map((x) => x.code)], name).toEqual([3, 0, 150_000, ['total_row']]);
    }
    // 小计 with its capitals in the label cell (小计：伍佰元整 over 1,000): the mismatch went unsaid.
    const two = [head[0]!, head[1]!, head[2]!];
    const sub = await preview(tempLedger(), await simpleXlsx({ S: [...two, ['小计：伍佰元整', null, null, 1000, null]] }), 'sub-label.xlsx');
    expect(sub.summary.statedTotals.map(({ label, fen, computedFen, matches }) => [label, fen, computedFen, matches])).toEqual([['小计', 100_000, 100_000, true], ['大写', 50_000, 100_000, false]]);
    const subOk = await preview(tempLedger(), await simpleXlsx({ S: [...two, ['小计：壹仟元整', null, null, 1000, null]] }), 'sub-label-ok.xlsx');
    expect(subOk.summary.statedTotals.map(({ label, fen, computedFen, matches }) => [label, fen, computedFen, matches])).toEqual([['小计', 100_000, 100_000, true]]);
  });

  it('reads 其中 columns as parts of the money column left of them: the cash is what is left when only the goods are listed', async () => {
    const person = (n: number): (string | number)[] => [`职工${n}`, id('19750312', 2 * n, false)];
    // 发放金额 | 其中：慰问品 — 800 paid, 200 of it in goods: cash 600 (it was 800 cash and 200 goods, 1,000 for 800 paid).
    const goodsOnly = await preview(tempLedger(), await simpleXlsx({ S: [['姓名', '身份证号码', '发放金额', '其中：慰问品'], [...person(1), 800, 200], [...person(2), 800, 200], ['合计', null, 1600, 400]] }), 'part.xlsx');
    expect(goodsOnly.rows.map((r) => [r.status, r.amountFen, r.goodsFen])).toEqual([['ok', 60_000, 20_000], ['ok', 60_000, 20_000], ['skip', 160_000, null]]);
    expect(goodsOnly.summary.statedTotals.map((t) => [t.fen, t.computedFen, t.matches])).toEqual([[160_000, 160_000, true]]);
    // 慰问金额合计 | 其中：现金 | 其中：慰问品 — the 合计 checks the row (every row was held: 本行还有 800元 没有导入).
    const both = await preview(tempLedger(), await simpleXlsx({ S: [['姓名', '身份证号码', '慰问金额合计', '其中：现金', '其中：慰问品'], [...person(1), 800, 600, 200]] }), 'parts.xlsx');
    expect(previewToCliJson(both).sheets[0]!.columns).toMatchObject({ C: 'rowTotal', D: 'amount' });
    expect(both.rows.map((r) => [r.status, r.amountFen, r.goodsFen])).toEqual([['ok', 60_000, 20_000]]);
    // Goods under 其中 worth more than the whole cannot be part of it: held.
    const over = await preview(tempLedger(), await simpleXlsx({ S: [['姓名', '身份证号码', '发放金额', '其中：慰问品'], [...person(1), 500, 600]] }), 'over.xlsx');
    expect(over.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(',')])).toEqual([['error', 'row_total_mismatch']]);
    // Two rows: 救助金额 over 合计 | 其中：物资.
    const two = await preview(tempLedger(), await simpleXlsx({ S: [['姓名', '身份证号码', '救助金额（元）', null], [null, null, '合计', '其中：物资'], [...person(1), 800, 200]] }, { S: ['A1:A2', 'B1:B2', 'C1:D1'] }), 'two.xlsx');
    expect(two.rows.map((r) => [r.status, r.amountFen, r.goodsFen])).toEqual([['ok', 60_000, 20_000]]);
  });

  it('reads a Traditional 身分證 header as the ID column', async () => {
    for (const header of ['身分證字號', '身分證號碼', '身分证号']) {
      const p = await preview(tempLedger(), await simpleXlsx({ S: [['序號', '姓名', header, '金額'], [1, '王芳', id('19750312', 2, false), 600]] }), 'trad.xlsx');
      expect([header, previewToCliJson(p).sheets[0]!.columns]).toEqual([header, { A: 'seq', B: 'name', C: 'idNumber', D: 'amount' }]);
      expect(p.rows[0]!.idNumber).toBe(id('19750312', 2, false));
    }
  });

  it('skips a row taken off the roster: （删除）/（作废） after the name, 已删 / 删 / 不再发放 in 备注, a name struck through', async () => {
    const names = ['王芳', '李强（删除）', '张丽(作废)', '赵军', '孙梅', '钱二', '钱三', '钱四'];
    const notes = [null, null, null, '已删', '删', '调出，不再发放', null, '已故'];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.getRow(1).values = ['序号', '姓名', '身份证号码', '金额', '备注'];
    names.forEach((name, i) => (ws.getRow(2 + i).values = [i + 1, name, id('19700115', 2 * i + 1, i % 2 === 0), 600, notes[i] ?? null]));
    ws.getCell('B8').font = { strike: true };
    // A struck-through 备注 alone takes no one off.
    ws.getCell('E2').value = '特困';
    ws.getCell('E2').font = { strike: true };
    const p = await preview(tempLedger(), Buffer.from(await wb.xlsx.writeBuffer()), 'void.xlsx');
    expect(p.rows.map((r) => [r.row, r.status, r.reasons.map((x) => x.code).join(',')])).toEqual([
      [2, 'ok', ''], [3, 'skip', 'void_row'], [4, 'skip', 'void_row'], [5, 'skip', 'void_row'], [6, 'skip', 'void_row'], [7, 'skip', 'void_row'], [8, 'skip', 'void_row'],
      // 已故 alone does not take the row off (money for the survivors is often so written); it is warned.
      [9, 'warn', 'payee_deceased'],
    ]);
    expect(p.rows[1]!.reasons[0]!.message).toBe('姓名后注明“李强（删除）”，本行未导入；如确应发放，请在预览中修改姓名');
    // A note that goes on after such a word, or names a part not paid, is no void: the payee stays.
    const goingOn = ['删除原错误身份证号，后补发', '不再发放其他补助', '删去原登记单位，现为供电局', '企业停产，停发工资半年', '原停发，本年恢复发放', '只发现金，慰问品不发', '已删除重复记录（本人保留）', '非删除对象'];
    const kept = await preview(tempLedger(), await simpleXlsx({ S: [['姓名', '身份证号码', '金额', '备注'], ...goingOn.map((n, i) => [`职工${i + 1}`, id('19700115', 2 * i + 1, i % 2 === 0), 600, n]), ['赵军（物资不发）', id('19800101', 41, true), 600, null]] }), 'kept.xlsx');
    expect(kept.rows.map((r) => r.status)).toEqual(Array(goingOn.length + 1).fill('ok'));
    // The remark in brackets in 备注 is the remark all the same.
    const bracketed = await preview(tempLedger(), await simpleXlsx({ S: [['姓名', '身份证号码', '金额', '备注'], ['人甲', id('19700115', 1, true), 600, '（作废）'], ['人乙', id('19700115', 3, true), 600, '【已删】'], ['人丙', id('19700115', 5, true), 600, '(不发)']] }), 'bracketed.xlsx');
    expect(bracketed.rows.map((r) => r.reasons.map((x) => x.code).join(','))).toEqual(['void_row', 'void_row', 'void_row']);
    expect(p.rows[6]!.reasons[0]!.message).toBe('姓名“钱三”划了删除线，本行未导入；如确应发放，请让报送单位去掉删除线，或在预览中修改本行');
    // Struck through as rich text (the text struck while editing the cell): the whole name crosses the row out;
    // an old name struck before the new one leaves the new one.
    const rich = new ExcelJS.Workbook();
    const rs = rich.addWorksheet('S');
    rs.addRows([['姓名', '身份证号码', '金额'], [null, id('19700115', 1, true), 600], [null, id('19700115', 3, true), 600], ['王芳', id('19750312', 2, false), 600]]);
    rs.getCell('A2').value = { richText: [{ text: '李丽', font: { strike: true } }] };
    rs.getCell('A3').value = { richText: [{ text: '孙梅', font: { strike: true } }, { text: '孙玫' }] };
    const struckRich = await preview(tempLedger(), Buffer.from(await rich.xlsx.writeBuffer()), 'rich.xlsx');
    expect(struckRich.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(','), r.name])).toEqual([['skip', 'void_row', null], ['ok', '', '孙玫'], ['ok', '', '王芳']]);
  });

  it('splits a name and an ID in one cell under 姓名及身份证号 / 姓名（身份证号） / 姓名身份证号, and says so when it cannot (helper 84)', async () => {
    const ids = Array.from({ length: 11 }, (_, i) => id('19530110', 2 * i + 1, i % 2 === 0));
    const spaced = `${ids[8]!.slice(0, 6)} ${ids[8]!.slice(6, 14)} ${ids[8]!.slice(14)}`;
    const cells = [`王芳 ${ids[0]}`, `李明${ids[1]}`, `张强（${ids[2]}）`, `赵丽\n${ids[3]}`, `刘洋　${ids[4]}`, `${ids[5]} 陈静`, `周杰 身份证：${ids[6]}`, `吴敏,${ids[7]}`,
      `孙梅（代领）${spaced}`, ids[9]!, `钱军 ${ids[10]!.slice(0, 17)}`, '郑涛'];
    const names = ['王芳', '李明', '张强', '赵丽', '刘洋', '陈静', '周杰', '吴敏', '孙梅', null, '钱军', '郑涛'];
    for (const header of ['姓名及身份证号', '姓名（身份证号）', '姓名身份证号', '姓名及身份证号码（18位）', '受助职工姓名及身份证号（必填）', '慰问对象姓名及身份证号', '姓名，身份证号']) {
      const p = await preview(tempLedger(), await simpleXlsx({ S: [['序号', header, '工作单位', '金额（元）'], ...cells.map((c, i) => [i + 1, c, '城关', 500])] }), 'nameid.xlsx');
      expect(previewToCliJson(p).sheets[0]!.columns, header).toEqual({ A: 'seq', B: 'name', C: 'unit', D: 'amount' });
      expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(','), r.name, r.idNumber]), header).toEqual([
        ...names.slice(0, 9).map((n, i) => ['ok', '', n, ids[i]]),
        ['error', 'missing_name', null, ids[9]],
        ['error', 'name_unreadable', '钱军' + ids[10]!.slice(0, 17), null],
        ['ok', '', '郑涛', null],
      ]);
      expect(p.rows[8]!.note).toBe('代领');
      expect(p.rows[10]!.reasons[0]!.message, header).toBe(`B列（${header}）：单元格“钱军 ${ids[10]!.slice(0, 17)}”中既有姓名又有身份证号，未能拆分成姓名和身份证号（应为姓名后跟18位或15位身份证号，或号码在前），请报送单位把姓名和身份证号分开填写，或在预览中改正`);
    }
    // The name corrected in the preview: the ID is still the cell's.
    const cellsXlsx = await simpleXlsx({ S: [['姓名及身份证号', '金额'], [`王芳 ${ids[0]}`, 500], [`钱军 ${ids[10]!.slice(0, 17)}`, 500]] });
    const fixed = previewImport(tempLedger(), createImportSession(await parseImportBytes(cellsXlsx, 'fix.xlsx')), { edits: [
      { sheetIndex: 0, row: 2, field: 'name', value: '王芳芳' }, { sheetIndex: 0, row: 3, field: 'name', value: '钱军' }, { sheetIndex: 0, row: 3, field: 'idNumber', value: ids[10]! }] });
    expect(fixed.rows.map((r) => [r.status, r.name, r.idNumber])).toEqual([['ok', '王芳芳', ids[0]], ['ok', '钱军', ids[10]]]);
    // A wrong ID split from the name is said of the column it is in.
    const bad = await preview(tempLedger(), await simpleXlsx({ S: [['姓名及身份证号', '金额'], [`王芳 ${ids[0]!.slice(0, 17)}9`, 500]] }), 'bad.xlsx');
    expect(bad.rows[0]!.reasons.map((x) => x.message)).toEqual([expect.stringMatching(/^A列（姓名及身份证号）：身份证号“\d{17}9”校验位错误/)]);
  });

  it('keeps 姓名 and 身份证号 apart when a header only mentions the other (身份证号（须与姓名一致）), and takes no 姓名拼音 for a second 姓名', async () => {
    const wang = id('19750312', 2, false);
    const cases: [string[], Record<string, string>][] = [
      [['姓名', '身份证号（须与姓名一致）', '金额'], { A: 'name', B: 'idNumber', C: 'amount' }],
      [['姓名（与身份证一致）', '身份证号码', '金额'], { A: 'name', B: 'idNumber', C: 'amount' }],
      [['姓名', '姓名拼音', '身份证号码', '金额'], { A: 'name', C: 'idNumber', D: 'amount' }],
      [['姓名', '英文姓名', '身份证号码', '慰问金额'], { A: 'name', C: 'idNumber', D: 'amount' }],
      // Another person named beside the payee, and what else an ID card says (helper 86).
      [['姓名', '户主姓名', '身份证号码', '金额'], { A: 'name', C: 'idNumber', D: 'amount' }],
      [['姓名', '配偶姓名', '身份证号码', '金额'], { A: 'name', C: 'idNumber', D: 'amount' }],
      [['姓名', '身份证住址', '身份证号码', '金额'], { A: 'name', B: 'address', C: 'idNumber', D: 'amount' }],
      [['姓名', '身份证号码', '身份证有效期', '金额'], { A: 'name', B: 'idNumber', D: 'amount' }],
      // Another field's header with a remark naming the ID card; a unit's English name (helper 90).
      [['姓名', '身份证号码', '银行卡号（与身份证姓名一致）', '金额'], { A: 'name', B: 'idNumber', C: 'bankAccount', D: 'amount' }],
      [['姓名', '单位名称（英文）', '身份证号码', '金额'], { A: 'name', B: 'unit', C: 'idNumber', D: 'amount' }],
      // The payee's column by any name beside another person's (helper 88); the ID with a remark; the clerk's own column.
      [['职工姓名', '配偶姓名', '身份证号码', '金额'], { A: 'name', C: 'idNumber', D: 'amount' }],
      [['慰问对象', '家庭成员姓名', '身份证号码', '金额'], { A: 'name', C: 'idNumber', D: 'amount' }],
      [['姓名', '持卡人姓名', '身份证号码', '金额'], { A: 'name', C: 'idNumber', D: 'amount' }],
      [['家属姓名', '职工姓名', '身份证号码', '金额'], { B: 'name', C: 'idNumber', D: 'amount' }],
      [['姓名', '身份证号码（有效期内）', '金额'], { A: 'name', B: 'idNumber', C: 'amount' }],
      [['姓名', '身份证号码', '经办人姓名及身份证号', '金额'], { A: 'name', B: 'idNumber', D: 'amount' }],
    ];
    for (const [header, columns] of cases) {
      const payee = header.findIndex((h) => /^(姓名|职工姓名|慰问对象|姓名（与身份证一致）)$/.test(h));
      const row = header.map((h, i) => (/^身份证号/.test(h) ? wang : /金额/.test(h) ? 600 : /^单位/.test(h) ? 'Huaning Cement Plant' : /拼音|英文/.test(h) ? 'wang fang' : /住址/.test(h) ? '华宁县宁州街道' : /有效期/.test(h) ? '2020.01.01-2040.01.01' : /银行/.test(h) ? '6217000000000000000' : /经办人/.test(h) ? '张会计 530424197001010035' : i === payee ? '王芳' : '李强'));
      const p = await preview(tempLedger(), await simpleXlsx({ S: [header, row] }), 'h.xlsx');
      expect(previewToCliJson(p).sheets[0]!.columns, header.join('|')).toEqual(columns);
      expect(p.rows.map((r) => [r.status, r.name, r.idNumber, r.amountFen]), header.join('|')).toEqual([['ok', '王芳', wang, 60_000]]);
    }
  });

  it('reads a remark in brackets before the name as after it: the name, the remark to 备注; a 序号 in brackets is dropped, a numbered heading held (helpers 84, 86)', async () => {
    const names = ['（代领）赵丽', '(遗属)钱红', '【补报】孙强', '〔代领〕 王芳（遗属）', '（维）阿依古丽·买买提', '李刚（代）', '（1）王五', '（作废）张丽', '（代领）张三、李四', '(代领)', '（五）华溪镇'];
    const p = await preview(tempLedger(), await simpleXlsx({ S: [['序号', '姓名', '身份证号码', '金额', '备注'],
      ...names.map((n, i) => [i + 1, n, id('19810101', 2 * i + 1, i % 2 === 0), 500, i === 0 ? '低保户' : null])] }), 'remarks.xlsx');
    expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(','), r.name, r.note])).toEqual([
      ['ok', '', '赵丽', '代领；低保户'],
      ['ok', '', '钱红', '遗属'],
      ['ok', '', '孙强', '补报'],
      ['ok', '', '王芳', '代领；遗属'],
      ['ok', '', '阿依古丽·买买提', '维'],
      ['ok', '', '李刚', '代'],
      ['ok', '', '王五', null],
      ['skip', 'void_row', null, null],
      // What follows the remark is held as it would be alone; a remark alone is no name (helper 86: both were people).
      ['error', 'name_unreadable', '(代领)张三、李四', null],
      ['error', 'name_unreadable', '(代领)', null],
      // A numbered group heading with an amount is no payee (helper 86); a 序号 in brackets before a name is dropped.
      ['error', 'name_unreadable', '(五)华溪镇', null],
    ]);
    expect(p.rows[10]!.reasons[0]!.message).toMatch(/“\(五\)华溪镇”是分组标题（单位或地名），不是人名/);
    // A page's blank marks in brackets are notes, not payees (helper 88).
    const marks = await preview(tempLedger(), await simpleXlsx({ S: [['姓名', '身份证号码', '金额'], ['王芳', id('19810101', 1, false), 500], ['（以下空白）'], ['(空)'], ['（此页无正文）']] }), 'marks.xlsx');
    expect(marks.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(',')])).toEqual([['ok', ''], ['skip', 'note_row'], ['skip', 'note_row'], ['skip', 'note_row']]);
    expect(p.rows[7]!.reasons[0]!.message).toBe('姓名前注明“（作废）张丽”，本行未导入；如确应发放，请在预览中修改姓名');
    expect(p.rows[8]!.reasons[0]!.message).toMatch(/一格中有 2 个姓名/);
    expect(p.rows[9]!.reasons[0]!.message).toMatch(/姓名单元格只有“\(代领\)”，没有姓名/);
  });

  it('imports a parent’s second child on a student roster when the parent is merged over both rows or written 同上; holds them on an ordinary roster (helper 84)', async () => {
    const mother = id('19720909', 8, false);
    const father = id('19711010', 9, true);
    const head = ['序号', '学生姓名', '录取学校', '家长姓名', '家长身份证号', '工作单位', '助学金额（元）'];
    const roster = await simpleXlsx({ S: [head,
      [1, '学三', '云南师范大学', '母二', mother, '陶瓷厂', 3000], [2, '学四', '云南农业大学', null, null, null, 3000],
      [3, '学五', '大理大学', '父三', father, '糖厂', 3000], [4, '学六', '玉溪师范学院', '同上', '同上', '同上', 3000],
    ] }, { S: ['D2:D3', 'E2:E3', 'F2:F3'] });
    const p = await preview(tempLedger(), roster, 'jq.xlsx');
    expect(p.rows.map((r) => [r.row, r.status, r.reasons.map((x) => x.code).join(','), r.name, r.idNumber, r.unit, r.studentName])).toEqual([
      [2, 'ok', '', '母二', mother, '陶瓷厂', '学三'],
      [3, 'ok', '', '母二', mother, '陶瓷厂', '学四'],
      [4, 'ok', '', '父三', father, '糖厂', '学五'],
      [5, 'ok', '', '父三', father, '糖厂', '学六'],
    ]);
    // 同上 with another ID, or with no child of its own: not known to be the same parent.
    for (const [row, said] of [
      [[2, '学七', '云南大学', '同上', id('19700101', 11, true), '糖厂', 3000], '，但本行的身份证号与上一行不同，无法确定是谁，请写明姓名'],
      [[2, null, null, '同上', '同上', '糖厂', 3000], '，请写明姓名；同一人不应在本表领两次'],
      // A blank ID is said as blank, not as another (helper 86).
      [[2, '学八', '云南大学', '同上', null, '糖厂', 3000], '，但本行没有身份证号，无法确定是谁，请写明姓名和身份证号'],
    ] as const) {
      const held = await preview(tempLedger(), await simpleXlsx({ S: [head, [1, '学五', '大理大学', '父三', father, '糖厂', 3000], [...row]] }), 'held.xlsx');
      expect(held.rows[1]!.status).toBe('error');
      expect(held.rows[1]!.reasons[0]!.message).toBe(`D列（家长姓名）：姓名写的是“同上”（同上一行的“父三”）${said}`);
    }
    // Committed: one person per parent, a payment per child.
    const ledger = tempLedger();
    const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'JQ', name: '2024年金秋助学', year: 2024, kind: '金秋助学' }));
    const session = createImportSession(await parseImportBytes(roster, 'jq.xlsx'));
    expect(previewImport(ledger, session, { programId, paidOn: '2024-08-20' }).rows.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    commitImport(ledger, session, {});
    expect(ledger.db.prepare('SELECT p.name, count(*) AS n FROM payments y JOIN people p ON p.id = y.person_id GROUP BY p.id ORDER BY p.name').all()).toEqual([{ name: '母二', n: 2 }, { name: '父三', n: 2 }]);
    // Not a student roster: a name merged over two rows, or 同上, is still held.
    const plain = await preview(tempLedger(), await simpleXlsx({ S: [['序号', '姓名', '身份证号码', '工作单位', '金额'],
      [1, '母二', mother, '陶瓷厂', 500], [2, null, null, null, 500], [3, '父三', father, '糖厂', 500], [4, '同上', '同上', '同上', 500]] }, { S: ['B2:B3', 'C2:C3', 'D2:D3'] }), 'plain.xlsx');
    expect(plain.rows.map((r) => [r.row, r.status, r.reasons[0]?.message ?? ''])).toEqual([
      [2, 'ok', ''],
      [3, 'error', 'B列（姓名）：姓名单元格与第 2 行合并（一人占了几行？），无法确定本行是谁，请逐行填写姓名'],
      [4, 'error', expect.stringMatching(/^身份证号 \d+ 在本文件中出现 2 次/)],
      [5, 'error', 'B列（姓名）：姓名写的是“同上”（同上一行的“父三”），请写明姓名；同一人不应在本表领两次'],
    ]);
  });
});

describe('the same roster in every format', () => {
  it('CSV in GBK: the E-notation ID is held, the rest imports, the stated total matches', async () => {
    const p = await preview(tempLedger(), gbkCsv(), '名单.csv');
    expect(p.file).toMatchObject({ format: 'csv', encoding: 'gb18030' });
    expect(p.rows.map(brief)).toEqual([
      [2, 'ok', '', '王芳', IDS.wangFang, '女', '华宁县水泥厂,一车间', null, 60_000],
      [3, 'ok', '', '李强', IDS.liQiang, '男', '华宁县供电局', null, 100_000],
      [4, 'error', 'id_precision_lost', '张伟', '5.30424E+17', null, '华宁县糖厂', null, 50_000],
      [5, 'skip', 'blank_row', null, null, null, null, null, null],
      [6, 'skip', 'total_row', null, null, null, null, null, 210_000],
    ]);
    expect(p.rows[0]!.note).toBe('因病"住院"');
    expect(p.summary.statedTotals[0]).toMatchObject({ sheet: null, row: 6, fen: 210_000, computedFen: 210_000, matches: true });
  });

  it('BIFF .xls student roster', async () => {
    const p = await preview(tempLedger(), biffXls(), '金秋助学.xls');
    expect(p.rows.map((r) => [r.row, r.status, r.reasons.map((x) => x.code).join(','), r.name, r.studentName, r.amountFen])).toEqual([
      [3, 'ok', '', '王芳', '王小明', 200_000],
      [4, 'error', 'id_precision_lost', '李强', '李小红', 300_000],
      [5, 'skip', 'total_row', null, null, 500_000],
    ]);
  });

  it('HTML-as-xls: the unit spanning two rows applies to both', async () => {
    const p = await preview(tempLedger(), htmlXls(), '医疗救助.xls');
    expect(p.rows.map(brief)).toEqual([
      // 陆良县&nbsp;化肥厂: a space between Chinese characters is padding.
      [3, 'ok', '', '王芳', IDS.wangFang, '女', '陆良县化肥厂', null, 100_000],
      [4, 'ok', '', '李强', IDS.liQiang, '男', '陆良县化肥厂', null, 80_000],
      [5, 'skip', 'total_row', null, null, null, null, null, 180_000],
    ]);
    expect(p.rows[0]!.note).toBe('<住院>');
  });

  it('reads the total’s figure alone on the line under it (（￥1200.00）, ￥1,200.00, （小写：1200元）) as the total’s, compared; not a payee; compares a label cell’s capitals with its bracketed figure', async () => {
    const id = (birth: string, seq: number, male: boolean) => makeIdNumber('530424', birth, seq, male);
    const two = [['姓名', '身份证号码', '金额', '备注'], ['王芳', id('19750312', 2, false), 600, null], ['李强', id('19800101', 3, true), 600, null]];
    const cases: [string, (string | number | null)[], [string, number, number, boolean]][] = [
      ['bracket-yuan-sign', ['（￥1200.00）'], ['小写', 120_000, 120_000, true]],
      ['sign', ['￥1,200.00'], ['小写', 120_000, 120_000, true]],
      ['small-in-note', [null, null, null, '（小写：1500元）'], ['小写', 150_000, 120_000, false]],
      ['half-width', ['(¥1200)'], ['小写', 120_000, 120_000, true]],
      // Or with 元 after it (helper 86).
      ['yuan', ['1200.00元'], ['小写', 120_000, 120_000, true]],
    ];
    for (const [name, line, stated] of cases) {
      const p = await preview(tempLedger(), await simpleXlsx({ S: [...two, ['合计', null, 1200, null], line] }), `${name}.xlsx`);
      expect(p.rows.map((r) => [r.row, r.status, r.reasons.map((x) => x.code).join(',')]), name).toEqual([[2, 'ok', ''], [3, 'ok', ''], [4, 'skip', 'total_row'], [5, 'skip', 'total_row']]);
      expect(p.summary.statedTotals.map(({ label, fen, computedFen, matches }) => [label, fen, computedFen, matches]), name).toEqual([['合计', 120_000, 120_000, true], stated]);
      expect(p.summary.acceptedFen, name).toBe(120_000);
    }
    // The label cell's capitals beside the figure in brackets, with no figure in the amount column: both compared.
    const label = await preview(tempLedger(), await simpleXlsx({ S: [...two, ['合计：人民币壹仟伍佰元整（￥1,200.00）', null, null, null]] }), 'label.xlsx');
    expect(label.summary.statedTotals.map(({ label: l, fen, computedFen, matches }) => [l, fen, computedFen, matches])).toEqual([['合计', 120_000, 120_000, true], ['大写', 150_000, 120_000, false]]);
    expect(label.rows[2]!.reasons[0]!.message).toBe('合计行：写明 1,200元，与上方各行之和一致；大写写明 1,500元，与小写 1,200元 不一致，请核对');
    const wrong = await preview(tempLedger(), await simpleXlsx({ S: [...two, ['合计', null, 1200, null], [null, null, null, '（小写：1500元）']] }), 'wrong.xlsx');
    expect(wrong.rows[3]!.reasons[0]!.message).toBe('合计金额行：写明 1,500元，但第 4 行合计为 1,200元，多 300元；请核对');
    // Not under a total, or beside other text, such a line is no total: held, as before.
    const alone = await preview(tempLedger(), await simpleXlsx({ S: [...two, ['（￥1200.00）']] }), 'alone.xlsx');
    expect(alone.rows[2]!.status).toBe('error');
    const beside = await preview(tempLedger(), await simpleXlsx({ S: [...two, ['合计', null, 1200, null], ['（￥1200.00）', null, null, '补报']] }), 'beside.xlsx');
    expect(beside.rows[3]!.status).toBe('error');
    // Nor a bare number in brackets, nor a figure after payees that follow the total (helper 90: compared with that 合计).
    const bare = await preview(tempLedger(), await simpleXlsx({ S: [...two, ['合计', null, 1200, null], ['（2）']] }), 'bare.xlsx');
    expect(bare.summary.statedTotals).toHaveLength(1);
    const later = await preview(tempLedger(), await simpleXlsx({ S: [...two, ['合计', null, 1200, null], ['补报', id('19700101', 5, true), 600, null], ['（￥600.00）']] }), 'later.xlsx');
    expect(later.summary.statedTotals.map((t) => t.label)).toEqual(['合计']);
  });

  it('holds a row with no amount though its goods value is 0, or a cash 0 with nothing beside it (missing_amount), and says no 金额为0 beside an unreadable amount (helpers 83, 84)', async () => {
    const id = (seq: number) => makeIdNumber('530424', '1970-01-01', seq, true);
    const p = await preview(tempLedger(), await simpleXlsx({ 医疗救助: [['姓名', '身份证号码', '救助金额', '慰问品金额'],
      ['甲一', id(1), null, null], ['甲二', id(3), null, 0], ['甲三', id(5), 500, 0], ['甲四', id(7), '', '0.00'], ['甲五', id(9), '—', 0], ['甲六', id(11), null, 200]] }), 'yl.xlsx');
    expect(p.rows.map((r) => [r.name, r.status, r.reasons.map((x) => x.code).join(','), r.amountFen])).toEqual([
      ['甲一', 'error', 'missing_amount', null],
      ['甲二', 'error', 'missing_amount', null],
      ['甲三', 'ok', '', 50_000],
      ['甲四', 'error', 'missing_amount', null],
      ['甲五', 'error', 'missing_amount', null],
      ['甲六', 'ok', '', null],
    ]);
    expect(p.summary.acceptedFen).toBe(50_000);
    // A cash 0 typed with nothing beside it pays nothing either (helper 84); with goods, or goods described, it is a payment.
    const zero = await preview(tempLedger(), await simpleXlsx({ 送温暖: [['姓名', '身份证号码', '慰问金', '慰问品金额', '慰问品'],
      ['乙一', id(13), 0, null, null], ['乙二', id(15), 0, 0, null], ['乙三', id(17), 0, 150, '棉被'], ['乙四', id(19), 0, null, '大米一袋'], ['乙五', id(21), '0.00', null, null]] }), 'swn.xlsx');
    expect(zero.rows.map((r) => [r.name, r.status, r.reasons.map((x) => x.code).join(',')])).toEqual([
      ['乙一', 'error', 'missing_amount'], ['乙二', 'error', 'missing_amount'], ['乙三', 'ok', ''], ['乙四', 'error', 'missing_amount'], ['乙五', 'error', 'missing_amount'],
    ]);
    expect(zero.rows[0]!.reasons[0]!.message).toBe('C列（慰问金）：金额为 0，本行没有发放任何钱物，请核对（不发放的人员请从花名册中删去）');
    // Goods named without a value beside a 0 are held as beside an empty cash cell (helper 86); a mark for none in the
    // goods column names no goods.
    expect(zero.rows[3]!.reasons[0]!.message).toBe('C列（慰问金）：金额为 0，慰问品“大米一袋”没有写金额，请补填慰问品金额');
    const marks = await preview(tempLedger(), await simpleXlsx({ 送温暖: [['姓名', '身份证号码', '慰问金', '慰问品'], ['丁一', id(41), 0, '—'], ['丁二', id(43), 0, '无'], ['丁三', id(45), 300, '/']] }), 'marks.xlsx');
    expect(marks.rows.map((r) => [r.name, r.status, r.reasons.map((x) => x.code).join(','), r.goodsDesc ?? null])).toEqual([
      ['丁一', 'error', 'missing_amount', null], ['丁二', 'error', 'missing_amount', null], ['丁三', 'ok', '', null],
    ]);
    // A mark for none (—, /, 无) is no amount, as an empty cell: beside goods, a payment of the goods (it was held as
    // unreadable); alone, held as no amount, saying what is written.
    const none = await preview(tempLedger(), await simpleXlsx({ 送温暖: [['姓名', '身份证号码', '慰问金', '慰问品金额', '慰问品'],
      ['丙一', id(23), '—', 150, '棉被'], ['丙二', id(25), '/', 150, '棉被'], ['丙三', id(27), '无', 150, '棉被'], ['丙四', id(29), '无', null, null], ['丙五', id(31), '- -', 80, '大米']] }), 'none.xlsx');
    expect(none.rows.map((r) => [r.name, r.status, r.reasons.map((x) => x.code).join(','), r.amountFen, r.goodsFen])).toEqual([
      ['丙一', 'ok', '', null, 15_000], ['丙二', 'ok', '', null, 15_000], ['丙三', 'ok', '', null, 15_000], ['丙四', 'error', 'missing_amount', null, null], ['丙五', 'ok', '', null, 8_000],
    ]);
    expect(none.rows[3]!.reasons[0]!.message).toBe('C列（慰问金）：金额写的是“无”（无金额）');
  });

  it('a roster without an ID column: names only, people matched by name and unit', async () => {
    const p = await preview(tempLedger(), await simpleXlsx({ 环卫: [['姓名', '单位', '金额'], [fullWidth('王　芳'), '环卫站', 200], ['李强', '环卫站', 200], ['李强', '环卫站', 200]] }), 'noid.xlsx');
    expect(p.rows.map((r) => [r.name, r.status, r.reasons.map((x) => x.code).join(',')])).toEqual([
      ['王芳', 'ok', ''],
      ['李强', 'error', 'duplicate_in_file'],
      ['李强', 'error', 'duplicate_in_file'],
    ]);
  });
});
