import { describe, expect, it } from 'vitest';
import { QUERY_TUNING, firstPageOfSearch, paymentTotals, queryPayments, nextIssue } from '../../electron/core/queries/payments.ts';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import type { Ledger } from '../../electron/core/ledger.ts';
import { LedgerError } from '../../electron/core/errors.ts';
import { PAYMENT_QUERY_FIELDS, type FieldFilter, type PaymentQuery } from '../../shared/payments.ts';
import { dumpTables, tempLedger } from '../helpers/ledger.ts';

function ledgerWith(n: number): { ledger: Ledger; programId: number } {
  const ledger = tempLedger();
  const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '2017年春节送温暖', year: 2017, kind: '送温暖' }));
  ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) =>
    applyPaymentEdits(tx, Array.from({ length: n }, (_, i) => ({
      cells: {
        personName: `职工${String(i).padStart(3, '0')}`,
        unitName: i % 3 === 0 ? '盘溪镇工会' : '宁州街道工会',
        cashFen: String(300 + (i % 5) * 100),
        goodsFen: i % 4 === 0 ? '100' : '',
        paidOn: `2017-01-${String((i % 28) + 1).padStart(2, '0')}`,
        recipientKind: i % 2 ? '困难职工' : '困难农民工',
      },
    })), { programId }, 'x'),
  );
  return { ledger, programId };
}

