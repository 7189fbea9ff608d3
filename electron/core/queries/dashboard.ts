/**
 * 首页: the year at a glance, from one pass over the year's payments. The
 * counting rules are the annual form's (docs/ARCHITECTURE.md, Export): a payment
 * belongs to the year of its 发放日期; money is summed net (reversal entries
 * included); 人次, 人数 and 户数 leave out reversed payments and reversal entries,
 * and payments of 0 (cash and goods: no help given, an incomplete record);
 * a person without a household is one household, a payment without a person one
 * person. Funds of the year: received in the year, or of a program of the year
 * when no date was recorded.
 */
import { PAYMENT_STATUSES, type PaymentStatus } from '../../../shared/domain/codes.ts';
import { countsOtherPrograms, RULE_KIND_LABELS, type RuleKind, type RuleScope } from '../../../shared/domain/rules.ts';
import type { DashboardData, DashboardFigures, DashboardSlice, DashboardWarning, SliceFigures } from '../../../shared/registers.ts';
import { LedgerError } from '../errors.ts';
import type { Ledger } from '../ledger.ts';

/** Titles of the findings that are not program rules. */
export const FINDING_LABELS: Record<string, string> = {
  missing_person: '缺少领取人',
  missing_program: '未选择项目',
  negative_amount: '金额为负数',
  zero_amount: '金额为0',
  amount_large: '金额超过10万元',
  date_outside_year: '发放日期不在项目年度内',
  gender_mismatch: '性别与身份证号不符',
  id_length: '身份证号位数不对',
  id_format: '身份证号格式错误',
  id_checksum: '身份证号校验位错误',
  id_birth_date: '身份证号出生日期无效',
  id_precision_lost: '身份证号被表格截断',
};

/** Sums of a slice: money net, 人次 without reversed payments, reversal entries and payments of 0. */
class Acc {
  records = 0;
  personTimes = 0;
  cashFen = 0;
  goodsFen = 0;

  add(cash: number, goods: number, counted: boolean): void {
    this.records++;
    this.cashFen += cash;
    this.goodsFen += goods;
    if (counted) this.personTimes++;
  }

  figures(): SliceFigures {
    return { records: this.records, personTimes: this.personTimes, cashFen: this.cashFen, goodsFen: this.goodsFen, totalFen: this.cashFen + this.goodsFen };
  }
}

type YearRow = [id: number, programId: number | null, personId: number | null, month: number, cash: number, goods: number, kind: string | null, unitId: number | null, status: PaymentStatus, reversesId: number | null];

function group<K>(map: Map<K, Acc>, key: K): Acc {
  let a = map.get(key);
  if (!a) {
    a = new Acc();
    map.set(key, a);
  }
  return a;
}

export const UNASSIGNED = '未归入项目';
export const UNCLASSIFIED = '未分类';
export const NO_UNIT = '未填单位';

/** The last figures computed per ledger and year, valid while no command has been written since. */
const cache = new WeakMap<Ledger, Map<number, { version: string; data: DashboardData }>>();

export function dashboard(ledger: Ledger, year: number, options: { warnings?: number } = {}): DashboardData {
  if (!Number.isInteger(year) || year < 1900 || year > 2199) throw new LedgerError('invalid_input', `年度无效：${year}`);
  return ledger.read(() => {
    const version = `${ledger.changeStamp()}:${options.warnings ?? 8}`;
    const byYear = cache.get(ledger) ?? new Map<number, { version: string; data: DashboardData }>();
    cache.set(ledger, byYear);
    const hit = byYear.get(year);
    if (hit && hit.version === version) return hit.data;
    const data = compute(ledger, year, options.warnings ?? 8);
    byYear.set(year, { version, data });
    return data;
  });
}

