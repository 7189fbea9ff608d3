/**
 * Editing keys as a spreadsheet has them (helper 35's sweep): F2 on an amount edits the yuan the cell
 * shows, and ↓ / ↑ after typing into a cell save it and move, as Enter and Shift+Enter do.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../electron/core/ledger.ts';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { tempDir } from '../helpers/ledger.ts';
import { saved, typingReady, waitForGrid } from './grid-helpers.ts';
import { launchBrowser, openApp } from './harness.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

function makeLedger(): string {
  const file = path.join(tempDir(), '台账.db');
  const ledger = Ledger.open(file, { actor: '准备' });
  ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) => {
    const programId = createProgram(tx, { code: '2017-YL', name: '2017年医疗救助', year: 2017, kind: '医疗救助', rules: [] });
    applyPaymentEdits(tx, [
      { cells: { personName: '王芳', paidOn: '2017-03-01', cashFen: '300', goodsFen: '1800.5' } },
      { cells: { personName: '张丽', paidOn: '2017-03-02', cashFen: '200' } },
      { cells: { personName: '李强', paidOn: '2017-03-03', cashFen: '100' } },
    ], { programId }, '准备');
  });
  ledger.close();
  return file;
}

function amounts(file: string): { cash: number; goods: number }[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT cash_fen AS cash, goods_fen AS goods FROM payments ORDER BY id').all() as { cash: number; goods: number }[];
  } finally {
    db.close();
  }
}

const cellAt = (page: Page, row: number, col: string) => page.locator(`.ag-grid-scrolling-rows .ag-row[row-index="${row}"] [col-id="${col}"]`);
const focused = (page: Page) => page.evaluate(() => {
  const el = document.querySelector('.ag-cell-focus');
  return el ? `${el.closest('.ag-row')?.getAttribute('row-index')}:${el.getAttribute('col-id')}` : null;
});

describe('F2 on an amount', () => {
  it('opens the yuan the cell shows (300, 1800.50), not the fen it is stored in; End, ⌫⌫, 50, Enter makes 350.00', async () => {
    const file = makeLedger();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await cellAt(page, 0, 'cashFen').click();
      await typingReady(page);
      await page.keyboard.press('F2');
      const editor = page.locator('.text-editor');
      await expect.poll(() => editor.inputValue()).toBe('300');
      await page.keyboard.press('End');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('50');
      await page.keyboard.press('Enter');
      await saved(page);
      await expect.poll(() => cellAt(page, 0, 'cashFen').textContent()).toBe('350.00');
      // F2 and Enter with nothing changed leaves the amount as it was.
      await cellAt(page, 0, 'goodsFen').click();
      await typingReady(page);
      await page.keyboard.press('F2');
      await expect.poll(() => editor.inputValue()).toBe('1800.50');
      await page.keyboard.press('Enter');
      await saved(page);
      await expect.poll(() => cellAt(page, 0, 'goodsFen').textContent()).toBe('1,800.50');
    } finally {
      await s.close();
    }
    expect(amounts(file)).toEqual([{ cash: 35_000, goods: 180_050 }, { cash: 20_000, goods: 0 }, { cash: 10_000, goods: 0 }]);
  });
});

describe('↓ and ↑ after typing into a cell', () => {
  it('save what was typed and move down or up, as Enter and Shift+Enter; after F2 they stay in the text', async () => {
    const file = makeLedger();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await cellAt(page, 0, 'cashFen').click();
      await typingReady(page);
      await page.keyboard.type('111');
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => focused(page)).toBe('1:cashFen');
      await page.keyboard.type('222');
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => focused(page)).toBe('2:cashFen');
      await page.keyboard.type('333');
      await page.keyboard.press('ArrowUp');
      await expect.poll(() => focused(page)).toBe('1:cashFen');
      await saved(page);
      // After F2 the arrows are the text's: ↑ stays in the editor, and Enter saves what it holds. (The editor is
      // waited for: an arrow pressed before it has mounted is the grid's; a full CI run once got there first.)
      await page.keyboard.press('F2');
      await page.locator('.text-editor').waitFor();
      await page.keyboard.press('ArrowUp');
      expect(await page.locator('.text-editor').count()).toBe(1);
      await page.keyboard.press('End');
      await page.keyboard.type('4');
      await page.keyboard.press('Enter');
      await saved(page);
      await expect.poll(() => cellAt(page, 1, 'cashFen').textContent()).toBe('2,224.00');
    } finally {
      await s.close();
    }
    expect(amounts(file).map((a) => a.cash)).toEqual([11_100, 222_400, 33_300]);
  });
});

describe('Home and End', () => {
  it('go to the row’s first and last columns one keys into (姓名, 备注), not to the first or last row', async () => {
    const file = makeLedger();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await cellAt(page, 1, 'cashFen').click();
      await typingReady(page);
      await page.keyboard.press('Home');
      await expect.poll(() => focused(page)).toBe('1:personName');
      await page.keyboard.press('End');
      await expect.poll(() => focused(page)).toBe('1:note');
      // With Shift the same (the grid selects rows, not cells): not to the first or last row.
      await page.keyboard.press('Shift+Home');
      await expect.poll(() => focused(page)).toBe('1:personName');
      await page.keyboard.press('Shift+End');
      await expect.poll(() => focused(page)).toBe('1:note');
      // Ctrl+Home still goes to the first row.
      await page.keyboard.press('ControlOrMeta+Home');
      await expect.poll(() => focused(page)).toBe('0:note');
    } finally {
      await s.close();
    }
  });
});

describe('Shift+↓ and Shift+↑', () => {
  const selectedRows = (page: Page) => page.evaluate(() => [...document.querySelectorAll('.ag-grid-scrolling-rows .ag-row-selected')].map((r) => Number(r.getAttribute('row-index'))).sort((a, b) => a - b));

  it('select the rows from the one clicked to the one they move to, as in a spreadsheet; Ctrl+D then fills them', async () => {
    const file = makeLedger();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await cellAt(page, 0, 'cashFen').click();
      await typingReady(page);
      await page.keyboard.press('Shift+ArrowDown');
      await page.keyboard.press('Shift+ArrowDown');
      await expect.poll(() => focused(page)).toBe('2:cashFen');
      await expect.poll(() => selectedRows(page)).toEqual([0, 1, 2]);
      // Back up one: the selection shrinks from the row it began on.
      await page.keyboard.press('Shift+ArrowUp');
      await expect.poll(() => focused(page)).toBe('1:cashFen');
      await expect.poll(() => selectedRows(page)).toEqual([0, 1]);
      // Ctrl+D over the two: the first row's amount goes down to the second.
      await page.keyboard.press('ControlOrMeta+d');
      await saved(page);
      await expect.poll(() => amounts(file).map((a) => a.cash)).toEqual([30000, 30000, 10000]);
      // An arrow without Shift moves on; the next Shift+arrow selects from where it is now.
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => focused(page)).toBe('2:cashFen');
      await page.keyboard.press('Shift+ArrowUp');
      await expect.poll(() => focused(page)).toBe('1:cashFen');
      await expect.poll(() => selectedRows(page)).toEqual([1, 2]);
      // Past the first row it stays.
      await page.keyboard.press('Shift+ArrowUp');
      await page.keyboard.press('Shift+ArrowUp');
      await expect.poll(() => focused(page)).toBe('0:cashFen');
      await expect.poll(() => selectedRows(page)).toEqual([0, 1, 2]);
    } finally {
      await s.close();
    }
  });
});

describe('Shift+↓ after a sort, a click or other keys (helper 43’s sweep)', () => {
  const selectedRows = (page: Page) => page.evaluate(() => [...document.querySelectorAll('.ag-grid-scrolling-rows .ag-row-selected')].map((r) => Number(r.getAttribute('row-index'))).sort((a, b) => a - b));
  function sixRows(): string {
    const file = path.join(tempDir(), '台账.db');
    const ledger = Ledger.open(file, { actor: '准备' });
    ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) => {
      const programId = createProgram(tx, { code: '2017-YL', name: '2017年医疗救助', year: 2017, kind: '医疗救助', rules: [] });
      applyPaymentEdits(tx, [350, 400, 100, 600, 250, 500].map((yuan, i) => ({ cells: { personName: `职工00${i + 1}`, paidOn: `2017-03-0${i + 1}`, cashFen: String(yuan) } })), { programId }, '准备');
    });
    ledger.close();
    return file;
  }

  it('select from the row focused then, never from where an earlier run ended; Ctrl+D fills only those rows', async () => {
    // The run's start was kept as a row number: after a sort, or a click back on the row where it had ended,
    // one Shift+↓ selected rows the clerk had not chosen, and Ctrl+D overwrote their amounts.
    const file = sixRows();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await cellAt(page, 0, 'cashFen').click();
      await typingReady(page);
      await page.keyboard.press('Shift+ArrowDown');
      await expect.poll(() => selectedRows(page)).toEqual([0, 1]);
      // Sorted by 金额: the selection goes; a click on the second row, one Shift+↓: that row and the next.
      await page.locator('.ag-header-cell[col-id="cashFen"] .ag-header-cell-label').click();
      await expect.poll(() => cellAt(page, 0, 'cashFen').textContent()).toBe('100.00');
      await cellAt(page, 1, 'cashFen').click();
      await typingReady(page);
      await page.keyboard.press('Shift+ArrowDown');
      await expect.poll(() => selectedRows(page)).toEqual([1, 2]);
      // ↓ then ↑ end the selection, as arrows do in a spreadsheet (helper 47: moved back into the rows, Ctrl+D and
      // Delete acted on all of them); Shift+↓ then selects from the focused row.
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowUp');
      await expect.poll(() => selectedRows(page)).toEqual([]);
      await page.keyboard.press('Shift+ArrowDown');
      await expect.poll(() => selectedRows(page)).toEqual([2, 3]);
      await expect.poll(() => focused(page)).toBe('3:cashFen');
      // A click on the row where that run ended selects it alone; Shift+↑ goes from it, not from the run's start.
      await cellAt(page, 3, 'goodsFen').click();
      await cellAt(page, 3, 'cashFen').click();
      await typingReady(page);
      await page.keyboard.press('Shift+ArrowUp');
      await expect.poll(() => selectedRows(page)).toEqual([2, 3]);
      await page.keyboard.press('ControlOrMeta+d');
      await saved(page);
      // Sorted 100, 250, 350, 400, 500, 600: 350 (职工001) filled into the next row only, 400 (职工002) → 350.
      await expect.poll(() => amounts(file).map((a) => a.cash)).toEqual([35000, 35000, 10000, 60000, 25000, 50000]);
      // Rows selected, the focus moved off them (↓↓): Ctrl+D fills the focused cell from the row above, not the
      // selected rows (helper 45's sweep: it overwrote rows out of view).
      await cellAt(page, 0, 'cashFen').click();
      await typingReady(page);
      await page.keyboard.press('Shift+ArrowDown');
      await expect.poll(() => selectedRows(page)).toEqual([0, 1]);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => focused(page)).toBe('4:cashFen');
      await page.keyboard.press('ControlOrMeta+d');
      await saved(page);
      // Sorted 100, 250, 350, 350, 500, 600: row 4 (职工006, 500) takes row 3's 350 (职工002, filled above).
      await expect.poll(() => amounts(file).map((a) => a.cash)).toEqual([35000, 35000, 10000, 60000, 25000, 35000]);
      // Shift+click two rows apart, then Shift+↓: the block grows from its first row, as in a spreadsheet.
      await cellAt(page, 0, 'note').click();
      await cellAt(page, 2, 'note').click({ modifiers: ['Shift'] });
      await expect.poll(() => selectedRows(page)).toEqual([0, 1, 2]);
      await page.keyboard.press('Shift+ArrowDown');
      await expect.poll(() => selectedRows(page)).toEqual([0, 1, 2, 3]);
    } finally {
      await s.close();
    }
  });
});

describe('typing on a dropdown cell', () => {
  it('keeps every key: 2017 typed on 项目 opens the list with 2017 (the 2 alone was taken as the one program starting with it, the 017 went into a new edit); a whole choice typed sets the cell', async () => {
    // Helper 40's sweep: 项目 2017 → 017, 发放方式 现金 → 金, 性别 女q → q.
    const file = makeLedger();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await cellAt(page, 0, 'programName').click();
      await typingReady(page);
      await page.keyboard.type('2017');
      const editor = page.getByTestId('choice-editor').locator('input');
      await expect.poll(() => editor.inputValue()).toBe('2017');
      await page.keyboard.press('Escape');
      // 发放方式: 银 then 行 stay together in the list's filter; Enter takes 银行转账.
      await cellAt(page, 1, 'method').click();
      await typingReady(page);
      await page.keyboard.type('银行');
      await expect.poll(() => editor.inputValue()).toBe('银行');
      await page.keyboard.press('Enter');
      await saved(page);
      // 性别: a whole choice sets the cell at once, as in a spreadsheet.
      await cellAt(page, 2, 'gender').click();
      await typingReady(page);
      await page.keyboard.type('女');
      await saved(page);
      const db = new Database(file, { readonly: true });
      try {
        expect(db.prepare('SELECT p.method, pe.gender FROM payments p JOIN people pe ON pe.id = p.person_id ORDER BY p.id').all()).toEqual([
          { method: '现金', gender: null }, { method: '银行转账', gender: null }, { method: '现金', gender: '女' },
        ]);
      } finally {
        db.close();
      }
    } finally {
      await s.close();
    }
  });
});
