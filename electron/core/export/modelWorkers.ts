/**
 * 劳模补助金发放表 of a year: every person paid under a model-worker subsidy
 * program (kind 劳模补助 by default) in the year, with the honour from the
 * register (the highest level; a row that draws 两金/三金 first), grouped by
 * level. Amounts are the cash paid in the year, net of reversals; people whose
 * every payment was reversed are left out. In a prefecture's ledger holding
 * county filings the form is consolidated: a 单位 column, a summary by county
 * and the reconciliation sheet.
 */
import { todayIso } from '../../../shared/domain/dates.ts';
import type { CapitalScript } from '../../../shared/domain/money.ts';
import type { FormSheet } from '../../../shared/forms/layout.ts';
import {
  modelWorkerCountyLayout,
  modelWorkerLayout,
  modelWorkerTitle,
  UNREGISTERED_LEVEL,
  type ModelWorkerCountySummary,
  type ModelWorkerGroup,
  type ModelWorkerPaidRow,
} from '../../../shared/forms/modelWorkers.ts';
import type { SqliteDatabase } from '../db/open.ts';
import { LedgerError } from '../errors.ts';
import type { Ledger } from '../ledger.ts';
import { OWN_LEVEL, reconciliationSheet } from './annual.ts';
import { checkYear } from './filing.ts';
import type { ExportResult } from './roster.ts';
import { activeFilings } from './rollup.ts';
import { readSettings } from './snapshot.ts';
import { filedOnOf } from './output.ts';
import { writeFormBook } from './xlsx.ts';

export const MODEL_WORKER_PROGRAM_KINDS = ['劳模补助'];

export interface ModelWorkerFormOptions {
  year: number;
  filedOn?: string;
  /** Program kinds whose payments are model-worker subsidies (default 劳模补助). */
  programKinds?: string[];
  maskIds?: boolean;
  /** Default: when the ledger holds county filings for the year. */
  consolidated?: boolean;
}

interface PaidPerson {
  personId: number;
  countyKey: string;
  name: string;
  gender: string | null;
  idNumber: string | null;
  unitName: string | null;
  amountFen: number;
}

interface Honour {
  honour_level: string;
  title: string;
  year_awarded: number | null;
  subsidy_kind: string | null;
  in_hardship: number;
  note: string | null;
}

function paidPeople(db: SqliteDatabase, year: number, kinds: string[]): PaidPerson[] {
  return db.prepare(`SELECT p.person_id AS personId, coalesce(json_extract(b.mapping_json, '$.countyKey'), '') AS countyKey,
        pe.name, pe.gender, pe.id_number AS idNumber, coalesce(u.name, max(pu.name)) AS unitName, sum(p.cash_fen) AS amountFen,
        sum(p.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses_id = p.id AND r.paid_on <= @to)) AS counted
      FROM payments p
      JOIN programs pr ON pr.id = p.program_id
      JOIN people pe ON pe.id = p.person_id
      LEFT JOIN units u ON u.id = pe.unit_id
      LEFT JOIN units pu ON pu.id = p.unit_id
      LEFT JOIN import_batches b ON b.id = p.import_batch_id AND b.format = 'filing' AND b.reverted_at IS NULL
      WHERE p.paid_on BETWEEN @from AND @to AND pr.kind IN (SELECT value FROM json_each(@kinds))
      GROUP BY p.person_id, countyKey
      HAVING counted > 0`).all({ from: `${year}-01-01`, to: `${year}-12-31`, kinds: JSON.stringify(kinds) }) as PaidPerson[];
}

export interface ModelWorkerFormData {
  consolidated: boolean;
  sheets: FormSheet[];
  people: number;
  amountFen: number;
}

