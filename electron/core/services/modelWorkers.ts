/**
 * The model-worker register (劳模名册): a person's honours (level, title, year,
 * awarding body) and the subsidy they draw (两金 for provincial-level, 三金 for
 * national model workers in hardship). A model worker is a person like any other
 * recipient; one person may hold several honours (one row each).
 */
import { EARLIEST_AWARD_YEAR, LATEST_AWARD_YEAR, isAwardYear } from '../../../shared/domain/modelWorkers.ts';
import { collapseSpaces } from '../../../shared/domain/text.ts';
import { LedgerError } from '../errors.ts';
import type { Tx } from '../db/writer.ts';
import type { Ledger } from '../ledger.ts';

export const SUBSIDY_KINDS = ['两金', '三金'] as const;
export type SubsidyKind = (typeof SUBSIDY_KINDS)[number];

export interface ModelWorkerInput {
  personId: number;
  /** 全国 / 省部级 / 州市级 / 县级 (code list honour_level, which offices may extend). */
  honourLevel: string;
  /** e.g. 全国劳动模范, 省五一劳动奖章. */
  title: string;
  yearAwarded?: number | null;
  awardingBody?: string | null;
  subsidyKind?: SubsidyKind | null;
  inHardship?: boolean;
  note?: string | null;
}

export interface ModelWorkerRecord {
  id: number;
  personId: number;
  personName: string;
  gender: '男' | '女' | null;
  idNumber: string | null;
  unitName: string | null;
  honourLevel: string;
  title: string;
  yearAwarded: number | null;
  awardingBody: string | null;
  subsidyKind: SubsidyKind | null;
  inHardship: boolean;
  note: string | null;
}

type Values = Record<string, string | number | null>;

/** 授予单位 as the register keeps it: spaces collapsed, blank is none. (The roster import stores it so too.) */
export function awardingBodyValue(text: string | null): string | null {
  return text === null ? null : collapseSpaces(text) || null;
}

function checkedValues(input: Partial<ModelWorkerInput>): Values {
  const out: Values = {};
  if (input.personId !== undefined) {
    if (!Number.isSafeInteger(input.personId) || input.personId <= 0) throw new LedgerError('invalid_input', `人员编号无效：${input.personId}`);
    out.person_id = input.personId;
  }
  if (input.honourLevel !== undefined) {
    const v = collapseSpaces(input.honourLevel ?? '');
    if (v === '') throw new LedgerError('invalid_input', '荣誉级别不能为空');
    out.honour_level = v;
  }
  if (input.title !== undefined) {
    const v = collapseSpaces(input.title ?? '');
    if (v === '') throw new LedgerError('invalid_input', '荣誉称号不能为空');
    out.title = v;
  }
  if (input.yearAwarded !== undefined) {
    const y = input.yearAwarded;
    // The range the roster import checks too (before EARLIEST_AWARD_YEAR it warns and stores no year).
    if (y !== null && !isAwardYear(y)) throw new LedgerError('invalid_input', `获评年度无效：${y}（应为 ${EARLIEST_AWARD_YEAR}–${LATEST_AWARD_YEAR} 年）`);
    out.year_awarded = y;
  }
  if (input.awardingBody !== undefined) out.awarding_body = awardingBodyValue(input.awardingBody);
  if (input.subsidyKind !== undefined) {
    const k = input.subsidyKind;
    if (k !== null && !(SUBSIDY_KINDS as readonly string[]).includes(k)) throw new LedgerError('invalid_input', `补助类别只能是“两金”或“三金”，收到“${String(k)}”`);
    out.subsidy_kind = k;
  }
  if (input.inHardship !== undefined) out.in_hardship = input.inHardship ? 1 : 0;
  if (input.note !== undefined) out.note = input.note === null ? null : collapseSpaces(input.note) || null;
  return out;
}

function assertPerson(tx: Tx, personId: number): void {
  if (!tx.get('people', personId)) throw new LedgerError('not_found', `找不到人员 #${personId}`);
}

function assertUnique(tx: Tx, personId: number, level: string, title: string, exceptId: number | null): void {
  const other = tx.database.prepare('SELECT id FROM model_workers WHERE person_id = ? AND honour_level = ? AND title = ? AND id IS NOT ?').get(personId, level, title, exceptId) as
    | { id: number }
    | undefined;
  if (other) throw new LedgerError('duplicate', `此人已登记“${level}·${title}”（劳模记录 #${other.id}）`);
}

export function createModelWorker(tx: Tx, input: ModelWorkerInput): number {
  const values = checkedValues({ ...input, honourLevel: input.honourLevel ?? '', title: input.title ?? '' });
  assertPerson(tx, input.personId);
  assertUnique(tx, input.personId, values.honour_level as string, values.title as string, null);
  return tx.insert('model_workers', values);
}

export function updateModelWorker(tx: Tx, id: number, patch: Partial<ModelWorkerInput>): string[] {
  const row = tx.get('model_workers', id);
  if (!row) throw new LedgerError('not_found', `找不到劳模记录 #${id}`);
  const values = checkedValues(patch);
  if (values.person_id !== undefined) assertPerson(tx, values.person_id as number);
  assertUnique(
    tx,
    (values.person_id ?? row.person_id) as number,
    (values.honour_level ?? row.honour_level) as string,
    (values.title ?? row.title) as string,
    id,
  );
  return tx.update('model_workers', id, values);
}

export function deleteModelWorker(tx: Tx, id: number): void {
  if (!tx.get('model_workers', id)) throw new LedgerError('not_found', `找不到劳模记录 #${id}`);
  tx.delete('model_workers', id);
}

export interface ModelWorkerFilter {
  honourLevel?: string;
  subsidyKind?: SubsidyKind;
  personId?: number;
}

export function listModelWorkers(ledger: Ledger, filter: ModelWorkerFilter = {}): ModelWorkerRecord[] {
  const rows = ledger
    .stmt(`SELECT mw.id, mw.person_id AS personId, pe.name AS personName, pe.gender, pe.id_number AS idNumber, u.name AS unitName,
        mw.honour_level AS honourLevel, mw.title, mw.year_awarded AS yearAwarded, mw.awarding_body AS awardingBody,
        mw.subsidy_kind AS subsidyKind, mw.in_hardship AS inHardship, mw.note
      FROM model_workers mw JOIN people pe ON pe.id = mw.person_id LEFT JOIN units u ON u.id = pe.unit_id
      LEFT JOIN code_lists c ON c.list = 'honour_level' AND c.value = mw.honour_level
      WHERE (@level IS NULL OR mw.honour_level = @level) AND (@kind IS NULL OR mw.subsidy_kind = @kind) AND (@person IS NULL OR mw.person_id = @person)
      ORDER BY coalesce(c.sort_order, 1e9), mw.honour_level, pe.name, mw.id`)
    .all({ level: filter.honourLevel ?? null, kind: filter.subsidyKind ?? null, person: filter.personId ?? null }) as (Omit<ModelWorkerRecord, 'inHardship'> & { inHardship: number })[];
  return rows.map((r) => ({ ...r, inHardship: r.inHardship === 1 }));
}
