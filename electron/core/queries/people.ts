/**
 * The people register's page query (人员档案): people with their household file,
 * filtered by the built-in views the national hardship-file system's users rely
 * on, by unit (a township union and the units under it), by name or ID number,
 * and by column filters; sorted by a whitelist of columns. Values are always
 * bound parameters.
 */
import { todayIso } from '../../../shared/domain/dates.ts';
import { parseResidentId } from '../../../shared/domain/residentId.ts';
import type { PaymentIssueView } from '../../../shared/payments.ts';
import { PEOPLE_QUERY_FIELDS, PEOPLE_VIEWS, type PeopleFilter, type PeoplePage, type PeopleQuery, type PeopleQueryField, type PersonRow } from '../../../shared/registers.ts';
import { LedgerError } from '../errors.ts';
import type { Ledger } from '../ledger.ts';

/** The last change to a household file: the household row, a member's row, or a history entry. */
const FILE_UPDATED_AT = `(CASE WHEN h.id IS NULL THEN NULL ELSE max(h.updated_at,
  coalesce((SELECT max(m.updated_at) FROM people m WHERE m.household_id = h.id), ''),
  coalesce((SELECT max(s.created_at) FROM household_status_history s WHERE s.household_id = h.id), '')) END)`;

const FIELDS: Record<PeopleQueryField, string> = {
  name: 'pe.name',
  idNumber: 'pe.id_number',
  gender: 'pe.gender',
  birthDate: 'pe.birth_date',
  phone: 'pe.phone',
  unitName: 'u.name',
  employmentStatus: 'pe.employment_status',
  relation: 'pe.relation',
  note: 'pe.note',
  fileNo: 'h.file_no',
  fileStatus: 'h.file_status',
  hardshipLevel: 'h.hardship_level',
  primaryCause: 'h.primary_cause',
  fileUpdatedOn: FILE_UPDATED_AT,
};

/** A payment that counts: neither a reversal entry nor reversed by one. */
const COUNTED = 'p.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses_id = p.id)';

const FROM = 'FROM people pe LEFT JOIN households h ON h.id = pe.household_id LEFT JOIN units u ON u.id = pe.unit_id';

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function field(name: string): string {
  if (!(PEOPLE_QUERY_FIELDS as readonly string[]).includes(name)) throw new LedgerError('invalid_input', `不能按“${name}”排序或筛选`);
  return FIELDS[name as PeopleQueryField];
}

/** One year before a date, as YYYY-MM-DD (29 February → 28 February). */
export function yearBefore(iso: string): string {
  const y = Number(iso.slice(0, 4)) - 1;
  const md = iso.slice(5) === '02-29' ? '02-28' : iso.slice(5);
  return `${y}-${md}`;
}

interface Where {
  clauses: string[];
  params: unknown[];
}

function filterClause(name: PeopleQueryField, f: PeopleFilter, w: Where): void {
  const e = field(name);
  const add = (sql: string, ...params: unknown[]) => {
    w.clauses.push(sql);
    w.params.push(...params);
  };
  switch (f.type) {
    case 'set': {
      const values = f.values.filter((v): v is string => v !== null);
      const parts: string[] = [];
      if (values.length) parts.push(`${e} IN (${values.map(() => '?').join(', ')})`);
      if (f.values.includes(null)) parts.push(`${e} IS NULL`);
      add(parts.length ? `(${parts.join(' OR ')})` : '0', ...values);
      break;
    }
    case 'text': {
      const v = f.value ?? '';
      switch (f.op) {
        case 'contains': add(`${e} LIKE ? ESCAPE '\\'`, `%${escapeLike(v)}%`); break;
        case 'notContains': add(`(${e} IS NULL OR ${e} NOT LIKE ? ESCAPE '\\')`, `%${escapeLike(v)}%`); break;
        case 'startsWith': add(`${e} LIKE ? ESCAPE '\\'`, `${escapeLike(v)}%`); break;
        case 'endsWith': add(`${e} LIKE ? ESCAPE '\\'`, `%${escapeLike(v)}`); break;
        case 'equals': add(`${e} = ?`, v); break;
        case 'notEqual': add(`(${e} IS NULL OR ${e} <> ?)`, v); break;
        case 'blank': add(`(${e} IS NULL OR ${e} = '')`); break;
        case 'notBlank': add(`(${e} IS NOT NULL AND ${e} <> '')`); break;
      }
      break;
    }
    case 'date': {
      const ops: Record<string, string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };
      // A date compared with a timestamp column: compare the date part.
      const ex = name === 'fileUpdatedOn' ? `substr(${e}, 1, 10)` : e;
      if (f.op === 'blank') add(`${e} IS NULL`);
      else if (f.op === 'notBlank') add(`${e} IS NOT NULL`);
      else if (f.op === 'between') add(`${ex} BETWEEN ? AND ?`, f.value ?? null, f.valueTo ?? null);
      else add(`${ex} ${ops[f.op]} ?`, f.value ?? null);
      break;
    }
  }
}

