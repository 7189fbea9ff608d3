import {
  CellStyleModule, ColumnApiModule, CustomEditorModule, DateFilterModule, EventApiModule, InfiniteRowModelModule, ModuleRegistry,
  NumberFilterModule, PinnedRowModule, RenderApiModule, RowApiModule, RowSelectionModule, RowStyleModule, ScrollApiModule,
  SelectEditorModule, TextEditorModule, TextFilterModule, TooltipModule, CellApiModule, LocaleModule, ClientSideRowModelModule,
} from 'ag-grid-community';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { boot } from './boot.ts';
import { initI18n } from './i18n/index.ts';
import { AppStateProvider } from './state.tsx';
import './styles.css';

// Only the grid features the app uses: a smaller bundle and a faster start than AllCommunityModule.
ModuleRegistry.registerModules([
  InfiniteRowModelModule, TextEditorModule, SelectEditorModule, CustomEditorModule, TextFilterModule, NumberFilterModule,
  DateFilterModule, TooltipModule, RowSelectionModule, PinnedRowModule, CellStyleModule, RowStyleModule, ColumnApiModule,
  RowApiModule, ScrollApiModule, RenderApiModule, EventApiModule, CellApiModule, LocaleModule,
  // The small registers (model workers) hold all their rows in the page.
  ClientSideRowModelModule,
]);
initI18n('zh-CN');

// The ledger's summary and the grid's saved view first (a few ms), so the first render knows its
// year and the first page of rows is read by the core while the grid is being built; a slow or
// absent ledger does not hold the window blank for more than a moment.
const booted = await Promise.race([boot(), new Promise<undefined>((resolve) => setTimeout(resolve, 1000))]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppStateProvider {...(booted ? { initialInfo: booted } : {})}>
      <App />
    </AppStateProvider>
  </StrictMode>,
);
