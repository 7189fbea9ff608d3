/**
 * 导入 in Chromium through the bridge: the messy 盘溪镇/華溪鎮 roster (merged title,
 * header on row 4, Traditional headers, a number-typed ID, ditto marks, a SUM that
 * skipped text amounts, bad rows of every kind, a 汇总 sheet) read with progress,
 * previewed with reasons, a held row fixed in the preview, the mapping corrected,
 * imported in one step, the error report saved, and the batch reverted.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBackups } from '../../electron/core/backups.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { dumpTables, tempDir } from '../helpers/ledger.ts';
import { openXlsx } from '../helpers/xlsx.ts';
import { IDS, messyRosterXlsx, simpleXlsx, writeTemp } from '../import/fixtures.ts';
import { launchBrowser, openApp, screenshot, sqlAll } from './harness.ts';
import { makeIdNumber } from '../bench/generate.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A ledger with the 2011 国庆 program, and the messy roster as a file. */
async function ledgerAndRoster(): Promise<{ file: string; roster: string; before: ReturnType<typeof dumpTables> }> {
  const file = path.join(tempDir(), '华宁县.db');
  const ledger = Ledger.open(file, { actor: '王芳' });
  ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: '2011-GQ', name: '2011年国庆困难职工救助金', year: 2011, kind: '送温暖' }));
  const before = dumpTables(ledger);
  ledger.close();
  return { file, roster: writeTemp('2011国庆花名册.xlsx', await messyRosterXlsx()), before };
}

/** On the import screen: choose the roster and the program, read it, wait for the preview. */
async function readRoster(page: Page, roster: string): Promise<void> {
  await page.locator('[data-screen="import"]').click();
  await page.getByTestId('import-file').setInputFiles(roster);
  await page.getByTestId('import-program').selectOption({ label: '2011-GQ 2011年国庆困难职工救助金' });
  await page.getByTestId('import-read').click();
  await page.getByTestId('import-preview').waitFor({ timeout: 30_000 });
}

