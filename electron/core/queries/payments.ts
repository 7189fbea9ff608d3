/**
 * The payments page query and its totals, for the grid, the CLI and the forms.
 * Sort and filter fields come from a whitelist that maps each to one SQL
 * expression; every value is a bound parameter, never part of the SQL text.
 */
import { NUMERIC_QUERY_FIELDS, PAYMENT_QUERY_FIELDS, type FieldFilter, type PaymentIssueView, type PaymentQuery, type PaymentQueryField, type PaymentRow, type PaymentTotals } from '../../../shared/payments.ts';
import { parseAmount } from '../../../shared/domain/money.ts';
import { parseDate, parseYearMonth } from '../../../shared/domain/dates.ts';
import { toHalfWidth } from '../../../shared/domain/text.ts';
import { maskedIdParts } from '../../../shared/domain/residentId.ts';
import { LedgerError } from '../errors.ts';
import { hasVariants, variantGlob } from './chineseVariants.ts';
import type { Ledger } from '../ledger.ts';

/** Each field's SQL expression and which joins it needs. */
const FIELDS: Record<PaymentQueryField, { sql: string; join?: 'program' | 'person' | 'unit' }> = {
  id: { sql: 'p.id' },
  programId: { sql: 'p.program_id' },
  programCode: { sql: 'pr.code', join: 'program' },
  programName: { sql: 'pr.name', join: 'program' },
  programKind: { sql: 'pr.kind', join: 'program' },
  personId: { sql: 'p.person_id' },
  personName: { sql: 'pe.name', join: 'person' },
  idNumber: { sql: 'pe.id_number', join: 'person' },
  gender: { sql: 'pe.gender', join: 'person' },
  unitName: { sql: 'u.name', join: 'unit' },
  paidOn: { sql: 'p.paid_on' },
  cashFen: { sql: 'p.cash_fen' },
  goodsFen: { sql: 'p.goods_fen' },
  totalFen: { sql: '(p.cash_fen + p.goods_fen)' },
  goodsDesc: { sql: 'p.goods_desc' },
  recipientKind: { sql: 'p.recipient_kind' },
  category: { sql: 'p.category' },
  method: { sql: 'p.method' },
  status: { sql: 'p.status' },
  clerk: { sql: 'p.clerk' },
  approver: { sql: 'p.approver' },
  note: { sql: 'p.note' },
  studentName: { sql: 'p.student_name' },
  importBatchId: { sql: 'p.import_batch_id' },
  issueLevel: {
    sql: `(CASE WHEN EXISTS (SELECT 1 FROM payment_issues i WHERE i.payment_id = p.id AND i.severity = 'error') THEN 'error'
      WHEN EXISTS (SELECT 1 FROM payment_issues i WHERE i.payment_id = p.id) THEN 'warn' ELSE 'ok' END)`,
  },
};

/** Every column the grid shows that holds text (the amounts are searched as amounts, below). */
const SEARCH_FIELDS: PaymentQueryField[] = ['personName', 'idNumber', 'gender', 'unitName', 'programName', 'programCode', 'recipientKind', 'category', 'goodsDesc', 'note', 'studentName', 'status', 'method', 'paidOn'];

const JOINS = {
  program: 'LEFT JOIN programs pr ON pr.id = p.program_id',
  person: 'LEFT JOIN people pe ON pe.id = p.person_id',
  unit: 'LEFT JOIN units u ON u.id = p.unit_id',
} as const;

function field(name: string): (typeof FIELDS)[PaymentQueryField] {
  if (!(PAYMENT_QUERY_FIELDS as readonly string[]).includes(name)) {
    throw new LedgerError('invalid_input', `不能按“${name}”排序或筛选`);
  }
  return FIELDS[name as PaymentQueryField];
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

interface Where {
  clauses: string[];
  params: unknown[];
  joins: Set<keyof typeof JOINS>;
  /** The view's ids are held in temp.view_rows (whereOf): queries start from them. */
  narrowed?: boolean;
  /**
   * Clauses an index could read the view through: `plain` is the test on the bare column, `off`
   * the same test with the index turned off (a unary +); planWhere puts one in `clauses[clause]`.
   */
  drivers: { clause: number; plain: string; off: string; params: unknown[] }[];
  /** The rows (at most QUERY_TUNING.driverRows) of the index planWhere chose to read the view through, if it chose one. */
  drivenRows?: number;
}

const FILTER_OPS: Record<Exclude<FieldFilter['type'], 'set'>, readonly string[]> = {
  text: ['contains', 'notContains', 'startsWith', 'endsWith', 'equals', 'notEqual', 'blank', 'notBlank'],
  number: ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'between', 'blank', 'notBlank'],
  date: ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'between', 'blank', 'notBlank'],
};

/** Only known filter shapes reach the SQL builder (the IPC also validates; this is the core's own guard). */
function checkFilter(name: string, f: FieldFilter): void {
  const bad = () => new LedgerError('invalid_input', `“${name}”的筛选条件无效`);
  if (typeof f !== 'object' || f === null) throw bad();
  if (f.type === 'set') {
    if (!Array.isArray(f.values) || !f.values.every((v) => v === null || typeof v === 'string' || typeof v === 'number')) throw bad();
    return;
  }
  if (!Object.hasOwn(FILTER_OPS, f.type) || !FILTER_OPS[f.type].includes(f.op)) throw bad();
}

/** A filter's test on one SQL expression (the payment's own column, or a linked table's column in a subquery). */
function conditionOf(e: string, f: FieldFilter, numeric: boolean): { sql: string; params: unknown[] } {
  switch (f.type) {
    case 'set': {
      const values = f.values.filter((v): v is string => v !== null);
      const parts: string[] = [];
      if (values.length > 0) parts.push(`${e} IN (${values.map(() => '?').join(', ')})`);
      if (f.values.includes(null)) parts.push(`${e} IS NULL`);
      return { sql: parts.length ? `(${parts.join(' OR ')})` : '0', params: values.map((v) => (numeric ? Number(v) : v)) };
    }
    case 'text': {
      const v = f.value ?? '';
      // Text with characters of another form (Simplified/Traditional) matches either, as the Find box does:
      // 工作单位 包含 宁州 finds 寧州街道工會. A GLOB of each character's forms, anchored as the test asks.
      if (hasVariants(v) && f.op !== 'blank' && f.op !== 'notBlank') {
        const any = variantGlob(v);
        const pattern = f.op === 'startsWith' ? any.slice(1) : f.op === 'endsWith' ? any.slice(0, -1) : f.op === 'equals' || f.op === 'notEqual' ? any.slice(1, -1) : any;
        const negated = f.op === 'notContains' || f.op === 'notEqual';
        return { sql: negated ? `(${e} IS NULL OR NOT (${e} GLOB ?))` : `${e} GLOB ?`, params: [pattern] };
      }
      switch (f.op) {
        case 'contains': return { sql: `${e} LIKE ? ESCAPE '\\'`, params: [`%${escapeLike(v)}%`] };
        case 'notContains': return { sql: `(${e} IS NULL OR ${e} NOT LIKE ? ESCAPE '\\')`, params: [`%${escapeLike(v)}%`] };
        case 'startsWith': return { sql: `${e} LIKE ? ESCAPE '\\'`, params: [`${escapeLike(v)}%`] };
        case 'endsWith': return { sql: `${e} LIKE ? ESCAPE '\\'`, params: [`%${escapeLike(v)}`] };
        case 'equals': return { sql: `${e} = ?`, params: [v] };
        case 'notEqual': return { sql: `(${e} IS NULL OR ${e} <> ?)`, params: [v] };
        case 'blank': return { sql: `(${e} IS NULL OR ${e} = '')`, params: [] };
        case 'notBlank': return { sql: `(${e} IS NOT NULL AND ${e} <> '')`, params: [] };
      }
      break;
    }
    case 'number':
    case 'date': {
      const ops: Record<string, string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };
      if (f.op === 'blank') return { sql: `${e} IS NULL`, params: [] };
      if (f.op === 'notBlank') return { sql: `${e} IS NOT NULL`, params: [] };
      if (f.op === 'between') return { sql: `${e} BETWEEN ? AND ?`, params: [f.value ?? null, f.valueTo ?? null] };
      return { sql: `${e} ${ops[f.op]} ?`, params: [f.value ?? null] };
    }
  }
  throw new LedgerError('invalid_input', '筛选条件无效');
}

