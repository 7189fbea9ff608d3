/** The pinned totals row shows each sum whole, however large (a sum over 20 million was cut: 20,259,820.…). */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatYuan } from '../../shared/domain/money.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { tempDir } from '../helpers/ledger.ts';
import { waitForGrid } from './grid-helpers.ts';
import { launchBrowser, openApp, screenshot, sqlAll } from './harness.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Three payments of millions (each saved with its amount_large warning): Σ现金 20,259,820.00, Σ合计 21,494,387.89. */
function bigLedger(): string {
  const file = path.join(tempDir(), '台账.db');
  const ledger = Ledger.open(file, { actor: '准备' });
  ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) => {
    const programId = createProgram(tx, { code: '2017-YL', name: '2017年医疗救助', year: 2017, kind: '医疗救助', rules: [] });
    applyPaymentEdits(tx, [
      { cells: { personName: '王芳', paidOn: '2017-03-01', cashFen: '8,000,000.00', goodsFen: '1,234,567.89' } },
      { cells: { personName: '张丽', paidOn: '2017-03-02', cashFen: '7,259,820.00' } },
      { cells: { personName: '赵六', paidOn: '2017-03-03', cashFen: '5,000,000.00' } },
    ], { programId }, '准备');
  });
  ledger.close();
  return file;
}

/** Each totals cell of a money column: its text, and whether all of it is shown (the element's text not cut). */
async function totalsCells(page: Page): Promise<Record<string, { text: string; whole: boolean }>> {
  return page.evaluate(() => {
    const out: Record<string, { text: string; whole: boolean }> = {};
    for (const col of ['cashFen', 'goodsFen', 'totalFen']) {
      const cell = document.querySelector<HTMLElement>(`.row-totals [col-id="${col}"]`)!;
      // The element holding the text (AG Grid may wrap it) and the cell: neither cuts it.
      const inner = [cell, ...cell.querySelectorAll<HTMLElement>('*')].filter((el) => el.textContent === cell.textContent);
      const whole = inner.every((el) => el.scrollWidth <= el.clientWidth);
      out[col] = { text: cell.textContent ?? '', whole };
    }
    return out;
  });
}

describe('the totals row', () => {
  it('shows a sum over 20,000,000 元 whole in 金额, 慰问品 and 合计, equal to the ledger\'s own sum', async () => {
    const file = bigLedger();
    const [sums] = sqlAll<{ cash: number; goods: number }>(file, 'SELECT SUM(cash_fen) AS cash, SUM(goods_fen) AS goods FROM payments');
    expect(sums!.cash).toBeGreaterThan(2_000_000_000);
    const warned = sqlAll<{ n: number }>(file, "SELECT COUNT(*) AS n FROM payment_issues WHERE code = 'amount_large'")[0]!.n;
    expect(warned).toBeGreaterThan(0);
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      const want = { cashFen: formatYuan(sums!.cash), goodsFen: formatYuan(sums!.goods), totalFen: formatYuan(sums!.cash + sums!.goods) };
      expect(want).toEqual({ cashFen: '20,259,820.00', goodsFen: '1,234,567.89', totalFen: '21,494,387.89' });
      await expect.poll(async () => Object.fromEntries(Object.entries(await totalsCells(page)).map(([k, v]) => [k, v.text]))).toEqual(want);
      await expect.poll(() => totalsCells(page)).toEqual({
        cashFen: { text: want.cashFen, whole: true }, goodsFen: { text: want.goodsFen, whole: true }, totalFen: { text: want.totalFen, whole: true },
      });
      await page.locator('.row-totals [col-id="cashFen"]').scrollIntoViewIfNeeded();
      await screenshot(page, 'totals-row-large-sums');
      await page.locator('.row-totals [col-id="totalFen"]').scrollIntoViewIfNeeded();
      await screenshot(page, 'totals-row-large-sums-right');
    } finally {
      await s.close();
    }
  });

  it('widens a column for its sum without saving the widened width as the clerk\'s, and leaves a column the clerk sized as sized (helper 102)', async () => {
    const file = bigLedger();
    const s = await openApp(browser, file);
    const { page } = s;
    const headerWidth = () => page.evaluate(() => Math.round(document.querySelector('.ag-header-cell[col-id="cashFen"]')!.getBoundingClientRect().width));
    const savedWidth = () => {
      const row = sqlAll<{ value: string }>(file, "SELECT value FROM ui_prefs WHERE key = 'grid.payments' || char(31) || '测试会计'")[0];
      return row ? (JSON.parse(row.value) as { columns: { colId: string; width: number }[] }).columns.find((c) => c.colId === 'cashFen')?.width : undefined;
    };
    try {
      await waitForGrid(page);
      await expect.poll(async () => (await totalsCells(page)).cashFen.whole).toBe(true);
      const widened = await headerWidth();
      // A sort saves the layout: 金额's width in it is the one before widening, not the widened one.
      await page.locator('.ag-header-cell[col-id="personName"] .ag-header-cell-label').click();
      await expect.poll(savedWidth).toBeDefined();
      const saved = savedWidth()!;
      expect(saved).toBeLessThan(widened);
      // The clerk drags 金额 narrower: it stays so through the next totals (another sort), and that width is saved.
      const handle = page.locator('.ag-header-cell[col-id="cashFen"] .ag-header-cell-resize');
      const box = (await handle.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 - 60, box.y + box.height / 2, { steps: 6 });
      await page.mouse.up();
      const narrowed = await headerWidth();
      expect(narrowed).toBeLessThan(widened - 40);
      await page.locator('.ag-header-cell[col-id="paidOn"] .ag-header-cell-label').click();
      await expect.poll(async () => (await totalsCells(page)).cashFen.text).toBe('20,259,820.00');
      await page.waitForTimeout(800);
      expect(await headerWidth()).toBe(narrowed);
      await expect.poll(savedWidth).toBe(narrowed);
    } finally {
      await s.close();
    }
  });
});