function buildWhere(q: PeopleQuery): Where {
  const w: Where = { clauses: [], params: [] };
  const view = q.view ?? 'all';
  if (!(PEOPLE_VIEWS as readonly string[]).includes(view)) throw new LedgerError('invalid_input', `未知的查询：${view}`);
  const year = q.year ?? new Date().getFullYear();
  switch (view) {
    case 'all':
      break;
    case 'inFile':
      w.clauses.push("h.file_status = '在档'");
      break;
    case 'leftFile':
      w.clauses.push("h.file_status IN ('脱困', '注销')");
      break;
    case 'stale': {
      const cutoff = yearBefore(q.asOf ?? todayIso());
      w.clauses.push(`h.file_status = '在档' AND h.updated_at < ?
        AND NOT EXISTS (SELECT 1 FROM people m WHERE m.household_id = h.id AND m.updated_at >= ?)
        AND NOT EXISTS (SELECT 1 FROM household_status_history s WHERE s.household_id = h.id AND s.created_at >= ?)`);
      w.params.push(cutoff, cutoff, cutoff);
      break;
    }
    case 'neverHelped':
      // Filed, and no member received a payment (that counts) since the filing date.
      w.clauses.push(`h.file_status = '在档' AND NOT EXISTS (SELECT 1 FROM people m JOIN payments p ON p.person_id = m.id
        WHERE m.household_id = h.id AND p.paid_on >= coalesce(h.filed_on, '0000') AND ${COUNTED})`);
      break;
    case 'helpedThisYear':
      // Paid in the year (the date index covers person_id); the few people with a reversal are checked payment by payment.
      w.clauses.push(`pe.id IN (SELECT p.person_id FROM payments p WHERE p.paid_on BETWEEN ? AND ?)
        AND (pe.id NOT IN (SELECT r.person_id FROM payments r WHERE r.reverses_id IS NOT NULL AND r.person_id IS NOT NULL)
          OR EXISTS (SELECT 1 FROM payments p WHERE p.person_id = pe.id AND p.paid_on BETWEEN ? AND ? AND ${COUNTED}))`);
      w.params.push(`${year}-01-01`, `${year}-12-31`, `${year}-01-01`, `${year}-12-31`);
      break;
  }
  if (q.unitId !== undefined && q.unitId !== null) {
    w.clauses.push(`pe.unit_id IN (WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT un.id FROM units un JOIN sub ON un.parent_id = sub.id) SELECT id FROM sub)`);
    w.params.push(q.unitId);
  }
  const search = q.search?.trim();
  if (search) {
    const like = `%${escapeLike(search)}%`;
    w.clauses.push(`(pe.name LIKE ? ESCAPE '\\' OR pe.id_number LIKE ? ESCAPE '\\' OR h.file_no LIKE ? ESCAPE '\\' OR pe.phone LIKE ? ESCAPE '\\')`);
    w.params.push(like, `%${escapeLike(search.toUpperCase())}%`, like, like);
  }
  for (const [name, f] of Object.entries(q.filters ?? {})) {
    if (f) filterClause(name as PeopleQueryField, f, w);
  }
  return w;
}

function whereSql(w: Where): string {
  return w.clauses.length ? `WHERE ${w.clauses.join(' AND ')}` : '';
}

