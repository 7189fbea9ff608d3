/**
 * The program form (项目): code, name, year, kind, funds raised by source,
 * standard amounts per recipient kind and the rules, saved as one change. Rows
 * that did not change keep their ids (and their audit trail); rules that change
 * make the rule findings of the program's payments be recomputed in the same
 * transaction (the writer notes program_rules changes).
 */
import { parseDate } from '../../../shared/domain/dates.ts';
import { RULE_KINDS, RULE_KIND_LABELS, RULE_SCOPES, type RuleKind } from '../../../shared/domain/rules.ts';
import { collapseSpaces } from '../../../shared/domain/text.ts';
import type { ProgramForm, ProgramRuleInput } from '../../../shared/registers.ts';
import type { Tx } from '../db/writer.ts';
import { LedgerError } from '../errors.ts';
import { createProgram, findProgramByCode, replaceRules, updateProgram, type RuleInput } from './programs.ts';

const CAP_KINDS: readonly RuleKind[] = ['max_cash_per_payment', 'max_goods_per_payment', 'max_cash_per_person_year', 'max_total_per_person_year'];

function text(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const t = collapseSpaces(v);
  return t === '' ? null : t;
}

function optionalDate(v: string | null | undefined, label: string): string | null {
  const t = text(v);
  if (t === null) return null;
  const d = parseDate(t);
  if (!d.ok) throw new LedgerError('invalid_input', `${label}：${d.message}`);
  return d.iso;
}

function fen(v: number | undefined, label: string): number {
  const n = v ?? 0;
  if (!Number.isSafeInteger(n) || n < 0) throw new LedgerError('invalid_input', `${label}：金额应为不小于0的数（精确到分）`);
  return n;
}

function activeCode(tx: Tx, list: string, value: string, label: string, allowed: ReadonlySet<string>): void {
  if (allowed.has(value)) return;
  const row = tx.database.prepare('SELECT retired_at FROM code_lists WHERE list = ? AND value = ?').get(list, value) as { retired_at: string | null } | undefined;
  if (!row) throw new LedgerError('invalid_input', `${label}“${value}”不在代码表中（可在“设置 → 代码表”中增加）`);
  if (row.retired_at !== null) throw new LedgerError('invalid_input', `${label}“${value}”已停用`);
}

function checkedRules(tx: Tx, programId: number | null, rules: readonly ProgramRuleInput[], keepCategories: ReadonlySet<string>): RuleInput[] {
  return rules.map((r, i) => {
    const where = `规则第${i + 1}行`;
    if (!(RULE_KINDS as readonly string[]).includes(r.kind)) throw new LedgerError('invalid_input', `${where}：未知的规则类型“${r.kind}”`);
    const label = `${where}（${RULE_KIND_LABELS[r.kind].zh}）`;
    const scope = r.scope ?? 'program';
    if (!(RULE_SCOPES as readonly string[]).includes(scope)) throw new LedgerError('invalid_input', `${label}：范围无效`);
    const severity = r.severity ?? 'error';
    if (severity !== 'error' && severity !== 'warn') throw new LedgerError('invalid_input', `${label}：只能是“错误”或“警告”`);
    let amountFen: number | null = null;
    if (CAP_KINDS.includes(r.kind)) {
      if (r.amountFen === null || r.amountFen === undefined) throw new LedgerError('invalid_input', `${label}：请填写上限金额`);
      amountFen = fen(r.amountFen, label);
    }
    const category = text(r.category);
    if (category !== null) activeCode(tx, 'relief_category', category, `${label}：困难类别`, keepCategories);
    let otherProgramId: number | null = null;
    if (r.kind === 'exclusive_with_program') {
      if (r.otherProgramId === null || r.otherProgramId === undefined) throw new LedgerError('invalid_input', `${label}：请选择另一个项目`);
      if (r.otherProgramId === programId) throw new LedgerError('invalid_input', `${label}：不能选择本项目自己`);
      if (!tx.get('programs', r.otherProgramId)) throw new LedgerError('not_found', `${label}：找不到项目 #${r.otherProgramId}`);
      otherProgramId = r.otherProgramId;
    }
    return { kind: r.kind, amountFen, category, scope, otherProgramId, severity, note: text(r.note) };
  });
}

