/** Migration 4 (amount_year_indexes): a version-3 ledger keeps its rows and findings, and a year sorted by amount gives the same rows (the speed is in npm run bench -- core). */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { queryPayments } from '../../electron/core/queries/payments.ts';
import { tempDir } from '../helpers/ledger.ts';

describe('migration 4: amount_year_indexes', () => {
  it('upgrades a version-3 ledger, keeps its payments, and the year-by-amount page gives the same rows', () => {
    const dir = tempDir();
    const file = path.join(dir, 'v3.db');
    const v3 = openDatabase(file, { migrations: MIGRATIONS.slice(0, 3) }).db;
    v3.exec(`INSERT INTO programs (code, name, year, kind, created_at, updated_at) VALUES ('P', '旧项目', 2016, '送温暖', 't', 't');
      INSERT INTO people (name, created_at, updated_at) VALUES ('王芳', 't', 't');`);
    const insert = v3.prepare("INSERT INTO payments (program_id, person_id, paid_on, cash_fen, goods_fen, created_at, updated_at) VALUES (1, 1, ?, ?, ?, 't', 't')");
    for (let i = 0; i < 300; i++) insert.run(`${2015 + (i % 3)}-0${1 + (i % 9)}-1${i % 10}`, 10_000 + ((i * 7919) % 50_000), (i * 31) % 3000);
    const before = v3.prepare('SELECT id, paid_on, cash_fen, goods_fen FROM payments ORDER BY id').all();
    expect(v3.prepare("SELECT sql FROM sqlite_master WHERE name = 'payments_cash'").pluck().get()).toMatch(/\(cash_fen\)/);
    v3.close();

    const ledger = Ledger.open(file, { backupDir: path.join(dir, 'backups') });
    expect([ledger.fromVersion, ledger.schemaVersion]).toEqual([3, 4]);
    expect(ledger.migrationBackup).not.toBeNull();
    expect(ledger.db.prepare('SELECT id, paid_on, cash_fen, goods_fen FROM payments ORDER BY id').all()).toEqual(before);
    expect(ledger.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'payments_cash'").pluck().get()).toMatch(/\(cash_fen, paid_on\)/);
    expect(ledger.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'payments_goods'").pluck().get()).toMatch(/\(goods_fen, paid_on\)/);
    expect(ledger.db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    // The page the grid asks for most: a year by amount, highest first — the same rows as SQL, from the amount index.
    const q = { year: 2016, sort: [{ field: 'cashFen' as const, dir: 'desc' as const }], offset: 0, limit: 20 };
    const expected = ledger.db.prepare("SELECT id FROM payments WHERE paid_on BETWEEN '2016-01-01' AND '2016-12-31' ORDER BY cash_fen DESC, id ASC LIMIT 20").pluck().all();
    expect(queryPayments(ledger, q).rows.map((r) => r.id)).toEqual(expected);
    ledger.close();
  });
});
