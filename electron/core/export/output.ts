/** Where an export goes: checked before any work (no exceljs here, so that the CLI can check arguments cheaply). */
import fs from 'node:fs';
import path from 'node:path';
import { parseDate } from '../../../shared/domain/dates.ts';
import { LedgerError } from '../errors.ts';

/** A folder that exists and a name ending in .xlsx; returns the absolute path. */
export function checkOutputPath(out: string): string {
  if (typeof out !== 'string' || out.trim() === '') throw new LedgerError('invalid_input', '请指定导出文件');
  const file = path.resolve(out);
  if (!/\.xlsx$/i.test(file)) throw new LedgerError('invalid_input', `导出文件应以 .xlsx 结尾：${file}`);
  const dir = path.dirname(file);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new LedgerError('file_error', `导出文件夹不存在：${dir}`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new LedgerError('file_error', `导出目标是一个文件夹：${file}`);
  return file;
}

/** 填报日期: the given date (any form a clerk writes) as ISO, or today. */
export function filedOnOf(value: string | undefined, today: () => string): string {
  if (value === undefined) return today();
  const d = parseDate(value);
  if (!d.ok) throw new LedgerError('invalid_input', `填报日期“${value}”无法识别`);
  return d.iso;
}
