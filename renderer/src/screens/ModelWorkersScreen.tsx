/**
 * 劳模: the model-worker register (honour level, title, year, awarding body,
 * 两金/三金, 困难) as a grid keyed like the others, and the subsidy rounds generated
 * from it (两金 for 省部级, 三金 for 全国 困难劳模, or a visit to all).
 */
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, GridApi, GridReadyEvent, ValueSetterParams } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EARLIEST_AWARD_YEAR, isAwardYear } from '../../../shared/domain/modelWorkers.ts';
import type { ModelWorkerFields, ModelWorkerRow } from '../../../shared/registers.ts';
import { call } from '../api/client.ts';
import { useCodes } from '../components/useCodes.ts';
import { idForDisplay } from '../format.ts';
import { useSheetKeys } from '../grid/sheetKeys.ts';
import { TextEditor } from '../grid/TextEditor.tsx';
import { gridLocale, gridTheme } from '../grid/theme.ts';
import { useApp } from '../state.tsx';
import { Modal } from '../components/Modal.tsx';
import './registers.css';
import { PersonPicker } from './HouseholdForm.tsx';
import { RoundDialog } from './ModelWorkerRound.tsx';

/**
 * 获评年度 as typed (2005, 2005年): the year, null when empty, 'bad' for what is no year the ledger keeps
 * (EARLIEST_AWARD_YEAR–LATEST_AWARD_YEAR, shared/domain/modelWorkers.ts), 'early' for a year before the first award:
 * 05 or 20050 are said here in Chinese, not refused by the contract in English (helper 87; the 新建劳模 dialog too, helper 90).
 */
function yearAwardedOf(text: string): number | null | 'bad' | 'early' {
  if (text === '') return null;
  const y = Number(text.replace(/\u5e74$/, ''));
  if (isAwardYear(y)) return y;
  return Number.isInteger(y) && y >= 1000 && y < EARLIEST_AWARD_YEAR ? 'early' : 'bad';
}

/** The message for a 获评年度 yearAwardedOf does not take. */
function badYearKey(y: 'bad' | 'early'): 'modelWorkers.earlyYear' | 'modelWorkers.badYear' {
  return y === 'early' ? 'modelWorkers.earlyYear' : 'modelWorkers.badYear';
}

type EditField = 'honourLevel' | 'title' | 'yearAwarded' | 'awardingBody' | 'subsidyKind' | 'inHardship' | 'note';

