/**
 * Undo and redo, persistent: the audit records of a command are its exact
 * change set, so undoing applies them backwards and redoing applies them again.
 * Both run as ordinary commands (audited, source undo/redo). The stack is linear:
 * a new change discards what could have been redone, and undo stops at a command
 * that is not undoable (an import commit, a year close), which has its own revert.
 */
import { LedgerError } from './errors.ts';
import type { HistoryState, HistoryStep } from '../../shared/records.ts';

export type { HistoryState, HistoryStep };
import type { Ledger } from './ledger.ts';
import type { StoredRow, Tx } from './db/writer.ts';
import { isAuditedTable, type AuditedTable } from './db/tables.ts';
import { rowsOfMany, type ManyRecord } from './db/auditRecords.ts';

interface CommandRow {
  id: number;
  kind: string;
  label: string;
}

interface AuditRow {
  id: number;
  table_name: string;
  row_id: number;
  op: 'insert' | 'insert_many' | 'update' | 'delete';
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  /** The command's time. */
  at: string;
}



function nextUndo(ledger: Ledger): CommandRow | undefined {
  return ledger
    .stmt(`SELECT id, kind, label FROM commands
      WHERE state = 'done' AND undoable = 1
        AND id > coalesce((SELECT max(id) FROM commands WHERE undoable = 0 AND source NOT IN ('undo', 'redo')), 0)
      ORDER BY id DESC LIMIT 1`)
    .get() as CommandRow | undefined;
}

function nextRedo(ledger: Ledger): CommandRow | undefined {
  return ledger
    .stmt("SELECT id, kind, label FROM commands WHERE state = 'undone' ORDER BY undone_seq DESC LIMIT 1")
    .get() as CommandRow | undefined;
}

export function historyState(ledger: Ledger): HistoryState {
  return { undoLabel: nextUndo(ledger)?.label ?? null, redoLabel: nextRedo(ledger)?.label ?? null };
}

function auditOf(ledger: Ledger, commandId: number, order: 'ASC' | 'DESC'): AuditRow[] {
  return ledger.stmt(`SELECT a.id, a.table_name, a.row_id, a.op, a.field, a.old_value, a.new_value, c.at FROM audit_log a JOIN commands c ON c.id = a.command_id
    WHERE a.command_id = ? ORDER BY a.id ${order}`).all(commandId) as AuditRow[];
}

function tableOf(name: string): AuditedTable {
  if (!isAuditedTable(name)) throw new LedgerError('internal', `审计记录中的未知表：${name}`);
  return name;
}

function parse(value: string | null): unknown {
  return value === null ? undefined : JSON.parse(value);
}

/** Split a full stored record into data columns and its timestamps. */
function restoreArgs(id: number, record: Record<string, unknown>): [Record<string, never>, { id: number; created_at: string; updated_at: string }] {
  const { created_at, updated_at, id: _ignored, ...values } = record;
  return [values as Record<string, never>, { id, created_at: String(created_at), updated_at: String(updated_at) }];
}


function sameValue(current: unknown, recorded: string | null): boolean {
  return JSON.stringify(current ?? null) === (recorded ?? 'null');
}

function conflict(label: string): never {
  throw new LedgerError('conflict', `无法撤销/重做“${label}”：相关记录之后又被修改过。`);
}

function applyBackward(tx: Tx, rows: AuditRow[], label: string, paymentIds: Set<number>): void {
  for (const a of rows) {
    const table = tableOf(a.table_name);
    if (table === 'payments') paymentIds.add(a.row_id);
    switch (a.op) {
      case 'insert':
        if (!tx.get(table, a.row_id)) conflict(label);
        tx.delete(table, a.row_id);
        break;
      case 'insert_many': {
        const many = rowsOfMany(parse(a.new_value) as ManyRecord, a.at);
        for (const r of many.reverse()) {
          if (table === 'payments') paymentIds.add(r.id);
          if (!tx.get(table, r.id)) conflict(label);
          tx.delete(table, r.id);
        }
        break;
      }
      case 'update': {
        const current = tx.get(table, a.row_id) as StoredRow | undefined;
        if (!current || !sameValue(current[a.field!], a.new_value)) conflict(label);
        tx.update(table, a.row_id, { [a.field!]: parse(a.old_value) ?? null } as never);
        break;
      }
      case 'delete': {
        if (tx.get(table, a.row_id)) conflict(label);
        const [values, restore] = restoreArgs(a.row_id, parse(a.old_value) as Record<string, unknown>);
        tx.insert(table, values, restore);
        break;
      }
    }
  }
}

