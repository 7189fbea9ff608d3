/**
 * Backups of a ledger: automatic ones into `backups/` next to the ledger, with a
 * rotation, and restore.
 *
 * - Named backups: at start (启动), before a migration (迁移前, written by open),
 *   before an import commit (导入前) or revert (撤销导入前), before a restore (恢复前),
 *   and manual ones (手动, never pruned).
 * - Daily (每日) while the ledger is open, at most one per local calendar day, and a
 *   monthly (每月) copy of the first daily of each month. Rotation keeps 7 daily
 *   (distinct days) and 12 monthly (distinct months), and the newest few of each named kind.
 * - A start or daily backup is skipped when the ledger has not changed since the
 *   newest backup (the file name carries a marker of the ledger's last command).
 * - Every backup is a consistent SQLite snapshot (VACUUM INTO), quick_checked,
 *   flushed, then renamed into place, owner-only (0600; the folder 0700).
 * - Restore checks the candidate (a SQLite file, one of our ledgers, not newer than
 *   this program, integrity and foreign keys, the migrations it records), migrates it
 *   if older, backs up the current ledger, and only then swaps the files — refusing
 *   while another program has the ledger open.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localDateTime } from '../../shared/domain/dates.ts';
import { LedgerError, toLedgerError } from './errors.ts';
import { APPLICATION_ID, openDatabase, verifyApplied } from './db/open.ts';
import {
  BACKUP_KINDS,
  backupFileName,
  defaultBackupDir,
  ensurePrivateDir,
  freePath,
  fsyncDir,
  fsyncFile,
  parseBackupFileName,
  quickCheckFile,
  readSqliteHeader,
  restrictLedgerFiles,
  restrictToOwner,
  snapshotInto,
  type BackupKind,
} from './db/files.ts';
import { LATEST_VERSION, MIGRATIONS } from './db/migrations/index.ts';
import type { Ledger } from './ledger.ts';

export { BACKUP_KINDS, type BackupKind };

/** How many of each kind the rotation keeps (daily: distinct days; monthly: distinct months). */
export const RETENTION: Record<BackupKind, number> = {
  daily: 7,
  monthly: 12,
  startup: 5,
  migration: 5,
  import: 20,
  revert: 20,
  restore: 10,
  manual: Number.POSITIVE_INFINITY,
};

export interface BackupInfo {
  path: string;
  /** File name only. */
  file: string;
  kind: BackupKind;
  /** 每日, 每月, 启动, 迁移前, 导入前, 撤销导入前, 恢复前, 手动. */
  kindLabel: string;
  tag: string | null;
  /** When it was taken (ISO, UTC). */
  at: string;
  /** Marker of the ledger's state (null: unknown). */
  marker: string | null;
  bytes: number;
  /** Schema version from the file header; null when the file is not SQLite (damaged). */
  schemaVersion: number | null;
}

export interface BackupOutcome {
  /** The backup written, or null when none was needed. */
  made: BackupInfo | null;
  /** Why nothing was written: already one today, or nothing changed since the newest backup. */
  skipped: null | 'already_today' | 'unchanged';
  /** Old backups removed by the rotation. */
  pruned: string[];
}

export function backupsDir(ledgerPath: string): string {
  return defaultBackupDir(ledgerPath);
}

/** The ledger's state: its last command (id and time). Equal markers mean equal audited contents. */
export function ledgerMarker(db: Database.Database): string {
  const last = db.prepare('SELECT id, at FROM commands ORDER BY id DESC LIMIT 1').get() as { id: number; at: string } | undefined;
  if (!last) return '0';
  return `${last.id}h${createHash('sha1').update(`${last.id}|${last.at}`).digest('hex').slice(0, 6)}`;
}

function infoOf(file: string, ledgerPath: string): BackupInfo | null {
  const name = parseBackupFileName(ledgerPath, path.basename(file));
  if (!name) return null;
  let bytes = 0;
  let schemaVersion: number | null = null;
  try {
    bytes = fs.statSync(file).size;
    const h = readSqliteHeader(file);
    schemaVersion = h.sqlite ? h.userVersion : null;
  } catch {
    return null;
  }
  return {
    path: file, file: path.basename(file), kind: name.kind, kindLabel: BACKUP_KINDS[name.kind], tag: name.tag,
    at: name.at.toISOString(), marker: name.marker, bytes, schemaVersion,
  };
}

