/**
 * 新增到项目 (the program the entry row's new payments go to) is the clerk's choice, kept per user and per year view:
 * it went back to the year's first program by code whenever 发放台账 was opened again (another screen and back, a
 * reload of the app), and the next keyed row went to that program with no warning.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../electron/core/ledger.ts';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { createPerson } from '../../electron/core/services/people.ts';
import { deleteProgram } from '../../electron/core/services/programForm.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { tempDir } from '../helpers/ledger.ts';
import { imeType, saved, waitForGrid } from './grid-helpers.ts';
import { launchBrowser, openApp, screenshot, sqlAll } from './harness.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** 2017: 2017-JQZX 金秋助学, 2017-SWN 春节送温暖, 2017-YL 医疗救助; 2018: 2018-JQZX, 2018-SWN; a payment in each year. */
function twoYearLedger(): string {
  const file = path.join(tempDir(), '台账.db');
  const ledger = Ledger.open(file, { actor: '准备' });
  ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) => {
    const jqzx = createProgram(tx, { code: '2017-JQZX', name: '2017年金秋助学', year: 2017, kind: '金秋助学', rules: [] });
    createProgram(tx, { code: '2017-SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖', rules: [] });
    createProgram(tx, { code: '2017-YL', name: '2017年医疗救助', year: 2017, kind: '医疗救助', rules: [] });
    const jqzx18 = createProgram(tx, { code: '2018-JQZX', name: '2018年金秋助学', year: 2018, kind: '金秋助学', rules: [] });
    createProgram(tx, { code: '2018-SWN', name: '2018年春节送温暖', year: 2018, kind: '送温暖', rules: [] });
    const li = createPerson(tx, { name: '李强', idNumber: '530424198001019516' });
    applyPaymentEdits(tx, [{ personId: li, cells: { paidOn: '2017-02-01', cashFen: '1800' } }], { programId: jqzx }, '准备');
    applyPaymentEdits(tx, [{ personId: li, cells: { paidOn: '2018-02-01', cashFen: '900' } }], { programId: jqzx18 }, '准备');
  });
  ledger.close();
  return file;
}

/** The text of the program 新增到项目 shows. */
async function entryProgram(page: Page): Promise<string> {
  return page.getByTestId('entry-program').locator('option:checked').textContent().then((t) => (t ?? '').trim());
}

async function chooseEntryProgram(page: Page, label: string): Promise<void> {
  await page.getByTestId('entry-program').selectOption({ label });
}

async function goTo(page: Page, screen: string): Promise<void> {
  await page.locator(`.nav-item[data-screen="${screen}"]`).click();
}

async function chooseYear(page: Page, year: string): Promise<void> {
  await page.getByTestId('year-select').selectOption(year);
}

/** Whether the select has its program (the programs and the remembered choice have answered). */
async function programShown(page: Page, label: string): Promise<void> {
  await expect.poll(() => entryProgram(page)).toBe(label);
}

