/** Test helpers: real ledger files in a temp folder, and table dumps for comparisons. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ledger, type OpenLedgerOptions } from '../../electron/core/ledger.ts';
import { AUDITED_TABLES } from '../../electron/core/db/tables.ts';
import { createProgram } from '../../electron/core/services/programs.ts';

export function tempDir(prefix = 'relief-ledger-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function tempLedger(options: OpenLedgerOptions = {}): Ledger {
  return Ledger.open(path.join(tempDir(), 'ledger.db'), { actor: '测试会计', ...options });
}

/** Every audited table, rows in id order, as JSON text: equal dumps mean equal ledgers. */
export function dumpTables(ledger: Ledger): Record<string, string> {
  const out: Record<string, string> = {};
  for (const table of Object.keys(AUDITED_TABLES)) {
    out[table] = JSON.stringify(ledger.db.prepare(`SELECT * FROM ${table} ORDER BY id`).raw().all());
  }
  out.payment_issues = JSON.stringify(ledger.db.prepare('SELECT payment_id, code, severity, field, message FROM payment_issues ORDER BY payment_id, code, message').raw().all());
  return out;
}

/** Table dumps without timestamps (undo restores values; updated_at records when). */
export function dumpValues(ledger: Ledger): Record<string, string> {
  const out: Record<string, string> = {};
  for (const table of Object.keys(AUDITED_TABLES)) {
    const rows = ledger.db.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Record<string, unknown>[];
    out[table] = JSON.stringify(rows.map(({ created_at: _c, updated_at: _u, ...rest }) => rest));
  }
  out.payment_issues = JSON.stringify(ledger.db.prepare('SELECT payment_id, code, severity, field, message FROM payment_issues ORDER BY payment_id, code, message').raw().all());
  return out;
}

/** A closed ledger file with one 2017 program (2017-YL 2017年医疗救助, no rules) and nothing else: the app opens it. */
export function ledgerFileWithProgram(): string {
  const file = path.join(tempDir(), '台账.db');
  const ledger = Ledger.open(file, { actor: '准备' });
  ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) => {
    createProgram(tx, { code: '2017-YL', name: '2017年医疗救助', year: 2017, kind: '医疗救助', rules: [] });
  });
  ledger.close();
  return file;
}