/** The backups of this ledger in its backups folder, newest first. */
export function listBackups(ledgerPath: string): BackupInfo[] {
  const dir = backupsDir(ledgerPath);
  if (!fs.existsSync(dir)) return [];
  const out: BackupInfo[] = [];
  for (const f of fs.readdirSync(dir)) {
    if (!f.endsWith('.db')) continue;
    const info = infoOf(path.join(dir, f), ledgerPath);
    if (info) out.push(info);
  }
  return out.sort((a, b) => (a.at === b.at ? b.file.localeCompare(a.file) : b.at.localeCompare(a.at)));
}

/**
 * What to back up: the open Ledger, or the ledger's path — then a read-only connection of
 * its own is used (WAL lets it read a consistent snapshot while the app keeps writing), so
 * the main process can run backups in a worker thread instead of blocking its own.
 */
export type BackupSource = Ledger | string;

function withSource<T>(source: BackupSource, fn: (db: Database.Database, ledgerPath: string) => T): T {
  if (typeof source !== 'string') return fn(source.db, source.path);
  const ledgerPath = path.resolve(source);
  let db: Database.Database;
  try {
    db = new Database(ledgerPath, { readonly: true, fileMustExist: true, timeout: 5000 });
  } catch (err) {
    throw toLedgerError(err, `无法打开“${path.basename(ledgerPath)}”`);
  }
  try {
    return fn(db, ledgerPath);
  } finally {
    db.close();
  }
}

function writeBackup(db: Database.Database, ledgerPath: string, kind: BackupKind, tag: string | null, now: Date): BackupInfo {
  const dir = backupsDir(ledgerPath);
  try {
    ensurePrivateDir(dir);
  } catch (err) {
    throw toLedgerError(err, '无法创建备份文件夹');
  }
  const name = (marker: string) => backupFileName(ledgerPath, { kind, tag, at: now, marker });
  const provisional = freePath(dir, name(ledgerMarker(db)));
  // The marker is read again from the copy: with a connection of our own (a worker), the app
  // may have committed between the first look and the snapshot.
  const made = snapshotInto(db, provisional, `${BACKUP_KINDS[kind]}备份失败，台账未受影响`, (copy) => {
    const wanted = name(ledgerMarker(copy));
    return path.basename(provisional).startsWith(wanted.replace(/\.db$/, '')) ? provisional : freePath(dir, wanted);
  });
  return infoOf(made.path, ledgerPath)!;
}

/** Write a named backup of the ledger into its backups folder. */
export function createBackup(source: BackupSource, kind: BackupKind, options: { tag?: string | null; now?: Date } = {}): BackupInfo {
  return withSource(source, (db, ledgerPath) => writeBackup(db, ledgerPath, kind, options.tag ?? null, options.now ?? new Date()));
}

