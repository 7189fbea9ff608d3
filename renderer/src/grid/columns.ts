/** Column definitions of the payments grid: editors, formats, validation marks, totals row. */
import type { ColDef, EditableCallbackParams, ICellRendererParams, ValueFormatterParams, ValueGetterParams, ValueSetterParams } from 'ag-grid-community';
import type { TFunction } from 'i18next';
import { LOCKED_PAYMENT_STATUSES, PAYMENT_STATUSES, readGender, readPaymentMethod } from '../../../shared/domain/codes.ts';
import type { PaymentEditField } from '../../../shared/payments.ts';
import { idForDisplay, yuan, yuanForEditing } from '../format.ts';
import type { TextEditorParams } from './TextEditor.tsx';
import { issueMarks, issueTooltip } from './issueMarks.ts';
import { isChoosingInLookup, PersonEditor } from './PersonEditor.tsx';
import { reactEditor } from './VanillaGrid.tsx';
import { ChoiceEditor, type ChoiceEditorParams } from './ChoiceEditor.tsx';
import { choiceKey } from './choiceMatch.ts';
import { issuesForColumn, worstSeverity, type GridRow } from './rows.ts';

/** A column filter takes one condition: the core's query has one test per column (no 和/或 of two). */
const ONE_CONDITION = { maxNumConditions: 1 };

/** What a save needs of AG Grid's value-setter parameters (the screen's Enter hands over the same). */
export type CellSave = Pick<ValueSetterParams<GridRow>, 'data' | 'node' | 'column' | 'newValue' | 'oldValue'>;

export interface ColumnContext {
  t: TFunction;
  showFullIds: boolean;
  /** Read when a dropdown opens (the lists arrive after the grid is built; columns are not rebuilt for them). */
  programNames: () => string[];
  /** The programs' codes, by the index of their names (项目 is found by either). */
  programCodes?: () => string[];
  recipientKinds: () => string[];
  /** Called by every editable column's valueSetter; returns false (the row is updated when the core answers). */
  save: (params: CellSave, field: PaymentEditField) => boolean;
  /**
   * What the clerk typed into this cell when its save failed (the ledger was not reached), while it
   * is not stored: the cell shows it, marked, and editing starts from it (so Enter can send it again).
   */
  unsaved: (row: GridRow | undefined, field: PaymentEditField) => string | undefined;
  /**
   * What the clerk typed into this cell while its save is on its way (after Enter has ended the edit, a
   * slow save): the cell shows it, greyed, not the old stored value. Optional (the people grid has none).
   */
  pending?: (row: GridRow | undefined, field: PaymentEditField) => string | undefined;
}

/** The person lookup as the payments grid's editor (the grid is made with createGrid: VanillaGrid.tsx). */
const PersonCellEditor = reactEditor(PersonEditor);
/** The dropdowns: the code list's choices under the cell, filtered by what is typed (ChoiceEditor.tsx). */
export const ChoiceCellEditor = reactEditor(ChoiceEditor);

/**
 * A dropdown column: its choices (read when it opens: `keys`, the other text each is found by, too), the list under the
 * cell, the arrows kept for it; `reads`, what the ledger reads a text none of them contains as.
 */
function choices(values: () => readonly string[], more: { keys?: () => readonly string[]; reads?: (text: string) => string | null } = {}): Partial<ColDef<GridRow>> {
  return {
    cellEditor: ChoiceCellEditor,
    cellEditorPopup: true,
    cellEditorPopupPosition: 'under',
    cellEditorParams: (): ChoiceEditorParams => ({ values: [...values()], dropdown: true, ...(more.keys ? { keys: [...more.keys()] } : {}), ...(more.reads ? { reads: more.reads } : {}) }),
    suppressKeyboardEvent: (p) => p.editing && (p.event.key === 'ArrowDown' || p.event.key === 'ArrowUp'),
  };
}

/** Columns that hold ledger data, in their default visible order (the paste order). */
export const EDIT_COLUMNS: readonly PaymentEditField[] = [
  'personName', 'idNumber', 'gender', 'unitName', 'programName', 'recipientKind', 'category', 'paidOn', 'cashFen', 'goodsFen',
  'goodsDesc', 'method', 'status', 'studentName', 'note',
];

/** Years closed by 年度结账: their rows are read-only (SQLite refuses the writes anyway). */
let closedYears: ReadonlySet<number> = new Set();

