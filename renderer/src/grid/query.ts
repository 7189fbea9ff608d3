/**
 * AG Grid's sort and filter models → the contract's PaymentQuery. Pure, so it
 * is unit-tested without a browser. Amount filters are typed in 元 and sent in fen.
 */
import type { FieldFilter, PaymentQuery, PaymentQueryField, TextFilter } from '../../../shared/payments.ts';
import { PAYMENT_QUERY_FIELDS } from '../../../shared/payments.ts';

export interface GridSortItem {
  colId: string;
  sort: 'asc' | 'desc' | null | undefined;
}

type Simple = { filterType?: string; type?: string | null; filter?: unknown; filterTo?: unknown; dateFrom?: string | null; dateTo?: string | null };
type Combined = { filterType?: string; operator?: 'AND' | 'OR'; conditions?: Simple[] };
export type GridFilterModel = Record<string, Simple | Combined>;

const MONEY_FIELDS = new Set<PaymentQueryField>(['cashFen', 'goodsFen', 'totalFen']);

function isField(name: string): name is PaymentQueryField {
  return (PAYMENT_QUERY_FIELDS as readonly string[]).includes(name);
}

const TEXT_OPS: Record<string, TextFilter['op']> = {
  contains: 'contains', notContains: 'notContains', equals: 'equals', notEqual: 'notEqual', startsWith: 'startsWith',
  endsWith: 'endsWith', blank: 'blank', notBlank: 'notBlank',
};
const NUMBER_OPS = {
  equals: 'eq', notEqual: 'ne', lessThan: 'lt', lessThanOrEqual: 'le', greaterThan: 'gt', greaterThanOrEqual: 'ge',
  inRange: 'between', blank: 'blank', notBlank: 'notBlank',
} as const;
const DATE_OPS = { equals: 'eq', notEqual: 'ne', lessThan: 'lt', greaterThan: 'gt', inRange: 'between', blank: 'blank', notBlank: 'notBlank' } as const;

function simpleFilter(field: PaymentQueryField, m: Simple): FieldFilter | null {
  const type = m.type ?? 'contains';
  if (m.filterType === 'number') {
    const op = NUMBER_OPS[type as keyof typeof NUMBER_OPS];
    if (!op) return null;
    const scale = MONEY_FIELDS.has(field) ? 100 : 1;
    const toNum = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v * scale) : undefined);
    const value = toNum(m.filter);
    const valueTo = toNum(m.filterTo);
    return { type: 'number', op, ...(value !== undefined ? { value } : {}), ...(valueTo !== undefined ? { valueTo } : {}) };
  }
  if (m.filterType === 'date') {
    const op = DATE_OPS[type as keyof typeof DATE_OPS];
    if (!op) return null;
    const day = (v: string | null | undefined) => (v ? v.slice(0, 10) : undefined);
    const value = day(m.dateFrom);
    const valueTo = day(m.dateTo);
    return { type: 'date', op, ...(value ? { value } : {}), ...(valueTo ? { valueTo } : {}) };
  }
  const op = TEXT_OPS[type];
  if (!op) return null;
  return { type: 'text', op, ...(typeof m.filter === 'string' ? { value: m.filter } : {}) };
}

export function toPaymentQuery(sortModel: readonly GridSortItem[], filterModel: GridFilterModel, base: { year: number | null; search?: string | null }): PaymentQuery {
  const sort = sortModel
    .filter((s): s is { colId: PaymentQueryField; sort: 'asc' | 'desc' } => isField(s.colId) && (s.sort === 'asc' || s.sort === 'desc'))
    .map((s) => ({ field: s.colId, dir: s.sort }));
  const filters: Partial<Record<PaymentQueryField, FieldFilter>> = {};
  for (const [colId, model] of Object.entries(filterModel)) {
    if (!isField(colId)) continue;
    // The grid's filters offer one condition (columns.ts: maxNumConditions 1, as the core takes one per column); a
    // combined model (A AND/OR B) a saved view from before may hold is read as its first, the one the grid shows.
    const simple = 'conditions' in model && model.conditions?.length ? model.conditions[0]! : (model as Simple);
    const f = simpleFilter(colId, simple);
    if (f) filters[colId] = f;
  }
  return { year: base.year, filters, search: base.search ?? null, sort };
}
