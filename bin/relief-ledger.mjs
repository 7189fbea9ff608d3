#!/usr/bin/env node
// relief-ledger: runs the TypeScript CLI with Node's built-in type stripping
// (on by default from Node 22.18/23.6; turned on by flag for 22.14–22.17).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../electron/cli/run.ts', import.meta.url));
if (process.features.typescript) {
  await import(entry);
} else {
  const r = spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings', entry, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
