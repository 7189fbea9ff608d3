/** Programs (项目): campaigns and subsidy rounds, their funds, standard amounts and rules. */
import { defaultRulesFor, RULE_KINDS, type ProgramRule } from '../../../shared/domain/rules.ts';
import { collapseSpaces } from '../../../shared/domain/text.ts';
import { LedgerError } from '../errors.ts';
import type { Tx } from '../db/writer.ts';
import type { Ledger } from '../ledger.ts';
import type { ProgramRecord, ProgramSummary } from '../../../shared/records.ts';

export type { ProgramRecord, ProgramSummary };

export type RuleInput = Omit<ProgramRule, 'id' | 'programId'> & { note?: string | null };

export interface FundInput {
  source: string;
  amountFen: number;
  receivedOn?: string | null;
  note?: string | null;
}

export interface StandardInput {
  recipientKind: string;
  cashFen: number;
  goodsFen?: number;
  goodsDesc?: string | null;
}

export interface ProgramInput {
  code: string;
  name: string;
  year: number;
  kind: string;
  startsOn?: string | null;
  endsOn?: string | null;
  note?: string | null;
  /** Omitted: the default rules (once per person per program). */
  rules?: RuleInput[];
  funds?: FundInput[];
  standards?: StandardInput[];
}


function checkRule(rule: RuleInput): void {
  if (!RULE_KINDS.includes(rule.kind)) throw new LedgerError('invalid_input', `未知的规则类型：${rule.kind}`);
  if (rule.kind.startsWith('max_') && (rule.amountFen === null || !Number.isSafeInteger(rule.amountFen) || rule.amountFen < 0)) {
    throw new LedgerError('invalid_input', '上限类规则必须填写不小于0的金额');
  }
  if (rule.kind === 'exclusive_with_program' && rule.otherProgramId === null) {
    throw new LedgerError('invalid_input', '“不得与另一项目重复享受”必须选择另一个项目');
  }
}

export function findProgramByCode(ledger: Ledger | Tx, code: string): number | null {
  const db = 'database' in ledger ? ledger.database : ledger.db;
  const row = db.prepare('SELECT id FROM programs WHERE code = ?').get(code.trim()) as { id: number } | undefined;
  return row?.id ?? null;
}

export function createProgram(tx: Tx, input: ProgramInput): number {
  const code = collapseSpaces(input.code ?? '');
  const name = collapseSpaces(input.name ?? '');
  if (code === '') throw new LedgerError('invalid_input', '项目编号不能为空');
  if (name === '') throw new LedgerError('invalid_input', '项目名称不能为空');
  if (!Number.isInteger(input.year) || input.year < 1900 || input.year > 2199) throw new LedgerError('invalid_input', `年度无效：${input.year}`);
  if (findProgramByCode(tx, code) !== null) throw new LedgerError('duplicate', `项目编号“${code}”已存在`);
  const id = tx.insert('programs', {
    code, name, year: input.year, kind: collapseSpaces(input.kind ?? ''), starts_on: input.startsOn ?? null,
    ends_on: input.endsOn ?? null, note: input.note ?? null,
  });
  replaceRules(tx, id, input.rules ?? defaultRulesFor(input.kind));
  for (const f of input.funds ?? []) addFund(tx, id, f);
  for (const s of input.standards ?? []) setStandard(tx, id, s);
  return id;
}

export function updateProgram(tx: Tx, id: number, patch: Partial<Omit<ProgramInput, 'rules' | 'funds' | 'standards'>>): string[] {
  const values: Record<string, string | number | null> = {};
  if (patch.code !== undefined) {
    const code = collapseSpaces(patch.code);
    const other = findProgramByCode(tx, code);
    if (code === '') throw new LedgerError('invalid_input', '项目编号不能为空');
    if (other !== null && other !== id) throw new LedgerError('duplicate', `项目编号“${code}”已存在`);
    values.code = code;
  }
  if (patch.name !== undefined) values.name = collapseSpaces(patch.name);
  if (patch.year !== undefined) values.year = patch.year;
  if (patch.kind !== undefined) values.kind = patch.kind;
  if (patch.startsOn !== undefined) values.starts_on = patch.startsOn;
  if (patch.endsOn !== undefined) values.ends_on = patch.endsOn;
  if (patch.note !== undefined) values.note = patch.note;
  return tx.update('programs', id, values);
}

/** Replace a program's rules with the given list (rules that did not change keep their ids). */
export function replaceRules(tx: Tx, programId: number, rules: readonly RuleInput[]): void {
  rules.forEach(checkRule);
  const existing = tx.database.prepare('SELECT * FROM program_rules WHERE program_id = ? ORDER BY id').all(programId) as {
    id: number; kind: string; amount_fen: number | null; category: string | null; scope: string; other_program_id: number | null; severity: string; note: string | null;
  }[];
  const keyOf = (r: { kind: string; amount_fen: number | null; category: string | null; scope: string; other_program_id: number | null; severity: string }) =>
    JSON.stringify([r.kind, r.amount_fen, r.category, r.scope, r.other_program_id, r.severity]);
  const wanted = rules.map((r) => ({
    kind: r.kind, amount_fen: r.amountFen ?? null, category: r.category ?? null, scope: r.scope ?? 'program',
    other_program_id: r.otherProgramId ?? null, severity: r.severity ?? 'error', note: r.note ?? null,
  }));
  const remaining = [...existing];
  const toInsert: typeof wanted = [];
  for (const w of wanted) {
    const i = remaining.findIndex((e) => keyOf(e) === keyOf(w));
    if (i >= 0) remaining.splice(i, 1);
    else toInsert.push(w);
  }
  for (const r of remaining) tx.delete('program_rules', r.id);
  for (const w of toInsert) tx.insert('program_rules', { program_id: programId, ...w });
}

