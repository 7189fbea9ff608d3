/**
 * A save that does not reach the ledger (the core gone, the connection cut), in Chromium through
 * the bridge over a real ledger: the clerk is told in Chinese, the status says the edit is not
 * saved, and what was typed stays in the cell, marked, so that it can be sent again.
 */
import Database from 'better-sqlite3';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cell, saved, typingReady, waitForGrid } from './grid-helpers.ts';
import { launchBrowser, openApp } from './harness.ts';
import { liQiangLedger } from './grid-ledger.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const makeLedger = liQiangLedger;

function sqlAll<T>(file: string, query: string): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(query).all() as T[];
  } finally {
    db.close();
  }
}

async function typeInto(page: Page, locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.click();
  await typingReady(page);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

const saveState = (page: Page) => page.getByTestId('save-state');

describe('the payments grid when a save does not reach the ledger', () => {
  it('the core gone: a Chinese message, the status says 未保存, the typed text stays in the cell (list and entry row)', async () => {
    const file = makeLedger();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await page.locator('.row-totals').waitFor();
      // The core goes away (as if the app's back end crashed); the clerk keeps typing.
      await s.bridge.close();

      await typeInto(page, cell(page, '李强', 'note'), 'abc');
      const notice = page.locator('.notice-error').first();
      await notice.waitFor();
      const said = (await notice.textContent()) ?? '';
      expect(said).toContain('保存失败');
      expect(said).toContain('连接不上台账');
      expect(said).not.toMatch(/fetch|Failed|Error/i);
      // The status does not claim 已保存, and the typed text is still there, marked as not stored.
      await expect.poll(() => saveState(page).textContent()).toBe('未保存 1 项');
      await expect.poll(() => cell(page, '李强', 'note').textContent()).toBe('abc');
      expect(await cell(page, '李强', 'note').getAttribute('class')).toContain('cell-unsaved');

      // A new payment's first cell in the entry row: it does not vanish when Enter finishes the row.
      await typeInto(page, page.locator('.row-entry [col-id="cashFen"]'), '600');
      await expect.poll(() => saveState(page).textContent()).toBe('未保存 2 项');
      await expect.poll(() => page.locator('.row-entry [col-id="cashFen"]').textContent()).toBe('600');
      expect(await page.locator('.row-entry [col-id="cashFen"]').getAttribute('class')).toContain('cell-unsaved');
    } finally {
      await s.close().catch(() => undefined);
    }
    // Nothing reached the file.
    expect(sqlAll<{ note: string | null }>(file, 'SELECT note FROM payments')).toEqual([{ note: null }]);
  });

  it('the connection back: F2 and Enter send the kept text again; the mark goes and the status says 已保存', async () => {
    const file = makeLedger();
    let down = false;
    const routes = new Set<WebSocketRoute>();
    const s = await openApp(browser, file, undefined, {
      beforeGoto: async (page) => {
        // The page's socket to the bridge and its POST fallback go through here: cut while `down`.
        await page.routeWebSocket(/\/api\/socket/, (ws) => {
          if (down) {
            ws.close();
            return;
          }
          routes.add(ws);
          ws.connectToServer();
        });
        await page.route('**/api/invoke', (route) => (down ? route.abort('connectionrefused') : route.continue()));
      },
    });
    const { page } = s;
    try {
      await waitForGrid(page);
      await page.locator('.row-totals').waitFor();
      down = true;
      for (const ws of routes) await ws.close();
      routes.clear();

      await typeInto(page, cell(page, '李强', 'note'), '已核实');
      await expect.poll(() => saveState(page).textContent()).toBe('未保存 1 项');
      await expect.poll(() => cell(page, '李强', 'note').textContent()).toBe('已核实');

      // The connection comes back; the clerk retries the marked cell (the editor starts from the kept text).
      down = false;
      await cell(page, '李强', 'note').click();
      await page.keyboard.press('F2');
      await expect.poll(() => page.locator('.text-editor').inputValue()).toBe('已核实');
      await page.keyboard.press('Enter');
      await saved(page);
      await expect.poll(() => cell(page, '李强', 'note').getAttribute('class')).not.toContain('cell-unsaved');
      expect(await cell(page, '李强', 'note').textContent()).toBe('已核实');
      expect(sqlAll<{ note: string | null }>(file, 'SELECT note FROM payments')).toEqual([{ note: '已核实' }]);
    } finally {
      await s.close();
    }
  });
});
