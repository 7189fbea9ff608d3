/**
 * A ledger whose findings were computed by an older program: after it opens, the grid shows its rows at
 * once, the status bar says the stored records are being checked against the new rules while the pass
 * runs, and when it is done the grid shows the new marks (the 20,170,120 元 payment's amount_large).
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../electron/core/ledger.ts';
import { bulkInsertPayments } from '../../electron/core/services/payments.ts';
import { bulkInsertPeople } from '../../electron/core/services/people.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { tempDir } from '../helpers/ledger.ts';
import { cell, waitForGrid } from './grid-helpers.ts';
import { launchBrowser, openApp, screenshot } from './harness.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('findings stored under older rules', () => {
  it('are checked again after opening, the status bar saying so, and the grid then shows the new marks', async () => {
    const file = path.join(tempDir(), '台账.db');
    const ledger = Ledger.open(file, { actor: '旧版' });
    const large = ledger.run({ kind: 'setup', label: '录入', source: 'keyed' }, (tx) => {
      const programId = createProgram(tx, { code: 'SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖' });
      const people = bulkInsertPeople(tx, Array.from({ length: 300 }, (_, i) => ({ name: `职工${i}` })));
      const [first] = bulkInsertPayments(tx, [{ programId, personId: people[0]!, paidOn: '2017-01-01', cashFen: 2_017_012_000 }]);
      bulkInsertPayments(tx, people.slice(1).map((personId) => ({ programId, personId, paidOn: '2017-01-15', cashFen: 30_000 })));
      return first!;
    });
    // As the older program left it: no amount_large; the version its findings were computed with unknown.
    ledger.db.prepare('DELETE FROM payment_issues WHERE payment_id = ?').run(large);
    ledger.db.exec('UPDATE findings_state SET rules_version = 0');
    ledger.close();

    // Small chunks. On a busy machine the page can show later than the whole pass lasts, or than its first
    // chunk's progress (sent before the page listens): the pass waits after its first chunk until the grid is
    // shown, and after its second until the test has seen the status bar say so.
    let shown = () => {};
    const gridShown = new Promise<void>((resolve) => (shown = resolve));
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let chunks = 0;
    const between = () => (++chunks === 1 ? gridShown : held);
    const s = await openApp(browser, file, undefined, { findings: { startDelayMs: 500, firstChunk: 5, fixedChunk: true, gapMs: 20, between } });
    const { page } = s;
    try {
      await waitForGrid(page);
      const amount = cell(page, '20,170,120.00', 'cashFen');
      await amount.waitFor();
      shown();
      await expect.poll(() => page.getByTestId('status-rechecking').textContent()).toMatch(/^正在按新规则检查已有记录 \d+%$/);
      await screenshot(page, 'findings-rechecking');
      release();
      await expect.poll(() => page.getByTestId('status-rechecking').count(), { timeout: 20_000 }).toBe(0);
      await expect.poll(() => amount.getAttribute('class')).toContain('cell-warn');
      await expect.poll(() => page.getByTestId('status-warnings').textContent()).toBe('警告 1');
    } finally {
      shown();
      release();
      await s.close();
    }
  });
});
