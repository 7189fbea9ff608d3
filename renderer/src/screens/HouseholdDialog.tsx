/** 新建档案: file a household (一户一档) with its members in one step. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { todayIso } from '../../../shared/domain/dates.ts';
import { call } from '../api/client.ts';
import { useCodes } from '../components/useCodes.ts';
import { useApp } from '../state.tsx';
import { Modal } from '../components/Modal.tsx';
import { emptyFields, FieldsEditor, MembersEditor, newMember, toFields, toMembers, type FieldsDraft, type MemberDraft } from './HouseholdForm.tsx';

export function HouseholdDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (id: number) => void }) {
  const { t } = useTranslation();
  const { setHistory, notify } = useApp();
  const codes = useCodes(['hardship_level', 'cause', 'relation', 'employment_status'] as const);
  const [fields, setFields] = useState<FieldsDraft>(() => emptyFields(todayIso()));
  const [members, setMembers] = useState<MemberDraft[]>(() => [newMember('户主'), newMember()]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    setError(null);
    let request;
    try {
      request = { fields: toFields(fields), members: toMembers(members) };
    } catch (e) {
      setError((e as Error).message);
      return;
    }
    setBusy(true);
    try {
      const res = await call('households.create', request);
      setHistory(res.history);
      notify('info', t('households.created'));
      onCreated(res.id);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }

  return (
    <Modal initialFocus="first" className="modal wide" label={t('households.createTitle')} testId="household-dialog" onSubmit={() => void submit()} onCancel={onClose}>
      <h2>{t('households.createTitle')}</h2>
      <FieldsEditor value={fields} onChange={setFields} codes={codes} />
      <h3>{t('households.members')}</h3>
      <MembersEditor rows={members} onChange={setMembers} codes={codes} />
      {error && <p className="form-error" role="alert" data-testid="household-error">{error}</p>}
      <div className="modal-actions">
        <button type="button" onClick={onClose}>{t('app.cancel')}</button>
        <button type="submit" className="primary" disabled={busy} data-testid="household-submit">{t('households.createSubmit')}</button>
      </div>
    </Modal>
  );
}
