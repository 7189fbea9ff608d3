/**
 * Migration 6: which version of the rules the stored findings (payment_issues) were computed with.
 * The findings are derived data, recomputed by every write for the payments it can affect; when a
 * new version of the app evaluates payments differently (shared/domain/rules.ts, RULES_VERSION),
 * payments stored before keep their old findings until they are written again. This row says whether
 * the findings are current, and how far the pass that brings them up to date in short chunks has come
 * (electron/core/findingsRefresh.ts), so that a pass cut short by closing the app resumes.
 *
 * A table of its own, not a row in `settings` (audited office settings: every write there is a command,
 * the check replays and compares it, and undo would reach it) nor in `ui_prefs` (per-user view state):
 * like payment_issues it is derived state, outside the audit log and the history.
 *
 * One row. rules_version 0: unknown (a ledger from before this migration): stale. A new ledger records
 * the current version when it is created (Ledger.open). pass_version: the version a pass is bringing the
 * findings to; pass_person_id and pass_payment_id: the people (by id) and the payments without a person
 * (by id) done so far; NULL when no pass is under way.
 */
export const name = 'findings_state';

export const sql = String.raw`
CREATE TABLE findings_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  rules_version INTEGER NOT NULL,
  pass_version INTEGER,
  pass_person_id INTEGER,
  pass_payment_id INTEGER
);
INSERT INTO findings_state (id, rules_version) VALUES (1, 0);
`;
