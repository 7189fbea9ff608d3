/**
 * A payment whose cash and goods are both 0 is no help given (an incomplete record: 现金和慰问品金额都为0). The annual
 * form counted it as 人次 and its person in 人数 and 户数: the entry row's ghost (周敏 keyed, given up: 0.00 on 2017-12-31,
 * no ID) made 9 households, 9 people, 11 person-times read 10 / 10 / 12 (reviewer's defect). It is left out of the form
 * (its money is 0: no sum changes), the export says how many and where to find them, and 首页 counts the same way.
 * Real SQLite file, the workbook read back with exceljs cell by cell.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/api/dispatch.ts';
import type { LedgerHost } from '../../electron/core/api/handlers.ts';
import { annualSheets, exportAnnual } from '../../electron/core/export/index.ts';
import type { Ledger } from '../../electron/core/ledger.ts';
import { dashboard } from '../../electron/core/queries/dashboard.ts';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import type { SavedExport } from '../../shared/contract.ts';
import { addPeople, addProgram, HUANING_UNITS, office, pay } from '../helpers/county.ts';
import { tempDir, tempLedger } from '../helpers/ledger.ts';
import { checkFormulas, openXlsx, rowValues, sheet, valueOf } from '../helpers/xlsx.ts';

/**
 * 2017: nine people paid 500元 each, two of them 300元 again (9 户, 9 人, 11 人次, 5,100元); then the reviewer's ghost,
 * 周敏 keyed in the entry row and given up (0.00, the year's last day, a new person with no ID, no 对象类别), and a 0.00
 * payment of the first of the nine (keyed, amount not yet typed).
 */
function ledger2017(): { ledger: Ledger; programId: number } {
  const ledger = tempLedger();
  office(ledger, { officeName: '华宁县总工会', regionCode: '530424', leaderName: '张建国', approverName: '李春华', clerkName: '王芳' });
  const people = addPeople(ledger, 9, '530424', HUANING_UNITS, 7);
  const programId = addProgram(ledger, { code: '2017-YL', name: '2017年医疗救助', year: 2017, kind: '医疗救助', rules: [] });
  pay(ledger, [
    ...people.map((p) => ({ programId, personId: p.id, paidOn: '2017-06-15', cashFen: 50_000, recipientKind: '困难职工' })),
    ...people.slice(0, 2).map((p) => ({ programId, personId: p.id, paidOn: '2017-09-01', cashFen: 30_000, recipientKind: '困难职工' })),
  ]);
  ledger.run({ kind: 'payments.keyed', label: '新增发放记录', source: 'keyed' }, (tx) => {
    applyPaymentEdits(tx, [{ cells: { personName: '周敏' }, entryKey: 'e-ghost-zhoumin-01' }], { programId, paidOn: '2017-12-31' }, '王芳');
  });
  ledger.run({ kind: 'payments.keyed', label: '新增发放记录', source: 'keyed' }, (tx) => {
    applyPaymentEdits(tx, [{ personId: people[0]!.id, cells: { recipientKind: '困难职工' }, entryKey: 'e-zero-first-02' }], { programId, paidOn: '2017-10-08' }, '王芳');
  });
  return { ledger, programId };
}