/**
 * Whether a filter holds for a row whose value is NULL (a payment without a person, unit or
 * program), of the tests left once notContains and notEqual are turned into NOT (filterClause).
 */
function holdsForNull(f: FieldFilter): boolean {
  return f.type === 'set' ? f.values.includes(null) : f.op === 'blank';
}

/** Whether SQLite can read a filter's rows from the column's index (a LIKE, <> or IS NULL test it cannot, or not well). */
function readsThroughIndex(f: FieldFilter): boolean {
  if (f.type === 'set') return !f.values.includes(null) && f.values.length > 0;
  if (f.type === 'text') return f.op === 'equals' && !hasVariants(f.value ?? '');
  return f.op !== 'ne' && f.op !== 'blank' && f.op !== 'notBlank';
}

/** The payment's own columns with an index that a filter on them can be read through. */
const INDEXED_OWN = new Set(['p.id', 'p.program_id', 'p.person_id', 'p.paid_on', 'p.cash_fen', 'p.goods_fen', 'p.recipient_kind', 'p.category', 'p.status', 'p.import_batch_id']);
/** Fields the date index (paid_on, person_id, cash_fen, goods_fen) holds: a year filtered on them alone is read from that index. */
const IN_DATE_INDEX = new Set<PaymentQueryField>(['id', 'personId', 'paidOn', 'cashFen', 'goodsFen', 'totalFen']);

/** Money columns: never NULL; an amount not given is 0 (shown 0.00). */
const MONEY_QUERY_FIELDS = new Set<PaymentQueryField>(['cashFen', 'goodsFen', 'totalFen']);

function filterClause(name: PaymentQueryField, filter: FieldFilter, w: Where): void {
  checkFilter(name, filter);
  // 慰问品 空白 is a payment without goods: its amount is 0, never NULL (空白 matched nothing).
  const f: FieldFilter = MONEY_QUERY_FIELDS.has(name) && filter.type === 'number' && (filter.op === 'blank' || filter.op === 'notBlank')
    ? { type: 'number', op: filter.op === 'blank' ? 'eq' : 'ne', value: 0 }
    : filter;
  if (name === 'issueLevel' && f.type === 'set') {
    // Driven by the findings table (few rows) instead of a probe per payment.
    const parts: string[] = [];
    const errors = "SELECT payment_id FROM payment_issues WHERE severity = 'error'";
    const any = 'SELECT payment_id FROM payment_issues';
    if (f.values.includes('error')) parts.push(`p.id IN (${errors})`);
    if (f.values.includes('warn')) parts.push(`(p.id IN (SELECT payment_id FROM payment_issues WHERE severity = 'warn') AND p.id NOT IN (${errors}))`);
    if (f.values.includes('ok')) parts.push(`p.id NOT IN (${any})`);
    w.clauses.push(parts.length ? `(${parts.join(' OR ')})` : '0');
    return;
  }
  const fd = field(name);
  const numeric = NUMERIC_QUERY_FIELDS.includes(name);
  if (fd.join) {
    // A linked table's column: its matching rows are found in that (small) table and the payments
    // tested by their foreign key, which has an index, instead of a join per payment.
    const [, column] = fd.sql.split('.') as [string, string];
    const table = JOINED_TABLE[fd.join].split(' ')[0]!;
    const fk = FOREIGN_KEY[fd.join];
    if (f.type === 'text' && (f.op === 'notContains' || f.op === 'notEqual')) {
      // Not the rows that do (a short list), rather than the rows that do not (most of the table).
      const does = conditionOf(`x.${column}`, { ...f, op: f.op === 'notContains' ? 'contains' : 'equals' }, numeric);
      w.clauses.push(`(${fk} IS NULL OR NOT (+${fk} IN (SELECT x.id FROM ${table} x WHERE ${does.sql})))`);
      w.params.push(...does.params);
      return;
    }
    const inner = conditionOf(`x.${column}`, f, numeric);
    const linked = (e: string) => `${e} IN (SELECT x.id FROM ${table} x WHERE ${inner.sql})`;
    if (holdsForNull(f)) {
      w.clauses.push(`(${fk} IS NULL OR ${linked(`+${fk}`)})`);
    } else {
      const off = linked(`+${fk}`);
      w.drivers.push({ clause: w.clauses.length, plain: linked(fk), off, params: inner.params });
      w.clauses.push(off);
    }
    w.params.push(...inner.params);
    return;
  }
  const c = conditionOf(fd.sql, f, numeric);
  // Only a value of the column's own kind: `+p.program_id` has no INTEGER affinity, so '1' (a text
  // filter's value) would no longer equal 1, nor 2017 (a number filter's) compare with a date as text.
  const ownKind = numeric ? f.type === 'number' || f.type === 'set' : f.type !== 'number';
  if (INDEXED_OWN.has(fd.sql) && readsThroughIndex(f) && ownKind) {
    const off = conditionOf(`+${fd.sql}`, f, numeric).sql;
    w.drivers.push({ clause: w.clauses.length, plain: c.sql, off, params: c.params });
    w.clauses.push(off);
  } else {
    w.clauses.push(c.sql);
  }
  w.params.push(...c.params);
}

/** Paging and the year are integers; anything else is refused before it reaches SQL. */
function intOf(v: unknown, what: string): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new LedgerError('invalid_input', `${what}必须是整数`);
  return v;
}

const YEAR_CLAUSE = 'p.paid_on BETWEEN ? AND ?';
/** The payment's own columns with an index of their own (a sort on them can walk it). */
const WALKABLE_SORT = new Set(['p.cash_fen', 'p.goods_fen', 'p.recipient_kind', 'p.category', 'p.status']);
/** The clauses with the year's test off the date index (a unary +): the view is read another way. */
function yearOff(clauses: string[]): string[] {
  return clauses.map((c) => (c === YEAR_CLAUSE ? `+${c}` : c));
}

/** Rows a sort may walk past in its index before sorting the view is the better plan. */
const WALK_ROWS = 50_000;

/** The ids of a linked table's rows matching a condition (whereOf reads them first for a search). */
/** The ids the SELECTs of a linked table's columns find, up to 9 (more than 8 are not listed). */
type LinkedIds = (selects: string[], params: unknown[][]) => number[];
/** The values of an own column that match a search's text test, from its index (whereOf, for a search). */
type MatchingValues = (column: string, test: TextTest) => string[] | undefined;

