import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  backupBeforeImport,
  backupsDir,
  createBackup,
  inspectBackup,
  latestGoodBackup,
  listBackups,
  manualBackup,
  maybeDailyBackup,
  pruneBackups,
  restoreLedger,
  RETENTION,
  startupBackup,
} from '../../electron/core/backups.ts';
import { openDatabase } from '../../electron/core/db/open.ts';
import { LATEST_VERSION, MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { LedgerError } from '../../electron/core/errors.ts';
import { historyState } from '../../electron/core/history.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { checkLedger } from '../../electron/core/maintenance.ts';
import { createPerson } from '../../electron/core/services/people.ts';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { dumpTables, tempDir } from '../helpers/ledger.ts';
import { refused } from '../helpers/errors.ts';

const DAY = 86_400_000;
/** Noon UTC: a distinct local day in every time zone for consecutive days. */
const day = (n: number) => new Date(Date.UTC(2025, 0, 1, 12) + n * DAY);

function newLedger(): Ledger {
  return Ledger.open(path.join(tempDir(), 'ledger.db'), { actor: '测试会计' });
}

let counter = 0;
function change(ledger: Ledger): void {
  ledger.run({ kind: 'person.create', label: '新建人员', source: 'keyed' }, (tx) => createPerson(tx, { name: `职工${++counter}` }));
}

function withPayments(ledger: Ledger, n: number, cash = '500'): void {
  const programId = ledger.run({ kind: 'program.create', label: '建项目', source: 'keyed' }, (tx) =>
    createProgram(tx, { code: `P${++counter}`, name: '春节送温暖', year: 2017, kind: '送温暖' }));
  ledger.run({ kind: 'payment.paste', label: '粘贴', source: 'pasted' }, (tx) =>
    applyPaymentEdits(tx, Array.from({ length: n }, (_, i) => ({ cells: { personName: `人${counter}-${i}`, paidOn: '2017-01-20', cashFen: cash } })), { programId }, 'x'));
}

const mode = (f: string) => fs.statSync(f).mode & 0o777;
const unix = process.platform !== 'win32';


/** Audited tables and findings, without the commands the restore adds. */
function contents(file: string): Record<string, string> {
  const l = Ledger.open(file);
  try {
    return dumpTables(l);
  } finally {
    l.close();
  }
}

describe('automatic backups', () => {
  it('at start: verified, owner-only, skipped while nothing changed', () => {
    const ledger = newLedger();
    change(ledger);
    const first = startupBackup(ledger, day(0));
    expect(first.made).not.toBeNull();
    expect(first.made!.kindLabel).toBe('启动');
    expect(path.dirname(first.made!.path)).toBe(backupsDir(ledger.path));
    expect(inspectBackup(first.made!.path).ok).toBe(true);
    if (unix) {
      expect(mode(first.made!.path)).toBe(0o600);
      expect(mode(backupsDir(ledger.path))).toBe(0o700);
    }
    expect(startupBackup(ledger, day(0))).toMatchObject({ made: null, skipped: 'unchanged' });
    change(ledger);
    expect(startupBackup(ledger, day(0)).made).not.toBeNull();
    ledger.close();
  });

  it('daily while open, at most one a day, and a monthly copy; the rotation keeps 7 days and 12 months', () => {
    const ledger = newLedger();
    change(ledger);
    const d0 = maybeDailyBackup(ledger, day(0));
    expect(d0.made?.kind).toBe('daily');
    expect(listBackups(ledger.path).map((b) => b.kind).sort()).toEqual(['daily', 'monthly']);
    change(ledger);
    expect(maybeDailyBackup(ledger, new Date(day(0).getTime() + 3_600_000))).toMatchObject({ made: null, skipped: 'already_today' });
    expect(maybeDailyBackup(ledger, day(1)).made).not.toBeNull();
    expect(maybeDailyBackup(ledger, day(2))).toMatchObject({ made: null, skipped: 'unchanged' });
    // Twenty working days, then a year and a half of monthly work.
    for (let i = 3; i < 23; i++) {
      change(ledger);
      maybeDailyBackup(ledger, day(i));
    }
    let dailies = listBackups(ledger.path).filter((b) => b.kind === 'daily');
    expect(dailies).toHaveLength(RETENTION.daily);
    expect(dailies.map((b) => b.at)).toEqual(Array.from({ length: 7 }, (_, i) => day(22 - i).toISOString()));
    for (let m = 1; m <= 17; m++) {
      change(ledger);
      maybeDailyBackup(ledger, new Date(Date.UTC(2025, m, 10, 12)));
    }
    const monthlies = listBackups(ledger.path).filter((b) => b.kind === 'monthly');
    expect(monthlies).toHaveLength(RETENTION.monthly);
    expect(monthlies[0]!.at).toBe(new Date(Date.UTC(2026, 5, 10, 12)).toISOString());
    dailies = listBackups(ledger.path).filter((b) => b.kind === 'daily');
    expect(dailies).toHaveLength(7);
    for (const b of listBackups(ledger.path)) expect(inspectBackup(b.path, { quick: true }).ok, b.file).toBe(true);
    ledger.close();
  });

  it('named backups: before an import commit and revert (tagged), manual ones never pruned; old partial files cleaned', () => {
    const ledger = newLedger();
    for (let i = 0; i < RETENTION.startup + 3; i++) {
      change(ledger);
      startupBackup(ledger, day(i));
    }
    expect(listBackups(ledger.path).filter((b) => b.kind === 'startup')).toHaveLength(RETENTION.startup);
    const imp = backupBeforeImport(ledger, 'commit', '华宁县/2017 春节:花名册.xlsx', day(10));
    expect(imp.kindLabel).toBe('导入前');
    expect(imp.file).not.toMatch(/[/:\s]/);
    expect(imp.tag).toBe('华宁县_2017_春节_花名册_xlsx');
    const rev = backupBeforeImport(ledger, 'revert', '批次12', day(10));
    expect(rev.kindLabel).toBe('撤销导入前');
    expect(rev.path).not.toBe(imp.path);
    const manual = Array.from({ length: 12 }, (_, i) => manualBackup(ledger, day(20 + i)));
    pruneBackups(ledger.path, day(40));
    for (const m of manual) expect(fs.existsSync(m.path)).toBe(true);
    const stale = path.join(backupsDir(ledger.path), 'ledger-每日-20250101-120000Z.db.partial');
    fs.writeFileSync(stale, 'half a backup');
    fs.utimesSync(stale, day(0), day(0));
    const fresh = `${createBackup(ledger, 'daily', { now: day(41) }).path.replace(/\.db$/, '-x.db')}.partial`;
    fs.writeFileSync(fresh, 'being written');
    expect(pruneBackups(ledger.path, new Date())).toContain(stale);
    expect(fs.existsSync(fresh)).toBe(true);
    ledger.close();
  });

  it('the backup before a migration is one of the listed backups and is sound', () => {
    const file = path.join(tempDir(), 'ledger.db');
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, LATEST_VERSION - 1) });
    old.db.close();
    const ledger = Ledger.open(file);
    expect(ledger.migrationBackup).not.toBeNull();
    const [b] = listBackups(file);
    expect(b).toMatchObject({ kind: 'migration', kindLabel: '迁移前', tag: `v${LATEST_VERSION - 1}`, schemaVersion: LATEST_VERSION - 1, path: ledger.migrationBackup });
    expect(inspectBackup(b!.path).ok).toBe(true);
    if (unix) expect(mode(b!.path)).toBe(0o600);
    ledger.close();
  });
});

