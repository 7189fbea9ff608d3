/**
 * Chinese input methods need an editable element to have focus before the
 * first key: on a focused (non-editable) grid cell, the first pinyin letter
 * would be taken as a plain letter. So while the clerk navigates, DOM focus sits
 * in a transparent textarea over the focused cell (the IME proxy). Keys that
 * navigate are handed back to the grid; text that is typed — a letter, or a word
 * the IME commits — starts editing the cell with that text.
 */
import type { Column, GridApi } from 'ag-grid-community';

const PASS_TO_GRID = new Set([
  'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Tab', 'Enter', 'PageUp', 'PageDown', 'Home', 'End', 'Escape', 'F2',
]);

interface ProxyState {
  proxy: HTMLTextAreaElement;
  /** The grid's host element: held keys are replayed only into it (until the clerk clicks elsewhere). */
  host: HTMLElement;
  /** An edit was started from the proxy and its editor has not taken the typed text yet. */
  pending: boolean;
  /** The word the edit started with, as it was when a key was first held (text after it is held too). */
  snapshot: string | null;
  /** The grid's focused cell, as text (row and column). */
  focusedCell(): string;
  /** Keys are being held (true) or all replayed (false): the screen shows it is catching up. */
  onHeld(active: boolean): void;
  /** The screen is moving focus on itself (after a save's answer): held keys wait for it. */
  moving: number;
  /** Put focus in the proxy over the grid's focused cell (ImeProxy.attach). */
  attach(): void;
  /** Make the grid cell at a point (a held click replayed) the grid's focused cell. */
  focusCellAt(x: number, y: number): void;
}

let current: ProxyState | null = null;

const isTextField = (el: EventTarget | null): el is HTMLInputElement | HTMLTextAreaElement =>
  el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;

/** The text the editor being mounted takes from the proxy. */
function typedText(state: ProxyState): string {
  return state.snapshot ?? state.proxy.value;
}

/**
 * What the clerk has typed since the proxy started an edit (keys keep arriving in
 * the proxy until the editor has mounted and taken focus). Editors call this once,
 * when they mount; it empties the proxy. Falls back to the grid's eventKey.
 */
export function takeTypedText(eventKey: string | null | undefined): string | null {
  if (current && current.pending && typedText(current) !== '') return typedText(current);
  return eventKey && eventKey !== 'F2' && eventKey !== 'Enter' && eventKey !== 'Backspace' && eventKey !== 'Delete' ? eventKey : null;
}

/**
 * Called by an editor right after it took focus (focusEditor): everything typed since the edit
 * started (the hand-over ends). The editor must report the text as its value at once
 * (onValueChange): keys the clerk pressed meanwhile (a quick Tab or Enter after a word) are
 * replayed right after.
 */
export function finishTypedText(): string {
  if (!current || !current.pending) return '';
  const text = typedText(current);
  // A word being composed in the proxy stays there until the input method commits it.
  if (!(composition.active && composition.field === current.proxy)) current.proxy.value = '';
  current.pending = false;
  current.snapshot = null;
  drainKeys();
  return text;
}

/**
 * An editor takes focus. While the clerk is still composing a word in the proxy (typed after a key
 * that is being held), focus waits for the input method to commit it: moving focus would cut the
 * composition short.
 */
export function focusEditor(el: HTMLElement): void {
  if (current && composition.active && composition.field === current.proxy) composition.afterEnd.push(() => el.isConnected && el.focus());
  else el.focus();
}

// ——— input-method compositions, wherever they happen ———

const composition = {
  active: false,
  field: null as HTMLInputElement | HTMLTextAreaElement | null,
  /** The field's text before the composition (a composition committed while keys are held is taken out of it). */
  before: '',
  afterEnd: [] as (() => void)[],
};

function setFieldValue(field: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  // The native setter, so that React-controlled inputs see the change as typing.
  const proto = field instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, value);
  if (!field.classList.contains('ime-proxy')) field.dispatchEvent(new Event('input', { bubbles: true }));
  field.setSelectionRange(value.length, value.length);
}

