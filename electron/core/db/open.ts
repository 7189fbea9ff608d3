/**
 * Opening a ledger file: pragmas, recognising our files, refusing newer ones,
 * backing up before migrating, and running the pending migrations one
 * transaction each.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { LedgerError, toLedgerError } from '../errors.ts';
import { MIGRATIONS, migrationChecksum, type Migration } from './migrations/index.ts';
import { backupFileName, defaultBackupDir, ensurePrivateDir, freePath, restrictLedgerFiles, restrictToOwner, snapshotInto, timestampForFile } from './files.ts';

export { defaultBackupDir, restrictToOwner, timestampForFile };

export type SqliteDatabase = Database.Database;

/** 'RLGR' — marks a SQLite file as a 帮扶台账 ledger. */
export const APPLICATION_ID = 0x524c4752;
/** The most of a ledger file its connection maps into memory for reading (see mmap_size below). */
const MMAP_BYTES = 2 * 1024 ** 3;

export interface OpenDatabaseOptions {
  /** Create the file when it does not exist (default true). */
  create?: boolean;
  /** Where the automatic pre-migration backup goes (default: backups/ next to the ledger). */
  backupDir?: string;
  /** Migrations to apply; tests pass a prefix to build a database at an older version. */
  migrations?: readonly Migration[];
  /** Milliseconds to wait for another writer before giving up. */
  busyTimeoutMs?: number;
  now?: () => Date;
}

export interface OpenedDatabase {
  db: SqliteDatabase;
  /** Version before opening (0 for a new file). */
  fromVersion: number;
  toVersion: number;
  /** The backup written before migrating, if any. */
  backupPath: string | null;
}

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.length;
  const now = options.now ?? (() => new Date());
  const resolved = path.resolve(file);
  const existed = fs.existsSync(resolved) && fs.statSync(resolved).size > 0;
  if (!existed && options.create === false) {
    throw new LedgerError('not_found', `找不到台账文件：${resolved}`);
  }
  if (!existed) {
    try {
      fs.mkdirSync(path.dirname(resolved), { recursive: true, mode: 0o700 });
      // Created owner-only before SQLite touches it: its -wal and -shm then inherit the mode.
      if (!fs.existsSync(resolved)) fs.writeFileSync(resolved, '', { mode: 0o600, flag: 'wx' });
    } catch (err) {
      throw toLedgerError(err, `无法创建台账文件“${resolved}”`);
    }
  }

  let db: SqliteDatabase;
  try {
    db = new Database(resolved, { timeout: options.busyTimeoutMs ?? 5000 });
  } catch (err) {
    throw toLedgerError(err, `无法打开“${resolved}”`);
  }
  try {
    let fromVersion: number;
    try {
      db.pragma('journal_mode = WAL');
      fromVersion = db.pragma('user_version', { simple: true }) as number;
    } catch (err) {
      const e = toLedgerError(err, `无法打开“${path.basename(resolved)}”`);
      if (e.code === 'corrupt') throw new LedgerError('corrupt', `“${path.basename(resolved)}”不是帮扶台账文件或已损坏，无法打开。可以从备份恢复。`, { cause: e.details?.cause });
      if (e.code === 'file_error' && !writable(path.dirname(resolved))) {
        throw new LedgerError(
          'read_only',
          `无法打开“${path.basename(resolved)}”：台账所在的文件夹是只读的（台账需要在同一文件夹中写入临时文件）。请修改文件夹权限，或把台账复制到可写的文件夹。`,
          e.details,
        );
      }
      throw e;
    }
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = FULL');
    // 64 MB of page cache: indexes of a million-row ledger stay in memory.
    db.pragma('cache_size = -65536');
    // Reads go straight to the file's pages in the operating system's cache (memory-mapped, up to
    // 2 GiB) instead of through the 64 MB page cache above, which a scan of a million payments would
    // churn: a search or a totals pass over every row of a year is about a third faster, and the
    // indexes it reads next are no longer read again from the file. Writes still go through the
    // page cache and the WAL.
    db.pragma(`mmap_size = ${MMAP_BYTES}`);
    const appId = db.pragma('application_id', { simple: true }) as number;
    const tableCount = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
    if (appId !== APPLICATION_ID && (tableCount > 0 || fromVersion > 0)) {
      throw new LedgerError('not_a_ledger', `“${path.basename(resolved)}”是一个 SQLite 数据库，但不是帮扶台账文件，未做任何改动。`);
    }
    // `latest` is LATEST_VERSION unless a test passes its own list of migrations.
    if (fromVersion > latest) {
      throw new LedgerError(
        'newer_version',
        `此台账由较新版本的帮扶台账创建（数据库版本 ${fromVersion}），当前程序只支持到版本 ${latest}。请升级程序后再打开，文件未做任何改动。`,
        { fileVersion: fromVersion, supportedVersion: latest },
      );
    }
    verifyApplied(db, migrations, fromVersion);

    let backupPath: string | null = null;
    if (fromVersion > 0 && fromVersion < latest) {
      const dir = options.backupDir ?? defaultBackupDir(resolved);
      try {
        ensurePrivateDir(dir);
      } catch (err) {
        throw toLedgerError(err, '迁移前备份失败，台账未做改动');
      }
      backupPath = freePath(dir, backupFileName(resolved, { kind: 'migration', tag: `v${fromVersion}`, at: now(), marker: null }));
      snapshotInto(db, backupPath, '迁移前备份失败，台账未做改动');
    }

    for (const m of migrations) {
      if (m.version <= fromVersion) continue;
      applyMigration(db, m, now());
    }
    restrictLedgerFiles(resolved);
    // Keep the planner's statistics fresh (cheap: bounded by analysis_limit). Optional: a
    // read-only file (an auditor's copy, a CD) still opens for reading — its writes fail with a
    // clear message — and while another program is writing, the statistics wait for next time.
    db.pragma('analysis_limit = 1000');
    try {
      db.pragma('optimize = 0x10002');
    } catch (err) {
      const code = toLedgerError(err).code;
      if (code !== 'read_only' && code !== 'busy') throw err;
    }
    return { db, fromVersion, toVersion: latest, backupPath };
  } catch (err) {
    db.close();
    const e = toLedgerError(err, `无法打开“${path.basename(resolved)}”`);
    if (e.code === 'corrupt') throw new LedgerError('corrupt', `“${path.basename(resolved)}”已损坏，无法打开。可以从备份恢复。`, e.details);
    throw e;
  }
}