function localDay(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Remove what the rotation no longer keeps; returns the removed paths. */
export function pruneBackups(ledgerPath: string, now: Date = new Date()): string[] {
  const removed: string[] = [];
  const byKind = new Map<BackupKind, BackupInfo[]>();
  for (const b of listBackups(ledgerPath)) {
    const list = byKind.get(b.kind) ?? [];
    list.push(b);
    byKind.set(b.kind, list);
  }
  for (const [kind, list] of byKind) {
    const keep = RETENTION[kind];
    if (!Number.isFinite(keep)) continue;
    const seen = new Set<string>();
    for (const b of list) {
      // Newest first: the first of each day (month) is kept, up to `keep` days (months).
      const key = kind === 'daily' ? localDay(b.at) : kind === 'monthly' ? localDay(b.at).slice(0, 7) : b.file;
      if (!seen.has(key) && seen.size < keep) {
        seen.add(key);
        continue;
      }
      try {
        fs.rmSync(b.path, { force: true });
        removed.push(b.path);
      } catch {
        /* a file we cannot remove stays; the next rotation tries again */
      }
    }
  }
  // Leftovers of a backup interrupted by a crash or power cut (older than an hour).
  const dir = backupsDir(ledgerPath);
  if (fs.existsSync(dir)) {
    for (const f of fs.readdirSync(dir)) {
      if (!f.endsWith('.partial') || !parseBackupFileName(ledgerPath, f.slice(0, -'.partial'.length))) continue;
      const p = path.join(dir, f);
      try {
        if (now.getTime() - fs.statSync(p).mtimeMs > 3_600_000) {
          fs.rmSync(p, { force: true });
          removed.push(p);
        }
      } catch {
        /* gone meanwhile */
      }
    }
  }
  return removed;
}

function newestWithMarker(ledgerPath: string): BackupInfo | undefined {
  return listBackups(ledgerPath).find((b) => b.marker !== null);
}

/**
 * At start: check the ledger (quick_check; a damaged ledger throws 'corrupt' naming the
 * latest good backup), then back it up unless it has not changed since the newest backup.
 */
export function startupBackup(source: BackupSource, now: Date = new Date()): BackupOutcome {
  return withSource(source, (db, ledgerPath) => {
    let check: string;
    try {
      check = String(db.pragma('quick_check', { simple: true }));
    } catch (err) {
      const e = toLedgerError(err);
      if (e.code === 'corrupt') throw corruptLedgerError(ledgerPath);
      throw e;
    }
    if (check !== 'ok') throw corruptLedgerError(ledgerPath, '未通过完整性检查（文件已损坏）', { check });
    const newest = newestWithMarker(ledgerPath);
    if (newest && newest.marker === ledgerMarker(db)) return { made: null, skipped: 'unchanged', pruned: pruneBackups(ledgerPath, now) };
    let made: BackupInfo;
    try {
      made = writeBackup(db, ledgerPath, 'startup', null, now);
    } catch (err) {
      const e = toLedgerError(err);
      if (e.code === 'corrupt') throw corruptLedgerError(ledgerPath);
      throw e;
    }
    return { made, skipped: null, pruned: pruneBackups(ledgerPath, now) };
  });
}

/**
 * The daily backup: the main process calls this on a timer (e.g. every 30 minutes) while a
 * ledger is open. At most one per local calendar day; none when nothing changed since the
 * newest backup. The first daily of a month is also kept as that month's monthly backup.
 */
export function maybeDailyBackup(source: BackupSource, now: Date = new Date()): BackupOutcome {
  return withSource(source, (db, ledgerPath) => {
    const today = localDay(now.toISOString());
    const all = listBackups(ledgerPath);
    if (all.some((b) => b.kind === 'daily' && localDay(b.at) === today)) return { made: null, skipped: 'already_today', pruned: [] };
    const newest = all.find((b) => b.marker !== null);
    if (newest && newest.marker === ledgerMarker(db)) return { made: null, skipped: 'unchanged', pruned: [] };
    const made = writeBackup(db, ledgerPath, 'daily', null, now);
    const month = today.slice(0, 7);
    if (!all.some((b) => b.kind === 'monthly' && localDay(b.at).slice(0, 7) === month)) {
      const monthly = freePath(path.dirname(made.path), backupFileName(ledgerPath, { kind: 'monthly', tag: null, at: now, marker: made.marker }));
      try {
        fs.copyFileSync(made.path, `${monthly}.partial`);
        restrictToOwner(`${monthly}.partial`);
        fsyncFile(`${monthly}.partial`);
        fs.renameSync(`${monthly}.partial`, monthly);
        fsyncDir(path.dirname(monthly));
      } catch (err) {
        fs.rmSync(`${monthly}.partial`, { force: true });
        throw toLedgerError(err, '每月备份失败（每日备份已完成）');
      }
    }
    return { made, skipped: null, pruned: pruneBackups(ledgerPath, now) };
  });
}

/**
 * Before an import is committed or reverted: call it just before `ledger.run(...)` of the
 * commit/revert (not inside it). `tag` names the batch or the file (shortened, made safe).
 */
export function backupBeforeImport(source: BackupSource, what: 'commit' | 'revert', tag: string | null = null, now: Date = new Date()): BackupInfo {
  const made = createBackup(source, what === 'commit' ? 'import' : 'revert', { tag, now });
  pruneBackups(typeof source === 'string' ? source : source.path, now);
  return made;
}

/** 文件 → 备份: into the backups folder (手动, never pruned). To a chosen file: maintenance.backupLedger. */
export function manualBackup(source: BackupSource, now: Date = new Date()): BackupInfo {
  return createBackup(source, 'manual', { now });
}

export interface BackupInspection {
  path: string;
  ok: boolean;
  /** What is wrong, in Chinese (empty when ok). */
  problems: string[];
  /** Why it is refused, for the caller's error code. */
  problemCode: 'corrupt' | 'not_a_ledger' | 'newer_version' | 'migration_mismatch' | null;
  schemaVersion: number | null;
  integrity: string[];
  foreignKeyViolations: number;
  counts: { people: number; programs: number; payments: number; commands: number } | null;
  totals: { cashFen: number; goodsFen: number } | null;
  /** Time of the last change recorded in it. */
  lastChangeAt: string | null;
  closedYears: number[];
}

/**
 * Look inside a candidate backup without changing it: is it SQLite, one of our ledgers,
 * not newer than this program, sound (integrity_check, or quick_check when `quick`),
 * with its recorded migrations matching ours; and what it holds.
 */
export function inspectBackup(file: string, options: { quick?: boolean } = {}): BackupInspection {
  const out: BackupInspection = {
    path: file, ok: false, problems: [], problemCode: null, schemaVersion: null, integrity: [], foreignKeyViolations: 0,
    counts: null, totals: null, lastChangeAt: null, closedYears: [],
  };
  const fail = (code: NonNullable<BackupInspection['problemCode']>, message: string) => {
    out.problems.push(message);
    out.problemCode ??= code;
    return out;
  };
  if (!fs.existsSync(file)) return fail('corrupt', '文件不存在');
  let header: ReturnType<typeof readSqliteHeader>;
  try {
    header = readSqliteHeader(file);
  } catch (err) {
    return fail('corrupt', toLedgerError(err).message);
  }
  if (!header.sqlite) return fail('corrupt', '不是 SQLite 数据库文件，或文件头已损坏');
  out.schemaVersion = header.userVersion;
  if (header.applicationId !== APPLICATION_ID) return fail('not_a_ledger', '不是帮扶台账文件');
  if (header.userVersion > LATEST_VERSION) {
    return fail('newer_version', `由较新版本的帮扶台账创建（数据库版本 ${header.userVersion}，本程序支持到 ${LATEST_VERSION}），请先升级程序`);
  }
  if (header.userVersion < 1) return fail('corrupt', '台账结构不完整（数据库版本为 0）');
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    out.integrity = (db.pragma(options.quick ? 'quick_check' : 'integrity_check') as Record<string, string>[]).map((r) => String(Object.values(r)[0]));
    if (out.integrity.length !== 1 || out.integrity[0] !== 'ok') return fail('corrupt', `完整性检查未通过：${out.integrity.slice(0, 3).join('；')}`);
    if (!options.quick) {
      out.foreignKeyViolations = (db.pragma('foreign_key_check') as unknown[]).length;
      if (out.foreignKeyViolations > 0) return fail('corrupt', `外键检查发现 ${out.foreignKeyViolations} 处不一致`);
    }
    try {
      verifyApplied(db, MIGRATIONS, header.userVersion);
    } catch (err) {
      return fail('migration_mismatch', toLedgerError(err).message);
    }
    const count = (t: string) => db!.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
    out.counts = { people: count('people'), programs: count('programs'), payments: count('payments'), commands: count('commands') };
    const sums = db.prepare('SELECT coalesce(sum(cash_fen), 0) AS c, coalesce(sum(goods_fen), 0) AS g FROM payments').get() as { c: number; g: number };
    out.totals = { cashFen: sums.c, goodsFen: sums.g };
    out.lastChangeAt = (db.prepare('SELECT max(at) FROM commands').pluck().get() as string | null) ?? null;
    const hasClosings = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'year_closings'").get() !== undefined;
    out.closedYears = hasClosings ? (db.prepare('SELECT year FROM year_closings WHERE reopened_at IS NULL ORDER BY year').pluck().all() as number[]) : [];
  } catch (err) {
    return fail('corrupt', toLedgerError(err).message);
  } finally {
    db?.close();
  }
  out.ok = true;
  return out;
}

