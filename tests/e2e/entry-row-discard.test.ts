/**
 * Esc on the entry row, no editor open, discards the entry being keyed (reviewer's defect: 周敏 typed, Tab, Esc Esc left
 * a 0.00 payment dated the year's last day and a person 周敏 with no ID, both saved, counted by the annual form). The
 * payment and the person the entry made go in one audited command; the notice says so and that Ctrl+Z brings them back,
 * and Ctrl+Z does (a row of the list then). An entry that holds what is paid (an amount) is discarded only once the clerk
 * says so. Nothing else is touched: a registered person chosen in 姓名, a finished row, a row of the list.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../electron/core/ledger.ts';
import { addPeople, HUANING_UNITS, office, pay } from '../helpers/county.ts';
import { ledgerFileWithProgram, tempDir } from '../helpers/ledger.ts';
import { openXlsx, rowValues, sheet } from '../helpers/xlsx.ts';
import { cell, imeType, rowTexts, saved, typingReady, waitForGrid } from './grid-helpers.ts';
import { liQiangLedger } from './grid-ledger.ts';
import { launchBrowser, openApp, screenshot, sqlAll } from './harness.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Paid { name: string | null; cash: number; paidOn: string }
const paymentsOf = (file: string) => sqlAll<Paid>(file, 'SELECT (SELECT name FROM people WHERE id = p.person_id) AS name, cash_fen AS cash, paid_on AS paidOn FROM payments p ORDER BY p.id');
const peopleOf = (file: string) => sqlAll<{ name: string; idNumber: string | null }>(file, 'SELECT name, id_number AS idNumber FROM people ORDER BY id');
const entryText = async (page: Page, colId: string) => ((await page.locator(`.row-entry [col-id="${colId}"]`).textContent()) ?? '').trim();
const notice = (page: Page, text: string) => page.locator('.notice', { hasText: text });

/** The reviewer's keys: 周敏 (not registered) in the entry row's 姓名, Tab (saved: the payment and the person are made), Esc, Esc. */
async function zhouMinTabEscEsc(page: Page): Promise<void> {
  await page.locator('.row-entry [col-id="personName"]').click();
  await imeType(page, 'zhoumin', '周敏');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await saved(page);
}