describe('backups off the main thread', () => {
  it('a worker thread backs up the ledger by path while the app keeps writing; the backup is a consistent snapshot', async () => {
    const ledger = newLedger();
    withPayments(ledger, 4000);
    const worker = new Worker(new URL('../helpers/backupWorker.ts', import.meta.url), { workerData: { kind: 'startup', path: ledger.path, now: day(0).toISOString() } });
    const result = new Promise<{ ok: boolean; outcome?: { made: { path: string; marker: string } }; message?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    let writes = 0;
    let settled = false;
    void result.then(() => (settled = true));
    while (!settled) {
      change(ledger);
      writes++;
      await new Promise((r) => setTimeout(r, 2));
    }
    const r = await result;
    await worker.terminate();
    expect(r.ok, r.message).toBe(true);
    expect(writes).toBeGreaterThan(1);
    const made = r.outcome!.made;
    expect(inspectBackup(made.path).ok).toBe(true);
    // The snapshot is the ledger as of one command: the marker's command, and nothing after it.
    const lastInBackup = Number(made.marker.split('h')[0]);
    const copy = new Database(made.path, { readonly: true });
    expect(copy.prepare('SELECT max(id) FROM commands').pluck().get()).toBe(lastInBackup);
    const people = copy.prepare('SELECT count(*) FROM people').pluck().get();
    copy.close();
    expect(people).toBe(ledger.db.prepare("SELECT count(*) FROM audit_log WHERE table_name = 'people' AND op = 'insert' AND command_id <= ?").pluck().get(lastInBackup));
    expect(people).toBeLessThan(ledger.db.prepare('SELECT count(*) FROM people').pluck().get() as number);
    ledger.close();
  });
});

describe('inspecting a backup', () => {
  it('reports what a sound backup holds, and why a bad one is refused', () => {
    const ledger = newLedger();
    withPayments(ledger, 5, '300');
    const good = manualBackup(ledger, day(0));
    ledger.close();
    const report = inspectBackup(good.path);
    expect(report).toMatchObject({ ok: true, problems: [], schemaVersion: LATEST_VERSION, integrity: ['ok'], foreignKeyViolations: 0, counts: { payments: 5, people: 5, programs: 1 }, totals: { cashFen: 150_000, goodsFen: 0 } });
    expect(report.lastChangeAt).toMatch(/^\d{4}-/);

    const dir = tempDir();
    const truncated = path.join(dir, 'truncated.db');
    fs.writeFileSync(truncated, fs.readFileSync(good.path).subarray(0, 8192));
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, '这不是数据库'.repeat(100));
    const other = path.join(dir, 'other.db');
    new Database(other).exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    const newer = path.join(dir, 'newer.db');
    fs.copyFileSync(good.path, newer);
    const n = new Database(newer);
    n.pragma(`user_version = ${LATEST_VERSION + 1}`);
    n.close();
    const tampered = path.join(dir, 'tampered.db');
    fs.copyFileSync(good.path, tampered);
    const t = new Database(tampered);
    t.prepare("UPDATE schema_migrations SET checksum = 'x' WHERE version = 1").run();
    t.close();
    const cases: [string, string, RegExp][] = [
      [truncated, 'corrupt', /完整性检查未通过|损坏|malformed/],
      [junk, 'corrupt', /不是 SQLite 数据库文件/],
      [other, 'not_a_ledger', /不是帮扶台账文件/],
      [newer, 'newer_version', new RegExp(`数据库版本 ${LATEST_VERSION + 1}`)],
      [tampered, 'migration_mismatch', /迁移.*不一致/],
    ];
    for (const [file, code, message] of cases) {
      const r = inspectBackup(file);
      expect(r.ok, file).toBe(false);
      expect(r.problemCode, file).toBe(code);
      expect(r.problems.join('；'), file).toMatch(message);
    }
  });

  it('latestGoodBackup skips a damaged newest backup', () => {
    const ledger = newLedger();
    withPayments(ledger, 3);
    const older = manualBackup(ledger, day(0));
    change(ledger);
    const newer = manualBackup(ledger, day(1));
    ledger.close();
    expect(latestGoodBackup(ledger.path)?.path).toBe(newer.path);
    const bytes = fs.readFileSync(newer.path);
    fs.writeFileSync(newer.path, bytes.subarray(0, bytes.length / 2));
    expect(latestGoodBackup(ledger.path)?.path).toBe(older.path);
  });
});