function onCompositionStart(e: CompositionEvent): void {
  composition.active = true;
  composition.field = isTextField(e.target) ? e.target : null;
  composition.before = composition.field?.value ?? '';
}

function onCompositionEnd(e: CompositionEvent): void {
  composition.active = false;
  const field = composition.field;
  composition.field = null;
  if (held.active && e.data && field) {
    // Committed while keys are held: the word belongs after them, not in the cell being left.
    // Only when it was typed at the end, as it is after a word: otherwise it stays where it is (never twice).
    const value = field.value;
    if (value.startsWith(composition.before) && value.slice(composition.before.length) === e.data) {
      setFieldValue(field, composition.before);
      held.items.push({ text: e.data });
    }
  }
  const after = composition.afterEnd;
  composition.afterEnd = [];
  for (const run of after) run();
}

// ——— keys held while an editor mounts ———
//
// A clerk (or a test) can press Tab right after a word: the edit has started but its editor has
// not mounted yet. Passed on at once, the Tab would end the edit before the editor has its value,
// and the word would be lost (or the next keys land in the wrong cell). So from such a key on,
// every key, text, paste and click is held, in order, and replayed once the editor has the word;
// each waits until the grid has settled (focus in an editor or in the proxy again).

type HeldItem =
  | { key: KeyboardEventInit }
  | { text: string }
  | { paste: string }
  | { click: { x: number; y: number; button: number; ctrlKey: boolean; shiftKey: boolean; metaKey: boolean; altKey: boolean } };

const held = {
  items: [] as HeldItem[],
  active: false,
  draining: false,
  timer: null as ReturnType<typeof setTimeout> | null,
  /** The proxy whose grid the keys were typed into (its screen shows 正在保存 meanwhile). */
  owner: null as ProxyState | null,
  /** A held mousedown's mouseup and click are swallowed too. */
  swallowClick: false,
  /**
   * The editor field an Enter, Tab or Escape was pressed in (holding after leaving an editor):
   * held keys wait until focus has left it, and the key that left it.
   */
  leaving: null as HTMLInputElement | HTMLTextAreaElement | null,
  leavingKey: '',
  /** The owner's screen was told keys are held (only once one is: leaving an editor alone is not). */
  announced: false,
};
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'Process', 'Dead', 'Unidentified']);
/** How long a held key waits for the grid to settle before it is replayed anyway. */
const SETTLE_LIMIT_MS = 600;
/** How long the replay waits for a word still being composed. */
const COMPOSE_LIMIT_MS = 10_000;

function announce(): void {
  if (held.announced || !held.owner) return;
  held.announced = true;
  held.owner.onHeld(true);
}

function pushText(text: string): void {
  announce();
  const last = held.items[held.items.length - 1];
  if (last && 'text' in last) last.text += text;
  else held.items.push({ text });
}

function holdKey(e: KeyboardEvent): void {
  e.preventDefault();
  e.stopImmediatePropagation();
  announce();
  if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) pushText(e.key);
  else held.items.push({ key: { key: e.key, code: e.code, ctrlKey: e.ctrlKey, shiftKey: e.shiftKey, altKey: e.altKey, metaKey: e.metaKey } });
}

/**
 * Enter, Tab or Escape in an editor of a grid ends the edit, and the grid moves on in its own
 * time (Escape's cancel waits for a timer, the proxy is placed after the move): keys the clerk
 * pressed right after it would land in the editor being left or on a bare cell. They are held
 * from here until focus has moved on (into the next editor or the proxy), then replayed.
 */