/** The newest backup of this ledger that passes a quick check (for “restore the latest good backup”). */
export function latestGoodBackup(ledgerPath: string): BackupInfo | null {
  for (const b of listBackups(ledgerPath)) {
    if (b.schemaVersion === null || b.schemaVersion > LATEST_VERSION) continue;
    if (inspectBackup(b.path, { quick: true }).ok) return b;
  }
  return null;
}


/** The error for a damaged ledger, offering its latest good backup (details.latestGoodBackup). */
export function corruptLedgerError(ledgerPath: string, what = '已损坏', details: Record<string, unknown> = {}): LedgerError {
  const latest = latestGoodBackup(ledgerPath);
  const name = path.basename(ledgerPath);
  const offer = latest
    ? `最近的完好备份是“${latest.file}”（${localDateTime(latest.at)}，${latest.kindLabel}备份），可以从它恢复。`
    : `在备份文件夹“${backupsDir(ledgerPath)}”中没有找到完好的备份。`;
  return new LedgerError('corrupt', `台账“${name}”${what}，无法使用。${offer}`, {
    ...details, ledgerPath, latestGoodBackup: latest, backupsDir: backupsDir(ledgerPath),
  });
}

export interface RestoreReport {
  ledgerPath: string;
  restoredFrom: string;
  /** Where the ledger that was replaced went: a verified backup, or a raw copy of a damaged file. */
  previous: { path: string; verified: boolean } | null;
  /** Schema version of the backup; migrated to the current one when older. */
  backupVersion: number;
  schemaVersion: number;
  inspection: BackupInspection;
}

