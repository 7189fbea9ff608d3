/**
 * Migration 7: the error report of an import batch, kept. The rows of a roster the commit held (errors) are
 * sent back to the grassroots union as an .xlsx (import/errorReport.ts); a clerk often commits first and sends
 * them back after, and the import session (the whole file, parsed) ends with the commit. The commit stores
 * what the report needs — the held rows' cells as sent, their reasons, the sheets' title lines and headers —
 * here, gzip'd JSON, one row per batch that held rows: only those rows, never the file (a 100,000-row roster
 * with 200 held rows stores those 200). The report is then saved from the import history at any time.
 *
 * A table of its own, outside the audited tables (like payment_issues): it is an attachment of the batch,
 * written once in the import's command, never changed, and no ledger fact (no payment, no person); an
 * audited column of import_batches would copy it into the audit log as well. A reverted batch keeps it.
 */
export const name = 'import_error_reports';

export const sql = String.raw`
CREATE TABLE import_error_reports (
  batch_id INTEGER PRIMARY KEY REFERENCES import_batches(id) ON DELETE CASCADE,
  rows INTEGER NOT NULL CHECK (rows > 0),
  data BLOB NOT NULL
);
`;