/**
 * How a search's text is tested on a column: LIKE '%text%'; when the text has characters with
 * another form (Simplified/Traditional), one GLOB with a class of the forms per such character
 * (华宁 → *[华華][宁寧]*: either spelling, or a mix, is found). SQLite tests either in C, per row,
 * in about the same time (~90 ms for four columns of a year of a 1,000,000-row ledger).
 */
interface TextTest {
  sql: (column: string) => string;
  params: string[];
}

function textTestOf(search: string): TextTest {
  if (hasVariants(search)) return { sql: (c) => `${c} GLOB ?`, params: [variantGlob(search)] };
  return { sql: (c) => `${c} LIKE ? ESCAPE '\\'`, params: [`%${escapeLike(search)}%`] };
}

/**
 * The amount a search names as the grid shows amounts (1800, 1,800, 1,800.00, 1800元, ￥1,800, 0.18万):
 * its fen, or null when the text has no digit or is not an amount.
 */
function searchedAmount(search: string): number | null {
  if (!/[0-9０-９]/.test(search)) return null;
  const parsed = parseAmount(search);
  return parsed.ok ? parsed.fen : null;
}

/**
 * Own columns with an index and few values (the code lists): a search tests a row against the few
 * values that match (read from the index), or not at all, instead of a LIKE on every row.
 */
const FEW_VALUED = new Set(['p.recipient_kind', 'p.category', 'p.status']);
/** The date column holds only digits and hyphens (its CHECK): other text cannot match it. */
const DATE_TEXT = /^[0-9-]+$/;
/** 性别 holds only 男 or 女 (its CHECK): other text cannot match it (and 男/女 match it whole). */
const GENDER_TEXT = /^[男女]$/;
/**
 * ID numbers are stored cleaned (digits and X; an unreadable one as typed, half-width, upper case):
 * Chinese characters are not looked for in them (a test on every person, ~10 ms; a GLOB ~45 ms).
 */
const HAN_TEXT = /\p{Script=Han}/u;

function buildWhere(q: PaymentQuery, linkedIds?: LinkedIds, matchingValues?: MatchingValues): Where {
  const w: Where = { clauses: [], params: [], joins: new Set(), drivers: [] };
  const search = q.search?.trim();
  if (intOf(q.year, '年度') !== null) {
    // With a search, every row of the year is read anyway: a scan of the table in its own
    // order beats a lookup per row through the date index (~0.3 s against ~2 s for a year of a
    // 1,000,000-row ledger); the unary + keeps SQLite off that index. Without one, the date
    // index may read the view (planWhere).
    const range = [`${q.year}-01-01`, `${q.year}-12-31`];
    if (!search) w.drivers.push({ clause: 0, plain: YEAR_CLAUSE, off: `+${YEAR_CLAUSE}`, params: range });
    w.clauses.push(search ? `+${YEAR_CLAUSE}` : YEAR_CLAUSE);
    w.params.push(...range);
  }
  for (const [name, f] of Object.entries(q.filters ?? {})) {
    if (f) filterClause(name as PaymentQueryField, f, w);
  }
  if (search) {
    // The linked tables' columns are searched in those tables first (they are small), so that
    // the payments are read in one pass without a join per row.
    const test = textTestOf(search);
    const linked = new Map<keyof typeof JOINS, string[]>();
    const own: string[] = [];
    for (const s of SEARCH_FIELDS) {
      if (s === 'gender' && !GENDER_TEXT.test(search)) continue;
      if (s === 'idNumber' && HAN_TEXT.test(search)) continue;
      const fd = FIELDS[s];
      if (fd.join) linked.set(fd.join, [...(linked.get(fd.join) ?? []), fd.sql.split('.')[1]!]);
      else own.push(fd.sql);
    }
    const parts: string[] = [];
    const params: unknown[] = [];
    for (const [join, columns] of linked) {
      const table = JOINED_TABLE[join].split(' ')[0]!;
      // One SELECT per column: each reads that column's index alone (name + id, a fraction of the
      // table), where an OR of the columns would read every row of the table.
      const selects = columns.map((c) => (c === 'gender' ? `SELECT id FROM ${table} WHERE gender = ?` : `SELECT id FROM ${table} WHERE ${c} IS NOT NULL AND ${test.sql(c)}`));
      const likes = columns.map((c) => (c === 'gender' ? [search] : test.params));
      // Few matching people, units or programs (often none): their ids as values, so that the scan of
      // the payments tests each row against a short list (or not at all) instead of probing a subquery.
      const ids = linkedIds?.(selects, likes);
      if (ids && ids.length <= 8) {
        if (ids.length > 0) {
          parts.push(`${FOREIGN_KEY[join]} IN (${ids.map(() => '?').join(', ')})`);
          params.push(...ids);
        }
        continue;
      }
      parts.push(`${FOREIGN_KEY[join]} IN (${selects.join(' UNION ALL ')})`);
      params.push(...likes.flat());
    }
    for (const sql of own) {
      if (sql === 'p.paid_on' && !DATE_TEXT.test(search)) continue;
      const values = FEW_VALUED.has(sql) ? matchingValues?.(sql.slice(2), test) : undefined;
      if (values) {
        if (values.length > 0) {
          parts.push(`${sql} IN (${values.map(() => '?').join(', ')})`);
          params.push(...values);
        }
        continue;
      }
      parts.push(test.sql(sql));
      params.push(...test.params);
    }
    // An ID as the grid shows it, its middle hidden (530424********9516, copied from a cell or a printed
    // roster): the people whose ID has that start, end and length.
    const masked = maskedIdParts(search);
    if (masked?.ok) {
      parts.push(`${FOREIGN_KEY.person} IN (SELECT id FROM people WHERE id_number LIKE ? ESCAPE '\\' AND length(id_number) = ?)`);
      params.push(`${escapeLike(masked.prefix)}%${escapeLike(masked.suffix)}`, masked.length);
    }
    // A date written as clerks write it (2017.5.3, 2017年5月3日, 2017/5/3): the payments of that day (the
    // grid shows 2017-05-03; the text itself is looked for in the column only as digits and hyphens).
    // (2017-5-3 and 20170503 too: digits and hyphens, but not as the column holds them; helper 45.)
    // In full-width digits too (２０１７．５．３), and a month alone (2017年5月, 2017.5, 201705): its payments (helper 47).
    const half = toHalfWidth(search).trim();
    if (/\d{4}/.test(half)) {
      const day = parseDate(half);
      if (day.ok && day.iso !== search) {
        parts.push('p.paid_on = ?');
        params.push(day.iso);
      } else if (!day.ok) {
        const month = parseYearMonth(half);
        if (month !== null) {
          parts.push('(p.paid_on >= ? AND p.paid_on < ?)');
          params.push(`${month}-01`, `${month}-32`);
        }
      }
    }
    // An amount as the grid shows it (1,800.00 in 金额, 慰问品（元） and 合计): 1800, 1,800, 1800元 … find it.
    const fen = searchedAmount(half);
    if (fen !== null) {
      parts.push('p.cash_fen = ?', 'p.goods_fen = ?', 'p.cash_fen + p.goods_fen = ?');
      params.push(fen, fen, fen);
    }
    w.clauses.push(parts.length > 0 ? `(${parts.join(' OR ')})` : '0');
    w.params.push(...params);
  }
  return w;
}

