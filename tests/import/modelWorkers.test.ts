/**
 * Model-worker (劳模) rosters as counties write them (sweep 94): the awarding body is no work unit, 原/现工作单位,
 * the award year under its many headers and spellings, honours and the subsidy kind under other header words, a level
 * column that contradicts the title, 出生年份 as a year. Real .xlsx files built with exceljs, read through the core
 * preview and committed, row by row.
 */
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { IMPORT_FIELD_LABELS, type ImportOptions, type ImportPreview, type ImportPreviewRow } from '../../shared/import.ts';
import { commitImport, createImportSession, parseImportBytes, previewImport, previewToCliJson, revertImport, type ImportSession } from '../../electron/core/import/index.ts';
import { yearAwardedOf } from '../../electron/core/import/analyze.ts';
import { readSubsidyKind, subsidyKindOf } from '../../electron/core/import/subsidyKind.ts';
import type { Ledger } from '../../electron/core/ledger.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { createModelWorker, deleteModelWorker, listModelWorkers, updateModelWorker } from '../../electron/core/services/modelWorkers.ts';
import { createPerson } from '../../electron/core/services/people.ts';
import { LedgerError } from '../../electron/core/errors.ts';
import { checkLedger } from '../../electron/core/maintenance.ts';
import { EARLIEST_AWARD_YEAR, LATEST_AWARD_YEAR } from '../../shared/domain/modelWorkers.ts';
import { ModelWorkerFieldsSchema } from '../../shared/registerSchemas.ts';
import { makeIdNumber } from '../bench/generate.ts';
import { dumpTables, dumpValues, tempLedger } from '../helpers/ledger.ts';
import { simpleXlsx } from './fixtures.ts';

type Cell = string | number | Date | null;

function program(ledger: Ledger, kind = '劳模补助'): number {
  return ledger.run({ kind: 'program.create', label: '新建项目', source: 'keyed' }, (tx) =>
    createProgram(tx, { code: kind === '劳模补助' ? 'LM' : 'P1', name: `2024年${kind}`, year: 2024, kind, startsOn: '2024-01-10' }),
  );
}

async function open(rows: Cell[][], name = '劳模.xlsx', merges: string[] = []): Promise<ImportSession> {
  return createImportSession(await parseImportBytes(await simpleXlsx({ 劳模: rows }, { 劳模: merges }), name));
}

async function preview(rows: Cell[][], options: ImportOptions = {}): Promise<{ ledger: Ledger; session: ImportSession; p: ImportPreview; programId: number }> {
  const ledger = tempLedger();
  const programId = program(ledger);
  const session = await open(rows);
  return { ledger, session, programId, p: previewImport(ledger, session, { programId, ...options }) };
}

const codes = (r: ImportPreviewRow) => r.reasons.map((x) => x.code).join(',');
const honour = (r: ImportPreviewRow) => [r.name, r.status, codes(r), r.honourTitle, r.honourLevel, r.yearAwarded];
const id = (born: string, seq: number, male = true) => makeIdNumber('530424', born, seq, male);

function stored(ledger: Ledger) {
  return ledger.db.prepare(`SELECT p.name, u.name AS unit, m.title, m.honour_level AS level, m.year_awarded AS year, m.subsidy_kind AS kind
    FROM people p LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN model_workers m ON m.person_id = p.id ORDER BY p.id`).all();
}

/** Each model-worker record's person and 授予单位, in the order made. */
function bodies(ledger: Ledger) {
  return ledger.db.prepare('SELECT p.name, m.awarding_body FROM model_workers m JOIN people p ON p.id = m.person_id ORDER BY m.id').raw().all();
}

describe('the awarding body (授予单位) is not the work unit (sweep 94 M1)', () => {
  it('takes 工作单位 as the unit beside 授予单位 / 授予机关 / 表彰单位 / 批准单位 / 命名单位, and commits it so', async () => {
    for (const word of ['授予单位', '授予机关', '表彰单位', '批准单位', '命名单位']) {
      const { ledger, session, p } = await preview([
        ['序号', '姓名', '身份证号码', '劳模称号', word, '工作单位', '补助金额'],
        [1, '冯一', id('1958-01-01', 501), '云南省劳动模范', '云南省人民政府', '县磷肥厂', 2000],
        [2, '冯二', id('1959-01-01', 503, false), '全国劳动模范', '国务院', '县糖厂', 3000],
      ]);
      expect(previewToCliJson(p).sheets[0]!.columns, word).toEqual({ A: 'seq', B: 'name', C: 'idNumber', D: 'honourTitle', E: 'awardedBy', F: 'unit', G: 'amount' });
      expect(p.rows.map((r) => [r.name, r.status, r.unit, r.honourLevel]), word).toEqual([['冯一', 'ok', '县磷肥厂', '省部级'], ['冯二', 'ok', '县糖厂', '全国']]);
      commitImport(ledger, session);
      expect(stored(ledger), word).toEqual([
        { name: '冯一', unit: '县磷肥厂', title: '云南省劳动模范', level: '省部级', year: null, kind: null },
        { name: '冯二', unit: '县糖厂', title: '全国劳动模范', level: '全国', year: null, kind: null },
      ]);
      expect(ledger.db.prepare("SELECT count(*) FROM units WHERE name IN ('云南省人民政府', '国务院')").pluck().get(), word).toBe(0);
      expect(bodies(ledger), word).toEqual([['冯一', '云南省人民政府'], ['冯二', '国务院']]);
    }
  });

  it('reads the level from an awarding body that states it plainly when neither a level column nor the title does; any other body leaves the row warned', async () => {
    const { ledger, session, p } = await preview([
      ['序号', '姓名', '身份证号码', '劳模称号', '授予单位', '补助金额'],
      [1, '冯一', id('1958-01-01', 501), '劳动模范', '云南省人民政府', 2000],
      [2, '冯二', id('1959-01-01', 503, false), '先进工作者', '玉溪市人民政府', 1000],
      [3, '冯三', id('1959-01-01', 505), '劳动模范', '国务院', 3000],
      [4, '冯四', id('1959-01-01', 507), '劳动模范', '中华全国总工会', 3000],
      [5, '冯五', id('1959-01-01', 509), '劳动模范', '省总工会', 2000],
      [6, '冯六', id('1959-01-01', 511), '先进工作者', '楚雄州人民政府', 1000],
      [7, '冯七', id('1959-01-01', 513), '劳动模范', '红塔集团', 1000],
      [8, '冯八', id('1959-01-01', 515), '劳动模范', '云南省工业和信息化厅', 1000],
      // The title's own level stands (the body is who signed the certificate).
      [9, '冯九', id('1959-01-01', 517), '玉溪市劳动模范', '云南省人民政府', 1000],
    ]);
    expect(p.rows.map((r) => [r.name, r.status, codes(r), r.unit, r.honourLevel])).toEqual([
      ['冯一', 'ok', '', null, '省部级'],
      ['冯二', 'ok', '', null, '州市级'],
      ['冯三', 'ok', '', null, '全国'],
      ['冯四', 'ok', '', null, '全国'],
      ['冯五', 'ok', '', null, '省部级'],
      ['冯六', 'ok', '', null, '州市级'],
      ['冯七', 'warn', 'honour_level_unknown', null, null],
      ['冯八', 'warn', 'honour_level_unknown', null, null],
      ['冯九', 'ok', '', null, '州市级'],
    ]);
    commitImport(ledger, session);
    expect(stored(ledger).map((x: any) => [x.name, x.unit, x.level])).toEqual([
      ['冯一', null, '省部级'], ['冯二', null, '州市级'], ['冯三', null, '全国'], ['冯四', null, '全国'], ['冯五', null, '省部级'], ['冯六', null, '州市级'],
      ['冯七', null, null], ['冯八', null, null], ['冯九', null, '州市级'],
    ]);
  });

  it('a level column still decides over the awarding body', async () => {
    const { p } = await preview([
      ['姓名', '身份证号码', '劳模称号', '荣誉级别', '授予单位', '补助金额'],
      ['冯一', id('1958-01-01', 501), '劳动模范', '州市级', '云南省人民政府', 2000],
    ]);
    expect(p.rows.map((r) => [r.status, r.honourLevel])).toEqual([['ok', '州市级']]);
  });
});