function writable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function applyMigration(db: SqliteDatabase, m: Migration, at: Date): void {
  const run = db.transaction(() => {
    if (m.version === 1) {
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        checksum TEXT NOT NULL,
        applied_at TEXT NOT NULL
      )`);
    }
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)').run(
      m.version,
      m.name,
      migrationChecksum(m),
      at.toISOString(),
    );
    db.pragma(`user_version = ${m.version}`);
  });
  try {
    run();
  } catch (err) {
    throw toLedgerError(err, `数据库迁移到版本 ${m.version}（${m.name}）失败，已回滚`);
  }
}

/** The migrations recorded in the file must be exactly the ones this program ships. */
export function verifyApplied(db: SqliteDatabase, migrations: readonly Migration[], fromVersion: number): void {
  if (fromVersion === 0) return;
  const rows = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
    checksum: string;
  }[];
  if (rows.length !== fromVersion) {
    throw new LedgerError('migration_mismatch', `台账记录的迁移数（${rows.length}）与版本号（${fromVersion}）不一致，文件可能被其他程序改动过。`);
  }
  for (const row of rows) {
    const m = migrations[row.version - 1];
    if (!m || m.name !== row.name || migrationChecksum(m) !== row.checksum) {
      throw new LedgerError(
        'migration_mismatch',
        `台账的第 ${row.version} 号迁移（${row.name}）与本程序不一致，为保护数据拒绝打开。`,
      );
    }
  }
}
