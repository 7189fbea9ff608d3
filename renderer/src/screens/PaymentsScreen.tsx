/**
 * 发放台账: the payments of the working year in an AG Grid over the core's page
 * query (infinite row model: sort, filter and totals are done in SQLite). Every
 * committed cell is written through the contract at once; there is no Save button.
 */
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, GridApi, GridReadyEvent, IDatasource, IGetRowsParams, ValueSetterParams } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentEditField, PaymentQuery, PaymentRow } from '../../../shared/payments.ts';
import { call } from '../api/client.ts';
import { idForDisplay, yuan } from '../format.ts';
import { toPaymentQuery, type GridFilterModel, type GridSortItem } from '../grid/query.ts';
import { gridTheme } from '../grid/theme.ts';
import { useApp } from '../state.tsx';

const EDITABLE: readonly PaymentEditField[] = [
  'personName', 'idNumber', 'gender', 'unitName', 'programName', 'recipientKind', 'category', 'paidOn', 'cashFen', 'goodsFen', 'goodsDesc', 'method', 'status', 'studentName', 'note',
];

export function PaymentsScreen() {
  const { t } = useTranslation();
  const { year, setYear, info, setViewTotals, notify, setHistory, generation } = useApp();
  const [showFullIds, setShowFullIds] = useState(false);
  const [search, setSearch] = useState('');
  const apiRef = useRef<GridApi<PaymentRow> | null>(null);
  const queryRef = useRef<PaymentQuery>({ year });

  const refreshTotals = useCallback((query: PaymentQuery) => {
    const { offset: _o, limit: _l, sort: _s, ...rest } = query;
    call('payments.totals', { query: rest })
      .then(setViewTotals)
      .catch((e: Error) => notify('error', t('errors.loadFailed', { message: e.message })));
  }, [setViewTotals, notify, t]);

  const datasource = useMemo<IDatasource>(() => ({
    getRows(params: IGetRowsParams) {
      const query = toPaymentQuery(params.sortModel as GridSortItem[], params.filterModel as GridFilterModel, { year, search });
      const key = JSON.stringify(query);
      const changed = key !== JSON.stringify(queryRef.current);
      queryRef.current = query;
      if (changed || params.startRow === 0) refreshTotals(query);
      call('payments.page', { query: { ...query, offset: params.startRow, limit: params.endRow - params.startRow } })
        .then((page) => params.successCallback(page.rows, page.total))
        .catch((e: Error) => {
          notify('error', t('errors.loadFailed', { message: e.message }));
          params.failCallback();
        });
    },
  }), [year, search, refreshTotals, notify, t]);

  useEffect(() => {
    apiRef.current?.setGridOption('datasource', datasource);
  }, [datasource]);

  useEffect(() => {
    if (generation > 0) apiRef.current?.refreshInfiniteCache();
  }, [generation]);

  const save = useCallback((params: ValueSetterParams<PaymentRow>, field: PaymentEditField) => {
    const row = params.data;
    if (!row) return false;
    const text = params.newValue === undefined || params.newValue === null ? null : String(params.newValue);
    call('payments.apply', { edits: [{ id: row.id, cells: { [field]: text } }], source: 'keyed' })
      .then((res) => {
        setHistory(res.history);
        const updated = res.rows.find((r) => r.id === row.id);
        if (updated) params.node?.setData(updated);
        refreshTotals(queryRef.current);
      })
      .catch((e: Error) => notify('error', t('errors.saveFailed', { message: e.message })));
    return false;
  }, [notify, refreshTotals, setHistory, t]);

  const columnDefs = useMemo<ColDef<PaymentRow>[]>(() => {
    const col = (field: PaymentEditField, extra: Partial<ColDef<PaymentRow>> = {}): ColDef<PaymentRow> => ({
      colId: field,
      field: field as keyof PaymentRow,
      headerName: t(`grid.${field}`),
      editable: (p) => p.data !== undefined,
      valueSetter: (p) => save(p, field),
      filter: 'agTextColumnFilter',
      ...extra,
    });
    const defs: ColDef<PaymentRow>[] = [
      { colId: 'rowNumber', headerName: t('grid.rowNumber'), valueGetter: (p) => (p.node?.rowIndex ?? 0) + 1, width: 70, sortable: false, filter: false, editable: false, pinned: 'left' },
      col('personName', { width: 100, pinned: 'left' }),
      col('idNumber', {
        width: 180,
        valueFormatter: (p) => idForDisplay(p.value as string | null, showFullIds),
        cellClass: 'mono',
      }),
      col('gender', { width: 70 }),
      col('unitName', { width: 200 }),
      col('programName', { width: 180 }),
      col('recipientKind', { width: 110 }),
      col('category', { width: 100 }),
      col('paidOn', { width: 110, filter: 'agDateColumnFilter' }),
      col('cashFen', { width: 120, type: 'rightAligned', filter: 'agNumberColumnFilter', valueFormatter: (p) => yuan(p.value), cellClass: ['num', 'ag-right-aligned-cell'] }),
      col('goodsFen', { width: 120, type: 'rightAligned', filter: 'agNumberColumnFilter', valueFormatter: (p) => yuan(p.value), cellClass: ['num', 'ag-right-aligned-cell'] }),
      col('goodsDesc', { width: 100 }),
      col('method', { width: 90 }),
      col('status', { width: 80 }),
      col('note', { width: 200 }),
    ];
    return defs.filter((c) => c.colId === 'rowNumber' || EDITABLE.includes(c.colId as PaymentEditField));
  }, [t, save, showFullIds]);

  const onGridReady = useCallback((e: GridReadyEvent<PaymentRow>) => {
    apiRef.current = e.api;
  }, []);

  const years = useMemo(() => {
    const set = new Set<number>(info?.years ?? []);
    set.add(new Date().getFullYear());
    if (year !== null) set.add(year);
    return [...set].sort((a, b) => b - a);
  }, [info, year]);

  return (
    <section className="screen payments">
      <div className="toolbar">
        <label>
          {t('status.year')}
          <select data-testid="year-select" value={year ?? ''} onChange={(e) => setYear(e.target.value === '' ? null : Number(e.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>{y}</option>
            ))}
            <option value="">{t('status.allYears')}</option>
          </select>
        </label>
        <input type="search" placeholder={t('grid.search')} value={search} onChange={(e) => setSearch(e.target.value)} data-testid="grid-search" />
        <label className="check">
          <input type="checkbox" checked={showFullIds} onChange={(e) => setShowFullIds(e.target.checked)} />
          {t('grid.showFullIds')}
        </label>
      </div>
      <div className="grid-host" data-testid="payments-grid">
        <AgGridReact<PaymentRow>
          theme={gridTheme}
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={100}
          maxBlocksInCache={100}
          blockLoadDebounceMillis={20}
          columnDefs={columnDefs}
          defaultColDef={{ sortable: true, resizable: true, suppressHeaderMenuButton: false }}
          getRowId={(p) => String(p.data.id)}
          onGridReady={onGridReady}
          singleClickEdit={false}
          stopEditingWhenCellsLoseFocus
          overlayNoRowsTemplate={t('grid.noRows')}
        />
      </div>
    </section>
  );
}
