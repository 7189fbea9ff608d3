#!/usr/bin/env node
/**
 * Builds the app: the renderer with Vite (dist/renderer), the main process and
 * the preload with esbuild (dist/main/main.js, dist/preload/preload.js, CommonJS).
 * better-sqlite3 stays external (its prebuilt .node ships unpacked beside the asar);
 * everything else the main process uses is bundled.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const vite = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (vite.status !== 0) process.exit(vite.status ?? 1);

// Start from clean output folders (no stale bundles from older builds).
for (const dir of ['main', 'preload']) fs.rmSync(path.join(root, 'dist', dir), { recursive: true, force: true });

const base = { bundle: true, platform: 'node', format: 'cjs', target: 'node22', sourcemap: false, logLevel: 'warning', legalComments: 'none' };
// Main-process bundles: import.meta.url in CommonJS is the bundle's own file (a worker module finds itself this way).
const common = {
  ...base,
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
};
await build({
  ...common,
  entryPoints: [path.join(root, 'electron/main/main.ts')],
  outfile: path.join(root, 'dist/main/main.js'),
  external: ['electron', 'better-sqlite3'],
});
await build({
  ...common,
  entryPoints: [path.join(root, 'electron/core/import/worker.ts')],
  outfile: path.join(root, 'dist/main/importWorker.js'),
  external: ['better-sqlite3'],
});
await build({
  ...common,
  entryPoints: [path.join(root, 'electron/core/import/host.ts')],
  outfile: path.join(root, 'dist/main/importHost.js'),
  external: ['better-sqlite3'],
});
await build({
  ...common,
  entryPoints: [path.join(root, 'electron/main/backupWorker.ts')],
  outfile: path.join(root, 'dist/main/backupWorker.js'),
  external: ['better-sqlite3'],
});
await build({
  ...base,
  entryPoints: [path.join(root, 'electron/preload/preload.ts')],
  outfile: path.join(root, 'dist/preload/preload.js'),
  external: ['electron'],
});
// The bundles are CommonJS: dist/package.json says so (the project itself is ESM).
fs.writeFileSync(path.join(root, 'dist', 'package.json'), JSON.stringify({ type: 'commonjs' }) + '\n');
console.log('built dist/renderer, dist/main/main.js, dist/preload/preload.js');
