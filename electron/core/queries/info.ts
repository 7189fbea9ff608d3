/** A summary of the ledger for `info`, the status bar and checks. */
import type { Ledger } from '../ledger.ts';
import { getSettings } from '../services/settings.ts';
import type { LedgerInfo } from '../../../shared/records.ts';

export type { LedgerInfo };

export function ledgerInfo(ledger: Ledger): LedgerInfo {
  return ledger.read(() => {
    const count = (table: string) => (ledger.stmt(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const sums = ledger.stmt('SELECT coalesce(sum(cash_fen), 0) AS c, coalesce(sum(goods_fen), 0) AS g FROM payments').get() as { c: number; g: number };
    const years = (ledger.stmt(`SELECT DISTINCT y FROM (
        SELECT CAST(substr(paid_on, 1, 4) AS INTEGER) AS y FROM (SELECT DISTINCT substr(paid_on, 1, 4) AS paid_on FROM payments)
        UNION SELECT year FROM programs) ORDER BY y DESC`).all() as { y: number }[]).map((r) => r.y);
    return {
      path: ledger.path,
      schemaVersion: ledger.schemaVersion,
      counts: {
        units: count('units'), households: count('households'), people: count('people'), modelWorkers: count('model_workers'),
        programs: count('programs'), payments: count('payments'), importBatches: count('import_batches'),
        auditRows: count('audit_log'), commands: count('commands'),
      },
      totals: { cashFen: sums.c, goodsFen: sums.g, totalFen: sums.c + sums.g },
      years,
      settings: getSettings(ledger),
    };
  });
}
