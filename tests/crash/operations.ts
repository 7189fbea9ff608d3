/**
 * The operations the crash test kills midway. Each entry builds a template ledger
 * once, runs its operation in a child process (tests/crash/child.ts), and after the
 * kill says whether the ledger holds all of the operation or none of it — or throws
 * when it finds anything in between. Adding an operation (import commit, revert…)
 * is adding one entry here.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../electron/core/db/open.ts';
import { MIGRATIONS, type Migration } from '../../electron/core/db/migrations/index.ts';
import { redo, undo } from '../../electron/core/history.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { applyPaymentEdits, bulkInsertPayments } from '../../electron/core/services/payments.ts';
import { bulkInsertPeople } from '../../electron/core/services/people.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { IMPORT_COMMIT, IMPORT_REVERT } from './importOperations.ts';

export type Outcome = 'all' | 'none';

export interface CrashOperation {
  /** What the figure line calls it. */
  label: string;
  /** How many kills of this operation `npm test` runs. */
  runs: number;
  /** Build the ledger every run starts from (copied per run); files beside it may start with `${file}.`. */
  template(file: string): void | Promise<void>;
  /** In the child: do the operation on `file` (a copy of `template`); call `go()` right before it starts. */
  run(file: string, go: () => void, template: string): void | Promise<void>;
  /** After the kill: all of the operation or none of it (throws when partial). */
  outcome(file: string): Outcome;
  /** The migrations to open the ledger with afterwards (default: the shipped ones). */
  migrations?: readonly Migration[];
}

const PASTE_ROWS = 1000;
const BULK_ROWS = 1500;
const MIGRATION_ROWS = 10_000;
const MARK = '崩溃测试';

function withProgram(file: string, options: { migrations?: readonly Migration[] } = {}): { ledger: Ledger; programId: number } {
  const ledger = Ledger.open(file, { actor: '测试', ...options });
  const programId = ledger.run({ kind: 'program.create', label: '建项目', source: 'keyed' }, (tx) =>
    createProgram(tx, { code: '2017-SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖' }));
  return { ledger, programId };
}

function count(db: Database.Database, sql: string, ...params: unknown[]): number {
  return db.prepare(sql).pluck().get(...params) as number;
}

function partial(what: string): never {
  throw new Error(`部分写入：${what}`);
}

/** A migration with real work in it, appended after the shipped ones, to be killed midway. */
export const HEAVY_MIGRATION: Migration = {
  version: MIGRATIONS.length + 1,
  name: 'crash_test_heavy',
  sql: `UPDATE payments SET note = coalesce(note, '') || '${MARK}迁移';
    CREATE INDEX payments_note_crash ON payments(note);
    CREATE TABLE crash_migrated AS SELECT id, cash_fen FROM payments;`,
};
const YEAR_CLOSE = MIGRATIONS.findIndex((m) => m.name === 'year_close');

