/**
 * The import host thread (import/host.ts), as the app's handlers use it: sessions, previews and
 * commits in a worker thread with its own connection to the ledger file, seen by the caller's
 * connection; a thread ended mid-commit leaves the ledger exactly as it was.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBackup, ledgerMarker, listBackups } from '../../electron/core/backups.ts';
import { ImportHost, withoutRows } from '../../electron/core/import/host.ts';
import { createImportSession, parseImportBytes, previewImport } from '../../electron/core/import/index.ts';
import type { Ledger } from '../../electron/core/ledger.ts';
import { checkLedger } from '../../electron/core/maintenance.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { makeIdNumber } from '../bench/generate.ts';
import { refusal } from '../helpers/errors.ts';
import { dumpTables, tempLedger } from '../helpers/ledger.ts';
import { IDS } from './fixtures.ts';

function program(ledger: Ledger): number {
  return ledger.run({ kind: 'program.create', label: '新建项目', source: 'keyed' }, (tx) =>
    createProgram(tx, { code: '2017-SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖', startsOn: '2017-01-10' }),
  );
}

/** A CSV roster of `n` people with valid, distinct ID numbers, 500 元 each. */
function bigCsv(n: number): Buffer {
  const lines = ['序号,姓名,身份证号码,工作单位,金额（元）'];
  for (let i = 0; i < n; i++) {
    const birth = `19${60 + (i % 30)}-0${1 + (i % 9)}-${String(10 + (Math.floor(i / 9) % 18)).padStart(2, '0')}`;
    lines.push(`${i + 1},职工${i},${makeIdNumber('530424', birth, Math.floor(i / 270), i % 2 === 0)},华宁县第${i % 40}中学,500`);
  }
  return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
}

