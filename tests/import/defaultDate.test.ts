/**
 * The date of the rows that write none (helper 112, a reviewer's messy roster): a roster with no date column but a
 * 填报日期 line gave its rows 1 January (元旦) of the program's year. The sheet's own 填报日期 — above the header,
 * beside 填报单位, or in a footer line — dates them when it lies in the program's year (and within its dates), and the
 * preview says where the date comes from; the commit stores it. The count of rows without a date says which rows it
 * counts (those to be imported, and the held ones that get it once corrected). The CLI's JSON is as before.
 */
import { describe, expect, it } from 'vitest';
import { AnalysisStream, analyzeWorkbook } from '../../electron/core/import/analyze.ts';
import { commitImport, createImportSession, parseImportBytes, previewImport, previewToCliJson } from '../../electron/core/import/index.ts';
import type { Ledger } from '../../electron/core/ledger.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import type { ImportPreview } from '../../shared/import.ts';
import { makeIdNumber } from '../bench/generate.ts';
import { tempLedger } from '../helpers/ledger.ts';
import { simpleXlsx } from './fixtures.ts';

const idsIn = (region: string) => Array.from({ length: 8 }, (_, i) => makeIdNumber(region, `1970-01-0${1 + i}`, 10 + i, i % 2 === 0));
const ids = idsIn('530424');

function spring(ledger: Ledger, extra: { startsOn?: string; endsOn?: string } = {}): number {
  return ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖', ...extra }));
}

type Cells = (string | number | Date | null)[];

/** The reviewer's roster: a title, the given lines above the header, 7 rows (5 clean, 2 held), a 合计, the given footer. */
function roster(above: Cells[], footer: Cells[] = [], people = ids): Cells[] {
  return [
    ['华宁县2017年春节送温暖慰问金发放花名册'], ...above,
    ['序号', '姓名', '身份证号码', '工作单位', '金额（元）'],
    [1, '王芳', people[0]!, '县水泥厂', 500], [2, '李强', people[1]!, '县水泥厂', 500], [3, '赵敏', people[2]!, '县糖厂', 500], [4, '孙丽', people[3]!, '县糖厂', 500],
    [5, '周杰', people[4]!, '县供电局', 500], [6, '吴娟', people[5]!.slice(0, 17), '县供电局', 500], [7, '郑涛', people[6]!, '县供电局', null],
    ['合计', null, null, null, 3000],
    ...footer,
  ];
}

async function previewOf(ledger: Ledger, sheets: Record<string, Cells[]>, options: { programId: number; paidOn?: string }): Promise<{ p: ImportPreview; commit: () => void }> {
  const session = createImportSession(await parseImportBytes(await simpleXlsx(sheets as never), '花名册.xlsx'));
  const p = previewImport(ledger, session, options);
  return { p, commit: () => void commitImport(ledger, session) };
}

const dates = (p: ImportPreview) => [...new Set(p.rows.filter((r) => r.status !== 'skip').map((r) => r.paidOn))];