describe('payments page query', () => {
  it('pages with sort on any column and a stable tie-break, reading deep pages from the far end', () => {
    const { ledger } = ledgerWith(250);
    // Equal amounts keep id order in the sort's direction (an index is walked backwards for a descending sort).
    const all = ledger.db.prepare('SELECT p.id FROM payments p ORDER BY p.cash_fen DESC, p.id DESC').pluck().all();
    const pages: number[] = [];
    for (let offset = 0; offset < 250; offset += 40) {
      pages.push(...queryPayments(ledger, { sort: [{ field: 'cashFen', dir: 'desc' }], offset, limit: 40 }).rows.map((r) => r.id));
    }
    expect(pages).toEqual(all);
    const last = queryPayments(ledger, { sort: [{ field: 'personName', dir: 'asc' }], offset: 240, limit: 40 });
    expect(last.rows.map((r) => r.personName)).toEqual(Array.from({ length: 10 }, (_, i) => `职工${240 + i}`));
    expect(last.total).toBe(250);
    // A year sorted on an indexed column of the payment (the index is walked, the year tested on each row):
    // every page, both directions, deep pages from the far end, the same rows as SQL; F8 counts in the same order.
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) =>
      applyPaymentEdits(tx, Array.from({ length: 60 }, (_, i) => ({ cells: { personName: `职工${i}`, cashFen: String(300 + (i % 5) * 100), paidOn: '2016-05-01' } })), { programId: 1 }, 'x'));
    for (const field of ['cashFen', 'recipientKind', 'goodsFen'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        const column = { cashFen: 'cash_fen', recipientKind: 'recipient_kind', goodsFen: 'goods_fen' }[field];
        const expected = ledger.db.prepare(`SELECT id FROM payments WHERE paid_on BETWEEN '2017-01-01' AND '2017-12-31' ORDER BY ${column} ${dir}, id ${dir}`).pluck().all();
        const got: number[] = [];
        for (let offset = 0; offset < expected.length; offset += 33) got.push(...queryPayments(ledger, { year: 2017, sort: [{ field, dir }], offset, limit: 33 }).rows.map((r) => r.id));
        expect(got, `${field} ${dir}`).toEqual(expected);
        const step = nextIssue(ledger, { year: 2017, sort: [{ field, dir }] }, -1, 'any');
        if (step) expect(expected[step.index]).toBe(step.id);
      }
    }
    ledger.close();
  });

  it('sorts on joined columns (person, unit, program) with rows lacking the link in SQL NULL order', () => {
    const { ledger, programId } = ledgerWith(90);
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) =>
      applyPaymentEdits(tx, Array.from({ length: 7 }, (_, i) => ({ cells: { cashFen: String(100 + i), paidOn: '2017-03-01' } })), { programId }, 'x'),
    );
    for (const [field, expr] of [['personName', 'pe.name'], ['unitName', 'u.name'], ['idNumber', 'pe.id_number'], ['gender', 'pe.gender'], ['programName', 'pr.name']] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        const expected = ledger.db.prepare(`SELECT p.id FROM payments p LEFT JOIN people pe ON pe.id = p.person_id LEFT JOIN units u ON u.id = p.unit_id
          LEFT JOIN programs pr ON pr.id = p.program_id ORDER BY ${expr} ${dir}, p.id ${dir}`).pluck().all();
        for (const walk of [20_000, 0]) {
          QUERY_TUNING.joinWalkRows = walk;
          const got: number[] = [];
          for (let offset = 0; offset < 97; offset += 13) {
            got.push(...queryPayments(ledger, { sort: [{ field, dir }], offset, limit: 13 }).rows.map((r) => r.id));
          }
          expect(got, `${field} ${dir} walk>${walk}`).toEqual(expected);
        }
        QUERY_TUNING.joinWalkRows = 20_000;
      }
    }
    ledger.close();
  });

  it('filters by text, set, number and date, and the totals equal SQL sums over the same rows', () => {
    const { ledger } = ledgerWith(120);
    const q = {
      filters: {
        unitName: { type: 'text' as const, op: 'contains' as const, value: '盘溪' },
        cashFen: { type: 'number' as const, op: 'ge' as const, value: 50_000 },
        recipientKind: { type: 'set' as const, values: ['困难职工'] },
        paidOn: { type: 'date' as const, op: 'between' as const, value: '2017-01-05', valueTo: '2017-01-25' },
      },
    };
    const page = queryPayments(ledger, { ...q, limit: 1000 });
    const expected = ledger.db.prepare(`SELECT p.id FROM payments p JOIN units u ON u.id = p.unit_id
      WHERE u.name LIKE '%盘溪%' AND p.cash_fen >= 50000 AND p.recipient_kind = '困难职工' AND p.paid_on BETWEEN '2017-01-05' AND '2017-01-25' ORDER BY p.id`).pluck().all();
    expect(page.rows.map((r) => r.id)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(3);
    const totals = paymentTotals(ledger, q);
    const sql = ledger.db.prepare(`SELECT count(*) AS n, sum(cash_fen) AS c, sum(goods_fen) AS g, count(DISTINCT person_id) AS people FROM payments WHERE id IN (${expected.join(',')})`).get() as { n: number; c: number; g: number; people: number };
    expect(totals).toMatchObject({ rows: sql.n, cashFen: sql.c, goodsFen: sql.g, totalFen: sql.c + sql.g, people: sql.people, personTimes: sql.n });
    ledger.close();
  });

  it('finds an ID as the grid shows it, its middle hidden, and a date as clerks write it (2017.5.3, 2017年5月3日)', () => {
    // Helper 35's sweep: the grid shows 530424********9516 and 2017-05-03; copied into Find, or typed as written on paper, neither found anything.
    const { ledger, programId } = ledgerWith(5);
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [
      { cells: { personName: '李强', idNumber: '530424198001019516', cashFen: '100', paidOn: '2017-05-03' } },
      { cells: { personName: '王芳', idNumber: '530424197512030026', cashFen: '200', paidOn: '2017-05-30' } },
    ], { programId }, 'x'));
    const names = (search: string) => queryPayments(ledger, { year: 2017, search }).rows.map((r) => r.personName).sort();
    expect(names('530424********9516')).toEqual(['李强']);
    expect(names('530424****9516')).toEqual([]);
    expect(names('2017.5.3')).toEqual(['李强']);
    expect(names('2017年5月3日')).toEqual(['李强']);
    expect(names('2017/5/30')).toEqual(['王芳']);
    expect(names('2017-5-3')).toEqual(['李强']);
    expect(names('20170503')).toEqual(['李强']);
    expect(names('2017-05-03')).toEqual(['李强']);
    // In full-width digits, and a month alone: that month's payments (helper 47: nothing was found).
    expect(names('２０１７．５．３')).toEqual(['李强']);
    const may = (ledger.db.prepare("SELECT pe.name FROM payments p JOIN people pe ON pe.id = p.person_id WHERE p.paid_on LIKE '2017-05-%'").pluck().all() as string[]).sort();
    expect(may).toContain('王芳');
    for (const month of ['2017年5月', '2017.5', '２０１７年５月', '2017-05']) expect(names(month)).toEqual(may);
    // The totals read the same view.
    expect(paymentTotals(ledger, { year: 2017, search: '2017.5.3' })).toMatchObject({ rows: 1, cashFen: 10_000 });
    ledger.close();
  });

  it('finds by free text across columns (Ctrl+F) and steps to the next row with a finding (F8)', () => {
    const { ledger, programId } = ledgerWith(30);
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ cells: { personName: '职工005', cashFen: '100', paidOn: '2017-02-01' } }], { programId }, 'x'));
    expect(queryPayments(ledger, { search: '职工005' }).rows).toHaveLength(2);
    const sort = [{ field: 'personName' as const, dir: 'asc' as const }];
    const next = nextIssue(ledger, { sort }, -1, 'error');
    expect(next).not.toBeNull();
    const page = queryPayments(ledger, { sort, offset: next!.index, limit: 1 });
    expect(page.rows[0]!.id).toBe(next!.id);
    expect(page.rows[0]!.issues.some((i) => i.severity === 'error')).toBe(true);
    ledger.close();
  });

  it('a search is the same rows as LIKE over the joined columns, in every order, page and total, and follows edits', () => {
    const { ledger, programId } = ledgerWith(150);
    // Rows without a person or a unit, a note and a goods description to find, a second year.
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [
      { cells: { cashFen: '250', paidOn: '2017-03-01', note: '盘溪村委会代领' } },
      { cells: { personName: '盘溪', cashFen: '260', paidOn: '2018-03-01' } },
      { cells: { personName: '李四', cashFen: '270', paidOn: '2017-04-01', goodsDesc: '大米（盘溪粮站）' } },
    ], { programId }, 'x'));
    const reference = (search: string, year: number | null, extra = '') => ledger.db.prepare(`SELECT p.id FROM payments p
      LEFT JOIN people pe ON pe.id = p.person_id LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN programs pr ON pr.id = p.program_id
      WHERE (pe.name LIKE @s OR pe.id_number LIKE @s OR u.name LIKE @s OR pr.name LIKE @s OR pr.code LIKE @s OR p.recipient_kind LIKE @s
        OR p.category LIKE @s OR p.goods_desc LIKE @s OR p.note LIKE @s OR p.student_name LIKE @s OR p.status LIKE @s OR p.method LIKE @s OR p.paid_on LIKE @s)
        ${year === null ? '' : `AND p.paid_on BETWEEN '${year}-01-01' AND '${year}-12-31'`} ${extra} ORDER BY p.id`).pluck().all({ s: `%${search}%` }) as number[];
    // Code-list columns (kind, category, status) are searched through their few values, the date only
    // with date-like text: the same rows as the LIKE over every column.
    ledger.db.prepare("UPDATE payments SET status = '已审核' WHERE id % 7 = 0").run();
    ledger.db.prepare("UPDATE payments SET category = '因病', recipient_kind = '困难职工' WHERE id % 5 = 0").run();
    // ID numbers: a fragment of one person's (few people: their ids listed), a region prefix (many
    // people: a subquery), a lowercase x (LIKE ignores ASCII case).
    ledger.db.prepare("UPDATE people SET id_number = '5323011980' || printf('%07d', id * 7) || 'X' WHERE id % 2 = 0").run();
    const someId = ledger.db.prepare('SELECT id_number FROM people WHERE id_number IS NOT NULL ORDER BY id DESC LIMIT 1').pluck().get() as string;
    for (const [search, year] of [['盘溪', 2017], ['盘溪', null], ['职工01', 2017], ['送温暖', 2017], ['2017-01-0', null], ['没有这个', 2017],
      ['审核', null], ['登', 2017], ['因病', 2017], ['困难职', null], ['-03-', 2017], ['病', null],
      [someId.slice(-9), 2017], [someId.slice(0, 4), null], ['x', 2017]] as const) {
      const q = { search, ...(year === null ? {} : { year }) };
      const expected = reference(search, year);
      // The first page read without counting: the same rows; no count when more rows follow. A page
      // that read to the end holds the view's rows (the pages, sorts and totals below then read them).
      let held = false;
      for (const limit of [1, 7, 100]) {
        const first = firstPageOfSearch(ledger, { ...q, offset: 0, limit });
        if (held) {
          expect(first, `${search} first ${limit}`).toBeNull();
          continue;
        }
        expect(first!.rows.map((r) => r.id), `${search} first ${limit}`).toEqual(expected.slice(0, limit));
        expect(first!.total, `${search} first ${limit}`).toBe(expected.length > limit ? null : expected.length);
        held = first!.total !== null;
      }
      const page = queryPayments(ledger, { ...q, limit: 1000 });
      expect(page.rows.map((r) => r.id), search).toEqual(expected);
      expect(page.total).toBe(expected.length);
      for (const field of ['cashFen', 'personName', 'unitName', 'idNumber', 'paidOn'] as const) {
        for (const dir of ['asc', 'desc'] as const) {
          const got: number[] = [];
          for (let offset = 0; offset < expected.length; offset += 17) got.push(...queryPayments(ledger, { ...q, sort: [{ field, dir }], offset, limit: 17 }).rows.map((r) => r.id));
          expect([...got].sort((a, b) => a - b), `${search} ${field} ${dir}`).toEqual(expected);
        }
      }
      const totals = paymentTotals(ledger, q);
      const sql = expected.length === 0 ? { n: 0, c: 0, g: 0, people: 0 } : ledger.db.prepare(`SELECT count(*) AS n, sum(cash_fen) AS c, sum(goods_fen) AS g, count(DISTINCT person_id) AS people FROM payments WHERE id IN (${expected.join(',')})`).get() as { n: number; c: number; g: number; people: number };
      expect(totals, search).toMatchObject({ rows: sql.n, cashFen: sql.c ?? 0, goodsFen: sql.g ?? 0, people: sql.people });
    }
    // Not a search's (or a filter's) first page in id order, or its rows already held: the counting page query answers.
    expect(firstPageOfSearch(ledger, { year: 2017, limit: 10 })).toBeNull();
    expect(firstPageOfSearch(ledger, { year: 2017, search: '职工', offset: 10, limit: 10 })).toBeNull();
    expect(firstPageOfSearch(ledger, { year: 2017, search: '职工', sort: [{ field: 'personName', dir: 'desc' }], limit: 10 })).toBeNull();
    expect(firstPageOfSearch(ledger, { year: 2017, search: '职工', sort: [{ field: 'cashFen', dir: 'desc' }, { field: 'unitName', dir: 'asc' }], limit: 10 })).toBeNull();
    queryPayments(ledger, { year: 2017, search: '职工', limit: 10 });
    expect(firstPageOfSearch(ledger, { year: 2017, search: '职工', limit: 10 })).toBeNull();
    // With a filter as well.
    const filtered = queryPayments(ledger, { year: 2017, search: '盘溪', filters: { cashFen: { type: 'number', op: 'ge', value: 50_000 } }, limit: 1000 });
    expect(filtered.rows.map((r) => r.id)).toEqual(reference('盘溪', 2017, 'AND p.cash_fen >= 50000'));
    // The held rows follow the ledger: an edit that makes a row match shows it at once.
    const before = queryPayments(ledger, { year: 2017, search: '宁州', limit: 1000 }).total;
    const outside = ledger.db.prepare("SELECT p.id FROM payments p JOIN units u ON u.id = p.unit_id WHERE u.name = '盘溪镇工会' AND p.note IS NULL LIMIT 1").pluck().get() as number;
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id: outside, cells: { note: '宁州转来' } }], { programId }, 'x'));
    expect(queryPayments(ledger, { year: 2017, search: '宁州', limit: 1000 }).total).toBe(before + 1);
    expect(paymentTotals(ledger, { year: 2017, search: '宁州' }).rows).toBe(before + 1);
    ledger.close();
  });

  it("a column filter's first page is read without counting, and is the counting query's first page", () => {
    const { ledger } = ledgerWith(230);
    const filters: PaymentQuery['filters'][] = [
      { unitName: { type: 'text', op: 'contains', value: '盘溪' } }, { cashFen: { type: 'number', op: 'ge', value: 50_000 } }, { status: { type: 'set', values: ['登记'] } },
      { personName: { type: 'text', op: 'contains', value: '没有这个人' } },
    ];
    for (const f of filters) {
      for (const sort of [undefined, [{ field: 'cashFen', dir: 'desc' }] as PaymentQuery['sort']]) {
        const q: PaymentQuery = { year: 2017, filters: f, ...(sort ? { sort } : {}), offset: 0, limit: 20 };
        const fast = firstPageOfSearch(ledger, q);
        const counted = queryPayments(ledger, q);
        expect(fast, JSON.stringify(f)).not.toBeNull();
        expect(fast!.rows.map((r) => r.id), JSON.stringify([f, sort])).toEqual(counted.rows.map((r) => r.id));
        expect(fast!.total).toBe(counted.total > 20 ? null : counted.total);
      }
    }
    ledger.close();
  });

  it("a search's first page sorted on the payment's own columns is the counting query's first page", () => {
    const { ledger, programId } = ledgerWith(230);
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [
      { cells: { personName: '职工九九', cashFen: '500', paidOn: '2017-05-01', category: '因病', note: '职工代领' } },
      { cells: { personName: '职工九八', cashFen: '', paidOn: '2017-05-02', goodsFen: '300' } },
    ], { programId }, 'x'));
    ledger.db.prepare("UPDATE payments SET category = CASE id % 3 WHEN 0 THEN '因病' WHEN 1 THEN NULL ELSE '因灾' END").run();
    const sorts: PaymentQuery['sort'][] = [
      [{ field: 'cashFen', dir: 'desc' }], [{ field: 'cashFen', dir: 'asc' }], [{ field: 'paidOn', dir: 'asc' }],
      [{ field: 'category', dir: 'asc' }, { field: 'cashFen', dir: 'desc' }], [{ field: 'category', dir: 'desc' }], [{ field: 'goodsFen', dir: 'desc' }],
    ];
    for (const [i, sort] of sorts.entries()) {
      // Another search each time (the same rows): a view already held goes to the counting query.
      const search = i % 2 ? '职工' : '工会';
      for (const limit of [1, 13]) {
        const q: PaymentQuery = { year: 2017, search: `${search}${' '.repeat(i)}`, sort, offset: 0, limit };
        const fast = firstPageOfSearch(ledger, q);
        expect(fast, JSON.stringify(sort)).not.toBeNull();
        expect(fast!.total).toBeNull();
        ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id: 1, cells: { note: `改${i}${limit}` } }], { programId }, 'x'));
        const counted = queryPayments(ledger, q);
        expect(fast!.rows.map((r) => r.id), `${JSON.stringify(sort)} ${limit}`).toEqual(counted.rows.map((r) => r.id));
        ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ id: 1, cells: { note: `再改${i}${limit}` } }], { programId }, 'x'));
      }
    }
    ledger.close();
  });

  it('accepts only whitelisted fields; values with SQL in them are plain values and change nothing', () => {
    const { ledger } = ledgerWith(20);
    const before = dumpTables(ledger);
    expect(() => queryPayments(ledger, { sort: [{ field: 'cash_fen; DROP TABLE payments' as never, dir: 'asc' }] })).toThrow(LedgerError);
    expect(() => queryPayments(ledger, { filters: { ['1=1 OR x' as never]: { type: 'text', op: 'equals', value: 'x' } } })).toThrow(LedgerError);
    expect(() => queryPayments(ledger, { sort: [{ field: 'cashFen', dir: 'desc; DROP TABLE payments' as never }] })).toThrow(LedgerError);
    const evil = ["'; DROP TABLE payments; --", "%' OR '1'='1", '\\', '_%'];
    for (const field of PAYMENT_QUERY_FIELDS) {
      for (const value of evil) {
        const r = queryPayments(ledger, { filters: { [field]: { type: 'text', op: 'contains', value } }, search: value });
        expect(r.rows).toHaveLength(0);
      }
    }
    expect(dumpTables(ledger)).toEqual(before);
    ledger.close();
  });

  it('SQL injection through every field, every filter type and op, every sort, the search and the paging changes nothing', () => {
    const { ledger } = ledgerWith(30);
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) =>
      applyPaymentEdits(tx, [{ cells: { personName: "O'Brien", note: "'; DROP TABLE payments; --", cashFen: '1', paidOn: '2017-05-01' } }], {}, 'x'));
    const before = dumpTables(ledger);
    const schema = () => ledger.db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();
    const schemaBefore = schema();
    const evil = [
      "'; DROP TABLE payments; --", "' OR '1'='1", "%' OR 1=1 --", '1; DELETE FROM people', "\\'", '_%', '%', ')) OR ((1=1',
      "2017-01-01' OR '1'='1", '1 OR 1=1', '0x41', "'||(SELECT name FROM sqlite_master LIMIT 1)||'", '\u0000', '; ATTACH DATABASE \'/tmp/x.db\' AS x; --',
    ];
    const textOps = ['contains', 'equals', 'notEqual', 'startsWith', 'endsWith', 'notContains', 'blank', 'notBlank'] as const;
    const numberOps = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'between', 'blank', 'notBlank'] as const;
    const dateOps = ['eq', 'lt', 'le', 'gt', 'ge', 'between', 'blank', 'notBlank'] as const;
    let queries = 0;
    const run = (q: PaymentQuery) => {
      queries++;
      try {
        const page = queryPayments(ledger, q);
        paymentTotals(ledger, q);
        nextIssue(ledger, q, -1, 'any');
        return page;
      } catch (e) {
        // A value of the wrong type may be refused — as a LedgerError, never as SQL.
        expect(e, JSON.stringify(q)).toBeInstanceOf(LedgerError);
        return null;
      }
    };
    for (const field of PAYMENT_QUERY_FIELDS) {
      for (const value of evil) {
        const filters: FieldFilter[] = [
          ...textOps.map((op) => ({ type: 'text' as const, op, value })),
          ...numberOps.map((op) => ({ type: 'number' as const, op, value: value as never, valueTo: value as never })),
          ...dateOps.map((op) => ({ type: 'date' as const, op, value, valueTo: value })),
          { type: 'set', values: [value, null] },
          { type: 'set', values: [value] },
        ];
        for (const f of filters) {
          run({ filters: { [field]: f } });
        }
        for (const dir of ['asc', 'desc'] as const) run({ sort: [{ field, dir }], search: value, filters: { [field]: { type: 'text', op: 'contains', value } } });
        run({ sort: [{ field, dir: value as never }] });
        run({ year: value as never, offset: value as never, limit: value as never, search: value });
      }
    }
    for (const value of evil) {
      run({ sort: [{ field: value as never, dir: 'asc' }] });
      run({ filters: { [value]: { type: 'text', op: 'equals', value: 'x' } } as never });
      for (const type of ['text', 'number', 'date', value]) {
        expect(run({ filters: { cashFen: { type, op: value, value, values: value } as never } }), `${type} ${value}`).toBeNull();
      }
      expect(run({ filters: { status: { type: 'set', values: [{ sql: value }] } as never } })).toBeNull();
    }
    expect(queries).toBeGreaterThan(PAYMENT_QUERY_FIELDS.length * evil.length * 30);
    expect(dumpTables(ledger)).toEqual(before);
    expect(schema()).toEqual(schemaBefore);
    // The row whose note IS the injection text is found as plain text.
    expect(queryPayments(ledger, { filters: { note: { type: 'text', op: 'equals', value: "'; DROP TABLE payments; --" } } }).rows.map((r) => r.personName)).toEqual(["O'Brien"]);
    expect(queryPayments(ledger, { search: "O'Brien" }).total).toBe(1);
    ledger.close();
  });
});
