/**
 * Migration 1: the whole first schema. Frozen: never edit a migration that has
 * shipped; add a new numbered file instead (the ledger records a checksum of
 * each applied migration and refuses to open when they disagree).
 */
export const name = 'initial';

export const sql = String.raw`
CREATE TABLE units (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL CHECK (length(name) > 0),
  kind TEXT,
  parent_id INTEGER REFERENCES units(id),
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX units_name_parent ON units(name, ifnull(parent_id, 0));
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE households (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  file_no TEXT UNIQUE,
  address TEXT,
  size INTEGER CHECK (size IS NULL OR size >= 0),
  annual_income_fen INTEGER CHECK (annual_income_fen IS NULL OR typeof(annual_income_fen) = 'integer'),
  hardship_level TEXT,
  primary_cause TEXT,
  cause_2 TEXT,
  cause_3 TEXT,
  cause_4 TEXT,
  file_status TEXT NOT NULL DEFAULT '在档' CHECK (file_status IN ('在档', '脱困', '注销')),
  filed_on TEXT,
  status_changed_on TEXT,
  bank_name TEXT,
  bank_account TEXT,
  unit_id INTEGER REFERENCES units(id),
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX households_status ON households(file_status);
CREATE INDEX households_unit ON households(unit_id);
CREATE INDEX households_updated ON households(updated_at);

CREATE TABLE household_status_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  household_id INTEGER NOT NULL REFERENCES households(id),
  status TEXT NOT NULL CHECK (status IN ('在档', '脱困', '注销')),
  changed_on TEXT NOT NULL,
  reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX household_status_history_household ON household_status_history(household_id);

CREATE TABLE people (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL CHECK (length(name) > 0),
  gender TEXT CHECK (gender IN ('男', '女')),
  id_number TEXT,
  birth_date TEXT,
  phone TEXT,
  unit_id INTEGER REFERENCES units(id),
  employment_status TEXT,
  household_id INTEGER REFERENCES households(id),
  relation TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX people_id_number ON people(id_number) WHERE id_number IS NOT NULL;
CREATE INDEX people_name ON people(name);
CREATE INDEX people_household ON people(household_id);
CREATE INDEX people_unit ON people(unit_id);

CREATE TABLE model_workers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  person_id INTEGER NOT NULL REFERENCES people(id),
  honour_level TEXT NOT NULL,
  title TEXT NOT NULL,
  year_awarded INTEGER,
  awarding_body TEXT,
  subsidy_kind TEXT CHECK (subsidy_kind IS NULL OR subsidy_kind IN ('两金', '三金')),
  in_hardship INTEGER NOT NULL DEFAULT 0 CHECK (in_hardship IN (0, 1)),
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX model_workers_person ON model_workers(person_id);
CREATE INDEX model_workers_level ON model_workers(honour_level);

CREATE TABLE programs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
  name TEXT NOT NULL CHECK (length(name) > 0),
  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2199),
  kind TEXT NOT NULL,
  starts_on TEXT,
  ends_on TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX programs_year ON programs(year);

CREATE TABLE program_funds (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  program_id INTEGER NOT NULL REFERENCES programs(id),
  source TEXT NOT NULL,
  amount_fen INTEGER NOT NULL CHECK (typeof(amount_fen) = 'integer'),
  received_on TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX program_funds_program ON program_funds(program_id);

CREATE TABLE program_standards (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  program_id INTEGER NOT NULL REFERENCES programs(id),
  recipient_kind TEXT NOT NULL,
  cash_fen INTEGER NOT NULL DEFAULT 0 CHECK (typeof(cash_fen) = 'integer'),
  goods_fen INTEGER NOT NULL DEFAULT 0 CHECK (typeof(goods_fen) = 'integer'),
  goods_desc TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (program_id, recipient_kind)
);

CREATE TABLE program_rules (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  program_id INTEGER NOT NULL REFERENCES programs(id),
  kind TEXT NOT NULL CHECK (kind IN ('max_cash_per_payment', 'max_goods_per_payment', 'max_cash_per_person_year',
    'max_total_per_person_year', 'once_per_person_program', 'once_per_household_year', 'exclusive_with_program')),
  amount_fen INTEGER CHECK (amount_fen IS NULL OR (typeof(amount_fen) = 'integer' AND amount_fen >= 0)),
  category TEXT,
  scope TEXT NOT NULL DEFAULT 'program' CHECK (scope IN ('program', 'program_kind', 'all')),
  other_program_id INTEGER REFERENCES programs(id),
  severity TEXT NOT NULL DEFAULT 'error' CHECK (severity IN ('error', 'warn')),
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX program_rules_program ON program_rules(program_id);

CREATE TABLE import_batches (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  format TEXT NOT NULL,
  program_id INTEGER REFERENCES programs(id),
  sheets_json TEXT NOT NULL DEFAULT '[]',
  mapping_json TEXT NOT NULL DEFAULT '{}',
  counts_json TEXT NOT NULL DEFAULT '{}',
  row_count INTEGER NOT NULL DEFAULT 0,
  total_fen INTEGER NOT NULL DEFAULT 0,
  accepted_fen INTEGER NOT NULL DEFAULT 0,
  clerk TEXT,
  reverted_at TEXT,
  reverted_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX import_batches_sha ON import_batches(sha256);

CREATE TABLE payments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  program_id INTEGER REFERENCES programs(id),
  person_id INTEGER REFERENCES people(id),
  paid_on TEXT NOT NULL CHECK (paid_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  cash_fen INTEGER NOT NULL DEFAULT 0 CHECK (typeof(cash_fen) = 'integer'),
  goods_fen INTEGER NOT NULL DEFAULT 0 CHECK (typeof(goods_fen) = 'integer'),
  goods_desc TEXT,
  recipient_kind TEXT,
  category TEXT,
  method TEXT NOT NULL DEFAULT '现金',
  status TEXT NOT NULL DEFAULT '登记' CHECK (status IN ('登记', '已审核', '已发放', '已签领')),
  unit_id INTEGER REFERENCES units(id),
  student_name TEXT,
  clerk TEXT,
  approver TEXT,
  approved_at TEXT,
  note TEXT,
  import_batch_id INTEGER REFERENCES import_batches(id),
  reverses_id INTEGER REFERENCES payments(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- Indexes serve the grid's sorts and filters and the rule findings (person + date);
-- payments_paid_on also covers the totals of a year (people, Σcash, Σgoods) without table reads.
CREATE INDEX payments_program ON payments(program_id, paid_on);
CREATE INDEX payments_person ON payments(person_id, paid_on);
CREATE INDEX payments_paid_on ON payments(paid_on, person_id, cash_fen, goods_fen);
CREATE INDEX payments_cash ON payments(cash_fen);
CREATE INDEX payments_status ON payments(status);
CREATE INDEX payments_kind ON payments(recipient_kind);
CREATE INDEX payments_category ON payments(category);
CREATE INDEX payments_goods ON payments(goods_fen);
CREATE INDEX payments_unit ON payments(unit_id);
CREATE INDEX payments_batch ON payments(import_batch_id) WHERE import_batch_id IS NOT NULL;
CREATE INDEX payments_reverses ON payments(reverses_id) WHERE reverses_id IS NOT NULL;

CREATE TABLE code_lists (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  list TEXT NOT NULL,
  value TEXT NOT NULL CHECK (length(value) > 0),
  sort_order INTEGER NOT NULL DEFAULT 0,
  retired_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (list, value)
);

CREATE TABLE settings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  value TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- The command log: one row per service call. Undo and redo walk it.
CREATE TABLE commands (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT,
  source TEXT NOT NULL,
  kind TEXT NOT NULL,
  label TEXT NOT NULL,
  batch_id INTEGER,
  undoable INTEGER NOT NULL DEFAULT 1,
  state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'discarded')),
  target_id INTEGER REFERENCES commands(id),
  undone_seq INTEGER
);
CREATE INDEX commands_state ON commands(state, id);

-- The audit log: every change of every audited row, append-only.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  command_id INTEGER NOT NULL REFERENCES commands(id),
  table_name TEXT NOT NULL,
  row_id INTEGER NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('insert', 'insert_many', 'update', 'delete')),
  field TEXT,
  old_value TEXT,
  new_value TEXT
);
CREATE INDEX audit_log_command ON audit_log(command_id);
CREATE INDEX audit_log_row ON audit_log(table_name, row_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能删除'); END;

-- Derived: the rule findings of each payment, recomputed by the service layer.
CREATE TABLE payment_issues (
  payment_id INTEGER NOT NULL REFERENCES payments(id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('error', 'warn')),
  field TEXT NOT NULL,
  message TEXT NOT NULL,
  rule_id INTEGER
);
CREATE INDEX payment_issues_payment ON payment_issues(payment_id);
CREATE INDEX payment_issues_severity ON payment_issues(severity, payment_id);

-- Per-user view state (column widths, order, sort, filters): not ledger data, not audited.
CREATE TABLE ui_prefs (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

INSERT INTO code_lists (list, value, sort_order, created_at, updated_at) VALUES
  ('recipient_kind', '困难职工', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('recipient_kind', '困难农民工', 2, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('recipient_kind', '劳动模范', 3, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('recipient_kind', '困难劳模', 4, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('recipient_kind', '一线职工', 5, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('recipient_kind', '环卫工人', 6, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('recipient_kind', '患重大疾病职工', 7, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('recipient_kind', '因公受伤职工', 8, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('recipient_kind', '单亲困难女职工', 9, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('recipient_kind', '下岗失业职工', 10, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('recipient_kind', '困难职工子女', 11, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('recipient_kind', '离退休老干部及遗属', 12, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('recipient_kind', '复员退伍军人', 13, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('recipient_kind', '建档立卡贫困户', 14, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('hardship_level', '特困', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('hardship_level', '重困', 2, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('hardship_level', '一般困难', 3, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('hardship_level', '深度困难', 4, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('hardship_level', '相对困难', 5, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('hardship_level', '意外致困', 6, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('cause', '因病', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('cause', '因学', 2, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('cause', '因灾', 3, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('cause', '缺乏劳动力', 4, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('cause', '下岗失业', 5, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('cause', '工伤', 6, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('cause', '单亲', 7, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('cause', '低收入', 8, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('employment_status', '在岗', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('employment_status', '内退', 2, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('employment_status', '待岗', 3, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('employment_status', '下岗失业', 4, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('employment_status', '离退休', 5, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('employment_status', '病休', 6, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('employment_status', '农民工', 7, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('program_kind', '送温暖', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('program_kind', '中秋慰问', 2, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('program_kind', '夏季送清凉', 3, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('program_kind', '金秋助学', 4, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('program_kind', '助学救助', 5, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('program_kind', '医疗救助', 6, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('program_kind', '大病救助', 7, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('program_kind', '职工医疗互助', 8, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('program_kind', '生活救助', 9, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('program_kind', '临时救助', 10, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('program_kind', '一次性救助', 11, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('program_kind', '劳模补助', 12, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('program_kind', '劳模慰问', 13, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('program_kind', '创业就业扶持', 14, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('program_kind', '挂钩扶贫', 15, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('fund_source', '上级下拨', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('fund_source', '本级自筹', 2, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('fund_source', '爱心捐款', 3, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('fund_source', '社会捐赠', 4, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('fund_source', '财政专项', 5, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('payment_method', '现金', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('payment_method', '银行转账', 2, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('payment_status', '登记', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('payment_status', '已审核', 2, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('payment_status', '已发放', 3, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('payment_status', '已签领', 4, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('honour_level', '全国', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('honour_level', '省部级', 2, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('honour_level', '州市级', 3, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('honour_level', '县级', 4, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('model_worker_title', '全国劳动模范', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('model_worker_title', '全国先进工作者', 2, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('model_worker_title', '全国五一劳动奖章', 3, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('model_worker_title', '省劳动模范', 4, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('model_worker_title', '省先进工作者', 5, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('model_worker_title', '省五一劳动奖章', 6, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('model_worker_title', '州市劳动模范', 7, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('model_worker_title', '县劳动模范', 8, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('subsidy_kind', '两金', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('subsidy_kind', '三金', 2, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('file_status', '在档', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('file_status', '脱困', 2, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('file_status', '注销', 3, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('relation', '户主', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('relation', '配偶', 2, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('relation', '子女', 3, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('relation', '父母', 4, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('relation', '其他', 5, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('unit_kind', '乡镇工会联合会', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('unit_kind', '街道工会', 2, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('unit_kind', '系统工会', 3, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('unit_kind', '基层工会', 4, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('unit_kind', '企业', 5, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('unit_kind', '机关事业单位', 6, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('relief_category', '住院未手术', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('relief_category', '住院手术', 2, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('relief_category', '大病', 3, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('relief_category', '生活困难', 4, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('relief_category', '子女上学', 5, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('relief_category', '因灾', 6, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('relief_category', '其他', 7, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('goods', '棉被', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('goods', '大米', 2, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('goods', '食用油', 3, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
`;