/**
 * The rows of a view with a search, read once. A search holds a LIKE on a dozen columns, so
 * SQLite reads every row of the view for it; the grid asks for the count, a page and the
 * totals (five more passes) of the same view. The rows found are kept in a temporary table
 * (id, person and amounts: the count, the first pages in id order and the totals are read
 * from it alone) and the view becomes `p.id IN` that table, until the next command or another
 * connection's commit (the same stamp as the dashboard's cache) or another view.
 */
const viewRows = new WeakMap<Ledger, { key: string; stamp: string }>();

/** The last search's or filter's WHERE per ledger, kept until the next change (its page and its totals ask for it in turn). */
const viewWheres = new WeakMap<Ledger, { key: string; stamp: string; where: Where }>();

/**
 * The WHERE of a view with a search or a column filter, the linked tables and code lists read first
 * (before any scan of the payments; ~25 ms on a 1,000,000-row ledger) and its plan chosen
 * (planWhere), read once for a page and its totals.
 */
function viewWhere(ledger: Ledger, q: PaymentQuery): Where {
  const key = JSON.stringify([q.year ?? null, q.filters ?? null, q.search?.trim() ?? '', QUERY_TUNING.driverRows]);
  const stamp = ledger.changeStamp();
  const held = viewWheres.get(ledger);
  const where = held?.key === key && held.stamp === stamp && !ledger.db.inTransaction ? held.where : planWhere(ledger, q, q.search?.trim() ? readSearchWhere(ledger, q) : buildWhere(q));
  if (!ledger.db.inTransaction) viewWheres.set(ledger, { key, stamp, where });
  // A copy: callers add the joins their order needs.
  return { ...where, clauses: [...where.clauses], params: [...where.params], joins: new Set(where.joins) };
}


/**
 * The index a filtered view is read through. SQLite knows nothing of how many rows a test keeps, and
 * would read a filter that keeps most of the year through its index (a lookup per row: ~1 s for a
 * year of a 1,000,000-row ledger, against ~0.15 s for a scan of the table). So each test an index
 * could serve is counted through that index, up to driverRows (QUERY_TUNING); the one that keeps fewest rows,
 * if few, reads the view, and every other test has its index turned off. A year whose filters the
 * date index holds (amounts, dates, person) keeps SQLite's own plan: that index covers it.
 */
function planWhere(ledger: Ledger, q: PaymentQuery, w: Where): Where {
  const filters = Object.keys(q.filters ?? {}) as PaymentQueryField[];
  if (filters.length === 0 || (!q.search?.trim() && q.year != null && filters.every((f) => IN_DATE_INDEX.has(f)))) return w;
  let best: { clause: number; rows: number } | null = null;
  for (const d of w.drivers) {
    const rows = ledger.stmt(`SELECT count(*) FROM (SELECT 1 FROM payments p WHERE ${d.plain} LIMIT ${QUERY_TUNING.driverRows + 1})`).pluck().get(...d.params) as number;
    if (rows <= QUERY_TUNING.driverRows && (!best || rows < best.rows)) best = { clause: d.clause, rows };
  }
  const clauses = [...w.clauses];
  for (const d of w.drivers) clauses[d.clause] = d.clause === best?.clause ? d.plain : d.off;
  return { ...w, clauses, ...(best ? { drivenRows: best.rows } : {}) };
}

function readSearchWhere(ledger: Ledger, q: PaymentQuery): Where {
  return buildWhere(
    q,
    (selects, params) => {
      const ids = new Set<number>();
      selects.forEach((select, i) => {
        if (ids.size > 8) return;
        for (const id of ledger.stmt(`${select} LIMIT 9`).pluck().all(...params[i]!) as number[]) ids.add(id);
      });
      return [...ids];
    },
    (column, test) => matchingValues(ledger, column, test),
  );
}

/** What a search view reads into temp.view_rows, and the key it is held under. */
function viewSelect(w: Where): { select: string; key: string } {
  const select = `SELECT p.id, p.person_id, p.cash_fen, p.goods_fen ${fromClause(w.joins)} ${whereSql(w)}`;
  return { select, key: JSON.stringify([select, w.params]) };
}

function viewHeld(ledger: Ledger, key: string): boolean {
  const held = viewRows.get(ledger);
  return held?.key === key && held.stamp === ledger.changeStamp() && !ledger.db.inTransaction;
}

function whereOf(ledger: Ledger, q: PaymentQuery): Where {
  if (!q.search?.trim()) return Object.keys(q.filters ?? {}).length > 0 ? viewWhere(ledger, q) : buildWhere(q);
  const w = viewWhere(ledger, q);
  const { select, key } = viewSelect(w);
  if (!viewHeld(ledger, key)) holdViewRows(ledger, key, select, w.params);
  return { clauses: ['p.id IN (SELECT id FROM temp.view_rows)'], params: [], joins: new Set(), drivers: [], narrowed: true };
}

/** Fill temp.view_rows with what `select` reads (id, person, amounts) and remember it under `key`. */
function holdViewRows(ledger: Ledger, key: string, select: string, params: unknown[]): void {
  // Forgotten first: a failed rebuild leaves no key behind. Inside a transaction the rows could
  // roll back with it while the key stayed: they are rebuilt there each time and not kept.
  viewRows.delete(ledger);
  ledger.db.exec(`CREATE TEMP TABLE IF NOT EXISTS view_rows (id INTEGER PRIMARY KEY, person_id INTEGER, cash_fen INTEGER, goods_fen INTEGER);
    DELETE FROM temp.view_rows;`);
  const stamp = ledger.changeStamp();
  ledger.stmt(`INSERT INTO temp.view_rows ${select}`).run(...params);
  if (!ledger.db.inTransaction) viewRows.set(ledger, { key, stamp });
}

/**
 * The first page of a search or a column filter, read without counting the view: in the ledger's
 * order the scan stops once the page is full (a search that matches one payment in twelve reads a
 * few thousand rows, not a million); sorted on an indexed column of the payment's own, that index is
 * walked while the page fills quickly (walkSortIndex); otherwise one pass keeps the first rows, a
 * unit's or program's column sorted through the rank of its rows (linkRank). Its total is null when
 * more rows follow; the count comes with the totals, which hold a search's rows for the pages after.
 * Null (use queryPayments) when the page is not the first, is sorted on a person's column, or the
 * search's rows are already held.
 */