function holdAfterLeaving(e: KeyboardEvent): void {
  if ((e.key !== 'Enter' && e.key !== 'Tab' && e.key !== 'Escape') || e.ctrlKey || e.altKey || e.metaKey) return;
  const state = current;
  const field = e.target;
  if (!state || !isTextField(field) || field.classList.contains('ime-proxy') || !state.host.contains(field)) return;
  if (!field.closest('.ag-cell-inline-editing, .ag-popup-editor')) return;
  held.active = true;
  held.owner = state;
  held.leaving = field;
  held.leavingKey = e.key;
  drainKeys();
}

/** While keys are held, every key the clerk presses joins them (a capture listener on the window). */
function onWindowKeyDown(e: KeyboardEvent): void {
  if (!e.isTrusted || e.isComposing || e.keyCode === 229 || MODIFIERS.has(e.key)) return;
  if (!held.active) {
    holdAfterLeaving(e);
    return;
  }
  // Ctrl+V goes ahead: the browser's paste event, held below, carries the text.
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'v') return;
  holdKey(e);
}

/** Text that arrives without a key (an insertion by the input method, an on-screen keyboard) joins them too. */
function onWindowBeforeInput(e: InputEvent): void {
  if (!e.isTrusted || !e.cancelable || e.inputType !== 'insertText' || !e.data) return;
  if (!held.active) {
    // Text on a grid cell that has focus before the proxy is over it (right after a click): the browser
    // would put it in the proxy where the caret was left, and move focus there late, ending the edit
    // the text starts. Into the proxy over that cell, now.
    const state = current;
    const target = e.target;
    if (!state || state.pending || !(target instanceof HTMLElement) || isTextField(target) || target.isContentEditable || !state.host.contains(target)) return;
    // Text on a column header (clicked to sort) goes nowhere: the browser put it in the proxy over the cell before, and
    // on the entry row it made a person (helper 59).
    if (target.closest('.ag-header')) {
      e.preventDefault();
      e.stopImmediatePropagation();
      return;
    }
    // Only on a cell not being edited, the grid editing nothing (an editor about to take focus takes its keys itself).
    if (!target.closest('.ag-cell') || state.host.querySelector('.ag-cell-inline-editing, .ag-popup-editor') !== null) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    state.attach();
    if (document.activeElement === state.proxy) document.execCommand('insertText', false, e.data);
    return;
  }
  e.preventDefault();
  e.stopImmediatePropagation();
  pushText(e.data);
}

function onWindowPaste(e: ClipboardEvent): void {
  if (!held.active || !e.isTrusted) return;
  e.preventDefault();
  e.stopImmediatePropagation();
  announce();
  held.items.push({ paste: e.clipboardData?.getData('text/plain') ?? '' });
}

function onWindowMouseDown(e: MouseEvent): void {
  if (!held.active || !e.isTrusted) return;
  e.preventDefault();
  e.stopImmediatePropagation();
  announce();
  held.swallowClick = true;
  held.items.push({ click: { x: e.clientX, y: e.clientY, button: e.button, ctrlKey: e.ctrlKey, shiftKey: e.shiftKey, metaKey: e.metaKey, altKey: e.altKey } });
}

function onWindowMouseUpOrClick(e: MouseEvent): void {
  if (!held.swallowClick || !e.isTrusted) return;
  e.preventDefault();
  e.stopImmediatePropagation();
  // The click (if any: none when the button was let go elsewhere) comes in the same task as the
  // mouseup; the clerk's next click is theirs.
  if (e.type === 'mouseup') setTimeout(() => { held.swallowClick = false; }, 0);
  else held.swallowClick = false;
}

const WINDOW_LISTENERS: [string, EventListener][] = [
  ['keydown', onWindowKeyDown as EventListener],
  ['beforeinput', onWindowBeforeInput as EventListener],
  ['paste', onWindowPaste as EventListener],
  ['mousedown', onWindowMouseDown as EventListener],
  ['mouseup', onWindowMouseUpOrClick as EventListener],
  ['click', onWindowMouseUpOrClick as EventListener],
  ['compositionstart', onCompositionStart as EventListener],
  ['compositionend', onCompositionEnd as EventListener],
];
let proxies = 0;

