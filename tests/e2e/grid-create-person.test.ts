/**
 * The create-person dialog the 姓名 lookup offers for a valid ID nobody has (helper 35's sweep): it waits for the
 * clerk (the Enter that chose the offer does not also submit it), and once closed the focus is back on the row the
 * lookup was on, on the cell after 姓名, so that the clerk keys on: before, it stayed on the totals row and the
 * amount typed next went nowhere.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { createPerson } from '../../electron/core/services/people.ts';
import { cell, saved, typingReady } from './grid-helpers.ts';
import { launchBrowser, sqlAll } from './harness.ts';
import { liQiangLedger, openWithClipboard } from './grid-ledger.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const focused = (page: Page) => page.evaluate(() => {
  const el = document.querySelector('.ag-cell-focus');
  const row = el?.closest('.ag-row');
  return el ? `${row?.classList.contains('row-entry') ? 'entry' : row?.classList.contains('row-totals') ? 'totals' : row?.getAttribute('row-index')}:${el.getAttribute('col-id')}` : null;
});
const dialog = (page: Page) => page.getByTestId('create-person-dialog');

async function offerFor(page: Page, id: string): Promise<void> {
  await typingReady(page);
  await page.keyboard.type(id);
  await page.getByTestId('offer-create-person').waitFor();
  // The offer is the list's last line: down to it, Enter.
  for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await dialog(page).waitFor();
}

describe('the create-person dialog', () => {
  it('on the entry row: made with Enter in the dialog, the focus is on the entry’s next cell and the amount typed goes into the payment', async () => {
    const file = liQiangLedger();
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    try {
      await page.locator('.row-entry [col-id="personName"]').click();
      await offerFor(page, '530424197512030026');
      await page.waitForTimeout(300);
      await page.getByTestId('create-person-name').fill('王芳');
      await page.keyboard.press('Enter');
      await expect.poll(() => dialog(page).count()).toBe(0);
      await saved(page);
      await expect.poll(() => focused(page)).toBe('entry:idNumber');
      // The clerk goes on: Tab to 项目 … is not needed, the amount is typed where the keys go: Tab along to 金额.
      await page.locator('.row-entry [col-id="cashFen"]').click();
      await typingReady(page);
      await page.keyboard.type('600');
      await page.keyboard.press('Enter');
      await saved(page);
      await expect.poll(() => sqlAll(file, "SELECT pe.name, pe.id_number, p.cash_fen FROM payments p JOIN people pe ON pe.id = p.person_id WHERE pe.name = '王芳'")).toEqual([
        { name: '王芳', id_number: '530424197512030026', cash_fen: 60000 },
      ]);
    } finally {
      await s.close();
    }
  });

  it('on a list row: the Enter that chose the offer leaves the dialog open (nobody made yet); made, the focus is back on that row', async () => {
    const file = liQiangLedger((tx, programId) => {
      applyPaymentEdits(tx, [{ cells: { personName: '职工甲', paidOn: '2017-05-01', cashFen: '300' } }], { programId }, '准备');
    });
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    try {
      const row = await cell(page, '职工甲', 'personName').evaluate((el) => el.closest('.ag-row')!.getAttribute('row-index'));
      await cell(page, '职工甲', 'personName').click();
      await offerFor(page, '530424197512030026');
      await page.waitForTimeout(800);
      expect(await dialog(page).count()).toBe(1);
      expect(sqlAll(file, "SELECT count(*) AS n FROM people WHERE id_number = '530424197512030026'")).toEqual([{ n: 0 }]);
      // 职工甲 has no ID: the ID may be theirs; not prefilled, and said (helper 50: one Enter made a second 职工甲).
      expect(await page.getByTestId('create-person-name').inputValue()).toBe('');
      expect(await page.getByTestId('create-person-replacing').textContent()).toContain('尚未登记身份证号。如果这是“职工甲”的身份证号，请取消，在本行的“身份证号码”列填写');
      await page.getByTestId('create-person-name').fill('王芳');
      await page.keyboard.press('Enter');
      await expect.poll(() => dialog(page).count()).toBe(0);
      await saved(page);
      await expect.poll(() => focused(page)).toBe(`${row}:idNumber`);
      await expect.poll(() => sqlAll(file, "SELECT pe.name, p.cash_fen FROM payments p JOIN people pe ON pe.id = p.person_id WHERE p.paid_on = '2017-05-01'")).toEqual([{ name: '王芳', cash_fen: 30000 }]);
    } finally {
      await s.close();
    }
  });

  it('on the row of a payee with another ID: the name is not prefilled, and the dialog says whose row it is (helper 47)', async () => {
    const file = liQiangLedger();
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    try {
      await cell(page, '李强', 'personName').click();
      await offerFor(page, '530424197512030026');
      await expect.poll(() => dialog(page).count()).toBe(1);
      expect(await page.getByTestId('create-person-name').inputValue()).toBe('');
      expect(await page.getByTestId('create-person-replacing').textContent()).toBe('本行现在的领取人是“李强”（身份证号 530424********9516）。这里登记的是另一个人；如只是改正“李强”的身份证号，请取消，到“人员”页修改。');
      // Enter on the empty name makes nobody (a second 李强 with the new ID was made).
      await page.keyboard.press('Enter');
      await page.waitForTimeout(300);
      expect(sqlAll(file, "SELECT count(*) AS n FROM people WHERE id_number = '530424197512030026'")).toEqual([{ n: 0 }]);
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog(page).count()).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('cancelled with Esc: nobody is made and the focus is back on the row’s 姓名', async () => {
    const file = liQiangLedger();
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    try {
      await page.locator('.row-entry [col-id="personName"]').click();
      await offerFor(page, '530424197512030026');
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog(page).count()).toBe(0);
      await expect.poll(() => focused(page)).toBe('entry:personName');
      expect(sqlAll(file, "SELECT count(*) AS n FROM people WHERE id_number = '530424197512030026'")).toEqual([{ n: 0 }]);
    } finally {
      await s.close();
    }
  });
  it('two registered people of the typed name: neither is taken by Enter; the ledger asks which, and ↓ picks one (helper 82)', async () => {
    const file = liQiangLedger((tx) => {
      createPerson(tx, { name: '李强', idNumber: '532322196508150040' });
    });
    const s = await openWithClipboard(browser, file);
    const { page } = s;
    const paidTo = () => sqlAll<{ id_number: string | null }>(file, "SELECT pe.id_number FROM payments p JOIN people pe ON pe.id = p.person_id WHERE pe.name = '李强' ORDER BY p.id");
    try {
      await page.locator('.row-entry [col-id="personName"]').click();
      await typingReady(page);
      await page.keyboard.type('李强');
      await page.getByTestId('person-editor').locator('li').nth(1).waitFor();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('.notice', { hasText: '2 个叫李强的人' }).count()).toBeGreaterThan(0);
      // Only the payment the ledger had: nobody was picked behind the clerk's back.
      expect(paidTo()).toEqual([{ id_number: '530424198001019516' }]);
      // Chosen in the list, the one chosen is paid.
      await page.locator('.row-entry [col-id="personName"]').click();
      await page.keyboard.press('F2');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('李强');
      await page.getByTestId('person-editor').locator('li').nth(1).waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      const chosen = (await page.getByTestId('person-editor').locator('li.active').textContent()) ?? '';
      await page.keyboard.press('Enter');
      await saved(page);
      await expect.poll(() => paidTo().length).toBe(2);
      expect(chosen).toContain(paidTo()[1]!.id_number!.slice(-4));
    } finally {
      await s.close();
    }
  });
});
