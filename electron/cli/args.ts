/** Small helpers for the CLI's argument handling. */
import { LedgerError } from '../core/errors.ts';

export class UsageError extends Error {}

export function required(values: Record<string, unknown>, name: string, label: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`缺少参数 --${name}（${label}）`);
  return v;
}

export function optional(values: Record<string, unknown>, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function intArg(values: Record<string, unknown>, name: string): number | undefined {
  const v = optional(values, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} 必须是整数：${v}`);
  return Number(v);
}

/** "上级下拨=20000" → ["上级下拨", "20000"]. */
export function keyValue(text: string, flag: string): [string, string] {
  const i = text.indexOf('=');
  if (i <= 0) throw new UsageError(`--${flag} 的格式应为 名称=金额，收到“${text}”`);
  return [text.slice(0, i).trim(), text.slice(i + 1).trim()];
}

export function isLedgerError(e: unknown): e is LedgerError {
  return e instanceof LedgerError;
}