/** Create (id null) or update a program from its form; returns its id. */
export function saveProgramForm(tx: Tx, id: number | null, form: ProgramForm): number {
  const current = id === null ? undefined : tx.get('programs', id);
  if (id !== null && !current) throw new LedgerError('not_found', `找不到项目 #${id}`);
  const code = text(form.code);
  const name = text(form.name);
  if (code === null) throw new LedgerError('invalid_input', '项目编号不能为空');
  if (name === null) throw new LedgerError('invalid_input', '项目名称不能为空');
  if (!Number.isInteger(form.year) || form.year < 1900 || form.year > 2199) throw new LedgerError('invalid_input', `年度无效：${form.year}`);
  const other = findProgramByCode(tx, code);
  if (other !== null && other !== id) throw new LedgerError('duplicate', `项目编号“${code}”已被另一个项目使用`);
  const kind = text(form.kind);
  if (kind === null) throw new LedgerError('invalid_input', '请选择项目类别');
  activeCode(tx, 'program_kind', kind, '项目类别', new Set(current ? [String(current.kind)] : []));
  const startsOn = optionalDate(form.startsOn, '开始日期');
  const endsOn = optionalDate(form.endsOn, '结束日期');
  if (startsOn && endsOn && endsOn < startsOn) throw new LedgerError('invalid_input', `结束日期 ${endsOn} 早于开始日期 ${startsOn}`);

  // Values the program already uses stay allowed even when retired since.
  const used = (sql: string) => new Set(id === null ? [] : (tx.database.prepare(sql).pluck().all(id) as string[]));
  const funds = form.funds.map((f, i) => {
    const source = text(f.source);
    if (source === null) throw new LedgerError('invalid_input', `资金第${i + 1}行：请填写资金来源`);
    activeCode(tx, 'fund_source', source, `资金第${i + 1}行：资金来源`, used('SELECT source FROM program_funds WHERE program_id = ?'));
    return { source, amount_fen: fen(f.amountFen, `资金第${i + 1}行`), received_on: optionalDate(f.receivedOn, `资金第${i + 1}行：到账日期`), note: text(f.note) };
  });
  const seenKinds = new Set<string>();
  const standards = form.standards.map((s, i) => {
    const kindOf = text(s.recipientKind);
    if (kindOf === null) throw new LedgerError('invalid_input', `标准第${i + 1}行：请选择对象类别`);
    if (seenKinds.has(kindOf)) throw new LedgerError('invalid_input', `标准第${i + 1}行：对象类别“${kindOf}”重复`);
    seenKinds.add(kindOf);
    activeCode(tx, 'recipient_kind', kindOf, `标准第${i + 1}行：对象类别`, used('SELECT recipient_kind FROM program_standards WHERE program_id = ?'));
    return { recipient_kind: kindOf, cash_fen: fen(s.cashFen, `标准第${i + 1}行（现金）`), goods_fen: fen(s.goodsFen, `标准第${i + 1}行（慰问品）`), goods_desc: text(s.goodsDesc) };
  });
  const rules = checkedRules(tx, id, form.rules, used('SELECT category FROM program_rules WHERE program_id = ? AND category IS NOT NULL'));

  const fields = { code, name, year: form.year, kind, startsOn, endsOn, note: text(form.note) };
  let programId: number;
  if (id === null) {
    programId = createProgram(tx, { ...fields, rules, funds: [], standards: [] });
  } else {
    programId = id;
    updateProgram(tx, id, fields);
    replaceRules(tx, id, rules);
  }
  replaceRows(tx, 'program_funds', programId, funds, (r) => JSON.stringify([r.source, r.amount_fen, r.received_on, r.note]));
  replaceStandards(tx, programId, standards);
  return programId;
}

/** Replace a program's funds: rows equal to a wanted one stay, the rest are deleted or inserted. */
function replaceRows(
  tx: Tx,
  table: 'program_funds',
  programId: number,
  wanted: { source: string; amount_fen: number; received_on: string | null; note: string | null }[],
  key: (r: { source: string; amount_fen: number; received_on: string | null; note: string | null }) => string,
): void {
  const existing = tx.database.prepare(`SELECT id, source, amount_fen, received_on, note FROM ${table} WHERE program_id = ? ORDER BY id`).all(programId) as
    ({ id: number } & (typeof wanted)[number])[];
  const remaining = [...existing];
  const toInsert: typeof wanted = [];
  for (const w of wanted) {
    const i = remaining.findIndex((e) => key(e) === key(w));
    if (i >= 0) remaining.splice(i, 1);
    else toInsert.push(w);
  }
  for (const r of remaining) tx.delete(table, r.id);
  for (const w of toInsert) tx.insert(table, { program_id: programId, ...w });
}

/** Standards are one per recipient kind: changed ones are updated in place. */
function replaceStandards(tx: Tx, programId: number, wanted: { recipient_kind: string; cash_fen: number; goods_fen: number; goods_desc: string | null }[]): void {
  const existing = tx.database.prepare('SELECT id, recipient_kind FROM program_standards WHERE program_id = ?').all(programId) as { id: number; recipient_kind: string }[];
  const byKind = new Map(existing.map((e) => [e.recipient_kind, e.id]));
  for (const e of existing) if (!wanted.some((w) => w.recipient_kind === e.recipient_kind)) tx.delete('program_standards', e.id);
  for (const w of wanted) {
    const sid = byKind.get(w.recipient_kind);
    if (sid !== undefined) tx.update('program_standards', sid, { cash_fen: w.cash_fen, goods_fen: w.goods_fen, goods_desc: w.goods_desc });
    else tx.insert('program_standards', { program_id: programId, ...w });
  }
}

/** Delete a program that nothing refers to (no payments, no import, no other program's rule). */
export function deleteProgram(tx: Tx, id: number): void {
  const p = tx.get('programs', id);
  if (!p) throw new LedgerError('not_found', `找不到项目 #${id}`);
  const db = tx.database;
  const payments = db.prepare('SELECT count(*) FROM payments WHERE program_id = ?').pluck().get(id) as number;
  if (payments > 0) throw new LedgerError('invalid_input', `“${p.name}”已有 ${payments} 条发放记录，不能删除`);
  const batches = db.prepare('SELECT count(*) FROM import_batches WHERE program_id = ?').pluck().get(id) as number;
  if (batches > 0) throw new LedgerError('invalid_input', `“${p.name}”有导入记录，不能删除`);
  const referrers = db.prepare(`SELECT DISTINCT pr.name FROM program_rules r JOIN programs pr ON pr.id = r.program_id
    WHERE r.other_program_id = ? AND r.program_id <> ?`).pluck().all(id, id) as string[];
  if (referrers.length) throw new LedgerError('invalid_input', `“${p.name}”被${referrers.map((n) => `“${n}”`).join('、')}的规则引用，不能删除`);
  for (const table of ['program_rules', 'program_funds', 'program_standards'] as const) {
    for (const rid of db.prepare(`SELECT id FROM ${table} WHERE program_id = ? ORDER BY id`).pluck().all(id) as number[]) tx.delete(table, rid);
  }
  tx.delete('programs', id);
}
