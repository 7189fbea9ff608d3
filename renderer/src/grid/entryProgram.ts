/**
 * 新增到项目: the program the payments grid's new rows go to, as the clerk chose it, per year view (a year, or 全部年度),
 * kept with the user's view state (`ui_prefs`, per user, like the grid's columns and filters) so that another screen,
 * a reload or a restart does not put it back on the year's first program (helper 108: 2017-SWN chosen, 首页 and back
 * showed 2017-JQZX, and the next keyed row went there with no warning).
 */
import type { ProgramSummary } from '../../../shared/records.ts';
import { call, onEvent } from '../api/client.ts';

export const ENTRY_PROGRAM_PREFS_KEY = 'payments.entryProgram';
/** How many programs chosen last are kept (the fallback of a view whose own choice is gone). */
const RECENT_MAX = 20;

export interface EntryProgramPrefs {
  /** The choice of each year view ('2017', or 'all' for 全部年度): a program's id, or null for —. */
  byView: Record<string, number | null>;
  /** Programs chosen, the last first. */
  recent: number[];
}

const viewKey = (year: number | null): string => (year === null ? 'all' : String(year));

/** The stored value as prefs (anything else, or nothing stored, as none chosen). */
export function readEntryProgramPrefs(value: unknown): EntryProgramPrefs {
  const v = (value ?? {}) as Partial<EntryProgramPrefs>;
  const byView: Record<string, number | null> = {};
  if (v.byView && typeof v.byView === 'object') {
    for (const [k, id] of Object.entries(v.byView)) if (id === null || Number.isSafeInteger(id)) byView[k] = id;
  }
  const recent = Array.isArray(v.recent) ? v.recent.filter((id): id is number => Number.isSafeInteger(id)).slice(0, RECENT_MAX) : [];
  return { byView, recent };
}

/**
 * The program new rows go to in a year view, from the programs it lists (that year's, or every year's for 全部年度): the
 * clerk's choice there while it is listed (— too); else the one of them chosen last anywhere (a remembered program
 * deleted or moved to another year); else the first.
 */
export function pickEntryProgram(list: readonly ProgramSummary[], year: number | null, prefs: EntryProgramPrefs): number | null {
  const listed = (id: number | null | undefined): id is number => id !== null && id !== undefined && list.some((p) => p.id === id);
  const chosen = prefs.byView[viewKey(year)];
  if (chosen === null) return null;
  if (listed(chosen)) return chosen;
  return prefs.recent.find((id) => listed(id)) ?? list[0]?.id ?? null;
}

/** The prefs with `id` chosen in the year view. */
export function withEntryProgram(prefs: EntryProgramPrefs, year: number | null, id: number | null): EntryProgramPrefs {
  return {
    byView: { ...prefs.byView, [viewKey(year)]: id },
    recent: id === null ? prefs.recent : [id, ...prefs.recent.filter((x) => x !== id)].slice(0, RECENT_MAX),
  };
}

/**
 * Read once per window and ledger, then kept here as the clerk chooses (发放台账 opened again reads this). Another ledger
 * opened (文件 → 打开台账, a restore) has its own programs and prefs: read again.
 */
let loaded: Promise<EntryProgramPrefs> | null = null;
let watching = false;

export function loadEntryProgramPrefs(): Promise<EntryProgramPrefs> {
  if (!watching) {
    watching = true;
    onEvent('ledger.changed', ({ reason }) => {
      if (reason === 'opened') loaded = null;
    });
  }
  loaded ??= call('prefs.get', { key: ENTRY_PROGRAM_PREFS_KEY }).then((a) => readEntryProgramPrefs(a.value), () => readEntryProgramPrefs(null));
  return loaded;
}

/** The clerk chose `id` in the year view: kept for this window at once, and stored (a failure to store is not said: view state). */
export function rememberEntryProgram(year: number | null, id: number | null): void {
  loaded = loadEntryProgramPrefs().then((prefs) => {
    const next = withEntryProgram(prefs, year, id);
    void call('prefs.set', { key: ENTRY_PROGRAM_PREFS_KEY, value: next }).catch(() => undefined);
    return next;
  });
}