export function ModelWorkersScreen() {
  const { t, i18n } = useTranslation();
  const { notify, setHistory, generation } = useApp();
  const codes = useCodes(['honour_level', 'model_worker_title'] as const);
  const [rows, setRows] = useState<ModelWorkerRow[]>([]);
  const [selected, setSelected] = useState(0);
  const [showFullIds, setShowFullIds] = useState(false);
  const [creating, setCreating] = useState(false);
  const [round, setRound] = useState(false);
  const apiRef = useRef<GridApi<ModelWorkerRow> | null>(null);
  const hostRef = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    call('modelWorkers.list', {}).then(setRows).catch((e: Error) => notify('error', t('errors.loadFailed', { message: e.message })));
  }, [notify, t]);
  useEffect(load, [load, generation]);

  const update = useCallback(async (id: number, fields: ModelWorkerFields) => {
    try {
      const res = await call('modelWorkers.update', { id, fields });
      setHistory(res.history);
      setRows((list) => list.map((r) => (r.id === id ? res.row : r)));
    } catch (e) {
      notify('error', t('errors.saveFailed', { message: (e as Error).message }));
    }
  }, [notify, setHistory, t]);

  const save = useCallback((p: ValueSetterParams<ModelWorkerRow>, field: EditField) => {
    if (!p.data) return false;
    const raw = p.newValue === null || p.newValue === undefined ? '' : String(p.newValue).trim();
    const old = p.oldValue === null || p.oldValue === undefined ? '' : String(p.oldValue);
    if (raw === old) return false;
    let fields: ModelWorkerFields;
    switch (field) {
      case 'yearAwarded': {
        const y = yearAwardedOf(raw);
        if (y === 'bad' || y === 'early') {
          notify('error', t(badYearKey(y), { value: raw, first: EARLIEST_AWARD_YEAR }));
          return false;
        }
        fields = { yearAwarded: y };
        break;
      }
      case 'subsidyKind':
        fields = { subsidyKind: raw === '两金' || raw === '三金' ? raw : null };
        break;
      case 'inHardship':
        fields = { inHardship: raw === t('modelWorkers.yes') || raw === 'true' };
        break;
      default:
        fields = { [field]: raw === '' ? null : raw };
    }
    void update(p.data.id, fields);
    return false;
  }, [notify, t, update]);

  const history = useCallback(async (which: 'undo' | 'redo') => {
    try {
      const res = await call(which === 'undo' ? 'history.undo' : 'history.redo', {});
      setHistory(res.history);
      load();
      notify('info', t(which === 'undo' ? 'grid.undone' : 'grid.redone', { label: res.label }));
    } catch (e) {
      notify('error', (e as Error).message);
    }
  }, [load, notify, setHistory, t]);

  const sheet = useSheetKeys(hostRef, apiRef, { undo: () => void history('undo'), redo: () => void history('redo') });

  const columnDefs = useMemo<ColDef<ModelWorkerRow>[]>(() => {
    const col = (field: EditField, extra: Partial<ColDef<ModelWorkerRow>> = {}): ColDef<ModelWorkerRow> => ({
      colId: field, field, headerName: t(`modelWorkers.${field}`), editable: true, valueSetter: (p) => save(p, field), ...extra,
    });
    return [
      { colId: 'personName', field: 'personName', headerName: t('people.name'), initialWidth: 96, pinned: 'left', filter: 'agTextColumnFilter', filterParams: { maxNumConditions: 1 } },
      { colId: 'idNumber', field: 'idNumber', headerName: t('people.idNumber'), initialWidth: 172, cellClass: 'mono', valueFormatter: (p) => idForDisplay(p.value as string | null, showFullIds) },
      { colId: 'gender', field: 'gender', headerName: t('people.gender'), initialWidth: 64 },
      { colId: 'unitName', field: 'unitName', headerName: t('people.unitName'), initialWidth: 180, filter: 'agTextColumnFilter', filterParams: { maxNumConditions: 1 } },
      col('honourLevel', { initialWidth: 90, cellEditor: 'agSelectCellEditor', cellEditorParams: { values: codes.honour_level }, filter: 'agTextColumnFilter', filterParams: { maxNumConditions: 1 } }),
      col('title', { initialWidth: 150, cellEditor: 'agSelectCellEditor', cellEditorParams: { values: codes.model_worker_title } }),
      col('yearAwarded', { initialWidth: 90 }),
      col('awardingBody', { initialWidth: 160 }),
      col('subsidyKind', { initialWidth: 90, cellEditor: 'agSelectCellEditor', cellEditorParams: { values: ['', '两金', '三金'] } }),
      col('inHardship', {
        initialWidth: 80, cellEditor: 'agSelectCellEditor', cellEditorParams: { values: [t('modelWorkers.yes'), t('modelWorkers.no')] },
        valueGetter: (p) => (p.data?.inHardship ? t('modelWorkers.yes') : t('modelWorkers.no')), cellClassRules: { 'hardship-yes': (p) => p.data?.inHardship === true },
      }),
      col('note', { initialWidth: 200 }),
    ];
  }, [t, save, codes, showFullIds]);

  async function deleteSelected() {
    const ids = apiRef.current?.getSelectedNodes().map((n) => n.data!.id) ?? [];
    if (ids.length === 0 || !window.confirm(t('modelWorkers.confirmDelete', { count: ids.length }))) return;
    try {
      const res = await call('modelWorkers.delete', { ids });
      setHistory(res.history);
      load();
    } catch (e) {
      notify('error', (e as Error).message);
    }
  }

  const counts = useMemo(() => {
    const by = new Map<string, number>();
    for (const r of rows) by.set(r.honourLevel, (by.get(r.honourLevel) ?? 0) + 1);
    return [...by.entries()].map(([k, n]) => `${k} ${n}`).join('　');
  }, [rows]);

  return (
    <section className="screen model-workers">
      <div className="toolbar">
        <h1 className="screen-title">{t('modelWorkers.screenTitle')}</h1>
        <span className="muted" data-testid="mw-count">{t('modelWorkers.count', { count: rows.length })}{counts ? `（${counts}）` : ''}</span>
        <label className="check"><input type="checkbox" checked={showFullIds} onChange={(e) => setShowFullIds(e.target.checked)} />{t('grid.showFullIds')}</label>
        <span className="toolbar-spacer" />
        <button type="button" onClick={() => setCreating(true)} data-testid="mw-create">{t('modelWorkers.create')}</button>
        <button type="button" onClick={() => void deleteSelected()} disabled={selected === 0}>{t('modelWorkers.delete', { count: selected })}</button>
        <button type="button" className="primary" onClick={() => setRound(true)} data-testid="mw-round">{t('modelWorkers.round')}</button>
      </div>
      <div className="grid-host" data-testid="mw-grid" ref={hostRef}>
        <AgGridReact<ModelWorkerRow>
          theme={gridTheme}
          localeText={gridLocale(i18n.language)}
          rowData={rows}
          columnDefs={columnDefs}
          defaultColDef={{ sortable: true, resizable: true, cellEditor: TextEditor, cellDataType: false }}
          getRowId={(p) => String(p.data.id)}
          rowSelection={{ mode: 'multiRow', checkboxes: false, headerCheckbox: false, enableClickSelection: true }}
          onSelectionChanged={(e) => setSelected(e.api.getSelectedNodes().length)}
          onGridReady={(e: GridReadyEvent<ModelWorkerRow>) => {
            apiRef.current = e.api;
            sheet.ready();
          }}
          onCellFocused={sheet.attach}
          onCellEditingStopped={sheet.attach}
          enterNavigatesVertically
          enterNavigatesVerticallyAfterEdit
          stopEditingWhenCellsLoseFocus
          overlayNoRowsTemplate={t('modelWorkers.noRows')}
        />
      </div>
      {creating && <CreateModelWorker onClose={() => setCreating(false)} onCreated={() => { setCreating(false); load(); }} levels={codes.honour_level} titles={codes.model_worker_title} />}
      {round && <RoundDialog onClose={() => setRound(false)} />}
    </section>
  );
}

