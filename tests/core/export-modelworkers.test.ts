import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportModelWorkers, modelWorkerSheets } from '../../electron/core/export/index.ts';
import { LedgerError } from '../../electron/core/errors.ts';
import { undo } from '../../electron/core/history.ts';
import type { Ledger } from '../../electron/core/ledger.ts';
import { reversePayment, setPaymentStatus } from '../../electron/core/services/payments.ts';
import { createModelWorker, deleteModelWorker, listModelWorkers, updateModelWorker } from '../../electron/core/services/modelWorkers.ts';
import { addPeople, addProgram, LULIANG_UNITS, office, pay, type TestPerson } from '../helpers/county.ts';
import { dumpTables, tempDir, tempLedger } from '../helpers/ledger.ts';
import { checkFormulas, formulaOf, merges, openXlsx, rowValues, sheet, valueOf } from '../helpers/xlsx.ts';

/**
 * 陆良 2011: 14 省(部)级困难劳模 drew 两金 of 2000–3000元, 38,000元 in all; two
 * national model workers drew 三金 of 5,000元 (one also holds a provincial
 * honour); one person was paid under the subsidy program without being in the
 * register; a model worker's 送温暖 visit is not a subsidy.
 */
function luliang2011(ledger: Ledger) {
  office(ledger, { officeName: '陆良县总工会', regionCode: '530322', leaderName: '赵文华', approverName: '钱志国', clerkName: '孙丽' });
  const people = addPeople(ledger, 18, '530322', LULIANG_UNITS, 5);
  const provincial = people.slice(0, 14);
  const national = people.slice(14, 16);
  const stranger = people[16]!;
  const amounts = [...Array<number>(6).fill(300_000), ...Array<number>(8).fill(250_000)];
  ledger.run({ kind: 'mw', label: '登记劳模', source: 'keyed' }, (tx) => {
    provincial.forEach((p, i) => createModelWorker(tx, { personId: p.id, honourLevel: '省部级', title: i % 3 === 0 ? '省五一劳动奖章' : '省劳动模范', yearAwarded: 1995 + i, awardingBody: '云南省人民政府', subsidyKind: '两金', inHardship: true }));
    national.forEach((p, i) => createModelWorker(tx, { personId: p.id, honourLevel: '全国', title: '全国劳动模范', yearAwarded: 2000 + i * 5, awardingBody: '国务院', subsidyKind: '三金', inHardship: true }));
    createModelWorker(tx, { personId: national[0]!.id, honourLevel: '省部级', title: '省劳动模范', yearAwarded: 1990 });
  });
  const lj = addProgram(ledger, { code: '2011-LJ', name: '2011年省(部)级困难劳模两金', year: 2011, kind: '劳模补助', rules: [] });
  const sj = addProgram(ledger, { code: '2011-SJ', name: '2011年全国劳模三金', year: 2011, kind: '劳模补助', rules: [] });
  const swn = addProgram(ledger, { code: '2011-SWN', name: '2011年春节送温暖', year: 2011, kind: '送温暖', rules: [] });
  pay(ledger, provincial.map((p, i) => ({ programId: lj, personId: p.id, paidOn: '2011-12-20', cashFen: amounts[i]!, recipientKind: '困难劳模' })));
  pay(ledger, [...national, stranger].map((p) => ({ programId: sj, personId: p.id, paidOn: '2011-12-21', cashFen: 500_000, recipientKind: '劳动模范' })));
  pay(ledger, [{ programId: swn, personId: provincial[0]!.id, paidOn: '2011-01-25', cashFen: 50_000, recipientKind: '劳动模范' }]);
  return { provincial, national, stranger, amounts };
}

const HEADER = ['序号', '姓名', '性别', '身份证号码', '工作单位', '荣誉称号', '获评年度', '补助类别', '补助金额（元）', '备注'];

