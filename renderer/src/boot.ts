/**
 * What the first screen needs, asked for before React renders: the ledger's summary (its years: the
 * year to open on), the payments grid's saved view, and then that view's first page of rows, so the
 * core reads them while the grid is being built. Each is taken once; a screen that finds it taken
 * (or never asked for) asks the core itself.
 */
import type { LedgerInfo } from '../../shared/records.ts';
import type { PaymentQuery } from '../../shared/payments.ts';
import type { ResponseOf } from '../../shared/contract.ts';
import { call } from './api/client.ts';
import { toPaymentQuery, type GridFilterModel, type GridSortItem } from './grid/query.ts';

export const PAYMENTS_PREFS_KEY = 'grid.payments';
/** The grid's block size: the first page the grid asks for is this many rows. */
export const PAYMENTS_BLOCK_ROWS = 100;

export type Settled<T> = { ok: true; value: T } | { ok: false; error: Error };
type PrefsAnswer = { value: unknown };
type PageAnswer = ResponseOf<'payments.page'>;

const settle = <T>(p: Promise<T>): Promise<Settled<T>> => p.then((value) => ({ ok: true as const, value }), (error: Error) => ({ ok: false as const, error }));

let paymentsPrefs: Promise<PrefsAnswer> | null = null;
let firstPage: { key: string; answer: Promise<PageAnswer> } | null = null;

/** The year a ledger opens on: this year, unless it has no payments and others do (then the latest). */
export function openingYear(info: LedgerInfo, thisYear = new Date().getFullYear()): number {
  return info.years.length > 0 && !info.years.includes(thisYear) ? info.years[0]! : thisYear;
}

/** A payments page request as the grid makes it (boot's first page must be the very same request). */
export function pageRequest(query: PaymentQuery, startRow: number, endRow: number): RequestOfPage {
  // A search's or a column filter's first page is read without counting the view (the count comes with the
  // totals): a filter that keeps a third of a year's 333,000 rows was counted (~0.35 s) before its first rows.
  const countLater = startRow === 0 && (!!query.search || Object.keys(query.filters ?? {}).length > 0);
  return { query: { ...query, offset: startRow, limit: endRow - startRow }, ...(countLater ? { countLater } : {}) };
}

/** The payments page request the grid makes for its first rows, from the saved view. */
export function firstPageRequest(year: number | null, saved: unknown): RequestOfPage {
  const v = saved as { columns?: { colId?: string; sort?: 'asc' | 'desc' | null; sortIndex?: number | null }[]; filters?: GridFilterModel } | null;
  const sortModel: GridSortItem[] = (v?.columns ?? [])
    .filter((c) => c.colId && (c.sort === 'asc' || c.sort === 'desc'))
    .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
    .map((c) => ({ colId: c.colId!, sort: c.sort! }));
  return pageRequest(toPaymentQuery(sortModel, v?.filters ?? {}, { year, search: '' }), 0, PAYMENTS_BLOCK_ROWS);
}
type RequestOfPage = { query: PaymentQuery & { offset: number; limit: number }; countLater?: boolean };

/** Ask for the first screen's data; resolves once the ledger's summary is in (or failed). */
export async function boot(): Promise<Settled<LedgerInfo>> {
  const infoAnswer = settle(call('ledger.info', {}));
  paymentsPrefs = call('prefs.get', { key: PAYMENTS_PREFS_KEY }).catch(() => ({ value: null }));
  const info = await infoAnswer;
  if (info.ok) {
    const year = openingYear(info.value);
    const request = firstPageRequest(year, (await paymentsPrefs).value);
    firstPage = { key: JSON.stringify(request), answer: call('payments.page', request) };
    // Not taken (another screen first, or another view): its answer is dropped.
    firstPage.answer.catch(() => undefined);
  }
  return info;
}

/** The payments grid's saved view asked for at start, once. */
export function takePaymentsPrefs(): Promise<PrefsAnswer> | null {
  const p = paymentsPrefs;
  paymentsPrefs = null;
  return p;
}

/** The first page asked for at start, if the grid's first request is the same one; once. */
export function takeFirstPage(request: unknown): Promise<PageAnswer> | null {
  if (!firstPage || firstPage.key !== JSON.stringify(request)) return null;
  const p = firstPage.answer;
  firstPage = null;
  return p;
}
