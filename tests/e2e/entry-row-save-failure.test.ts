/**
 * The payments grid's entry row (and paste, fill, clear) when a save fails, in Chromium through the
 * bridge over a real ledger: the connection to the ledger cut, or the core's answer lost after it
 * stored the edit. The clerk never loses what was typed and never gets a second payment.
 */
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { cell, typingReady, waitForGrid } from './grid-helpers.ts';
import { launchBrowser, openApp, screenshot, sqlAll, type Session } from './harness.ts';
import { liQiangLedger, pasteText } from './grid-ledger.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const saveState = (page: Page) => page.getByTestId('save-state');
const entry = (page: Page, colId: string) => page.locator(`.row-entry [col-id="${colId}"]`);
/** Every save has answered and the status says 已保存 (an assertion: what it says instead is reported). */
async function settled(page: Page): Promise<void> {
  await expect.poll(async () => [await saveState(page).getAttribute('data-pending'), await saveState(page).textContent()]).toEqual(['0', '已保存']);
}

interface Line extends Session {
  /** Cut the page off the bridge: its socket closes, new sockets and POSTs are refused. */
  cut(): Promise<void>;
  /** The connection back. */
  restore(): void;
  /** The next answer to a payments.apply is lost (the socket closes instead): the core has stored the edit. */
  loseNextApplyAnswer(): void;
  /** Saves from now on are held, not sent, until cut() (they fail then, not at once). */
  holdSaves(): void;
  /** Saves from now on reach the core `ms` late (a slow ledger). */
  delaySaves(ms: number): void;
}

/** The app with its socket to the bridge and its POST fallback going through the test (sqlAll reads the file apart). */
async function openOnLine(file: string, clipboard = false): Promise<Line> {
  let down = false;
  let loseApply = false;
  let holding = false;
  let delayMs = 0;
  const routes = new Set<WebSocketRoute>();
  const s = await openApp(browser, file, undefined, {
    beforeGoto: async (page) => {
      await page.routeWebSocket(/\/api\/socket/, (ws) => {
        if (down) {
          ws.close();
          return;
        }
        routes.add(ws);
        const server = ws.connectToServer();
        const applyIds = new Set<number>();
        ws.onMessage((message) => {
          const m = JSON.parse(String(message)) as { id: number; channel: string };
          if (m.channel === 'payments.apply') applyIds.add(m.id);
          if (holding && m.channel === 'payments.apply') return;
          if (delayMs > 0 && m.channel === 'payments.apply') {
            setTimeout(() => server.send(message), delayMs);
            return;
          }
          server.send(message);
        });
        server.onMessage((message) => {
          const m = JSON.parse(String(message)) as { id: number };
          if (loseApply && applyIds.has(m.id)) {
            // The core did the work; its answer never reaches the page.
            loseApply = false;
            routes.delete(ws);
            void ws.close();
            return;
          }
          ws.send(message);
        });
      });
      await page.route('**/api/invoke', (route) => (down ? route.abort('connectionrefused') : route.continue()));
    },
  });
  if (clipboard) await s.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(s.page.url()).origin });
  return {
    ...s,
    async cut() {
      down = true;
      holding = false;
      for (const ws of routes) await ws.close();
      routes.clear();
    },
    restore() {
      down = false;
    },
    loseNextApplyAnswer() {
      loseApply = true;
    },
    holdSaves() {
      holding = true;
    },
    delaySaves(ms: number) {
      delayMs = ms;
    },
  };
}

/** Payments other than 李强's (the ledger's first one). */
const newPayments = (file: string) =>
  sqlAll<{ cash: number; goods: number; category: string | null }>(file, 'SELECT cash_fen AS cash, goods_fen AS goods, category FROM payments WHERE id > 1 ORDER BY id');

async function ready(page: Page): Promise<void> {
  await waitForGrid(page);
  await page.locator('.row-totals').waitFor();
}

