/**
 * Asked before a form with unsaved changes is left (another screen, another program, 新建项目, another
 * settings tab): 保存 (the default: Enter keeps the clerk's work), 不保存 (the changes are dropped), 取消
 * (Esc: back to the form as it was). See useLeaveGuard in state.tsx.
 */
import { useTranslation } from 'react-i18next';
import { Modal } from './Modal.tsx';

export type LeaveChoice = 'save' | 'discard' | 'cancel';

export function LeavePrompt({ what, busy, onChoose }: { what: string; busy: boolean; onChoose: (choice: LeaveChoice) => void }) {
  const { t } = useTranslation();
  return (
    <Modal testId="leave-prompt" label={t('leave.title')} onCancel={() => onChoose('cancel')} onSubmit={() => onChoose('save')}>
      <h2>{t('leave.title')}</h2>
      <p>{t('leave.question', { what })}</p>
      <div className="modal-actions">
        <button type="submit" className="primary" disabled={busy} data-testid="leave-save">{t('leave.save')}</button>
        <button type="button" onClick={() => onChoose('discard')} disabled={busy} data-testid="leave-discard">{t('leave.discard')}</button>
        <button type="button" onClick={() => onChoose('cancel')} data-cancel="" data-testid="leave-cancel">{t('app.cancel')}</button>
      </div>
    </Modal>
  );
}
