/**
 * Audit replay: rebuild every audited table from an empty ledger by applying the
 * audit log in order, then compare with the live tables. Equal tables prove that
 * the audit log is complete (no write escaped it) and that Σ money in the ledger
 * is exactly what the audit says.
 */
import type { Statement } from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rowsOfMany, type ManyRecord } from './db/auditRecords.ts';
import { openDatabase } from './db/open.ts';
import { AUDITED_TABLES, storedColumnsOf, type AuditedTable } from './db/tables.ts';
import type { Ledger } from './ledger.ts';

export interface ReplayReport {
  ok: boolean;
  auditRows: number;
  tables: { table: string; rows: number; matches: boolean }[];
  differences: string[];
  /** Σ cash and goods of payments in the live ledger and as rebuilt from the audit. */
  money: { ledgerCashFen: number; ledgerGoodsFen: number; auditCashFen: number; auditGoodsFen: number };
}

interface AuditJoin {
  table_name: AuditedTable;
  row_id: number;
  op: 'insert' | 'insert_many' | 'update' | 'delete';
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  at: string;
}

export function replayAudit(ledger: Ledger): ReplayReport {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relief-ledger-replay-'));
  const file = path.join(dir, 'replay.db');
  const { db: target } = openDatabase(file, { backupDir: dir });
  try {
    target.pragma('synchronous = OFF');
    target.pragma('foreign_keys = OFF');
    const inserts = new Map<string, Statement<unknown[]>>();
    const insertFor = (table: AuditedTable) => {
      let st = inserts.get(table);
      if (!st) {
        const cols = storedColumnsOf(table);
        st = target.prepare<unknown[]>(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
        inserts.set(table, st);
      }
      return st;
    };
    const insertRecord = (table: AuditedTable, id: number, record: Record<string, unknown>) => {
      const cols = storedColumnsOf(table);
      insertFor(table).run(...cols.map((c) => (c === 'id' ? id : (record[c] ?? null))));
    };
    let auditRows = 0;
    const source = ledger.db.prepare(`SELECT a.table_name, a.row_id, a.op, a.field, a.old_value, a.new_value, c.at
      FROM audit_log a JOIN commands c ON c.id = a.command_id ORDER BY a.id`);
    const apply = target.transaction(() => {
      for (const a of source.iterate() as IterableIterator<AuditJoin>) {
        auditRows++;
        switch (a.op) {
          case 'insert':
            insertRecord(a.table_name, a.row_id, JSON.parse(a.new_value!));
            break;
          case 'insert_many': {
            // Every form of the record (auditRecords.ts): its rows' timestamps the command's time unless it lists them.
            for (const r of rowsOfMany(JSON.parse(a.new_value!) as ManyRecord, a.at)) insertRecord(a.table_name, r.id, r.record);
            break;
          }
          case 'update':
            if (!Object.hasOwn(AUDITED_TABLES[a.table_name], a.field!)) throw new Error(`审计记录中的未知列 ${a.table_name}.${a.field}`);
            target.prepare(`UPDATE ${a.table_name} SET ${a.field} = ?, updated_at = ? WHERE id = ?`).run(
              a.new_value === null ? null : (JSON.parse(a.new_value) as never),
              a.at,
              a.row_id,
            );
            break;
          case 'delete':
            target.prepare(`DELETE FROM ${a.table_name} WHERE id = ?`).run(a.row_id);
            break;
        }
      }
    });
    apply();

    const differences: string[] = [];
    const tables: ReplayReport['tables'] = [];
    for (const table of Object.keys(AUDITED_TABLES) as AuditedTable[]) {
      const cols = storedColumnsOf(table).join(', ');
      const live = ledger.db.prepare(`SELECT ${cols} FROM ${table} ORDER BY id`).raw().iterate() as IterableIterator<unknown[]>;
      const rebuilt = target.prepare(`SELECT ${cols} FROM ${table} ORDER BY id`).raw().iterate() as IterableIterator<unknown[]>;
      let rows = 0;
      let matches = true;
      for (;;) {
        const a = live.next();
        const b = rebuilt.next();
        if (a.done && b.done) break;
        rows++;
        const ja = a.done ? 'missing' : JSON.stringify(a.value);
        const jb = b.done ? 'missing' : JSON.stringify(b.value);
        if (ja !== jb) {
          matches = false;
          if (differences.length < 20) differences.push(`${table}: 台账 ${ja} ≠ 审计重放 ${jb}`);
          if (a.done || b.done) {
            live.return?.();
            rebuilt.return?.();
            break;
          }
        }
      }
      tables.push({ table, rows, matches });
    }
    const sums = (d: typeof target) => d.prepare('SELECT coalesce(sum(cash_fen), 0) AS c, coalesce(sum(goods_fen), 0) AS g FROM payments').get() as { c: number; g: number };
    const l = sums(ledger.db);
    const r = sums(target);
    return {
      ok: differences.length === 0 && l.c === r.c && l.g === r.g,
      auditRows,
      tables,
      differences,
      money: { ledgerCashFen: l.c, ledgerGoodsFen: l.g, auditCashFen: r.c, auditGoodsFen: r.g },
    };
  } finally {
    target.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
