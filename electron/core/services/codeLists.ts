/** Code lists (代码表): the office extends them; a value in use is retired, never deleted. */
import { CODE_LIST_NAMES, FIXED_CODE_LISTS, type CodeListName } from '../../../shared/domain/codes.ts';
import { collapseSpaces } from '../../../shared/domain/text.ts';
import { LedgerError } from '../errors.ts';
import type { Tx } from '../db/writer.ts';
import type { Ledger } from '../ledger.ts';
import type { CodeValue } from '../../../shared/records.ts';

export type { CodeValue };


/** Where each list's values are used, to count usage before a delete. */
const USAGE: Partial<Record<CodeListName, { table: string; column: string }[]>> = {
  recipient_kind: [{ table: 'payments', column: 'recipient_kind' }, { table: 'program_standards', column: 'recipient_kind' }],
  relief_category: [{ table: 'payments', column: 'category' }, { table: 'program_rules', column: 'category' }],
  program_kind: [{ table: 'programs', column: 'kind' }],
  fund_source: [{ table: 'program_funds', column: 'source' }],
  hardship_level: [{ table: 'households', column: 'hardship_level' }],
  cause: [
    { table: 'households', column: 'primary_cause' }, { table: 'households', column: 'cause_2' },
    { table: 'households', column: 'cause_3' }, { table: 'households', column: 'cause_4' },
  ],
  employment_status: [{ table: 'people', column: 'employment_status' }],
  honour_level: [{ table: 'model_workers', column: 'honour_level' }],
  model_worker_title: [{ table: 'model_workers', column: 'title' }],
  relation: [{ table: 'people', column: 'relation' }],
  unit_kind: [{ table: 'units', column: 'kind' }],
  goods: [{ table: 'payments', column: 'goods_desc' }],
};

function checkList(list: string): CodeListName {
  if (!(CODE_LIST_NAMES as readonly string[]).includes(list)) throw new LedgerError('invalid_input', `未知的代码表：${list}`);
  return list as CodeListName;
}

function usageOf(db: Ledger['db'], list: CodeListName, value: string): number {
  let n = 0;
  for (const u of USAGE[list] ?? []) {
    n += (db.prepare(`SELECT count(*) AS n FROM ${u.table} WHERE ${u.column} = ?`).get(value) as { n: number }).n;
  }
  return n;
}

export function listCodes(ledger: Ledger, list?: string, withUsage = false): CodeValue[] {
  const rows = ledger
    .stmt('SELECT id, list, value, sort_order AS sortOrder, retired_at IS NOT NULL AS retired FROM code_lists WHERE (@list IS NULL OR list = @list) ORDER BY list, sort_order, id')
    .all({ list: list === undefined ? null : checkList(list) }) as (Omit<CodeValue, 'retired' | 'usage'> & { retired: number })[];
  return rows.map((r) => ({ ...r, retired: r.retired === 1, usage: withUsage ? usageOf(ledger.db, r.list, r.value) : 0 }));
}

export function addCode(tx: Tx, list: string, value: string): number {
  const name = checkList(list);
  if (FIXED_CODE_LISTS.includes(name)) throw new LedgerError('invalid_input', '此代码表的取值由程序固定，不能增加');
  const v = collapseSpaces(value ?? '');
  if (v === '') throw new LedgerError('invalid_input', '取值不能为空');
  const existing = tx.database.prepare('SELECT id, retired_at FROM code_lists WHERE list = ? AND value = ?').get(name, v) as
    | { id: number; retired_at: string | null }
    | undefined;
  if (existing) {
    if (existing.retired_at === null) throw new LedgerError('duplicate', `“${v}”已在代码表中`);
    tx.update('code_lists', existing.id, { retired_at: null });
    return existing.id;
  }
  const max = tx.database.prepare('SELECT coalesce(max(sort_order), 0) AS m FROM code_lists WHERE list = ?').get(name) as { m: number };
  return tx.insert('code_lists', { list: name, value: v, sort_order: max.m + 1 });
}

export function retireCode(tx: Tx, id: number, retired: boolean): void {
  const row = tx.get('code_lists', id);
  if (!row) throw new LedgerError('not_found', `找不到代码 #${id}`);
  if (FIXED_CODE_LISTS.includes(row.list as CodeListName)) throw new LedgerError('invalid_input', '此代码表的取值由程序固定，不能停用');
  tx.update('code_lists', id, { retired_at: retired ? tx.at : null });
}

/** Delete a value that no row uses; a used value must be retired instead. */
export function deleteCode(tx: Tx, id: number): void {
  const row = tx.get('code_lists', id);
  if (!row) throw new LedgerError('not_found', `找不到代码 #${id}`);
  const list = checkList(String(row.list));
  if (FIXED_CODE_LISTS.includes(list)) throw new LedgerError('invalid_input', '此代码表的取值由程序固定，不能删除');
  const used = usageOf(tx.database, list, String(row.value));
  if (used > 0) throw new LedgerError('invalid_input', `“${row.value}”已被 ${used} 条记录使用，只能停用，不能删除`);
  tx.delete('code_lists', id);
}
