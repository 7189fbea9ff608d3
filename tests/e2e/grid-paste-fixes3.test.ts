/**
 * The payments grid's paste and selection, defects a tester found (one test per defect), in
 * Chromium through the bridge over a real ledger.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../electron/core/ledger.ts';
import type { Tx } from '../../electron/core/db/writer.ts';
import { applyPaymentEdits, setPaymentStatus } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { tempDir } from '../helpers/ledger.ts';
import { cell, imeType, saved, waitForGrid } from './grid-helpers.ts';
import { launchBrowser, sqlAll } from './harness.ts';
import { pasteText, openWithClipboard } from './grid-ledger.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A 2017 ledger with program 2017-YL and 职工甲, 乙, 丙 paid 100, 200, 300 (乙 已发放 when `lockMiddle`). */
function makeLedger(opts: { lockMiddle?: boolean } = {}, extra?: (tx: Tx, programId: number) => void): string {
  const file = path.join(tempDir(), '台账.db');
  const ledger = Ledger.open(file, { actor: '准备' });
  ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) => {
    const programId = createProgram(tx, { code: '2017-YL', name: '2017年医疗救助', year: 2017, kind: '医疗救助' });
    const ids = applyPaymentEdits(tx, ['甲', '乙', '丙'].map((n, i) => ({ cells: { personName: `职工${n}`, cashFen: String(100 * (i + 1)), paidOn: `2017-06-0${i + 1}` } })), { programId }, '准备').created;
    if (opts.lockMiddle) {
      setPaymentStatus(tx, [ids[1]!], '已审核', '审核人');
      setPaymentStatus(tx, [ids[1]!], '已发放', '审核人');
    }
    extra?.(tx, programId);
  });
  ledger.close();
  return file;
}


const open = (file: string) => openWithClipboard(browser, file);

const amounts = (file: string) => sqlAll<{ name: string; cash_fen: number }>(file, 'SELECT pe.name, p.cash_fen FROM payments p JOIN people pe ON pe.id = p.person_id ORDER BY p.id');

describe('the payments grid: paste and selection (third round)', () => {
  it('a locked row (已发放) inside a pasted block is left as it is, named by its grid row and marked; the other rows are saved', async () => {
    const file = makeLedger({ lockMiddle: true });
    const s = await open(file);
    const { page } = s;
    try {
      await cell(page, '职工甲', 'cashFen').click();
      await pasteText(page, '111\r\n222\r\n333\r\n');
      await saved(page);
      await expect.poll(() => amounts(file)).toEqual([{ name: '职工甲', cash_fen: 11_100 }, { name: '职工乙', cash_fen: 20_000 }, { name: '职工丙', cash_fen: 33_300 }]);
      const notice = page.locator('.notice').filter({ hasText: '已发放或已签领' });
      await notice.waitFor();
      const said = (await notice.textContent()) ?? '';
      expect(said).toContain('第 2 行');
      expect(said).not.toContain('号发放记录');
      await expect.poll(() => cell(page, '职工乙', 'cashFen').getAttribute('class')).toContain('cell-error');
      expect(await cell(page, '职工丙', 'cashFen').getAttribute('class')).not.toContain('cell-error');
    } finally {
      await s.close();
    }
  });

  it('one cell pasted over selected rows with a locked one: the others take it, the notice names the locked row', async () => {
    const file = makeLedger({ lockMiddle: true });
    const s = await open(file);
    const { page } = s;
    try {
      await cell(page, '职工甲', 'cashFen').click();
      await cell(page, '职工丙', 'cashFen').click({ modifiers: ['Shift'] });
      await expect.poll(() => page.getByTestId('delete-rows').textContent()).toBe('删除所选（3）');
      await pasteText(page, '50\r\n');
      await saved(page);
      await expect.poll(() => amounts(file)).toEqual([{ name: '职工甲', cash_fen: 5_000 }, { name: '职工乙', cash_fen: 20_000 }, { name: '职工丙', cash_fen: 5_000 }]);
      const notice = page.locator('.notice').filter({ hasText: '已发放或已签领' });
      await notice.waitFor();
      expect(await notice.textContent()).toContain('第 2 行');
    } finally {
      await s.close();
    }
  });
});

