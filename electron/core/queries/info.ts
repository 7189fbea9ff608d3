/** A summary of the ledger for `info`, the status bar and checks. */
import type { Ledger } from '../ledger.ts';
import { getSettings } from '../services/settings.ts';
import { closedYears } from '../services/years.ts';
import type { LedgerInfo } from '../../../shared/records.ts';

export type { LedgerInfo };

type LedgerCounts = NonNullable<LedgerInfo['counts']>;

/** The summary; with `counts: false` without the rows per table (null). */
export function ledgerInfo(ledger: Ledger, options?: { totals?: boolean; counts?: true }): LedgerInfo & { counts: LedgerCounts };
export function ledgerInfo(ledger: Ledger, options: { totals?: boolean; counts: false }): LedgerInfo;
export function ledgerInfo(ledger: Ledger, options: { totals?: boolean; counts?: boolean } = {}): LedgerInfo {
  return ledger.read(() => {
    const count = (table: string) => (ledger.stmt(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const sums = options.totals === false ? null : (ledger.stmt('SELECT coalesce(sum(cash_fen), 0) AS c, coalesce(sum(goods_fen), 0) AS g FROM payments').get() as { c: number; g: number });
    // Years with payments, found by seeking the date index once per year (not by reading every row).
    const years = (ledger.stmt(`WITH RECURSIVE y(v) AS (
        SELECT substr(min(paid_on), 1, 4) FROM payments
        UNION ALL
        SELECT (SELECT substr(min(paid_on), 1, 4) FROM payments WHERE paid_on > y.v || '-12-31') FROM y WHERE y.v IS NOT NULL
      )
      SELECT DISTINCT CAST(v AS INTEGER) AS y FROM (SELECT v FROM y WHERE v IS NOT NULL UNION SELECT year FROM programs) ORDER BY y DESC`).all() as { y: number }[]).map((r) => r.y);
    return {
      path: ledger.path,
      schemaVersion: ledger.schemaVersion,
      counts: options.counts === false ? null : {
        units: count('units'), households: count('households'), people: count('people'), modelWorkers: count('model_workers'),
        programs: count('programs'), payments: count('payments'), importBatches: count('import_batches'),
        auditRows: count('audit_log'), commands: count('commands'),
      },
      totals: sums && { cashFen: sums.c, goodsFen: sums.g, totalFen: sums.c + sums.g },
      years,
      closedYears: closedYears(ledger).map((c) => c.year),
      settings: getSettings(ledger),
    };
  });
}