describe('Esc on a half-keyed entry', () => {
  it('a name alone: Esc Esc discards the payment and the person the entry made, says so; one Ctrl+Z brings both back', async () => {
    const file = ledgerFileWithProgram();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await zhouMinTabEscEsc(page);
      await expect.poll(() => paymentsOf(file)).toEqual([]);
      expect(peopleOf(file)).toEqual([]);
      await notice(page, '已放弃').waitFor();
      const said = (await notice(page, '已放弃').textContent()) ?? '';
      expect(said).toContain('周敏');
      expect(said).toContain('Ctrl+Z');
      expect(await entryText(page, 'personName')).toBe('');
      expect(await page.locator('.status-history').textContent()).toBe('撤销：放弃录入“周敏”');
      await screenshot(page, 'entry-discard-1-discarded');
      // One step: one Ctrl+Z brings back the payment and the person, as a row of the list (above the entry row, which stays blank).
      await page.keyboard.press('Control+z');
      await saved(page);
      await expect.poll(() => paymentsOf(file)).toEqual([{ name: '周敏', cash: 0, paidOn: '2017-12-31' }]);
      expect(peopleOf(file)).toEqual([{ name: '周敏', idNumber: null }]);
      await expect.poll(() => rowTexts(page)).toEqual([expect.stringContaining('周敏')]);
      expect(await entryText(page, 'personName')).toBe('');
      await screenshot(page, 'entry-discard-2-restored');
      // Typing on completes that payment (no second payment).
      await cell(page, '周敏', 'cashFen').click();
      await typingReady(page);
      await page.keyboard.type('300');
      await page.keyboard.press('Enter');
      await saved(page);
      await expect.poll(() => paymentsOf(file)).toEqual([{ name: '周敏', cash: 30_000, paidOn: '2017-12-31' }]);
    } finally {
      await s.close();
    }
  });

  it('Esc Esc before the name\'s save has answered (a slow ledger): the entry is discarded all the same, once it is stored', async () => {
    const file = ledgerFileWithProgram();
    let delayMs = 0;
    const s = await openApp(browser, file, undefined, {
      // The page's saves reach the core late.
      beforeGoto: (page) => page.routeWebSocket(/\/api\/socket/, (ws) => {
        const server = ws.connectToServer();
        ws.onMessage((message) => {
          const late = delayMs > 0 && (JSON.parse(String(message)) as { channel: string }).channel === 'payments.apply';
          if (late) setTimeout(() => server.send(message), delayMs);
          else server.send(message);
        });
      }),
    });
    const { page } = s;
    try {
      await waitForGrid(page);
      await page.locator('.row-entry [col-id="personName"]').click();
      await imeType(page, 'zhoumin', '周敏');
      delayMs = 1000;
      await page.keyboard.press('Tab');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      // The Esc keys are in; the name's save is not yet.
      await page.waitForTimeout(300);
      expect(paymentsOf(file)).toEqual([]);
      await saved(page);
      await expect.poll(() => paymentsOf(file)).toEqual([]);
      expect(peopleOf(file)).toEqual([]);
      expect(sqlAll(file, "SELECT label FROM commands WHERE kind LIKE 'payments.%' ORDER BY id")).toEqual([{ label: '新增发放记录' }, { label: '放弃录入“周敏”' }]);
      delayMs = 0;
      // The entry row is blank and ready: the next name is a new entry.
      await page.locator('.row-entry [col-id="personName"]').click();
      await imeType(page, 'wangfang', '王芳');
      await page.keyboard.press('Enter');
      await saved(page);
      await expect.poll(() => paymentsOf(file).map((p) => p.name)).toEqual(['王芳']);
    } finally {
      await s.close();
    }
  });

  it('a registered person chosen: only the payment goes, the person stays', async () => {
    const file = liQiangLedger();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await page.locator('.row-entry [col-id="personName"]').click();
      await imeType(page, 'liqiang', '李强');
      await page.keyboard.press('Tab');
      await saved(page);
      expect(paymentsOf(file)).toHaveLength(2);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await saved(page);
      await expect.poll(() => paymentsOf(file)).toEqual([{ name: '李强', cash: 180_000, paidOn: '2017-02-01' }]);
      expect(peopleOf(file)).toEqual([{ name: '李强', idNumber: '530424198001019516' }]);
      const said = (await notice(page, '已放弃').textContent()) ?? '';
      expect(said).not.toContain('新建的人员');
    } finally {
      await s.close();
    }
  });

  it('an entry holding an amount is discarded only when the clerk says so (Esc in the question keeps it)', async () => {
    const file = ledgerFileWithProgram();
    const s = await openApp(browser, file);
    const { page } = s;
    const questions: string[] = [];
    let answer = false;
    page.on('dialog', (d) => {
      questions.push(d.message());
      void (answer ? d.accept() : d.dismiss());
    });
    try {
      await waitForGrid(page);
      await page.locator('.row-entry [col-id="personName"]').click();
      await imeType(page, 'zhoumin', '周敏');
      await page.keyboard.press('Tab');
      await saved(page);
      await page.locator('.row-entry [col-id="cashFen"]').click();
      await typingReady(page);
      await page.keyboard.type('500');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await saved(page);
      await expect.poll(() => questions.length).toBe(1);
      expect(questions[0]).toContain('周敏');
      expect(questions[0]).toContain('500.00');
      // Kept: the payment, the person, the entry row as it was.
      expect(paymentsOf(file)).toEqual([{ name: '周敏', cash: 50_000, paidOn: '2017-12-31' }]);
      expect(peopleOf(file)).toEqual([{ name: '周敏', idNumber: null }]);
      expect(await entryText(page, 'personName')).toBe('周敏');
      // Asked again and answered yes: discarded.
      answer = true;
      await page.keyboard.press('Escape');
      await saved(page);
      await expect.poll(() => paymentsOf(file)).toEqual([]);
      expect(peopleOf(file)).toEqual([]);
      expect(questions).toHaveLength(2);
      await notice(page, '已放弃').waitFor();
      await screenshot(page, 'entry-discard-3-amount-confirmed');
    } finally {
      await s.close();
    }
  });

  it('Esc touches nothing finished: a row entered with Enter, the blank entry row, a row of the list', async () => {
    const file = liQiangLedger();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await page.locator('.row-entry [col-id="personName"]').click();
      await imeType(page, 'zhoumin', '周敏');
      await page.keyboard.press('Enter'); // finished: the entry row starts the next one
      await saved(page);
      await expect.poll(() => entryText(page, 'personName')).toBe('');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await saved(page);
      // A row of the list: 李强's.
      await page.locator('.ag-grid-scrolling-rows .ag-row', { hasText: '李强' }).locator('[col-id="personName"]').click();
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await saved(page);
      await page.waitForTimeout(300);
      expect(paymentsOf(file).map((p) => p.name)).toEqual(['李强', '周敏']);
      expect(peopleOf(file).map((p) => p.name)).toEqual(['李强', '周敏']);
      expect(await notice(page, '已放弃').count()).toBe(0);
    } finally {
      await s.close();
    }
  });
});

