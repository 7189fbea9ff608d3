/**
 * The findings among the payments a form is made of: how many of them carry an error and how many a warning
 * (payment_issues, as the grid marks them). A form filed upward with a bad ID or a payment over its cap goes on to
 * the prefecture's figures; the export still writes it (the clerk may have to file today), and says how many.
 */
import type { ExportFindings } from '../../../shared/contract.ts';
import type { Ledger } from '../ledger.ts';

/** Which payments a form counts: a program's roster, a selection's, or a year's (its forms count payments not reversed; the annual form none of 0). */
export type ExportScope =
  | { programId: number }
  | { paymentIds: readonly number[] }
  | { year: number; programKinds?: readonly string[]; leaveOutZero?: boolean };

/** A payment the forms count: neither a reversal (冲正) nor reversed by one. */
const COUNTED = 'p.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses_id = p.id)';

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
    where = `p.paid_on BETWEEN ? AND ? AND ${COUNTED}`;
    params = [`${scope.year}-01-01`, `${scope.year}-12-31`];
    // The annual form leaves out a payment of 0 cash and 0 goods (it says so in its own warning).
    if (scope.leaveOutZero) where += ' AND (p.cash_fen <> 0 OR p.goods_fen <> 0)';
    if (scope.programKinds) {
      where += ' AND p.program_id IN (SELECT id FROM programs WHERE kind IN (SELECT value FROM json_each(?)))';
      params.push(JSON.stringify(scope.programKinds));
    }
  }
  // Findings are few: start from them and look each payment up.
  const row = ledger.stmt(`SELECT
      count(DISTINCT CASE WHEN i.severity = 'error' THEN i.payment_id END) AS errorRows,
      count(DISTINCT CASE WHEN i.severity = 'warn' THEN i.payment_id END) AS warnRows
    FROM payment_issues i CROSS JOIN payments p ON p.id = i.payment_id WHERE ${where}`).get(...params) as ExportFindings;
  return { errorRows: row.errorRows, warnRows: row.warnRows };
}
