import { useTranslation } from 'react-i18next';
import { NavBar } from './components/NavBar.tsx';
import { Notices } from './components/Notices.tsx';
import { StatusBar } from './components/StatusBar.tsx';
import { DashboardScreen } from './screens/DashboardScreen.tsx';
import { ExportScreen } from './screens/ExportScreen.tsx';
import { ImportScreen } from './screens/ImportScreen.tsx';
import { ModelWorkersScreen } from './screens/ModelWorkersScreen.tsx';
import { PaymentsScreen } from './screens/PaymentsScreen.tsx';
import { PeopleScreen } from './screens/PeopleScreen.tsx';
import { PrintView } from './screens/PrintView.tsx';
import { ProgramsScreen } from './screens/ProgramsScreen.tsx';
import { SettingsScreen } from './screens/SettingsScreen.tsx';
import { useApp } from './state.tsx';

export function App() {
  const { t } = useTranslation();
  const { screen, infoError, yearReady } = useApp();
  if (screen === 'print') return <PrintView />;
  return (
    <div className="app">
      <NavBar />
      <main className="content">
        {infoError && <div className="banner-error" role="alert">{infoError}</div>}
        {!yearReady ? null
          : screen === 'payments' ? <PaymentsScreen />
          : screen === 'dashboard' ? <DashboardScreen />
          : screen === 'people' ? <PeopleScreen />
          : screen === 'modelWorkers' ? <ModelWorkersScreen />
          : screen === 'programs' ? <ProgramsScreen />
          : screen === 'settings' ? <SettingsScreen />
          : screen === 'export' ? <ExportScreen />
          : screen === 'import' ? <ImportScreen />
          : null}
      </main>
      <StatusBar />
      <Notices />
    </div>
  );
}