function CreateModelWorker({ onClose, onCreated, levels, titles }: { onClose: () => void; onCreated: () => void; levels: string[]; titles: string[] }) {
  const { t } = useTranslation();
  const { setHistory } = useApp();
  const [person, setPerson] = useState<{ id: number; name: string } | null>(null);
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [unitName, setUnitName] = useState('');
  const [level, setLevel] = useState('省部级');
  const [title, setTitle] = useState('省劳动模范');
  const [year, setYear] = useState('');
  const [body, setBody] = useState('');
  const [subsidy, setSubsidy] = useState<'' | '两金' | '三金'>('');
  const [hardship, setHardship] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit() {
    setError(null);
    const y = yearAwardedOf(year.trim());
    if (y === 'bad' || y === 'early') {
      setError(t(badYearKey(y), { value: year, first: EARLIEST_AWARD_YEAR }));
      return;
    }
    // No one picked and no name typed: said in the clerk's words, not the contract's (person.name: Too small …).
    if (!person && name.trim() === '') {
      setError(t('modelWorkers.needPerson'));
      return;
    }
    const fields: ModelWorkerFields = { honourLevel: level, title, yearAwarded: y, awardingBody: body.trim() || null, subsidyKind: subsidy === '' ? null : subsidy, inHardship: hardship };
    try {
      const res = person
        ? await call('modelWorkers.create', { personId: person.id, fields })
        : await call('modelWorkers.create', { person: { name: name.trim(), idNumber: idNumber.trim() || null, unitName: unitName.trim() || null }, fields });
      setHistory(res.history);
      onCreated();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <Modal initialFocus="first" testId="mw-dialog" label={t('modelWorkers.create')} onSubmit={() => void submit()} onCancel={onClose}>
      <h2>{t('modelWorkers.create')}</h2>
      {person ? (
        <p>{t('modelWorkers.person')}{t('app.colon')}<b>{person.name}</b> <button type="button" className="link" onClick={() => setPerson(null)}>{t('modelWorkers.otherPerson')}</button></p>
      ) : (
        <>
          <PersonPicker exclude={[]} onPick={(p) => setPerson({ id: p.id, name: p.name })} />
          <p className="muted small">{t('modelWorkers.orNew')}</p>
          <label>{t('people.name')}<input value={name} onChange={(e) => setName(e.target.value)} data-testid="mw-name" /></label>
          <label>{t('people.idNumber')}<input value={idNumber} onChange={(e) => setIdNumber(e.target.value)} className="mono" data-testid="mw-id" /></label>
          <label>{t('people.unitName')}<input value={unitName} onChange={(e) => setUnitName(e.target.value)} /></label>
        </>
      )}
      <label>{t('modelWorkers.honourLevel')}<select value={level} onChange={(e) => setLevel(e.target.value)} data-testid="mw-level">{levels.map((l) => <option key={l}>{l}</option>)}</select></label>
      <label>{t('modelWorkers.title')}
        <input list="mw-titles" value={title} onChange={(e) => setTitle(e.target.value)} />
        <datalist id="mw-titles">{titles.map((x) => <option key={x} value={x} />)}</datalist>
      </label>
      <label>{t('modelWorkers.yearAwarded')}<input value={year} onChange={(e) => setYear(e.target.value)} inputMode="numeric" data-testid="mw-year" /></label>
      <label>{t('modelWorkers.awardingBody')}<input value={body} onChange={(e) => setBody(e.target.value)} /></label>
      <label>{t('modelWorkers.subsidyKind')}
        <select value={subsidy} onChange={(e) => setSubsidy(e.target.value as typeof subsidy)} data-testid="mw-subsidy"><option value="">—</option><option>两金</option><option>三金</option></select>
      </label>
      <label className="check"><input type="checkbox" checked={hardship} onChange={(e) => setHardship(e.target.checked)} data-testid="mw-hardship" />{t('modelWorkers.inHardshipLong')}</label>
      {error && <p className="form-error" role="alert">{error}</p>}
      <div className="modal-actions">
        <button type="button" onClick={onClose}>{t('app.cancel')}</button>
        <button type="submit" className="primary" data-testid="mw-submit">{t('app.ok')}</button>
      </div>
    </Modal>
  );
}
