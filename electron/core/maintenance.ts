/** Backups and health checks of a ledger file. */
import fs from 'node:fs';
import path from 'node:path';
import { LedgerError, toLedgerError } from './errors.ts';
import { snapshotInto } from './db/files.ts';
import type { Ledger } from './ledger.ts';
import { replayAudit, type ReplayReport } from './replay.ts';

export interface BackupResult {
  path: string;
  bytes: number;
  schemaVersion: number;
}

/**
 * A consistent copy of the open ledger (SQLite VACUUM INTO: a transactionally consistent
 * snapshot), verified, flushed and renamed into place, owner-only. The rotation and the
 * named backups (start, daily, before an import…) are in backups.ts.
 */
export function backupLedger(ledger: Ledger, out: string, options: { overwrite?: boolean } = {}): BackupResult {
  const target = path.resolve(out);
  if (target === path.resolve(ledger.path)) throw new LedgerError('invalid_input', '备份文件不能是台账文件本身');
  if (fs.existsSync(target)) {
    if (!options.overwrite) throw new LedgerError('duplicate', `备份文件已存在：${target}（未覆盖）`);
  }
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
  } catch (err) {
    throw toLedgerError(err, '备份失败');
  }
  // The old file (overwrite) is replaced only by the rename of a verified copy.
  const { bytes } = snapshotInto(ledger.db, target);
  return { path: target, bytes, schemaVersion: ledger.schemaVersion };
}

export interface CheckReport {
  ok: boolean;
  integrity: string[];
  foreignKeyViolations: number;
  replay: ReplayReport;
}

export function checkLedger(ledger: Ledger): CheckReport {
  const integrity = (ledger.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  const fk = ledger.db.pragma('foreign_key_check') as unknown[];
  const replay = replayAudit(ledger);
  return {
    ok: integrity.length === 1 && integrity[0] === 'ok' && fk.length === 0 && replay.ok,
    integrity,
    foreignKeyViolations: fk.length,
    replay,
  };
}
