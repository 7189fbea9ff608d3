#!/usr/bin/env node
/**
 * Builds the app: the renderer with Vite (dist/renderer), the main process and
 * the preload with esbuild (dist/main/main.cjs, dist/preload/preload.cjs).
 * better-sqlite3 stays external (its prebuilt .node ships unpacked beside the asar);
 * everything else the main process uses is bundled.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const vite = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (vite.status !== 0) process.exit(vite.status ?? 1);

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node22', sourcemap: false, logLevel: 'warning', legalComments: 'none' };
await build({
  ...common,
  entryPoints: [path.join(root, 'electron/main/main.ts')],
  outfile: path.join(root, 'dist/main/main.cjs'),
  external: ['electron', 'better-sqlite3'],
});
await build({
  ...common,
  entryPoints: [path.join(root, 'electron/preload/preload.ts')],
  outfile: path.join(root, 'dist/preload/preload.cjs'),
  external: ['electron'],
});
console.log('built dist/renderer, dist/main/main.cjs, dist/preload/preload.cjs');
