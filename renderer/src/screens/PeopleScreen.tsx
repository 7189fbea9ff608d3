/**
 * 人员档案: the people register as a grid (the payments grid's keyboard habits and
 * validation marks) with each person's household file, the queries the national
 * hardship-file system's users rely on as views (在档, not updated for a year,
 * filed but never helped, helped this year, left the file), by township/unit and
 * by name or ID number, and the clerk's own saved queries. A file number opens the
 * household file; 新建档案 files a household with its members.
 */
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, EditableCallbackParams, GridApi, GridReadyEvent, ICellRendererParams, IDatasource, IGetRowsParams, ValueSetterParams } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentIssueView } from '../../../shared/payments.ts';
import { PEOPLE_VIEWS, PERSON_EDIT_FIELDS, type PeopleQuery, type PeopleView, type PersonEditField, type PersonRow, type UnitRecord } from '../../../shared/registers.ts';
import { call } from '../api/client.ts';
import { idForDisplay, yuan } from '../format.ts';
import { formatTsv, parseTsv } from '../grid/clipboard.ts';
import { issueMarks, issueTooltip, worstOf } from '../grid/issueMarks.ts';
import { toPeopleQuery } from '../grid/peopleQuery.ts';
import type { GridFilterModel } from '../grid/query.ts';
import { useSheetKeys } from '../grid/sheetKeys.ts';
import { TextEditor } from '../grid/TextEditor.tsx';
import { gridLocale, gridTheme } from '../grid/theme.ts';
import { useApp } from '../state.tsx';
import './registers.css';
import { HouseholdDialog } from './HouseholdDialog.tsx';
import { HouseholdPanel } from './HouseholdPanel.tsx';

interface SavedView {
  name: string;
  view: PeopleView;
  unitId: number | null;
  search: string;
  filters: GridFilterModel;
}

const VIEWS_PREF = 'people.views';
const GRID_PREF = 'grid.people';

function issuesOf(row: PersonRow | undefined, colId: string): PaymentIssueView[] {
  if (!row?.issues?.length) return [];
  return colId === 'issues' ? row.issues : row.issues.filter((i) => i.field === colId);
}

