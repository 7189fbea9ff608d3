/**
 * Errors a clerk can act on: disk full, file locked, read-only file or folder, a ledger
 * from a newer version, a damaged ledger. Each is produced for real (a full disk, another
 * connection's lock, a file the process may not write…), reaches the clerk as one clear
 * Chinese message through toLedgerError, and leaves the ledger as it was.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualBackup } from '../../electron/core/backups.ts';
import { LATEST_VERSION } from '../../electron/core/db/migrations/index.ts';
import { LedgerError } from '../../electron/core/errors.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { backupLedger } from '../../electron/core/maintenance.ts';
import { applyPaymentEdits, deletePayments, reversePayment, setPaymentStatus } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { createPerson } from '../../electron/core/services/people.ts';
import { dumpTables, tempDir } from '../helpers/ledger.ts';
import { refused } from '../helpers/errors.ts';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;


function seededAt(file: string): { ledger: Ledger; programId: number } {
  const ledger = Ledger.open(file, { actor: '测试会计' });
  const programId = ledger.run({ kind: 'program.create', label: '建项目', source: 'keyed' }, (tx) => createProgram(tx, { code: 'P', name: '春节送温暖', year: 2017, kind: '送温暖' }));
  ledger.run({ kind: 'payment.create', label: '发放', source: 'keyed' }, (tx) =>
    applyPaymentEdits(tx, [{ cells: { personName: '王芳', paidOn: '2017-01-20', cashFen: '500' } }], { programId }, 'x'));
  return { ledger, programId };
}

function paste(ledger: Ledger, programId: number, n: number) {
  return ledger.run({ kind: 'payment.paste', label: '粘贴', source: 'pasted' }, (tx) =>
    applyPaymentEdits(tx, Array.from({ length: n }, (_, i) => ({ cells: { personName: `职工${i}`, idNumber: null, unitName: `单位${i % 50}`, paidOn: '2017-02-01', cashFen: String(300 + i), note: '备注'.repeat(20) } })), { programId }, 'x'));
}

/** A tiny tmpfs (a real full disk), where the system lets us mount one; null otherwise. */
function mountTmpfs(dir: string, size: string): (() => void) | null {
  if (!isRoot || process.platform !== 'linux') return null;
  try {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { stdio: 'ignore' });
    return () => execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
}

/**
 * Make a file or folder read-only for this process: its mode for a normal user; for root, who
 * ignores modes, the immutable attribute. Returns the undo, or null where neither works.
 */
function makeReadOnly(p: string, kind: 'file' | 'folder'): (() => void) | null {
  if (!isRoot) {
    fs.chmodSync(p, kind === 'file' ? 0o400 : 0o500);
    return () => fs.chmodSync(p, kind === 'file' ? 0o600 : 0o700);
  }
  try {
    execFileSync('chattr', ['+i', p], { stdio: 'ignore' });
    return () => execFileSync('chattr', ['-i', p], { stdio: 'ignore' });
  } catch {
    return null;
  }
}

