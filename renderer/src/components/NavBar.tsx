import { useTranslation } from 'react-i18next';
import { useApp, type Screen } from '../state.tsx';

const ITEMS: Screen[] = ['dashboard', 'payments', 'people', 'modelWorkers', 'programs', 'import', 'export', 'settings'];

export function NavBar() {
  const { t } = useTranslation();
  const { screen, setScreen } = useApp();
  return (
    <nav className="nav" aria-label={t('app.title')}>
      <div className="nav-title">{t('app.title')}</div>
      {ITEMS.map((item) => (
        <button key={item} type="button" className={item === screen ? 'nav-item active' : 'nav-item'} onClick={() => setScreen(item)} data-screen={item}>
          {t(`nav.${item}`)}
        </button>
      ))}
    </nav>
  );
}
