/**
 * The filing package (上报数据包): export of a year's data for the upper union,
 * and the reading and verification of a package on the prefecture's side.
 * The format is described in shared/forms/filing.ts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import {
  canonicalLine,
  canonicalSheetLine,
  FILING_DATA_SHEETS,
  FILING_FORMAT,
  FILING_FORMAT_VERSION,
  FILING_FUNDS,
  FILING_META_KEYS,
  FILING_META_LABELS,
  FILING_META_SHEET,
  FILING_MODEL_WORKERS,
  FILING_PAYMENTS,
  FILING_PROGRAMS,
  filingDataSheet,
  filingMetaSheet,
  filingSummarySheet,
  type FilingMeta,
  type FilingProgramTotal,
  type FilingSheetSpec,
  type FilingValue,
} from '../../../shared/forms/filing.ts';
import { PAYMENT_STATUSES } from '../../../shared/domain/codes.ts';
import { EARLIEST_AWARD_YEAR, isAwardYear, LATEST_AWARD_YEAR } from '../../../shared/domain/modelWorkers.ts';
import { formatYuan } from '../../../shared/domain/money.ts';
import type { SqliteDatabase } from '../db/open.ts';
import { LedgerError } from '../errors.ts';
import { FILING_CAPS, MAX_FILE_BYTES, zipSizeProblem } from '../import/limits.ts';
import { inflatedSizeProblem, listZip } from '../import/zip.ts';
import type { Ledger } from '../ledger.ts';
import type { ExportResult } from './roster.ts';
import { openSnapshot, readSettings } from './snapshot.ts';
import { writeFormBook } from './xlsx.ts';

export const SOFTWARE = '幫扶台賬 Relief Ledger 0.1.0';

export interface FilingExportOptions {
  year: number;
  out: string;
  /** The export time written into the package (default now). */
  now?: Date;
}

export interface FilingExportResult extends ExportResult {
  sha256: string;
  meta: FilingMeta;
}

export function checkYear(year: unknown): number {
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1900 || year > 2199) throw new LedgerError('invalid_input', `年度无效：${String(year)}`);
  return year;
}

function yearRange(year: number): [string, string] {
  return [`${year}-01-01`, `${year}-12-31`];
}

const PAYMENTS_SQL = `SELECT p.id, p.person_id, pe.name, pe.gender, pe.id_number,
    CASE WHEN pe.household_id IS NULL THEN NULL ELSE coalesce(h.file_no, 'H' || pe.household_id) END,
    coalesce(u.name, pu.name), pr.code, p.paid_on, p.recipient_kind, p.category, p.cash_fen, p.goods_fen, p.goods_desc,
    p.method, p.status, p.student_name, p.reverses_id, p.note
  FROM payments p
  LEFT JOIN people pe ON pe.id = p.person_id
  LEFT JOIN households h ON h.id = pe.household_id
  LEFT JOIN units u ON u.id = p.unit_id
  LEFT JOIN units pu ON pu.id = pe.unit_id
  LEFT JOIN programs pr ON pr.id = p.program_id
  WHERE p.paid_on BETWEEN ? AND ?
  ORDER BY p.id`;

/** Programs of the year and programs the year's payments belong to. */
const PROGRAM_IDS_SQL = `SELECT id FROM programs WHERE year = @year
  UNION SELECT DISTINCT program_id FROM payments WHERE paid_on BETWEEN @first AND @last AND program_id IS NOT NULL`;

const PROGRAMS_SQL = `SELECT code, name, year, kind, starts_on, ends_on, note FROM programs WHERE id IN (${PROGRAM_IDS_SQL}) ORDER BY code`;
const FUNDS_SQL = `SELECT pr.code, f.source, f.amount_fen, f.received_on, f.note FROM program_funds f JOIN programs pr ON pr.id = f.program_id
  WHERE pr.id IN (${PROGRAM_IDS_SQL}) ORDER BY pr.code, f.id`;
const MODEL_WORKERS_SQL = `SELECT mw.person_id, pe.name, pe.gender, pe.id_number, u.name, mw.honour_level, mw.title, mw.year_awarded,
    mw.awarding_body, mw.subsidy_kind, CASE mw.in_hardship WHEN 1 THEN '是' ELSE '否' END, mw.note
  FROM model_workers mw JOIN people pe ON pe.id = mw.person_id LEFT JOIN units u ON u.id = pe.unit_id ORDER BY mw.id`;