export function setClosedYears(years: readonly number[]): void {
  closedYears = new Set(years);
}

export function inClosedYear(row: GridRow | undefined): boolean {
  return !!row && row.kind === undefined && closedYears.has(Number(row.paidOn.slice(0, 4)));
}

/** Paid or signed rows change only by a reversal; rows of a closed year not at all. */
export function isLocked(row: GridRow | undefined): boolean {
  return !!row && row.kind === undefined && ((LOCKED_PAYMENT_STATUSES as readonly string[]).includes(row.status) || inClosedYear(row));
}

/** Whether this cell of a row can be changed: a paid or signed row's 备注 and 状态 only, a closed year's nothing. */
export function cellEditable(row: GridRow | undefined, colId: string): boolean {
  if (!row || row.kind === 'totals') return false;
  if (inClosedYear(row)) return false;
  if (isLocked(row)) return colId === 'note' || colId === 'status';
  return true;
}

function editable(p: EditableCallbackParams<GridRow>): boolean {
  return cellEditable(p.data, p.colDef.colId ?? '');
}

function tooltip(colId: string, t: TFunction) {
  return issueTooltip(colId, issuesForColumn, t);
}

function marks(colId: string) {
  return issueMarks(colId, issuesForColumn);
}

function totalsText(p: ValueFormatterParams<GridRow>, fallback: (p: ValueFormatterParams<GridRow>) => string): string {
  return p.data?.kind === 'totals' ? '' : fallback(p);
}