describe('劳模补助金发放表', () => {
  it('陆良 2011: by honour level, title, year, 两金/三金, amount; 小计 per level, 合计 with 大写', async () => {
    const ledger = tempLedger();
    const { provincial, national, stranger, amounts } = luliang2011(ledger);
    const out = path.join(tempDir(), '劳模补助金.xlsx');
    const r = await exportModelWorkers(ledger, { year: 2011, out, filedOn: '2011-12-28' });
    expect(r).toMatchObject({ consolidated: false, rows: 17, cashFen: 3_800_000 + 1_500_000, totalFen: 5_300_000 });

    const ws = sheet(await openXlsx(out), '劳模补助金发放表');
    expect(valueOf(ws, 'A1')).toBe('陆良县总工会2011年劳模补助金发放表');
    expect(rowValues(ws, 3, 10)).toEqual(HEADER);
    // 全国 first: two 三金 holders, the one with two honours listed under the national one.
    expect(valueOf(ws, 'A4')).toBe('荣誉级别：全国（2人）');
    const nationalRows = [5, 6].map((r) => rowValues(ws, r, 10));
    expect(nationalRows.map((v) => v[1]).sort()).toEqual(national.map((p) => p.name).sort());
    for (const v of nationalRows) {
      const p = national.find((n) => n.name === v[1])!;
      expect(v).toEqual([v[0], p.name, p.gender, p.idNumber, p.unit, '全国劳动模范', 2000 + national.indexOf(p) * 5, '三金', 5000, '困难劳模']);
    }
    expect(rowValues(ws, 7, 10)).toEqual(['全国小计', '全国小计', '全国小计', '全国小计', '全国小计', '全国小计', '全国小计', '全国小计', 10_000, '2人']);
    expect(formulaOf(ws, 'I7')).toBe('SUM(I5:I6)');

    // 省部级: 14 people, 38,000元.
    expect(valueOf(ws, 'A8')).toBe('荣誉级别：省部级（14人）');
    const rows = Array.from({ length: 14 }, (_, i) => rowValues(ws, 9 + i, 10));
    expect(rows.map((v) => v[0])).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    const byId = new Map(rows.map((v) => [v[3], v]));
    provincial.forEach((p: TestPerson, i) => {
      expect(byId.get(p.idNumber)).toEqual([byId.get(p.idNumber)![0], p.name, p.gender, p.idNumber, p.unit, i % 3 === 0 ? '省五一劳动奖章' : '省劳动模范', 1995 + i, '两金', amounts[i]! / 100, '困难劳模']);
    });
    expect(valueOf(ws, 'A23')).toBe('省部级小计');
    expect(formulaOf(ws, 'I23')).toBe('SUM(I9:I22)');
    expect(valueOf(ws, 'I23')).toBe(38_000);
    expect(valueOf(ws, 'J23')).toBe('14人');

    // The person paid without being registered comes last, so that the total is every subsidy paid.
    expect(valueOf(ws, 'A24')).toBe('荣誉级别：未登记荣誉（1人）');
    expect(rowValues(ws, 25, 10)).toEqual([1, stranger.name, stranger.gender, stranger.idNumber, stranger.unit, null, null, null, 5000, null]);
    expect(formulaOf(ws, 'I27')).toBe('SUM(I7,I23,I26)');
    expect(valueOf(ws, 'I27')).toBe(53_000);
    expect(valueOf(ws, 'A28')).toBe('合计金额（大写）：伍万叁仟元整');
    expect([valueOf(ws, 'A30'), valueOf(ws, 'D30'), valueOf(ws, 'G30')]).toEqual(['单位负责人：赵文华', '审核人：钱志国', '经办人：孙丽']);
    for (const f of checkFormulas(ws)) expect(f.computed, f.ref).toBeCloseTo(f.result, 6);
    expect(merges(ws)).toContain('A4:J4');
    expect(merges(ws)).toContain('A27:H27');
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, printTitlesRow: '3:3', paperSize: 9 });
    for (let r = 5; r <= 25; r++) if (typeof valueOf(ws, `D${r}`) === 'string') expect(ws.getCell(`D${r}`).numFmt).toBe('@');
    ledger.close();
  });

  it('leaves out a subsidy that was reversed, masks IDs when asked, and refuses a year without subsidies', async () => {
    const ledger = tempLedger();
    const { provincial, stranger } = luliang2011(ledger);
    // The payment to the unregistered person was a mistake: reversed.
    ledger.run({ kind: 't', label: '冲正', source: 'keyed' }, (tx) => {
      const id = tx.database.prepare('SELECT id FROM payments WHERE person_id = ?').pluck().get(stranger.id) as number;
      setPaymentStatus(tx, [id], '已审核', '钱志国');
      setPaymentStatus(tx, [id], '已发放', null);
      const rev = reversePayment(tx, id, '不符合条件', '孙丽');
      tx.update('payments', rev, { paid_on: '2011-12-30' });
    });
    const data = modelWorkerSheets(ledger, { year: 2011, maskIds: true, filedOn: '2011-12-28' });
    expect(data).toMatchObject({ people: 16, amountFen: 4_800_000 });
    const rows = [...data.sheets[0]!.rows];
    expect(rows.some((r) => r.cells[1]?.v === stranger.name)).toBe(false);
    expect(rows.some((r) => typeof r.cells[0]?.v === 'string' && r.cells[0].v.includes('未登记荣誉'))).toBe(false);
    const masked = rows.map((r) => r.cells[3]?.v).filter((v) => typeof v === 'string' && v.includes('*'));
    expect(masked).toContain(`${provincial[0]!.idNumber.slice(0, 6)}********${provincial[0]!.idNumber.slice(-4)}`);
    expect(masked).toHaveLength(16);
    expect(() => modelWorkerSheets(ledger, { year: 2012 })).toThrow('2012年没有劳模补助发放记录（项目类别：劳模补助）');
    ledger.close();
  });
});