function compute(ledger: Ledger, year: number, warnings: number): DashboardData {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  {
    const total = new Acc();
    const byProgram = new Map<number | null, Acc>();
    const byMonth = new Map<number, Acc>();
    const byKind = new Map<string | null, Acc>();
    const byUnit = new Map<number | null, Acc>();
    // By township: a unit's top-level ancestor (a 乡镇工会联合会 with the grassroots unions under it).
    const units = ledger.stmt('SELECT id, name, parent_id FROM units').raw().all() as [number, string, number | null][];
    const parentOf = new Map(units.map(([id, , parent]) => [id, parent]));
    const nameOf = new Map(units.map(([id, name]) => [id, name]));
    const topOf = new Map<number, number>();
    for (const [id] of units) {
      let top = id;
      for (let depth = 0; parentOf.get(top) != null && depth < 20; depth++) top = parentOf.get(top)!;
      topOf.set(id, top);
    }
    const byStatus = Object.fromEntries(PAYMENT_STATUSES.map((s) => [s, 0])) as Record<PaymentStatus, number>;
    // Households and reversals are few: look them up in memory rather than joining every row.
    const householdOf = new Map(ledger.stmt('SELECT id, household_id FROM people WHERE household_id IS NOT NULL').raw().all() as [number, number][]);
    const reversed = new Set(ledger.stmt('SELECT reverses_id FROM payments WHERE reverses_id IS NOT NULL').pluck().all() as number[]);
    // A year that is a large share of the ledger is read in table order (sequential) rather than through the date index.
    const inYear = ledger.stmt('SELECT count(*) FROM payments WHERE paid_on BETWEEN ? AND ?').pluck().get(from, to) as number;
    const all = ledger.stmt('SELECT count(*) FROM payments').pluck().get() as number;
    const source = inYear * 5 > all ? 'payments NOT INDEXED' : 'payments';
    const rows = ledger.stmt(`SELECT id, program_id, person_id, CAST(substr(paid_on, 6, 2) AS INTEGER), cash_fen, goods_fen, recipient_kind, unit_id, status, reverses_id
      FROM ${source} WHERE paid_on BETWEEN ? AND ?`).raw();
    // 人数 and 户数 of the year: distinct people (a payment without a person is one) and households (a person without
    // one is one household), marked in bitmaps over the ids (Sets of hundreds of thousands of numbers are much slower).
    const maxPerson = (ledger.stmt('SELECT max(id) FROM people').pluck().get() as number | null) ?? 0;
    const maxHousehold = (ledger.stmt('SELECT max(id) FROM households').pluck().get() as number | null) ?? 0;
    const seenPerson = new Uint8Array(maxPerson + 1);
    const seenHousehold = new Uint8Array(maxHousehold + 1);
    let people = 0;
    let households = 0;
    let loose = 0;
    const months = Array.from({ length: 13 }, () => new Acc());
    for (const r of rows.iterate(from, to) as IterableIterator<YearRow>) {
      const id = r[0];
      const personId = r[2];
      const cash = r[4];
      const goods = r[5];
      // (A payment of 0, cash and goods, is no help given: the annual form leaves it out of its counts too.)
      const counted = r[9] === null && !reversed.has(id) && (cash !== 0 || goods !== 0);
      if (counted) {
        if (personId === null) loose++;
        else if (seenPerson[personId] === 0) {
          seenPerson[personId] = 1;
          people++;
          const householdId = householdOf.get(personId);
          if (householdId === undefined) households++;
          else if (seenHousehold[householdId] === 0) {
            seenHousehold[householdId] = 1;
            households++;
          }
        }
      }
      total.add(cash, goods, counted);
      group(byProgram, r[1]).add(cash, goods, counted);
      months[r[3]]!.add(cash, goods, counted);
      group(byKind, r[6] === '' ? null : r[6]).add(cash, goods, counted);
      group(byUnit, r[7] === null ? null : (topOf.get(r[7]) ?? r[7])).add(cash, goods, counted);
      byStatus[r[8]]++;
    }
    months.forEach((acc, m) => acc.records > 0 && byMonth.set(m, acc));
    people += loose;
    households += loose;

    // Programs: those of the year, and any other that paid in it.
    const programs = ledger.stmt(`SELECT pr.id, pr.code, pr.name, pr.kind, pr.year,
        coalesce((SELECT sum(f.amount_fen) FROM program_funds f WHERE f.program_id = pr.id AND CAST(coalesce(substr(f.received_on, 1, 4), pr.year) AS INTEGER) = @year), 0) AS raised
      FROM programs pr WHERE pr.year = @year OR pr.id IN (SELECT value FROM json_each(@ids)) ORDER BY pr.code`)
      .all({ year, ids: JSON.stringify([...byProgram.keys()].filter((k) => k !== null)) }) as { id: number; code: string; name: string; kind: string; year: number; raised: number }[];
    const empty = new Acc().figures();
    const programSlices: DashboardData['byProgram'] = programs.map((p) => ({
      key: String(p.id), label: p.name, programId: p.id, raisedFen: p.raised, figures: byProgram.get(p.id)?.figures() ?? empty,
    }));
    if (byProgram.has(null)) programSlices.push({ key: 'none', label: UNASSIGNED, programId: null, raisedFen: 0, figures: byProgram.get(null)!.figures() });
    const raisedFen = ledger.stmt(`SELECT coalesce(sum(f.amount_fen), 0) FROM program_funds f JOIN programs pr ON pr.id = f.program_id
      WHERE CAST(coalesce(substr(f.received_on, 1, 4), pr.year) AS INTEGER) = ?`).pluck().get(year) as number;

    const kindOrder = new Map((ledger.stmt("SELECT value, sort_order FROM code_lists WHERE list = 'recipient_kind'").all() as { value: string; sort_order: number }[]).map((r) => [r.value, r.sort_order]));
    const kindSlices: DashboardSlice[] = [...byKind.entries()]
      .sort((a, b) => (a[0] === null ? 1 : b[0] === null ? -1 : (kindOrder.get(a[0]) ?? 1e6) - (kindOrder.get(b[0]) ?? 1e6) || a[0].localeCompare(b[0], 'zh-Hans-CN')))
      .map(([k, acc]) => ({ key: k ?? '', label: k ?? UNCLASSIFIED, figures: acc.figures() }));

    const subtree = new Map<number, string[]>();
    for (const [id, top] of topOf) subtree.set(top, [...(subtree.get(top) ?? []), nameOf.get(id)!]);
    const unitSlices = [...byUnit.entries()]
      .map(([id, acc]) => ({
        key: id === null ? '' : String(id), label: id === null ? NO_UNIT : (nameOf.get(id) ?? `#${id}`), unitId: id,
        unitNames: id === null ? [] : [...new Set(subtree.get(id) ?? [])], figures: acc.figures(),
      }))
      .sort((a, b) => b.figures.totalFen - a.figures.totalFen || a.label.localeCompare(b.label, 'zh-Hans-CN'));

    const monthSlices = Array.from({ length: 12 }, (_, i) => ({ key: String(i + 1), label: `${i + 1}月`, month: i + 1, figures: byMonth.get(i + 1)?.figures() ?? empty }));

    const total_: DashboardFigures = { ...total.figures(), people, households };
    return {
      year, total: total_, raisedFen, balanceFen: raisedFen - total_.totalFen,
      byProgram: programSlices, byMonth: monthSlices, byRecipientKind: kindSlices, byUnit: unitSlices, byStatus,
      warnings: topWarnings(ledger, from, to, warnings),
    };
  }
}

