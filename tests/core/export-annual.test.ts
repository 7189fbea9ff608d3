import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { annualSheets, exportAnnual } from '../../electron/core/export/index.ts';
import type { Ledger } from '../../electron/core/ledger.ts';
import { reversePayment, setPaymentStatus } from '../../electron/core/services/payments.ts';
import { formatWan } from '../../shared/domain/money.ts';
import { addPeople, addProgram, HUANING_UNITS, huaning2011, pay, type TestPerson } from '../helpers/county.ts';
import { tempDir, tempLedger } from '../helpers/ledger.ts';
import { checkFormulas, formulaOf, merges, openXlsx, rowValues, sheet, valueOf } from '../helpers/xlsx.ts';

interface Paid {
  kind: string;
  recipient: string;
  person: TestPerson;
  cashFen: number;
  goodsFen: number;
  /** false for a reversed payment and its reversal */
  counted: boolean;
}

/**
 * A county's 2011: 华宁 国庆 (送温暖, 困难职工, the first ten also got 100元 of rice),
 * 医疗救助 14×1000 (患重大疾病职工, two of them also in 国庆), 生活救助 60×600
 * (40 困难职工, 20 困难农民工; one reversed), households of three, funds from four
 * sources, and a 2012 payment that is not in 2011.
 */
function county2011(ledger: Ledger): { paid: Paid[]; households: Map<number, number> } {
  const { programId, people } = huaning2011(ledger);
  const paid: Paid[] = [];
  const gq = [...Array<number>(6).fill(200_000), ...Array<number>(24).fill(100_000), ...Array<number>(239).fill(50_000)];
  people.forEach((p, i) => paid.push({ kind: '送温暖', recipient: '困难职工', person: p, cashFen: gq[i]!, goodsFen: 0, counted: true }));
  // Rice for the first ten, as a goods-only payment of the same program.
  pay(ledger, people.slice(0, 10).map((p) => ({ programId, personId: p.id, paidOn: '2011-09-30', cashFen: 0, goodsFen: 10_000, goodsDesc: '大米', recipientKind: '困难职工' })));
  people.slice(0, 10).forEach((p) => paid.push({ kind: '送温暖', recipient: '困难职工', person: p, cashFen: 0, goodsFen: 10_000, counted: true }));
  ledger.run({ kind: 't', label: '资金', source: 'system' }, (tx) => {
    tx.insert('program_funds', { program_id: programId, source: '上级下拨', amount_fen: 10_000_000 });
    tx.insert('program_funds', { program_id: programId, source: '本级自筹', amount_fen: 6_000_000 });
  });

  const more = addPeople(ledger, 72, '530424', HUANING_UNITS, 29);
  const medical = addProgram(ledger, { code: '2011-YLJZ', name: '2011年医疗救助', year: 2011, kind: '医疗救助', rules: [], funds: [{ source: '爱心捐款', amountFen: 2_000_000, receivedOn: '2011-03-01' }] });
  const medPeople = [people[0]!, people[1]!, ...more.slice(0, 12)];
  pay(ledger, medPeople.map((p) => ({ programId: medical, personId: p.id, paidOn: '2011-06-15', cashFen: 100_000, recipientKind: '患重大疾病职工', category: '住院手术' })));
  medPeople.forEach((p) => paid.push({ kind: '医疗救助', recipient: '患重大疾病职工', person: p, cashFen: 100_000, goodsFen: 0, counted: true }));

  const living = addProgram(ledger, { code: '2011-SHJZ', name: '2011年生活救助', year: 2011, kind: '生活救助', rules: [], funds: [{ source: '财政专项', amountFen: 4_000_000 }] });
  const livPeople = [...more.slice(12, 72)];
  const ids = pay(ledger, livPeople.map((p, i) => ({ programId: living, personId: p.id, paidOn: '2011-11-01', cashFen: 60_000, recipientKind: i < 40 ? '困难职工' : '困难农民工' })));
  livPeople.forEach((p, i) => paid.push({ kind: '生活救助', recipient: i < 40 ? '困难职工' : '困难农民工', person: p, cashFen: 60_000, goodsFen: 0, counted: i !== 5 }));
  ledger.run({ kind: 't', label: '冲正', source: 'keyed' }, (tx) => {
    setPaymentStatus(tx, [ids[5]!], '已审核', '李春华');
    setPaymentStatus(tx, [ids[5]!], '已发放', null);
    reversePayment(tx, ids[5]!, '重复发放', '王芳');
  });
  // The reversal entry is dated today; make it 2011 like the payment it reverses (as a clerk would for a same-year fix).
  ledger.run({ kind: 't', label: '日期', source: 'keyed' }, (tx) => {
    const rev = tx.database.prepare('SELECT id FROM payments WHERE reverses_id = ?').pluck().get(ids[5]!) as number;
    tx.update('payments', rev, { paid_on: '2011-11-20' });
  });
  paid.push({ kind: '生活救助', recipient: '困难职工', person: livPeople[5]!, cashFen: -60_000, goodsFen: 0, counted: false });

  // Households of three: people 0-2, 3-5, … of the 国庆 list.
  const households = new Map<number, number>();
  ledger.run({ kind: 't', label: '建档', source: 'system' }, (tx) => {
    for (let h = 0; h < 20; h++) {
      const hid = tx.insert('households', { file_no: `HN-${h + 1}`, hardship_level: '特困' });
      for (const p of people.slice(h * 3, h * 3 + 3)) {
        tx.update('people', p.id, { household_id: hid });
        households.set(p.id, hid);
      }
    }
  });
  // Not 2011.
  pay(ledger, [{ programId: living, personId: more[0]!.id, paidOn: '2012-01-05', cashFen: 60_000, recipientKind: '困难职工' }]);
  return { paid, households };
}

