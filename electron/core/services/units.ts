/** Grassroots unions and work units (工会/单位). */
import { collapseSpaces, toHalfWidth } from '../../../shared/domain/text.ts';
import { LedgerError } from '../errors.ts';
import type { Tx } from '../db/writer.ts';
import type { Ledger } from '../ledger.ts';

export function cleanUnitName(raw: string): string {
  // A space between Chinese characters is padding (县 水泥厂), as in names.
  return collapseSpaces(toHalfWidth(raw)).replace(/\s*([()（）])\s*/g, '$1').replace(/(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])/g, '');
}

export function findUnit(ledger: Ledger, name: string, parentId: number | null = null): number | null {
  const row = ledger.stmt('SELECT id FROM units WHERE name = ? AND ifnull(parent_id, 0) = ?').get(cleanUnitName(name), parentId ?? 0) as
    | { id: number }
    | undefined;
  return row?.id ?? null;
}

/** The unit with this name (under this parent), created when missing. */
export function ensureUnit(tx: Tx, name: string, parentId: number | null = null, kind: string | null = null): number {
  const clean = cleanUnitName(name);
  if (clean === '') throw new LedgerError('invalid_input', '单位名称不能为空');
  const row = tx.database.prepare('SELECT id FROM units WHERE name = ? AND ifnull(parent_id, 0) = ?').get(clean, parentId ?? 0) as
    | { id: number }
    | undefined;
  if (row) return row.id;
  return tx.insert('units', { name: clean, parent_id: parentId, kind });
}

export interface UnitRow {
  id: number;
  name: string;
  kind: string | null;
  parentId: number | null;
  parentName: string | null;
}

export function listUnits(ledger: Ledger): UnitRow[] {
  return ledger
    .stmt(`SELECT u.id, u.name, u.kind, u.parent_id AS parentId, p.name AS parentName
      FROM units u LEFT JOIN units p ON p.id = u.parent_id ORDER BY coalesce(p.name, u.name), u.parent_id IS NOT NULL, u.name`)
    .all() as UnitRow[];
}
