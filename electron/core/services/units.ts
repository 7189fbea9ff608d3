/** Grassroots unions and work units (工会/单位). */
import { collapseSpaces, toHalfWidth } from '../../../shared/domain/text.ts';
import { LedgerError } from '../errors.ts';
import type { Tx } from '../db/writer.ts';
import type { Ledger } from '../ledger.ts';
import { hasVariants, variantGlob } from '../queries/chineseVariants.ts';

export function cleanUnitName(raw: string): string {
  // A space between Chinese characters is padding (县 水泥厂), as in names.
  return collapseSpaces(toHalfWidth(raw)).replace(/\s*([()（）])\s*/g, '$1').replace(/(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])/g, '');
}

/**
 * The id of the unit of this (cleaned) name under this parent: the same name, else the same name in
 * the other script (華寧縣水泥廠工會 is the ledger's 华宁县水泥厂工会, and a mix of the two too): one
 * unit however a clerk or a roster writes it, as the import already matches them. Null when none.
 */
function unitIdOf(db: Tx['database'] | Ledger['db'], clean: string, parentId: number | null): number | null {
  const parent = parentId ?? 0;
  const exact = db.prepare('SELECT id FROM units WHERE name = ? AND ifnull(parent_id, 0) = ?').pluck().get(clean, parent) as number | undefined;
  if (exact !== undefined) return exact;
  if (!hasVariants(clean)) return null;
  // The whole name, each character in any of its forms (a GLOB without the search's leading and trailing *).
  const pattern = variantGlob(clean).slice(1, -1);
  return (db.prepare('SELECT id FROM units WHERE name GLOB ? AND ifnull(parent_id, 0) = ? ORDER BY id LIMIT 1').pluck().get(pattern, parent) as number | undefined) ?? null;
}

export function findUnit(ledger: Ledger, name: string, parentId: number | null = null): number | null {
  return unitIdOf(ledger.db, cleanUnitName(name), parentId);
}

/** The unit with this name (under this parent; written in either script), created when missing. */
export function ensureUnit(tx: Tx, name: string, parentId: number | null = null, kind: string | null = null): number {
  const clean = cleanUnitName(name);
  if (clean === '') throw new LedgerError('invalid_input', '单位名称不能为空');
  return unitIdOf(tx.database, clean, parentId) ?? tx.insert('units', { name: clean, parent_id: parentId, kind });
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
