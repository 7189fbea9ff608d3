/**
 * Roll-up (导入下级上报): a prefecture's ledger imports the filing packages of
 * its counties. Every package is read and verified first (counts, Σfen, sha256
 * against its metadata, and its content); if any is refused, nothing is
 * imported and the reasons are given. Then all packages are written in one
 * command:
 *
 *  - each county is a unit of kind 县级工会; its work units are units under it;
 *  - each package is an import batch of format 'filing' (file, sha256 of the
 *    data, metadata and the consolidated program ids in mapping_json);
 *  - programs get the code 县区划代码:项目编号 (or 单位名称:项目编号) so that
 *    counties' codes do not collide; people are matched by ID number across
 *    counties, households by 县:户号;
 *  - a newer package of a county and year replaces the one imported before:
 *    the old batch's payments are deleted and the batch marked reverted, all
 *    audited in the same command. An older or identical package is refused.
 */
import path from 'node:path';
import { localDateTime } from '../../../shared/domain/dates.ts';
import type { FilingMeta } from '../../../shared/forms/filing.ts';
import { backupBeforeImport } from '../backups.ts';
import type { Tx } from '../db/writer.ts';
import { LedgerError, toLedgerError } from '../errors.ts';
import type { ChangeSource, Ledger } from '../ledger.ts';
import type { SqliteDatabase } from '../db/open.ts';
import { bulkInsertPeople, findPersonByIdNumber, storedIdNumber, type PersonInput } from '../services/people.ts';
import { addFund, createProgram, findProgramByCode, updateProgram } from '../services/programs.ts';
import { ensureUnit } from '../services/units.ts';
import { FILING_DATA_SHEETS, FILING_META_SHEET, FILING_SUMMARY_SHEET } from '../../../shared/forms/filing.ts';
import { FilingRefused, readFilingPackage, type FilingPackage, type FilingRecord } from './filing.ts';
import { readSettings } from './snapshot.ts';

/** The unit kind of a county office in a consolidated ledger. */
export const COUNTY_UNIT_KIND = '县级工会';
export const FILING_BATCH_FORMAT = 'filing';

/** What a filing batch records in import_batches.mapping_json. */
export interface FilingBatchInfo {
  formatVersion: number;
  officeName: string;
  regionCode: string;
  year: number;
  exportedAt: string;
  countyKey: string;
  countyUnitId: number;
  fileSha256: string;
  /** The consolidated programs this package wrote (created or updated). */
  programIds: number[];
  /** Batches this one replaced. */
  replaces: number[];
  /** Set on a replaced batch: the batch that replaced it. */
  replacedBy?: number;
}

export interface ActiveFiling extends FilingBatchInfo {
  batchId: number;
  fileName: string;
  sha256: string;
  rowCount: number;
  totalFen: number;
  importedAt: string;
}

/** The filing batches in force (not replaced or reverted), optionally of one year. */
export function activeFilings(db: SqliteDatabase, year?: number): ActiveFiling[] {
  const rows = db.prepare(`SELECT id, file_name, sha256, mapping_json, row_count, total_fen, created_at FROM import_batches
    WHERE format = ? AND reverted_at IS NULL ORDER BY id`).all(FILING_BATCH_FORMAT) as {
    id: number; file_name: string; sha256: string; mapping_json: string; row_count: number; total_fen: number; created_at: string;
  }[];
  const out: ActiveFiling[] = [];
  for (const r of rows) {
    const info = JSON.parse(r.mapping_json) as FilingBatchInfo;
    if (year !== undefined && info.year !== year) continue;
    out.push({ ...info, batchId: r.id, fileName: r.file_name, sha256: r.sha256, rowCount: r.row_count, totalFen: r.total_fen, importedAt: r.created_at });
  }
  return out.sort((a, b) => (a.regionCode || a.officeName).localeCompare(b.regionCode || b.officeName) || a.batchId - b.batchId);
}

export function countyKeyOf(meta: Pick<FilingMeta, 'regionCode' | 'officeName'>): string {
  return meta.regionCode !== '' ? meta.regionCode : meta.officeName;
}

function sameCounty(a: Pick<FilingMeta, 'regionCode' | 'officeName'>, b: Pick<FilingMeta, 'regionCode' | 'officeName'>): boolean {
  if (a.regionCode !== '' && b.regionCode !== '') return a.regionCode === b.regionCode;
  return a.officeName === b.officeName;
}