/** The findings of the year's payments, grouped (a program rule, or a kind of data problem), most frequent first. */
function topWarnings(ledger: Ledger, from: string, to: string, limit: number): DashboardWarning[] {
  const rows = ledger.stmt(`SELECT i.code, i.severity, i.rule_id AS ruleId, count(DISTINCT i.payment_id) AS n, min(i.message) AS example,
      r.kind AS ruleKind, r.scope AS ruleScope, r.category, r.program_id AS programId, pr.name AS programName
    FROM payment_issues i JOIN payments p ON p.id = i.payment_id
    LEFT JOIN program_rules r ON r.id = i.rule_id LEFT JOIN programs pr ON pr.id = r.program_id
    WHERE p.paid_on BETWEEN ? AND ?
    GROUP BY i.code, i.severity ORDER BY n DESC, i.severity, i.code LIMIT ?`).all(from, to, limit) as {
    code: string; severity: 'error' | 'warn'; ruleId: number | null; n: number; example: string; ruleKind: RuleKind | null; ruleScope: RuleScope | null;
    category: string | null; programId: number | null; programName: string | null;
  }[];
  return rows.map((r) => ({
    // A rule counted over other programs marks their payments too: its row opens the grid on no one program.
    code: r.code, severity: r.severity, count: r.n, example: r.example,
    programId: r.ruleKind && r.ruleScope && countsOtherPrograms({ kind: r.ruleKind, scope: r.ruleScope }) ? null : r.programId,
    label: r.ruleKind
      ? `${r.programName}：${RULE_KIND_LABELS[r.ruleKind].zh}${r.category ? `（${r.category}）` : ''}`
      : (FINDING_LABELS[r.code] ?? r.example),
  }));
}