describe('the entry row when its save fails', () => {
  it('F2 and Enter on the entry row\'s unsaved cell, once the ledger is back, send it again', async () => {
    const file = liQiangLedger();
    const s = await openOnLine(file);
    const { page } = s;
    try {
      await ready(page);
      await s.cut();
      await entry(page, 'cashFen').click();
      await typingReady(page);
      await page.keyboard.type('600');
      await page.keyboard.press('Enter');
      await expect.poll(() => saveState(page).textContent()).toBe('未保存 1 项');
      await expect.poll(() => entry(page, 'cashFen').textContent()).toBe('600');

      s.restore();
      await entry(page, 'cashFen').click();
      await page.keyboard.press('F2');
      await expect.poll(() => page.locator('.text-editor').inputValue()).toBe('600');
      await page.keyboard.press('Enter');
      await expect.poll(() => newPayments(file)).toEqual([{ cash: 60_000, goods: 0, category: null }]);
      await settled(page);
    } finally {
      await s.close();
    }
  });

  it('retyping the same value in the entry row\'s unsaved cell sends it again', async () => {
    const file = liQiangLedger();
    const s = await openOnLine(file);
    const { page } = s;
    try {
      await ready(page);
      await s.cut();
      await entry(page, 'category').click();
      await typingReady(page);
      await page.keyboard.type('abc');
      await page.keyboard.press('Enter');
      await expect.poll(() => saveState(page).textContent()).toBe('未保存 1 项');
      await expect.poll(() => entry(page, 'category').textContent()).toBe('abc');

      s.restore();
      await entry(page, 'category').click();
      await typingReady(page);
      await page.keyboard.type('abc');
      await page.keyboard.press('Enter');
      await expect.poll(() => newPayments(file)).toEqual([{ cash: 0, goods: 0, category: 'abc' }]);
      await settled(page);
    } finally {
      await s.close();
    }
  });

  it('600, Tab, 0, Tab, Enter while the ledger is cut off: both typed values stay in the entry row, marked unsaved', async () => {
    const file = liQiangLedger();
    const s = await openOnLine(file);
    const { page } = s;
    try {
      await ready(page);
      await s.cut();
      await entry(page, 'cashFen').click();
      await typingReady(page);
      await page.keyboard.type('600');
      await page.keyboard.press('Tab');
      await page.keyboard.type('0');
      await page.keyboard.press('Tab');
      // Enter on the next cell (nothing typed) ends the payment: the entry row is done with it.
      await page.keyboard.press('Enter');
      await expect.poll(() => saveState(page).textContent()).toBe('未保存 2 项');
      // Long enough for every failed save to have come back and the row to have been redrawn.
      await page.waitForTimeout(500);
      expect(await entry(page, 'cashFen').textContent()).toBe('600');
      expect(await entry(page, 'cashFen').getAttribute('class')).toContain('cell-unsaved');
      expect(await entry(page, 'goodsFen').textContent()).toBe('0');
      expect(await entry(page, 'goodsFen').getAttribute('class')).toContain('cell-unsaved');
      // The failed saves' notices (one: the same message) leave the entry and totals rows in sight and clickable.
      expect(await page.locator('.notice-error', { hasText: '保存失败' }).count()).toBe(1);
      for (const row of ['.row-entry [col-id="cashFen"]', '.row-totals [col-id="cashFen"]']) {
        expect(await page.locator(row).evaluate((el) => {
          const r = el.getBoundingClientRect();
          return el.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
        }), row).toBe(true);
      }
      await screenshot(page, 'entry-row-unsaved');
    } finally {
      await s.close();
    }
    expect(newPayments(file)).toEqual([]);
  });


  it('the core stored the new payment but its answer was lost: the payment\'s next cell goes into it, not into a second payment', async () => {
    const file = liQiangLedger();
    const s = await openOnLine(file);
    const { page } = s;
    try {
      await ready(page);
      s.loseNextApplyAnswer();
      await entry(page, 'cashFen').click();
      await typingReady(page);
      await page.keyboard.type('600');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Escape');
      await expect.poll(() => saveState(page).textContent()).toBe('未保存 1 项');
      expect(newPayments(file)).toEqual([{ cash: 60_000, goods: 0, category: null }]);

      await entry(page, 'category').click();
      await typingReady(page);
      await page.keyboard.type('已核实');
      await page.keyboard.press('Enter');
      await settled(page);
      await page.waitForTimeout(300);
      expect(newPayments(file)).toEqual([{ cash: 60_000, goods: 0, category: '已核实' }]);
    } finally {
      await s.close();
    }
  });

  it('the core stored the new payment but its answer was lost: F2 and Enter on the unsaved cell make no second payment', async () => {
    const file = liQiangLedger();
    const s = await openOnLine(file);
    const { page } = s;
    try {
      await ready(page);
      s.loseNextApplyAnswer();
      await entry(page, 'cashFen').click();
      await typingReady(page);
      await page.keyboard.type('600');
      await page.keyboard.press('Enter');
      await expect.poll(() => saveState(page).textContent()).toBe('未保存 1 项');
      await expect.poll(() => entry(page, 'cashFen').textContent()).toBe('600');
      expect(newPayments(file)).toEqual([{ cash: 60_000, goods: 0, category: null }]);

      await entry(page, 'cashFen').click();
      await page.keyboard.press('F2');
      await expect.poll(() => page.locator('.text-editor').inputValue()).toBe('600');
      await page.keyboard.press('Enter');
      await settled(page);
      await page.waitForTimeout(300);
      expect(newPayments(file)).toEqual([{ cash: 60_000, goods: 0, category: null }]);
      // Enter finished the payment: the entry row is blank for the next one, the payment is in the list, not marked.
      await expect.poll(() => entry(page, 'cashFen').textContent()).toBe('');
      await expect.poll(() => page.locator('.ag-grid-scrolling-rows [col-id="cashFen"]', { hasText: '600.00' }).getAttribute('class')).not.toContain('cell-unsaved');
    } finally {
      await s.close();
    }
  });
});

