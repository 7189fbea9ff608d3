/**
 * 年度帮扶救助情况统计表 of a year, and its consolidated version in a
 * prefecture's ledger that holds county filings (one sheet for the whole
 * prefecture by program and recipient kind, one by county with funds by county,
 * and the reconciliation of each county's package).
 *
 * A payment belongs to the year of its 发放日期. Counting (户数, 人数, 人次)
 * leaves out reversal entries and payments reversed within the same year; money is the net amount
 * of the year's rows. A payment reversed in a later year (its 冲正 dated then: the year may be
 * closed) counts in its own year as it was filed, and the reversal's negative money is the later year's.
 * A payment whose cash and goods are both 0 is no help given (an incomplete record, its finding 现金和慰问品金额都为0;
 * a name keyed and given up in the grid's entry row made one): it is left out of the form, neither 人次 nor its person
 * in 人数 and 户数 (its money is 0: no sum changes), and the export says how many (`notCounted`, `warnings`).
 */
import { todayIso } from '../../../shared/domain/dates.ts';
import { ANNUAL_NOTES, annualLayout, annualTitle, emptyStats, type AnnualGroup, type AnnualStats } from '../../../shared/forms/annual.ts';
import type { FormSheet } from '../../../shared/forms/layout.ts';
import { reconciliationLayout, type ReconciliationRow } from '../../../shared/forms/rollup.ts';
import type { SqliteDatabase } from '../db/open.ts';
import { LedgerError } from '../errors.ts';
import type { Ledger } from '../ledger.ts';
import { checkYear } from './filing.ts';
import type { ExportResult } from './roster.ts';
import { activeFilings, type ActiveFiling } from './rollup.ts';
import { readSettings } from './snapshot.ts';
import { filedOnOf } from './output.ts';
import { writeFormBook } from './xlsx.ts';

export interface AnnualOptions {
  year: number;
  /** 填报日期 (ISO); default today. */
  filedOn?: string;
  /**
   * Consolidated by county (a prefecture's ledger holding county filings).
   * Default: when the ledger holds filings for the year.
   */
  consolidated?: boolean;
}

export const UNASSIGNED_PROGRAM = '未归入项目';
export const UNCLASSIFIED_KIND = '未分类';
/** The county label of the prefecture's own payments in a consolidated form. */
export const OWN_LEVEL = '本级';

type Dim = 'programKind' | 'recipientKind' | 'county';

const DIM_SQL: Record<Dim, string> = {
  programKind: `coalesce(nullif(pr.kind, ''), '${UNASSIGNED_PROGRAM}')`,
  recipientKind: `coalesce(nullif(p.recipient_kind, ''), '${UNCLASSIFIED_KIND}')`,
  county: `coalesce(json_extract(b.mapping_json, '$.countyKey'), '')`,
};

/** A payment (row `p`) that pays something: cash or goods not 0. */
const PAYS_SOMETHING = '(p.cash_fen <> 0 OR p.goods_fen <> 0)';

/**
 * The year's payments of 0 (cash and goods) the form leaves out that it would have counted otherwise: not a reversal
 * entry, not reversed within the year.
 */
export function zeroPaymentsOfYear(db: SqliteDatabase, year: number): number {
  return db.prepare(`SELECT count(*) FROM payments p WHERE p.paid_on BETWEEN @from AND @to AND NOT ${PAYS_SOMETHING}
      AND p.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses_id = p.id AND r.paid_on <= @to)`)
    .pluck().get({ from: `${year}-01-01`, to: `${year}-12-31` }) as number;
}

/** What the export says of the payments of 0 it left out. */
function zeroWarnings(year: number, count: number): string[] {
  return count === 0 ? [] : [`${year}年有 ${count} 条发放记录的现金和慰问品金额都为 0（多为没有录完的记录），未计入户数、人数和人次：请在发放台账中核对，补全金额或删除（“检查”列标有“现金和慰问品金额都为0”，可按 F8 查找）`];
}

interface StatsRow extends AnnualStats {
  programKind?: string;
  recipientKind?: string;
  county?: string;
}

/** Statistics of the year's payments grouped by the given dimensions. */
export function yearStats(db: SqliteDatabase, year: number, dims: Dim[]): StatsRow[] {
  const select = dims.map((d) => `${DIM_SQL[d]} AS ${d}`);
  const sql = `WITH base AS (
      SELECT p.cash_fen, p.goods_fen, ${select.length ? `${select.join(', ')},` : ''}
        -- A payment reversed in a later year counts in its own year, as it was filed (its 冲正 is that later
        -- year's, with its negative money and no 人次); one reversed within the year does not count.
        (p.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses_id = p.id AND r.paid_on <= @to)) AS counted,
        coalesce('h' || pe.household_id, 'p' || p.person_id, 'x' || p.id) AS household,
        coalesce(p.person_id, -p.id) AS who
      FROM payments p
      LEFT JOIN programs pr ON pr.id = p.program_id
      LEFT JOIN people pe ON pe.id = p.person_id
      LEFT JOIN import_batches b ON b.id = p.import_batch_id AND b.format = 'filing' AND b.reverted_at IS NULL
      WHERE p.paid_on BETWEEN @from AND @to AND ${PAYS_SOMETHING}
    )
    SELECT ${dims.length ? `${dims.join(', ')},` : ''}
      count(DISTINCT CASE WHEN counted THEN household END) AS households,
      count(DISTINCT CASE WHEN counted THEN who END) AS people,
      coalesce(sum(counted), 0) AS payments,
      coalesce(sum(cash_fen), 0) AS cashFen,
      coalesce(sum(goods_fen), 0) AS goodsFen
    FROM base ${dims.length ? `GROUP BY ${dims.join(', ')}` : ''}`;
  return db.prepare(sql).all({ from: `${year}-01-01`, to: `${year}-12-31` }) as StatsRow[];
}

