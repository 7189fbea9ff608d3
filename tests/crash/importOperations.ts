/**
 * The roster import's commit and revert as crash-test operations: a 3,000-row roster (.xlsx
 * written by exceljs, read once through openImportFile) committed into a ledger that already
 * knows a third of its people, and that commit reverted. The child does the preview, then
 * says `go` and runs commitImport / revertImport — its 导入前 / 撤销导入前 backup and its one
 * transaction — and is killed somewhere in there.
 *
 * All or none is judged on the whole file: every table (commands, audit log, findings and
 * sqlite_sequence included; not the planner's sqlite_stat1) must equal the ledger before the
 * operation or the ledger after it,
 * both computed when the template is built (the ledgers run on a fixed clock, so the same
 * operation writes the same rows). A backup the operation left must be complete, and after
 * the whole operation there is one of the right kind holding exactly the ledger before it.
 */
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { listBackups } from '../../electron/core/backups.ts';
import { commitImport, createImportSession, openImportFile, previewImport, revertImport } from '../../electron/core/import/index.ts';
import type { ParsedWorkbook } from '../../electron/core/import/table.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { bulkInsertPeople } from '../../electron/core/services/people.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { generateLedger } from '../bench/generate.ts';
import type { CrashOperation, Outcome } from './operations.ts';

const ROSTER_ROWS = 3000;
const KNOWN_PEOPLE = 1000;
const PROGRAM = '2017-SWN';
/** Fixed clocks: the same operation writes the same timestamps in every process. */
const SETUP_AT = new Date('2017-01-05T01:00:00Z');
const COMMIT_AT = new Date('2017-01-20T02:00:00Z');
const REVERT_AT = new Date('2017-02-03T03:00:00Z');

function open(file: string, at: Date): Ledger {
  return Ledger.open(file, { actor: '测试', now: () => at });
}

/** Every table of the file, row by row: one hash, and one per table (to say what differs). */
export function ledgerState(file: string): { hash: string; tables: Record<string, string> } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables: Record<string, string> = {};
    // Not sqlite_stat1: the query planner's statistics, refreshed by opening the ledger (PRAGMA optimize), are not its contents.
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%' ORDER BY name").pluck().all() as string[];
    for (const name of names) {
      // Rows as a sorted set: a backup (VACUUM INTO) may renumber the rowids of tables without an INTEGER PRIMARY KEY (sqlite_stat1).
      const rows = (db.prepare(`SELECT * FROM "${name}"`).raw().all() as unknown[][]).map((r) => JSON.stringify(r)).sort();
      const h = createHash('sha256');
      for (const row of rows) h.update(row).update('\n');
      tables[name] = h.digest('hex');
    }
    const all = createHash('sha256');
    for (const [k, v] of Object.entries(tables)) all.update(`${k}:${v}\n`);
    return { hash: all.digest('hex'), tables };
  } finally {
    db.close();
  }
}

/** The roster a grassroots union sends: header on row 3 under a merged title, a 合计 row. */
async function writeRoster(file: string): Promise<void> {
  const data = generateLedger({ payments: ROSTER_ROWS, people: ROSTER_ROWS, years: [2017], seed: 2017 });
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.getCell('A1').value = '华宁县总工会2017年春节送温暖慰问金发放花名册';
  ws.mergeCells('A1:H1');
  ws.getRow(3).values = ['序号', '姓名', '性别', '身份证号码', '工作单位', '困难类别', '金额（元）', '领取人签字'];
  let total = 0;
  data.people.forEach((p, i) => {
    const yuan = data.payments[i]!.cashFen / 100;
    total += yuan;
    ws.getRow(4 + i).values = [i + 1, p.name, p.gender, p.idNumber, p.unit, data.payments[i]!.category, yuan, null];
  });
  ws.getRow(4 + ROSTER_ROWS).values = ['合计', null, null, null, null, null, total];
  await wb.xlsx.writeFile(file);
}

/** The ledger before the commit: the program, and a third of the roster's people already known. */
async function buildBeforeCommit(file: string): Promise<void> {
  const ledger = open(file, SETUP_AT);
  try {
    const data = generateLedger({ payments: ROSTER_ROWS, people: ROSTER_ROWS, years: [2017], seed: 2017 });
    ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) => {
      createProgram(tx, { code: PROGRAM, name: '2017年春节送温暖', year: 2017, kind: '送温暖' });
      bulkInsertPeople(tx, data.people.slice(0, KNOWN_PEOPLE).map((p) => ({ name: p.name, idNumber: p.idNumber, gender: p.gender })));
    });
  } finally {
    ledger.close();
  }
  // The parsed roster, as the preview would hold it (the child does not parse again).
  const roster = `${file}.roster.xlsx`;
  await writeRoster(roster);
  const session = await openImportFile(roster);
  fs.writeFileSync(`${file}.workbook.json`, JSON.stringify(session.workbook));
}

