/**
 * Migration 4: the key of an entry-row payment. The grid gives each payment keyed into its entry
 * row a key of its own and sends it with every save of that row until the payment's id is known;
 * the payment made under a key is recorded here, in the same command, so that a save sent again
 * (its answer lost on the way back) changes that payment instead of making a second one. Audited
 * like every other ledger table: undoing the payment's creation removes its key with it.
 * No foreign key: a payment deleted later leaves its key, which then names no payment.
 */
export const name = 'payment_entry_keys';

export const sql = String.raw`
CREATE TABLE payment_entry_keys (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  entry_key TEXT NOT NULL UNIQUE CHECK (length(entry_key) BETWEEN 8 AND 64),
  payment_id INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`;