describe('the awarding body (授予单位) is stored on the model-worker record the import makes', () => {
  it('cleaned as the register cleans it (spaces collapsed), in Simplified like the title and unit; merged down; blank is none; the CLI JSON as before', async () => {
    const ledger = tempLedger();
    const programId = program(ledger);
    const session = await open([
      ['序号', '姓名', '身份证号码', '劳模称号', '荣誉级别', '授予年份', '授予单位', '工作单位', '补助金额'],
      [1, '冯一', id('1958-01-01', 501), '云南省劳动模范', '省部级', 2005, '　云南省　　人民政府 ', '县磷肥厂', 2000],
      [2, '冯二', id('1959-01-01', 503, false), '全國勞動模範', '全国', 2010, '國務院', '县糖厂', 3000],
      [3, '冯三', id('1959-01-01', 505), '玉溪市劳动模范', '州市级', 2012, '玉溪市人民政府', '县糖厂', 1000],
      // 玉溪市人民政府 merged over 冯四 and 冯五: both rows' (a unit merged down is filled so too).
      [4, '冯四', id('1959-01-01', 507), '玉溪市劳动模范', '州市级', 2012, '玉溪市人民政府', '县糖厂', 1000],
      [5, '冯五', id('1959-01-01', 509), '县劳动模范', '县级', 2015, null, '县水泥厂', 500],
      // Blank: no body (not an empty text).
      [6, '冯六', id('1959-01-01', 511), '县劳动模范', '县级', 2016, '  ', '县水泥厂', 500],
    ], '劳模.xlsx', ['G5:G6']);
    const p = previewImport(ledger, session, { programId });
    expect(p.rows.map((r) => [r.name, r.status, codes(r)])).toEqual(['冯一', '冯二', '冯三', '冯四', '冯五', '冯六'].map((n) => [n, 'ok', '']));
    // The CLI's JSON keeps its fixed shape: the column mapped, nothing added to a row.
    const json = previewToCliJson(p);
    expect(json.sheets[0]!.columns.G).toBe('awardedBy');
    // The mapping's label no longer says 不导入.
    expect(IMPORT_FIELD_LABELS.awardedBy).toBe('授予单位');
    expect(Object.keys(json.rows[0]!)).toEqual(['sheet', 'row', 'status', 'reasons', 'name', 'idNumber', 'gender', 'unit', 'category', 'amountFen']);
    commitImport(ledger, session);
    expect(bodies(ledger)).toEqual([['冯一', '云南省 人民政府'], ['冯二', '国务院'], ['冯三', '玉溪市人民政府'], ['冯四', '玉溪市人民政府'], ['冯五', '玉溪市人民政府'], ['冯六', null]]);
    expect(ledger.db.prepare('SELECT title FROM model_workers WHERE id = 2').pluck().get()).toBe('全国劳动模范');
    // The register reads it (the grid, the filing export's 授予单位).
    expect(listModelWorkers(ledger).find((m) => m.personName === '冯二')!.awardingBody).toBe('国务院');
    // What the service would store for the same text is what the import stored.
    const feng = ledger.db.prepare("SELECT person_id FROM model_workers WHERE awarding_body = '云南省 人民政府'").pluck().get() as number;
    const keyed = ledger.run({ kind: 'mw', label: '劳模', source: 'keyed' }, (tx) => createModelWorker(tx, { personId: feng, honourLevel: '县级', title: '县劳动模范', awardingBody: '　云南省　　人民政府 ' }));
    expect(ledger.db.prepare('SELECT awarding_body FROM model_workers WHERE id = ?').pluck().get(keyed)).toBe('云南省 人民政府');
  });

  it('a record the ledger has keeps its own 授予单位, as it keeps its level and year; the batch reverts to the ledger exactly as before', async () => {
    const ledger = tempLedger();
    const programId = program(ledger);
    const [a, b, d] = [id('1958-01-01', 501), id('1959-01-01', 503, false), id('1961-01-01', 507)];
    // 冯一 holds 全国劳动模范 with no body and no year; 冯二 holds 云南省劳动模范 with 云南省人民政府 and 2001; 冯四 no honour.
    ledger.run({ kind: 'mw', label: '劳模', source: 'keyed' }, (tx) => {
      const one = createPerson(tx, { name: '冯一', idNumber: a });
      const two = createPerson(tx, { name: '冯二', idNumber: b });
      createPerson(tx, { name: '冯四', idNumber: d });
      createModelWorker(tx, { personId: one, honourLevel: '全国', title: '全国劳动模范' });
      createModelWorker(tx, { personId: two, honourLevel: '省部级', title: '云南省劳动模范', yearAwarded: 2001, awardingBody: '云南省人民政府' });
    });
    const before = dumpTables(ledger);
    const session = await open([
      ['姓名', '身份证号码', '劳模称号', '荣誉级别', '授予年份', '授予单位', '补助金额'],
      ['冯一', a, '全国劳动模范', '全国', 2005, '国务院', 3000],
      ['冯二', b, '云南省劳动模范', '省部级', 2003, '中共云南省委', 2000],
      ['冯三', id('1960-01-01', 505), '县劳动模范', '县级', 2015, '华宁县人民政府', 500],
      ['冯四', d, '云南省劳动模范', '省部级', 1999, '云南省人民政府', 2000],
    ]);
    expect(previewImport(ledger, session, { programId }).rows.map((r) => [r.name, r.status])).toEqual([['冯一', 'ok'], ['冯二', 'ok'], ['冯三', 'ok'], ['冯四', 'ok']]);
    const { batchId } = commitImport(ledger, session);
    const records = () => ledger.db.prepare('SELECT p.name, m.title, m.year_awarded AS year, m.awarding_body AS body FROM model_workers m JOIN people p ON p.id = m.person_id ORDER BY m.id').raw().all();
    expect(records()).toEqual([
      ['冯一', '全国劳动模范', null, null],
      ['冯二', '云南省劳动模范', 2001, '云南省人民政府'],
      ['冯三', '县劳动模范', 2015, '华宁县人民政府'],
      ['冯四', '云南省劳动模范', 1999, '云南省人民政府'],
    ]);
    // The commit wrote nothing on the records the ledger had.
    const commitCommand = ledger.db.prepare('SELECT max(id) FROM commands').pluck().get();
    expect(ledger.db.prepare("SELECT count(*) FROM audit_log WHERE command_id = ? AND table_name = 'model_workers' AND op = 'update'").pluck().get(commitCommand)).toBe(0);
    // Written through the audit: replaying it rebuilds the same tables, 授予单位 and all.
    expect(checkLedger(ledger).ok).toBe(true);
    expect(revertImport(ledger, batchId)).toMatchObject({ deletedPayments: 4, deletedPeople: 1, deletedModelWorkers: 2 });
    const { import_batches: _b, ...after } = dumpTables(ledger);
    const { import_batches: _a, ...start } = before;
    expect(after).toEqual(start);
    expect(checkLedger(ledger).ok).toBe(true);
  });

  it('a record the batch made whose 授予单位 the clerk has changed since stays at the revert; one changed back goes', async () => {
    const ledger = tempLedger();
    const programId = program(ledger);
    const rows: Cell[][] = [['姓名', '身份证号码', '劳模称号', '荣誉级别', '授予单位', '补助金额'], ['冯一', id('1958-01-01', 501), '云南省劳动模范', '省部级', '云南省人民政府', 2000]];
    const before = dumpValues(ledger);
    const edit = (body: string) => ledger.run({ kind: 'mw', label: '劳模', source: 'keyed' }, (tx) =>
      updateModelWorker(tx, ledger.db.prepare('SELECT id FROM model_workers').pluck().get() as number, { awardingBody: body }));
    let session = await open(rows);
    previewImport(ledger, session, { programId });
    let batch = commitImport(ledger, session).batchId;
    edit('云南省人民政府（省政府令）');
    expect(revertImport(ledger, batch)).toMatchObject({ deletedModelWorkers: 0, deletedPeople: 0 });
    expect(bodies(ledger)).toEqual([['冯一', '云南省人民政府（省政府令）']]);
    edit('云南省人民政府');
    ledger.run({ kind: 'mw', label: '劳模', source: 'keyed' }, (tx) => deleteModelWorker(tx, ledger.db.prepare('SELECT id FROM model_workers').pluck().get() as number));
    // Made again by a second batch, changed and changed back: as made, so its revert takes it (and the person).
    session = await open(rows, '劳模2.xlsx');
    previewImport(ledger, session, { programId });
    batch = commitImport(ledger, session).batchId;
    edit('云南省政府');
    edit('云南省人民政府');
    expect(revertImport(ledger, batch)).toMatchObject({ deletedModelWorkers: 1 });
    expect(bodies(ledger)).toEqual([]);
    expect(JSON.parse(dumpValues(ledger).model_workers!)).toEqual(JSON.parse(before.model_workers!));
  });
});

