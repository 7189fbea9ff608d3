/**
 * The app makes no network access at all — nor does its core: import (through the parsing
 * worker), export, roll-up and backups run in a child process under a guard that refuses and
 * logs any socket connect, HTTP(S), fetch, UDP socket or DNS lookup, in the main thread and in
 * every worker thread. The log must hold only the guard's own self-test.
 * (The Electron shell's request filter and CSP are tested in tests/shell/.)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/ledger.ts';

describe('no network access', () => {
  it('import, export, roll-up and backups never open a socket or look up a name', () => {
    const log = path.join(tempDir('relief-ledger-netlog-'), 'attempts.log');
    fs.writeFileSync(log, '');
    const r = spawnSync(process.execPath, ['--import', path.join(import.meta.dirname, 'netGuard.ts'), path.join(import.meta.dirname, 'scenario.ts')], {
      encoding: 'utf8',
      env: { ...process.env, NET_GUARD_LOG: log },
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { done: string[]; selfTest: Record<string, boolean> };
    expect(out.done).toEqual([
      'preview 国庆花名册.xlsx', 'commit', 'error report', 'revert', 'preview 医疗救助.csv', 'preview 金秋助学.xls', 'preview 网页花名册.xls',
      'export roster', 'export annual', 'export model workers', 'export filing', 'roll-up', 'consolidated annual', 'backups', 'check',
    ]);
    // The guard was armed in the main thread and in worker threads …
    expect(out.selfTest).toEqual({ main: true, fetch: true, worker: true });
    const attempts = fs.readFileSync(log, 'utf8').trim().split('\n');
    // … and the only attempts are its own self-test.
    expect(attempts).toHaveLength(3);
    expect(attempts[0]).toMatch(/^worker \d+\thttp\.get /);
    expect(attempts[1]).toMatch(/^main\tnet\.connect 9$/);
    expect(attempts[2]).toMatch(/^main\tfetch "http:\/\/example\.com\/"$/);
  }, 120_000);
});
