/** Helpers for driving the payments grid like a clerk. */
import type { CDPSession, Page } from 'playwright-core';

export async function waitForGrid(page: Page): Promise<void> {
  await page.locator('.row-entry [col-id="personName"]').waitFor();
}

/**
 * A clerk starts typing once the cell shows focus: wait until focus is in something editable
 * (in a grid, the IME proxy that takes it from the focused cell; elsewhere, an input).
 */
export async function typingReady(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || !(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || (el as HTMLElement | null)?.isContentEditable === true)) return false;
    if (!el.classList.contains('ime-proxy')) return true;
    // The proxy of a grid: over the cell the grid has focused (right after a click on another cell, or
    // an Enter, it may still be over the cell before, and text typed then would go there).
    const cell = el.parentElement?.querySelector('.ag-cell-focus:not(.ag-cell-inline-editing)');
    if (!cell) return false;
    const a = cell.getBoundingClientRect();
    const b = el.getBoundingClientRect();
    return Math.abs(a.left - b.left) < 1 && Math.abs(a.top - b.top) < 1;
  });
}

/** Type Chinese the way an input method does: a pinyin composition, then the committed characters. */
export async function imeType(page: Page, pinyin: string, text: string): Promise<void> {
  await typingReady(page);
  const cdp: CDPSession = await page.context().newCDPSession(page);
  for (let i = 1; i <= pinyin.length; i++) {
    await cdp.send('Input.imeSetComposition', { text: pinyin.slice(0, i), selectionStart: i, selectionEnd: i });
  }
  await cdp.send('Input.insertText', { text });
  await cdp.detach();
}

/** Body rows (not the pinned entry and totals rows). */
export const BODY_ROWS = '.ag-grid-scrolling-rows .ag-row';

export function cell(page: Page, rowText: string, colId: string) {
  return page.locator(BODY_ROWS, { hasText: rowText }).locator(`[col-id="${colId}"]`);
}

export async function rowTexts(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.ag-grid-scrolling-rows .ag-row')]
      .sort((a, b) => Number(a.getAttribute('row-index')) - Number(b.getAttribute('row-index')))
      .map((r) => r.textContent ?? ''),
  );
}

/** Every save has answered and no key is held (the label itself says 正在保存 only once saves take a moment). */
export async function saved(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const label = document.querySelector('[data-testid="save-state"]');
    return label?.getAttribute('data-pending') === '0' && label.textContent === '已保存';
  });
}

export async function pinnedTotals(page: Page): Promise<{ cash: string; goods: string; people: string }> {
  const row = page.locator('.row-totals');
  return {
    cash: (await row.locator('[col-id="cashFen"]').textContent()) ?? '',
    goods: (await row.locator('[col-id="goodsFen"]').textContent()) ?? '',
    people: (await row.locator('[col-id="idNumber"]').textContent()) ?? '',
  };
}
