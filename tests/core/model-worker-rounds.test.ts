/**
 * 两金 / 三金 rounds from the model-worker register: only the eligible people,
 * each once, at the program's standard amounts, in one undoable command; those
 * left out are listed with the reason; a refused round changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { historyState, undo } from '../../electron/core/history.ts';
import { generateRound, previewRound } from '../../electron/core/services/modelWorkerRounds.ts';
import { createModelWorker } from '../../electron/core/services/modelWorkers.ts';
import { applyPaymentEdits, reversePayment, setPaymentStatus } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import type { Ledger } from '../../electron/core/ledger.ts';
import type { RoundCriteria } from '../../shared/registers.ts';
import { addPeople, HUANING_UNITS } from '../helpers/county.ts';
import { dumpTables, tempLedger } from '../helpers/ledger.ts';

function register(ledger: Ledger) {
  const people = addPeople(ledger, 9, '530424', HUANING_UNITS, 5);
  const ids = ledger.run({ kind: 't', label: '劳模名册', source: 'keyed' }, (tx) => {
    const mw = (i: number, honourLevel: string, title: string, subsidyKind: '两金' | '三金' | null, inHardship: boolean) =>
      createModelWorker(tx, { personId: people[i]!.id, honourLevel, title, yearAwarded: 2000 + i, awardingBody: '云南省人民政府', subsidyKind, inHardship });
    mw(0, '全国', '全国劳动模范', '三金', true);
    mw(1, '全国', '全国五一劳动奖章', null, false);
    mw(2, '省部级', '省劳动模范', '两金', true);
    mw(3, '省部级', '省先进工作者', '两金', true);
    mw(4, '省部级', '省劳动模范', null, false); // not in hardship
    mw(5, '省部级', '省五一劳动奖章', '两金', true); // already paid below
    mw(6, '州市级', '州市劳动模范', null, true);
    // One person with two honours (provincial and national): paid once, under the honour that qualifies.
    mw(7, '省部级', '省劳动模范', '两金', true);
    mw(7, '州市级', '州市劳动模范', null, true);
    mw(8, '省部级', '省劳动模范', '两金', true); // paid, then reversed: eligible again
    const lj = createProgram(tx, {
      code: '2017-LJ', name: '2017年省部级困难劳模两金', year: 2017, kind: '劳模补助', rules: [],
      standards: [{ recipientKind: '困难劳模', cashFen: 250_000 }, { recipientKind: '劳动模范', cashFen: 100_000, goodsFen: 20_000, goodsDesc: '慰问品' }],
    });
    const swn = createProgram(tx, { code: '2017-SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖' });
    const paid = applyPaymentEdits(tx, [
      { personId: people[5]!.id, cells: { paidOn: '2017-05-01', cashFen: '2500', recipientKind: '困难劳模' } },
      { personId: people[8]!.id, cells: { paidOn: '2017-05-01', cashFen: '2500', recipientKind: '困难劳模' } },
    ], { programId: lj }, '测试').created;
    setPaymentStatus(tx, [paid[1]!], '已审核', '审核');
    setPaymentStatus(tx, [paid[1]!], '已发放', null);
    reversePayment(tx, paid[1]!, '发错人', '测试');
    return { lj, swn };
  });
  return { people, ...ids };
}

describe('model-worker subsidy rounds', () => {
  it('lists the eligible 省部级 困难劳模 not yet paid, and why the others are left out', () => {
    const ledger = tempLedger();
    const { people, lj } = register(ledger);
    const criteria: RoundCriteria = { programId: lj, levels: ['省部级'], hardshipOnly: true, paidOn: '2017-06-30' };
    const preview = previewRound(ledger.db, criteria);
    const byName = new Map(preview.candidates.map((c) => [c.name, c]));
    const eligible = preview.candidates.filter((c) => c.eligible).map((c) => c.personId).sort();
    expect(eligible).toEqual([people[2]!.id, people[3]!.id, people[7]!.id, people[8]!.id].sort());
    expect(preview).toMatchObject({ eligible: 4, cashFen: 4 * 250_000, goodsFen: 0, program: { name: '2017年省部级困难劳模两金' } });
    expect(byName.get(people[4]!.name)).toMatchObject({ eligible: false, reason: '未标记为困难劳模', recipientKind: '劳动模范' });
    expect(byName.get(people[5]!.name)).toMatchObject({ eligible: false, reason: '已于 2017-05-01 在本项目领取' });
    expect(byName.get(people[7]!.name)).toMatchObject({ eligible: true, honourLevel: '省部级', cashFen: 250_000, recipientKind: '困难劳模' });
    // National and prefecture-level model workers are not part of a 省部级 round at all.
    expect(preview.candidates.map((c) => c.honourLevel)).toEqual(Array(preview.candidates.length).fill('省部级'));
    expect(preview.candidates).toHaveLength(6);
    // By subsidy kind as recorded in the register: the same four.
    expect(previewRound(ledger.db, { ...criteria, hardshipOnly: false, subsidyKind: '两金' }).eligible).toBe(4);
    // A Spring Festival visit to all levels without the hardship filter: each at their kind's standard.
    const all = previewRound(ledger.db, { ...criteria, levels: ['全国', '省部级', '州市级', '县级'], hardshipOnly: false });
    expect(all.candidates.find((c) => c.personId === people[1]!.id)).toMatchObject({ eligible: true, recipientKind: '劳动模范', cashFen: 100_000, goodsFen: 20_000, goodsDesc: '慰问品' });
    expect(all.candidates.filter((c) => c.personId === people[7]!.id)).toHaveLength(1);
    ledger.close();
  });

  it('turns the list into payment rows in one undoable command at the standard amounts', () => {
    const ledger = tempLedger();
    const { lj } = register(ledger);
    const criteria: RoundCriteria = { programId: lj, levels: ['省部级'], hardshipOnly: true, paidOn: '2017-06-30' };
    const expected = previewRound(ledger.db, criteria).candidates.filter((c) => c.eligible);
    const before = dumpTables(ledger);
    const result = ledger.run({ kind: 'modelWorkers.round', label: '生成劳模发放名单', source: 'generated' }, (tx) => generateRound(tx, criteria, '王芳'));
    expect(result.created).toHaveLength(4);
    const rows = ledger.db.prepare(`SELECT person_id, program_id, paid_on, cash_fen, goods_fen, recipient_kind, status, clerk, note, unit_id IS NOT NULL AS hasUnit
      FROM payments WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`).all(JSON.stringify(result.created)) as Record<string, unknown>[];
    expect(rows.map((r) => r.person_id)).toEqual(expected.map((c) => c.personId));
    for (const r of rows) {
      expect(r).toMatchObject({ program_id: lj, paid_on: '2017-06-30', cash_fen: 250_000, goods_fen: 0, recipient_kind: '困难劳模', status: '登记', clerk: '王芳', hasUnit: 1 });
    }
    expect(rows.map((r) => r.note)).toEqual(expected.map((c) => c.title));
    expect(ledger.db.prepare('SELECT sum(cash_fen) FROM payments WHERE id IN (SELECT value FROM json_each(?))').pluck().get(JSON.stringify(result.created))).toBe(result.cashFen);
    // Generating again finds nobody left: refused with a reason, nothing changes.
    const after = dumpTables(ledger);
    expect(() => ledger.run({ kind: 'modelWorkers.round', label: '再生成', source: 'generated' }, (tx) => generateRound(tx, criteria, '王芳'))).toThrow(/没有可生成的发放记录/);
    expect(dumpTables(ledger)).toEqual(after);
    // One command: undo removes the whole round.
    expect(historyState(ledger).undoLabel).toBe('生成劳模发放名单');
    undo(ledger);
    expect(dumpTables(ledger).payments).toEqual(before.payments);
    ledger.close();
  });

  it('refuses a program of another kind, no level, a bad date, or a missing standard', () => {
    const ledger = tempLedger();
    const { swn, lj } = register(ledger);
    const base: RoundCriteria = { programId: lj, levels: ['全国'], hardshipOnly: true, paidOn: '2017-06-30' };
    expect(() => previewRound(ledger.db, { ...base, programId: swn })).toThrow(/只能为“劳模补助”或“劳模慰问”类项目生成/);
    expect(() => previewRound(ledger.db, { ...base, levels: [' '] })).toThrow(/请至少选择一个荣誉级别/);
    expect(() => previewRound(ledger.db, { ...base, paidOn: '2017-02-30' })).toThrow(/发放日期/);
    expect(() => previewRound(ledger.db, { ...base, programId: 999 })).toThrow(/找不到项目 #999/);
    // A 三金 program with no 困难劳模 standard: the national model worker in hardship is listed, not eligible.
    const sj = ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => createProgram(tx, { code: '2017-SJ', name: '2017年全国劳模三金', year: 2017, kind: '劳模补助', standards: [{ recipientKind: '劳动模范', cashFen: 300_000 }] }));
    const preview = previewRound(ledger.db, { ...base, programId: sj, subsidyKind: '三金' });
    expect(preview.candidates.map((c) => [c.eligible, c.reason])).toEqual([[false, '项目未设定“困难劳模”的标准金额'], [false, '未标记为困难劳模']]);
    ledger.close();
  });
});
