/**
 * Review of helper 103 (1): a date or amount editor holding text the ledger cannot read (六百) keeps the clerk in it
 * when a mouse press goes elsewhere. The ways out that are no mouse press took the text all the same: the menu's 查找
 * (Ctrl+F, as Electron's accelerator sends it), the 视图 menu's screens (Ctrl+2 …), and the window losing focus (the
 * clerk switches to another program). In Chromium through the bridge over a real ledger; the menu commands come as
 * the Electron shell sends them (the host's menu.command event).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { burst } from './burst.ts';
import { cell, imeType, saved, typingReady } from './grid-helpers.ts';
import { launchBrowser, screenshot, sqlAll, type Session } from './harness.ts';
import { liQiangLedger, openWithClipboard } from './grid-ledger.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** 李强's ledger (grid-ledger.ts) with a second payment, 职工乙's 350元 of 2017-05-02. */
const twoPayments = () => liQiangLedger((tx, programId) => {
  applyPaymentEdits(tx, [{ cells: { personName: '职工乙', paidOn: '2017-05-02', cashFen: '350', note: '备注2' } }], { programId }, '准备');
});

const ledgerState = (file: string) => ({
  payments: sqlAll(file, 'SELECT paid_on, cash_fen, note FROM payments ORDER BY id'),
  commands: sqlAll(file, 'SELECT count(*) AS n FROM commands'),
});

const KEPT = '金额“六百”无法识别。输入的内容仍在格中';

/** 六百 typed in 李强's 金额: the editor open on it. */
async function typeUnreadable(page: Page) {
  await cell(page, '李强', 'cashFen').click();
  await typingReady(page);
  await page.keyboard.insertText('六百');
  await cell(page, '李强', 'cashFen').locator('input').waitFor();
}

/** The editor of 李强's 金额: [focused, text], or null once the edit is over. */
const editorState = (page: Page) => page.evaluate(() => {
  const el = document.querySelector<HTMLInputElement>('.ag-cell-inline-editing input.text-editor');
  return el ? [document.activeElement === el, el.value] as const : null;
});

const menu = (s: Session, command: string) => s.bridge.host.emit('menu.command', { command: command as never });