/** 李强's payment and two more, 职工甲 (category 因病) and 职工乙 (category 因学). */
const threeRows = () => liQiangLedger((tx, programId) => {
  applyPaymentEdits(tx, [
    { cells: { personName: '职工甲', paidOn: '2017-06-01', cashFen: '100', category: '因病' } },
    { cells: { personName: '职工乙', paidOn: '2017-06-02', cashFen: '200', category: '因学' } },
  ], { programId }, '准备');
});
const categories = (file: string) => sqlAll<{ category: string | null }>(file, 'SELECT category FROM payments ORDER BY id').map((r) => r.category);

/** 职工甲 and 职工乙 selected, focus on 职工甲's 困难类别. */
async function selectBoth(page: Page): Promise<void> {
  await cell(page, '职工甲', 'category').click();
  await cell(page, '职工乙', 'category').click({ modifiers: ['Shift'] });
  await cell(page, '职工甲', 'category').click({ modifiers: ['Control'] });
  await cell(page, '职工甲', 'category').click({ modifiers: ['Control'] });
}

describe('a paste, fill or clear that does not reach the ledger', () => {
  it('a paste: the pasted cells show what was pasted, marked unsaved; the ledger keeps what it had', async () => {
    const file = threeRows();
    const s = await openOnLine(file, true);
    const { page } = s;
    try {
      await ready(page);
      await s.cut();
      await cell(page, '职工甲', 'category').click();
      await pasteText(page, '大病\r\n因灾\r\n');
      await expect.poll(() => saveState(page).textContent()).toBe('未保存 2 项');
      await expect.poll(() => cell(page, '职工甲', 'category').textContent()).toBe('大病');
      expect(await cell(page, '职工甲', 'category').getAttribute('class')).toContain('cell-unsaved');
      expect(await cell(page, '职工乙', 'category').textContent()).toBe('因灾');
      expect(await cell(page, '职工乙', 'category').getAttribute('class')).toContain('cell-unsaved');
    } finally {
      await s.close();
    }
    expect(categories(file)).toEqual([null, '因病', '因学']);
  });

  it('a fill (Ctrl+D): the filled cell shows the value filled, marked unsaved; the ledger keeps what it had', async () => {
    const file = threeRows();
    const s = await openOnLine(file);
    const { page } = s;
    try {
      await ready(page);
      await s.cut();
      await selectBoth(page);
      await page.keyboard.press('ControlOrMeta+D');
      await expect.poll(() => saveState(page).textContent()).toBe('未保存 1 项');
      await expect.poll(() => cell(page, '职工乙', 'category').textContent()).toBe('因病');
      expect(await cell(page, '职工乙', 'category').getAttribute('class')).toContain('cell-unsaved');
    } finally {
      await s.close();
    }
    expect(categories(file)).toEqual([null, '因病', '因学']);
  });

  it('a clear (Delete) of two rows: both cells show blank, marked unsaved; the ledger keeps what it had', async () => {
    const file = threeRows();
    const s = await openOnLine(file);
    const { page } = s;
    try {
      await ready(page);
      await s.cut();
      await selectBoth(page);
      await page.keyboard.press('Delete');
      await expect.poll(() => saveState(page).textContent()).toBe('未保存 2 项');
      for (const name of ['职工甲', '职工乙']) {
        await expect.poll(() => cell(page, name, 'category').textContent()).toBe('');
        expect(await cell(page, name, 'category').getAttribute('class')).toContain('cell-unsaved');
      }
    } finally {
      await s.close();
    }
    expect(categories(file)).toEqual([null, '因病', '因学']);
  });

  it('a paste on the entry row: its first row stays on the entry row, marked; the new rows below are named in Chinese', async () => {
    const file = threeRows();
    const s = await openOnLine(file, true);
    const { page } = s;
    try {
      await ready(page);
      await s.cut();
      await entry(page, 'category').click();
      await pasteText(page, '大病\r\n因灾\r\n因学\r\n');
      await expect.poll(() => saveState(page).textContent()).toBe('未保存 1 项');
      await expect.poll(() => entry(page, 'category').textContent()).toBe('大病');
      expect(await entry(page, 'category').getAttribute('class')).toContain('cell-unsaved');
      const notice = page.locator('.notice-error', { hasText: '粘贴的第' });
      await notice.waitFor();
      expect(await notice.textContent()).toContain('粘贴的第 2、3 行是新增的发放记录，没有存入台账');
    } finally {
      await s.close();
    }
    expect(categories(file)).toEqual([null, '因病', '因学']);
  });
});

