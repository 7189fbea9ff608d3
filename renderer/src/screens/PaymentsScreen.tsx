/**
 * 发放台账: the screen clerks live in. An AG Grid over the core's page query
 * (infinite row model: sort, filter and totals in SQLite), keyed like Excel/WPS:
 * every committed cell is saved at once through the contract; an entry row at
 * the bottom creates payments; copy, paste and fill-down are built on the DOM
 * clipboard; undo and redo use the ledger's persistent history; F8 jumps to the
 * next row with a finding.
 */
import type { BodyScrollEvent, CellPosition, TabToNextCellParams, CellEditingStartedEvent, CellEditingStoppedEvent, CellFocusedEvent, Column, FirstDataRenderedEvent, ColumnResizedEvent, ColDef, GetRowIdParams, GridApi, GridReadyEvent, IDatasource, IGetRowsParams, IRowNode, RowClassRules, RowSelectionOptions, SelectionChangedEvent } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { ApplyResponse, RequestOf } from '../../../shared/contract.ts';
import { parseDate, todayIso } from '../../../shared/domain/dates.ts';
import { looksLikeIdNumber, parseResidentId } from '../../../shared/domain/residentId.ts';
import { isColumnNumberLine, mayNamePayee, rosterLineKind } from '../../../shared/domain/text.ts';
import { formatYuanWithUnit, parseAmount } from '../../../shared/domain/money.ts';
import { PAYMENT_FIELD_LABELS, type PaymentEditField, type PaymentIssueView, type PaymentQuery, type PaymentRow, type PaymentTotals } from '../../../shared/payments.ts';
import type { PersonRecord, ProgramSummary } from '../../../shared/records.ts';
import { call, CallError, onEvent, platform, UNREACHABLE } from '../api/client.ts';
import { ApprovalBar } from '../components/ApprovalBar.tsx';
import { startsWithSeqColumn, withoutSeqColumn } from '../../../shared/domain/pastedBlock.ts';
import { CreatePersonDialog, type CreatePersonRequest } from '../components/CreatePersonDialog.tsx';
import { modalOpen } from '../components/modalStack.ts';
import { idForDisplay, yuan } from '../format.ts';
import { formatTsv, parseTsv } from '../grid/clipboard.ts';
import { buildColumns, cellEditable, EDIT_COLUMNS, inClosedYear, isLocked, setClosedYears, type CellSave } from '../grid/columns.ts';
import type { PersonChoice } from '../grid/PersonEditor.tsx';
import { toPaymentQuery, type GridFilterModel, type GridSortItem } from '../grid/query.ts';
import { entryRow, hasUnreadPaste, PASTE_NOT_TAKEN, totalsRow, type EntrySlot, type GridRow, type RefusalNotice } from '../grid/rows.ts';
import { gridLocale, gridTheme } from '../grid/theme.ts';
import { loadEntryProgramPrefs, pickEntryProgram, rememberEntryProgram } from '../grid/entryProgram.ts';
import { createImeProxy, focusIsInGrid, gridCellAt, typingOutsideCells, type ImeProxy } from '../grid/imeProxy.ts';
import { TextEditor } from '../grid/TextEditor.tsx';
import { CHOICE_REFUSAL_ATTR } from '../grid/ChoiceEditor.tsx';
import { createCounter, createTroubleStore, type Counter, type TroubleStore } from '../grid/saveCounter.ts';
import { reactEditor, VanillaGrid, type ShowsStoredValue } from '../grid/VanillaGrid.tsx';
import { PAYMENTS_BLOCK_ROWS, PAYMENTS_PREFS_KEY, pageRequest, takeFirstPage, takePaymentsPrefs } from '../boot.ts';
import { useApp } from '../state.tsx';

type Edit = RequestOf<'payments.apply'>['edits'][number];
/** How long Enter's editor waits for the save's answer (a slower save: the edit ends and the grid moves on, as the save goes on). */
const MOVE_WAIT_MS = 50;

/**
 * Work that did not reach the ledger (saves that failed), kept for the window's life rather than the
 * screen's: leaving 发放台账 for another screen and coming back, or changing the year, keeps every
 * marked cell and every entry not yet stored (they were dropped, and the status then said 已保存).
 */
const pendingWork = {
  unsavedById: new Map<number, Partial<Record<PaymentEditField, string>>>(),
  unsavedPersonById: new Map<number, number>(),
  unsavedSlots: new Set<EntrySlot>(),
  waitingSlots: [] as EntrySlot[],
};

/** An entry not yet stored whose cells are marked: the entry row shows it again. */
function unstoredEntry(slot: EntrySlot): boolean {
  return slot.id === 0 && !!slot.unsaved && Object.keys(slot.unsaved).length > 0;
}

/** The next waiting entry still not stored, taken off the queue (those stored meanwhile are dropped from it). */
function takeWaitingEntry(): EntrySlot | undefined {
  let slot: EntrySlot | undefined;
  while ((slot = pendingWork.waitingSlots.shift()) !== undefined) if (unstoredEntry(slot)) return slot;
  return undefined;
}

/** An entry row for an unstored entry (finished again only once one of its cells is saved), else a blank one. */
function entryRowFor(slot: EntrySlot | undefined): GridRow {
  if (!slot) return entryRow();
  slot.touched = false;
  return { ...entryRow(), entry: slot };
}

/** The entry row on opening the screen: an entry left unsaved when the screen was left, else a waiting one, else blank. */
function entryToResume(): GridRow {
  const left = [...pendingWork.unsavedSlots].find((s) => unstoredEntry(s) && !pendingWork.waitingSlots.includes(s));
  return entryRowFor(left ?? takeWaitingEntry());
}

/** A new row's date before the clerk types one: the last date entered in this year, today in the current year, else the year's last day. */
function defaultPaidOn(year: number | null, last: string | null): string {
  const today = todayIso();
  if (last && (year === null || last.startsWith(String(year)))) return last;
  if (year === null || today.startsWith(String(year))) return today;
  return `${year}-12-31`;
}
/**
 * Why the ledger cannot read the text typed in a date or amount cell (the same parsers as the core's: 六百, 2017-02-30),
 * or null when it can (六百元, 1,000.00, 0.06万), when the text is empty, or for other cells.
 */
function unreadableText(field: string, text: string): string | null {
  const typed = text.trim();
  if (typed === '') return null;
  if (field === 'paidOn') {
    const date = parseDate(typed);
    return date.ok ? null : date.message;
  }
  if (field === 'cashFen' || field === 'goodsFen') {
    const amount = parseAmount(typed);
    // (parseAmount refuses what is not whole fen or above its bound, far inside 2^53.)
    return amount.ok ? null : amount.message;
  }
  return null;
}

/** How long scrolling must pause before the rows scrolled to are read. */
const SCROLL_PAUSE_MS = 60;
/** Keys that move through the rows, and how long after one a scroll is its jump (not the clerk scrolling). */
const NAV_KEYS = new Set(['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', 'Enter', 'Tab']);
const NAV_KEY_SCROLL_MS = 150;

const DEFAULT_COL_DEF: ColDef<GridRow> = { sortable: true, resizable: true, cellEditor: reactEditor(TextEditor) };
const ROW_SELECTION: RowSelectionOptions<GridRow> = { mode: 'multiRow', checkboxes: false, headerCheckbox: false, enableClickSelection: true };
const rowIdOf = (p: GetRowIdParams<GridRow>): string => (p.data.kind ? `pinned-${p.data.kind}` : String(p.data.id));
/** A row node's place: pinned rows by position, ledger rows by payment id. */
const rowKeyOf = (node: IRowNode<GridRow>): string => (node.rowPinned ? `${node.rowPinned}-${node.rowIndex}` : `id-${node.data?.id ?? ''}`);
/** A cell as the edit Enter or Tab has sent is known by: its row's key and its column. */
const cellKeyOf = (node: IRowNode<GridRow>, column: Column): string => `${rowKeyOf(node)}|${column.getColId()}`;
/** `fn`, run at most once however often the result is called. */
function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}

/**
 * `fn` once, in the task after the next animation frame (what the grid was just handed is drawn
 * then), or after `atMostMs` if no frame comes sooner (a busy or minimised window).
 */
function afterNextFrame(fn: () => void, atMostMs: number): void {
  const run = once(fn);
  requestAnimationFrame(() => setTimeout(run, 0));
  setTimeout(run, atMostMs);
}
/** The money columns whose sums the totals row shows (fitTotals). */
const TOTALS_MONEY_COLUMNS = ['cashFen', 'goodsFen', 'totalFen'] as const;
/** How long the totals of a new view wait for its first rows to be drawn (afterNextFrame). */
const TOTALS_AFTER_ROWS_MS = 500;
/**
 * Rows drawn beyond the visible ones: none while the first rows are drawn (each row is ~19 cells,
 * and the open draws them all at once), the grid's usual 10 once they are on screen.
 */
const OPEN_ROW_BUFFER = 0;
/** Keys that move the focus: pressed without Shift they end a row selection. */
const NAVIGATION_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End', 'Enter', 'Tab']);
const ROW_BUFFER = 10;

