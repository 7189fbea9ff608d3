/**
 * Every UI string key the renderer uses exists in both languages: the literal
 * t('…') keys found in the sources, and the keys built from lists (views,
 * approval actions, rule scopes, people and model-worker columns).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_SCOPES } from '../../shared/domain/rules.ts';
import { PEOPLE_VIEWS, PERSON_EDIT_FIELDS } from '../../shared/registers.ts';
import { en } from '../../renderer/src/i18n/en.ts';
import { zhCN } from '../../renderer/src/i18n/zh-CN.ts';

const SRC = path.join(import.meta.dirname, '..', '..', 'renderer', 'src');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

function lookup(messages: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((m, k) => (m && typeof m === 'object' ? (m as Record<string, unknown>)[k] : undefined), messages);
}

describe('UI strings', () => {
  it('every key used by the renderer is a string in zh-CN and en', () => {
    const used = new Set<string>();
    for (const f of files(SRC)) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)) used.add(m[1]!);
    }
    const dynamic = [
      ...PEOPLE_VIEWS.map((v) => `people.view.${v}`),
      ...PERSON_EDIT_FIELDS.map((f) => `people.${f}`),
      ...['fileNo', 'fileStatus', 'hardshipLevel', 'primaryCause', 'fileUpdatedOn', 'yearPayments', 'yearPaidFen', 'lastPaidOn'].map((c) => `people.${c}`),
      ...['已审核', '已发放', '已签领', '登记'].map((a) => `approval.action.${a}`),
      ...['liangjin', 'sanjin', 'all', 'custom'].map((p) => `round.presets.${p}`),
      ...RULE_SCOPES.map((s) => `programs.scopes.${s}`),
      ...['honourLevel', 'title', 'yearAwarded', 'awardingBody', 'subsidyKind', 'inHardship', 'note'].map((f) => `modelWorkers.${f}`),
      ...['officeName', 'regionCode', 'clerkName', 'approverName', 'leaderName'].map((f) => `settings.${f}`),
    ];
    expect(used.size).toBeGreaterThan(200);
    const missing = [...used, ...dynamic].flatMap((key) => [['zh-CN', zhCN], ['en', en]].filter(([, m]) => typeof lookup(m, key) !== 'string').map(([lang]) => `${lang}: ${key}`));
    expect(missing).toEqual([]);
  });
});
