import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, openDatabase } from '../../electron/core/db/open.ts';
import { LATEST_VERSION, MIGRATIONS, type Migration } from '../../electron/core/db/migrations/index.ts';
import { AUDITED_TABLES, storedColumnsOf } from '../../electron/core/db/tables.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { LedgerError } from '../../electron/core/errors.ts';
import { tempDir } from '../helpers/ledger.ts';

describe('migrations', () => {
  it('are numbered 1..N without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
  });

  it('build a new ledger from empty, recording each migration and marking the file as ours', () => {
    const file = path.join(tempDir(), 'new.db');
    const { db, fromVersion, toVersion, backupPath } = openDatabase(file);
    expect([fromVersion, toVersion, backupPath]).toEqual([0, LATEST_VERSION, null]);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(applied).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    db.close();
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('the audited-table spec matches the migrated schema exactly', () => {
    const { db } = openDatabase(path.join(tempDir(), 'spec.db'));
    for (const table of Object.keys(AUDITED_TABLES) as (keyof typeof AUDITED_TABLES)[]) {
      const cols = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
      expect(cols, table).toEqual(storedColumnsOf(table));
    }
    db.close();
  });

  it('migration 1 seeds the code lists in Simplified Chinese', () => {
    const { db } = openDatabase(path.join(tempDir(), 'seed.db'));
    const kinds = db.prepare("SELECT value FROM code_lists WHERE list = 'program_kind' ORDER BY sort_order").pluck().all();
    expect(kinds).toContain('送温暖');
    expect(kinds).toContain('金秋助学');
    const levels = db.prepare("SELECT value FROM code_lists WHERE list = 'hardship_level' ORDER BY sort_order").pluck().all();
    expect(levels).toEqual(['特困', '重困', '一般困难', '深度困难', '相对困难', '意外致困']);
    db.close();
  });

  it('each migration upgrades a ledger at the previous version, keeping its rows, after a backup', () => {
    for (let v = 1; v <= LATEST_VERSION; v++) {
      const dir = tempDir();
      const file = path.join(dir, 'old.db');
      const before = openDatabase(file, { migrations: MIGRATIONS.slice(0, v - 1) });
      if (v > 1) {
        before.db.prepare("INSERT INTO programs (code, name, year, kind, created_at, updated_at) VALUES ('P1', '旧项目', 2016, '送温暖', 't', 't')").run();
      }
      before.db.close();
      const after = openDatabase(file, { backupDir: path.join(dir, 'backups') });
      expect(after.fromVersion).toBe(v - 1);
      expect(after.toVersion).toBe(LATEST_VERSION);
      if (v > 1) {
        expect(after.backupPath).not.toBeNull();
        const copy = new Database(after.backupPath!, { readonly: true });
        expect(copy.pragma('user_version', { simple: true })).toBe(v - 1);
        copy.close();
        expect(after.db.prepare("SELECT name FROM programs WHERE code = 'P1'").pluck().get()).toBe('旧项目');
      }
      after.db.close();
    }
  });

  it('refuses a ledger written by a newer version and leaves it untouched', () => {
    const file = path.join(tempDir(), 'newer.db');
    const { db } = openDatabase(file);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    const bytes = fs.readFileSync(file);
    let err: unknown;
    try {
      Ledger.open(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LedgerError);
    expect((err as LedgerError).code).toBe('newer_version');
    expect((err as LedgerError).message).toContain(`数据库版本 ${LATEST_VERSION + 1}`);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses a ledger whose applied migration differs from the shipped one', () => {
    const file = path.join(tempDir(), 'tampered.db');
    const altered: Migration[] = MIGRATIONS.map((m) => (m.version === 1 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
    openDatabase(file, { migrations: altered }).db.close();
    expect(() => Ledger.open(file)).toThrow(/迁移.*不一致/);
  });

  it('refuses SQLite files that are not ledgers, and files that are not SQLite at all', () => {
    const dir = tempDir();
    const other = path.join(dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(() => Ledger.open(other)).toThrow(/不是帮扶台账文件/);
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, 'this is not a database at all, just text '.repeat(200));
    expect(() => Ledger.open(junk)).toThrow(LedgerError);
  });
});

describe('migration 2: year_close', () => {
  const index = MIGRATIONS.findIndex((m) => m.name === 'year_close');

  it('adds year_closings and its triggers to a ledger with payments, which stay open until a year is closed', () => {
    expect(index).toBeGreaterThan(0);
    const dir = tempDir();
    const file = path.join(dir, 'before-close.db');
    const before = openDatabase(file, { migrations: MIGRATIONS.slice(0, index) });
    expect(before.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'year_closings'").pluck().get()).toBe(0);
    before.db.exec(`INSERT INTO programs (code, name, year, kind, created_at, updated_at) VALUES ('P', '2016年春节送温暖', 2016, '送温暖', 't', 't');
      INSERT INTO payments (program_id, paid_on, cash_fen, created_at, updated_at) VALUES (1, '2016-01-20', 50000, 't', 't'), (1, '2017-01-20', 30000, 't', 't');`);
    before.db.close();

    const after = openDatabase(file, { backupDir: path.join(dir, 'backups') });
    expect(after.fromVersion).toBe(index);
    expect(after.backupPath).not.toBeNull();
    const db = after.db;
    const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'payments' ORDER BY name").pluck().all();
    expect(triggers).toEqual(['payments_closed_year_delete', 'payments_closed_year_insert', 'payments_closed_year_move', 'payments_closed_year_update']);
    expect(db.prepare('SELECT paid_on, cash_fen FROM payments ORDER BY id').all()).toEqual([{ paid_on: '2016-01-20', cash_fen: 50000 }, { paid_on: '2017-01-20', cash_fen: 30000 }]);
    db.prepare('UPDATE payments SET cash_fen = 60000 WHERE id = 1').run();
    db.prepare("INSERT INTO year_closings (year, closed_by, created_at, updated_at) VALUES (2016, '张会计', 't', 't')").run();
    expect(() => db.prepare('UPDATE payments SET cash_fen = 1 WHERE id = 1').run()).toThrow('2016年度已结账，不能修改该年度的发放记录');
    db.prepare('UPDATE payments SET cash_fen = 1 WHERE id = 2').run();
    expect(() => db.prepare("INSERT INTO year_closings (year, closed_by, created_at, updated_at) VALUES (2016, '李', 't', 't')").run()).toThrow(/UNIQUE/);
    db.close();
  });
});
