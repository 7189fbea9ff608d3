/**
 * 年度结账: after the forms are filed, a year is closed and its payments become
 * read-only (SQLite triggers refuse every change). Reopening needs a reason and an
 * approver, and is audited.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { YearCloseSummary } from '../../../shared/records.ts';
import { call } from '../api/client.ts';
import { yuan } from '../format.ts';
import { useApp } from '../state.tsx';

export function YearCloseCard({ year }: { year: number }) {
  const { t } = useTranslation();
  const { notify, refreshInfo } = useApp();
  const [summary, setSummary] = useState<YearCloseSummary | null>(null);
  const [reason, setReason] = useState('');
  const [approver, setApprover] = useState('');
  const [busy, setBusy] = useState(false);

  const load = () => call('years.summary', { year }).then(setSummary).catch((e: Error) => notify('error', e.message));
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [year]);

  async function act(work: () => Promise<unknown>, done: string) {
    setBusy(true);
    try {
      await work();
      notify('info', done);
      setReason('');
      refreshInfo();
      await load();
    } catch (e) {
      notify('error', (e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  if (!summary) return null;
  return (
    <div className="card" data-testid="year-close">
      <h2>{t('years.title', { year })}</h2>
      <p className="muted">
        {t('years.summary', { payments: summary.payments, cash: yuan(summary.cashFen), goods: yuan(summary.goodsFen) })}
        {summary.unsettled > 0 && <> {t('years.unsettled', { count: summary.unsettled })}</>}
        {summary.withErrors > 0 && <> <span className="status-error">{t('years.withErrors', { count: summary.withErrors })}</span></>}
      </p>
      {summary.closed ? (
        <>
          <p><span className="closed-badge">{t('years.closedBadge', { year })}</span></p>
          <label>{t('years.reopenReason')}<input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="reopen-reason" /></label>
          <label>{t('years.approver')}<input value={approver} onChange={(e) => setApprover(e.target.value)} data-testid="reopen-approver" /></label>
          <div className="card-actions">
            <button type="button" disabled={busy || !reason.trim() || !approver.trim()} data-testid="reopen-year"
              onClick={() => void act(() => call('years.reopen', { year, reason: reason.trim(), approver: approver.trim() }), t('years.reopened', { year }))}>
              {t('years.reopen')}
            </button>
          </div>
        </>
      ) : (
        <>
          <label>{t('years.closeNote')}<input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="close-reason" /></label>
          <div className="card-actions">
            <button type="button" className="primary" disabled={busy} data-testid="close-year"
              onClick={() => {
                if (window.confirm(t('years.confirmClose', { year, payments: summary.payments }))) {
                  void act(() => call('years.close', { year, ...(reason.trim() ? { reason: reason.trim() } : {}) }), t('years.closed', { year }));
                }
              }}>
              {t('years.close')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