describe('the import host thread', () => {
  it('previews and commits in its own thread; the caller’s connection sees the batch, stamped with its clerk and actor', async () => {
    const ledger = tempLedger({ actor: '李会计' });
    const pid = program(ledger);
    const imports = new ImportHost();
    const csv = Buffer.from(`序号,姓名,身份证号码,金额\r\n1,王芳,${IDS.wangFang},500\r\n2,李强,${IDS.liQiang},600元\r\n3,赵六,530424198001019517,400\r\n`, 'utf8');
    const preview = await imports.open(ledger, { bytes: csv, fileName: '花名册.csv', taskId: 't1', programId: pid });
    expect(preview.rows).toEqual([]);
    expect(preview.summary).toMatchObject({ ok: 2, error: 1, acceptedFen: 110_000 });
    const page = await imports.page(preview.sessionId, { offset: 0, limit: 10, status: 'error' });
    expect(page.total).toBe(1);
    expect(page.rows[0]).toMatchObject({ row: 4, status: 'error', name: '赵六' });
    expect(page.rows[0]!.reasons.map((r) => r.code)).toContain('id_checksum');
    // A preview with another default date, then the commit.
    const again = await imports.preview(ledger, preview.sessionId, { programId: pid, paidOn: '2017-01-20' });
    expect(again.defaultPaidOn).toBe('2017-01-20');
    const before = ledger.changeStamp();
    const result = await imports.commit(ledger, preview.sessionId, { clerk: '张会计' });
    expect(result).toMatchObject({ payments: 2, newPeople: 2, acceptedFen: 110_000, heldErrors: 1 });
    expect(ledger.changeStamp()).not.toBe(before);
    const rows = ledger.db.prepare('SELECT p.cash_fen, p.paid_on, p.clerk, p.import_batch_id, c.actor, c.kind FROM payments p JOIN commands c ON c.batch_id = p.import_batch_id ORDER BY p.id').all();
    expect(rows).toEqual([
      { cash_fen: 50_000, paid_on: '2017-01-20', clerk: '张会计', import_batch_id: result.batchId, actor: '李会计', kind: 'import.commit' },
      { cash_fen: 60_000, paid_on: '2017-01-20', clerk: '张会计', import_batch_id: result.batchId, actor: '李会计', kind: 'import.commit' },
    ]);
    // The committed session is gone; so is every session once the thread has ended.
    expect((await refusal(imports.page(preview.sessionId, {}))).message).toBe('导入会话已结束，请重新选择文件');
    // Committed before the thread had been idle a second: the commit took its own 导入前 backup, and none is taken after it.
    await new Promise((r) => setTimeout(r, 1300));
    expect(listBackups(ledger.path).filter((b) => b.kind === 'import')).toHaveLength(1);
    expect(checkLedger(ledger).ok).toBe(true);
    await imports.dispose();
    expect(imports.running).toBe(false);
    ledger.close();
  });

  it('reads the caller’s buffer itself when it is handed over whole, else a copy (Node’s shared pool is never taken)', async () => {
    const ledger = tempLedger();
    const pid = program(ledger);
    const imports = new ImportHost();
    const text = `序号,姓名,身份证号码,金额\r\n1,王芳,${IDS.wangFang},500\r\n`;
    const open = (bytes: Uint8Array, handOver: boolean) => imports.open(ledger, { bytes, fileName: '花名册.csv', taskId: 'h', programId: pid }, undefined, { handOver });
    // A buffer of its own (as the handler's, decoded from the page's base64): moved to the thread, empty here.
    const own = new Uint8Array(Buffer.byteLength(text));
    own.set(Buffer.from(text));
    expect((await open(own, true)).summary).toMatchObject({ ok: 1, acceptedFen: 50_000 });
    expect(own.byteLength).toBe(0);
    // Not handed over: copied, the caller's stays as it was.
    const kept = new Uint8Array(Buffer.from(text));
    expect((await open(kept, false)).summary).toMatchObject({ ok: 1 });
    expect(Buffer.from(kept).toString('utf8')).toBe(text);
    // A small Buffer is a slice of Node's pool, shared with other buffers: copied even when handed over.
    const pooled = Buffer.from(text, 'utf8');
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.byteLength);
    expect((await open(pooled, true)).summary).toMatchObject({ ok: 1 });
    expect(pooled.toString('utf8')).toBe(text);
    await imports.dispose();
    ledger.close();
  });

  it('hands over a preview without building its rows', async () => {
    const ledger = tempLedger();
    const pid = program(ledger);
    const session = createImportSession(await parseImportBytes(bigCsv(50), '花名册.csv'));
    const preview = previewImport(ledger, session, { programId: pid });
    const light = withoutRows(preview);
    expect(light.rows).toEqual([]);
    expect(light.summary.ok).toBe(50);
    // `rows` is still the getter that builds the rows on first read: nothing read it.
    expect(Object.getOwnPropertyDescriptor(preview, 'rows')!.get).toBeTypeOf('function');
    expect(preview.rows).toHaveLength(50);
    ledger.close();
  });

  it('a thread ended in the middle of a commit leaves the ledger exactly as it was; the next call starts a new one', async () => {
    const ledger = tempLedger();
    const pid = program(ledger);
    const imports = new ImportHost();
    const progress: string[] = [];
    const preview = await imports.open(ledger, { bytes: bigCsv(60_000), fileName: '大花名册.csv', taskId: 't2', programId: pid }, (p) => progress.push(p.phase));
    expect(preview.summary.ok).toBe(60_000);
    // Progress of the read crosses both threads to the caller.
    expect(progress.length).toBeGreaterThan(0);
    const before = dumpTables(ledger);
    // The 导入前 backup is taken once the preview has been answered, while the clerk looks at it.
    await expect.poll(() => listBackups(ledger.path).filter((b) => b.kind === 'import').length, { timeout: 20_000 }).toBe(1);
    const wal = () => (fs.existsSync(`${ledger.path}-wal`) ? fs.statSync(`${ledger.path}-wal`).size : 0);
    const walBefore = wal();
    const committing = imports.commit(ledger, preview.sessionId, {});
    // The commit's transaction is writing (its pages reach the WAL): end the thread then.
    const t0 = Date.now();
    while (wal() < walBefore + 1_000_000) {
      if (Date.now() - t0 > 20_000) throw new Error('the commit wrote nothing');
      await new Promise((r) => setTimeout(r, 2));
    }
    const failed = refusal(committing);
    await imports.dispose();
    const err = await failed;
    expect(err.message).toBe('导入会话已结束，请重新选择文件');
    expect(dumpTables(ledger)).toEqual(before);
    expect(checkLedger(ledger).ok).toBe(true);
    // A new thread: the same file imports whole.
    const next = await imports.open(ledger, { bytes: bigCsv(200), fileName: '花名册.csv', taskId: 't3', programId: pid });
    expect((await imports.commit(ledger, next.sessionId, {})).payments).toBe(200);
    expect(ledger.db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(200);
    await imports.dispose();
    ledger.close();
  }, 60_000);

  it('takes the 导入前 backup while the clerk looks at the preview; the commit uses it unless the ledger changed since, and a session closed unused removes it', async () => {
    const ledger = tempLedger();
    const pid = program(ledger);
    const imports = new ImportHost();
    const imported = () => listBackups(ledger.path).filter((b) => b.kind === 'import');
    // Previewed: the backup is there before any commit, of the ledger as it is.
    const first = await imports.open(ledger, { bytes: bigCsv(300), fileName: '花名册一.csv', taskId: 'a', programId: pid });
    // Not while the preview's first pages are being asked for: once the thread has had no call for a second.
    expect((await imports.page(first.sessionId, { offset: 0, limit: 50 })).rows).toHaveLength(50);
    expect(imported()).toHaveLength(0);
    await expect.poll(() => imported().length, { timeout: 10_000 }).toBe(1);
    const ahead = imported()[0]!;
    expect(ahead.tag).toContain('花名册一');
    expect(ahead.marker).toBe(ledgerMarker(ledger.db));
    // The commit makes no second one: the one taken ahead is its 导入前 backup, and it stays.
    expect((await imports.commit(ledger, first.sessionId, {})).payments).toBe(300);
    expect(imported().map((b) => b.file)).toEqual([ahead.file]);
    expect(ledger.db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(300);
    // Previewed, then the ledger changes (the clerk edits a payment): the commit takes a new backup, of the ledger as it is then.
    const csv2 = Buffer.from(`序号,姓名,身份证号码,金额\r\n1,王芳,${IDS.wangFang},500\r\n`, 'utf8');
    const second = await imports.open(ledger, { bytes: csv2, fileName: '花名册二.csv', taskId: 'b', programId: pid });
    await expect.poll(() => imported().length, { timeout: 10_000 }).toBe(2);
    const stale = imported().find((b) => b.tag?.includes('花名册二'))!;
    ledger.run({ kind: 'payment.edit', label: '改备注', source: 'keyed' }, (tx) => tx.update('payments', 1, { note: '已核' }));
    expect((await imports.commit(ledger, second.sessionId, {})).payments).toBe(1);
    const now = imported().filter((b) => b.tag?.includes('花名册二'));
    expect(now).toHaveLength(1);
    expect(now[0]!.file).not.toBe(stale.file);
    expect(fs.existsSync(stale.path)).toBe(false);
    // Previewed and closed without importing: its backup goes.
    const third = await imports.open(ledger, { bytes: bigCsv(5), fileName: '花名册三.csv', taskId: 'c', programId: pid });
    await expect.poll(() => imported().some((b) => b.tag?.includes('花名册三')), { timeout: 10_000 }).toBe(true);
    await imports.close(third.sessionId);
    expect(imported().some((b) => b.tag?.includes('花名册三'))).toBe(false);
    expect(imported()).toHaveLength(2);
    await imports.dispose();
    ledger.close();
  });

  it('a backup taken ahead pushes no real 导入前 backup out of the rotation until a commit uses it, and goes when the thread is ended unused', async () => {
    const ledger = tempLedger();
    const pid = program(ledger);
    // A full rotation of 导入前 backups (20), a day apart.
    for (let d = 0; d < 20; d++) createBackup(ledger, 'import', { tag: `旧${d}`, now: new Date(Date.UTC(2017, 0, 1 + d)) });
    const imported = () => listBackups(ledger.path).filter((b) => b.kind === 'import');
    expect(imported()).toHaveLength(20);
    const imports = new ImportHost();
    const first = await imports.open(ledger, { bytes: bigCsv(20), fileName: '花名册一.csv', taskId: 'a', programId: pid });
    await expect.poll(() => imported().length, { timeout: 10_000 }).toBe(21);
    // Ended with the preview unused (the app quits, the ledger is switched): its backup goes, the 20 stay.
    await imports.dispose();
    expect(imported()).toHaveLength(20);
    expect(imported().every((b) => b.tag?.startsWith('旧'))).toBe(true);
    // Used by a commit: it counts now, and the oldest real one makes room.
    const second = await imports.open(ledger, { bytes: bigCsv(20), fileName: '花名册二.csv', taskId: 'b', programId: pid });
    await expect.poll(() => imported().length, { timeout: 10_000 }).toBe(21);
    expect((await imports.commit(ledger, second.sessionId, {})).payments).toBe(20);
    expect(imported()).toHaveLength(20);
    expect(imported().some((b) => b.tag?.includes('花名册二'))).toBe(true);
    expect(imported().some((b) => b.tag === '旧0')).toBe(false);
    void first;
    await imports.dispose();
    ledger.close();
  });

  it('cancels a read, refuses a file error with its message, and survives a crash of its thread', async () => {
    const ledger = tempLedger();
    const pid = program(ledger);
    const imports = new ImportHost();
    imports.prepare();
    const reading = imports.open(ledger, { bytes: bigCsv(60_000), fileName: '大花名册.csv', taskId: 'big', programId: pid });
    await new Promise((r) => setTimeout(r, 20));
    expect(imports.cancel('big')).toBe(true);
    expect(imports.cancel('none')).toBe(false);
    expect((await refusal(reading)).code).toBe('cancelled');
    const bad = await refusal(imports.open(ledger, { bytes: Buffer.from('PK\u0003\u0004broken'), fileName: '坏文件.xlsx', taskId: 'bad', programId: pid }));
    expect(bad.code).toBe('file_error');
    expect(bad.message).toContain('坏文件.xlsx');
    // The thread dies (as after running out of memory): the pending call gets a clear message, the ledger is untouched.
    const open = await imports.open(ledger, { bytes: bigCsv(10), fileName: '花名册.csv', taskId: 'ok', programId: pid });
    const worker = (imports as unknown as { worker: { terminate(): Promise<number> } }).worker;
    const reading2 = imports.open(ledger, { bytes: bigCsv(60_000), fileName: '大花名册.csv', taskId: 'big2', programId: pid });
    await new Promise((r) => setTimeout(r, 30));
    await worker.terminate();
    const crash = await refusal(reading2);
    expect(crash.message).toMatch(/^导入的后台线程意外结束（退出码 \d+），未导入的内容没有写入台账。请重新选择文件。$/);
    expect(imports.running).toBe(false);
    expect((await refusal(imports.page(open.sessionId, {}))).message).toBe('导入会话已结束，请重新选择文件');
    expect(ledger.db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(0);
    await imports.dispose();
    ledger.close();
  }, 60_000);

  it('on dispose in the middle of a read, ends its parser worker first (outside its native sections), then itself', async () => {
    const ledger = tempLedger();
    const pid = program(ledger);
    const imports = new ImportHost();
    let reported!: () => void;
    const progressed = new Promise<void>((resolve) => (reported = resolve));
    const reading = imports.open(ledger, { bytes: bigCsv(60_000), fileName: '大花名册.csv', taskId: 'big', programId: pid }, () => reported());
    const failed = refusal(reading);
    // The parser worker is reading (it reports progress).
    await progressed;
    const seen: string[] = [];
    (imports as unknown as { worker: { on(e: 'message', f: (m: { type: string }) => void): void } }).worker.on('message', (m) => seen.push(m.type));
    await imports.dispose();
    expect(seen).toContain('readyToEnd');
    expect((await failed).message).toBe('导入会话已结束，请重新选择文件');
    expect(imports.running).toBe(false);
    ledger.close();
  });

  it('ends when idle without sessions, holding no connection to the ledger file', async () => {
    const ledger = tempLedger();
    const pid = program(ledger);
    const imports = new ImportHost({ idleMs: 50 });
    const preview = await imports.open(ledger, { bytes: bigCsv(5), fileName: '花名册.csv', taskId: 'x', programId: pid });
    await new Promise((r) => setTimeout(r, 150));
    // A session is open: the thread stays.
    expect(imports.running).toBe(true);
    await imports.close(preview.sessionId);
    const t0 = Date.now();
    while (imports.running && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 10));
    expect(imports.running).toBe(false);
    // Only the caller's connection has the file: closing it checkpoints and removes the WAL.
    ledger.close();
    expect(fs.existsSync(`${ledger.path}-wal`)).toBe(false);
  });

  it('copies the WAL its commit wrote into the ledger file and refreshes the planner statistics once it has answered, then lets go of the file', async () => {
    const ledger = tempLedger();
    const pid = program(ledger);
    const imports = new ImportHost();
    const preview = await imports.open(ledger, { bytes: bigCsv(20_000), fileName: '花名册.csv', taskId: 'ck', programId: pid });
    const fileBefore = fs.statSync(ledger.path).size;
    const result = await imports.commit(ledger, preview.sessionId, {});
    expect(result.payments).toBe(20_000);
    // No connection of this test writes: only the host's checkpoint can grow the file itself.
    const wal = fs.statSync(`${ledger.path}-wal`).size;
    expect(wal).toBeGreaterThan(4_000_000);
    await expect.poll(() => fs.statSync(ledger.path).size, { timeout: 10_000 }).toBeGreaterThan(fileBefore + wal / 3);
    // The host's connection is closed once it is done: a checkpoint that truncates the WAL is not blocked by it.
    await expect.poll(() => (ledger.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0]!.busy, { timeout: 10_000 }).toBe(0);
    expect(fs.statSync(`${ledger.path}-wal`).size).toBe(0);
    expect(ledger.db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(20_000);
    // The planner statistics were refreshed after the answer too, before the checkpoint.
    expect(ledger.db.prepare("SELECT max(CAST(stat AS INTEGER)) FROM sqlite_stat1 WHERE tbl = 'payments'").pluck().get()).toBe(20_000);
    expect(checkLedger(ledger).ok).toBe(true);
    await imports.dispose();
    ledger.close();
  });
});
