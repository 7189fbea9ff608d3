/**
 * Column filters against an independent reference: every field the grid filters, every operator, with
 * payments lacking a person or a unit and linked columns holding NULL; each under every plan the core
 * may choose (read through a short index or a scan; a first page by walking the sort's index, by a
 * rank of the linked rows, or by one pass), all of which must give the rows and the order of the
 * counting query.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { QUERY_TUNING, countPayments, firstPageOfSearch, paymentTotals, queryPayments } from '../../electron/core/queries/payments.ts';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import type { FieldFilter, PaymentQuery, PaymentQueryField } from '../../shared/payments.ts';
import { makeIdNumber } from '../bench/generate.ts';
import { tempLedger } from '../helpers/ledger.ts';

const DEFAULT_TUNING = { ...QUERY_TUNING };
afterEach(() => Object.assign(QUERY_TUNING, DEFAULT_TUNING));

function build() {
  const ledger = tempLedger();
  const tx = { kind: 't', label: 't', source: 'keyed' as const };
  const spring = ledger.run({ ...tx, source: 'system' }, (t) => createProgram(t, { code: 'P1', name: '2017年春节送温暖', year: 2017, kind: '送温暖' }));
  const school = ledger.run({ ...tx, source: 'system' }, (t) => createProgram(t, { code: 'P2', name: '2017年金秋助学', year: 2017, kind: '金秋助学' }));
  // Two programs of one name (another year's code): their rows sort together, by id.
  const again = ledger.run({ ...tx, source: 'system' }, (t) => createProgram(t, { code: 'P3', name: '2017年春节送温暖', year: 2016, kind: '送温暖' }));
  const programs = [spring, school, again];
  for (let i = 0; i < 150; i++) {
    const cells: Record<string, string> = {
      cashFen: i % 11 === 0 ? '' : String(200 + (i % 6) * 100),
      goodsFen: i % 4 === 0 ? '150' : '',
      paidOn: `${i % 5 === 0 ? 2016 : 2017}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    };
    if (i % 9 !== 0) cells.personName = `职工${String(i % 37).padStart(3, '0')}`;
    if (i % 9 !== 0 && i % 37 < 20) cells.idNumber = makeIdNumber('530424', `19${60 + (i % 37)}0${(i % 9) + 1}15`, i % 37, i % 2 === 0);
    if (i % 3 !== 0) cells.unitName = ['盘溪镇工会', '宁州街道工会', '华溪镇工会联合会'][i % 4 % 3]!;
    if (i % 2) cells.recipientKind = i % 4 === 1 ? '困难职工' : '困难农民工';
    if (i % 5 !== 2) cells.category = ['因病', '因灾', '因学'][i % 3]!;
    if (i % 7 === 3) cells.note = `住院${i}`;
    if (i % 13 === 1) cells.goodsDesc = '大米一袋';
    ledger.run(tx, (t) => applyPaymentEdits(t, [{ cells }], { programId: programs[i % 3]! }, 'x'));
  }
  // Households of two or three people each, and people in none (a count of households counts each once).
  ledger.db.exec(`INSERT INTO households (id, file_no, created_at, updated_at) SELECT id, 'h' || id, '2017-01-01', '2017-01-01' FROM people WHERE id % 3 = 0;
    UPDATE people SET household_id = (SELECT max(h.id) FROM households h WHERE h.id <= people.id) WHERE id % 5 <> 1;`);
  return ledger;
}

type Row = Record<PaymentQueryField, string | number | null> & { id: number; householdId: number | null };

/** Every payment with its linked columns, read plainly (LEFT JOINs, no index tricks). */
function allRows(ledger: ReturnType<typeof tempLedger>): Row[] {
  return ledger.db.prepare(`SELECT p.id, p.program_id AS programId, pr.code AS programCode, pr.name AS programName, pr.kind AS programKind,
      p.person_id AS personId, pe.name AS personName, pe.id_number AS idNumber, pe.gender, u.name AS unitName, p.paid_on AS paidOn,
      p.cash_fen AS cashFen, p.goods_fen AS goodsFen, p.cash_fen + p.goods_fen AS totalFen, p.goods_desc AS goodsDesc,
      p.recipient_kind AS recipientKind, p.category, p.method, p.status, p.clerk, p.approver, p.note, p.student_name AS studentName,
      p.import_batch_id AS importBatchId, pe.household_id AS householdId
    FROM payments p LEFT JOIN programs pr ON pr.id = p.program_id LEFT JOIN people pe ON pe.id = p.person_id LEFT JOIN units u ON u.id = p.unit_id`).all() as Row[];
}