export function firstPageOfSearch(ledger: Ledger, q: PaymentQuery): { rows: PaymentRow[]; total: number | null } | null {
  // A search's or a column filter's first page (a view that is not the whole year's).
  if (!(q.search?.trim() || Object.keys(q.filters ?? {}).length > 0) || (intOf(q.offset, '起始行') ?? 0) !== 0) return null;
  let sort = sortTermsOf(q);
  if (sort.slice(1).some((s) => s.join)) return null;
  if (sort[0]?.join) {
    // Sorted on a unit's or program's column: each row's place comes from its link alone (those
    // tables are short). A person's column takes the counting query (it walks the name index).
    const ranked = rankedSort(ledger, sort);
    if (ranked === null) return null;
    sort = ranked;
  }
  const limit = Math.min(Math.max(intOf(q.limit, '每页行数') ?? 100, 1), 5000);
  const w = viewWhere(ledger, q);
  const { key } = viewSelect(w);
  if (q.search?.trim() && viewHeld(ledger, key)) return null;
  // A view that is not read through a short index (planWhere), sorted on one indexed column of the
  // payment's own: walk that index, testing each row, while the page fills within sortWalkRows (QUERY_TUNING)
  // rows (a filter that keeps a row in ten fills it at once; ~2 ms).
  const walked = w.drivenRows === undefined && sort.length === 1 && WALKABLE_SORT.has(sort[0]!.sql) ? walkSortIndex(ledger, w, sort, limit) : null;
  // The same order as the counting query: the sort, then the id in the first sort's direction. The
  // unary + keeps SQLite off the sort column's index: walking it with a lookup per row stops early
  // when matches are many, but a search that matches few rows would look up every payment (~0.5 s
  // at 1,000,000 against ~0.13 s for a scan that keeps the first rows).
  const order = orderSql(sort.map((s) => ({ ...s, sql: `+${s.sql}` })), sort[0]?.dir ?? 'asc');
  // A view read through the date index (no shorter index chose to read it) and sorted on a column that
  // index does not hold: a scan of the table in its own order, rather than a lookup per row of the year.
  const clauses = scanBeatsDateIndex(w, q) ? yearOff(w.clauses) : w.clauses;
  const ids = walked ?? (ledger.stmt(`SELECT p.id ${fromClause(w.joins)} ${whereSql({ ...w, clauses })} ORDER BY ${order} LIMIT ?`).pluck().all(...w.params, limit + 1) as number[]);
  const more = ids.length > limit;
  // Read to the end: these are all the view's rows, held for the totals and the pages after (a
  // search's: a column filter's view is read in place).
  if (!more && q.search?.trim()) holdViewRows(ledger, key, 'SELECT p.id, p.person_id, p.cash_fen, p.goods_fen FROM payments p WHERE p.id IN (SELECT value FROM json_each(?))', [JSON.stringify(ids)]);
  return { rows: getPaymentRows(ledger, more ? ids.slice(0, limit) : ids), total: more ? null : ids.length };
}

/** The sort with its first term (a unit's or program's column) sorted through linkRank; null when it cannot be. */
function rankedSort(ledger: Ledger, sort: SortTerm[]): SortTerm[] | null {
  const rank = linkRank(ledger, sort[0]!);
  return rank === null ? null : [{ ...sort[0]!, sql: rank, join: undefined }, ...sort.slice(1)];
}

/**
 * A view not read through a short index (planWhere) and sorted on a column the date index does not
 * hold: a scan of the table in its own order beats a lookup per row of the year through that index.
 */
function scanBeatsDateIndex(w: Where, q: PaymentQuery): boolean {
  return w.drivenRows === undefined && !(q.sort ?? []).every((s) => IN_DATE_INDEX.has(s.field));
}

/**
 * A sort on a unit's or program's column as an expression of the payment's own foreign key: the
 * linked row's rank in that column (equal values rank alike), 0 for no link or a NULL there, which
 * sorts those rows first ascending and last descending, as SQL sorts NULL. Null for a person's
 * column or a linked table too long for a list of ranks.
 */
function linkRank(ledger: Ledger, term: SortTerm): string | null {
  if (term.join !== 'unit' && term.join !== 'program') return null;
  const table = JOINED_TABLE[term.join].split(' ')[0]!;
  const column = term.sql.split('.')[1]!;
  if (!/^\w+$/.test(column)) throw new Error(`sort column ${term.sql}`);
  if ((ledger.stmt(`SELECT count(*) FROM ${table}`).pluck().get() as number) > QUERY_TUNING.rankedLinkRows) return null;
  const ranks = ledger.stmt(`SELECT id, dense_rank() OVER (ORDER BY ${column}) FROM ${table} WHERE ${column} IS NOT NULL`).raw().all() as [number, number][];
  if (!ranks.every(([id, rank]) => Number.isSafeInteger(id) && Number.isSafeInteger(rank))) throw new Error(`ranks of ${table}`);
  return ranks.length === 0 ? '0' : `(CASE ${FOREIGN_KEY[term.join]} ${ranks.map(([id, rank]) => `WHEN ${id} THEN ${rank}`).join(' ')} ELSE 0 END)`;
}

/**
 * The first `limit + 1` ids of a view in its order, by walking the sort column's index and testing
 * each row against the view's WHERE; null when QUERY_TUNING.sortWalkRows rows go by before the page is full
 * (a view of few rows, or of rows at the far end of that order).
 */
function walkSortIndex(ledger: Ledger, w: Where, sort: SortTerm[], limit: number): number[] | null {
  const test = w.clauses.length ? `(${yearOff(w.clauses).join(' AND ')})` : '1';
  const rows = ledger.stmt(`SELECT p.id, ${test} AS keep ${fromClause(w.joins)} ORDER BY ${orderSql(sort, sort[0]!.dir)}`).raw().iterate(...w.params) as IterableIterator<[number, number | null]>;
  const ids: number[] = [];
  let read = 0;
  for (const [id, keep] of rows) {
    if (keep) ids.push(id);
    if (ids.length > limit) break;
    if (++read >= QUERY_TUNING.sortWalkRows) {
      rows.return?.();
      return null;
    }
  }
  return ids;
}

/**
 * The distinct values of an indexed payment column that match a LIKE pattern: the index is read
 * one value at a time (a seek past each value), and the values are tested by SQLite's own LIKE.
 * Undefined when the column has more values than a short list should hold.
 */
function matchingValues(ledger: Ledger, column: string, test: TextTest): string[] | undefined {
  const values: string[] = [];
  const next = ledger.stmt(`SELECT min(${column}) FROM payments WHERE ${column} > ?`).pluck();
  let value = ledger.stmt(`SELECT min(${column}) FROM payments`).pluck().get() as string | null;
  while (value !== null && value !== undefined) {
    if (values.length >= 64) return undefined;
    values.push(value);
    value = next.get(value) as string | null;
  }
  return ledger.stmt(`SELECT value FROM json_each(?) WHERE ${test.sql('value')}`).pluck().all(JSON.stringify(values), ...test.params) as string[];
}

/** FROM with the joins; a narrowed view starts from its held ids (its WHERE still says p.id IN them). */
function fromClause(joins: Set<keyof typeof JOINS>, narrowed = false, base = 'FROM payments p'): string {
  return [narrowed ? `FROM temp.view_rows v CROSS JOIN ${base.slice(5)} ON p.id = v.id` : base, ...[...joins].map((j) => JOINS[j])].join(' ');
}

function whereSql(w: Where): string {
  return w.clauses.length ? `WHERE ${w.clauses.join(' AND ')}` : '';
}

export interface PaymentPage {
  rows: PaymentRow[];
  /** Rows matching the filter (for the grid's scroll height). */
  total: number;
}

const ROW_COLUMNS = `p.id, p.program_id AS programId, pr.code AS programCode, pr.name AS programName, pr.kind AS programKind,
  p.person_id AS personId, pe.name AS personName, pe.id_number AS idNumber, pe.gender, p.unit_id AS unitId, u.name AS unitName,
  p.paid_on AS paidOn, p.cash_fen AS cashFen, p.goods_fen AS goodsFen, p.goods_desc AS goodsDesc, p.recipient_kind AS recipientKind,
  p.category, p.method, p.status, p.student_name AS studentName, p.clerk, p.approver, p.note, p.import_batch_id AS importBatchId,
  p.reverses_id AS reversesId`;

