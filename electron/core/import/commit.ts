/**
 * Commit, revert and history of roster imports.
 *
 * Commit: one `ledger.run` command (source 'imported', not undoable: it is
 * reverted by its own action), one import_batches row, the new people, the
 * ok + warn rows as payments carrying the batch id, model-worker records from
 * model-worker rosters, and the clerk's corrected mappings remembered. The
 * preview's ledger checks are re-run inside the transaction when the ledger
 * changed since the preview; if that would change which rows are imported, the
 * commit is refused and nothing is written.
 *
 * Revert: one audited command that deletes the batch's payments, then the
 * people, model-worker records and units the commit created that nothing else
 * uses, and marks the batch reverted. Refused when any of its payments has
 * been approved or paid.
 *
 * Both first take a backup of the ledger as it is (backups.ts backupBeforeImport: 导入前 /
 * 撤销导入前 in the backups folder), after their checks and before their command, so that
 * the app, the CLI and any other caller get it; a backup that cannot be written stops the
 * commit or revert with its message, the ledger unchanged.
 */
import { LOCKED_PAYMENT_STATUSES } from '../../../shared/domain/codes.ts';
import { localDateTime } from '../../../shared/domain/dates.ts';
import { formatYuan } from '../../../shared/domain/money.ts';
import type { ImportBatchSummary, ImportCommitResult, ImportProgress, ImportRevertResult } from '../../../shared/import.ts';
import fs from 'node:fs';
import { backupBeforeImport, createBackup, ledgerMarker, pruneBackups } from '../backups.ts';
import { LedgerError } from '../errors.ts';
import type { Ledger } from '../ledger.ts';
import type { Tx } from '../db/writer.ts';
import { rowsOfMany, type ManyRecord } from '../db/auditRecords.ts';
import { insertPeopleEach, type PersonInput } from '../services/people.ts';
import { insertPaymentsEach, type PaymentInsert } from '../services/payments.ts';
import { awardingBodyValue } from '../services/modelWorkers.ts';
import { ensureUnit } from '../services/units.ts';
import type { AnalyzedRow } from './analyze.ts';
import { codeNormalizer } from './check.ts';
import { collectHeldRows, packHeldReport } from './errorReport.ts';
import { evaluate, previewImport, type ImportSession, type PreviewState } from './preview.ts';
import { subsidyKindOf } from './subsidyKind.ts';
import { codeKey, toSimplified } from './text.ts';

export interface CommitOptions {
  /** Import even though the same file (same bytes) was imported before and not reverted. */
  force?: boolean;
  /** Stamped on the batch and the payments (default: the ledger's actor). */
  clerk?: string | null;
  onProgress?: (p: ImportProgress) => void;
  /** Take the 导入前 backup first (default true; false only for a caller that has just taken one itself). */
  backup?: boolean;
}

/** Rows are written in slices of this many (one transaction all the same). */
const SLICE = 2000;

function accepted(state: PreviewState): AnalyzedRow[] {
  return state.analysis.rows.filter((r) => {
    return !r.skip && (r.status === 'ok' || r.status === 'warn');
  });
}

function keyOf(r: AnalyzedRow): string {
  return `${r.sheetIndex}:${r.row}`;
}

function duplicateBatch(ledger: Ledger, sha256: string): { id: number; file_name: string; created_at: string; payments: number; program: string | null } | undefined {
  return ledger.stmt(`SELECT b.id, b.file_name, b.created_at, (SELECT count(*) FROM payments p WHERE p.import_batch_id = b.id) AS payments,
      (SELECT name FROM programs g WHERE g.id = b.program_id) AS program
    FROM import_batches b WHERE b.sha256 = ? AND b.reverted_at IS NULL ORDER BY b.id DESC LIMIT 1`).get(sha256) as
    | { id: number; file_name: string; created_at: string; payments: number; program: string | null }
    | undefined;
}

/** A model-worker title for matching: as a code-list value, without a bracketed remark. */
function titleKey(title: string): string {
  return codeKey(title.replace(/[(（][^)）]*[)）]/g, ''));
}

/** A unit's name for matching: as a code-list value, brackets half-width. */
function unitKey(name: string): string {
  return codeKey(name).replace(/（/g, '(').replace(/）/g, ')');
}

