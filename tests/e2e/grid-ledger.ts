/** The small ledger and the clipboard the payments-grid tests start from. */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Tx } from '../../electron/core/db/writer.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { createPerson } from '../../electron/core/services/people.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { tempDir } from '../helpers/ledger.ts';
import { waitForGrid } from './grid-helpers.ts';
import { openApp } from './harness.ts';

/** A 2017 ledger: program 2017-YL, 李强 (530424198001019516) paid 1,800元; `extra` adds more. */
export function liQiangLedger(extra?: (tx: Tx, programId: number) => void): string {
  const file = path.join(tempDir(), '台账.db');
  const ledger = Ledger.open(file, { actor: '准备' });
  ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) => {
    const programId = createProgram(tx, { code: '2017-YL', name: '2017年医疗救助', year: 2017, kind: '医疗救助' });
    const li = createPerson(tx, { name: '李强', idNumber: '530424198001019516' });
    applyPaymentEdits(tx, [{ personId: li, cells: { paidOn: '2017-02-01', cashFen: '1800', unitName: '华宁县水泥厂工会' } }], { programId }, '准备');
    extra?.(tx, programId);
  });
  ledger.close();
  return file;
}

/** Put text on the clipboard and paste it where the focus is, as Ctrl+V after copying from Excel/WPS. */
export async function pasteText(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('ControlOrMeta+V');
}

/** The app on `file`, with the clipboard allowed, once the grid is up. */
export async function openWithClipboard(browser: Browser, file: string) {
  const s = await openApp(browser, file);
  await s.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(s.page.url()).origin });
  await waitForGrid(s.page);
  return s;
}