describe('新增到项目 is kept', () => {
  it('across another screen, a reload and a restart; the next keyed row goes to it', async () => {
    const file = twoYearLedger();
    let s = await openApp(browser, file);
    try {
      const { page } = s;
      await waitForGrid(page);
      await chooseYear(page, '2017');
      await programShown(page, '2017-JQZX 2017年金秋助学');
      await chooseEntryProgram(page, '2017-SWN 2017年春节送温暖');
      await goTo(page, 'dashboard');
      await page.locator('.screen.payments').waitFor({ state: 'detached' });
      await goTo(page, 'payments');
      await waitForGrid(page);
      // Wait for the programs to be listed, then for what they settle on (it went to 2017-JQZX).
      await expect.poll(() => page.getByTestId('entry-program').locator('option').count()).toBe(4);
      await page.waitForTimeout(300);
      await screenshot(page, 'entry-program-after-dashboard');
      expect(await entryProgram(page)).toBe('2017-SWN 2017年春节送温暖');
      // The clerk's next keyed row goes to it.
      await page.locator('.row-entry [col-id="personName"]').click();
      await imeType(page, 'wangfang', '王芳');
      await page.keyboard.press('Enter');
      await saved(page);
      await expect.poll(() => sqlAll<{ code: string }>(file, "SELECT g.code FROM payments p JOIN people e ON e.id = p.person_id JOIN programs g ON g.id = p.program_id WHERE e.name = '王芳'")).toEqual([{ code: '2017-SWN' }]);
      // A reload of the window.
      await page.reload();
      await waitForGrid(page);
      await expect.poll(() => page.getByTestId('entry-program').locator('option').count()).toBeGreaterThan(1);
      await page.waitForTimeout(300);
      expect(await page.getByTestId('year-select').inputValue()).toBe('2018');
      await chooseYear(page, '2017');
      await expect.poll(() => page.getByTestId('entry-program').locator('option').count()).toBe(4);
      await page.waitForTimeout(300);
      expect(await entryProgram(page)).toBe('2017-SWN 2017年春节送温暖');
    } finally {
      await s.close();
    }
    // A restart: another bridge on the same file.
    s = await openApp(browser, file);
    try {
      const { page } = s;
      await waitForGrid(page);
      await chooseYear(page, '2017');
      await expect.poll(() => page.getByTestId('entry-program').locator('option').count()).toBe(4);
      await page.waitForTimeout(300);
      await screenshot(page, 'entry-program-after-restart');
      expect(await entryProgram(page)).toBe('2017-SWN 2017年春节送温暖');
    } finally {
      await s.close();
    }
  });

  it('per year view; a remembered program deleted gives the one of that year used last, else the first', async () => {
    const file = twoYearLedger();
    let s = await openApp(browser, file);
    try {
      const { page } = s;
      await waitForGrid(page);
      // Opens on 2018 (the latest year with payments): nothing chosen yet, the year's first program.
      await programShown(page, '2018-JQZX 2018年金秋助学');
      await chooseEntryProgram(page, '2018-SWN 2018年春节送温暖');
      await chooseYear(page, '2017');
      await programShown(page, '2017-JQZX 2017年金秋助学');
      await chooseEntryProgram(page, '2017-YL 2017年医疗救助');
      await chooseEntryProgram(page, '2017-SWN 2017年春节送温暖');
      await chooseYear(page, '2018');
      await programShown(page, '2018-SWN 2018年春节送温暖');
      await chooseYear(page, '2017');
      await programShown(page, '2017-SWN 2017年春节送温暖');
      // All years: a view of its own; nothing chosen there yet, the program used last.
      await chooseYear(page, '');
      await programShown(page, '2017-SWN 2017年春节送温暖');
      await chooseEntryProgram(page, '2018-JQZX 2018年金秋助学');
      await chooseYear(page, '2018');
      await programShown(page, '2018-SWN 2018年春节送温暖');
    } finally {
      await s.close();
    }
    // 2017-SWN is deleted meanwhile: 2017 falls back on 2017-YL (used there before it), not on the first (2017-JQZX).
    const ledger = Ledger.open(file, { actor: '准备' });
    ledger.run({ kind: 'setup', label: '删除项目', source: 'system' }, (tx) => {
      deleteProgram(tx, (tx.database.prepare("SELECT id FROM programs WHERE code = '2017-SWN'").get() as { id: number }).id);
    });
    ledger.close();
    s = await openApp(browser, file);
    try {
      const { page } = s;
      await waitForGrid(page);
      await programShown(page, '2018-SWN 2018年春节送温暖');
      await chooseYear(page, '2017');
      await expect.poll(() => page.getByTestId('entry-program').locator('option').count()).toBe(3);
      await programShown(page, '2017-YL 2017年医疗救助');
      await screenshot(page, 'entry-program-deleted-fallback');
    } finally {
      await s.close();
    }
  });
});
