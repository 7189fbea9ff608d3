/**
 * The payments grid's entry row (and paste, fill, clear) when a save fails, in Chromium through the
 * bridge over a real ledger: the connection to the ledger cut, or the core's answer lost after it
 * stored the edit. The clerk never loses what was typed and never gets a second payment.
 */
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typingReady, waitForGrid } from './grid-helpers.ts';
import { launchBrowser, openApp, sqlAll, type Session } from './harness.ts';
import { liQiangLedger } from './grid-ledger.ts';

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
}

/** The app with its socket to the bridge and its POST fallback going through the test (sqlAll reads the file apart). */
async function openOnLine(file: string, clipboard = false): Promise<Line> {
  let down = false;
  let loseApply = false;
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
      for (const ws of routes) await ws.close();
      routes.clear();
    },
    restore() {
      down = false;
    },
    loseNextApplyAnswer() {
      loseApply = true;
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
