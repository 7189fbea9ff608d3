import fs from 'node:fs';
import path from 'node:path';
import { localDateTime } from '../../shared/domain/dates.ts';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { activeFilings, exportAnnual, exportFiling, exportModelWorkers, importFilings, readFilingPackage } from '../../electron/core/export/index.ts';
import type { Ledger } from '../../electron/core/ledger.ts';
import { checkLedger } from '../../electron/core/maintenance.ts';
import { addPeople, addProgram, fullCounty, HUANING_UNITS, LULIANG_UNITS, office, pay, SHUANGBAI_UNITS } from '../helpers/county.ts';
import { yearStats } from '../../electron/core/export/annual.ts';
import { reversePayment, setPaymentStatus } from '../../electron/core/services/payments.ts';
import { dumpTables, tempDir, tempLedger } from '../helpers/ledger.ts';
import { checkFormulas, openXlsx, rowValues, sheet, valueOf } from '../helpers/xlsx.ts';

const COUNTIES = [
  { officeName: '华宁县总工会', regionCode: '530424', units: HUANING_UNITS, seed: 21 },
  { officeName: '陆良县总工会', regionCode: '530322', units: LULIANG_UNITS, seed: 22 },
  { officeName: '双柏县总工会', regionCode: '532322', units: SHUANGBAI_UNITS, seed: 23 },
];

interface Sums {
  rows: number;
  cashFen: number;
  goodsFen: number;
}

/** Σ of a year's payments grouped by a key, from a ledger. */
function sums(ledger: Ledger, keySql: string, where = '1'): Map<string, Sums> {
  const rows = ledger.db.prepare(`SELECT ${keySql} AS k, count(*) AS rows, sum(p.cash_fen) AS cashFen, sum(p.goods_fen) AS goodsFen
    FROM payments p LEFT JOIN programs pr ON pr.id = p.program_id LEFT JOIN people pe ON pe.id = p.person_id
    WHERE p.paid_on BETWEEN '2011-01-01' AND '2011-12-31' AND ${where} GROUP BY k`).all() as ({ k: string } & Sums)[];
  return new Map(rows.map(({ k, ...s }) => [k, s]));
}

async function countyPackage(dir: string, spec: (typeof COUNTIES)[number], now = new Date('2012-01-20T02:00:00Z')) {
  const ledger = tempLedger();
  fullCounty(ledger, spec);
  const file = path.join(dir, `${spec.officeName}2011年上报数据包.xlsx`);
  const result = await exportFiling(ledger, { year: 2011, out: file, now });
  return { ledger, file, result };
}

function prefecture(): Ledger {
  const ledger = tempLedger();
  office(ledger, { officeName: '玉溪市总工会', regionCode: '530400', leaderName: '周市', approverName: '吴审', clerkName: '郑办' });
  return ledger;
}

async function rewrite(file: string, out: string, change: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  change(wb);
  await wb.xlsx.writeFile(out);
  return out;
}

