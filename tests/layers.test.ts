import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/ledger.ts';

const ROOT = path.join(import.meta.dirname, '..');
const SCRIPT = path.join(ROOT, 'scripts', 'check-layers.mjs');

function lint(root: string) {
  return spawnSync(process.execPath, [SCRIPT, '--root', root], { encoding: 'utf8' });
}

function tree(files: Record<string, string>): string {
  const dir = tempDir('layers-');
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe('the layer rule', () => {
  it('holds for this repository', () => {
    const r = lint(ROOT);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.each([
    ['electron/core/bad.ts', "import { app } from 'electron';", /core 层不能导入 electron/],
    ['electron/core/bad2.ts', "const { app } = require('electron');", /core 层不能导入 electron/],
    ['shared/bad.ts', "import fs from 'node:fs';", /shared 层不能使用 Node 内置模块/],
    ['shared/bad.ts', "import { Ledger } from '../electron/core/ledger.ts';", /shared 层不能导入 electron\/core/],
    ['renderer/src/bad.ts', "import Database from 'better-sqlite3';", /renderer 层不能导入包 better-sqlite3/],
    ['renderer/src/bad.ts', "import { x } from '../../electron/core/ledger.ts';", /renderer 层不能导入 electron\/core/],
    ['renderer/src/bad.ts', "const m = await import('node:path');", /renderer 层不能使用 Node 内置模块/],
    ['electron/preload/bad.ts', "import { Ledger } from '../core/ledger.ts';", /preload 层不能导入 electron\/core/],
    ['electron/core/bad.ts', "export { app } from 'electron';", /core 层不能导入 electron/],
  ])('%s with %s fails the build', (file, text, message) => {
    const r = lint(tree({ [file]: `${text}\n` }));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
  });

  it('comments mentioning electron do not count', () => {
    expect(lint(tree({ 'electron/core/ok.ts': "// never import 'electron' here\n/* require('electron') */\nexport const x = 1;\n" })).status).toBe(0);
  });
});
