/**
 * Migration 5: no table changes; the version marks a new form of the audit records of rows inserted
 * together (insert_many, db/auditRecords.ts): a column with one value in every row of a chunk is
 * written once (`same`), and a text column with few different values lists them once (`texts`).
 * Every reader of this version takes both forms; a version-4 app would read the new records wrongly
 * (undo, redo, replay, an import's revert), so it must refuse a ledger that may hold them, as it
 * refuses any ledger of a newer version.
 */
export const name = 'compact_audit_records';

export const sql = String.raw`
-- Audit records of bulk inserts may use the compact form from this version on (see the file's comment).
SELECT 1;
`;