describe('the reviewer\'s ledger: nine households, nine people, eleven payments in 2017', () => {
  /** 华宁县总工会's 2017: nine people paid 500元 each under 2017-YL, two of them 300元 again. */
  function reviewersLedger(): string {
    const file = path.join(tempDir(), '台账.db');
    const ledger = Ledger.open(file, { actor: '准备' });
    office(ledger, { officeName: '华宁县总工会', regionCode: '530424', leaderName: '张建国', approverName: '李春华', clerkName: '王芳' });
    const people = addPeople(ledger, 9, '530424', HUANING_UNITS, 7);
    const programId = ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) =>
      tx.insert('programs', { code: '2017-YL', name: '2017年医疗救助', year: 2017, kind: '医疗救助' }));
    pay(ledger, [
      ...people.map((p) => ({ programId, personId: p.id, paidOn: '2017-06-15', cashFen: 50_000, recipientKind: '困难职工' })),
      ...people.slice(0, 2).map((p) => ({ programId, personId: p.id, paidOn: '2017-09-01', cashFen: 30_000, recipientKind: '困难职工' })),
    ]);
    ledger.close();
    return file;
  }

  /** The annual form exported from 导出与报表, read back: its 总计 row's 户数, 人数, 人次. */
  async function annualTotals(page: Page, downloads: string): Promise<unknown[]> {
    await page.locator('[data-screen="export"]').click();
    await page.getByTestId('export-year').selectOption('2017');
    await page.getByTestId('export-annual').click();
    await page.getByTestId('export-last').waitFor();
    const ws = sheet(await openXlsx(path.join(downloads, '华宁县总工会2017年度帮扶救助情况统计表.xlsx')), '年度统计表');
    for (let r = 4; r < 20; r++) if (rowValues(ws, r, 1)[0] === '总计') return rowValues(ws, r, 5).slice(2);
    throw new Error('no 总计 row');
  }

  it('周敏, Tab, Esc, Esc: the annual form still reads 9 / 9 / 11, and 人员档案 has no 周敏', async () => {
    const file = reviewersLedger();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await zhouMinTabEscEsc(page);
      await expect.poll(() => sqlAll(file, 'SELECT count(*) AS n FROM payments')).toEqual([{ n: 11 }]);
      expect(sqlAll(file, "SELECT count(*) AS n FROM people WHERE name = '周敏'")).toEqual([{ n: 0 }]);
      expect(await annualTotals(page, s.bridge.downloads)).toEqual([9, 9, 11]);
      expect(await page.getByTestId('export-warning').count()).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('周敏 entered (Enter) with no amount: kept, and the annual form leaves the 0.00 payment out of 9 / 9 / 11 and says so', async () => {
    const file = reviewersLedger();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await page.locator('.row-entry [col-id="personName"]').click();
      await imeType(page, 'zhoumin', '周敏');
      await page.keyboard.press('Enter');
      await saved(page);
      await expect.poll(() => sqlAll(file, 'SELECT count(*) AS n FROM payments')).toEqual([{ n: 12 }]);
      expect(await annualTotals(page, s.bridge.downloads)).toEqual([9, 9, 11]);
      const warning = page.getByTestId('export-warning');
      await warning.waitFor();
      expect(await warning.textContent()).toContain('2017年有 1 条发放记录的现金和慰问品金额都为 0');
      expect(await page.locator('.notice', { hasText: '未计入户数、人数和人次' }).count()).toBe(1);
      await screenshot(page, 'entry-discard-4-export-warning');
      expect(fs.existsSync(path.join(s.bridge.downloads, '华宁县总工会2017年度帮扶救助情况统计表.xlsx'))).toBe(true);
    } finally {
      await s.close();
    }
  });
});