export function modelWorkerSheets(ledger: Ledger, options: ModelWorkerFormOptions): ModelWorkerFormData {
  const year = checkYear(options.year);
  const kinds = options.programKinds ?? MODEL_WORKER_PROGRAM_KINDS;
  if (kinds.length === 0) throw new LedgerError('invalid_input', '请指定劳模补助的项目类别');
  return ledger.read(() => {
    const db = ledger.db;
    const settings = readSettings(db);
    const filings = activeFilings(db, year);
    const consolidated = options.consolidated ?? filings.length > 0;
    const paid = paidPeople(db, year, kinds);
    if (paid.length === 0) throw new LedgerError('not_found', `${year}年没有劳模补助发放记录（项目类别：${kinds.join('、')}）`);

    const levelRank = new Map((db.prepare("SELECT value, sort_order FROM code_lists WHERE list = 'honour_level'").all() as { value: string; sort_order: number }[]).map((r) => [r.value, r.sort_order]));
    const rank = (level: string) => (level === UNREGISTERED_LEVEL ? 1e9 : (levelRank.get(level) ?? 1e6));
    const honours = db.prepare('SELECT honour_level, title, year_awarded, subsidy_kind, in_hardship, note FROM model_workers WHERE person_id = ?');
    const bestHonour = (personId: number): Honour | undefined =>
      (honours.all(personId) as Honour[]).sort((a, b) =>
        (a.subsidy_kind === null ? 1 : 0) - (b.subsidy_kind === null ? 1 : 0) || rank(a.honour_level) - rank(b.honour_level) || (b.year_awarded ?? 0) - (a.year_awarded ?? 0),
      )[0];

    const countyName = new Map(filings.map((f) => [f.countyKey, f.officeName]));
    const ownName = `${OWN_LEVEL}（${settings.officeName || '本单位'}）`;
    const nameOf = (key: string) => (key === '' ? ownName : (countyName.get(key) ?? key));
    const byLevel = new Map<string, ModelWorkerPaidRow[]>();
    for (const p of paid) {
      const h = bestHonour(p.personId);
      const level = h?.honour_level ?? UNREGISTERED_LEVEL;
      const note = [h?.in_hardship === 1 ? '困难劳模' : null, h?.note ?? null].filter((x) => x).join('；') || null;
      const row: ModelWorkerPaidRow = {
        county: consolidated ? nameOf(p.countyKey) : null, name: p.name, gender: p.gender, idNumber: p.idNumber, unitName: p.unitName,
        title: h?.title ?? null, yearAwarded: h?.year_awarded ?? null, subsidyKind: h?.subsidy_kind ?? null, amountFen: p.amountFen, note,
      };
      const list = byLevel.get(level) ?? [];
      list.push(row);
      byLevel.set(level, list);
    }
    // Counties in the order of their filings (region code), the office's own last.
    const countyRank = new Map(filings.map((f, i) => [f.officeName, i]));
    const countyOrder = (a: string | null, b: string | null) =>
      (countyRank.get(a ?? '') ?? (a === ownName ? 1e9 : 1e6)) - (countyRank.get(b ?? '') ?? (b === ownName ? 1e9 : 1e6)) || (a ?? '').localeCompare(b ?? '', 'zh-Hans-CN');
    const groups: ModelWorkerGroup[] = [...byLevel.entries()]
      .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b, 'zh-Hans-CN'))
      .map(([level, rows]) => ({
        level,
        rows: rows.sort((a, b) => countyOrder(a.county, b.county) || (a.subsidyKind ?? '').localeCompare(b.subsidyKind ?? '') || a.name.localeCompare(b.name, 'zh-Hans-CN') || (a.idNumber ?? '').localeCompare(b.idNumber ?? '')),
      }));
    const filedOn = filedOnOf(options.filedOn, todayIso);
    const who = { leaderName: settings.leaderName, approverName: settings.approverName, clerkName: settings.clerkName };
    const title = modelWorkerTitle(settings.officeName, year, consolidated);
    const main = modelWorkerLayout({
      ...who, officeName: settings.officeName, year, filedOn, title, capitalScript: settings.capitalScript as CapitalScript,
      groups, withCounty: consolidated, maskIds: options.maskIds ?? false,
    });
    const amountFen = paid.reduce((s, p) => s + p.amountFen, 0);
    if (!consolidated) return { consolidated, sheets: [main], people: paid.length, amountFen };

    const summary = new Map<string, Map<string, { people: number; amountFen: number }>>();
    for (const g of groups) {
      for (const r of g.rows) {
        const county = r.county!;
        const levels = summary.get(county) ?? new Map();
        const cell = levels.get(g.level) ?? { people: 0, amountFen: 0 };
        cell.people++;
        cell.amountFen += r.amountFen;
        levels.set(g.level, cell);
        summary.set(county, levels);
      }
    }
    const counties: ModelWorkerCountySummary[] = [...summary.entries()]
      .sort(([a], [b]) => countyOrder(a, b))
      .map(([county, levels]) => ({ county, levels: [...levels.entries()].sort(([a], [b]) => rank(a) - rank(b)).map(([level, v]) => ({ level, ...v })) }));
    return {
      consolidated,
      sheets: [main, modelWorkerCountyLayout(title, settings.officeName, filedOn, counties, who), reconciliationSheet(db, settings.officeName, year, filedOn, filings, who)],
      people: paid.length,
      amountFen,
    };
  });
}

export async function exportModelWorkers(ledger: Ledger, options: ModelWorkerFormOptions & { out: string }): Promise<ExportResult & { consolidated: boolean }> {
  const data = modelWorkerSheets(ledger, options);
  const written = await writeFormBook({ sheets: data.sheets }, options.out);
  return { ...written, consolidated: data.consolidated, rows: data.people, cashFen: data.amountFen, goodsFen: 0, totalFen: data.amountFen };
}