export interface RollupImported {
  file: string;
  officeName: string;
  regionCode: string;
  year: number;
  exportedAt: string;
  rows: number;
  cashFen: number;
  goodsFen: number;
  totalFen: number;
  batchId: number;
  countyUnitId: number;
  /** Batches of the same county and year this package replaced. */
  replacedBatchIds: number[];
}

export interface RollupResult {
  imported: RollupImported[];
  rows: number;
  totalFen: number;
}

export interface RollupOptions {
  source?: ChangeSource;
  /** Take the 导入前 backup first (default true). */
  backup?: boolean;
}

/**
 * Import filing packages into the consolidated ledger. All or nothing: a
 * refused package (tampered, truncated, older than the one imported, the
 * office's own, …) stops the whole import with every reason listed.
 */
export async function importFilings(ledger: Ledger, files: readonly string[], options: RollupOptions = {}): Promise<RollupResult> {
  if (files.length === 0) throw new LedgerError('invalid_input', '请选择要导入的上报数据包');
  const packages: FilingPackage[] = [];
  const refused: FilingRefused[] = [];
  for (const file of files) {
    try {
      packages.push(await readFilingPackage(file));
    } catch (err) {
      if (err instanceof FilingRefused) refused.push(err);
      else refused.push(new FilingRefused(path.resolve(file), toLedgerError(err).message));
    }
  }
  for (let i = 0; i < packages.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = packages[i]!;
      const b = packages[j]!;
      if (a.meta.year === b.meta.year && sameCounty(a.meta, b.meta)) {
        refused.push(new FilingRefused(a.file, `与“${path.basename(b.file)}”是同一单位（${a.meta.officeName}）同一年度的数据包，一次只能导入其中一个`));
      }
    }
  }
  if (refused.length === 0) {
    // Checks against the ledger; repeated inside the write, which is what counts.
    for (const pkg of packages) {
      const why = refusalAgainstLedger(ledger.db, pkg);
      if (why) refused.push(new FilingRefused(pkg.file, why));
    }
  }
  if (refused.length > 0) throw refusedError(refused);

  const label = packages.length === 1 ? `导入下级上报：${packages[0]!.meta.officeName}${packages[0]!.meta.year}年` : `导入下级上报数据包（${packages.length}个）`;
  // The ledger as it was, in the backups folder (导入前), before anything is written.
  if (options.backup !== false) backupBeforeImport(ledger, 'commit', packages.length === 1 ? `${packages[0]!.meta.officeName}${packages[0]!.meta.year}` : '下级上报');
  const imported = ledger.run({ kind: 'rollup.import', label, source: options.source ?? 'imported', undoable: false }, (tx) =>
    packages.map((pkg) => {
      const why = refusalAgainstLedger(tx.database, pkg);
      if (why) throw refusedError([new FilingRefused(pkg.file, why)]);
      return importOne(tx, pkg, ledger.actor);
    }),
  );
  return {
    imported,
    rows: imported.reduce((s, r) => s + r.rows, 0),
    totalFen: imported.reduce((s, r) => s + r.totalFen, 0),
  };
}

function refusedError(refused: FilingRefused[]): LedgerError {
  if (refused.length === 1) return new LedgerError('invalid_input', `${refused[0]!.message}。台账未做任何改动。`, { refused: refused.map((r) => ({ file: r.file, reason: r.reason })) });
  return new LedgerError(
    'invalid_input',
    `${refused.length} 个上报数据包被拒绝，台账未做任何改动：\n${refused.map((r) => `  ${path.basename(r.file)}：${r.reason}`).join('\n')}`,
    { refused: refused.map((r) => ({ file: r.file, reason: r.reason })) },
  );
}

/** Why this package may not go into this ledger (null: it may). */
function refusalAgainstLedger(db: SqliteDatabase, pkg: FilingPackage): string | null {
  const own = readSettings(db);
  const m = pkg.meta;
  if ((own.regionCode !== '' && own.regionCode === m.regionCode) || (own.officeName !== '' && own.officeName === m.officeName)) {
    return `这是本单位（${m.officeName}）自己的数据包，不能导入本单位台账`;
  }
  for (const a of activeFilings(db, m.year)) {
    if (!sameCounty(a, m)) continue;
    if (a.sha256 === m.sha256) return `${m.officeName}${m.year}年的这份数据包已于 ${localDateTime(a.importedAt).slice(0, 10)} 导入过（文件“${a.fileName}”），未重复导入`;
    if (a.exportedAt >= m.exportedAt) {
      return `已导入的${m.officeName}${m.year}年数据包导出于 ${localDateTime(a.exportedAt)}，比这份（导出于 ${localDateTime(m.exportedAt)}）更新，未导入`;
    }
  }
  return null;
}