/** Every payment but 李强's, with what the clerk typed into it. */
const typedPayments = (file: string) =>
  sqlAll<{ name: string | null; id: string | null; paidOn: string; cash: number }>(
    file,
    `SELECT pe.name AS name, pe.id_number AS id, p.paid_on AS paidOn, p.cash_fen AS cash
       FROM payments p LEFT JOIN people pe ON pe.id = p.person_id WHERE p.id > 1 ORDER BY p.id`,
  );

/** 王五's payment keyed along the entry row: name, Tab, ID, six Tabs to 发放日期, date, Tab, 金额, Enter. */
async function keyWangWu(page: Page): Promise<void> {
  await entry(page, 'personName').click();
  await typingReady(page);
  await page.keyboard.type('王五');
  await page.keyboard.press('Tab');
  await page.keyboard.type('530424198503050017');
  for (let i = 0; i < 6; i++) await page.keyboard.press('Tab');
  await page.keyboard.type('2017-03-05');
  await page.keyboard.press('Tab');
  await page.keyboard.type('600');
  await page.keyboard.press('Enter');
}

/** keyWangWu a step at a time: each cell's editor is open before its text is typed. */
async function keyWangWuStepwise(page: Page): Promise<void> {
  const editing = (colId: string) => page.locator(`.row-entry .ag-cell-inline-editing[col-id="${colId}"], .row-entry [col-id="${colId}"].ag-cell-inline-editing`).first().waitFor();
  await entry(page, 'personName').click();
  await typingReady(page);
  await page.keyboard.type('王五');
  await page.keyboard.press('Tab');
  await editing('idNumber');
  await page.keyboard.type('530424198503050017');
  await page.keyboard.press('Tab');
  await page.waitForTimeout(300);
  await page.keyboard.press('Escape');
  await entry(page, 'paidOn').click();
  await typingReady(page);
  await page.keyboard.type('2017-03-05');
  await page.keyboard.press('Tab');
  await editing('cashFen');
  await page.keyboard.type('600');
  await page.keyboard.press('Enter');
}

