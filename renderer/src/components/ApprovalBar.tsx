/**
 * Approval in the payments grid: the selected rows move 登记 → 已审核 (the approver
 * is recorded) → 已发放 → 已签领, or back from 已审核 to 登记. Rows in another state
 * are left as they are (and counted in the dialog). A paid or signed row is
 * corrected only by a reversal entry (冲正), with a reason.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentStatus } from '../../../shared/domain/codes.ts';
import type { PaymentRow } from '../../../shared/payments.ts';
import { call } from '../api/client.ts';
import { yuan } from '../format.ts';
import { useApp } from '../state.tsx';
import { Modal } from './Modal.tsx';
import '../screens/registers.css';

type Action = '已审核' | '已发放' | '已签领' | '登记';
const FROM: Record<Action, PaymentStatus> = { 已审核: '登记', 已发放: '已审核', 已签领: '已发放', 登记: '已审核' };
const ACTIONS: Action[] = ['已审核', '已发放', '已签领', '登记'];

type Dialog = { kind: 'status'; action: Action; rows: PaymentRow[]; skipped: number; approver: string } | { kind: 'reverse'; row: PaymentRow; reason: string };

export function ApprovalBar({ selectedCount, getSelected, onDone }: {
  selectedCount: number;
  getSelected: () => PaymentRow[];
  /** Rows changed in place (their new state), or null when rows were added (reload). */
  onDone: (rows: PaymentRow[] | null) => void;
}) {
  const { t } = useTranslation();
  const { info, setHistory, notify } = useApp();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function start(action: Action) {
    const selected = getSelected();
    const rows = selected.filter((r) => r.status === FROM[action] && r.reversesId === null);
    if (rows.length === 0) {
      notify('error', t('approval.noneEligible', { from: FROM[action], action: t(`approval.action.${action}`) }));
      return;
    }
    setError(null);
    setDialog({ kind: 'status', action, rows, skipped: selected.length - rows.length, approver: info?.settings.approverName ?? '' });
  }

  function startReverse() {
    const selected = getSelected();
    if (selected.length !== 1) {
      notify('error', t('approval.reverseOne'));
      return;
    }
    const row = selected[0]!;
    if (row.status !== '已发放' && row.status !== '已签领') {
      notify('error', t('approval.reverseLocked', { status: row.status }));
      return;
    }
    setError(null);
    setDialog({ kind: 'reverse', row, reason: '' });
  }

  async function confirm() {
    if (!dialog) return;
    setBusy(true);
    setError(null);
    try {
      if (dialog.kind === 'status') {
        const res = await call('approval.setStatus', {
          ids: dialog.rows.map((r) => r.id), status: dialog.action, ...(dialog.action === '已审核' ? { approver: dialog.approver.trim() || null } : {}),
        });
        setHistory(res.history);
        onDone(res.rows);
        notify('info', t('approval.done', { action: t(`approval.action.${dialog.action}`), count: res.changed }));
      } else {
        const res = await call('payments.reverse', { id: dialog.row.id, reason: dialog.reason });
        setHistory(res.history);
        onDone(null);
        notify('info', t('approval.reversed', { id: dialog.row.id }));
      }
      setDialog(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const sum = (rows: PaymentRow[]) => yuan(rows.reduce((s, r) => s + r.cashFen + r.goodsFen, 0));
  return (
    <>
      <span className="approval-bar" role="group" aria-label={t('approval.title')}>
        {ACTIONS.map((a) => (
          <button key={a} type="button" disabled={selectedCount === 0} onClick={() => start(a)} data-testid={`approve-${a}`}>{t(`approval.action.${a}`)}</button>
        ))}
        <button type="button" disabled={selectedCount !== 1} onClick={startReverse} data-testid="reverse">{t('approval.reverse')}</button>
      </span>
      {dialog && (
        <Modal testId="approval-dialog" label={dialog.kind === 'status' ? t(`approval.action.${dialog.action}`) : t('approval.reverse')}
          onSubmit={() => void confirm()} onCancel={() => setDialog(null)}>
          {dialog.kind === 'status' ? (
            <>
              <h2>{t(`approval.action.${dialog.action}`)}</h2>
              <p>{t('approval.summary', { count: dialog.rows.length, amount: sum(dialog.rows), from: FROM[dialog.action], to: dialog.action })}</p>
              {dialog.skipped > 0 && <p className="muted">{t('approval.skipped', { count: dialog.skipped })}</p>}
              {dialog.action === '已审核' && (
                <label>{t('approval.approver')}<input value={dialog.approver} onChange={(e) => setDialog({ ...dialog, approver: e.target.value })} data-testid="approver" autoFocus /></label>
              )}
              {(dialog.action === '已发放' || dialog.action === '已签领') && <p className="muted small">{t('approval.lockWarning')}</p>}
            </>
          ) : (
            <>
              <h2>{t('approval.reverse')}</h2>
              <p>{t('approval.reverseSummary', { id: dialog.row.id, name: dialog.row.personName ?? '', amount: yuan(dialog.row.cashFen + dialog.row.goodsFen) })}</p>
              <label>{t('approval.reason')}<input value={dialog.reason} onChange={(e) => setDialog({ ...dialog, reason: e.target.value })} required autoFocus data-testid="reverse-reason" /></label>
            </>
          )}
          {error && <p className="form-error" role="alert">{error}</p>}
          <div className="modal-actions">
            <button type="button" onClick={() => setDialog(null)} data-testid="approval-cancel">{t('app.cancel')}</button>
            <button type="submit" className="primary" disabled={busy} data-testid="approval-confirm">{t('app.ok')}</button>
          </div>
        </Modal>
      )}
    </>
  );
}
