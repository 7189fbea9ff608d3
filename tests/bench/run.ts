/**
 * npm run bench: runs each tests/bench/*.bench.ts in its own Node process (so
 * that peak memory is measured per benchmark) and prints their figures as
 * `name value unit` lines. `npm run bench -- core` runs only files whose name
 * contains "core".
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = import.meta.dirname;
const only = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
// Each benchmark's temp folders go under one folder, removed at the end (as tests/helpers/tempRoot.ts does for vitest).
const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'relief-bench-run-'));
const env = { ...process.env, TMPDIR: tempRoot, TMP: tempRoot, TEMP: tempRoot };
for (const file of files) {
  process.stdout.write(`# ${file}\n`);
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(dir, file)], { stdio: 'inherit', env });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`# ${file} failed (exit ${r.status})\n`);
  }
}
fs.rmSync(tempRoot, { recursive: true, force: true, maxRetries: 3 });
process.exit(failed ? 1 : 0);
