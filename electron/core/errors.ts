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
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new LedgerError('disk_full', `${where}磁盘已满，操作未完成，台账保持原样。请清理磁盘空间后重试。`, { cause: code });
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === 'EBUSY') {
    return new LedgerError('busy', `${where}台账文件正被另一个程序（例如另一个帮扶台账窗口或命令行）使用，请稍后重试。`, { cause: code });
  }
  if (code === 'SQLITE_READONLY_DBMOVED') {
    return new LedgerError('file_error', `${where}台账文件已被移动、删除或替换（例如已从备份恢复），操作未完成。请重新打开台账。`, { cause: code });
  }
  if (code === 'SQLITE_READONLY_DIRECTORY') {
    return new LedgerError(
      'read_only',
      `${where}台账所在的文件夹是只读的（台账需要在同一文件夹中写入临时文件），无法使用。请修改文件夹权限，或把台账复制到可写的文件夹。`,
      { cause: code },
    );
  }
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new LedgerError('read_only', `${where}没有写入权限（文件或文件夹是只读的），操作未完成，台账保持原样。`, { cause: code });
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT')) {
    return new LedgerError('corrupt', `${where}台账文件已损坏或不是台账文件。可以从备份恢复。`, { cause: code });
  }
  if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_CANTOPEN')) {
    return new LedgerError('file_error', `${where}无法打开台账文件：文件不存在、没有读写权限，或所在文件夹不可写。`, { cause: code });
  }
  if (code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR') || code === 'EIO') {
    return new LedgerError('file_error', `${where}读写台账文件时发生磁盘错误，操作未完成。请检查磁盘（或U盘、网络盘）后重试。`, { cause: code });
  }
  if (code === 'ENOENT') return new LedgerError('not_found', `${where}找不到文件或文件夹。`, { cause: code });
  if (code === 'SQLITE_CONSTRAINT_TRIGGER') {
    const locked = /(\d{4})年度已结账[^]*/.exec(msg);
    if (locked) return new LedgerError('locked_year', locked[0], { year: Number(locked[1]) });
  }
  return new LedgerError('internal', `${where}${msg}`);
}
