/**
 * Keys held while an editor mounts (imeProxy.ts drainKeys) with other input
 * than plain keys: clipboard shortcuts, an input method, a slow PC.
 */
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerFileWithProgram } from '../helpers/ledger.ts';
import { imeType, saved, typingReady, waitForGrid } from './grid-helpers.ts';
import { launchBrowser, openApp } from './harness.ts';
import { burst } from './burst.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

function rowsOf(file: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT pe.name, pe.id_number AS id FROM payments p LEFT JOIN people pe ON pe.id = p.person_id ORDER BY p.id').all();
  } finally {
    db.close();
  }
}

async function settle(page: Page): Promise<void> {
  await saved(page);
  await page.waitForTimeout(800);
  await saved(page);
}

describe('held keys and the clipboard', () => {
  it('Ctrl+V pressed right after a word and Tab pastes into the next cell (the ID)', async () => {
    const file = ledgerFileWithProgram();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
      await waitForGrid(page);
      await page.evaluate((t) => navigator.clipboard.writeText(t), '530424197512030026');
      await page.locator('.row-entry [col-id="personName"]').click();
      await typingReady(page);
      await burst(page, [{ text: '王芳' }, 'Tab', { ctrl: 'v' }, 'Enter']);
      await settle(page);
    } finally {
      await s.close();
    }
    expect(rowsOf(file)).toEqual([{ name: '王芳', id: '530424197512030026' }]);
  });
});

describe('held keys and an input method', () => {
  it('the next name, typed with an input method right after Enter, is the next payment', async () => {
    const file = ledgerFileWithProgram();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await page.locator('.row-entry [col-id="personName"]').click();
      await typingReady(page);
      await burst(page, [{ text: '王芳' }, 'Enter', { ime: 'zhangli', text: '张丽' }, 'Enter']);
      await settle(page);
    } finally {
      await s.close();
    }
    expect(rowsOf(file)).toEqual([{ name: '王芳', id: null }, { name: '张丽', id: null }]);
  });

  it('a word typed with an input method after Tab goes to the next cell, not the one left', async () => {
    const file = ledgerFileWithProgram();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await page.locator('.row-entry [col-id="personName"]').click();
      await typingReady(page);
      // 身份证号码 is the cell after the name; an ID typed through an IME (full-width input is common).
      await burst(page, [{ text: '王芳' }, 'Tab', { ime: '530424197512030026', text: '530424197512030026' }, 'Enter']);
      await settle(page);
    } finally {
      await s.close();
    }
    expect(rowsOf(file)).toEqual([{ name: '王芳', id: '530424197512030026' }]);
  });
});

describe('held keys and an input method, at a human pace', () => {
  it('the first pinyin letter of the next name, pressed right after Enter, is not swallowed by the name before', async () => {
    const file = ledgerFileWithProgram();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await page.locator('.row-entry [col-id="personName"]').click();
      await typingReady(page);
      // 王芳 committed, Enter, and the first letter of the next pinyin before the editor has mounted.
      await burst(page, [{ text: '王芳' }, 'Enter', { compose: 'z' }]);
      // The clerk goes on composing at a human pace, then commits and enters.
      await page.waitForTimeout(1500);
      const cdp = await page.context().newCDPSession(page);
      for (const p of ['zh', 'zha', 'zhan', 'zhang', 'zhangl', 'zhangli']) {
        await cdp.send('Input.imeSetComposition', { text: p, selectionStart: p.length, selectionEnd: p.length });
      }
      await cdp.send('Input.insertText', { text: '张丽' });
      await cdp.detach();
      await page.waitForTimeout(500);
      await page.keyboard.press('Enter');
      await settle(page);
    } finally {
      await s.close();
    }
    expect(rowsOf(file)).toEqual([{ name: '王芳', id: null }, { name: '张丽', id: null }]);
  });
});

describe('a mouse click while keys are held', () => {
  it('an ID typed before a click on the search box goes to the ID cell, not the search box', async () => {
    const file = ledgerFileWithProgram();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      const box = (await page.getByTestId('grid-search').boundingBox())!;
      await page.locator('.row-entry [col-id="personName"]').click();
      await typingReady(page);
      await burst(page, [{ text: '王芳' }, 'Tab', '530424197512030026', 'Tab', { click: [box.x + 10, box.y + box.height / 2] }]);
      await settle(page);
      expect(await page.getByTestId('grid-search').inputValue()).toBe('');
    } finally {
      await s.close();
    }
    expect(rowsOf(file)).toEqual([{ name: '王芳', id: '530424197512030026' }]);
  });
});

describe('a slow PC', () => {
  for (const rate of [20, 40]) {
    it(`digits typed on a not-yet-editing ID cell, then Tab, keep every digit (CPU ${rate}x)`, async () => {
      const file = ledgerFileWithProgram();
      const s = await openApp(browser, file);
      const { page } = s;
      try {
        await waitForGrid(page);
        await page.locator('.row-entry [col-id="personName"]').click();
        await imeType(page, 'wangfang', '王芳');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Escape');
        await saved(page);
        await page.locator('.row-entry [col-id="idNumber"]').click();
        await typingReady(page);
        await burst(page, ['530424197512030026', 'Tab'], rate);
        await settle(page);
      } finally {
        await s.close();
      }
      expect(rowsOf(file)).toEqual([{ name: '王芳', id: '530424197512030026' }]);
    });
  }
});

describe('controls (not held: expected to pass)', () => {
  it('control: Ctrl+V in the ID editor after the name pastes the ID', async () => {
    const file = ledgerFileWithProgram();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
      await waitForGrid(page);
      await page.evaluate((t) => navigator.clipboard.writeText(t), '530424197512030026');
      await page.locator('.row-entry [col-id="personName"]').click();
      await imeType(page, 'wangfang', '王芳');
      await page.getByTestId('person-editor').waitFor();
      await page.keyboard.press('Tab');
      await page.locator('.row-entry [col-id="idNumber"].ag-cell-inline-editing').waitFor();
      await page.keyboard.press('ControlOrMeta+V');
      await page.keyboard.press('Enter');
      await settle(page);
    } finally {
      await s.close();
    }
    expect(rowsOf(file)).toEqual([{ name: '王芳', id: '530424197512030026' }]);
  });
});

describe('Escape and Backspace while keys are held', () => {
  it('a word, Escape (cancel), then another name and Enter: only the second name is saved', async () => {
    const file = ledgerFileWithProgram();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await page.locator('.row-entry [col-id="personName"]').click();
      await typingReady(page);
      await burst(page, [{ text: '王芳' }, 'Escape', { text: '张丽' }, 'Enter']);
      await settle(page);
    } finally {
      await s.close();
    }
    expect(rowsOf(file)).toEqual([{ name: '张丽', id: null }]);
  });

  it('a word, Backspace, a correction, Tab: the corrected word', async () => {
    const file = ledgerFileWithProgram();
    const s = await openApp(browser, file);
    const { page } = s;
    try {
      await waitForGrid(page);
      await page.locator('.row-entry [col-id="personName"]').click();
      await typingReady(page);
      await burst(page, [{ text: '王芳' }, 'Backspace', { text: '丽' }, 'Tab', 'Escape']);
      await settle(page);
    } finally {
      await s.close();
    }
    expect(rowsOf(file)).toEqual([{ name: '王丽', id: null }]);
  });
});