function programTotals(db: SqliteDatabase, year: number): FilingProgramTotal[] {
  const [a, b] = yearRange(year);
  return db.prepare(`SELECT pr.code AS code, pr.name AS name, pr.kind AS kind, count(*) AS rows,
      coalesce(sum(p.cash_fen), 0) AS cashFen, coalesce(sum(p.goods_fen), 0) AS goodsFen
    FROM payments p LEFT JOIN programs pr ON pr.id = p.program_id
    WHERE p.paid_on BETWEEN ? AND ? GROUP BY p.program_id ORDER BY pr.code IS NULL, pr.code`).all(a, b) as FilingProgramTotal[];
}

/** Write the year's filing package. Refuses when the office name is not set (the upper union must know who files). */
export async function exportFiling(ledger: Ledger, options: FilingExportOptions): Promise<FilingExportResult> {
  const year = checkYear(options.year);
  const snap = openSnapshot(ledger);
  try {
    const db = snap.db;
    const settings = readSettings(db);
    if (settings.officeName.trim() === '') throw new LedgerError('invalid_input', '请先在“设置”中填写单位名称：上报数据包必须注明上报单位');
    const [a, b] = yearRange(year);
    const programs = programTotals(db, year);
    const count = (sql: string, ...params: unknown[]) => (db.prepare(`SELECT count(*) FROM (${sql})`).pluck().get(...params) as number);
    const expected = {
      payments: programs.reduce((s, p) => s + p.rows, 0),
      programs: count(PROGRAMS_SQL, { year, first: a, last: b }),
      funds: count(FUNDS_SQL, { year, first: a, last: b }),
      modelWorkers: count(MODEL_WORKERS_SQL),
      cashFen: programs.reduce((s, p) => s + p.cashFen, 0),
      goodsFen: programs.reduce((s, p) => s + p.goodsFen, 0),
    };
    if (expected.payments === 0 && expected.programs === 0) throw new LedgerError('not_found', `${year}年没有发放记录，也没有项目，无需上报`);
    const exportedAt = (options.now ?? new Date()).toISOString();

    const hash = crypto.createHash('sha256');
    const seen = { payments: 0, programs: 0, funds: 0, modelWorkers: 0, cashFen: 0, goodsFen: 0 };
    const cashIdx = FILING_PAYMENTS.columns.findIndex((c) => c.key === 'cashFen');
    const goodsIdx = FILING_PAYMENTS.columns.findIndex((c) => c.key === 'goodsFen');
    const hashed = (spec: FilingSheetSpec, sql: string, params: unknown[]): Iterable<FilingValue[]> => ({
      *[Symbol.iterator]() {
        hash.update(canonicalSheetLine(spec));
        for (const values of db.prepare(sql).raw().iterate(...params) as IterableIterator<FilingValue[]>) {
          hash.update(canonicalLine(values));
          seen[spec.key]++;
          if (spec.key === 'payments') {
            seen.cashFen += values[cashIdx] as number;
            seen.goodsFen += values[goodsIdx] as number;
          }
          yield values;
        }
      },
    });
    let meta: FilingMeta | null = null;
    const finish = (): FilingMeta => {
      for (const k of ['payments', 'programs', 'funds', 'modelWorkers', 'cashFen', 'goodsFen'] as const) {
        if (seen[k] !== expected[k]) throw new LedgerError('internal', `导出时数据不一致（${k}：${seen[k]} ≠ ${expected[k]}），未生成数据包`);
      }
      meta = {
        format: FILING_FORMAT, formatVersion: FILING_FORMAT_VERSION, officeName: settings.officeName, regionCode: settings.regionCode,
        year, exportedAt, software: SOFTWARE, paymentRows: seen.payments, programRows: seen.programs, fundRows: seen.funds,
        modelWorkerRows: seen.modelWorkers, cashFen: seen.cashFen, goodsFen: seen.goodsFen, totalFen: seen.cashFen + seen.goodsFen,
        sha256: hash.digest('hex'),
      };
      return meta;
    };
    const written = await writeFormBook({
      sheets: [
        filingSummarySheet(settings.officeName, settings.regionCode, year, exportedAt, programs),
        filingDataSheet(FILING_PAYMENTS, hashed(FILING_PAYMENTS, PAYMENTS_SQL, [a, b]), expected.payments),
        filingDataSheet(FILING_PROGRAMS, hashed(FILING_PROGRAMS, PROGRAMS_SQL, [{ year, first: a, last: b }]), expected.programs),
        filingDataSheet(FILING_FUNDS, hashed(FILING_FUNDS, FUNDS_SQL, [{ year, first: a, last: b }]), expected.funds),
        filingDataSheet(FILING_MODEL_WORKERS, hashed(FILING_MODEL_WORKERS, MODEL_WORKERS_SQL, []), expected.modelWorkers),
        filingMetaSheet(finish),
      ],
    }, options.out);
    const m = meta as FilingMeta | null;
    if (!m) throw new LedgerError('internal', '元数据未生成');
    return { ...written, rows: m.paymentRows, cashFen: m.cashFen, goodsFen: m.goodsFen, totalFen: m.totalFen, sha256: m.sha256, meta: m };
  } finally {
    snap.close();
  }
}

