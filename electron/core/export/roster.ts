/**
 * 发放花名册 of a program or of a list of payments (the grid's selection).
 *
 * A program's roster lists its payments in the order they were entered; a
 * payment that was reversed (冲正) and its reversal entry are both left out,
 * since that money was not paid (their amounts cancel, so the total is the
 * program's). A list of payments is printed exactly as selected, in the order given.
 */
import { todayIso } from '../../../shared/domain/dates.ts';
import type { CapitalScript } from '../../../shared/domain/money.ts';
import type { FormSheet } from '../../../shared/forms/layout.ts';
import { measureRoster, rosterLayout, rosterTitle, type RosterRow, type RosterWidths } from '../../../shared/forms/roster.ts';
import type { SqliteDatabase } from '../db/open.ts';
import { LedgerError } from '../errors.ts';
import type { Ledger } from '../ledger.ts';
import { openSnapshot, readSettings } from './snapshot.ts';
import { filedOnOf } from './output.ts';
import { writeFormBook } from './xlsx.ts';

export interface RosterSelection {
  /** A program by its code (项目编号) … */
  programCode?: string;
  /** … or by id … */
  programId?: number;
  /** … or these payments, in this order (the grid's selection). */
  paymentIds?: readonly number[];
}

export interface RosterOptions extends RosterSelection {
  /** Show ID numbers as 530424********9510. */
  maskIds?: boolean;
  /** 填报日期 (ISO); default today. */
  filedOn?: string;
  /** Replace the generated title. */
  title?: string;
}

export interface ExportResult {
  file: string;
  /** Data rows written (payments on a roster, payment rows in a filing package, …). */
  rows: number;
  cashFen: number;
  goodsFen: number;
  /** Σfen: cash + goods. */
  totalFen: number;
  bytes: number;
  sheets: string[];
}

const ROSTER_SELECT = `SELECT pe.name AS name, pe.gender AS gender, pe.id_number AS idNumber,
    coalesce(u.name, pu.name) AS unitName, coalesce(p.category, p.recipient_kind) AS category,
    p.cash_fen AS cashFen, p.goods_fen AS goodsFen, p.goods_desc AS goodsDesc, p.note AS note`;
const ROSTER_JOINS = `LEFT JOIN people pe ON pe.id = p.person_id
    LEFT JOIN units u ON u.id = p.unit_id
    LEFT JOIN units pu ON pu.id = pe.unit_id`;

interface RosterSource {
  title: string;
  withGoods: boolean;
  programId: number | null;
  programCode: string | null;
  /** A fresh iteration of the rows each time it is called. */
  rows: () => Iterable<RosterRow>;
  rowCount: number;
  cashFen: number;
  goodsFen: number;
  widths: RosterWidths;
}

function programOf(db: SqliteDatabase, sel: RosterSelection): { id: number; code: string; name: string } {
  const row = sel.programId !== undefined
    ? db.prepare('SELECT id, code, name FROM programs WHERE id = ?').get(sel.programId)
    : db.prepare('SELECT id, code, name FROM programs WHERE code = ?').get(String(sel.programCode).trim());
  if (!row) {
    throw new LedgerError('not_found', sel.programId !== undefined ? `找不到项目 #${sel.programId}` : `找不到项目编号“${sel.programCode}”`);
  }
  return row as { id: number; code: string; name: string };
}

function programHasGoods(db: SqliteDatabase, programId: number): boolean {
  return db.prepare('SELECT EXISTS (SELECT 1 FROM program_standards WHERE program_id = ? AND goods_fen <> 0)').pluck().get(programId) === 1;
}

function checkSelection(sel: RosterSelection): void {
  const given = [sel.programCode !== undefined, sel.programId !== undefined, sel.paymentIds !== undefined].filter(Boolean).length;
  if (given !== 1) throw new LedgerError('invalid_input', '请指定一个项目，或选择要打印的发放记录');
  if (sel.paymentIds !== undefined) {
    if (sel.paymentIds.length === 0) throw new LedgerError('invalid_input', '没有选择发放记录');
    for (const id of sel.paymentIds) if (!Number.isSafeInteger(id) || id <= 0) throw new LedgerError('invalid_input', `发放记录编号无效：${id}`);
  }
}

