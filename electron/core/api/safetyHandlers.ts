/** Handlers of year close (年度结账) and of the backups folder. */
import type { Channel } from '../../../shared/contract.ts';
import type { BackupRecord } from '../../../shared/records.ts';
import { listBackups, manualBackup, type BackupInfo } from '../backups.ts';
import { closedYears, closeYear, reopenYear, yearCloseSummary, yearClosingHistory, YEAR_CLOSE_KIND, YEAR_REOPEN_KIND } from '../services/years.ts';
import type { HandlersFor } from './handlers.ts';

export type SafetyChannel = Extract<Channel, `years.${string}` | `backups.${string}`>;

function record(b: BackupInfo): BackupRecord {
  return { file: b.file, kind: b.kind, kindLabel: b.kindLabel, at: b.at, bytes: b.bytes, schemaVersion: b.schemaVersion };
}

export const safetyHandlers: HandlersFor<SafetyChannel> = {
  'years.summary': (req, host) => yearCloseSummary(host.ledger(), req.year),
  'years.list': (_req, host) => ({ closed: closedYears(host.ledger()), history: yearClosingHistory(host.ledger()) }),
  'years.close': (req, host) => {
    const ledger = host.ledger();
    const by = host.actor() ?? '';
    ledger.run({ kind: YEAR_CLOSE_KIND, label: `${req.year}年度结账`, source: 'keyed', actor: by, undoable: false }, (tx) =>
      closeYear(tx, req.year, by, req.reason ?? null),
    );
    host.emit('ledger.changed', { reason: 'year-closed' });
    return { closedYears: closedYears(ledger).map((c) => c.year) };
  },
  'years.reopen': (req, host) => {
    const ledger = host.ledger();
    ledger.run({ kind: YEAR_REOPEN_KIND, label: `${req.year}年度反结账`, source: 'keyed', actor: host.actor(), undoable: false }, (tx) =>
      reopenYear(tx, req.year, req.reason, req.approver),
    );
    host.emit('ledger.changed', { reason: 'year-reopened' });
    return { closedYears: closedYears(ledger).map((c) => c.year) };
  },
  'backups.list': (_req, host) => listBackups(host.ledger().path).map(record),
  'backups.create': (_req, host) => record(manualBackup(host.ledger())),
};
