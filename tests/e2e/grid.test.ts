/**
 * The payments grid as a clerk uses it, in Chromium through the bridge over a
 * real ledger: keyboard entry (with a Chinese input method), validation marks and
 * tooltips, a 20-row paste from an .xlsx's text, undo/redo of the paste, sort,
 * filter and the totals row against SQL, fill-down, copy, F8, and a killed server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../electron/core/ledger.ts';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { createPerson } from '../../electron/core/services/people.ts';
import { formatTsv } from '../../renderer/src/grid/clipboard.ts';
import { makeIdNumber } from '../bench/generate.ts';
import { tempDir } from '../helpers/ledger.ts';
import { BODY_ROWS, cell, imeType, pinnedTotals, saved, typingReady, waitForGrid } from './grid-helpers.ts';
import { CHROMIUM_ARGS, CHROMIUM, launchBrowser, openApp, ROOT, screenshot } from './harness.ts';
import { chromium } from 'playwright-core';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A 2017 ledger with a 医疗救助 program (yearly cap 2,000元, warn) where 李强 already has 1,800元. */
function makeLedger(): string {
  const file = path.join(tempDir(), '台账.db');
  const ledger = Ledger.open(file, { actor: '准备' });
  ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) => {
    const programId = createProgram(tx, {
      code: '2017-YL', name: '2017年医疗救助', year: 2017, kind: '医疗救助',
      rules: [{ kind: 'max_cash_per_person_year', amountFen: 200_000, category: null, scope: 'program', otherProgramId: null, severity: 'warn' }],
    });
    const li = createPerson(tx, { name: '李强', idNumber: '530424198001019516' });
    applyPaymentEdits(tx, [{ personId: li, cells: { paidOn: '2017-02-01', cashFen: '1800', unitName: '华宁县水泥厂工会' } }], { programId }, '准备');
  });
  ledger.close();
  return file;
}

/** Fen as the grid shows 元: 1,800.00. */
const fmt = (fen: number) => (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });

function sql<T>(file: string, query: string, ...params: unknown[]): T {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(query).get(...params) as T;
  } finally {
    db.close();
  }
}

async function enterRow(page: Page, name: [string, string], id: string, date: string, cash: string) {
  await page.locator('.row-entry [col-id="personName"]').click();
  await imeType(page, name[0], name[1]);
  await page.keyboard.press('Tab'); // → 身份证号码 (editing continues along the row)
  await page.keyboard.type(id);
  for (let i = 0; i < 6; i++) await page.keyboard.press('Tab'); // → 发放日期
  await page.keyboard.type(date);
  await page.keyboard.press('Tab'); // → 金额
  await page.keyboard.type(cash);
  await page.keyboard.press('Enter');
  await saved(page);
}

