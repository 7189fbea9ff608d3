/**
 * Keys that move through the whole view (Ctrl+End, Ctrl+Home) in Chromium through the bridge: the
 * row they land on is shown whole, not half under the pinned 新增 and 合计 rows or the bottom edge.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { BODY_ROWS, waitForGrid } from './grid-helpers.ts';
import { launchBrowser, openApp, screenshot } from './harness.ts';
import { liQiangLedger } from './grid-ledger.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * The focused cell's row and the band rows are seen in, in page pixels: below the header, above the
 * pinned 新增 row, and above the horizontal scroll bar where it can be seen (not see-through).
 */
async function focusedRowBox(page: Page) {
  return page.evaluate(() => {
    const row = document.querySelector('.ag-cell-focus')?.closest('.ag-row');
    if (!row) return null;
    const r = row.getBoundingClientRect();
    const header = document.querySelector('.ag-header')!.getBoundingClientRect();
    const barEl = document.querySelector('.ag-body-horizontal-scroll-viewport');
    const bar = barEl?.getBoundingClientRect();
    const seeThrough = barEl ? getComputedStyle(barEl).backgroundColor === 'rgba(0, 0, 0, 0)' && getComputedStyle(barEl).pointerEvents === 'none' : true;
    const entry = document.querySelector('.row-entry')!.getBoundingClientRect();
    const viewBottom = Math.min(entry.top, bar && bar.height > 0 && !seeThrough ? bar.top : Infinity);
    return { index: row.getAttribute('row-index'), top: r.top, bottom: r.bottom, viewTop: header.bottom, viewBottom };
  });
}

describe('Ctrl+End and Ctrl+Home', () => {
  it('Ctrl+End shows the view\'s last row whole, above the pinned rows; Ctrl+Home the first', async () => {
    const file = liQiangLedger((tx, programId) => {
      const edits = Array.from({ length: 80 }, (_, i) => ({ cells: { personName: `职工${i + 1}`, paidOn: '2017-05-01', cashFen: String(100 + i) } }));
      applyPaymentEdits(tx, edits, { programId }, '准备');
    });
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await page.locator(`${BODY_ROWS}[row-index="0"] [col-id="note"]`).click();
      await page.keyboard.press('Control+End');
      await expect.poll(async () => (await focusedRowBox(page))?.index).toBe('80');
      await page.waitForTimeout(300);
      const box = (await focusedRowBox(page))!;
      await screenshot(page, 'grid-ctrl-end');
      expect(box.bottom, JSON.stringify(box)).toBeLessThanOrEqual(box.viewBottom + 0.5);
      expect(box.top).toBeGreaterThanOrEqual(box.viewTop - 0.5);
      // A click on the lower half of the last row lands on its cell.
      const hit = await page.evaluate(({ y }) => document.elementFromPoint(700, y)?.closest('.ag-row')?.getAttribute('row-index'), { y: box.bottom - 4 });
      expect(hit).toBe('80');

      await page.keyboard.press('Control+Home');
      await expect.poll(async () => (await focusedRowBox(page))?.index).toBe('0');
      const first = (await focusedRowBox(page))!;
      expect(first.top).toBeGreaterThanOrEqual(first.viewTop - 0.5);
    } finally {
      await s.close();
    }
  });
});
