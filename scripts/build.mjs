#!/usr/bin/env node
/**
 * Builds the app: the renderer with Vite (dist/renderer), the main process and
 * the preload with esbuild (dist/main/main.js, dist/preload/preload.js, CommonJS).
 * better-sqlite3 stays external (its prebuilt .node ships unpacked beside the asar);
 * everything else the main process uses is bundled (scripts/bundles.mjs: exceljs and
 * SheetJS into dist/main/vendor, loaded when first used).
 */
import { build } from 'esbuild';
import { buildMainBundles, nodeBundleOptions } from './bundles.mjs';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const vite = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (vite.status !== 0) process.exit(vite.status ?? 1);

// Start from clean output folders (no stale bundles from older builds).
for (const dir of ['main', 'preload']) fs.rmSync(path.join(root, 'dist', dir), { recursive: true, force: true });

// The main process and its worker threads (CommonJS; exceljs and SheetJS in dist/main/vendor, loaded when used).
await buildMainBundles(root, path.join(root, 'dist/main'), {
  'main.js': ['electron/main/main.ts', ['electron']],
  'importWorker.js': 'electron/core/import/worker.ts',
  'importHost.js': 'electron/core/import/host.ts',
  'backupWorker.js': 'electron/main/backupWorker.ts',
  'checkpointWorker.js': 'electron/core/db/checkpoints.ts',
});
await build({
  ...nodeBundleOptions,
  entryPoints: [path.join(root, 'electron/preload/preload.ts')],
  outfile: path.join(root, 'dist/preload/preload.js'),
  external: ['electron'],
});
// The bundles are CommonJS: dist/package.json says so (the project itself is ESM).
fs.writeFileSync(path.join(root, 'dist', 'package.json'), JSON.stringify({ type: 'commonjs' }) + '\n');
console.log('built dist/renderer, dist/main/main.js, dist/preload/preload.js');
