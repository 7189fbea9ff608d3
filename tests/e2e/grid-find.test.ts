/**
 * Find (Ctrl+F) across all columns of the current view, in Chromium through the bridge over a
 * real ledger: 性别, amounts as the grid shows them, and Simplified and Traditional as one; the
 * 姓名 lookup finds a name typed in the other script.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../electron/core/ledger.ts';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { createPerson } from '../../electron/core/services/people.ts';
import { tempDir } from '../helpers/ledger.ts';
import { BODY_ROWS, typingReady, waitForGrid } from './grid-helpers.ts';
import { launchBrowser, openApp } from './harness.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * 2017: 李强 (男) 1,800元 of 华宁县水泥厂工会; 王芳 (女) 500元 + 300元 慰问品 of 華寧縣水泥廠工會
 * (a roster keyed in Traditional); 陈建国 (no ID) 1,000.50元.
 */
function makeLedger(): string {
  const file = path.join(tempDir(), '台账.db');
  const ledger = Ledger.open(file, { actor: '准备' });
  ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) => {
    const programId = createProgram(tx, { code: '2017-YL', name: '2017年医疗救助', year: 2017, kind: '医疗救助' });
    const li = createPerson(tx, { name: '李强', idNumber: '530424198001019516' });
    const wang = createPerson(tx, { name: '王芳', idNumber: '530424197512030026' });
    const chen = createPerson(tx, { name: '陈建国' });
    applyPaymentEdits(tx, [
      { personId: li, cells: { paidOn: '2017-02-01', cashFen: '1800', unitName: '华宁县水泥厂工会' } },
      { personId: wang, cells: { paidOn: '2017-02-02', cashFen: '500', goodsFen: '300', goodsDesc: '米油', unitName: '華寧縣水泥廠工會' } },
      { personId: chen, cells: { paidOn: '2017-02-03', cashFen: '1000.50' } },
    ], { programId }, '准备');
  });
  ledger.close();
  return file;
}

/** Type `text` in the Find box; the rows in view come to be those of `names` (and the count says so). */
async function expectFind(page: Page, text: string, names: string[]): Promise<void> {
  // From a view that finds nothing, so that the rows of the search before are not taken for this one's.
  await page.getByTestId('grid-search').fill('查无此项');
  await expect.poll(() => page.getByTestId('status-rows').textContent()).toBe('0 行');
  await page.getByTestId('grid-search').fill(text);
  await expect.poll(async () => ({
    names: (await page.locator(`${BODY_ROWS} [col-id="personName"]`).allTextContents()).sort(),
    count: await page.getByTestId('status-rows').textContent(),
  }), { message: text }).toEqual({ names, count: `${names.length} 行` });
}

describe('Find (Ctrl+F) across all columns of the view', () => {
  it('finds 性别, an amount as shown (1,800 / 1,800.00 / 1800元, 合计 800), and Simplified against Traditional', async () => {
    const file = makeLedger();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await expect.poll(() => page.locator(BODY_ROWS).count()).toBe(3);
      await page.locator(`${BODY_ROWS}[row-index="0"] [col-id="note"]`).click();
      await page.keyboard.press('ControlOrMeta+F');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('grid-search');

      await expectFind(page, '男', ['李强']);
      await expectFind(page, '女', ['王芳']);
      for (const shown of ['1,800', '1,800.00', '1800元', '1800']) await expectFind(page, shown, ['李强']);
      await expectFind(page, '1,000.50', ['陈建国']);
      // 合计 (500 + 300) is shown too.
      await expectFind(page, '800.00', ['王芳']);
      // Simplified finds Traditional, Traditional finds Simplified.
      await expectFind(page, '华宁', ['李强', '王芳']);
      await expectFind(page, '華寧縣', ['李强', '王芳']);
      await expectFind(page, '陳建國', ['陈建国']);
      await expectFind(page, '水泥廠', ['李强', '王芳']);
      // The status bar says the view is a search's.
      await expect.poll(() => page.getByTestId('status-filtered').textContent()).toBe('已筛选：查找“水泥廠”');
      // Esc in the Find box clears it: all rows, nothing said.
      await page.getByTestId('grid-search').press('Escape');
      await expect.poll(() => page.getByTestId('status-rows').textContent()).toBe('3 行');
      expect(await page.getByTestId('status-filtered').count()).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('the 姓名 lookup finds 陈建国 when 陳建國 is typed', async () => {
    const file = makeLedger();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await page.locator('.row-entry [col-id="personName"]').click();
      await typingReady(page);
      await page.keyboard.type('陳建國');
      await expect.poll(() => page.getByTestId('person-editor').locator('li').allTextContents()).toEqual([expect.stringContaining('陈建国')]);
    } finally {
      await s.close();
    }
  });
});
