import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMenu } from '../../electron/main/menu.ts';
import { tempDir } from '../helpers/ledger.ts';

describe('npm start without an Electron binary', () => {
  it('fails with a clear message, not a stack trace', () => {
    const r = spawnSync(process.execPath, [path.join(import.meta.dirname, '../../scripts/start.mjs')], {
      encoding: 'utf8',
      env: { ...process.env, RELIEF_SKIP_BUILD: '1', ELECTRON_OVERRIDE_DIST_PATH: tempDir() },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('无法启动帮扶台账：本机没有 Electron 运行文件');
    expect(r.stderr).toContain('Cannot start Relief Ledger');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('native menus', () => {
  it('are in Chinese with the items a clerk expects, and forward edit commands to the ledger history', () => {
    const sent: string[] = [];
    const noop = () => undefined;
    const menu = buildMenu({ newLedger: noop, openLedger: noop, backup: noop, restore: noop, openDataFolder: noop, about: noop, send: (c) => sent.push(c) });
    expect(menu.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '帮助']);
    const items = (i: number) => (menu[i]!.submenu as { label?: string; id?: string; click?: () => void }[]).filter((x) => x.label);
    expect(items(0).map((x) => x.label)).toEqual(['新建台账…', '打开台账…', '导入花名册…', '导出与报表…', '备份…', '恢复…', '退出']);
    expect(items(1).map((x) => x.label)).toEqual(['撤销', '重做', '剪切', '复制', '粘贴', '全选', '查找']);
    items(1).find((x) => x.id === 'undo')!.click!();
    items(1).find((x) => x.id === 'find')!.click!();
    expect(sent).toEqual(['undo', 'find']);
    const english = buildMenu({ newLedger: noop, openLedger: noop, backup: noop, restore: noop, openDataFolder: noop, about: noop, send: noop }, 'en');
    expect(english.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Help']);
  });
});