const RESTORE_CODES = { corrupt: 'corrupt', not_a_ledger: 'not_a_ledger', newer_version: 'newer_version', migration_mismatch: 'migration_mismatch' } as const;

/**
 * Replace the ledger at `ledgerPath` with the backup `backupFile`. The ledger must be closed
 * in this program (close it, restore, open it again); another program holding it open makes
 * the restore fail with 'busy', changing nothing. Steps: copy the candidate next to the
 * ledger, inspect it fully, migrate it if older and record the restore as a command (a
 * barrier for undo), back up the current ledger (恢复前; a raw copy when it is damaged),
 * then rename the candidate over the ledger.
 */
export function restoreLedger(
  ledgerPath: string,
  backupFile: string,
  options: { now?: Date; actor?: string | null; busyTimeoutMs?: number } = {},
): RestoreReport {
  const now = options.now ?? new Date();
  const target = path.resolve(ledgerPath);
  const source = path.resolve(backupFile);
  if (source === target) throw new LedgerError('invalid_input', '不能用台账文件本身恢复台账');
  if (!fs.existsSync(source) || !fs.statSync(source).isFile()) throw new LedgerError('not_found', `找不到备份文件：${source}`);
  const dir = path.dirname(target);
  const staging = `${target}.恢复中`;
  const cleanStaging = () => {
    for (const f of [staging, `${staging}-wal`, `${staging}-shm`, `${staging}-journal`]) fs.rmSync(f, { force: true });
  };
  cleanStaging();
  let migrationDir: string | null = null;
  try {
    // 1. A private copy on the ledger's own disk (the rename below must not cross disks).
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      fs.copyFileSync(source, staging);
      const wal = `${source}-wal`;
      if (fs.existsSync(wal) && fs.statSync(wal).size > 0) fs.copyFileSync(wal, `${staging}-wal`);
      restrictLedgerFiles(staging);
    } catch (err) {
      throw toLedgerError(err, '恢复失败：无法复制备份文件，台账未做改动');
    }
    // 2. Is it sound, ours, and not newer than us?
    const inspection = inspectBackup(staging);
    inspection.path = source;
    if (!inspection.ok) {
      throw new LedgerError(RESTORE_CODES[inspection.problemCode ?? 'corrupt'], `不能从“${path.basename(source)}”恢复：${inspection.problems.join('；')}。台账未做改动。`, { inspection });
    }
    // 3. Bring it to our version, record the restore, leave it in rollback-journal mode (no -wal to carry over).
    migrationDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relief-ledger-restore-'));
    let schemaVersion: number;
    try {
      const opened = openDatabase(staging, { create: false, backupDir: migrationDir, busyTimeoutMs: 1000, now: () => now });
      schemaVersion = opened.toVersion;
      try {
        opened.db.transaction(() => {
          opened.db.prepare("UPDATE commands SET state = 'discarded' WHERE state = 'undone'").run();
          opened.db.prepare("INSERT INTO commands (at, actor, source, kind, label, undoable) VALUES (?, ?, 'system', 'ledger.restore', ?, 0)")
            .run(now.toISOString(), options.actor ?? null, `从备份恢复（${path.basename(source)}）`);
        }).immediate();
        opened.db.pragma('wal_checkpoint(TRUNCATE)');
        opened.db.pragma('journal_mode = DELETE');
      } finally {
        opened.db.close();
      }
      fsyncFile(staging);
    } catch (err) {
      throw toLedgerError(err, '恢复失败：备份无法升级到当前版本，台账未做改动');
    }
    // 4. Keep the current ledger, then swap.
    const previous = swapIn(target, staging, now, options.busyTimeoutMs ?? 2000);
    restrictLedgerFiles(target);
    return { ledgerPath: target, restoredFrom: source, previous, backupVersion: inspection.schemaVersion!, schemaVersion, inspection };
  } finally {
    cleanStaging();
    if (migrationDir) fs.rmSync(migrationDir, { recursive: true, force: true });
  }
}

