/**
 * Every UI string lives in the message catalogue, in Chinese and in English:
 * each key the renderer asks for exists in both catalogues — the literal t('…')
 * keys found in the sources, and the keys built from lists (views, approval
 * actions, rule scopes, people and model-worker columns) —, the two catalogues
 * have the same keys, and no Chinese text is written into the renderer's code
 * outside them (data values excepted).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_SCOPES } from '../../shared/domain/rules.ts';
import { PEOPLE_VIEWS, PERSON_EDIT_FIELDS } from '../../shared/registers.ts';
import { en } from '../../renderer/src/i18n/en.ts';
import { zhCN } from '../../renderer/src/i18n/zh-CN.ts';

const SRC = path.join(import.meta.dirname, '../../renderer/src');
/** Chinese that is data, not UI text: the values stored in the ledger and the code lists. */
const DATA_VALUES = new Set(['男', '女', '现金', '银行转账', '登记', '已审核', '已发放', '已签领', '在档', '脱困', '注销', '两金', '三金', '全国', '省部级', '困难劳模', '劳动模范', '劳模补助', '劳模慰问', '户主', '省劳动模范',
  // A language's own name, shown the same in every UI language.
  '简体中文']);

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
    const used = new Set<string>();
    for (const { text } of sources) for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)) used.add(m[1]!);
    const dynamic = [
      ...PEOPLE_VIEWS.map((v) => `people.view.${v}`),
      ...PERSON_EDIT_FIELDS.map((f) => `people.${f}`),
      ...['fileNo', 'fileStatus', 'hardshipLevel', 'primaryCause', 'fileUpdatedOn', 'yearPayments', 'yearPaidFen', 'lastPaidOn'].map((c) => `people.${c}`),
      ...['已审核', '已发放', '已签领', '登记'].map((a) => `approval.action.${a}`),
      ...['liangjin', 'sanjin', 'all', 'custom'].map((p) => `round.presets.${p}`),
      ...RULE_SCOPES.map((s) => `programs.scopes.${s}`),
      ...['honourLevel', 'title', 'yearAwarded', 'awardingBody', 'subsidyKind', 'inHardship', 'note'].map((f) => `modelWorkers.${f}`),
      ...['officeName', 'regionCode', 'clerkName', 'approverName', 'leaderName'].map((f) => `settings.${f}`),
      ...['ok', 'warn', 'error', 'skip'].map((s) => `import.statuses.${s}`),
      ...['payments', 'summary', 'empty', 'other'].map((r) => `import.roles.${r}`),
      ...['read', 'analyze', 'check', 'commit'].map((p) => `import.phases.${p}`),
    ];
    expect(used.size).toBeGreaterThan(300);
    const missing = [...used, ...dynamic].flatMap((key) => ([['zh-CN', zhCN], ['en', en]] as const).filter(([, m]) => typeof lookup(m, key) !== 'string').map(([lang]) => `${lang}: ${key}`));
    expect(missing).toEqual([]);
  });

  it("the English catalogue has exactly the Chinese one's keys, none empty", () => {
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
