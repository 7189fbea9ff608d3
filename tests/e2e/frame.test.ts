/**
 * Foundation 2/2, done when: the app opens in Chromium through the bridge on a
 * ledger made by the CLI, shows the payments with correct totals in the status
 * bar, an amount edited in the grid is what the CLI then lists from the same file.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/ledger.ts';
import { launchBrowser, openApp, ROOT, screenshot } from './harness.ts';

const BIN = path.join(ROOT, 'bin', 'relief-ledger.mjs');
function cli(db: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, '--db', db, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`relief-ledger ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the app frame in Chromium through the bridge', () => {
  it('shows the CLI-made ledger with correct totals; an edited amount is what the CLI lists', async () => {
    const db = path.join(tempDir(), '华宁县.db');
    cli(db, 'init', '--office', '华宁县总工会', '--region', '530424');
    cli(db, 'add', 'program', '--code', '2011-GQ', '--name', '2011年国庆困难职工救助', '--year', '2011', '--kind', '送温暖');
    const people: [string, string, string][] = [
      ['王芳', '530424197512030026', '2000'],
      ['李强', '530424198001019516', '1000'],
      ['张丽', '532322196508150040', '500'],
    ];
    for (const [name, id, amount] of people) {
      cli(db, 'add', 'person', '--name', name, '--id', id, '--unit', '华宁县水泥厂工会');
      cli(db, 'add', 'payment', '--program', '2011-GQ', '--person', id, '--amount', amount, '--date', '2011-09-28');
    }
    const s = await openApp(browser, db);
    try {
      const { page } = s;
      await page.getByText('王芳').waitFor();
      await expect.poll(() => page.getByTestId('status-year').textContent()).toContain('2011');
      await expect.poll(() => page.getByTestId('status-rows').textContent()).toBe('3 行');
      expect(await page.getByTestId('status-cash').textContent()).toBe('现金 3,500.00 元');
      expect(await page.getByTestId('status-people').textContent()).toBe('人数 3');
      // Chinese text renders with a CJK font (no tofu): the nav title is laid out wider than a box per glyph would be.
      const fontOk = await page.evaluate(() => document.fonts.check('16px "WenQuanYi Zen Hei"'));
      expect(fontOk).toBe(true);
      // IDs are masked by default.
      await page.getByText('530424********0026').waitFor();

      // Edit 李强's amount: double-click the cell, type, Enter.
      const cash = page.locator('.ag-row', { hasText: '李强' }).locator('[col-id="cashFen"]');
      await cash.dblclick();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('1,200元');
      await page.keyboard.press('Enter');
      await expect.poll(() => cash.textContent()).toBe('1,200.00');
      await expect.poll(() => page.getByTestId('status-cash').textContent()).toBe('现金 3,700.00 元');
      await screenshot(page, 'frame-payments');
    } finally {
      await s.close();
    }
    const listed = JSON.parse(cli(db, 'list', 'payments', '--json')) as { personName: string; cashFen: number }[];
    expect(listed.find((r) => r.personName === '李强')!.cashFen).toBe(120_000);
    expect(listed.map((r) => r.cashFen).reduce((a, b) => a + b, 0)).toBe(370_000);
  });
});
