/** Register a person from a valid ID typed in the grid: gender and birth date come from the ID. */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseResidentId } from '../../../shared/domain/residentId.ts';
import { idForDisplay } from '../format.ts';
import type { PersonRecord } from '../../../shared/records.ts';
import { call } from '../api/client.ts';
import { Modal } from './Modal.tsx';

export interface CreatePersonRequest {
  idNumber: string;
  name: string;
  /** The row's payee now, who has another ID: the person made here is someone else (said in the dialog). */
  replacing?: { name: string; idNumber: string | null };
  resolve: (person: PersonRecord | null) => void;
}

export function CreatePersonDialog({ request, onDone }: { request: CreatePersonRequest; onDone: () => void }) {
  const { t } = useTranslation();
  const info = parseResidentId(request.idNumber);
  const [name, setName] = useState(request.name);
  const [gender, setGender] = useState<'男' | '女'>(info.gender ?? '男');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /**
   * Whether the clerk has used the dialog yet (a key pressed or a pointer down in it). The Enter that chose
   * the offer in the 姓名 lookup opened the dialog while it was still being handled: its keypress then
   * reached the name field and submitted the form, so a list row's name (prefilled) made a new person of
   * that name with the ID, unseen. A submit before any use of the dialog is not taken.
   */
  const used = useRef(false);

  async function submit() {
    setBusy(true);
    try {
      const person = await call('people.create', { person: { name, idNumber: info.normalized, gender, birthDate: info.birthDate } });
      request.resolve(person);
      onDone();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }

  function cancel() {
    request.resolve(null);
    onDone();
  }

  return (
    <Modal
      label={t('person.createTitle')}
      testId="create-person-dialog"
      // The grid puts the focus back on the row itself once the dialog is gone (PaymentsScreen).
      restoreFocus={false}
      onSubmit={() => {
        if (used.current) void submit();
      }}
      onCancel={cancel}
      onKeyDown={() => {
        used.current = true;
      }}
      onPointerDown={() => {
        used.current = true;
      }}
    >
      <h2>{t('person.createTitle')}</h2>
      <p className="muted">{t('person.createHint')}</p>
      {request.replacing && (
        <p className="warn-text" data-testid="create-person-replacing">
          {request.replacing.idNumber
            ? t('person.createReplacing', { name: request.replacing.name, idNumber: idForDisplay(request.replacing.idNumber, false) })
            : t('person.createReplacingNoId', { name: request.replacing.name })}
        </p>
      )}
      <label>
        {t('grid.idNumber')}
        <input value={info.normalized} readOnly className="mono" />
      </label>
      <label>
        {t('grid.personName')}
        <input value={name} onChange={(e) => setName(e.target.value)} autoFocus required data-testid="create-person-name" />
      </label>
      <label>
        {t('grid.gender')}
        <select value={gender} onChange={(e) => setGender(e.target.value as '男' | '女')}>
          <option value="男">男</option>
          <option value="女">女</option>
        </select>
      </label>
      <label>
        {t('person.birthDate')}
        <input value={info.birthDate ?? ''} readOnly />
      </label>
      {error && <p className="form-error" role="alert">{error}</p>}
      <div className="modal-actions">
        <button type="button" onClick={cancel}>{t('app.cancel')}</button>
        <button type="submit" className="primary" disabled={busy || name.trim() === ''}>{t('person.create')}</button>
      </div>
    </Modal>
  );
}