/**
 * What a filter keeps, written from its meaning (SQL NULL fails every test but blank/IS NULL and the "not"
 * tests). An amount is never blank in the grid's sense of NULL: 空白 is an amount not given, 0.
 */
function keeps(f: FieldFilter, v: string | number | null, field?: PaymentQueryField): boolean {
  if (f.type === 'number' && (field === 'cashFen' || field === 'goodsFen' || field === 'totalFen') && (f.op === 'blank' || f.op === 'notBlank')) return (v === 0) === (f.op === 'blank');
  if (f.type === 'set') return f.values.some((x) => (x === null ? v === null : v !== null && String(v) === String(x)));
  if (f.type === 'text') {
    const s = v === null ? null : String(v);
    const t = f.value ?? '';
    switch (f.op) {
      case 'contains': return s !== null && s.includes(t);
      case 'notContains': return s === null || !s.includes(t);
      case 'startsWith': return s !== null && s.startsWith(t);
      case 'endsWith': return s !== null && s.endsWith(t);
      case 'equals': return s === t;
      case 'notEqual': return s === null || s !== t;
      case 'blank': return s === null || s === '';
      case 'notBlank': return s !== null && s !== '';
    }
  }
  if (f.op === 'blank') return v === null;
  if (f.op === 'notBlank') return v !== null;
  if (v === null) return false;
  const a = f.value as number | string;
  switch (f.op) {
    case 'eq': return v === a;
    case 'ne': return v !== a;
    case 'lt': return v < a;
    case 'le': return v <= a;
    case 'gt': return v > a;
    case 'ge': return v >= a;
    case 'between': return v >= a && v <= (f.valueTo as number | string);
  }
  return false;
}

function compareRows(a: Row, b: Row, sort: NonNullable<PaymentQuery['sort']>): number {
  for (const { field, dir } of sort) {
    const x = a[field];
    const y = b[field];
    const c = x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
    if (c !== 0) return dir === 'asc' ? c : -c;
  }
  return (sort[0]?.dir ?? 'asc') === 'asc' ? a.id - b.id : b.id - a.id;
}

const TEXT_FIELDS: PaymentQueryField[] = ['programCode', 'programName', 'programKind', 'personName', 'idNumber', 'gender', 'unitName', 'goodsDesc', 'recipientKind', 'category', 'method', 'status', 'note'];

function filtersFor(field: PaymentQueryField, rows: Row[]): FieldFilter[] {
  const present = [...new Set(rows.map((r) => r[field]).filter((v) => v !== null))].sort();
  const some = present[Math.floor(present.length / 2)];
  if (field === 'cashFen' || field === 'goodsFen' || field === 'totalFen' || field === 'id' || field === 'personId' || field === 'programId') {
    const n = (some as number | undefined) ?? 0;
    return [
      { type: 'number', op: 'eq', value: n }, { type: 'number', op: 'ne', value: n }, { type: 'number', op: 'ge', value: n }, { type: 'number', op: 'lt', value: n },
      { type: 'number', op: 'between', value: n, valueTo: n + 20_000 }, { type: 'number', op: 'blank' }, { type: 'number', op: 'notBlank' },
      { type: 'set', values: present.slice(0, 2).map(String) },
    ];
  }
  if (field === 'paidOn') {
    return [{ type: 'date', op: 'between', value: '2017-03-01', valueTo: '2017-06-30' }, { type: 'date', op: 'ge', value: '2017-06-01' }, { type: 'date', op: 'eq', value: String(some) }, { type: 'date', op: 'ne', value: String(some) }];
  }
  const text = String(some ?? '无');
  const part = [...text].slice(1, 3).join('') || text;
  return [
    { type: 'text', op: 'contains', value: part }, { type: 'text', op: 'notContains', value: part },
    { type: 'text', op: 'startsWith', value: [...text].slice(0, 2).join('') }, { type: 'text', op: 'endsWith', value: [...text].slice(-2).join('') },
    { type: 'text', op: 'equals', value: text }, { type: 'text', op: 'notEqual', value: text }, { type: 'text', op: 'blank' }, { type: 'text', op: 'notBlank' },
    { type: 'text', op: 'contains', value: '没有这样的字' },
    { type: 'set', values: [text] }, { type: 'set', values: [text, null] }, { type: 'set', values: [null] },
  ];
}