describe('roster import from the app', () => {
  it('reads, previews with Chinese reasons and stated totals, fixes a row, imports, saves the error report and reverts', async () => {
    const { file, roster, before } = await ledgerAndRoster();
    // A clerk in Beijing: the history shows the import on the clerk's clock, not in UTC.
    const s = await openApp(browser, file, undefined, { timezoneId: 'Asia/Shanghai' });
    const { page } = s;
    try {
      await readRoster(page, roster);
      const counts = await page.getByTestId('import-counts').textContent();
      expect(counts).toMatch(/错误 \d+/);
      // The keyboard goes on in the preview's rows (focus had dropped to the page).
      await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid="import-grid"]') !== null)).toBe(true);
      // The 盘溪镇 合计 is a SUM that skipped the amounts typed as text: reported as not matching.
      await expect.poll(() => page.getByTestId('stated-totals').locator('tr.mismatch').count()).toBeGreaterThan(0);
      // The 汇总 sheet's 人数 beside its money, stated and counted (盘溪镇 | 14 | 2,700).
      const stated = (await page.getByTestId('stated-totals').locator('tr', { hasText: '盘溪镇（汇总表）' }).textContent()) ?? '';
      expect(stated).toContain('2,700.00（14 人）');
      expect(stated).toMatch(/2,700\.00（14 人）[\d,.]+（\d+ 人）/);
      await page.getByTestId('filter-error').click();
      const reasons = page.locator('[col-id="reasons"]');
      await expect.poll(async () => (await reasons.allTextContents()).join('|')).toContain('身份证号');
      await screenshot(page, 'import-preview-errors');
      // The roster writes no payment date: its rows get its 填报日期 (2011年9月20日, in the program's year), said so; the
      // count is of every row without a date, saying how many are imported now. The clerk may set another date.
      const defaultDate = page.getByTestId('import-default-date');
      expect(await defaultDate.textContent()).toBe('没有写发放日期的 16 行（其中 6 行将导入；10 行有错误暂不导入，改正后也按此日期）按此日期登记：（表中的填报日期）');
      expect(await defaultDate.locator('input').inputValue()).toBe('2011-09-20');
      // Typed segment by segment, as a clerk types a date (each keystroke was taken at once and the old date put back).
      await defaultDate.locator('input').focus();
      await page.keyboard.type('09282011', { delay: 60 });
      await page.keyboard.press('Tab');
      // The input shows the preview's date: the core took it.
      await expect.poll(() => defaultDate.locator('input').inputValue()).toBe('2011-09-28');
      const importable = async () => Number(/导入 (\d+) 行/.exec((await page.getByTestId('import-commit').textContent())!)![1]);
      const beforeFix = await importable();
      expect(beforeFix).toBe(6);
      // F2 on an amount edits it in 元 as shown (it opened on the fen behind it: 60000).
      await page.getByTestId('filter-all').click();
      const wangAmount = page.locator('.ag-row', { hasText: '王芳' }).first().locator('[col-id="amount"]');
      await wangAmount.click();
      await page.keyboard.press('F2');
      await expect.poll(() => wangAmount.locator('input').inputValue()).toBe('600.00');
      await page.keyboard.press('Escape');
      // Fix three amounts in a row without waiting for the previews (郑涛's is missing, 冯磊's negative, 陈艳's
      // 六百): all three stay (a fix made while the one before was being previewed dropped it).
      // 陈艳's unreadable amount shows as the file writes it (the cell was blank).
      expect(await page.locator('.ag-row', { hasText: '陈艳' }).first().locator('[col-id="amount"]').textContent()).toBe('六百');
      for (const [name, amount] of [['郑涛', '500'], ['冯磊', '200'], ['陈艳', '600']] as const) {
        await page.locator('.ag-row', { hasText: name }).first().locator('[col-id="amount"]').click();
        await page.keyboard.press('F2');
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.type(amount);
        await page.keyboard.press('Enter');
      }
      await expect.poll(async () => (await page.locator('.ag-row', { hasText: '郑涛' }).locator('[col-id="status"]').textContent()) ?? '').not.toBe('错误');
      await expect.poll(importable).toBe(beforeFix + 3);
      const toImport = await importable();
      // The error report goes back to the grassroots union.
      await page.getByTestId('import-error-report').click();
      await expect.poll(() => fs.existsSync(s.bridge.downloads) && fs.readdirSync(s.bridge.downloads).some((f) => f.includes('未导入行及原因'))).toBe(true);
      const reportFile = path.join(s.bridge.downloads, fs.readdirSync(s.bridge.downloads).find((f) => f.includes('未导入行及原因'))!);
      const report = await openXlsx(reportFile);
      expect(report.worksheets.map((w) => w.name)).toContain('盘溪镇');
      await page.getByTestId('import-commit').click();
      await page.getByTestId('import-history').locator('tbody tr').first().waitFor();
      await expect.poll(() => page.getByTestId('import-history').locator('tbody tr').first().textContent()).toContain('2011国庆花名册.xlsx');
      await screenshot(page, 'import-committed');
      // The file stays chosen: read again at once, it is the same file as the batch just imported, and nothing is importable.
      await page.getByTestId('import-read').click();
      await page.getByTestId('import-duplicate').waitFor();
      expect(await page.getByTestId('import-commit-force').isDisabled()).toBe(true);
      const check = Ledger.open(file);
      const at = new Date(Date.parse(check.db.prepare('SELECT created_at FROM import_batches ORDER BY id DESC LIMIT 1').pluck().get() as string) + 8 * 3600_000).toISOString();
      expect(await page.getByTestId('import-history').locator('tbody tr').first().textContent()).toContain(`${at.slice(0, 10)} ${at.slice(11, 16)}`);
      expect(check.db.prepare('SELECT count(*) FROM payments WHERE import_batch_id IS NOT NULL').pluck().get()).toBe(toImport);
      expect(check.db.prepare("SELECT pe.name, p.cash_fen FROM payments p JOIN people pe ON pe.id = p.person_id WHERE pe.name IN ('郑涛', '冯磊', '陈艳') ORDER BY p.id").raw().all()).toEqual([['郑涛', 50_000], ['冯磊', 20_000], ['陈艳', 60_000]]);
      expect(check.db.prepare('SELECT DISTINCT paid_on FROM payments WHERE import_batch_id IS NOT NULL').pluck().all()).toEqual(['2011-09-28']);
      check.close();
      // Revert the batch: the ledger is as before the import.
      page.once('dialog', (d) => void d.accept());
      await page.locator('[data-testid^="revert-"]').first().click();
      await expect.poll(() => page.getByTestId('import-history').locator('tbody tr').first().textContent()).toContain('撤销');
    } finally {
      await s.close();
    }
    const after = Ledger.open(file);
    const dump = dumpTables(after);
    // Everything but the batch record (kept, marked reverted) and the remembered mappings is as before.
    for (const table of Object.keys(before)) {
      if (table === 'import_batches' || table === 'import_mappings') continue;
      expect(dump[table], table).toBe(before[table]);
    }
    expect(after.db.prepare('SELECT reverted_at IS NOT NULL FROM import_batches').pluck().get()).toBe(1);
    after.close();
  });

  /** Helper 112's reviewer: a 2017 program, and a roster with no date column but 填报日期 beside 填报单位; 7 rows, 2 held. */
  async function springRoster(): Promise<{ file: string; roster: string }> {
    const file = path.join(tempDir(), '华宁县.db');
    const ledger = Ledger.open(file, { actor: '王芳' });
    ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: '2017-SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖' }));
    ledger.close();
    const id = (i: number) => makeIdNumber('530424', `1970-01-0${1 + i}`, 10 + i, i % 2 === 0);
    // Held: an ID Excel kept as a number (a long reason), a missing amount.
    const roster = writeTemp('盘溪镇春节慰问.xlsx', await simpleXlsx({ 盘溪镇: [
      ['华宁县2017年春节送温暖慰问金发放花名册'], ['填报单位：盘溪镇工会联合会', null, null, '填报日期：2017年1月18日'],
      ['序号', '姓名', '身份证号码', '工作单位', '金额（元）'],
      [1, '王芳', id(0), '县水泥厂', 500], [2, '李强', id(1), '县水泥厂', 500], [3, '赵敏', id(2), '县糖厂', 500], [4, '孙丽', id(3), '县糖厂', 500],
      [5, '周杰', id(4), '县供电局', 500], [6, '吴娟', Number(IDS.zhangWei), '县供电局', 500], [7, '郑涛', id(6), '县供电局', null],
      ['合计', null, null, null, 3000], ['经办人：张三'],
    ] }));
    return { file, roster };
  }

  async function readSpringRoster(page: Page, roster: string): Promise<void> {
    await page.locator('[data-screen="import"]').click();
    await page.getByTestId('import-file').setInputFiles(roster);
    await page.getByTestId('import-program').selectOption({ label: '2017-SWN 2017年春节送温暖' });
    await page.getByTestId('import-read').click();
    await page.getByTestId('import-preview').waitFor({ timeout: 30_000 });
  }

  it('dates the rows without a date by the roster’s 填报日期, says so, and counts every such row (helper 112)', async () => {
    const { file, roster } = await springRoster();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await readSpringRoster(page, roster);
      // The 填报日期, said where it comes from (it was 2017-01-01, 元旦); 7 rows without a date, 5 imported (it said 5).
      const defaultDate = page.getByTestId('import-default-date');
      expect(await defaultDate.textContent()).toBe('没有写发放日期的 7 行（其中 5 行将导入；2 行有错误暂不导入，改正后也按此日期）按此日期登记：（表中的填报日期）');
      expect(await defaultDate.locator('input').inputValue()).toBe('2017-01-18');
      await screenshot(page, 'import-default-date-filed-on');
      await page.getByTestId('import-commit').click();
      await page.getByTestId('import-history').locator('tbody tr').first().waitFor();
      await expect.poll(() => sqlAll<{ paid_on: string; n: number }>(file, 'SELECT paid_on, count(*) AS n FROM payments GROUP BY paid_on')).toEqual([{ paid_on: '2017-01-18', n: 5 }]);
    } finally {
      await s.close();
    }
  });

  it('shows the focused row’s reasons in full, with the mouse and with the keyboard, in a wider column (helper 112)', async () => {
    const { file, roster } = await springRoster();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await readSpringRoster(page, roster);
      await page.getByTestId('filter-error').click();
      const wu = page.locator('.ag-row', { hasText: '吴娟' }).first().locator('[col-id="reasons"]');
      await wu.waitFor();
      // The column is wider (300 px cut most reasons short); its text is still longer than it.
      expect((await wu.boundingBox())!.width).toBeGreaterThanOrEqual(400);
      expect(await wu.evaluate((el) => (el.querySelector('.ag-cell-value') ?? el).scrollWidth > el.clientWidth)).toBe(true);
      // Below the toolbar, the focused row's reasons in full, a reason a line.
      const bar = page.getByTestId('import-row-reasons');
      await wu.click();
      await expect.poll(() => bar.textContent()).toContain('盘溪镇 第 9 行：');
      expect(await bar.textContent()).toContain('后几位已丢失，无法恢复。请报送单位把该列设为“文本”格式后重新填写。');
      expect(await bar.locator('li.status-error').count()).toBe(1);
      // On hover the tooltip holds the whole text too. (The pointer comes in from elsewhere: the click left it on the cell.)
      await page.mouse.move(5, 5);
      await wu.hover();
      await expect.poll(() => page.locator('.ag-tooltip').textContent(), { timeout: 5000 }).toContain('请报送单位把该列设为“文本”格式后重新填写');
      await screenshot(page, 'import-reasons-full');
      // With the keyboard: ↓ to the next held row, its reasons.
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => bar.textContent()).toContain('盘溪镇 第 10 行：');
      expect(await bar.textContent()).toContain('金额为空');
      await screenshot(page, 'import-reasons-keyboard');
    } finally {
      await s.close();
    }
  });

  it('saves the held rows’ error report after the commit, and from the import history (helper 112)', async () => {
    const { file, roster } = await springRoster();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await readSpringRoster(page, roster);
      // Committed first, the held rows are sent back after: the report is still there (the session has ended).
      await page.getByTestId('import-commit').click();
      await page.getByTestId('import-committed').waitFor();
      expect(await page.getByTestId('import-committed').textContent()).toContain('2 行有错误未导入');
      await page.getByTestId('import-committed-report').click();
      const saved = () => (fs.existsSync(s.bridge.downloads) ? fs.readdirSync(s.bridge.downloads).filter((f) => f.includes('未导入行及原因')) : []);
      await expect.poll(saved).toEqual(['盘溪镇春节慰问-未导入行及原因.xlsx']);
      const reportFile = path.join(s.bridge.downloads, saved()[0]!);
      const report = await openXlsx(reportFile);
      const ws = report.getWorksheet('盘溪镇')!;
      expect(ws.getRow(1).getCell(1).value).toMatch(/未能导入的 2 行/);
      // The original columns, the row number in their file, the reasons.
      expect((ws.getRow(4).values as unknown[]).slice(1)).toEqual(['序号', '姓名', '身份证号码', '工作单位', '金额（元）', '原表行号', '错误原因']);
      expect([ws.getRow(5).getCell(2).value, ws.getRow(5).getCell(6).value, ws.getRow(6).getCell(2).value, ws.getRow(6).getCell(6).value]).toEqual(['吴娟', 9, '郑涛', 10]);
      expect(String(ws.getRow(6).getCell(7).value)).toContain('金额为空');
      await screenshot(page, 'import-committed-report');
      // And from the import history, any time after.
      fs.rmSync(reportFile);
      const batchId = sqlAll<{ id: number }>(file, 'SELECT id FROM import_batches')[0]!.id;
      await page.getByTestId(`batch-report-${batchId}`).click();
      await expect.poll(saved).toEqual(['盘溪镇春节慰问-未导入行及原因.xlsx']);
      // Another file read: the committed batch's notice goes (its report stays in the history).
      await page.getByTestId('import-read').click();
      await page.getByTestId('import-preview').waitFor();
      expect(await page.getByTestId('import-committed').count()).toBe(0);
      expect(await page.getByTestId(`batch-report-${batchId}`).count()).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('imports a sheet whose header is not recognised once the clerk names its header row and maps its columns', async () => {
    const { file } = await ledgerAndRoster();
    const roster = writeTemp('自制名单.xlsx', await simpleXlsx({ S: [['龙潭乡2011年国庆慰问名单'], ['户名', '证号', '款数'], ['王芳', IDS.wangFang, 600], ['李强', IDS.liQiang, 800]] }));
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await readRoster(page, roster);
      await expect.poll(() => page.locator('details.sheet summary').first().textContent()).toContain('没有找到表头');
      await page.locator('details.sheet summary').first().click();
      await page.getByTestId('header-row-0').fill('2');
      await page.getByTestId('mapping-0').waitFor();
      for (const [col, field] of [['A', 'name'], ['B', 'idNumber'], ['C', 'amount']] as const) {
        await page.getByTestId('mapping-0').locator(`select[data-col="${col}"]`).selectOption(field);
      }
      await expect.poll(() => page.getByTestId('import-counts').textContent()).toMatch(/正常 2/);
      await screenshot(page, 'import-header-row');
      await page.getByTestId('import-commit').click();
      await page.getByTestId('import-history').locator('tbody tr').first().waitFor();
      await expect.poll(() => page.getByTestId('import-history').locator('tbody tr').first().textContent()).toContain('自制名单.xlsx');
    } finally {
      await s.close();
    }
    const check = Ledger.open(file);
    expect(check.db.prepare('SELECT cash_fen FROM payments ORDER BY id').pluck().all()).toEqual([60_000, 80_000]);
    check.close();
  });

  it('takes the 导入前 backup while the preview is looked at, and removes it when the clerk reads another file or leaves without importing', async () => {
    const { file, roster } = await ledgerAndRoster();
    // Each 导入前 backup by its name and when it was written (a new one may reuse a freed name).
    const ahead = () => listBackups(file).filter((b) => b.kind === 'import').map((b) => `${b.file}@${fs.statSync(b.path).mtimeMs}`);
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await readRoster(page, roster);
      await expect.poll(() => ahead().length, { timeout: 10_000 }).toBe(1);
      const first = ahead()[0];
      // The same file read again: a new session and its own backup; the first one's is gone.
      await page.getByTestId('import-read').click();
      await expect.poll(() => ahead().length === 1 && ahead()[0] !== first, { timeout: 10_000 }).toBe(true);
      // Leaving the screen without importing ends the session: no 导入前 backup is left behind.
      await page.locator('[data-screen="payments"]').click();
      await expect.poll(() => ahead().length, { timeout: 10_000 }).toBe(0);
    } finally {
      await s.close();
    }
  });
});
