/**
 * Defects a tester's sweep found in the payments grid (one test each), in Chromium through the bridge over a real ledger.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, sqlAll } from './harness.ts';
import { liQiangLedger, openWithClipboard, pasteText } from './grid-ledger.ts';
import { cell, saved, typingReady } from './grid-helpers.ts';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the payments grid, after a sweep', () => {
  it('F2 and Enter on an empty cell of the entry row make no payment', async () => {
    const file = liQiangLedger();
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    try {
      for (const col of ['cashFen', 'goodsFen', 'idNumber', 'note']) {
        await page.locator(`.row-entry [col-id="${col}"]`).click();
        await page.keyboard.press('F2');
        await page.locator('.row-entry .ag-cell-inline-editing').waitFor();
        // The editor opens on what the cell shows: nothing (not the blank row's hidden 0).
        expect(await page.locator('.row-entry .ag-cell-inline-editing input').first().inputValue(), col).toBe('');
        await page.keyboard.press('Enter');
        await page.waitForTimeout(400);
      }
      expect(sqlAll<{ n: number }>(file, 'SELECT count(*) AS n FROM payments')[0]!.n).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('a paste past the end of a filtered view names the new payments the filter hides', async () => {
    const file = liQiangLedger();
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    try {
      await page.locator('.ag-header-cell[col-id="unitName"] .ag-header-cell-filter-button').click();
      await page.locator('.ag-filter .ag-filter-body input').first().fill('水泥');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByTestId('status-rows').textContent()).toContain('1 行');
      await cell(page, '李强', 'note').click();
      await pasteText(page, '已核实\r\n甲\r\n乙\r\n');
      await expect.poll(() => page.locator('.notice', { hasText: '粘贴新增了 2 条发放记录（粘贴的第 2、3 行）' }).count()).toBe(1);
      expect(await page.locator('.notice', { hasText: '表格中不显示' }).count()).toBe(1);
      expect(sqlAll<{ note: string | null }>(file, 'SELECT note FROM payments ORDER BY id')).toEqual([{ note: '已核实' }, { note: '甲' }, { note: '乙' }]);
    } finally {
      await s.close();
    }
  });

  it('a payment typed under a filter it does not match is named when it leaves the view, not dropped from sight', async () => {
    const file = liQiangLedger();
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    try {
      await page.locator('.ag-header-cell[col-id="unitName"] .ag-header-cell-filter-button').click();
      await page.locator('.ag-filter .ag-filter-body input').first().fill('水泥');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByTestId('status-rows').textContent()).toContain('1 行');
      await page.locator('.row-entry [col-id="personName"]').click();
      await typingReady(page);
      await page.keyboard.type('王五');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Escape');
      await page.locator('.row-entry [col-id="cashFen"]').click();
      await typingReady(page);
      await page.keyboard.type('600');
      await page.keyboard.press('Enter');
      const notice = page.locator('.notice', { hasText: '“王五”' });
      await notice.waitFor();
      expect(await notice.textContent()).toContain('不符合当前的筛选或查找条件');
      await saved(page);
      expect(sqlAll<{ cash: number }>(file, 'SELECT cash_fen AS cash FROM payments WHERE id > 1')).toEqual([{ cash: 60_000 }]);
      // 李强's row, which still matches, says nothing when edited.
      await cell(page, '李强', 'note').click();
      await typingReady(page);
      await page.keyboard.type('已核实');
      await page.keyboard.press('Enter');
      await saved(page);
      await page.waitForTimeout(300);
      expect(await page.locator('.notice', { hasText: '“李强”' }).count()).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('a date edited into another year says the payment leaves the year shown', async () => {
    const file = liQiangLedger();
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    try {
      await cell(page, '李强', 'paidOn').click();
      await page.keyboard.press('F2');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('2018-02-01');
      await page.keyboard.press('Enter');
      const notice = page.locator('.notice', { hasText: '“李强”' });
      await notice.waitFor();
      // The date once (helper 40's sweep: “李强”2018-02-01的发放记录…日期在 2018-02-01 said it twice); the amount names the row.
      expect(await notice.textContent()).toContain('“李强”1,800.00元的发放记录已保存，日期在 2018-02-01，不属于 2017 年度');
      // …and it leaves the list as the notice says (it stayed on screen, outside the count and the totals).
      await expect.poll(() => page.locator('.ag-grid-scrolling-rows .ag-row', { hasText: '李强' }).count()).toBe(0);
      await expect.poll(() => page.getByTestId('status-rows').textContent()).toContain('0 行');
    } finally {
      await s.close();
    }
  });

  it('a paste that takes a row of the list into another year names it', async () => {
    const file = liQiangLedger();
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    try {
      await cell(page, '李强', 'paidOn').click();
      await pasteText(page, '2018-03-01\r\n');
      const notice = page.locator('.notice', { hasText: '粘贴后' });
      await notice.waitFor();
      expect(await notice.textContent()).toContain('表格第 1 行（共 1 条）已不属于当前年度或不符合当前的筛选、查找条件');
      expect(sqlAll(file, 'SELECT paid_on FROM payments')).toEqual([{ paid_on: '2018-03-01' }]);
    } finally {
      await s.close();
    }
  });

  it("a refused cell's message names its column and reason, not the request's row (第1行)", async () => {
    const file = liQiangLedger();
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    try {
      await cell(page, '李强', 'cashFen').click();
      await page.keyboard.press('F2');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('1,2');
      await page.keyboard.press('Enter');
      const notice = page.locator('.notice-error', { hasText: '保存失败' });
      await notice.waitFor();
      expect(await notice.textContent()).toMatch(/保存失败：“金额”：金额“1,2”无法识别/);
      expect(await notice.textContent()).not.toContain('第1行');
    } finally {
      await s.close();
    }
  });

  it("a column's filter offers one condition (the query takes one per column): no 和/或 of a second that would be ignored", async () => {
    const file = liQiangLedger();
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    try {
      for (const [col, text] of [['unitName', '水泥'], ['cashFen', '1800']] as const) {
        await page.locator(`.ag-header-cell[col-id="${col}"] .ag-header-cell-filter-button`).click();
        const first = page.locator('.ag-filter .ag-filter-body input').first();
        await first.waitFor();
        // AG Grid offers the next condition (with 和/或) once the first has a value.
        await first.fill(text);
        await page.waitForTimeout(300);
        expect(await page.locator('.ag-filter .ag-filter-body').count(), col).toBe(1);
        expect(await page.locator('.ag-filter .ag-radio-button').count(), col).toBe(0);
        await first.fill('');
        await page.keyboard.press('Escape');
      }
    } finally {
      await s.close();
    }
  });
  it('keys and the clipboard in a column filter’s box are the box’s: Backspace, Ctrl+C/V, Ctrl+Delete and Ctrl+Z leave the ledger alone (helper 82)', async () => {
    const file = liQiangLedger((tx, programId) => {
      applyPaymentEdits(tx, [{ cells: { personName: '职工甲', paidOn: '2017-06-01', cashFen: '100', unitName: '宁州街道工会', note: '备注甲' } }], { programId }, '准备');
    });
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const ledger = () => sqlAll<{ note: string | null; cash_fen: number }>(file, 'SELECT note, cash_fen FROM payments ORDER BY id');
    try {
      // An edit to undo, then the focus on 职工甲's 备注.
      await cell(page, '李强', 'cashFen').click();
      await typingReady(page);
      await page.keyboard.type('1900');
      await page.keyboard.press('Enter');
      await saved(page);
      await cell(page, '职工甲', 'note').click();
      await page.locator('.ag-header-cell[col-id="unitName"] .ag-header-cell-filter-button').click();
      const box = page.locator('.ag-filter .ag-filter-body input').first();
      await box.click();
      await page.keyboard.type('水泥x');
      await page.keyboard.press('Backspace');
      await expect.poll(() => box.inputValue()).toBe('水泥');
      await expect.poll(() => page.getByTestId('status-rows').textContent()).toContain('1 行');
      // Ctrl+C copies the box's selected text, not the focused cell.
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('ControlOrMeta+C');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('水泥');
      // Ctrl+Delete deletes a word in the box, never a payment; Delete empties the selection, and the filter goes.
      await page.keyboard.press('End');
      await page.keyboard.press('ControlOrMeta+Delete');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Delete');
      await expect.poll(() => box.inputValue()).toBe('');
      await expect.poll(() => page.getByTestId('status-rows').textContent()).toContain('2 行');
      // Ctrl+V pastes into the box; Ctrl+Z undoes there, not the ledger's edit.
      await page.evaluate(() => navigator.clipboard.writeText('宁州'));
      await page.keyboard.press('ControlOrMeta+V');
      await expect.poll(() => box.inputValue()).toBe('宁州');
      await page.keyboard.press('ControlOrMeta+Z');
      // On the filter's condition picker (Shift+Tab from the box: AG Grid's own element, no text box), the same keys
      // leave the ledger alone too (helper 87: Delete cleared 备注甲 off-screen).
      await page.keyboard.press('Shift+Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('.ag-filter') !== null)).toBe(true);
      for (const k of ['Delete', 'Backspace', 'ControlOrMeta+D', 'ControlOrMeta+V', 'ControlOrMeta+Delete', 'ControlOrMeta+Z']) await page.keyboard.press(k);
      await page.waitForTimeout(600);
      expect(dialogs).toEqual([]);
      expect(await page.locator('.notice', { hasText: '已粘贴' }).count()).toBe(0);
      expect(ledger()).toEqual([{ note: null, cash_fen: 190_000 }, { note: '备注甲', cash_fen: 10_000 }]);
    } finally {
      await s.close();
    }
  });
});
