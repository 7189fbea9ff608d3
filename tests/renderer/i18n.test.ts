/**
 * Every UI string lives in the message catalogue, in Chinese and in English:
 * each key the renderer asks for exists in both catalogues, and no Chinese text
 * is written into the renderer's code outside them (data values excepted).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en.ts';
import { zhCN } from '../../renderer/src/i18n/zh-CN.ts';

const SRC = path.join(import.meta.dirname, '../../renderer/src');
/** Chinese that is data, not UI text: the values stored in the ledger. */
const DATA_VALUES = new Set(['男', '女', '现金', '银行转账']);

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'i18n' ? [] : files(full);
    return /\.(ts|tsx)$/.test(e.name) ? [full] : [];
  });
}

function lookup(catalogue: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), catalogue);
}

function flatKeys(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => flatKeys(v, prefix ? `${prefix}.${k}` : k));
}

describe('the message catalogue', () => {
  const sources = files(SRC).map((f) => ({ file: path.relative(SRC, f), text: fs.readFileSync(f, 'utf8') }));

  it('has every key the renderer uses, in Chinese and in English', () => {
    const missing: string[] = [];
    let used = 0;
    for (const { file, text } of sources) {
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)) {
        used++;
        for (const [name, cat] of [['zh-CN', zhCN], ['en', en]] as const) {
          if (typeof lookup(cat, m[1]!) !== 'string') missing.push(`${file}: ${m[1]} (${name})`);
        }
      }
    }
    expect(used).toBeGreaterThan(150);
    expect(missing).toEqual([]);
  });

  it('the English catalogue has exactly the Chinese one\'s keys, none empty', () => {
    expect(flatKeys(en).sort()).toEqual(flatKeys(zhCN).sort());
    for (const key of flatKeys(en)) expect(String(lookup(en, key)).trim(), key).not.toBe('');
  });

  it('no Chinese UI text is written in the renderer outside the catalogue', () => {
    const found: string[] = [];
    for (const { file, text } of sources) {
      const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
      for (const m of code.matchAll(/[\u4e00-\u9fff][\u4e00-\u9fff\w（）()]*/g)) {
        if (!DATA_VALUES.has(m[0])) found.push(`${file}: ${m[0]}`);
      }
    }
    expect(found).toEqual([]);
  });
});