function startHolding(state: ProxyState, e: KeyboardEvent, fallback: () => void): void {
  if (!held.active) {
    held.owner = state;
    // The word so far goes to the editor; anything that reaches the proxy later is held after the key.
    state.snapshot = state.proxy.value;
  }
  held.active = true;
  holdKey(e);
  if (held.timer) clearTimeout(held.timer);
  // A safety net: no editor took the word (every editor of ours calls finishTypedText, the grid's
  // pickers take focus, see focusout). Long enough for a slow PC to mount an editor.
  held.timer = setTimeout(() => {
    held.timer = null;
    if (state.pending) fallback();
    drainKeys();
  }, 3000);
}

function endHolding(): void {
  const owner = held.owner;
  const announced = held.announced;
  held.items = [];
  held.active = false;
  held.draining = false;
  held.owner = null;
  held.leaving = null;
  held.leavingKey = '';
  held.announced = false;
  if (held.timer) clearTimeout(held.timer);
  held.timer = null;
  if (announced) owner?.onHeld(false);
}

/**
 * Where a held key may go: an editor (a text field or the grid's own picker) or the proxy with no
 * edit being handed over, inside the grid the keys were typed into (after a held click, anywhere).
 */
function settledTarget(anywhere: boolean): Element | null {
  const el = document.activeElement;
  const owner = held.owner;
  if (!el || !owner || owner.pending || owner.moving > 0) return null;
  // Still in the editor an Enter, Tab or Escape is leaving.
  if (held.leaving && el === held.leaving && held.leaving.isConnected) return null;
  if (!anywhere && !owner.host.contains(el)) return null;
  if (isTextField(el)) return el;
  const inEditor = el.closest('.ag-cell-inline-editing, .ag-popup-editor') !== null && !el.classList.contains('ag-cell');
  return inEditor ? el : null;
}

/** Where focus is: the element and the grid's focused cell (the proxy moves from cell to cell). */
function focusKey(): string {
  const cell = held.owner?.focusedCell() ?? '';
  return `${cell}|${document.activeElement?.className ?? ''}`;
}