describe('the payments grid: blank 项目 in a pasted block', () => {
  it('new rows pasted with a blank 项目 take the 新增到项目 program, as blank 发放日期/发放方式/状态 take defaults', async () => {
    const file = makeLedger();
    const s = await open(file);
    const { page } = s;
    try {
      await expect.poll(() => page.getByTestId('entry-program').inputValue()).not.toBe('');
      await page.locator('.row-entry [col-id="personName"]').click();
      // 姓名 身份证号 性别 单位 项目 … 金额: 项目 blank.
      const row = (name: string, cash: string) => [name, '', '', '', '', '', '', '2017-07-01', cash].join('\t');
      await pasteText(page, `${row('王五', '600')}\r\n${row('赵六', '700')}\r\n`);
      await saved(page);
      await expect.poll(() => sqlAll<{ name: string; code: string | null }>(file,
        "SELECT pe.name, pr.code FROM payments p JOIN people pe ON pe.id = p.person_id LEFT JOIN programs pr ON pr.id = p.program_id WHERE pe.name IN ('王五', '赵六') ORDER BY p.id"))
        .toEqual([{ name: '王五', code: '2017-YL' }, { name: '赵六', code: '2017-YL' }]);
    } finally {
      await s.close();
    }
  });
});

describe('the payments grid: a new sort', () => {
  it('clears the selection: Ctrl+D after a sort does not fill the rows selected before it', async () => {
    const file = makeLedger();
    const s = await open(file);
    const { page } = s;
    try {
      await cell(page, '职工甲', 'cashFen').click();
      await cell(page, '职工乙', 'cashFen').click({ modifiers: ['Shift'] });
      await expect.poll(() => page.getByTestId('delete-rows').textContent()).toBe('删除所选（2）');
      const header = page.locator('.ag-header-cell[col-id="cashFen"] .ag-header-cell-label');
      await header.click();
      await header.click();
      await expect.poll(() => page.locator('.ag-grid-scrolling-rows .ag-row[row-index="0"] [col-id="personName"]').textContent()).toBe('职工丙');
      await expect.poll(() => page.getByTestId('delete-rows').textContent()).toBe('删除所选（0）');
      await cell(page, '职工乙', 'cashFen').click();
      await page.keyboard.press('ControlOrMeta+D');
      await saved(page);
      // No selection: Ctrl+D on 职工乙 fills from the row above it (职工丙). With the old selection (甲, 乙) kept,
      // it filled 甲 from 乙, the selected row now on top, erasing 甲's amount.
      expect(amounts(file).find((r) => r.name === '职工甲')).toEqual({ name: '职工甲', cash_fen: 10_000 });
    } finally {
      await s.close();
    }
  });
});

describe('the payments grid: the person lookup', () => {
  it('a name with one match, pre-chosen: plain Enter takes the person and moves on to 身份证号码 within the same payment', async () => {
    const file = makeLedger();
    const s = await open(file);
    const { page } = s;
    try {
      await page.locator('.row-entry [col-id="personName"]').click();
      await imeType(page, 'zhigongjia', '职工甲');
      await page.getByTestId('person-editor').locator('li[aria-selected="true"]', { hasText: '职工甲' }).waitFor();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => {
        const c = document.querySelector('.ag-cell-focus');
        return `${c?.closest('.ag-row')?.classList.contains('row-entry')}|${c?.getAttribute('col-id')}`;
      })).toBe('true|idNumber');
      for (let i = 0; i < 6; i++) await page.keyboard.press('Tab'); // → 发放日期
      await page.keyboard.type('2017-08-01');
      await page.keyboard.press('Tab');
      await page.keyboard.type('450');
      await page.keyboard.press('Enter');
      await saved(page);
      // One new payment, to 职工甲, with the date and amount typed (not a 0.00 payment and another row).
      await expect.poll(() => sqlAll<{ name: string; paid_on: string; cash_fen: number }>(file,
        'SELECT pe.name, p.paid_on, p.cash_fen FROM payments p JOIN people pe ON pe.id = p.person_id WHERE p.id > 3 ORDER BY p.id'))
        .toEqual([{ name: '职工甲', paid_on: '2017-08-01', cash_fen: 45_000 }]);
      expect(sqlAll<{ n: number }>(file, "SELECT count(*) AS n FROM people WHERE name = '职工甲'")[0]!.n).toBe(1);
    } finally {
      await s.close();
    }
  });
});

