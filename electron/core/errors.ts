/**
 * Errors the core raises on purpose. Each carries a stable code the UI and the
 * CLI can act on and a Chinese message a clerk can read. Anything else that
 * escapes the core is a bug and is reported as 'internal'.
 */
export type LedgerErrorCode =
  | 'not_found'
  | 'no_ledger'
  | 'invalid_input'
  | 'not_a_ledger'
  | 'newer_version'
  | 'migration_mismatch'
  | 'corrupt'
  | 'busy'
  | 'read_only'
  | 'disk_full'
  | 'locked_year'
  | 'locked_payment'
  | 'conflict'
  | 'nothing_to_undo'
  | 'nothing_to_redo'
  | 'duplicate'
  | 'file_error'
  | 'cancelled'
  | 'internal';

export class LedgerError extends Error {
  readonly code: LedgerErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: LedgerErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'LedgerError';
    this.code = code;
    this.details = details;
  }
}

interface SqliteLikeError {
  code?: unknown;
  message?: unknown;
}

/** Turn an SQLite or file-system failure into a LedgerError a clerk can act on. */
export function toLedgerError(err: unknown, context = ''): LedgerError {
  if (err instanceof LedgerError) return err;
  const e = (err ?? {}) as SqliteLikeError;
  const code = typeof e.code === 'string' ? e.code : '';
  const msg = typeof e.message === 'string' ? e.message : String(err);
  const where = context ? `${context}：` : '';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return new LedgerError('disk_full', `${where}磁盘已满，操作未完成，台账保持原样。请清理磁盘空间后重试。`);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code.startsWith('SQLITE_BUSY')) {
    return new LedgerError('busy', `${where}台账文件正被另一个程序（例如另一个幫扶台賬窗口或命令行）写入，请稍后重试。`);
  }
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new LedgerError('read_only', `${where}没有写入权限（文件或文件夹是只读的），操作未完成。`);
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT')) {
    return new LedgerError('corrupt', `${where}台账文件已损坏或不是台账文件。可以从备份恢复。`);
  }
  if (code === 'SQLITE_CONSTRAINT_TRIGGER' && /年度已结账|locked year/.test(msg)) {
    return new LedgerError('locked_year', msg.replace(/^.*?:\s*/, ''));
  }
  return new LedgerError('internal', `${where}${msg}`);
}
