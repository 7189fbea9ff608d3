/** The main process's automatic backups run in a worker thread: the real worker module, on a real ledger. */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { listBackups } from '../../electron/core/backups.ts';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { tempLedger } from '../helpers/ledger.ts';

function run(task: 'startup' | 'daily', ledgerPath: string): Promise<{ ok: boolean; outcome?: { made: { kindLabel: string } | null; skipped: string | null } }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(path.join(import.meta.dirname, '../../electron/main/backupWorker.ts'), { workerData: { task, ledgerPath } });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

describe('backup worker', () => {
  it('takes the start-up backup off the main thread while the app keeps its connection, and skips the daily one when nothing changed', async () => {
    const ledger = tempLedger();
    ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => {
      const p = createProgram(tx, { code: 'P', name: '2017年春节送温暖', year: 2017, kind: '送温暖' });
      applyPaymentEdits(tx, [{ cells: { personName: '王芳', cashFen: '500', paidOn: '2017-01-20' } }], { programId: p }, 'x');
    });
    const first = await run('startup', ledger.path);
    expect(first.ok).toBe(true);
    expect(first.outcome!.made!.kindLabel).toBe('启动');
    const backups = listBackups(ledger.path);
    expect(backups).toHaveLength(1);
    expect(fs.statSync(backups[0]!.path).size).toBeGreaterThan(0);
    const daily = await run('daily', ledger.path);
    expect(daily.ok).toBe(true);
    expect(daily.outcome!.made).toBeNull();
    ledger.close();
  });
});

describe('import worker as packaged', () => {
  it('the bundled dist/main/importWorker.js parses a GBK CSV roster in a worker thread, as the app runs it', async () => {
    const { parseInWorker } = await import('../../electron/core/import/index.ts');
    const iconv = (await import('iconv-lite')).default;
    const worker = path.join(import.meta.dirname, '../../dist/main/importWorker.js');
    expect(fs.existsSync(worker), 'npm test builds dist/ first').toBe(true);
    const csv = iconv.encode('序号,姓名,身份证号码,金额（元）\r\n1,王芳,530424197512030026,500\r\n2,李强,530424198001019516,"1,000.00"\r\n', 'gb18030');
    const progress: string[] = [];
    const wb = await parseInWorker(csv, '花名册.csv', { workerUrl: worker, onProgress: (p) => progress.push(p.phase) });
    expect(wb.sheets).toHaveLength(1);
    const cells = wb.sheets[0]!.rows.map((r) => r.c.map((c) => (c === null ? null : String(c))));
    expect(cells[1]).toEqual(['1', '王芳', '530424197512030026', '500']);
    expect(cells[2]![3]).toBe('1,000.00');
  });
});

describe('checkpoint thread as packaged', () => {
  it('the bundled dist/main/checkpointWorker.js copies the WAL of the app’s connection into the ledger file', async () => {
    const worker = path.join(import.meta.dirname, '../../dist/main/checkpointWorker.js');
    expect(fs.existsSync(worker), 'npm test builds dist/ first').toBe(true);
    const ledger = tempLedger();
    const fallbacks: string[] = [];
    const checkpoints = ledger.useBackgroundCheckpoints({ workerUrl: worker, idleMs: 60_000, onFallback: (m) => fallbacks.push(m) });
    ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '2017年春节送温暖', year: 2017, kind: '送温暖' }));
    const r = await checkpoints.checkpoint();
    expect(fallbacks).toEqual([]);
    expect(r.log).toBeGreaterThan(0);
    expect(r.checkpointed).toBe(r.log);
    ledger.close();
    expect(checkpoints.running).toBe(false);
  });
});

describe('vendored libraries as packaged', () => {
  it('the bundled parser reads a legacy BIFF .xls with SheetJS from dist/main/vendor, loaded only when such a file comes', async () => {
    const { parseInWorker } = await import('../../electron/core/import/index.ts');
    const { biffXls } = await import('../import/fixtures.ts');
    const worker = path.join(import.meta.dirname, '../../dist/main/importWorker.js');
    for (const file of ['xlsx.js', 'xlsx-cpexcel.js', 'exceljs.js']) expect(fs.existsSync(path.join(path.dirname(worker), 'vendor', file)), file).toBe(true);
    // Not inside the bundles: each thread that loads one would carry them.
    for (const bundle of ['importWorker.js', 'importHost.js', 'main.js']) {
      const text = fs.readFileSync(path.join(path.dirname(worker), bundle), 'utf8');
      expect(text, bundle).not.toContain('SheetJS');
      expect(text, bundle).toContain('require("./vendor/xlsx.js")');
    }
    const wb = await parseInWorker(biffXls(), '金秋助学.xls', { workerUrl: worker });
    expect(wb.format).toBe('xls');
    const cells = wb.sheets[0]!.rows.map((r) => r.c.map((c) => (c === null ? null : String(c))));
    expect(cells[0]![0]).toBe('昌宁县总工会2012年金秋助学花名册');
    expect(cells[2]!.slice(0, 5)).toEqual(['1', '王小明', '云南大学', '王芳', '530424197512030026']);
    expect(cells[3]![6]).toBe('3000元');
  });
});

describe('import host as packaged', () => {
  it('the bundled dist/main/importHost.js previews and commits a roster through its own connection, with the bundled parser', async () => {
    const { ImportHost } = await import('../../electron/core/import/host.ts');
    const iconv = (await import('iconv-lite')).default;
    const hostUrl = path.join(import.meta.dirname, '../../dist/main/importHost.js');
    const parseWorkerUrl = path.join(import.meta.dirname, '../../dist/main/importWorker.js');
    expect(fs.existsSync(hostUrl), 'npm test builds dist/ first').toBe(true);
    const ledger = tempLedger();
    const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '2017年春节送温暖', year: 2017, kind: '送温暖' }));
    const imports = new ImportHost({ hostUrl, parseWorkerUrl });
    imports.prepare();
    const csv = iconv.encode('序号,姓名,身份证号码,金额（元）\r\n1,王芳,530424197512030026,500\r\n2,李强,530424198001019516,"1,000.00"\r\n3,张伟,530424198001019516,五百\r\n', 'gb18030');
    const preview = await imports.open(ledger, { bytes: csv, fileName: '花名册.csv', taskId: 'p', programId });
    expect(preview.summary).toMatchObject({ ok: 1, error: 2, acceptedFen: 50_000 });
    // The held rows' error report is written with exceljs from dist/main/vendor.
    const report = await imports.errorReport(preview.sessionId);
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(report.bytes) as never);
    expect(report.rows).toBe(2);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(2).values).toEqual([undefined, '序号', '姓名', '身份证号码', '金额（元）', '原表行号', '错误原因']);
    expect([sheet.getCell('B3').value, sheet.getCell('B4').value]).toEqual(['李强', '张伟']);
    const result = await imports.commit(ledger, preview.sessionId, { clerk: '张会计' });
    expect(result.payments).toBe(1);
    expect(ledger.db.prepare('SELECT cash_fen, clerk FROM payments ORDER BY id').all()).toEqual([{ cash_fen: 50_000, clerk: '张会计' }]);
    await imports.dispose();
    ledger.close();
  });
});