describe('the payments grid: undo and redo of a paste', () => {
  it('undo takes away the red marks of the cells it restores; redo brings them back with the paste', async () => {
    const file = makeLedger();
    const s = await open(file);
    const { page } = s;
    const red = () => page.evaluate(() => [...document.querySelectorAll('.ag-grid-scrolling-rows .ag-row')]
      .flatMap((r) => [...r.querySelectorAll('.cell-error')].map((c) => `${r.querySelector('[col-id="personName"]')?.textContent}/${c.getAttribute('col-id')}`)).sort());
    try {
      await cell(page, '职工甲', 'paidOn').click();
      await pasteText(page, '2017-08-01\t11\r\n2017/13/1\t22\r\n2017-08-03\tabc\r\n');
      await saved(page);
      await expect.poll(red).toEqual(['职工丙/cashFen', '职工乙/paidOn']);
      await page.keyboard.press('ControlOrMeta+Z');
      await saved(page);
      await expect.poll(() => amounts(file)).toEqual([{ name: '职工甲', cash_fen: 10_000 }, { name: '职工乙', cash_fen: 20_000 }, { name: '职工丙', cash_fen: 30_000 }]);
      await expect.poll(() => cell(page, '职工甲', 'cashFen').textContent()).toBe('100.00');
      await expect.poll(red).toEqual([]);
      await page.keyboard.press('ControlOrMeta+Y');
      await saved(page);
      await expect.poll(() => cell(page, '职工甲', 'cashFen').textContent()).toBe('11.00');
      await expect.poll(red).toEqual(['职工丙/cashFen', '职工乙/paidOn']);
    } finally {
      await s.close();
    }
  });
});

describe('the payments grid: a pasted amount not read on a new row', () => {
  it('is kept in 备注 and stays marked on 金额 after a reload (the grid\'s own mark went with it), once', async () => {
    const file = makeLedger();
    const s = await open(file);
    const { page } = s;
    try {
      await expect.poll(() => page.getByTestId('entry-program').inputValue()).not.toBe('');
      await page.locator('.row-entry [col-id="personName"]').click();
      await pasteText(page, ['职工丁', '', '', '', '', '', '', '2017-05-01', '六百'].join('\t') + '\r\n');
      await saved(page);
      await expect.poll(() => sqlAll<{ note: string | null; cash: number }>(file, 'SELECT note, cash_fen AS cash FROM payments WHERE id > 3'))
        .toEqual([{ note: '【粘贴的金额“六百”无法识别，请核对】', cash: 0 }]);
      const row = page.locator('.ag-grid-scrolling-rows .ag-row', { hasText: '职工丁' });
      await expect.poll(() => row.locator('[col-id="cashFen"]').getAttribute('class')).toContain('cell-error');
      // One finding for the cell, not the ledger's and the paste's both.
      await row.locator('[col-id="cashFen"]').hover();
      await expect.poll(() => page.locator('.ag-tooltip').textContent()).toContain('粘贴的金额“六百”无法识别');
      expect(((await page.locator('.ag-tooltip').textContent()) ?? '').match(/六百/g)?.length).toBe(1);
      await page.reload();
      await waitForGrid(page);
      await expect.poll(() => page.locator('.ag-grid-scrolling-rows .ag-row', { hasText: '职工丁' }).locator('[col-id="cashFen"]').getAttribute('class')).toContain('cell-error');
    } finally {
      await s.close();
    }
  });
});