function noteOf(r: AnalyzedRow, modelWorkerStored: boolean): string | null {
  const v = r.v;
  const parts = [v.note];
  if (v.school) parts.push(`学校：${v.school}`);
  if (v.address) parts.push(`住址：${v.address}`);
  if (v.bankAccount) parts.push(`银行卡号：${v.bankAccount}`);
  if (!modelWorkerStored && (v.honourTitle || v.honourLevel)) parts.push(`劳模：${[v.honourLevel, v.honourTitle, v.yearAwarded].filter(Boolean).join(' ')}`);
  const text = parts.filter((p): p is string => Boolean(p)).join('；');
  return text === '' ? null : text;
}

/** Write the preview's ok + warn rows to the ledger as one import batch. */
export function commitImport(ledger: Ledger, session: ImportSession, options: CommitOptions = {}): ImportCommitResult {
  let state = session.last ?? (previewImport(ledger, session), session.last!);
  const wb = session.workbook;
  const opts = session.options;
  if (!state.program) throw new LedgerError('invalid_input', `导入“${wb.fileName}”前请先选择项目`);
  const refuseDuplicate = () => {
    if (options.force) return;
    const dup = duplicateBatch(ledger, wb.sha256);
    if (dup) {
      throw new LedgerError('duplicate', `“${wb.fileName}”与 ${localDateTime(dup.created_at).slice(0, 10)} 导入${dup.program ? `到“${dup.program}”` : ''}的“${dup.file_name}”（批次 #${dup.id}，${dup.payments} 条）完全相同，已拒绝重复导入。如确需再次导入，请选择“仍然再次导入”（命令行加 --force）。`, { batchId: dup.id });
    }
  };
  refuseDuplicate();
  const rows = accepted(state);
  const summary = state.preview.summary;
  if (rows.length === 0) {
    throw new LedgerError('invalid_input', summary.error > 0
      ? `“${wb.fileName}”没有可导入的行：${summary.error} 行有错误，请修正后再导入（可导出错误清单退回报送单位）`
      : `“${wb.fileName}”中没有发放记录可导入`);
  }
  const clerk = options.clerk ?? ledger.actor;
  const label = `导入花名册“${wb.fileName}”（${rows.length}条，${formatYuan(summary.acceptedFen)}元）`;
  const progress = (done: number, total: number) => options.onProgress?.({ phase: 'commit', done, total });

  if (options.backup !== false) {
    // The backup taken ahead, while the clerk looked at the preview, is the ledger as it is now
    // when no command has been recorded since (its marker: the last command); otherwise a new one.
    const ahead = session.backupAhead;
    if (!ahead || ahead.marker === null || ahead.marker !== ledgerMarker(ledger.db) || !fs.existsSync(ahead.path)) {
      backupBeforeImport(ledger, 'commit', wb.fileName);
      dropBackupAhead(session);
    } else {
      // Used: now it counts in the rotation of 导入前 backups (taken ahead, it did not).
      pruneBackups(ledger.path);
    }
  }
  const result = ledger.run({ kind: 'import.commit', label, source: 'imported', undoable: false }, (tx) => {
    // The ledger may have changed since the preview (another window, the CLI): check again now.
    const now = (tx.database.prepare('SELECT coalesce(max(id), 0) AS m FROM commands WHERE id < ?').get(tx.commandId) as { m: number }).m;
    if (now !== state.stamp) {
      const fresh = evaluate(ledger, session, state.analysis, opts);
      const before = rows.map(keyOf).join('|');
      const after = accepted(fresh).map(keyOf).join('|');
      if (before !== after) throw new LedgerError('conflict', `预览之后台账已有变化（例如其他窗口导入或修改了记录），导入结果会与预览不同。请重新预览“${wb.fileName}”后再导入。`);
      state = fresh;
    }
    refuseDuplicate();
    const program = state.program!;
    const p = state.preview;
    progress(0, rows.length);

    const batchId = tx.insert('import_batches', {
      file_name: wb.fileName,
      sha256: wb.sha256,
      format: wb.format,
      program_id: program.id,
      sheets_json: JSON.stringify(p.sheets.map((s) => ({
        index: s.index, name: s.name, role: s.role, roleReason: s.roleReason, headerRow: s.headerRow, counts: s.counts, totalFen: s.totalFen, acceptedFen: s.acceptedFen,
      }))),
      mapping_json: JSON.stringify(Object.fromEntries(p.sheets.filter((s) => s.role === 'payments').map((s) => [
        s.name ?? String(s.index), { source: s.mappingSource, columns: Object.fromEntries(s.columns.filter((c) => c.field !== null).map((c) => [c.col, c.field])) },
      ]))),
      counts_json: JSON.stringify({
        ok: p.summary.ok, warn: p.summary.warn, error: p.summary.error, skip: p.summary.skip, payments: rows.length,
        newPeople: p.summary.newPeople, matchedPeople: p.summary.matchedPeople, goodsFen: p.summary.acceptedGoodsFen, forced: Boolean(options.force),
        defaultPaidOn: p.defaultPaidOn, statedTotals: p.summary.statedTotals,
      }),
      row_count: state.rows.length,
      total_fen: p.summary.totalFen,
      accepted_fen: p.summary.acceptedFen,
      clerk,
    });
    ledger.stmt('UPDATE commands SET batch_id = ? WHERE id = ?').run(batchId, tx.commandId);
    // The held rows, for the error report after the commit (the session, and the file with it, ends now): only they.
    const held = p.summary.error > 0 ? collectHeldRows(session, state) : null;
    if (held) tx.database.prepare('INSERT INTO import_error_reports (batch_id, rows, data) VALUES (?, ?, ?)').run(batchId, p.summary.error, packHeldReport(held));

    // Units, then the people the ledger does not know yet, then the payments.
    const unitIds = new Map<string, number>();
    // One unit per name however it is written: 縣水泥廠, 县水泥厂 and 县 水泥厂 are the ledger's 县水泥厂 (stored in
    // Simplified, as clerks type them; a unit the ledger has is found by the same key).
    const unitByKey = new Map<string, number>();
    for (const u of tx.database.prepare('SELECT id, name FROM units WHERE parent_id IS NULL ORDER BY id').all() as { id: number; name: string }[]) {
      if (!unitByKey.has(unitKey(u.name))) unitByKey.set(unitKey(u.name), u.id);
    }
    for (const r of rows) {
      if (r.v.unit === null || unitIds.has(r.v.unit)) continue;
      const key = unitKey(r.v.unit);
      let id = unitByKey.get(key);
      if (id === undefined) {
        id = ensureUnit(tx, toSimplified(r.v.unit));
        unitByKey.set(key, id);
      }
      unitIds.set(r.v.unit, id);
    }
    // 人员类别 and 困难类别 as the code lists write them (困難職工 is 困难职工), so that the annual form and the
    // grid's lists see one value; a value no list has is kept, in Simplified.
    const codeOf = codeNormalizer(ledger, program.id);
    // The people the ledger does not know yet, each once (by ID, or by name and unit without one, as the
    // preview counts them): the row that introduces each, and for every row the index of its new person.
    const newById = new Map<string, number>();
    const newByName = new Map<string, number>();
    const newIndex = new Int32Array(rows.length).fill(-1);
    const introducing: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (r.personId !== null) continue;
      const [map, key] = r.v.idNumber !== null ? [newById, r.v.idNumber] : [newByName, `${r.v.name}|${r.v.unit ?? ''}`];
      let n = map.get(key);
      if (n === undefined) {
        n = introducing.length;
        introducing.push(i);
        map.set(key, n);
      }
      newIndex[i] = n;
    }
    // One input object, refilled for each row (the insert copies it at once).
    const person: PersonInput = { name: '', idNumber: null, gender: null, birthDate: null, phone: null, unitId: null };
    const personInput = (r: AnalyzedRow): PersonInput => {
      person.name = r.v.name!;
      person.idNumber = r.v.idValid ? r.v.idNumber : null;
      person.gender = r.v.gender ?? r.v.idGender ?? null;
      person.birthDate = r.v.idBirthDate;
      person.phone = r.v.phone;
      person.unitId = r.v.unit === null ? null : unitIds.get(r.v.unit)!;
      return person;
    };
    // In slices: the same single transaction (progress and messages by slice, as before).
    const createdIds: number[] = [];
    // Their IDs are new to the ledger and to each other: people_id_number is built once at the end too.
    tx.bulkLoad('people', introducing.length, () => {
      for (let i = 0; i < introducing.length; i += SLICE) {
        for (const id of insertPeopleEach(tx, Math.min(SLICE, introducing.length - i), (k) => personInput(rows[introducing[i + k]!]!))) createdIds.push(id);
      }
    }, { unique: true });
    progress(Math.floor(rows.length / 3), rows.length);

    const personUnits = new Map<number, number | null>();
    const personIds = rows.map((r, i) => r.personId ?? createdIds[newIndex[i]!]!);
    const existingIds = [...new Set(rows.map((r) => r.personId).filter((x): x is number => x !== null))];
    if (existingIds.length > 0) {
      for (const u of tx.database.prepare('SELECT id, unit_id FROM people WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(existingIds)) as { id: number; unit_id: number | null }[]) {
        personUnits.set(u.id, u.unit_id);
      }
    }

    // Model-worker rosters: a record per person and title, unless the ledger has it.
    const modelWorkers: { person_id: number; honour_level: string; title: string; year_awarded: number | null; awarding_body: string | null; subsidy_kind: '两金' | '三金' | null }[] = [];
    const mwStored = new Set<AnalyzedRow>();
    // The ledger's records of these people, by person and title: a record without a 补助类别 takes the roster's.
    const existingTitles = new Map<string, { id: number; kind: string | null }>(
      existingIds.length === 0 ? [] : (tx.database.prepare('SELECT id, person_id, title, subsidy_kind FROM model_workers WHERE person_id IN (SELECT value FROM json_each(?))').all(JSON.stringify(existingIds)) as { id: number; person_id: number; title: string; subsidy_kind: string | null }[])
        .map((m) => [`${m.person_id}|${titleKey(m.title)}`, { id: m.id, kind: m.subsidy_kind }]),
    );
    const newTitles = new Set<string>();
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (!r.v.honourLevel || !['全国', '省部级', '州市级', '县级'].includes(r.v.honourLevel)) continue;
      // In Simplified, as the ledger keeps text; matched without spaces or a bracketed remark (全國勞動模範 and
      // 云南省劳动模范（2015年） are the records the ledger has as 全国劳动模范 and 云南省劳动模范; helper 46).
      const title = toSimplified(r.v.honourTitle ?? `${r.v.honourLevel}劳动模范`);
      const personId = personIds[i]!;
      const k = `${personId}|${titleKey(title)}`;
      mwStored.add(r);
      // 补助类别 两金 / 三金 (the roster's category column, however written: 两金补助, 叁金, 兩金): the record's, as the
      // register and the subsidy rounds read it (helper 44: only 两金 / 三金 written so were taken).
      const kind = subsidyKindOf(r.v.category, r.v.note);
      const known = existingTitles.get(k);
      if (known) {
        if (known.kind === null && kind !== null) {
          tx.update('model_workers', known.id, { subsidy_kind: kind });
          known.kind = kind;
        }
        continue;
      }
      if (newTitles.has(k)) continue;
      newTitles.add(k);
      // 授予单位 as the register keeps it (the service's cleaning), in Simplified like the title and the unit (雲南省人民政府
      // is 云南省人民政府). Like the level and the year, only on a record the batch makes: one the ledger has keeps its own.
      const body = awardingBodyValue(r.v.awardedBy === null ? null : toSimplified(r.v.awardedBy));
      modelWorkers.push({ person_id: personId, honour_level: r.v.honourLevel, title, year_awarded: r.v.yearAwarded, awarding_body: body, subsidy_kind: kind });
    }

    // One input object, refilled for each row (the insert copies it at once).
    const payment: PaymentInsert = {
      programId: program.id, personId: null, paidOn: '', cashFen: 0, goodsFen: 0, goodsDesc: null, recipientKind: null, category: null, method: '现金',
      unitId: null, studentName: null, note: null, importBatchId: batchId, clerk,
    };
    const insertOf = (r: AnalyzedRow, i: number): PaymentInsert => {
      const personId = personIds[i]!;
      payment.personId = personId;
      payment.paidOn = r.paidOn ?? p.defaultPaidOn ?? `${program.year}-01-01`;
      payment.cashFen = r.v.amountFen ?? 0;
      payment.goodsFen = r.v.goodsFen ?? 0;
      payment.goodsDesc = r.v.goodsDesc;
      // A model-worker roster without a 人员类别 column: its people are 劳动模范.
      payment.recipientKind = codeOf(r.v.recipientKind) ?? (mwStored.has(r) ? '劳动模范' : null);
      payment.category = codeOf(r.v.category);
      payment.method = r.v.byBank ? '银行转账' : '现金';
      payment.unitId = r.v.unit !== null ? unitIds.get(r.v.unit)! : (personUnits.get(personId) ?? null);
      payment.studentName = r.v.studentName;
      payment.note = noteOf(r, mwStored.has(r));
      return payment;
    };
    const paymentIds: number[] = [];
    tx.bulkLoad('payments', rows.length, () => {
      for (let i = 0; i < rows.length; i += SLICE) {
        for (const id of insertPaymentsEach(tx, Math.min(SLICE, rows.length - i), (k) => insertOf(rows[i + k]!, i + k))) paymentIds.push(id);
        progress(Math.min(rows.length, i + SLICE), rows.length);
      }
    });
    if (modelWorkers.length > 0) tx.insertMany('model_workers', modelWorkers);
    progress(rows.length, rows.length);

    // Mappings the clerk corrected are remembered for files with the same headers.
    for (const s of p.sheets) {
      if (s.mappingSource !== 'user' || s.signature === null) continue;
      saveMapping(tx, s.signature, s.columns.map((c) => c.header), Object.fromEntries(s.columns.map((c) => [c.col, c.field])));
    }
    return {
      batchId, paymentIds, payments: paymentIds.length, newPeople: createdIds.length, acceptedFen: p.summary.acceptedFen,
      acceptedGoodsFen: p.summary.acceptedGoodsFen, heldErrors: p.summary.error, skipped: p.summary.skip,
    };
  });
  // The backup taken ahead is this commit's 导入前 backup now: it stays.
  session.backupAhead = null;
  return result;
}

