/**
 * One household file as the clerk opens it: its fields (bank account masked),
 * members, status history, and every payment its members received, by year,
 * with the year's totals held against each rule of the programs that paid them.
 */
import { maskBankAccount } from '../../../shared/domain/residentId.ts';
import type { ProgramRule, RuleScope } from '../../../shared/domain/rules.ts';
import type { PaymentRow } from '../../../shared/payments.ts';
import type { HouseholdDetail, HouseholdMember, HouseholdStatusEntry, HouseholdYear, RuleStanding } from '../../../shared/registers.ts';
import { todayIso } from '../../../shared/domain/dates.ts';
import type { FileStatus } from '../../../shared/domain/codes.ts';
import { LedgerError } from '../errors.ts';
import type { Ledger } from '../ledger.ts';
import { getPaymentRows } from './payments.ts';

interface HouseholdDbRow {
  id: number;
  file_no: string | null;
  address: string | null;
  size: number | null;
  annual_income_fen: number | null;
  hardship_level: string | null;
  primary_cause: string | null;
  cause_2: string | null;
  cause_3: string | null;
  cause_4: string | null;
  file_status: FileStatus;
  filed_on: string | null;
  status_changed_on: string | null;
  bank_name: string | null;
  bank_account: string | null;
  unit_id: number | null;
  unit_name: string | null;
  note: string | null;
  updated_at: string;
}

interface RuleRow {
  id: number;
  program_id: number;
  kind: ProgramRule['kind'];
  amount_fen: number | null;
  category: string | null;
  scope: RuleScope;
  other_program_id: number | null;
  severity: ProgramRule['severity'];
}

export function householdDetail(ledger: Ledger, id: number): HouseholdDetail {
  return ledger.read(() => {
    const h = ledger.stmt(`SELECT h.*, u.name AS unit_name FROM households h LEFT JOIN units u ON u.id = h.unit_id WHERE h.id = ?`).get(id) as HouseholdDbRow | undefined;
    if (!h) throw new LedgerError('not_found', `找不到档案 #${id}`);
    const members = ledger.stmt(`SELECT pe.id, pe.name, pe.gender, pe.id_number AS idNumber, pe.birth_date AS birthDate, pe.phone,
        u.name AS unitName, pe.employment_status AS employmentStatus, pe.relation, pe.updated_at AS updatedAt
      FROM people pe LEFT JOIN units u ON u.id = pe.unit_id
      LEFT JOIN code_lists c ON c.list = 'relation' AND c.value = pe.relation
      WHERE pe.household_id = ? ORDER BY coalesce(c.sort_order, 1e9), pe.id`).all(id) as (HouseholdMember & { updatedAt: string })[];
    const history = ledger.stmt(`SELECT s.id, s.status, s.changed_on AS changedOn, s.reason, s.created_at AS recordedAt,
        (SELECT c.actor FROM audit_log a JOIN commands c ON c.id = a.command_id
          WHERE a.table_name = 'household_status_history' AND a.row_id = s.id AND a.op = 'insert' ORDER BY a.id DESC LIMIT 1) AS recordedBy
      FROM household_status_history s WHERE s.household_id = ? ORDER BY s.changed_on, s.id`).all(id) as HouseholdStatusEntry[];
    const updated = [h.updated_at, ...members.map((m) => m.updatedAt), ...history.map((e) => e.recordedAt)].sort().at(-1)!;
    const paymentIds = members.length === 0 ? [] : (ledger.stmt(`SELECT id FROM payments WHERE person_id IN (SELECT id FROM people WHERE household_id = ?)
      ORDER BY paid_on DESC, id DESC`).pluck().all(id) as number[]);
    const payments = getPaymentRows(ledger, paymentIds);
    return {
      id: h.id, fileNo: h.file_no, address: h.address, size: h.size, annualIncomeFen: h.annual_income_fen, hardshipLevel: h.hardship_level,
      primaryCause: h.primary_cause, otherCauses: [h.cause_2, h.cause_3, h.cause_4].filter((c): c is string => c !== null),
      fileStatus: h.file_status, filedOn: h.filed_on, statusChangedOn: h.status_changed_on, bankName: h.bank_name,
      bankAccountMasked: h.bank_account === null ? null : maskBankAccount(h.bank_account), unitId: h.unit_id, unitName: h.unit_name, note: h.note,
      fileUpdatedOn: todayIso(new Date(updated)),
      members: members.map(({ updatedAt: _u, ...m }) => m),
      history,
      years: paymentYears(ledger, payments),
    };
  });
}