function ensureCountyKind(tx: Tx): void {
  const has = tx.database.prepare("SELECT 1 FROM code_lists WHERE list = 'unit_kind' AND value = ?").get(COUNTY_UNIT_KIND);
  if (has) return;
  const max = tx.database.prepare("SELECT coalesce(max(sort_order), 0) FROM code_lists WHERE list = 'unit_kind'").pluck().get() as number;
  tx.insert('code_lists', { list: 'unit_kind', value: COUNTY_UNIT_KIND, sort_order: max + 1 });
}

function countyUnit(tx: Tx, pkg: FilingPackage, previous: ActiveFiling[]): number {
  for (const p of previous) {
    if (tx.get('units', p.countyUnitId)) return p.countyUnitId;
  }
  const row = tx.database.prepare('SELECT id, kind FROM units WHERE name = ? AND parent_id IS NULL').get(pkg.meta.officeName) as { id: number; kind: string | null } | undefined;
  if (row) {
    if (row.kind !== COUNTY_UNIT_KIND) tx.update('units', row.id, { kind: COUNTY_UNIT_KIND });
    return row.id;
  }
  return tx.insert('units', { name: pkg.meta.officeName, kind: COUNTY_UNIT_KIND, parent_id: null, note: pkg.meta.regionCode ? `行政区划代码 ${pkg.meta.regionCode}` : null });
}

/** Delete the payments of a replaced batch (reversal entries first: they point at the originals) and mark it reverted. */
function retireBatch(tx: Tx, old: ActiveFiling, byBatch: number, actor: string | null): void {
  const ids = tx.database.prepare('SELECT id FROM payments WHERE import_batch_id = ? ORDER BY reverses_id IS NULL, id DESC').pluck().all(old.batchId) as number[];
  for (const id of ids) {
    // A payment of another batch or keyed by hand may reverse this one: unlink it first.
    for (const ref of tx.database.prepare('SELECT id FROM payments WHERE reverses_id = ?').pluck().all(id) as number[]) {
      tx.update('payments', ref, { reverses_id: null });
    }
    tx.delete('payments', id);
  }
  const { batchId: _b, fileName: _f, sha256: _s, rowCount: _r, totalFen: _t, importedAt: _i, ...info } = old;
  tx.update('import_batches', old.batchId, {
    reverted_at: tx.at,
    reverted_by: actor ?? '导入下级上报',
    mapping_json: JSON.stringify({ ...info, replacedBy: byBatch }),
  });
}

/** Delete the programs of replaced batches that nothing uses any more. */
function dropOrphanPrograms(tx: Tx, candidates: Iterable<number>): void {
  const inUse = new Set(activeFilings(tx.database).flatMap((a) => a.programIds));
  for (const id of candidates) {
    if (inUse.has(id) || !tx.get('programs', id)) continue;
    if (tx.database.prepare('SELECT EXISTS (SELECT 1 FROM payments WHERE program_id = ?)').pluck().get(id) === 1) continue;
    if (tx.database.prepare('SELECT EXISTS (SELECT 1 FROM program_rules WHERE other_program_id = ?)').pluck().get(id) === 1) continue;
    for (const table of ['program_funds', 'program_standards', 'program_rules'] as const) {
      for (const rid of tx.database.prepare(`SELECT id FROM ${table} WHERE program_id = ?`).pluck().all(id) as number[]) tx.delete(table, rid);
    }
    tx.delete('programs', id);
  }
}

function str(v: FilingRecord[string] | undefined): string | null {
  return v === null || v === undefined ? null : String(v);
}