function applyForward(tx: Tx, rows: AuditRow[], label: string, paymentIds: Set<number>): void {
  for (const a of rows) {
    const table = tableOf(a.table_name);
    if (table === 'payments') paymentIds.add(a.row_id);
    switch (a.op) {
      case 'insert': {
        if (tx.get(table, a.row_id)) conflict(label);
        const [values, restore] = restoreArgs(a.row_id, parse(a.new_value) as Record<string, unknown>);
        tx.insert(table, values, restore);
        break;
      }
      case 'insert_many':
        for (const r of rowsOfMany(parse(a.new_value) as ManyRecord, a.at)) {
          if (table === 'payments') paymentIds.add(r.id);
          if (tx.get(table, r.id)) conflict(label);
          const [values, restore] = restoreArgs(r.id, r.record);
          tx.insert(table, values, restore);
        }
        break;
      case 'update': {
        const current = tx.get(table, a.row_id) as StoredRow | undefined;
        if (!current || !sameValue(current[a.field!], a.old_value)) conflict(label);
        tx.update(table, a.row_id, { [a.field!]: parse(a.new_value) ?? null } as never);
        break;
      }
      case 'delete':
        if (!tx.get(table, a.row_id)) conflict(label);
        tx.delete(table, a.row_id);
        break;
    }
  }
}

/** A closed year refuses the whole step (the transaction rolls back): say which step. */
function refusedStep(err: unknown, what: '撤销' | '重做', label: string): unknown {
  if (err instanceof LedgerError && err.code === 'locked_year') {
    return new LedgerError('locked_year', `无法${what}“${label}”：${err.message}`, err.details);
  }
  return err;
}

export function undo(ledger: Ledger, actor?: string | null): HistoryStep {
  const target = nextUndo(ledger);
  if (!target) throw new LedgerError('nothing_to_undo', '没有可以撤销的操作');
  const paymentIds = new Set<number>();
  try {
    ledger.run({ kind: 'history.undo', label: `撤销：${target.label}`, source: 'undo', actor, targetId: target.id }, (tx) => {
      // Re-check inside the transaction: another window or the CLI may have acted meanwhile.
      const again = nextUndo(ledger);
      if (!again || again.id !== target.id) conflict(target.label);
      applyBackward(tx, auditOf(ledger, target.id, 'DESC'), target.label, paymentIds);
      const seq = (ledger.stmt('SELECT coalesce(max(undone_seq), 0) + 1 AS s FROM commands').get() as { s: number }).s;
      ledger.stmt("UPDATE commands SET state = 'undone', undone_seq = ? WHERE id = ?").run(seq, target.id);
    });
  } catch (err) {
    throw refusedStep(err, '撤销', target.label);
  }
  return { commandId: target.id, label: target.label, kind: target.kind, paymentIds: [...paymentIds] };
}

export function redo(ledger: Ledger, actor?: string | null): HistoryStep {
  const target = nextRedo(ledger);
  if (!target) throw new LedgerError('nothing_to_redo', '没有可以重做的操作');
  const paymentIds = new Set<number>();
  try {
    ledger.run({ kind: 'history.redo', label: `重做：${target.label}`, source: 'redo', actor, targetId: target.id }, (tx) => {
      const again = nextRedo(ledger);
      if (!again || again.id !== target.id) conflict(target.label);
      applyForward(tx, auditOf(ledger, target.id, 'ASC'), target.label, paymentIds);
      ledger.stmt("UPDATE commands SET state = 'done', undone_seq = NULL WHERE id = ?").run(target.id);
    });
  } catch (err) {
    throw refusedStep(err, '重做', target.label);
  }
  return { commandId: target.id, label: target.label, kind: target.kind, paymentIds: [...paymentIds] };
}