export function addFund(tx: Tx, programId: number, f: FundInput): number {
  if (!Number.isSafeInteger(f.amountFen)) throw new LedgerError('invalid_input', '资金金额必须是整数分');
  if (collapseSpaces(f.source ?? '') === '') throw new LedgerError('invalid_input', '资金来源不能为空');
  return tx.insert('program_funds', {
    program_id: programId, source: collapseSpaces(f.source), amount_fen: f.amountFen, received_on: f.receivedOn ?? null, note: f.note ?? null,
  });
}

export function setStandard(tx: Tx, programId: number, s: StandardInput): number {
  const existing = tx.database.prepare('SELECT id FROM program_standards WHERE program_id = ? AND recipient_kind = ?').get(programId, s.recipientKind) as
    | { id: number }
    | undefined;
  const values = { cash_fen: s.cashFen, goods_fen: s.goodsFen ?? 0, goods_desc: s.goodsDesc ?? null };
  if (existing) {
    tx.update('program_standards', existing.id, values);
    return existing.id;
  }
  return tx.insert('program_standards', { program_id: programId, recipient_kind: s.recipientKind, ...values });
}

export function getProgram(ledger: Ledger, id: number): ProgramRecord {
  const p = ledger.stmt('SELECT id, code, name, year, kind, starts_on AS startsOn, ends_on AS endsOn, note FROM programs WHERE id = ?').get(id) as
    | Omit<ProgramRecord, 'rules' | 'funds' | 'standards' | 'raisedFen' | 'paidCashFen' | 'paidGoodsFen' | 'paymentCount'>
    | undefined;
  if (!p) throw new LedgerError('not_found', `找不到项目 #${id}`);
  const rules = (ledger.stmt('SELECT * FROM program_rules WHERE program_id = ? ORDER BY id').all(id) as {
    id: number; program_id: number; kind: ProgramRule['kind']; amount_fen: number | null; category: string | null;
    scope: ProgramRule['scope']; other_program_id: number | null; severity: ProgramRule['severity'];
  }[]).map((r) => ({
    id: r.id, programId: r.program_id, kind: r.kind, amountFen: r.amount_fen, category: r.category, scope: r.scope,
    otherProgramId: r.other_program_id, severity: r.severity,
  }));
  const funds = ledger.stmt('SELECT id, source, amount_fen AS amountFen, received_on AS receivedOn, note FROM program_funds WHERE program_id = ? ORDER BY id').all(id) as ProgramRecord['funds'];
  const standards = ledger.stmt('SELECT id, recipient_kind AS recipientKind, cash_fen AS cashFen, goods_fen AS goodsFen, goods_desc AS goodsDesc FROM program_standards WHERE program_id = ? ORDER BY id').all(id) as ProgramRecord['standards'];
  const paid = ledger.stmt('SELECT count(*) AS n, coalesce(sum(cash_fen), 0) AS c, coalesce(sum(goods_fen), 0) AS g FROM payments WHERE program_id = ?').get(id) as { n: number; c: number; g: number };
  return {
    ...p, rules, funds, standards,
    raisedFen: funds.reduce((s, f) => s + f.amountFen, 0),
    paidCashFen: paid.c, paidGoodsFen: paid.g, paymentCount: paid.n,
  };
}


export function listPrograms(ledger: Ledger, year?: number, withTotals = true): ProgramSummary[] {
  if (!withTotals) {
    // For dropdowns: no sums over the payments (they cost a scan on a big ledger).
    return ledger
      .stmt(`SELECT p.id, p.code, p.name, p.year, p.kind, 0 AS raisedFen, 0 AS paidCashFen, 0 AS paidGoodsFen, 0 AS paymentCount
        FROM programs p WHERE (@year IS NULL OR p.year = @year) ORDER BY p.year DESC, p.code`)
      .all({ year: year ?? null }) as ProgramSummary[];
  }
  return ledger
    .stmt(`SELECT p.id, p.code, p.name, p.year, p.kind,
        coalesce((SELECT sum(amount_fen) FROM program_funds f WHERE f.program_id = p.id), 0) AS raisedFen,
        coalesce(t.cash, 0) AS paidCashFen, coalesce(t.goods, 0) AS paidGoodsFen, coalesce(t.n, 0) AS paymentCount
      FROM programs p
      LEFT JOIN (SELECT program_id, sum(cash_fen) AS cash, sum(goods_fen) AS goods, count(*) AS n FROM payments
        WHERE program_id IN (SELECT id FROM programs WHERE @year IS NULL OR year = @year) GROUP BY program_id) t ON t.program_id = p.id
      WHERE (@year IS NULL OR p.year = @year) ORDER BY p.year DESC, p.code`)
    .all({ year: year ?? null }) as ProgramSummary[];
}
