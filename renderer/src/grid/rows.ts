/** Rows the payments grid shows: ledger rows, the entry row and the totals row (both pinned at the bottom). */
import type { PaymentEditField, PaymentIssueView, PaymentRow, PaymentTotals } from '../../../shared/payments.ts';

/**
 * The payment an entry row is keying: its id once the first cell's save has created it. Every
 * version of one entry row shares the slot, so a cell's save finds its own payment whenever it
 * runs, even after the row was finished and a new entry row started.
 */
export interface EntrySlot {
  id: number;
  /**
   * Sent with the entry's saves while its payment's id is not known (entryKey): the core records the
   * payment it makes under it, so a save sent again after an answer was lost changes that payment
   * instead of making a second one.
   */
  key: string;
  /** A cell of this entry was committed (its save may still be on the way): the entry can be finished. */
  touched: boolean;
  /** Saves of this entry sent and not yet answered. */
  saving?: number;
  /** What was typed into cells whose save is on its way (shown greyed, and what an editor opened there starts from). */
  pending?: Partial<Record<PaymentEditField, string>>;
  /** Cells of this entry typed but not stored (their save failed) before its payment existed. */
  unsaved?: Partial<Record<PaymentEditField, string>>;
  /** The person chosen in the unsaved 姓名 cell (unsaved.personName is the name shown). */
  unsavedPersonId?: number;
  /** The notice that named this entry as not stored while another was keyed (taken down once it is stored). */
  waitNotice?: string;
  /**
   * The notices of saves of this entry the ledger refused (an ID not yet registered, 性别 before the name): taken down
   * once it is stored (each one: a second refusal's notice left the first up for good; helper 63).
   */
  refusalNotices?: RefusalNotice[];
}

/** A refused save's notice on the entry row, and the cells it is about (it goes once none of them is marked). */
export interface RefusalNotice {
  text: string;
  fields: PaymentEditField[];
}

export type GridRow = PaymentRow & { kind?: 'entry' | 'totals'; totals?: PaymentTotals; entry?: EntrySlot };

/** A new entry's key: 32 random hex digits (the contract takes 8 to 64 letters, digits and dashes). */
function newEntryKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `e-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** A blank entry row: typing in it creates a payment. */
export function entryRow(): GridRow {
  return {
    kind: 'entry', entry: { id: 0, touched: false, key: newEntryKey() }, id: 0, programId: null, programCode: null, programName: null, programKind: null, personId: null,
    personName: null, idNumber: null, gender: null, unitId: null, unitName: null, paidOn: '', cashFen: 0, goodsFen: 0,
    goodsDesc: null, recipientKind: null, category: null, method: '', status: '', studentName: null, clerk: null,
    approver: null, note: null, importBatchId: null, reversesId: null, issues: [],
  };
}

export function totalsRow(totals: PaymentTotals | null): GridRow {
  const { entry: _entry, ...blank } = entryRow();
  return { ...blank, kind: 'totals', totals: totals ?? undefined, cashFen: totals?.cashFen ?? 0, goodsFen: totals?.goodsFen ?? 0 };
}

/** The grid column an issue belongs to. */
export const ISSUE_COLUMN: Record<string, PaymentEditField | 'issues'> = {
  person: 'personName',
  idNumber: 'idNumber',
  gender: 'gender',
  program: 'programName',
  cashFen: 'cashFen',
  goodsFen: 'goodsFen',
  paidOn: 'paidOn',
  method: 'method',
  status: 'status',
  recipientKind: 'recipientKind',
  row: 'issues',
};

/** A pasted cell the core could not read and left out (the grid's own mark; its field is the column). */
export const PASTE_NOT_TAKEN = 'paste_not_taken';

export function issuesForColumn(row: GridRow | undefined, colId: string): PaymentIssueView[] {
  if (!row?.issues?.length) return [];
  if (colId === 'issues') return row.issues;
  return row.issues.filter((i) => (i.code === PASTE_NOT_TAKEN ? i.field : ISSUE_COLUMN[i.field]) === colId);
}

/** The row's own finding that a pasted cell of this column was not read (kept in 备注 until the cell is entered). */
export function hasUnreadPaste(row: GridRow | undefined, colId: string): boolean {
  return !!row?.issues?.some((i) => i.code === 'pasted_unread' && ISSUE_COLUMN[i.field] === colId);
}

export function worstSeverity(issues: readonly PaymentIssueView[]): 'error' | 'warn' | null {
  if (issues.some((i) => i.severity === 'error')) return 'error';
  return issues.length ? 'warn' : null;
}