// ---------------------------------------------------------------------------
// Reading a package back.

export type FilingRecord = Record<string, FilingValue>;

export interface FilingPackage {
  file: string;
  /** sha256 of the file's bytes (to recognise the same file imported twice). */
  fileSha256: string;
  meta: FilingMeta;
  payments: FilingRecord[];
  programs: FilingRecord[];
  funds: FilingRecord[];
  modelWorkers: FilingRecord[];
}

/** A package that cannot be imported: which file and why, in Chinese. */
export class FilingRefused extends LedgerError {
  readonly file: string;
  readonly reason: string;
  constructor(file: string, reason: string) {
    super('invalid_input', `上报数据包“${path.basename(file)}”被拒绝：${reason}`, { file, reason });
    this.name = 'FilingRefused';
    this.file = file;
    this.reason = reason;
  }
}

/** A SheetJS cell as the value the canonical line holds. */
function sheetJsValue(cell: XLSX.CellObject | undefined): unknown {
  if (!cell || cell.v === undefined || cell.v === null) return null;
  if (cell.t === 'e') return `#${String(cell.w ?? cell.v)}`;
  return cell.v;
}

function cellText(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** Reads one data sheet row by row into records and canonical lines, checking its header; problems name the sheet, row and column. */
class DataSheetReader {
  readonly records: FilingRecord[] = [];
  readonly lines: string[];
  private headerSeen = false;
  private readonly spec: FilingSheetSpec;
  private readonly refuse: (reason: string) => never;

  constructor(spec: FilingSheetSpec, refuse: (reason: string) => never) {
    this.spec = spec;
    this.refuse = refuse;
    this.lines = [canonicalSheetLine(spec)];
  }

  row(r: number, cell: (c: number) => unknown): void {
    const { spec, refuse } = this;
    if (!this.headerSeen) {
      if (r !== 1) refuse(`“${spec.name}”表缺少第1行的表头`);
      this.headerSeen = true;
      spec.columns.forEach((c, i) => {
        const h = cellText(cell(i + 1));
        if (h !== c.header) refuse(`“${spec.name}”表第1行第${i + 1}列应为“${c.header}”，实为“${h ?? ''}”（格式版本 ${FILING_FORMAT_VERSION}）`);
      });
      return;
    }
    const values: FilingValue[] = [];
    let empty = true;
    spec.columns.forEach((c, i) => {
      const raw = cellText(cell(i + 1));
      if (raw !== null && raw !== '') empty = false;
      const where = `“${spec.name}”表第${r}行“${c.header}”`;
      if (raw === null || raw === '') {
        values.push(c.kind === 'fen' ? 0 : null);
      } else if (c.kind === 'text') {
        values.push(String(raw));
      } else if (typeof raw !== 'number') {
        refuse(`${where}应为数字，实为“${String(raw)}”`);
      } else if (!Number.isFinite(raw)) {
        // A damaged number cell (its text no number: read as NaN): said in words, not as NaN (the fuzz test, seed 967059691, once).
        refuse(`${where}应为数字，但单元格中的数值已损坏`);
      } else if (c.kind === 'int') {
        if (!Number.isSafeInteger(raw)) refuse(`${where}应为整数，实为 ${raw}`);
        values.push(raw);
      } else {
        const fen = Math.round(raw * 100);
        if (!Number.isSafeInteger(fen) || Math.abs(raw * 100 - fen) > 1e-6 * Math.max(1, Math.abs(raw))) refuse(`${where}不是精确到分的金额：${raw}`);
        values.push(fen === 0 ? 0 : fen);
      }
    });
    if (empty) return; // a row a spreadsheet program keeps for its formatting only
    const rec: FilingRecord = {};
    spec.columns.forEach((c, i) => (rec[c.key] = values[i]!));
    this.records.push(rec);
    this.lines.push(canonicalLine(values));
  }

  finish(): void {
    if (!this.headerSeen) this.refuse(`“${this.spec.name}”表是空的`);
  }
}

function parseMeta(raw: Map<string, string>, refuse: (reason: string) => never): FilingMeta {
  if (raw.get('format') !== FILING_FORMAT) refuse('元数据中的数据包格式不符：不是帮扶台账导出的上报数据包');
  const version = Number(raw.get('formatVersion'));
  if (!Number.isInteger(version) || version < 1) refuse(`元数据中的格式版本“${raw.get('formatVersion') ?? ''}”无效`);
  if (version > FILING_FORMAT_VERSION) refuse(`数据包格式版本为 ${version}，本程序只支持到 ${FILING_FORMAT_VERSION}，请升级帮扶台账后再导入`);
  const out: Record<string, string | number> = {};
  for (const key of FILING_META_KEYS) {
    const v = raw.get(key);
    if (v === undefined) refuse(`元数据缺少“${FILING_META_LABELS[key]}”（${key}）`);
    const numeric = key === 'formatVersion' || key === 'year' || key.endsWith('Rows') || key.endsWith('Fen');
    if (numeric) {
      if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) refuse(`元数据“${FILING_META_LABELS[key]}”应为整数，实为“${v}”`);
      out[key] = Number(v);
    } else {
      out[key] = v;
    }
  }
  const meta = out as unknown as FilingMeta;
  if (meta.officeName.trim() === '') refuse('元数据中没有上报单位名称');
  if (meta.regionCode !== '' && !/^\d{6}$/.test(meta.regionCode)) refuse(`元数据中的行政区划代码“${meta.regionCode}”应为6位数字`);
  if (meta.year < 1900 || meta.year > 2199) refuse(`元数据中的年度“${meta.year}”无效`);
  if (!/^[0-9a-f]{64}$/.test(meta.sha256)) refuse('元数据中的数据校验码格式错误');
  return meta;
}

