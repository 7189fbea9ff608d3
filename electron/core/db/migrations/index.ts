/**
 * The ordered, append-only list of schema migrations. The schema version of a
 * ledger is the number of migrations applied to it (PRAGMA user_version).
 * To change the schema: add NNNN_name.ts with the next number, append it here,
 * and add its test in tests/core/migrations.test.ts. Never edit a shipped one.
 */
import { createHash } from 'node:crypto';
import * as m0001 from './0001_initial.ts';
import * as m0002 from './0002_year_close.ts';
import * as m0003 from './0003_import_mappings.ts';
import * as m0004 from './0004_payment_entry_keys.ts';
import * as m0005 from './0005_compact_audit_records.ts';
import * as m0006 from './0006_findings_state.ts';
import * as m0007 from './0007_import_error_reports.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: m0001.name, sql: m0001.sql },
  { version: 2, name: m0002.name, sql: m0002.sql },
  { version: 3, name: m0003.name, sql: m0003.sql },
  { version: 4, name: m0004.name, sql: m0004.sql },
  { version: 5, name: m0005.name, sql: m0005.sql },
  { version: 6, name: m0006.name, sql: m0006.sql },
  { version: 7, name: m0007.name, sql: m0007.sql },
];

export const LATEST_VERSION = MIGRATIONS.length;

export function migrationChecksum(m: Migration): string {
  return createHash('sha256').update(m.sql).digest('hex');
}