describe('model-worker register', () => {
  it('creates, updates, lists and deletes honours, audited and undoable; refuses bad values', () => {
    const ledger = tempLedger();
    const [a, b] = addPeople(ledger, 2, '530322', LULIANG_UNITS, 9);
    const id = ledger.run({ kind: 'mw.create', label: '登记劳模', source: 'keyed' }, (tx) =>
      createModelWorker(tx, { personId: a!.id, honourLevel: '省部级', title: '省劳动模范', yearAwarded: 2005, subsidyKind: '两金', inHardship: true }),
    );
    ledger.run({ kind: 'mw.create', label: '登记劳模', source: 'keyed' }, (tx) => createModelWorker(tx, { personId: b!.id, honourLevel: '全国', title: '全国劳动模范', subsidyKind: '三金' }));
    expect(listModelWorkers(ledger).map((m) => [m.personName, m.honourLevel, m.subsidyKind, m.inHardship])).toEqual([
      [b!.name, '全国', '三金', false],
      [a!.name, '省部级', '两金', true],
    ]);
    const before = dumpTables(ledger);
    const bad: [() => unknown, RegExp][] = [
      [() => createModelWorker(undefined as never, { personId: a!.id, honourLevel: '省部级', title: '省劳动模范', subsidyKind: '四金' as never }), /补助类别只能是“两金”或“三金”/],
      [() => createModelWorker(undefined as never, { personId: a!.id, honourLevel: ' ', title: '省劳动模范' }), /荣誉级别不能为空/],
    ];
    for (const [fn, msg] of bad) expect(fn).toThrow(msg);
    const inTx = (fn: Parameters<Ledger['run']>[1]) => ledger.run({ kind: 'mw', label: '劳模', source: 'keyed' }, fn);
    expect(() => inTx((tx) => createModelWorker(tx, { personId: a!.id, honourLevel: '省部级', title: '省劳动模范' }))).toThrow(/此人已登记“省部级·省劳动模范”/);
    expect(() => inTx((tx) => createModelWorker(tx, { personId: 999, honourLevel: '县级', title: '县劳动模范' }))).toThrow('找不到人员 #999');
    expect(() => inTx((tx) => updateModelWorker(tx, id, { yearAwarded: 1800 }))).toThrow('获评年度无效：1800');
    expect(dumpTables(ledger)).toEqual(before);

    inTx((tx) => updateModelWorker(tx, id, { subsidyKind: null, note: '已脱困' }));
    expect(listModelWorkers(ledger, { personId: a!.id })[0]).toMatchObject({ subsidyKind: null, note: '已脱困' });
    undo(ledger, '测试');
    expect(listModelWorkers(ledger, { personId: a!.id })[0]).toMatchObject({ subsidyKind: '两金', note: null });
    inTx((tx) => deleteModelWorker(tx, id));
    expect(listModelWorkers(ledger, { honourLevel: '省部级' })).toEqual([]);
    expect(() => inTx((tx) => deleteModelWorker(tx, id))).toThrow(LedgerError);
    ledger.close();
  });
});