/**
 * Read a package and verify it against its own metadata: row counts, Σfen and
 * the sha256 of the data. Streams the file (a package of 100,000 rows is read
 * without loading the workbook). Throws FilingRefused with the reason; reads
 * nothing into any ledger.
 */
export async function readFilingPackage(file: string): Promise<FilingPackage> {
  const resolved = path.resolve(file);
  const refuse = (reason: string): never => {
    throw new FilingRefused(resolved, reason);
  };
  if (!fs.existsSync(resolved) || !fs.statSync(resolved).isFile()) refuse('文件不存在');
  const readers = new Map(FILING_DATA_SHEETS.map((spec) => [spec.name, new DataSheetReader(spec, refuse)]));
  const rawMeta = new Map<string, string>();
  if (fs.statSync(resolved).size > MAX_FILE_BYTES) refuse(`文件有 ${Math.round(fs.statSync(resolved).size / 1024 / 1024)} MB，太大，不是帮扶台账导出的上报数据包`);
  const bytes = fs.readFileSync(resolved);
  // An .xlsx is a zip: anything else (an old .xls, a CSV, a web page) is not a package.
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50) refuse('无法读取，不是有效的 .xlsx 文件（可能已损坏或被另存为其他格式）');
  // The whole package is unpacked in memory: its parts must be of sane sizes, and really of the sizes stated (no zip bomb).
  const listing = listZip(bytes);
  if (!listing.ok) refuse(listing.problem === 'truncated' ? '文件不完整（可能在传送时被截断），已损坏，请向上报单位索取原始数据包' : '无法读取，不是有效的 .xlsx 文件（压缩包结构已损坏）');
  if (listing.ok) {
    const tooBig = zipSizeProblem(listing.entries, FILING_CAPS);
    if (tooBig) refuse(`${tooBig}，不是正常的上报数据包`);
    const lie = inflatedSizeProblem(bytes, listing.entries);
    if (lie) refuse(lie.problem === 'larger' ? `压缩包中的“${lie.entry.name}”解压后比文件目录记录的大（文件已损坏，或是“压缩炸弹”）` : `压缩包中的“${lie.entry.name}”已损坏，无法解压`);
  }
  let wb: XLSX.WorkBook;
  try {
    // SheetJS in dense mode: a fraction of the memory of a full exceljs workbook, and exceljs's
    // streaming reader cuts Chinese characters that straddle its read chunks.
    wb = XLSX.read(bytes, { dense: true, cellFormula: false, cellHTML: false, cellText: false, cellStyles: false, cellDates: false });
  } catch {
    refuse('无法读取，不是有效的 .xlsx 文件（可能已损坏或被另存为其他格式）');
  }
  const names = wb!.SheetNames;
  const metaSeen = names.includes(FILING_META_SHEET);
  const seen = new Set(names);
  for (const name of names) {
    const data = readers.get(name);
    if (!data && name !== FILING_META_SHEET) continue;
    const ws = wb!.Sheets[name] as unknown as { '!data'?: (XLSX.CellObject[] | undefined)[] } | undefined;
    // Listed in the workbook but its part is missing from the archive.
    if (!ws) refuse(`“${name}”表的数据缺失（文件已损坏），请向上报单位索取原始数据包`);
    const rows = ws!['!data'] ?? [];
    rows.forEach((row, i) => {
      if (!row) return;
      const cell = (c: number): unknown => sheetJsValue(row[c - 1]);
      if (data) data.row(i + 1, cell);
      else if (i > 0) {
        const k = cellText(cell(1));
        const v = cellText(cell(2));
        if (typeof k === 'string') rawMeta.set(k, v === null ? '' : String(v));
      }
    });
  }
  if (!metaSeen) refuse(`缺少“${FILING_META_SHEET}”表：不是帮扶台账导出的上报数据包`);
  const meta = parseMeta(rawMeta, refuse);
  for (const spec of FILING_DATA_SHEETS) {
    if (!seen.has(spec.name)) refuse(`缺少“${spec.name}”表`);
    readers.get(spec.name)!.finish();
  }
  const sheet = (spec: FilingSheetSpec) => readers.get(spec.name)!;
  const payments = sheet(FILING_PAYMENTS);
  const programs = sheet(FILING_PROGRAMS);
  const funds = sheet(FILING_FUNDS);
  const modelWorkers = sheet(FILING_MODEL_WORKERS);

  const countCheck = (label: string, announced: number, found: number) => {
    if (announced !== found) {
      refuse(`${label}不符：元数据记载 ${announced} 条，数据表中有 ${found} 条（数据包可能被截断或删改）`);
    }
  };
  countCheck(`“${FILING_PAYMENTS.name}”记录数`, meta.paymentRows, payments.records.length);
  countCheck(`“${FILING_PROGRAMS.name}”记录数`, meta.programRows, programs.records.length);
  countCheck(`“${FILING_FUNDS.name}”记录数`, meta.fundRows, funds.records.length);
  countCheck(`“${FILING_MODEL_WORKERS.name}”记录数`, meta.modelWorkerRows, modelWorkers.records.length);
  let cash = 0;
  let goods = 0;
  for (const p of payments.records) {
    cash += p.cashFen as number;
    goods += p.goodsFen as number;
  }
  if (cash !== meta.cashFen || goods !== meta.goodsFen || meta.totalFen !== meta.cashFen + meta.goodsFen) {
    refuse(`金额合计不符：元数据记载现金 ${formatYuan(meta.cashFen)} 元、慰问品 ${formatYuan(meta.goodsFen)} 元，数据表合计现金 ${formatYuan(cash)} 元、慰问品 ${formatYuan(goods)} 元`);
  }
  const hash = crypto.createHash('sha256');
  for (const spec of FILING_DATA_SHEETS) for (const line of sheet(spec).lines) hash.update(line);
  if (hash.digest('hex') !== meta.sha256) refuse('数据校验码不符：数据包的内容在导出后被修改过，请向上报单位索取原始数据包');

  checkContent(meta, payments.records, programs.records, funds.records, modelWorkers.records, refuse);
  return {
    file: resolved,
    fileSha256: crypto.createHash('sha256').update(bytes).digest('hex'),
    meta,
    payments: payments.records,
    programs: programs.records,
    funds: funds.records,
    modelWorkers: modelWorkers.records,
  };
}

