/**
 * Validation display shared by every grid (payments, people): a cell with a
 * finding is tinted red (error) or amber (warning) and its tooltip lists the
 * findings, one per line, in Chinese.
 */
import type { ITooltipParams } from 'ag-grid-community';
import type { TFunction } from 'i18next';
import type { PaymentIssueView } from '../../../shared/payments.ts';

export type IssuesOf<R> = (row: R | undefined, colId: string) => readonly PaymentIssueView[];

export function worstOf(issues: readonly PaymentIssueView[]): 'error' | 'warn' | null {
  if (issues.some((i) => i.severity === 'error')) return 'error';
  return issues.length ? 'warn' : null;
}

export function issueTooltip<R>(colId: string, issuesOf: IssuesOf<R>, t: TFunction) {
  return (p: ITooltipParams<R>) => {
    const issues = issuesOf(p.data, colId);
    return issues.length ? issues.map((i) => `${t(i.severity === 'error' ? 'grid.error' : 'grid.warning')}：${i.message}`).join('\n') : undefined;
  };
}

export function issueMarks<R>(colId: string, issuesOf: IssuesOf<R>) {
  return {
    'cell-error': (p: { data: R | undefined }) => worstOf(issuesOf(p.data, colId)) === 'error',
    'cell-warn': (p: { data: R | undefined }) => worstOf(issuesOf(p.data, colId)) === 'warn',
  };
}