/** Back up the ledger at `target` (holding it exclusively), then rename `staging` over it. */
function swapIn(target: string, staging: string, now: Date, busyTimeoutMs: number): RestoreReport['previous'] {
  const bdir = backupsDir(target);
  try {
    ensurePrivateDir(bdir);
  } catch (err) {
    throw toLedgerError(err, '恢复失败：无法创建备份文件夹，台账未做改动');
  }
  if (!fs.existsSync(target)) {
    renameInto(staging, target);
    return null;
  }
  let current: Database.Database | null = null;
  try {
    current = new Database(target, { fileMustExist: true, timeout: busyTimeoutMs });
    // Exclusive: no other connection may have the ledger open (an open app or CLI would
    // otherwise keep writing to the replaced file, or leave its -wal next to the new one).
    current.pragma('locking_mode = EXCLUSIVE');
    current.exec('BEGIN EXCLUSIVE');
    current.exec('COMMIT');
  } catch (err) {
    const e = toLedgerError(err);
    current?.close();
    current = null;
    if (e.code === 'busy') throw new LedgerError('busy', '台账正在被其他程序使用（例如帮扶台账窗口或命令行），请先关闭后再恢复。台账未做改动。');
    if (e.code !== 'corrupt') throw toLedgerError(err, '恢复失败，台账未做改动');
  }
  if (current) {
    try {
      const name = backupFileName(target, { kind: 'restore', tag: null, at: now, marker: safeMarker(current) });
      const kept = freePath(bdir, name);
      try {
        // Held exclusively: nothing can commit between the marker and the snapshot.
        snapshotInto(current, kept, '恢复前备份当前台账失败，台账未做改动');
      } catch (err) {
        if (toLedgerError(err).code !== 'corrupt') throw err;
        current.close();
        current = null;
        return swapDamaged(target, staging, bdir, now);
      }
      current.pragma('journal_mode = DELETE');
      if (process.platform === 'win32') {
        current.close();
        current = null;
      }
      renameInto(staging, target);
      return { path: kept, verified: true };
    } finally {
      current?.close();
    }
  }
  return swapDamaged(target, staging, bdir, now);
}

function safeMarker(db: Database.Database): string | null {
  try {
    return ledgerMarker(db);
  } catch {
    return null;
  }
}

/** A damaged ledger is kept byte for byte (with its -wal), then replaced. */
function swapDamaged(target: string, staging: string, bdir: string, now: Date): RestoreReport['previous'] {
  const kept = freePath(bdir, backupFileName(target, { kind: 'restore', tag: '损坏', at: now, marker: null }));
  try {
    fs.copyFileSync(target, kept);
    restrictToOwner(kept);
    for (const ext of ['-wal', '-shm']) {
      if (fs.existsSync(`${target}${ext}`)) {
        if (ext === '-wal') {
          fs.copyFileSync(`${target}${ext}`, `${kept}${ext}`);
          restrictToOwner(`${kept}${ext}`);
        }
      }
    }
    fsyncFile(kept);
    fsyncDir(bdir);
  } catch (err) {
    throw toLedgerError(err, '恢复失败：无法保存当前（已损坏的）台账，台账未做改动');
  }
  for (const ext of ['-wal', '-shm', '-journal']) fs.rmSync(`${target}${ext}`, { force: true });
  renameInto(staging, target);
  return { path: kept, verified: false };
}

function renameInto(staging: string, target: string): void {
  try {
    fs.renameSync(staging, target);
  } catch (err) {
    throw toLedgerError(err, '恢复失败：无法替换台账文件（可能正被其他程序打开），台账未做改动');
  }
  fsyncDir(path.dirname(target));
}

/** For `backups` listings: is each one usable? (quick check, newest first). */
export function checkBackups(ledgerPath: string): (BackupInfo & { ok: boolean; problem: string | null })[] {
  return listBackups(ledgerPath).map((b) => {
    const r = inspectBackup(b.path, { quick: true });
    return { ...b, ok: r.ok, problem: r.problems[0] ?? null };
  });
}

export { quickCheckFile };
