/**
 * The cell the keyboard is on is drawn (a reviewer's clerk-day: after a click and ↓ ↓, or F8, nothing showed which
 * cell was focused). Keys go to the IME proxy beside the cells, so AG Grid's own mark, a border on a cell that itself
 * holds focus, never showed. In Chromium through the bridge, over a real ledger.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson } from '../../electron/core/services/people.ts';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
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

/** Each drawn cell of the payments grid whose outline is the focus mark: its row's 姓名 and its column. */
const marked = (page: Page, grid = 'payments-grid') =>
  page.evaluate((grid) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${grid}"] .ag-cell`)]
    .filter((c) => {
      const s = getComputedStyle(c);
      return s.outlineStyle === 'solid' && s.outlineColor === 'rgb(26, 86, 214)' && parseFloat(s.outlineWidth) >= 2;
    })
    .map((c) => `${c.closest('.ag-row')?.querySelector('[col-id="personName"]')?.textContent ?? ''}:${c.getAttribute('col-id')}`), grid);

describe('the payments grid shows the cell the keyboard is on', () => {
  it('after a click, after ↓ ↓ and → and after F8: one cell marked, the focused one; none while the focus is outside the grid', async () => {
    const file = liQiangLedger((tx, programId) => {
      for (const [name, id, fen] of [['王芳', '530424198503150025', '600'], ['张伟', '530424197901012316', '700'], ['赵丽', null, '800']] as const) {
        const person = createPerson(tx, { name, idNumber: id });
        applyPaymentEdits(tx, [{ personId: person, cells: { paidOn: '2017-02-02', cashFen: fen } }], { programId }, '准备');
      }
    });
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    try {
      await cell(page, '李强', 'cashFen').click();
      await expect.poll(() => marked(page)).toEqual(['李强:cashFen']);
      const order = await page.evaluate(() => [...document.querySelectorAll('[data-testid="payments-grid"] .ag-grid-scrolling-rows .ag-row')]
        .sort((a, b) => Number(a.getAttribute('row-index')) - Number(b.getAttribute('row-index')))
        .map((r) => r.querySelector('[col-id="personName"]')?.textContent ?? ''));
      const start = order.indexOf('李强');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => marked(page)).toEqual([`${order[start + 2]}:cashFen`]);
      await page.keyboard.press('ArrowLeft');
      await expect.poll(() => marked(page)).toHaveLength(1);
      expect((await marked(page))[0]).not.toBe(`${order[start + 2]}:cashFen`);
      expect((await marked(page))[0]!.startsWith(`${order[start + 2]}:`)).toBe(true);
      await screenshot(page, 'grid-focus-visible-after-arrows');
      // F8 goes to the next row with a finding (赵丽 has no ID: a warning): that cell is the one marked.
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('F8');
      await expect.poll(async () => (await marked(page)).length).toBe(1);
      const focused = await page.evaluate(() => {
        const c = document.querySelector('[data-testid="payments-grid"] .ag-cell-focus');
        return `${c?.closest('.ag-row')?.querySelector('[col-id="personName"]')?.textContent ?? ''}:${c?.getAttribute('col-id')}`;
      });
      expect(await marked(page)).toEqual([focused]);
      await screenshot(page, 'grid-focus-visible-after-f8');
      // The focus in the Find box: no cell is marked as if keys went there.
      await page.getByTestId('grid-search').click();
      await expect.poll(() => marked(page)).toEqual([]);
      // The register of people keys the same way (the same proxy): its focused cell is marked too.
      await page.getByRole('button', { name: '人员档案' }).click();
      const people = page.getByTestId('people-grid');
      await people.locator('.ag-row .ag-cell').nth(1).click();
      await page.keyboard.press('ArrowDown');
      await expect.poll(async () => (await marked(page, 'people-grid')).length).toBe(1);
      await screenshot(page, 'grid-focus-visible-people');
    } finally {
      await s.close();
    }
  });
});
