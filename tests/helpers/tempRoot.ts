/**
 * Vitest global setup: every temp folder a test run makes (ledgers, rosters,
 * exports, Chromium profiles, the CLI's and the bridge's child processes) goes
 * under one folder of its own, removed when the run ends. Before this, each run
 * left about a gigabyte of ledger folders in /tmp; a few hundred runs filled the
 * disk and CI's `npm ci` failed with ENOSPC. RELIEF_KEEP_TEST_TMP=1 keeps the
 * folder (its path is printed) to look at after a failure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'relief-ledger-run-'));
  const before = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };
  // os.tmpdir() reads these on every call; forked workers and child processes inherit them.
  process.env.TMPDIR = root;
  process.env.TMP = root;
  process.env.TEMP = root;
  return () => {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    if (process.env.RELIEF_KEEP_TEST_TMP === '1') {
      process.stdout.write(`test temp folder kept: ${root}\n`);
      return;
    }
    fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