/** The payments grouped by year (newest first), each year's totals and rule standings. */
function paymentYears(ledger: Ledger, payments: PaymentRow[]): HouseholdYear[] {
  const reversed = new Set(payments.filter((p) => p.reversesId !== null).map((p) => p.reversesId!));
  // A reversal entry may be outside the household's rows only if its person changed; ask the ledger to be sure.
  const extra = ledger.stmt(`SELECT reverses_id FROM payments WHERE reverses_id IN (SELECT value FROM json_each(?))`).pluck().all(JSON.stringify(payments.map((p) => p.id))) as number[];
  for (const r of extra) reversed.add(r);
  const counts = (p: PaymentRow) => p.reversesId === null && !reversed.has(p.id);
  const byYear = new Map<number, PaymentRow[]>();
  for (const p of payments) {
    const y = Number(p.paidOn.slice(0, 4));
    const list = byYear.get(y) ?? [];
    list.push(p);
    byYear.set(y, list);
  }
  const programIds = [...new Set(payments.map((p) => p.programId).filter((x): x is number => x !== null))];
  const rules = programIds.length === 0 ? [] : (ledger.stmt(`SELECT * FROM program_rules WHERE program_id IN (SELECT value FROM json_each(?)) ORDER BY id`).all(JSON.stringify(programIds)) as RuleRow[]);
  const names = new Map((ledger.stmt('SELECT id, name, kind FROM programs').all() as { id: number; name: string; kind: string }[]).map((p) => [p.id, p]));
  return [...byYear.entries()].sort((a, b) => b[0] - a[0]).map(([year, rows]) => {
    const counted = rows.filter(counts);
    return {
      year,
      payments: rows,
      cashFen: rows.reduce((s, p) => s + p.cashFen, 0),
      goodsFen: rows.reduce((s, p) => s + p.goodsFen, 0),
      totalFen: rows.reduce((s, p) => s + p.cashFen + p.goodsFen, 0),
      personTimes: counted.filter((p) => p.personId !== null).length,
      rules: standings(counted, rules, names),
    };
  });
}

function standings(counted: PaymentRow[], rules: RuleRow[], programs: Map<number, { name: string; kind: string }>): RuleStanding[] {
  const out: RuleStanding[] = [];
  const programsPaid = [...new Set(counted.map((p) => p.programId).filter((x): x is number => x !== null))];
  for (const programId of programsPaid) {
    const program = programs.get(programId)!;
    const inProgram = counted.filter((p) => p.programId === programId);
    const inScope = (p: PaymentRow, scope: RuleScope) =>
      scope === 'all' || (scope === 'program' ? p.programId === programId : p.programKind !== null && p.programKind === program.kind);
    const people = [...new Map(inProgram.filter((p) => p.personId !== null).map((p) => [p.personId!, p.personName])).entries()];
    for (const r of rules.filter((x) => x.program_id === programId)) {
      const matching = inProgram.filter((p) => r.category === null || p.category === r.category);
      if (matching.length === 0) continue;
      const base = {
        programId, programName: program.name, ruleId: r.id, kind: r.kind, category: r.category, scope: r.scope, severity: r.severity,
        otherProgramName: r.other_program_id === null ? null : (programs.get(r.other_program_id)?.name ?? `项目${r.other_program_id}`),
      };
      switch (r.kind) {
        case 'max_cash_per_payment':
        case 'max_goods_per_payment': {
          const value = (p: PaymentRow) => (r.kind === 'max_cash_per_payment' ? p.cashFen : p.goodsFen);
          const top = matching.reduce((a, b) => (value(b) > value(a) ? b : a));
          out.push({ ...base, personId: top.personId, personName: top.personName, used: value(top), limit: r.amount_fen ?? 0, unit: 'fen', ok: value(top) <= (r.amount_fen ?? 0) });
          break;
        }
        case 'max_cash_per_person_year':
        case 'max_total_per_person_year':
          for (const [personId, personName] of people) {
            if (!matching.some((p) => p.personId === personId)) continue;
            const used = counted.filter((p) => p.personId === personId && inScope(p, r.scope))
              .reduce((s, p) => s + p.cashFen + (r.kind === 'max_total_per_person_year' ? p.goodsFen : 0), 0);
            out.push({ ...base, personId, personName, used, limit: r.amount_fen ?? 0, unit: 'fen', ok: used <= (r.amount_fen ?? 0) });
          }
          break;
        case 'once_per_person_program':
          for (const [personId, personName] of people) {
            const used = inProgram.filter((p) => p.personId === personId).length;
            out.push({ ...base, personId, personName, used, limit: 1, unit: 'times', ok: used <= 1 });
          }
          break;
        case 'once_per_household_year': {
          const used = counted.filter((p) => inScope(p, r.scope)).length;
          out.push({ ...base, personId: null, personName: null, used, limit: 1, unit: 'times', ok: used <= 1 });
          break;
        }
        case 'exclusive_with_program':
          for (const [personId, personName] of people) {
            const used = counted.filter((p) => p.personId === personId && p.programId === r.other_program_id).length;
            out.push({ ...base, personId, personName, used, limit: 0, unit: 'times', ok: used === 0 });
          }
          break;
      }
    }
  }
  return out;
}
