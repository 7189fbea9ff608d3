/**
 * The lookup of registered people (查找已登记人员) in 新建档案 and 登记劳模, by keyboard (helper 114's clerk-day): ↓ did
 * nothing and Enter submitted the whole form — the household saved without the person looked up, and 登记劳模 sent a
 * form with no one, answered by a raw contract error. In Chromium through the bridge, over a real ledger.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../electron/core/ledger.ts';
import { createPerson } from '../../electron/core/services/people.ts';
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

function ledgerFile(): string {
  const file = path.join(tempDir(), '台账.db');
  const ledger = Ledger.open(file, { actor: '准备' });
  ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) => {
    createPerson(tx, { name: '赵德明', idNumber: '530424197901012315' });
    createPerson(tx, { name: '赵德华', idNumber: '530424198001019516' });
  });
  ledger.close();
  return file;
}

async function lookUp(page: Page, scope: string, text: string): Promise<void> {
  const input = page.getByTestId(scope).getByTestId('person-picker');
  await input.click();
  await page.keyboard.insertText(text);
  await page.getByTestId(scope).locator('.picker li').first().waitFor();
}

describe('the lookup of registered people, by keyboard', () => {
  it('新建档案: ↓ marks the second found, Enter adds that one and does not save the form; 登记劳模: Enter picks, and no one picked is said in words', async () => {
    const file = ledgerFile();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await page.locator('.nav-item[data-screen="people"]').click();
      await page.getByTestId('new-household').click();
      await page.getByTestId('household-dialog').waitFor();
      await page.getByTestId('hh-file-no').fill('530424-2026-009');
      await lookUp(page, 'household-dialog', '赵德');
      await expect.poll(() => page.getByTestId('household-dialog').locator('.picker li').count()).toBe(2);
      const names = await page.getByTestId('household-dialog').locator('.picker li b').allTextContents();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      // The form is still open, nothing saved, the second person found now among its members, the lookup cleared.
      await expect.poll(() => page.getByTestId('person-picker').first().inputValue()).toBe('');
      expect(await page.getByTestId('household-dialog').count()).toBe(1);
      expect(sqlAll<{ n: number }>(file, 'SELECT count(*) AS n FROM households')[0]!.n).toBe(0);
      const dialogText = await page.getByTestId('household-dialog').evaluate((el) => {
        const inputs = [...el.querySelectorAll('input')].map((i) => (i as HTMLInputElement).value).join('|');
        return `${el.textContent ?? ''}|${inputs}`;
      });
      expect(dialogText).toContain(names[1]!);
      await screenshot(page, 'person-picker-household');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByTestId('household-dialog').count()).toBe(0);

      await page.locator('.nav-item[data-screen="modelWorkers"]').click();
      await page.getByTestId('mw-create').click();
      await page.getByTestId('mw-dialog').waitFor();
      // Nothing picked, no name: said in the clerk's words.
      await page.getByTestId('mw-submit').click();
      await expect.poll(() => page.getByTestId('mw-dialog').locator('[role="alert"]').textContent()).toBe('请在上方查找并选中已登记的人员，或填写新人员的姓名');
      await lookUp(page, 'mw-dialog', '赵德明');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('mw-dialog').locator('p b').first().textContent()).toBe('赵德明');
      expect(await page.getByTestId('mw-dialog').count()).toBe(1);
      expect(sqlAll<{ n: number }>(file, 'SELECT count(*) AS n FROM model_workers')[0]!.n).toBe(0);
      await screenshot(page, 'person-picker-model-worker');
    } finally {
      await s.close();
    }
  });
});
