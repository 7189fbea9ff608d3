/** Backups and health checks of a ledger file. */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { LedgerError, toLedgerError } from './errors.ts';
import { restrictToOwner } from './db/open.ts';
import type { Ledger } from './ledger.ts';
import { replayAudit, type ReplayReport } from './replay.ts';

export interface BackupResult {
  path: string;
  bytes: number;
  schemaVersion: number;
}

/** A consistent copy of the open ledger (SQLite VACUUM INTO: a transactionally consistent snapshot), verified after writing. */
export function backupLedger(ledger: Ledger, out: string, options: { overwrite?: boolean } = {}): BackupResult {
  const target = path.resolve(out);
  if (target === path.resolve(ledger.path)) throw new LedgerError('invalid_input', '备份文件不能是台账文件本身');
  if (fs.existsSync(target)) {
    if (!options.overwrite) throw new LedgerError('duplicate', `备份文件已存在：${target}（未覆盖）`);
    fs.rmSync(target);
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    ledger.db.prepare('VACUUM INTO ?').run(partial);
    const check = new Database(partial, { readonly: true });
    try {
      const ok = check.pragma('quick_check', { simple: true });
      if (ok !== 'ok') throw new LedgerError('corrupt', `备份校验失败：${String(ok)}`);
    } finally {
      check.close();
    }
    fs.renameSync(partial, target);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw toLedgerError(err, '备份失败');
  }
  restrictToOwner(target);
  return { path: target, bytes: fs.statSync(target).size, schemaVersion: ledger.schemaVersion };
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
