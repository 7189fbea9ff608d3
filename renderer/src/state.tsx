/** App-wide state: the ledger's summary, the working year, the current view's totals, and messages. */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { PaymentTotals } from '../../shared/payments.ts';

/** The payments grid's totals for its view, and what narrows that view: its filtered columns and its Find text (the status bar says so). */
export type ViewTotals = PaymentTotals & { filteredBy?: string[] };
import type { HistoryState, LedgerInfo } from '../../shared/records.ts';
import type { PaymentsPreset } from '../../shared/registers.ts';
import { call, onEvent } from './api/client.ts';
import { openingYear, type Settled } from './boot.ts';
import { applyStoredLanguage } from './i18n/language.ts';
import { LeavePrompt, type LeaveChoice } from './components/LeavePrompt.tsx';
import { modalOpen } from './components/modalStack.ts';

export const SCREENS = ['dashboard', 'payments', 'people', 'modelWorkers', 'programs', 'import', 'export', 'settings', 'print'] as const;
export type Screen = (typeof SCREENS)[number];

/** What the print view shows: a program's roster or a selection of payments. */
export interface PrintRequest {
  programId?: number;
  paymentIds?: number[];
  maskIds: boolean;
  filedOn?: string;
}

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

/**
 * A form that holds changes not yet saved (the program form, the office settings): before it is left (another
 * screen, another record in it) the clerk is asked 保存 / 不保存 / 取消 (components/LeavePrompt.tsx).
 */
export interface LeaveGuard {
  dirty: () => boolean;
  /** Save the form; false when it could not be saved (the form then shows why, and is not left). */
  save: () => Promise<boolean>;
  /** What the form is, for the question (the program's name). */
  what: () => string;
}

interface AppState {
  info: LedgerInfo | null;
  infoError: string | null;
  refreshInfo: () => void;
  year: number | null;
  /** The working year is known (the ledger's years have been read). */
  yearReady: boolean;
  setYear: (y: number | null) => void;
  screen: Screen;
  setScreen: (s: Screen) => void;
  setViewTotals: (t: ViewTotals | null) => void;
  setHistory: (h: HistoryState) => void;
  printRequest: PrintRequest | null;
  openPrint: (r: PrintRequest) => void;
  notices: Notice[];
  notify: (kind: Notice['kind'], text: string) => void;
  dismiss: (id: number) => void;
  /** Take down the error notices that contain `text` (a connection's failure, once the ledger answers again). */
  dismissContaining: (text: string) => void;
  /** Bumped when the ledger changed elsewhere: views reload. */
  generation: number;
  /** Filters another screen opened the payments grid with (a chart, a generated round); null: none. */
  paymentsPreset: PaymentsPreset | null;
  /** Open the payments grid filtered (null clears the filter). */
  openPayments: (preset: PaymentsPreset | null) => void;
  /** Run `go` (a move that leaves or replaces a form) once no form holds unsaved changes: at once, or after asking. */
  leaveThen: (go: () => void) => void;
  registerLeaveGuard: (guard: RefObject<LeaveGuard>) => () => void;
  /**
   * What the payments grid is asked before another screen replaces it (the 视图 menu, the nav, the print view): true
   * keeps it (an editor holds a date or amount the ledger cannot read, which the clerk corrects or puts back with Esc
   * first). Set by the grid while it is shown; null: none.
   */
  setLeaveGuard: (guard: (() => boolean) | null) => void;
}

/**
 * What the status bar shows, in a context of its own: a save changes the history and the totals,
 * and only the status bar re-renders for that, not every screen that reads the app state (the
 * payments grid re-rendered after every cell saved).
 */
interface StatusState {
  viewTotals: ViewTotals | null;
  history: HistoryState;
}

const Ctx = createContext<AppState | null>(null);
const StatusCtx = createContext<StatusState | null>(null);

