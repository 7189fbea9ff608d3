/**
 * The audited tables and their columns, as the service layer writes them.
 * Every audited table has `id INTEGER PRIMARY KEY AUTOINCREMENT`, `created_at`
 * and `updated_at`; the columns below are the rest, each with the value an insert
 * uses when none is given. A test checks this against the migrated schema.
 */
export type ColumnValue = string | number | null;

export const AUDITED_TABLES = {
  units: { name: null, kind: null, parent_id: null, note: null },
  households: {
    file_no: null, address: null, size: null, annual_income_fen: null, hardship_level: null, primary_cause: null,
    cause_2: null, cause_3: null, cause_4: null, file_status: '在档', filed_on: null, status_changed_on: null,
    bank_name: null, bank_account: null, unit_id: null, note: null,
  },
  household_status_history: { household_id: null, status: null, changed_on: null, reason: null },
  people: {
    name: null, gender: null, id_number: null, birth_date: null, phone: null, unit_id: null,
    employment_status: null, household_id: null, relation: null, note: null,
  },
  model_workers: {
    person_id: null, honour_level: null, title: null, year_awarded: null, awarding_body: null, subsidy_kind: null,
    in_hardship: 0, note: null,
  },
  programs: { code: null, name: null, year: null, kind: null, starts_on: null, ends_on: null, note: null },
  program_funds: { program_id: null, source: null, amount_fen: null, received_on: null, note: null },
  program_standards: { program_id: null, recipient_kind: null, cash_fen: 0, goods_fen: 0, goods_desc: null },
  program_rules: {
    program_id: null, kind: null, amount_fen: null, category: null, scope: 'program', other_program_id: null,
    severity: 'error', note: null,
  },
  import_batches: {
    file_name: null, sha256: null, format: null, program_id: null, sheets_json: '[]', mapping_json: '{}',
    counts_json: '{}', row_count: 0, total_fen: 0, accepted_fen: 0, clerk: null, reverted_at: null, reverted_by: null,
  },
  payments: {
    program_id: null, person_id: null, paid_on: null, cash_fen: 0, goods_fen: 0, goods_desc: null,
    recipient_kind: null, category: null, method: '现金', status: '登记', unit_id: null, student_name: null,
    clerk: null, approver: null, approved_at: null, note: null, import_batch_id: null, reverses_id: null,
  },
  code_lists: { list: null, value: null, sort_order: 0, retired_at: null },
  settings: { key: null, value: null },
  year_closings: {
    year: null, closed_by: null, reason: null, reopened_at: null, reopened_by: null, reopen_reason: null, reopen_approver: null,
  },
  import_mappings: { signature: null, headers_json: '[]', mapping_json: '{}' },
  payment_entry_keys: { entry_key: null, payment_id: null },
} as const satisfies Record<string, Record<string, ColumnValue>>;

export type AuditedTable = keyof typeof AUDITED_TABLES;
export type ColumnOf<T extends AuditedTable> = keyof (typeof AUDITED_TABLES)[T] & string;
export type RowValues<T extends AuditedTable> = Partial<Record<ColumnOf<T>, ColumnValue>>;

export function isAuditedTable(name: string): name is AuditedTable {
  return Object.hasOwn(AUDITED_TABLES, name);
}

const COLUMN_CACHE = new Map<AuditedTable, string[]>();

export function columnsOf(table: AuditedTable): string[] {
  let cols = COLUMN_CACHE.get(table);
  if (!cols) {
    cols = Object.keys(AUDITED_TABLES[table]);
    COLUMN_CACHE.set(table, cols);
  }
  return cols;
}

/** All stored columns in order: id, the data columns, created_at, updated_at. */
export function storedColumnsOf(table: AuditedTable): string[] {
  return ['id', ...columnsOf(table), 'created_at', 'updated_at'];
}
