/**
 * Helper 103's defects of the payments grid (issue 4, a spreadsheet a clerk can type in all day), each as a clerk meets
 * it in Chromium through the bridge over a real ledger: a date or amount the ledger cannot read left by a click, a
 * namesake picked in the lookup of the entry row, a click on the totals row.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { createPerson } from '../../electron/core/services/people.ts';
import { burst } from './burst.ts';
import { cell, imeType, saved, typingReady, waitForGrid } from './grid-helpers.ts';
import { launchBrowser, openApp, screenshot, sqlAll } from './harness.ts';
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

/** The grid's focused cell: `entry`, `totals` or the row index, and the column. */
const focused = (page: Page) => page.evaluate(() => {
  const el = document.querySelector('.ag-cell-focus');
  const row = el?.closest('.ag-row');
  return el ? `${row?.classList.contains('row-entry') ? 'entry' : row?.classList.contains('row-totals') ? 'totals' : row?.getAttribute('row-index')}:${el.getAttribute('col-id')}` : null;
});

/** What the ledger holds: every payment's date, cash and note, and how many commands were written. */
const ledgerState = (file: string) => ({
  payments: sqlAll(file, 'SELECT paid_on, cash_fen, note FROM payments ORDER BY id'),
  commands: sqlAll(file, 'SELECT count(*) AS n FROM commands'),
});

describe('a date or amount the ledger cannot read, left by a click', () => {
  it('on a row of the list: a click on another cell keeps the editor with the text, marked and said, as Enter does; nothing is sent; 元 and Enter save it', async () => {
    const file = twoPayments();
    const before = ledgerState(file);
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    const editor = cell(page, '李强', 'cashFen').locator('input');
    try {
      await cell(page, '李强', 'cashFen').click();
      await typingReady(page);
      await page.keyboard.insertText('六百');
      await editor.waitFor();
      // A click on another payment's 备注: the clerk meant to go there, but what was typed is not lost.
      await cell(page, '职工乙', 'note').click();
      await expect.poll(() => page.locator('[role="alert"]').count()).toBe(1);
      await saved(page);
      await screenshot(page, 'click-away-refused-unreadable-amount');
      expect(await page.locator('[role="alert"]').allTextContents()).toEqual([expect.stringContaining('保存失败：“金额”：金额“六百”无法识别。输入的内容仍在格中，改正后按回车；按 Esc 恢复原来的值')]);
      expect(await focused(page)).toBe('0:cashFen');
      expect(await editor.inputValue()).toBe('六百');
      expect(await editor.evaluate((el: HTMLInputElement) => [document.activeElement === el, el.selectionStart, el.selectionEnd, el.getAttribute('aria-invalid')])).toEqual([true, 2, 2, 'true']);
      await saved(page);
      expect(ledgerState(file)).toEqual(before);
      // Outside the grid too (撤销, the Find box): the press is refused, nothing is undone, the editor keeps the text.
      for (const target of [page.getByTestId('undo'), page.getByTestId('grid-search')]) {
        await target.click();
        await page.waitForTimeout(200);
        expect(await editor.evaluate((el: HTMLInputElement) => [document.activeElement === el, el.value])).toEqual([true, '六百']);
      }
      await saved(page);
      expect(ledgerState(file)).toEqual(before);
      // The clerk's next keys go on in that editor: 元 makes it an amount, Enter saves it and moves on.
      await page.keyboard.type('元');
      await page.keyboard.press('Enter');
      await saved(page);
      await expect.poll(() => cell(page, '李强', 'cashFen').textContent()).toBe('600.00');
      await expect.poll(() => page.locator('[role="alert"]').count()).toBe(0);
    } finally {
      await s.close();
    }
    expect(sqlAll(file, 'SELECT cash_fen FROM payments ORDER BY id')).toEqual([{ cash_fen: 60000 }, { cash_fen: 35000 }]);
  });

  it('on a row of the list: a date that does not exist (2017-02-30), a click on the entry row: the editor stays; Esc puts back the stored date; nothing changed', async () => {
    const file = twoPayments();
    const before = ledgerState(file);
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    const editor = cell(page, '李强', 'paidOn').locator('input');
    try {
      await cell(page, '李强', 'paidOn').click();
      await typingReady(page);
      await page.keyboard.type('2017-02-30');
      await editor.waitFor();
      await page.locator('.row-entry [col-id="personName"]').click();
      await expect.poll(() => page.locator('[role="alert"]').count()).toBe(1);
      await saved(page);
      await screenshot(page, 'click-away-refused-unreadable-date');
      expect(await page.locator('[role="alert"]').allTextContents()).toEqual([expect.stringContaining('保存失败：“发放日期”：日期“2017-02-30”不存在：2017年2月没有30日。输入的内容仍在格中')]);
      expect(await focused(page)).toBe('0:paidOn');
      expect(await editor.inputValue()).toBe('2017-02-30');
      // A second click elsewhere (a third cell) is refused the same way: one notice, the same text.
      await cell(page, '职工乙', 'cashFen').click();
      await page.waitForTimeout(200);
      expect(await focused(page)).toBe('0:paidOn');
      expect(await editor.inputValue()).toBe('2017-02-30');
      expect(await page.locator('[role="alert"]').count()).toBe(1);
      await page.keyboard.press('Escape');
      await expect.poll(() => cell(page, '李强', 'paidOn').textContent()).toBe('2017-02-01');
      await expect.poll(() => page.locator('[role="alert"]').count()).toBe(0);
      // Once the edit is over, clicks go where they are made.
      await cell(page, '职工乙', 'note').click();
      await expect.poll(() => focused(page)).toBe('1:note');
      await saved(page);
      expect(ledgerState(file)).toEqual(before);
      // A date it reads, left by a click, is saved as before and the click goes where it was made.
      await cell(page, '李强', 'paidOn').click();
      await typingReady(page);
      await page.keyboard.type('2017-02-28');
      await editor.waitFor();
      await cell(page, '职工乙', 'note').click();
      await saved(page);
      await expect.poll(() => focused(page)).toBe('1:note');
      await expect.poll(() => cell(page, '李强', 'paidOn').textContent()).toBe('2017-02-28');
    } finally {
      await s.close();
    }
    expect(sqlAll(file, 'SELECT paid_on FROM payments ORDER BY id')).toEqual([{ paid_on: '2017-02-28' }, { paid_on: '2017-05-02' }]);
  });

  it('on a slow PC: 六百, Tab and a click on another row sent at once (the click held behind the Tab, replayed after it): both refused, the text stays in its editor', async () => {
    const file = twoPayments();
    const before = ledgerState(file);
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    const editor = cell(page, '李强', 'cashFen').locator('input');
    try {
      const box = (await cell(page, '职工乙', 'personName').boundingBox())!;
      await cell(page, '李强', 'cashFen').click();
      await typingReady(page);
      await burst(page, [{ text: '六百' }, 'Tab', { click: [box.x + box.width / 2, box.y + box.height / 2] }]);
      await saved(page);
      await page.waitForTimeout(300);
      await saved(page);
      await screenshot(page, 'click-away-refused-unreadable-burst');
      expect(await focused(page)).toBe('0:cashFen');
      expect(await editor.evaluate((el: HTMLInputElement) => [document.activeElement === el, el.value])).toEqual([true, '六百']);
      expect(await page.locator('[role="alert"]').allTextContents()).toEqual([expect.stringContaining('金额“六百”无法识别。输入的内容仍在格中')]);
    } finally {
      await s.close();
    }
    expect(ledgerState(file)).toEqual(before);
  });
});

