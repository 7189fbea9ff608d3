/**
 * The payments grid says why (a reviewer's clerk-day): F8 went to a row with a finding but the reasons were only in the
 * ▲'s mouse tooltip; text typed on a paid (已发放) row's amount went nowhere without a word. In Chromium through the
 * bridge, over a real ledger.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson } from '../../electron/core/services/people.ts';
import { applyPaymentEdits, setPaymentStatus } from '../../electron/core/services/payments.ts';
import { cell } from './grid-helpers.ts';
import { launchBrowser, screenshot } from './harness.ts';
import { liQiangLedger, openWithClipboard } from './grid-ledger.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const notices = (page: Page) => page.locator('.notice').allTextContents();

describe('the payments grid says why', () => {
  it('F8 says what is wrong on the row it goes to; text typed on a paid row says it changes only by 冲正, and nothing changes', async () => {
    const file = liQiangLedger((tx, programId) => {
      // 王芳: an ID whose check digit is wrong (…0027).
      const wang = createPerson(tx, { name: '王芳', idNumber: '530424197512030027' });
      applyPaymentEdits(tx, [{ personId: wang, cells: { paidOn: '2017-02-02', cashFen: '600' } }], { programId }, '准备');
      // 张伟: paid.
      const zhang = createPerson(tx, { name: '张伟', idNumber: '530424197901012315' });
      const [paid] = applyPaymentEdits(tx, [{ personId: zhang, cells: { paidOn: '2017-02-03', cashFen: '700' } }], { programId }, '准备').created;
      setPaymentStatus(tx, [paid!], '已审核', '准备');
      setPaymentStatus(tx, [paid!], '已发放', '准备');
    });
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    try {
      await cell(page, '李强', 'note').click();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('F8');
      await expect.poll(() => notices(page)).toContainEqual(expect.stringMatching(/^第 \d+ 行 王芳：.*校验/));
      await screenshot(page, 'grid-f8-says-why');

      await cell(page, '张伟', 'cashFen').click();
      await page.keyboard.type('2000');
      await page.keyboard.press('Enter');
      await expect.poll(() => notices(page)).toContainEqual(expect.stringContaining('这条发放记录已“已发放”，金额等不能再改'));
      expect(await cell(page, '张伟', 'cashFen').textContent()).toBe('700.00');
      await screenshot(page, 'grid-typed-on-paid-row');
    } finally {
      await s.close();
    }
  });
});