describe('a date or amount the ledger cannot read, and the ways out that are no click', () => {
  it('查找 from the menu (Ctrl+F): refused as a click on the Find box is; the text stays in its editor, nothing is sent', async () => {
    const file = twoPayments();
    const before = ledgerState(file);
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    try {
      await typeUnreadable(page);
      menu(s, 'find');
      await page.waitForTimeout(500);
      await saved(page);
      await screenshot(page, 'unreadable-menu-find');
      expect(await editorState(page)).toEqual([true, '六百']);
      expect(await page.locator('[role="alert"]').allTextContents()).toEqual([expect.stringContaining(KEPT)]);
      expect(ledgerState(file)).toEqual(before);
      // Esc puts back the stored amount; then 查找 goes to the Find box as before.
      await page.keyboard.press('Escape');
      await expect.poll(() => cell(page, '李强', 'cashFen').textContent()).toBe('1,800.00');
      menu(s, 'find');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('grid-search');
    } finally {
      await s.close();
    }
    expect(ledgerState(file)).toEqual(before);
  });

  it('查找 from the menu on the entry row: the text is not put into 备注, the entry keeps its editor', async () => {
    const file = twoPayments();
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    const entry = (col: string) => page.locator(`.row-entry [col-id="${col}"]`);
    try {
      await entry('personName').click();
      await imeType(page, 'zhaoliu', '赵六');
      await page.keyboard.press('Tab');
      await saved(page);
      await entry('cashFen').click();
      await typingReady(page);
      await page.keyboard.insertText('六百');
      await entry('cashFen').locator('input').waitFor();
      menu(s, 'find');
      await page.waitForTimeout(500);
      await saved(page);
      await screenshot(page, 'unreadable-menu-find-entry');
      expect(await editorState(page)).toEqual([true, '六百']);
      expect(await page.locator('[role="alert"]').allTextContents()).toEqual([expect.stringContaining(KEPT)]);
      // 元 makes it an amount; Enter stores it.
      await page.keyboard.type('元');
      await page.keyboard.press('Enter');
      await saved(page);
    } finally {
      await s.close();
    }
    expect(sqlAll(file, 'SELECT cash_fen, note FROM payments ORDER BY id')).toEqual([
      { cash_fen: 180000, note: null },
      { cash_fen: 35000, note: '备注2' },
      { cash_fen: 60000, note: null },
    ]);
  });

  it('a screen from the 视图 menu (Ctrl+2): the grid stays with the editor, as a click on the nav is refused; after Esc the screen changes', async () => {
    const file = twoPayments();
    const before = ledgerState(file);
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    try {
      await typeUnreadable(page);
      menu(s, 'navigate:people');
      await page.waitForTimeout(500);
      await screenshot(page, 'unreadable-menu-navigate');
      expect(await page.evaluate(() => document.querySelector('.screen')?.className)).toBe('screen payments');
      await saved(page);
      expect(await editorState(page)).toEqual([true, '六百']);
      expect(await page.locator('[role="alert"]').allTextContents()).toEqual([expect.stringContaining(KEPT)]);
      expect(ledgerState(file)).toEqual(before);
      await page.keyboard.press('Escape');
      await expect.poll(() => cell(page, '李强', 'cashFen').textContent()).toBe('1,800.00');
      menu(s, 'navigate:people');
      await expect.poll(() => page.evaluate(() => document.querySelector('.screen')?.className)).toBe('screen people');
      // The other screen takes clicks: back to the payments by the nav.
      await page.locator('[data-screen="payments"]').click();
      await expect.poll(() => page.evaluate(() => document.querySelector('.screen')?.className)).toBe('screen payments');
    } finally {
      await s.close();
    }
    expect(ledgerState(file)).toEqual(before);
  });

  it('the window loses focus (another program brought up): the editor and its text are there when the clerk comes back', async () => {
    const file = twoPayments();
    const before = ledgerState(file);
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    try {
      await typeUnreadable(page);
      // What Chromium does when the window loses focus: the focused element keeps being the document's active element
      // and gets blur and focusout with no related target (headless Chromium has no window to switch away from).
      await page.evaluate(() => {
        const el = document.activeElement!;
        el.dispatchEvent(new FocusEvent('blur', { relatedTarget: null }));
        el.dispatchEvent(new FocusEvent('focusout', { bubbles: true, relatedTarget: null }));
        window.dispatchEvent(new FocusEvent('blur'));
      });
      await page.waitForTimeout(500);
      await saved(page);
      await screenshot(page, 'unreadable-window-blur');
      expect(await editorState(page)).toEqual([true, '六百']);
      expect(ledgerState(file)).toEqual(before);
      // Back: the clerk corrects it and Enter stores it.
      await page.keyboard.type('元');
      await page.keyboard.press('Enter');
      await saved(page);
      await expect.poll(() => cell(page, '李强', 'cashFen').textContent()).toBe('600.00');
    } finally {
      await s.close();
    }
    expect(sqlAll(file, 'SELECT cash_fen FROM payments ORDER BY id')).toEqual([{ cash_fen: 60000 }, { cash_fen: 35000 }]);
  });

  it('the window loses focus with an amount the ledger reads: saved as before (the grid ends that edit)', async () => {
    const file = twoPayments();
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    try {
      await cell(page, '李强', 'cashFen').click();
      await typingReady(page);
      await page.keyboard.type('600');
      await cell(page, '李强', 'cashFen').locator('input').waitFor();
      await page.evaluate(() => {
        const el = document.activeElement!;
        el.dispatchEvent(new FocusEvent('blur', { relatedTarget: null }));
        el.dispatchEvent(new FocusEvent('focusout', { bubbles: true, relatedTarget: null }));
      });
      await saved(page);
      await expect.poll(() => editorState(page)).toBe(null);
      await expect.poll(() => cell(page, '李强', 'cashFen').textContent()).toBe('600.00');
    } finally {
      await s.close();
    }
    expect(sqlAll(file, 'SELECT cash_fen FROM payments ORDER BY id')).toEqual([{ cash_fen: 60000 }, { cash_fen: 35000 }]);
  });

  it('Alt+Enter (a new line in a cell of Excel or WPS), Ctrl+Tab and Ctrl+Shift+Tab are refused as Enter and Tab are: the grid took them for Enter and Tab', async () => {
    const file = twoPayments();
    const before = ledgerState(file);
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    try {
      for (const key of ['Alt+Enter', 'Control+Tab', 'Control+Shift+Tab']) {
        await typeUnreadable(page);
        await page.keyboard.press(key);
        await page.waitForTimeout(300);
        await saved(page);
        if (key === 'Alt+Enter') await screenshot(page, 'unreadable-alt-enter');
        expect([key, await editorState(page)]).toEqual([key, [true, '六百']]);
        expect(await page.locator('.ag-cell-inline-editing').getAttribute('col-id')).toBe('cashFen');
        expect(await page.locator('[role="alert"]').allTextContents()).toEqual([expect.stringContaining(KEPT)]);
        await page.keyboard.press('Escape');
        await expect.poll(() => page.locator('[role="alert"]').count()).toBe(0);
      }
      expect(ledgerState(file)).toEqual(before);
      // A text the ledger reads: Alt+Enter ends the edit as before (the grid's Enter), the amount saved.
      await cell(page, '李强', 'cashFen').click();
      await typingReady(page);
      await page.keyboard.type('600');
      await cell(page, '李强', 'cashFen').locator('input').waitFor();
      await page.keyboard.press('Alt+Enter');
      await saved(page);
      await expect.poll(() => cell(page, '李强', 'cashFen').textContent()).toBe('600.00');
    } finally {
      await s.close();
    }
    expect(sqlAll(file, 'SELECT cash_fen FROM payments ORDER BY id')).toEqual([{ cash_fen: 60000 }, { cash_fen: 35000 }]);
  });

  it('the notice that says why can be closed with its × (it may lie over the cell): the editor keeps the text and the focus', async () => {
    const file = twoPayments();
    const before = ledgerState(file);
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    try {
      await typeUnreadable(page);
      await cell(page, '职工乙', 'personName').click();
      await expect.poll(() => page.locator('[role="alert"]').count()).toBe(1);
      await page.locator('[role="alert"] button').click();
      await page.waitForTimeout(300);
      await screenshot(page, 'unreadable-notice-closed');
      expect(await page.locator('[role="alert"]').count()).toBe(0);
      expect(await editorState(page)).toEqual([true, '六百']);
      // The next refused press says it again.
      await cell(page, '职工乙', 'personName').click();
      await expect.poll(() => page.locator('[role="alert"]').allTextContents()).toEqual([expect.stringContaining(KEPT)]);
      expect(await editorState(page)).toEqual([true, '六百']);
      await page.keyboard.press('Escape');
      await saved(page);
    } finally {
      await s.close();
    }
    expect(ledgerState(file)).toEqual(before);
  });
});

