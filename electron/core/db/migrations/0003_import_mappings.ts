/**
 * Migration 3: roster import. A corrected column mapping is remembered under
 * the signature of the header it was made for (the normalised header texts by
 * column), so the next file with the same headers maps the same way. Audited
 * like every other ledger table: it is written in the import's command.
 */
export const name = 'import_mappings';

export const sql = String.raw`
CREATE TABLE import_mappings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  signature TEXT NOT NULL UNIQUE CHECK (length(signature) > 0),
  headers_json TEXT NOT NULL DEFAULT '[]',
  mapping_json TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`;