describe('年度统计表 and payments of 0', () => {
  it('leaves a payment with cash 0 and goods 0 out of 户数, 人数 and 人次 (and out of the rows), and says how many', async () => {
    const { ledger } = ledger2017();
    expect(ledger.db.prepare('SELECT count(*) FROM payments WHERE cash_fen = 0 AND goods_fen = 0').pluck().get()).toBe(2);
    const out = path.join(tempDir(), '2017年度统计表.xlsx');
    const r = await exportAnnual(ledger, { year: 2017, out, filedOn: '2018-01-10' });

    const ws = sheet(await openXlsx(out), '年度统计表');
    expect(rowValues(ws, 3, 8)).toEqual(['项目类别', '救助对象类别', '户数', '人数', '人次', '现金（万元）', '慰问品（万元）', '合计（万元）']);
    // One row of figures (no 未分类 row for the ghost), its 小计 and the 总计: 9 / 9 / 11.
    expect(rowValues(ws, 4, 8)).toEqual(['医疗救助', '困难职工', 9, 9, 11, 0.51, 0, 0.51]);
    expect(rowValues(ws, 5, 8)).toEqual(['医疗救助', '小计', 9, 9, 11, 0.51, 0, 0.51]);
    expect(rowValues(ws, 6, 8)).toEqual(['总计', '总计', 9, 9, 11, 0.51, 0, 0.51]);
    expect(valueOf(ws, 'A8')).toBe('资金筹集与使用情况（万元）');
    // 已发放 (the table's 总计) is the money of every record.
    expect(rowValues(ws, 11, 3)).toEqual(['已发放', '已发放', 0.51]);
    for (const f of checkFormulas(ws)) expect(f.computed, `${f.ref} ${f.formula}`).toBeCloseTo(f.result, 9);
    // The money is every record's; the two of 0 are said.
    expect(r).toMatchObject({ rows: 13, cashFen: 510_000, goodsFen: 0, totalFen: 510_000, notCounted: 2 });
    expect(r.warnings).toEqual(['2017年有 2 条发放记录的现金和慰问品金额都为 0（多为没有录完的记录），未计入户数、人数和人次：请在发放台账中核对，补全金额或删除（“检查”列标有“现金和慰问品金额都为0”，可按 F8 查找）']);

    // 首页 counts as the form does.
    const d = dashboard(ledger, 2017);
    expect(d.total).toMatchObject({ households: 9, people: 9, personTimes: 11, records: 13, cashFen: 510_000 });
    ledger.close();
  });

  it('a year whose only payments are of 0 has nothing to count: refused, saying why', () => {
    const ledger = tempLedger();
    const programId = addProgram(ledger, { code: '2018-YL', name: '2018年医疗救助', year: 2018, kind: '医疗救助', rules: [] });
    ledger.run({ kind: 'payments.keyed', label: '新增发放记录', source: 'keyed' }, (tx) => {
      applyPaymentEdits(tx, [{ cells: { personName: '周敏' } }], { programId, paidOn: '2018-12-31' }, '王芳');
    });
    expect(() => annualSheets(ledger, { year: 2018 })).toThrow('2018年只有 1 条现金和慰问品金额都为 0 的发放记录（多为没有录完的记录），没有可统计的发放，无法生成年度统计表');
    ledger.close();
  });

  it('the export channel passes the warning on to the screen', async () => {
    const { ledger } = ledger2017();
    const downloads = tempDir();
    const host: LedgerHost = {
      ledger: () => ledger, actor: () => '王芳', emit: () => undefined,
      saveFile: async (name, data) => {
        const file = path.join(downloads, name);
        fs.writeFileSync(file, data);
        return file;
      },
    };
    const res = await dispatch(host, 'export.annual', { year: 2017 });
    expect(res.ok).toBe(true);
    const saved = (res as { ok: true; value: SavedExport }).value;
    expect(saved).toMatchObject({ rows: 13, totalFen: 510_000 });
    expect(saved.warnings).toHaveLength(1);
    expect(saved.warnings![0]).toContain('2 条发放记录的现金和慰问品金额都为 0');
    ledger.close();
  });

  it('the CLI says it too', () => {
    const { ledger } = ledger2017();
    const file = ledger.path;
    ledger.close();
    const bin = path.join(import.meta.dirname, '..', '..', 'bin', 'relief-ledger.mjs');
    const r = spawnSync(process.execPath, [bin, '--db', file, 'export', 'annual', '--year', '2017', '--out', path.join(tempDir(), '年报.xlsx')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('已导出年度帮扶救助情况统计表');
    expect(r.stdout).toContain('注意：2017年有 2 条发放记录的现金和慰问品金额都为 0');
  });
});
