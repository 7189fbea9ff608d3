#!/usr/bin/env node
/**
 * The layer rule, enforced: shared ← electron/core ← electron/{main,cli,bridge};
 * preload sees only electron and shared; the renderer sees only shared and
 * browser packages. Every import of every source file is checked against the
 * layer its folder belongs to. Exit 1 with one line per violation.
 *
 *   node scripts/check-layers.mjs [--root DIR]
 */
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';

const args = process.argv.slice(2);
const rootIndex = args.indexOf('--root');
const root = path.resolve(rootIndex >= 0 ? args[rootIndex + 1] : path.join(import.meta.dirname, '..'));

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const BROWSER_PACKAGES = ['react', 'react-dom', 'ag-grid-community', 'ag-grid-react', '@ag-grid-community/locale', 'i18next', 'react-i18next', 'echarts', 'zod', 'opencc-js'];

/** Each layer: its folder, the folders it may import from, and which packages it may use. */
export const LAYERS = [
  { name: 'shared', dir: 'shared', folders: ['shared'], builtins: false, packages: ['zod'] },
  { name: 'core', dir: 'electron/core', folders: ['shared', 'electron/core'], builtins: true, packages: '*', forbid: ['electron'] },
  { name: 'cli', dir: 'electron/cli', folders: ['shared', 'electron/core', 'electron/cli'], builtins: true, packages: '*', forbid: ['electron'] },
  { name: 'bridge', dir: 'electron/bridge', folders: ['shared', 'electron/core', 'electron/bridge'], builtins: true, packages: '*', forbid: ['electron'] },
  { name: 'main', dir: 'electron/main', folders: ['shared', 'electron/core', 'electron/main'], builtins: true, packages: '*' },
  { name: 'preload', dir: 'electron/preload', folders: ['shared', 'electron/preload'], builtins: false, packages: ['electron'] },
  { name: 'renderer', dir: 'renderer/src', folders: ['shared', 'renderer/src'], builtins: false, packages: BROWSER_PACKAGES },
];

const IMPORT_PATTERNS = [
  /\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]/g,
  /\bexport\s+(?:type\s+)?(?:\*|\{[^}]*\})\s*(?:as\s+\w+\s+)?from\s+['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

function stripComments(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function walk(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/.test(entry.name)) out.push(full);
  }
  return out;
}

function packageName(spec) {
  if (spec.startsWith('@')) return spec.split('/').slice(0, 2).join('/');
  return spec.split('/')[0];
}

export function checkLayers(rootDir) {
  const problems = [];
  for (const layer of LAYERS) {
    const layerDir = path.join(rootDir, layer.dir);
    for (const file of walk(layerDir)) {
      const rel = path.relative(rootDir, file);
      const text = stripComments(fs.readFileSync(file, 'utf8'));
      const lines = text.split('\n');
      for (const pattern of IMPORT_PATTERNS) {
        pattern.lastIndex = 0;
        let m;
        while ((m = pattern.exec(text))) {
          const spec = m[1];
          const line = text.slice(0, m.index).split('\n').length;
          const where = `${rel}:${line}`;
          if (spec.startsWith('.') || spec.startsWith('/')) {
            const target = path.relative(rootDir, path.resolve(path.dirname(file), spec));
            const ok = layer.folders.some((f) => target === f || target.startsWith(`${f}/`));
            if (!ok) problems.push(`${where}: ${layer.name} 层不能导入 ${target}（只允许 ${layer.folders.join(', ')}）`);
          } else if (BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0])) {
            if (!layer.builtins) problems.push(`${where}: ${layer.name} 层不能使用 Node 内置模块 ${spec}`);
          } else {
            const pkg = packageName(spec);
            if (layer.forbid?.includes(pkg)) problems.push(`${where}: ${layer.name} 层不能导入 ${pkg}`);
            else if (layer.packages !== '*' && !layer.packages.includes(pkg)) {
              problems.push(`${where}: ${layer.name} 层不能导入包 ${pkg}（允许：${layer.packages.join(', ') || '无'}）`);
            }
          }
          void lines;
        }
      }
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('check-layers.mjs')) {
  const problems = checkLayers(root);
  if (problems.length > 0) {
    console.error(`分层规则被违反（${problems.length} 处）：`);
    for (const p of problems) console.error(`  ${p}`);
    process.exit(1);
  }
  console.log('layers ok');
}
