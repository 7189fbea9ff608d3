import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportRoster, rosterPrintLayout } from '../../electron/core/export/index.ts';
import { LedgerError } from '../../electron/core/errors.ts';
import { reversePayment, setPaymentStatus } from '../../electron/core/services/payments.ts';
import { toCapitalAmount } from '../../shared/domain/money.ts';
import { addPeople, addProgram, HUANING_UNITS, huaning2011, office, pay } from '../helpers/county.ts';
import { tempDir, tempLedger } from '../helpers/ledger.ts';
import { checkFormulas, formulaOf, merges, openXlsx, rowValues, sheet, valueOf } from '../helpers/xlsx.ts';

/** Width counted by hand: CJK and full-width characters are two columns. */
function cjkWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}

const HEADER = ['序号', '姓名', '性别', '身份证号码', '工作单位', '困难类别', '金额（元）', '领取人签字', '备注'];

describe('发放花名册', () => {
  it('华宁 2011 国庆: title, info line, header, every row, SUM with its cached result, 大写, signatures, print setup', async () => {
    const ledger = tempLedger();
    const { programId } = huaning2011(ledger);
    const out = path.join(tempDir(), '华宁国庆花名册.xlsx');
    const r = await exportRoster(ledger, { programCode: '2011-GQ', out, filedOn: '2011-09-28' });
    expect(r).toMatchObject({ file: out, rows: 269, cashFen: 15_550_000, goodsFen: 0, totalFen: 15_550_000, sheets: ['花名册'] });

    const wb = await openXlsx(out);
    const ws = sheet(wb, '花名册');
    expect(valueOf(ws, 'A1')).toBe('华宁县总工会2011年国庆困难职工救助金发放花名册');
    expect(valueOf(ws, 'A2')).toBe('填报单位：华宁县总工会');
    expect(valueOf(ws, 'F2')).toBe('填报日期：2011年9月28日');
    expect(rowValues(ws, 3, 9)).toEqual(HEADER);

    // Every row, against the ledger, in entry order.
    const expected = ledger.db.prepare(`SELECT pe.name, pe.gender, pe.id_number, u.name AS unit, p.category, p.cash_fen, p.note
      FROM payments p JOIN people pe ON pe.id = p.person_id JOIN units u ON u.id = p.unit_id WHERE p.program_id = ? ORDER BY p.id`).all(programId) as {
      name: string; gender: string; id_number: string; unit: string; category: string; cash_fen: number; note: string | null;
    }[];
    expect(expected).toHaveLength(269);
    expected.forEach((e, i) => {
      const r = 4 + i;
      expect(rowValues(ws, r, 9), `row ${r}`).toEqual([i + 1, e.name, e.gender, e.id_number, e.unit, e.category, e.cash_fen / 100, null, e.note]);
      const id = ws.getCell(`D${r}`);
      expect(typeof id.value).toBe('string');
      expect(id.numFmt).toBe('@');
      expect(ws.getRow(r).height).toBeGreaterThanOrEqual(24); // room to sign
    });
    expect(ws.getCell('H4').border?.left?.style).toBe('thin');

    // 合计: the SUM formula over the body and its cached result, then 大写.
    expect(valueOf(ws, 'A273')).toBe('合计');
    expect(formulaOf(ws, 'G273')).toBe('SUM(G4:G272)');
    expect(valueOf(ws, 'G273')).toBe(155_500);
    expect(valueOf(ws, 'I273')).toBe('共269人次');
    expect(valueOf(ws, 'A274')).toBe('合计金额（大写）：壹拾伍万伍仟伍佰元整');
    for (const f of checkFormulas(ws)) expect(f.computed, f.ref).toBeCloseTo(f.result, 6);
    expect([valueOf(ws, 'A276'), valueOf(ws, 'D276'), valueOf(ws, 'G276')]).toEqual(['单位负责人：张建国', '审核人：李春华', '经办人：王芳']);

    expect(merges(ws)).toEqual(['A1:I1', 'A273:F273', 'A274:I274', 'A276:C276', 'A2:E2', 'D276:F276', 'F2:I2', 'G276:I276'].sort());

    // Print: A4 landscape, one page wide, header row on every page, page numbers.
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' });
    expect(ws.headerFooter.oddFooter).toBe('&C第 &P 页 共 &N 页');
    expect(ws.headerFooter.firstFooter).toBe('&C第 &P 页 共 &N 页');
    expect(ws.headerFooter.oddHeader).toBe('&C华宁县总工会2011年国庆困难职工救助金发放花名册');

    // Widths: the widest text, CJK counted as two, plus padding; the signature column is wide.
    const widestUnit = Math.max(...HUANING_UNITS.map(cjkWidth));
    expect(ws.getColumn(5).width).toBe(widestUnit + 2);
    expect(ws.getColumn(4).width).toBeGreaterThanOrEqual(20);
    expect(ws.getColumn(8).width).toBeGreaterThanOrEqual(16);
    const widestNote = cjkWidth('本人住院，由配偶代领');
    expect(ws.getColumn(9).width).toBe(widestNote + 2);
    ledger.close();
  });

  it('masks ID numbers when asked, keeping them text cells', async () => {
    const ledger = tempLedger();
    const { people } = huaning2011(ledger);
    const out = path.join(tempDir(), 'masked.xlsx');
    await exportRoster(ledger, { programCode: '2011-GQ', out, maskIds: true, filedOn: '2011-09-28' });
    const ws = sheet(await openXlsx(out), '花名册');
    for (let i = 0; i < people.length; i++) {
      const v = valueOf(ws, `D${4 + i}`) as string;
      const id = ws.getCell(`D${4 + i}`).value as string;
      expect(typeof id).toBe('string');
      expect(v).toBe(`${people[i]!.idNumber.slice(0, 6)}********${people[i]!.idNumber.slice(-4)}`);
    }
    ledger.close();
  });

  it('adds the 慰问品 columns when the program has goods, with their own total; leaves reversed payments out', async () => {
    const ledger = tempLedger();
    office(ledger, { officeName: '双柏县总工会', regionCode: '532322', capitalScript: 'traditional' });
    const people = addPeople(ledger, 8, '532322', ['妥甸镇工会联合会', '大庄镇工会联合会'], 3);
    const programId = addProgram(ledger, {
      code: '2017-SWN', name: '2017年春节送温暖困难职工慰问金', year: 2017, kind: '送温暖', rules: [],
      standards: [{ recipientKind: '困难职工', cashFen: 50_000, goodsFen: 15_000, goodsDesc: '大米、食用油' }],
    });
    const ids = pay(ledger, people.map((p, i) => ({
      programId, personId: p.id, paidOn: '2017-01-20', cashFen: 50_000 + (i % 2) * 30_000, goodsFen: 15_000, goodsDesc: '大米、食用油', category: '因病',
    })));
    // The third payment was a mistake: reversed. Neither it nor its reversal is printed; the total is unchanged by them.
    ledger.run({ kind: 'payment.status', label: '发放', source: 'keyed' }, (tx) => {
      setPaymentStatus(tx, ids, '已审核', '李春华');
      setPaymentStatus(tx, ids, '已发放', null);
      reversePayment(tx, ids[2]!, '重复发放', '王芳');
    });
    const out = path.join(tempDir(), 'goods.xlsx');
    const r = await exportRoster(ledger, { programId, out, filedOn: '2017-01-20' });
    const kept = people.filter((_, i) => i !== 2);
    const cash = kept.reduce((s, _, i) => s + 50_000 + ((i >= 2 ? i + 1 : i) % 2) * 30_000, 0);
    expect(r).toMatchObject({ rows: 7, cashFen: cash, goodsFen: 7 * 15_000 });

    const ws = sheet(await openXlsx(out), '花名册');
    expect(rowValues(ws, 3, 11)).toEqual(['序号', '姓名', '性别', '身份证号码', '工作单位', '困难类别', '金额（元）', '慰问品', '慰问品金额（元）', '领取人签字', '备注']);
    kept.forEach((p, i) => {
      expect(rowValues(ws, 4 + i, 11)).toEqual([i + 1, p.name, p.gender, p.idNumber, p.unit, '因病', (50_000 + ((i >= 2 ? i + 1 : i) % 2) * 30_000) / 100, '大米、食用油', 150, null, null]);
    });
    expect(formulaOf(ws, 'G11')).toBe('SUM(G4:G10)');
    expect(valueOf(ws, 'G11')).toBe(cash / 100);
    expect(formulaOf(ws, 'I11')).toBe('SUM(I4:I10)');
    expect(valueOf(ws, 'I11')).toBe(1050);
    // Traditional script of the 大写, as the office set it.
    expect(valueOf(ws, 'A12')).toBe(`慰问金合计（大写）：${toCapitalAmount(cash, 'traditional')}；慰问品金额合计（大写）：${toCapitalAmount(105_000, 'traditional')}`);
    expect(valueOf(ws, 'A12')).toContain('壹仟零伍拾元整');
    for (const f of checkFormulas(ws)) expect(f.computed, f.ref).toBeCloseTo(f.result, 6);
    ledger.close();
  });

  it('prints a selection of payments in the order given, and the print view has the same layout', async () => {
    const ledger = tempLedger();
    const { people } = huaning2011(ledger);
    const ids = ledger.db.prepare('SELECT id FROM payments ORDER BY id').pluck().all() as number[];
    const chosen = [ids[100]!, ids[3]!, ids[250]!];
    const out = path.join(tempDir(), 'selection.xlsx');
    const r = await exportRoster(ledger, { paymentIds: chosen, out, filedOn: '2011年10月1日' });
    expect(r).toMatchObject({ rows: 3, cashFen: 50_000 + 200_000 + 50_000 });
    const ws = sheet(await openXlsx(out), '花名册');
    expect(valueOf(ws, 'A1')).toBe('华宁县总工会2011年国庆困难职工救助金发放花名册');
    expect([valueOf(ws, 'B4'), valueOf(ws, 'B5'), valueOf(ws, 'B6')]).toEqual([people[100]!.name, people[3]!.name, people[250]!.name]);
    expect(valueOf(ws, 'F2')).toBe('填报日期：2011年10月1日');
    expect(valueOf(ws, 'G7')).toBe(3000);
    expect(valueOf(ws, 'A8')).toBe('合计金额（大写）：叁仟元整');

    // The print view gets the very rows the file holds.
    const layout = rosterPrintLayout(ledger, { paymentIds: chosen, filedOn: '2011-10-01' });
    const rows = [...layout.rows];
    expect(rows).toHaveLength(layout.rowCount);
    expect(rows).toHaveLength(ws.rowCount);
    expect(rows[3]!.cells[1]!.v).toBe(people[100]!.name);
    expect(rows[6]!.cells[6]).toMatchObject({ formula: 'SUM(G4:G6)', v: 300_000 });
    ledger.close();
  });

  it('writes nothing on failure: unknown program, empty program, missing folder; an existing file stays as it was', async () => {
    const ledger = tempLedger();
    huaning2011(ledger);
    addProgram(ledger, { code: 'EMPTY', name: '空项目', year: 2011, kind: '送温暖' });
    const dir = tempDir();
    const out = path.join(dir, '花名册.xlsx');
    fs.writeFileSync(out, 'an earlier export');
    await expect(exportRoster(ledger, { programCode: 'NOPE', out })).rejects.toThrow('找不到项目编号“NOPE”');
    await expect(exportRoster(ledger, { programCode: 'EMPTY', out })).rejects.toThrow(/没有可列入花名册的发放记录/);
    await expect(exportRoster(ledger, { paymentIds: [999_999], out })).rejects.toThrow(/找不到发放记录 #999999/);
    await expect(exportRoster(ledger, { programCode: '2011-GQ', out: path.join(dir, 'no', 'such', 'x.xlsx') })).rejects.toThrow(/导出文件夹不存在/);
    await expect(exportRoster(ledger, { programCode: '2011-GQ', out: path.join(dir, 'x.csv') })).rejects.toThrow(/应以 \.xlsx 结尾/);
    await expect(exportRoster(ledger, { programCode: '2011-GQ', out, filedOn: '2011-02-30' })).rejects.toThrow('填报日期“2011-02-30”无法识别');
    expect(fs.readFileSync(out, 'utf8')).toBe('an earlier export');
    expect(fs.readdirSync(dir)).toEqual(['花名册.xlsx']);
    const err = await exportRoster(ledger, { out } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LedgerError);
    ledger.close();
  });

  it('reads a snapshot: an edit made while the roster is being written does not end up in it', async () => {
    const ledger = tempLedger();
    const { programId, people } = huaning2011(ledger);
    const out = path.join(tempDir(), 'snapshot.xlsx');
    const running = exportRoster(ledger, { programCode: '2011-GQ', out, filedOn: '2011-09-28' });
    // The clerk keeps working on the main connection meanwhile.
    pay(ledger, [{ programId, personId: people[0]!.id, paidOn: '2011-09-29', cashFen: 99_900 }]);
    const r = await running;
    expect(r.rows).toBe(269);
    const ws = sheet(await openXlsx(out), '花名册');
    expect(valueOf(ws, 'G273')).toBe(155_500);
    expect(ledger.db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(270);
    const again = await exportRoster(ledger, { programCode: '2011-GQ', out, filedOn: '2011-09-28' });
    expect(again).toMatchObject({ rows: 270, cashFen: 15_550_000 + 99_900 });
    ledger.close();
  });
});