describe('the payments grid', () => {
  it('takes keyboard entry of three payments; a bad ID is marked red with a Chinese tooltip and still saved', async () => {
    const file = makeLedger();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await enterRow(page, ['wangfang', '王芳'], '530424197512030026', '2017.3.1', '600');
      await enterRow(page, ['zhangli', '张丽'], '532322196508150040', '2017年3月2日', '1,000.00');
      await enterRow(page, ['zhaoliu', '赵六'], '530424198001019517', '2017-03-03', '0.05万');
      await expect.poll(() => page.locator(BODY_ROWS).count()).toBe(4);
      await expect.poll(() => cell(page, '赵六', 'cashFen').textContent()).toBe('500.00');
      await expect.poll(() => cell(page, '张丽', 'cashFen').textContent()).toBe('1,000.00');
      await expect.poll(() => cell(page, '王芳', 'paidOn').textContent()).toBe('2017-03-01');
      await expect.poll(() => cell(page, '王芳', 'gender').textContent()).toBe('女');
      const badId = cell(page, '赵六', 'idNumber');
      await expect.poll(() => badId.getAttribute('class')).toContain('cell-error');
      expect(await cell(page, '赵六', 'issues').textContent()).toContain('●');
      expect(await cell(page, '王芳', 'issues').textContent()).toBe('');
      await badId.hover();
      const tip = page.locator('.ag-tooltip');
      await tip.waitFor();
      expect(await tip.textContent()).toContain('校验位错误：末位应为 6，实为 7');
      await screenshot(page, 'grid-keyboard-entry-bad-id');
      expect(await page.getByTestId('status-errors').textContent()).toBe('错误 1');
    } finally {
      await s.close();
    }
    const rows = sql<{ n: number; c: number }>(file, 'SELECT count(*) AS n, sum(cash_fen) AS c FROM payments');
    expect(rows).toEqual({ n: 4, c: 180_000 + 60_000 + 100_000 + 50_000 });
    expect(sql<{ id_number: string }>(file, "SELECT id_number FROM people WHERE name = '赵六'").id_number).toBe('530424198001019517');
  });

  it('pastes 20 rows copied from an .xlsx (trailing newline included), marks the one over the yearly cap amber, and undoes/redoes it as one step', async () => {
    const file = makeLedger();
    // The block as Excel puts it on the clipboard: the cells' displayed text, tabs, CRLF, a final CRLF.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('花名册');
    const block: (string | number)[][] = [];
    for (let i = 0; i < 20; i++) {
      const li = i === 7;
      block.push([
        li ? '李强' : `职工${String.fromCharCode(0x7532 + i)}`,
        li ? '530424198001019516' : makeIdNumber('530424', `19${60 + i}-0${(i % 9) + 1}-1${i % 9}`, 10 + i, i % 2 === 0),
        li ? '男' : i % 2 === 0 ? '男' : '女',
        '华宁县水泥厂工会', '2017年医疗救助', '困难职工', '因病', `2017-04-${String(i + 1).padStart(2, '0')}`, li ? 500 : 300 + i * 10,
      ]);
    }
    block.forEach((r) => ws.addRow(r));
    ws.getColumn(9).numFmt = '#,##0.00';
    const buffer = await wb.xlsx.writeBuffer();
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(buffer);
    const sheet = back.getWorksheet('花名册')!;
    // Excel copies what a cell displays: the amount column's #,##0.00 format applied.
    const shown = (c: ExcelJS.Cell) => (typeof c.value === 'number' && c.numFmt === '#,##0.00' ? c.value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : c.text);
    const text = formatTsv(Array.from({ length: sheet.rowCount }, (_, r) => Array.from({ length: 9 }, (_c, c) => shown(sheet.getRow(r + 1).getCell(c + 1)))));
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).toContain('500.00');

    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
      await waitForGrid(page);
      await page.evaluate((t) => navigator.clipboard.writeText(t), text);
      await page.locator('.row-entry [col-id="personName"]').click();
      await page.keyboard.press('ControlOrMeta+V');
      await saved(page);
      await expect.poll(() => page.getByTestId('status-rows').textContent()).toBe('21 行');
      const over = cell(page, '2017-04-08', 'cashFen');
      await expect.poll(() => over.getAttribute('class')).toContain('cell-warn');
      await over.hover();
      await page.locator('.ag-tooltip').waitFor();
      expect(await page.locator('.ag-tooltip').textContent()).toContain('已累计救助1,800元，再发500元将超过2,000元上限');
      expect(await page.getByTestId('status-warnings').textContent()).toBe('警告 1');
      await screenshot(page, 'grid-paste-yearly-cap-warning');
      const pasted = sql<{ n: number; c: number }>(file, "SELECT count(*) AS n, sum(cash_fen) AS c FROM payments WHERE paid_on LIKE '2017-04-%'");
      expect(pasted.n).toBe(20);
      expect(pasted.c).toBe(block.reduce((a, r) => a + Number(r[8]) * 100, 0));
      expect(sql<{ n: number }>(file, "SELECT count(*) AS n FROM commands WHERE kind = 'payments.pasted'").n).toBe(1);

      // One undo step removes the whole paste; redo brings it back.
      await page.locator(BODY_ROWS).first().locator('[col-id="note"]').click();
      await page.keyboard.press('ControlOrMeta+Z');
      await expect.poll(() => page.getByTestId('status-rows').textContent()).toBe('1 行');
      expect(sql<{ n: number }>(file, 'SELECT count(*) AS n FROM payments').n).toBe(1);
      await page.locator(BODY_ROWS).first().locator('[col-id="note"]').click();
      await page.keyboard.press('ControlOrMeta+Y');
      await expect.poll(() => page.getByTestId('status-rows').textContent()).toBe('21 行');
      expect(sql<{ n: number }>(file, 'SELECT count(*) AS n FROM payments').n).toBe(21);
    } finally {
      await s.close();
    }
  });

  it('sorts and filters in SQLite; the totals row equals a SQL sum of the same rows', async () => {
    const file = makeLedger();
    const ledger = Ledger.open(file);
    ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) =>
      applyPaymentEdits(tx, Array.from({ length: 60 }, (_, i) => ({
        cells: {
          personName: `职工${i}`, unitName: i % 3 === 0 ? '盘溪镇工会联合会' : '宁州街道工会', cashFen: String(300 + (i % 7) * 50),
          goodsFen: i % 4 === 0 ? '100' : '', paidOn: `2017-05-${String((i % 28) + 1).padStart(2, '0')}`,
        },
      })), { programId: 1 }, '准备'),
    );
    ledger.close();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await expect.poll(() => page.getByTestId('status-rows').textContent()).toBe('61 行');
      expect(await page.getByTestId('status-filtered').count()).toBe(0);
      // Sort by amount, descending: click the header twice.
      const header = page.locator('.ag-header-cell[col-id="cashFen"] .ag-header-cell-label');
      await header.click();
      await header.click();
      await expect.poll(() => page.locator(`${BODY_ROWS}[row-index="0"] [col-id="cashFen"]`).textContent()).toBe('1,800.00');
      // Filter 工作单位 contains 盘溪 through the column's filter.
      await page.locator('.ag-header-cell[col-id="unitName"] .ag-header-cell-filter-button').click();
      await page.locator('.ag-filter input[type="text"]').first().fill('盘溪');
      await page.keyboard.press('Escape');
      const expected = sql<{ n: number; c: number; g: number }>(file, `SELECT count(*) AS n, sum(p.cash_fen) AS c, sum(p.goods_fen) AS g
        FROM payments p JOIN units u ON u.id = p.unit_id WHERE u.name LIKE '%盘溪%' AND p.paid_on LIKE '2017-%'`);
      await expect.poll(() => page.getByTestId('status-rows').textContent()).toBe(`${expected.n} 行`);
      // The status bar says the view is narrowed, and by which column (not only a dot on the header).
      await expect.poll(() => page.getByTestId('status-filtered').textContent()).toBe('已筛选：工作单位');
      await expect.poll(async () => (await pinnedTotals(page)).cash).toBe(fmt(expected.c));
      expect((await pinnedTotals(page)).goods).toBe(fmt(expected.g));
      const amounts = await page.locator(`${BODY_ROWS} [col-id="cashFen"]`).allTextContents();
      const numbers = amounts.map((a) => Number(a.replace(/,/g, '')));
      expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
      await screenshot(page, 'grid-sorted-filtered-totals');
      // The sort and the filter are saved for the clerk, under their own name (after a short pause).
      await expect.poll(() => sql<{ value: string } | undefined>(file, "SELECT value FROM ui_prefs WHERE key = 'grid.payments' || char(31) || '测试会计'")?.value ?? '').toContain('盘溪');
    } finally {
      await s.close();
    }
    // Reopened: the rows come back sorted and filtered, read once (not read, then read again once the
    // saved sort and filter are applied).
    const calls: string[] = [];
    const again = await openApp(browser, file, undefined, { onCall: (channel) => calls.push(channel) });
    try {
      const { page } = again;
      await waitForGrid(page);
      await expect.poll(() => page.getByTestId('status-rows').textContent()).toMatch(/^\d+ 行$/);
      const shown = await page.locator(`${BODY_ROWS} [col-id="unitName"]`).allTextContents();
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.every((u) => u.includes('盘溪'))).toBe(true);
      // The filter kept from the last session is said at once (a clerk next morning would think rows were lost).
      await expect.poll(() => page.getByTestId('status-filtered').textContent()).toBe('已筛选：工作单位');
      await screenshot(page, 'grid-reopened-filter-said');
      const amounts = (await page.locator(`${BODY_ROWS} [col-id="cashFen"]`).allTextContents()).map((a) => Number(a.replace(/,/g, '')));
      expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
      await page.waitForTimeout(300);
      expect(calls.filter((c) => c === 'payments.page')).toHaveLength(1);
      expect(calls.filter((c) => c === 'payments.totals')).toHaveLength(1);
    } finally {
      await again.close();
    }
  });

  it('fills down (Ctrl+D), copies rows as tab-separated text (Ctrl+C), clears a cell (Delete) and jumps to the next problem (F8)', async () => {
    const file = makeLedger();
    const ledger = Ledger.open(file);
    ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) =>
      applyPaymentEdits(tx, ['甲', '乙', '丙', '丁'].map((n, i) => ({
        cells: { personName: `职工${n}`, cashFen: String(100 * (i + 1)), paidOn: `2017-06-0${i + 1}`, note: `备注${n}`, ...(n === '丙' ? { idNumber: '530424198001019517' } : {}) },
      })), { programId: 1 }, '准备'),
    );
    ledger.close();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
      await waitForGrid(page);
      // Select 职工甲..职工丁 (click, shift+click) with the focus in 备注, and fill down.
      await cell(page, '职工甲', 'note').click();
      await cell(page, '职工丁', 'note').click({ modifiers: ['Shift'] });
      await cell(page, '职工甲', 'note').click({ modifiers: ['Control'] });
      await cell(page, '职工甲', 'note').click({ modifiers: ['Control'] });
      await page.keyboard.press('ControlOrMeta+D');
      await saved(page);
      await expect.poll(() => cell(page, '职工丁', 'note').textContent()).toBe('备注甲');
      expect(sql<{ n: number }>(file, "SELECT count(*) AS n FROM payments WHERE note = '备注甲'").n).toBe(4);

      await page.keyboard.press('ControlOrMeta+C');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      const lines = copied.trimEnd().split('\r\n');
      expect(lines).toHaveLength(4);
      expect(lines[0]!.split('\t')[0]).toBe('职工甲');
      expect(lines[3]!.split('\t')).toContain('400.00');

      await cell(page, '职工乙', 'note').click();
      await page.keyboard.press('Delete');
      await saved(page);
      await expect.poll(() => cell(page, '职工乙', 'note').textContent()).toBe('');

      // F8 from the top lands on the first row with a finding: 职工丙's ID has a bad check digit.
      await cell(page, '李强', 'note').click();
      await page.keyboard.press('F8');
      await expect.poll(() => page.evaluate(() => document.querySelector('.ag-cell-focus')?.closest('.ag-row')?.textContent ?? '')).toContain('职工丙');
      expect(await page.evaluate(() => document.querySelector('.ag-cell-focus')?.getAttribute('col-id'))).toBe('issues');
      // Ctrl+End / Ctrl+Home: the last and the first row of the view.
      const focusedRow = () => page.evaluate(() => document.querySelector('.ag-cell-focus')?.closest('.ag-row')?.getAttribute('row-index'));
      await page.keyboard.press('Control+End');
      await expect.poll(focusedRow).toBe('4');
      await page.keyboard.press('Control+Home');
      await expect.poll(focusedRow).toBe('0');
    } finally {
      await s.close();
    }
  });

  it('an edit is on disk before it is shown: kill the server right after, reopen, the edit is there', async () => {
    const file = makeLedger();
    const { child, url } = await startBridgeProcess(file);
    const page = await (await browser.newContext({ viewport: { width: 1300, height: 700 } })).newPage();
    try {
      await page.goto(url);
      await waitForGrid(page);
      const amount = cell(page, '李强', 'cashFen');
      await amount.dblclick();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('1,234.56');
      await page.keyboard.press('Enter');
      // Shown as saved: the value, no longer greyed as a save on its way (cell-saving: a slow ledger shows the typed text at
      // once; under load the test saw that and killed the server before the write, its one flake).
      await expect.poll(async () => ({ text: await amount.textContent(), saving: await amount.evaluate((el) => el.classList.contains('cell-saving')) }))
        .toEqual({ text: '1,234.56', saving: false });
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    } finally {
      await page.context().close();
    }
    expect(sql<{ c: number }>(file, 'SELECT cash_fen AS c FROM payments').c).toBe(123_456);
    const again = await openApp(browser, file);
    try {
      await waitForGrid(again.page);
      await expect.poll(() => cell(again.page, '李强', 'cashFen').textContent()).toBe('1,234.56');
    } finally {
      await again.close();
    }
  });
});

