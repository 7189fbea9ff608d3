/**
 * Per-user view state (grid column widths, order, sort, filters). It is not
 * ledger data: it is kept in its own table, outside the audit log and the
 * undo history, so that resizing a column never appears as a change to the ledger.
 */
import type { Ledger } from '../ledger.ts';

export function getPref(ledger: Ledger, key: string): unknown {
  const row = ledger.stmt('SELECT value FROM ui_prefs WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? JSON.parse(row.value) : null;
}

export function setPref(ledger: Ledger, key: string, value: unknown): void {
  const text = JSON.stringify(value ?? null);
  if (text.length > 200_000) throw new Error('界面设置过大');
  ledger.stmt('INSERT INTO ui_prefs (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, text);
}
