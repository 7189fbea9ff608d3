/**
 * Migration 6 (findings_state): a version-5 ledger upgrades after a backup, keeping its rows; its findings,
 * computed by an older program, are stale (version 0) and, brought up to date after opening, show what the
 * rules say now: the reviewer's 20,170,120 元 payment (amount_large) and the parent paid twice in a
 * 送温暖 program (once per person: per child only in 助学 programs).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES_VERSION } from '../../shared/domain/rules.ts';
import { openDatabase } from '../../electron/core/db/open.ts';
import { LATEST_VERSION, MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { refreshStaleFindings } from '../../electron/core/findingsRefresh.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { bulkInsertPayments } from '../../electron/core/services/payments.ts';
import { bulkInsertPeople } from '../../electron/core/services/people.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { tempDir } from '../helpers/ledger.ts';

describe('migration 6: findings_state', () => {
  it('upgrades a version-5 ledger whose findings are then stale, and brought up to date after opening', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'v5.db');
    const v5 = Ledger.open(file, { migrations: MIGRATIONS.slice(0, 5), actor: '旧版' });
    const ids = v5.run({ kind: 'setup', label: '录入', source: 'keyed' }, (tx) => {
      const programId = createProgram(tx, { code: 'SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖' });
      const [parent, other] = bulkInsertPeople(tx, [{ name: '王芳' }, { name: '李强' }]);
      return bulkInsertPayments(tx, [
        { programId, personId: parent!, paidOn: '2017-01-10', cashFen: 50_000, studentName: '长子' },
        { programId, personId: parent!, paidOn: '2017-01-11', cashFen: 50_000, studentName: '次子' },
        { programId, personId: other!, paidOn: '2017-01-20', cashFen: 2_017_012_000 },
      ]);
    });
    // As the older program left them: the second payment to the parent passed, and no amount was too large.
    v5.db.prepare('DELETE FROM payment_issues WHERE payment_id IN (?, ?)').run(ids[1], ids[2]);
    expect(v5.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'findings_state'").pluck().get()).toBe(0);
    v5.close();

    const ledger = Ledger.open(file, { backupDir: path.join(dir, 'backups') });
    expect([ledger.fromVersion, ledger.schemaVersion]).toEqual([5, LATEST_VERSION]);
    expect(ledger.migrationBackup).not.toBeNull();
    expect(ledger.db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(3);
    expect(ledger.findingsState()).toEqual({ rulesVersion: 0, current: false, pass: null });
    expect(ledger.db.prepare('SELECT count(*) FROM payment_issues WHERE payment_id IN (?, ?)').pluck().get(ids[1], ids[2])).toBe(0);

    expect((await refreshStaleFindings(ledger, { gapMs: 0 }).finished).outcome).toBe('done');
    const codes = (id: number) => ledger.db.prepare('SELECT code FROM payment_issues WHERE payment_id = ?').pluck().all(id) as string[];
    expect(codes(ids[2]!)).toContain('amount_large');
    expect(codes(ids[1]!).filter((c) => c.startsWith('rule:'))).toHaveLength(1);
    expect(codes(ids[0]!).filter((c) => c.startsWith('rule:'))).toHaveLength(0);
    expect(ledger.findingsState()).toEqual({ rulesVersion: RULES_VERSION, current: true, pass: null });
    ledger.close();

    // The state is one row; a program that knows only version 5 refuses the upgraded ledger, as it refuses any newer one.
    const db = openDatabase(file).db;
    expect(db.prepare('SELECT count(*) FROM findings_state').pluck().get()).toBe(1);
    expect(() => db.prepare('INSERT INTO findings_state (id, rules_version) VALUES (2, 0)').run()).toThrow();
    db.close();
    expect(() => openDatabase(file, { migrations: MIGRATIONS.slice(0, 5) })).toThrow(/较新版本/);
  });
});