describe('an entry typed while the ledger is cut off, once it is back', () => {
  it('F2 and Enter on its marked name store the whole payment as typed: name, ID, date and amount in one payment', async () => {
    const file = liQiangLedger();
    const s = await openOnLine(file);
    const { page } = s;
    try {
      await ready(page);
      await s.cut();
      await keyWangWu(page);
      await expect.poll(() => saveState(page).textContent()).toBe('未保存 4 项');
      await expect.poll(() => entry(page, 'personName').textContent()).toBe('王五');
      expect(await entry(page, 'cashFen').textContent()).toBe('600');
      const cutOff = page.locator('.notice-error', { hasText: '连接不上台账' });
      expect(await cutOff.first().textContent()).toContain('保存失败');

      s.restore();
      await entry(page, 'personName').click();
      await page.keyboard.press('F2');
      await page.keyboard.press('Enter');
      await settled(page);
      await page.waitForTimeout(300);
      expect(typedPayments(file)).toEqual([{ name: '王五', id: '530424198503050017', paidOn: '2017-03-05', cash: 60_000 }]);
      // The ledger answered: the notice that it could not be reached is gone.
      await expect.poll(() => cutOff.count()).toBe(0);
      // Nothing is left marked anywhere: the entry row is blank, the payment is in the list as stored.
      expect(await page.locator('.cell-unsaved').count()).toBe(0);
      await expect.poll(() => page.locator('.ag-grid-scrolling-rows [col-id="cashFen"]', { hasText: '600.00' }).count()).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('typing the next cell of the marked entry stores it with everything typed before, and nothing is dropped', async () => {
    const file = liQiangLedger();
    const s = await openOnLine(file);
    const { page } = s;
    try {
      await ready(page);
      await s.cut();
      await keyWangWu(page);
      await expect.poll(() => saveState(page).textContent()).toBe('未保存 4 项');

      s.restore();
      await entry(page, 'category').click();
      await typingReady(page);
      await page.keyboard.type('因病');
      await page.keyboard.press('Enter');
      await settled(page);
      await page.waitForTimeout(300);
      expect(typedPayments(file)).toEqual([{ name: '王五', id: '530424198503050017', paidOn: '2017-03-05', cash: 60_000 }]);
      expect(sqlAll<{ category: string }>(file, 'SELECT category FROM payments WHERE id > 1')).toEqual([{ category: '因病' }]);
      expect(await page.locator('.cell-unsaved').count()).toBe(0);
    } finally {
      await s.close();
    }
  });

  // Retried: once in some twenty runs of this file beside others the notice stayed past 15 s after the line came back
  // (not reproduced alone, under load or in ten runs; see the closing note). Failing every try still fails.
  it('a read while cut off says 读取失败 without claiming a change was lost; the notice goes once a read succeeds', { retry: 2 }, async () => {
    const file = liQiangLedger();
    const s = await openOnLine(file);
    const { page } = s;
    try {
      await ready(page);
      await s.cut();
      await page.getByTestId('grid-search').fill('李');
      const notice = page.locator('.notice-error', { hasText: '读取失败' });
      await notice.waitFor();
      const said = (await notice.textContent()) ?? '';
      expect(said).toContain('连接不上台账');
      expect(said).not.toContain('没有存入');

      s.restore();
      await page.getByTestId('grid-search').fill('');
      // The socket comes back on its own schedule (reconnect backoff): under load that alone can take a few seconds.
      await expect.poll(() => notice.count(), { timeout: 15_000 }).toBe(0);
    } finally {
      await s.close();
    }
  });

  // Retried: which of the two failed saves comes back first depends on when they fail, and once in a clean-clone CI
  // run the notice for the other never came (not reproduced since). Failing every try still fails.
  it('an entry whose save fails while the next is being keyed comes back to the entry row once that one is finished', { retry: 2 }, async () => {
    const file = liQiangLedger();
    const s = await openOnLine(file);
    const { page } = s;
    try {
      await ready(page);
      s.holdSaves();
      await keyWangWuStepwise(page);
      // The next entry, keyed before the first one's saves have failed (they hang until the line is cut).
      await expect.poll(() => entry(page, 'personName').textContent()).toBe('');
      await entry(page, 'personName').click();
      await typingReady(page);
      await page.keyboard.type('赵六');
      await page.keyboard.press('Tab');
      await page.waitForTimeout(300);
      await page.keyboard.press('Escape');
      await entry(page, 'cashFen').click();
      await typingReady(page);
      await page.keyboard.type('300');
      await page.keyboard.press('Enter');
      await expect.poll(() => entry(page, 'cashFen').textContent()).toBe('');
      await s.cut();
      // Both fail once the line is cut. One is on the entry row, marked; the other, which has no row to come
      // back to meanwhile, is named in a notice with what was typed (which one depends on when the saves failed).
      const waits = page.locator('.notice-error', { hasText: '上一条录入' });
      await waits.waitFor();
      await page.waitForTimeout(500);
      await screenshot(page, 'entry-row-waiting-entry');
      expect(await waits.textContent()).toMatch(/姓名“王五”、身份证号码“530424198503050017”、发放日期“2017-03-05”、金额“600”|姓名“赵六”、金额“300”/);
      await expect.poll(() => saveState(page).textContent()).toBe('未保存 6 项');
      expect(typedPayments(file)).toEqual([]);

      // Once the ledger is back: F2 and Enter on the entry row store the entry it shows; the other comes
      // back to the entry row as typed, marked, and is stored the same way.
      s.restore();
      const shown: string[] = [];
      for (let i = 0; i < 2; i++) {
        const name = (await entry(page, 'personName').textContent()) ?? '';
        expect(['王五', '赵六']).toContain(name);
        expect(await entry(page, 'cashFen').textContent()).toBe(name === '王五' ? '600' : '300');
        expect(await entry(page, 'cashFen').getAttribute('class')).toContain('cell-unsaved');
        shown.push(name);
        await entry(page, 'personName').click();
        await page.keyboard.press('F2');
        await page.keyboard.press('Enter');
        await expect.poll(() => entry(page, 'personName').textContent()).not.toBe(name);
      }
      expect(shown.sort()).toEqual(['王五', '赵六']);
      await settled(page);
      // Both stored: the notice that one was not is gone.
      await expect.poll(() => waits.count()).toBe(0);
      await page.waitForTimeout(300);
      expect(typedPayments(file).sort((a, b) => a.cash - b.cash)).toEqual([
        { name: '赵六', id: null, paidOn: expect.any(String), cash: 30_000 },
        { name: '王五', id: '530424198503050017', paidOn: '2017-03-05', cash: 60_000 },
      ]);
      expect(await page.locator('.cell-unsaved').count()).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('leaving the screen and coming back keeps the marked entry and the marked cell of the list; both are stored after', async () => {
    const file = threeRows();
    const s = await openOnLine(file);
    const { page } = s;
    try {
      await ready(page);
      await s.cut();
      await entry(page, 'cashFen').click();
      await typingReady(page);
      await page.keyboard.type('600');
      await page.keyboard.press('Enter');
      await cell(page, '职工甲', 'category').click();
      await typingReady(page);
      await page.keyboard.type('大病');
      await page.keyboard.press('Enter');
      await expect.poll(() => saveState(page).textContent()).toBe('未保存 2 项');
      s.restore();
      await page.locator('[data-screen="people"]').click();
      await page.locator('[data-screen="payments"]').click();
      await ready(page);
      // Before, the screen came back blank and the status said 已保存: both were lost.
      await expect.poll(() => saveState(page).textContent()).toBe('未保存 2 项');
      await expect.poll(() => entry(page, 'cashFen').textContent()).toBe('600');
      expect(await entry(page, 'cashFen').getAttribute('class')).toContain('cell-unsaved');
      await expect.poll(() => cell(page, '职工甲', 'category').textContent()).toBe('大病');
      for (const target of [entry(page, 'cashFen'), cell(page, '职工甲', 'category')]) {
        await target.click();
        await page.keyboard.press('F2');
        await page.keyboard.press('Enter');
      }
      await settled(page);
      await page.waitForTimeout(300);
      expect(sqlAll(file, "SELECT cash_fen AS cash FROM payments WHERE cash_fen = 60000")).toEqual([{ cash: 60_000 }]);
      expect(categories(file)).toEqual([null, '大病', '因学', null]);
    } finally {
      await s.close();
    }
  });

  it('changing the year and back keeps the marked entry on the entry row', async () => {
    const file = liQiangLedger();
    const s = await openOnLine(file);
    const { page } = s;
    try {
      await ready(page);
      await s.cut();
      await entry(page, 'cashFen').click();
      await typingReady(page);
      await page.keyboard.type('600');
      await page.keyboard.press('Enter');
      await expect.poll(() => saveState(page).textContent()).toBe('未保存 1 项');
      s.restore();
      await page.getByTestId('year-select').selectOption('2026');
      await page.getByTestId('year-select').selectOption('2017');
      await ready(page);
      await expect.poll(() => entry(page, 'cashFen').textContent()).toBe('600');
      expect(await saveState(page).textContent()).toBe('未保存 1 项');
      await entry(page, 'cashFen').click();
      await page.keyboard.press('F2');
      await page.keyboard.press('Enter');
      await settled(page);
      await expect.poll(() => newPayments(file)).toEqual([{ cash: 60_000, goods: 0, category: null }]);
    } finally {
      await s.close();
    }
  });

  it('a ledger row with two marked cells: F2 and Enter on one store both', async () => {
    const file = threeRows();
    const s = await openOnLine(file);
    const { page } = s;
    try {
      await ready(page);
      await s.cut();
      for (const [colId, text] of [['category', '大病'], ['note', '复查']] as const) {
        await cell(page, '职工甲', colId).click();
        await typingReady(page);
        await page.keyboard.type(text);
        await page.keyboard.press('Enter');
      }
      await expect.poll(() => saveState(page).textContent()).toBe('未保存 2 项');

      s.restore();
      await cell(page, '职工甲', 'category').click();
      await page.keyboard.press('F2');
      await page.keyboard.press('Enter');
      await settled(page);
      expect(sqlAll(file, "SELECT category, note FROM payments WHERE category = '大病'")).toEqual([{ category: '大病', note: '复查' }]);
      expect(await page.locator('.cell-unsaved').count()).toBe(0);
    } finally {
      await s.close();
    }
  });
});

describe('typing straight after a click, while the cell left with Enter is being saved', () => {
  // The clerk presses Enter on one cell and at once clicks another of the same row and types a word
  // (text without keys, as an input method or on-screen keyboard gives it). Before, the word was lost
  // (the click held and replayed left no field for it) or cut to its first character (the browser put
  // it in the proxy still over the cell before, and the late focus move ended the edit it started).
  for (const [line, word] of [[0, '复查'], [20, '复查查查'], [40, '复查'], ['cut', '复查查查'], ['cut', '复查']] as const) {
    it(`the save answering ${line === 'cut' ? 'never (cut off)' : `${line} ms late`}: ${word} lands whole in the cell clicked`, async () => {
      const file = threeRows();
      const s = await openOnLine(file);
      const { page } = s;
      try {
        await ready(page);
        if (line === 'cut') await s.cut();
        else s.delaySaves(line);
        await cell(page, '职工甲', 'category').click();
        await typingReady(page);
        await page.keyboard.type('大病');
        await page.keyboard.press('Enter');
        await cell(page, '职工甲', 'note').click();
        await page.keyboard.type(word);
        await page.keyboard.press('Enter');
        await expect.poll(() => cell(page, '职工甲', 'note').textContent()).toBe(word);
        expect(await cell(page, '职工甲', 'category').textContent()).toBe('大病');
        if (line === 'cut') {
          await expect.poll(() => saveState(page).textContent()).toBe('未保存 2 项');
          s.restore();
          await cell(page, '职工甲', 'note').click();
          await page.keyboard.press('F2');
          await page.keyboard.press('Enter');
        }
        await settled(page);
        expect(sqlAll(file, "SELECT category, note FROM payments WHERE category = '大病'")).toEqual([{ category: '大病', note: word }]);
      } finally {
        await s.close();
      }
    });
  }
});

describe('a click while the cell left with Enter is being saved (helper 57)', () => {
  /**
   * 大病 typed into 职工甲's 困难类别 and Enter, the save answering `line` ms late; at once a click (`where`), 复查 typed and
   * Enter. The ledger's file, once every save has answered.
   */
  async function enterClickType(line: number, where: (page: Page) => Promise<void>): Promise<string> {
    const file = threeRows();
    const s = await openOnLine(file);
    const { page } = s;
    try {
      await ready(page);
      s.delaySaves(line);
      await cell(page, '职工甲', 'category').click();
      await typingReady(page);
      await page.keyboard.type('大病');
      await page.keyboard.press('Enter');
      await where(page);
      await page.keyboard.type('复查');
      await page.waitForTimeout(300);
      await page.keyboard.press('Enter');
      await settled(page);
      await page.waitForTimeout(300);
      return file;
    } finally {
      await s.close();
    }
  }
  const untouched = [{ category: '大病', note: null }, { category: '因学', note: null }];
  for (const line of [150, 300]) {
    it(`the entry row clicked, the save answering ${line} ms late: the word typed there makes its payment`, async () => {
      const file = await enterClickType(line, (page) => entry(page, 'note').click());
      // (The entry row's cell was addressed as row NaN: the click gave no focus and the word was lost, unsaid.)
      expect(sqlAll(file, 'SELECT note FROM payments WHERE note IS NOT NULL')).toEqual([{ note: '复查' }]);
      expect(sqlAll(file, 'SELECT category FROM payments WHERE id > 1 ORDER BY id')).toEqual([{ category: '大病' }, { category: '因学' }, { category: null }]);
    });
  }
  it('the status bar clicked (it takes no focus), then a word typed: no payment changes (helper 59)', async () => {
    const file = await enterClickType(150, (page) => saveState(page).click());
    expect(sqlAll(file, 'SELECT category, note FROM payments WHERE id > 1 ORDER BY id')).toEqual(untouched);
  });
  it('a column header clicked, then a word typed: no payment changes (it went into the cell Enter moved to)', async () => {
    const file = await enterClickType(150, (page) => page.locator('.ag-header-cell[col-id="note"]').click());
    expect(sqlAll(file, 'SELECT category, note FROM payments WHERE id > 1 ORDER BY id')).toEqual(untouched);
  });
  it('an entry saved, a header clicked to sort, then a word typed: no person is made (helper 59: 查, its first character lost)', async () => {
    const file = threeRows();
    const s = await openOnLine(file);
    const { page } = s;
    try {
      await ready(page);
      await entry(page, 'category').click();
      await typingReady(page);
      await page.keyboard.type('新录');
      await page.keyboard.press('Enter');
      await settled(page);
      await page.locator('.ag-header-cell[col-id="personName"]').click();
      await page.keyboard.type('复查');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(500);
      await settled(page);
      expect(sqlAll<{ name: string }>(file, 'SELECT name FROM people ORDER BY id').map((r) => r.name)).toEqual(['李强', '职工甲', '职工乙']);
      expect(sqlAll<{ n: number }>(file, 'SELECT count(*) AS n FROM payments')[0]!.n).toBe(4);
    } finally {
      await s.close();
    }
  });
});

describe('undo after a lost answer', () => {
  it('Ctrl+Z undoes the edit the ledger stored though its answer was lost; the row\'s next save does not send it again', async () => {
    const file = threeRows();
    const s = await openOnLine(file);
    const { page } = s;
    try {
      await ready(page);
      s.loseNextApplyAnswer();
      await cell(page, '职工甲', 'cashFen').click();
      await typingReady(page);
      await page.keyboard.type('111');
      await page.keyboard.press('Enter');
      await expect.poll(() => saveState(page).textContent()).toBe('未保存 1 项');
      const cash = () => sqlAll<{ cash: number }>(file, "SELECT p.cash_fen AS cash FROM payments p JOIN people pe ON pe.id = p.person_id WHERE pe.name = '职工甲'")[0]!.cash;
      expect(cash()).toBe(11_100);
      await cell(page, '职工甲', 'note').click();
      await page.keyboard.press('ControlOrMeta+Z');
      await expect.poll(cash).toBe(10_000);
      await settled(page);
      await expect.poll(() => cell(page, '职工甲', 'cashFen').textContent()).toBe('100.00');
      // The row's next keyed save carries no marked 111 (before, it did: the undo was reversed).
      await cell(page, '职工甲', 'note').click();
      await typingReady(page);
      await page.keyboard.type('复查');
      await page.keyboard.press('Enter');
      await settled(page);
      await page.waitForTimeout(300);
      expect(cash()).toBe(10_000);
    } finally {
      await s.close();
    }
  });
});

describe('a slow ledger', () => {
  it('while a save is on its way the cell shows what was typed, greyed, not the old value; then the saved one', async () => {
    const file = threeRows();
    const s = await openOnLine(file);
    const { page } = s;
    try {
      await ready(page);
      s.delaySaves(1500);
      const amount = cell(page, '职工甲', 'cashFen');
      await amount.click();
      await typingReady(page);
      await page.keyboard.type('111');
      await page.keyboard.press('Enter');
      // The editor has ended (Enter waits 50 ms for the answer); the save is still on its way.
      await expect.poll(() => page.locator('.ag-cell-inline-editing').count()).toBe(0);
      await expect.poll(() => amount.getAttribute('class')).toContain('cell-saving');
      expect(await amount.textContent()).toBe('111');
      await expect.poll(() => amount.textContent(), { timeout: 10_000 }).toBe('111.00');
      expect(await amount.getAttribute('class')).not.toContain('cell-saving');
      await settled(page);
    } finally {
      await s.close();
    }
  });

  it('Delete on an entry cell whose save is still on its way clears it once stored (helper 89: it did nothing, the value came back)', async () => {
    const file = liQiangLedger();
    const s = await openOnLine(file);
    const { page } = s;
    try {
      await ready(page);
      await page.locator('.row-entry [col-id="personName"]').click();
      await typingReady(page);
      await page.keyboard.type('赵六');
      await page.keyboard.press('Tab');
      await settled(page);
      s.delaySaves(1200);
      await page.locator('.row-entry [col-id="unitName"]').click();
      await typingReady(page);
      await page.keyboard.type('宁州街道工会');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Escape');
      await page.locator('.row-entry [col-id="unitName"]').click();
      await page.keyboard.press('Delete');
      s.delaySaves(0);
      // Once every save has answered: the 单位 stored, then cleared.
      await expect.poll(() => sqlAll<{ n: number }>(file, "SELECT count(*) AS n FROM audit_log WHERE table_name = 'payments' AND field = 'unit_id'")[0]!.n, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      await settled(page);
      await page.waitForTimeout(300);
      await settled(page);
      expect(sqlAll<{ unit: string | null }>(file, 'SELECT (SELECT name FROM units WHERE id = p.unit_id) AS unit FROM payments p WHERE id > 1')).toEqual([{ unit: null }]);
      expect((await page.locator('.row-entry [col-id="unitName"]').textContent())?.trim()).toBe('');
      // Back into it with Shift+Tab (editing goes on): the editor opens on the value on its way, not empty, and Delete
      // there then Tab clears it (helper 92: the editor opened empty, the value came back).
      s.delaySaves(1200);
      await page.locator('.row-entry [col-id="unitName"]').click();
      await typingReady(page);
      await page.keyboard.type('盘溪镇工会');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Shift+Tab');
      await page.locator('.row-entry .ag-cell-inline-editing').waitFor();
      expect(await page.locator('.row-entry .ag-cell-inline-editing input').first().inputValue()).toBe('盘溪镇工会');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Delete');
      await page.keyboard.press('Tab');
      s.delaySaves(0);
      await expect.poll(() => sqlAll<{ n: number }>(file, "SELECT count(*) AS n FROM audit_log WHERE table_name = 'payments' AND field = 'unit_id'")[0]!.n, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
      await settled(page);
      await page.waitForTimeout(300);
      await settled(page);
      expect(sqlAll<{ unit: string | null }>(file, 'SELECT (SELECT name FROM units WHERE id = p.unit_id) AS unit FROM payments p WHERE id > 1')).toEqual([{ unit: null }]);
    } finally {
      await s.close();
    }
  });

  it('a click on a cell right after Enter, before the save answers, takes the typing there, not to the next row', async () => {
    const file = threeRows();
    const s = await openOnLine(file);
    const { page } = s;
    try {
      await ready(page);
      s.delaySaves(400);
      await cell(page, '职工甲', 'cashFen').click();
      await typingReady(page);
      await page.keyboard.type('111');
      await page.keyboard.press('Enter');
      // At once, the same cell again: the clerk corrects what was just typed.
      await cell(page, '职工甲', 'cashFen').click();
      await page.keyboard.type('222');
      await page.keyboard.press('Enter');
      await settled(page);
      await page.waitForTimeout(600);
      await settled(page);
      // Before, 222 went into 职工乙's payment (the next row) and 职工甲 kept 111.
      expect(sqlAll(file, 'SELECT cash_fen AS cash FROM payments ORDER BY id')).toEqual([{ cash: 180_000 }, { cash: 22_200 }, { cash: 20_000 }]);
    } finally {
      await s.close();
    }
  });
});
