import { describe, expect, it } from 'vitest';
import { formatTsv, parseTsv } from '../../renderer/src/grid/clipboard.ts';
import { toPaymentQuery } from '../../renderer/src/grid/query.ts';

describe('clipboard text from Excel/WPS', () => {
  it('splits rows and cells and drops the trailing line Windows adds', () => {
    expect(parseTsv('王芳\t500\r\n李强\t1,000.00\r\n')).toEqual([['王芳', '500'], ['李强', '1,000.00']]);
    expect(parseTsv('王芳\t500\n李强\t600')).toEqual([['王芳', '500'], ['李强', '600']]);
    expect(parseTsv('a\t\tb\r\n\t\t\r\n')).toEqual([['a', '', 'b']]);
  });

  it('reads quoted cells with tabs, line breaks and doubled quotes', () => {
    expect(parseTsv('"华宁县\r\n水泥厂"\t"说""明"\tx\r\n')).toEqual([['华宁县\r\n水泥厂', '说"明', 'x']]);
  });

  it('takes a quote that never closes as text: it does not join the rows after it', () => {
    expect(parseTsv('张三\t"特困\r\n李四\t普通\r\n王五\t普通\r\n')).toEqual([['张三', '"特困'], ['李四', '普通'], ['王五', '普通']]);
    expect(parseTsv('"半个引号\tx\r\n')).toEqual([['"半个引号', 'x']]);
    // A quote that closes but is followed by more text is not a quoted cell either.
    expect(parseTsv('"12"寸电视\t1\r\n')).toEqual([['"12"寸电视', '1']]);
    // A properly quoted cell still spans lines.
    expect(parseTsv('"住院\r\n""大病"""\tx\r\n')).toEqual([['住院\r\n"大病"', 'x']]);
  });

  it('round-trips what it writes', () => {
    const rows = [['王芳', '530424197512030026', '500.00'], ['李 "强"', 'a\tb', '第一行\n第二行']];
    expect(parseTsv(formatTsv(rows))).toEqual(rows);
    expect(formatTsv([['a', 'b']])).toBe('a\tb\r\n');
  });
});

describe('grid models → page query', () => {
  it('maps sort and filters, amounts typed in 元 become fen', () => {
    const q = toPaymentQuery(
      [{ colId: 'cashFen', sort: 'desc' }, { colId: 'rowNumber', sort: 'asc' }],
      {
        personName: { filterType: 'text', type: 'contains', filter: '王' },
        cashFen: { filterType: 'number', type: 'inRange', filter: 500, filterTo: 1000.5 },
        paidOn: { filterType: 'date', type: 'greaterThan', dateFrom: '2017-01-20 00:00:00' },
        bogus: { filterType: 'text', type: 'contains', filter: 'x' },
      },
      { year: 2017, search: '水泥' },
    );
    expect(q).toEqual({
      year: 2017,
      search: '水泥',
      sort: [{ field: 'cashFen', dir: 'desc' }],
      filters: {
        personName: { type: 'text', op: 'contains', value: '王' },
        cashFen: { type: 'number', op: 'between', value: 50_000, valueTo: 100_050 },
        paidOn: { type: 'date', op: 'gt', value: '2017-01-20' },
      },
    });
  });
});

describe('date filters → page query', () => {
  it('不等于 on a date is "not that day" in both grids (it was read as 等于 in 发放台账 and dropped in 人员档案)', async () => {
    const { toPeopleQuery } = await import('../../renderer/src/grid/peopleQuery.ts');
    const q = toPaymentQuery([], { paidOn: { filterType: 'date', type: 'notEqual', dateFrom: '2017-03-03 00:00:00' } }, { year: 2017 });
    expect(q.filters).toEqual({ paidOn: { type: 'date', op: 'ne', value: '2017-03-03' } });
    const p = toPeopleQuery([], { birthDate: { filterType: 'date', type: 'notEqual', dateFrom: '1975-03-12 00:00:00' } }, {});
    expect(p.filters).toEqual({ birthDate: { type: 'date', op: 'ne', value: '1975-03-12' } });
  });
});