export function countPayments(ledger: Ledger, q: PaymentQuery): number {
  const w = whereOf(ledger, q);
  if (w.narrowed) return ledger.stmt('SELECT count(*) FROM temp.view_rows').pluck().get() as number;
  return (ledger.stmt(`SELECT count(*) AS n ${fromClause(w.joins, w.narrowed)} ${whereSql(w)}`).get(...w.params) as { n: number }).n;
}

/**
 * Plan thresholds (tests change them to reach each plan on a small ledger). joinWalkRows: above this
 * many rows a sort on a joined column walks the joined table's index. driverRows: rows an index may
 * read a filtered view through, one lookup each, before a scan of the table in its own order is the
 * better plan (planWhere). sortWalkRows: rows a first page's walk of its sort column's index reads
 * before it gives up for a pass over the view (walkSortIndex). rankedLinkRows: linked tables with at
 * most this many rows are sorted on through a rank of their rows (linkRank). issueScanRows: rows F8
 * reads through the view's pages looking for the next finding before it numbers the whole view
 * instead (scanForIssue; 0: always number it).
 */
export const QUERY_TUNING = { joinWalkRows: 20_000, driverRows: 30_000, sortWalkRows: 20_000, rankedLinkRows: 2000, issueScanRows: 20_000 };

const FOREIGN_KEY = { program: 'p.program_id', person: 'p.person_id', unit: 'p.unit_id' } as const;
const JOINED_TABLE = { program: 'programs pr', person: 'people pe', unit: 'units u' } as const;
const JOINED_ALIAS = { program: 'pr', person: 'pe', unit: 'u' } as const;

type SortTerm = { sql: string; dir: 'asc' | 'desc'; join: keyof typeof JOINS | undefined };

/** A query's sort as SQL terms (whitelisted fields and directions only). */
function sortTermsOf(q: PaymentQuery): SortTerm[] {
  return (q.sort ?? []).map((s) => {
    const fd = field(s.field);
    if (s.dir !== 'asc' && s.dir !== 'desc') throw new LedgerError('invalid_input', '排序方向只能是 asc 或 desc');
    return { sql: fd.sql, dir: s.dir, join: fd.join };
  });
}

/** ORDER BY for sort terms, ties broken by id in `tieDir`; `reverse` reads the window from the far end. */
function orderSql(sort: readonly Pick<SortTerm, 'sql' | 'dir'>[], tieDir: 'asc' | 'desc', reverse = false): string {
  return [...sort, { sql: 'p.id', dir: tieDir }].map((s) => `${s.sql} ${(s.dir === 'asc') !== reverse ? 'ASC' : 'DESC'}`).join(', ');
}

/** The ids of one ordered window of a segment; deep windows are read from the far end in reverse. */
function segmentIds(
  ledger: Ledger,
  from: string,
  where: Where,
  extra: string | null,
  sort: SortTerm[],
  offset: number,
  limit: number,
  segmentTotal: number,
  tieDir: 'asc' | 'desc',
  walk: { tableRows: number } | null = null,
): number[] {
  if (limit <= 0 || offset >= segmentTotal) return [];
  let clauses = extra ? [...where.clauses, extra] : where.clauses;
  const reverse = offset > segmentTotal / 2 && segmentTotal > limit;
  // A large view sorted on one of the payment's own indexed columns: walk that index and test the
  // year on each row, rather than read the whole year through the date index and sort it (a year of
  // a 1,000,000-row ledger by amount: ~0.1 s -> a few ms). Only while the rows walked past stay few
  // (about (offset + limit) × table / view); deeper windows and small views sort as before.
  if (walk && sort.length > 0 && WALKABLE_SORT.has(sort[0]!.sql) && segmentTotal > 0) {
    const depth = (reverse ? segmentTotal - offset : offset + limit) * (walk.tableRows / segmentTotal);
    if (depth <= WALK_ROWS) clauses = yearOff(clauses);
  }
  const whereText = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  const order = orderSql(sort, tieDir, reverse);
  let off = offset;
  let lim = limit;
  if (reverse) {
    const end = Math.min(offset + limit, segmentTotal);
    off = segmentTotal - end;
    lim = end - offset;
  }
  const ids = ledger.stmt(`SELECT p.id ${from} ${whereText} ORDER BY ${order} LIMIT ? OFFSET ?`).pluck().all(...where.params, lim, off) as number[];
  return reverse ? ids.reverse() : ids;
}

/**
 * One page of the grid. The ordering query selects ids only (so covering indexes
 * serve it), then the page's rows are read by id. A sort on a joined column (person,
 * unit, program) is split into the rows without that link and an INNER JOIN over the
 * rest, so that SQLite can walk the joined table's index in order instead of sorting
 * every payment. Deep pages are read from the far end with the order reversed.
 */
export function queryPayments(ledger: Ledger, q: PaymentQuery, knownTotal?: number): PaymentPage {
  const limit = Math.min(Math.max(intOf(q.limit, '每页行数') ?? 100, 1), 5000);
  const offset = Math.max(intOf(q.offset, '起始行') ?? 0, 0);
  const { ids, total } = viewIds(ledger, q, offset, limit, knownTotal);
  return { rows: getPaymentRows(ledger, ids), total };
}

