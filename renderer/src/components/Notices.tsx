import { useTranslation } from 'react-i18next';
import { useApp } from '../state.tsx';

export function Notices() {
  const { t } = useTranslation();
  const { notices, dismiss } = useApp();
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          <button type="button" onClick={() => dismiss(n.id)} aria-label={t('app.close')}>×</button>
        </div>
      ))}
    </div>
  );
}
