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

interface ProxyState {
  proxy: HTMLTextAreaElement;
  /** The grid's focused cell, as text (row and column). */
  focusedCell(): string;
  /** Keys are being held (true) or all replayed (false): the screen shows it is catching up. */
  onHeld(active: boolean): void;
  /** An edit was started from the proxy and its editor has not taken the typed text yet. */
  pending: boolean;
}

let current: ProxyState | null = null;

/**
 * What the clerk has typed since the proxy started an edit (keys keep arriving in
 * the proxy until the editor has mounted and taken focus). Editors call this once,
 * when they mount; it empties the proxy. Falls back to the grid's eventKey.
 */
export function takeTypedText(eventKey: string | null | undefined): string | null {
  if (current && current.pending && current.proxy.value !== '') return current.proxy.value;
  return eventKey && eventKey !== 'F2' && eventKey !== 'Enter' && eventKey !== 'Backspace' && eventKey !== 'Delete' ? eventKey : null;
}

/**
 * Called by an editor right after it took focus: everything typed since the edit started (the
 * hand-over ends). The editor must report the text as its value at once (onValueChange): keys the
 * clerk pressed meanwhile (a quick Tab or Enter after a word) are replayed right after.
 */
export function finishTypedText(): string {
  if (!current || !current.pending) return '';
  const text = current.proxy.value;
  current.proxy.value = '';
  current.pending = false;
  drainKeys();
  return text;
}

const isTextField = (el: Element | null): el is HTMLInputElement | HTMLTextAreaElement =>
  el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;

// ——— keys held while an editor mounts ———
//
// A clerk (or a test) can press Tab right after a word: the edit has started but its editor has
// not mounted yet. Passed on at once, the Tab would end the edit before the editor has its value,
// and the word would be lost (or the next keys land in the wrong cell). So from such a key on,
// every key is held, in order, and replayed once the editor has the word; each key waits until
// the grid has settled (focus in an editor or in the proxy again) before it is replayed.

type HeldKey = { key: KeyboardEventInit } | { text: string };

const held = { items: [] as HeldKey[], active: false, draining: false, timer: null as ReturnType<typeof setTimeout> | null };
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'Process', 'Dead', 'Unidentified']);
/** How long a held key waits for the grid to settle before it is replayed anyway. */
const SETTLE_LIMIT_MS = 600;

function holdKey(e: KeyboardEvent): void {
  e.preventDefault();
  e.stopImmediatePropagation();
  if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
    const last = held.items[held.items.length - 1];
    if (last && 'text' in last) last.text += e.key;
    else held.items.push({ text: e.key });
  } else {
    held.items.push({ key: { key: e.key, code: e.code, ctrlKey: e.ctrlKey, shiftKey: e.shiftKey, altKey: e.altKey, metaKey: e.metaKey } });
  }
}

/** While keys are held, every key the clerk presses joins them (a capture listener on the window). */
function onWindowKeyDown(e: KeyboardEvent): void {
  if (!held.active || !e.isTrusted || e.isComposing || e.keyCode === 229 || MODIFIERS.has(e.key)) return;
  holdKey(e);
}

/** Text that arrives without a key (a word an input method commits, a paste of text) joins them too. */
function onWindowBeforeInput(e: InputEvent): void {
  if (!held.active || !e.isTrusted || !e.cancelable || e.inputType !== 'insertText' || !e.data) return;
  e.preventDefault();
  e.stopImmediatePropagation();
  const last = held.items[held.items.length - 1];
  if (last && 'text' in last) last.text += e.data;
  else held.items.push({ text: e.data });
}

function startHolding(e: KeyboardEvent, fallback: () => void): void {
  if (!held.active) current?.onHeld(true);
  held.active = true;
  holdKey(e);
  if (held.timer) clearTimeout(held.timer);
  // No editor of ours took the word (the grid's own editors do not call finishTypedText and may
  // not take focus): replay anyway.
  held.timer = setTimeout(() => {
    held.timer = null;
    if (current?.pending) fallback();
    drainKeys();
  }, 400);
}

/** Focus is in an editor (a text field or the grid's own picker), or in the proxy with no edit being handed over. */
function settledTarget(): Element | null {
  const el = document.activeElement;
  if (!el || current?.pending) return null;
  if (isTextField(el)) return el;
  const inEditor = el.closest('.ag-cell-inline-editing, .ag-popup-editor') !== null && !el.classList.contains('ag-cell');
  return inEditor ? el : null;
}

