/**
 * Migration 5 (compact_audit_records): a version-4 ledger upgrades after a backup, keeping its rows
 * and its old-form bulk records (still undone); bulk inserts then write the compact form; an app that
 * knows only version 4 refuses the upgraded ledger rather than misread those records.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open.ts';
import { LATEST_VERSION, MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { LedgerError } from '../../electron/core/errors.ts';
import { undo } from '../../electron/core/history.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { tempDir } from '../helpers/ledger.ts';

describe('migration 5: compact_audit_records', () => {
  it('upgrades a version-4 ledger; old bulk records still undo; new ones are compact; a version-4 app refuses it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'v4.db');
    const v4 = openDatabase(file, { migrations: MIGRATIONS.slice(0, 4) }).db;
    // A bulk insert of two people as version 4 recorded it: every data column listed on every row.
    v4.exec(`INSERT INTO commands (at, actor, source, kind, label, undoable) VALUES ('2026-01-01T00:00:00.000Z', '旧版', 'imported', 'import', '导入', 1);
      INSERT INTO people (id, name, gender, created_at, updated_at) VALUES (1, '王芳', '女', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'), (2, '李强', '男', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');`);
    const cols = ['name', 'gender'];
    v4.prepare("INSERT INTO audit_log (command_id, table_name, row_id, op, field, old_value, new_value) VALUES (1, 'people', 1, 'insert_many', NULL, NULL, ?)")
      .run(JSON.stringify({ cols, rows: [[1, '王芳', '女'], [2, '李强', '男']] }));
    v4.close();

    const ledger = Ledger.open(file, { backupDir: path.join(dir, 'backups') });
    expect([ledger.fromVersion, ledger.schemaVersion]).toEqual([4, LATEST_VERSION]);
    expect(ledger.migrationBackup).not.toBeNull();
    expect(ledger.db.prepare('SELECT name FROM people ORDER BY id').pluck().all()).toEqual(['王芳', '李强']);
    // New bulk inserts: a column with one value in every row is written once.
    ledger.run({ kind: 't', label: '批量', source: 'imported' }, (tx) => tx.insertMany('people', [{ name: '赵敏', gender: '女' }, { name: '孙丽', gender: '女' }]));
    const record = JSON.parse(ledger.db.prepare("SELECT new_value FROM audit_log WHERE op = 'insert_many' ORDER BY id DESC LIMIT 1").pluck().get() as string) as { same?: Record<string, unknown> };
    expect(record.same).toMatchObject({ gender: '女' });
    // Undo takes the new rows away, then the old-form rows: both forms are read.
    undo(ledger, '测试');
    expect(ledger.db.prepare('SELECT name FROM people ORDER BY id').pluck().all()).toEqual(['王芳', '李强']);
    undo(ledger, '测试');
    expect(ledger.db.prepare('SELECT count(*) FROM people').pluck().get()).toBe(0);
    ledger.close();

    // An app that knows only version 4 refuses the upgraded ledger.
    let refused: unknown = null;
    try {
      openDatabase(file, { migrations: MIGRATIONS.slice(0, 4) });
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(LedgerError);
    expect((refused as LedgerError).code).toBe('newer_version');
  });
});