function codeOrder(db: SqliteDatabase, list: string): (a: string, b: string) => number {
  const order = new Map((db.prepare('SELECT value, sort_order FROM code_lists WHERE list = ?').all(list) as { value: string; sort_order: number }[]).map((r) => [r.value, r.sort_order]));
  const rank = (v: string) => (v === UNASSIGNED_PROGRAM || v === UNCLASSIFIED_KIND ? 1e9 : (order.get(v) ?? 1e6));
  return (a, b) => rank(a) - rank(b) || a.localeCompare(b, 'zh-Hans-CN');
}

function stats(r: StatsRow | undefined): AnnualStats {
  if (!r) return emptyStats();
  return { households: r.households, people: r.people, payments: r.payments, cashFen: r.cashFen, goodsFen: r.goodsFen };
}

/** Groups of rows: first dimension → second dimension, with the first dimension's own (distinct) subtotals. */
function grouped(db: SqliteDatabase, year: number, outer: Dim, inner: Dim, label: (key: string) => string, outerOrder: (a: string, b: string) => number, innerOrder: (a: string, b: string) => number): AnnualGroup[] {
  const detail = yearStats(db, year, [outer, inner]);
  const subtotals = new Map(yearStats(db, year, [outer]).map((r) => [r[outer]!, r]));
  const keys = [...subtotals.keys()].sort(outerOrder);
  return keys.map((k) => ({
    label: label(k),
    rows: detail.filter((r) => r[outer] === k).sort((a, b) => innerOrder(a[inner]!, b[inner]!)).map((r) => ({ label: r[inner]!, stats: stats(r) })),
    subtotal: stats(subtotals.get(k)),
  }));
}

/** Funds raised in the year by source: received in the year, or of a program of the year when no date was recorded. */
function fundsBySource(db: SqliteDatabase, year: number, programIds?: readonly number[]): { source: string; fen: number }[] {
  const filter = programIds === undefined ? '' : 'AND f.program_id IN (SELECT value FROM json_each(?))';
  const rows = db.prepare(`SELECT f.source AS source, sum(f.amount_fen) AS fen FROM program_funds f JOIN programs pr ON pr.id = f.program_id
    WHERE CAST(coalesce(substr(f.received_on, 1, 4), pr.year) AS INTEGER) = ? ${filter} GROUP BY f.source`)
    .all(...(programIds === undefined ? [year] : [year, JSON.stringify(programIds)])) as { source: string; fen: number }[];
  const order = codeOrder(db, 'fund_source');
  return rows.sort((a, b) => order(a.source, b.source));
}

export interface AnnualData {
  consolidated: boolean;
  sheets: FormSheet[];
  total: AnnualStats;
  /** Payment records of the year (reversal entries included). */
  records: number;
  /** The year's payments of 0 left out of the counts (zeroPaymentsOfYear). */
  notCounted: number;
  /** What the clerk should know of the form (the payments of 0 left out). */
  warnings: string[];
  filings: ActiveFiling[];
}