describe('原工作单位 | 现工作单位 (sweep 94 M7)', () => {
  it('takes the current unit when both are written, the former one when it is the only unit', async () => {
    const both = await preview([
      ['序号', '姓名', '身份证号码', '原工作单位', '现工作单位', '劳模称号', '补助金额'],
      [1, '冯一', id('1958-01-01', 501), '县磷肥厂（已破产）', '宁州街道社区', '云南省劳动模范', 2000],
    ]);
    expect(previewToCliJson(both.p).sheets[0]!.columns).toEqual({ A: 'seq', B: 'name', C: 'idNumber', E: 'unit', F: 'honourTitle', G: 'amount' });
    expect(both.p.rows.map((r) => [r.status, r.unit])).toEqual([['ok', '宁州街道社区']]);
    commitImport(both.ledger, both.session);
    expect(stored(both.ledger).map((x: any) => x.unit)).toEqual(['宁州街道社区']);
    // 现工作单位 first, 原工作单位 after it: the same.
    const swapped = await preview([
      ['姓名', '身份证号码', '现工作单位', '原工作单位', '劳模称号', '补助金额'],
      ['冯一', id('1958-01-01', 501), '宁州街道社区', '县磷肥厂', '云南省劳动模范', 2000],
    ]);
    expect(swapped.p.rows.map((r) => r.unit)).toEqual(['宁州街道社区']);
    // 现工作单位 blank on a row: the former one, not none (helper 96).
    const blankNow = await preview([
      ['姓名', '身份证号码', '原工作单位', '现工作单位', '劳模称号', '补助金额'],
      ['冯一', id('1958-01-01', 501), '县磷肥厂', '宁州街道社区', '云南省劳动模范', 2000],
      ['冯二', id('1959-01-01', 503, false), '县糖厂', null, '全国劳动模范', 3000],
    ]);
    expect(blankNow.p.rows.map((r) => r.unit)).toEqual(['宁州街道社区', '县糖厂']);
    const alone = await preview([
      ['姓名', '身份证号码', '原工作单位', '劳模称号', '补助金额'],
      ['冯一', id('1958-01-01', 501), '县磷肥厂', '云南省劳动模范', 2000],
    ]);
    expect(alone.p.rows.map((r) => [r.status, r.unit])).toEqual([['ok', '县磷肥厂']]);
  });
});

describe('the award year (sweep 94 M2)', () => {
  it('reads the year under 获评年度, 获评时间, 授予时间, 获得时间, 表彰年度, 命名时间 and the Traditional 獲評年度', async () => {
    for (const word of ['获评年度', '获评时间', '授予时间', '获得时间', '表彰年度', '命名时间', '獲評年度', '批准时间', '评定时间', '年度']) {
      const { ledger, session, p } = await preview([
        ['姓名', '身份证号码', '劳模称号', word, '补助金额'],
        ['马云华', id('1963-07-07', 31), '全国劳动模范', '2010年', 3000],
      ]);
      expect(previewToCliJson(p).sheets[0]!.columns.D, word).toBe('yearAwarded');
      expect(p.rows.map(honour), word).toEqual([['马云华', 'ok', '', '全国劳动模范', '全国', 2010]]);
      commitImport(ledger, session);
      expect(stored(ledger).map((x: any) => x.year), word).toEqual([2010]);
    }
  });

  it('takes plain 年度 (and 批准时间, 评定时间) as the award year only beside an honour column: elsewhere it is the roster’s own year, as on a relief roster', async () => {
    const far = await preview([
      ['年度', '姓名', '身份证号码', '劳模称号', '补助类别', '补助金额'],
      [2024, '马云华', id('1963-07-07', 31), '全国劳动模范', '三金', 3000],
    ]);
    expect(previewToCliJson(far.p).sheets[0]!.columns).toEqual({ B: 'name', C: 'idNumber', D: 'honourTitle', E: 'category', F: 'amount' });
    expect(far.p.rows.map(honour)).toEqual([['马云华', 'ok', '', '全国劳动模范', '全国', null]]);
    const ledger = tempLedger();
    const programId = program(ledger, '送温暖');
    for (const word of ['年度', '批准时间', '评定时间']) {
      const relief = previewImport(ledger, await open([
        ['姓名', '身份证号码', '工作单位', word, '困难类别', '慰问金额'],
        ['王芳', '530424197512030026', '县机械厂', '2024', '因病', 500],
      ], '送温暖.xlsx'), { programId });
      expect(previewToCliJson(relief).sheets[0]!.columns, word).toEqual({ A: 'name', B: 'idNumber', C: 'unit', E: 'category', F: 'amount' });
      expect(relief.rows.map((r) => [r.status, codes(r), r.yearAwarded, r.category, r.amountFen]), word).toEqual([['ok', '', null, '因病', 50_000]]);
    }
  });

  it('reads the year however written, and warns on a year it cannot read, one in the future or before 1950 (not a silent null)', async () => {
    const thisYear = new Date().getFullYear();
    const values: [Cell, number | null, string][] = [
      [2005, 2005, ''], ['2005年', 2005, ''], [2005.4, 2005, ''], ['2005.4', 2005, ''], ['2005年4月', 2005, ''],
      ["'05", 2005, ''], ['’05', 2005, ''], ['05年', 2005, ''], ['98年', 1998, ''], ['二〇〇五年', 2005, ''], ['二零零五年', 2005, ''], ['２００５年', 2005, ''],
      [new Date(Date.UTC(2005, 3, 30)), 2005, ''], [38472, 2005, ''], ['38472', 2005, ''], ['20050430', 2005, ''],
      ['2050', null, 'year_awarded_unreadable'], [thisYear + 1, null, 'year_awarded_unreadable'], [1949, null, 'year_awarded_unreadable'],
      ['不详', null, 'year_awarded_unreadable'], [null, null, ''],
    ];
    const rows: Cell[][] = [['姓名', '身份证号码', '劳模称号', '授予年份', '补助金额']];
    values.forEach(([v], i) => rows.push([`甲${i + 1}`, id('1960-01-01', 101 + 2 * i), '全国劳动模范', v, 3000]));
    const { ledger, session, p } = await preview(rows);
    expect(p.rows.map((r) => [r.name, r.status, codes(r), r.yearAwarded])).toEqual(values.map(([, year, code], i) => [`甲${i + 1}`, code ? 'warn' : 'ok', code, year]));
    expect(p.rows[16]!.reasons[0]!.message).toBe('D列（授予年份）：授予年份“2050”（2050年）晚于今年，未登记授予年份，请核对');
    expect(p.rows[18]!.reasons[0]!.message).toBe('D列（授予年份）：授予年份“1949”（1949年）早于1950年，未登记授予年份，请核对');
    expect(p.rows[19]!.reasons[0]!.message).toBe('D列（授予年份）：授予年份“不详”无法识别，未登记授予年份，请核对');
    commitImport(ledger, session);
    expect(stored(ledger).map((x: any) => x.year)).toEqual(values.map(([, year]) => year));
  });
});

