/**
 * A consistent, read-only view of the ledger for an export that takes a while.
 * The export reads through its own read-only connection inside one read
 * transaction (WAL: a snapshot), so it neither blocks nor sees the clerk's
 * edits made meanwhile on the main connection, and it may yield to the event
 * loop between rows without holding the main connection busy.
 */
import Database from 'better-sqlite3';
import type { SqliteDatabase } from '../db/open.ts';
import type { Ledger } from '../ledger.ts';
import { SETTING_DEFAULTS, SETTING_KEYS, type SettingKey, type Settings } from '../services/settings.ts';
import { toLedgerError } from '../errors.ts';

export interface Snapshot {
  db: SqliteDatabase;
  close(): void;
}

export function openSnapshot(ledger: Ledger): Snapshot {
  let db: SqliteDatabase;
  try {
    db = new Database(ledger.path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    db.exec('BEGIN');
    // The first read fixes the snapshot.
    db.prepare('SELECT count(*) FROM settings').get();
  } catch (err) {
    throw toLedgerError(err, '读取台账失败');
  }
  return {
    db,
    close() {
      if (!db.open) return;
      try {
        if (db.inTransaction) db.exec('COMMIT');
      } finally {
        db.close();
      }
    },
  };
}

/** The office settings as seen by a connection (the snapshot or the main one). */
export function readSettings(db: SqliteDatabase): Settings {
  const out: Settings = { ...SETTING_DEFAULTS };
  for (const row of db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string | null }[]) {
    if ((SETTING_KEYS as readonly string[]).includes(row.key)) out[row.key as SettingKey] = row.value ?? '';
  }
  return out;
}
