/**
 * 导入: a roster (花名册) from a grassroots union, however messy. Choose the file
 * and the program; the file is read in the background (progress, cancel); the
 * preview shows every source row with its sheet and Excel row number, its status
 * and the reasons in Chinese, the column mapping (correctable, and remembered for
 * files with the same headers), counts and totals per sheet, and stated vs computed
 * totals. The clerk fixes cells if they want, imports the ok and warning rows in one
 * step, and sends the held rows back as an error report. Every batch can be reverted.
 */
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, GridApi, IDatasource, ValueSetterParams } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORT_FIELD_LABELS, IMPORT_FIELDS, type ImportBatchSummary, type ImportCellEdit, type ImportField, type ImportOptions, type ImportPreview, type ImportPreviewRow, type RowStatus } from '../../../shared/import.ts';
import { localDateTime } from '../../../shared/domain/dates.ts';
import type { ProgramSummary } from '../../../shared/records.ts';
import { call, onEvent } from '../api/client.ts';
import { yuan } from '../format.ts';
import { gridLocale, gridTheme } from '../grid/theme.ts';
import { useApp } from '../state.tsx';

const STATUS_FILTERS: (RowStatus | null)[] = [null, 'ok', 'warn', 'error', 'skip'];
const EDITABLE: ImportField[] = ['name', 'idNumber', 'gender', 'unit', 'category', 'amount', 'goodsAmount', 'paidOn', 'note'];
const ROW_KEY: Partial<Record<ImportField, keyof ImportPreviewRow>> = {
  name: 'name', idNumber: 'idNumber', gender: 'gender', unit: 'unit', category: 'category', amount: 'amountFen', goodsAmount: 'goodsFen',
  paidOn: 'paidOn', note: 'note',
};

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function ImportScreen() {
  const { t, i18n } = useTranslation();
  const { notify, setScreen, refreshInfo } = useApp();
  const [file, setFile] = useState<File | null>(null);
  const [programs, setPrograms] = useState<ProgramSummary[]>([]);
  const [programId, setProgramId] = useState<number | null>(null);
  const [task, setTask] = useState<{ id: string; done: number; total: number; phase: string } | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [options, setOptions] = useState<ImportOptions>({});
  const [status, setStatus] = useState<RowStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [history, setHistory] = useState<ImportBatchSummary[]>([]);
  /** The batch just committed, while its held rows are to be sent back (until another file is read). */
  const [committed, setCommitted] = useState<{ batchId: number; fileName: string; held: number } | null>(null);
  const gridRef = useRef<GridApi<ImportPreviewRow> | null>(null);
  /** Shows the focused row's reasons in full (set by ReasonBar; only it renders again when the focus moves). */
  const showReasons = useRef<((row: ImportPreviewRow | null) => void) | null>(null);
  const focusRowsOnLoad = useRef(false);
  /** A preview answered while a cell was being edited: the rows are read again once the edit ends. */
  const refreshAfterEdit = useRef(false);

  const loadHistory = useCallback(() => call('import.history', {}).then(setHistory).catch(() => undefined), []);
  useEffect(() => {
    // The core readies its import thread while the clerk picks a file.
    call('import.prepare', {}).catch(() => undefined);
    call('programs.list', { totals: false }).then(setPrograms).catch((e: Error) => notify('error', e.message));
    void loadHistory();
  }, [notify, loadHistory]);

  // A preview's session ends when the clerk leaves this screen or reads another file: the import
  // host then frees its rows and removes the 导入前 backup it took ahead for it.
  const sessionRef = useRef<string | null>(null);
  sessionRef.current = preview?.sessionId ?? null;
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      const id = sessionRef.current;
      if (id) call('import.close', { sessionId: id }).catch(() => undefined);
    };
  }, []);

  useEffect(() => onEvent('task.progress', (p) => {
    setTask((cur) => (cur && cur.id === p.taskId ? { ...cur, done: p.done, total: p.total, phase: p.phase } : cur));
  }), []);

  async function open() {
    if (!file) return;
    const id = `import-${Date.now()}`;
    if (preview) call('import.close', { sessionId: preview.sessionId }).catch(() => undefined);
    setTask({ id, done: 0, total: 0, phase: 'read' });
    setPreview(null);
    setCommitted(null);
    try {
      const p = await call('import.open', { fileName: file.name, data: await toBase64(file), taskId: id, programId });
      // The clerk left the screen while the file was read: nobody will look at this preview.
      if (!mounted.current) {
        call('import.close', { sessionId: p.sessionId }).catch(() => undefined);
        return;
      }
      focusRowsOnLoad.current = true;
      setPreview(p);
      const first = { programId: p.program?.id ?? p.suggestedProgramId ?? programId };
      optionsRef.current = first;
      answered.current = first;
      setOptions(first);
      if (!p.program && p.suggestedProgramId) await repreview({ programId: p.suggestedProgramId }, p.sessionId);
    } catch (e) {
      notify('error', (e as Error).message);
    } finally {
      setTask(null);
    }
  }

  // The choices as the clerk last made them (ahead of the preview that answers them): each change starts from
  // these, and the previews run one after the other, so that quick fixes (111 ↓ 222 ↓ 333) all stay. Each
  // change used to start from the choices of the last answered preview: a fix made while one was on its way
  // dropped the one before it, and the file's own value was imported.
  const optionsRef = useRef<ImportOptions>({});
  /** The choices of the last preview answered. */
  const answered = useRef<ImportOptions>({});
  const previews = useRef<Promise<void>>(Promise.resolve());
  const repreview = useCallback((next: ImportOptions, sessionId = preview?.sessionId): Promise<void> => {
    if (!sessionId) return Promise.resolve();
    optionsRef.current = next;
    const run = async () => {
      // A later change is queued behind this one: only the latest choices are previewed.
      if (optionsRef.current !== next) return;
      setBusy(true);
      try {
        const sheets = next.sheets ? Object.fromEntries(Object.entries(next.sheets).map(([k, v]) => [String(k), v])) : undefined;
        const p = await call('import.preview', { sessionId, options: { ...next, ...(sheets ? { sheets } : {}) } as never });
        answered.current = next;
        setOptions(next);
        setPreview(p);
        // Not under the clerk's hands: a refresh while a cell is being edited (the next fix typed while this one
        // was previewed) throws the editor and its keys away; it waits for the edit to end.
        const grid = gridRef.current;
        if (grid && grid.getEditingCells().length > 0) refreshAfterEdit.current = true;
        else grid?.refreshInfiniteCache();
      } catch (e) {
        // Refused (a header row past the last row …): the next change starts from the choices that worked.
        if (optionsRef.current === next) optionsRef.current = answered.current;
        notify('error', (e as Error).message);
      } finally {
        setBusy(false);
      }
    };
    const done = previews.current.then(run);
    previews.current = done;
    return done;
  }, [preview?.sessionId, notify]);
  /** Change the choices from the latest ones (not the last answered preview's) and preview them. */
  const change = useCallback((fn: (o: ImportOptions) => ImportOptions) => repreview(fn(optionsRef.current)), [repreview]);

  // The rows' source is the session's (and the status filter's), not each preview's: a new datasource resets the
  // grid and throws away an editor open on it, so a fix typed while the one before was being previewed lost its
  // keys or its whole value (the file's -200 imported; seen under load). A new preview reads the rows again by
  // refreshInfiniteCache, which waits for an edit to end (repreview).
  const sessionId = preview?.sessionId;
  const datasource = useMemo<IDatasource | undefined>(() => {
    if (!sessionId) return undefined;
    return {
      getRows(params) {
        call('import.page', { sessionId, offset: params.startRow, limit: params.endRow - params.startRow, status })
          .then((page) => params.successCallback(page.rows, page.total))
          .catch(() => params.failCallback());
      },
    };
  }, [sessionId, status]);

  const editCell = useCallback((params: ValueSetterParams<ImportPreviewRow>, field: ImportField) => {
    const row = params.data;
    if (!row) return false;
    const value = params.newValue === null || params.newValue === undefined || params.newValue === '' ? null : String(params.newValue);
    void change((o) => ({
      ...o,
      edits: [...(o.edits ?? []).filter((e) => !(e.sheetIndex === row.sheetIndex && e.row === row.row && e.field === field)), { sheetIndex: row.sheetIndex, row: row.row, field, value }],
    }));
    return false;
  }, [change]);

  const columns = useMemo<ColDef<ImportPreviewRow>[]>(() => {
    const fieldCol = (field: ImportField, extra: Partial<ColDef<ImportPreviewRow>> = {}): ColDef<ImportPreviewRow> => ({
      colId: field,
      headerName: IMPORT_FIELD_LABELS[field].replace(/（.*?）/, ''),
      valueGetter: (p) => (p.data ? p.data[ROW_KEY[field]!] : null),
      editable: (p) => !!p.data && p.data.status !== 'skip',
      valueSetter: (p) => editCell(p, field),
      cellClassRules: {
        'cell-error': (p) => !!p.data?.reasons.some((r) => r.field === field && r.severity === 'error'),
        'cell-warn': (p) => !!p.data?.reasons.some((r) => r.field === field && r.severity === 'warn'),
        'cell-edited': (p) => !!p.data?.edited.includes(field),
      },
      ...extra,
    });
    return [
      { colId: 'sheet', headerName: t('import.sheet'), valueGetter: (p) => p.data?.sheet ?? '', width: 90 },
      { colId: 'row', headerName: t('import.row'), valueGetter: (p) => p.data?.row, width: 64 },
      {
        colId: 'status', headerName: t('import.status'), width: 72, valueGetter: (p) => (p.data ? t(`import.statuses.${p.data.status}`) : ''),
        cellClassRules: { 'issue-error': (p) => p.data?.status === 'error', 'issue-warn': (p) => p.data?.status === 'warn', muted: (p) => p.data?.status === 'skip' },
      },
      // Long reasons: the full text of the focused row below the grid (ReasonBar), and on hover in a tooltip, a reason a line.
      { colId: 'reasons', headerName: t('import.reasons'), width: 420, valueGetter: (p) => p.data?.reasons.map((r) => r.message).join('；') ?? '', tooltipValueGetter: (p) => p.data?.reasons.map((r) => r.message).join('\n') },
      fieldCol('name', { width: 90 }),
      fieldCol('idNumber', { width: 170, cellClass: 'mono' }),
      fieldCol('gender', { width: 60 }),
      fieldCol('unit', { width: 170 }),
      fieldCol('category', { width: 100 }),
      // The editor opens on the amount as shown, in 元 (500.00), not on the fen behind it (50000: a clerk's 450 typed after it was 50,450 元).
      // An amount that could not be read shows as the file writes it (abc, 一百), to be corrected there.
      fieldCol('amount', {
        width: 100, valueGetter: (p) => (p.data ? (p.data.amountFen ?? p.data.amountText ?? null) : null), valueFormatter: (p) => yuan(p.value),
        cellEditorParams: { useFormatter: true }, cellClass: ['num', 'ag-right-aligned-cell'],
      }),
      fieldCol('goodsAmount', { width: 90, valueFormatter: (p) => yuan(p.value), cellEditorParams: { useFormatter: true }, cellClass: ['num', 'ag-right-aligned-cell'] }),
      fieldCol('paidOn', { width: 100 }),
      fieldCol('note', { width: 160 }),
      { colId: 'person', headerName: t('import.person'), width: 80, valueGetter: (p) => (p.data?.status === 'skip' ? '' : p.data?.personId ? t('import.matched') : t('import.newPerson')) },
    ];
  }, [t, editCell]);

  async function commit(force = false) {
    if (!preview) return;
    if (!options.programId) {
      notify('error', t('import.chooseProgram'));
      return;
    }
    setBusy(true);
    try {
      const r = await call('import.commit', { sessionId: preview.sessionId, ...(force ? { force: true } : {}) });
      notify('info', t(r.acceptedGoodsFen ? 'import.committedWithGoods' : 'import.committed', { payments: r.payments, people: r.newPeople, total: yuan(r.acceptedFen), goods: yuan(r.acceptedGoodsFen), held: r.heldErrors }));
      // The file stays chosen: 读取文件 reads it again (the browser fires no change for the same file chosen twice).
      setPreview(null);
      // The held rows go back to the grassroots union after the commit too: the batch kept them (and the history has them).
      setCommitted({ batchId: r.batchId, fileName: preview.file.name, held: r.heldErrors });
      refreshInfo();
      void loadHistory();
    } catch (e) {
      notify('error', (e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function errorReport() {
    if (!preview) return;
    try {
      const r = await call('import.errorReport', { sessionId: preview.sessionId });
      if (r.path) notify('info', t('import.reportSaved', { path: r.path, rows: r.rows }));
    } catch (e) {
      notify('error', (e as Error).message);
    }
  }

  /** The error report a committed batch kept: just after its commit, or from the history. */
  async function batchReport(batchId: number) {
    try {
      const r = await call('import.batchErrorReport', { batchId });
      if (r.path) notify('info', t('import.reportSaved', { path: r.path, rows: r.rows }));
    } catch (e) {
      notify('error', (e as Error).message);
    }
  }

  async function revert(batch: ImportBatchSummary) {
    const question = t('import.confirmRevert', { id: batch.id, file: batch.fileName, payments: batch.payments });
    // Changed by hand since the import: the revert deletes those changes too; the clerk is told how many.
    if (!window.confirm(batch.editedAfter > 0 ? `${question}\n${t('import.revertLosesEdits', { count: batch.editedAfter })}` : question)) return;
    try {
      const r = await call('import.revert', { batchId: batch.id });
      notify('info', t('import.reverted', { payments: r.deletedPayments, people: r.deletedPeople }));
      refreshInfo();
      void loadHistory();
    } catch (e) {
      notify('error', (e as Error).message);
    }
  }

  const s = preview?.summary;
  return (
    <section className="screen import-screen">
      <h1>{t('nav.import')}</h1>
      <div className="form-row">
        <input type="file" accept=".xlsx,.xlsm,.xls,.csv,.txt,.htm,.html" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="import-file" />
        <label>
          {t('grid.programName')}
          <select value={options.programId ?? programId ?? ''} data-testid="import-program"
            onChange={(e) => {
              const id = e.target.value ? Number(e.target.value) : null;
              setProgramId(id);
              if (preview) void change((o) => ({ ...o, programId: id }));
            }}>
            <option value="">{t('import.pickProgram')}</option>
            {programs.map((p) => <option key={p.id} value={p.id}>{p.code} {p.name}</option>)}
          </select>
        </label>
        <button type="button" className="primary" disabled={!file || task !== null} onClick={() => void open()} data-testid="import-read">{t('import.read')}</button>
        {task && (
          <span className="progress" data-testid="import-progress">
            <progress max={task.total || 1} value={task.total ? task.done : undefined} />
            {t(`import.phases.${task.phase}`)} {task.done > 0 ? t('import.rowsRead', { count: task.done }) : ''}
            <button type="button" onClick={() => void call('import.cancel', { taskId: task.id })} data-testid="import-cancel">{t('app.cancel')}</button>
          </span>
        )}
      </div>

      {!preview && committed && committed.held > 0 && (
        <div className="import-committed" data-testid="import-committed">
          {t('import.committedHeld', { id: committed.batchId, file: committed.fileName, held: committed.held })}
          <button type="button" onClick={() => void batchReport(committed.batchId)} data-testid="import-committed-report">{t('import.errorReport', { count: committed.held })}</button>
        </div>
      )}

      {preview && s && (
        <div className="import-preview" data-testid="import-preview">
          <div className="import-summary">
            <b>{preview.file.name}</b>（{preview.file.format.toUpperCase()}{preview.file.encoding ? `，${preview.file.encoding}` : ''}）
            <span data-testid="import-counts">{t('import.counts', { ok: s.ok, warn: s.warn, error: s.error, skip: s.skip })}</span>
            <span>{t('import.accepted', { total: yuan(s.acceptedFen), all: yuan(s.totalFen) })}</span>
            <span>{t('import.people', { fresh: s.newPeople, matched: s.matchedPeople })}</span>
            {s.undatedRows > 0 && preview.defaultPaidOn && <DefaultDate preview={preview} onChoose={(paidOn) => void change((o) => ({ ...o, paidOn }))} />}
            {preview.duplicateOf && <span className="status-error" data-testid="import-duplicate">{t('import.duplicate', { id: preview.duplicateOf.batchId, at: localDateTime(preview.duplicateOf.importedAt).slice(0, 10) })}</span>}
          </div>
          {s.statedTotals.length > 0 && (
            <table className="plain stated" data-testid="stated-totals">
              <thead><tr><th>{t('import.sheet')}</th><th>{t('import.row')}</th><th>{t('import.stated')}</th><th>{t('import.computed')}</th><th /></tr></thead>
              <tbody>
                {s.statedTotals.map((st) => {
                  // A summary line's 人数, where it states one, beside its money (汇总: 盘溪镇 | 14 | 2,700).
                  const people = (n: number | undefined) => (st.people === undefined || n === undefined ? '' : t('import.peopleCount', { count: n }));
                  const problems = [
                    ...(st.matches ? [] : [t('import.noMatch', { diff: yuan(st.computedFen - st.fen) })]),
                    ...(st.peopleMatch === false ? [t('import.peopleNoMatch', { stated: st.people, computed: st.computedPeople })] : []),
                  ];
                  return (
                    <tr key={`${st.sheetIndex}-${st.row}`} className={problems.length === 0 ? '' : 'mismatch'}>
                      <td>{st.sheet}</td><td>{st.row}（{st.label}）</td><td className="num">{yuan(st.fen)}{people(st.people)}</td><td className="num">{yuan(st.computedFen)}{people(st.computedPeople)}</td>
                      <td>{problems.length === 0 ? t('import.match') : problems.join('；')}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <div className="sheets">
            {preview.sheets.map((sh) => (
              <details key={sh.index} className="sheet" open={sh.role === 'payments' && preview.sheets.length <= 3}>
                <summary>
                  {sh.name ?? preview.file.name} — {t(`import.roles.${sh.role}`)}{t('app.colon')}{sh.roleReason}
                  {sh.role === 'payments' && <> · {t('import.sheetCounts', { ok: sh.counts.ok, warn: sh.counts.warn, error: sh.counts.error, skip: sh.counts.skip, total: yuan(sh.acceptedFen) })}</>}
                </summary>
                <div className="sheet-body">
                  <label>
                    {t('import.role')}
                    <select value={sh.role} onChange={(e) => { const role = e.target.value as 'payments'; void change((o) => ({ ...o, sheets: { ...o.sheets, [sh.index]: { ...o.sheets?.[sh.index], role } } })); }}>
                      {(['payments', 'summary', 'empty', 'other'] as const).map((r) => <option key={r} value={r}>{t(`import.roles.${r}`)}</option>)}
                    </select>
                  </label>
                  {/* The header row, also for a sheet where none was found: the clerk names it, then maps the columns. */}
                  <label>
                    {t('import.headerRow')}
                    <input type="number" min={1} step={1} className="short" value={sh.headerRow ?? ''} placeholder={t('import.headerRowNone')} data-testid={`header-row-${sh.index}`}
                      onChange={(e) => {
                        const n = Number(e.target.value);
                        if (!Number.isInteger(n) || n < 1) return;
                        // Another header row: the fixes made under the one before belong to other rows now.
                        void change((o) => ({
                          ...o,
                          edits: (o.edits ?? []).filter((x) => x.sheetIndex !== sh.index),
                          sheets: { ...o.sheets, [sh.index]: { ...o.sheets?.[sh.index], headerRow: n, role: 'payments', mapping: undefined } },
                        }));
                      }} />
                  </label>
                  {sh.mappingSource === 'remembered' && <span className="muted">{t('import.remembered')}</span>}
                  {sh.columns.length > 0 && (
                    <table className="plain mapping" data-testid={`mapping-${sh.index}`}>
                      <tbody>
                        <tr>{sh.columns.map((c) => <th key={c.col}>{c.col}{t('app.colon')}{c.header}</th>)}</tr>
                        <tr>
                          {sh.columns.map((c) => (
                            <td key={c.col}>
                              <select value={c.field ?? ''} data-col={c.col}
                                onChange={(e) => {
                                  const field = (e.target.value || null) as ImportField | null;
                                  // From the mapping as the clerk last set it (columns chosen quickly one after the other all
                                  // stay; the preview's columns may not have caught up yet), else as the preview shows it.
                                  void change((o) => {
                                    const current = o.sheets?.[sh.index]?.mapping ?? Object.fromEntries(sh.columns.map((x) => [x.col, x.field]));
                                    return { ...o, sheets: { ...o.sheets, [sh.index]: { ...o.sheets?.[sh.index], mapping: { ...current, [c.col]: field } } } };
                                  });
                                }}>
                                <option value="">{t('import.ignore')}</option>
                                {IMPORT_FIELDS.map((f) => <option key={f} value={f}>{IMPORT_FIELD_LABELS[f]}</option>)}
                              </select>
                            </td>
                          ))}
                        </tr>
                      </tbody>
                    </table>
                  )}
                  {sh.mappingSource === 'user' && (
                    <button type="button" onClick={() => void call('import.rememberMapping', { sessionId: preview.sessionId, sheetIndex: sh.index }).then(() => notify('info', t('import.mappingRemembered')))}>
                      {t('import.rememberMapping')}
                    </button>
                  )}
                </div>
              </details>
            ))}
          </div>
          <div className="toolbar">
            {STATUS_FILTERS.map((f) => (
              <button key={f ?? 'all'} type="button" className={status === f ? 'active' : ''} onClick={() => setStatus(f)} data-testid={`filter-${f ?? 'all'}`}>
                {f ? t(`import.statuses.${f}`) : t('import.all')}
              </button>
            ))}
            <span className="toolbar-spacer" />
            {busy && <span className="muted">{t('status.saving')}</span>}
            <button type="button" disabled={s.error === 0} onClick={() => void errorReport()} data-testid="import-error-report">{t('import.errorReport', { count: s.error })}</button>
            <button type="button" className="primary" disabled={busy || s.ok + s.warn === 0} onClick={() => void commit(false)} data-testid="import-commit">
              {t('import.commit', { count: s.ok + s.warn })}
            </button>
            {preview.duplicateOf && <button type="button" disabled={busy || s.ok + s.warn === 0} onClick={() => void commit(true)} data-testid="import-commit-force">{t('import.commitAgain')}</button>}
          </div>
          <ReasonBar register={showReasons} />
          <div className="grid-host import-grid" data-testid="import-grid">
            {datasource && (
              <AgGridReact<ImportPreviewRow>
                theme={gridTheme}
                localeText={gridLocale(i18n.language)}
                rowModelType="infinite"
                datasource={datasource}
                cacheBlockSize={200}
                columnDefs={columns}
                defaultColDef={{ resizable: true, sortable: false }}
                tooltipShowDelay={300}
                getRowId={(p) => `${p.data.sheetIndex}:${p.data.row}`}
                onGridReady={(e) => (gridRef.current = e.api)}
                onFirstDataRendered={(e) => {
                  // After 读取文件, the keyboard goes on in the rows (focus had dropped to the page).
                  if (focusRowsOnLoad.current) {
                    focusRowsOnLoad.current = false;
                    e.api.setFocusedCell(0, 'status');
                  }
                }}
                onModelUpdated={(e) => {
                  // Rows read again (a fix previewed, another filter): the focused row's reasons as they are now.
                  const focused = e.api.getFocusedCell();
                  showReasons.current?.(focused ? e.api.getDisplayedRowAtIndex(focused.rowIndex)?.data ?? null : null);
                }}
                onCellFocused={(e) => {
                  const row = typeof e.rowIndex === 'number' ? e.api.getDisplayedRowAtIndex(e.rowIndex)?.data ?? null : null;
                  showReasons.current?.(row);
                }}
                singleClickEdit={false}
                stopEditingWhenCellsLoseFocus
                onCellEditingStopped={(e) => {
                  if (!refreshAfterEdit.current) return;
                  refreshAfterEdit.current = false;
                  e.api.refreshInfiniteCache();
                }}
              />
            )}
          </div>
        </div>
      )}

      <h2>{t('import.history')}</h2>
      <table className="plain history" data-testid="import-history">
        <thead><tr><th>#</th><th>{t('import.file')}</th><th>{t('grid.programName')}</th><th>{t('import.when')}</th><th>{t('grid.clerk')}</th><th>{t('import.payments')}</th><th>{t('export.total')}</th><th /></tr></thead>
        <tbody>
          {history.map((b) => (
            <tr key={b.id} className={b.revertedAt ? 'muted' : ''}>
              <td>{b.id}</td><td>{b.fileName}</td><td>{b.programName ?? ''}</td><td>{localDateTime(b.importedAt)}</td><td>{b.clerk ?? ''}</td>
              {/* As imported (the total is the import's): a reverted batch keeps its figures; one the clerk has since cut says what is left. */}
              <td className="num">{b.counts.payments ?? b.payments}{!b.revertedAt && b.counts.payments !== undefined && b.payments !== b.counts.payments ? t('import.paymentsLeft', { count: b.payments }) : ''}</td>
              <td className="num">{yuan(b.acceptedFen)}</td>
              <td>
                {b.reportRows > 0 && (
                  <button type="button" onClick={() => void batchReport(b.id)} title={t('import.batchReportTip')} data-testid={`batch-report-${b.id}`}>{t('import.errorReport', { count: b.reportRows })}</button>
                )}
                {b.revertedAt ? t('import.revertedAt', { at: localDateTime(b.revertedAt).slice(0, 10) }) : b.revertBlockedBy ? <span className="muted" title={b.revertBlockedBy}>{t('import.cannotRevert')}</span> : (
                  <button type="button" onClick={() => void revert(b)} data-testid={`revert-${b.id}`}>{t('import.revert')}</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p><button type="button" onClick={() => setScreen('payments')}>{t('import.toPayments')}</button></p>
    </section>
  );
}

/**
 * The reasons of the row the grid's focus is on, in full, a reason a line (the grid's 原因 column shows as much as
 * its width allows): read with the keyboard as with the mouse. Its own state: the focus moving (↓ held down) renders
 * this line only, not the screen and its grid.
 */
function ReasonBar({ register }: { register: { current: ((row: ImportPreviewRow | null) => void) | null } }) {
  const { t } = useTranslation();
  const [row, setRow] = useState<ImportPreviewRow | null>(null);
  useEffect(() => {
    register.current = setRow;
    return () => {
      register.current = null;
    };
  }, [register]);
  const reasons = row?.reasons ?? [];
  return (
    <div className="import-reasons" data-testid="import-row-reasons" aria-live="polite">
      {row === null ? <span className="muted">{t('import.reasonsHint')}</span> : (
        <>
          <b>{t('import.reasonsOf', { sheet: row.sheet ?? '', row: row.row })}</b>
          {reasons.length === 0 ? <span className="muted">{t('import.noReasons')}</span> : (
            <ul>
              {reasons.map((r, i) => (
                <li key={i} className={r.severity === 'error' ? 'status-error' : r.severity === 'warn' ? 'status-warn' : 'muted'}>{r.message}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

/**
 * The date of the rows that write none: how many they are — every payment row without a date, those imported now
 * and those held (they get it once corrected), as the commit will do —, the date (one for all, or each sheet's own
 * 填报日期), and where it comes from (the sheet's 填报日期, the program's start, today, or 1 January, to be checked).
 */
function DefaultDate({ preview, onChoose }: { preview: ImportPreview; onChoose: (date: string) => void }) {
  const { t } = useTranslation();
  const s = preview.summary;
  const held = s.undatedRows - s.defaultDateRows;
  const count = held === 0 ? t('import.undated', { count: s.undatedRows })
    : s.defaultDateRows === 0 ? t('import.undatedHeld', { count: s.undatedRows })
      : t('import.undatedSome', { count: s.undatedRows, imported: s.defaultDateRows, held });
  const dated = preview.sheets.filter((x) => x.undatedRows > 0 && x.defaultPaidOn !== null);
  const bySheet = new Set(dated.map((x) => x.defaultPaidOn)).size > 1;
  const from = preview.defaultPaidOnFrom;
  const source = from === 'filedOn' ? t('import.dateFromFiledOn') : from === 'programStart' ? t('import.dateFromProgramStart')
    : from === 'today' ? t('import.dateFromToday') : from === 'yearStart' ? t('import.dateFromYearStart') : null;
  return (
    <label data-testid="import-default-date">
      {count}
      {bySheet ? t('import.dateBySheet', { list: dated.map((x) => `${x.name ?? preview.file.name} ${x.defaultPaidOn}`).join(t('import.listSeparator')) }) : t('import.dateOne')}
      <DateChoice key={preview.defaultPaidOn} value={preview.defaultPaidOn!} onChoose={onChoose} />
      {!bySheet && source && <span className={from === 'yearStart' ? 'status-warn' : 'muted'} data-testid="import-default-date-from">{t('import.dateFrom', { source })}</span>}
    </label>
  );
}

/**
 * A date the clerk types digit by digit (年/月/日, each segment a valid date on its own) or picks: taken once
 * they stop (0.8 s), leave the field or press Enter — not at each keystroke (the preview's answer put the old
 * date back under the cursor, and the date imported was not the one typed).
 */
function DateChoice({ value, onChoose }: { value: string; onChoose: (date: string) => void }) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const chosen = useRef(value);
  const take = (date: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (date && date !== chosen.current) {
      chosen.current = date;
      onChoose(date);
    }
  };
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  return (
    <input type="date" defaultValue={value} required
      onChange={(e) => {
        const date = e.target.value;
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => take(date), 800);
      }}
      onBlur={(e) => take(e.currentTarget.value)}
      onKeyDown={(e) => { if (e.key === 'Enter') take(e.currentTarget.value); }} />
  );
}
