import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FINDINGS_TASK_ID } from '../../../shared/contractNames.ts';
import { onEvent } from '../api/client.ts';
import { yuan } from '../format.ts';
import { useApp, useStatus } from '../state.tsx';

export function StatusBar() {
  const { t } = useTranslation();
  const { info, year } = useApp();
  const { viewTotals, history } = useStatus();
  /** Percent done of the pass that checks stored records against new rules after opening; null: none running. */
  const [rechecking, setRechecking] = useState<number | null>(null);
  useEffect(() => onEvent('task.progress', (p) => {
    if (p.taskId !== FINDINGS_TASK_ID) return;
    setRechecking(p.phase === 'end' ? null : p.total > 0 ? Math.min(99, Math.floor((p.done * 100) / p.total)) : 0);
  }), []);
  return (
    <footer className="status" role="status">
      <span className="status-file" title={info?.path ?? ''}>
        {t('status.file')}{t('app.colon')}{info ? info.path.split(/[\\/]/).pop() : t('app.noLedger')}
      </span>
      <span data-testid="status-year">
        {t('status.year')}{t('app.colon')}{year ?? t('status.allYears')}
      </span>
      {viewTotals && (
        <>
          <span data-testid="status-rows">{t('status.rows', { count: viewTotals.rows })}</span>
          {viewTotals.filteredBy && viewTotals.filteredBy.length > 0 && (
            <span className="status-warn" data-testid="status-filtered" title={t('status.filteredTip')}>
              {t('status.filtered', { by: viewTotals.filteredBy.join('、') })}
            </span>
          )}
          <span data-testid="status-people">{t('status.people', { count: viewTotals.people })}</span>
          <span data-testid="status-person-times">{t('status.personTimes', { count: viewTotals.personTimes })}</span>
          <span data-testid="status-cash">{t('status.cash', { amount: yuan(viewTotals.cashFen) })}</span>
          <span data-testid="status-goods">{t('status.goods', { amount: yuan(viewTotals.goodsFen) })}</span>
          <span data-testid="status-total">{t('status.total', { amount: yuan(viewTotals.totalFen) })}</span>
          {viewTotals.errorRows > 0 && <span className="status-error" data-testid="status-errors">{t('status.errors', { count: viewTotals.errorRows })}</span>}
          {viewTotals.warnRows > 0 && <span className="status-warn" data-testid="status-warnings">{t('status.warnings', { count: viewTotals.warnRows })}</span>}
        </>
      )}
      <span className="status-spacer" />
      {rechecking !== null && (
        <span data-testid="status-rechecking" title={t('status.recheckingTip')}>
          {t('status.rechecking', { percent: rechecking })}
        </span>
      )}
      {history.undoLabel && <span className="status-history">{t('status.undo', { label: history.undoLabel })}</span>}
    </footer>
  );
}