async function startBridgeProcess(file: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'electron/bridge/cli.ts'), '--db', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`bridge exited ${code}: ${out}`)));
  });
  return { child, url };
}
void chromium;
void CHROMIUM;
void CHROMIUM_ARGS;

/** makeLedger's ledger with 4,000 more payments (职工0 … 职工3999, in that order after 李强's). */
function makeLongLedger(): string {
  const file = makeLedger();
  const ledger = Ledger.open(file);
  ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) =>
    applyPaymentEdits(tx, Array.from({ length: 4000 }, (_, i) => ({
      cells: { personName: `职工${i}`, unitName: '宁州街道工会', cashFen: String(100 + (i % 9) * 100), paidOn: `2017-07-${String((i % 28) + 1).padStart(2, '0')}` },
    })), { programId: 1 }, '准备'),
  );
  ledger.close();
  return file;
}

describe('the payments grid, continued', () => {
  it('opens with the first rows before the totals are asked for, then draws the rows around them', async () => {
    const file = makeLongLedger();
    const s = await openApp(browser, file, undefined, {
      // Each call the page sends, with how many rows had their data on screen at that moment.
      initScript: () => {
        const sent: [string, number][] = [];
        (window as unknown as { sentCalls: typeof sent }).sentCalls = sent;
        const send = WebSocket.prototype.send;
        WebSocket.prototype.send = function (this: WebSocket, data: string) {
          const drawn = [...document.querySelectorAll('.ag-grid-scrolling-rows .ag-row [col-id="personName"]')].filter((c) => c.textContent).length;
          sent.push([(JSON.parse(data) as { channel: string }).channel, drawn]);
          return send.call(this, data);
        };
      },
    });
    const { page } = s;
    try {
      await waitForGrid(page);
      await expect.poll(() => page.getByTestId('status-rows').textContent()).toBe('4001 行');
      const sent = await page.evaluate(() => (window as unknown as { sentCalls: [string, number][] }).sentCalls);
      const totals = sent.filter(([channel]) => channel === 'payments.totals');
      // Asked for once, after the first rows were drawn (the core's scan of the year's rows would
      // otherwise share the 2 cores with drawing them).
      expect(totals.length).toBe(1);
      expect(totals[0]![1]).toBeGreaterThan(10);
      // The totals row has them.
      const expected = sql<{ c: number }>(file, 'SELECT sum(cash_fen) AS c FROM payments');
      await expect.poll(async () => (await pinnedTotals(page)).cash).toBe(fmt(expected.c));
      // The rows just below the view are drawn too (ready for scrolling), though the open drew only those in view.
      const below = () => page.evaluate(() => {
        // The pinned rows (entry, totals) cover the bottom of the scrolling rows' viewport.
        const bottom = document.querySelector('.row-entry')!.getBoundingClientRect().top;
        return [...document.querySelectorAll('.ag-grid-scrolling-rows .ag-row')].filter((r) => r.getBoundingClientRect().top >= bottom).length;
      });
      await expect.poll(below).toBeGreaterThanOrEqual(10);
    } finally {
      await s.close();
    }
  });

  it('a drag down the scroll bar reads the rows it stops at, not every block it passed', async () => {
    // One drag on a freshly opened ledger: how many blocks were read and how many steps stalled.
    const drag = async () => {
      const file = makeLongLedger();
      const calls: string[] = [];
      const s = await openApp(browser, file, undefined, { onCall: (channel) => calls.push(channel) });
      const { page } = s;
      try {
        await waitForGrid(page);
        await expect.poll(() => page.getByTestId('status-rows').textContent()).toBe('4001 行');
        const before = calls.filter((c) => c === 'payments.page').length;
        // 40 scroll steps 8 ms apart down to two thirds of the list, as a drag of the bar does. On a
        // busy machine a step can stall past the grid's scroll pause (60 ms): the drag has paused
        // there, and the rows in view then are read, as they should be. Those stalls are counted.
        const stalls = await page.evaluate(async () => {
          const viewport = document.querySelector('.ag-grid-viewport') as HTMLElement;
          const end = (viewport.scrollHeight - viewport.clientHeight) * (2 / 3);
          let stalled = 0;
          let last = performance.now();
          for (let i = 1; i <= 40; i++) {
            viewport.scrollTop = (end * i) / 40;
            await new Promise((r) => setTimeout(r, 8));
            const now = performance.now();
            if (now - last > 60) stalled++;
            last = now;
          }
          return stalled;
        });
        // The rows in view come with their data, in the ledger's order.
        const inView = () => page.evaluate(() => [...document.querySelectorAll('.ag-grid-scrolling-rows .ag-row')]
          .filter((r) => { const b = r.getBoundingClientRect(); return b.top > 120 && b.bottom < 700; })
          .map((r) => [Number(r.getAttribute('row-index')), r.querySelector('[col-id="personName"]')?.textContent ?? '']));
        await expect.poll(async () => {
          const rows = await inView();
          return rows.length > 5 && rows.every(([index, name]) => name === `职工${Number(index) - 1}`);
        }).toBe(true);
        return { reads: calls.filter((c) => c === 'payments.page').length - before, stalls };
      } finally {
        await s.close();
      }
    };
    // It passes about 27 blocks of 100 rows. It reads the ones in view where it stops (and maybe a
    // neighbour): 2–4, and up to two more at each stall (a pause). Reading the blocks passed, as
    // before the scroll queue, was 17–21 on a quiet machine.
    // A machine so busy that half the steps stall (20 or more of 40) makes no drag but a row of
    // pauses, each of which rightly reads the rows in view (CI once saw 33 stalls and 18 reads):
    // that run measures nothing, so the drag is made again on a fresh ledger, up to three times.
    let run = await drag();
    for (let attempt = 1; attempt < 3 && run.stalls >= 20; attempt++) run = await drag();
    expect(run.reads).toBeGreaterThan(0);
    if (run.stalls < 20) {
      expect(run.reads, `${run.stalls} stalled steps`).toBeLessThanOrEqual(Math.min(4 + 2 * run.stalls, 14));
    } else {
      // Still no drag in three tries: at least not more reads than blocks passed.
      expect(run.reads, `${run.stalls} stalled steps`).toBeLessThanOrEqual(24);
    }
  }, 120_000);

  it('searches: the first rows come before the view is counted, then the count, the totals and the last row are right', async () => {
    const file = makeLedger();
    const ledger = Ledger.open(file);
    ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) =>
      applyPaymentEdits(tx, Array.from({ length: 330 }, (_, i) => ({
        cells: {
          personName: `职工${i}`, unitName: i % 2 === 0 ? '盘溪镇工会联合会' : '宁州街道工会', cashFen: String(300 + (i % 7) * 50),
          paidOn: `2017-06-${String((i % 28) + 1).padStart(2, '0')}`,
        },
      })), { programId: 1 }, '准备'),
    );
    ledger.close();
    const expected = sql<{ n: number; c: number; last: string }>(file, `SELECT count(*) AS n, sum(p.cash_fen) AS c, max(pe.name) AS last FROM payments p
      JOIN units u ON u.id = p.unit_id JOIN people pe ON pe.id = p.person_id WHERE u.name LIKE '%盘溪%' AND p.paid_on LIKE '2017-%'`);
    expect(expected.n).toBeGreaterThan(100); // more than the first page
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await page.getByTestId('grid-search').fill('盘溪');
      await expect.poll(() => page.getByTestId('status-rows').textContent()).toBe(`${expected.n} 行`);
      const units = await page.locator(`${BODY_ROWS} [col-id="unitName"]`).allTextContents();
      expect(units.length).toBeGreaterThan(10);
      expect(units.every((u) => u.includes('盘溪'))).toBe(true);
      await expect.poll(async () => (await pinnedTotals(page)).cash).toBe(fmt(expected.c));
      // The grid's row count came with the totals: Ctrl+End lands on the view's last row.
      await page.locator(`${BODY_ROWS}[row-index="0"] [col-id="note"]`).click();
      await page.keyboard.press('Control+End');
      const focused = () => page.evaluate(() => document.querySelector('.ag-cell-focus')?.closest('.ag-row')?.getAttribute('row-index'));
      await expect.poll(focused).toBe(String(expected.n - 1));
      await expect.poll(() => page.locator(`${BODY_ROWS}[row-index="${expected.n - 1}"] [col-id="unitName"]`).textContent()).toContain('盘溪');
    } finally {
      await s.close();
    }
  });

  it('looks people up by name or ID, offers to register a valid unknown ID, remembers column widths, and undoes after a restart', async () => {
    const file = makeLedger();
    let s = await openApp(browser, file);
    try {
      const { page } = s;
      await waitForGrid(page);
      // Lookup by the start of an ID number: 李强 is offered and chosen with Enter.
      await page.locator('.row-entry [col-id="personName"]').click();
      await typingReady(page);
      await page.keyboard.type('5304241980');
      await page.getByTestId('person-editor').locator('li', { hasText: '李强' }).waitFor();
      // The cell under the lookup shows nothing of the text being typed (the lookup shows it).
      expect(await page.locator('.row-entry [col-id="personName"]').evaluate((el) => getComputedStyle(el).color)).toBe('rgba(0, 0, 0, 0)');
      const liRowsBefore = await page.locator(BODY_ROWS, { hasText: '李强' }).count();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      // Enter takes the chosen person and goes on to the next cell of the same payment.
      await saved(page);
      await expect.poll(() => page.locator('.row-entry [col-id="personName"]').textContent()).toBe('李强');
      await page.locator('.row-entry [col-id="idNumber"].ag-cell-inline-editing').waitFor();
      await page.keyboard.press('Enter'); // done with this entry
      // The next entry row is ready and blank; the finished one has moved into the list.
      await expect.poll(() => page.locator('.row-entry [col-id="personName"]').textContent()).toBe('');
      await expect.poll(() => page.locator(BODY_ROWS, { hasText: '李强' }).count()).toBe(liRowsBefore + 1);
      // Enter on the ID cell, whose editor opened before the chosen person's ID arrived, changed nothing.
      expect(sql<{ id: string }>(file, "SELECT id_number AS id FROM people WHERE name = '李强'").id).toBe('530424198001019516');
      // A valid ID that nobody has: the editor offers to register the person, gender and birth date from the ID.
      await page.locator('.row-entry [col-id="personName"]').click();
      await typingReady(page);
      await page.keyboard.type('44030419900307123X');
      await page.getByTestId('offer-create-person').waitFor();
      expect(await page.getByTestId('offer-create-person').textContent()).toContain('男，1990-03-07');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.getByTestId('create-person-dialog').waitFor();
      // The name field keeps focus, and the clerk types straight into it: the grid's own Enter (down to
      // the totals row, then back to the entry row) and its input-method field leave a dialog's focus alone.
      // They took it within ~10 ms before; the keys then went to the grid behind the dialog.
      const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.className ?? null);
      await page.waitForTimeout(300);
      expect(await focusedTestId()).toBe('create-person-name');
      await page.keyboard.type('孙七');
      expect(await page.getByTestId('create-person-name').inputValue()).toBe('孙七');
      await screenshot(page, 'grid-create-person-dialog');
      await page.getByTestId('create-person-dialog').locator('button[type="submit"]').click();
      await saved(page);
      await expect.poll(() => page.locator('.row-entry [col-id="personName"]').textContent()).toBe('孙七');
      // Closed, the dialog gives focus back to the entry row.
      await expect.poll(() => page.evaluate(() => document.querySelector('.ag-cell-focus')?.closest('.ag-row')?.classList.contains('row-entry') ?? false)).toBe(true);
      expect(sql<{ gender: string; birth_date: string }>(file, "SELECT gender, birth_date FROM people WHERE id_number = '44030419900307123X'")).toEqual({ gender: '男', birth_date: '1990-03-07' });

      // Widen 备注 by dragging its header edge; the width is kept per user.
      await page.locator('.row-entry [col-id="note"]').click(); // brings 备注 into view
      const resize = page.locator('.ag-header-cell[col-id="note"] .ag-header-cell-resize');
      const box = (await resize.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + 120, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
      await page.waitForTimeout(700);
      const width = await page.locator('.ag-header-cell[col-id="note"]').evaluate((e) => e.getBoundingClientRect().width);
      expect(width).toBeGreaterThan(290);

      // An edit, then the app is closed.
      const amount = cell(page, '2017-02-01', 'cashFen');
      await amount.dblclick();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('1900');
      await page.keyboard.press('Enter');
      await saved(page);
    } finally {
      await s.close();
    }
    s = await openApp(browser, file);
    try {
      const { page } = s;
      await waitForGrid(page);
      await expect.poll(() => page.locator('.ag-header-cell[col-id="note"]').evaluate((e) => e.getBoundingClientRect().width)).toBeGreaterThan(290);
      await cell(page, '2017-02-01', 'note').click();
      await page.keyboard.press('ControlOrMeta+Z');
      await expect.poll(() => cell(page, '2017-02-01', 'cashFen').textContent()).toBe('1,800.00');
    } finally {
      await s.close();
    }
    expect(sql<{ c: number }>(file, "SELECT cash_fen AS c FROM payments WHERE paid_on = '2017-02-01'").c).toBe(180_000);
  });
});
