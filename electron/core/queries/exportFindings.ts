/**
 * The findings among the payments a form is made of: how many of them carry an error and how many a warning
 * (payment_issues, as the grid marks them). A form filed upward with a bad ID or a payment over its cap goes on to
 * the prefecture's figures; the export still writes it (the clerk may have to file today), and says how many.
 */
import type { ExportFindings } from '../../../shared/contract.ts';
import type { Ledger } from '../ledger.ts';

/**
 * Which payments a form counts: a program's roster (neither a reversal nor reversed), a selection's (as selected), or a
 * year's form: the annual form and the model-worker form count a payment unless it is a reversal or reversed by the
 * year's end (annual.ts, modelWorkers.ts), the annual form none of 0 cash and 0 goods, the model-worker form only the
 * 劳模补助 programs' payments to a person; the filing package carries every payment of the year (filing.ts).
 */
export type ExportScope =
  | { programId: number }
  | { paymentIds: readonly number[] }
  | { year: number; form: 'annual' | 'filing' }
  | { year: number; form: 'modelWorkers'; programKinds: readonly string[] };

/** A payment the roster counts: neither a reversal (冲正) nor reversed by one. */
const COUNTED = 'p.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses_id = p.id)';
/** A payment a year's form counts: neither a reversal nor reversed by the end of that year (? : its last day). */
const COUNTED_BY_YEAR_END = 'p.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses_id = p.id AND r.paid_on <= ?)';

/**
 * `errorRows`: payments with an error; `warnRows`: payments with warnings and no error (a payment is counted once, so
 * that the two add up to the rows concerned: 1 条带错误，另有 N 条带提醒).
 */
export function findingsInExport(ledger: Ledger, scope: ExportScope): ExportFindings {
  let where: string;
  let params: unknown[];
  if ('programId' in scope) {
    where = `p.program_id = ? AND ${COUNTED}`;
    params = [scope.programId];
  } else if ('paymentIds' in scope) {
    where = 'p.id IN (SELECT value FROM json_each(?))';
    params = [JSON.stringify(scope.paymentIds)];
  } else {
    const yearEnd = `${scope.year}-12-31`;
    where = 'p.paid_on BETWEEN ? AND ?';
    params = [`${scope.year}-01-01`, yearEnd];
    if (scope.form !== 'filing') {
      where += ` AND ${COUNTED_BY_YEAR_END}`;
      params.push(yearEnd);
    }
    // The annual form leaves out a payment of 0 cash and 0 goods (it says so in its own warning).
    if (scope.form === 'annual') where += ' AND (p.cash_fen <> 0 OR p.goods_fen <> 0)';
    if (scope.form === 'modelWorkers') {
      where += ' AND p.person_id IS NOT NULL AND p.program_id IN (SELECT id FROM programs WHERE kind IN (SELECT value FROM json_each(?)))';
      params.push(JSON.stringify(scope.programKinds));
    }
  }
  // Findings are few: start from them and look each payment up.
  const row = ledger.stmt(`SELECT
      count(DISTINCT CASE WHEN i.severity = 'error' THEN i.payment_id END) AS errorRows,
      count(DISTINCT CASE WHEN i.severity = 'warn' AND NOT EXISTS (SELECT 1 FROM payment_issues e WHERE e.payment_id = i.payment_id AND e.severity = 'error')
        THEN i.payment_id END) AS warnRows
    FROM payment_issues i CROSS JOIN payments p ON p.id = i.payment_id WHERE ${where}`).get(...params) as ExportFindings;
  return { errorRows: row.errorRows, warnRows: row.warnRows };
}
