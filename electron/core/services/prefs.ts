/**
 * Per-user view state (grid column widths, order, sort, filters). It is not
 * ledger data: it is kept in its own table, outside the audit log and the
 * undo history, so that resizing a column never appears as a change to the ledger.
 */
import type { Ledger } from '../ledger.ts';

/** The row a user's setting is kept under: the key and the user (the clerk the app names in the audit log). */
function userKey(key: string, user: string | null): string {
  return user ? `${key}\u001f${user}` : key;
}

/**
 * A user's setting: their own, else the one kept for everyone (settings saved before they were kept per
 * user, or by a window that names no clerk), so that nobody starts from nothing.
 */
export function getPref(ledger: Ledger, key: string, user: string | null = null): unknown {
  const row = (ledger.stmt('SELECT value FROM ui_prefs WHERE key = ?').get(userKey(key, user)) ?? (user ? ledger.stmt('SELECT value FROM ui_prefs WHERE key = ?').get(key) : undefined)) as
    | { value: string }
    | undefined;
  return row ? JSON.parse(row.value) : null;
}

/** Keep a user's setting (their own: another clerk's columns, sort and filters are theirs). */
export function setPref(ledger: Ledger, key: string, value: unknown, user: string | null = null): void {
  const text = JSON.stringify(value ?? null);
  if (text.length > 200_000) throw new Error('界面设置过大');
  ledger.stmt('INSERT INTO ui_prefs (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(userKey(key, user), text);
}
