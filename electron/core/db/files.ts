/**
 * Files of a ledger: owner-only permissions, the backups folder next to the
 * ledger, backup file names, and a consistent, verified snapshot of an open
 * database written so that a crash never leaves a half-written file under a
 * backup's name (write to .partial, check, fsync, rename, fsync the folder).
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { LedgerError, toLedgerError } from '../errors.ts';

/** Owner-only permissions for ledger files and backups (no effect on Windows). */
export function restrictToOwner(file: string): void {
  if (process.platform === 'win32') return;
  try {
    fs.chmodSync(file, 0o600);
  } catch {
    /* a read-only mount or someone else's file: permissions are then not ours to set */
  }
}

/** The ledger file and its WAL companions, owner-only. */
export function restrictLedgerFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) restrictToOwner(f);
}

/** A folder only the user can enter (backups hold the whole ledger). */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') {
    try {
      fs.chmodSync(dir, 0o700);
    } catch {
      /* not ours */
    }
  }
}

export function defaultBackupDir(ledgerPath: string): string {
  return path.join(path.dirname(path.resolve(ledgerPath)), 'backups');
}

export function timestampForFile(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-');
}

export function parseFileTimestamp(ts: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})Z$/.exec(ts);
  if (!m) return null;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Kinds of backups and the word each file name carries. */
export const BACKUP_KINDS = {
  daily: '每日',
  monthly: '每月',
  startup: '启动',
  migration: '迁移前',
  import: '导入前',
  revert: '撤销导入前',
  restore: '恢复前',
  manual: '手动',
} as const;
export type BackupKind = keyof typeof BACKUP_KINDS;

const KIND_BY_WORD = new Map<string, BackupKind>(Object.entries(BACKUP_KINDS).map(([k, w]) => [w, k as BackupKind]));

export interface BackupName {
  kind: BackupKind;
  /** Free tag: `v3` for a migration backup, a batch or file for an import. */
  tag: string | null;
  at: Date;
  /**
   * The ledger's state when the backup was taken: `<last command id>h<6 hex of its id and time>`
   * (null: unknown, e.g. before a migration). Equal markers mean equal ledger contents.
   */
  marker: string | null;
}

/** Make a tag safe in a file name on every system, and short. */
export function cleanTag(tag: string): string {
  return tag.replace(/[\\/:*?"<>|\s.\u0000-\u001f]+/g, '_').replace(/^[-_]+|[-_]+$/g, '').slice(0, 40);
}

/** `ledger-每日-20260125-100000Z-c1234h0a1b2c.db`, `ledger-迁移前-v1-20260125-100000Z.db`. */
export function backupFileName(ledgerPath: string, b: BackupName): string {
  const base = path.basename(ledgerPath).replace(/\.[^.]+$/, '');
  const tag = b.tag ? cleanTag(b.tag) : '';
  return `${base}-${BACKUP_KINDS[b.kind]}${tag ? `-${tag}` : ''}-${timestampForFile(b.at)}${b.marker !== null ? `-c${b.marker}` : ''}.db`;
}

/** Parse a backup file name of the ledger `ledgerPath`; null for other files. */
export function parseBackupFileName(ledgerPath: string, fileName: string): BackupName | null {
  const base = path.basename(ledgerPath).replace(/\.[^.]+$/, '');
  if (!fileName.startsWith(`${base}-`) || !fileName.endsWith('.db')) return null;
  const rest = fileName.slice(base.length + 1);
  const m = /^([^-]+)(?:-(.*?))?-(\d{8}-\d{6}Z)(?:-c(\d+(?:h[0-9a-f]{6})?))?(?:-(\d+))?\.db$/.exec(rest);
  if (!m) return null;
  const kind = KIND_BY_WORD.get(m[1]!);
  const at = parseFileTimestamp(m[3]!);
  if (!kind || !at) return null;
  return { kind, tag: m[2] ?? null, at, marker: m[4] ?? null };
}

/** A free path in `dir` for `name`: `x.db`, then `x-2.db`, `x-3.db`… */
export function freePath(dir: string, name: string): string {
  let p = path.join(dir, name);
  for (let i = 2; fs.existsSync(p) || fs.existsSync(`${p}.partial`); i++) p = path.join(dir, name.replace(/\.db$/, `-${i}.db`));
  return p;
}

export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Make a rename durable (POSIX); a no-op where folders cannot be opened (Windows). */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  let fd: number | null = null;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    /* some file systems refuse: the rename is still atomic */
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** quick_check of a database file opened read-only: 'ok' or the first problem. */
export function quickCheckFile(file: string): string {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return String(db.pragma('quick_check', { simple: true }));
  } catch (err) {
    return toLedgerError(err).message;
  } finally {
    db?.close();
  }
}

/**
 * A transactionally consistent copy of an open database (VACUUM INTO), checked
 * (quick_check), flushed to disk and only then given its name. Must not run
 * inside a transaction. Returns the size in bytes.
 */
export function snapshotInto(db: Database.Database, target: string, context = '备份失败', finalName?: (copy: Database.Database) => string): { path: string; bytes: number } {
  if (db.inTransaction) throw new LedgerError('internal', '不能在写入命令进行中备份');
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  let final = target;
  try {
    db.prepare('VACUUM INTO ?').run(partial);
    const copy = new Database(partial, { readonly: true, fileMustExist: true });
    try {
      const ok = String(copy.pragma('quick_check', { simple: true }));
      if (ok !== 'ok') throw new LedgerError('corrupt', `${context}：备份校验未通过（${ok}），台账可能已损坏。`);
      // Named from the copy itself: another connection may have committed since the caller looked.
      if (finalName) final = finalName(copy);
    } finally {
      copy.close();
    }
    restrictToOwner(partial);
    fsyncFile(partial);
    fs.renameSync(partial, final);
    fsyncDir(path.dirname(final));
  } catch (err) {
    fs.rmSync(partial, { force: true });
    const e = toLedgerError(err, context);
    if (e.code === 'file_error' && String(e.details?.cause).startsWith('SQLITE_CANTOPEN')) {
      // VACUUM INTO could not create the copy: the backup folder, not the ledger, is the problem.
      throw new LedgerError('read_only', `${context}：无法在“${path.dirname(target)}”中写入备份（文件夹是只读的或没有权限）。`, e.details);
    }
    throw e;
  }
  return { path: final, bytes: fs.statSync(final).size };
}

/** The first 100 bytes of a file, read as a SQLite header: is it SQLite, whose, which version. */
export function readSqliteHeader(file: string): { sqlite: boolean; applicationId: number; userVersion: number } {
  const buf = Buffer.alloc(100);
  let n = 0;
  const fd = fs.openSync(file, 'r');
  try {
    n = fs.readSync(fd, buf, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  const sqlite = n === 100 && buf.toString('latin1', 0, 16) === 'SQLite format 3\u0000';
  return sqlite ? { sqlite, userVersion: buf.readUInt32BE(60), applicationId: buf.readUInt32BE(68) } : { sqlite, userVersion: 0, applicationId: 0 };
}