/** `initialInfo`: the ledger's summary read before the first render (boot.ts), so the first screen knows its year at once. */
export function AppStateProvider({ children, initialInfo }: { children: ReactNode; initialInfo?: Settled<LedgerInfo> }) {
  const [info, setInfo] = useState<LedgerInfo | null>(initialInfo?.ok ? initialInfo.value : null);
  const [infoError, setInfoError] = useState<string | null>(initialInfo && !initialInfo.ok ? initialInfo.error.message : null);
  const [year, setYear] = useState<number | null>(initialInfo?.ok ? openingYear(initialInfo.value) : new Date().getFullYear());
  const [yearChosen, setYearChosen] = useState(false);
  const [yearReady, setYearReady] = useState(initialInfo !== undefined);
  /** The summary read before the first render stands for the first refresh. */
  const infoFromBoot = useRef(initialInfo !== undefined);
  const [screen, setScreen] = useState<Screen>('payments');
  const [viewTotals, setViewTotals] = useState<ViewTotals | null>(null);
  const [history, setHistory] = useState<HistoryState>({ undoLabel: null, redoLabel: null });
  const [notices, setNotices] = useState<Notice[]>([]);
  const [printRequest, setPrintRequest] = useState<PrintRequest | null>(null);
  const [generation, setGeneration] = useState(0);
  const [paymentsPreset, setPaymentsPreset] = useState<PaymentsPreset | null>(null);
  const leaveGuard = useRef<(() => boolean) | null>(null);
  const setLeaveGuard = useCallback((guard: (() => boolean) | null) => {
    leaveGuard.current = guard;
  }, []);
  /** Whether the screen shown may be replaced by `next` (the payments grid's guard, while it is shown). */
  const mayLeaveFor = (next: Screen): boolean => next === 'payments' || !leaveGuard.current?.();

  // ——— forms with unsaved changes (useLeaveGuard) ———
  const guards = useRef(new Set<RefObject<LeaveGuard>>());
  const leaving = useRef<{ guard: LeaveGuard; go: () => void } | null>(null);
  const [leavePrompt, setLeavePrompt] = useState<{ what: string; busy: boolean } | null>(null);
  const registerLeaveGuard = useCallback((guard: RefObject<LeaveGuard>) => {
    guards.current.add(guard);
    return () => {
      guards.current.delete(guard);
    };
  }, []);
  const leaveThen = useCallback((go: () => void) => {
    if (leaving.current) return;
    const guard = [...guards.current].map((g) => g.current).find((g) => g.dirty());
    if (!guard) {
      go();
      return;
    }
    leaving.current = { guard, go };
    setLeavePrompt({ what: guard.what(), busy: false });
  }, []);
  const chooseLeave = useCallback(async (choice: LeaveChoice) => {
    const pending = leaving.current;
    if (!pending) return;
    let go = choice === 'discard';
    if (choice === 'save') {
      setLeavePrompt((p) => p && { ...p, busy: true });
      go = await pending.guard.save().catch(() => false);
    }
    leaving.current = null;
    setLeavePrompt(null);
    if (go) pending.go();
  }, []);

  const refreshInfo = useCallback(() => {
    call('history.state', {}).then(setHistory).catch(() => undefined);
    if (infoFromBoot.current) {
      infoFromBoot.current = false;
      return;
    }
    call('ledger.info', {})
      .then((i) => {
        setInfo(i);
        setInfoError(null);
        // Open on the latest year that has data, unless the clerk chose one.
        const opening = openingYear(i);
        if (!yearChosen && opening !== new Date().getFullYear()) setYear(opening);
        setYearReady(true);
      })
      .catch((e: Error) => {
        setInfoError(e.message);
        setYearReady(true);
      });
  }, [yearChosen]);

  useEffect(() => {
    void applyStoredLanguage();
    // 视图 menu (Ctrl+1, Ctrl+2 …) in the app.
    return onEvent('menu.command', ({ command }) => {
      // A dialog is open: the page behind it (and its screen) stays as it is.
      if (modalOpen()) return;
      const next = command.startsWith('navigate:') ? command.slice('navigate:'.length) : '';
      if ((SCREENS as readonly string[]).includes(next)) {
        if (!mayLeaveFor(next as Screen)) return;
        leaveThen(() => {
          if (next !== 'payments') setViewTotals(null);
          setScreen(next as Screen);
        });
      }
    });
  }, [leaveThen]);

  useEffect(() => {
    refreshInfo();
    return onEvent('ledger.changed', () => {
      setGeneration((g) => g + 1);
      refreshInfo();
    });
  }, [refreshInfo]);

  const notify = useCallback((kind: Notice['kind'], text: string) => {
    const id = Date.now() + Math.random();
    // The same message again (each failed save of a burst says the same) is shown once, the latest.
    setNotices((n) => [...n.filter((x) => x.kind !== kind || x.text !== text).slice(-3), { id, kind, text }]);
    if (kind === 'info') setTimeout(() => setNotices((n) => n.filter((x) => x.id !== id)), 4000);
  }, []);
  const dismiss = useCallback((id: number) => setNotices((n) => n.filter((x) => x.id !== id)), []);
  // Called on every page the grid reads: with no such notice up (the usual case) it changes no state,
  // so that no render of the whole app is queued on the way to the rows.
  const noticesNow = useRef(notices);
  noticesNow.current = notices;
  const dismissContaining = useCallback((text: string) => {
    if (!noticesNow.current.some((x) => x.kind === 'error' && x.text.includes(text))) return;
    setNotices((n) => n.filter((x) => x.kind !== 'error' || !x.text.includes(text)));
  }, []);

  const value = useMemo<AppState>(
    () => ({
      info, infoError, refreshInfo, year, yearReady,
      setYear: (y) => {
        setYearChosen(true);
        setYear(y);
      },
      screen,
      setScreen: (next) => {
        if (!mayLeaveFor(next)) return;
        leaveThen(() => {
          // The status bar's totals belong to the payments grid.
          if (next !== 'payments') setViewTotals(null);
          setScreen(next);
        });
      },
      setViewTotals, setHistory, notices, notify, dismiss, dismissContaining, generation, printRequest, setLeaveGuard,
      openPrint: (r) => {
        if (!mayLeaveFor('print')) return;
        leaveThen(() => {
          setPrintRequest(r);
          setScreen('print');
        });
      },
      paymentsPreset,
      openPayments: (preset) => leaveThen(() => {
        setPaymentsPreset(preset);
        if (preset && preset.year !== undefined) {
          setYearChosen(true);
          setYear(preset.year);
        }
        setScreen('payments');
      }),
      leaveThen, registerLeaveGuard,
    }),
    [info, infoError, refreshInfo, year, yearReady, screen, notices, notify, dismiss, dismissContaining, generation, printRequest, paymentsPreset, leaveThen, registerLeaveGuard, setLeaveGuard],
  );
  const status = useMemo<StatusState>(() => ({ viewTotals, history }), [viewTotals, history]);
  return (
    <Ctx.Provider value={value}>
      <StatusCtx.Provider value={status}>
        {children}
        {leavePrompt && <LeavePrompt what={leavePrompt.what} busy={leavePrompt.busy} onChoose={(c) => void chooseLeave(c)} />}
      </StatusCtx.Provider>
    </Ctx.Provider>
  );
}

export function useApp(): AppState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useApp outside AppStateProvider');
  return v;
}

/** The status bar's figures: the totals of the rows in view and the last undoable command. */
export function useStatus(): StatusState {
  const v = useContext(StatusCtx);
  if (!v) throw new Error('useStatus outside AppStateProvider');
  return v;
}

/**
 * Guard a form's unsaved changes: leaving it (the nav bar, the shell's menu, openPayments, or the screen's own
 * moves passed through `leaveThen`) asks 保存 / 不保存 / 取消 first. Read at the time of leaving (always current).
 */
export function useLeaveGuard(guard: LeaveGuard): void {
  const { registerLeaveGuard } = useApp();
  const ref = useRef(guard);
  ref.current = guard;
  useEffect(() => registerLeaveGuard(ref), [registerLeaveGuard]);
}