export const CRASH_OPERATIONS: Record<string, CrashOperation> = {
  paste: {
    label: `粘贴 ${PASTE_ROWS} 行`,
    runs: 10,
    template(file) {
      withProgram(file).ledger.close();
    },
    run(file, go) {
      const ledger = Ledger.open(file, { actor: '测试' });
      const programId = ledger.db.prepare("SELECT id FROM programs WHERE code = '2017-SWN'").pluck().get() as number;
      const rows = Array.from({ length: PASTE_ROWS }, (_, i) => ({
        cells: { personName: `职工${i}`, unitName: `单位${i % 40}`, paidOn: `2017-01-${String((i % 28) + 1).padStart(2, '0')}`, cashFen: String(300 + (i % 7) * 100), note: MARK },
      }));
      go();
      ledger.run({ kind: 'payment.paste', label: '粘贴', source: 'pasted' }, (tx) => applyPaymentEdits(tx, rows, { programId }, '测试'));
      ledger.close();
    },
    outcome(file) {
      const db = new Database(file);
      try {
        const rows = count(db, 'SELECT count(*) FROM payments WHERE note = ?', MARK);
        const people = count(db, "SELECT count(*) FROM people WHERE name LIKE '职工%'");
        const commands = count(db, "SELECT count(*) FROM commands WHERE kind = 'payment.paste'");
        const audit = count(db, "SELECT count(*) FROM audit_log a JOIN commands c ON c.id = a.command_id WHERE c.kind = 'payment.paste'");
        if (rows === 0 && people === 0 && commands === 0 && audit === 0) return 'none';
        if (rows === PASTE_ROWS && people === PASTE_ROWS && commands === 1 && audit > 0) return 'all';
        return partial(`发放 ${rows}，人员 ${people}，命令 ${commands}，审计 ${audit}`);
      } finally {
        db.close();
      }
    },
  },

  migration: {
    label: `迁移旧版本台账（${MIGRATION_ROWS} 条发放记录）`,
    runs: 10,
    migrations: [...MIGRATIONS, HEAVY_MIGRATION],
    template(file) {
      // A ledger from before year close, with payments, migrated later by the child.
      const { ledger, programId } = withProgram(file, { migrations: MIGRATIONS.slice(0, YEAR_CLOSE) });
      ledger.run({ kind: 'seed', label: '数据', source: 'system', undoable: false }, (tx) => {
        const people = bulkInsertPeople(tx, Array.from({ length: 2000 }, (_, i) => ({ name: `职工${i}` })));
        bulkInsertPayments(tx, Array.from({ length: MIGRATION_ROWS }, (_, i) => ({ programId, personId: people[i % people.length]!, paidOn: '2017-01-20', cashFen: 50_000 + i })));
      });
      ledger.close();
    },
    run(file, go) {
      go();
      openDatabase(file, { migrations: [...MIGRATIONS, HEAVY_MIGRATION] }).db.close();
    },
    outcome(file) {
      const db = new Database(file);
      try {
        const version = db.pragma('user_version', { simple: true }) as number;
        const recorded = count(db, 'SELECT count(*) FROM schema_migrations');
        if (recorded !== version) partial(`版本 ${version}，迁移记录 ${recorded}`);
        const hasClose = count(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('year_closings', 'payments_closed_year_update')");
        if (hasClose !== (version > YEAR_CLOSE ? 2 : 0)) partial(`版本 ${version}，结账表/触发器 ${hasClose}`);
        const marked = count(db, 'SELECT count(*) FROM payments WHERE note LIKE ?', `%${MARK}迁移`);
        const extra = count(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('payments_note_crash', 'crash_migrated')");
        const heavyDone = version === HEAVY_MIGRATION.version;
        if (heavyDone ? marked !== MIGRATION_ROWS || extra !== 2 : marked !== 0 || extra !== 0) partial(`版本 ${version}，已改 ${marked} 行，索引/表 ${extra}`);
        // Any backup carrying a backup's name is complete (an interrupted one is only ever a .partial).
        const dir = path.join(path.dirname(file), 'backups');
        for (const f of fs.existsSync(dir) ? fs.readdirSync(dir).filter((x) => x.endsWith('.db')) : []) {
          const b = new Database(path.join(dir, f), { readonly: true });
          const ok = b.pragma('quick_check', { simple: true });
          const rows = b.prepare('SELECT count(*) FROM payments').pluck().get();
          b.close();
          if (ok !== 'ok' || rows !== MIGRATION_ROWS) partial(`备份 ${f} 不完整`);
        }
        // The migration as a whole is done only at the last version; every version reached is whole.
        return heavyDone ? 'all' : 'none';
      } finally {
        db.close();
      }
    },
  },

  'bulk-undo-redo': {
    label: `批量写入 ${BULK_ROWS} 行、撤销、重做`,
    runs: 10,
    template(file) {
      withProgram(file).ledger.close();
    },
    run(file, go) {
      const ledger = Ledger.open(file, { actor: '测试' });
      const programId = ledger.db.prepare("SELECT id FROM programs WHERE code = '2017-SWN'").pluck().get() as number;
      const rows = Array.from({ length: BULK_ROWS }, (_, i) => ({ programId, personId: null, paidOn: '2017-03-01', cashFen: 10_000 + i, note: MARK }));
      go();
      ledger.run({ kind: 'crash.bulk', label: '批量写入', source: 'keyed' }, (tx) => bulkInsertPayments(tx, rows));
      undo(ledger);
      redo(ledger);
      ledger.close();
    },
    outcome(file) {
      const db = new Database(file);
      try {
        const rows = count(db, 'SELECT count(*) FROM payments WHERE note = ?', MARK);
        const bulk = db.prepare("SELECT id, state FROM commands WHERE kind = 'crash.bulk'").get() as { id: number; state: string } | undefined;
        const steps = db.prepare("SELECT source FROM commands WHERE source IN ('undo', 'redo') ORDER BY id").pluck().all() as string[];
        // Every step is whole: the rows are there exactly when the last step left them there.
        const expected = !bulk ? 0 : bulk.state === 'done' ? BULK_ROWS : 0;
        if (rows !== expected) partial(`批量命令 ${bulk?.state ?? '无'}，撤销/重做 ${steps.join(',')}，发放 ${rows}`);
        if (bulk && bulk.state === 'undone' && steps.join(',') !== 'undo') partial(`状态 ${bulk.state}，步骤 ${steps.join(',')}`);
        if (bulk && bulk.state === 'done' && steps.length === 1) partial('撤销记录与状态不一致');
        return expected === BULK_ROWS ? 'all' : 'none';
      } finally {
        db.close();
      }
    },
  },

  'import-commit': IMPORT_COMMIT,
  'import-revert': IMPORT_REVERT,
};
