import { useTranslation } from 'react-i18next';
import { NavBar } from './components/NavBar.tsx';
import { Notices } from './components/Notices.tsx';
import { StatusBar } from './components/StatusBar.tsx';
import { lazy, Suspense } from 'react';
import { PaymentsScreen } from './screens/PaymentsScreen.tsx';

// The payments grid is what opens first; every other screen (and ECharts with the dashboard)
// is its own chunk, loaded when the clerk goes there.
const DashboardScreen = lazy(() => import('./screens/DashboardScreen.tsx').then((m) => ({ default: m.DashboardScreen })));
const ExportScreen = lazy(() => import('./screens/ExportScreen.tsx').then((m) => ({ default: m.ExportScreen })));
const ImportScreen = lazy(() => import('./screens/ImportScreen.tsx').then((m) => ({ default: m.ImportScreen })));
const ModelWorkersScreen = lazy(() => import('./screens/ModelWorkersScreen.tsx').then((m) => ({ default: m.ModelWorkersScreen })));
const PeopleScreen = lazy(() => import('./screens/PeopleScreen.tsx').then((m) => ({ default: m.PeopleScreen })));
const PrintView = lazy(() => import('./screens/PrintView.tsx').then((m) => ({ default: m.PrintView })));
const ProgramsScreen = lazy(() => import('./screens/ProgramsScreen.tsx').then((m) => ({ default: m.ProgramsScreen })));
const SettingsScreen = lazy(() => import('./screens/SettingsScreen.tsx').then((m) => ({ default: m.SettingsScreen })));
import { useApp } from './state.tsx';

export function App() {
  const { t } = useTranslation();
  const { screen, infoError, yearReady } = useApp();
  if (screen === 'print') return <Suspense fallback={null}><PrintView /></Suspense>;
  return (
    <div className="app">
      <NavBar />
      <main className="content">
        {infoError && <div className="banner-error" role="alert">{infoError}</div>}
        <Suspense fallback={<p className="muted loading">{t('app.loading')}</p>}>
        {screen === 'payments' ? <PaymentsScreen />
          : !yearReady ? null
          : screen === 'dashboard' ? <DashboardScreen />
          : screen === 'people' ? <PeopleScreen />
          : screen === 'modelWorkers' ? <ModelWorkersScreen />
          : screen === 'programs' ? <ProgramsScreen />
          : screen === 'settings' ? <SettingsScreen />
          : screen === 'export' ? <ExportScreen />
          : screen === 'import' ? <ImportScreen />
          : null}
        </Suspense>
      </main>
      <StatusBar />
      <Notices />
    </div>
  );
}
