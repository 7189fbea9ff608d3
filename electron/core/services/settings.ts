/** Office settings used on forms: office name, region code, clerk, approver, leader. */
import { LedgerError } from '../errors.ts';
import type { Tx } from '../db/writer.ts';
import type { Ledger } from '../ledger.ts';

import { SETTING_KEYS, type SettingKey, type Settings } from '../../../shared/records.ts';

export { SETTING_KEYS, type SettingKey, type Settings };

export const SETTING_DEFAULTS: Settings = {
  officeName: '',
  regionCode: '',
  clerkName: '',
  approverName: '',
  leaderName: '',
  capitalScript: 'simplified',
};

export function getSettings(ledger: Ledger): Settings {
  const out: Settings = { ...SETTING_DEFAULTS };
  for (const row of ledger.stmt('SELECT key, value FROM settings').all() as { key: string; value: string | null }[]) {
    if ((SETTING_KEYS as readonly string[]).includes(row.key)) out[row.key as SettingKey] = row.value ?? '';
  }
  return out;
}

export function setSettings(tx: Tx, values: Partial<Settings>): string[] {
  const changed: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (!(SETTING_KEYS as readonly string[]).includes(key)) throw new LedgerError('invalid_input', `未知的设置项：${key}`);
    if (value === undefined) continue;
    if (key === 'regionCode' && value !== '' && !/^\d{6}$/.test(value)) throw new LedgerError('invalid_input', '行政区划代码应为6位数字');
    if (key === 'capitalScript' && value !== 'simplified' && value !== 'traditional') throw new LedgerError('invalid_input', '大写字体只能是 simplified 或 traditional');
    const row = tx.database.prepare('SELECT id FROM settings WHERE key = ?').get(key) as { id: number } | undefined;
    if (row) {
      if (tx.update('settings', row.id, { value }).length) changed.push(key);
    } else {
      tx.insert('settings', { key, value });
      changed.push(key);
    }
  }
  return changed;
}