/**
 * Take the commit's 导入前 backup now, ahead of the commit (the import host, once it has answered
 * the preview: a ledger of a million payments takes ~3 s to copy, which the clerk then spends
 * looking at the preview instead of waiting after 导入). `ledgerPath`: a connection of its own
 * reads a consistent snapshot. The commit uses it when no command has been recorded since.
 */
export function backupAhead(ledgerPath: string, session: ImportSession): void {
  dropBackupAhead(session);
  // Not pruned for: one that is never used must not push a real 导入前 backup out of the rotation.
  session.backupAhead = createBackup(ledgerPath, 'import', { tag: session.workbook.fileName });
}

/** Remove the backup taken ahead that no commit used (the session closed, or the ledger changed since). */
export function dropBackupAhead(session: ImportSession): void {
  const ahead = session.backupAhead;
  session.backupAhead = null;
  if (ahead) fs.rmSync(ahead.path, { force: true });
}

function saveMapping(tx: Tx, signature: string, headers: string[], mapping: Record<string, string | null>): void {
  const existing = tx.database.prepare('SELECT id FROM import_mappings WHERE signature = ?').get(signature) as { id: number } | undefined;
  const values = { headers_json: JSON.stringify(headers), mapping_json: JSON.stringify(mapping) };
  if (existing) tx.update('import_mappings', existing.id, values);
  else tx.insert('import_mappings', { signature, ...values });
}