/** The plans a filtered view can take on this small ledger: SQLite's own, a short index, never an index; walks that fill or give up. */
const PLANS = [
  { driverRows: 30_000, sortWalkRows: 20_000, rankedLinkRows: 2000 },
  { driverRows: 0, sortWalkRows: 3, rankedLinkRows: 0 },
  { driverRows: 25, sortWalkRows: 40, rankedLinkRows: 2000 },
];

describe('column filters', () => {
  it('every field and operator keeps the rows its meaning keeps, with or without a year, under every plan', () => {
    const ledger = build();
    const rows = allRows(ledger);
    expect(rows.some((r) => r.personId === null) && rows.some((r) => r.unitName === null) && rows.some((r) => r.personName !== null && r.idNumber === null)).toBe(true);
    expect(new Set(rows.map((r) => r.householdId)).size).toBeGreaterThan(5);
    const problems: string[] = [];
    let checked = 0;
    for (const plan of PLANS) {
      Object.assign(QUERY_TUNING, plan);
      for (const field of [...TEXT_FIELDS, 'paidOn', 'cashFen', 'goodsFen', 'totalFen', 'personId', 'programId'] as PaymentQueryField[]) {
        for (const f of filtersFor(field, rows)) {
          for (const year of [undefined, 2017]) {
            const q: PaymentQuery = { filters: { [field]: f }, ...(year ? { year } : {}) };
            const expected = rows.filter((r) => (!year || String(r.paidOn).startsWith(String(year))) && keeps(f, r[field], field)).map((r) => r.id).sort((a, b) => a - b);
            const got = queryPayments(ledger, { ...q, limit: 1000 }).rows.map((r) => r.id);
            const label = JSON.stringify({ plan, field, f, year });
            if (JSON.stringify(got) !== JSON.stringify(expected)) problems.push(`rows ${label}: ${got.length} vs ${expected.length}`);
            if (countPayments(ledger, q) !== expected.length) problems.push(`count ${label}`);
            const totals = paymentTotals(ledger, q);
            const kept = rows.filter((r) => expected.includes(r.id));
            const cash = kept.reduce((s, r) => s + Number(r.cashFen), 0);
            const people = new Set(kept.map((r) => r.personId).filter((id) => id !== null));
            const households = new Set(kept.map((r) => r.householdId).filter((id) => id !== null));
            if (totals.rows !== expected.length || totals.cashFen !== cash || totals.people !== people.size || totals.households !== households.size) {
              problems.push(`totals ${label}: ${JSON.stringify(totals)} vs ${JSON.stringify({ rows: expected.length, cash, people: people.size, households: households.size })}`);
            }
            checked++;
          }
        }
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(checked).toBeGreaterThan(400);
    ledger.close();
  });

  it("a filter's first page is the counting query's first page in every sort and plan", () => {
    const ledger = build();
    const rows = allRows(ledger);
    const filters: PaymentQuery['filters'][] = [
      { unitName: { type: 'text', op: 'contains', value: '溪镇' } },
      { unitName: { type: 'text', op: 'notContains', value: '盘溪' } },
      { personName: { type: 'text', op: 'contains', value: '职工01' } },
      { cashFen: { type: 'number', op: 'ge', value: 40_000 } },
      { category: { type: 'set', values: ['因病', null] } },
      { recipientKind: { type: 'set', values: ['困难职工'] }, unitName: { type: 'text', op: 'notBlank' } },
      { programName: { type: 'text', op: 'equals', value: '2017年春节送温暖' } },
      { note: { type: 'text', op: 'contains', value: '住院' } },
      { gender: { type: 'set', values: ['女'] } },
    ];
    const sorts: PaymentQuery['sort'][] = [
      [], [{ field: 'category', dir: 'asc' }], [{ field: 'category', dir: 'desc' }], [{ field: 'cashFen', dir: 'desc' }], [{ field: 'goodsFen', dir: 'asc' }],
      [{ field: 'paidOn', dir: 'asc' }], [{ field: 'note', dir: 'desc' }], [{ field: 'unitName', dir: 'asc' }], [{ field: 'unitName', dir: 'desc' }],
      [{ field: 'programName', dir: 'asc' }, { field: 'cashFen', dir: 'desc' }], [{ field: 'programKind', dir: 'desc' }], [{ field: 'programCode', dir: 'asc' }],
      [{ field: 'recipientKind', dir: 'asc' }, { field: 'paidOn', dir: 'desc' }], [{ field: 'personName', dir: 'asc' }],
    ];
    const problems: string[] = [];
    let fast = 0;
    for (const plan of PLANS) {
      Object.assign(QUERY_TUNING, plan);
      for (const f of filters) {
        for (const sort of sorts) {
          for (const limit of [1, 7, 400]) {
            const q: PaymentQuery = { year: 2017, filters: f, sort, offset: 0, limit };
            const label = JSON.stringify({ plan, f, sort, limit });
            if (limit === 7) {
              // Every page of the view, in the order its meaning gives (SQL's: NULL first ascending, ties by id in the first sort's direction).
              const kept = rows.filter((r) => String(r.paidOn).startsWith('2017') && Object.entries(f!).every(([k, v]) => keeps(v!, r[k as PaymentQueryField], k as PaymentQueryField)));
              const expected = kept.sort((a, b) => compareRows(a, b, sort ?? [])).map((r) => r.id);
              const paged: number[] = [];
              for (let offset = 0; offset < expected.length; offset += 7) paged.push(...queryPayments(ledger, { ...q, offset }).rows.map((r) => r.id));
              if (JSON.stringify(paged) !== JSON.stringify(expected)) problems.push(`pages ${label}`);
            }
            const first = firstPageOfSearch(ledger, q);
            const counted = queryPayments(ledger, q);
            if (first === null) {
              // A person's column, or a linked table longer than a list of ranks, takes the counting query.
              const linked = ['unitName', 'programName', 'programKind', 'programCode'].includes(sort?.[0]?.field ?? '');
              if (!sort?.some((s) => s.field === 'personName') && !(linked && plan.rankedLinkRows === 0)) problems.push(`no first page ${label}`);
              continue;
            }
            fast++;
            if (JSON.stringify(first.rows.map((r) => r.id)) !== JSON.stringify(counted.rows.map((r) => r.id))) problems.push(`order ${label}`);
            if (first.total !== (counted.total > limit ? null : counted.total)) problems.push(`total ${label}`);
          }
        }
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(fast).toBeGreaterThan(800);
    expect(rows.length).toBe(150);
    ledger.close();
  });

  it('a filter whose value is not of its column\'s kind (the contract allows it) keeps the column\'s own comparison under every plan', () => {
    const ledger = build();
    // The column's comparison as SQLite makes it with the value bound as the core binds it (a JS number binds as a
    // real: 2017.0 against a date as text is '2017.0').
    const cases: { q: PaymentQuery; where: string; params: unknown[] }[] = [
      { q: { filters: { programId: { type: 'text', op: 'equals', value: '1' }, category: { type: 'set', values: ['因病'] } } }, where: 'p.program_id = ? AND p.category = ?', params: ['1', '因病'] },
      { q: { year: 2017, filters: { personId: { type: 'text', op: 'equals', value: '3' } } }, where: "p.person_id = ? AND p.paid_on LIKE '2017%'", params: ['3'] },
      { q: { filters: { cashFen: { type: 'text', op: 'equals', value: '30000' }, recipientKind: { type: 'set', values: ['困难职工'] } } }, where: 'p.cash_fen = ? AND p.recipient_kind = ?', params: ['30000', '困难职工'] },
      { q: { filters: { paidOn: { type: 'number', op: 'lt', value: 2017 } } }, where: 'p.paid_on < ?', params: [2017] },
    ];
    for (const plan of PLANS) {
      Object.assign(QUERY_TUNING, plan);
      for (const { q, where, params } of cases) {
        const expected = ledger.db.prepare(`SELECT p.id FROM payments p WHERE ${where} ORDER BY p.id`).pluck().all(...params);
        expect(expected.length, where).toBeGreaterThan(0);
        expect(queryPayments(ledger, { ...q, limit: 1000 }).rows.map((r) => r.id), `${where} ${JSON.stringify(plan)}`).toEqual(expected);
        expect(countPayments(ledger, q)).toBe(expected.length);
        expect(paymentTotals(ledger, q).rows).toBe(expected.length);
      }
    }
    ledger.close();
  });

  it('a text filter finds Simplified and Traditional alike, as the Find box does', () => {
    const ledger = build();
    const tx = { kind: 't', label: 't', source: 'keyed' as const };
    ledger.run(tx, (t) => applyPaymentEdits(t, [
      { cells: { personName: '陳建國', unitName: '寧州街道工會', cashFen: '100', paidOn: '2017-05-01', note: '住院醫療' } },
      { cells: { personName: '陈建国', unitName: '宁州街道工会', cashFen: '100', paidOn: '2017-05-02' } },
    ], { programId: 1 }, 'x'));
    const ids = (q: PaymentQuery) => queryPayments(ledger, { year: 2017, ...q, limit: 1000 }).rows.map((r) => r.id);
    const sql = (where: string) => ledger.db.prepare(`SELECT p.id FROM payments p LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN people pe ON pe.id = p.person_id WHERE p.paid_on LIKE '2017%' AND ${where} ORDER BY p.id`).pluck().all();
    for (const plan of PLANS) {
      Object.assign(QUERY_TUNING, plan);
      const both = sql("u.name IN ('寧州街道工會', '宁州街道工会')");
      expect(both.length).toBeGreaterThan(2);
      expect(ids({ filters: { unitName: { type: 'text', op: 'contains', value: '宁州' } } })).toEqual(both);
      expect(ids({ filters: { unitName: { type: 'text', op: 'startsWith', value: '寧州街' } } })).toEqual(both);
      expect(ids({ filters: { unitName: { type: 'text', op: 'equals', value: '宁州街道工会' } } })).toEqual(both);
      expect(ids({ filters: { unitName: { type: 'text', op: 'notEqual', value: '宁州街道工会' } } })).toEqual(sql("(u.name IS NULL OR u.name NOT IN ('寧州街道工會', '宁州街道工会'))"));
      expect(ids({ filters: { personName: { type: 'text', op: 'endsWith', value: '建国' } } })).toEqual(sql("pe.name IN ('陳建國', '陈建国')"));
      expect(ids({ filters: { note: { type: 'text', op: 'contains', value: '医疗' } } })).toEqual(sql("p.note = '住院醫療'"));
      expect(ids({ filters: { note: { type: 'text', op: 'notContains', value: '医疗' } } })).toEqual(sql("(p.note IS NULL OR p.note <> '住院醫療')"));
    }
    ledger.close();
  });

  it('reads a short filter through its index and a long one by a scan of the table', () => {
    const ledger = build();
    /** The plan SQLite takes for the view's count, as the core asks for it. */
    const planOf = (q: PaymentQuery): string => {
      let asked: { sql: string; params: unknown[] } | undefined;
      const stmt = ledger.stmt.bind(ledger);
      (ledger as { stmt: unknown }).stmt = (sql: string) => {
        const s = stmt(sql);
        if (!sql.startsWith('SELECT count(*) AS n')) return s;
        return { get: (...params: unknown[]) => ((asked = { sql, params }), s.get(...params)) };
      };
      try {
        countPayments(ledger, q);
      } finally {
        (ledger as { stmt: unknown }).stmt = stmt;
      }
      return (ledger.db.prepare(`EXPLAIN QUERY PLAN ${asked!.sql}`).all(...asked!.params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    };
    const unit = { year: 2017, filters: { unitName: { type: 'text', op: 'equals', value: '华溪镇工会联合会' } } } satisfies PaymentQuery;
    const unitRows = countPayments(ledger, { filters: unit.filters });
    expect(unitRows).toBeGreaterThan(10);
    QUERY_TUNING.driverRows = unitRows;
    expect(planOf(unit)).toMatch(/SEARCH p USING (COVERING )?INDEX payments_unit/);
    QUERY_TUNING.driverRows = unitRows - 1;
    expect(planOf({ ...unit, filters: { ...unit.filters } })).toMatch(/^SCAN p\b/);
    // The year alone is short here: its date index reads the view, the unit tested on each row.
    QUERY_TUNING.driverRows = 1000;
    const kind = { year: 2017, filters: { recipientKind: { type: 'set', values: ['困难职工', '困难农民工'] } } } satisfies PaymentQuery;
    expect(planOf(kind)).toMatch(/payments_paid_on|payments_kind/);
    QUERY_TUNING.driverRows = 0;
    expect(planOf({ ...kind, filters: { ...kind.filters } })).toMatch(/^SCAN p\b/);
    ledger.close();
  });
});
