/**
 * The import session and its preview. A session holds one parsed file (the
 * neutral table) and the clerk's choices (program, mapping corrections, cell
 * fixes); `previewImport` turns it into a serialisable preview — every source
 * row with its status and reasons, the mapping, counts and totals per sheet,
 * stated vs computed totals — which is exactly what `commitImport` will write.
 * The app keeps sessions in the main process and sends previews to the
 * renderer; the CLI uses one session per run.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseDate, todayIso } from '../../../shared/domain/dates.ts';
import {
  IMPORT_FIELDS,
  columnIndex,
  type ImportCliJson,
  type ImportField,
  type ImportOptions,
  type ImportPreview,
  type ImportPreviewRow,
  type ImportPreviewSheet,
  type DefaultDateSource,
  type ImportProgress,
  type ImportReason,
  type RowStatus,
} from '../../../shared/import.ts';
import type { BackupInfo } from '../backups.ts';
import { LedgerError } from '../errors.ts';
import type { Ledger } from '../ledger.ts';
import { AnalysisStream, analyzeWorkbook, sourceCells, type AnalyzedRow, type Mapping, type WorkbookAnalysis } from './analyze.ts';
import { checkRows, loadProgram, type ProgramInfo } from './check.ts';
import { fileError } from './errors.ts';
import { MAX_FILE_BYTES, refuseOversized } from './limits.ts';
import { parseImportBytes } from './parse.ts';
import type { ParsedWorkbook } from './table.ts';
import { ALL_SPACES, toSimplified } from './text.ts';
import { parseInWorker, type WorkerParseOptions } from './worker.ts';

export interface ImportSession {
  readonly id: string;
  readonly workbook: ParsedWorkbook;
  /** The choices of the last preview; commit uses them. */
  options: ImportOptions;
  /** @internal the last preview and what it was computed from. */
  last: PreviewState | null;
  /** @internal the analysis for the current sheet overrides and edits. */
  analysisCache: { key: string; analysis: WorkbookAnalysis } | null;
  /**
   * @internal the analysis made while the file was read (no overrides, no edits, no remembered
   * mapping; `consulted`: the header signatures it looked up), used by the first preview it fits.
   */
  streamed?: { analysis: WorkbookAnalysis; consulted: ReadonlySet<string> } | null;
  /**
   * @internal the 导入前 backup taken while the clerk looked at the preview (the import host,
   * commit.ts backupAhead); the commit uses it when the ledger has not changed since.
   */
  backupAhead?: BackupInfo | null;
}

/** @internal */
export interface PreviewState {
  preview: ImportPreview;
  /** The preview's rows, built when asked for (a page, the error report, or `preview.rows` read whole). */
  rows: PreviewRows;
  analysis: WorkbookAnalysis;
  program: ProgramInfo | null;
  /** The ledger's last command when the preview was computed. */
  stamp: number;
}

export function createImportSession(workbook: ParsedWorkbook): ImportSession {
  return { id: randomUUID(), workbook, options: {}, last: null, analysisCache: null };
}

export interface OpenImportOptions extends WorkerParseOptions {
  /** Parse in a worker_thread (default) or in the calling thread. */
  inWorker?: boolean;
}

