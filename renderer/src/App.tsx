import { useTranslation } from 'react-i18next';
import { NavBar } from './components/NavBar.tsx';
import { Notices } from './components/Notices.tsx';
import { StatusBar } from './components/StatusBar.tsx';
import { ExportScreen } from './screens/ExportScreen.tsx';
import { ImportScreen } from './screens/ImportScreen.tsx';
import { PaymentsScreen } from './screens/PaymentsScreen.tsx';
import { PrintView } from './screens/PrintView.tsx';
import { useApp } from './state.tsx';

function Placeholder({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <section className="screen placeholder">
      <h1>{title}</h1>
      <p>{t('nav.soon')}</p>
    </section>
  );
}

export function App() {
  const { t } = useTranslation();
  const { screen, infoError, yearReady } = useApp();
  if (screen === 'print') return <PrintView />;
  return (
    <div className="app">
      <NavBar />
      <main className="content">
        {infoError && <div className="banner-error" role="alert">{infoError}</div>}
        {screen === 'payments' ? (yearReady ? <PaymentsScreen /> : null) : screen === 'export' ? <ExportScreen /> : screen === 'import' ? <ImportScreen /> : <Placeholder title={t(`nav.${screen}`)} />}
      </main>
      <StatusBar />
      <Notices />
    </div>
  );
}