/** The ids of the view's rows offset … offset + limit − 1, in the grid's order (queryPayments' page without its rows), and the view's row count. */
function viewIds(ledger: Ledger, q: PaymentQuery, offset: number, limit: number, knownTotal?: number): { ids: number[]; total: number } {
  const w = whereOf(ledger, q);
  let sort = sortTermsOf(q);
  const filtered = !w.narrowed && Object.keys(q.filters ?? {}).length > 0;
  if (filtered && sort[0]?.join) {
    // A column filter's view sorted on a unit's or program's column: each row's place from its link
    // (linkRank) in one pass over the view, rather than a walk of the linked table that reads every
    // row of the year when the filter keeps few of them.
    sort = rankedSort(ledger, sort) ?? sort;
  }
  // Not read through a short index, and sorted on a column the date index does not hold (as firstPageOfSearch).
  if (filtered && scanBeatsDateIndex(w, q)) w.clauses = yearOff(w.clauses);
  for (const s of sort) if (s.join) w.joins.add(s.join);
  const tieDir = sort[0]?.dir ?? 'asc';
  const total = knownTotal ?? countPayments(ledger, q);
  const primaryJoin = sort[0]?.join;
  let ids: number[];
  if (!primaryJoin) {
    ids = w.narrowed && sort.length === 0
      ? (ledger.stmt('SELECT id FROM temp.view_rows ORDER BY id LIMIT ? OFFSET ?').pluck().all(limit, offset) as number[])
      : segmentIds(ledger, fromClause(w.joins, w.narrowed), w, null, sort, offset, limit, total, tieDir,
        w.narrowed ? null : { tableRows: (ledger.stmt('SELECT max(id) FROM payments').pluck().get() as number | null) ?? 0 });
  } else {
    const fk = FOREIGN_KEY[primaryJoin];
    const primaryExpr = sort[0]!.sql;
    // Rows whose sort value is NULL (no linked row, or a NULL column in it) form their own segment.
    // Counted without the join: the linked rows with a NULL column are looked up first (few, or
    // none for a NOT NULL column), so SQLite walks the foreign key's index instead of joining
    // every payment of the view (~1 s for a year of a 1,000,000-row ledger).
    const [alias, column] = primaryExpr.split('.') as [string, string];
    const table = JOINED_TABLE[primaryJoin].split(' ')[0]!;
    if (alias !== JOINED_ALIAS[primaryJoin] || !/^\w+$/.test(column)) throw new Error(`sort column ${primaryExpr}`);
    const filterOnly = whereOf(ledger, { ...q, sort: [] });
    // Two disjoint counts, each served from the foreign key's index; the second only when some
    // linked row has a NULL there (never, for a NOT NULL column such as a unit's name).
    const countWhere = (clause: string) =>
      (ledger.stmt(`SELECT count(*) AS n ${fromClause(filterOnly.joins, filterOnly.narrowed)} ${whereSql({ ...filterOnly, clauses: [...filterOnly.clauses, clause] })}`).get(...filterOnly.params) as { n: number }).n;
    const linkedNull = `SELECT id FROM ${table} WHERE ${column} IS NULL`;
    const anyLinkedNull = ledger.stmt(`SELECT EXISTS (${linkedNull})`).pluck().get() === 1;
    const nullCount = countWhere(`${fk} IS NULL`) + (anyLinkedNull ? countWhere(`${fk} IN (${linkedNull})`) : 0);
    // On a large view, walk the joined table's index in order (CROSS JOIN fixes the loop order in SQLite);
    // on a small one, let the planner start from the filter and sort the few rows.
    const others = [...w.joins].filter((j) => j !== primaryJoin).map((j) => JOINS[j]);
    const innerFrom = total - nullCount > QUERY_TUNING.joinWalkRows
      ? [`FROM ${JOINED_TABLE[primaryJoin]} CROSS JOIN payments p ON ${fk} = ${JOINED_ALIAS[primaryJoin]}.id`, ...others].join(' ')
      : ['FROM payments p', JOINS[primaryJoin].replace('LEFT JOIN', 'JOIN'), ...others].join(' ');
    const nullFrom = fromClause(w.joins, w.narrowed);
    const nullSort = sort.slice(1);
    // NULL sorts first ascending, last descending.
    const segments = [
      { from: nullFrom, extra: `(${fk} IS NULL OR ${fk} IN (${linkedNull}))`, sort: nullSort, count: nullCount },
      { from: innerFrom, extra: `${primaryExpr} IS NOT NULL`, sort, count: Math.max(total - nullCount, 0) },
    ];
    if (sort[0]!.dir === 'desc') segments.reverse();
    ids = [];
    let start = 0;
    for (const seg of segments) {
      const segEnd = start + seg.count;
      const from = Math.max(offset, start);
      const to = Math.min(offset + limit, segEnd);
      if (to > from) ids.push(...segmentIds(ledger, seg.from, w, seg.extra, seg.sort, from - start, to - from, seg.count, tieDir));
      start = segEnd;
    }
  }
  return { ids, total };
}

/** A payment's person and year, where the findings that compare payments look (yearly caps, paid twice, a household helped). */
export type PersonYear = { personId: number | null; year: string };

/** The person and year of each of these payments (as they are now). */
export function personYearsOf(ledger: Ledger, ids: readonly number[]): PersonYear[] {
  if (ids.length === 0) return [];
  return ledger.stmt('SELECT person_id AS personId, substr(paid_on, 1, 4) AS year FROM payments WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as PersonYear[];
}

/**
 * The payments whose findings may change with those of these people in these years: each person's and
 * their household's payments of the year, but the ones in `except` (at most `limit`).
 */
export function paymentsSharingFindings(ledger: Ledger, pairs: readonly PersonYear[], except: readonly number[], limit = 200): number[] {
  const seen = new Set<string>();
  const out = new Set<number>();
  const skip = new Set(except);
  const byPerson = ledger.stmt(`SELECT p.id FROM payments p WHERE p.paid_on BETWEEN ? AND ? AND (p.person_id = ? OR p.person_id IN (
      SELECT o.id FROM people o WHERE o.household_id IS NOT NULL AND o.household_id = (SELECT household_id FROM people WHERE id = ?))) LIMIT ?`).pluck();
  for (const { personId, year } of pairs) {
    const key = `${personId}:${year}`;
    if (personId === null || seen.has(key) || !/^\d{4}$/.test(year)) continue;
    seen.add(key);
    for (const id of byPerson.all(`${year}-01-01`, `${year}-12-31`, personId, personId, limit + skip.size) as number[]) {
      if (!skip.has(id)) out.add(id);
      if (out.size >= limit) return [...out];
    }
  }
  return [...out];
}

export function attachIssues(ledger: Ledger, rows: PaymentRow[]): void {
  const byId = new Map<number, PaymentRow>();
  for (const r of rows) {
    r.issues = [];
    byId.set(r.id, r);
  }
  if (rows.length === 0) return;
  const ids = [...byId.keys()];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const issues = ledger
      .stmt(`SELECT payment_id AS paymentId, code, severity, field, message FROM payment_issues WHERE payment_id IN (${chunk.map(() => '?').join(',')}) ORDER BY severity, rowid`)
      .all(...chunk) as (PaymentIssueView & { paymentId: number })[];
    for (const { paymentId, ...issue } of issues) byId.get(paymentId)?.issues.push(issue);
  }
}