describe('restore', () => {
  it('replaces the ledger with the backup, keeping the replaced ledger as a backup; the restore is a barrier for undo', () => {
    const ledger = newLedger();
    withPayments(ledger, 4);
    const backup = manualBackup(ledger, day(0));
    const atBackup = dumpTables(ledger);
    withPayments(ledger, 3, '800');
    const beforeRestore = dumpTables(ledger);
    const file = ledger.path;
    ledger.close();

    const report = restoreLedger(file, backup.path, { actor: '张会计', now: day(1) });
    expect(report).toMatchObject({ ledgerPath: file, restoredFrom: backup.path, backupVersion: LATEST_VERSION, schemaVersion: LATEST_VERSION });
    expect(report.previous?.verified).toBe(true);
    expect(report.inspection.counts?.payments).toBe(4);
    expect(contents(file)).toEqual(atBackup);
    expect(contents(report.previous!.path)).toEqual(beforeRestore);
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(['backups', 'ledger.db']);
    if (unix) expect(mode(file)).toBe(0o600);

    const again = Ledger.open(file);
    const cmd = again.db.prepare("SELECT actor, undoable, label FROM commands WHERE kind = 'ledger.restore'").get();
    expect(cmd).toEqual({ actor: '张会计', undoable: 0, label: `从备份恢复（${backup.file}）` });
    expect(historyState(again).undoLabel).toBeNull();
    const check = checkLedger(again);
    expect(check.ok).toBe(true);
    // The next start backs up the restored ledger (its state differs from every backup so far).
    expect(startupBackup(again, day(2)).made).not.toBeNull();
    again.close();
  });

  it('refuses while another program has the ledger open, changing nothing', () => {
    const ledger = newLedger();
    withPayments(ledger, 2);
    const backup = manualBackup(ledger, day(0));
    change(ledger);
    const before = dumpTables(ledger);
    const e = refused(() => restoreLedger(ledger.path, backup.path, { busyTimeoutMs: 100 }));
    expect(e.code).toBe('busy');
    expect(e.message).toMatch(/正在被其他程序使用.*请先关闭后再恢复.*台账未做改动/);
    expect(dumpTables(ledger)).toEqual(before);
    change(ledger);
    expect(listBackups(ledger.path).filter((b) => b.kind === 'restore')).toHaveLength(0);
    expect(fs.readdirSync(path.dirname(ledger.path)).filter((f) => f.includes('恢复中'))).toEqual([]);
    ledger.close();
  });

  it('refuses a damaged, foreign or newer backup before touching the ledger', () => {
    const ledger = newLedger();
    withPayments(ledger, 2);
    const good = manualBackup(ledger, day(0));
    ledger.close();
    const bytes = fs.readFileSync(ledger.path);
    const dir = tempDir();
    const bad = path.join(dir, 'half.db');
    fs.writeFileSync(bad, fs.readFileSync(good.path).subarray(0, 4096 * 3));
    const other = path.join(dir, 'other.db');
    new Database(other).exec('CREATE TABLE t (x)');
    const newer = path.join(dir, 'newer.db');
    fs.copyFileSync(good.path, newer);
    const n = new Database(newer);
    n.pragma(`user_version = ${LATEST_VERSION + 1}`);
    n.close();
    for (const [file, code] of [[bad, 'corrupt'], [other, 'not_a_ledger'], [newer, 'newer_version'], [path.join(dir, 'missing.db'), 'not_found'], [ledger.path, 'invalid_input']] as const) {
      const e = refused(() => restoreLedger(ledger.path, file));
      expect(e.code, file).toBe(code);
      if (code !== 'not_found' && code !== 'invalid_input') expect(e.message, file).toMatch(/^不能从“.+”恢复：.+台账未做改动。$/);
      expect(fs.readFileSync(ledger.path).equals(bytes), file).toBe(true);
    }
    expect(fs.readdirSync(path.dirname(ledger.path)).sort()).toEqual(['backups', 'ledger.db']);
    expect(listBackups(ledger.path).filter((b) => b.kind === 'restore')).toHaveLength(0);
  });

  it('migrates a backup from an older version as it restores it', () => {
    const dir = tempDir();
    const oldFile = path.join(dir, 'old.db');
    const old = openDatabase(oldFile, { migrations: MIGRATIONS.slice(0, LATEST_VERSION - 1) });
    old.db.exec("INSERT INTO people (name, created_at, updated_at) VALUES ('老台账里的人', 't', 't')");
    old.db.close();
    const ledger = newLedger();
    change(ledger);
    ledger.close();
    const report = restoreLedger(ledger.path, oldFile);
    expect([report.backupVersion, report.schemaVersion]).toEqual([LATEST_VERSION - 1, LATEST_VERSION]);
    const l = Ledger.open(ledger.path);
    expect(l.fromVersion).toBe(LATEST_VERSION);
    expect(l.db.prepare('SELECT name FROM people').pluck().all()).toEqual(['老台账里的人']);
    l.close();
  });

  it('keeps a damaged ledger byte for byte when restoring over it, and restores a missing one', () => {
    const ledger = newLedger();
    withPayments(ledger, 3);
    const good = manualBackup(ledger, day(0));
    ledger.close();
    const damaged = Buffer.from('损坏的文件'.repeat(1000));
    fs.writeFileSync(ledger.path, damaged);
    const report = restoreLedger(ledger.path, good.path);
    expect(report.previous?.verified).toBe(false);
    expect(fs.readFileSync(report.previous!.path).equals(damaged)).toBe(true);
    expect(report.previous!.path).toMatch(/恢复前-损坏/);
    expect(contents(ledger.path).payments).toEqual(contents(good.path).payments);

    fs.rmSync(ledger.path);
    expect(restoreLedger(ledger.path, good.path).previous).toBeNull();
    expect(inspectBackup(ledger.path).counts?.payments).toBe(3);
  });
});

