/** Migration 3 (import_mappings): a version-2 ledger with rows upgrades, keeps them, and gains the table. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open.ts';
import { LATEST_VERSION, MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { tempDir } from '../helpers/ledger.ts';

describe('migration 3: import_mappings', () => {
  it('upgrades a version-2 ledger with an import batch and payments, keeping them, and the new table is audited', () => {
    const dir = tempDir();
    const file = path.join(dir, 'v2.db');
    const v1 = openDatabase(file, { migrations: MIGRATIONS.slice(0, 2) }).db;
    v1.exec(`INSERT INTO programs (code, name, year, kind, created_at, updated_at) VALUES ('P', '旧项目', 2016, '送温暖', 't', 't');
      INSERT INTO import_batches (file_name, sha256, format, program_id, created_at, updated_at) VALUES ('旧.xlsx', 'abc', 'xlsx', 1, 't', 't');
      INSERT INTO people (name, created_at, updated_at) VALUES ('王芳', 't', 't');
      INSERT INTO payments (program_id, person_id, paid_on, cash_fen, import_batch_id, created_at, updated_at) VALUES (1, 1, '2016-01-20', 50000, 1, 't', 't');`);
    expect(v1.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'import_mappings'").pluck().get()).toBe(0);
    v1.close();

    const ledger = Ledger.open(file, { backupDir: path.join(dir, 'backups') });
    // Up to the latest version (the later migrations follow it).
    expect([ledger.fromVersion, ledger.schemaVersion]).toEqual([2, LATEST_VERSION]);
    expect(ledger.migrationBackup).not.toBeNull();
    expect(ledger.db.prepare('SELECT file_name FROM import_batches').pluck().all()).toEqual(['旧.xlsx']);
    expect(ledger.db.prepare('SELECT cash_fen, import_batch_id FROM payments').get()).toEqual({ cash_fen: 50000, import_batch_id: 1 });
    // The new table takes audited writes and refuses a second row for the same signature.
    ledger.run({ kind: 't', label: '记住列对应', source: 'keyed' }, (tx) => tx.insert('import_mappings', { signature: 'sig', headers_json: '["姓名"]', mapping_json: '{"A":"name"}' }));
    expect(ledger.db.prepare("SELECT count(*) FROM audit_log WHERE table_name = 'import_mappings'").pluck().get()).toBe(1);
    expect(() => ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => tx.insert('import_mappings', { signature: 'sig' }))).toThrow();
    expect(() => ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => createProgram(tx, { code: 'Q', name: '新项目', year: 2017, kind: '送温暖' }))).not.toThrow();
    ledger.close();
  });
});
