/**
 * Commit, ledger checks, revert and history on real ledger files: one command
 * and one batch per import, the same file refused twice, revert restoring every
 * audited table, a failed import changing nothing.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { LedgerError } from '../../electron/core/errors.ts';
import { undo } from '../../electron/core/history.ts';
import {
  batchErrorReport,
  buildErrorReport,
  commitImport,
  createImportSession,
  listImportBatches,
  parseImportBytes,
  previewImport,
  revertImport,
  type ImportSession,
} from '../../electron/core/import/index.ts';
import type { Ledger } from '../../electron/core/ledger.ts';
import { subsidyKindOf } from '../../electron/core/import/subsidyKind.ts';
import { checkLedger } from '../../electron/core/maintenance.ts';
import { createPerson, updatePerson } from '../../electron/core/services/people.ts';
import { applyPaymentEdits, deletePayments, setPaymentStatus } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { makeIdNumber } from '../bench/generate.ts';
import { dumpTables, dumpValues, tempLedger } from '../helpers/ledger.ts';
import { IDS, messyRosterXlsx, simpleXlsx } from './fixtures.ts';

function program(ledger: Ledger, code = '2011-GQ', extra: Partial<Parameters<typeof createProgram>[1]> = {}): number {
  return ledger.run({ kind: 'program.create', label: '新建项目', source: 'keyed' }, (tx) =>
    createProgram(tx, { code, name: `2011年国庆困难职工救助（${code}）`, year: 2011, kind: '生活救助', startsOn: '2011-09-25', ...extra }),
  );
}

async function session(bytes: Uint8Array, name = '2011国庆花名册.xlsx'): Promise<ImportSession> {
  return createImportSession(await parseImportBytes(bytes, name));
}

async function expectLedgerError(fn: () => unknown, code: string, message: RegExp): Promise<LedgerError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LedgerError);
    expect((e as LedgerError).code).toBe(code);
    expect((e as LedgerError).message).toMatch(message);
    return e as LedgerError;
  }
  throw new Error('no error');
}

function withoutBatches(d: Record<string, string>): Record<string, string> {
  const { import_batches: _b, ...rest } = d;
  return rest;
}

describe('commit', () => {
  it('writes the ok and warn rows as one audited, not undoable command and one import batch', async () => {
    const ledger = tempLedger({ actor: '李会计' });
    const pid = program(ledger);
    const s = await session(await messyRosterXlsx());
    const p = previewImport(ledger, s, { programId: pid });
    expect(p.defaultPaidOn).toBe('2011-09-25');
    const r = commitImport(ledger, s);
    expect(r).toMatchObject({ payments: 6, newPeople: 6, acceptedFen: p.summary.acceptedFen, heldErrors: 10, skipped: 5 });

    const batch = ledger.db.prepare('SELECT * FROM import_batches WHERE id = ?').get(r.batchId) as Record<string, unknown>;
    expect(batch).toMatchObject({
      file_name: '2011国庆花名册.xlsx', sha256: s.workbook.sha256, format: 'xlsx', program_id: pid, row_count: p.rows.length,
      total_fen: p.summary.totalFen, accepted_fen: p.summary.acceptedFen, clerk: '李会计', reverted_at: null,
    });
    expect(JSON.parse(batch.counts_json as string)).toMatchObject({ ok: 5, warn: 1, error: 10, skip: 5, payments: 6, newPeople: 6 });
    expect(JSON.parse(batch.sheets_json as string).map((x: { name: string; role: string }) => [x.name, x.role])).toEqual([
      ['盘溪镇', 'payments'], ['華溪鎮', 'payments'], ['汇总', 'summary'], ['填表说明', 'other'], ['代码', 'other'], ['Sheet5', 'empty'],
    ]);
    expect(JSON.parse(batch.mapping_json as string)['盘溪镇'].columns).toMatchObject({ B: 'name', D: 'idNumber', G: 'amount' });

    const command = ledger.db.prepare("SELECT source, kind, undoable, batch_id, actor FROM commands WHERE kind = 'import.commit'").get();
    expect(command).toEqual({ source: 'imported', kind: 'import.commit', undoable: 0, batch_id: r.batchId, actor: '李会计' });

    const payments = ledger.db.prepare(`SELECT pe.name, pe.id_number, pe.gender, u.name AS unit, pa.category, pa.cash_fen, pa.paid_on, pa.import_batch_id, pa.clerk, pa.status
      FROM payments pa JOIN people pe ON pe.id = pa.person_id LEFT JOIN units u ON u.id = pa.unit_id ORDER BY pa.id`).all();
    expect(payments).toEqual([
      { name: '王芳', id_number: IDS.wangFang, gender: '女', unit: '盘溪镇水泥厂', category: '特困', cash_fen: 60_000, paid_on: '2011-09-25', import_batch_id: r.batchId, clerk: '李会计', status: '登记' },
      { name: '李强', id_number: IDS.liQiang, gender: '男', unit: '盘溪镇水泥厂', category: '特困', cash_fen: 60_000, paid_on: '2011-09-25', import_batch_id: r.batchId, clerk: '李会计', status: '登记' },
      { name: '杨明', id_number: IDS.yangMing, gender: '男', unit: '盘溪镇供电局', category: '一般困难', cash_fen: 80_000, paid_on: '2011-09-25', import_batch_id: r.batchId, clerk: '李会计', status: '登记' },
      { name: '何静', id_number: IDS.heJing, gender: '女', unit: '盘溪镇供电局', category: '一般困难', cash_fen: 1_200_000, paid_on: '2011-09-25', import_batch_id: r.batchId, clerk: '李会计', status: '登记' },
      // The unit stored in Simplified, one however the file writes it.
      { name: '錢軍', id_number: IDS.qianJun, gender: '男', unit: '华溪镇糖厂', category: null, cash_fen: 50_000, paid_on: '2011-09-25', import_batch_id: r.batchId, clerk: '李会计', status: '登记' },
      { name: '孫麗', id_number: IDS.sunLi, gender: '女', unit: '华溪镇糖厂', category: null, cash_fen: 50_000, paid_on: '2011-09-25', import_batch_id: r.batchId, clerk: '李会计', status: '登记' },
    ]);
    // Import commits are a barrier for Ctrl+Z: they are reverted from the import history.
    await expectLedgerError(() => undo(ledger), 'nothing_to_undo', /没有可以撤销的操作/);
    // Every write went through the audit: replaying it rebuilds the same ledger.
    expect(checkLedger(ledger).ok).toBe(true);
  });

  it('refuses the same file twice unless forced, and the preview says so', async () => {
    const ledger = tempLedger();
    const a = program(ledger, 'A');
    const b = program(ledger, 'B');
    const bytes = await messyRosterXlsx();
    const first = await session(bytes);
    previewImport(ledger, first, { programId: a });
    const { batchId } = commitImport(ledger, first);

    const again = await session(bytes);
    const p = previewImport(ledger, again, { programId: a });
    expect(p.duplicateOf).toMatchObject({ batchId, fileName: '2011国庆花名册.xlsx' });
    // Every row is already paid in this program.
    expect(p.rows.filter((r) => r.status !== 'skip' && r.reasons.some((x) => x.code === 'already_paid')).map((r) => r.name)).toEqual(['王芳', '李强', '杨明', '何静', '錢軍', '孫麗']);
    expect(p.rows.find((r) => r.name === '王芳')!.reasons.find((x) => x.code === 'already_paid')!.message).toMatch(/已于 2011-09-25 在“2011年国庆困难职工救助（A）”中领取 600元/);
    const before = dumpTables(ledger);
    await expectLedgerError(() => commitImport(ledger, again), 'duplicate', /完全相同，已拒绝重复导入.*--force/);
    await expectLedgerError(() => commitImport(ledger, again, { force: true }), 'invalid_input', /没有可导入的行/);
    expect(dumpTables(ledger)).toEqual(before);

    // Into another program, forced: the people are matched, not created again.
    previewImport(ledger, again, { programId: b });
    const forced = commitImport(ledger, again, { force: true });
    expect(forced).toMatchObject({ payments: 6, newPeople: 0 });
    expect(JSON.parse((ledger.db.prepare('SELECT counts_json FROM import_batches WHERE id = ?').get(forced.batchId) as { counts_json: string }).counts_json).forced).toBe(true);
  });

  it('applies the clerk’s cell fixes and a corrected mapping, and remembers the mapping for the next file with the same headers', async () => {
    const ledger = tempLedger();
    const pid = program(ledger);
    const id1 = makeIdNumber('530424', '1960-01-01', 1, true);
    const id2 = makeIdNumber('530424', '1961-01-01', 2, false);
    const first = await session(await simpleXlsx({ 表: [['编号', '人员', '证件', '钱数'], [1, '王五', id1, 500], [2, '赵六', 'x', 600]] }), 'a.xlsx');
    const auto = previewImport(ledger, first, { programId: pid });
    // 人员 and 证件 are not header words the import knows: no person column, no roster.
    expect([auto.sheets[0]!.role, auto.outcome]).toEqual(['other', 'no_rows']);
    const mapping = { A: 'seq', B: 'name', C: 'idNumber', D: 'amount' } as const;
    const p = previewImport(ledger, first, { programId: pid, sheets: { 0: { headerRow: 1, mapping } }, edits: [{ sheetIndex: 0, row: 3, field: 'idNumber', value: id2 }] });
    expect(p.rows.map((r) => [r.name, r.idNumber, r.status])).toEqual([['王五', id1, 'ok'], ['赵六', id2, 'ok']]);
    commitImport(ledger, first);
    expect(ledger.db.prepare('SELECT count(*) FROM people WHERE id_number IN (?, ?)').pluck().get(id1, id2)).toBe(2);
    expect(ledger.db.prepare('SELECT count(*) FROM import_mappings').pluck().get()).toBe(1);

    const second = await session(await simpleXlsx({ 别的表: [['编号', '人员', '证件', '钱数'], [1, '孙七', makeIdNumber('530424', '1962-01-01', 3, true), 700]] }), 'b.xlsx');
    const next = previewImport(ledger, second, { programId: pid });
    expect(next.sheets[0]!.mappingSource).toBe('remembered');
    expect(next.sheets[0]!.columns.map((c) => c.field)).toEqual(['seq', 'name', 'idNumber', 'amount']);
    expect(next.rows[0]!.status).toBe('ok');
  });

  it('creates model-worker records from a model-worker roster', async () => {
    const ledger = tempLedger();
    const pid = program(ledger, 'LM', { kind: '劳模补助', name: '2011年劳模补助' });
    const id = makeIdNumber('530322', '1955-03-09', 31, true);
    const s = await session(await simpleXlsx({ 劳模: [['姓名', '身份证号码', '劳模称号', '荣誉级别', '授予年份', '补助金额'], ['张德明', id, '全国劳动模范', '全国', '1989', 3000]] }), 'lm.xlsx');
    previewImport(ledger, s, { programId: pid });
    const r = commitImport(ledger, s);
    expect(ledger.db.prepare('SELECT honour_level, title, year_awarded FROM model_workers').all()).toEqual([{ honour_level: '全国', title: '全国劳动模范', year_awarded: 1989 }]);
    revertImport(ledger, r.batchId);
    expect(ledger.db.prepare('SELECT count(*) FROM model_workers').pluck().get()).toBe(0);
  });

  it('reverting a model-worker batch takes back the 补助类别 it wrote, and keeps a record a later batch relies on (helper 83)', async () => {
    const ledger = tempLedger();
    const id = makeIdNumber('530322', '1955-03-09', 31, true);
    const roster = (kind: string | null, amount: number) => simpleXlsx({ 劳模: [['姓名', '身份证号码', '劳模称号', '补助类别', '补助金额'], ['劳一', id, '云南省劳动模范', kind, amount]] });
    const visit = program(ledger, 'LMW', { kind: '劳模慰问', name: '2011年劳模慰问' });
    const subsidy = program(ledger, 'LMJ', { kind: '劳模补助', name: '2011年劳模补助' });
    const first = await session(await roster(null, 500), 'visit.xlsx');
    previewImport(ledger, first, { programId: visit });
    const one = commitImport(ledger, first);
    const second = await session(await roster('两金', 2000), 'subsidy.xlsx');
    previewImport(ledger, second, { programId: subsidy });
    commitImport(ledger, second);
    const kinds = () => ledger.db.prepare('SELECT subsidy_kind FROM model_workers').pluck().all();
    expect(kinds()).toEqual(['两金']);
    // Batch 1 reverted while batch 2 stays: the record its 两金 payment found stays, with its 两金.
    revertImport(ledger, one.batchId);
    expect(kinds()).toEqual(['两金']);
    expect(ledger.db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(1);
    // Undone in order instead: batch 2's revert takes its 两金 back, and batch 1's then the record (as before batch 1).
    const again = tempLedger();
    const pv = program(again, 'LMW', { kind: '劳模慰问', name: '2011年劳模慰问' });
    const pj = program(again, 'LMJ', { kind: '劳模补助', name: '2011年劳模补助' });
    const start = dumpValues(again);
    const a1 = await session(await roster(null, 500), 'visit.xlsx');
    previewImport(again, a1, { programId: pv });
    const b1 = commitImport(again, a1);
    const withFirst = dumpValues(again);
    const a2 = await session(await roster('两金', 2000), 'subsidy.xlsx');
    previewImport(again, a2, { programId: pj });
    const b2 = commitImport(again, a2);
    revertImport(again, b2.batchId);
    expect(again.db.prepare('SELECT subsidy_kind FROM model_workers').pluck().all()).toEqual([null]);
    expect(withoutBatches(dumpValues(again))).toEqual(withoutBatches(withFirst));
    revertImport(again, b1.batchId);
    expect(again.db.prepare('SELECT count(*) FROM model_workers').pluck().get()).toBe(0);
    expect(withoutBatches(dumpValues(again))).toEqual(withoutBatches(start));
  });

  it('reverting batches out of order: a person and unit the first made, kept then for the second, go with the second (helper 83)', async () => {
    const ledger = tempLedger();
    const swn = program(ledger, 'SWN', { kind: '送温暖', name: '2011年送温暖' });
    const yl = program(ledger, 'YL', { kind: '医疗救助', name: '2011年医疗救助' });
    const start = dumpValues(ledger);
    const ma = makeIdNumber('530424', '1966-06-06', 7, true);
    const first = await session(await simpleXlsx({ 龙潭镇: [['姓名', '身份证号码', '工作单位', '金额'], ['马云', ma, '龙潭镇卫生院', 500], ['牛二', makeIdNumber('530424', '1967-07-07', 9, true), '龙潭镇卫生院', 500]] }), 'swn.xlsx');
    previewImport(ledger, first, { programId: swn });
    const b1 = commitImport(ledger, first);
    const second = await session(await simpleXlsx({ 医疗: [['姓名', '身份证号码', '金额'], ['马云', ma, 800]] }), 'yl.xlsx');
    previewImport(ledger, second, { programId: yl });
    const b2 = commitImport(ledger, second);
    expect(revertImport(ledger, b1.batchId)).toMatchObject({ deletedPayments: 2, deletedPeople: 1, deletedUnits: 0 });
    expect(ledger.db.prepare('SELECT name FROM people').pluck().all()).toEqual(['马云']);
    expect(revertImport(ledger, b2.batchId)).toMatchObject({ deletedPayments: 1, deletedPeople: 1, deletedUnits: 1 });
    expect(withoutBatches(dumpValues(ledger))).toEqual(withoutBatches(start));
  });

  it('a revert keeps a person the batch made whom the clerk has edited since (helper 84: the phone added was lost)', async () => {
    const ledger = tempLedger();
    const pid = program(ledger, 'SWN', { kind: '送温暖', name: '2011年送温暖' });
    const s = await session(await simpleXlsx({ 花名册: [['姓名', '身份证号码', '金额'], ['赵一', makeIdNumber('530424', '1966-06-06', 7, true), 500], ['钱二', makeIdNumber('530424', '1967-07-07', 9, true), 500]] }), 'swn.xlsx');
    previewImport(ledger, s, { programId: pid });
    const { batchId } = commitImport(ledger, s);
    const zhao = ledger.db.prepare("SELECT id FROM people WHERE name = '赵一'").pluck().get() as number;
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => updatePerson(tx, zhao, { phone: '13800001111' }));
    expect(revertImport(ledger, batchId)).toMatchObject({ deletedPayments: 2, deletedPeople: 1 });
    expect(ledger.db.prepare('SELECT name, phone FROM people').all()).toEqual([{ name: '赵一', phone: '13800001111' }]);
  });

  it('a revert removes only what its own payments name of what earlier reverts kept; a person changed and changed back is as made (helper 90)', async () => {
    const ledger = tempLedger();
    const swn = program(ledger, 'SWN', { kind: '送温暖', name: '2011年送温暖' });
    const yl = program(ledger, 'YL', { kind: '医疗救助', name: '2011年医疗救助' });
    const imp = async (rows: (string | number)[][], name: string) => {
      const s = await session(await simpleXlsx({ S: [['姓名', '身份证号码', '工作单位', '金额'], ...rows] }), name);
      previewImport(ledger, s, { programId: swn, paidOn: '2011-09-01' });
      return commitImport(ledger, s).batchId;
    };
    const a = await imp([['马云', makeIdNumber('530424', '1966-06-06', 7, true), '龙潭镇卫生院', 500]], 'a.xlsx');
    const ma = ledger.db.prepare("SELECT id FROM people WHERE name = '马云'").pluck().get() as number;
    // Paid by hand in another program: kept at A's revert; that payment deleted afterwards.
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ personId: ma, cells: { cashFen: '800', paidOn: '2011-10-01' } }], { programId: yl }, 'x'));
    revertImport(ledger, a);
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => deletePayments(tx, ledger.db.prepare('SELECT id FROM payments').pluck().all() as number[]));
    const before = dumpValues(ledger);
    // An unrelated batch's revert leaves 马云 and his unit alone: they existed before it.
    const c = await imp([['李四', makeIdNumber('530424', '1970-01-01', 3, true), '华宁县水泥厂', 300]], 'c.xlsx');
    revertImport(ledger, c);
    expect(withoutBatches(dumpValues(ledger))).toEqual(withoutBatches(before));
    // A person the batch made, edited and the edit undone: as made, so the revert takes them.
    const d = await imp([['钱五', makeIdNumber('530424', '1971-01-01', 5, true), '华宁县磷肥厂', 300]], 'd.xlsx');
    const qian = ledger.db.prepare("SELECT id FROM people WHERE name = '钱五'").pluck().get() as number;
    ledger.run({ kind: 'person.update', label: 't', source: 'keyed' }, (tx) => updatePerson(tx, qian, { phone: '13800001111' }));
    undo(ledger);
    expect(revertImport(ledger, d)).toMatchObject({ deletedPeople: 1, deletedUnits: 1 });
    expect(withoutBatches(dumpValues(ledger))).toEqual(withoutBatches(before));
  });

  it('three batches (a 劳模 visit, a 两金 subsidy on the same record, a relief roster) reverted in every order leave the ledger as before (helper 84)', async () => {
    const id = makeIdNumber('530322', '1955-03-09', 31, true);
    const files = {
      A: await simpleXlsx({ 劳模: [['姓名', '身份证号码', '工作单位', '劳模称号', '补助金额'], ['劳一', id, '华宁县磷肥厂', '云南省劳动模范', 500]] }),
      B: await simpleXlsx({ 劳模: [['姓名', '身份证号码', '劳模称号', '补助类别', '补助金额'], ['劳一', id, '云南省劳动模范', '两金', 2000]] }),
      C: await simpleXlsx({ 花名册: [['姓名', '身份证号码', '工作单位', '金额'], ['劳一', id, '华宁县磷肥厂', 300], ['马二', makeIdNumber('530424', '1966-06-06', 7, true), '华宁县水泥厂', 300]] }),
    };
    for (const order of ['ABC', 'ACB', 'BAC', 'BCA', 'CAB', 'CBA']) {
      const ledger = tempLedger();
      const programs = {
        A: program(ledger, 'LMW', { kind: '劳模慰问', name: '2011年劳模慰问' }),
        B: program(ledger, 'LMJ', { kind: '劳模补助', name: '2011年劳模补助' }),
        C: program(ledger, 'SWN', { kind: '送温暖', name: '2011年送温暖' }),
      };
      const start = dumpValues(ledger);
      const batches: Record<string, number> = {};
      for (const k of ['A', 'B', 'C'] as const) {
        const s = await session(files[k], `${k}.xlsx`);
        previewImport(ledger, s, { programId: programs[k] });
        batches[k] = commitImport(ledger, s).batchId;
      }
      for (const k of order) revertImport(ledger, batches[k]!);
      expect(withoutBatches(dumpValues(ledger)), order).toEqual(withoutBatches(start));
    }
  });

  it('gives the model-worker records the roster’s 补助类别 (两金 / 三金, in either script), as the register and the subsidy rounds read it', async () => {
    // Helper 41's sweep: it went only to the payments' 类别; the records' subsidy_kind stayed empty, and the form's column with it.
    const ledger = tempLedger();
    const pid = program(ledger, 'LM', { kind: '劳模补助', name: '2011年劳模补助' });
    const s = await session(await simpleXlsx({
      劳模: [['姓名', '身份证号码', '劳模称号', '补助类别', '补助金额'],
        ['张德明', makeIdNumber('530322', '1955-03-09', 31, true), '全国劳动模范', '三金', 3000],
        ['吴秀英', makeIdNumber('530322', '1958-01-01', 42, false), '云南省劳动模范', '兩金', 2000],
        ['李强', makeIdNumber('530322', '1960-05-05', 51, true), '玉溪市劳动模范', '困难劳模', 1000]],
    }), 'lm.xlsx');
    previewImport(ledger, s, { programId: pid });
    commitImport(ledger, s);
    expect(ledger.db.prepare('SELECT p.name, m.honour_level, m.subsidy_kind FROM model_workers m JOIN people p ON p.id = m.person_id ORDER BY m.id').all()).toEqual([
      { name: '张德明', honour_level: '全国', subsidy_kind: '三金' },
      { name: '吴秀英', honour_level: '省部级', subsidy_kind: '两金' },
      { name: '李强', honour_level: '州市级', subsidy_kind: null },
    ]);
    // Written otherwise (两金补助, 叁金, 省部级两金, 两 金), and for a record the ledger already has without one (helper 44).
    const more = await session(await simpleXlsx({
      劳模: [['姓名', '身份证号码', '劳模称号', '补助类别', '补助金额'],
        ['陈五', makeIdNumber('530322', '1958-01-05', 11, true), '云南省劳动模范', '两金补助', 2000],
        ['陈六', makeIdNumber('530322', '1958-01-05', 13, true), '云南省劳动模范', '叁金', 2000],
        ['陈七', makeIdNumber('530322', '1958-01-05', 15, true), '云南省劳动模范', '省部级两金', 2000],
        ['李强', makeIdNumber('530322', '1960-05-05', 51, true), '玉溪市劳动模范', '两 金', 1000]],
    }), 'lm2.xlsx');
    const second = program(ledger, 'LM2', { kind: '劳模补助', name: '2012年劳模补助' });
    previewImport(ledger, more, { programId: second });
    commitImport(ledger, more);
    expect(ledger.db.prepare('SELECT p.name, m.subsidy_kind FROM model_workers m JOIN people p ON p.id = m.person_id ORDER BY m.id').all()).toEqual([
      { name: '张德明', subsidy_kind: '三金' }, { name: '吴秀英', subsidy_kind: '两金' }, { name: '李强', subsidy_kind: '两金' },
      { name: '陈五', subsidy_kind: '两金' }, { name: '陈六', subsidy_kind: '三金' }, { name: '陈七', subsidy_kind: '两金' },
    ]);
    expect(ledger.db.prepare("SELECT category FROM payments p JOIN people pe ON pe.id = p.person_id WHERE pe.name = '李强' AND p.program_id = ?").pluck().get(second)).toBe('两金');
    // Said not to apply, none; the same title in Traditional or with a remark is the record the ledger has (helper 46).
    const third = await session(await simpleXlsx({
      劳模: [['姓名', '身份证号码', '劳模称号', '补助类别', '补助金额'],
        ['王一', makeIdNumber('530322', '1958-01-05', 17, true), '云南省劳动模范', '不享受两金', 1000],
        ['王二', makeIdNumber('530322', '1958-01-05', 19, true), '云南省劳动模范', '两金已停发', 1000],
        ['张德明', makeIdNumber('530322', '1955-03-09', 31, true), '全國勞動模範', '三金', 1000]],
    }), 'lm3.xlsx');
    const third3 = program(ledger, 'LM3', { kind: '劳模补助', name: '2013年劳模补助' });
    previewImport(ledger, third, { programId: third3 });
    commitImport(ledger, third);
    expect(ledger.db.prepare("SELECT p.name, m.title, m.subsidy_kind FROM model_workers m JOIN people p ON p.id = m.person_id WHERE p.name IN ('王一', '王二', '张德明') ORDER BY m.id").all()).toEqual([
      { name: '张德明', title: '全国劳动模范', subsidy_kind: '三金' },
      { name: '王一', title: '云南省劳动模范', subsidy_kind: null },
      { name: '王二', title: '云南省劳动模范', subsidy_kind: null },
    ]);
  });

  it('stores the 发放方式 column as written, in either script (helper 48: every row was stored 现金)', async () => {
    const ledger = tempLedger();
    const pid = program(ledger);
    const id = (n: number) => makeIdNumber('530424', '1962-01-01', 2 * n + 1, true);
    const s = await session(await simpleXlsx({ 表: [['姓名', '身份证号码', '金额', '发放方式', '银行卡号'],
      ['甲一', id(1), 500, '現金', null], ['甲二', id(2), 500, '銀行轉賬', null], ['甲三', id(3), 500, '银行 转账', null], ['甲四', id(4), 500, '打卡', null],
      ['甲五', id(5), 500, '现金', '6228480012345678'], ['甲六', id(6), 500, '支付宝', null], ['甲七', id(7), 500, null, '6228480012345679'],
      // Cash named with a card it has not (helper 52: stored 银行转账).
      ['甲八', id(8), 500, '现金（未办卡）', null], ['甲九', id(9), 500, '非转账', null], ['甲十', id(10), 500, '存折（无卡）', null], ['乙一', id(11), 500, '现金（无卡无存折）', null],
      // No passbook is cash (helper 58: 无存折, 没有存折, 未办存折 were stored 银行转账; with 现金 they were unreadable).
      ['乙二', id(12), 500, '无存折', null], ['乙三', id(13), 500, '没有存折', null], ['乙四', id(14), 500, '未办存折', null], ['乙五', id(15), 500, '現金（無存摺）', null],
      ['乙六', id(16), 500, '存折代发', null],
      // Helper 60: a card named beside no passbook is a transfer; more ways of saying there is none are cash.
      ['丙一', id(17), 500, '无存折，有卡', null], ['丙二', id(18), 500, '没有存折，用银行卡', null], ['丙三', id(19), 500, '無存摺，有卡', null], ['丙四', id(20), 500, '未办理存折', null],
      ['丙五', id(21), 500, '存折未办', null], ['丙六', id(22), 500, '没有银行卡和存折', null], ['丙七', id(23), 500, '不用存折', null], ['丙八', id(24), 500, '无卡，有存折', null],
      // Helper 62: 非 or 未 alone do not say there is no card (未激活的社保卡 is a card: a transfer, warned since helper 71 as not
      // activated yet).
      ['丁一', id(25), 500, '非本人卡', null], ['丁二', id(26), 500, '未激活的社保卡', null]] }), 'method.xlsx');
    const p = previewImport(ledger, s, { programId: pid });
    expect(p.sheets[0]!.columns.find((c) => c.col === 'D')!.field).toBe('method');
    expect(p.rows.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'warn', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'warn']);
    expect(p.rows[5]!.reasons[0]!.message).toBe('D列（发放方式）：发放方式“支付宝”无法识别，按现金导入，请核对');
    commitImport(ledger, s);
    expect(ledger.db.prepare('SELECT pe.name, p.method FROM payments p JOIN people pe ON pe.id = p.person_id ORDER BY p.id').all().map((r) => Object.values(r as object).join(':'))).toEqual([
      '甲一:现金', '甲二:银行转账', '甲三:银行转账', '甲四:银行转账', '甲五:现金', '甲六:现金', '甲七:银行转账', '甲八:现金', '甲九:现金', '甲十:银行转账', '乙一:现金',
      '乙二:现金', '乙三:现金', '乙四:现金', '乙五:现金', '乙六:银行转账',
      '丙一:银行转账', '丙二:银行转账', '丙三:银行转账', '丙四:现金', '丙五:现金', '丙六:现金', '丙七:现金', '丙八:银行转账', '丁一:银行转账', '丁二:银行转账',
    ]);
  });

  it('stores 不通过银行 as cash, 非现金 as a transfer, and a card named after no passbook in one clause as a transfer (helper 64)', async () => {
    const ledger = tempLedger();
    const pid = program(ledger);
    const id = (n: number) => makeIdNumber('530424', '1963-02-02', 2 * n + 1, true);
    const written = ['不通过银行', '不走银行，发现金', '无存折但有卡', '无存折有卡', '无存折只有卡', '非现金', '非现金发放',
      // Unchanged: no passbook alone is cash; a card named after it, in its own clause, a transfer; 非本人卡 a card.
      '无存折', '无存折，有卡', '无存折、有银行卡', '非本人卡', '本人没有卡', '现金（无存折）', '非转账'];
    const s = await session(await simpleXlsx({ 表: [['姓名', '身份证号码', '金额', '发放方式'], ...written.map((m, i) => [`戊${i + 1}`, id(i + 1), 500, m])] }), 'method64.xlsx');
    const p = previewImport(ledger, s, { programId: pid });
    // None is unreadable (不走银行，发现金 was: 银行 and 现金 both read).
    expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(',')])).toEqual(written.map(() => ['ok', '']));
    commitImport(ledger, s);
    expect(ledger.db.prepare('SELECT p.method FROM payments p ORDER BY p.id').all().map((r) => (r as { method: string }).method)).toEqual([
      '现金', '现金', '银行转账', '银行转账', '银行转账', '银行转账', '银行转账',
      '现金', '银行转账', '银行转账', '银行转账', '现金', '现金', '现金',
    ]);
  });

  it('warns on goods written with 非现金, not a transfer (helper 67)', async () => {
    const ledger = tempLedger();
    const pid = program(ledger);
    const id = (n: number) => makeIdNumber('530424', '1965-04-04', 2 * n + 1, true);
    // Goods (they were stored 银行转账, unwarned): neither cash nor a transfer; 非现金 as a way of paying stays a transfer.
    const written = ['实物（非现金）', '非现金（米、油）', '非现金（慰问品）', '非现金支付', '非现金发放', '非现金发放（打卡）', '实物'];
    const s = await session(await simpleXlsx({ 表: [['姓名', '身份证号码', '金额', '发放方式'], ...written.map((m, i) => [`庚${i + 1}`, id(i + 1), 500, m])] }), 'method67a.xlsx');
    const p = previewImport(ledger, s, { programId: pid });
    expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(',')])).toEqual([
      ['warn', 'method_unreadable'], ['warn', 'method_unreadable'], ['warn', 'method_unreadable'], ['ok', ''], ['ok', ''], ['ok', ''], ['warn', 'method_unreadable']]);
    expect(p.rows[0]!.reasons[0]!.message).toBe('D列（发放方式）：发放方式“实物（非现金）”无法识别，按现金导入，请核对');
    commitImport(ledger, s);
    expect(ledger.db.prepare('SELECT p.method FROM payments p ORDER BY p.id').all().map((r) => (r as { method: string }).method)).toEqual([
      '现金', '现金', '现金', '银行转账', '银行转账', '银行转账', '现金']);
  });

  it('reads cash refused beside a card as a transfer, and alone as unreadable (helper 67)', async () => {
    const ledger = tempLedger();
    const pid = program(ledger);
    const id = (n: number) => makeIdNumber('530424', '1966-05-05', 2 * n + 1, true);
    // With a card, a transfer (they were cash, warned unreadable); alone, unreadable (不用现金 was cash, unwarned).
    const written = ['不通过现金，打卡', '不发现金，打卡', '打卡（不是现金）', '不用现金',
      // Unchanged: cash after a bank refused or no card; 非现金 alone a transfer.
      '不走银行，发现金', '现金不通过银行', '无卡，发现金', '非现金'];
    const s = await session(await simpleXlsx({ 表: [['姓名', '身份证号码', '金额', '发放方式'], ...written.map((m, i) => [`辛${i + 1}`, id(i + 1), 500, m])] }), 'method67b.xlsx');
    const p = previewImport(ledger, s, { programId: pid });
    expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(',')])).toEqual([
      ['ok', ''], ['ok', ''], ['ok', ''], ['warn', 'method_unreadable'], ['ok', ''], ['ok', ''], ['ok', ''], ['ok', '']]);
    commitImport(ledger, s);
    expect(ledger.db.prepare('SELECT p.method FROM payments p ORDER BY p.id').all().map((r) => (r as { method: string }).method)).toEqual([
      '银行转账', '银行转账', '银行转账', '现金', '现金', '现金', '现金', '银行转账']);
  });

  it('warns on a closed, lost or numberless bank account, and reads 一折通 and 打折子 as a transfer (helper 64)', async () => {
    const ledger = tempLedger();
    const pid = program(ledger);
    const id = (n: number) => makeIdNumber('530424', '1964-03-03', 2 * n + 1, true);
    const written = ['存折（已销户）', '卡已注销', '卡已挂失', '卡号待补', '暂无卡号', '打卡（存折已销户）', '一折通', '打折子', '一折通代发',
      // Cash said beside it is cash, unwarned; a card replaced is a card; no card or passbook stays cash.
      '现金（卡已注销）', '现金（暂无卡号）', '卡已挂失，已补办新卡', '无卡号', '无存折', '转账'];
    const s = await session(await simpleXlsx({ 表: [['姓名', '身份证号码', '金额', '发放方式'], ...written.map((m, i) => [`己${i + 1}`, id(i + 1), 500, m])] }), 'method64b.xlsx');
    const p = previewImport(ledger, s, { programId: pid });
    expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(',')])).toEqual([
      ['warn', 'method_unreadable'], ['warn', 'method_unreadable'], ['warn', 'method_unreadable'], ['warn', 'method_unreadable'], ['warn', 'method_unreadable'], ['warn', 'method_unreadable'],
      ['ok', ''], ['ok', ''], ['ok', ''], ['ok', ''], ['ok', ''], ['ok', ''], ['ok', ''], ['ok', ''], ['ok', '']]);
    expect(p.rows[1]!.reasons[0]!.message).toBe('D列（发放方式）：发放方式“卡已注销”写明账户已销户、注销、挂失或冻结，按银行转账导入，转账可能无法到账，请核对');
    expect(p.rows[4]!.reasons[0]!.message).toBe('D列（发放方式）：发放方式“暂无卡号”写明还没有卡号，按银行转账导入，发放前请补齐银行卡号');
    commitImport(ledger, s);
    expect(ledger.db.prepare('SELECT p.method FROM payments p ORDER BY p.id').all().map((r) => (r as { method: string }).method)).toEqual([
      '银行转账', '银行转账', '银行转账', '银行转账', '银行转账', '银行转账', '银行转账', '银行转账', '银行转账',
      '现金', '现金', '银行转账', '现金', '现金', '银行转账',
    ]);
  });

  it('warns on a 银行卡号 cell with no number or an account closed, as on the same words in 发放方式 (helper 71)', async () => {
    const ledger = tempLedger();
    const pid = program(ledger);
    const id = (n: number) => makeIdNumber('530424', '1967-06-06', 2 * n + 1, true);
    const card = '6217000012345678901';
    // Each was stored 银行转账 unwarned, the words only copied to 备注.
    const written: [string | null, string][] = [['银行卡', '卡号：待补'], ['银行卡', '卡号待补'], ['社保卡', '银行卡号待补'], [null, '待补'], ['银行转账', '暂无'], ['一折通', '无'], ['一折通', '已销户'],
      [null, `${card}（已销户）`],
      // Unchanged: a number (with spaces too), cash written beside no number, and 发放方式's own warning said once.
      ['银行卡', card], [null, '6217 0000 1234 5678 901'], ['现金', '待补'], ['卡号待补', '待补']];
    const s = await session(await simpleXlsx({ 表: [['姓名', '身份证号码', '金额', '发放方式', '银行卡号'], ...written.map(([m, c], i) => [`壬${i + 1}`, id(i + 1), 500, m, c])] }), 'method71a.xlsx');
    const p = previewImport(ledger, s, { programId: pid });
    expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(',')])).toEqual([
      ['warn', 'method_unreadable'], ['warn', 'method_unreadable'], ['warn', 'method_unreadable'], ['warn', 'method_unreadable'], ['warn', 'method_unreadable'], ['warn', 'method_unreadable'], ['warn', 'method_unreadable'],
      ['warn', 'method_unreadable'], ['ok', ''], ['ok', ''], ['ok', ''], ['warn', 'method_unreadable']]);
    expect(p.rows[0]!.reasons[0]!.message).toBe('E列（银行卡号）：银行卡号“卡号:待补”里没有卡号，按银行转账导入，发放前请补齐银行卡号');
    expect(p.rows[6]!.reasons[0]!.message).toBe('E列（银行卡号）：银行卡号“已销户”写明账户已销户、注销、挂失或冻结，按银行转账导入，转账可能无法到账，请核对');
    expect(p.rows[11]!.reasons[0]!.message).toBe('D列（发放方式）：发放方式“卡号待补”写明还没有卡号，按银行转账导入，发放前请补齐银行卡号');
    commitImport(ledger, s);
    expect(ledger.db.prepare('SELECT p.method FROM payments p ORDER BY p.id').all().map((r) => (r as { method: string }).method)).toEqual([
      '银行转账', '银行转账', '银行转账', '银行转账', '银行转账', '银行转账', '银行转账', '银行转账', '银行转账', '银行转账', '现金', '银行转账']);
  });

  it('does not warn on a 银行卡号 cell that says the account is open or the card works, with no number (helper 75)', async () => {
    const ledger = tempLedger();
    const pid = program(ledger);
    const id = (n: number) => makeIdNumber('530424', '1968-07-07', 2 * n + 1, true);
    // The first four were warned (closed, or no number) since 93661d1; the last three say there is no number.
    // Helper 77: 冻结已解除, 已解除挂失, 未被冻结 are open; 未提供, 暂缺, 未解冻 say there is no number or no account yet.
    const written: [string, string][] = [['银行卡', '6217000012345678（未销户）'], ['银行卡', '未销户'], ['社保卡', '已激活'], ['银行卡', '见附件'], ['银行卡', '/'], ['银行卡', '补办中'], ['社保卡', '未激活'],
      ['银行卡', '6217000012345678（冻结已解除）'], ['银行卡', '已解除挂失'], ['银行卡', '未被冻结'], ['银行卡', '未提供'], ['银行卡', '暂缺'], ['银行卡', '6217000012345678（未解冻）'],
      // Helper 79: 无冻结 and 冻结（已解除） are open; 冻结解除中 and 解冻中 are not yet.
      ['银行卡', '无冻结'], ['银行卡', '6217000012345678冻结（已解除）'], ['银行卡', '6217000012345678（冻结解除中）'], ['银行卡', '6217000012345678（解冻中）'],
      // Helper 81: no number after 无冻结; unfreezing asked for, not done.
      ['银行卡', '无冻结，无卡号'], ['银行卡', '6217000012345678（冻结解除审批中）'], ['银行卡', '6217000012345678（待解冻）']];
    const s = await session(await simpleXlsx({ 表: [['姓名', '身份证号码', '金额', '发放方式', '银行卡号'], ...written.map(([m, c], i) => [`癸${i + 1}`, id(i + 1), 500, m, c])] }), 'method75.xlsx');
    const p = previewImport(ledger, s, { programId: pid });
    expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(',')])).toEqual([
      ['ok', ''], ['ok', ''], ['ok', ''], ['ok', ''], ['warn', 'method_unreadable'], ['warn', 'method_unreadable'], ['warn', 'method_unreadable'],
      ['ok', ''], ['ok', ''], ['ok', ''], ['warn', 'method_unreadable'], ['warn', 'method_unreadable'], ['warn', 'method_unreadable'],
      ['ok', ''], ['ok', ''], ['warn', 'method_unreadable'], ['warn', 'method_unreadable'],
      ['warn', 'method_unreadable'], ['warn', 'method_unreadable'], ['warn', 'method_unreadable']]);
  });

  it('warns on a lost card not yet replaced or a card not activated, not on an account replaced (helper 71)', async () => {
    const ledger = tempLedger();
    const pid = program(ledger);
    const id = (n: number) => makeIdNumber('530424', '1968-07-07', 2 * n + 1, true);
    const card = '6217000012345678901';
    // Each was stored 银行转账 unwarned: any 补办 cleared the warning, 未激活 was none.
    const written: [string, string | null][] = [['卡已挂失未补办', null], ['卡已挂失，补办中', null], ['存折已挂失，补办后打卡', null], ['社保卡未激活', null], ['卡已挂失，待补办', card],
      // Each was warned: a replacement account named, in 发放方式 or the card column.
      ['存折已销户，已重新开户', card], ['卡已挂失', `已补办：${card}`],
      // Unchanged: a replacement made, and a lost card alone warned.
      ['卡已挂失，已补办新卡', card], ['存折已挂失已补办', card], ['旧卡已注销，用新卡', card], ['卡已挂失', null]];
    const s = await session(await simpleXlsx({ 表: [['姓名', '身份证号码', '金额', '发放方式', '银行卡号'], ...written.map(([m, c], i) => [`癸${i + 1}`, id(i + 1), 500, m, c])] }), 'method71b.xlsx');
    const p = previewImport(ledger, s, { programId: pid });
    expect(p.rows.map((r) => [r.status, r.reasons.map((x) => x.code).join(',')])).toEqual([
      ['warn', 'method_unreadable'], ['warn', 'method_unreadable'], ['warn', 'method_unreadable'], ['warn', 'method_unreadable'], ['warn', 'method_unreadable'],
      ['ok', ''], ['ok', ''], ['ok', ''], ['ok', ''], ['ok', ''], ['warn', 'method_unreadable']]);
    expect(p.rows[3]!.reasons[0]!.message).toBe('D列（发放方式）：发放方式“社保卡未激活”写明卡未激活，按银行转账导入，转账可能无法到账，请核对');
    commitImport(ledger, s);
    expect(ledger.db.prepare('SELECT p.method FROM payments p ORDER BY p.id').all().map((r) => (r as { method: string }).method)).toEqual(written.map(() => '银行转账'));
  });

  it('reads 补助类别 with remarks about the person as the kind, and wordings that end it as none (helper 48)', () => {
    const kinds = (texts: string[]) => texts.map((t) => subsidyKindOf(t));
    // A remark in brackets about the person, and 非公 (a kind of employer), leave the kind (they lost it).
    expect(kinds(['两金（停产企业）', '两金（无固定收入）', '三金（非在职）', '两金（未退休）', '非公企业劳模两金', '两金(2015年起)']))
      .toEqual(['两金', '两金', '三金', '两金', '两金', '两金']);
    // Wordings that say it ended or does not apply: none (they gave 两金, for a subsidy round to pay).
    expect(kinds(['两金：否', '已退出两金', '两金已终止', '两金已注销', '曾享受两金', '两金（2016年止）', '两金（已停发）', '不享受两金', '非三金', '两金已停发']))
      .toEqual([null, null, null, null, null, null, null, null, null, null]);
    expect(kinds(['两金', '叁金', '两 金', '省部级两金', '两金补助'])).toEqual(['两金', '三金', '两金', '两金', '两金']);
    // Helper 49: ended in brackets, or said so otherwise; a bracket about the employer; changed from one to the other.
    expect(kinds(['两金（不再享受）', '三金（不享受）', '两金（暂停）', '两金（已故）', '两金已到期', '两金【已停发】'])).toEqual([null, null, null, null, null, null]);
    expect(kinds(['两金（企业已停产）', '两金（单位已注销）', '两金改三金', '三金转为两金'])).toEqual(['两金', '两金', '三金', '两金']);
    // Helper 52: each part of a bracket on its own; 未到期; 改 in a bracket; 原…现…; 无 and 否 alone.
    expect(kinds(['两金（已故，原磷肥厂职工）', '两金（不再享受，企业已改制）', '两金（企业困难，暂停）', '两金（无）', '两金（否）'])).toEqual([null, null, null, null, null]);
    expect(kinds(['两金（未到期）', '两金（改三金）', '原两金，现三金'])).toEqual(['两金', '三金', '三金']);
    // Helper 54: a change only asked for is not made; 改发三金 is one; an end in a year to come is no end.
    expect(kinds(['两金转三金（2019年申请，已批准）', '两金（申请改三金，已批准）', '两金改三金（本人申请）', '两金，申请转三金，未批准'])).toEqual(['三金', '三金', '两金', '两金']);
    expect(kinds(['两金（拟改三金）', '两金，申请转三金，未批', '两金，改三金未批准', '两金（转三金待审）', '两金改发三金', '两金（2099年到期）', '两金，至2099年止'])).toEqual(['两金', '两金', '两金', '两金', '三金', '两金', '两金']);
    // Helper 58: a refusal is no approval (不同意, 未同意, 审批未通过, 不予批准, 未获批准, 驳回); 获批, 批复, 核准 are
    // approvals; the old kind stopping with the change made is no end; the row's 备注 speaks of the kind too.
    expect(kinds(['两金转三金（本人申请，不同意）', '两金转三金（本人申请，未同意）', '两金转三金（申请，审批未通过）', '两金转三金（申请，不予批准）', '两金转三金（申请，未获批准）', '两金转三金（不同意）', '两金转三金（申请，已驳回）']))
      .toEqual(['两金', '两金', '两金', '两金', '两金', '两金', '两金']);
    expect(kinds(['两金转三金（2019年申请，2020年获批）', '两金转三金（申请，省总工会批复）', '两金转三金（申请，已核准）', '两金（申请转三金，已批准，两金停发）', '两金转三金（批复同意）', '兩金轉三金（已批准）']))
      .toEqual(['三金', '三金', '三金', '三金', '三金', '三金']);
    expect([subsidyKindOf('两金', '申请转三金，已批准'), subsidyKindOf('两金转三金', '未批准'), subsidyKindOf('两金', '住院治疗'), subsidyKindOf('两金', '原单位已破产')]).toEqual(['三金', '两金', '两金', '两金']);
    // Helper 60: the last decision written decides; 未经批准, 批复未下达, 审核中, 已上报 are not granted; a 备注 is read only when
    // it changes this person's kind or, the category naming a change, is a decision alone (in either script).
    expect(kinds(['两金转三金（一审驳回，复审通过）', '两金转三金（先未批准，后批准）', '两金转三金（2019年申请未批准，2021年再次申请已批准）', '两金转三金（申请，未经批准）', '两金转三金（申请，批复未下达）', '两金转三金（审核中）', '两金转三金（正在审批）', '两金转三金（已上报）', '两金转三金（申请，尚未批复）']))
      .toEqual(['三金', '三金', '三金', '两金', '两金', '两金', '两金', '两金', '两金']);
    const withRemark = (pairs: [string, string][]) => pairs.map(([c, r]) => subsidyKindOf(c, r));
    expect(withRemark([['两金转三金（2019年申请）', '同意发放'], ['两金', '本人同意申请转三金'], ['两金', '经单位同意，申请转三金'], ['两金', '其配偶已转三金'], ['两金转三金（已批准）', '本人不同意公开信息'],
      ['三金', '两金已停发'], ['三金', '其配偶两金已停发'], ['两金', '审核人：张三'], ['两金转三金', '第二批']]))
      .toEqual(['两金', '两金', '两金', '两金', '三金', '三金', '三金', '两金', '三金']);
    expect(withRemark([['两金转三金', '已駁回'], ['两金转三金', '審核未通過'], ['两金转三金（申请）', '審核通過'], ['两金转三金（申请）', '已核準'], ['两金', '申請轉三金，已核準'], ['两金', '申请转三金，初审未通过，复审已批准'], ['两金转三金（申请）', '省总批复：同意']]))
      .toEqual(['两金', '两金', '三金', '三金', '三金', '三金', '三金']);
    // Helper 62: 不予以批准 refuses; a decision dated or with who made it is one alone; a change said not made, to come or
    // possible, or someone else's, is none; the person's or the unit's consent, or one to send it on, grants nothing;
    // 暂缓, 退回, 撤销 do not grant.
    expect(kinds(['两金转三金（不予以批准）', '兩金轉三金（不予以批准）', '两金转三金（申请，本人同意）', '两金转三金（同意上报）', '两金转三金（申请，暂缓）', '两金转三金（已批准，后撤销）', '两金转三金（申请，退回）', '两金转三金（暂缓批准）']))
      .toEqual(['两金', '两金', '两金', '两金', '两金', '两金', '两金', '两金']);
    expect(withRemark([['两金转三金（申请）', '2021.3.5批准'], ['两金转三金（申请）', '已于2021年批准'], ['两金转三金（申请）', '批准（2021）'], ['两金转三金（申请）', '县总工会已批准'], ['两金转三金（申请）', '省总工会批复：同意'], ['两金转三金（申请）', '已於2021年批准']]))
      .toEqual(['三金', '三金', '三金', '三金', '三金', '三金']);
    expect(withRemark([['两金', '申请转三金，不予以批准'], ['两金', '未转三金'], ['两金', '尚未转三金'], ['两金', '暂不转三金'], ['两金', '符合转三金条件'], ['两金', `${new Date().getFullYear() + 1}年起转三金`], ['两金', '其爱人已转三金'], ['两金', '老伴已转三金'],
      ['两金转三金（申请）', '单位已同意'], ['两金转三金（申请）', '本人已同意'], ['两金转三金（申请）', '经单位研究同意'], ['两金转三金（申请）', '公司同意']]))
      .toEqual(['两金', '两金', '两金', '两金', '两金', '两金', '两金', '两金', '两金', '两金', '两金', '两金']);
    expect(subsidyKindOf(null)).toBe(null);
  });

  it('reads a trade union’s own approval as a grant, not as the person’s or the unit’s consent (helper 64)', () => {
    const withRemark = (pairs: [string, string][]) => pairs.map(([c, r]) => subsidyKindOf(c, r));
    // 县总工会已同意, 经省总工会研究同意 … grant the change (they gave 两金: stripped with 本人同意 as own consent).
    expect(withRemark([['两金', '申请转三金，县总工会已同意'], ['两金', '申请转三金，省总工会同意'], ['两金', '申请转三金，经市总工会同意'], ['两金转三金（申请，县总工会已同意）', ''],
      ['两金转三金（申请，经省总工会研究同意）', ''], ['兩金', '申請轉三金，縣總工會已同意']]))
      .toEqual(['三金', '三金', '三金', '三金', '三金', '三金']);
    // The person's, the unit's or the employer's own consent, and one to send it on, still grant nothing.
    expect(withRemark([['两金', '申请转三金，本人已同意'], ['两金', '申请转三金，公司同意'], ['两金转三金（申请）', '同意上报'], ['两金转三金（申请）', '经单位研究同意上报'], ['两金', '申请转三金，企业同意'], ['两金', '申请转三金，厂工会同意']]))
      .toEqual(['两金', '两金', '两金', '两金', '两金', '两金']);
  });

  it('reads a grassroots union’s consent (社区, 矿区, 园区) as the unit’s own, not a district union’s grant (helper 67)', () => {
    const withRemark = (pairs: [string, string][]) => pairs.map(([c, r]) => subsidyKindOf(c, r));
    // Each gave 三金: the 区 of 社区, 矿区, 园区 was read as a district's.
    expect(withRemark([['两金', '申请转三金，社区工会同意'], ['两金', '申请转三金，矿区工会同意'], ['两金', '申请转三金，园区工会同意'], ['两金', '申请转三金，工业园区工会同意'],
      ['两金转三金（申请）', '社区工会同意'], ['两金转三金（申请，工业园区工会已同意）', '']]))
      .toEqual(['两金', '两金', '两金', '两金', '两金', '两金']);
    // Unchanged: a district's, a county's or a higher union's grants; a factory's, a street's, a workshop's or a group's does not.
    expect(withRemark([['两金', '申请转三金，红塔区工会同意'], ['两金', '申请转三金，县工会同意'], ['两金', '申请转三金，县总工会已同意'], ['两金转三金（申请，经省总工会研究同意）', ''],
      ['两金', '申请转三金，厂工会同意'], ['两金', '申请转三金，街道工会同意'], ['两金', '申请转三金，车间工会同意'], ['两金', '申请转三金，集团工会同意']]))
      .toEqual(['三金', '三金', '三金', '三金', '两金', '两金', '两金', '两金']);
  });

  it('reads an approval in 备注 dated to the month or naming its union with its place or 经 (helper 64)', () => {
    const withRemark = (pairs: [string, string][]) => pairs.map(([c, r]) => subsidyKindOf(c, r));
    // A decision dated to the month, or by a union named with its place or 经 (each gave 两金: 月批准, 经县总工会批准 left).
    expect(withRemark([['两金转三金（申请）', '2021年3月批准'], ['两金转三金（申请）', '已於2021年3月批准'], ['两金转三金（申请）', '经县总工会批准'], ['两金转三金（申请）', '玉溪市总工会已批准'],
      ['两金转三金（申请）', '云南省总工会批准'], ['两金转三金（申请）', '2021年3月经县总工会批准'], ['兩金轉三金（申請）', '2021年3月經縣總工會批准']]))
      .toEqual(['三金', '三金', '三金', '三金', '三金', '三金', '三金']);
  });

  it('reads an approval in 备注 naming who at the union decided, or dated in Chinese numerals (helper 67)', () => {
    const withRemark = (pairs: [string, string][]) => pairs.map(([c, r]) => subsidyKindOf(c, r));
    // Each gave 两金: 张主席同意, 李明同志签批同意 and 二〇二一年三月 were left before the decision.
    expect(withRemark([['两金转三金（申请）', '县总工会张主席2021年3月同意'], ['两金转三金（申请）', '2021年3月县总工会李明同志签批同意'], ['两金转三金（申请）', '二〇二一年三月批准'],
      ['两金转三金（申请）', '二〇二一年三月经县总工会批准'], ['两金转三金（申请）', '县总工会签批同意']]))
      .toEqual(['三金', '三金', '三金', '三金', '三金']);
    // A refusal so written, a chairman named without his union, a grassroots union's, and one sent on, grant nothing.
    expect(withRemark([['两金转三金（申请）', '县总工会张主席2021年3月不同意'], ['两金转三金（申请）', '张主席同意'], ['两金转三金（申请）', '厂工会张主席同意'], ['两金转三金（申请）', '县总工会张主席同意上报']]))
      .toEqual(['两金', '两金', '两金', '两金']);
  });

  it('reads a county union’s approval after 研究 or 党组, signed by its chairman, or after a lower union’s consent (helper 71)', () => {
    const withRemark = (pairs: [string, string][]) => pairs.map(([c, r]) => subsidyKindOf(c, r));
    // Each gave 两金: 研究 or 党组 after the union, a bare 签批, or a lower union's consent first, made it no decision alone.
    expect(withRemark([['两金转三金（申请）', '县总工会研究同意'], ['两金转三金（申请）', '县总工会党组研究同意'], ['两金转三金（申请）', '县总工会经研究同意'],
      ['两金转三金（申请）', '县总工会研究同意，自2021年4月1日起执行'], ['两金转三金（申请）', '縣總工會研究同意'], ['两金转三金（申请）', '县总工会王主席签批'], ['两金转三金（申请）', '经县总工会研究同意'],
      ['两金', '申请转三金，县总工会王主席签批'], ['两金转三金（申请）', '社区工会同意上报县总工会，县总工会已批准'], ['两金转三金（申请）', '社区工会同意，经县总工会批准'],
      ['两金转三金（申请）', '厂工会同意，县总工会已批准'], ['两金转三金（申请）', '社区工会同意上报，县总工会已批准']]))
      .toEqual(['三金', '三金', '三金', '三金', '三金', '三金', '三金', '三金', '三金', '三金', '三金', '三金']);
    // Unchanged: the same in 备注 beside the change, and the lower consent alone, sent on, or refused above.
    expect(withRemark([['两金', '申请转三金，县总工会研究同意'], ['两金', '申请转三金，社区工会同意，县总工会批准'], ['两金', '申请转三金，厂工会同意，县总工会已批准']])).toEqual(['三金', '三金', '三金']);
    expect(withRemark([['两金转三金（申请）', '社区工会同意上报县总工会'], ['两金转三金（申请）', '社区工会同意，县总工会未批'], ['两金转三金（申请）', '社区工会同意上报县总工会，待批'],
      ['两金转三金（申请）', '县总工会待签批'], ['两金转三金（申请）', '县总工会王主席未签批'], ['两金转三金（申请）', '县总工会签批中'], ['两金转三金（申请）', '县总工会张主席不同意']]))
      .toEqual(['两金', '两金', '两金', '两金', '两金', '两金', '两金']);
  });

  it('reads a consent by someone of the unit’s, or with no union named, as the unit’s own beside a change in 备注 (helper 71)', () => {
    const withRemark = (pairs: [string, string][]) => pairs.map(([c, r]) => subsidyKindOf(c, r));
    // Each gave 三金 (helper 67's guard held on 两金转三金（申请） only).
    expect(withRemark([['两金', '申请转三金，厂工会张主席同意'], ['两金', '申请转三金，张主席同意'], ['两金', '申请转三金，社区工会主任同意'], ['两金', '申请转三金，社区工会李主任签字同意'],
      ['两金', '申请转三金，厂工会张主席签批'], ['两金', '申请转三金，单位领导同意']]))
      .toEqual(['两金', '两金', '两金', '两金', '两金', '两金']);
    // Unchanged: someone of the county's union or above grants (helper 67's case among them).
    expect(withRemark([['两金转三金（申请）', '县总工会张主席2021年3月同意'], ['两金', '申请转三金，县总工会张主席同意'], ['两金', '申请转三金，县工会张主席同意'], ['两金', '申请转三金，县总工会领导同意']]))
      .toEqual(['三金', '三金', '三金', '三金']);
  });

  it('reads an approval in 备注 followed by when it takes effect (helper 64)', () => {
    const withRemark = (pairs: [string, string][]) => pairs.map(([c, r]) => subsidyKindOf(c, r));
    // Each gave 两金: 起执行 after the decision was read as more than a decision.
    expect(withRemark([['两金转三金（申请）', '已批准，2021年3月起执行'], ['两金转三金（申请）', '已批准，自2021年3月起执行'], ['两金转三金（申请）', '县总工会已批准，2021年起生效'],
      ['兩金轉三金（申請）', '已批准，2021年3月起執行'],
      // A refusal so followed stays a refusal; an approval followed by more than when it takes effect says nothing of the kind.
      ['两金转三金（申请）', '未批准，2021年3月起执行'], ['两金转三金（申请）', '已批准，2021年3月起停发']]))
      .toEqual(['三金', '三金', '三金', '三金', '两金', '两金']);
  });

  it('reads refusals and changes not yet made as no change (helper 64)', () => {
    const withRemark = (pairs: [string, string][]) => pairs.map(([c, r]) => subsidyKindOf(c, r));
    // Refusals (each gave 三金), and a union's refusal in 备注; 没批 as before.
    expect(withRemark([['两金转三金（被拒绝）', ''], ['两金转三金（已批准，后作废）', ''], ['两金转三金（批准后收回）', ''], ['两金转三金', '省总拒绝'], ['两金', '申请转三金，没有批准'], ['两金', '申请转三金，没批']]))
      .toEqual(['两金', '两金', '两金', '两金', '两金', '两金']);
    // A change not made, that cannot be, or to come (each gave 三金).
    expect(withRemark([['两金', '未能转三金'], ['两金', '不能转三金'], ['两金', '无法转三金'], ['两金', '待转三金'], ['两金', '退休后转三金'], ['两金', '明年转三金'], ['两金', '应转三金，材料未交'], ['兩金', '未能轉三金']]))
      .toEqual(['两金', '两金', '两金', '两金', '两金', '两金', '两金', '两金']);
  });

  it('reads a change made as made though a word of the future or of the old certificate is beside it (helper 67)', () => {
    const withRemark = (pairs: [string, string][]) => pairs.map(([c, r]) => subsidyKindOf(c, r));
    // Each gave 两金 (helper 64's not-yet words read on the whole remark, 收回 / 作废 of the old certificate as the decision).
    expect(withRemark([['两金', '退休后已转三金'], ['两金', '2019年退休后转三金（已批准）'], ['两金', '2021年以后转三金'], ['两金', '2022年已转三金，明年复审'], ['两金', '已转三金，收回原两金证'],
      ['两金转三金（已批准，两金证收回）', ''], ['两金转三金（已批准，原两金证作废）', ''], ['兩金轉三金（已批准，兩金證收回）', ''], ['两金转三金（申请）', '已批准，两金证收回']]))
      .toEqual(['三金', '三金', '三金', '三金', '三金', '三金', '三金', '三金', '三金']);
    // Unchanged: still to come, alone or after a year to come, and the approval itself undone.
    const next = new Date().getFullYear() + 1;
    expect(withRemark([['两金', '退休后转三金'], ['两金', '明年转三金'], ['两金', '以后转三金'], ['两金', `${next}年以后转三金`], ['两金', `${new Date().getFullYear() + 1}年起转三金`], ['两金', '已转三金待批'],
      ['两金转三金（已批准，后作废）', ''], ['两金转三金（批准后收回）', ''], ['两金转三金', '省总拒绝']]))
      .toEqual(['两金', '两金', '两金', '两金', '两金', '两金', '两金', '两金', '两金']);
    // Helper 75: dates written 2026.12, 2027/1, 本月, 今年3月.
    const y = new Date().getFullYear();
    const m = new Date().getMonth() + 1;
    expect(withRemark([['两金转三金（申请）', `已批准，${y + 1}.1起执行`], ['两金转三金（申请）', `已批准，${y + 1}/1起执行`], ['两金转三金（申请）', `已批准，今年${m}月起执行`],
      ['两金', `${y - 1}.3起转三金`], ['两金', '本月起转三金'], ['两金', `${y + 1}.3起转三金`]])).toEqual(['两金', '两金', '三金', '三金', '三金', '两金']);
    // Helper 77: the year's end (今年底, ${y}年底) is to come; dates with a hyphen; 上月; 今年起执行.
    expect(withRemark([['两金', '今年底起转三金'], ['两金', `${y}年底起转三金`], ['两金转三金（申请）', `已批准，${y + 1}-01起执行`], ['两金', `${y - 1}-11起转三金`],
      ['两金', '上月起转三金'], ['两金转三金（申请）', '已批准，今年起执行'], ['两金', '年底前转三金']])).toEqual(['两金', '两金', '两金', '三金', '三金', '三金', '两金']);
    // A year gone by before 起 or 以后: the change is made (2025年起转三金 written in 2026).
    const last = new Date().getFullYear() - 1;
    expect(withRemark([['两金', `${last}年起转三金`], ['两金', `${last}年3月起转三金`], ['两金', `${last}年以后转三金`]])).toEqual(['三金', '三金', '三金']);
  });

  it('reads an old certificate both taken back and voided as about the certificate, not the change (helper 71)', () => {
    const withRemark = (pairs: [string, string][]) => pairs.map(([c, r]) => subsidyKindOf(c, r));
    // Each gave 两金: 收回 was left out with the certificate, 作废 after it read as the approval undone.
    expect(withRemark([['两金', '已转三金，两金证已收回作废'], ['两金', '已转三金，原证已收回作废'], ['两金转三金（已批准，原两金证收回并作废）', ''], ['两金', '已转三金，已收回作废原两金证']]))
      .toEqual(['三金', '三金', '三金', '三金']);
    // Unchanged: the approval itself undone, or a paper that is no certificate taken back and voided.
    expect(withRemark([['两金转三金（已批准，后作废）', ''], ['两金转三金（申请）', '批准文件已收回作废'], ['两金转三金（批准后收回）', '']]))
      .toEqual(['两金', '两金', '两金']);
  });

  it('reads a change set for a date to come as not made though an approval is beside it (helper 71)', () => {
    const withRemark = (pairs: [string, string][]) => pairs.map(([c, r]) => subsidyKindOf(c, r));
    const now = new Date().getFullYear();
    // Each gave 三金 (helper 67 let a grant beside the change make it done): approved, but not in force yet.
    expect(withRemark([['两金', `${now + 2}年起转三金（已批准）`], ['两金', `${now + 1}年起转三金（已批准）`], ['两金', '县总工会已批准明年转三金'], ['两金', '已批准退休后转三金'],
      ['两金', `县总工会已批准${now + 1}年3月起转三金`]]))
      .toEqual(['两金', '两金', '两金', '两金', '两金']);
    // Unchanged: a change made, or set for a year gone by (helper 67's cases), granted beside it or not; this year is in force.
    expect(withRemark([['两金', '退休后已转三金'], ['两金', '2019年退休后转三金（已批准）'], ['两金', '2021年以后转三金'], ['两金', '2022年已转三金，明年复审'],
      ['两金', `${now - 1}年起转三金（已批准）`], ['两金', `${now}年1月起转三金`], ['两金', '今年起转三金'], ['两金', '二〇二一年起转三金']]))
      .toEqual(['三金', '三金', '三金', '三金', '三金', '三金', '三金', '三金']);
    // Still to come as before: the same words without a grant, and a change only possible though a year gone by is named.
    expect(withRemark([['两金', '退休后转三金'], ['两金', '明年转三金'], ['两金', `${now + 1}年起转三金`], ['两金', '2019年符合转三金条件'], ['两金', `${now - 5}年申请，${now + 2}年起转三金`]]))
      .toEqual(['两金', '两金', '两金', '两金', '两金']);
  });

  it('reads an approval that takes effect on a date to come as not yet granted (helper 71)', () => {
    const withRemark = (pairs: [string, string][]) => pairs.map(([c, r]) => subsidyKindOf(c, r));
    const now = new Date().getFullYear();
    // Each gave 三金 (helper 64 left the date out of the decision): approved, but it starts later.
    expect(withRemark([['两金转三金（申请）', `县总工会已批准，${now + 2}年1月起执行`], ['两金转三金（申请）', `已批准，${now + 1}年起生效`], ['两金转三金（申请）', '已批准，明年起执行'],
      ['两金', `申请转三金，已批准，${now + 1}年1月起执行`], [`两金转三金（已批准，${now + 1}年起执行）`, ''], ['两金转三金', `已批准，自${now + 1}年3月1日起执行`]]))
      .toEqual(['两金', '两金', '两金', '两金', '两金', '两金']);
    // Unchanged: a start gone by, or this year's first month, is in force.
    expect(withRemark([['两金转三金（申请）', '已批准，2021年3月起执行'], ['两金转三金（申请）', `县总工会已批准，${now - 1}年起生效`], ['两金转三金（申请）', `已批准，${now}年1月起执行`],
      ['两金', '申请转三金，县总工会2021年3月研究同意，2021年4月起执行'], ['两金转三金（已批准，2021年起执行）', '']]))
      .toEqual(['三金', '三金', '三金', '三金', '三金']);
  });
});

describe('checks against the ledger', () => {
  it('checks a 类别 written in Traditional or with a space against the rules of its Simplified value, and stores that value (helper 84)', async () => {
    const ledger = tempLedger();
    const pid = program(ledger, 'YL', {
      name: '2011年医疗救助', kind: '医疗救助',
      rules: [
        { kind: 'max_cash_per_payment', amountFen: 500_00, category: '住院未手术', scope: 'program', otherProgramId: null, severity: 'error' },
        { kind: 'max_cash_per_payment', amountFen: 1_000_00, category: '住院手术', scope: 'program', otherProgramId: null, severity: 'error' },
      ],
    });
    const id = (n: number) => makeIdNumber('530424', '1962-01-01', 2 * n + 1, true);
    const s = await session(await simpleXlsx({ 医疗救助: [['姓名', '身份证号码', '救助类别', '救助金额'],
      ['甲一', id(1), '住院未手术', 800], ['甲二', id(2), '住院未手術', 800], ['甲三', id(3), '住院手術', 1500], ['甲四', id(4), '住院 未手术', 800], ['甲五', id(5), '住院手術', 900],
      // With brackets or a dash inside (helper 86).
      ['甲六', id(6), '住院(未手术)', 800], ['甲七', id(7), '住院（未手術）', 800], ['甲八', id(8), '住院-未手术', 800], ['甲九', id(9), '住院(未手术)', 400]] }), 'yl.xlsx');
    const p = previewImport(ledger, s, { programId: pid });
    expect(p.rows.map((r) => [r.name, r.status, r.reasons.map((x) => x.code.replace(/\d+/, 'N')).join(',')])).toEqual([
      ['甲一', 'error', 'rule:N'], ['甲二', 'error', 'rule:N'], ['甲三', 'error', 'rule:N'], ['甲四', 'error', 'rule:N'], ['甲五', 'ok', ''],
      ['甲六', 'error', 'rule:N'], ['甲七', 'error', 'rule:N'], ['甲八', 'error', 'rule:N'], ['甲九', 'ok', ''],
    ]);
    commitImport(ledger, s);
    expect(ledger.db.prepare('SELECT category FROM payments').pluck().all()).toEqual(['住院手术', '住院未手术']);
    // A program's own rule category comes first: 住院（手术） meets this program's 住院(手术), not the other's 住院手术 (helper 88).
    const own = program(ledger, 'YLB', {
      name: '2011年医疗救助（乙）', kind: '医疗救助',
      rules: [{ kind: 'max_cash_per_payment', amountFen: 1_000_00, category: '住院(手术)', scope: 'program', otherProgramId: null, severity: 'error' }],
    });
    const s2 = await session(await simpleXlsx({ 医疗救助: [['姓名', '身份证号码', '救助类别', '救助金额'], ['乙一', id(11), '住院（手术）', 1500], ['乙二', id(12), '住院手术', 1500]] }), 'ylb.xlsx');
    expect(previewImport(ledger, s2, { programId: own }).rows.map((r) => [r.name, r.status])).toEqual([['乙一', 'error'], ['乙二', 'error']]);
  });

  it('pays a parent once per child only in a 助学 program: on a 送温暖 roster with a 子女姓名 column the parent twice is held (helper 86)', async () => {
    const parent = makeIdNumber('530424', '1975-03-12', 2, false);
    const other = makeIdNumber('530424', '1976-04-01', 4, true);
    const file = await simpleXlsx({ 花名册: [['姓名', '身份证号码', '子女姓名', '金额'],
      ['丙一', parent, '丁一', 500], [null, null, '丁二', 500], ['丙二', other, '丁三', 500], ['丙二', other, '丁四', 500]] }, { 花名册: ['A2:A3', 'B2:B3'] });
    const once = [{ kind: 'once_per_person_program' as const, amountFen: null, category: null, scope: 'program' as const, otherProgramId: null, severity: 'error' as const }];
    const codes = (p: ReturnType<typeof previewImport>) => p.rows.map((r) => [r.row, r.status, r.reasons.map((x) => x.code).join(',')]);
    const ledger = tempLedger();
    const swn = program(ledger, 'SWN', { kind: '送温暖', name: '2011年送温暖', rules: once });
    const zx = program(ledger, 'ZX', { kind: '金秋助学', name: '2011年金秋助学', rules: once });
    const s = await session(file, 'swn.xlsx');
    const asSwn = previewImport(ledger, s, { programId: swn });
    expect(codes(asSwn)).toEqual([[2, 'error', 'duplicate_in_file'], [3, 'error', 'duplicate_in_file'], [4, 'error', 'duplicate_in_file'], [5, 'error', 'duplicate_in_file']]);
    expect(asSwn.rows[0]!.reasons[0]!.message).toBe('“丙一”在本文件中出现 2 次（第 2、3 行，子女不同）；“2011年送温暖”不是助学项目，每人只发一次，请核对是否重复发放');
    // The same file for 金秋助学: one payment per child.
    const asZx = previewImport(ledger, s, { programId: zx });
    expect(codes(asZx)).toEqual([[2, 'ok', ''], [3, 'ok', ''], [4, 'ok', ''], [5, 'ok', '']]);
    // A parent the ledger has, paid before in 送温暖 for one child: paid again for another is already_paid there.
    const known = tempLedger();
    const swn2 = program(known, 'SWN', { kind: '送温暖', name: '2011年送温暖', rules: once });
    known.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => {
      const id = createPerson(tx, { name: '丙一', idNumber: parent });
      applyPaymentEdits(tx, [{ personId: id, cells: { cashFen: '500', paidOn: '2011-01-05', studentName: '丁一' } }], { programId: swn2 }, 'x');
    });
    const again = previewImport(known, await session(await simpleXlsx({ 花名册: [['姓名', '身份证号码', '子女姓名', '金额'], ['丙一', parent, '丁二', 500]] }), 'swn2.xlsx'), { programId: swn2 });
    expect(codes(again)).toEqual([[2, 'error', `already_paid`]]);
    // The parent's name merged over two children's rows with the ID on the first only, or another ID on the second: not
    // filled as the same parent (helper 90: a second 丙一 without an ID, or one paid twice); held as the merge was before.
    for (const second of [null, other]) {
      const merged = await simpleXlsx({ 花名册: [['学生姓名', '家长姓名', '家长身份证号', '工作单位', '金额'],
        ['丁一', '丙一', parent, '糖厂', 500], ['丁二', null, second, '糖厂', 500]] }, { 花名册: ['B2:B3'] });
      const p = previewImport(ledger, await session(merged, 'zx.xlsx'), { programId: zx });
      expect(codes(p), String(second)).toEqual([[2, 'ok', ''], [3, 'error', 'missing_name']]);
    }
    // Typed twice, with the ID on one row only, on a 送温暖 roster: the same payee.
    const typed = await simpleXlsx({ 花名册: [['姓名', '身份证号码', '工作单位', '子女姓名', '金额'], ['丙三', parent, '糖厂', '丁一', 500], ['丙三', null, '糖厂', '丁二', 500]] });
    expect(codes(previewImport(ledger, await session(typed, 'swn3.xlsx'), { programId: swn }))).toEqual([[2, 'error', 'duplicate_in_file'], [3, 'error', 'duplicate_in_file']]);
    // In 金秋助学, the parent again on a row with no student is no other child (helper 88: paid twice).
    const blank = await simpleXlsx({ 花名册: [['家长姓名', '家长身份证号', '学生姓名', '金额'], ['父庚', other, '子庚', 3000], ['父庚', other, null, 3000]] });
    const zxBlank = previewImport(ledger, await session(blank, 'zx2.xlsx'), { programId: zx });
    expect(codes(zxBlank)).toEqual([[2, 'error', 'duplicate_in_file'], [3, 'error', 'duplicate_in_file']]);
    expect(zxBlank.rows[1]!.reasons[0]!.message).toMatch(/其中有的行没有学生姓名，无法确定是为哪个孩子发放/);
  });

  it('matches people by ID, flags a different name, already-paid people and the program’s rules with their own severity', async () => {
    const ledger = tempLedger();
    const other = program(ledger, 'ZQ', { name: '2011年中秋慰问', kind: '中秋慰问' });
    const pid = program(ledger, 'GQ', {
      rules: [
        { kind: 'once_per_person_program', amountFen: null, category: null, scope: 'program', otherProgramId: null, severity: 'error' },
        { kind: 'max_cash_per_payment', amountFen: 1_000_00, category: null, scope: 'program', otherProgramId: null, severity: 'error' },
        { kind: 'max_cash_per_person_year', amountFen: 1_000_00, category: null, scope: 'all', otherProgramId: null, severity: 'warn' },
      ],
    });
    // 李强 is in the ledger under another name; 杨明 had 600元 from the 中秋 program this year; 王芳 was paid in this program.
    const people = ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => ({
      li: createPerson(tx, { name: '李刚', idNumber: IDS.liQiang }),
      yang: createPerson(tx, { name: '杨明', idNumber: IDS.yangMing }),
      wang: createPerson(tx, { name: '王芳', idNumber: IDS.wangFang }),
    }));
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => {
      applyPaymentEdits(tx, [{ personId: people.yang, cells: { cashFen: '600', paidOn: '2011-09-10' } }], { programId: other }, 'x');
      applyPaymentEdits(tx, [{ personId: people.wang, cells: { cashFen: '300', paidOn: '2011-09-01' } }], { programId: pid }, 'x');
    });
    const s = await session(await messyRosterXlsx());
    const p = previewImport(ledger, s, { programId: pid });
    const row = (name: string) => p.rows.find((r) => r.name === name)!;
    const ruleIds = (ledger.db.prepare('SELECT id, kind FROM program_rules WHERE program_id = ? ORDER BY id').all(pid) as { id: number; kind: string }[]);
    const capId = ruleIds.find((x) => x.kind === 'max_cash_per_payment')!.id;
    const yearId = ruleIds.find((x) => x.kind === 'max_cash_per_person_year')!.id;

    expect([row('王芳').status, row('王芳').personId, row('王芳').reasons.map((x) => x.code)]).toEqual(['error', people.wang, ['already_paid']]);
    expect([row('李强').status, row('李强').personId, row('李强').reasons.map((x) => x.code)]).toEqual(['warn', people.li, ['name_mismatch']]);
    expect(row('李强').reasons[0]!.message).toMatch(/在台账中登记为“李刚”，花名册写作“李强”/);
    expect([row('杨明').status, row('杨明').reasons.map((x) => x.code)]).toEqual(['warn', [`rule:${yearId}`]]);
    expect(row('杨明').reasons[0]!.message).toMatch(/已累计救助600元，再发800元将超过1,000元上限/);
    expect([row('何静').status, row('何静').reasons.map((x) => x.code)]).toEqual(['error', ['amount_in_wan', `rule:${capId}`, `rule:${yearId}`]]);
    expect(row('錢軍').status).toBe('ok');

    // What is committed and what the ledger then finds agree with the preview.
    previewImport(ledger, s, { programId: pid });
    const r = commitImport(ledger, s);
    expect(r.payments).toBe(4);
    const yangPayment = ledger.db.prepare('SELECT id FROM payments WHERE import_batch_id = ? AND cash_fen = 80000').pluck().get(r.batchId);
    expect(ledger.db.prepare('SELECT code, severity FROM payment_issues WHERE payment_id = ?').all(yangPayment)).toEqual([{ code: `rule:${yearId}`, severity: 'warn' }]);
  });

  it('once-per-household rules see the household’s payments of the year', async () => {
    const ledger = tempLedger();
    const pid = program(ledger, 'SH', { rules: [{ kind: 'once_per_household_year', amountFen: null, category: null, scope: 'all', otherProgramId: null, severity: 'error' }] });
    const other = program(ledger, 'YL', { name: '2011年医疗救助', kind: '医疗救助' });
    const hh = ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => {
      const household = tx.insert('households', { file_no: 'HN-001' });
      const husband = createPerson(tx, { name: '钱军', idNumber: IDS.qianJun, householdId: household });
      createPerson(tx, { name: '孙丽', idNumber: IDS.sunLi, householdId: household });
      applyPaymentEdits(tx, [{ personId: husband, cells: { cashFen: '1000', paidOn: '2011-03-01' } }], { programId: other }, 'x');
      return household;
    });
    expect(hh).toBeGreaterThan(0);
    const s = await session(await simpleXlsx({ S: [['姓名', '身份证号', '金额'], ['孙丽', IDS.sunLi, 500]] }), 'hh.xlsx');
    const p = previewImport(ledger, s, { programId: pid });
    expect(p.rows[0]!.status).toBe('error');
    expect(p.rows[0]!.reasons[0]!.message).toMatch(/该户2011年度所有项目中已于2011-03-01获得救助/);
  });

  it('another program’s cap and once-per-household counted over all programs hold the rows, as the ledger does after the commit', async () => {
    const ledger = tempLedger();
    // 中秋慰问 holds its people's year over all programs; the roster is for 国庆, which has no rules.
    const other = program(ledger, 'ZQ', { name: '2011年中秋慰问', kind: '中秋慰问', rules: [
      { kind: 'max_cash_per_person_year', amountFen: 1_000_00, category: null, scope: 'all', otherProgramId: null, severity: 'warn' },
      { kind: 'once_per_household_year', amountFen: null, category: null, scope: 'all', otherProgramId: null, severity: 'warn' },
    ] });
    const pid = program(ledger, 'GQ', { rules: [] });
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => {
      const yang = createPerson(tx, { name: '杨明', idNumber: IDS.yangMing });
      const household = tx.insert('households', { file_no: 'HN-001' });
      const husband = createPerson(tx, { name: '钱军', idNumber: IDS.qianJun, householdId: household });
      createPerson(tx, { name: '孙丽', idNumber: IDS.sunLi, householdId: household });
      applyPaymentEdits(tx, [{ personId: yang, cells: { cashFen: '600', paidOn: '2011-09-10' } }], { programId: other }, 'x');
      applyPaymentEdits(tx, [{ personId: husband, cells: { cashFen: '300', paidOn: '2011-09-12' } }], { programId: other }, 'x');
    });
    const [capId, householdId] = ledger.db.prepare('SELECT id FROM program_rules WHERE program_id = ? ORDER BY id').pluck().all(other) as number[];
    const s = await session(await simpleXlsx({ S: [['姓名', '身份证号', '金额', '发放日期'], ['杨明', IDS.yangMing, 800, '2011-09-28'], ['孙丽', IDS.sunLi, 500, '2011-09-28']] }), 'gq.xlsx');
    const p = previewImport(ledger, s, { programId: pid });
    expect(p.rows.map((r) => [r.name, r.status, r.reasons.map((x) => [x.code, x.message])])).toEqual([
      ['杨明', 'warn', [[`rule:${capId}`, '2011年度所有项目中已累计救助600元，再发800元将超过“2011年中秋慰问”规定的1,000元上限']]],
      ['孙丽', 'warn', [[`rule:${householdId}`, '该户2011年度所有项目中已于2011-09-12获得救助，“2011年中秋慰问”规定同一户每年只能救助一次']]],
    ]);
    const r = commitImport(ledger, s);
    expect(r.paymentIds).toHaveLength(2);
    expect(ledger.db.prepare('SELECT payment_id, code, message FROM payment_issues WHERE payment_id IN (SELECT value FROM json_each(?)) ORDER BY payment_id').raw().all(JSON.stringify(r.paymentIds)))
      .toEqual(p.rows.map((row, i) => [r.paymentIds[i], ...row.reasons.map((x) => [x.code, x.message])[0]!]));
  });
});

describe('revert and history', () => {
  it('revert restores every audited table exactly, in one audited command; the batch stays in the history as reverted', async () => {
    const ledger = tempLedger({ actor: '李会计' });
    const pid = program(ledger);
    // People and a payment that exist before the import: untouched by the revert.
    const old = program(ledger, 'OLD');
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => {
      const li = createPerson(tx, { name: '李强', idNumber: IDS.liQiang });
      applyPaymentEdits(tx, [{ personId: li, cells: { cashFen: '400', paidOn: '2011-05-01', unitName: '盘溪镇水泥厂' } }], { programId: old }, 'x');
    });
    const before = dumpTables(ledger);
    const s = await session(await messyRosterXlsx());
    previewImport(ledger, s, { programId: pid });
    const { batchId, paymentIds } = commitImport(ledger, s);
    expect(dumpTables(ledger)).not.toEqual(before);
    // One of its payments corrected by hand afterwards: the history says so, for the revert's question.
    expect(listImportBatches(ledger)[0]!.editedAfter).toBe(0);
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id: paymentIds[0]!, cells: { cashFen: '650' } }], {}, 'x'));
    expect(listImportBatches(ledger)[0]!.editedAfter).toBe(1);

    const r = revertImport(ledger, batchId, '王主任');
    expect(r).toEqual({ batchId, deletedPayments: 6, deletedPeople: 5, deletedUnits: 2, deletedModelWorkers: 0, editedPayments: 1 });
    expect(withoutBatches(dumpTables(ledger))).toEqual(withoutBatches(before));
    const command = ledger.db.prepare("SELECT source, undoable, batch_id, actor FROM commands WHERE kind = 'import.revert'").get();
    expect(command).toEqual({ source: 'reverted', undoable: 0, batch_id: batchId, actor: '王主任' });
    expect(checkLedger(ledger).ok).toBe(true);

    const history = listImportBatches(ledger);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ id: batchId, fileName: '2011国庆花名册.xlsx', programCode: '2011-GQ', payments: 0, revertBlockedBy: '已撤销', revertedBy: '王主任', clerk: '李会计' });
    expect(history[0]!.revertedAt).not.toBeNull();
    await expectLedgerError(() => revertImport(ledger, batchId), 'invalid_input', /已于 .* 撤销/);
    await expectLedgerError(() => revertImport(ledger, 999), 'not_found', /找不到导入批次 #999/);

    // A reverted file may be imported again without forcing.
    const again = await session(await messyRosterXlsx());
    expect(previewImport(ledger, again, { programId: pid }).duplicateOf).toBeNull();
    expect(commitImport(ledger, again).payments).toBe(6);
  });

  it('refuses to revert a batch with approved payments, and changes nothing', async () => {
    const ledger = tempLedger();
    const pid = program(ledger);
    const s = await session(await messyRosterXlsx());
    previewImport(ledger, s, { programId: pid });
    const { batchId, paymentIds } = commitImport(ledger, s);
    ledger.run({ kind: 't', label: '审核', source: 'keyed' }, (tx) => setPaymentStatus(tx, [paymentIds[2]!], '已审核', '王主任'));
    expect(listImportBatches(ledger)[0]!.revertBlockedBy).toMatch(/1 条发放记录已审核/);
    const before = dumpTables(ledger);
    await expectLedgerError(() => revertImport(ledger, batchId), 'locked_payment', new RegExp(`批次 #${batchId} 中有 1 条发放记录已审核（如第 ${paymentIds[2]} 号）`));
    expect(dumpTables(ledger)).toEqual(before);
  });
});

describe('a failed import leaves the ledger exactly as it was', () => {
  it('when the ledger changed after the preview so that the rows to import would differ', async () => {
    const ledger = tempLedger();
    const pid = program(ledger);
    const s = await session(await messyRosterXlsx());
    previewImport(ledger, s, { programId: pid });
    // Meanwhile another window pays 王芳 in this program.
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) =>
      applyPaymentEdits(tx, [{ cells: { personName: '王芳', idNumber: IDS.wangFang, cashFen: '100', paidOn: '2011-09-01' } }], { programId: pid }, 'x'));
    const before = dumpTables(ledger);
    await expectLedgerError(() => commitImport(ledger, s), 'conflict', /请重新预览/);
    expect(dumpTables(ledger)).toEqual(before);
    // A fresh preview shows why, and the rest imports.
    const p = previewImport(ledger, s, { programId: pid });
    expect(p.rows.find((r) => r.name === '王芳')!.reasons.map((x) => x.code)).toEqual(['already_paid']);
    expect(commitImport(ledger, s).payments).toBe(5);
  });

  it('when writing fails half-way (the batch and people already inserted)', async () => {
    const ledger = tempLedger();
    const pid = program(ledger);
    const s = await session(await messyRosterXlsx());
    previewImport(ledger, s, { programId: pid });
    const before = dumpTables(ledger);
    const commandsBefore = ledger.db.prepare('SELECT count(*) FROM commands').pluck().get();
    ledger.db.exec("CREATE TEMP TRIGGER fail_half_way BEFORE INSERT ON payments WHEN NEW.cash_fen = 80000 BEGIN SELECT RAISE(ABORT, '磁盘出错'); END");
    await expectLedgerError(() => commitImport(ledger, s), 'internal', /磁盘出错/);
    ledger.db.exec('DROP TRIGGER fail_half_way');
    expect(dumpTables(ledger)).toEqual(before);
    expect(ledger.db.prepare('SELECT count(*) FROM commands').pluck().get()).toBe(commandsBefore);
    expect(commitImport(ledger, s).payments).toBe(6);
  });

  it('when no program is chosen or nothing can be imported', async () => {
    const ledger = tempLedger();
    const s = await session(await simpleXlsx({ S: [['姓名', '身份证号', '金额'], ['王芳', '123', 500]] }), 'bad.xlsx');
    previewImport(ledger, s, {});
    const before = dumpTables(ledger);
    await expectLedgerError(() => commitImport(ledger, s), 'invalid_input', /请先选择项目/);
    previewImport(ledger, s, { programId: program(ledger) });
    const withProgram = dumpTables(ledger);
    await expectLedgerError(() => commitImport(ledger, s), 'invalid_input', /没有可导入的行：1 行有错误/);
    expect(dumpTables(ledger)).toEqual(withProgram);
    expect(before.payments).toBe(withProgram.payments);
  });
});

describe('the error report', () => {
  it('gives the held error rows with their original cells, their row number and the reasons, per sheet', async () => {
    const ledger = tempLedger();
    const s = await session(await messyRosterXlsx());
    previewImport(ledger, s, { programId: program(ledger) });
    const { bytes, rows } = await buildErrorReport(s);
    expect(rows).toBe(10);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['盘溪镇', '華溪鎮']);
    const ws = wb.getWorksheet('盘溪镇')!;
    expect(ws.getRow(1).getCell(1).value).toMatch(/“2011国庆花名册.xlsx”“盘溪镇”中未能导入的 9 行/);
    // Their own title lines, as sent (they were dropped).
    expect([ws.getRow(2).getCell(1).value, ws.getRow(3).getCell(1).value]).toEqual(['华宁县总工会2011年国庆困难职工救助金发放花名册', '填报单位：盘溪镇工会联合会　填报日期：2011年9月20日']);
    expect(ws.getRow(4).values).toEqual([undefined, '序号', '姓名', '性别', '身份证号码', '工作单位', '困难类别', '金额\n（元）', '领取人签字', '备注', '原表行号', '错误原因']);
    const data = Array.from({ length: ws.rowCount - 4 }, (_, i) => ws.getRow(i + 5));
    expect(data.map((r) => r.getCell(10).value)).toEqual([7, 9, 10, 11, 12, 13, 14, 15, 16]);
    // The original cells as sent: the ID that lost its digits is still the number they typed.
    expect(data[0]!.getCell(4).value).toBe(530424198001019516);
    expect(data[0]!.getCell(2).value).toBe('张伟');
    // Row 7 is the last of the unit merged down E5:E7: it shows the unit, as their sheet does (it was blank).
    expect(data[0]!.getCell(5).value).toBe('盘溪镇水泥厂');
    expect(String(data[0]!.getCell(11).value)).toMatch(/身份证号被 Excel 存成了数字/);
    expect(data[1]!.getCell(11).value).toMatch(/性别填写为“男”/);
    expect(wb.getWorksheet('華溪鎮')!.getRow(4).getCell(7).value).toBe(4);
  });

  it('shows a cell the clerk changed in the preview as changed, with what it was, so that the row and its reason agree; a date cell stays a date', async () => {
    const ledger = tempLedger();
    const good = makeIdNumber('530424', '1981-03-12', 11, true);
    const bad = `${good.slice(0, 17)}${good.at(-1) === '0' ? '1' : '0'}`;
    const s = await session(await simpleXlsx({ S: [['姓名', '身份证号码', '金额', '发放日期'], ['李强', good, 500, new Date(Date.UTC(2011, 8, 28))], ['王芳', IDS.wangFang, null, null]] }), 'edits.xlsx');
    const programId = program(ledger);
    previewImport(ledger, s, { programId, edits: [{ sheetIndex: 0, row: 2, field: 'idNumber', value: bad }] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildErrorReport(s)).bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const li = ws.getRow(3);
    expect(li.getCell(2).value).toBe(bad);
    expect(String(li.getCell(6).value)).toMatch(new RegExp(`身份证号“${bad}”校验位错误[\\s\\S]*身份证号码已由县总工会在预览中修改，原为“${good}”`));
    expect(li.getCell(2).note).toBe(`原为：${good}`);
    expect(li.getCell(4).value).toEqual(new Date(Date.UTC(2011, 8, 28)));
    // An amount and a date the clerk typed are a number and a date in the report, as the union's own cells are.
    previewImport(ledger, s, { programId, edits: [{ sheetIndex: 0, row: 3, field: 'amount', value: '-300.5' }, { sheetIndex: 0, row: 3, field: 'paidOn', value: '2011-10-01' }, { sheetIndex: 0, row: 3, field: 'name', value: '王芳芳' }] });
    const again = new ExcelJS.Workbook();
    await again.xlsx.load((await buildErrorReport(s)).bytes as unknown as ArrayBuffer);
    const wang = again.worksheets[0]!.getRow(3);
    expect([wang.getCell(1).value, wang.getCell(3).value, wang.getCell(4).value]).toEqual(['王芳芳', -300.5, new Date(Date.UTC(2011, 9, 1))]);
    expect(wang.getCell(3).note).toBe('原为：');
    expect(String(wang.getCell(6).value)).toMatch(/金额.*负/);
  });

  it('is kept with the batch: after the commit (the session ended) and from the import history, the same report, from the held rows alone', async () => {
    const ledger = tempLedger();
    const s = await session(await messyRosterXlsx());
    const programId = program(ledger);
    // A fix in the preview, to be marked in the report after the commit as before it.
    previewImport(ledger, s, { programId, edits: [{ sheetIndex: 0, row: 13, field: 'amount', value: 'abc' }] });
    const before = await buildErrorReport(s);
    const r = commitImport(ledger, s);
    expect(r.heldErrors).toBe(10);
    const cells = async (bytes: Uint8Array) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      return wb.worksheets.map((ws) => [ws.name, ws.views, ws.columns.map((c) => c.width), ...Array.from({ length: ws.rowCount }, (_, i) => {
        const row = ws.getRow(i + 1);
        return Array.from({ length: row.cellCount }, (_, c) => {
          const cell = row.getCell(c + 1);
          return [cell.value, cell.note ?? null, cell.numFmt ?? null, cell.fill ?? null];
        });
      })]);
    };
    const after = await batchErrorReport(ledger, r.batchId);
    expect([after.rows, after.fileName]).toEqual([10, '2011国庆花名册.xlsx']);
    expect(await cells(after.bytes)).toEqual(await cells(before.bytes));
    expect(JSON.stringify(await cells(after.bytes))).toMatch(/金额\\n（元）已由县总工会在预览中修改/);
    expect(listImportBatches(ledger)[0]).toMatchObject({ id: r.batchId, reportRows: 10 });
    // Only the held rows are kept: not the file, not the rows imported.
    const stored = ledger.db.prepare('SELECT rows, length(data) AS bytes FROM import_error_reports WHERE batch_id = ?').get(r.batchId) as { rows: number; bytes: number };
    expect(stored.rows).toBe(10);
    expect(stored.bytes).toBeLessThan(4000);
    // A reverted batch keeps it (the rows are still to be sent back).
    revertImport(ledger, r.batchId, '李会计');
    expect((await batchErrorReport(ledger, r.batchId)).rows).toBe(10);
    // A batch that held no row has none, and says so.
    const clean = await session(await simpleXlsx({ S: [['姓名', '身份证号码', '金额'], ['王芳', IDS.wangFang, 500]] }), 'clean.xlsx');
    previewImport(ledger, clean, { programId });
    const ok = commitImport(ledger, clean);
    expect(listImportBatches(ledger)[0]).toMatchObject({ id: ok.batchId, reportRows: 0 });
    await expectLedgerError(() => batchErrorReport(ledger, ok.batchId), 'invalid_input', /没有保存未导入的行/);
    await expectLedgerError(() => batchErrorReport(ledger, 999), 'not_found', /找不到导入批次 #999/);
    expect(checkLedger(ledger).ok).toBe(true);
  });
});