/** Remember a sheet's current mapping now (without importing), as its own undoable command. */
export function rememberMapping(ledger: Ledger, session: ImportSession, sheetIndex: number): void {
  const sheet = session.last?.preview.sheets[sheetIndex];
  if (!sheet || sheet.signature === null) throw new LedgerError('invalid_input', '该工作表没有表头，无法记住列对应');
  ledger.run({ kind: 'import.mapping', label: `记住列对应（${sheet.name ?? session.workbook.fileName}）`, source: 'keyed' }, (tx) =>
    saveMapping(tx, sheet.signature!, sheet.columns.map((c) => c.header), Object.fromEntries(sheet.columns.map((c) => [c.col, c.field]))),
  );
}

interface AuditRow {
  table_name: string;
  row_id: number;
  op: string;
  new_value: string | null;
}

/** Ids of the rows of `table` that a command inserted (an insert_many record's rows begin with their ids, in every form: db/auditRecords.ts). */
function insertedBy(ledger: Ledger, commandId: number, table: string): number[] {
  const ids: number[] = [];
  for (const a of ledger.stmt("SELECT table_name, row_id, op, new_value FROM audit_log WHERE command_id = ? AND table_name = ? AND op IN ('insert', 'insert_many') ORDER BY id").all(commandId, table) as AuditRow[]) {
    if (a.op === 'insert') ids.push(a.row_id);
    else for (const r of (JSON.parse(a.new_value!) as { rows: unknown[][] }).rows) ids.push(r[0] as number);
  }
  return ids;
}

