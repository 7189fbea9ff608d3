/**
 * Migration 2: year close (年度结账). A closed year's payments are locked by
 * SQLite itself: triggers on payments refuse any insert, update or delete of a
 * payment whose year (from paid_on, of the old and of the new row) is closed, so
 * that no code path — service, undo, import revert or a stray UPDATE — can
 * change a year whose forms have been filed. A closing is reopened (反结账) by
 * stamping it with the reason, the approver and when; closings are never
 * deleted, so the table is the history of every close and reopen.
 * Frozen once shipped: never edit, add a new migration instead.
 */
export const name = 'year_close';

export const sql = String.raw`
CREATE TABLE year_closings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2199),
  closed_by TEXT NOT NULL CHECK (length(closed_by) > 0),
  reason TEXT,
  reopened_at TEXT,
  reopened_by TEXT,
  reopen_reason TEXT,
  reopen_approver TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (reopened_at IS NULL OR (coalesce(length(reopen_reason), 0) > 0 AND coalesce(length(reopen_approver), 0) > 0))
);
-- At most one open (not reopened) closing per year; the triggers below look it up by year.
CREATE UNIQUE INDEX year_closings_closed ON year_closings(year) WHERE reopened_at IS NULL;

-- A closing is history: never deleted, and only its reopen fields may be filled in, once.
CREATE TRIGGER year_closings_no_delete BEFORE DELETE ON year_closings
BEGIN SELECT RAISE(ABORT, '结账记录不能删除；如需修改已结账年度，请办理反结账'); END;
CREATE TRIGGER year_closings_history_only BEFORE UPDATE ON year_closings
WHEN NEW.year IS NOT OLD.year OR NEW.closed_by IS NOT OLD.closed_by OR NEW.reason IS NOT OLD.reason
  OR NEW.created_at IS NOT OLD.created_at
  OR (OLD.reopened_at IS NOT NULL AND (NEW.reopened_at IS NOT OLD.reopened_at OR NEW.reopened_by IS NOT OLD.reopened_by
      OR NEW.reopen_reason IS NOT OLD.reopen_reason OR NEW.reopen_approver IS NOT OLD.reopen_approver))
BEGIN SELECT RAISE(ABORT, '结账记录只能追加反结账信息，不能改动'); END;

-- The lock itself. The year of a payment is the first four characters of paid_on (CHECKed to be a date).
CREATE TRIGGER payments_closed_year_insert BEFORE INSERT ON payments
WHEN EXISTS (SELECT 1 FROM year_closings WHERE year = CAST(substr(NEW.paid_on, 1, 4) AS INTEGER) AND reopened_at IS NULL)
BEGIN SELECT RAISE(ABORT, substr(NEW.paid_on, 1, 4) || '年度已结账，不能新增该年度的发放记录'); END;

CREATE TRIGGER payments_closed_year_update BEFORE UPDATE ON payments
WHEN EXISTS (SELECT 1 FROM year_closings WHERE year = CAST(substr(OLD.paid_on, 1, 4) AS INTEGER) AND reopened_at IS NULL)
BEGIN SELECT RAISE(ABORT, substr(OLD.paid_on, 1, 4) || '年度已结账，不能修改该年度的发放记录'); END;

CREATE TRIGGER payments_closed_year_move BEFORE UPDATE OF paid_on ON payments
WHEN EXISTS (SELECT 1 FROM year_closings WHERE year = CAST(substr(NEW.paid_on, 1, 4) AS INTEGER) AND reopened_at IS NULL)
BEGIN SELECT RAISE(ABORT, substr(NEW.paid_on, 1, 4) || '年度已结账，不能把发放记录改到该年度'); END;

CREATE TRIGGER payments_closed_year_delete BEFORE DELETE ON payments
WHEN EXISTS (SELECT 1 FROM year_closings WHERE year = CAST(substr(OLD.paid_on, 1, 4) AS INTEGER) AND reopened_at IS NULL)
BEGIN SELECT RAISE(ABORT, substr(OLD.paid_on, 1, 4) || '年度已结账，不能删除该年度的发放记录'); END;
`;