export function buildColumns(ctx: ColumnContext): ColDef<GridRow>[] {
  const { t } = ctx;
  const col = (field: PaymentEditField, extra: Partial<ColDef<GridRow>> = {}): ColDef<GridRow> => {
    const def: ColDef<GridRow> = {
      colId: field,
      field: field as keyof GridRow,
      headerName: t(`grid.${field}`),
      editable,
      valueSetter: (p) => ctx.save(p, field),
      filter: 'agTextColumnFilter', filterParams: ONE_CONDITION,
      tooltipValueGetter: tooltip(field, t),
      cellClassRules: marks(field),
      ...extra,
    };
    // A cell whose save failed shows what was typed (not the stored value), marked, with why.
    const format = def.valueFormatter as ((p: ValueFormatterParams<GridRow>) => string) | undefined;
    const tip = def.tooltipValueGetter!;
    const typedIn = (row: GridRow | undefined) => ctx.unsaved(row, field) ?? ctx.pending?.(row, field);
    return {
      ...def,
      valueGetter: (p) => typedIn(p.data) ?? (p.data as unknown as Record<string, unknown> | undefined)?.[field],
      valueFormatter: (p) => {
        const typed = typedIn(p.data);
        if (typed !== undefined) return typed;
        return format ? format(p) : p.value === null || p.value === undefined ? '' : String(p.value);
      },
      cellClassRules: {
        ...def.cellClassRules,
        'cell-unsaved': (p) => ctx.unsaved(p.data, field) !== undefined,
        'cell-saving': (p) => ctx.unsaved(p.data, field) === undefined && ctx.pending?.(p.data, field) !== undefined,
      },
      tooltipValueGetter: (p) => {
        const typed = ctx.unsaved(p.data as GridRow | undefined, field);
        const issues = tip(p);
        return typed === undefined ? issues : [t('grid.unsavedCell', { text: typed }), issues].filter(Boolean).join('\n');
      },
    };
  };
  const money = (field: 'cashFen' | 'goodsFen'): ColDef<GridRow> => {
    const def = col(field, {
      initialWidth: 118,
      type: 'rightAligned',
      filter: 'agNumberColumnFilter', filterParams: ONE_CONDITION,
      valueFormatter: (p) => (p.data?.kind === 'entry' && p.data.id === 0 ? '' : yuan(p.value)),
      cellClass: ['num', 'ag-right-aligned-cell'],
      // F2 edits the amount in yuan as the cell shows it (300.00 → 300), not the fen it is stored in (30000, saved as 30,000 元).
      cellEditorParams: { editText: yuanForEditing } satisfies TextEditorParams,
    });
    const shown = def.valueGetter as (p: ValueGetterParams<GridRow>) => unknown;
    // A blank entry row has no amount (its 0 is no payment's): F2 there opens an empty editor, and Enter
    // on it is no edit (an editor opened on "0" sent 0 and made a payment of nothing).
    return { ...def, valueGetter: (p) => (p.data?.kind === 'entry' && p.data.id === 0 && ctx.unsaved(p.data, field) === undefined ? null : shown(p)) };
  };
  return [
    {
      colId: 'rowNumber', headerName: t('grid.rowNumber'), initialWidth: 64, initialPinned: 'left', sortable: false, filter: false, editable: false,
      suppressMovable: true, lockPosition: 'left',
      valueGetter: (p) => (p.data?.kind === 'entry' ? '＋' : p.data?.kind === 'totals' ? t('grid.totalsRow') : (p.node?.rowIndex ?? 0) + 1),
      cellClass: 'row-number',
    },
    {
      colId: 'issues', headerName: t('grid.issues'), initialWidth: 60, initialPinned: 'left', sortable: false, editable: false, suppressMovable: true, lockPosition: 'left',
      filter: false,
      valueGetter: (p) => worstSeverity(p.data?.issues ?? []),
      cellRenderer: (p: ICellRendererParams<GridRow>) => {
        const sev = worstSeverity(p.data?.issues ?? []);
        if (!sev) return '';
        return sev === 'error' ? `● ${p.data!.issues.length}` : `▲ ${p.data!.issues.length}`;
      },
      cellClassRules: { 'issue-error': (p) => worstSeverity(p.data?.issues ?? []) === 'error', 'issue-warn': (p) => worstSeverity(p.data?.issues ?? []) === 'warn' },
      tooltipValueGetter: tooltip('issues', t),
    },
    col('personName', {
      initialWidth: 96, initialPinned: 'left',
      cellEditor: PersonCellEditor, cellEditorPopup: true, cellEditorPopupPosition: 'under',
      // Arrows move in the lookup list; Enter on a person chosen there is the editor's own (it takes
      // the person and moves to the next cell, so the clerk goes on keying the same payment).
      suppressKeyboardEvent: (p) => p.editing && (p.event.key === 'ArrowDown' || p.event.key === 'ArrowUp' || (p.event.key === 'Enter' && isChoosingInLookup(p.event))),
      // 合计 is said once, under 序号 (the first column, always there).
      valueFormatter: (p) => (p.data?.kind === 'totals' ? '' : String(p.value ?? '')),
    }),
    col('idNumber', {
      initialWidth: 172, cellClass: 'mono',
      valueFormatter: (p) => (p.data?.kind === 'totals' && p.data.totals
        ? t('grid.totalsPeople', { people: p.data.totals.people, times: p.data.totals.personTimes })
        : idForDisplay(p.value as string | null, ctx.showFullIds)),
    }),
    col('gender', { initialWidth: 64, ...choices(() => ['男', '女'], { reads: readGender }) }),
    col('unitName', { initialWidth: 190 }),
    col('programName', { initialWidth: 180, ...choices(ctx.programNames, ctx.programCodes ? { keys: ctx.programCodes } : {}) }),
    col('recipientKind', { initialWidth: 110, ...choices(ctx.recipientKinds) }),
    col('category', { initialWidth: 100 }),
    col('paidOn', { initialWidth: 108, filter: 'agDateColumnFilter', filterParams: ONE_CONDITION, valueFormatter: (p) => totalsText(p, (x) => String(x.value ?? '')) }),
    money('cashFen'),
    money('goodsFen'),
    col('goodsDesc', { initialWidth: 104 }),
    col('method', { initialWidth: 90, ...choices(() => ['现金', '银行转账'], { reads: (text) => readPaymentMethod(choiceKey(text)) }) }),
    col('status', { initialWidth: 80, ...choices(() => PAYMENT_STATUSES) }),
    col('studentName', { initialWidth: 90 }),
    col('note', { initialWidth: 200 }),
    {
      colId: 'totalFen', headerName: t('grid.totalFen'), initialWidth: 120, type: 'rightAligned', editable: false, filter: 'agNumberColumnFilter', filterParams: ONE_CONDITION,
      valueGetter: (p) => (p.data ? p.data.cashFen + p.data.goodsFen : null),
      valueFormatter: (p) => (p.data?.kind === 'entry' && p.data.id === 0 ? '' : yuan(p.value)),
      cellClass: ['num', 'ag-right-aligned-cell'],
    },
  ];
}