/** The rows a command inserted into `table`, in order: each id and its record as inserted. */
function createdBy(ledger: Ledger, commandId: number, table: string): Map<number, Record<string, unknown>> {
  const out = new Map<number, Record<string, unknown>>();
  for (const a of ledger.stmt("SELECT table_name, row_id, op, new_value FROM audit_log WHERE command_id = ? AND table_name = ? AND op IN ('insert', 'insert_many') ORDER BY id").all(commandId, table) as AuditRow[]) {
    if (a.op === 'insert') out.set(a.row_id, JSON.parse(a.new_value!) as Record<string, unknown>);
    else for (const r of rowsOfMany(JSON.parse(a.new_value!) as ManyRecord, '')) out.set(r.id, r.record);
  }
  return out;
}

interface BatchRow {
  id: number;
  file_name: string;
  reverted_at: string | null;
}

function revertBlocker(ledger: Ledger, batchId: number): string | null {
  const locked = ledger.stmt(`SELECT count(*) AS n, min(id) AS first, group_concat(DISTINCT status) AS statuses FROM payments
    WHERE import_batch_id = ? AND status <> '登记'`).get(batchId) as { n: number; first: number | null; statuses: string | null };
  if (locked.n > 0) {
    const paid = (locked.statuses ?? '').split(',').some((s) => (LOCKED_PAYMENT_STATUSES as readonly string[]).includes(s));
    return `批次 #${batchId} 中有 ${locked.n} 条发放记录已${paid ? '发放或签领' : '审核'}（如第 ${locked.first} 号），不能撤销整个导入。${paid ? '已发放的记录只能冲正；' : ''}请先将已审核的记录退回“登记”后再撤销。`;
  }
  const reversed = ledger.stmt('SELECT count(*) AS n FROM payments r JOIN payments o ON o.id = r.reverses_id WHERE o.import_batch_id = ?').get(batchId) as { n: number };
  if (reversed.n > 0) return `批次 #${batchId} 中有 ${reversed.n} 条记录已被冲正，不能撤销整个导入。`;
  return null;
}