export function PeopleScreen() {
  const { t, i18n } = useTranslation();
  const { year, notify, setHistory, generation } = useApp();
  const [view, setView] = useState<PeopleView>('all');
  const [unitId, setUnitId] = useState<number | null>(null);
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [units, setUnits] = useState<UnitRecord[]>([]);
  const [codes, setCodes] = useState<{ employment: string[]; relation: string[] }>({ employment: [], relation: [] });
  const [saved, setSaved] = useState<SavedView[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [showFullIds, setShowFullIds] = useState(false);
  const [openHousehold, setOpenHousehold] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  /** The name being typed for a new saved query (null: not saving). */
  const [naming, setNaming] = useState<string | null>(null);
  const apiRef = useRef<GridApi<PersonRow> | null>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const queryRef = useRef<PeopleQuery>({});
  const workingYear = year ?? new Date().getFullYear();

  useEffect(() => {
    call('units.list', {}).then(setUnits).catch(() => undefined);
    Promise.all([call('codes.list', { list: 'employment_status' }), call('codes.list', { list: 'relation' })])
      .then(([e, r]) => setCodes({ employment: e.filter((c) => !c.retired).map((c) => c.value), relation: r.filter((c) => !c.retired).map((c) => c.value) }))
      .catch(() => undefined);
    call('prefs.get', { key: VIEWS_PREF }).then(({ value }) => Array.isArray(value) && setSaved(value as SavedView[])).catch(() => undefined);
  }, [generation]);

  useEffect(() => {
    const timer = setTimeout(() => setSearch(searchText.trim()), 250);
    return () => clearTimeout(timer);
  }, [searchText]);

  const datasource = useMemo<IDatasource>(() => ({
    getRows(params: IGetRowsParams) {
      const query = toPeopleQuery(params.sortModel, params.filterModel as GridFilterModel, { view, unitId, search, year: workingYear });
      queryRef.current = query;
      call('people.page', { query: { ...query, offset: params.startRow, limit: params.endRow - params.startRow } })
        .then((page) => {
          setTotal(page.total);
          params.successCallback(page.rows, page.total);
        })
        .catch((e: Error) => {
          notify('error', t('errors.loadFailed', { message: e.message }));
          params.failCallback();
        });
    },
  }), [view, unitId, search, workingYear, notify, t]);

  useEffect(() => {
    apiRef.current?.setGridOption('datasource', datasource);
  }, [datasource]);

  const reload = useCallback(() => apiRef.current?.refreshInfiniteCache(), []);
  useEffect(() => {
    if (generation > 0) reload();
  }, [generation, reload]);

  // ——— saving cells ———
  const apply = useCallback(async (edits: { id: number; cells: Partial<Record<PersonEditField, string | null>> }[], source: 'keyed' | 'pasted' | 'filled') => {
    try {
      const res = await call('people.update', { edits, source, year: workingYear });
      setHistory(res.history);
      for (const row of res.rows) apiRef.current?.getRowNode(String(row.id))?.setData(row);
      return true;
    } catch (e) {
      notify('error', t('errors.saveFailed', { message: (e as Error).message }));
      return false;
    }
  }, [workingYear, setHistory, notify, t]);

  const save = useCallback((p: ValueSetterParams<PersonRow>, field: PersonEditField) => {
    if (!p.data) return false;
    const text = p.newValue === null || p.newValue === undefined ? '' : String(p.newValue).trim();
    const old = p.oldValue === null || p.oldValue === undefined ? '' : String(p.oldValue);
    if (text === old) return false;
    void apply([{ id: p.data.id, cells: { [field]: text === '' ? null : text } }], 'keyed');
    return false;
  }, [apply]);

  const history = useCallback(async (which: 'undo' | 'redo') => {
    try {
      const res = await call(which === 'undo' ? 'history.undo' : 'history.redo', {});
      setHistory(res.history);
      reload();
      notify('info', t(which === 'undo' ? 'grid.undone' : 'grid.redone', { label: res.label }));
    } catch (e) {
      notify('error', (e as Error).message);
    }
  }, [notify, reload, setHistory, t]);

  const editable = (p: EditableCallbackParams<PersonRow>) => p.colDef.colId !== 'relation' || p.data?.householdId !== null;

  const columnDefs = useMemo<ColDef<PersonRow>[]>(() => {
    const col = (field: PersonEditField, extra: Partial<ColDef<PersonRow>> = {}): ColDef<PersonRow> => ({
      colId: field, field, headerName: t(`people.${field}`), editable, valueSetter: (p) => save(p, field), filter: 'agTextColumnFilter', filterParams: { maxNumConditions: 1 },
      tooltipValueGetter: issueTooltip(field, issuesOf, t), cellClassRules: issueMarks(field, issuesOf), ...extra,
    });
    const info = (colId: string, extra: Partial<ColDef<PersonRow>>): ColDef<PersonRow> => ({ colId, headerName: t(`people.${colId}`), editable: false, sortable: false, filter: false, ...extra });
    return [
      { colId: 'rowNumber', headerName: t('grid.rowNumber'), initialWidth: 64, initialPinned: 'left', sortable: false, filter: false, editable: false, lockPosition: 'left', valueGetter: (p) => (p.node?.rowIndex ?? 0) + 1, cellClass: 'row-number' },
      {
        colId: 'issues', headerName: t('grid.issues'), initialWidth: 60, initialPinned: 'left', sortable: false, filter: false, editable: false, lockPosition: 'left',
        valueGetter: (p) => worstOf(p.data?.issues ?? []),
        cellRenderer: (p: ICellRendererParams<PersonRow>) => {
          const sev = worstOf(p.data?.issues ?? []);
          return sev === null ? '' : `${sev === 'error' ? '●' : '▲'} ${p.data!.issues.length}`;
        },
        cellClassRules: { 'issue-error': (p) => worstOf(p.data?.issues ?? []) === 'error', 'issue-warn': (p) => worstOf(p.data?.issues ?? []) === 'warn' },
        tooltipValueGetter: issueTooltip('issues', issuesOf, t),
      },
      col('name', { initialWidth: 96, initialPinned: 'left' }),
      col('idNumber', { initialWidth: 172, cellClass: 'mono', valueFormatter: (p) => idForDisplay(p.value as string | null, showFullIds) }),
      col('gender', { initialWidth: 64, cellEditor: 'agSelectCellEditor', cellEditorParams: { values: ['', '男', '女'] } }),
      col('birthDate', { initialWidth: 104 }),
      {
        colId: 'fileNo', field: 'fileNo', headerName: t('people.fileNo'), initialWidth: 140, editable: false, filter: 'agTextColumnFilter', filterParams: { maxNumConditions: 1 },
        cellRenderer: (p: ICellRendererParams<PersonRow>) => p.data?.householdId
          ? <button type="button" className="link" data-testid="open-household" onClick={() => setOpenHousehold(p.data!.householdId)}>{p.data.fileNo ?? t('households.noNumber')}</button>
          : '',
      },
      col('relation', { initialWidth: 90, cellEditor: 'agSelectCellEditor', cellEditorParams: { values: ['', ...codes.relation] } }),
      {
        colId: 'fileStatus', field: 'fileStatus', headerName: t('people.fileStatus'), initialWidth: 84, editable: false, filter: 'agTextColumnFilter', filterParams: { maxNumConditions: 1 },
        cellRenderer: (p: ICellRendererParams<PersonRow>) => (p.value ? <span className={`badge status-${p.value as string}`}>{p.value as string}</span> : ''),
      },
      { colId: 'hardshipLevel', field: 'hardshipLevel', headerName: t('people.hardshipLevel'), initialWidth: 90, editable: false, filter: 'agTextColumnFilter', filterParams: { maxNumConditions: 1 } },
      { colId: 'primaryCause', field: 'primaryCause', headerName: t('people.primaryCause'), initialWidth: 90, editable: false, filter: 'agTextColumnFilter', filterParams: { maxNumConditions: 1 } },
      col('unitName', { initialWidth: 180 }),
      col('employmentStatus', { initialWidth: 90, cellEditor: 'agSelectCellEditor', cellEditorParams: { values: ['', ...codes.employment] } }),
      col('phone', { initialWidth: 120 }),
      { colId: 'fileUpdatedOn', field: 'fileUpdatedOn', headerName: t('people.fileUpdatedOn'), initialWidth: 108, editable: false, filter: 'agDateColumnFilter', filterParams: { maxNumConditions: 1 } },
      info('yearPayments', { initialWidth: 96, type: 'rightAligned', headerName: t('people.yearPayments', { year: workingYear }), valueGetter: (p) => p.data?.yearPayments ?? null }),
      info('yearPaidFen', { initialWidth: 120, type: 'rightAligned', cellClass: ['num', 'ag-right-aligned-cell'], headerName: t('people.yearPaidFen', { year: workingYear }), valueGetter: (p) => p.data?.yearPaidFen ?? null, valueFormatter: (p) => yuan(p.value) }),
      info('lastPaidOn', { initialWidth: 104, valueGetter: (p) => p.data?.lastPaidOn ?? '' }),
      col('note', { initialWidth: 200 }),
    ];
  }, [t, save, showFullIds, codes, workingYear]);

  // ——— keyboard and clipboard ———
  const editColumns = useCallback(() => (apiRef.current?.getAllDisplayedColumns() ?? []).map((c) => c.getColId()).filter((c): c is PersonEditField => (PERSON_EDIT_FIELDS as readonly string[]).includes(c)), []);

  const sheet = useSheetKeys(hostRef, apiRef, {
    undo: () => void history('undo'),
    redo: () => void history('redo'),
    find: () => {
      searchRef.current?.focus();
      searchRef.current?.select();
    },
    clear: () => {
      const api = apiRef.current;
      const cell = api?.getFocusedCell();
      const node = cell ? api?.getDisplayedRowAtIndex(cell.rowIndex) : undefined;
      const field = cell?.column.getColId() as PersonEditField | undefined;
      if (!node?.data || !field || !(PERSON_EDIT_FIELDS as readonly string[]).includes(field)) return;
      void apply([{ id: node.data.id, cells: { [field]: null } }], 'keyed');
    },
    copy: (e) => {
      const api = apiRef.current;
      const cell = api?.getFocusedCell();
      if (!api || !cell) return;
      const shown = (row: PersonRow, colId: string) => {
        const v = (row as unknown as Record<string, unknown>)[colId];
        if (colId === 'idNumber') return idForDisplay(v as string | null, showFullIds);
        if (colId === 'yearPaidFen') return yuan(v);
        return v === null || v === undefined ? '' : String(v);
      };
      const selected = api.getSelectedNodes().filter((n) => n.data).sort((a, b) => (a.rowIndex ?? 0) - (b.rowIndex ?? 0));
      let text: string;
      if (selected.length > 1) {
        const cols = api.getAllDisplayedColumns().map((c) => c.getColId()).filter((c) => c !== 'rowNumber' && c !== 'issues');
        text = formatTsv(selected.map((n) => cols.map((c) => shown(n.data!, c))));
      } else {
        const node = api.getDisplayedRowAtIndex(cell.rowIndex);
        if (!node?.data) return;
        text = shown(node.data, cell.column.getColId());
      }
      e.clipboardData?.setData('text/plain', text);
      e.preventDefault();
    },
    paste: (e) => {
      const api = apiRef.current;
      const cell = api?.getFocusedCell();
      const text = e.clipboardData?.getData('text/plain') ?? '';
      if (!api || !cell || text === '') return;
      e.preventDefault();
      const cols = editColumns();
      const start = cols.indexOf(cell.column.getColId() as PersonEditField);
      if (start < 0) {
        notify('error', t('people.pasteHere'));
        return;
      }
      const rows = parseTsv(text);
      const edits = rows.flatMap((cells, r) => {
        const node = api.getDisplayedRowAtIndex(cell.rowIndex + r);
        if (!node?.data) return [];
        const out: Partial<Record<PersonEditField, string | null>> = {};
        cells.slice(0, cols.length - start).forEach((v, c) => (out[cols[start + c]!] = v.trim() === '' ? null : v));
        return [{ id: node.data.id, cells: out }];
      });
      if (edits.length) void apply(edits, 'pasted').then((ok) => ok && notify('info', t('grid.pasted', { count: edits.length })));
    },
  });

  const onGridReady = useCallback((e: GridReadyEvent<PersonRow>) => {
    apiRef.current = e.api;
    sheet.ready();
    call('prefs.get', { key: GRID_PREF })
      .then(({ value }) => {
        const v = value as { columns?: unknown[] } | null;
        if (v?.columns) e.api.applyColumnState({ state: v.columns as never, applyOrder: true });
      })
      .catch(() => undefined);
  }, [sheet]);

  const saveLayout = useCallback(() => {
    const api = apiRef.current;
    if (api) void call('prefs.set', { key: GRID_PREF, value: { columns: api.getColumnState() } }).catch(() => undefined);
  }, []);

  // ——— views ———
  const chooseView = (v: PeopleView) => {
    setView(v);
    apiRef.current?.setFilterModel(null);
  };
  const applySaved = (s: SavedView) => {
    setView(s.view);
    setUnitId(s.unitId);
    setSearchText(s.search);
    setSearch(s.search);
    apiRef.current?.setFilterModel(s.filters as never);
  };
  const saveView = (name: string) => {
    setNaming(null);
    if (!name.trim()) return;
    const entry: SavedView = { name: name.trim(), view, unitId, search, filters: (apiRef.current?.getFilterModel() ?? {}) as GridFilterModel };
    const next = [...saved.filter((s) => s.name !== entry.name), entry];
    setSaved(next);
    void call('prefs.set', { key: VIEWS_PREF, value: next }).catch(() => undefined);
  };
  const removeView = (name: string) => {
    const next = saved.filter((s) => s.name !== name);
    setSaved(next);
    void call('prefs.set', { key: VIEWS_PREF, value: next }).catch(() => undefined);
  };

  const townships = useMemo(() => units.filter((u) => u.parentId === null), [units]);
  const childrenOf = (id: number) => units.filter((u) => u.parentId === id);

  return (
    <section className="screen people">
      <div className="with-sidebar">
        <aside className="sidebar" aria-label={t('people.views')}>
          <h2>{t('people.views')}</h2>
          {PEOPLE_VIEWS.map((v) => (
            <button key={v} type="button" className={v === view ? 'side-item active' : 'side-item'} onClick={() => chooseView(v)} data-view={v}>
              {t(`people.view.${v}`, { year: workingYear })}
            </button>
          ))}
          <h2>{t('people.savedViews')}</h2>
          {saved.length === 0 && <p className="muted small">{t('people.noSavedViews')}</p>}
          {saved.map((s) => (
            <div key={s.name} className="side-row">
              <button type="button" className="side-item" onClick={() => applySaved(s)}>{s.name}</button>
              <button type="button" className="icon" aria-label={t('people.removeView')} onClick={() => removeView(s.name)}>×</button>
            </div>
          ))}
        </aside>
        <div className="main-col">
          <div className="toolbar">
            <input ref={searchRef} type="search" placeholder={t('people.search')} value={searchText} onChange={(e) => setSearchText(e.target.value)} data-testid="people-search" />
            <label>
              {t('people.unit')}
              <select value={unitId ?? ''} onChange={(e) => setUnitId(e.target.value === '' ? null : Number(e.target.value))} data-testid="people-unit">
                <option value="">{t('people.allUnits')}</option>
                {townships.map((u) => [
                  <option key={u.id} value={u.id}>{u.name}</option>,
                  ...childrenOf(u.id).map((c) => <option key={c.id} value={c.id}>{'　'}{c.name}</option>),
                ])}
              </select>
            </label>
            <label className="check">
              <input type="checkbox" checked={showFullIds} onChange={(e) => setShowFullIds(e.target.checked)} />
              {t('grid.showFullIds')}
            </label>
            {naming === null ? (
              <button type="button" onClick={() => setNaming('')} data-testid="save-view">{t('people.saveView')}</button>
            ) : (
              <form className="inline-form" onSubmit={(e) => { e.preventDefault(); saveView(naming); }}>
                <input autoFocus value={naming} placeholder={t('people.saveViewPrompt')} onChange={(e) => setNaming(e.target.value)} data-testid="save-view-name"
                  onKeyDown={(e) => e.key === 'Escape' && setNaming(null)} />
                <button type="submit">{t('app.ok')}</button>
                <button type="button" onClick={() => setNaming(null)}>{t('app.cancel')}</button>
              </form>
            )}
            <span className="toolbar-spacer" />
            <span className="muted" data-testid="people-count">{total === null ? '' : t('people.count', { count: total })}</span>
            <button type="button" className="primary" onClick={() => setCreating(true)} data-testid="new-household">{t('households.create')}</button>
          </div>
          <div className="grid-host" data-testid="people-grid" ref={hostRef}>
            <AgGridReact<PersonRow>
              theme={gridTheme}
              localeText={gridLocale(i18n.language)}
              rowModelType="infinite"
              datasource={datasource}
              cacheBlockSize={100}
              maxBlocksInCache={100}
              columnDefs={columnDefs}
              defaultColDef={{ sortable: true, resizable: true, cellEditor: TextEditor }}
              getRowId={(p) => String(p.data.id)}
              rowSelection={{ mode: 'multiRow', checkboxes: false, headerCheckbox: false, enableClickSelection: true }}
              onGridReady={onGridReady}
              onCellFocused={sheet.attach}
              onCellEditingStopped={sheet.attach}
              onColumnMoved={saveLayout}
              onColumnResized={(e) => e.finished && saveLayout()}
              enterNavigatesVertically
              enterNavigatesVerticallyAfterEdit
              stopEditingWhenCellsLoseFocus
              suppressColumnVirtualisation
              tooltipShowDelay={300}
              overlayNoRowsTemplate={t('people.noRows')}
            />
          </div>
        </div>
      </div>
      {openHousehold !== null && <HouseholdPanel id={openHousehold} onClose={() => setOpenHousehold(null)} onChanged={reload} />}
      {creating && (
        <HouseholdDialog
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            reload();
            setOpenHousehold(id);
          }}
        />
      )}
    </section>
  );
}
