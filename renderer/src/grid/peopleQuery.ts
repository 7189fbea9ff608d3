/** AG Grid's sort and filter models of the people grid → the contract's PeopleQuery (pure). */
import { PEOPLE_QUERY_FIELDS, type PeopleFilter, type PeopleQuery, type PeopleQueryField } from '../../../shared/registers.ts';
import type { GridFilterModel, GridSortItem } from './query.ts';

const TEXT_OPS = {
  contains: 'contains', notContains: 'notContains', equals: 'equals', notEqual: 'notEqual', startsWith: 'startsWith',
  endsWith: 'endsWith', blank: 'blank', notBlank: 'notBlank',
} as const;
const DATE_OPS = { equals: 'eq', notEqual: 'ne', lessThan: 'lt', greaterThan: 'gt', inRange: 'between', blank: 'blank', notBlank: 'notBlank' } as const;

function isField(name: string): name is PeopleQueryField {
  return (PEOPLE_QUERY_FIELDS as readonly string[]).includes(name);
}

type Simple = { filterType?: string; type?: string | null; filter?: unknown; dateFrom?: string | null; dateTo?: string | null };

export function toPeopleQuery(sortModel: readonly GridSortItem[], filterModel: GridFilterModel, base: Omit<PeopleQuery, 'sort' | 'filters'>): PeopleQuery {
  const sort = sortModel
    .filter((s): s is { colId: PeopleQueryField; sort: 'asc' | 'desc' } => isField(s.colId) && (s.sort === 'asc' || s.sort === 'desc'))
    .map((s) => ({ field: s.colId, dir: s.sort }));
  const filters: Partial<Record<PeopleQueryField, PeopleFilter>> = {};
  for (const [colId, model] of Object.entries(filterModel)) {
    if (!isField(colId)) continue;
    const m = ('conditions' in model && model.conditions?.length ? model.conditions[0]! : model) as Simple;
    if (m.filterType === 'date') {
      const op = DATE_OPS[(m.type ?? 'equals') as keyof typeof DATE_OPS];
      if (!op) continue;
      const value = m.dateFrom?.slice(0, 10);
      const valueTo = m.dateTo?.slice(0, 10);
      filters[colId] = { type: 'date', op, ...(value ? { value } : {}), ...(valueTo ? { valueTo } : {}) };
    } else {
      const op = TEXT_OPS[(m.type ?? 'contains') as keyof typeof TEXT_OPS];
      if (!op) continue;
      filters[colId] = { type: 'text', op, ...(typeof m.filter === 'string' ? { value: m.filter } : {}) };
    }
  }
  return { ...base, filters, sort };
}