export function PaymentsScreen() {
  const { t, i18n } = useTranslation();
  const { year, yearReady, setYear, info, setViewTotals, notify, dismissContaining, setHistory, generation, openPrint, paymentsPreset, openPayments, setLeaveGuard } = useApp();
  const [showFullIds, setShowFullIds] = useState(false);
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [programs, setPrograms] = useState<ProgramSummary[]>([]);
  const [recipientKinds, setRecipientKinds] = useState<string[]>([]);
  const [entryProgramId, setEntryProgramId] = useState<number | null>(null);
  /** Saves under way (and keys held while an editor mounts): only the 正在保存/已保存 label re-renders for them. */
  const [saving] = useState(createCounter);
  const setSaving = saving.add;
  /** Cells not stored (their save failed) and whether the last save failed: the label says so until saves succeed. */
  const [trouble] = useState(createTroubleStore);
  const [selectedCount, setSelectedCount] = useState(0);
  /**
   * Where a run of Shift+↓ / Shift+↑ selects from (`anchor`, a row index) and the row it left the focus on (`at`),
   * while the run goes on: any other key and any click end it (helper 43's sweep: kept after a sort, a click or
   * plain arrows, a row number named other rows, and Ctrl+D filled rows the clerk had not selected).
   */
  const selectionAnchor = useRef<{ anchor: number; at: number } | null>(null);
  const [createPerson, setCreatePerson] = useState<CreatePersonRequest | null>(null);
  /** The row whose 姓名 offered the dialog (and whether the person was made), to put the focus back there. */
  const createFrom = useRef<{ rowIndex: number; rowPinned: 'top' | 'bottom' | null; created: boolean } | null>(null);
  const apiRef = useRef<GridApi<GridRow> | null>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const queryRef = useRef<PaymentQuery>({ year });
  const entryRef = useRef<GridRow>(null as unknown as GridRow);
  if (entryRef.current === null) entryRef.current = entryToResume();
  /**
   * The cell being edited, as it was when the edit started: its entry slot (for the entry row) and
   * its value then. The row can change under an open editor (a save answering), so "did the clerk
   * change it" is judged against the value the editor started from.
   */
  const editStart = useRef<{ rowKey: string; colId: string; slot: EntrySlot | null; value: unknown } | null>(null);
  /** The totals of the rows in view; none until the first page's totals answer. */
  const totalsRef = useRef<PaymentTotals | null>(null);
  const lastPaidOn = useRef<string | null>(null);
  const prefsTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const prefsLoaded = useRef(false);
  /** The saved columns, sort and filters are on the grid: its rows are asked for only then (once, in that order). */
  const [gridPrefsApplied, setGridPrefsApplied] = useState(false);
  const imeRef = useRef<ImeProxy | null>(null);
  /** Saves run in order, one at a time. */
  const saveQueue = useRef<Promise<void>>(Promise.resolve());

  // ——— reference data for dropdowns ———
  useEffect(() => {
    if (!yearReady) return;
    let live = true;
    // 新增到项目: the preset's program, else the clerk's choice for this year view (entryProgram.ts).
    Promise.all([call('programs.list', { year, totals: false }), loadEntryProgramPrefs()])
      .then(([list, prefs]) => {
        if (!live) return;
        setPrograms(list);
        const preset = paymentsPreset?.programId;
        setEntryProgramId(preset && list.some((p) => p.id === preset) ? preset : pickEntryProgram(list, year, prefs));
      })
      .catch((e: Error) => notify('error', e.message));
    call('codes.list', { list: 'recipient_kind' })
      .then((codes) => setRecipientKinds(codes.filter((c) => !c.retired).map((c) => c.value)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [yearReady, year, generation, notify, paymentsPreset]);

  useEffect(() => {
    const timer = setTimeout(() => setSearch(searchText.trim()), 250);
    return () => clearTimeout(timer);
  }, [searchText]);

  // ——— pinned rows: the entry row and the totals row ———
  const setPinned = useCallback(() => {
    apiRef.current?.setGridOption('pinnedBottomRowData', [entryRef.current, totalsRow(totalsRef.current)]);
  }, []);

  /** The pinned rows wait for the first rows (set when the grid is ready, cleared once drawn). */
  const pinnedPending = useRef(false);
  const drawPinnedIfPending = useCallback(() => {
    if (!pinnedPending.current) return;
    pinnedPending.current = false;
    setTimeout(() => setPinned(), 0);
  }, [setPinned]);
  /** The view (query without its order) whose first page came without a count; the next totals of it set the grid's row count. */
  const countOpenFor = useRef<string | null>(null);
  // Totals answer in order: an older request's answer never replaces a newer one's.
  const totalsSeq = useRef(0);
  const totalsTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /**
   * The width each column widened by fitTotals had before (the clerk's, saved in the layout instead of the widened
   * one), and the columns the clerk has sized by hand since (left as sized: a column dragged narrower is not widened
   * again at the next totals; helper 102).
   */
  const widthBeforeFit = useRef(new Map<string, number>());
  const sizedByClerk = useRef(new Set<string>());
  /**
   * The totals row's sums are shown whole: a money column too narrow for its sum (20,259,820.00 in bold was cut to
   * 20,259,820.…) is widened to it, once the row is drawn. Only widened, never narrowed, and not a column the clerk
   * sized; the layout saves the width before it (savePrefs), so a narrower column comes back with smaller sums.
   */
  const fitTotals = useCallback(() => {
    const api = apiRef.current;
    const host = hostRef.current;
    if (!api || api.isDestroyed() || !host) return;
    const widths: { key: string; newWidth: number }[] = [];
    for (const colId of TOTALS_MONEY_COLUMNS) {
      const cell = host.querySelector<HTMLElement>(`.row-totals [col-id="${colId}"]`);
      const column = api.getColumn(colId);
      if (!cell || !column || sizedByClerk.current.has(colId)) continue;
      // The cell, or the element inside it that holds the text: how far the text runs past it.
      let over = 0;
      for (const el of [cell, ...cell.querySelectorAll<HTMLElement>('*')]) over = Math.max(over, el.scrollWidth - el.clientWidth);
      if (over > 0) {
        if (!widthBeforeFit.current.has(colId)) widthBeforeFit.current.set(colId, column.getActualWidth());
        widths.push({ key: colId, newWidth: column.getActualWidth() + over + 6 });
      }
    }
    if (widths.length > 0) api.setColumnWidths(widths, false);
  }, []);
  /** When a read of the ledger last succeeded: a failure of a read started before it is out of date (not said). */
  const readOkAt = useRef(0);
  const refreshTotals = useCallback(() => {
    if (totalsTimer.current !== null) clearTimeout(totalsTimer.current);
    totalsTimer.current = null;
    const seq = ++totalsSeq.current;
    const { offset: _o, limit: _l, sort: _s, ...rest } = queryRef.current;
    const started = performance.now();
    call('payments.totals', { query: rest })
      .then((totals) => {
        readOkAt.current = performance.now();
        // A read succeeded: the notices that the ledger could not be reached are out of date (as after a page).
        dismissContaining(t('errors.unreachable'));
        if (seq !== totalsSeq.current) return;
        totalsRef.current = totals;
        // What narrows the view, said in the status bar beside its row count (a filter kept from yesterday, its only sign a dot on a header).
        const filteredBy = [...new Set([
          ...Object.keys(rest.filters ?? {}).map((f) => apiRef.current?.getColumn(f)?.getColDef().headerName ?? t('status.filterOther')),
          ...(rest.search ? [t('status.filterSearch', { text: rest.search })] : []),
        ])];
        setViewTotals({ ...totals, filteredBy });
        // The first page of a search came without its count: the totals bring it.
        if (countOpenFor.current !== null && countOpenFor.current === JSON.stringify(rest)) {
          countOpenFor.current = null;
          apiRef.current?.setRowCount(totals.rows, true);
        }
        // Only the totals row: replacing the pinned rows would end an edit going on in the entry row.
        const node = apiRef.current?.getPinnedBottomRow(1);
        if (node?.data?.kind === 'totals') node.setData(totalsRow(totals));
        else setPinned();
        afterNextFrame(fitTotals, TOTALS_AFTER_ROWS_MS);
      })
      .catch((e: Error) => {
        if (seq === totalsSeq.current && readOkAt.current < started) notify('error', t('errors.loadFailed', { message: e.message }));
      });
  }, [setViewTotals, notify, t, setPinned, dismissContaining, fitTotals]);

  /**
   * Totals after a typed edit wait for a pause in typing (they scan every row in view: ~0.2 s
   * on a 1,000,000-row ledger, during which the core answers nothing else), so that the next
   * edit is not queued behind them.
   */
  const refreshTotalsSoon = useCallback(() => {
    if (totalsTimer.current !== null) clearTimeout(totalsTimer.current);
    totalsTimer.current = setTimeout(() => {
      totalsTimer.current = null;
      refreshTotals();
    }, 600);
  }, [refreshTotals]);
  useEffect(() => () => {
    // Leaving the screen: a totals answer still on its way is ignored, and the timers that finish an
    // entry or focus a cell find no grid (they check apiRef).
    if (totalsTimer.current !== null) clearTimeout(totalsTimer.current);
    totalsSeq.current++;
    apiRef.current = null;
  }, []);

  /**
   * Rows asked for while the clerk scrolls are read once the scrolling pauses (the blocks passed on
   * the way are not read one by one while the bar moves); rows asked for otherwise (opening, a sort,
   * a search, a refresh) are read at once. AG Grid's own blockLoadDebounceMillis would delay those too.
   */
  const lastScrollAt = useRef(0);
  const scrolling = useCallback(() => performance.now() - lastScrollAt.current < SCROLL_PAUSE_MS, []);
  /**
   * Blocks of rows asked for while scrolling, by first row. Once the scrolling pauses they are read
   * one at a time, the one nearest the rows in view first; blocks only passed on the way wait until
   * the clerk scrolls to them (a drag down the bar passes dozens, which were read in the order they
   * were passed before the ones in view).
   */
  const scrollQueue = useRef(new Map<number, { end: number; load: () => Promise<void> }>());
  const scrollLoading = useRef(false);
  const scrollTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pumpScrollQueue = useCallback(() => {
    const api = apiRef.current;
    if (scrollLoading.current || scrolling() || !api || scrollQueue.current.size === 0) return;
    const first = api.getFirstDisplayedRowIndex();
    const last = api.getLastDisplayedRowIndex();
    let best: number | null = null;
    let bestDistance = Infinity;
    for (const [start, block] of scrollQueue.current) {
      const distance = block.end <= first ? first - block.end + 1 : start > last ? start - last : 0;
      if (distance < bestDistance) [best, bestDistance] = [start, distance];
    }
    // Within a block of the rows in view; farther blocks wait to be scrolled to.
    if (best === null || bestDistance > 100) return;
    const block = scrollQueue.current.get(best)!;
    scrollQueue.current.delete(best);
    scrollLoading.current = true;
    void block.load().finally(() => {
      scrollLoading.current = false;
      pumpScrollQueue();
    });
  }, [scrolling]);
  /** When the clerk last pressed a key that moves through the rows (a jump, not a drag or the wheel). */
  const lastNavKeyAt = useRef(-Infinity);
  const scrolled = useCallback(() => {
    // A key's jump (Ctrl+End, PageDown …) is one move: the rows it lands on are read at once.
    if (performance.now() - lastNavKeyAt.current < NAV_KEY_SCROLL_MS) return;
    lastScrollAt.current = performance.now();
    if (scrollTimer.current !== null) clearTimeout(scrollTimer.current);
    scrollTimer.current = setTimeout(() => {
      scrollTimer.current = null;
      pumpScrollQueue();
    }, SCROLL_PAUSE_MS + 1);
  }, [pumpScrollQueue]);
  const onBodyScroll = useCallback((e: BodyScrollEvent<GridRow>) => {
    if (e.direction === 'vertical') scrolled();
  }, [scrolled]);
  // The browser's scroll event, before the grid's own handler (a capture listener on the grid's
  // host): the grid asks for the rows a scroll brings into view while handling that event, before
  // it says it scrolled (bodyScroll), and a request must already know it comes from scrolling.
  // Both are kept: without bodyScroll the drag test reads blocks the drag only passed.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const tops = new WeakMap<EventTarget, number>();
    const onScroll = (e: Event) => {
      const el = e.target as HTMLElement;
      const top = el.scrollTop;
      if (tops.get(el) === top) return;
      tops.set(el, top);
      scrolled();
    };
    const onKeyDown = (e: KeyboardEvent) => {
      if (NAV_KEYS.has(e.key)) lastNavKeyAt.current = performance.now();
    };
    host.addEventListener('scroll', onScroll, { capture: true, passive: true });
    host.addEventListener('keydown', onKeyDown, { capture: true });
    return () => {
      host.removeEventListener('scroll', onScroll, { capture: true });
      host.removeEventListener('keydown', onKeyDown, { capture: true });
    };
  }, [scrolled]);

  /** After undo or redo: put focus back on the payment it was on, once that payment's row is loaded. */
  const refocusAfterLoad = useRef<(() => void) | null>(null);

  // ——— pasted cells not taken ———
  /**
   * Cells of a paste the core could not read and left out, by payment: shown as red cells with the
   * reason (the row was saved without them) until the clerk saves that cell again.
   */
  const pasteMarks = useRef(new Map<number, PaymentIssueView[]>());
  const withPasteMarks = useCallback((row: PaymentRow): PaymentRow => {
    // A cell the ledger itself keeps as not read (its finding, from the 备注's remark) needs no second mark.
    const marks = pasteMarks.current.get(row.id)?.filter((m) => !hasUnreadPaste(row, m.field));
    return marks?.length ? { ...row, issues: [...row.issues, ...marks] } : row;
  }, []);
  /**
   * The marks of the rows a save changed, as they were before it and after it, by its command: undo
   * puts back the marks from before, redo those from after (the cells' values go back and forth with
   * them; a mark left on a restored value would name text that is no longer in question).
   */
  const marksByCommand = useRef(new Map<number, { before: Map<number, PaymentIssueView[] | undefined>; after: Map<number, PaymentIssueView[] | undefined> }>());
  const marksOfStep = useCallback((commandId: number, which: 'undo' | 'redo'): number[] => {
    const step = marksByCommand.current.get(commandId);
    if (!step) return [];
    for (const [id, marks] of which === 'undo' ? step.before : step.after) {
      if (marks?.length) pasteMarks.current.set(id, marks);
      else pasteMarks.current.delete(id);
    }
    return [...step.before.keys()];
  }, []);
  /** After a save: the cells it saved lose their marks; a paste's cells not taken get one. */
  const markPasteProblems = useCallback((edits: Edit[], res: ApplyResponse) => {
    let created = 0;
    const ids = edits.map((e) => e.id ?? res.created[created++] ?? 0);
    const before = new Map<number, PaymentIssueView[] | undefined>();
    for (const id of ids) if (id) before.set(id, pasteMarks.current.get(id));
    try {
      markRows(edits, res, ids);
    } finally {
      const after = new Map<number, PaymentIssueView[] | undefined>();
      let changed = false;
      for (const [id, marks] of before) {
        const now = pasteMarks.current.get(id);
        after.set(id, now);
        if (now !== marks) changed = true;
      }
      if (changed) marksByCommand.current.set(res.commandId, { before, after });
    }
    // markRows is drawn afresh each render; its only dependency is t.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [t]);
  const markRows = (edits: Edit[], res: ApplyResponse, ids: number[]) => {
    edits.forEach((edit, i) => {
      const marks = pasteMarks.current.get(ids[i]!);
      if (!marks) return;
      const left = marks.filter((m) => !(m.field in edit.cells) && !(m.field === 'personName' && edit.personId !== undefined));
      if (left.length) pasteMarks.current.set(ids[i]!, left);
      else pasteMarks.current.delete(ids[i]!);
    });
    // Rows left as they were (paid or signed): every cell pasted on them is marked.
    for (const r of res.locked) {
      const id = ids[r];
      if (!id) continue;
      const fields = Object.keys(edits[r]?.cells ?? {}) as PaymentEditField[];
      const marks = fields.map((field): PaymentIssueView => ({
        code: PASTE_NOT_TAKEN, severity: 'error', field, message: t('grid.pasteNotTaken', { text: String(edits[r]?.cells[field] ?? ''), message: t('grid.pasteLockedCell') }),
      }));
      pasteMarks.current.set(id, [...(pasteMarks.current.get(id) ?? []).filter((m) => !fields.includes(m.field as PaymentEditField)), ...marks]);
    }
    for (const p of res.skipped) {
      const id = ids[p.row];
      if (!id) continue;
      const text = String(edits[p.row]?.cells[p.field] ?? '');
      const mark: PaymentIssueView = { code: PASTE_NOT_TAKEN, severity: 'error', field: p.field, message: t('grid.pasteNotTaken', { text, message: p.message }) };
      pasteMarks.current.set(id, [...(pasteMarks.current.get(id) ?? []).filter((m) => m.field !== p.field), mark]);
    }
  };

  // ——— cells typed but not stored ———
  /**
   * A keyed cell whose save did not reach the ledger (the core gone, the connection cut) keeps what the clerk typed:
   * the cell shows it, marked, until a save of that cell succeeds (F2 and Enter send it again; the
   * editor starts from it). By payment id; on the entry's slot while its payment does not exist yet.
   */
  const unsavedById = useRef(pendingWork.unsavedById);
  /** The person chosen in a 姓名 cell whose save failed (its text is the name shown), by payment id. */
  const unsavedPersonById = useRef(pendingWork.unsavedPersonById);
  const unsavedSlots = useRef(pendingWork.unsavedSlots);
  /** Entries whose save failed after the clerk had started the next one: each comes back to the entry row in turn. */
  const waitingSlots = useRef(pendingWork.waitingSlots);
  /** The entry slot an edit of the entry row belongs to (a failed first cell has no payment to mark). */
  const editSlot = useRef(new WeakMap<Edit, { slot: EntrySlot; row: GridRow }>());
  /** How a cell an edit writes is shown, where that is not the value sent (a fill sends a program's code). */
  const shownText = useRef(new WeakMap<Edit, Partial<Record<PaymentEditField, string>>>());
  /** A save did not reach the ledger and none has succeeded since (a paste, fill or clear has no cell left showing it). */
  const lastSaveFailed = useRef(false);
  /** What was typed into a list row's cell whose save is on its way, by payment id (shown greyed until it answers). */
  const pendingById = useRef(new Map<number, Partial<Record<PaymentEditField, string>>>());
  const pendingOf = useCallback((row: GridRow | undefined, field: PaymentEditField): string | undefined => {
    // The entry row's cells on their way too (helper 89: back on one at once, the editor opened empty and the value
    // came back after a Delete there).
    if (row?.kind === 'entry') return row.entry?.pending?.[field];
    if (!row || row.kind !== undefined || !row.id || pendingById.current.size === 0) return undefined;
    return pendingById.current.get(row.id)?.[field];
  }, []);
  /** The saves of these edits have answered (or failed): their cells no longer show what is on its way. */
  const clearPending = (edits: Edit[]) => {
    if (pendingById.current.size === 0) return;
    for (const edit of edits) {
      const cells = edit.id ? pendingById.current.get(edit.id) : undefined;
      if (!cells) continue;
      for (const f of fieldsOf(edit)) delete cells[f];
      if (!Object.keys(cells).length) pendingById.current.delete(edit.id!);
    }
  };
  const unsavedOf = useCallback((row: GridRow | undefined, field: PaymentEditField): string | undefined => {
    if (!row || row.kind === 'totals') return undefined;
    const onSlot = row.kind === 'entry' ? row.entry?.unsaved?.[field] : undefined;
    return onSlot ?? (row.id ? unsavedById.current.get(row.id)?.[field] : undefined);
  }, []);
  const showTrouble = useCallback(() => {
    let unsaved = 0;
    for (const cells of unsavedById.current.values()) unsaved += Object.keys(cells).length;
    for (const slot of unsavedSlots.current) unsaved += Object.keys(slot.unsaved ?? {}).length;
    trouble.set({ unsaved, failed: lastSaveFailed.current });
  }, [trouble]);
  /** Whether a stored row holds a cell's typed text (an amount in yuan as its fen; other cells as typed). */
  const holds = (row: PaymentRow, field: PaymentEditField, text: string): boolean => {
    const stored = (row as unknown as Record<string, unknown>)[field];
    const typed = text.trim();
    if (field === 'cashFen' || field === 'goodsFen') return /^-?\d+(\.\d+)?$/.test(typed) && Math.round(Number(typed) * 100) === stored;
    return (stored === null || stored === undefined ? '' : String(stored)) === typed;
  };
  /**
   * A cell marked unsaved whose text the row as stored holds was stored after all (a save whose answer
   * was lost): its mark goes.
   */
  const dropStoredMarks = (rows: readonly PaymentRow[]) => {
    for (const row of rows) {
      const cells = unsavedById.current.get(row.id);
      if (!cells) continue;
      for (const [f, text] of Object.entries(cells) as [PaymentEditField, string][]) if (holds(row, f, text)) delete cells[f];
      if (!cells.personName) unsavedPersonById.current.delete(row.id);
      if (!Object.keys(cells).length) unsavedById.current.delete(row.id);
    }
  };
  /** The fields an edit wrote (a chosen person writes the name). */
  const fieldsOf = (edit: Edit): PaymentEditField[] => [...Object.keys(edit.cells) as PaymentEditField[], ...(edit.personId !== undefined ? ['personName' as const] : [])];
  /** A save succeeded: the cells it wrote are stored (their marks go); the slot's leftovers follow its payment. */
  const clearUnsaved = useCallback((edits: Edit[], res: ApplyResponse) => {
    let created = 0;
    edits.forEach((edit) => {
      const id = edit.id ?? res.created[created++];
      const fields = fieldsOf(edit);
      const slot = editSlot.current.get(edit)?.slot;
      if (slot?.unsaved) {
        for (const f of fields) delete slot.unsaved[f];
        if (!slot.unsaved.personName) delete slot.unsavedPersonId;
        // The entry's payment exists now: cells still unsaved belong to it.
        if (id && Object.keys(slot.unsaved).length) {
          unsavedById.current.set(id, { ...unsavedById.current.get(id), ...slot.unsaved });
          if (slot.unsavedPersonId !== undefined) unsavedPersonById.current.set(id, slot.unsavedPersonId);
        }
        if (id || !Object.keys(slot.unsaved).length) {
          delete slot.unsaved;
          delete slot.unsavedPersonId;
          unsavedSlots.current.delete(slot);
          // Stored: the notice that it was not is out of date.
          for (const notice of slot.refusalNotices ?? []) dismissContaining(notice.text);
          delete slot.refusalNotices;
          if (slot.waitNotice) {
            dismissContaining(slot.waitNotice);
            delete slot.waitNotice;
          }
        }
      }
      const cells = id ? unsavedById.current.get(id) : undefined;
      if (cells) {
        for (const f of fields) delete cells[f];
        if (!cells.personName) unsavedPersonById.current.delete(id!);
        if (!Object.keys(cells).length) unsavedById.current.delete(id!);
      }
    });
    dropStoredMarks(res.rows);
    lastSaveFailed.current = false;
    showTrouble();
  }, [showTrouble, dismissContaining]);
  /**
   * A marked cell of the entry row cleared (Delete, Backspace, or emptied and Enter): what was typed there and not
   * stored goes, and is not sent with the entry's next save (helper 63: a 性别 chosen before the name could not be
   * taken back, and went to whoever was named next). Only a mark: a stored value stays (the entry row clears nothing else).
   */
  const forgetEntryCell = useCallback((field: PaymentEditField, slot: EntrySlot | undefined = entryRef.current.entry) => {
    if (!slot) return;
    const onSlot = slot.unsaved;
    const byId = slot.id !== 0 ? unsavedById.current.get(slot.id) : undefined;
    const cells = onSlot && field in onSlot ? onSlot : byId && field in byId ? byId : null;
    if (!cells) return;
    delete cells[field];
    if (field === 'personName') {
      if (cells === onSlot) delete slot.unsavedPersonId;
      else unsavedPersonById.current.delete(slot.id);
    }
    if (!Object.keys(cells).length) {
      if (cells === onSlot) {
        delete slot.unsaved;
        unsavedSlots.current.delete(slot);
      } else unsavedById.current.delete(slot.id);
    }
    // The refusals of cells no longer marked are out of date (another cell still marked keeps its own; helper 66).
    const left = new Set(Object.keys(cells));
    const [stale, kept] = (slot.refusalNotices ?? []).reduce<[RefusalNotice[], RefusalNotice[]]>((acc, n) => {
      acc[n.fields.some((f) => left.has(f)) ? 1 : 0].push(n);
      return acc;
    }, [[], []]);
    for (const notice of stale) dismissContaining(notice.text);
    if (kept.length) slot.refusalNotices = kept;
    else delete slot.refusalNotices;
    const node = entryRef.current.entry === slot ? apiRef.current?.getPinnedBottomRow(0) : undefined;
    if (node) apiRef.current?.refreshCells({ rowNodes: [node], force: true });
    // Nothing typed is left unstored anywhere: the failed save was this one, taken back.
    if (unsavedById.current.size === 0 && [...unsavedSlots.current].every((x) => !x.unsaved || !Object.keys(x.unsaved).length)) lastSaveFailed.current = false;
    showTrouble();
  }, [showTrouble, dismissContaining]);
  /**
   * The cells of the same payment (or of the entry whose payment does not exist yet) whose save did not
   * reach the ledger go with its next keyed save, as the row shows them: once the ledger is back, F2 and
   * Enter on one marked cell, or the next cell typed, store the payment as typed in one save. Sent one
   * by one, the first would make the payment with that cell alone (the rest defaulted: 0.00, the
   * year's last day) and the entry would move on without the others.
   */
  const withUnsavedCells = useCallback((edit: Edit, slot: EntrySlot | null, blanksTake = false) => {
    const pending = edit.id ? unsavedById.current.get(edit.id) : slot?.unsaved;
    if (!pending) return;
    const chosen = edit.id ? unsavedPersonById.current.get(edit.id) : slot?.unsavedPersonId;
    const cells = edit.cells as Record<string, string | null>;
    for (const [field, text] of Object.entries(pending) as [PaymentEditField, string][]) {
      // (`blanksTake`: a row pasted on the entry row; its blank cells are no value, and the marked one goes in their
      // place: a 女 chosen before a whole row was pasted was lost, unsaid; helper 66.)
      if (field in cells && !(blanksTake && (cells[field] === null || String(cells[field]).trim() === ''))) continue;
      if (field === 'personName') {
        if (edit.personId !== undefined) continue;
        if (chosen !== undefined) {
          delete cells.personName;
          edit.personId = chosen;
          Object.defineProperty(edit, 'chosenName', { value: text, enumerable: false, configurable: true });
          continue;
        }
      }
      cells[field] = text === '' ? null : text;
    }
  }, []);
  /**
   * A save did not reach the ledger: each cell it wrote keeps what was typed, pasted, filled or
   * cleared (marked); the label says the save failed. New rows of a paste have no row to show them
   * on: they are named in a notice.
   */
  const markUnsaved = useCallback((edits: Edit[]) => {
    lastSaveFailed.current = true;
    const api = apiRef.current;
    const notShown: number[] = [];
    for (const [index, edit] of edits.entries()) {
      const typed: Partial<Record<PaymentEditField, string>> = {};
      const shown = shownText.current.get(edit);
      for (const [f, v] of Object.entries(edit.cells)) typed[f as PaymentEditField] = shown?.[f as PaymentEditField] ?? (v === null || v === undefined ? '' : String(v));
      const chosen = (edit as Edit & { chosenName?: string }).chosenName;
      if (edit.personId !== undefined && chosen) typed.personName = chosen;
      const onEntry = editSlot.current.get(edit);
      if (edit.id) {
        unsavedById.current.set(edit.id, { ...unsavedById.current.get(edit.id), ...typed });
        if (edit.personId !== undefined && edit.personId !== null) unsavedPersonById.current.set(edit.id, edit.personId);
        else if ('personName' in edit.cells) unsavedPersonById.current.delete(edit.id);
        const node = api?.getRowNode(String(edit.id));
        if (node) api?.refreshCells({ rowNodes: [node], force: true });
      } else if (onEntry) {
        const { slot, row } = onEntry;
        slot.unsaved = { ...slot.unsaved, ...typed };
        if (edit.personId !== undefined && edit.personId !== null) slot.unsavedPersonId = edit.personId;
        else if ('personName' in edit.cells) delete slot.unsavedPersonId;
        unsavedSlots.current.add(slot);
        const current = entryRef.current;
        if (current.entry === slot) {
          const node = api?.getPinnedBottomRow(0);
          if (node) api?.refreshCells({ rowNodes: [node], force: true });
        } else if (current.entry && current.entry.id === 0 && !current.entry.touched && !Object.keys(current.entry.unsaved ?? {}).length && !api?.getEditingCells().some((c) => c.rowPinned === 'bottom')) {
          // The entry was finished (Enter) before its save failed, and its payment does not exist:
          // it comes back as the entry row, with what was typed, instead of vanishing. It is finished
          // again only once one of its cells is saved.
          slot.touched = false;
          entryRef.current = { ...row, kind: 'entry', entry: slot };
          setPinned();
        } else if (slot.id === 0) {
          // The clerk is already keying the next entry: this one waits, and comes back to the entry row once
          // that one is finished (finishEntry). Said once its last save has failed (this one: the count drops
          // after), with what was typed, so that it is not lost from sight.
          if (!waitingSlots.current.includes(slot)) waitingSlots.current.push(slot);
          if ((slot.saving ?? 0) <= 1) {
            const typedCells = Object.entries(slot.unsaved ?? {}).filter(([, text]) => text !== '').map(([f, text]) => `${PAYMENT_FIELD_LABELS[f as PaymentEditField] ?? f}“${text}”`);
            slot.waitNotice = t('grid.unsavedEntryWaits', { cells: typedCells.join('、') });
            notify('error', slot.waitNotice);
          }
        }
      } else {
        notShown.push(index + 1);
      }
    }
    if (notShown.length > 0) notify('error', t('grid.unsavedPastedRows', { count: notShown.length, rows: notShown.join('、') }));
    showTrouble();
  }, [setPinned, showTrouble, notify, t]);

  // The grid is built while the ledger's years are still being read; its rows are asked for once
  // the year to show is known and the saved sort and filters are on the grid (one load, not a load
  // and a reload).
  const datasource = useMemo<IDatasource | undefined>(() => (!yearReady || !gridPrefsApplied ? undefined : {
    getRows(params: IGetRowsParams) {
      const query = toPaymentQuery(params.sortModel as GridSortItem[], params.filterModel as GridFilterModel, { year, search });
      // Filters another screen opened the grid with (a chart, a generated round) apply on top of the grid's own.
      if (paymentsPreset) query.filters = { ...query.filters, ...paymentsPreset.filters };
      // Totals depend on the rows in view, not on their order: a new sort does not recount them.
      const { sort: _newSort, ...rows } = query;
      const { sort: _oldSort, ...oldRows } = queryRef.current;
      const viewChanged = JSON.stringify(rows) !== JSON.stringify(oldRows);
      const rowsChanged = viewChanged || totalsRef.current === null;
      const sortChanged = JSON.stringify(_newSort ?? null) !== JSON.stringify(_oldSort ?? null);
      queryRef.current = query;
      // Another view (find text, filters, year): rows selected in the one before are no longer in view
      // and no action (delete, 审核, 发放, fill) may reach them. A new sort too: the selected rows are
      // scattered through the new order, and Ctrl+D would fill from whichever came first.
      if (viewChanged || sortChanged) selectionAnchor.current = null;
      if ((viewChanged || sortChanged) && (apiRef.current?.getSelectedNodes().length ?? 0) > 0) apiRef.current?.deselectAll();
      // The page first: the core answers in order, and the rows matter more than the totals.
      // A search's first page comes without the view's count (a scan of every row of the year); the
      // count comes with the totals just after, and the core counts at once where it must.
      const request = pageRequest(query, params.startRow, params.endRow);
      // The first rows may have been asked for at start (boot.ts), for this very request.
      const early = params.startRow === 0 ? takeFirstPage(request) : null;
      const started = performance.now();
      const load = () => (early ?? call('payments.page', request))
        .then((page) => {
          readOkAt.current = performance.now();
          drawPinnedIfPending();
          dismissContaining(t('errors.unreachable'));
          const marked = page.rows.map(withPasteMarks);
          setTimeout(() => refocusAfterLoad.current?.(), 0);
          if (page.total === null) {
            countOpenFor.current = JSON.stringify(rows);
            params.successCallback(marked);
          } else {
            params.successCallback(marked, page.total);
          }
          // The totals scan every row in view (~0.2 s on a 1,000,000-row ledger): asked for once the
          // page's rows are drawn, so that the core's scan does not compete with drawing them (2 cores
          // run the page, the core and the browser). A search's page without a count (the same view
          // as before: a refresh) asks for them too, for the count.
          if (rowsChanged || page.total === null) afterNextFrame(refreshTotals, TOTALS_AFTER_ROWS_MS);
        })
        .catch((e: Error) => {
          drawPinnedIfPending();
          // (A read that succeeded since makes this failure out of date: not said.)
          if (readOkAt.current < started) notify('error', t('errors.loadFailed', { message: e.message }));
          params.failCallback();
          if (rowsChanged) refreshTotals();
        });
      if (scrolling()) {
        // The same block asked for again (a refresh) replaces the one waiting.
        scrollQueue.current.set(params.startRow, { end: params.endRow, load });
      } else {
        void load();
      }
    },
  }), [yearReady, gridPrefsApplied, year, search, refreshTotals, notify, dismissContaining, t, paymentsPreset, scrolling, drawPinnedIfPending, withPasteMarks]);

  // Blocks of another view waiting to be scrolled to are not read (their answers would be ignored).
  useEffect(() => {
    scrollQueue.current.clear();
  }, [datasource]);
  useEffect(() => () => {
    if (scrollTimer.current !== null) clearTimeout(scrollTimer.current);
  }, []);

  // Another year: a half-typed entry stays saved as it is, and the entry row starts blank (its
  // next cells must not go on editing a payment of the year left).
  // The year the ledger's years resolve to on opening is not a change of year (nothing was typed).
  const shownYear = useRef<number | null | undefined>(undefined);
  useEffect(() => {
    if (!yearReady) return;
    if (shownYear.current === undefined || shownYear.current === year) {
      shownYear.current = year;
      return;
    }
    shownYear.current = year;
    // An entry not yet stored (its cells marked) stays: it has no payment in the year left, and dropping it
    // lost what was typed.
    if (entryRef.current.entry && unstoredEntry(entryRef.current.entry)) return;
    entryRef.current = entryRow();
    setPinned();
  }, [yearReady, year, setPinned]);

  useEffect(() => {
    if (generation > 0) {
      apiRef.current?.refreshInfiniteCache();
      refreshTotals();
    }
  }, [generation, refreshTotals]);

  useEffect(() => () => imeRef.current?.dispose(), []);
  // Work left unsaved when the screen was last left is counted again (its marks show with their rows).
  useEffect(() => showTrouble(), [showTrouble]);

  // ——— saving ———
  /** The edit the last save sent (Enter waits for its answer). */
  const lastSent = useRef<Edit | null>(null);
  /** Called once an edit's answer is in and its row drawn (or it failed): Enter's editor then ends. */
  const onAnswer = useRef(new WeakMap<Edit, () => void>());
  const answered = (edits: Edit[]) => {
    for (const edit of edits) {
      const then = onAnswer.current.get(edit);
      if (!then) continue;
      onAnswer.current.delete(edit);
      try {
        then();
      } catch {
        // Ending Enter's editor is not the save: the answer stands.
      }
    }
  };
  const apply = useCallback(async (edits: Edit[], source: 'keyed' | 'pasted' | 'filled', label?: string): Promise<ApplyResponse | null> => {
    setSaving((n) => n + 1);
    try {
      const res = await call('payments.apply', {
        edits,
        source,
        ...(label ? { label } : {}),
        defaults: { programId: entryProgramId, paidOn: defaultPaidOn(year, lastPaidOn.current) },
        // A paste saves every row: a cell that cannot be read is left out, listed and marked.
        ...(source === 'pasted' ? { badCells: 'skip' as const } : {}),
      });
      clearPending(edits);
      markPasteProblems(edits, res);
      // Keyed on the entry row and not read (a date 3.10, an amount 1.2千): kept in the row's 备注, a finding; said here.
      if (source === 'keyed' && res.skipped.length > 0) {
        notify('error', t('grid.keyedKeptInNote', { list: res.skipped.map((p) => t('grid.keyedNotTakenItem', { field: t(`grid.${p.field}`), text: String(edits[p.row]?.cells[p.field] ?? ''), message: p.message })).join('；') }));
      }
      clearUnsaved(edits, res);
      // The ledger answers again: the notices that it could not be reached are out of date.
      dismissContaining(t('errors.unreachable'));
      const api = apiRef.current;
      // The edited rows are drawn at once, before the screen re-renders for the history and the
      // save state (AG Grid's React cells would otherwise wait for that render).
      // Enter's editor ends first (focus leaves it while the page's layout is still clean: no forced layout),
      // then the rows are drawn, in the same task: the cell goes from the editor to the saved value.
      answered(edits);
      flushSync(() => {
        for (const row of res.rows) api?.getRowNode(String(row.id))?.setData(withPasteMarks(row));
      });
      // The same person's other payments of the year, whose marks the save changed (a yearly total
      // passed or no longer passed): drawn again if the grid holds them, after the edited rows.
      for (const row of res.related) api?.getRowNode(String(row.id))?.setData(withPasteMarks(row));
      setHistory(res.history);
      if (res.created.length > 0 && source !== 'keyed') api?.refreshInfiniteCache();
      if (source === 'keyed') refreshTotalsSoon();
      else refreshTotals();
      return res;
    } catch (e) {
      // The ledger not reached: what was typed stays on screen, marked, before Enter's editor ends (the
      // cell never shows the old value). A save the core refused keeps the stored value: its message says why.
      const wasPending = edits.some((edit) => edit.id !== undefined && pendingById.current.has(edit.id));
      let refusedEntries: EntrySlot[] = [];
      clearPending(edits);
      if (e instanceof CallError && e.code === UNREACHABLE) markUnsaved(edits);
      else if (e instanceof CallError && e.code === 'invalid_input' && edits.some((edit) => edit.id === undefined && editSlot.current.has(edit))) {
        // A new entry's cells the core refused (an ID not yet registered, typed before the name): what was
        // typed stays on the entry row, marked, and goes with the entry's next save (the name, then Enter).
        markUnsaved(edits.filter((edit) => edit.id === undefined && editSlot.current.has(edit)));
        refusedEntries = edits.flatMap((edit) => (edit.id === undefined ? [editSlot.current.get(edit)?.slot] : [])).filter((x): x is NonNullable<typeof x> => !!x);
      } else if (wasPending) {
        const api = apiRef.current;
        const nodes = edits.flatMap((edit) => (edit.id ? [api?.getRowNode(String(edit.id))] : [])).filter((n): n is NonNullable<typeof n> => !!n);
        if (nodes.length) api?.refreshCells({ rowNodes: nodes, force: true });
      }
      answered(edits);
      // One cell's save refused: the core numbers the rows of its request (第1行), which is not the row the
      // clerk sees; the cell's column and the reason are what to say.
      const problems = e instanceof CallError ? (e.details as { problems?: { field: PaymentEditField; message: string }[] } | undefined)?.problems : undefined;
      const message = edits.length === 1 && problems?.length
        ? problems.map((p) => `“${PAYMENT_FIELD_LABELS[p.field] ?? p.field}”：${p.message}`).join('；')
        : (e as Error).message;
      const said = t('errors.saveFailed', { message });
      notify('error', said);
      // Taken down once the entry is stored (its name typed, then Enter).
      // The cells it is about: those the core named, else every cell of the save.
      const refusedFields = problems?.length ? problems.map((p) => p.field) : edits.flatMap(fieldsOf);
      for (const slot of refusedEntries) slot.refusalNotices = [...(slot.refusalNotices ?? []), { text: said, fields: refusedFields }];
      return null;
    } finally {
      setSaving((n) => n - 1);
    }
  }, [entryProgramId, year, setHistory, refreshTotals, refreshTotalsSoon, notify, dismissContaining, t, markPasteProblems, withPasteMarks, clearUnsaved, markUnsaved]);

  /** The rows of `ids` that a view holds (its query with an id filter). */
  const rowsByIds = (view: PaymentQuery, ids: readonly number[]) =>
    call('payments.page', { query: { ...view, sort: [], offset: 0, limit: Math.min(ids.length, 5000), filters: { ...view.filters, id: { type: 'set', values: ids.map(String) } } } });
  /**
   * A payment saved from the grid that its view does not hold (dated in another year, or no longer
   * matching a filter or the Find text) leaves the grid at the next read: it is named, not dropped from
   * sight without a word. Read back through the view's own query with an id filter.
   */
  const sayIfOutOfView = useCallback(async (row: PaymentRow, listed: boolean) => {
    const view = queryRef.current;
    const who = `${row.personName ? `“${row.personName}”` : ''}${row.paidOn}`;
    let out: 'year' | 'view' | null = null;
    if (view.year !== null && view.year !== undefined && !row.paidOn.startsWith(`${view.year}-`)) out = 'year';
    else if (view.search || Object.keys(view.filters ?? {}).length > 0) {
      try {
        if (!(await rowsByIds(view, [row.id])).rows.some((r) => r.id === row.id)) out = 'view';
      } catch {
        // The ledger not reached: the save stands; the next read shows the view as it is.
      }
    }
    // The person and amount name the row (out of the year, the notice gives the date itself: it said it twice, helper 40's sweep).
    const whoInYear = `${row.personName ? `“${row.personName}”` : ''}${formatYuanWithUnit(row.cashFen)}`;
    if (out === null) {
      // A finished entry under a sort the clerk chose goes to its place in that order, not under the rows above the
      // entry row: said, or the payment just typed seems gone (S5). (A row of the list keeps its place until re-read.)
      const sort = view.sort?.[0];
      if (!listed && sort) {
        const column = apiRef.current?.getColumn(sort.field)?.getColDef().headerName ?? sort.field;
        notify('info', t('grid.savedSorted', { who: whoInYear, column }));
      }
      return;
    }
    notify('info', out === 'year' ? t('grid.savedOtherYear', { who: whoInYear, paidOn: row.paidOn, year: view.year }) : t('grid.savedOutOfView', { who }));
    // A row of the list leaves it as the notice says (it stayed on screen, outside the count and the totals),
    // once the clerk is not typing in it.
    if (listed && !apiRef.current?.getEditingCells().length) {
      apiRef.current?.refreshInfiniteCache();
      refreshTotals();
    }
  }, [notify, t, refreshTotals]);
  /** The last stored version of each entry's payment (its row once the entry is finished). */
  const savedOfSlot = useRef(new WeakMap<EntrySlot, PaymentRow>());

  /** Queue a save behind the ones before it; the status shows 正在保存 until the queue is empty. */
  const queued = useRef(0);
  const enqueue = useCallback((work: () => Promise<void>) => {
    setSaving((n) => n + 1);
    queued.current++;
    const run = () => work().catch(() => undefined).finally(() => {
      queued.current--;
      setSaving((n) => n - 1);
    });
    // Nothing before it: it starts now (the request leaves before the grid has moved on to the next
    // cell), otherwise after the saves before it.
    saveQueue.current = queued.current === 1 ? run() : saveQueue.current.then(run);
  }, []);

  /** Move a finished entry row into the list and start a blank one. */
  const finishEntry = useCallback(() => {
    // Nothing typed yet: there is nothing to finish. An entry whose first save has not answered is
    // finished all the same: its slot takes the payment's id when the save answers.
    const slot = entryRef.current.entry;
    if (!slot || (slot.id === 0 && !slot.touched)) return;
    // Cells whose save failed before the payment existed are shown only here: the entry stays, unless
    // a save of it is on its way (sent again: should it fail too, the entry comes back, markUnsaved).
    if (!slot.saving && unstoredEntry(slot)) return;
    // Still typing in the entry row: it is not finished yet.
    if (apiRef.current?.getEditingCells().some((c) => c.rowPinned === 'bottom')) return;
    // An earlier entry whose save failed while this one was keyed comes back (with what was typed, marked),
    // rather than a blank row; it is finished once one of its cells is saved.
    entryRef.current = entryRowFor(takeWaitingEntry());
    setPinned();
    // Show the finished row in the list once its last cell is saved; say so if the list will not show it.
    void saveQueue.current.then(() => {
      apiRef.current?.refreshInfiniteCache();
      const saved = savedOfSlot.current.get(slot);
      if (saved) void sayIfOutOfView(saved, false);
    });
  }, [setPinned, sayIfOutOfView]);

  const savePerson = useCallback((choice: PersonChoice, row: GridRow, target: (personId: number | null, cells: Edit['cells'], chosenName?: string) => void, from: { rowIndex: number; rowPinned: 'top' | 'bottom' | null }) => {
    if (typeof choice === 'string') {
      target(null, { personName: choice });
    } else if ('personId' in choice) {
      target(choice.personId, {}, choice.name);
    } else {
      createFrom.current = { ...from, created: false };
      // A row whose payee has an ID of their own: the new ID is another person's. The name is not prefilled (one Enter
      // made a second 职工001 with the new ID and moved the payment to them: helper 47), and the dialog says whose row it is.
      // A payee without an ID (王小): the ID may well be theirs; typed in 身份证号 it would be given to them (helper 50).
      const otherPayee = row.personId !== null;
      setCreatePerson({
        idNumber: choice.createFromId,
        name: otherPayee ? '' : (row.personName ?? ''),
        ...(otherPayee ? { replacing: { name: row.personName ?? '', idNumber: row.idNumber ?? null } } : {}),
        resolve: (person: PersonRecord | null) => {
          if (createFrom.current) createFrom.current.created = person !== null;
          if (person) target(person.id, {});
        },
      });
    }
  }, []);


  /**
   * The entry row was updated by its payment's answer while the clerk is in one of its text cells' editors, typed nothing
   * there yet, and the answer changed that cell: the editor shows what the ledger now holds, as if it had opened on it
   * (TextEditor). A person picked in the 姓名 lookup (↓ and Enter, or Tab) opens the next cell, 身份证号, before the
   * ledger has answered: its editor showed the blank it opened on, and the picked person's ID came only once the clerk
   * left the cell (S4: two 李强, and which one was taken could not be seen). The edit then counts from that value.
   * Amounts are left as they opened (a blank entry amount is 0 once the payment exists, no figure to show).
   */
  const showStoredInEntryEditor = useCallback((row: GridRow) => {
    const api = apiRef.current;
    const host = hostRef.current;
    const editing = api?.getEditingCells()[0];
    const start = editStart.current;
    const colId = editing?.column?.getColId();
    if (!api || !host || !editing || editing.rowPinned !== 'bottom' || editing.rowIndex !== 0 || !start || !colId || start.colId !== colId) return;
    const field = colId as PaymentEditField;
    const value = (row as unknown as Record<string, unknown>)[field];
    if ((typeof value !== 'string' && value !== null) || Object.is(value, start.value) || (value === null && (start.value === null || start.value === undefined || start.value === ''))) return;
    if (unsavedOf(row, field) !== undefined || pendingOf(row, field) !== undefined) return;
    const input = host.querySelector<HTMLInputElement>('.row-entry .ag-cell-inline-editing input.text-editor');
    const editor = api.getCellEditorInstances()[0] as Partial<ShowsStoredValue> | undefined;
    if (!input || !editor?.showStoredValue) return;
    editor.showStoredValue(value);
    // Shown (the clerk had typed nothing): the edit is judged against it (Tab on without a change sends nothing; the
    // ID deleted there is an edit).
    if (input.value === (value ?? '')) start.value = value;
  }, [unsavedOf, pendingOf]);

  const save = useCallback((params: CellSave, field: PaymentEditField): boolean => {
    const row = params.data;
    if (!row || row.kind === 'totals') return false;
    // The edit Enter or Tab has already sent (below), ended by the grid: nothing more to send.
    if (sentByKey.current !== null && params.node !== null && sentByKey.current === cellKeyOf(params.node, params.column)) return false;
    // The entry this cell was typed into: the one whose edit started (the grid may hand over the
    // value after the row was finished and replaced by a blank one).
    const start = editStart.current?.colId === params.column.getColId() && params.node !== null && editStart.current.rowKey === rowKeyOf(params.node) ? editStart.current : null;
    const entrySlot = row.kind === 'entry' ? (start?.slot ?? row.entry ?? entryRef.current.entry!) : null;
    const raw = params.newValue as unknown;
    const send = (personId: number | null, cells: Edit['cells'], chosenName?: string) => {
      const edit: Edit = { cells, ...(personId !== null ? { personId } : {}) };
      // The name shown for a chosen person should its save fail (not sent: the contract's schema is strict).
      if (chosenName) Object.defineProperty(edit, 'chosenName', { value: chosenName, enumerable: false });
      lastSent.current = edit;
      if (row.kind === 'entry') editSlot.current.set(edit, { slot: entrySlot!, row });
      if (row.kind === 'entry') {
        // Edits of the entry row run one after another: the second cell updates the payment the first one
        // created. The cell belongs to the entry row it was typed in (its slot), even when that row has
        // been finished before the save runs: it is saved into that payment, never dropped or put elsewhere.
        const slot = entrySlot!;
        slot.touched = true;
        slot.saving = (slot.saving ?? 0) + 1;
        const typedText = chosenName ?? (typeof cells[field] === 'string' ? (cells[field] as string) : cells[field] === null ? '' : undefined);
        if (typedText !== undefined) slot.pending = { ...slot.pending, [field]: typedText };
        enqueue(async () => {
          // Until the payment's id is known, its key: a save sent again after an answer was lost (the
          // payment made) goes into that payment, not a second one.
          // The key goes with every cell: a date or amount typed there and not read is kept in the payment's 备注, marked.
          if (slot.id !== 0) edit.id = slot.id;
          edit.entryKey = slot.key;
          withUnsavedCells(edit, slot);
          const res = await apply([edit], 'keyed').finally(() => {
            slot.saving = (slot.saving ?? 1) - 1;
            if (typedText !== undefined && slot.pending?.[field] === typedText) {
              delete slot.pending[field];
              if (entryRef.current.entry === slot) apiRef.current?.refreshCells({ rowNodes: [apiRef.current.getPinnedBottomRow(0)!].filter(Boolean), columns: [field], force: true });
            }
          });
          const saved = res?.rows[0];
          if (!saved) return;
          slot.id = saved.id;
          savedOfSlot.current.set(slot, saved);
          if (saved.paidOn) lastPaidOn.current = saved.paidOn;
          if (entryRef.current.entry === slot) {
            entryRef.current = { ...saved, kind: 'entry', entry: slot };
            setPinned();
            showStoredInEntryEditor(entryRef.current);
          } else {
            apiRef.current?.refreshInfiniteCache();
          }
        });
      } else {
        edit.id = row.id;
        // Shown as typed while the save is on its way (the old value shown meanwhile read as lost).
        const typedText = chosenName ?? (typeof cells[field] === 'string' ? (cells[field] as string) : undefined);
        if (typedText !== undefined) pendingById.current.set(row.id, { ...pendingById.current.get(row.id), [field]: typedText });
        enqueue(async () => {
          withUnsavedCells(edit, null);
          const res = await apply([edit], 'keyed');
          if (field === 'paidOn' && res?.rows[0]) lastPaidOn.current = res.rows[0].paidOn;
          if (res?.rows[0]) void sayIfOutOfView(res.rows[0], true);
        });
      }
    };
    if (field === 'personName' && raw !== null && typeof raw === 'object') {
      savePerson(raw as PersonChoice, row, send, { rowIndex: params.node?.rowIndex ?? 0, rowPinned: (params.node?.rowPinned as 'top' | 'bottom' | undefined) ?? null });
    } else {
      const text = raw === undefined || raw === null ? '' : String(raw).trim();
      // A cell showing what a failed save left is compared with what is stored: Enter sends it again.
      const stored = (row as unknown as Record<string, unknown>)[field];
      // A blank entry row shows no amount (its 0 is no payment's): a 0 typed there is an edit.
      const blankAmount = row.kind === 'entry' && row.id === 0 && (field === 'cashFen' || field === 'goodsFen');
      const before = blankAmount ? null : unsavedOf(row, field) !== undefined ? stored : start ? start.value : params.oldValue;
      const old = before === undefined || before === null ? '' : String(before);
      // Passing through a cell (Tab in edit mode) without typing is not an edit. A cell whose pasted text was
      // not read (its remark in 备注) is: the value entered, even the one shown (现金, 0), settles it.
      const settles = hasUnreadPaste(row, field) && text !== '';
      // A marked entry cell emptied: its typed value goes (forgetEntryCell), nothing is sent.
      if (row.kind === 'entry' && text === '' && unsavedOf(row, field) !== undefined && (stored === null || stored === undefined || stored === '')) {
        forgetEntryCell(field, entrySlot ?? undefined);
        return false;
      }
      if (!settles && (text === old || (row.kind === 'entry' && row.id === 0 && text === ''))) return false;
      if (!settles && (field === 'cashFen' || field === 'goodsFen') && typeof before === 'number' && text !== '' && /^-?\d+(\.\d+)?$/.test(text) && Math.round(Number(text) * 100) === before) return false;
      send(null, { [field]: text === '' ? null : text });
    }
    return false;
  }, [apply, enqueue, savePerson, setPinned, unsavedOf, withUnsavedCells, sayIfOutOfView, forgetEntryCell, showStoredInEntryEditor]);

  useEffect(() => {
    setClosedYears(info?.closedYears ?? []);
    apiRef.current?.redrawRows();
  }, [info]);

  // Grid options keep their identity across renders: a new object makes AG Grid apply the
  // option again (a save re-renders this screen three or four times).
  const onSelectionChanged = useCallback((e: SelectionChangedEvent<GridRow>) => setSelectedCount(e.api.getSelectedNodes().length), []);
  /**
   * The input-method field moves over the focused cell after the event that moved focus or ended an
   * edit, once: Enter ends the edit and focuses the next cell, and each placing reads the layout.
   */
  const imeAttachPending = useRef(false);
  const attachImeSoon = useCallback(() => {
    if (imeAttachPending.current) return;
    imeAttachPending.current = true;
    setTimeout(() => {
      imeAttachPending.current = false;
      imeRef.current?.attach();
    }, 0);
  }, []);
  /** Enter's move to the next row is under way (below): the input-method field is placed after it, not before. */
  const enterMoving = useRef(false);
  /** The cell (row key and column) whose edit Enter or Tab has sent, while the key ends that edit. */
  const sentByKey = useRef<string | null>(null);
  const onCellEditingStopped = useCallback((e: CellEditingStoppedEvent<GridRow>) => {
    // The grid calls its value setter only for a value that differs from the cell's, and an entry-row
    // cell whose save failed shows what was typed: committing it again there (F2 and Enter, or the same
    // text typed again, with the grid's own Enter and Tab) reached no save. It is sent again here.
    const row = e.data;
    if (!e.valueChanged && e.newValue !== undefined && e.newValue !== null && e.rowPinned === 'bottom' && row?.kind === 'entry') {
      const field = e.column.getColId() as PaymentEditField;
      if (unsavedOf(row, field) !== undefined) saveRef.current({ data: row, node: e.node, column: e.column, newValue: e.newValue, oldValue: e.oldValue }, field);
    } else if (!e.valueChanged && e.newValue !== undefined && e.newValue !== null && row && row.kind !== 'totals' && hasUnreadPaste(row, e.column.getColId())) {
      // The value shown entered over a pasted cell not read (a dropdown's 现金 or 登记): it settles the cell.
      const field = e.column.getColId() as PaymentEditField;
      saveRef.current({ data: row, node: e.node, column: e.column, newValue: e.newValue, oldValue: e.oldValue }, field);
    }
    editStart.current = null;
    // The edit a date or amount was refused in has ended (saved, or Esc): what the notice said is out of date.
    if (unreadNotice.current !== null) {
      dismissContaining(unreadNotice.current);
      unreadNotice.current = null;
    }
    if (!enterMoving.current) attachImeSoon();
  }, [attachImeSoon, unsavedOf, dismissContaining]);
  /** The columns one keys into (姓名 … 备注), in the order the clerk sees them. */
  const visibleEditColumns = useCallback((): Column[] => {
    const api = apiRef.current;
    if (!api) return [];
    return api.getAllDisplayedColumns().filter((c) => (EDIT_COLUMNS as readonly string[]).includes(c.getColId()));
  }, []);

  /** The notice of the last date or amount refused in its editor (refuseUnreadable): taken down once that edit ends. */
  const unreadNotice = useRef<string | null>(null);
  /**
   * The date or amount editor `field` of this grid (a row of the list or the entry row) when its text is one the ledger
   * cannot read (六百, 2017-02-30), or its dropdown's when its text names no one choice (职工, 金秋 while it is in two
   * programs; ChoiceEditor's `data-refusal`), with its column and why; else null (another element, no edit, a text it
   * reads, empty).
   */
  const unreadableEditor = (field: EventTarget | null): { field: HTMLInputElement; colId: string; why: string } | null => {
    const choice = field instanceof HTMLInputElement && field.closest('.choice-editor') !== null;
    if (!(field instanceof HTMLInputElement) || !(choice || field.classList.contains('text-editor')) || !hostRef.current?.contains(field)) return null;
    const api = apiRef.current;
    const editing = api?.getEditingCells()[0];
    const colId = editing?.column?.getColId();
    if (!api || !editing || !colId || !(choice || field.closest('.ag-cell-inline-editing'))) return null;
    const row = editing.rowPinned === 'bottom' ? api.getPinnedBottomRow(editing.rowIndex) : editing.rowPinned ? undefined : api.getDisplayedRowAtIndex(editing.rowIndex);
    if (!row?.data || row.data.kind === 'totals') return null;
    const why = choice ? field.getAttribute(CHOICE_REFUSAL_ATTR) : unreadableText(colId, field.value);
    return why === null ? null : { field, colId, why };
  };
  /** The clerk stays in the editor with the text the ledger cannot read: the caret at its end, marked, and the notice says why. */
  const keepInEditor = ({ field, colId, why }: { field: HTMLInputElement; colId: string; why: string }): void => {
    if (document.activeElement !== field) field.focus({ preventScroll: true });
    const end = field.value.length;
    field.setSelectionRange(end, end);
    if (field.getAttribute('aria-invalid') !== 'true') {
      field.setAttribute('aria-invalid', 'true');
      field.addEventListener('input', () => field.removeAttribute('aria-invalid'), { once: true });
    }
    const said = t('grid.cellUnreadKept', { field: PAYMENT_FIELD_LABELS[colId as PaymentEditField] ?? colId, message: why });
    if (unreadNotice.current !== null && unreadNotice.current !== said) dismissContaining(unreadNotice.current);
    unreadNotice.current = said;
    notify('error', said);
  };
  /**
   * Enter, Tab (or ↓ / ↑, which the editor turns into Enter) in a date or amount editor whose text the ledger cannot
   * read (六百, 2017-02-30), on a row of the list or the entry row: nothing is sent and the edit does not end. The
   * editor keeps the clerk's text, the caret at its end, and the notice says why; the clerk corrects it and presses
   * Enter again, or Esc to put back the value before. (The list row's save was refused and the text lost; the entry
   * row kept it in 备注 and went on to the next entry. A save the core refuses for a text it reads, an ID registered
   * to another person, still ends the edit: its message names what was typed.) Keys held after the key go into the
   * same editor. Whether the key was refused.
   */
  const refuseUnreadable = (e: KeyboardEvent): boolean => {
    const found = unreadableEditor(e.target);
    if (!found) return false;
    e.preventDefault();
    e.stopPropagation();
    imeRef.current?.stayIn(found.field);
    keepInEditor(found);
    return true;
  };
  /**
   * A press of the mouse anywhere but in the editor's own cell while a date or amount editor holds text the ledger cannot
   * read: refused as Enter and Tab are (refuseUnreadable), as a spreadsheet's data validation keeps the clerk in the cell.
   * A click on another cell (or outside the grid) ended the edit: on a row of the list its save was refused and the text
   * lost; on the entry row the text went into 备注 and the payment kept the entry date. Now nothing happens but the
   * notice: the grid sees neither the press nor its click (no other cell focused or edited, no row selected, no sort),
   * focus stays in the editor (the mousedown's default is prevented). The pointerdown is only stopped: its default
   * prevented, the browser sends no mousedown. Whether the event was refused.
   */
  /**
   * The editor open in this grid whose text the ledger cannot read, if any: a date or amount, or a dropdown whose text
   * names no one choice. One look for every guard (a click, the menu's 查找, another screen): two copies of it drifted
   * (the dropdown was missed by one, helper 113).
   */
  const openUnreadableEditor = () =>
    unreadableEditor(hostRef.current?.querySelector<HTMLInputElement>('.ag-cell-inline-editing input.text-editor, .choice-editor input') ?? null);
  const refuseUnreadableClick = (e: MouseEvent): boolean => {
    const found = openUnreadableEditor();
    if (!found) return false;
    // In the editor's own cell, or in the dropdown's list under it (a choice clicked is taken).
    if (e.target instanceof Node && found.field.closest('.ag-cell, .choice-editor')?.contains(e.target)) return false;
    // A notice's × (the notices lie over the grid's lower rows, the one saying why included): it closes the notice, and
    // focus stays in the editor (the mousedown's default prevented).
    if (e.target instanceof Element && e.target.closest('.notices .notice button') !== null) {
      if (e.type === 'mousedown') e.preventDefault();
      return false;
    }
    if (e.type !== 'pointerdown') e.preventDefault();
    e.stopImmediatePropagation();
    if (e.type === 'mousedown') keepInEditor(found);
    return true;
  };
  /**
   * The ways out of such an editor that are no key in it and no press of the mouse: the menu's 查找 (Ctrl+F) and its
   * screens (视图, Ctrl+2 …) are refused as a click on the Find box or the nav is (the Find box took the focus and the grid
   * ended the edit: on a row of the list the text was lost, on the entry row it went into 备注; another screen took the
   * grid away with the text). The clerk stays in the editor with its text and the notice. Whether one was open.
   */
  const keepUnreadableEditor = (): boolean => {
    const found = openUnreadableEditor();
    if (!found) return false;
    keepInEditor(found);
    return true;
  };
  /**
   * The window lost focus (the clerk brought up another program) while such an editor has it: the browser sends the field
   * focusout with no related target and leaves it the page's focused element. The grid (stopEditingWhenCellsLoseFocus)
   * ended the edit: the text was lost on a row of the list, put into 备注 on the entry row. The grid does not see that
   * focusout: the editor and its text are there when the clerk comes back. Whether it was held back.
   */
  const keepUnreadableOnWindowBlur = (e: FocusEvent): boolean => {
    if (e.relatedTarget !== null || document.activeElement !== e.target || !unreadableEditor(e.target)) return false;
    e.stopImmediatePropagation();
    return true;
  };
  const refuseUnreadableRef = useRef(refuseUnreadable);
  refuseUnreadableRef.current = refuseUnreadable;
  const refuseUnreadableClickRef = useRef(refuseUnreadableClick);
  refuseUnreadableClickRef.current = refuseUnreadableClick;
  const keepUnreadableEditorRef = useRef(keepUnreadableEditor);
  keepUnreadableEditorRef.current = keepUnreadableEditor;
  const keepUnreadableOnWindowBlurRef = useRef(keepUnreadableOnWindowBlur);
  keepUnreadableOnWindowBlurRef.current = keepUnreadableOnWindowBlur;
  /**
   * A press of the mouse on the totals row does nothing: the row is no place to key into, and the grid does not see the
   * press (stopped as refuseUnreadableClick stops it). Focus stays where it was: in the cell or the editor the clerk
   * was in, a half-typed entry not finished. The grid focused the clicked totals cell, and onCellFocused, which takes
   * the totals row for Enter leaving the entry row, finished the entry and put the focus on the entry row's 姓名.
   * Enter and the arrows still reach the totals row as before.
   */
  const ignoreTotalsPress = (e: MouseEvent): boolean => {
    const host = hostRef.current;
    const target = e.target;
    if (!host || !(target instanceof Element) || !host.contains(target) || target.closest('.row-totals') === null) return false;
    if (e.type !== 'pointerdown') e.preventDefault();
    e.stopImmediatePropagation();
    return true;
  };
  const ignoreTotalsPressRef = useRef(ignoreTotalsPress);
  ignoreTotalsPressRef.current = ignoreTotalsPress;
  useEffect(() => {
    // On the window, capturing: before the grid's own listeners and anything else of the page.
    const onPress = (e: Event) => void (refuseUnreadableClickRef.current(e as MouseEvent) || ignoreTotalsPressRef.current(e as MouseEvent));
    const types = ['pointerdown', 'mousedown', 'mouseup', 'click', 'dblclick', 'auxclick', 'contextmenu'];
    for (const type of types) window.addEventListener(type, onPress, true);
    const onFocusOut = (e: FocusEvent) => void keepUnreadableOnWindowBlurRef.current(e);
    window.addEventListener('focusout', onFocusOut, true);
    // Another screen (the 视图 menu) is not shown while such an editor is open.
    setLeaveGuard(() => keepUnreadableEditorRef.current());
    return () => {
      for (const type of types) window.removeEventListener(type, onPress, true);
      window.removeEventListener('focusout', onFocusOut, true);
      setLeaveGuard(null);
    };
  }, [setLeaveGuard]);

  // Enter or Tab in a list row's text editor: the save leaves at once and the editor stays as it is
  // until the save has answered (at most MOVE_WAIT_MS); the edit then ends showing the saved value
  // (one change of the cell, not the old value first). Enter's move to the next row follows after
  // the next frame (focus, scrolling and the input-method field are not in the way of drawing the
  // value); Tab and Shift+Tab then go on as the grid's own (the next cell, editing). The keys the
  // clerk presses meanwhile are held (imeProxy) and go to the cell moved to. The entry row and the
  // other editors keep the grid's own Enter and Tab.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if ((e.key !== 'Enter' && e.key !== 'Tab') || e.isComposing || e.keyCode === 229) return;
      // With a modifier too: the grid takes Alt+Enter (a new line in a cell of Excel or WPS) for Enter, and Ctrl+Tab,
      // Ctrl+Shift+Tab for Tab, and ended the edit with the text the ledger cannot read (lost on a row of the list).
      if (refuseUnreadableRef.current(e)) return;
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      const isTab = e.key === 'Tab';
      const field = e.target as HTMLElement | null;
      // Editing the entry row: Tab past its last cell one keys into (备注) ends the entry as Enter does (the grid's
      // Tab went on to the read-only 合计（元）, and the next keys were lost); Shift+Tab from its first cell saves it
      // and stays (it went on to the list's last row, another payment, and opened its 备注). Not editing: tabToNextCell.
      const entryEditing = isTab ? apiRef.current?.getEditingCells()[0] : undefined;
      if (entryEditing?.rowPinned === 'bottom' && entryEditing.rowIndex === 0 && field) {
        const cols = visibleEditColumns();
        const at = cols.findIndex((c) => c.getColId() === entryEditing.column?.getColId());
        if (!e.shiftKey && at === cols.length - 1) {
          e.preventDefault();
          e.stopPropagation();
          field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true }));
          return;
        }
        if (e.shiftKey && at === 0) {
          // The cell is saved and keeps the focus (not editing): the input method's held keys wait for focus to
          // leave the editor, as after any Tab.
          e.preventDefault();
          e.stopPropagation();
          const api = apiRef.current!;
          api.stopEditing();
          api.setFocusedCell(0, entryEditing.column!, 'bottom');
          return;
        }
      }
      if (!(field instanceof HTMLInputElement) || !field.classList.contains('text-editor') || !field.closest('.ag-cell-inline-editing')) return;
      const api = apiRef.current;
      const editing = api?.getEditingCells()[0];
      const col = editing?.column;
      const node = editing ? api?.getDisplayedRowAtIndex(editing.rowIndex) : undefined;
      const editor = api?.getCellEditorInstances()[0];
      if (!api || !editing || !col || editing.rowPinned || !node?.data || !editor) return;
      e.preventDefault();
      e.stopPropagation();
      lastSent.current = null;
      // The value as saved (the row's data; the grid's getCellValue gives the value being edited).
      const fieldName = col.getColDef().field as PaymentEditField;
      saveRef.current({ data: node.data, node, column: col, newValue: editor.getValue(), oldValue: (node.data as unknown as Record<string, unknown>)[fieldName] }, fieldName);
      const sent = lastSent.current;
      // From here the edit counts as sent: should the grid end it by itself meanwhile (the window
      // loses focus, the rows are redrawn), its value setter sends nothing more.
      const key = cellKeyOf(node, col);
      sentByKey.current = key;
      /** Whether a cell (editing or focused) is the one this key left. */
      const isThisCell = (c: { rowIndex: number; column?: Column; rowPinned?: string | null } | null) => c !== null && c.rowIndex === editing.rowIndex && c.column === col && !c.rowPinned;
      const rowIndex = editing.rowIndex + (e.shiftKey ? -1 : 1);
      const moved = new Promise<void>((resolve) => {
        const move = () => {
          try {
            if (api.isDestroyed()) return;
            // The clerk clicked a cell meanwhile (the click is held): focus goes there, not to the next row, so that
            // the keys typed after the click reach the cell clicked (they went to the next row's payment).
            // A click on the totals row does nothing (ignoreTotalsPress): it is not taken here, and its replay is refused.
            const click = imeRef.current?.takeHeldClick((x, y) => gridCellAt(host, x, y) !== null && document.elementFromPoint(x, y)?.closest('.row-totals') == null) ?? null;
            const clicked = click ? gridCellAt(host, click.x, click.y) : null;
            if (clicked) {
              api.setFocusedCell(clicked.rowIndex, clicked.colId, clicked.pinned);
            } else if (isThisCell(api.getFocusedCell())) {
              // The clerk put focus elsewhere meanwhile (a dialog may have opened): it stays there.
              if (rowIndex >= 0 && rowIndex < api.getDisplayedRowCount()) {
                api.ensureIndexVisible(rowIndex);
                api.setFocusedCell(rowIndex, col);
              } else if (rowIndex > 0 && api.getPinnedBottomRowCount() > 0) {
                // Below the last row: the entry row, as the grid's own Enter goes.
                api.setFocusedCell(0, col, 'bottom');
              } else {
                api.setFocusedCell(editing.rowIndex, col);
              }
            }
          } finally {
            enterMoving.current = false;
            attachImeSoon();
            resolve();
          }
        };
        const stop = () => {
          enterMoving.current = true;
          try {
            if (!api.isDestroyed() && api.getEditingCells().some(isThisCell)) {
              // Focus leaves the editor first, so that the grid ends the edit without taking focus back
              // onto the cell (a forced layout before the value is drawn): the move gives it to the next row.
              if (document.activeElement === field) field.blur();
              if (api.getEditingCells().length > 0) api.stopEditing();
            }
          } catch {
            // The grid is gone or refused: the move below still ends the wait.
          } finally {
            if (sentByKey.current === key) sentByKey.current = null;
          }
          afterNextFrame(move, MOVE_WAIT_MS);
        };
        // Tab: the grid's own, once the save has answered: it ends the edit (its value setter sends
        // nothing more) and starts editing the next cell.
        const tabOn = () => {
          try {
            if (!api.isDestroyed()) {
              // Still editing the cell, or the grid ended that edit by itself meanwhile (a refresh, the
              // window losing focus) with focus still on it: Tab goes on all the same (not editing, it
              // only moves focus), so the held keys do not land in the cell just saved.
              if (api.getEditingCells().some(isThisCell) || isThisCell(api.getFocusedCell())) {
                if (e.shiftKey) api.tabToPreviousCell();
                else api.tabToNextCell();
              }
            }
          } catch {
            // The grid is gone or refused: the wait ends all the same.
          } finally {
            if (sentByKey.current === key) sentByKey.current = null;
            resolve();
          }
        };
        const stopOrTab = isTab ? tabOn : stop;
        if (!sent) stopOrTab();
        else {
          // Whichever comes first: the answer (its row drawn), or MOVE_WAIT_MS.
          const stopOnce = once(() => {
            onAnswer.current.delete(sent);
            stopOrTab();
          });
          onAnswer.current.set(sent, stopOnce);
          setTimeout(stopOnce, MOVE_WAIT_MS);
        }
      });
      imeRef.current?.holdUntil(moved);
    };
    host.addEventListener('keydown', onKeyDown, true);
    return () => host.removeEventListener('keydown', onKeyDown, true);
  }, [attachImeSoon, visibleEditColumns]);
  const onCellEditingStarted = useCallback((e: CellEditingStartedEvent<GridRow>) => {
    editStart.current = {
      rowKey: rowKeyOf(e.node),
      colId: e.column.getColId(),
      slot: e.rowPinned === 'bottom' && e.data?.kind === 'entry' ? (e.data.entry ?? entryRef.current.entry ?? null) : null,
      value: e.value,
    };
  }, []);
  const rowClassRules = useMemo<RowClassRules<GridRow>>(() => ({
    'row-entry': (p) => p.data?.kind === 'entry',
    'row-totals': (p) => p.data?.kind === 'totals',
    'row-locked': (p) => isLocked(p.data),
  }), []);

  // The dropdowns' lists are read when a dropdown opens: their arriving does not rebuild the columns
  // (AG Grid re-applies every column for new definitions, a cost on the way to the first rows).
  const programNamesRef = useRef<string[]>([]);
  programNamesRef.current = useMemo(() => programs.map((p) => p.name), [programs]);
  const programCodesRef = useRef<string[]>([]);
  programCodesRef.current = useMemo(() => programs.map((p) => p.code), [programs]);
  const recipientKindsRef = useRef<string[]>([]);
  recipientKindsRef.current = recipientKinds;
  // So is the save: it changes with the entry program and the year, the columns only call it.
  const saveRef = useRef(save);
  saveRef.current = save;
  const saveCell = useCallback((params: CellSave, field: PaymentEditField) => saveRef.current(params, field), []);
  const columnDefs = useMemo(
    () => buildColumns({
      t, showFullIds, programNames: () => programNamesRef.current, programCodes: () => programCodesRef.current, recipientKinds: () => recipientKindsRef.current, save: saveCell, unsaved: unsavedOf, pending: pendingOf,
    }),
    [t, showFullIds, saveCell, unsavedOf],
  );

  // ——— keyboard, clipboard, history ———
  const isEditing = () => (apiRef.current?.getEditingCells().length ?? 0) > 0;


  /** Ids of the rows at view indexes [from, to), fetched from the core when the grid has not loaded them. */
  const idsAt = useCallback(async (from: number, count: number): Promise<(number | null)[]> => {
    const api = apiRef.current!;
    const total = api.getDisplayedRowCount();
    const out: (number | null)[] = [];
    let missing = false;
    for (let i = from; i < from + count; i++) {
      if (i >= total) out.push(null);
      else {
        const node = api.getDisplayedRowAtIndex(i);
        if (node?.data) out.push(node.data.id);
        else {
          out.push(-1);
          missing = true;
        }
      }
    }
    if (missing) {
      const page = await call('payments.page', { query: { ...queryRef.current, offset: from, limit: Math.min(count, 5000) } });
      page.rows.forEach((r, k) => {
        if (out[k] === -1) out[k] = r.id;
      });
    }
    return out.map((v) => (v === -1 ? null : v));
  }, []);

  const displayText = useCallback((row: GridRow, colId: string): string => {
    const v = (row as unknown as Record<string, unknown>)[colId];
    if (colId === 'cashFen' || colId === 'goodsFen') return yuan(v);
    if (colId === 'idNumber') return idForDisplay(v as string | null, showFullIds);
    return v === null || v === undefined ? '' : String(v);
  }, [showFullIds]);

  /** Ctrl+C (and Ctrl+X): the focused cell, or the selected rows; says which it copied. */
  const copy = useCallback((e: ClipboardEvent): 'cell' | 'rows' | null => {
    const api = apiRef.current;
    if (!api || isEditing()) return null;
    const focused = api.getFocusedCell();
    const selected = api.getSelectedNodes().filter((n) => n.data).sort((a, b) => (a.rowIndex ?? 0) - (b.rowIndex ?? 0));
    let text: string;
    let what: 'cell' | 'rows';
    // Rows when several are selected, or the one focused on its 序号 (a click on a cell selects its row too:
    // Ctrl+C there copies the cell, as in a spreadsheet).
    const onRowHeader = focused?.column.getColId() === 'rowNumber' || focused?.column.getColId() === 'issues';
    // Rows only while the focus is on one of them: moved away, Ctrl+C copies the focused cell (it copied rows out of view).
    const focusInSelection = !focused?.rowPinned && selected.some((n) => n.rowIndex === focused?.rowIndex);
    if ((selected.length > 1 && focusInSelection) || (selected.length === 1 && selected[0]!.rowIndex === focused?.rowIndex && onRowHeader)) {
      const cols = api.getAllDisplayedColumns().filter((c) => (EDIT_COLUMNS as readonly string[]).includes(c.getColId()));
      text = formatTsv(selected.map((n) => cols.map((c) => displayText(n.data!, c.getColId()))));
      what = 'rows';
    } else if (focused) {
      const node = focused.rowPinned ? api.getPinnedBottomRow(focused.rowIndex) : api.getDisplayedRowAtIndex(focused.rowIndex);
      if (!node?.data) return null;
      text = displayText(node.data, focused.column.getColId());
      what = 'cell';
    } else {
      return null;
    }
    e.clipboardData?.setData('text/plain', text);
    e.preventDefault();
    return what;
  }, [displayText]);

  const paste = useCallback(async (e: ClipboardEvent) => {
    const api = apiRef.current;
    if (!api || isEditing()) return;
    const focused = api.getFocusedCell();
    const text = e.clipboardData?.getData('text/plain') ?? '';
    if (!focused || text === '') return;
    e.preventDefault();
    let rows = parseTsv(text);
    if (rows.length === 0) return;
    const cols = visibleEditColumns();
    // A block copied with its 序号 column (1, 2, 3 … then names), pasted on 姓名 or on 序号: the numbers are left out and
    // the names go to 姓名. Pasted as they came, every column landed one off: a name in 身份证号, an ID in 性别 (helper 47).
    // (Its title, header, 合计 and 大写 lines may be copied with it: they do not hide the 序号 column, and are left out below
    // as lines of a roster, each named; helpers 50 and 51.)
    const seqFirst = startsWithSeqColumn(rows);
    const focusedCol = focused.column.getColId();
    const dropSeq = seqFirst && (focusedCol === 'personName' || focusedCol === 'rowNumber');
    if (dropSeq) rows = withoutSeqColumn(rows);
    const start = cols.findIndex((c) => c.getColId() === (dropSeq ? 'personName' : focusedCol));
    if (start < 0) {
      notify('error', t('grid.pasteHere'));
      return;
    }
    if (dropSeq) notify('info', t('grid.pasteSeqLeftOut'));
    const fields = cols.slice(start).map((c) => c.getColId() as PaymentEditField);
    // A block wider than the columns from here to 备注: the cells beyond are not pasted, and the clerk
    // is told how many columns (blank cells at a row's end, as Excel copies them, do not count).
    const widest = Math.max(...rows.map((r) => {
      let n = r.length;
      while (n > 0 && r[n - 1]!.trim() === '') n--;
      return n;
    }));
    const leftOut = Math.max(0, widest - fields.length);
    const onEntry = focused.rowPinned === 'bottom';
    const slot = onEntry ? (entryRef.current.entry ?? null) : null;
    const cellsOf = (cells: string[]): Edit['cells'] => {
      const out: Edit['cells'] = {};
      cells.slice(0, fields.length).forEach((value, c) => {
        const field = fields[c]!;
        // A blank 发放日期, 发放方式, 状态 or 项目 is not given: a new row takes the defaults (the entry
        // date, 现金, 登记, the 新增到项目 program) as typed entry does, a row in the list keeps its value.
        if (value.trim() === '' && (field === 'paidOn' || field === 'method' || field === 'status' || field === 'programName')) return;
        out[field] = value;
      });
      return out;
    };
    // One cell pasted with several rows selected (the focused one among them): every selected row
    // takes it, as in Excel and WPS (the selection holds only rows in view).
    const selected = !onEntry && rows.length === 1 && rows[0]!.length === 1
      ? api.getSelectedNodes().filter((n) => n.data && !n.rowPinned).sort((a, b) => (a.rowIndex ?? 0) - (b.rowIndex ?? 0))
      : [];
    const fillSelected = selected.length > 1 && selected.some((n) => n.rowIndex === focused.rowIndex);
    // After the saves before it: a paste on a half-typed entry row fills that entry's payment (its
    // first row), once the payment exists.
    enqueue(async () => {
      let edits: Edit[];
      /** The grid row (1-based, as the clerk counts) of each row of the request. */
      let gridRows: number[];
      /** The copied block's row (0-based) of each row of the request. */
      let blockRows: number[] | null = null;
      /** Selected rows left out because they are paid or signed (grid rows, 1-based). */
      const lockedSelected: number[] = [];
      if (fillSelected) {
        const open = selected.filter((n) => {
          if (!isLocked(n.data)) return true;
          lockedSelected.push((n.rowIndex ?? 0) + 1);
          return false;
        });
        edits = open.map((n) => ({ id: n.data!.id, cells: cellsOf(rows[0]!) }));
        gridRows = open.map((n) => (n.rowIndex ?? 0) + 1);
        if (edits.length === 0) {
          notify('error', t('grid.pasteLockedRows', { count: lockedSelected.length, rows: lockedSelected.join('、') }));
          return;
        }
      } else {
        let ids = onEntry ? rows.map((_, r) => (r === 0 && slot && slot.id !== 0 ? slot.id : null)) : await idsAt(focused.rowIndex, rows.length);
        // Rows of a roster block that are no payment: a blank row that would make a new, empty one, and a
        // 合计 / 小计 / 共2人 line (where the name goes, or anywhere in a row with no name and no ID). Left out, and said.
        const nameAt = fields.indexOf('personName');
        const idAt = fields.indexOf('idNumber');
        const cashAt = fields.indexOf('cashFen');
        const goodsAt = fields.indexOf('goodsFen');
        // A roster's block: its payees' names, or IDs (a block with IDs and no names is one too; helper 72), and amounts.
        const rosterBlock = rows.length > 1 && (nameAt >= 0 || idAt >= 0) && cashAt >= 0 && rows.some((cells) =>
          (nameAt >= 0 && (cells[nameAt] ?? '').trim() !== '' && rosterLineKind(cells[nameAt]!) === null) || (idAt >= 0 && looksLikeIdNumber(cells[idAt] ?? '')));
        const notPayments: string[] = [];
        // The block's amounts so far: a line with no name and no ID whose amount is their sum is the total left unlabelled.
        let sum = 0;
        let summed = 0;
        const countIn = (used: string[]) => {
          const cash = cashAt >= 0 ? parseAmount(used[cashAt] ?? '') : null;
          if (cash?.ok) {
            sum += cash.fen;
            summed++;
          }
        };
        // The entry row holds a payment being keyed (stored, or cells marked): a paste's first row goes into it as it is.
        const entryKeyed = !!slot && (slot.id !== 0 || Object.keys(slot.unsaved ?? {}).length > 0);
        const keep = rows.map((cells, r) => {
          const used = cells.slice(0, fields.length);
          // The entry's own first row is kept blank (a paste on a half-typed entry), checked otherwise as any row. In a
          // roster's block it is checked as any row: the entry takes the block's first payee instead (below; helper 72).
          const entryFirst = onEntry && r === 0 && entryKeyed && !rosterBlock;
          // (A blank line of a roster's block is left out on the entry row and on rows of the list too: it cleared the
          // name of the payment it landed on; helper 66.)
          if ((!ids[r] || rosterBlock) && !entryFirst && used.every((v) => v.trim() === '')) {
            notPayments.push(t('grid.pasteBlankRow', { row: r + 1 }));
            return false;
          }
          // The column-number line under a roster's header (1 | 2 | 3 …, 甲 | 乙 | 丙 …): made a person 乙 with the ID 1 (helper 66).
          // (Only in a roster's block: 1 | 2 | 3 pasted alone on 现金 | 实物 | 实物说明 are values; helper 72.)
          if (rosterBlock && !entryFirst && isColumnNumberLine(used)) {
            notPayments.push(t('grid.pasteColumnNumberRow', { row: r + 1 }));
            return false;
          }
          const name = nameAt >= 0 ? (used[nameAt] ?? '').trim() : '';
          const noId = idAt < 0 || (used[idAt] ?? '').trim() === '';
          const idLike = !noId && looksLikeIdNumber(used[idAt] ?? '');
          // 合计 / 小计 / 共十二人, 制表人：…, a repeated 姓名 header: where the name goes, or anywhere in a row without one.
          // Only in a block that holds the name column: a 备注 column pasted alone (3人, 会计 …) is notes, not lines.
          const labelled = nameAt < 0 ? null : name !== '' ? (rosterLineKind(name) ? name : null) : used.find((v) => rosterLineKind(v) !== null) ?? null;
          // (A bare section word, 新增 | 5304**********0017, or one in the 备注 of a line with no name, may go with a payee: kept
          // when its ID column holds an ID, 15 to 18 digits, masked or not; helpers 57, 59, 66. A total, a footer or a
          // numbered heading never is, whatever its ID column holds: 合计 | 530424199001010137 | … | 1800 made a person 合计;
          // helper 63.)
          if (labelled !== null && (!idLike || !mayNamePayee(labelled))) {
            const kind = rosterLineKind(labelled)!;
            notPayments.push(t(kind === 'total' ? 'grid.pasteTotalRow' : kind === 'footer' ? 'grid.pasteFooterRow' : 'grid.pasteHeaderRow', { row: r + 1, text: labelled.trim() }));
            return false;
          }
          const cash = cashAt >= 0 ? parseAmount(used[cashAt] ?? '') : null;
          if (name === '' && noId && !ids[r] && cash?.ok && summed >= 2 && cash.fen === sum) {
            notPayments.push(t('grid.pasteSumRow', { row: r + 1, text: used[cashAt]!.trim() }));
            return false;
          }
          // In a roster's block (its names and amounts, names on other rows), a new row with no name, no ID and no amount
          // (cash or goods) read pays no one: a two-line header's second line (… | 现金 under 金额（元）; helper 63: an empty
          // payment, no person, 0.00). Left out, and said. (A column pasted alone, 大病 / 因灾 …, makes its rows, as before.)
          // (On a row of the list too, which it emptied: a blank line, a header's words under 金额 or 慰问品 (现金), a 女, a
          // unit or a remark alone (（续上）) cleared the row's payee, amount or 类别 with the blank cells beside them; helpers
          // 66, 76, 78. Said in the notice, with its text. Nor with a header's words under 身份证号, （18位）.)
          const goods = goodsAt >= 0 ? parseAmount(used[goodsAt] ?? '') : null;
          if (rosterBlock && name === '' && !idLike && !entryFirst && !cash?.ok && !goods?.ok) {
            notPayments.push(t('grid.pasteNothingToPayRow', { row: r + 1, text: used.map((v) => v.trim()).filter(Boolean).join(' ').slice(0, 40) }));
            return false;
          }
          countIn(used);
          return true;
        });
        if (notPayments.length > 0) notify('info', t('grid.pasteRowsNotPayments', { count: notPayments.length, list: notPayments.join('、') }));
        const kept = rows.flatMap((_, r) => (keep[r] ? [r] : []));
        if (kept.length === 0) return;
        // The line that goes into the entry row's payment: the first one, or in a roster's block the first kept (its blank,
        // header or column-number lines left out: the entry's chosen 性别 or typed 单位 went to an empty payment; helper 72).
        const entryAt = onEntry && slot ? (rosterBlock ? kept[0]! : 0) : -1;
        if (onEntry) ids = rows.map((_, r) => (r === entryAt && slot && slot.id !== 0 ? slot.id : null));
        // The entry's 性别 chosen before the paste goes into a blank 性别 cell, but not against the pasted ID: it is taken
        // back and said (helper 72: 赵一 with a man's ID was stored 女, marked, the notice silent).
        const chosenGenderAgainstId = (edit: Edit, pasted: string | undefined) => {
          const chosen = edit.cells.gender;
          // (Only a 性别 chosen: a blank pasted one is no choice; helper 74: “” was said not to match every pasted ID.)
          if (!slot || (pasted ?? '').trim() !== '' || typeof chosen !== 'string' || chosen.trim() === '' || typeof edit.cells.idNumber !== 'string') return;
          const idGender = parseResidentId(edit.cells.idNumber).gender;
          if (idGender === null || idGender === chosen) return;
          delete edit.cells.gender;
          forgetEntryCell('gender', slot);
          notify('info', t('grid.chosenGenderAgainstId', { chosen, idGender }));
        };
        gridRows = kept.map((r) => focused.rowIndex + r + 1);
        blockRows = kept;
        edits = kept.map((r) => {
          const cells = rows[r]!;
          const id = ids[r];
          // The entry's first row takes the entry's marked cells the paste does not fill (a 性别 chosen before the name
          // goes with the name pasted; helper 63: it was lost, and the status said 未保存 1 项 for good).
          if (id) {
            const edit: Edit = { id, cells: cellsOf(cells) };
            if (r === entryAt) {
              withUnsavedCells(edit, null, true);
              chosenGenderAgainstId(edit, cells[fields.indexOf('gender')]);
            }
            return edit;
          }
          // The entry's own payment (its first row), by the entry's key while its id is not known.
          if (!(r === entryAt && slot)) return { cells: cellsOf(cells) };
          const edit: Edit = { cells: cellsOf(cells), entryKey: slot.key };
          withUnsavedCells(edit, slot, true);
          chosenGenderAgainstId(edit, cells[fields.indexOf('gender')]);
          // Should the paste not reach the ledger, its cells stay on the entry row, marked.
          editSlot.current.set(edit, { slot, row: entryRef.current });
          return edit;
        });
      }
      const done = await apply(edits, 'pasted');
      if (done) {
        if (onEntry && slot) {
          slot.touched = true;
          if (entryRef.current.entry === slot) finishEntry();
        }
        apiRef.current?.refreshInfiniteCache();
        const saved = edits.length - done.locked.length;
        const locked = [...lockedSelected, ...done.locked.map((r) => gridRows[r]!)].sort((a, b) => a - b);
        if (done.skipped.length === 0) {
          if (saved > 0) notify('info', t('grid.pasted', { count: saved }));
        } else {
          const list = done.skipped.slice(0, 10).map((p) => t('grid.pasteSkippedItem', {
            row: (blockRows?.[p.row] ?? p.row) + 1, field: t(`grid.${p.field}`), text: String(edits[p.row]?.cells[p.field] ?? ''), message: p.message,
          }));
          if (done.skipped.length > 10) list.push('…');
          notify('error', t('grid.pastedWithSkipped', { count: saved, skipped: done.skipped.length, list: list.join('；') }));
        }
        if (locked.length > 0) notify('error', t('grid.pasteLockedRows', { count: locked.length, rows: locked.join('、') }));
        if (leftOut > 0) notify('error', t('grid.pasteColumnsLeftOut', { count: leftOut, width: widest, columns: fields.length }));
        // New payments a paste made past the end of a filtered or searched view may not match it: the grid
        // would not show them. They are named (their rows in the paste), so that none is made unseen.
        const madeRows = edits.flatMap((e, r) => (e.id === undefined ? [gridRows[r]!] : []));
        const view = queryRef.current;
        // Rows of the list the paste changed so that the view no longer holds them (a date of another year, a
        // value outside a filter) leave it at the next read: named too.
        const changed = edits.flatMap((e, r) => (e.id !== undefined && done.updated.includes(e.id) ? [{ id: e.id, row: gridRows[r]! }] : []));
        const filtered = !!view.search || Object.keys(view.filters ?? {}).length > 0;
        const checkMade = done.created.length > 0 && done.created.length === madeRows.length && filtered;
        if (checkMade || (changed.length > 0 && (filtered || (view.year !== null && view.year !== undefined)))) {
          try {
            const ids = [...(checkMade ? done.created : []), ...changed.map((c) => c.id)];
            const shown = await rowsByIds(view, ids);
            const inView = new Set(shown.rows.map((r) => r.id));
            const hidden = checkMade ? done.created.flatMap((id, k) => (inView.has(id) ? [] : [madeRows[k]!])) : [];
            if (hidden.length > 0) notify('error', t('grid.pastedNewRowsHidden', { count: hidden.length, rows: hidden.join('、') }));
            const left = changed.filter((c) => !inView.has(c.id)).map((c) => c.row);
            if (left.length > 0) notify('info', t('grid.pastedRowsLeftView', { count: left.length, rows: left.join('、') }));
          } catch {
            // The ledger not reached: the paste itself was saved; the next read shows the view as it is.
          }
        }
      }
    });
  }, [apply, enqueue, finishEntry, idsAt, notify, t, visibleEditColumns, withUnsavedCells, forgetEntryCell]);

  const fillDown = useCallback(async () => {
    const api = apiRef.current;
    const focused = api?.getFocusedCell();
    if (!api || !focused || focused.rowPinned) return;
    const field = focused.column.getColId() as PaymentEditField;
    if (!(EDIT_COLUMNS as readonly string[]).includes(field)) return;
    // The selected rows, when the focus is on one of them (as Delete has it); the focus moved away from a
    // selection (PageDown, an arrow, Enter elsewhere) fills from the row above: Ctrl+D overwrote rows no longer
    // in view (helper 45's sweep).
    let nodes: IRowNode<GridRow>[] = api.getSelectedNodes().filter((n) => n.data).sort((a, b) => (a.rowIndex ?? 0) - (b.rowIndex ?? 0));
    if (!nodes.some((n) => n.rowIndex === focused.rowIndex)) nodes = [];
    // Rows picked one by one (Ctrl+click 1, 3, 5): no fill, as in a spreadsheet (it filled 3 and 5 from 1, silently; helper 50).
    if (nodes.length > 1 && (nodes[nodes.length - 1]!.rowIndex ?? 0) - (nodes[0]!.rowIndex ?? 0) !== nodes.length - 1) {
      notify('error', t('grid.fillNotContiguous'));
      return;
    }
    if (nodes.length < 2) {
      const above = api.getDisplayedRowAtIndex(focused.rowIndex - 1);
      const here = api.getDisplayedRowAtIndex(focused.rowIndex);
      if (!above?.data || !here?.data) return;
      nodes = [above, here];
    }
    const source = nodes[0]!.data!;
    // Paid or signed rows (and a closed year's) are left as they are, as a paste and Delete leave them, and said;
    // the others are filled.
    const lockedRows = nodes.slice(1).filter((n) => !cellEditable(n.data, field)).map((n) => (n.rowIndex ?? 0) + 1);
    if (lockedRows.length > 0) notify('error', t('grid.fillLockedRows', { count: lockedRows.length, rows: lockedRows.join('、') }));
    const edits: Edit[] = nodes.slice(1).filter((n) => cellEditable(n.data, field)).map((n) => {
      if (field === 'personName' && source.personId !== null) {
        const edit: Edit = { id: n.data!.id, personId: source.personId, cells: {} };
        // Shown, should the fill not reach the ledger (not sent: the contract's schema is strict).
        if (source.personName) Object.defineProperty(edit, 'chosenName', { value: source.personName, enumerable: false });
        return edit;
      }
      const value = field === 'programName' ? source.programCode : (source as unknown as Record<string, string | number | null>)[field];
      const edit: Edit = { id: n.data!.id, cells: { [field]: value ?? null } };
      // The cell as the row above shows it (a program by its name, an amount in yuan), should the fill not reach the ledger.
      if (field === 'programName' || field === 'cashFen' || field === 'goodsFen') shownText.current.set(edit, { [field]: displayText(source, field) });
      return edit;
    });
    if (!edits.length) return;
    const res = await apply(edits, 'filled');
    // Rows the core left as they were (a pasted ID kept in 备注 that is not the filled person's): named, the others filled.
    if (res && res.skipped.length > 0) {
      const rows = [...new Set(res.skipped.map((p) => (api.getRowNode(String(edits[p.row]?.id ?? ''))?.rowIndex ?? -1) + 1))].filter((r) => r > 0);
      notify('error', t('grid.fillRowsLeft', { rows: rows.join('、'), count: rows.length, reasons: [...new Set(res.skipped.map((p) => p.message))].join('；') }));
    }
  }, [apply, displayText, notify, t]);

  const clearCells = useCallback(async () => {
    const api = apiRef.current;
    const focused = api?.getFocusedCell();
    if (api && focused?.rowPinned === 'bottom') {
      const field = focused.column.getColId() as PaymentEditField;
      const column = focused.column;
      // A value the entry's payment has stored (its name saved, the entry not finished yet): cleared as on a row of the
      // list, through the entry's own saves (helper 82: Delete did nothing there, and said nothing).
      const clearStored = (): boolean => {
        const node = api.getPinnedBottomRow(0);
        const row = entryRef.current;
        const stored = (row as unknown as Record<string, unknown>)[field];
        if (!node || row.kind !== 'entry' || row.id === 0 || unsavedOf(row, field) !== undefined || !(EDIT_COLUMNS as readonly string[]).includes(field)
          || stored === null || stored === undefined || stored === '' || stored === 0) return false;
        if (field === 'paidOn' || field === 'method' || field === 'status') notify('info', t(`grid.cannotClear.${field}`));
        else saveRef.current({ data: row, node, column, newValue: '', oldValue: stored }, field);
        return true;
      };
      const slot = entryRef.current.entry;
      const row = api.getPinnedBottomRow(0)?.data;
      if (slot && (slot.saving ?? 0) > 0 && unsavedOf(row, field) === undefined) {
        // A save of this entry is on its way (the cell typed a moment ago): the value it stores is cleared once it is
        // stored, not left (helper 89: Delete right after Tab and Shift+Tab did nothing, the value came back).
        enqueue(async () => {
          if (entryRef.current.entry === slot) clearStored();
        });
        return;
      }
      if (clearStored()) return;
      forgetEntryCell(field);
      return;
    }
    if (!api || !focused || focused.rowPinned) return;
    const field = focused.column.getColId() as PaymentEditField;
    if (!(EDIT_COLUMNS as readonly string[]).includes(field)) return;
    // Every payment has a date, a method and a status: Delete says so instead of doing nothing.
    if (field === 'paidOn' || field === 'method' || field === 'status') {
      notify('info', t(`grid.cannotClear.${field}`));
      return;
    }
    const selected = api.getSelectedNodes().filter((n) => n.data);
    const nodes = selected.some((n) => n.rowIndex === focused.rowIndex) ? selected : [api.getDisplayedRowAtIndex(focused.rowIndex)].filter((n): n is IRowNode<GridRow> => !!n?.data);
    // A paid or signed row's 备注 is cleared too; its other cells (and a closed year's) are left, and said.
    const lockedRows = nodes.filter((n) => !cellEditable(n.data, field)).map((n) => (n.rowIndex ?? 0) + 1).sort((a, b) => a - b);
    if (lockedRows.length > 0) notify('error', t('grid.clearLockedRows', { count: lockedRows.length, rows: lockedRows.join('、') }));
    const edits: Edit[] = nodes.filter((n) => cellEditable(n.data, field)).map((n) => ({ id: n.data!.id, cells: { [field]: null } }));
    if (edits.length) await apply(edits, edits.length > 1 ? 'filled' : 'keyed', t('grid.cleared', { count: edits.length }));
  }, [apply, notify, t, forgetEntryCell, unsavedOf, enqueue]);

  const deleteRows = useCallback(async (from: 'button' | 'keys' = 'button') => {
    const api = apiRef.current;
    if (!api) return;
    let nodes = api.getSelectedNodes().filter((n) => n.data).sort((a, b) => (a.rowIndex ?? 0) - (b.rowIndex ?? 0));
    if (from === 'keys') {
      // Ctrl+Delete: the selected rows while the focus is on one of them, else the focused row (helper 47: with the
      // focus moved away, it deleted three rows out of view).
      const focused = api.getFocusedCell();
      const focusedNode = focused && !focused.rowPinned ? api.getDisplayedRowAtIndex(focused.rowIndex) : null;
      if (!nodes.some((n) => n === focusedNode)) nodes = focusedNode?.data ? [focusedNode] : [];
    }
    const ids = nodes.map((n) => n.data!.id);
    if (ids.length === 0) return;
    // The dialog names the rows (the first few), not only their count.
    const names = nodes.slice(0, 5).map((n) => n.data!.personName ?? t('grid.noPayee')).join('、') + (nodes.length > 5 ? t('grid.andMore', { count: nodes.length }) : '');
    if (!window.confirm(t('grid.confirmDelete', { count: ids.length, names }))) return;
    try {
      const res = await call('payments.delete', { ids });
      setHistory(res.history);
      api.deselectAll();
      api.refreshInfiniteCache();
      refreshTotals();
      notify('info', t('grid.deleted', { count: res.deleted }));
    } catch (e) {
      notify('error', (e as Error).message);
    }
  }, [notify, refreshTotals, setHistory, t]);

  /**
   * Esc on the entry row, no editor open: the entry being keyed there is discarded, its payment and the people and units
   * its own saves made that nothing else uses, in one command (payments.discardEntry); the notice says so and that Ctrl+Z
   * brings it back. Every committed cell is written at once, so a name typed and given up (周敏, Tab, Esc Esc) was a
   * payment of 0.00 on the year's last day and a person with no ID, kept, and counted by the annual form.
   * An entry that holds what is paid (an amount, goods, a 类别, a 备注 …) is discarded only once the clerk says so: Esc is
   * pressed out of habit to leave a dropdown or an editor, and a nearly finished payment should not go on one key
   * (Enter discards, Esc or Cancel keeps it). A payee alone (姓名, 身份证号, 性别, 单位) and the defaults go at once.
   * After the saves before it (the name's save may not have answered yet); nothing when the entry was finished
   * meanwhile or nothing of it is stored. Ctrl+Z brings the payment back as a row of the list, above the entry row (in the
   * entry row too, it was shown twice: the undo reads the list again).
   */
  const discardEntry = useCallback(() => {
    const slot = entryRef.current.entry;
    if (!slot || (slot.id === 0 && !(slot.saving ?? 0))) return;
    enqueue(async () => {
      const row = entryRef.current;
      if (row.entry !== slot || slot.id === 0 || row.id !== slot.id) return;
      const id = slot.id;
      const what = t('grid.entryWhat', { name: row.personName ?? t('grid.noPayee'), amount: formatYuanWithUnit(row.cashFen) })
        + (row.goodsFen !== 0 ? t('grid.entryWhatGoods', { amount: formatYuanWithUnit(row.goodsFen) }) : '');
      // (A cell of what is paid typed and not stored, marked, counts as much as a stored one.)
      const marked = Object.keys(unsavedById.current.get(id) ?? {}).some((f) => !['personName', 'idNumber', 'gender', 'unitName'].includes(f));
      const content = marked || row.cashFen !== 0 || row.goodsFen !== 0 || [row.goodsDesc, row.category, row.recipientKind, row.studentName, row.note].some((v) => v !== null && v !== '');
      if (content && !window.confirm(t('grid.confirmDiscardEntry', { what }))) return;
      try {
        const res = await call('payments.discardEntry', { id, entryKey: slot.key });
        // What was typed there and not stored, and the paste's marks, went with the payment.
        unsavedById.current.delete(id);
        unsavedPersonById.current.delete(id);
        pasteMarks.current.delete(id);
        showTrouble();
        setHistory(res.history);
        const api = apiRef.current;
        if (entryRef.current.entry === slot) {
          entryRef.current = entryRowFor(takeWaitingEntry());
          setPinned();
          const first = api?.getAllDisplayedColumns().find((c) => c.getColId() === 'personName');
          const focused = api?.getFocusedCell();
          if (api && first && focused?.rowPinned === 'bottom' && focused.rowIndex === 0) api.setFocusedCell(0, first, 'bottom');
        }
        // (The list holds the payment only if it was read again while the entry was keyed: an undo.)
        if (api?.getRowNode(String(id))) api.refreshInfiniteCache();
        refreshTotals();
        const made = [...res.people.map((p) => t('grid.entryDiscardedPerson', { name: p.name })), ...res.units.map((u) => t('grid.entryDiscardedUnit', { name: u.name }))];
        notify('info', t('grid.entryDiscarded', { what, made: made.length > 0 ? t('grid.entryDiscardedMade', { list: made.join('、') }) : '' }));
      } catch (e) {
        notify('error', t('grid.entryDiscardFailed', { message: (e as Error).message }));
      }
    });
  }, [enqueue, notify, refreshTotals, setHistory, setPinned, showTrouble, t]);

  /**
   * Marked cells whose save did reach the ledger (its answer was lost) lose their marks, read back from the
   * ledger: before an undo or redo, so that the step is not followed by the marked text sent again (the
   * clerk's undo silently reversed by the row's next save).
   */
  const reconcileUnsaved = useCallback(async () => {
    const ids = [...unsavedById.current.keys()];
    if (ids.length === 0) return;
    try {
      dropStoredMarks((await rowsByIds({ year: null }, ids)).rows);
      // Every marked cell was stored after all: nothing failed.
      if (unsavedById.current.size === 0 && unsavedSlots.current.size === 0) lastSaveFailed.current = false;
      showTrouble();
    } catch {
      // The ledger not reached: the step will not be either.
    }
  }, [showTrouble]);

  /** Undo and redo wait for the saves before them: Ctrl+Z right after typing undoes that typing. */
  const history = useCallback((which: 'undo' | 'redo') => new Promise<void>((resolve) => enqueue(async () => {
    try {
      await reconcileUnsaved();
      const res = await call(which === 'undo' ? 'history.undo' : 'history.redo', {});
      setHistory(res.history);
      // The marks of the rows the step changed go back (undo) or come again (redo) with their values.
      marksOfStep(res.commandId, which);
      // A half-typed entry (its payment stored) stays on the entry row with the values the step left, so that
      // typing on completes that payment: Ctrl+Z of its last cell ended the entry, and the next cells made a
      // second payment with no person (helper 89 S2). Undone whole (its first cell), it is gone: a blank row.
      // A marked entry not yet stored stays as it is (the step is not about it).
      const slot = entryRef.current.entry;
      if (slot && slot.id > 0) {
        try {
          const stored = (await rowsByIds({ year: null }, [slot.id])).rows.find((r) => r.id === slot.id);
          entryRef.current = stored ? { ...stored, kind: 'entry', entry: slot } : entryRow();
        } catch {
          // Not read: the entry row keeps what it showed; its next save names the payment by id all the same.
        }
      } else if (!(slot && unstoredEntry(slot))) entryRef.current = entryRow();
      setPinned();
      // With a sort, undo and redo move rows: focus follows the payment it was on, not the row index
      // (the next keys would otherwise edit another person's payment).
      const api = apiRef.current;
      const focused = api?.getFocusedCell();
      const id = focused && !focused.rowPinned ? api?.getDisplayedRowAtIndex(focused.rowIndex)?.data?.id : undefined;
      if (api && focused && id) {
        let tries = 0;
        refocusAfterLoad.current = () => {
          const now = api.getFocusedCell();
          const node = api.getRowNode(String(id));
          // The clerk moved meanwhile, or the payment is gone (undone): focus stays where it is.
          if (api.isDestroyed() || !now || now.rowPinned || now.rowIndex !== focused.rowIndex || now.column !== focused.column || ++tries > 20) {
            refocusAfterLoad.current = null;
            return;
          }
          if (!node || node.rowIndex === null || node.rowIndex === undefined) return;
          refocusAfterLoad.current = null;
          if (node.rowIndex !== focused.rowIndex) {
            api.ensureIndexVisible(node.rowIndex);
            api.setFocusedCell(node.rowIndex, focused.column);
          }
        };
      }
      apiRef.current?.refreshInfiniteCache();
      refreshTotals();
      notify('info', t(which === 'undo' ? 'grid.undone' : 'grid.redone', { label: res.label }));
    } catch (e) {
      notify('error', (e as Error).message);
    } finally {
      resolve();
    }
  })), [enqueue, notify, refreshTotals, setHistory, setPinned, t, marksOfStep, reconcileUnsaved]);

  /**
   * Text typed on a cell that cannot be changed went nowhere without a word (a reviewer's clerk-day: 2000 + Enter on a
   * 已发放 row did nothing). Said now: a paid or signed row changes only by 冲正 (its 备注 and 状态 may be edited), a
   * closed year's row not at all. (The totals row and the row number say nothing: nobody types there to change them.)
   */
  const typedOnReadOnly = (cell: { rowIndex: number; rowPinned: 'top' | 'bottom' | null; colId: string }) => {
    if (cell.rowPinned !== null) return;
    const row = apiRef.current?.getDisplayedRowAtIndex(cell.rowIndex)?.data;
    if (!row || row.kind !== undefined || !isLocked(row)) return;
    const year = row.paidOn.slice(0, 4);
    notify('error', inClosedYear(row) ? t('grid.typedOnClosedYear', { year }) : t('grid.typedOnPaidRow', { status: row.status }));
  };
  const typedOnReadOnlyRef = useRef(typedOnReadOnly);
  typedOnReadOnlyRef.current = typedOnReadOnly;

  /** The notice of the row F8 went to last. */
  const lastIssueNotice = useRef<string | null>(null);
  const nextIssue = useCallback(async () => {
    const api = apiRef.current;
    if (!api) return;
    const focused = api.getFocusedCell();
    const after = focused && !focused.rowPinned ? focused.rowIndex : -1;
    const { offset: _o, limit: _l, ...query } = queryRef.current;
    const found = await call('payments.nextIssue', { query, afterIndex: after, severity: 'any' });
    if (!found) {
      notify('info', t('grid.noIssues'));
      return;
    }
    api.ensureIndexVisible(found.index, 'middle');
    api.setFocusedCell(found.index, 'issues');
    // What is wrong there, said (the reasons were only in the ▲'s tooltip, for the mouse): the row's findings, read now.
    const [row] = await call('payments.get', { ids: [found.id] }).catch(() => []);
    if (row && row.issues.length > 0) {
      const said = t('grid.issueAt', { row: found.index + 1, name: row.personName ?? '', messages: row.issues.map((i) => i.message).join('；') });
      // One at a time: the one of the row F8 left is taken down (an error's stays until closed).
      if (lastIssueNotice.current !== null) dismissContaining(lastIssueNotice.current);
      lastIssueNotice.current = said;
      notify(row.issues.some((i) => i.severity === 'error') ? 'error' : 'info', said);
    }
  }, [notify, t, dismissContaining]);

  /** The selected payments in view order (the roster of a selection keeps this order). */
  const selectedIds = useCallback(
    () => (apiRef.current?.getSelectedNodes() ?? []).filter((n) => n.data).sort((a, b) => (a.rowIndex ?? 0) - (b.rowIndex ?? 0)).map((n) => n.data!.id),
    [],
  );

  const nativeMenus = platform() === 'electron';
  const onKeyDown = useCallback((e: KeyboardEvent) => {
    // Any key but Shift+↓ / Shift+↑ (and the modifiers held for them) ends a run of them: the next one selects
    // from where the focus is then (the run's start, as a row number, names another row after a sort or a move).
    const shiftArrow = e.shiftKey && !e.ctrlKey && !e.metaKey && !e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp');
    if (!shiftArrow && !['Shift', 'Control', 'Alt', 'Meta'].includes(e.key)) selectionAnchor.current = null;
    if (isEditing() || typingOutsideCells(e.target)) return;
    const ctrl = e.ctrlKey || e.metaKey;
    // A move without Shift ends the selection, as in a spreadsheet: Ctrl+D, Delete and Ctrl+C then act on the cell moved
    // to (helper 47: after Shift+↓ over three rows and ↑ back into them, Ctrl+D overwrote the third, Delete cleared all three).
    if (!e.shiftKey && !e.altKey && NAVIGATION_KEYS.has(e.key)) {
      const api = apiRef.current;
      if (api && api.getSelectedNodes().length > 0) api.deselectAll();
    }
    const key = e.key.toLowerCase();
    const handled = () => {
      e.preventDefault();
      e.stopPropagation();
    };
    if (ctrl && (e.key === 'End' || e.key === 'Home' || e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      // First/last row of the whole view (the grid only knows the rows it has loaded).
      const api = apiRef.current;
      const focused = api?.getFocusedCell();
      if (!api || !focused) return;
      handled();
      const last = api.getDisplayedRowCount() - 1;
      const target = e.key === 'End' || e.key === 'ArrowDown' ? Math.max(last, 0) : 0;
      api.ensureIndexVisible(target, e.key === 'End' || e.key === 'ArrowDown' ? 'bottom' : 'top');
      api.setFocusedCell(target, focused.column);
    } else if (!ctrl && (e.key === 'Home' || e.key === 'End')) {
      // The row's first or last column one keys into (姓名 … 备注), as Home and End in a spreadsheet (with Shift too:
      // the grid selects rows, not cells); Ctrl+Home and Ctrl+End go to the view's first and last rows (above).
      // Not on the totals row (a cell there is no place to key into).
      const api = apiRef.current;
      const focused = api?.getFocusedCell();
      const cols = visibleEditColumns();
      if (!api || !focused || cols.length === 0 || (focused.rowPinned === 'bottom' && focused.rowIndex > 0)) return;
      handled();
      const target = e.key === 'Home' ? cols[0]! : cols[cols.length - 1]!;
      api.ensureColumnVisible(target);
      api.setFocusedCell(focused.rowIndex, target, focused.rowPinned);
    } else if (e.shiftKey && !ctrl && !e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      // Shift+↓ / Shift+↑ select the rows from where the selection began (the row clicked or focused when the
      // first Shift+arrow was pressed) to the row they move to, as Shift+arrows in a spreadsheet (the grid
      // selects rows, not cells); the list's rows only, not the entry or totals row.
      const api = apiRef.current;
      const focused = api?.getFocusedCell();
      if (!api || !focused || focused.rowPinned) return;
      handled();
      const target = focused.rowIndex + (e.key === 'ArrowDown' ? 1 : -1);
      if (target < 0 || target >= api.getDisplayedRowCount() || !api.getDisplayedRowAtIndex(target)?.data) return;
      const held = selectionAnchor.current;
      let anchor = focused.rowIndex;
      if (held && held.at === focused.rowIndex) anchor = held.anchor;
      else {
        // A run begins. From rows already selected as one block that the focus is an end of (Shift+click 2, then 5):
        // from its other end, as a spreadsheet goes on from the first click; else from the focused row.
        const rows = api.getSelectedNodes().flatMap((n) => (n.rowIndex === null || n.rowPinned ? [] : [n.rowIndex])).sort((a, b) => a - b);
        const block = rows.length > 1 && rows[rows.length - 1]! - rows[0]! === rows.length - 1;
        if (block && focused.rowIndex === rows[rows.length - 1]) anchor = rows[0]!;
        else if (block && focused.rowIndex === rows[0]) anchor = rows[rows.length - 1]!;
      }
      const [from, to] = anchor <= target ? [anchor, target] : [target, anchor];
      const nodes: IRowNode<GridRow>[] = [];
      for (let i = from; i <= to; i++) {
        const node = api.getDisplayedRowAtIndex(i);
        if (node?.data) nodes.push(node);
      }
      const keep = new Set(nodes);
      const others = api.getSelectedNodes().filter((n) => !keep.has(n));
      if (others.length > 0) api.setNodesSelected({ nodes: others, newValue: false });
      api.setNodesSelected({ nodes, newValue: true });
      api.ensureIndexVisible(target);
      api.setFocusedCell(target, focused.column);
      selectionAnchor.current = { anchor, at: target };
    } else if (e.key === 'Escape' && !ctrl && !e.shiftKey && !e.altKey) {
      // On the entry row, no editor open (the second Esc): the entry being keyed there is discarded (discardEntry).
      // (Pressed on the entry row's cell or the input-method field over it, not on a header or a button of the grid.)
      const focused = apiRef.current?.getFocusedCell();
      const target = e.target instanceof HTMLElement ? e.target : null;
      if (focused?.rowPinned !== 'bottom' || focused.rowIndex !== 0 || !target || !(target.classList.contains('ime-proxy') || target.closest('.row-entry'))) return;
      handled();
      discardEntry();
    } else if (e.key === 'F8') {
      handled();
      void nextIssue();
    } else if (ctrl && key === 'd') {
      handled();
      void fillDown();
    } else if (e.key === 'Delete' && ctrl) {
      handled();
      void deleteRows('keys');
    } else if (e.key === 'Delete' || (e.key === 'Backspace' && !ctrl)) {
      handled();
      void clearCells();
    } else if (!nativeMenus && ctrl && key === 'z' && !e.shiftKey) {
      handled();
      void history('undo');
    } else if (!nativeMenus && ctrl && (key === 'y' || (key === 'z' && e.shiftKey))) {
      handled();
      void history('redo');
    } else if (!nativeMenus && ctrl && key === 'f') {
      handled();
      searchRef.current?.focus();
      searchRef.current?.select();
    }
  }, [clearCells, deleteRows, discardEntry, fillDown, history, nativeMenus, nextIssue, visibleEditColumns]);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    // (Not in a column filter's box inside it: the box's own text is copied, pasted or cut there.)
    const inGrid = () => host.contains(document.activeElement) && !typingOutsideCells();
    const onCopy = (e: ClipboardEvent) => inGrid() && copy(e);
    const onPaste = (e: ClipboardEvent) => inGrid() && void paste(e);
    // Ctrl+X: a cell is copied and cleared (as Delete clears it, one undo step); rows are copied only, never
    // emptied by a cut (Ctrl+Delete deletes them, after asking).
    const onCut = (e: ClipboardEvent) => {
      if (inGrid() && copy(e) === 'cell') void clearCells();
    };
    // A click anywhere (a cell, a header's sort, the find box) ends a run of Shift+↓ / Shift+↑ (selectionAnchor).
    const endShiftRun = () => {
      selectionAnchor.current = null;
    };
    host.addEventListener('keydown', onKeyDown, true);
    document.addEventListener('mousedown', endShiftRun, true);
    document.addEventListener('copy', onCopy);
    document.addEventListener('paste', onPaste);
    document.addEventListener('cut', onCut);
    return () => {
      document.removeEventListener('mousedown', endShiftRun, true);
      host.removeEventListener('keydown', onKeyDown, true);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('paste', onPaste);
      document.removeEventListener('cut', onCut);
    };
  }, [copy, paste, onKeyDown, clearCells]);

  // Menu commands from the Electron shell (its accelerators take Ctrl+Z/Y/F before the page sees them).
  useEffect(() => onEvent('menu.command', ({ command }) => {
    // A dialog over the grid takes the commands (components/Modal.tsx): nothing is undone behind it.
    if (modalOpen()) return;
    const active = document.activeElement;
    const inText = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement;
    if (command === 'undo') {
      if (inText && active !== searchRef.current) document.execCommand('undo');
      else void history('undo');
    } else if (command === 'redo') {
      if (inText && active !== searchRef.current) document.execCommand('redo');
      else void history('redo');
    } else if (command === 'find') {
      if (keepUnreadableEditorRef.current()) return;
      searchRef.current?.focus();
      searchRef.current?.select();
    }
  }), [history]);

  // ——— grid life cycle and remembered layout ———
  const savePrefs = useCallback(() => {
    const api = apiRef.current;
    if (!api || !prefsLoaded.current) return;
    if (prefsTimer.current) clearTimeout(prefsTimer.current);
    prefsTimer.current = setTimeout(() => {
      // A column widened for its total is saved at the clerk's width (fitTotals widens it again when needed).
      const columns = api.getColumnState().map((c) => {
        const before = widthBeforeFit.current.get(c.colId);
        return before === undefined ? c : { ...c, width: before };
      });
      void call('prefs.set', { key: PAYMENTS_PREFS_KEY, value: { columns, filters: api.getFilterModel() } }).catch(() => undefined);
    }, 400);
  }, []);
  const onColumnResized = useCallback((e: ColumnResizedEvent<GridRow>) => {
    if (!e.finished) return;
    // Sized by the clerk (a drag, or a double-click to fit): that width is theirs, kept and saved.
    if (e.source === 'uiColumnResized' || e.source === 'autosizeColumns') {
      for (const c of e.columns ?? []) {
        sizedByClerk.current.add(c.getColId());
        widthBeforeFit.current.delete(c.getColId());
      }
    }
    savePrefs();
  }, [savePrefs]);

  // The saved column state is asked for as the screen mounts, while the grid builds itself.
  const [prefsRequest] = useState(() => takePaymentsPrefs() ?? call('prefs.get', { key: PAYMENTS_PREFS_KEY }).catch(() => ({ value: null as unknown })));
  const onGridReady = useCallback((e: GridReadyEvent<GridRow>) => {
    apiRef.current = e.api;
    // Keys held while an editor mounts count as saving: 已保存 is shown once they have all landed.
    if (hostRef.current && !imeRef.current) {
      imeRef.current = createImeProxy(hostRef.current, () => apiRef.current, (held) => setSaving((n) => n + (held ? 1 : -1)), (cell) => typedOnReadOnlyRef.current(cell));
    }
    // The entry and totals rows are drawn once the first rows are (they would otherwise be drawn on
    // the way to them); pinnedPending makes the first answer draw them.
    pinnedPending.current = true;
    prefsRequest
      .then(({ value }) => {
        const v = value as { columns?: unknown[]; filters?: GridFilterModel } | null;
        if (v?.columns) e.api.applyColumnState({ state: v.columns as never, applyOrder: true });
        if (v?.filters) e.api.setFilterModel(v.filters as never);
      })
      .catch(() => undefined)
      .finally(() => {
        prefsLoaded.current = true;
        setGridPrefsApplied(true);
      });
  }, [prefsRequest, setSaving]);

  // The first rows are on screen: the rows around them are drawn now, ready for scrolling.
  const onFirstDataRendered = useCallback((e: FirstDataRenderedEvent<GridRow>) => {
    setTimeout(() => {
      if (!e.api.isDestroyed()) e.api.setGridOption('rowBuffer', ROW_BUFFER);
    }, 0);
  }, []);

  /**
   * Focus on the entry row's first cell (姓名), where the next payment is typed; not while focus is
   * outside the grid: a dialog the Enter opened (新建人员) keeps it, and focus comes here when it closes.
   */
  const focusEntryStart = useCallback(() => {
    const api = apiRef.current;
    const host = hostRef.current;
    if (!api || api.isDestroyed() || !host || !focusIsInGrid(host)) return;
    const first = api.getAllDisplayedColumns().find((c) => c.getColId() === 'personName');
    if (first) api.setFocusedCell(0, first, 'bottom');
  }, []);

  /**
   * The dialog closed: focus back on the row the person was looked up on, as a chosen person does: the cell after
   * 姓名 once the person is made (the clerk goes on keying the payment), 姓名 again if the dialog was cancelled.
   * The focus was in the dialog, which is gone: the grid's cell is set whatever the page's focus is.
   */
  const returnFromCreate = useCallback(() => {
    const from = createFrom.current;
    createFrom.current = null;
    const api = apiRef.current;
    if (!api || api.isDestroyed()) return;
    if (!from) {
      focusEntryStart();
      return;
    }
    const cols = visibleEditColumns();
    const at = cols.findIndex((c) => c.getColId() === 'personName');
    const target = from.created && at >= 0 && at + 1 < cols.length ? cols[at + 1]! : cols[Math.max(at, 0)];
    if (!target) return;
    api.ensureColumnVisible(target);
    api.setFocusedCell(from.rowIndex, target, from.rowPinned);
  }, [focusEntryStart, visibleEditColumns]);

  /** Focus back in the grid (from the Find box): the cell it had, else the first row's 姓名, else the entry row. */
  const focusGrid = useCallback(() => {
    const api = apiRef.current;
    if (!api || api.isDestroyed()) return;
    const focused = api.getFocusedCell();
    if (focused) {
      api.setFocusedCell(focused.rowIndex, focused.column, focused.rowPinned);
      return;
    }
    const first = api.getAllDisplayedColumns().find((c) => c.getColId() === 'personName');
    if (!first) return;
    if (api.getDisplayedRowCount() > 0) api.setFocusedCell(0, first);
    else api.setFocusedCell(0, first, 'bottom');
  }, []);

  const onCellFocused = useCallback((e: CellFocusedEvent<GridRow>) => {
    attachImeSoon();
    if (e.rowPinned === 'bottom' && e.rowIndex === 1) {
      // Enter from the entry row lands on the totals row: the entry is done; start the next one
      // (after this event, once the cell left has been saved).
      setTimeout(finishEntry, 0);
      setTimeout(focusEntryStart, 0);
    } else if (e.rowPinned !== 'bottom') {
      setTimeout(finishEntry, 0);
    }
  }, [finishEntry, attachImeSoon, focusEntryStart]);

  /**
   * Tab on the entry row stays among the cells one keys into: past its last one (备注) the entry is done, as
   * with Enter (focus goes to the totals row, which finishes it and starts the next: onCellFocused); the
   * read-only 合计（元） took the next keys and lost them. Shift+Tab from its first cell stays there: the
   * list's last row is another payment (it opened that row's 备注 for editing).
   */
  const tabToNextCell = useCallback((p: TabToNextCellParams<GridRow>): CellPosition | boolean => {
    const prev = p.previousCellPosition;
    if (prev.rowPinned !== 'bottom' || prev.rowIndex !== 0) return p.nextCellPosition ?? false;
    const api = apiRef.current;
    const editIds = new Set(visibleEditColumns().map((c) => c.getColId()));
    const all = api?.getAllDisplayedColumns() ?? [];
    const at = all.findIndex((c) => c.getColId() === prev.column.getColId());
    const step = p.backwards ? -1 : 1;
    for (let i = at + step; i >= 0 && i < all.length; i += step) {
      if (editIds.has(all[i]!.getColId())) return { rowIndex: 0, rowPinned: 'bottom', column: all[i]! };
    }
    if (p.backwards) return prev;
    const first = all.find((c) => editIds.has(c.getColId())) ?? prev.column;
    return { rowIndex: 1, rowPinned: 'bottom', column: first };
  }, [visibleEditColumns]);

  const years = useMemo(() => {
    const set = new Set<number>(info?.years ?? []);
    set.add(new Date().getFullYear());
    if (year !== null) set.add(year);
    return [...set].sort((a, b) => b - a);
  }, [info, year]);

  return (
    <section className="screen payments">
      <div className="toolbar">
        <label>
          {t('status.year')}
          <select data-testid="year-select" value={year ?? ''} onChange={(e) => setYear(e.target.value === '' ? null : Number(e.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>{y}</option>
            ))}
            <option value="">{t('status.allYears')}</option>
          </select>
        </label>
        <label>
          {t('grid.entryProgram')}
          <select data-testid="entry-program" value={entryProgramId ?? ''} onChange={(e) => {
            const id = e.target.value === '' ? null : Number(e.target.value);
            setEntryProgramId(id);
            rememberEntryProgram(year, id);
          }}>
            <option value="">—</option>
            {programs.map((p) => (
              <option key={p.id} value={p.id}>{p.code} {p.name}</option>
            ))}
          </select>
        </label>
        {paymentsPreset && (
          <span className="chip" data-testid="payments-preset">
            {t('approval.filteredBy', { label: paymentsPreset.label })}
            <button type="button" aria-label={t('approval.clearFilter')} onClick={() => openPayments(null)}>×</button>
          </span>
        )}
        <input ref={searchRef} type="search" placeholder={t('grid.search')} value={searchText} onChange={(e) => setSearchText(e.target.value)} data-testid="grid-search"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              // Esc leaves Find: the text goes and the clerk is back in the grid, on the cell focused before.
              e.preventDefault();
              setSearchText('');
              focusGrid();
            }
          }} />
        <label className="check">
          <input type="checkbox" checked={showFullIds} onChange={(e) => setShowFullIds(e.target.checked)} data-testid="show-full-ids" />
          {t('grid.showFullIds')}
        </label>
        <span className="toolbar-spacer" />
        <button type="button" onClick={() => void history('undo')} data-testid="undo">{t('grid.undo')}</button>
        <button type="button" onClick={() => void history('redo')} data-testid="redo">{t('grid.redo')}</button>
        <button type="button" onClick={() => void nextIssue()} data-testid="next-issue">{t('grid.nextIssue')}</button>
        <ApprovalBar
          selectedCount={selectedCount}
          getSelected={() => apiRef.current?.getSelectedNodes().flatMap((n) => (n.data ? [n.data] : [])) ?? []}
          onDone={(rows) => {
            if (rows) for (const row of rows) apiRef.current?.getRowNode(String(row.id))?.setData(row);
            else apiRef.current?.refreshInfiniteCache();
            refreshTotals();
          }}
        />
        <button type="button" onClick={() => void deleteRows()} disabled={selectedCount === 0} data-testid="delete-rows">{t('grid.deleteRows', { count: selectedCount })}</button>
        <button type="button" disabled={selectedCount === 0} data-testid="print-selection"
          onClick={() => openPrint({ paymentIds: selectedIds(), maskIds: !showFullIds })}>{t('export.selectionRoster')}</button>
        {year !== null && info?.closedYears.includes(year) && <span className="closed-badge" data-testid="closed-year">{t('years.closedBadge', { year })}</span>}
        <SaveState saving={saving} trouble={trouble} />
      </div>
      <div className="grid-host" data-testid="payments-grid" ref={hostRef}>
        <VanillaGrid<GridRow>
          theme={gridTheme}
          localeText={gridLocale(i18n.language)}
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={PAYMENTS_BLOCK_ROWS}
          rowBuffer={OPEN_ROW_BUFFER}
          onFirstDataRendered={onFirstDataRendered}
          maxBlocksInCache={200}
          onBodyScroll={onBodyScroll}
          maxConcurrentDatasourceRequests={-1}
          columnDefs={columnDefs}
          defaultColDef={DEFAULT_COL_DEF}
          getRowId={rowIdOf}
          rowSelection={ROW_SELECTION}
          onSelectionChanged={onSelectionChanged}
          onGridReady={onGridReady}
          onCellFocused={onCellFocused}
          tabToNextCell={tabToNextCell}
          onCellEditingStarted={onCellEditingStarted}
          onCellEditingStopped={onCellEditingStopped}
          onColumnMoved={savePrefs}
          onColumnResized={onColumnResized}
          onSortChanged={savePrefs}
          onFilterChanged={savePrefs}
          enterNavigatesVertically
          suppressColumnVirtualisation
          maintainColumnOrder
          enterNavigatesVerticallyAfterEdit
          stopEditingWhenCellsLoseFocus
          tooltipShowDelay={300}
          rowClassRules={rowClassRules}
          overlayNoRowsTemplate={t('grid.noRows')}
        />
      </div>
      {createPerson && <CreatePersonDialog request={createPerson} onDone={() => {
        setCreatePerson(null);
        setTimeout(returnFromCreate, 0);
      }} />}
    </section>
  );
}