describe('a namesake picked in the lookup of the entry row', () => {
  it('two registered 李强: the one picked with ↓ and Enter shows his ID and 性别 on the entry row at once, not only once the row is finished (S4)', async () => {
    const file = liQiangLedger((tx) => {
      createPerson(tx, { name: '李强', idNumber: '532322196508150040' });
    });
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    const entry = (col: string) => page.locator(`.row-entry [col-id="${col}"]`);
    try {
      await entry('personName').click();
      await imeType(page, 'liqiang', '李强');
      const options = page.getByTestId('person-editor').locator('li');
      await options.nth(1).waitFor();
      // Neither is pre-chosen (two of the name): ↓ to the second, the one of 532322…0040.
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => page.getByTestId('person-editor').locator('li.active').textContent()).toContain('0040');
      await page.keyboard.press('Enter');
      await saved(page);
      await page.waitForTimeout(300);
      await screenshot(page, 'entry-row-namesake-picked');
      // The entry row shows who was picked: his ID (masked as the list shows IDs) and 性别, while the clerk goes on in the
      // payment (editing the cell after 姓名).
      expect(await entry('personName').textContent()).toBe('李强');
      expect(await entry('gender').textContent()).toBe('女');
      const id = entry('idNumber');
      expect(await id.locator('input').count() > 0 ? await id.locator('input').inputValue() : await id.textContent()).toMatch(/^532322(\*{8}|19650815)0040$/);
      // Tab on without a change sends nothing for it (no command), and the cell shows the ID as the list does.
      const commands = sqlAll(file, 'SELECT count(*) AS n FROM commands');
      await page.keyboard.press('Tab');
      await saved(page);
      await page.waitForTimeout(300);
      await saved(page);
      expect(sqlAll(file, 'SELECT count(*) AS n FROM commands')).toEqual(commands);
      expect(await id.textContent()).toBe('532322********0040');
    } finally {
      await s.close();
    }
    expect(sqlAll(file, 'SELECT pe.id_number FROM payments p JOIN people pe ON pe.id = p.person_id ORDER BY p.id')).toEqual([{ id_number: '530424198001019516' }, { id_number: '532322196508150040' }]);
  });
});

