/** The people grid's AG Grid models → the contract's PeopleQuery (only whitelisted columns reach the core). */
import { describe, expect, it } from 'vitest';
import { toPeopleQuery } from '../../renderer/src/grid/peopleQuery.ts';
import { PeopleQuerySchema } from '../../shared/registerSchemas.ts';

describe('toPeopleQuery', () => {
  it('maps sort and text/date filters; drops columns that are not query fields', () => {
    const q = toPeopleQuery(
      [{ colId: 'fileNo', sort: 'desc' }, { colId: 'yearPaidFen', sort: 'asc' }, { colId: 'name', sort: null }],
      {
        unitName: { filterType: 'text', type: 'contains', filter: '盘溪' },
        fileUpdatedOn: { filterType: 'date', type: 'lessThan', dateFrom: '2016-03-10 00:00:00' },
        relation: { filterType: 'text', operator: 'OR', conditions: [{ filterType: 'text', type: 'blank' }, { filterType: 'text', type: 'equals', filter: '户主' }] },
        lastPaidOn: { filterType: 'text', type: 'contains', filter: 'x' },
        name: { filterType: 'text', type: 'regex', filter: '.*' },
      },
      { view: 'inFile', unitId: 3, search: '王', year: 2017 },
    );
    expect(q).toEqual({
      view: 'inFile', unitId: 3, search: '王', year: 2017,
      sort: [{ field: 'fileNo', dir: 'desc' }],
      filters: {
        unitName: { type: 'text', op: 'contains', value: '盘溪' },
        fileUpdatedOn: { type: 'date', op: 'lt', value: '2016-03-10' },
        relation: { type: 'text', op: 'blank' },
      },
    });
    expect(PeopleQuerySchema.safeParse(q).success).toBe(true);
  });
});