const ISO = /^[12]\d{3}-[01]\d-[0-3]\d$/;

/** The data must also make sense: dates in the year, codes that exist, one program per code. */
function checkContent(meta: FilingMeta, payments: FilingRecord[], programs: FilingRecord[], funds: FilingRecord[], modelWorkers: FilingRecord[], refuse: (r: string) => never): void {
  const codes = new Set<string>();
  programs.forEach((p, i) => {
    const where = `“${FILING_PROGRAMS.name}”表第${i + 2}行`;
    if (typeof p.code !== 'string') refuse(`${where}缺少项目编号`);
    if (codes.has(p.code)) refuse(`${where}项目编号“${p.code}”重复`);
    codes.add(p.code);
    if (typeof p.name !== 'string') refuse(`${where}缺少项目名称`);
    if (typeof p.year !== 'number') refuse(`${where}缺少年度`);
  });
  const ids = new Set<number>();
  payments.forEach((p, i) => {
    const where = `“${FILING_PAYMENTS.name}”表第${i + 2}行`;
    if (typeof p.id !== 'number') refuse(`${where}缺少记录号`);
    if (ids.has(p.id)) refuse(`${where}记录号 ${p.id} 重复`);
    ids.add(p.id);
    if (typeof p.paidOn !== 'string' || !ISO.test(p.paidOn) || !p.paidOn.startsWith(`${meta.year}-`)) {
      refuse(`${where}“发放日期”应为 ${meta.year} 年的日期（YYYY-MM-DD），实为“${p.paidOn ?? ''}”`);
    }
    if (p.programCode !== null && !codes.has(p.programCode as string)) refuse(`${where}项目编号“${p.programCode}”不在“${FILING_PROGRAMS.name}”表中`);
    if (p.personId !== null && typeof p.name !== 'string') refuse(`${where}缺少姓名`);
    if (p.status !== null && !(PAYMENT_STATUSES as readonly string[]).includes(p.status as string)) refuse(`${where}“状态”应为${PAYMENT_STATUSES.join('、')}之一，实为“${p.status}”`);
  });
  funds.forEach((f, i) => {
    if (!codes.has(f.programCode as string)) refuse(`“${FILING_FUNDS.name}”表第${i + 2}行项目编号“${f.programCode ?? ''}”不在“${FILING_PROGRAMS.name}”表中`);
    if (typeof f.source !== 'string') refuse(`“${FILING_FUNDS.name}”表第${i + 2}行缺少资金来源`);
  });
  modelWorkers.forEach((m, i) => {
    const where = `“${FILING_MODEL_WORKERS.name}”表第${i + 2}行`;
    if (typeof m.personId !== 'number' || typeof m.name !== 'string') refuse(`${where}缺少人员编号或姓名`);
    if (typeof m.honourLevel !== 'string' || typeof m.title !== 'string') refuse(`${where}缺少荣誉级别或称号`);
    if (m.subsidyKind !== null && m.subsidyKind !== '两金' && m.subsidyKind !== '三金') refuse(`${where}补助类别应为“两金”或“三金”，实为“${m.subsidyKind}”`);
    // A year the register refuses (1949, 1905 for 1995) is not stored by the roll-up either: the county corrects its register.
    if (m.yearAwarded !== null && !isAwardYear(m.yearAwarded as number)) {
      refuse(`${where}“获评年度”应为 ${EARLIEST_AWARD_YEAR} 至 ${LATEST_AWARD_YEAR} 年之间的年份，实为 ${m.yearAwarded}（${String(m.name)}），请上报单位在劳模名册中改正后重新导出数据包`);
    }
  });
}