/** Undo a whole import batch in one audited command (after a 撤销导入前 backup, unless `backup: false`). */
export function revertImport(ledger: Ledger, batchId: number, actor?: string | null, options: { backup?: boolean } = {}): ImportRevertResult {
  const batch = ledger.stmt('SELECT id, file_name, reverted_at FROM import_batches WHERE id = ?').get(batchId) as BatchRow | undefined;
  if (!batch) throw new LedgerError('not_found', `找不到导入批次 #${batchId}`);
  if (batch.reverted_at !== null) throw new LedgerError('invalid_input', `导入批次 #${batchId}（“${batch.file_name}”）已于 ${localDateTime(batch.reverted_at).slice(0, 10)} 撤销`);
  const blocked = revertBlocker(ledger, batchId);
  if (blocked) throw new LedgerError('locked_payment', blocked, { batchId });
  const commit = ledger.stmt("SELECT command_id FROM audit_log WHERE table_name = 'import_batches' AND row_id = ? AND op = 'insert' ORDER BY id LIMIT 1").get(batchId) as { command_id: number } | undefined;
  // What the batch made (people, units, model-worker records), each with the record as made, in the order made; and what
  // batches reverted before it made and kept then because this batch's payments used it (马云 paid again here, the earlier
  // batch reverted first): that goes now too when nothing else uses it (helper 83). Only what this batch's payments name
  // (their people and units, those people's units and records): nothing else an earlier revert kept (helper 90).
  const used = ledger.stmt(`SELECT DISTINCT p.person_id AS person, p.unit_id AS unit, pe.unit_id AS personUnit FROM payments p
    LEFT JOIN people pe ON pe.id = p.person_id WHERE p.import_batch_id = ?`).all(batchId) as { person: number | null; unit: number | null; personUnit: number | null }[];
  const usedPeople = new Set(used.flatMap((u) => (u.person === null ? [] : [u.person])));
  const usedUnits = new Set(used.flatMap((u) => [u.unit, u.personUnit].filter((x): x is number => x !== null)));
  const earlierCommits = ledger.stmt(`SELECT a.command_id FROM import_batches b JOIN audit_log a ON a.table_name = 'import_batches' AND a.row_id = b.id AND a.op = 'insert'
    WHERE b.reverted_at IS NOT NULL AND b.id <> ? ORDER BY a.command_id`).pluck().all(batchId) as number[];
  const lastPayment = (c: number) => insertedBy(ledger, c, 'payments').reduce((m, id) => Math.max(m, id), 0);
  type Made = { id: number; made: Record<string, unknown>; after: number };
  const madeOf = (table: 'people' | 'units' | 'model_workers', keep: (id: number, made: Record<string, unknown>) => boolean): Made[] => {
    const out: Made[] = [];
    const own = commit ? createdBy(ledger, commit.command_id, table) : new Map<number, Record<string, unknown>>();
    // (Earlier batches' records are read only when this batch's payments name something it did not make.)
    const foreign = table === 'units' ? [...usedUnits].some((id) => !own.has(id)) : table === 'people' ? [...usedPeople].some((id) => !own.has(id)) : usedPeople.size > 0;
    if (foreign) {
      for (const c of earlierCommits) {
        const made = [...createdBy(ledger, c, table)].filter(([id, record]) => keep(id, record));
        if (made.length === 0) continue;
        const after = table === 'model_workers' ? lastPayment(c) : 0;
        for (const [id, record] of made) out.push({ id, made: record, after });
      }
    }
    const after = commit ? lastPayment(commit.command_id) || Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
    for (const [id, record] of own) out.push({ id, made: record, after });
    return out;
  };
  const createdPeople = madeOf('people', (id) => usedPeople.has(id));
  const createdUnits = madeOf('units', (id) => usedUnits.has(id));
  const createdModelWorkers = madeOf('model_workers', (_id, made) => usedPeople.has(made.person_id as number));
  /** Changed since it was made (by the clerk, or a later command): it stays, the revert takes back the import, not later work. */
  const changedSince = (now: Record<string, unknown>, made: Record<string, unknown>) =>
    Object.keys(made).some((c) => c !== 'created_at' && c !== 'updated_at' && (now[c] ?? null) !== (made[c] ?? null));
  const who = actor ?? ledger.actor;
  if (options.backup !== false) backupBeforeImport(ledger, 'revert', `批次${batchId}`);
  return ledger.run({ kind: 'import.revert', label: `撤销导入“${batch.file_name}”（批次 #${batchId}）`, source: 'reverted', undoable: false, batchId, actor: who }, (tx) => {
    // Re-check inside the transaction: someone may have approved a row meanwhile.
    const again = revertBlocker(ledger, batchId);
    if (again) throw new LedgerError('locked_payment', again, { batchId });
    const db = tx.database;
    const paymentIds = db.prepare('SELECT id FROM payments WHERE import_batch_id = ? ORDER BY id DESC').pluck().all(batchId) as number[];
    const editedPayments = db.prepare('SELECT count(*) FROM payments p JOIN import_batches b ON b.id = p.import_batch_id WHERE b.id = ? AND p.updated_at > b.created_at').pluck().get(batchId) as number;
    for (const id of paymentIds) tx.delete('payments', id);
    // What the commit wrote on records the ledger had (a 补助类别 filled in) goes back, unless changed since (helper 83:
    // after the revert the record still said 两金).
    for (const a of commit ? ledger.stmt("SELECT row_id, field, old_value, new_value FROM audit_log WHERE command_id = ? AND table_name = 'model_workers' AND op = 'update' ORDER BY id DESC").all(commit.command_id) as { row_id: number; field: string; old_value: string | null; new_value: string | null }[] : []) {
      const now = tx.get('model_workers', a.row_id);
      const wrote = a.new_value === null ? null : JSON.parse(a.new_value);
      if (now && a.field === 'subsidy_kind' && now.subsidy_kind === wrote) tx.update('model_workers', a.row_id, { subsidy_kind: a.old_value === null ? null : JSON.parse(a.old_value) });
    }
    // A record the batch made stays when the ledger relies on it since: changed by a later command (another roster's 补助类别),
    // or its person paid as a model worker since (a later batch's 两金 payment found it and made none; helper 83).
    const paidAsModelWorker = db.prepare(`SELECT EXISTS (SELECT 1 FROM payments p JOIN programs g ON g.id = p.program_id
      WHERE p.person_id = @person AND p.id > @after AND (p.recipient_kind IN ('劳动模范', '困难劳模') OR g.kind IN ('劳模补助', '劳模慰问'))) AS paid`).pluck();
    let deletedModelWorkers = 0;
    for (const { id, made, after } of createdModelWorkers.reverse()) {
      const now = tx.get('model_workers', id);
      if (!now || changedSince(now, made) || paidAsModelWorker.get({ person: now.person_id, after }) !== 0) continue;
      tx.delete('model_workers', id);
      deletedModelWorkers++;
    }
    // A person or unit the clerk has changed since (a phone, a household, an ID added; a unit renamed) stays too (helper 84:
    // the phone added was lost with the person); one changed and changed back is as made (helper 90).
    const personUsed = db.prepare('SELECT EXISTS (SELECT 1 FROM payments WHERE person_id = @id) OR EXISTS (SELECT 1 FROM model_workers WHERE person_id = @id) AS used').pluck();
    let deletedPeople = 0;
    for (const { id, made } of createdPeople.reverse()) {
      const now = tx.get('people', id);
      if (!now || changedSince(now, made) || personUsed.get({ id }) !== 0) continue;
      tx.delete('people', id);
      deletedPeople++;
    }
    const unitUsed = db.prepare(`SELECT EXISTS (SELECT 1 FROM payments WHERE unit_id = @id) OR EXISTS (SELECT 1 FROM people WHERE unit_id = @id)
      OR EXISTS (SELECT 1 FROM households WHERE unit_id = @id) OR EXISTS (SELECT 1 FROM units WHERE parent_id = @id) AS used`).pluck();
    let deletedUnits = 0;
    for (const { id, made } of createdUnits.reverse()) {
      const now = tx.get('units', id);
      if (!now || changedSince(now, made) || unitUsed.get({ id }) !== 0) continue;
      tx.delete('units', id);
      deletedUnits++;
    }
    tx.update('import_batches', batchId, { reverted_at: tx.at, reverted_by: who });
    return { batchId, deletedPayments: paymentIds.length, deletedPeople, deletedUnits, deletedModelWorkers, editedPayments };
  });
}