function rosterSource(db: SqliteDatabase, options: RosterOptions, officeName: string): RosterSource {
  checkSelection(options);
  let sql: string;
  let params: unknown[];
  let title: string;
  let withGoods: boolean;
  let programId: number | null = null;
  let programCode: string | null = null;
  if (options.paymentIds !== undefined) {
    const ids = [...new Set(options.paymentIds)];
    const found = db.prepare('SELECT p.id, p.program_id AS programId FROM json_each(?) j JOIN payments p ON p.id = j.value').all(JSON.stringify(ids)) as { id: number; programId: number | null }[];
    if (found.length !== ids.length) {
      const have = new Set(found.map((f) => f.id));
      throw new LedgerError('not_found', `找不到发放记录 #${ids.filter((i) => !have.has(i)).slice(0, 10).join('、#')}`);
    }
    const programs = new Set(found.map((f) => f.programId));
    const only = programs.size === 1 ? [...programs][0]! : null;
    const program = only === null ? null : (db.prepare('SELECT id, code, name FROM programs WHERE id = ?').get(only) as { id: number; code: string; name: string });
    programId = program?.id ?? null;
    programCode = program?.code ?? null;
    title = rosterTitle(officeName, program?.name ?? null);
    sql = `${ROSTER_SELECT} FROM json_each(?) j JOIN payments p ON p.id = j.value ${ROSTER_JOINS} ORDER BY j.key`;
    params = [JSON.stringify(ids)];
    withGoods = program !== null && programHasGoods(db, program.id);
  } else {
    const program = programOf(db, options);
    programId = program.id;
    programCode = program.code;
    title = rosterTitle(officeName, program.name);
    sql = `${ROSTER_SELECT} FROM payments p ${ROSTER_JOINS}
      WHERE p.program_id = ? AND p.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses_id = p.id)
      ORDER BY p.id`;
    params = [program.id];
    withGoods = programHasGoods(db, program.id);
  }
  const stmt = db.prepare(sql);
  const rows = () => stmt.iterate(...params) as IterableIterator<RosterRow>;
  // First pass: count, totals and the widest texts (the column widths are written before the rows).
  let rowCount = 0;
  let cashFen = 0;
  let goodsFen = 0;
  let anyGoods = false;
  const widths = measureRoster({
    *[Symbol.iterator]() {
      for (const r of rows()) {
        rowCount++;
        cashFen += r.cashFen;
        goodsFen += r.goodsFen;
        if (r.goodsFen !== 0 || r.goodsDesc) anyGoods = true;
        yield r;
      }
    },
  });
  if (rowCount === 0) {
    throw new LedgerError('not_found', programCode ? `项目“${programCode}”没有可列入花名册的发放记录` : '没有可列入花名册的发放记录');
  }
  return { title: options.title ?? title, withGoods: withGoods || anyGoods, programId, programCode, rows, rowCount, cashFen, goodsFen, widths };
}

function layoutOf(db: SqliteDatabase, options: RosterOptions): { layout: FormSheet; source: RosterSource } {
  const settings = readSettings(db);
  const source = rosterSource(db, options, settings.officeName);
  const layout = rosterLayout({
    officeName: settings.officeName,
    title: source.title,
    filedOn: filedOnOf(options.filedOn, todayIso),
    capitalScript: settings.capitalScript as CapitalScript,
    leaderName: settings.leaderName,
    approverName: settings.approverName,
    clerkName: settings.clerkName,
    withGoods: source.withGoods,
    maskIds: options.maskIds ?? false,
    rows: { [Symbol.iterator]: () => source.rows()[Symbol.iterator]() },
    rowCount: source.rowCount,
    cashFen: source.cashFen,
    goodsFen: source.goodsFen,
    widths: source.widths,
  });
  return { layout, source };
}

/**
 * The roster's layout with every row in memory, for the print view (rosters
 * that are printed hold hundreds of rows, not hundreds of thousands).
 */
export function rosterPrintLayout(ledger: Ledger, options: RosterOptions): FormSheet {
  return ledger.read(() => {
    const { layout } = layoutOf(ledger.db, options);
    const rows = [...layout.rows];
    return { ...layout, rows };
  });
}

/** Write the roster to an .xlsx file (streamed; nothing partial is left on failure). */
export async function exportRoster(ledger: Ledger, options: RosterOptions & { out: string }): Promise<ExportResult> {
  const snap = openSnapshot(ledger);
  try {
    const { layout, source } = layoutOf(snap.db, options);
    const written = await writeFormBook({ sheets: [layout] }, options.out);
    return { ...written, rows: source.rowCount, cashFen: source.cashFen, goodsFen: source.goodsFen, totalFen: source.cashFen + source.goodsFen };
  } finally {
    snap.close();
  }
}