describe('the date of rows that write none', () => {
  it('is the 填报日期 the title block states beside 填报单位, in the program’s year: previewed, said so, and committed', async () => {
    const ledger = tempLedger();
    const programId = spring(ledger);
    const { p, commit } = await previewOf(ledger, { 盘溪镇: roster([['填报单位：盘溪镇工会联合会', null, null, '填报日期：2017年1月18日']]) }, { programId });
    expect([p.defaultPaidOn, p.defaultPaidOnFrom]).toEqual(['2017-01-18', 'filedOn']);
    expect(p.sheets[0]).toMatchObject({ filedOn: '2017-01-18', defaultPaidOn: '2017-01-18', defaultPaidOnFrom: 'filedOn', undatedRows: 7 });
    expect(dates(p)).toEqual(['2017-01-18']);
    commit();
    expect(ledger.db.prepare('SELECT DISTINCT paid_on FROM payments').pluck().all()).toEqual(['2017-01-18']);
    expect(JSON.parse(ledger.db.prepare('SELECT counts_json FROM import_batches').pluck().get() as string)).toMatchObject({ defaultPaidOn: '2017-01-18' });
  });

  it('reads the 填报日期 however it is written, above the header or in a footer line', async () => {
    const ledger = tempLedger();
    const programId = spring(ledger);
    const cases: [string, Cells[], Cells[]][] = [
      ['填表日期, 元月', [['填表日期：2017年元月18日']], []],
      ['日期 alone, dots', [['填报单位：盘溪镇工会', null, '日期：2017.1.18']], []],
      ['its label and a date cell', [['填报单位：盘溪镇工会', null, '填报日期：', new Date(Date.UTC(2017, 0, 18))]], []],
      ['Chinese numerals', [['填报日期：二〇一七年元月十八日']], []],
      ['footer beside 经办人', [], [['经办人：张三', null, null, '填报日期：2017年1月18日']]],
      ['footer 日期 alone, in the name column', [], [[null, '日期：2017.1.18']]],
      ['footer date under 制表', [], [['制表：王五', null, '2017年1月18日']]],
      ['footer date line alone, in the ID column', [], [['单位（盖章）'], [null, null, '二〇一七年元月十八日']]],
    ];
    for (const [what, above, footer] of cases) {
      const { p } = await previewOf(ledger, { S: roster(above, footer) }, { programId });
      expect([what, p.defaultPaidOn, p.defaultPaidOnFrom, dates(p)]).toEqual([what, '2017-01-18', 'filedOn', ['2017-01-18']]);
      // A footer line is no payee: the 5 clean rows and the 2 held ones, nothing else.
      expect([what, p.summary.ok, p.summary.error]).toEqual([what, 5, 2]);
    }
  });

  it('is not a birth, print or payment-column date; nor a 填报日期 outside the program’s year or dates, which is said', async () => {
    const ledger = tempLedger();
    const programId = spring(ledger);
    // Not a 填报日期: 打印日期, 出生日期. With no program start and today not in 2017: 1 January, said to be checked.
    for (const line of ['打印日期：2017年1月18日', '出生日期：2017年1月18日']) {
      const { p } = await previewOf(ledger, { S: roster([[line]]) }, { programId });
      expect([line, p.defaultPaidOn, p.defaultPaidOnFrom, p.sheets[0]!.filedOn]).toEqual([line, '2017-01-01', 'yearStart', null]);
    }
    // Filled in the year before (the roster was drawn up in December): not the program’s year.
    const early = await previewOf(ledger, { S: roster([['填报日期：2016年12月28日']]) }, { programId });
    expect([early.p.defaultPaidOn, early.p.defaultPaidOnFrom, dates(early.p)]).toEqual(['2017-01-01', 'yearStart', ['2017-01-01']]);
    expect(early.p.sheets[0]!.roleReason).toMatch(/表中的填报日期 2016-12-28 不在项目“2017年春节送温暖”的 2017 年度内，没有写发放日期的行未按它登记/);
    // Before the program’s start: its start, as before.
    const started = tempLedger();
    const startedId = spring(started, { startsOn: '2017-01-20', endsOn: '2017-02-10' });
    const before = await previewOf(started, { S: roster([['填报日期：2017年1月18日']]) }, { programId: startedId });
    expect([before.p.defaultPaidOn, before.p.defaultPaidOnFrom]).toEqual(['2017-01-20', 'programStart']);
    expect(before.p.sheets[0]!.roleReason).toMatch(/填报日期 2017-01-18 在项目“2017年春节送温暖”的开始日期 2017-01-20 之前/);
    // Within its dates: the 填报日期, not the start.
    const within = await previewOf(started, { S: roster([['填报日期：2017年1月25日']]) }, { programId: startedId });
    expect([within.p.defaultPaidOn, within.p.defaultPaidOnFrom]).toEqual(['2017-01-25', 'filedOn']);
    // The title’s payment date stays the rows’ own date (not a default), and the date the clerk chooses is taken over the 填报日期.
    const paid = await previewOf(ledger, { S: roster([['填报日期：2017年1月18日'], ['（2017年1月20日发放）']]) }, { programId });
    expect([dates(paid.p), paid.p.summary.undatedRows]).toEqual([['2017-01-20'], 0]);
    const chosen = await previewOf(ledger, { S: roster([['填报日期：2017年1月18日']]) }, { programId, paidOn: '2017-01-22' });
    expect([chosen.p.defaultPaidOn, chosen.p.defaultPaidOnFrom, dates(chosen.p)]).toEqual(['2017-01-22', 'chosen', ['2017-01-22']]);
  });

  it('is each township sheet’s own 填报日期; a sheet that states none takes the file’s', async () => {
    const ledger = tempLedger();
    const programId = spring(ledger);
    const { p, commit } = await previewOf(ledger, {
      盘溪镇: roster([['填报日期：2017年1月18日']]),
      华溪镇: roster([['填报日期：2017年1月20日']], [], idsIn('530422')),
      龙潭乡: roster([], [], idsIn('530423')),
    }, { programId });
    expect(p.sheets.map((s) => [s.name, s.filedOn, s.defaultPaidOn, s.defaultPaidOnFrom])).toEqual([
      ['盘溪镇', '2017-01-18', '2017-01-18', 'filedOn'], ['华溪镇', '2017-01-20', '2017-01-20', 'filedOn'], ['龙潭乡', null, '2017-01-18', 'filedOn'],
    ]);
    // The preview’s date: the one most rows get.
    expect(p.defaultPaidOn).toBe('2017-01-18');
    commit();
    expect(ledger.db.prepare('SELECT paid_on, count(*) FROM payments GROUP BY paid_on ORDER BY paid_on').raw().all()).toEqual([['2017-01-18', 10], ['2017-01-20', 5]]);
  });

  it('counts every row without a date, saying how many of them are imported; the CLI JSON keeps its shape', async () => {
    const ledger = tempLedger();
    const programId = spring(ledger);
    const { p, commit } = await previewOf(ledger, { S: roster([['填报日期：2017年1月18日']]) }, { programId });
    // 7 rows write no date: 5 are imported with it, 2 are held (they get it once corrected). The count said "5" for all.
    expect([p.summary.undatedRows, p.summary.defaultDateRows]).toEqual([7, 5]);
    // A date written that cannot be read is not “no date”.
    const unreadable = await previewOf(ledger, { S: [['姓名', '身份证号码', '金额', '发放日期'], ['王芳', ids[0]!, 500, '2017年13月1日'], ['李强', ids[1]!, 500, null]] }, { programId });
    expect([unreadable.p.summary.undatedRows, unreadable.p.summary.defaultDateRows]).toEqual([1, 1]);
    expect(Object.keys(previewToCliJson(p))).toEqual(['file', 'format', 'outcome', 'sheets', 'rows', 'summary']);
    expect(Object.keys(previewToCliJson(p).summary)).toEqual(['ok', 'warn', 'error', 'skip', 'totalFen', 'acceptedFen', 'statedTotals']);
    expect(Object.keys(previewToCliJson(p).sheets[0]!)).toEqual(['name', 'role', 'headerRow', 'columns']);
    commit();
    expect(ledger.db.prepare('SELECT count(*) FROM payments WHERE paid_on = ?').pluck().get('2017-01-18')).toBe(5);
  });

  it('reads a footer’s date as the rows arrive from the worker as in the whole sheet (a roster longer than the header scan)', async () => {
    const many: Cells[] = [['姓名', '身份证号码', '金额']];
    for (let i = 0; i < 60; i++) many.push([`职工${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'子丑寅卯辰巳午未申酉'[Math.floor(i / 10)]}`, makeIdNumber('530424', '1970-01-01', 100 + 2 * i, false), 500]);
    many.push(['经办人：张三', null, '填报日期：2017年1月18日']);
    const wb = await parseImportBytes(await simpleXlsx({ S: many as never }), 'long.xlsx');
    const stream = new AnalysisStream();
    stream.sheetStart(0, wb.sheets[0]!.name, false);
    for (let at = 0; at < wb.sheets[0]!.rows.length; at += 7) stream.rowsIn(0, wb.sheets[0]!.rows.slice(at, at + 7));
    stream.sheetEnd(0, wb.sheets[0]!);
    expect([stream.result(wb)!.sheets[0]!.filedOn, analyzeWorkbook(wb).sheets[0]!.filedOn]).toEqual(['2017-01-18', '2017-01-18']);
  });
});