describe('one earliest award year for the import and the register (EARLIEST_AWARD_YEAR)', () => {
  it('the year the import warns on as before the earliest, the register refuses (service and contract); the earliest itself both take', async () => {
    expect(EARLIEST_AWARD_YEAR).toBe(1950);
    const early = EARLIEST_AWARD_YEAR - 1;
    const { ledger, session, p } = await preview([
      ['姓名', '身份证号码', '劳模称号', '授予年份', '补助金额'],
      ['甲一', id('1925-01-01', 101), '全国劳动模范', early, 3000],
      ['甲二', id('1925-01-01', 103), '全国劳动模范', EARLIEST_AWARD_YEAR, 3000],
    ]);
    expect(p.rows.map((r) => [r.name, r.status, codes(r), r.yearAwarded])).toEqual([['甲一', 'warn', 'year_awarded_unreadable', null], ['甲二', 'ok', '', EARLIEST_AWARD_YEAR]]);
    commitImport(ledger, session);
    expect(stored(ledger).map((x: any) => x.year)).toEqual([null, EARLIEST_AWARD_YEAR]);
    const first = ledger.db.prepare('SELECT id FROM model_workers ORDER BY id').pluck().get() as number;
    const inTx = (fn: Parameters<Ledger['run']>[1]) => ledger.run({ kind: 'mw', label: '劳模', source: 'keyed' }, fn);
    // The register's service: the year the import would not store is refused, in Chinese, nothing written.
    expect(() => inTx((tx) => updateModelWorker(tx, first, { yearAwarded: early }))).toThrow(`获评年度无效：${early}（应为 ${EARLIEST_AWARD_YEAR}–2199 年）`);
    const person = ledger.db.prepare('SELECT person_id FROM model_workers WHERE id = ?').pluck().get(first) as number;
    expect(() => inTx((tx) => createModelWorker(tx, { personId: person, honourLevel: '省部级', title: '云南省劳动模范', yearAwarded: early }))).toThrow(LedgerError);
    inTx((tx) => updateModelWorker(tx, first, { yearAwarded: EARLIEST_AWARD_YEAR }));
    expect(ledger.db.prepare('SELECT year_awarded FROM model_workers ORDER BY id').pluck().all()).toEqual([EARLIEST_AWARD_YEAR, EARLIEST_AWARD_YEAR]);
    // The contract's schema (modelWorkers.create / update) holds the same range.
    expect(ModelWorkerFieldsSchema.safeParse({ yearAwarded: early }).success).toBe(false);
    expect(ModelWorkerFieldsSchema.safeParse({ yearAwarded: EARLIEST_AWARD_YEAR }).success).toBe(true);
    expect(ModelWorkerFieldsSchema.safeParse({ yearAwarded: LATEST_AWARD_YEAR }).success).toBe(true);
    expect(ModelWorkerFieldsSchema.safeParse({ yearAwarded: LATEST_AWARD_YEAR + 1 }).success).toBe(false);
    // The import's reading of a year: the same edge.
    expect(yearAwardedOf(early).problem).toBe(`授予年份“${early}”（${early}年）早于${EARLIEST_AWARD_YEAR}年`);
    expect(yearAwardedOf(EARLIEST_AWARD_YEAR)).toEqual({ year: EARLIEST_AWARD_YEAR, problem: null });
  });
});

