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
});