describe('errors a clerk can act on', () => {
  it('disk full (SQLite at its page limit): the paste is refused whole, then works once there is room', () => {
    const { ledger, programId } = seededAt(path.join(tempDir(), 'ledger.db'));
    const before = dumpTables(ledger);
    const pages = ledger.db.pragma('page_count', { simple: true }) as number;
    ledger.db.pragma(`max_page_count = ${pages + 20}`);
    const e = refused(() => paste(ledger, programId, 2000));
    expect(e.code).toBe('disk_full');
    expect(e.message).toBe('磁盘已满，操作未完成，台账保持原样。请清理磁盘空间后重试。');
    expect(dumpTables(ledger)).toEqual(before);
    ledger.db.pragma('max_page_count = 1073741823');
    expect(paste(ledger, programId, 2000).created).toHaveLength(2000);
    ledger.close();
  });

  it('disk full (a real full disk where one can be mounted): writes and backups fail cleanly', (ctx) => {
    const dir = tempDir();
    const mountPoint = path.join(dir, 'tiny');
    const unmount = mountTmpfs(mountPoint, '1200k');
    if (!unmount) {
      ctx.annotate('tmpfs could not be mounted here: the page-limit test above covers SQLITE_FULL');
      return;
    }
    try {
      const { ledger, programId } = seededAt(path.join(mountPoint, 'ledger.db'));
      const before = dumpTables(ledger);
      const e = refused(() => paste(ledger, programId, 6000));
      expect(e.code).toBe('disk_full');
      expect(e.message).toMatch(/磁盘已满，操作未完成，台账保持原样/);
      expect(dumpTables(ledger)).toEqual(before);
      // Still usable: a small change fits in the space the rolled-back work freed.
      ledger.run({ kind: 'person.create', label: '新建人员', source: 'keyed' }, (tx) => createPerson(tx, { name: '李强' }));
      // A backup onto the full disk: refused, nothing half-written left behind.
      const filler = path.join(mountPoint, 'filler');
      try {
        fs.writeFileSync(filler, Buffer.alloc(2_000_000));
      } catch {
        /* filled up to the last byte */
      }
      const b = refused(() => manualBackup(ledger));
      expect(b.code).toBe('disk_full');
      expect(b.message).toMatch(/^手动备份失败，台账未受影响：磁盘已满/);
      expect(fs.readdirSync(path.join(mountPoint, 'backups'))).toEqual([]);
      ledger.close();
    } finally {
      unmount();
    }
  });

  it('file locked: another program holding the ledger exclusively — open waits the busy timeout, then a clear message', () => {
    const file = path.join(tempDir(), 'ledger.db');
    seededAt(file).ledger.close();
    const holder = new Database(file);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE; COMMIT');
    const t = performance.now();
    const e = refused(() => Ledger.open(file, { busyTimeoutMs: 300 }));
    expect(performance.now() - t).toBeGreaterThanOrEqual(250);
    expect(e.code).toBe('busy');
    expect(e.message).toMatch(/台账文件正被另一个程序（例如另一个帮扶台账窗口或命令行）使用，请稍后重试。$/);
    holder.close();
    const ledger = Ledger.open(file);
    expect(ledger.db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(1);
    ledger.close();
  });

  it('file locked: a write while another program holds a write transaction is refused whole', () => {
    const { ledger, programId } = seededAt(path.join(tempDir(), 'ledger.db'));
    ledger.close();
    const mine = Ledger.open(ledger.path, { busyTimeoutMs: 200 });
    const before = dumpTables(mine);
    const other = new Database(ledger.path);
    other.exec('BEGIN IMMEDIATE');
    const e = refused(() => paste(mine, programId, 10));
    expect(e.code).toBe('busy');
    expect(e.message).toMatch(/正被另一个程序.*使用，请稍后重试/);
    expect(dumpTables(mine)).toEqual(before);
    other.exec('COMMIT');
    other.close();
    expect(paste(mine, programId, 10).created).toHaveLength(10);
    mine.close();
  });

  it('read-only file: the ledger opens for reading; a write says so and changes nothing', (ctx) => {
    const { ledger, programId } = seededAt(path.join(tempDir(), 'ledger.db'));
    ledger.close();
    const bytes = fs.readFileSync(ledger.path);
    const undo = makeReadOnly(ledger.path, 'file');
    if (!undo) {
      // Root without the immutable attribute: SQLite's own read-only mode gives the same error.
      ctx.annotate('no way to make a file read-only for this process: using a read-only connection');
      const ro = new Database(ledger.path, { readonly: true });
      expect(() => ro.prepare("UPDATE payments SET note = 'x'").run()).toThrow();
      ro.close();
      return;
    }
    try {
      const ro = Ledger.open(ledger.path);
      expect(ro.db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(1);
      const e = refused(() => paste(ro, programId, 3));
      expect(e.code).toBe('read_only');
      expect(e.message).toBe('没有写入权限（文件或文件夹是只读的），操作未完成，台账保持原样。');
      ro.close();
    } finally {
      undo();
    }
    expect(fs.readFileSync(ledger.path).equals(bytes)).toBe(true);
  });

  it('read-only folder: the ledger cannot be opened (SQLite needs its -wal next to it), a backup cannot be written there', (ctx) => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.db');
    const { ledger } = seededAt(file);
    ledger.close();
    const bytes = fs.readFileSync(file);
    const undo = makeReadOnly(dir, 'folder');
    if (!undo) {
      ctx.annotate('no way to make a folder read-only for this process');
      return;
    }
    try {
      const e = refused(() => Ledger.open(file));
      expect(e.code).toBe('read_only');
      expect(e.message).toMatch(/^(无法打开“ledger.db”：)?台账所在的文件夹是只读的（台账需要在同一文件夹中写入临时文件）/);
      const n = refused(() => Ledger.open(path.join(dir, 'new.db')));
      expect(n.code).toBe('read_only');
      expect(n.message).toMatch(/^无法创建台账文件“.+new\.db”：没有写入权限/);
    } finally {
      undo();
    }
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    // A backup into a read-only folder.
    const target = tempDir();
    const reopened = Ledger.open(file);
    const undoTarget = makeReadOnly(target, 'folder')!;
    try {
      const b = refused(() => backupLedger(reopened, path.join(target, 'copy.db')));
      expect(b.code).toBe('read_only');
      expect(b.message).toMatch(/^备份失败：(无法在“.+”中写入备份（文件夹是只读的或没有权限）|没有写入权限)/);
    } finally {
      undoTarget();
      reopened.close();
    }
    expect(fs.readdirSync(target)).toEqual([]);
  });

  it('a ledger from a newer version is refused untouched, naming both versions', () => {
    const file = path.join(tempDir(), 'ledger.db');
    seededAt(file).ledger.close();
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_VERSION + 3}`);
    db.close();
    const bytes = fs.readFileSync(file);
    const e = refused(() => Ledger.open(file));
    expect(e.code).toBe('newer_version');
    expect(e.message).toBe(`此台账由较新版本的帮扶台账创建（数据库版本 ${LATEST_VERSION + 3}），当前程序只支持到版本 ${LATEST_VERSION}。请升级程序后再打开，文件未做任何改动。`);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('a damaged ledger: a clear message that offers the latest good backup', () => {
    const { ledger } = seededAt(path.join(tempDir(), 'ledger.db'));
    const good = manualBackup(ledger);
    ledger.close();
    const bytes = fs.readFileSync(ledger.path);
    bytes.fill(0x00, 0, 100);
    fs.writeFileSync(ledger.path, bytes);
    const e = refused(() => Ledger.open(ledger.path));
    expect(e.code).toBe('corrupt');
    expect(e.message).toContain(`最近的完好备份是“${good.file}”`);
    expect(e.message).toMatch(/可以从它恢复。$/);
  });

  it('a payment a message is about is named by its person, date and amount, never by its internal id', () => {
    const file = path.join(tempDir(), '台账.db');
    const { ledger } = seededAt(file);
    try {
      const id = (ledger.db.prepare('SELECT id FROM payments').get() as { id: number }).id;
      const run = (fn: Parameters<Ledger['run']>[1]) => () => ledger.run({ kind: 'payment.status', label: '测试', source: 'keyed' }, fn);
      const who = '“王芳”2017-01-20（500.00元）的发放记录';
      // 登记 cannot go straight to 已发放; nor be reversed.
      expect(refused(run((tx) => setPaymentStatus(tx, [id], '已发放', null))).message).toBe(`${who}不能从“登记”改为“已发放”（顺序：登记 → 已审核 → 已发放 → 已签领）`);
      expect(refused(run((tx) => reversePayment(tx, id, '多发', 'x'))).message).toBe(`${who}尚未发放（状态“登记”），可直接修改或删除，无需冲正`);
      run((tx) => setPaymentStatus(tx, [id], '已审核', '审核人'))();
      run((tx) => setPaymentStatus(tx, [id], '已发放', null))();
      const locked = refused(run((tx) => deletePayments(tx, [id])));
      expect(locked.message).toBe(`${who}状态为“已发放”，不能删除；如需更正请使用“冲正”。`);
      expect(locked.details).toEqual({ paymentId: id });
      run((tx) => reversePayment(tx, id, '多发', 'x'))();
      expect(refused(run((tx) => reversePayment(tx, id, '多发', 'x'))).message).toBe(`${who}已经冲正过`);
      // The reversal was made once: the payment and its one reversal.
      expect(ledger.db.prepare('SELECT count(*) AS n FROM payments').get()).toEqual({ n: 2 });
    } finally {
      ledger.close();
    }
  });
});