export function countPeople(ledger: Ledger, q: PeopleQuery): number {
  const w = buildWhere(q);
  return ledger.stmt(`SELECT count(*) ${FROM} ${whereSql(w)}`).pluck().get(...w.params) as number;
}

/** One page of the people grid, newest first unless sorted. */
export function queryPeople(ledger: Ledger, q: PeopleQuery): PeoplePage {
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 5000);
  const offset = Math.max(q.offset ?? 0, 0);
  return ledger.read(() => {
    const w = buildWhere(q);
    const total = ledger.stmt(`SELECT count(*) ${FROM} ${whereSql(w)}`).pluck().get(...w.params) as number;
    const order = [...(q.sort ?? []).map((s) => `${field(s.field)} ${s.dir === 'desc' ? 'DESC' : 'ASC'}`), 'pe.id DESC'].join(', ');
    const ids = ledger.stmt(`SELECT pe.id ${FROM} ${whereSql(w)} ORDER BY ${order} LIMIT ? OFFSET ?`).pluck().all(...w.params, limit, offset) as number[];
    return { rows: personRows(ledger, ids, q.year ?? new Date().getFullYear()), total };
  });
}

interface RowData extends Omit<PersonRow, 'issues' | 'yearPayments' | 'yearPaidFen' | 'lastPaidOn'> {
  fileUpdatedAt: string | null;
}

/** The grid rows of the given people (in the given order), with the year's payments and the findings on their data. */
export function personRows(ledger: Ledger, ids: readonly number[], year: number): PersonRow[] {
  if (ids.length === 0) return [];
  const rows: RowData[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    rows.push(...(ledger.stmt(`SELECT pe.id, pe.name, pe.gender, pe.id_number AS idNumber, pe.birth_date AS birthDate, pe.phone,
        pe.unit_id AS unitId, u.name AS unitName, pe.employment_status AS employmentStatus, pe.household_id AS householdId,
        pe.relation, pe.note, h.file_no AS fileNo, h.file_status AS fileStatus, h.hardship_level AS hardshipLevel,
        h.primary_cause AS primaryCause, ${FILE_UPDATED_AT} AS fileUpdatedAt
      ${FROM} WHERE pe.id IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as RowData[]));
  }
  const paid = ledger.stmt(`SELECT
      (SELECT count(*) FROM payments p WHERE p.person_id = @id AND p.paid_on BETWEEN @from AND @to AND ${COUNTED}) AS n,
      (SELECT coalesce(sum(p.cash_fen + p.goods_fen), 0) FROM payments p WHERE p.person_id = @id AND p.paid_on BETWEEN @from AND @to) AS fen,
      (SELECT max(p.paid_on) FROM payments p WHERE p.person_id = @id) AS last`);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const p = paid.get({ id, from: `${year}-01-01`, to: `${year}-12-31` }) as { n: number; fen: number; last: string | null };
    const { fileUpdatedAt, ...rest } = r;
    return [{
      ...rest,
      fileUpdatedOn: fileUpdatedAt ? todayIso(new Date(fileUpdatedAt)) : null,
      yearPayments: p.n, yearPaidFen: p.fen, lastPaidOn: p.last,
      issues: personIssues(r),
    }];
  });
}

/** What is wrong with a person's own data, as the payments grid shows findings. */
export function personIssues(p: { idNumber: string | null; gender: '男' | '女' | null; householdId: number | null; fileStatus: string | null; relation: string | null }): PaymentIssueView[] {
  const out: PaymentIssueView[] = [];
  if (p.idNumber) {
    const info = parseResidentId(p.idNumber);
    for (const x of info.problems) out.push({ code: x.code, severity: 'error', field: 'idNumber', message: x.message });
    if (p.gender && info.gender && p.gender !== info.gender) {
      out.push({ code: 'gender_mismatch', severity: 'error', field: 'gender', message: `性别填写为“${p.gender}”，但身份证号显示为“${info.gender}”` });
    }
  } else if (p.fileStatus === '在档') {
    out.push({ code: 'missing_id', severity: 'warn', field: 'idNumber', message: '在档人员缺少身份证号码' });
  }
  if (p.householdId !== null && p.relation === null) {
    out.push({ code: 'missing_relation', severity: 'warn', field: 'relation', message: '未填写与户主关系' });
  }
  return out;
}