describe('a registered person taken with Tab on the entry row', () => {
  it('李强, the one of his name (pre-chosen in the lookup), and Tab: his ID shows in the 身份证号 editor Tab opened', async () => {
    const file = liQiangLedger();
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    const entry = (col: string) => page.locator(`.row-entry [col-id="${col}"]`);
    try {
      await entry('personName').click();
      await imeType(page, 'liqiang', '李强');
      await expect.poll(() => page.getByTestId('person-editor').locator('li.active').textContent()).toContain('9516');
      await page.keyboard.press('Tab');
      await saved(page);
      await expect.poll(() => entry('gender').textContent()).toBe('男');
      expect(await entry('idNumber').locator('input').inputValue()).toBe('530424198001019516');
    } finally {
      await s.close();
    }
  });
});

describe('a namesake picked on the entry row while the ledger answers slowly', () => {
  it('the ID cell opened blank: text the clerk types there before the answer is not replaced by the ID the answer brings', async () => {
    const file = liQiangLedger((tx) => {
      createPerson(tx, { name: '李强', idNumber: '532322196508150040' });
    });
    let delayMs = 0;
    const s = await openApp(browser, file, undefined, {
      beforeGoto: async (page) => {
        await page.routeWebSocket(/\/api\/socket/, (ws) => {
          const server = ws.connectToServer();
          ws.onMessage((message) => {
            const m = JSON.parse(String(message)) as { channel: string };
            if (delayMs > 0 && m.channel === 'payments.apply') setTimeout(() => server.send(message), delayMs);
            else server.send(message);
          });
          server.onMessage((message) => ws.send(message));
        });
      },
    });
    const { page } = s;
    const entry = (col: string) => page.locator(`.row-entry [col-id="${col}"]`);
    try {
      await waitForGrid(page);
      await entry('personName').click();
      await imeType(page, 'liqiang', '李强');
      await page.getByTestId('person-editor').locator('li').nth(1).waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => page.getByTestId('person-editor').locator('li.active').textContent()).toContain('0040');
      delayMs = 800;
      await page.keyboard.press('Enter');
      const editor = entry('idNumber').locator('input');
      await editor.waitFor();
      await page.keyboard.type('5303');
      await saved(page);
      // The answer is in (the row shows the person's 性别): the editor keeps what the clerk typed.
      await expect.poll(() => entry('gender').textContent()).toBe('女');
      expect(await editor.inputValue()).toBe('5303');
      await page.keyboard.press('Escape');
      await expect.poll(() => entry('idNumber').textContent()).toBe('532322********0040');
      await saved(page);
    } finally {
      await s.close();
    }
    expect(sqlAll(file, 'SELECT pe.id_number FROM payments p JOIN people pe ON pe.id = p.person_id ORDER BY p.id')).toEqual([{ id_number: '530424198001019516' }, { id_number: '532322196508150040' }]);
  });
});

describe('a click on the totals row', () => {
  it('leaves focus where it was: on a cell of the list (typing goes on there), and on a half-typed entry (not finished, its editor open)', async () => {
    const file = liQiangLedger();
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    const totals = page.locator('.row-totals [col-id="cashFen"]');
    const entry = (col: string) => page.locator(`.row-entry [col-id="${col}"]`);
    try {
      await page.locator('.row-totals').waitFor();
      await cell(page, '李强', 'note').click();
      await expect.poll(() => focused(page)).toBe('0:note');
      await totals.click();
      await page.waitForTimeout(300);
      await screenshot(page, 'totals-row-clicked');
      expect(await focused(page)).toBe('0:note');
      await typingReady(page);
      await page.keyboard.type('已核实');
      await page.keyboard.press('Enter');
      await saved(page);
      await expect.poll(() => cell(page, '李强', 'note').textContent()).toBe('已核实');
      // A half-typed entry: 赵六, Tab (saved, 身份证号 being edited); a click on the totals row neither finishes it nor
      // moves the focus to the start of a new one.
      await entry('personName').click();
      await imeType(page, 'zhaoliu', '赵六');
      await page.keyboard.press('Tab');
      await saved(page);
      await entry('idNumber').locator('input').waitFor();
      await page.locator('.row-totals [col-id="rowNumber"]').click();
      await page.waitForTimeout(300);
      await saved(page);
      expect(await focused(page)).toBe('entry:idNumber');
      expect(await entry('personName').textContent()).toBe('赵六');
      expect(await entry('idNumber').locator('input').count()).toBe(1);
      expect(await page.locator('.ag-grid-scrolling-rows .ag-row').count()).toBe(1);
    } finally {
      await s.close();
    }
    expect(sqlAll(file, 'SELECT pe.name, p.note FROM payments p JOIN people pe ON pe.id = p.person_id ORDER BY p.id')).toEqual([{ name: '李强', note: '已核实' }, { name: '赵六', note: null }]);
  });
});