/**
 * 正在保存 once saves have been under way for a moment, else 已保存. A save answered within
 * SAVING_LABEL_AFTER_MS (saveCounter.ts; nearly every keyed cell) changes nothing on screen: the label flashing for
 * a few milliseconds told the clerk nothing and cost a frame drawn right after every Enter, while
 * the save was on its way. The exact number under way is the element's data-pending (tests wait
 * for 0), written straight to the element (no style depends on it: no frame).
 */
function SaveState({ saving, trouble }: { saving: Counter; trouble: TroubleStore }) {
  const { t } = useTranslation();
  const shown = useSyncExternalStore(saving.subscribeShown, saving.shown);
  const { unsaved, failed } = useSyncExternalStore(trouble.subscribe, trouble.get);
  const label = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const write = () => label.current?.setAttribute('data-pending', String(saving.get()));
    write();
    return saving.subscribe(write);
  }, [saving]);
  // Saving first (it may be the retry); then cells not stored, a failed save, else 已保存.
  const text = shown ? t('status.saving') : unsaved > 0 ? t('status.unsaved', { count: unsaved }) : failed ? t('status.saveFailed') : t('status.saved');
  const title = shown ? undefined : unsaved > 0 ? t('status.unsavedTip', { count: unsaved }) : failed ? t('status.saveFailedTip') : undefined;
  return <span ref={label} className={`save-state${!shown && (unsaved > 0 || failed) ? ' save-trouble' : ''}`} data-testid="save-state" title={title}>{text}</span>;
}