describe('filing package (上报数据包)', () => {
  it('holds the year’s payments with people (IDs in full, as text), programs, funds, model workers, and hidden protected metadata', async () => {
    const dir = tempDir();
    const { ledger, file, result } = await countyPackage(dir, COUNTIES[0]!);
    const year = sums(ledger, "'all'").get('all')!;
    expect(result).toMatchObject({ rows: year.rows, cashFen: year.cashFen, goodsFen: year.goodsFen, totalFen: year.cashFen + year.goodsFen });
    expect(result.meta).toMatchObject({ format: 'relief-ledger-filing', formatVersion: 1, officeName: '华宁县总工会', regionCode: '530424', year: 2011, paymentRows: year.rows, programRows: 4, fundRows: 4, modelWorkerRows: 4 });

    const wb = await openXlsx(file);
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['上报概况', 'visible'], ['发放明细', 'visible'], ['项目', 'visible'], ['项目资金', 'visible'], ['劳模', 'visible'], ['元数据', 'veryHidden'],
    ]);
    const meta = sheet(wb, '元数据');
    expect((meta as unknown as { sheetProtection: unknown }).sheetProtection).toMatchObject({ sheet: true });
    const metaRows = new Map<string, unknown>();
    meta.eachRow((row, n) => n > 1 && metaRows.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(metaRows.get('sha256')).toBe(result.sha256);
    expect(metaRows.get('totalFen')).toBe(String(year.cashFen + year.goodsFen));
    expect(metaRows.get('paymentRows')).toBe(String(year.rows));

    const pay = sheet(wb, '发放明细');
    expect(rowValues(pay, 1, 19)).toEqual(['记录号', '人员编号', '姓名', '性别', '身份证号码', '户号', '工作单位', '项目编号', '发放日期', '对象类别', '困难类别', '现金（元）', '慰问品（元）', '慰问品', '发放方式', '状态', '学生姓名', '冲正记录号', '备注']);
    const expected = ledger.db.prepare(`SELECT p.id, pe.id_number, p.cash_fen, p.paid_on FROM payments p LEFT JOIN people pe ON pe.id = p.person_id
      WHERE p.paid_on LIKE '2011-%' ORDER BY p.id`).all() as { id: number; id_number: string | null; cash_fen: number; paid_on: string }[];
    expected.forEach((e, i) => {
      const r = i + 2;
      expect(valueOf(pay, `A${r}`)).toBe(e.id);
      expect(valueOf(pay, `E${r}`)).toBe(e.id_number);
      if (e.id_number) expect(typeof pay.getCell(`E${r}`).value).toBe('string');
      expect(valueOf(pay, `I${r}`)).toBe(e.paid_on);
      expect(valueOf(pay, `L${r}`)).toBe(e.cash_fen / 100);
    });
    // Reading it back verifies it against its own metadata.
    const pkg = await readFilingPackage(file);
    expect(pkg.meta).toEqual(result.meta);
    expect(pkg.payments).toHaveLength(year.rows);
    ledger.close();
  });

  it('round trip: three counties’ packages imported by a prefecture give identical totals per program and per kind, and the audit replays', async () => {
    const dir = tempDir();
    const counties = await Promise.all(COUNTIES.map((c) => countyPackage(dir, c)));
    const pref = prefecture();
    const r = await importFilings(pref, counties.map((c) => c.file));
    expect(r.imported.map((i) => [i.officeName, i.rows, i.totalFen, i.replacedBatchIds])).toEqual(counties.map((c) => [c.result.meta.officeName, c.result.rows, c.result.totalFen, []]));

    for (const [i, c] of counties.entries()) {
      const batch = r.imported[i]!.batchId;
      const region = COUNTIES[i]!.regionCode;
      // Per program: the county's code ↔ the consolidated code 区划:编号.
      const countyByProgram = sums(c.ledger, "coalesce(pr.code, '-')");
      const prefByProgram = sums(pref, `coalesce(replace(pr.code, '${region}:', ''), '-')`, `p.import_batch_id = ${batch}`);
      expect(prefByProgram).toEqual(countyByProgram);
      // Per program kind and recipient kind.
      const key = "coalesce(pr.kind, '-') || '/' || coalesce(p.recipient_kind, '-')";
      expect(sums(pref, key, `p.import_batch_id = ${batch}`)).toEqual(sums(c.ledger, key));
      // Per person (by ID number, or name for the one without).
      const who = "coalesce(pe.id_number, pe.name, '-')";
      expect(sums(pref, who, `p.import_batch_id = ${batch}`)).toEqual(sums(c.ledger, who));
      // The county is a unit of kind 县级工会; its work units are under it.
      const unit = pref.db.prepare('SELECT name, kind FROM units WHERE id = ?').get(r.imported[i]!.countyUnitId);
      expect(unit).toEqual({ name: COUNTIES[i]!.officeName, kind: '县级工会' });
      expect(pref.db.prepare('SELECT count(*) FROM units WHERE parent_id = ?').pluck().get(r.imported[i]!.countyUnitId)).toBe(COUNTIES[i]!.units.length);
    }
    // Model workers and funds came along.
    expect(pref.db.prepare('SELECT count(*) FROM model_workers').pluck().get()).toBe(12);
    expect(pref.db.prepare('SELECT sum(amount_fen) FROM program_funds').pluck().get()).toBe(3 * (3_000_000 + 1_000_000 + 1_500_000 + 200_000));
    expect(pref.db.prepare("SELECT count(*) FROM code_lists WHERE list = 'unit_kind' AND value = '县级工会'").pluck().get()).toBe(1);
    expect(checkLedger(pref).ok).toBe(true);
    for (const c of counties) c.ledger.close();
    pref.close();
  });

  it('consolidated forms: by county, with funds by county and a reconciliation sheet; model workers with a 单位 column', async () => {
    const dir = tempDir();
    const counties = await Promise.all(COUNTIES.map((c) => countyPackage(dir, c)));
    const pref = prefecture();
    await importFilings(pref, counties.map((c) => c.file));
    // The prefecture also paid something itself (本级).
    const own = pref.run({ kind: 't', label: '本级', source: 'keyed' }, (tx) => tx.insert('programs', { code: 'YX-2011', name: '2011年市本级慰问', year: 2011, kind: '送温暖' }));
    pay(pref, [{ programId: own, personId: null, paidOn: '2011-02-02', cashFen: 123_400, recipientKind: '环卫工人' }]);

    const out = path.join(dir, '汇总表.xlsx');
    const annual = await exportAnnual(pref, { year: 2011, out, filedOn: '2012-02-01' });
    const countyTotals = counties.map((c) => c.result.totalFen);
    expect(annual).toMatchObject({ consolidated: true, totalFen: countyTotals.reduce((a, b) => a + b, 0) + 123_400 });
    const wb = await openXlsx(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['全辖汇总', '分单位汇总', '核对']);
    expect(valueOf(sheet(wb, '全辖汇总'), 'A1')).toBe('玉溪市总工会2011年度帮扶救助情况汇总表');

    // 分单位汇总: a block per county (in region-code order), its 小计 equal to the county's own form, then 本级.
    const ws = sheet(wb, '分单位汇总');
    const subtotals: [string, number][] = [];
    ws.eachRow((row, n) => {
      if (n > 3 && row.getCell(2).value === '小计') subtotals.push([String(valueOf(ws, `A${n}`)), Math.round((valueOf(ws, `H${n}`) as number) * 1e6)]);
    });
    const order = [1, 0, 2]; // 530322 陆良, 530424 华宁, 532322 双柏
    expect(subtotals).toEqual([...order.map((i) => [COUNTIES[i]!.officeName, countyTotals[i]!] as [string, number]), ['本级（玉溪市总工会）', 123_400]]);
    for (const name of ['全辖汇总', '分单位汇总', '核对']) {
      for (const f of checkFormulas(sheet(wb, name))) expect(f.computed, `${name}!${f.ref}`).toBeCloseTo(f.result, 6);
    }
    // 核对: every county's package matches what the ledger holds of it.
    const recon = sheet(wb, '核对');
    expect(valueOf(recon, 'A1')).toBe('玉溪市总工会2011年度下级上报数据核对表');
    order.forEach((i, k) => {
      const v = rowValues(recon, 4 + k, 12);
      const c = counties[i]!;
      expect([v[1], v[2], v[6], v[7], v[8], v[9], v[10], v[11]]).toEqual([
        COUNTIES[i]!.officeName, COUNTIES[i]!.regionCode, c.result.rows, c.result.rows, c.result.totalFen / 100, c.result.totalFen / 100, c.result.sha256.slice(0, 16), '一致',
      ]);
    });
    expect(valueOf(recon, 'L7')).toBe('一致');

    const mw = await exportModelWorkers(pref, { year: 2011, out: path.join(dir, '劳模汇总.xlsx'), filedOn: '2012-02-01' });
    expect(mw).toMatchObject({ consolidated: true, rows: 12, totalFen: 3 * (500_000 + 3 * 250_000) });
    const mwb = await openXlsx(mw.file);
    expect(mwb.worksheets.map((w) => w.name)).toEqual(['劳模补助金发放表', '按单位汇总', '核对']);
    const main = sheet(mwb, '劳模补助金发放表');
    expect(rowValues(main, 3, 3)).toEqual(['序号', '单位', '姓名']);
    expect(valueOf(main, 'A4')).toBe('荣誉级别：全国（3人）');
    expect([valueOf(main, 'B5'), valueOf(main, 'B6'), valueOf(main, 'B7')]).toEqual(order.map((i) => COUNTIES[i]!.officeName));
    const byCounty = sheet(mwb, '按单位汇总');
    expect(rowValues(byCounty, 4, 4)).toEqual([COUNTIES[1]!.officeName, '全国', 1, 5000]);
    expect(rowValues(byCounty, 5, 4)).toEqual([COUNTIES[1]!.officeName, '省部级', 3, 7500]);
    for (const f of checkFormulas(byCounty)) expect(f.computed, f.ref).toBeCloseTo(f.result, 6);
    for (const c of counties) c.ledger.close();
    pref.close();
  });

  it('refuses a tampered, a truncated or a foreign package with the reason, and changes nothing — not even the good packages beside it', async () => {
    const dir = tempDir();
    const [a, b] = await Promise.all(COUNTIES.slice(0, 2).map((c) => countyPackage(dir, c)));
    const pref = prefecture();
    const before = dumpTables(pref);
    const cases: [string, (wb: ExcelJS.Workbook) => void, RegExp][] = [
      ['name.xlsx', (wb) => (wb.getWorksheet('发放明细')!.getCell('C5').value = '王五'), /数据校验码不符：数据包的内容在导出后被修改过/],
      ['amount.xlsx', (wb) => (wb.getWorksheet('发放明细')!.getCell('L3').value = 5000), /金额合计不符：元数据记载现金 .* 元/],
      ['id.xlsx', (wb) => (wb.getWorksheet('发放明细')!.getCell('E2').value = Number(wb.getWorksheet('发放明细')!.getCell('E2').value)), /数据校验码不符/],
      ['truncated.xlsx', (wb) => wb.getWorksheet('发放明细')!.spliceRows(20, 10), /“发放明细”记录数不符：元数据记载 \d+ 条，数据表中有 \d+ 条（数据包可能被截断或删改）/],
      ['programs.xlsx', (wb) => wb.getWorksheet('项目')!.spliceRows(3, 1), /“项目”记录数不符/],
      ['nometa.xlsx', (wb) => wb.removeWorksheet(wb.getWorksheet('元数据')!.id), /缺少“元数据”表：不是帮扶台账导出的上报数据包/],
      ['header.xlsx', (wb) => (wb.getWorksheet('发放明细')!.getCell('L1').value = '金额'), /“发放明细”表第1行第12列应为“现金（元）”，实为“金额”/],
      ['version.xlsx', (wb) => wb.getWorksheet('元数据')!.eachRow((row) => row.getCell(1).value === 'formatVersion' && (row.getCell(2).value = '2')), /格式版本为 2，本程序只支持到 1/],
      // A number cell whose text is no number (read as NaN): said in words (the fuzz test once saw “实为 NaN”).
      ['nan.xlsx', (wb) => {
        const ws = wb.getWorksheet('发放明细')!;
        let col = 0;
        ws.getRow(1).eachCell((c, n) => { if (c.value === '冲正记录号') col = n; });
        ws.getRow(3).getCell(col).value = Number.NaN;
      }, /“发放明细”表第3行“冲正记录号”应为数字，但单元格中的数值已损坏/],
    ];
    for (const [name, change, reason] of cases) {
      const bad = await rewrite(a!.file, path.join(dir, name), change);
      const err = (await importFilings(pref, [b!.file, bad]).then(() => null, (e: unknown) => e)) as Error;
      expect(err, name).toBeInstanceOf(Error);
      expect(err.message, name).toMatch(reason);
      expect(err.message, name).toContain(`上报数据包“${name}”被拒绝`);
      expect(err.message, name).toContain('台账未做任何改动');
      expect(dumpTables(pref), name).toEqual(before);
    }
    const notXlsx = path.join(dir, 'notes.xlsx');
    fs.writeFileSync(notXlsx, '这不是表格');
    await expect(importFilings(pref, [notXlsx])).rejects.toThrow(/不是有效的 \.xlsx 文件/);
    await expect(importFilings(pref, [path.join(dir, 'missing.xlsx')])).rejects.toThrow(/文件不存在/);
    // A package opened and saved again without changes is still accepted.
    const resaved = await rewrite(a!.file, path.join(dir, 'resaved.xlsx'), () => {});
    await importFilings(pref, [resaved]);
    expect(activeFilings(pref.db)).toHaveLength(1);
    a!.ledger.close();
    b!.ledger.close();
    pref.close();
  });

  it('refuses a model worker whose 获评年度 the register would refuse (1949), naming the file, sheet and row, and changes nothing', async () => {
    const dir = tempDir();
    // A county ledger that holds 1949 (written before the register refused such a year): its package carries it, intact.
    const county = tempLedger();
    fullCounty(county, COUNTIES[0]!);
    const who = county.db.prepare('SELECT m.id, p.name FROM model_workers m JOIN people p ON p.id = m.person_id ORDER BY m.id DESC LIMIT 1').get() as { id: number; name: string };
    county.db.prepare('UPDATE model_workers SET year_awarded = 1949 WHERE id = ?').run(who.id);
    const file = path.join(dir, '华宁县总工会2011年上报数据包.xlsx');
    await exportFiling(county, { year: 2011, out: file, now: new Date('2012-01-20T02:00:00Z') });
    const ws = sheet(await openXlsx(file), '劳模');
    let row = 0;
    ws.eachRow((r, n) => { if (r.getCell(8).value === 1949) row = n; });
    expect(row).toBeGreaterThan(1);
    const other = await countyPackage(dir, COUNTIES[1]!);
    const pref = prefecture();
    const before = dumpTables(pref);
    const err = (await importFilings(pref, [other.file, file]).then(() => null, (e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe(`上报数据包“华宁县总工会2011年上报数据包.xlsx”被拒绝：“劳模”表第${row}行“获评年度”应为 1950 至 2199 年之间的年份，实为 1949（${who.name}），请上报单位在劳模名册中改正后重新导出数据包。台账未做任何改动。`);
    // Nothing of either package is in the ledger, and no model-worker record with such a year.
    expect(dumpTables(pref)).toEqual(before);
    expect(pref.db.prepare('SELECT count(*) FROM model_workers WHERE year_awarded < 1950').pluck().get()).toBe(0);
    // The county corrects it (here: the year cleared) and files again: taken.
    county.db.prepare('UPDATE model_workers SET year_awarded = NULL WHERE id = ?').run(who.id);
    await exportFiling(county, { year: 2011, out: file, now: new Date('2012-01-21T02:00:00Z') });
    await importFilings(pref, [other.file, file]);
    expect(activeFilings(pref.db)).toHaveLength(2);
    county.close();
    other.ledger.close();
    pref.close();
  });

  it('a newer package of the same county and year replaces the old one, audited; an older, the same or the office’s own is refused', async () => {
    const dir = tempDir();
    const spec = COUNTIES[0]!;
    const first = await countyPackage(dir, spec, new Date('2012-01-20T02:00:00Z'));
    const other = await countyPackage(dir, COUNTIES[1]!);
    const pref = prefecture();
    const r1 = await importFilings(pref, [first.file, other.file]);
    const oldBatch = r1.imported[0]!.batchId;
    const oldIds = pref.db.prepare('SELECT id FROM payments WHERE import_batch_id = ?').pluck().all(oldBatch) as number[];

    // The county corrects its ledger (one more payment, one amount changed) and files again.
    const ledger = first.ledger;
    const prog = ledger.db.prepare("SELECT id FROM programs WHERE code = '2011-YLJZ'").pluck().get() as number;
    const someone = ledger.db.prepare('SELECT id FROM people ORDER BY id LIMIT 1 OFFSET 58').pluck().get() as number;
    pay(ledger, [{ programId: prog, personId: someone, paidOn: '2011-08-08', cashFen: 88_800, recipientKind: '患重大疾病职工' }]);
    const fix = ledger.db.prepare("SELECT min(id) FROM payments WHERE status = '登记' AND paid_on LIKE '2011-%'").pluck().get() as number;
    ledger.run({ kind: 't', label: '改金额', source: 'keyed' }, (tx) => tx.update('payments', fix, { cash_fen: 66_600 }));
    const newer = path.join(dir, '华宁县总工会2011年上报数据包（更正）.xlsx');
    const second = await exportFiling(ledger, { year: 2011, out: newer, now: new Date('2012-02-01T02:00:00Z') });
    expect(second.totalFen).not.toBe(first.result.totalFen);

    const r2 = await importFilings(pref, [newer]);
    expect(r2.imported[0]!.replacedBatchIds).toEqual([oldBatch]);
    const active = activeFilings(pref.db, 2011);
    expect(active.map((a) => [a.officeName, a.totalFen])).toEqual([['陆良县总工会', other.result.totalFen], ['华宁县总工会', second.totalFen]]);
    const old = pref.db.prepare('SELECT reverted_at, reverted_by, mapping_json FROM import_batches WHERE id = ?').get(oldBatch) as { reverted_at: string; reverted_by: string; mapping_json: string };
    expect(old.reverted_at).not.toBeNull();
    expect(JSON.parse(old.mapping_json).replacedBy).toBe(r2.imported[0]!.batchId);
    // The old payments are gone, each deletion in the audit log of the import command.
    expect(pref.db.prepare(`SELECT count(*) FROM payments WHERE id IN (${oldIds.join(',')})`).pluck().get()).toBe(0);
    const deleted = pref.db.prepare(`SELECT count(*) FROM audit_log a JOIN commands c ON c.id = a.command_id
      WHERE a.table_name = 'payments' AND a.op = 'delete' AND c.kind = 'rollup.import'`).pluck().get();
    expect(deleted).toBe(oldIds.length);
    // The consolidated ledger now matches the corrected county ledger exactly.
    const batch = r2.imported[0]!.batchId;
    expect(sums(pref, "coalesce(replace(pr.code, '530424:', ''), '-')", `p.import_batch_id = ${batch}`)).toEqual(sums(ledger, "coalesce(pr.code, '-')"));
    expect(pref.db.prepare("SELECT count(*) FROM programs WHERE code LIKE '530424:%'").pluck().get()).toBe(4);
    expect(checkLedger(pref).ok).toBe(true);

    const before = dumpTables(pref);
    await expect(importFilings(pref, [first.file])).rejects.toThrow(`已导入的华宁县总工会2011年数据包导出于 ${localDateTime('2012-02-01T02:00:00Z')}，比这份（导出于 ${localDateTime('2012-01-20T02:00:00Z')}）更新，未导入`);
    await expect(importFilings(pref, [newer])).rejects.toThrow(/华宁县总工会2011年的这份数据包已于 .* 导入过/);
    await expect(importFilings(pref, [first.file, newer])).rejects.toThrow(/同一单位（华宁县总工会）同一年度的数据包，一次只能导入其中一个/);
    const ownLedger = tempLedger();
    fullCounty(ownLedger, { officeName: '玉溪市总工会', regionCode: '530400', units: HUANING_UNITS, seed: 30 });
    const ownFile = path.join(dir, 'own.xlsx');
    await exportFiling(ownLedger, { year: 2011, out: ownFile });
    await expect(importFilings(pref, [ownFile])).rejects.toThrow(/这是本单位（玉溪市总工会）自己的数据包，不能导入本单位台账/);
    expect(dumpTables(pref)).toEqual(before);
    ownLedger.close();
    ledger.close();
    other.ledger.close();
    pref.close();
  });

  it('refuses to export a package without the office name, or for an empty year, writing nothing', async () => {
    const ledger = tempLedger();
    const dir = tempDir();
    const out = path.join(dir, 'p.xlsx');
    await expect(exportFiling(ledger, { year: 2011, out })).rejects.toThrow('请先在“设置”中填写单位名称：上报数据包必须注明上报单位');
    office(ledger, { officeName: '华宁县总工会' });
    await expect(exportFiling(ledger, { year: 2011, out })).rejects.toThrow('2011年没有发放记录，也没有项目，无需上报');
    expect(fs.readdirSync(dir)).toEqual([]);
    ledger.close();
  });
});

describe('a 冲正 of an earlier year’s payment', () => {
  it('counts the payment in its own year as filed and the reversal’s money in its year with no 人次, in the county’s forms and the prefecture’s alike', async () => {
    const dir = tempDir();
    const year = new Date().getFullYear() - 1;
    const county = tempLedger();
    office(county, { officeName: '华宁县总工会', regionCode: '530424', leaderName: '张', approverName: '李', clerkName: '王' });
    const people = addPeople(county, 2, '530424', HUANING_UNITS, 5);
    const programId = addProgram(county, { code: `${year}-SWN`, name: `${year}年春节送温暖`, year, kind: '送温暖' });
    const base = { programId, paidOn: `${year}-01-10`, goodsFen: 0, recipientKind: '困难职工', clerk: 't' };
    const [, second] = pay(county, [{ ...base, personId: people[0]!.id, cashFen: 80_000 }, { ...base, personId: people[1]!.id, cashFen: 70_070 }]);
    county.run({ kind: 'payment.status', label: '发放', source: 'keyed' }, (tx) => { setPaymentStatus(tx, [second!], '已审核', '李'); setPaymentStatus(tx, [second!], '已发放', '李'); });
    // Reversed today, in the next year (a year may be closed: a 冲正 is dated when it is made).
    county.run({ kind: 'payment.reverse', label: '冲正', source: 'keyed' }, (tx) => reversePayment(tx, second!, '重复发放', '王'));
    const stats = (ledger: Ledger, y: number) => yearStats(ledger.db, y, []).map((r) => [r.households, r.people, r.payments, r.cashFen]);
    expect(stats(county, year)).toEqual([[2, 2, 2, 150_070]]);
    expect(stats(county, year + 1)).toEqual([[0, 0, 0, -70_070]]);
    // The prefecture imports both years' packages: the reversal finds its payment in the earlier package.
    const files = [];
    for (const y of [year, year + 1]) {
      const out = path.join(dir, `华宁${y}.xlsx`);
      await exportFiling(county, { year: y, out });
      files.push(out);
    }
    const pref = prefecture();
    await importFilings(pref, files);
    expect(stats(pref, year)).toEqual(stats(county, year));
    expect(stats(pref, year + 1)).toEqual(stats(county, year + 1));
    expect(pref.db.prepare('SELECT count(*) FROM payments WHERE reverses_id IS NOT NULL').pluck().get()).toBe(1);
  });
});