describe('honours and the subsidy kind under other header words (sweep 94 M3, L3)', () => {
  it('reads 获得荣誉 or 荣誉 as the honour only beside another honour column: on a 送温暖 roster it makes no model-worker record (helper 96)', async () => {
    for (const word of ['获得荣誉', '荣誉', '荣誉情况']) {
      const ledger = tempLedger();
      const programId = program(ledger, '送温暖');
      const session = await open([['姓名', '身份证号码', word, '年度', '慰问金'], ['马云华', id('1963-07-07', 31), '县优秀共产党员', 2024, 500]], '送温暖.xlsx');
      const relief = previewImport(ledger, session, { programId });
      expect(previewToCliJson(relief).sheets[0]!.columns.C, word).not.toBe('honourTitle');
      expect(previewToCliJson(relief).sheets[0]!.columns.D, word).toBeUndefined();
      expect(relief.rows.map((r) => [r.status, r.honourTitle])).toEqual([['ok', null]]);
      commitImport(ledger, session);
      expect(stored(ledger).map((x: any) => [x.name, x.title, x.level]), word).toEqual([['马云华', null, null]]);
      // (荣誉情况 is kept in 备注 there, as before.)
      if (word === '荣誉情况') continue;
      const honours = await preview([['姓名', '身份证号码', word, '授予年份', '补助金额'], ['马云华', id('1963-07-07', 31), '全国劳动模范', 2005, 3000]]);
      expect(previewToCliJson(honours.p).sheets[0]!.columns.C, word).toBe('honourTitle');
      expect(honours.p.rows.map(honour), word).toEqual([['马云华', 'ok', '', '全国劳动模范', '全国', 2005]]);
    }
    // 获得荣誉时间 / 荣誉时间 are the year, not the title (the title became 2005年, the 荣誉称号 beside it dropped).
    const time = await preview([['姓名', '身份证号码', '获得荣誉时间', '荣誉称号', '补助金额'], ['马云华', id('1963-07-07', 31), '2005年', '全国劳动模范', 3000]]);
    expect(previewToCliJson(time.p).sheets[0]!.columns).toEqual({ A: 'name', B: 'idNumber', C: 'yearAwarded', D: 'honourTitle', E: 'amount' });
    // 荣誉奖金 is money.
    const prize = await preview([['姓名', '身份证号码', '劳模称号', '荣誉奖金'], ['马云华', id('1963-07-07', 31), '全国劳动模范', 3000]]);
    expect(prize.p.rows.map((r) => r.amountFen)).toEqual([300_000]);
  });

  it('reads the honour title under 劳模类别, 劳模类型, 荣誉称号, 荣誉名称, 劳模荣誉, 何时何地获何种荣誉, with its level', async () => {
    for (const word of ['劳模类别', '劳模类型', '荣誉称号', '荣誉名称', '劳模荣誉', '何时何地获何种荣誉']) {
      const { ledger, session, p } = await preview([
        ['姓名', '身份证号码', word, '补助金额'],
        ['马云华', id('1963-07-07', 31), '全国劳动模范', 3000],
        ['马丽', id('1964-08-08', 32, false), '省部级劳模', 2000],
      ]);
      expect(previewToCliJson(p).sheets[0]!.columns.C, word).toBe('honourTitle');
      expect(p.rows.map(honour), word).toEqual([['马云华', 'ok', '', '全国劳动模范', '全国', null], ['马丽', 'ok', '', '省部级劳模', '省部级', null]]);
      commitImport(ledger, session);
      expect(stored(ledger).map((x: any) => [x.name, x.title, x.level]), word).toEqual([['马云华', '全国劳动模范', '全国'], ['马丽', '省部级劳模', '省部级']]);
    }
    // 何时何地获何种荣誉 with the year in it, no year column: the year too.
    const when = await preview([['姓名', '身份证号码', '何时何地获何种荣誉', '补助金额'], ['马云华', id('1963-07-07', 31), '2010年全国劳动模范', 3000]]);
    expect(when.p.rows.map(honour)).toEqual([['马云华', 'ok', '', '2010年全国劳动模范', '全国', 2010]]);
  });

  it('劳模类别 beside 获得荣誉: the kind is the level, the honour the title', async () => {
    const { p } = await preview([
      ['姓名', '身份证号码', '劳模类别', '获得荣誉', '获得时间', '金额'],
      ['马云华', id('1963-07-07', 31), '全国劳模', '全国劳动模范', '2010.5', 3000],
      ['马丽', id('1964-08-08', 32, false), '省部级劳模', '云南省劳动模范', '2008.4', 2000],
    ]);
    expect(previewToCliJson(p).sheets[0]!.columns).toEqual({ A: 'name', B: 'idNumber', C: 'honourLevel', D: 'honourTitle', E: 'yearAwarded', F: 'amount' });
    expect(p.rows.map(honour)).toEqual([['马云华', 'ok', '', '全国劳动模范', '全国', 2010], ['马丽', 'ok', '', '云南省劳动模范', '省部级', 2008]]);
  });

  it('reads 获奖级别, 劳模层次, 称号级别 as the level, not the title', async () => {
    for (const word of ['获奖级别', '劳模层次', '称号级别']) {
      const { p } = await preview([['姓名', '身份证号码', '劳模称号', word, '补助金额'], ['马云华', id('1963-07-07', 31), '劳动模范', '全国', 3000]]);
      expect(previewToCliJson(p).sheets[0]!.columns.D, word).toBe('honourLevel');
      expect(p.rows.map(honour), word).toEqual([['马云华', 'ok', '', '劳动模范', '全国', null]]);
    }
    // 称号级别 alone: a level, and the row says it has no title to record.
    const alone = await preview([['姓名', '身份证号码', '称号级别', '补助金额'], ['马云华', id('1963-07-07', 31), '省部级', 3000]]);
    expect(previewToCliJson(alone.p).sheets[0]!.columns.C).toBe('honourLevel');
    expect(alone.p.rows.map((r) => [r.honourTitle, r.honourLevel])).toEqual([[null, '省部级']]);
  });

  it('reads the subsidy kind (两金 / 三金) under 补助类型, 两金/三金, 享受类别, 享受待遇, as under 补助类别', async () => {
    for (const word of ['补助类型', '两金/三金', '享受类别', '享受待遇']) {
      const { ledger, session, p } = await preview([
        ['姓名', '身份证号码', '劳模称号', word, '补助金额'],
        ['冯一', id('1958-01-01', 501), '云南省劳动模范', '两金', 2000],
        ['冯二', id('1959-01-01', 503, false), '全国劳动模范', '三金', 3000],
      ]);
      expect(previewToCliJson(p).sheets[0]!.columns.D, word).toBe('category');
      expect(p.rows.map((r) => [r.status, r.category]), word).toEqual([['ok', '两金'], ['ok', '三金']]);
      commitImport(ledger, session);
      expect(stored(ledger).map((x: any) => [x.name, x.level, x.kind]), word).toEqual([['冯一', '省部级', '两金'], ['冯二', '全国', '三金']]);
    }
  });

  it('on a relief roster 补助类型 is the relief category, as 补助类别 is; 享受类别 / 享受待遇 stay unmapped there', async () => {
    const ledger = tempLedger();
    const programId = program(ledger, '送温暖');
    const p = previewImport(ledger, await open([
      ['姓名', '身份证号码', '工作单位', '补助类型', '享受待遇', '慰问金额'],
      ['王芳', '530424197512030026', '县机械厂', '因病', '低保', 500],
    ], '送温暖.xlsx'), { programId });
    expect(previewToCliJson(p).sheets[0]!.columns).toEqual({ A: 'name', B: 'idNumber', C: 'unit', D: 'category', F: 'amount' });
    expect(p.rows.map((r) => [r.status, codes(r), r.category, r.honourTitle, r.amountFen])).toEqual([['ok', '', '因病', null, 50_000]]);
    // Beside 困难类别 it is not: 困难类别 is the category, 补助类型 goes to 备注 (helper 96: 生活补助 became the category).
    const both = previewImport(ledger, await open([
      ['姓名', '身份证号码', '补助类型', '困难类别', '慰问金额'],
      ['王芳', '530424197512030026', '生活补助', '因病致困', 500],
    ], '送温暖2.xlsx'), { programId });
    expect(previewToCliJson(both).sheets[0]!.columns).toEqual({ A: 'name', B: 'idNumber', C: 'note', D: 'category', E: 'amount' });
    expect(both.rows.map((r) => r.category)).toEqual(['因病致困']);
  });

  it('a title naming several honours: the 荣誉级别 column says which counts, unwarned (helper 96: the title\'s highest won)', async () => {
    const { p } = await preview([
      ['姓名', '身份证号码', '劳模称号', '荣誉级别', '补助金额'],
      ['钱一', id('1960-01-01', 41), '云南省劳动模范、全国五一劳动奖章', '省部级', 3000],
    ]);
    expect(p.rows.map(honour)).toEqual([['钱一', 'ok', '', '云南省劳动模范、全国五一劳动奖章', '省部级', null]]);
  });

  it('reads an award year typed as a date in digits, and says a 0 or a Latin O is no year it can read wrongly (helper 96)', () => {
    expect([20050430, 200504, 2005, 5, '二OO五年', '二ＯＯ五年', '二〇〇五年'].map((c) => yearAwardedOf(c, 2026).year)).toEqual([2005, 2005, 2005, 2005, 2005, 2005, 2005]);
    expect(yearAwardedOf(0, 2026)).toEqual({ year: null, problem: '授予年份“0”无法识别' });
  });
});

