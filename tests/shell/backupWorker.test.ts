/** The main process's automatic backups run in a worker thread: the real worker module, on a real ledger. */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { listBackups } from '../../electron/core/backups.ts';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { tempLedger } from '../helpers/ledger.ts';

function run(task: 'startup' | 'daily', ledgerPath: string): Promise<{ ok: boolean; outcome?: { made: { kindLabel: string } | null; skipped: string | null } }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(path.join(import.meta.dirname, '../../electron/main/backupWorker.ts'), { workerData: { task, ledgerPath } });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

describe('backup worker', () => {
  it('takes the start-up backup off the main thread while the app keeps its connection, and skips the daily one when nothing changed', async () => {
    const ledger = tempLedger();
    ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => {
      const p = createProgram(tx, { code: 'P', name: '2017年春节送温暖', year: 2017, kind: '送温暖' });
      applyPaymentEdits(tx, [{ cells: { personName: '王芳', cashFen: '500', paidOn: '2017-01-20' } }], { programId: p }, 'x');
    });
    const first = await run('startup', ledger.path);
    expect(first.ok).toBe(true);
    expect(first.outcome!.made!.kindLabel).toBe('启动');
    const backups = listBackups(ledger.path);
    expect(backups).toHaveLength(1);
    expect(fs.statSync(backups[0]!.path).size).toBeGreaterThan(0);
    const daily = await run('daily', ledger.path);
    expect(daily.ok).toBe(true);
    expect(daily.outcome!.made).toBeNull();
    ledger.close();
  });
});