describe('the payments grid: pasted cells not read, settled', () => {
  it('entering the value the row already shows (慰问品金额 0) settles the cell; a 状态 not read is marked on 状态 after a reload', async () => {
    const file = makeLedger();
    const s = await open(file);
    const { page } = s;
    try {
      await expect.poll(() => page.getByTestId('entry-program').inputValue()).not.toBe('');
      await page.locator('.row-entry [col-id="personName"]').click();
      // 姓名 … 发放日期, 金额, 慰问品金额 (two columns on), … 状态 far right: a row of the grid's visible order.
      const cols = await page.locator('.ag-header-cell[col-id]').evaluateAll((els) => els.map((e) => e.getAttribute('col-id')));
      const from = cols.indexOf('personName');
      const line = cols.slice(from).map((c) => ({ personName: '职工戊', paidOn: '2017-05-01', cashFen: '300', goodsFen: '一床棉被', status: '已付' } as Record<string, string>)[c!] ?? '');
      await pasteText(page, line.join('\t') + '\r\n');
      await saved(page);
      await expect.poll(() => sqlAll<{ note: string | null }>(file, 'SELECT note FROM payments WHERE id > 3').map((r) => r.note))
        .toEqual(['【粘贴的慰问品金额“一床棉被”无法识别，请核对】【粘贴的状态“已付”无法识别，请核对】']);
      await page.reload();
      await waitForGrid(page);
      const row = page.locator('.ag-grid-scrolling-rows .ag-row', { hasText: '职工戊' });
      await expect.poll(() => row.locator('[col-id="status"]').getAttribute('class')).toContain('cell-error');
      await expect.poll(() => row.locator('[col-id="goodsFen"]').getAttribute('class')).toContain('cell-error');
      // 0, as the cell already shows, typed over the pasted 一床棉被: the remark and the mark go.
      await row.locator('[col-id="goodsFen"]').click();
      await page.keyboard.press('F2');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('0');
      await page.keyboard.press('Enter');
      await saved(page);
      await expect.poll(() => sqlAll<{ note: string | null }>(file, 'SELECT note FROM payments WHERE id > 3').map((r) => r.note)).toEqual(['【粘贴的状态“已付”无法识别，请核对】']);
      await expect.poll(() => row.locator('[col-id="goodsFen"]').getAttribute('class')).not.toContain('cell-error');
    } finally {
      await s.close();
    }
  });
});

describe('the payments grid: a pasted date not read on a new row', () => {
  it('is kept in 备注, counted in the status bar 错误, reached by F8, and still there after a reload', async () => {
    const file = makeLedger();
    const s = await open(file);
    const { page } = s;
    try {
      await expect.poll(() => page.getByTestId('entry-program').inputValue()).not.toBe('');
      await page.locator('.row-entry [col-id="personName"]').click();
      await pasteText(page, ['职工甲', '', '', '', '', '', '', '2017/13/1', '600'].join('\t') + '\r\n');
      await saved(page);
      await expect.poll(() => sqlAll<{ note: string | null }>(file, 'SELECT note FROM payments WHERE id > 3').map((r) => r.note))
        .toEqual([expect.stringContaining('【粘贴的发放日期“2017/13/1”无法识别')]);
      await expect.poll(() => page.getByTestId('status-errors').textContent()).toContain('1');
      // F8 from the first row lands on the pasted row's problem.
      await cell(page, '职工甲', 'note').first().click();
      await page.keyboard.press('Home');
      await page.keyboard.press('F8');
      await expect.poll(() => page.evaluate(() => document.querySelector('.ag-cell-focus')?.closest('.ag-row')?.textContent ?? '')).toContain('无法识别');
      await page.reload();
      await waitForGrid(page);
      const row = page.locator('.ag-grid-scrolling-rows .ag-row', { hasText: '无法识别' });
      await expect.poll(() => row.locator('[col-id="paidOn"]').getAttribute('class')).toContain('cell-error');
      await expect.poll(() => page.getByTestId('status-errors').textContent()).toContain('1');
    } finally {
      await s.close();
    }
  });
});