function importOne(tx: Tx, pkg: FilingPackage, actor: string | null): RollupImported {
  const db = tx.database;
  const m = pkg.meta;
  const key = countyKeyOf(m);
  const previous = activeFilings(db, m.year).filter((a) => sameCounty(a, m));
  ensureCountyKind(tx);
  const countyId = countyUnit(tx, pkg, previous);

  const info: FilingBatchInfo = {
    formatVersion: m.formatVersion, officeName: m.officeName, regionCode: m.regionCode, year: m.year, exportedAt: m.exportedAt,
    countyKey: key, countyUnitId: countyId, fileSha256: pkg.fileSha256, programIds: [], replaces: previous.map((p) => p.batchId),
  };
  const batchId = tx.insert('import_batches', {
    file_name: path.basename(pkg.file), sha256: m.sha256, format: FILING_BATCH_FORMAT, program_id: null,
    sheets_json: JSON.stringify([FILING_SUMMARY_SHEET, ...FILING_DATA_SHEETS.map((s) => s.name), FILING_META_SHEET]),
    mapping_json: JSON.stringify(info),
    counts_json: JSON.stringify({ payments: m.paymentRows, programs: m.programRows, funds: m.fundRows, modelWorkers: m.modelWorkerRows }),
    row_count: m.paymentRows, total_fen: m.totalFen, accepted_fen: m.totalFen, clerk: actor,
  });
  for (const old of previous) retireBatch(tx, old, batchId, actor);

  // Programs and their funds.
  const programIds = new Map<string, number>();
  for (const p of pkg.programs) {
    const code = `${key}:${String(p.code)}`;
    const fields = {
      name: String(p.name), year: p.year as number, kind: str(p.kind) ?? '', startsOn: str(p.startsOn), endsOn: str(p.endsOn), note: str(p.note),
    };
    let id = findProgramByCode(tx, code);
    if (id === null) {
      id = createProgram(tx, { code, ...fields, rules: [] });
    } else {
      updateProgram(tx, id, fields);
      for (const fid of db.prepare('SELECT id FROM program_funds WHERE program_id = ?').pluck().all(id) as number[]) tx.delete('program_funds', fid);
    }
    programIds.set(String(p.code), id);
  }
  for (const f of pkg.funds) {
    addFund(tx, programIds.get(String(f.programCode))!, { source: String(f.source), amountFen: f.amountFen as number, receivedOn: str(f.receivedOn), note: str(f.note) });
  }

  // Work units under the county.
  const units = new Map<string, number>();
  const unitOf = (name: string | null): number => {
    if (name === null || name.trim() === '') return countyId;
    let id = units.get(name);
    if (id === undefined) {
      id = ensureUnit(tx, name, countyId);
      units.set(name, id);
    }
    return id;
  };

  // Households: 县:户号.
  const households = new Map<string, number>();
  const householdOf = (no: string | null): number | null => {
    if (no === null) return null;
    const fileNo = `${key}:${no}`;
    let id = households.get(fileNo);
    if (id === undefined) {
      const row = db.prepare('SELECT id FROM households WHERE file_no = ?').get(fileNo) as { id: number } | undefined;
      id = row ? row.id : tx.insert('households', { file_no: fileNo, unit_id: countyId });
      households.set(fileNo, id);
    }
    return id;
  };

  // People: by ID number across counties; without one, by name within the same unit.
  const people = new Map<number, number>();
  const used = new Set<number>();
  const pending: { pkgId: number; input: PersonInput }[] = [];
  const pendingIds = new Set<string>();
  const personRecords = new Map<number, FilingRecord>();
  for (const r of [...pkg.payments, ...pkg.modelWorkers]) {
    if (typeof r.personId === 'number' && !personRecords.has(r.personId)) personRecords.set(r.personId, r);
  }
  for (const [pkgId, r] of personRecords) {
    const unitId = unitOf(str(r.unitName));
    const idNumber = storedIdNumber(str(r.idNumber));
    const householdId = householdOf(str(r.householdNo));
    let found: number | undefined;
    if (idNumber !== null) {
      found = findPersonByIdNumber(db, idNumber)?.id;
      if (found === undefined && pendingIds.has(idNumber)) throw new FilingRefused(pkg.file, `身份证号 ${idNumber} 在数据包中属于两个不同的人员编号`);
    } else {
      const same = db.prepare('SELECT id FROM people WHERE name = ? AND unit_id = ? AND id_number IS NULL ORDER BY id').pluck().all(String(r.name), unitId) as number[];
      found = same.find((id) => !used.has(id));
    }
    if (found !== undefined) {
      people.set(pkgId, found);
      used.add(found);
      if (householdId !== null && (db.prepare('SELECT household_id FROM people WHERE id = ?').pluck().get(found) ?? null) === null) {
        tx.update('people', found, { household_id: householdId });
      }
    } else {
      if (idNumber !== null) pendingIds.add(idNumber);
      const gender = str(r.gender);
      pending.push({
        pkgId,
        input: { name: String(r.name), idNumber, gender: gender === '男' || gender === '女' ? gender : null, unitId, householdId },
      });
    }
  }
  const newIds = bulkInsertPeople(tx, pending.map((p) => p.input));
  pending.forEach((p, i) => people.set(p.pkgId, newIds[i]!));

  // Payments.
  const rows = pkg.payments.map((p) => ({
    program_id: p.programCode === null ? null : programIds.get(String(p.programCode))!,
    person_id: typeof p.personId === 'number' ? people.get(p.personId)! : null,
    paid_on: String(p.paidOn), cash_fen: p.cashFen as number, goods_fen: p.goodsFen as number, goods_desc: str(p.goodsDesc),
    recipient_kind: str(p.recipientKind), category: str(p.category), method: str(p.method) ?? '现金', status: str(p.status) ?? '登记',
    unit_id: unitOf(str(p.unitName)), student_name: str(p.studentName), note: str(p.note), import_batch_id: batchId,
  }));
  const paymentIds = tx.insertMany('payments', rows);
  const byPkgId = new Map<number, number>();
  pkg.payments.forEach((p, i) => byPkgId.set(p.id as number, paymentIds[i]!));
  const earlier = tx.database.prepare(`SELECT p.id FROM payments p JOIN import_batches b ON b.id = p.import_batch_id
      WHERE b.format = 'filing' AND b.reverted_at IS NULL AND b.id <> ? AND json_extract(b.mapping_json, '$.countyKey') = ?
        AND p.person_id IS ? AND p.program_id IS ? AND p.cash_fen = ? AND p.goods_fen = ? AND p.reverses_id IS NULL AND p.paid_on <= ?
        AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses_id = p.id)
      ORDER BY p.paid_on DESC, p.id DESC LIMIT 1`).pluck();
  pkg.payments.forEach((p, i) => {
    if (typeof p.reversesId !== 'number') return;
    // The payment reversed: in this package, or (a 冲正 of an earlier year's payment) in the same county's
    // earlier package, found by what it reverses: the same person and program, the same sums, not yet reversed.
    const row = rows[i]!;
    const original = byPkgId.get(p.reversesId)
      ?? (earlier.get(batchId, key, row.person_id, row.program_id, -row.cash_fen, -row.goods_fen, row.paid_on) as number | undefined);
    if (original !== undefined) tx.update('payments', paymentIds[i]!, { reverses_id: original });
  });

  // The model-worker register: one row per person, honour level and title.
  for (const mw of pkg.modelWorkers) {
    const personId = people.get(mw.personId as number)!;
    const values = {
      year_awarded: (mw.yearAwarded as number | null) ?? null, awarding_body: str(mw.awardingBody), subsidy_kind: str(mw.subsidyKind),
      in_hardship: mw.inHardship === '是' ? 1 : 0, note: str(mw.note),
    };
    const existing = db.prepare('SELECT id FROM model_workers WHERE person_id = ? AND honour_level = ? AND title = ?').pluck().get(personId, String(mw.honourLevel), String(mw.title)) as number | undefined;
    if (existing !== undefined) tx.update('model_workers', existing, values);
    else tx.insert('model_workers', { person_id: personId, honour_level: String(mw.honourLevel), title: String(mw.title), ...values });
  }

  info.programIds = [...new Set(programIds.values())];
  tx.update('import_batches', batchId, { mapping_json: JSON.stringify(info) });
  dropOrphanPrograms(tx, previous.flatMap((p) => p.programIds));

  return {
    file: pkg.file, officeName: m.officeName, regionCode: m.regionCode, year: m.year, exportedAt: m.exportedAt,
    rows: m.paymentRows, cashFen: m.cashFen, goodsFen: m.goodsFen, totalFen: m.totalFen, batchId, countyUnitId: countyId,
    replacedBatchIds: previous.map((p) => p.batchId),
  };
}
