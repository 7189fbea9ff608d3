/** File errors of the import: one Chinese sentence naming the file and what is wrong. */
import { LedgerError } from '../errors.ts';
import type { ImportFormat } from '../../../shared/import.ts';

/** `cause`: what a reader or library said (kept in details.cause for support, never in the message). */
export function fileError(fileName: string, what: string, format: ImportFormat | null = null, cause?: unknown): LedgerError {
  const details: Record<string, unknown> = { fileName, format };
  if (cause !== undefined) details.cause = String((cause as Error)?.message ?? cause).slice(0, 300);
  return new LedgerError('file_error', `无法导入“${fileName}”：${what}`, details);
}

export function cancelled(fileName: string): LedgerError {
  return new LedgerError('cancelled', `已取消导入“${fileName}”`, { fileName });
}

export function throwIfAborted(signal: AbortSignal | undefined, fileName: string): void {
  if (signal?.aborted) throw cancelled(fileName);
}