/** Read a roster file from disk and parse it (in a worker by default). */
export async function openImportFile(filePath: string, options: OpenImportOptions = {}): Promise<ImportSession> {
  const name = path.basename(filePath);
  let bytes: Buffer;
  try {
    const size = fs.statSync(filePath).size;
    if (size > MAX_FILE_BYTES) refuseOversized(size, name, false);
    bytes = fs.readFileSync(filePath);
  } catch (err) {
    if (err instanceof LedgerError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? `找不到文件：${filePath}`
      : code === 'EISDIR' ? '这是一个文件夹，不是文件。'
        : code === 'EACCES' || code === 'EPERM' ? '没有读取这个文件的权限。'
          : code === 'EBUSY' ? '文件正被其他程序占用，请关闭后再试。'
            : '无法读取文件，请确认文件完好、可以打开。';
    throw fileError(name, what, null, err);
  }
  if (options.inWorker === false) return createImportSession(await parseImportBytes(bytes, name, options));
  // Read here for the worker only: it gets the buffer itself, not a copy.
  return openImportBytes(bytes, name, { ...options, handOver: true });
}

/** Parse a roster's bytes in a worker, analysing its rows on this thread as they arrive (the app's import.open, openImportFile). */
export async function openImportBytes(bytes: Uint8Array, fileName: string, options: WorkerParseOptions = {}): Promise<ImportSession> {
  // The rows are analysed on this thread while the worker reads the next ones.
  const stream = new AnalysisStream();
  const workbook = await parseInWorker(bytes, fileName, { ...options, listener: stream });
  const session = createImportSession(workbook);
  const analysis = stream.result(workbook);
  if (analysis) session.streamed = { analysis, consulted: stream.consulted };
  return session;
}

export function ledgerStamp(ledger: Ledger): number {
  return (ledger.stmt('SELECT coalesce(max(id), 0) AS m FROM commands').get() as { m: number }).m;
}

export function rememberedMappings(ledger: Ledger): Map<string, Mapping> {
  const out = new Map<string, Mapping>();
  for (const r of ledger.stmt('SELECT signature, mapping_json FROM import_mappings').all() as { signature: string; mapping_json: string }[]) {
    try {
      out.set(r.signature, JSON.parse(r.mapping_json) as Mapping);
    } catch {
      /* an unreadable remembered mapping is ignored */
    }
  }
  return out;
}

function validateOptions(ledger: Ledger, wb: ParsedWorkbook, options: ImportOptions): void {
  if (options.programId !== undefined && options.programId !== null && !loadProgram(ledger, options.programId)) {
    throw new LedgerError('not_found', `找不到项目 #${options.programId}`);
  }
  if (options.paidOn !== undefined && options.paidOn !== null && !parseDate(options.paidOn).ok) {
    throw new LedgerError('invalid_input', `发放日期“${options.paidOn}”无法识别`);
  }
  for (const [key, o] of Object.entries(options.sheets ?? {})) {
    const i = Number(key);
    if (!Number.isInteger(i) || !wb.sheets[i]) throw new LedgerError('invalid_input', `没有第 ${key} 个工作表`);
    for (const [col, f] of Object.entries(o.mapping ?? {})) {
      if (columnIndex(col) < 0) throw new LedgerError('invalid_input', `列“${col}”不是有效的列号（应为 A、B、C …）`);
      if (f !== null && !(IMPORT_FIELDS as readonly string[]).includes(f)) throw new LedgerError('invalid_input', `未知的字段“${f}”`);
    }
    if (o.headerRow !== undefined && (!Number.isInteger(o.headerRow) || o.headerRow < 1)) throw new LedgerError('invalid_input', `表头行号无效：${o.headerRow}`);
    // A header below the sheet's last row with content leaves no rows to read.
    const last = wb.sheets[i]!.rows.at(-1)?.r ?? 0;
    if (o.headerRow !== undefined && o.headerRow >= last) {
      throw new LedgerError('invalid_input', `“${wb.sheets[i]!.name ?? wb.fileName}”只有 ${last} 行有内容，表头不能在第 ${o.headerRow} 行（其下没有数据行）`);
    }
  }
  for (const e of options.edits ?? []) {
    if (!wb.sheets[e.sheetIndex]) throw new LedgerError('invalid_input', `没有第 ${e.sheetIndex} 个工作表`);
    if (!(IMPORT_FIELDS as readonly string[]).includes(e.field)) throw new LedgerError('invalid_input', `未知的字段“${e.field}”`);
  }
}

/**
 * The date of a sheet's rows that write none, and where it comes from (preview.defaultPaidOnFrom): the date the clerk
 * chose; the sheet's own 填报日期 when it lies in the program's year and within its dates (a roster is filled in when
 * its people are paid, or soon after: the nearest the file gives, not a day of the ledger's choosing); the program's
 * start; today when in the program's year; else 1 January of that year (元旦, said to be checked).
 */
export function defaultDateOf(
  program: ProgramInfo | null, chosen: string | null | undefined, filedOn: string | null = null, now: Date = new Date(),
): { date: string; from: DefaultDateSource } {
  if (chosen) {
    const d = parseDate(chosen);
    if (d.ok) return { date: d.iso, from: 'chosen' };
  }
  const today = todayIso(now);
  if (!program) return { date: today, from: 'today' };
  if (filedOn && filedInProgram(program, filedOn)) return { date: filedOn, from: 'filedOn' };
  if (program.startsOn && program.startsOn.startsWith(String(program.year))) return { date: program.startsOn, from: 'programStart' };
  if (today.startsWith(String(program.year))) return { date: today, from: 'today' };
  return { date: `${program.year}-01-01`, from: 'yearStart' };
}

/** A 填报日期 the rows can be dated by: in the program's year, not before its start nor after its end (when it has them). */
function filedInProgram(program: ProgramInfo, filedOn: string): boolean {
  if (!filedOn.startsWith(`${program.year}-`)) return false;
  if (program.startsOn && program.startsOn.startsWith(String(program.year)) && filedOn < program.startsOn) return false;
  if (program.endsOn && program.endsOn.startsWith(String(program.year)) && filedOn > program.endsOn) return false;
  return true;
}

/** The date used for rows without one (the import as a whole, no sheet's 填报日期): see defaultDateOf. */
export function defaultPaidOnFor(program: ProgramInfo | null, chosen: string | null | undefined, now: Date = new Date()): string {
  return defaultDateOf(program, chosen, null, now).date;
}

function statusOf(reasons: readonly ImportReason[]): RowStatus {
  let status: RowStatus = 'ok';
  for (const r of reasons) {
    if (r.severity === 'skip') return 'skip';
    if (r.severity === 'error') status = 'error';
    else if (r.severity === 'warn' && status === 'ok') status = 'warn';
  }
  return status;
}

function suggestProgram(ledger: Ledger, analysis: WorkbookAnalysis): number | null {
  const title = toSimplified(analysis.sheets.flatMap((s) => s.titleLines).join('')).replace(ALL_SPACES, '');
  if (title === '') return null;
  const programs = ledger.stmt('SELECT id, name, year, kind FROM programs ORDER BY year DESC, id DESC').all() as { id: number; name: string; year: number; kind: string }[];
  const byName = programs.filter((p) => title.includes(p.name.replace(ALL_SPACES, '')));
  if (byName.length === 1) return byName[0]!.id;
  const byYearKind = programs.filter((p) => title.includes(String(p.year)) && title.includes(p.kind));
  return byYearKind.length === 1 ? byYearKind[0]!.id : null;
}

function cellText(v: string | number | null): string | null {
  return v === null ? null : String(v);
}

/**
 * Compute the preview of a session. `options` (when given) replaces the
 * session's choices; omit it to recompute with the same choices.
 */
export function previewImport(ledger: Ledger, session: ImportSession, options?: ImportOptions, onProgress?: (p: ImportProgress) => void): ImportPreview {
  const opts = options ?? session.options;
  validateOptions(ledger, session.workbook, opts);
  session.options = opts;
  const wb = session.workbook;
  const remembered = rememberedMappings(ledger);
  const key = JSON.stringify({ sheets: opts.sheets ?? {}, edits: opts.edits ?? [], remembered: [...remembered.entries()] });
  let analysis = session.analysisCache?.key === key ? session.analysisCache.analysis : null;
  const streamed = session.streamed;
  session.streamed = null;
  if (!analysis && streamed && Object.keys(opts.sheets ?? {}).length === 0 && (opts.edits ?? []).length === 0 && ![...streamed.consulted].some((sig) => remembered.has(sig))) {
    // The analysis made while the file was read is the one analyzeWorkbook would give now.
    analysis = streamed.analysis;
    session.analysisCache = { key, analysis };
  }
  if (!analysis) {
    analysis = analyzeWorkbook(wb, {
      ...(opts.sheets ? { sheets: opts.sheets } : {}),
      ...(opts.edits ? { edits: opts.edits } : {}),
      remembered: (sig) => remembered.get(sig) ?? null,
      ...(onProgress ? { onProgress: (done: number, total: number) => onProgress({ phase: 'analyze', done, total }) } : {}),
    });
    session.analysisCache = { key, analysis };
  }
  const state = evaluate(ledger, session, analysis, opts);
  session.last = state;
  return state.preview;
}

const STATUSES: readonly RowStatus[] = ['ok', 'warn', 'error', 'skip'];

/**
 * The rows of one preview, each built from its analysed row when first asked for and then kept
 * (the same object every time). What the ledger checks of this preview decided for a row (its
 * status, reasons, person and date) is kept here, compactly: the analysed rows are shared with
 * the session's next preview, whose checks set them again. A grid that pages through a
 * 100,000-row roster, or a commit, never builds the rows it does not show.
 */
export class PreviewRows {
  private readonly status: Uint8Array;
  private readonly reasons: ImportReason[][];
  private readonly personId: (number | null)[];
  private readonly paidOn: (string | null)[];
  private built: (ImportPreviewRow | undefined)[] | null = null;
  private readonly analysis: WorkbookAnalysis;
  private readonly sheetNames: (string | null)[];
  private readonly wb: ParsedWorkbook;
  private readonly withCells: boolean;

  constructor(analysis: WorkbookAnalysis, sheetNames: (string | null)[], wb: ParsedWorkbook, withCells: boolean) {
    this.analysis = analysis;
    this.sheetNames = sheetNames;
    this.wb = wb;
    this.withCells = withCells;
    const n = analysis.rows.length;
    this.status = new Uint8Array(n);
    this.reasons = new Array(n);
    this.personId = new Array(n);
    this.paidOn = new Array(n);
  }

  get length(): number {
    return this.status.length;
  }

  /** @internal set by evaluate for each row. */
  note(i: number, status: RowStatus, reasons: ImportReason[], personId: number | null, paidOn: string | null): void {
    this.status[i] = STATUSES.indexOf(status);
    this.reasons[i] = reasons;
    this.personId[i] = personId;
    this.paidOn[i] = paidOn;
  }

  statusOf(i: number): RowStatus {
    return STATUSES[this.status[i]!]!;
  }

  sheetIndexOf(i: number): number {
    return this.analysis.rows[i]!.sheetIndex;
  }

  row(i: number): ImportPreviewRow {
    const built = this.built ?? (this.built = new Array(this.length));
    const have = built[i];
    if (have) return have;
    const r = this.analysis.rows[i]!;
    const v = r.v;
    const row: ImportPreviewRow = {
      sheetIndex: r.sheetIndex, sheet: this.sheetNames[r.sheetIndex] ?? null, row: r.row, status: this.statusOf(i), reasons: this.reasons[i]!,
      name: v.name, idNumber: v.idNumber, gender: v.gender ?? (v.idValid ? v.idGender : null), unit: v.unit, category: v.category,
      recipientKind: v.recipientKind, amountFen: r.skip ? r.statedFen : v.amountFen, ...(v.amountText !== undefined && !r.skip ? { amountText: v.amountText } : {}), goodsFen: v.goodsFen, goodsDesc: v.goodsDesc,
      paidOn: r.skip ? null : (this.paidOn[i] ?? v.paidOn), phone: v.phone, note: v.note, studentName: v.studentName,
      honourTitle: v.honourTitle, honourLevel: v.honourLevel, yearAwarded: v.yearAwarded, personId: this.personId[i]!, edited: r.edited,
    };
    if (this.withCells) row.cells = sourceCells(this.wb, r.sheetIndex, r.row).map(cellText);
    built[i] = row;
    return row;
  }

  all(): ImportPreviewRow[] {
    const out = new Array<ImportPreviewRow>(this.length);
    for (let i = 0; i < out.length; i++) out[i] = this.row(i);
    return out;
  }
}

/** `preview.rows`: built whole on first read (then a plain property), so that a preview whose rows are paged never builds them all. */
function defineRows(preview: ImportPreview, rows: PreviewRows): void {
  const settle = (value: ImportPreviewRow[]) => {
    Object.defineProperty(preview, 'rows', { value, writable: true, enumerable: true, configurable: true });
    return value;
  };
  Object.defineProperty(preview, 'rows', {
    enumerable: true,
    configurable: true,
    get: () => settle(rows.all()),
    set: (value: ImportPreviewRow[]) => void settle(value),
  });
}

/** @internal the ledger part of a preview (also run again inside the commit's transaction). */
export function evaluate(ledger: Ledger, session: ImportSession, analysis: WorkbookAnalysis, opts: ImportOptions): PreviewState {
  const wb = session.workbook;
  const stamp = ledgerStamp(ledger);
  const program = opts.programId === undefined || opts.programId === null ? null : loadProgram(ledger, opts.programId);
  // Each sheet's own: a township's sheet dated by its own 填报日期; a sheet that states none by the file's (the first
  // roster sheet's that does: the file was sent as one).
  const fileFiledOn = analysis.sheets.find((a) => a.role === 'payments' && a.filedOn !== null)?.filedOn ?? null;
  const defaults = analysis.sheets.map((a) => defaultDateOf(program, opts.paidOn, a.filedOn ?? fileFiledOn));
  checkRows(ledger, analysis.rows, program, defaults.map((d) => d.date));
  const sheetNames = analysis.sheets.map((s) => s.name);
  const rows = new PreviewRows(analysis, sheetNames, wb, Boolean(opts.withCells));
  const perSheet = analysis.sheets.map(() => ({ counts: { ok: 0, warn: 0, error: 0, skip: 0 } as Record<RowStatus, number>, totalFen: 0, acceptedFen: 0 }));
  const summary = { ok: 0, warn: 0, error: 0, skip: 0, totalFen: 0, acceptedFen: 0, goodsFen: 0, acceptedGoodsFen: 0 };
  const newPeople = new Set<string>();
  let matchedPeople = 0;
  let defaultDateRows = 0;
  let undatedRows = 0;
  const undatedBySheet = analysis.sheets.map(() => 0);
  for (let i = 0; i < analysis.rows.length; i++) {
    const r = analysis.rows[i]!;
    const reasons = r.checkReasons.length > 0 ? [...r.reasons, ...r.checkReasons] : r.reasons;
    const status = statusOf(reasons);
    r.status = status;
    const s = perSheet[r.sheetIndex]!;
    s.counts[status]++;
    summary[status]++;
    if (!r.skip) {
      const cash = r.v.amountFen ?? 0;
      const goods = r.v.goodsFen ?? 0;
      s.totalFen += cash;
      summary.totalFen += cash;
      summary.goodsFen += goods;
      // No date of its own (none written, none in the title): the default date is its date, now or once corrected.
      // (Not a date written that cannot be read: corrected, that one is its date.)
      const undated = r.v.paidOn === null && !reasons.some((x) => x.code === 'date_unreadable');
      if (undated) {
        undatedRows++;
        undatedBySheet[r.sheetIndex]!++;
      }
      if (status === 'ok' || status === 'warn') {
        s.acceptedFen += cash;
        summary.acceptedFen += cash;
        summary.acceptedGoodsFen += goods;
        if (undated) defaultDateRows++;
        if (r.personId !== null) matchedPeople++;
        else newPeople.add(r.v.idNumber ?? `${r.v.name}|${r.v.unit ?? ''}`);
      }
    }
    rows.note(i, status, reasons, r.personId, r.paidOn);
  }
  // A text file named like a workbook (read as text, by its bytes): when nothing is found in it, that is why.
  const ext = /\.(xlsx|xlsm|xls|et)$/i.exec(wb.fileName)?.[1];
  // (Read as a roster, it says so mildly: web systems export CSV named .xls.)
  const notExcel = (role: string) => !ext || wb.format !== 'csv' ? ''
    : role === 'payments' ? `；文件名是 .${ext.toLowerCase()}，但内容是纯文本，已按 CSV 读取`
      : `；注意：文件名是 .${ext.toLowerCase()}，但内容不是 Excel 文件，而是纯文本，可能是文件损坏或扩展名被改过，请让报送单位重新导出`;
  // A sheet's 填报日期 its rows without a date could not be dated by: why (the preview's date line says which date they get).
  const filedNote = (i: number): string => {
    const filedOn = analysis.sheets[i]!.filedOn ?? fileFiledOn;
    const from = defaults[i]!.from;
    if (filedOn === null || undatedBySheet[i] === 0 || !program || from === 'filedOn' || from === 'chosen') return '';
    const why = !filedOn.startsWith(`${program.year}-`) ? `不在项目“${program.name}”的 ${program.year} 年度内`
      : program.startsOn && filedOn < program.startsOn ? `在项目“${program.name}”的开始日期 ${program.startsOn} 之前`
        : `在项目“${program.name}”的结束日期 ${program.endsOn} 之后`;
    return `；表中的填报日期 ${filedOn} ${why}，没有写发放日期的行未按它登记`;
  };
  const sheets: ImportPreviewSheet[] = analysis.sheets.map((a, i) => ({
    index: a.index, name: a.name, role: a.role, roleReason: `${a.roleReason}${filedNote(i)}${notExcel(a.role)}`, headerRow: a.headerRow, headerEndRow: a.headerEndRow, titleLines: a.titleLines,
    columns: a.columns, mappingSource: a.mappingSource, signature: a.signature, ...perSheet[i]!,
    filedOn: a.filedOn, undatedRows: undatedBySheet[i]!, defaultPaidOn: program || opts.paidOn ? defaults[i]!.date : null, defaultPaidOnFrom: program || opts.paidOn ? defaults[i]!.from : null,
  }));
  // The import's default date: the one most rows without a date get (sheets may state different 填报日期), else the program's.
  let main = defaultDateOf(program, opts.paidOn, fileFiledOn);
  let most = 0;
  const rowsByDate = new Map<string, number>();
  defaults.forEach((d, i) => {
    const n = (rowsByDate.get(d.date) ?? 0) + undatedBySheet[i]!;
    rowsByDate.set(d.date, n);
    if (n > most) {
      most = n;
      main = d;
    }
  });
  const dup = ledger.stmt('SELECT id, file_name, created_at, clerk FROM import_batches WHERE sha256 = ? AND reverted_at IS NULL ORDER BY id DESC LIMIT 1').get(wb.sha256) as
    | { id: number; file_name: string; created_at: string; clerk: string | null }
    | undefined;
  const preview: ImportPreview = {
    sessionId: session.id,
    file: { name: wb.fileName, format: wb.format, sha256: wb.sha256, size: wb.size, encoding: wb.encoding },
    outcome: analysis.rows.some((r) => !r.skip) ? 'ok' : 'no_rows',
    program: program ? { id: program.id, code: program.code, name: program.name, year: program.year, kind: program.kind } : null,
    suggestedProgramId: program ? null : suggestProgram(ledger, analysis),
    defaultPaidOn: program || opts.paidOn ? main.date : null,
    defaultPaidOnFrom: program || opts.paidOn ? main.from : null,
    duplicateOf: dup ? { batchId: dup.id, fileName: dup.file_name, importedAt: dup.created_at, clerk: dup.clerk } : null,
    sheets,
    rows: [],
    summary: { ...summary, statedTotals: analysis.statedTotals, newPeople: newPeople.size, matchedPeople, defaultDateRows, undatedRows },
  };
  defineRows(preview, rows);
  return { preview, rows, analysis, program, stamp };
}

/**
 * A page of the last preview's rows (for a grid that fetches rows as it scrolls), optionally
 * only one status or one sheet. Same objects as in the preview.
 */
export function previewPage(
  session: ImportSession,
  query: { offset?: number; limit?: number; status?: RowStatus | null; sheetIndex?: number | null } = {},
): { total: number; rows: ImportPreviewRow[] } {
  const list = session.last?.rows;
  if (!list) return { total: 0, rows: [] };
  const offset = Math.max(0, query.offset ?? 0);
  const end = offset + Math.max(0, query.limit ?? 200);
  const bySheet = query.sheetIndex !== undefined && query.sheetIndex !== null;
  const out: ImportPreviewRow[] = [];
  if (!query.status && !bySheet) {
    for (let i = offset; i < Math.min(end, list.length); i++) out.push(list.row(i));
    return { total: list.length, rows: out };
  }
  let total = 0;
  for (let i = 0; i < list.length; i++) {
    if ((query.status && list.statusOf(i) !== query.status) || (bySheet && list.sheetIndexOf(i) !== query.sheetIndex)) continue;
    if (total >= offset && total < end) out.push(list.row(i));
    total++;
  }
  return { total, rows: out };
}

/** The `relief-ledger import --json` object: exactly the shape the issue specifies (reasons as codes). */
export function previewToCliJson(preview: ImportPreview, batchId?: number): ImportCliJson {
  const json: ImportCliJson = {
    file: preview.file.name,
    format: preview.file.format,
    outcome: preview.outcome,
    sheets: preview.sheets.map((s) => ({
      name: s.name,
      role: s.role,
      headerRow: s.headerRow,
      columns: Object.fromEntries(s.columns.filter((c) => c.field !== null).map((c) => [c.col, c.field as ImportField])),
    })),
    rows: preview.rows.map((r) => ({
      sheet: r.sheet, row: r.row, status: r.status, reasons: r.reasons.map((x) => x.code), name: r.name, idNumber: r.idNumber, gender: r.gender,
      unit: r.unit, category: r.category, amountFen: r.amountFen,
    })),
    summary: {
      ok: preview.summary.ok, warn: preview.summary.warn, error: preview.summary.error, skip: preview.summary.skip,
      totalFen: preview.summary.totalFen, acceptedFen: preview.summary.acceptedFen,
      statedTotals: preview.summary.statedTotals.map((t) => ({ sheet: t.sheet, row: t.row, fen: t.fen, computedFen: t.computedFen, matches: t.matches })),
    },
  };
  if (batchId !== undefined) json.batchId = batchId;
  return json;
}

/** The CLI object for a file that could not be read. */
export function fileErrorCliJson(fileName: string, error: LedgerError): ImportCliJson {
  const format = (error.details?.format as ImportCliJson['format'] | undefined) ?? null;
  return {
    file: fileName, format, outcome: 'file_error', error: error.message, sheets: [], rows: [],
    summary: { ok: 0, warn: 0, error: 0, skip: 0, totalFen: 0, acceptedFen: 0, statedTotals: [] },
  };
}