/** The expected figures, counted here from the list of what was paid. */
function expectedStats(rows: Paid[], households: Map<number, number>) {
  const counted = rows.filter((r) => r.counted);
  const hh = new Set(counted.map((r) => (households.has(r.person.id) ? `h${households.get(r.person.id)}` : `p${r.person.id}`)));
  return {
    households: hh.size,
    people: new Set(counted.map((r) => r.person.id)).size,
    payments: counted.length,
    cashFen: rows.reduce((s, r) => s + r.cashFen, 0),
    goodsFen: rows.reduce((s, r) => s + r.goodsFen, 0),
  };
}

function expectWan(actual: unknown, fen: number) {
  expect(typeof actual).toBe('number');
  expect(Math.round((actual as number) * 1_000_000)).toBe(fen);
}

describe('年度帮扶救助情况统计表', () => {
  it('rows by program kind and recipient kind, distinct 户数/人数, 人次, 万元 exact from fen, totals as formulas with cached results', async () => {
    const ledger = tempLedger();
    const { paid, households } = county2011(ledger);
    const out = path.join(tempDir(), '2011年度统计表.xlsx');
    const r = await exportAnnual(ledger, { year: 2011, out, filedOn: '2012-01-10' });
    const all = expectedStats(paid, households);
    expect(r).toMatchObject({ consolidated: false, rows: paid.length, cashFen: all.cashFen, goodsFen: all.goodsFen, totalFen: all.cashFen + all.goodsFen });
    expect(all.cashFen).toBe(15_550_000 + 1_400_000 + 3_600_000 - 60_000 + 0);

    const ws = sheet(await openXlsx(out), '年度统计表');
    expect(valueOf(ws, 'A1')).toBe('华宁县总工会2011年度帮扶救助情况统计表');
    expect(valueOf(ws, 'A2')).toBe('填报单位：华宁县总工会');
    expect(valueOf(ws, 'E2')).toBe('填报日期：2012年1月10日');
    expect(rowValues(ws, 3, 8)).toEqual(['项目类别', '救助对象类别', '户数', '人数', '人次', '现金（万元）', '慰问品（万元）', '合计（万元）']);

    // The expected table: kinds in code-list order, recipients in code-list order, then 小计.
    const layout: [string, string[]][] = [['送温暖', ['困难职工']], ['医疗救助', ['患重大疾病职工']], ['生活救助', ['困难职工', '困难农民工']]];
    let row = 4;
    const subtotalRows: number[] = [];
    for (const [kind, recipients] of layout) {
      const first = row;
      for (const rk of recipients) {
        const s = expectedStats(paid.filter((p) => p.kind === kind && p.recipient === rk), households);
        const v = rowValues(ws, row, 8);
        expect(v.slice(0, 5), `${kind}/${rk}`).toEqual([kind, rk, s.households, s.people, s.payments]);
        expectWan(v[5], s.cashFen);
        expectWan(v[6], s.goodsFen);
        expectWan(v[7], s.cashFen + s.goodsFen);
        expect(formulaOf(ws, `H${row}`)).toBe(`F${row}+G${row}`);
        row++;
      }
      const s = expectedStats(paid.filter((p) => p.kind === kind), households);
      const v = rowValues(ws, row, 8);
      expect(v.slice(0, 5), `${kind} 小计`).toEqual([kind, '小计', s.households, s.people, s.payments]);
      expectWan(v[5], s.cashFen);
      expect(formulaOf(ws, `E${row}`)).toBe(`SUM(E${first}:E${row - 1})`);
      expect(formulaOf(ws, `F${row}`)).toBe(`SUM(F${first}:F${row - 1})`);
      expect(merges(ws)).toContain(`A${first}:A${row}`);
      subtotalRows.push(row);
      row++;
    }
    // 送温暖: 279 人次 (269 cash + 10 rice), 269 people, households of three → 269 - 20×2 户.
    expect(rowValues(ws, subtotalRows[0]!, 5).slice(2)).toEqual([229, 269, 279]);
    expect(valueOf(ws, `F${subtotalRows[0]!}`)).toBeCloseTo(15.55, 10);
    expect(formatWan(Math.round((valueOf(ws, `H${subtotalRows[0]!}`) as number) * 1e6))).toBe('15.65');
    // 生活救助: the reversed payment and its reversal are not 人次; the money is net.
    expect(rowValues(ws, subtotalRows[2]!, 5).slice(3)).toEqual([59, 59]);
    expectWan(valueOf(ws, `F${subtotalRows[2]!}`), 59 * 60_000);

    const totalRow = row;
    expect(rowValues(ws, totalRow, 5)).toEqual(['总计', '总计', all.households, all.people, all.payments]);
    expect(formulaOf(ws, `E${totalRow}`)).toBe(`SUM(${subtotalRows.map((r) => `E${r}`).join(',')})`);
    expectWan(valueOf(ws, `F${totalRow}`), all.cashFen);
    expectWan(valueOf(ws, `G${totalRow}`), all.goodsFen);
    expectWan(valueOf(ws, `H${totalRow}`), all.cashFen + all.goodsFen);
    expect(all.people).toBe(269 + 12 + 59);

    // Funds: by source in code-list order; raised, paid (the table's 总计) and balance.
    const fundsHeader = totalRow + 3;
    expect(valueOf(ws, `A${fundsHeader - 1}`)).toBe('资金筹集与使用情况（万元）');
    const sources: [string, number][] = [['上级下拨', 10_000_000], ['本级自筹', 6_000_000], ['爱心捐款', 2_000_000], ['财政专项', 4_000_000]];
    sources.forEach(([source, fen], i) => {
      expect(valueOf(ws, `A${fundsHeader + 1 + i}`)).toBe(source);
      expectWan(valueOf(ws, `C${fundsHeader + 1 + i}`), fen);
    });
    const raisedRow = fundsHeader + 1 + sources.length;
    expect(valueOf(ws, `A${raisedRow}`)).toBe('筹集合计');
    expect(formulaOf(ws, `C${raisedRow}`)).toBe(`SUM(C${fundsHeader + 1}:C${raisedRow - 1})`);
    expectWan(valueOf(ws, `C${raisedRow}`), 22_000_000);
    expect(valueOf(ws, `A${raisedRow + 1}`)).toBe('已发放');
    expect(formulaOf(ws, `C${raisedRow + 1}`)).toBe(`H${totalRow}`);
    expect(valueOf(ws, `A${raisedRow + 2}`)).toBe('结余');
    expect(formulaOf(ws, `C${raisedRow + 2}`)).toBe(`C${raisedRow}-C${raisedRow + 1}`);
    expectWan(valueOf(ws, `C${raisedRow + 2}`), 22_000_000 - all.cashFen - all.goodsFen);

    // Every formula computes its cached result.
    const formulas = checkFormulas(ws);
    expect(formulas.length).toBeGreaterThan(20);
    for (const f of formulas) expect(f.computed, `${f.ref} ${f.formula}`).toBeCloseTo(f.result, 9);

    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, printTitlesRow: '3:3' });
    expect(ws.headerFooter.oddFooter).toBe('&C第 &P 页 共 &N 页');
    ledger.close();
  });

  it('refuses a year with nothing in it, and a bad year', async () => {
    const ledger = tempLedger();
    huaning2011(ledger);
    expect(() => annualSheets(ledger, { year: 2015 })).toThrow('2015年没有发放记录和资金记录，无法生成年度统计表');
    await expect(exportAnnual(ledger, { year: 99, out: path.join(tempDir(), 'x.xlsx') })).rejects.toThrow('年度无效：99');
    ledger.close();
  });
});
