/**
 * A form is written with its payments' findings as they are, and the export says how many carry an error or a
 * warning (a reviewer's clerk-day: the roster and the annual form went out with a bad ID and an over-cap payment,
 * and nothing said so). Through the contract (dispatch), over a real ledger; the saved workbooks read back with exceljs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Channel, RequestOf, SavedExport } from '../../shared/contract.ts';
import { dispatch } from '../../electron/core/api/dispatch.ts';
import type { LedgerHost } from '../../electron/core/api/handlers.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { applyPaymentEdits, reversePayment, setPaymentStatus } from '../../electron/core/services/payments.ts';
import { tempDir, tempLedger } from '../helpers/ledger.ts';
import { openXlsx } from '../helpers/xlsx.ts';

function setup() {
  const ledger = tempLedger();
  const downloads = tempDir();
  const host: LedgerHost = {
    ledger: () => ledger, actor: () => '测试会计', emit: () => undefined,
    saveFile: async (name, data) => {
      const file = path.join(downloads, name);
      fs.writeFileSync(file, data);
      return file;
    },
  };
  const call = async <C extends Channel>(channel: C, request: RequestOf<C>) => {
    const r = await dispatch(host, channel, request);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value as never;
  };
  return { ledger, call };
}

/** Every cell's text of the first sheet, joined. */
async function sheetText(file: string): Promise<string> {
  const ws = (await openXlsx(file)).worksheets[0]!;
  const texts: string[] = [];
  ws.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
  return texts.join('|');
}

describe('exports say how many of their payments carry findings', () => {
  it('counts errors and warnings among the payments each form counts, and still writes them', async () => {
    const { ledger, call } = setup();
    const ids = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => {
      const swn = createProgram(tx, { code: '2017-SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖' });
      const jq = createProgram(tx, { code: '2017-JQ', name: '2017年金秋助学', year: 2017, kind: '金秋助学' });
      const made = applyPaymentEdits(tx, [
        // ok
        { cells: { personName: '王芳', idNumber: '530424197512030026', cashFen: '500', paidOn: '2017-01-20' } },
        // error: the ID's check digit is wrong (…0027), kept and marked
        { cells: { personName: '李强', idNumber: '530424198001019517', cashFen: '600', paidOn: '2017-01-20' } },
        // warning: no amount at all
        { cells: { personName: '张伟', idNumber: '530424197901012315', paidOn: '2017-01-21' } },
        // error, then reversed (today, years later): the roster no longer counts it; the 2017 forms still do (reversed after
        // the year's end), and so its finding
        { cells: { personName: '赵丽', idNumber: '530424198503150020', cashFen: '-100', paidOn: '2017-01-22' } },
        // an error and a warning on one payment (a wrong check digit, no amount): one row, counted once, as an error
        { cells: { personName: '孙七', idNumber: '530424199001010007', paidOn: '2017-01-23' } },
      ], { programId: swn }, '测试').created;
      // Another program of the year, with an error: in the annual form, not in 送温暖's roster.
      applyPaymentEdits(tx, [{ cells: { personName: '刘洋', idNumber: '530424199001010000', cashFen: '1000', paidOn: '2017-08-25' } }], { programId: jq }, '测试');
      return { swn, made };
    });
    const findings = (id: number) => ledger.db.prepare('SELECT group_concat(severity) FROM payment_issues WHERE payment_id = ?').pluck().get(id);
    expect(findings(ids.made[0]!)).toBeNull();
    expect(findings(ids.made[1]!)).toContain('error');
    expect(findings(ids.made[2]!)).toBe('warn');
    expect(findings(ids.made[3]!)).toContain('error');
    ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => {
      setPaymentStatus(tx, [ids.made[3]!], '已审核', '测试');
      setPaymentStatus(tx, [ids.made[3]!], '已发放', '测试');
    });
    ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => reversePayment(tx, ids.made[3]!, '录错', '测试'));

    expect(findings(ids.made[4]!)).toMatch(/error/);
    expect(findings(ids.made[4]!)).toMatch(/warn/);
    const roster = (await call('export.roster', { programId: ids.swn })) as SavedExport;
    expect(roster.findings).toEqual({ errorRows: 2, warnRows: 1 });
    // Written all the same: 李强's row is in the roster.
    expect(await sheetText(roster.path!)).toContain('李强');
    // The annual form leaves out the payments of 0 (张伟's, 孙七's): said in the form's own warning instead. It counts 赵丽's
    // (reversed after 2017 ended), as annual.ts counts it: 李强, 赵丽 and 刘洋.
    const annual = (await call('export.annual', { year: 2017 })) as SavedExport;
    expect(annual.findings).toEqual({ errorRows: 3, warnRows: 0 });
    expect(annual.warnings).toHaveLength(1);
    const selection = (await call('export.roster', { paymentIds: [ids.made[0]!, ids.made[2]!] })) as SavedExport;
    expect(selection.findings).toEqual({ errorRows: 0, warnRows: 1 });
    // The model-worker form counts only the 劳模补助 programs' payments: none of these findings.
    ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => {
      const lm = createProgram(tx, { code: '2017-LM', name: '2017年劳模两金', year: 2017, kind: '劳模补助' });
      applyPaymentEdits(tx, [{ cells: { personName: '王芳', idNumber: '530424197512030026', cashFen: '2000', paidOn: '2017-09-29' } }], { programId: lm }, '测试');
    });
    const mw = (await call('export.modelWorkers', { year: 2017 })) as SavedExport;
    expect(mw.findings).toEqual({ errorRows: 0, warnRows: 0 });
    await call('settings.set', { values: { officeName: '华宁县总工会' } });
    const filing = (await call('export.filing', { year: 2017 })) as SavedExport;
    // The filing package carries every payment of the year: 李强, 赵丽, 孙七 and 刘洋 with errors, 张伟 with a warning only.
    expect(filing.findings).toEqual({ errorRows: 4, warnRows: 1 });
  });
});
