/** File errors of the import: one Chinese sentence naming the file and what is wrong. */
import { LedgerError } from '../errors.ts';
import type { ImportFormat } from '../../../shared/import.ts';

export function fileError(fileName: string, what: string, format: ImportFormat | null = null): LedgerError {
  return new LedgerError('file_error', `无法导入“${fileName}”：${what}`, { fileName, format });
}

export function cancelled(fileName: string): LedgerError {
  return new LedgerError('cancelled', `已取消导入“${fileName}”`, { fileName });
}

export function throwIfAborted(signal: AbortSignal | undefined, fileName: string): void {
  if (signal?.aborted) throw cancelled(fileName);
}
