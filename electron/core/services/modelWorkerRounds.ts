/**
 * Subsidy rounds from the model-worker register (两金 for 省部级, 三金 for 全国
 * model workers in hardship, or a Spring Festival visit to all): the eligible
 * list is read from the register, each person once, leaving out those already
 * paid in the program, and turned into payment rows at the program's standard
 * amounts (困难劳模 for those in hardship, 劳动模范 otherwise) in one command.
 */
import { parseDate } from '../../../shared/domain/dates.ts';
import type { RoundCandidate, RoundCriteria, RoundPreview, RoundResult } from '../../../shared/registers.ts';
import type { SqliteDatabase } from '../db/open.ts';
import type { Tx } from '../db/writer.ts';
import { LedgerError } from '../errors.ts';
import { bulkInsertPayments } from './payments.ts';

/** Program kinds a round may be generated for. */
export const ROUND_PROGRAM_KINDS = ['劳模补助', '劳模慰问'];
export const HARDSHIP_KIND = '困难劳模';
export const MODEL_WORKER_KIND = '劳动模范';

interface RegisterRow {
  person_id: number;
  name: string;
  id_number: string | null;
  unit_name: string | null;
  honour_level: string;
  title: string;
  subsidy_kind: '两金' | '三金' | null;
  in_hardship: number;
  level_order: number;
}

export function previewRound(db: SqliteDatabase, criteria: RoundCriteria): RoundPreview {
  const program = db.prepare('SELECT id, code, name, kind, year FROM programs WHERE id = ?').get(criteria.programId) as RoundPreview['program'] | undefined;
  if (!program) throw new LedgerError('not_found', `找不到项目 #${criteria.programId}`);
  if (!ROUND_PROGRAM_KINDS.includes(program.kind)) {
    throw new LedgerError('invalid_input', `“${program.name}”是${program.kind}类项目；只能为${ROUND_PROGRAM_KINDS.map((k) => `“${k}”`).join('或')}类项目生成劳模发放名单`);
  }
  const levels = [...new Set(criteria.levels.map((l) => l.trim()).filter((l) => l !== ''))];
  if (levels.length === 0) throw new LedgerError('invalid_input', '请至少选择一个荣誉级别');
  const date = parseDate(criteria.paidOn);
  if (!date.ok) throw new LedgerError('invalid_input', `发放日期：${date.message}`);
  const rows = db.prepare(`SELECT mw.person_id, pe.name, pe.id_number, u.name AS unit_name, mw.honour_level, mw.title, mw.subsidy_kind, mw.in_hardship,
      coalesce(c.sort_order, 1e9) AS level_order
    FROM model_workers mw JOIN people pe ON pe.id = mw.person_id LEFT JOIN units u ON u.id = pe.unit_id
    LEFT JOIN code_lists c ON c.list = 'honour_level' AND c.value = mw.honour_level
    WHERE mw.honour_level IN (SELECT value FROM json_each(?))
    ORDER BY level_order, pe.name, pe.id, mw.id`).all(JSON.stringify(levels)) as RegisterRow[];
  const standards = new Map((db.prepare('SELECT recipient_kind, cash_fen, goods_fen, goods_desc FROM program_standards WHERE program_id = ?').all(program.id) as {
    recipient_kind: string; cash_fen: number; goods_fen: number; goods_desc: string | null;
  }[]).map((s) => [s.recipient_kind, s]));
  const paidStmt = db.prepare(`SELECT min(p.paid_on) FROM payments p WHERE p.program_id = ? AND p.person_id = ?
    AND p.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses_id = p.id)`).pluck();

  const fits = (r: RegisterRow) => (!criteria.hardshipOnly || r.in_hardship === 1) && (!criteria.subsidyKind || r.subsidy_kind === criteria.subsidyKind);
  const byPerson = new Map<number, RegisterRow[]>();
  for (const r of rows) {
    const list = byPerson.get(r.person_id) ?? [];
    list.push(r);
    byPerson.set(r.person_id, list);
  }
  const candidates: RoundCandidate[] = [];
  for (const [personId, honours] of byPerson) {
    // The honour that qualifies (the highest level first); otherwise the highest, to say why not.
    const row = honours.find(fits) ?? honours[0]!;
    const recipientKind = row.in_hardship === 1 ? HARDSHIP_KIND : MODEL_WORKER_KIND;
    const std = standards.get(recipientKind);
    let reason: string | null = null;
    if (!fits(row)) {
      reason = criteria.hardshipOnly && row.in_hardship !== 1 ? '未标记为困难劳模' : `补助类别为“${row.subsidy_kind ?? '未填写'}”，不是“${criteria.subsidyKind}”`;
    } else {
      const paidOn = paidStmt.get(program.id, personId) as string | null;
      if (paidOn) reason = `已于 ${paidOn} 在本项目领取`;
      else if (!std) reason = `项目未设定“${recipientKind}”的标准金额`;
      else if (std.cash_fen === 0 && std.goods_fen === 0) reason = `“${recipientKind}”的标准金额为0`;
    }
    candidates.push({
      personId, name: row.name, idNumber: row.id_number, unitName: row.unit_name, honourLevel: row.honour_level, title: row.title,
      subsidyKind: row.subsidy_kind, inHardship: row.in_hardship === 1, recipientKind,
      cashFen: std?.cash_fen ?? 0, goodsFen: std?.goods_fen ?? 0, goodsDesc: std?.goods_desc ?? null,
      eligible: reason === null, reason,
    });
  }
  const eligible = candidates.filter((c) => c.eligible);
  return {
    program, candidates, eligible: eligible.length,
    cashFen: eligible.reduce((s, c) => s + c.cashFen, 0), goodsFen: eligible.reduce((s, c) => s + c.goodsFen, 0),
  };
}

/** Turn the eligible list into payment rows (status 登记), in the current command. */
export function generateRound(tx: Tx, criteria: RoundCriteria, clerk: string | null): RoundResult {
  const preview = previewRound(tx.database, criteria);
  const eligible = preview.candidates.filter((c) => c.eligible);
  if (eligible.length === 0) {
    throw new LedgerError('invalid_input', `“${preview.program.name}”没有可生成的发放记录：所选级别中没有符合条件且尚未领取的劳模`);
  }
  const paidOn = (parseDate(criteria.paidOn) as { iso: string }).iso;
  const unitOf = tx.database.prepare('SELECT unit_id FROM people WHERE id = ?').pluck();
  const created = bulkInsertPayments(tx, eligible.map((c) => ({
    programId: preview.program.id, personId: c.personId, paidOn, cashFen: c.cashFen, goodsFen: c.goodsFen, goodsDesc: c.goodsDesc,
    recipientKind: c.recipientKind, unitId: unitOf.get(c.personId) as number | null, note: c.title, clerk,
  })));
  return { created, cashFen: preview.cashFen, goodsFen: preview.goodsFen };
}