/** Where focus is: the element and the grid's focused cell (the proxy moves from cell to cell). */
function focusKey(): string {
  const cell = current?.focusedCell() ?? '';
  return `${cell}|${document.activeElement?.className ?? ''}`;
}

/** Keys after which focus may pass through another row before it rests (Enter ends an entry row). */
const MOVES_ROW = new Set(['Enter', 'Escape', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown']);

function drainKeys(): void {
  if (!held.active || held.draining) return;
  if (held.timer) clearTimeout(held.timer);
  held.timer = null;
  held.draining = true;
  let needStable = false;
  let lastKey = '';
  let waited = 0;
  const step = (): void => {
    const item = held.items[0];
    if (!item) {
      held.active = false;
      held.draining = false;
      current?.onHeld(false);
      return;
    }
    // Settled: an editor or the proxy has focus; after a key that moves between rows, focus must
    // also have stayed put for a moment (Enter on the entry row passes through the totals row).
    const target = settledTarget();
    const key = focusKey();
    const ready = target !== null && (!needStable || key === lastKey);
    lastKey = key;
    if (!ready && waited < SETTLE_LIMIT_MS) {
      waited += 16;
      setTimeout(step, 16);
      return;
    }
    waited = 0;
    held.items.shift();
    const el = document.activeElement;
    needStable = false;
    if ('text' in item) {
      if (isTextField(el)) document.execCommand('insertText', false, item.text);
    } else if ((item.key.key === 'Backspace' || item.key.key === 'Delete') && isTextField(el) && !el.classList.contains('ime-proxy')) {
      document.execCommand(item.key.key === 'Backspace' ? 'delete' : 'forwardDelete');
    } else {
      (el ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { ...item.key, bubbles: true, cancelable: true }));
      needStable = MOVES_ROW.has(item.key.key ?? '');
      lastKey = '';
    }
    setTimeout(step, 0);
  };
  setTimeout(step, 0);
}

export interface ImeProxy {
  /** Put DOM focus in the proxy, over the grid's focused cell. */
  attach(): void;
  dispose(): void;
}

export function createImeProxy<T>(host: HTMLElement, getApi: () => GridApi<T> | null, onHeld: (active: boolean) => void = () => undefined): ImeProxy {
  const proxy = document.createElement('textarea');
  proxy.className = 'ime-proxy';
  proxy.setAttribute('aria-hidden', 'true');
  proxy.setAttribute('tabindex', '-1');
  proxy.autocomplete = 'off';
  proxy.spellcheck = false;
  host.appendChild(proxy);
  let composing = false;
  const state: ProxyState = {
    proxy,
    pending: false,
    focusedCell: () => {
      const cell = getApi()?.getFocusedCell();
      return cell ? `${cell.rowPinned ?? ''}:${cell.rowIndex}:${cell.column.getColId()}` : '';
    },
    onHeld,
  };
  window.addEventListener('keydown', onWindowKeyDown, true);
  window.addEventListener('beforeinput', onWindowBeforeInput, true);
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
    if (api.getEditingCells().length === 0) {
      // A cell that cannot be edited (locked, or the totals row): the typing goes nowhere.
      state.pending = false;
      proxy.value = '';
    }
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

  /**
   * A key that would leave the cell (Tab, Enter, arrows…), pressed after an edit started here and
   * before its editor took the word: held, with every key after it, until the editor has it.
   */
  function hold(e: KeyboardEvent): boolean {
    const navigation = PASS_TO_GRID.has(e.key) || e.key === 'Backspace' || e.key === 'Delete';
    if (!state.pending || !navigation) return false;
    startHolding(e, () => {
      state.pending = false;
      focusedCellElement()?.focus({ preventScroll: true });
    });
    return true;
  }

  proxy.addEventListener('keydown', (e) => {
    if (e.isComposing || composing || e.key === 'Process' || e.keyCode === 229) return;
    if (hold(e)) return;
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
    if (text === '') {
      drainKeys();
      return;
    }
    // The native setter, so that React-controlled inputs see the change as typing.
    const proto = target instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(target, text);
    target.dispatchEvent(new Event('input', { bubbles: true }));
    target.setSelectionRange(text.length, text.length);
    drainKeys();
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
      window.removeEventListener('keydown', onWindowKeyDown, true);
      window.removeEventListener('beforeinput', onWindowBeforeInput, true);
      proxy.remove();
      if (current === state) current = null;
    },
  };
  return api;
}