/** Keys after which focus may pass through another row before it rests (Enter ends an entry row). */
const MOVES_ROW = new Set(['Enter', 'Escape', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown']);

function replayKey(el: Element | null, key: KeyboardEventInit): void {
  const name = key.key ?? '';
  const ctrl = key.ctrlKey === true || key.metaKey === true;
  const field = isTextField(el) && !el.classList.contains('ime-proxy') ? el : null;
  // Inside an editor the browser's own editing keys: a synthetic key event would not move the caret.
  if (field && !ctrl && (name === 'Backspace' || name === 'Delete')) {
    document.execCommand(name === 'Backspace' ? 'delete' : 'forwardDelete');
    return;
  }
  if (field && ctrl && ['a', 'z', 'y', 'x'].includes(name.toLowerCase())) {
    document.execCommand({ a: 'selectAll', z: 'undo', y: 'redo', x: 'cut' }[name.toLowerCase()]!);
    return;
  }
  if (field && !ctrl && (name === 'ArrowLeft' || name === 'ArrowRight' || name === 'Home' || name === 'End')) {
    const at = field.selectionStart ?? 0;
    const to = name === 'Home' ? 0 : name === 'End' ? field.value.length : Math.max(0, Math.min(field.value.length, at + (name === 'ArrowLeft' ? -1 : 1)));
    field.setSelectionRange(to, to);
    return;
  }
  (el ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { ...key, bubbles: true, cancelable: true }));
}

function replayClick(c: Extract<HeldItem, { click: unknown }>['click']): void {
  const target = document.elementFromPoint(c.x, c.y);
  if (!target) return;
  const init = { bubbles: true, cancelable: true, clientX: c.x, clientY: c.y, button: c.button, ctrlKey: c.ctrlKey, shiftKey: c.shiftKey, metaKey: c.metaKey, altKey: c.altKey };
  const down = target.dispatchEvent(new MouseEvent('mousedown', init));
  // A press the page refused (its default prevented: the payments grid keeps an editor whose date or amount it cannot
  // read) is not made the grid's focused cell either: that would end the edit the refusal kept.
  if (!down && !target.closest('.ag-cell-inline-editing, .ag-popup-editor')) return;
  const focusable = target.closest<HTMLElement>('input, textarea, select, button, a[href], [tabindex]');
  if (down && focusable) focusable.focus();
  target.dispatchEvent(new MouseEvent('mouseup', init));
  target.dispatchEvent(new MouseEvent('click', init));
  // The grid takes focus from its own (trusted) mousedown only: the cell clicked is made its focused
  // cell here, so that the proxy comes over it and the text held after the click starts its edit
  // (it was dropped on the bare cell, or typed into the cell focused before).
  if (!target.closest('.ag-cell-inline-editing, .ag-popup-editor')) held.owner?.focusCellAt(c.x, c.y);
}

function replayPaste(el: Element | null, text: string): void {
  if (isTextField(el) && !el.classList.contains('ime-proxy')) {
    document.execCommand('insertText', false, text);
    return;
  }
  // On a cell: the grid's own paste (rows and columns from the focused cell).
  const data = new DataTransfer();
  data.setData('text/plain', text);
  (el ?? document.body).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
}

function drainKeys(): void {
  if (!held.active || held.draining) return;
  if (held.timer) clearTimeout(held.timer);
  held.timer = null;
  held.draining = true;
  // After leaving an editor with Enter or Escape, focus may pass through another row (the entry
  // row's Enter) before it rests.
  let needStable = held.leaving !== null && MOVES_ROW.has(held.leavingKey);
  let anywhere = false;
  let offCells = false;
  let lastKey = '';
  let waited = 0;
  const step = (): void => {
    if (!held.draining) return;
    const item = held.items[0];
    // Leaving an editor can open something outside the grid that takes focus (the dialog that
    // registers a person): the keys that follow go there.
    const active = document.activeElement;
    if (held.leaving && held.owner && active && active !== document.body && !held.owner.host.contains(active)) anywhere = true;
    if (!item) {
      // Holding after leaving an editor lasts until focus has moved on, whether keys came or not.
      if ((held.leaving || (held.owner?.moving ?? 0) > 0) && waited < SETTLE_LIMIT_MS && settledTarget(anywhere) === null) {
        waited += 16;
        setTimeout(step, 16);
        return;
      }
      endHolding();
      return;
    }
    // A word still being composed comes first (it is held when the input method commits it); a
    // field removed mid-composition never says it ended.
    if (composition.active && composition.field && !composition.field.isConnected) composition.active = false;
    if (composition.active && waited < COMPOSE_LIMIT_MS) {
      waited += 16;
      setTimeout(step, 16);
      return;
    }
    // Settled: an editor or the proxy has focus; after a key that moves between rows, focus must
    // also have stayed put for a moment (Enter on the entry row passes through the totals row).
    const target = settledTarget(anywhere);
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
    // Never into something outside the grid the keys were typed into (a clerk's click moves them on).
    const el = target ?? (anywhere ? document.activeElement : null);
    needStable = false;
    if ('click' in item) {
      // A click off the grid's cells (a column header, outside the grid): the text after it has no cell of the clerk's.
      offCells = held.owner === null || gridCellAt(held.owner.host, item.click.x, item.click.y) === null;
      replayClick(item.click);
      anywhere = true;
      needStable = true;
      lastKey = '';
    } else if ('text' in item) {
      // Text on a bare cell of the grid (focus there, the proxy not over it): into the proxy, which starts its edit.
      // (Not after a click off the cells: the proxy would go over the cell Enter moved to, and the text change a payment
      // the clerk never chose; helper 57.)
      if (!isTextField(el) && held.owner && !offCells && (el === null ? focusIsInGrid(held.owner.host) : held.owner.host.contains(el))) held.owner.attach();
      const field = isTextField(el) ? el : document.activeElement === held.owner?.proxy ? held.owner.proxy : null;
      // (After a click off the cells that took no focus, the status bar, the proxy is still over the cell Enter moved to:
      // the text is not the clerk's for it; helper 59.)
      if (field && !(offCells && field === held.owner?.proxy)) document.execCommand('insertText', false, item.text);
    } else if ('paste' in item) {
      replayPaste(el, item.paste);
    } else if (el) {
      replayKey(el, item.key);
      needStable = MOVES_ROW.has(item.key.key ?? '');
      lastKey = '';
    }
    setTimeout(step, 0);
  };
  setTimeout(step, 0);
}

/**
 * Text typed on a dropdown cell (性别, 项目, 对象类别) that names one of its choices (the whole choice,
 * or a word an input method gives at once that starts only one: 劳动 for 劳动模范) sets the cell as a
 * typed value would, as in a spreadsheet; other text opens the dropdown with it, filtered. A single
 * key that only starts a choice opens the dropdown: the clerk is typing the rest (2017年… on 项目: the
 * 2 alone was taken as the one program starting with 2, the cell left as it was, and the 017 typed
 * next went into a new edit; 现 of 现金 the same).
 */
function chooseInDropdown<T>(api: GridApi<T>, rowIndex: number, rowPinned: 'top' | 'bottom' | null, column: Column, text: string): boolean {
  const colDef = column.getColDef();
  const node = rowPinned === 'bottom' ? api.getPinnedBottomRow(rowIndex) : rowPinned === 'top' ? api.getPinnedTopRow(rowIndex) : api.getDisplayedRowAtIndex(rowIndex);
  if (!node?.data) return false;
  const raw: unknown = colDef.cellEditorParams;
  const params = (typeof raw === 'function' ? (raw as (p: unknown) => unknown)({ node, data: node.data, column, colDef, api }) : raw) as { values?: unknown[]; dropdown?: boolean } | undefined;
  // A dropdown: the grid's own, or one whose parameters say so (ChoiceEditor: `dropdown: true`).
  if (colDef.cellEditor !== 'agSelectCellEditor' && params?.dropdown !== true) return false;
  const editable = typeof colDef.editable === 'function' ? colDef.editable({ node, data: node.data, column, colDef, api, context: undefined }) : colDef.editable !== false;
  if (!editable) return false;
  const values = (params?.values ?? []).map(String);
  const typed = text.trim();
  const starting = [...typed].length > 1 ? values.filter((v) => v.startsWith(typed)) : [];
  const choice = values.includes(typed) ? typed : starting.length === 1 ? starting[0]! : null;
  if (choice === null) return false;
  node.setDataValue(column, choice);
  return true;
}

/** A cell of a grid as AG Grid addresses it: its row's index (in the body or among the pinned rows) and column. */
export interface GridCellAddress {
  rowIndex: number;
  colId: string;
  pinned: 'top' | 'bottom' | null;
}

/** The cell of the grid inside `host` under a point (a click), or null. */
export function gridCellAt(host: HTMLElement, x: number, y: number): GridCellAddress | null {
  const found = document.elementFromPoint(x, y)?.closest<HTMLElement>('.ag-cell[col-id]');
  const row = found?.closest<HTMLElement>('.ag-row[row-index]');
  if (!found || !row || !host.contains(found)) return null;
  // A pinned row's index is written t-0 / b-0 (top / bottom): read as a number it was NaN, and the entry row clicked
  // while keys were held got no focus (the word typed after the click was lost; helper 57).
  const index = /^(?:([tb])-)?(\d+)$/.exec(row.getAttribute('row-index') ?? '');
  if (!index) return null;
  const pinned = index[1] === 't' ? 'top' : index[1] === 'b' ? 'bottom' : null;
  return { colId: found.getAttribute('col-id')!, rowIndex: Number(index[2]), pinned };
}

export interface ImeProxy {
  /** Put DOM focus in the proxy, over the grid's focused cell. */
  attach(): void;
  /** Hold the keys that follow until `done` settles (the screen moves focus on itself meanwhile). */
  holdUntil(done: Promise<unknown>): void;
  /**
   * The Enter or Tab just pressed in the editor `field` did not leave it (the screen refused its text): the keys held
   * since go into that editor, and holding ends once they have (they waited for focus to leave it, up to SETTLE_LIMIT_MS,
   * and then went to the proxy over the cell).
   */
  stayIn(field: Element): void;
  /**
   * The first click held for this grid, taken out of the held items when `take` accepts it (the caller
   * focuses the cell it was made on; the keys held after it then go there), or null.
   */
  takeHeldClick(take: (x: number, y: number) => boolean): { x: number; y: number } | null;
  dispose(): void;
}

/**
 * A text box inside the grid's area that is no cell: a column filter's input (AG Grid draws its popup inside the
 * grid's host) or a floating filter. Keys and the clipboard there are the box's own: the grid's Delete, Backspace,
 * Ctrl+Delete, Ctrl+D, Ctrl+Z and Ctrl+C/V/X are not (helper 82: Ctrl+V in the filter box pasted into the ledger,
 * Backspace could not correct a filter, Ctrl+Delete asked to delete the focused row, Ctrl+C copied the focused cell).
 */
export function typingOutsideCells(el: EventTarget | null = document.activeElement): boolean {
  if (!(el instanceof HTMLElement) || el.classList.contains('ime-proxy')) return false;
  // Anything of a filter's or a column menu's popup (its condition dropdown, 包含/等于…, is AG Grid's own element, no
  // text box: helper 87, Delete there cleared the focused cell's 备注 off-screen, Ctrl+V pasted into it).
  if (el.closest('.ag-popup, .ag-filter, .ag-menu, .ag-floating-filter') !== null && el.closest('.ag-popup-editor') === null) return true;
  if (!isTextField(el) && !(el instanceof HTMLSelectElement) && !el.isContentEditable) return false;
  return el.closest('.ag-cell, .ag-popup-editor') === null;
}

/**
 * Whether focus is the grid's to move: on something inside the grid's `host`, or on nothing. Focus
 * elsewhere in the page (a dialog the grid opened, such as 新建人员; the search box) stays there.
 */
export function focusIsInGrid(host: HTMLElement): boolean {
  const active = document.activeElement;
  return !active || active === document.body || host.contains(active);
}

/**
 * `onNotEditable`: text was typed on a focused cell that cannot be edited (a paid row's amount, a closed year's row, 序号):
 * the typing goes nowhere, and the screen may say why.
 */
export function createImeProxy<T>(
  host: HTMLElement,
  getApi: () => GridApi<T> | null,
  onHeld: (active: boolean) => void = () => undefined,
  onNotEditable: (cell: { rowIndex: number; rowPinned: 'top' | 'bottom' | null; colId: string }) => void = () => undefined,
): ImeProxy {
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
    host,
    pending: false,
    snapshot: null,
    focusedCell: () => {
      const cell = getApi()?.getFocusedCell();
      return cell ? `${cell.rowPinned ?? ''}:${cell.rowIndex}:${cell.column.getColId()}` : '';
    },
    onHeld,
    moving: 0,
    attach: () => api.attach(),
    focusCellAt: (x, y) => {
      const grid = getApi();
      const at = gridCellAt(host, x, y);
      if (!grid || !at || grid.isDestroyed()) return;
      const now = grid.getFocusedCell();
      const same = now !== null && now.rowIndex === at.rowIndex && (now.rowPinned ?? null) === at.pinned && now.column.getColId() === at.colId;
      if (!same) grid.setFocusedCell(at.rowIndex, at.colId, at.pinned);
      api.attach();
    },
  };
  if (proxies++ === 0) for (const [type, listener] of WINDOW_LISTENERS) window.addEventListener(type, listener, true);
  current = state;

  const focusedCellElement = (): HTMLElement | null => host.querySelector('.ag-cell-focus');

  function startEditing(text: string) {
    // Keys typed before the editor has mounted stay in the proxy; the editor takes them all.
    if (state.pending) return;
    const api = getApi();
    const cell = api?.getFocusedCell();
    // Nothing but spaces (Space, or Shift+Space: Excel's "select the row"): no edit is begun. A clerk does not start a
    // cell with a space, and the edit it began saved a blank: on 姓名 that took the payee off the payment (helper 114:
    // Shift+Space, then 审核, approved a payment with no recipient). Delete still clears a cell on purpose.
    if (!api || !cell || text.trim() === '') {
      proxy.value = '';
      return;
    }
    if (chooseInDropdown(api, cell.rowIndex, cell.rowPinned ?? null, cell.column, text)) {
      proxy.value = '';
      return;
    }
    state.pending = true;
    state.snapshot = null;
    api.startEditingCell({ rowIndex: cell.rowIndex, colKey: cell.column, rowPinned: cell.rowPinned ?? undefined, key: text });
    if (api.getEditingCells().length === 0) {
      // A cell that cannot be edited (locked, or the totals row): the typing goes nowhere (the screen says why).
      state.pending = false;
      proxy.value = '';
      onNotEditable({ rowIndex: cell.rowIndex, rowPinned: cell.rowPinned ?? null, colId: cell.column.getColId() });
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
    startHolding(state, e, () => {
      state.pending = false;
      state.snapshot = null;
      proxy.value = '';
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
    if (!isTextField(target)) {
      // The grid's own picker editor (性别, 项目 …) took focus: it does not take typed text, which
      // must not wait in the proxy for the next cell's editor.
      if (target instanceof Element && !target.classList.contains('ag-cell') && target.closest('.ag-cell, .ag-popup-editor')) {
        proxy.value = '';
        state.pending = false;
        state.snapshot = null;
        drainKeys();
      }
      return;
    }
    const text = typedText(state);
    proxy.value = '';
    state.pending = false;
    state.snapshot = null;
    if (text !== '') setFieldValue(target, text);
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
      if (!focusIsInGrid(host)) return;
      // A word being composed here (typed while keys were held) is not cut short.
      if (composition.active && composition.field === proxy) return;
      state.pending = false;
      state.snapshot = null;
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
    holdUntil(done) {
      state.moving++;
      void done.finally(() => {
        state.moving--;
      });
      // Keys are held from now on even when nothing held them yet (an Enter replayed from held keys
      // does not pass through holdAfterLeaving): until the move is done, then until focus settles.
      if (!held.active) {
        held.active = true;
        held.owner = state;
        const el = document.activeElement;
        held.leaving = isTextField(el) && !el.classList.contains('ime-proxy') && host.contains(el) ? el : null;
        held.leavingKey = 'Enter';
        drainKeys();
      }
    },
    stayIn(field) {
      if (held.owner !== state || held.leaving !== field) return;
      held.leaving = null;
      held.leavingKey = '';
    },
    takeHeldClick(take) {
      if (held.owner !== state) return null;
      const at = held.items.findIndex((item) => 'click' in item);
      if (at < 0) return null;
      const { click } = held.items[at] as Extract<HeldItem, { click: unknown }>;
      if (!take(click.x, click.y)) return null;
      held.items.splice(at, 1);
      return { x: click.x, y: click.y };
    },
    dispose() {
      // Keys held for this grid go nowhere once it is gone.
      if (held.owner === state) endHolding();
      if (--proxies === 0) for (const [type, listener] of WINDOW_LISTENERS) window.removeEventListener(type, listener, true);
      proxy.remove();
      if (current === state) current = null;
    },
  };
  return api;
}