function commit(file: string, template: string, go: () => void): void {
  const ledger = open(file, COMMIT_AT);
  try {
    const workbook = JSON.parse(fs.readFileSync(`${template}.workbook.json`, 'utf8')) as ParsedWorkbook;
    const session = createImportSession(workbook);
    const programId = ledger.db.prepare('SELECT id FROM programs WHERE code = ?').pluck().get(PROGRAM) as number;
    previewImport(ledger, session, { programId });
    go();
    commitImport(ledger, session);
  } finally {
    ledger.close();
  }
}

function revert(file: string, go: () => void): void {
  const ledger = open(file, REVERT_AT);
  try {
    const batchId = ledger.db.prepare('SELECT max(id) FROM import_batches').pluck().get() as number;
    go();
    revertImport(ledger, batchId);
  } finally {
    ledger.close();
  }
}

/** before/after of each operation, computed in the test process when its template is built. */
const expected = new Map<string, { before: ReturnType<typeof ledgerState>; after: ReturnType<typeof ledgerState> }>();

/** Run the operation on a copy of the template here, to know the ledger after it. */
function afterOf(template: string, run: (copy: string) => void): ReturnType<typeof ledgerState> {
  const copy = path.join(path.dirname(template), `${path.basename(template)}.after`, 'ledger.db');
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  fs.copyFileSync(template, copy);
  try {
    run(copy);
    return ledgerState(copy);
  } finally {
    fs.rmSync(path.dirname(copy), { recursive: true, force: true });
  }
}

function judge(name: string, kind: 'import' | 'revert', file: string): Outcome {
  const e = expected.get(name);
  if (!e) throw new Error(`${name}: 模板未建立`);
  const now = ledgerState(file);
  // Backups: any that carries a backup's name is whole (an interrupted one is only ever a .partial).
  const backups = listBackups(file);
  for (const b of backups) {
    const db = new Database(b.path, { readonly: true });
    const ok = db.pragma('quick_check', { simple: true });
    db.close();
    if (ok !== 'ok') throw new Error(`部分写入：备份 ${b.file} 不完整`);
  }
  if (now.hash === e.before.hash) return 'none';
  if (now.hash === e.after.hash) {
    const mine = backups.filter((b) => b.kind === kind);
    if (mine.length !== 1) throw new Error(`${name}：操作已完成，但${kind === 'import' ? '导入前' : '撤销导入前'}备份有 ${mine.length} 份`);
    const backup = ledgerState(mine[0]!.path);
    if (backup.hash !== e.before.hash) {
      const differs = Object.keys({ ...e.before.tables, ...backup.tables }).filter((t) => backup.tables[t] !== e.before.tables[t]);
      throw new Error(`${name}：备份不是操作之前的台账（不符的表：${differs.join('、')}）`);
    }
    return 'all';
  }
  const differs = Object.keys({ ...e.before.tables, ...now.tables }).filter((t) => now.tables[t] !== e.before.tables[t] && now.tables[t] !== e.after.tables[t]);
  throw new Error(`部分写入：${name} 之后的台账既不是操作前也不是操作后（不符的表：${differs.join('、') || '各表分别符合前后，但组合不符'}）`);
}

export const IMPORT_COMMIT: CrashOperation = {
  label: `导入提交（${ROSTER_ROWS} 行花名册，含导入前备份）`,
  runs: 10,
  async template(file) {
    await buildBeforeCommit(file);
    expected.set('import-commit', { before: ledgerState(file), after: afterOf(file, (copy) => commit(copy, file, () => {})) });
  },
  run(file, go, template) {
    commit(file, template, go);
  },
  outcome(file) {
    return judge('import-commit', 'import', file);
  },
};

export const IMPORT_REVERT: CrashOperation = {
  label: `撤销导入（${ROSTER_ROWS} 行，含撤销导入前备份）`,
  runs: 10,
  async template(file) {
    await buildBeforeCommit(file);
    commit(file, file, () => {});
    // The template's own 导入前 backup is not the revert's business.
    fs.rmSync(path.join(path.dirname(file), 'backups'), { recursive: true, force: true });
    expected.set('import-revert', { before: ledgerState(file), after: afterOf(file, (copy) => revert(copy, () => {})) });
  },
  run(file, go) {
    revert(file, go);
  },
  outcome(file) {
    return judge('import-revert', 'revert', file);
  },
};