describe('a damaged ledger', () => {
  it('on open: a clear message naming the latest good backup', () => {
    const ledger = newLedger();
    withPayments(ledger, 3);
    const good = manualBackup(ledger, day(0));
    const file = ledger.path;
    ledger.close();
    fs.writeFileSync(file, Buffer.alloc(8192, 0x5a));
    const e = refused(() => Ledger.open(file));
    expect(e.code).toBe('corrupt');
    expect(e.message).toMatch(new RegExp(`^台账“ledger.db”不是帮扶台账文件或已损坏，无法使用。最近的完好备份是“${good.file}”（\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}，手动备份），可以从它恢复。$`));
    expect((e.details?.latestGoodBackup as { path: string }).path).toBe(good.path);
    fs.rmSync(good.path);
    expect(refused(() => Ledger.open(file)).message).toMatch(/没有找到完好的备份/);
  });

  it('damage inside a table is found at open or by the start check, either way offering the latest good backup', () => {
    const ledger = newLedger();
    withPayments(ledger, 400);
    const good = manualBackup(ledger, day(0));
    const root = ledger.db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'payments'").pluck().get() as number;
    const pageSize = ledger.db.pragma('page_size', { simple: true }) as number;
    const file = ledger.path;
    ledger.close();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
    fs.closeSync(fd);
    let e: LedgerError;
    let damaged: Ledger | null = null;
    try {
      damaged = Ledger.open(file);
      e = refused(() => startupBackup(damaged!, day(1)));
    } catch (err) {
      e = err as LedgerError;
    } finally {
      damaged?.close();
    }
    expect(e).toBeInstanceOf(LedgerError);
    expect(e.code).toBe('corrupt');
    expect(e.message).toContain(`最近的完好备份是“${good.file}”`);
    expect(listBackups(file).filter((b) => b.kind === 'startup')).toHaveLength(0);
  });
});

