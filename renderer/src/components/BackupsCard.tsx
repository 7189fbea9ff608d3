/** The backups next to the ledger: taken automatically (start, daily, before migrations and imports) or now. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupRecord } from '../../../shared/records.ts';
import { call } from '../api/client.ts';
import { useApp } from '../state.tsx';

export function BackupsCard() {
  const { t, i18n } = useTranslation();
  const { notify } = useApp();
  const [list, setList] = useState<BackupRecord[]>([]);
  const load = () => call('backups.list', {}).then(setList).catch((e: Error) => notify('error', e.message));
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <div className="card" data-testid="backups">
      <h2>{t('backups.title')}</h2>
      <p className="muted">{t('backups.hint')}</p>
      <div className="card-actions">
        <button type="button" data-testid="backup-now" onClick={() => void call('backups.create', {}).then((b) => {
          notify('info', t('backups.made', { file: b.file }));
          return load();
        }).catch((e: Error) => notify('error', e.message))}>{t('backups.now')}</button>
      </div>
      <table className="plain">
        <tbody>
          {list.slice(0, 8).map((b) => (
            <tr key={b.file}><td>{new Date(b.at).toLocaleString(i18n.language)}</td><td>{t(`backups.kinds.${b.kind}`, { defaultValue: b.kindLabel })}</td><td className="num">{(b.bytes / 1024 / 1024).toFixed(1)} MB</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