/** The sheets of the year's form (and, consolidated, of the county breakdown and reconciliation), from one consistent read. */
export function annualSheets(ledger: Ledger, options: AnnualOptions): AnnualData {
  const year = checkYear(options.year);
  return ledger.read(() => {
    const db = ledger.db;
    const settings = readSettings(db);
    const filings = activeFilings(db, year);
    const consolidated = options.consolidated ?? filings.length > 0;
    const total = stats(yearStats(db, year, [])[0]);
    const funds = fundsBySource(db, year);
    const notCounted = zeroPaymentsOfYear(db, year);
    if (total.payments === 0 && total.cashFen === 0 && total.goodsFen === 0 && funds.length === 0) {
      if (notCounted > 0) throw new LedgerError('not_found', `${year}年只有 ${notCounted} 条现金和慰问品金额都为 0 的发放记录（多为没有录完的记录），没有可统计的发放，无法生成年度统计表`);
      throw new LedgerError('not_found', `${year}年没有发放记录和资金记录，无法生成年度统计表`);
    }
    const warnings = zeroWarnings(year, notCounted);
    const records = db.prepare('SELECT count(*) FROM payments WHERE paid_on BETWEEN ? AND ?').pluck().get(`${year}-01-01`, `${year}-12-31`) as number;
    const filedOn = filedOnOf(options.filedOn, todayIso);
    const who = { leaderName: settings.leaderName, approverName: settings.approverName, clerkName: settings.clerkName };
    const kindOrder = codeOrder(db, 'program_kind');
    const recipientOrder = codeOrder(db, 'recipient_kind');
    const title = annualTitle(settings.officeName, year, consolidated);
    const main = annualLayout({
      ...who, officeName: settings.officeName, year, filedOn, title, sheetName: consolidated ? '全辖汇总' : '年度统计表',
      labels: ['项目类别', '救助对象类别'],
      groups: grouped(db, year, 'programKind', 'recipientKind', (k) => k, kindOrder, recipientOrder),
      total, funds: { kind: 'bySource', rows: funds }, notes: ANNUAL_NOTES,
    });
    if (!consolidated) return { consolidated, sheets: [main], total, records, notCounted, warnings, filings };

    // By county: the county of a payment is the package it came in; the rest is the office's own (本级).
    const countyName = new Map(filings.map((f) => [f.countyKey, f.officeName]));
    const ownName = `${OWN_LEVEL}（${settings.officeName || '本单位'}）`;
    const nameOf = (key: string) => (key === '' ? ownName : (countyName.get(key) ?? key));
    const countyOrder = (a: string, b: string) => (a === '' ? 1 : 0) - (b === '' ? 1 : 0) || a.localeCompare(b);
    const byCounty = grouped(db, year, 'county', 'programKind', nameOf, countyOrder, kindOrder);
    const ownedPrograms = new Set(activeFilings(db).flatMap((f) => f.programIds));
    const allPrograms = db.prepare('SELECT id FROM programs').pluck().all() as number[];
    const countyKeys = [...new Set(filings.map((f) => f.countyKey))];
    const paidByKey = new Map(yearStats(db, year, ['county']).map((r) => [r.county!, r.cashFen + r.goodsFen]));
    const fundRows = countyKeys.sort(countyOrder).map((key) => {
      const ids = [...new Set(activeFilings(db).filter((f) => f.countyKey === key).flatMap((f) => f.programIds))];
      return { county: nameOf(key), raisedFen: fundsBySource(db, year, ids).reduce((s, f) => s + f.fen, 0), paidFen: paidByKey.get(key) ?? 0 };
    });
    const ownPrograms = allPrograms.filter((id) => !ownedPrograms.has(id));
    const ownRaised = fundsBySource(db, year, ownPrograms).reduce((s, f) => s + f.fen, 0);
    if (ownRaised !== 0 || paidByKey.has('')) fundRows.push({ county: ownName, raisedFen: ownRaised, paidFen: paidByKey.get('') ?? 0 });
    const counties = annualLayout({
      ...who, officeName: settings.officeName, year, filedOn, title: `${title}（分单位）`, sheetName: '分单位汇总',
      labels: ['单位', '项目类别'], groups: byCounty, total, funds: { kind: 'byCounty', rows: fundRows }, notes: ANNUAL_NOTES,
    });
    return { consolidated, sheets: [main, counties, reconciliationSheet(db, settings.officeName, year, filedOn, filings, who)], total, records, notCounted, warnings, filings };
  });
}

/** 核对: each county's package against what the ledger holds of it now. */
export function reconciliationSheet(db: SqliteDatabase, officeName: string, year: number, filedOn: string, filings: ActiveFiling[], who: { leaderName: string; approverName: string; clerkName: string }): FormSheet {
  const now = db.prepare('SELECT count(*) AS n, coalesce(sum(cash_fen + goods_fen), 0) AS fen FROM payments WHERE import_batch_id = ?');
  const rows: ReconciliationRow[] = filings.map((f) => {
    const have = now.get(f.batchId) as { n: number; fen: number };
    return {
      county: f.officeName, regionCode: f.regionCode, fileName: f.fileName, exportedAt: f.exportedAt, importedAt: f.importedAt,
      packageRows: f.rowCount, ledgerRows: have.n, packageFen: f.totalFen, ledgerFen: have.fen, sha256: f.sha256,
    };
  });
  return reconciliationLayout({ ...who, officeName, year, filedOn, rows });
}

/** Write the year's form (consolidated when the ledger holds county filings for the year). */
export async function exportAnnual(ledger: Ledger, options: AnnualOptions & { out: string }): Promise<ExportResult & { consolidated: boolean; notCounted: number; warnings: string[] }> {
  const data = annualSheets(ledger, options);
  const written = await writeFormBook({ sheets: data.sheets }, options.out);
  return {
    ...written, consolidated: data.consolidated, notCounted: data.notCounted, warnings: data.warnings, rows: data.records, cashFen: data.total.cashFen, goodsFen: data.total.goodsFen,
    totalFen: data.total.cashFen + data.total.goodsFen,
  };
}