/** The import history, newest first. */
export function listImportBatches(ledger: Ledger, limit = 500): ImportBatchSummary[] {
  const rows = ledger.stmt(`SELECT b.id, b.file_name, b.sha256, b.format, b.program_id, p.code AS program_code, p.name AS program_name, b.created_at, b.clerk,
      b.row_count, b.counts_json, b.total_fen, b.accepted_fen, b.reverted_at, b.reverted_by,
      (SELECT count(*) FROM payments x WHERE x.import_batch_id = b.id) AS payments,
      (SELECT count(*) FROM payments x WHERE x.import_batch_id = b.id AND x.updated_at > b.created_at) AS edited_after,
      coalesce((SELECT r.rows FROM import_error_reports r WHERE r.batch_id = b.id), 0) AS report_rows
    FROM import_batches b LEFT JOIN programs p ON p.id = b.program_id ORDER BY b.id DESC LIMIT ?`).all(limit) as {
    id: number; file_name: string; sha256: string; format: string; program_id: number | null; program_code: string | null; program_name: string | null;
    created_at: string; clerk: string | null; row_count: number; counts_json: string; total_fen: number; accepted_fen: number; reverted_at: string | null;
    reverted_by: string | null; payments: number; edited_after: number; report_rows: number;
  }[];
  return rows.map((r) => {
    let counts: Record<string, number> = {};
    try {
      const parsed = JSON.parse(r.counts_json) as Record<string, unknown>;
      counts = Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
    } catch {
      /* keep empty */
    }
    return {
      id: r.id, fileName: r.file_name, sha256: r.sha256, format: r.format, programId: r.program_id, programCode: r.program_code, programName: r.program_name,
      importedAt: r.created_at, clerk: r.clerk, rowCount: r.row_count, counts, totalFen: r.total_fen, acceptedFen: r.accepted_fen, payments: r.payments,
      editedAfter: r.edited_after, reportRows: r.report_rows,
      revertedAt: r.reverted_at, revertedBy: r.reverted_by,
      revertBlockedBy: r.reverted_at !== null ? '已撤销' : revertBlocker(ledger, r.id),
    };
  });
}