export function getPaymentRows(ledger: Ledger, ids: readonly number[]): PaymentRow[] {
  if (ids.length === 0) return [];
  const out: PaymentRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    out.push(...(ledger.stmt(`SELECT ${ROW_COLUMNS} ${fromClause(new Set(['program', 'person', 'unit']))} WHERE p.id IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as PaymentRow[]));
  }
  const order = new Map(ids.map((id, i) => [id, i]));
  out.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  attachIssues(ledger, out);
  return out;
}

/** Totals of the rows matching a query: 人数, 人次, 户数, Σ现金, Σ慰问品, and rows with errors/warnings. */
export function paymentTotals(ledger: Ledger, q: PaymentQuery, options: { households?: boolean } = {}): PaymentTotals {
  const w = whereOf(ledger, { ...q, sort: [] });
  const from = fromClause(w.joins, w.narrowed);
  const where = whereSql(w);
  // A held view (a search) is summed from its own table: it has each row's person and amounts.
  const rowsFrom = w.narrowed ? 'FROM temp.view_rows p' : from;
  const rowsWhere = w.narrowed ? '' : where;
  const params = w.narrowed ? [] : w.params;
  // A column filter's view is read once, its people counted in the same pass: a count of its distinct
  // people on its own was read in person order (the person index), a lookup of every payment.
  const filtered = !w.narrowed && Object.keys(q.filters ?? {}).length > 0;
  const sums = ledger.stmt(`SELECT count(*) AS rows, count(p.person_id) AS personTimes, ${filtered ? 'count(DISTINCT p.person_id)' : '0'} AS people,
      coalesce(sum(p.cash_fen), 0) AS cashFen, coalesce(sum(p.goods_fen), 0) AS goodsFen ${rowsFrom} ${rowsWhere}`).get(...params) as {
    rows: number; personTimes: number; people: number; cashFen: number; goodsFen: number;
  };
  const withPerson = w.narrowed ? 'WHERE p.person_id IS NOT NULL' : whereSql({ ...w, clauses: [...w.clauses, 'p.person_id IS NOT NULL'] });
  const people = filtered ? { n: sums.people } : (ledger.stmt(`SELECT count(*) AS n FROM (SELECT DISTINCT p.person_id ${rowsFrom} ${withPerson})`).get(...params) as { n: number });
  const personJoined = w.narrowed
    ? 'FROM (SELECT DISTINCT person_id FROM temp.view_rows WHERE person_id IS NOT NULL) p CROSS JOIN people pe ON pe.id = p.person_id'
    : w.joins.has('person') ? from.replace(JOINS.person, 'JOIN people pe ON pe.id = p.person_id') : `${from} JOIN people pe ON pe.id = p.person_id`;
  // A filter's households: of the view's people (each looked up once), not of each payment.
  const households = options.households === false
    ? { n: -1 }
    : filtered
      ? (ledger.stmt(`SELECT count(DISTINCT household_id) AS n FROM people WHERE id IN (SELECT p.person_id ${from} ${where})`).get(...w.params) as { n: number })
      : (ledger.stmt(`SELECT count(DISTINCT pe.household_id) AS n ${personJoined} ${rowsWhere}`).get(...params) as { n: number });
  // Findings are few: start from them and look each payment up, rather than probing every payment.
  const issueFrom = fromClause(w.joins, false, 'FROM payment_issues i CROSS JOIN payments p ON p.id = i.payment_id');
  const issues = ledger.stmt(`SELECT
      count(DISTINCT CASE WHEN i.severity = 'error' THEN i.payment_id END) AS errorRows,
      count(DISTINCT CASE WHEN i.severity = 'warn' THEN i.payment_id END) AS warnRows
    ${issueFrom} ${where}`).get(...w.params) as { errorRows: number; warnRows: number };
  return {
    rows: sums.rows, people: people.n, personTimes: sums.personTimes, households: households.n,
    cashFen: sums.cashFen, goodsFen: sums.goodsFen, totalFen: sums.cashFen + sums.goodsFen, ...issues,
  };
}

/** The next payment (in the view's order) after `afterId` that has an issue of the given severity (F8). */
/**
 * Rows equal in the sort keep id order in the sort's direction (a descending sort lists the later
 * row first), so that SQLite can walk an index — which holds the row id after the value —
 * backwards without sorting; the same order here, in the page query and in nextIssue.
 */
function tieOrder(q: PaymentQuery): 'ASC' | 'DESC' {
  return q.sort?.[0]?.dir === 'desc' ? 'DESC' : 'ASC';
}

export function nextIssue(ledger: Ledger, q: PaymentQuery, afterIndex: number, severity: 'error' | 'warn' | 'any'): { index: number; id: number } | null {
  const found = scanForIssue(ledger, q, afterIndex, severity);
  return found !== undefined ? found : numberedNextIssue(ledger, q, afterIndex, severity);
}

/**
 * F8 read through the view's own pages, in its order, from the row after `afterIndex` to the end
 * and then from the top (as numberedNextIssue wraps), a chunk of ids at a time, each chunk's
 * findings looked up by id. Where findings are not rare in the view the next one is a few rows
 * away: a year of a 1,000,000-row ledger sorted by name took ~1 s to number every row, against a
 * page or two here. Undefined (number the view instead) when the view's findings are too sparse
 * for the next to be likely within QUERY_TUNING.issueScanRows rows, or none was met within them.
 */
function scanForIssue(ledger: Ledger, q: PaymentQuery, afterIndex: number, severity: 'error' | 'warn' | 'any'): { index: number; id: number } | null | undefined {
  const budget = QUERY_TUNING.issueScanRows;
  if (budget <= 0) return undefined;
  const w = whereOf(ledger, { ...q, sort: [] });
  const sevClause = severity === 'any' ? '' : ' AND i.severity = ?';
  const sevParams = severity === 'any' ? [] : [severity];
  // The view's rows with such a finding, counted from the findings (few) as the totals count them.
  const issueFrom = fromClause(w.joins, false, 'FROM payment_issues i CROSS JOIN payments p ON p.id = i.payment_id');
  const inView = severity === 'any' ? w.clauses : [...w.clauses, 'i.severity = ?'];
  const withIssue = ledger.stmt(`SELECT count(DISTINCT i.payment_id) ${issueFrom} ${whereSql({ ...w, clauses: inView })}`).pluck().get(...w.params, ...sevParams) as number;
  if (withIssue === 0) return null;
  const total = countPayments(ledger, q);
  const gap = total / withIssue;
  if (gap * 4 > budget) return undefined;
  // A deep chunk costs its walk to the offset more than its length: a few gaps, at least a thousand rows.
  const chunk = Math.min(Math.max(Math.ceil(gap * 8), 1000), 5000);
  const flagged = ledger.stmt(`SELECT DISTINCT i.payment_id FROM payment_issues i WHERE i.payment_id IN (SELECT value FROM json_each(?))${sevClause}`).pluck();
  let read = 0;
  // After the row, then from the top up to and including it.
  for (const [start, end] of [[afterIndex + 1, total], [0, Math.min(afterIndex + 1, total)]] as const) {
    for (let offset = Math.max(start, 0); offset < end; offset += chunk) {
      const limit = Math.min(chunk, end - offset, budget - read);
      if (limit <= 0) return undefined;
      const { ids } = viewIds(ledger, q, offset, limit, total);
      read += ids.length;
      const hits = new Set(flagged.all(JSON.stringify(ids), ...sevParams) as number[]);
      const at = hits.size === 0 ? -1 : ids.findIndex((id) => hits.has(id));
      if (at >= 0) return { index: offset + at, id: ids[at]! };
      if (ids.length < limit) return undefined;
    }
  }
  // Counted but not met (the view changed under the count): number it.
  return undefined;
}

/** F8 by numbering every row of the view in its order (a window over the whole view). */
function numberedNextIssue(ledger: Ledger, q: PaymentQuery, afterIndex: number, severity: 'error' | 'warn' | 'any'): { index: number; id: number } | null {
  const w = whereOf(ledger, q);
  const sort = (q.sort ?? []).map((s) => {
    const fd = field(s.field);
    if (fd.join) w.joins.add(fd.join);
    return `${fd.sql} ${s.dir === 'desc' ? 'DESC' : 'ASC'}`;
  });
  const sevClause = severity === 'any' ? '' : 'AND i.severity = ?';
  const params = severity === 'any' ? [] : [severity];
  const sql = `WITH view AS (
      SELECT p.id, row_number() OVER (ORDER BY ${[...sort, `p.id ${tieOrder(q)}`].join(', ')}) - 1 AS idx ${fromClause(w.joins, w.narrowed)} ${whereSql(w)}
    )
    SELECT v.idx AS idx, v.id AS id FROM view v
    WHERE EXISTS (SELECT 1 FROM payment_issues i WHERE i.payment_id = v.id ${sevClause})
    ORDER BY (v.idx <= ?), v.idx LIMIT 1`;
  const row = ledger.stmt(sql).get(...w.params, ...params, afterIndex) as { idx: number; id: number } | undefined;
  return row ? { index: row.idx, id: row.id } : null;
}