/** The grid's focused cell: `entry`, `totals` or the row index, and the column. */
const focused = (page: Page) => page.evaluate(() => {
  const el = document.querySelector('.ag-cell-focus');
  const row = el?.closest('.ag-row');
  return el ? `${row?.classList.contains('row-entry') ? 'entry' : row?.classList.contains('row-totals') ? 'totals' : row?.getAttribute('row-index')}:${el.getAttribute('col-id')}` : null;
});

describe('review of helper 103 (3): a click on the totals row held behind a key', () => {
  it('on a slow PC, 备注 typed in a row of the list, Enter and a click on the totals row at once: the click does nothing, Enter moves down as without it', async () => {
    const file = twoPayments();
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    try {
      await page.locator('.row-totals').waitFor();
      const box = (await page.locator('.row-totals [col-id="cashFen"]').boundingBox())!;
      await cell(page, '李强', 'note').click();
      await typingReady(page);
      // The click comes while the Enter's save is on its way: the keys and clicks after it are held, and the click is
      // the cell Enter's move goes to.
      await burst(page, [{ text: '已核实' }, 'Enter', { click: [box.x + box.width / 2, box.y + box.height / 2] }]);
      await saved(page);
      await page.waitForTimeout(300);
      await saved(page);
      await screenshot(page, 'totals-click-held-behind-enter');
      expect(await focused(page)).toBe('1:note');
      await expect.poll(() => cell(page, '李强', 'note').textContent()).toBe('已核实');
    } finally {
      await s.close();
    }
  });
});
