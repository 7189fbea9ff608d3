/**
 * Two programs on one ledger: the app holds a write transaction while the CLI (a real
 * second process) writes. The CLI waits for the busy timeout and then writes, or, when the
 * app holds on longer, fails with a clear Chinese message; neither corrupts anything.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../electron/core/ledger.ts';
import { checkLedger } from '../electron/core/maintenance.ts';
import { createPerson } from '../electron/core/services/people.ts';
import { tempDir } from './helpers/ledger.ts';

const BIN = path.join(import.meta.dirname, '..', 'bin', 'relief-ledger.mjs');

function cliAsync(args: string[], env: Record<string, string>): { started: number; done: Promise<{ code: number | null; out: string; err: string; ms: number }> } {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { started, done: new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err, ms: performance.now() - started }))) };
}

/** Block this thread (the app's write transaction is open meanwhile). */
function holdFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function ledgerWithOnePerson(): Ledger {
  const ledger = Ledger.open(path.join(tempDir(), 'ledger.db'), { actor: '窗口一' });
  ledger.run({ kind: 'person.create', label: '新建人员', source: 'keyed' }, (tx) => createPerson(tx, { name: '王芳' }));
  return ledger;
}

function names(ledger: Ledger): string[] {
  return ledger.db.prepare('SELECT name FROM people ORDER BY id').pluck().all() as string[];
}

describe('the CLI writing while the app holds a write transaction', () => {
  it('waits (busy timeout) and then writes; both writes are kept and the ledger checks clean', async () => {
    const ledger = ledgerWithOnePerson();
    const cli = cliAsync(['--db', ledger.path, 'add', 'person', '--name', '命令行甲'], { RELIEF_LEDGER_BUSY_TIMEOUT_MS: '10000' });
    // The app's paste-like write holds the lock for 1.5 s, long after the CLI has started to write.
    ledger.run({ kind: 'person.create', label: '新建人员', source: 'keyed' }, (tx) => {
      createPerson(tx, { name: '窗口里的人' });
      holdFor(1500);
    });
    const r = await cli.done;
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.ms).toBeGreaterThan(1400);
    expect(names(ledger)).toEqual(['王芳', '窗口里的人', '命令行甲']);
    const check = checkLedger(ledger);
    expect(check.ok, check.replay.differences.join('\n')).toBe(true);
    ledger.close();
  });

  it('fails with a clear Chinese message when the app holds on longer than the timeout, changing nothing', async () => {
    const ledger = ledgerWithOnePerson();
    // The app's write lock is held until the CLI has finished (however slowly a busy machine starts it).
    ledger.run({ kind: 'person.create', label: '新建人员', source: 'keyed' }, (tx) => createPerson(tx, { name: '窗口里的人' }));
    ledger.db.exec('BEGIN IMMEDIATE');
    const cli = cliAsync(['--db', ledger.path, 'add', 'person', '--name', '命令行乙'], { RELIEF_LEDGER_BUSY_TIMEOUT_MS: '300' });
    const r = await cli.done;
    ledger.db.exec('ROLLBACK');
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe('错误：台账文件正被另一个程序（例如另一个帮扶台账窗口或命令行）使用，请稍后重试。');
    expect(names(ledger)).toEqual(['王芳', '窗口里的人']);
    expect(ledger.db.prepare("SELECT count(*) FROM commands WHERE source = 'cli'").pluck().get()).toBe(0);
    const check = checkLedger(ledger);
    expect(check.ok).toBe(true);
    ledger.close();
  });

  it('many writers at once, the app and four CLI processes: every write lands exactly once', async () => {
    const ledger = ledgerWithOnePerson();
    const env = { RELIEF_LEDGER_BUSY_TIMEOUT_MS: '20000' };
    const clis = [0, 1, 2, 3].map((i) => cliAsync(['--db', ledger.path, 'add', 'person', '--name', `命令行${i}`], env));
    for (let i = 0; i < 20; i++) {
      ledger.run({ kind: 'person.create', label: '新建人员', source: 'keyed' }, (tx) => createPerson(tx, { name: `窗口${i}` }));
      holdFor(20);
    }
    const results = await Promise.all(clis.map((c) => c.done));
    for (const r of results) expect(r.code, r.err).toBe(0);
    const all = names(ledger);
    expect(all).toHaveLength(1 + 20 + 4);
    expect(new Set(all).size).toBe(all.length);
    expect(checkLedger(ledger).ok).toBe(true);
    ledger.close();
  });
});
