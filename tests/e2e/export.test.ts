/**
 * 导出与报表 in Chromium through the bridge: the 华宁 2011 国庆 roster exported from
 * the UI (opened back with exceljs), and its print view printed to PDF with
 * Chromium's page.pdf(), turned into PNG pages with pdftoppm and into text with
 * pdftotext: Chinese renders, the totals and the 大写 are on the last page.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../electron/core/ledger.ts';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { huaning2011 } from '../helpers/county.ts';
import { tempDir } from '../helpers/ledger.ts';
import { openXlsx } from '../helpers/xlsx.ts';
import { ARTIFACTS, launchBrowser, openApp, screenshot } from './harness.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('export and print from the app', () => {
  it('exports the 华宁 2011 国庆 roster to Excel and prints it to PDF with Chinese text, totals and 大写', async () => {
    const file = path.join(tempDir(), '华宁县.db');
    const ledger = Ledger.open(file, { actor: '王芳' });
    huaning2011(ledger);
    ledger.close();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await page.locator('[data-screen="export"]').click();
      await page.getByTestId('export-year').selectOption('2011');
      await page.getByTestId('export-program').locator('option', { hasText: '2011年国庆困难职工救助金' }).waitFor({ state: 'attached' });
      await page.getByTestId('export-filed-on').fill('2011-10-08');
      await page.getByTestId('export-roster').click();
      await page.getByTestId('export-last').waitFor();
      expect(await page.getByTestId('export-last').textContent()).toContain('269 行，合计 155,500.00 元');
      await screenshot(page, 'export-screen');
      const saved = path.join(s.bridge.downloads, '华宁县总工会2011年国庆困难职工救助金发放花名册.xlsx');
      expect(fs.existsSync(saved)).toBe(true);
      const wb = await openXlsx(saved);
      const ws = wb.worksheets[0]!;
      expect(String(ws.getCell('A1').value)).toContain('华宁县总工会2011年国庆困难职工救助金发放花名册');
      const texts: string[] = [];
      ws.eachRow((row) => row.eachCell((c) => texts.push(String(c.value && typeof c.value === 'object' && 'result' in c.value ? c.value.result : c.value))));
      expect(texts.join('|')).toContain('壹拾伍万伍仟伍佰元整');
      expect(texts.join('|')).toContain('填报日期：2011年10月8日');

      // The print view, printed the way the app prints it (A4 landscape, page numbers in the footer).
      await page.getByTestId('print-roster').click();
      await page.getByTestId('print-page').locator('table').first().waitFor();
      await screenshot(page, 'print-view');
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      const pdf = path.join(ARTIFACTS, 'roster-print.pdf');
      await page.emulateMedia({ media: 'print' });
      await page.pdf({
        path: pdf, format: 'A4', landscape: true, printBackground: true, displayHeaderFooter: true, headerTemplate: '<span></span>',
        footerTemplate: '<div style="font-size:9px;width:100%;text-align:center">第 <span class="pageNumber"></span> 页 共 <span class="totalPages"></span> 页</div>',
        margin: { top: '12mm', bottom: '14mm', left: '10mm', right: '10mm' },
      });
    } finally {
      await s.close();
    }
    const pdf = path.join(ARTIFACTS, 'roster-print.pdf');
    const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThan(5);
    expect(info).toMatch(/Page size:\s+84\d\.\d+ x 59\d\.\d+ pts \(A4\)/); // A4 landscape
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
    const pageTexts = text.split('\f');
    expect(pageTexts[0]).toContain('华宁县总工会2011年国庆困难职工救助金发放花名册');
    expect(pageTexts[0]).toContain('领取人签字');
    expect(pageTexts[1]).toContain('领取人签字'); // the header row repeats on every page
    expect(pageTexts[1]).toMatch(/第 2 页 共 \d+ 页/);
    const lastPage = pageTexts.filter((p) => p.trim()).at(-1)!;
    expect(lastPage).toContain('155,500.00');
    expect(lastPage).toContain('壹拾伍万伍仟伍佰元整');
    expect(lastPage).toContain('经办人');
    const png = spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, path.join(ARTIFACTS, 'roster-print-page')]);
    expect(png.status).toBe(0);
    spawnSync('pdftoppm', ['-png', '-r', '60', '-f', String(pages), '-l', String(pages), pdf, path.join(ARTIFACTS, 'roster-print-last')]);
  });
});

describe('an export of payments with findings', () => {
  it('writes the roster and says, in a notice, how many of its payments still carry an error or a warning', async () => {
    const file = path.join(tempDir(), '华宁县.db');
    const ledger = Ledger.open(file, { actor: '王芳' });
    ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => {
      const swn = createProgram(tx, { code: '2017-SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖' });
      applyPaymentEdits(tx, [
        { cells: { personName: '王芳', idNumber: '530424197512030026', cashFen: '500', paidOn: '2017-01-20' } },
        { cells: { personName: '李强', idNumber: '530424198001019517', cashFen: '600', paidOn: '2017-01-20' } },
      ], { programId: swn }, '测试');
    });
    ledger.close();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await page.locator('[data-screen="export"]').click();
      await page.getByTestId('export-year').selectOption('2017');
      await page.getByTestId('export-program').locator('option', { hasText: '2017年春节送温暖' }).waitFor({ state: 'attached' });
      await page.getByTestId('export-roster').click();
      await page.getByTestId('export-last').waitFor();
      await expect.poll(() => page.locator('.notice').allTextContents()).toContainEqual(expect.stringContaining('表中有 1 条发放记录带错误未改正'));
      await screenshot(page, 'export-with-findings');
      const saved = path.join(s.bridge.downloads, fs.readdirSync(s.bridge.downloads).find((f) => f.endsWith('.xlsx'))!);
      const texts: string[] = [];
      (await openXlsx(saved)).worksheets[0]!.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
      expect(texts.join('|')).toContain('李强');
    } finally {
      await s.close();
    }
  });
});

describe('year close from the app', () => {
  it('closes 2011 after filing: its rows become read-only in the grid, the ledger refuses writes; reopening needs a reason and an approver', async () => {
    const file = path.join(tempDir(), '华宁县.db');
    const ledger = Ledger.open(file, { actor: '王芳' });
    huaning2011(ledger);
    ledger.close();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await page.locator('[data-screen="export"]').click();
      await page.getByTestId('export-year').selectOption('2011');
      await page.getByTestId('year-close').getByText('本年度 269 笔').waitFor();
      page.once('dialog', (d) => void d.accept());
      await page.getByTestId('close-year').click();
      await page.getByTestId('reopen-year').waitFor();
      await screenshot(page, 'year-closed');
      await page.locator('[data-screen="payments"]').click();
      await page.getByTestId('closed-year').waitFor();
      const amount = page.locator('.ag-grid-scrolling-rows .ag-row[row-index="0"] [col-id="cashFen"]');
      await amount.dblclick();
      await page.keyboard.type('1');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(300);
      expect(await page.locator('.text-editor').count()).toBe(0);
      expect(await amount.textContent()).toBe('2,000.00');
      expect(await page.locator('.ag-grid-scrolling-rows .ag-row[row-index="0"]').getAttribute('class')).toContain('row-locked');
      // Reopen needs both fields.
      await page.locator('[data-screen="export"]').click();
      await page.getByTestId('export-year').selectOption('2011');
      await expect.poll(() => page.getByTestId('reopen-year').isDisabled()).toBe(true);
      await page.getByTestId('reopen-reason').fill('补录漏报的一笔');
      await page.getByTestId('reopen-approver').fill('张建国');
      await page.getByTestId('reopen-year').click();
      await page.getByTestId('close-year').waitFor();
    } finally {
      await s.close();
    }
    const check = Ledger.open(file);
    const history = check.db.prepare('SELECT * FROM year_closings').all() as Record<string, unknown>[];
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ year: 2011, reopen_reason: '补录漏报的一笔', reopen_approver: '张建国' });
    check.close();
  });
});
