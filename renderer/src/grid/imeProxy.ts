/**
 * Chinese input methods need an editable element to have focus before the
 * first key: on a focused (non-editable) grid cell, the first pinyin letter
 * would be taken as a plain letter. So while the clerk navigates, DOM focus sits
 * in a transparent textarea over the focused cell (the IME proxy). Keys that
 * navigate are handed back to the grid; text that is typed — a letter, or a word
 * the IME commits — starts editing the cell with that text.
 */
import type { GridApi } from 'ag-grid-community';

const PASS_TO_GRID = new Set([
  'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Tab', 'Enter', 'PageUp', 'PageDown', 'Home', 'End', 'Escape', 'F2',
]);

let current: { proxy: HTMLTextAreaElement; pending: boolean } | null = null;

/**
 * What the clerk has typed since the proxy started an edit (keys keep arriving in
 * the proxy until the editor has mounted and taken focus). Editors call this once,
 * when they mount; it empties the proxy. Falls back to the grid's eventKey.
 */
export function takeTypedText(eventKey: string | null | undefined): string | null {
  if (current && current.pending && current.proxy.value !== '') return current.proxy.value;
  return eventKey && eventKey !== 'F2' && eventKey !== 'Enter' && eventKey !== 'Backspace' && eventKey !== 'Delete' ? eventKey : null;
}

/** Called by an editor right after it took focus: everything typed since the edit started (the hand-over ends). */
export function finishTypedText(): string {
  if (!current || !current.pending) return '';
  const text = current.proxy.value;
  current.proxy.value = '';
  current.pending = false;
  return text;
}

export interface ImeProxy {
  /** Put DOM focus in the proxy, over the grid's focused cell. */
  attach(): void;
  dispose(): void;
}

export function createImeProxy<T>(host: HTMLElement, getApi: () => GridApi<T> | null): ImeProxy {
  const proxy = document.createElement('textarea');
  proxy.className = 'ime-proxy';
  proxy.setAttribute('aria-hidden', 'true');
  proxy.setAttribute('tabindex', '-1');
  proxy.autocomplete = 'off';
  proxy.spellcheck = false;
  host.appendChild(proxy);
  let composing = false;
  const state = { proxy, pending: false };
  current = state;

  const focusedCellElement = (): HTMLElement | null => host.querySelector('.ag-cell-focus');

  function startEditing(text: string) {
    // Keys typed before the editor has mounted stay in the proxy; the editor takes them all.
    if (state.pending) return;
    const api = getApi();
    const cell = api?.getFocusedCell();
    if (!api || !cell || text === '') {
      proxy.value = '';
      return;
    }
    state.pending = true;
    api.startEditingCell({ rowIndex: cell.rowIndex, colKey: cell.column, rowPinned: cell.rowPinned ?? undefined, key: text });
  }

  function passToGrid(e: KeyboardEvent) {
    const cell = focusedCellElement();
    if (!cell) return;
    e.preventDefault();
    e.stopPropagation();
    cell.focus({ preventScroll: true });
    cell.dispatchEvent(new KeyboardEvent('keydown', {
      key: e.key, code: e.code, ctrlKey: e.ctrlKey, shiftKey: e.shiftKey, altKey: e.altKey, metaKey: e.metaKey, bubbles: true, cancelable: true,
    }));
  }

  proxy.addEventListener('keydown', (e) => {
    if (e.isComposing || composing || e.key === 'Process' || e.keyCode === 229) return;
    if (PASS_TO_GRID.has(e.key) || (e.ctrlKey || e.metaKey) && (e.key === 'a' || e.key === 'Home' || e.key === 'End')) {
      passToGrid(e);
    }
  });
  // The editor took focus: hand it everything typed so far. Our own editors take it themselves
  // (takeTypedText / finishTypedText); this covers AG Grid's built-in editors too.
  proxy.addEventListener('focusout', (e) => {
    if (!state.pending) return;
    const target = e.relatedTarget;
    if (!(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) return;
    const text = proxy.value;
    proxy.value = '';
    state.pending = false;
    if (text === '') return;
    // The native setter, so that React-controlled inputs see the change as typing.
    const proto = target instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(target, text);
    target.dispatchEvent(new Event('input', { bubbles: true }));
    target.setSelectionRange(text.length, text.length);
  });
  proxy.addEventListener('compositionstart', () => {
    composing = true;
  });
  proxy.addEventListener('compositionend', () => {
    composing = false;
    startEditing(proxy.value);
  });
  proxy.addEventListener('input', () => {
    if (!composing) startEditing(proxy.value);
  });

  const api: ImeProxy = {
    attach() {
      const api = getApi();
      if (!api || api.getEditingCells().length > 0) return;
      state.pending = false;
      proxy.value = '';
      const cell = focusedCellElement();
      if (!cell) return;
      const a = cell.getBoundingClientRect();
      const b = host.getBoundingClientRect();
      proxy.style.left = `${a.left - b.left}px`;
      proxy.style.top = `${a.top - b.top}px`;
      proxy.style.width = `${a.width}px`;
      proxy.style.height = `${a.height}px`;
      if (document.activeElement !== proxy) proxy.focus({ preventScroll: true });
    },
    dispose() {
      proxy.remove();
      if (current === state) current = null;
    },
  };
  return api;
}