describe('a 荣誉级别 column that contradicts the title (sweep 94 M4)', () => {
  it('keeps the level the title states and warns naming both; a level the clerk types in the preview wins', async () => {
    const { ledger, session, p, programId } = await preview([
      ['序号', '姓名', '身份证号码', '劳模称号', '荣誉级别', '授予年份', '补助金额'],
      [1, '钱一', id('1960-01-01', 41), '全国劳动模范', '省部级', 2000, 3000],
      [2, '钱二', id('1960-01-01', 43), '玉溪市劳动模范', '全国', 2000, 3000],
      [3, '钱三', id('1960-01-01', 45), '云南省劳动模范', '省级', 2000, 2000],
      [4, '钱四', id('1960-01-01', 47), '劳动模范', '国家级', 2000, 3000],
    ]);
    expect(p.rows.map(honour)).toEqual([
      ['钱一', 'warn', 'honour_level_mismatch', '全国劳动模范', '全国', 2000],
      ['钱二', 'warn', 'honour_level_mismatch', '玉溪市劳动模范', '州市级', 2000],
      ['钱三', 'ok', '', '云南省劳动模范', '省部级', 2000],
      ['钱四', 'ok', '', '劳动模范', '全国', 2000],
    ]);
    expect(p.rows.slice(0, 2).map((r) => r.reasons[0]!.message)).toEqual([
      'E列（荣誉级别）：荣誉级别填写为“省部级”，但称号“全国劳动模范”是全国荣誉，按称号登记为全国；如级别无误，请核对称号或在预览中改写级别',
      'E列（荣誉级别）：荣誉级别填写为“全国”，但称号“玉溪市劳动模范”是州市级荣誉，按称号登记为州市级；如级别无误，请核对称号或在预览中改写级别',
    ]);
    const edited = previewImport(ledger, session, { programId, edits: [{ sheetIndex: 0, row: 2, field: 'honourLevel', value: '省部级' }] });
    expect(edited.rows.slice(0, 2).map(honour)).toEqual([
      ['钱一', 'ok', '', '全国劳动模范', '省部级', 2000],
      ['钱二', 'warn', 'honour_level_mismatch', '玉溪市劳动模范', '州市级', 2000],
    ]);
    commitImport(ledger, session);
    expect(stored(ledger).map((x: any) => [x.name, x.level])).toEqual([['钱一', '省部级'], ['钱二', '州市级'], ['钱三', '省部级'], ['钱四', '全国']]);
  });
});

describe('出生年份 (sweep 94 L2)', () => {
  it('compares a year alone with the ID’s year, not “无法识别”', async () => {
    const born = id('1958-01-01', 501);
    const { p } = await preview([
      ['姓名', '身份证号码', '出生年份', '劳模称号', '补助金额'],
      ['冯一', born, 1958, '云南省劳动模范', 2000],
      ['冯二', id('1959-03-01', 503, false), '1959年', '云南省劳动模范', 2000],
      ['冯三', id('1957-05-01', 505), '1958', '云南省劳动模范', 2000],
    ]);
    expect(p.rows.map((r) => [r.name, r.status, r.reasons.map((x) => x.message).join('')])).toEqual([
      ['冯一', 'ok', ''],
      ['冯二', 'ok', ''],
      ['冯三', 'warn', `C列（出生年份）：出生年份填写为 1958年，但身份证号 ${id('1957-05-01', 505)} 显示出生于 1957-05-01，请核对`],
    ]);
  });
});

