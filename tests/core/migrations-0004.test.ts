/** Migration 4 (payment_entry_keys): a version-3 ledger with payments upgrades, keeps them, and gains the audited table. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open.ts';
import { LATEST_VERSION, MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { tempDir } from '../helpers/ledger.ts';

describe('migration 4: payment_entry_keys', () => {
  it('upgrades a version-3 ledger with payments, keeping them; the new table is audited and takes one row per key', () => {
    const dir = tempDir();
    const file = path.join(dir, 'v3.db');
    const v3 = openDatabase(file, { migrations: MIGRATIONS.slice(0, 3) }).db;
    v3.exec(`INSERT INTO programs (code, name, year, kind, created_at, updated_at) VALUES ('P', '旧项目', 2016, '送温暖', 't', 't');
      INSERT INTO people (name, created_at, updated_at) VALUES ('王芳', 't', 't');
      INSERT INTO payments (program_id, person_id, paid_on, cash_fen, created_at, updated_at) VALUES (1, 1, '2016-01-20', 50000, 't', 't');`);
    expect(v3.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'payment_entry_keys'").pluck().get()).toBe(0);
    v3.close();

    const ledger = Ledger.open(file, { backupDir: path.join(dir, 'backups') });
    expect([ledger.fromVersion, ledger.schemaVersion]).toEqual([3, LATEST_VERSION]);
    expect(ledger.migrationBackup).not.toBeNull();
    expect(ledger.db.prepare('SELECT person_id, cash_fen FROM payments').get()).toEqual({ person_id: 1, cash_fen: 50000 });
    ledger.run({ kind: 't', label: '键', source: 'keyed' }, (tx) => tx.insert('payment_entry_keys', { entry_key: 'k-12345678', payment_id: 1 }));
    expect(ledger.db.prepare("SELECT count(*) FROM audit_log WHERE table_name = 'payment_entry_keys'").pluck().get()).toBe(1);
    // One row per key; a key too short to be one is refused.
    expect(() => ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => tx.insert('payment_entry_keys', { entry_key: 'k-12345678', payment_id: 1 }))).toThrow();
    expect(() => ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => tx.insert('payment_entry_keys', { entry_key: 'short', payment_id: 1 }))).toThrow();
    ledger.close();
  });
});
