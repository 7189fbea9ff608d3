/** Quick typing in the register grids (people), which share the IME proxy's held keys. */
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../electron/core/ledger.ts';
import { addPeople, HUANING_UNITS } from '../helpers/county.ts';
import { tempDir } from '../helpers/ledger.ts';
import { typingReady, waitForGrid } from './grid-helpers.ts';
import { launchBrowser, openApp } from './harness.ts';
import { burst } from './burst.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('people grid', () => {
  it('a phone number and a note keyed in one burst land in their own cells', async () => {
    const file = path.join(tempDir(), '台账.db');
    const ledger = Ledger.open(file, { actor: '准备' });
    addPeople(ledger, 3, '530424', HUANING_UNITS, 7);
    ledger.close();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await page.locator('.nav-item[data-screen="people"]').click();
      const phone = page.locator('[data-testid="people-grid"] .ag-row[row-index="0"] [col-id="phone"]');
      await phone.click();
      await typingReady(page);
      await burst(page, ['13800000000', 'Tab', 'abc', 'Enter']);
      await page.waitForTimeout(3000);
    } finally {
      await s.close();
    }
    const db = new Database(file, { readonly: true });
    const rows = db.prepare("SELECT phone, note FROM people WHERE phone IS NOT NULL OR note IS NOT NULL").all();
    db.close();
    expect(rows).toEqual([{ phone: '13800000000', note: 'abc' }]);
  });
});
