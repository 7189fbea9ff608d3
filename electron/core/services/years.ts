/**
 * Year close (年度结账) and reopen (反结账). Closing a year writes a row in
 * year_closings; from then on SQLite triggers refuse every insert, update and
 * delete of that year's payments, whatever code path tries. Reopening needs a
 * reason and an approver and stamps the closing row; closings are never deleted,
 * so the table is the whole history. Both are non-undoable commands (a barrier
 * for 撤销): run them with `ledger.run({ …, undoable: false }, …)` — the
 * service refuses to run inside an undoable command.
 */
import { collapseSpaces } from '../../../shared/domain/text.ts';
import { LedgerError } from '../errors.ts';
import type { ClosedYear, YearCloseSummary, YearClosingRecord } from '../../../shared/records.ts';
import type { Tx } from '../db/writer.ts';
import type { Ledger } from '../ledger.ts';




/** The command kinds, for callers and the history view. */
export type { ClosedYear, YearCloseSummary, YearClosingRecord };

export const YEAR_CLOSE_KIND = 'year.close';
export const YEAR_REOPEN_KIND = 'year.reopen';

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 1900 || year > 2199) throw new LedgerError('invalid_input', `年度无效：${year}`);
}

function requireNonUndoable(tx: Tx, what: string): void {
  const row = tx.database.prepare('SELECT undoable FROM commands WHERE id = ?').get(tx.commandId) as { undoable: number } | undefined;
  if (!row || row.undoable !== 0) throw new LedgerError('internal', `${what}必须作为不可撤销的命令执行（undoable: false）`);
}

function openClosing(tx: Tx | Ledger, year: number): { id: number } | undefined {
  const db = 'database' in tx ? tx.database : tx.db;
  return db.prepare('SELECT id FROM year_closings WHERE year = ? AND reopened_at IS NULL').get(year) as { id: number } | undefined;
}

/** Close a year: its payments can no longer be added, changed or deleted. Returns the closing's id. */
export function closeYear(tx: Tx, year: number, by: string, reason: string | null = null): number {
  checkYear(year);
  const who = collapseSpaces(by ?? '');
  if (who === '') throw new LedgerError('invalid_input', '结账必须填写结账人');
  const thisYear = Number(tx.at.slice(0, 4));
  if (year > thisYear) throw new LedgerError('invalid_input', `${year}年度尚未开始，不能结账`);
  requireNonUndoable(tx, '年度结账');
  if (openClosing(tx, year)) throw new LedgerError('duplicate', `${year}年度已经结账`, { year });
  const why = reason === null ? null : collapseSpaces(reason) || null;
  return tx.insert('year_closings', { year, closed_by: who, reason: why });
}

/** Reopen a closed year (反结账): needs the reason and the approver; who did it is the command's actor. */
export function reopenYear(tx: Tx, year: number, reason: string, approver: string): void {
  checkYear(year);
  const why = collapseSpaces(reason ?? '');
  const who = collapseSpaces(approver ?? '');
  if (why === '') throw new LedgerError('invalid_input', '反结账必须填写原因');
  if (who === '') throw new LedgerError('invalid_input', '反结账必须填写批准人');
  requireNonUndoable(tx, '反结账');
  const closing = openClosing(tx, year);
  if (!closing) throw new LedgerError('invalid_input', `${year}年度没有结账，无需反结账`, { year });
  const actor = tx.database.prepare('SELECT actor FROM commands WHERE id = ?').pluck().get(tx.commandId) as string | null;
  // reopened_at last: the row's CHECK wants the reason and the approver present once it is set
  // (the audit replays fields in this order too).
  tx.update('year_closings', closing.id, { reopen_reason: why, reopen_approver: who, reopened_by: actor ?? who, reopened_at: tx.at });
}

const SELECT = `SELECT id, year, closed_by AS closedBy, created_at AS closedAt, reason, reopened_at AS reopenedAt,
  reopened_by AS reopenedBy, reopen_reason AS reopenReason, reopen_approver AS reopenApprover FROM year_closings`;

/** The years closed now, oldest first. */
export function closedYears(ledger: Ledger): ClosedYear[] {
  return (ledger.stmt(`${SELECT} WHERE reopened_at IS NULL ORDER BY year`).all() as YearClosingRecord[]).map((r) => ({
    year: r.year, closedBy: r.closedBy, closedAt: r.closedAt, reason: r.reason,
  }));
}

/** Every close and reopen, in order (for the history view and auditors). */
export function yearClosingHistory(ledger: Ledger): YearClosingRecord[] {
  return ledger.stmt(`${SELECT} ORDER BY id`).all() as YearClosingRecord[];
}

export function isYearClosed(ledger: Ledger, year: number): boolean {
  return openClosing(ledger, year) !== undefined;
}

export function yearCloseSummary(ledger: Ledger, year: number): YearCloseSummary {
  checkYear(year);
  return ledger.read(() => {
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const sums = ledger.stmt(`SELECT count(*) AS n, coalesce(sum(cash_fen), 0) AS c, coalesce(sum(goods_fen), 0) AS g,
        coalesce(sum(status IN ('登记', '已审核')), 0) AS unsettled FROM payments WHERE paid_on BETWEEN ? AND ?`).get(from, to) as
      { n: number; c: number; g: number; unsettled: number };
    const withErrors = ledger.stmt(`SELECT count(DISTINCT i.payment_id) AS n FROM payment_issues i JOIN payments p ON p.id = i.payment_id
        WHERE i.severity = 'error' AND p.paid_on BETWEEN ? AND ?`).pluck().get(from, to) as number;
    return { year, closed: isYearClosed(ledger, year), payments: sums.n, cashFen: sums.c, goodsFen: sums.g, unsettled: sums.unsettled, withErrors };
  });
}