describe('a damaged ledger, found at start', () => {
  it('damage the open does not read is found by the start check (quick_check), which offers the latest good backup', () => {
    const ledger = newLedger();
    withPayments(ledger, 400);
    const good = manualBackup(ledger, day(0));
    const pageSize = ledger.db.pragma('page_size', { simple: true }) as number;
    const file = ledger.path;
    ledger.close();
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, size - pageSize);
    fs.closeSync(fd);
    const damaged = Ledger.open(file);
    const e = refused(() => startupBackup(damaged, day(1)));
    damaged.close();
    expect(e.code).toBe('corrupt');
    expect(e.message).toBe(`台账“ledger.db”未通过完整性检查（文件已损坏），无法使用。最近的完好备份是“${good.file}”（${e.message.match(/（(\d{4}-\d{2}-\d{2} \d{2}:\d{2})，/)![1]}，手动备份），可以从它恢复。`);
    expect(String(e.details?.check)).not.toBe('ok');
    expect(listBackups(file).filter((b) => b.kind === 'startup')).toHaveLength(0);
    // Restoring the offered backup gives a sound ledger again.
    restoreLedger(file, (e.details!.latestGoodBackup as { path: string }).path);
    const restored = Ledger.open(file);
    expect(startupBackup(restored, day(2)).made).not.toBeNull();
    expect(checkLedger(restored).ok).toBe(true);
    restored.close();
  });
});

describe('owner-only files', () => {
  it('a new ledger, its WAL files and an existing ledger opened again are 0600 (POSIX permissions)', () => {
    if (!unix) return;
    const ledger = newLedger();
    change(ledger);
    for (const f of [ledger.path, `${ledger.path}-wal`, `${ledger.path}-shm`]) expect(mode(f), f).toBe(0o600);
    ledger.close();
    fs.chmodSync(ledger.path, 0o644);
    const again = Ledger.open(ledger.path);
    expect(mode(ledger.path)).toBe(0o600);
    again.close();
  });
});