describe('a 两金/三金 said to have stopped: one reading for the warning and the kind the commit stores (issue 6)', () => {
  /** Each row's kind as the committed ledger file holds it (read through a connection of its own), by name; '—' for no record. */
  function kindsInFile(file: string): Map<string, string | null> {
    const db = new Database(file, { readonly: true });
    try {
      const rows = db.prepare('SELECT p.name, m.subsidy_kind AS kind FROM people p LEFT JOIN model_workers m ON m.person_id = p.id ORDER BY p.id').all() as { name: string; kind: string | null }[];
      return new Map(rows.map((r) => [r.name, r.kind]));
    } finally {
      db.close();
    }
  }
  /** 类别, 备注; then the status and reasons the preview gives, and the kind the commit stores (null: none; '—': no record). */
  type Reading = [string, string | null, string, string, string | null];
  const cases: Reading[] = [
    // Stopped in the bracket, with the employer beside it, as 2金, in Traditional: warned, no kind.
    ['两金（已停发）', null, 'warn', 'subsidy_stopped', null],
    ['两金（2023年已停发）', null, 'warn', 'subsidy_stopped', null],
    ['两金（已停发，企业破产）', null, 'warn', 'subsidy_stopped', null],
    ['2金（已停发）', null, 'warn', 'subsidy_stopped', null],
    ['兩金（已停發）', null, 'warn', 'subsidy_stopped', null],
    ['曾享受两金', null, 'warn', 'subsidy_stopped', null],
    // (改制 is no change of kind: the analysis took it for one and did not warn.)
    ['两金（不再享受，企业已改制）', null, 'warn', 'subsidy_stopped', null],
    // A death beside a change of kind still ends it.
    ['两金（转三金，已故）', null, 'warn', 'subsidy_stopped', null],
    // Not stopped: a change of kind, the other kind's stop, a negation, the employer's state, an end or a stop to come.
    ['两金停发，转三金', null, 'ok', '', '三金'],
    ['三金（两金已停发）', null, 'ok', '', '三金'],
    ['三金（原两金已取消）', null, 'ok', '', '三金'],
    ['两金（未停发）', null, 'ok', '', '两金'],
    ['两金未停发', null, 'ok', '', '两金'],
    ['两金（企业已停产）', null, 'ok', '', '两金'],
    ['两金，企业已停产', null, 'ok', '', '两金'],
    ['两金（2099年到期）', null, 'ok', '', '两金'],
    ['两金（2099年起停发）', null, 'ok', '', '两金'],
    // Said not to apply: a model worker without the subsidy (paid for something else, a visit): no kind, no warning.
    ['不享受两金', null, 'ok', '', null],
    ['无两金', null, 'ok', '', null],
    ['三金（不享受）', null, 'ok', '', null],
    // A stop in 备注 alone: as one in the bracket.
    ['两金', '2023年起停发', 'warn', 'subsidy_stopped', null],
    ['兩金', '2023年起停發', 'warn', 'subsidy_stopped', null],
    ['两金', '两金已停发', 'warn', 'subsidy_stopped', null],
    ['两金', '暂停发放', 'warn', 'subsidy_stopped', null],
    ['两金', '自2023年起不再享受', 'warn', 'subsidy_stopped', null],
    ['两金', '已停发，家属代领', 'warn', 'subsidy_stopped', null],
    // 备注 已停发 alone says the row is not to be paid: skipped (void_row), no payment and no record.
    ['两金', '已停发', 'skip', 'void_row', '—'],
    // 备注 about the other kind, the employer, a negation, a stop to come or undone, or with a change of kind.
    ['三金', '两金已停发', 'ok', '', '三金'],
    ['两金', '企业已停产', 'ok', '', '两金'],
    ['两金', '身份证已到期', 'ok', '', '两金'],
    ['两金', '未停发', 'ok', '', '两金'],
    ['两金', '2099年起停发', 'ok', '', '两金'],
    ['两金', '原停发，本年恢复发放', 'ok', '', '两金'],
    ['两金', '2023年起停发，转三金', 'ok', '', '三金'],
    ['两金', '已转三金，两金停发', 'ok', '', '三金'],
    ['两金', '其配偶两金已停发', 'ok', '', '两金'],
    ['两金转三金', '已批准，2021年3月起停发', 'ok', '', '三金'],
    // 备注 saying the 两金 stopped beside a 类别 that names none (a cause of hardship): not read, no kind named.
    ['因病致困', '两金已停发', 'ok', '', null],
  ];

  /**
   * Imports one roster of the readings' rows (a 省部级 model worker each, 2000 元) and expects each row's preview status and
   * reasons, and the kind the committed ledger file holds.
   */
  async function expectReadings(readings: Reading[]): Promise<void> {
    const names = readings.map((_c, i) => `劳模${String.fromCharCode(0x7532 + i)}`);
    const { ledger, session, p } = await preview([
      ['序号', '姓名', '身份证号码', '劳模称号', '补助类别', '补助金额', '备注'],
      ...readings.map(([category, note], i): Cell[] => [i + 1, names[i]!, id('1956-01-01', 101 + 2 * i), '云南省劳动模范', category, 2000, note]),
    ]);
    expect(p.rows.map((r, i) => [readings[i]![0], readings[i]![1], r.status, codes(r)])).toEqual(readings.map(([c, n, status, reasons]) => [c, n, status, reasons]));
    // The preview's reading is the commit's: no kind where it warned, or where 类别 says none applies.
    commitImport(ledger, session);
    const file = ledger.path;
    ledger.close();
    const kinds = kindsInFile(file);
    expect(readings.map(([c, n], i) => [c, n, kinds.has(names[i]!) ? kinds.get(names[i]!) : '—'])).toEqual(readings.map(([c, n, , , kind]) => [c, n, kind]));
    // readSubsidyKind, which both read, says the same: a stop exactly where the preview warned of one.
    for (const [c, n, , reasons, kind] of readings.filter((x) => x[4] !== '—')) {
      const read = readSubsidyKind(c, n);
      expect([c, n, read.kind, read.stoppedIn !== null]).toEqual([c, n, kind, reasons.split(',').includes('subsidy_stopped')]);
    }
  }

  it('warns exactly when the commit stores no kind because 类别 or 备注 says it stopped; the ledger file holds what the preview said', async () => {
    await expectReadings(cases);
  });

  it('a resumption not made (待恢复, 未恢复, 核实后恢复) leaves the stop standing; one made ends it', async () => {
    await expectReadings([
      // (Before: 恢复 anywhere undid the stop; in 类别 e07d178 warned and stored none.)
      ['两金（已停发，待恢复）', null, 'warn', 'subsidy_stopped', null],
      ['两金（2023年停发，未恢复）', null, 'warn', 'subsidy_stopped', null],
      ['两金（停发，尚未恢复）', null, 'warn', 'subsidy_stopped', null],
      ['两金', '2023年停发，至今未恢复', 'warn', 'subsidy_stopped', null],
      ['两金', '暂停发放，待核实后恢复', 'warn', 'subsidy_stopped', null],
      ['两金', '暂停发放，核实后恢复', 'warn', 'subsidy_stopped', null],
      ['两金', '已暂停，申请恢复', 'warn', 'subsidy_stopped', null],
      // Resumed: no stop.
      ['两金（2020年停发，现已恢复）', null, 'ok', '', '两金'],
      ['两金（暂停，2024年恢复）', null, 'ok', '', '两金'],
      ['两金', '原停发，本年恢复发放', 'ok', '', '两金'],
      ['两金', '2020年停发，后恢复', 'ok', '', '两金'],
      ['两金', '2022年停发，2023年起重新发放', 'ok', '', '两金'],
    ]);
  });

  it('a 备注 about something else that stopped (电话已停机, 失业金已停发, 合同已到期, 不再领取现金) says nothing of the 两金; one that says only the stop, when, why or who decided is the 两金\'s', async () => {
    await expectReadings([
      // (Before: warned, and the commit stored no kind: the 备注's stop words were read whatever they were about.)
      ['两金', '电话已停机', 'ok', '', '两金'],
      ['两金', '本人联系电话已停用', 'ok', '', '两金'],
      ['两金', '已停保', 'ok', '', '两金'],
      ['两金', '医保卡已注销', 'ok', '', '两金'],
      ['两金', '合同已到期', 'ok', '', '两金'],
      ['两金', '残疾证已到期', 'ok', '', '两金'],
      ['两金', '失业金已停发', 'ok', '', '两金'],
      ['两金', '生活费已停发', 'ok', '', '两金'],
      ['两金', '养老金暂停发放', 'ok', '', '两金'],
      ['两金', '工伤津贴已停发', 'ok', '', '两金'],
      ['两金', '自2023年起不再领取现金，改由银行代发', 'ok', '', '两金'],
      ['两金', '取消代领，本人领取', 'ok', '', '两金'],
      ['两金', '取消现金发放，改银行转账', 'ok', '', '两金'],
      // The stop itself, with when, why and who decided: still the 两金's.
      ['两金', '2023.5起停发', 'warn', 'subsidy_stopped', null],
      ['两金', '已停止发放', 'warn', 'subsidy_stopped', null],
      ['两金', '已于2023年停发', 'warn', 'subsidy_stopped', null],
      ['两金', '2023年度起停发', 'warn', 'subsidy_stopped', null],
      ['两金', '2023年底止', 'warn', 'subsidy_stopped', null],
      ['两金', '已到期', 'warn', 'subsidy_stopped', null],
      ['两金', '已退出', 'warn', 'subsidy_stopped', null],
      ['两金', '本人申请退出', 'warn', 'subsidy_stopped', null],
      ['两金', '已取消资格', 'warn', 'subsidy_stopped', null],
      ['两金', '取消享受资格', 'warn', 'subsidy_stopped', null],
      ['两金', '待遇已终止', 'warn', 'subsidy_stopped', null],
      ['两金', '劳模补助已停发', 'warn', 'subsidy_stopped', null],
      ['两金', '暂停一年', 'warn', 'subsidy_stopped', null],
      ['两金', '该同志已停发2个月', 'warn', 'subsidy_stopped', null],
      ['两金', '暂停发放待核实', 'warn', 'subsidy_stopped', null],
      ['两金', '因违纪取消', 'warn', 'subsidy_stopped', null],
      ['两金', '因本人原因暂停发放', 'warn', 'subsidy_stopped', null],
      ['两金', '因犯罪被取消劳模称号', 'warn', 'subsidy_stopped', null],
      ['两金', '经县总工会研究决定停发', 'warn', 'subsidy_stopped', null],
      ['两金', '根据省总文件停发', 'warn', 'subsidy_stopped', null],
      ['两金', '去世后停发', 'warn', 'subsidy_stopped', null],
    ]);
  });

  it('停止发放 in 备注 is a stop, as 停发 is', async () => {
    await expectReadings([
      // (Before: not read, 两金 stored.)
      ['两金', '停止发放', 'warn', 'subsidy_stopped', null],
      ['两金', '2024年1月起停止发放', 'warn', 'subsidy_stopped', null],
      ['两金', '停止享受', 'warn', 'subsidy_stopped', null],
      ['两金', '自2023年起停止发放两金', 'warn', 'subsidy_stopped', null],
      // One to come, said not to be, or another kind's: none.
      ['两金', '2099年1月起停止发放', 'ok', '', '两金'],
      ['两金', '未停止发放', 'ok', '', '两金'],
      ['两金', '三金停止发放', 'ok', '', '两金'],
    ]);
  });

  it('a stop refused or undone (不停发, 暂不停发, 取消停发, 撤销停发) is none', async () => {
    await expectReadings([
      // (Before: warned, none stored.)
      ['两金（不停发）', null, 'ok', '', '两金'],
      ['两金（暂不停发）', null, 'ok', '', '两金'],
      ['两金（取消停发）', null, 'ok', '', '两金'],
      ['两金', '取消停发', 'ok', '', '两金'],
      ['两金', '已撤销停发决定', 'ok', '', '两金'],
      ['两金', '不予停发', 'ok', '', '两金'],
      // A stop beside it still is one.
      ['两金（已停发，不予恢复）', null, 'warn', 'subsidy_stopped', null],
    ]);
  });

  it('an end or a stop to come, dated to the month (2099年12月到期, 至2099.12止, 2099年底止, 下月起停发), still runs', async () => {
    await expectReadings([
      // (Before: warned, none stored; a year alone, 2099年到期, was read as to come. 2099年底 is read as 2099年12月.)
      ['两金（至2099年12月止）', null, 'ok', '', '两金'],
      ['两金（2099年12月到期）', null, 'ok', '', '两金'],
      ['两金（2099年底止）', null, 'ok', '', '两金'],
      ['两金（2099.12到期）', null, 'ok', '', '两金'],
      ['两金', '至2099年12月止', 'ok', '', '两金'],
      ['两金', '2099年6月到期', 'ok', '', '两金'],
      ['两金', '2099.12到期', 'ok', '', '两金'],
      ['两金', '2099年后停发', 'ok', '', '两金'],
      ['两金', '下月起停发', 'ok', '', '两金'],
      ['两金', '下个月起停止发放', 'ok', '', '两金'],
      // Gone by: a stop.
      ['两金（至2023年12月止）', null, 'warn', 'subsidy_stopped', null],
      ['两金', '2023年6月到期', 'warn', 'subsidy_stopped', null],
      ['两金', '2023.12到期', 'warn', 'subsidy_stopped', null],
      ['两金', '2023年后停发', 'warn', 'subsidy_stopped', null],
    ]);
  });

  it('a stop in the old kind\'s bracket before a change of kind outside it (两金（已停发），转三金) is the old kind\'s', async () => {
    await expectReadings([
      // (Before: warned, none stored; written 两金停发，转三金 or 两金（已停发，转三金） it was 三金, unwarned.)
      ['两金（已停发），转三金', null, 'ok', '', '三金'],
      ['两金（已停发）转三金', null, 'ok', '', '三金'],
      ['两金（2023年停发），改为三金', null, 'ok', '', '三金'],
      ['两金（已停发）', '转三金，已批准', 'ok', '', '三金'],
      // A change not made, a death, or a stop after the change: as before.
      ['两金（已停发），申请转三金', null, 'warn', 'subsidy_stopped', null],
      ['两金（已故），转三金', null, 'warn', 'subsidy_stopped', null],
      ['两金转三金（已停发）', null, 'warn', 'subsidy_stopped', null],
    ]);
  });

  it('a stop paid back (补发) is over: the row is the arrears', async () => {
    await expectReadings([
      // (Before: warned, none stored.)
      ['两金', '补发停发期间两金', 'ok', '', '两金'],
      ['两金', '2023年停发，2024年补发', 'ok', '', '两金'],
      ['两金（2023年停发，已补发）', null, 'ok', '', '两金'],
      // Not paid back: a stop.
      ['两金', '2023年停发，未补发', 'warn', 'subsidy_stopped', null],
      ['两金', '已停发，不予补发', 'warn', 'subsidy_stopped', null],
    ]);
  });

  it('a reading made once is given again the same day, and made afresh the next (a date to come is read against today)', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date(2030, 11, 31, 23, 0));
      expect(readSubsidyKind('两金（2031年起停发）')).toEqual({ kind: '两金', stoppedIn: null });
      expect(readSubsidyKind('两金', '2031年1月起停发')).toEqual({ kind: '两金', stoppedIn: null });
      // The same object again: not read afresh.
      expect(readSubsidyKind('两金', '2031年1月起停发')).toBe(readSubsidyKind('两金', '2031年1月起停发'));
      vi.setSystemTime(new Date(2031, 0, 1, 0, 30));
      expect(readSubsidyKind('两金（2031年起停发）')).toEqual({ kind: null, stoppedIn: 'category' });
      expect(readSubsidyKind('两金', '2031年1月起停发')).toEqual({ kind: null, stoppedIn: 'note' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('names where the stop is written, and says the record gets no kind from the row', async () => {
    const { p } = await preview([
      ['姓名', '身份证号码', '劳模称号', '补助类别', '补助金额', '备注'],
      ['乙一', id('1956-01-01', 301), '云南省劳动模范', '两金（2023年已停发）', 2000, null],
      ['乙二', id('1956-01-01', 303), '云南省劳动模范', '两金', 2000, '2023年起停发'],
      ['乙三（两金已停发）', id('1956-01-01', 305), '云南省劳动模范', '两金', 2000, '住院治疗'],
    ]);
    expect(p.rows.map((r) => r.reasons.map((x) => `${x.field}:${x.message}`))).toEqual([
      ['category:D列（补助类别）：类别写明“两金（2023年已停发）”，两金/三金已不再发放，本行仍列有金额，请核对是否应发放，导入时不据此登记劳模的补助类别'],
      ['note:F列（备注）：注明“2023年起停发”，类别“两金”的补助已不再发放，本行仍列有金额，请核对是否应发放，导入时不据此登记劳模的补助类别'],
      ['name:A列（姓名）：注明“两金已停发”，类别“两金”的补助已不再发放，本行仍列有金额，请核对是否应发放，导入时不据此登记劳模的补助类别'],
    ]);
  });

  it('reads each variant the same way through readSubsidyKind, whose kind subsidyKindOf gives', () => {
    // (Not a row skipped for its 备注: it makes no record.)
    for (const [category, note, , reasons, kind] of cases.filter((c) => c[4] !== '—')) {
      const read = readSubsidyKind(category, note);
      expect([category, note, read.kind], `${category} ${note}`).toEqual([category, note, kind]);
      expect(subsidyKindOf(category, note)).toBe(read.kind);
      if (reasons === 'subsidy_stopped') expect(read.stoppedIn, `${category} ${note}`).toBe(note === null ? 'category' : 'note');
      else if (reasons === '') expect(read.stoppedIn, `${category} ${note}`).toBe(null);
    }
  });
});
