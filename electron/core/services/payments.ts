/**
 * Payments (发放台账): the rows clerks key, paste, fill, approve and reverse.
 * Every function here runs inside a command's Tx; cell text is parsed with the
 * shared domain rules, and a request with any unreadable cell changes nothing.
 */
import { parseDate, todayIso } from '../../../shared/domain/dates.ts';
import { LOCKED_PAYMENT_STATUSES, PAYMENT_STATUSES, readGender, readPaymentMethod, type PaymentStatus } from '../../../shared/domain/codes.ts';
import { formatYuan, parseAmount } from '../../../shared/domain/money.ts';
import { cleanIdText, looksLikeLostPrecision, maskedIdParts, parseResidentId } from '../../../shared/domain/residentId.ts';
import { collapseSpaces, normalizeName, toHalfWidth } from '../../../shared/domain/text.ts';
import { PAYMENT_FIELD_LABELS, type PaymentEditField } from '../../../shared/payments.ts';
import { codeKey } from '../import/text.ts';
import { holdsPastedRemark, type CellOrigin, UNREAD_CELL_FIELDS, unlinkedIdIn, unlinkedIdRemark, unreadCellRemark, unreadCellsIn, unreadDateIn, unreadDateRemark, withoutUnlinkedId, withoutUnreadCells, withoutUnreadDate } from '../../../shared/domain/rules.ts';
import { LedgerError } from '../errors.ts';
import type { Tx } from '../db/writer.ts';
import { createPerson, findPersonByIdNumber, storedIdNumber, updatePerson } from './people.ts';
import { ensureUnit } from './units.ts';
import { hasVariants, nameVariantsSafe, variantSpellings } from '../queries/chineseVariants.ts';

export type CellValue = string | number | null;

export interface PaymentRowEdit {
  /** Existing payment to change; omitted for a new row. */
  id?: number;
  /** A person chosen from the lookup list (wins over name/ID cells). */
  personId?: number;
  cells: Partial<Record<PaymentEditField, CellValue>>;
  /**
   * A new row's key (the grid's entry row): the payment it makes is recorded under it, and a row
   * sent again with the same key (its answer lost) changes that payment instead of making another.
   * Ignored with an id.
   */
  entryKey?: string;
}

export interface PaymentDefaults {
  programId?: number | null;
  paidOn?: string | null;
}

export interface CellProblem {
  /** Index of the row in the request. */
  row: number;
  field: PaymentEditField;
  message: string;
}

interface ParsedCells {
  personName?: string | null;
  idNumber?: string | null;
  gender?: '男' | '女' | null;
  unitName?: string | null;
  programName?: string | null;
  recipientKind?: string | null;
  category?: string | null;
  paidOn?: string;
  cashFen?: number;
  goodsFen?: number;
  goodsDesc?: string | null;
  method?: string;
  status?: PaymentStatus;
  studentName?: string | null;
  note?: string | null;
}

/** A cell's text as read for a value (an amount, a date, a choice): full-width letters, digits and signs folded. */
function text(v: CellValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  const t = collapseSpaces(toHalfWidth(String(v)));
  return t === '' ? null : t;
}

/** Free text (备注, 实物名称, 学生姓名, 困难类别, 对象类别) as the clerk typed it: only spaces tidied, （）：，！ kept. */
function freeText(v: CellValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  const t = collapseSpaces(String(v));
  return t === '' ? null : t;
}


/** Parse one row's cells; problems are collected, nothing is written. */
export function parsePaymentCells(cells: PaymentRowEdit['cells'], row: number, problems: CellProblem[], strict = false): ParsedCells {
  const out: ParsedCells = {};
  for (const [key, raw] of Object.entries(cells) as [PaymentEditField, CellValue][]) {
    const t = text(raw);
    const bad = (message: string) => problems.push({ row, field: key, message });
    switch (key) {
      case 'personName':
        // Digits are no name: the last four of an ID typed in the lookup and Enter with nothing chosen made a person
        // named 9516 and moved the payment to them (helper 45's sweep).
        // Nor digits with stray marks (0138。, #9516, (9516), 9516.: helper 47); a name with a number after it (张三2) is kept.
        if (t !== null && /[\d０-９]/.test(t) && !/[\p{Script=Han}A-WYZa-wyz]/u.test(t)) bad(`“${t}”不是姓名：请从列表中选择此人，或在身份证号列填写完整号码`);
        else out.personName = t === null ? null : normalizeName(t);
        break;
      case 'idNumber':
        // An ID Excel turned into a number (5.32322E+17): its last digits are gone and cannot be guessed.
        if (t !== null && looksLikeLostPrecision(t)) {
          bad(`身份证号“${t}”已被 Excel 改成科学计数法，后几位已丢失，无法还原，请按原始证件重新输入（在 Excel 中先把该列设为文本格式）`);
          break;
        }
        // Only digits, X and the * of a masked ID: a name in the ID column (a block pasted one column off, 赵一) made a
        // person whose ID number was 赵一 (helper 47). A wrong length or check digit is kept, and marked.
        if (t !== null && !/^[\dX*]*$/.test(cleanIdText(t))) {
          bad(`“${t}”不是身份证号码：应为 18 位数字（最后一位可以是 X）`);
          break;
        }
        // `strict` (pasted, or keyed on a row of the list): nor a figure of a few digits or a mobile number (an amount, a date
        // or a phone one column off: names and amounts pasted as two columns registered 赵一 with the ID 500; helpers 72, 74,
        // 76). A longer one with a digit or two wrong is kept, and marked.
        if (strict && t !== null && /^\d{1,8}$/.test(cleanIdText(t))) {
          bad(`“${t}”不是身份证号码：只有 ${cleanIdText(t).length} 位数字，应为 18 位`);
          break;
        }
        // (With the country's 86 in front too, +8613912345678; helper 78.)
        if (strict && t !== null && /^(?:\+?86)?1[3-9]\d{9}$/.test(cleanIdText(t))) {
          bad(`“${t}”像是手机号码，不是身份证号码`);
          break;
        }
        out.idNumber = t === null ? null : cleanIdText(t);
        break;
      case 'gender':
        if (t === null) out.gender = null;
        else if (readGender(t)) out.gender = readGender(t)!;
        else bad(`性别“${t}”只能是“男”或“女”`);
        break;
      case 'paidOn': {
        if (raw === null || raw === '') {
          bad('发放日期不能为空');
          break;
        }
        const d = parseDate(typeof raw === 'number' ? raw : t);
        if (d.ok) out.paidOn = d.iso;
        else bad(d.message);
        break;
      }
      case 'cashFen':
      case 'goodsFen': {
        if (t === null && (raw === null || raw === '')) {
          out[key] = 0;
          break;
        }
        const a = typeof raw === 'number' ? { ok: true as const, fen: raw, inWan: false } : parseAmount(t);
        if (!a.ok) bad(a.message);
        else if (!Number.isSafeInteger(a.fen)) bad(`金额必须精确到分：${raw}`);
        else out[key] = a.fen;
        break;
      }
      case 'method': {
        // In either script (現金, 銀行轉賬: a roster in Traditional), spaces aside.
        const m = t === null ? null : readPaymentMethod(codeKey(t));
        if (t === null) bad('发放方式不能为空');
        else if (m !== null) out.method = m;
        else bad(`发放方式“${t}”只能是“现金”或“银行转账”`);
        break;
      }
      case 'status': {
        const m = t === null ? null : codeKey(t);
        if (m !== null && (PAYMENT_STATUSES as readonly string[]).includes(m)) out.status = m as PaymentStatus;
        else bad(`状态“${t ?? ''}”无效，可选：${PAYMENT_STATUSES.join('、')}`);
        break;
      }
      case 'unitName':
      case 'programName':
        // Looked up (a unit is matched by its folded name in the units service; a program by code or name).
        out[key] = t;
        break;
      default:
        out[key] = freeText(raw);
        break;
    }
  }
  return out;
}

interface PaymentDbRow {
  id: number;
  program_id: number | null;
  person_id: number | null;
  paid_on: string;
  cash_fen: number;
  goods_fen: number;
  status: PaymentStatus;
  unit_id: number | null;
  recipient_kind: string | null;
  category: string | null;
  reverses_id: number | null;
}

/** The code list of 对象类别: each value by its matching form (codeKey). */
function recipientKindsOf(tx: Tx): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of tx.database.prepare("SELECT value FROM code_lists WHERE list = 'recipient_kind' AND retired_at IS NULL ORDER BY sort_order, id").pluck().all() as string[]) {
    if (!out.has(codeKey(v))) out.set(codeKey(v), v);
  }
  return out;
}

function programIdFromText(tx: Tx, value: string): number {
  const db = tx.database;
  const byCode = db.prepare('SELECT id FROM programs WHERE code = ?').get(value) as { id: number } | undefined;
  if (byCode) return byCode.id;
  const byName = db.prepare('SELECT id FROM programs WHERE name = ? ORDER BY year DESC, id DESC').all(value) as { id: number }[];
  if (byName.length >= 1) return byName[0]!.id;
  // A name written in Traditional (2017年醫療救助) or with spaces: the program of that name in Simplified.
  const folded = codeKey(value);
  if (folded !== value) {
    const again = db.prepare('SELECT id FROM programs WHERE name = ? OR code = ? ORDER BY year DESC, id DESC').all(folded, folded) as { id: number }[];
    if (again.length >= 1) return again[0]!.id;
  }
  throw new LedgerError('invalid_input', `找不到项目“${value}”（请填写项目编号或名称）`);
}

/**
 * How many registered people have this name (and the id of one of them); none written so, those written
 * in the other script (李強 typed, 李强 registered: the one person, as the lookup lists him).
 */
function namesakes(tx: Tx, name: string): { count: number; id: number | null } {
  const r = tx.database.prepare('SELECT count(*) AS n, min(id) AS id FROM people WHERE name = ?').get(name) as { n: number; id: number | null };
  if (r.n > 0 || !hasVariants(name) || !nameVariantsSafe(name)) return { count: r.n, id: r.id };
  const spellings = (variantSpellings(name) ?? []).filter((x) => x !== name);
  if (spellings.length === 0) return { count: 0, id: null };
  const v = tx.database.prepare('SELECT count(*) AS n, min(id) AS id FROM people WHERE name IN (SELECT value FROM json_each(?))').get(JSON.stringify(spellings)) as { n: number; id: number | null };
  return { count: v.n, id: v.id };
}

/** The same name, written in either script (李強 and 李强). */
function sameName(a: string, b: string): boolean {
  return a === b || (hasVariants(a) && nameVariantsSafe(a) && (variantSpellings(a) ?? []).includes(b));
}

function ambiguousNameMessage(name: string, count: number): string {
  return `台账中有 ${count} 个叫${name}的人，请填写身份证号或从列表中选择`;
}

/** Resolve the person a row is paid to, creating or correcting the person where the cells say so. */
function resolvePerson(tx: Tx, edit: PaymentRowEdit, cells: ParsedCells, current: PaymentDbRow | undefined): number | null | undefined {
  if (edit.personId !== undefined) return edit.personId;
  const db = tx.database;
  const currentPerson = current?.person_id
    ? (db.prepare('SELECT id, name, id_number, gender, birth_date FROM people WHERE id = ?').get(current.person_id) as
        | { id: number; name: string; id_number: string | null; gender: string | null; birth_date: string | null }
        | undefined)
    : undefined;
  if (cells.idNumber !== undefined && cells.idNumber !== null) {
    const stored = storedIdNumber(cells.idNumber)!;
    const found = findPersonByIdNumber(db, stored);
    if (found) return found.id;
    if (currentPerson && currentPerson.id_number === null && cells.personName === undefined) {
      const info = parseResidentId(stored);
      // The ID gives the gender and birth date the person was registered without (a name typed first).
      updatePerson(tx, currentPerson.id, {
        idNumber: stored,
        ...(currentPerson.gender === null && info.gender ? { gender: info.gender } : {}),
        ...(currentPerson.birth_date === null && info.birthDate ? { birthDate: info.birthDate } : {}),
      });
      return currentPerson.id;
    }
    const name = cells.personName ?? currentPerson?.name;
    if (!name) throw new LedgerError('invalid_input', `身份证号 ${stored} 尚未登记，请同时填写姓名`);
    return createPerson(tx, { name, idNumber: stored, gender: cells.gender ?? null });
  }
  if (cells.personName !== undefined) {
    if (cells.personName === null) return null;
    if (currentPerson && currentPerson.name === cells.personName) return currentPerson.id;
    const same = namesakes(tx, cells.personName);
    if (same.count === 1) return same.id!;
    // Several registered people of that name and no ID to tell them apart: which one is not guessed,
    // and no new one is made behind the clerk's back (a third 张伟 without an ID).
    if (same.count > 1) throw new LedgerError('invalid_input', ambiguousNameMessage(cells.personName, same.count), { field: 'personName' });
    return createPerson(tx, { name: cells.personName, gender: cells.gender ?? null });
  }
  if (cells.idNumber === null && currentPerson && currentPerson.id_number !== null) {
    updatePerson(tx, currentPerson.id, { idNumber: null });
  }
  return undefined;
}

/**
 * An ID shown with hidden digits: the full ID of the one person of `name` whose ID has the shown
 * start and end; a problem when none or several fit; undefined when the ID hides nothing.
 */
function personOfMaskedId(tx: Tx, idText: string, name: string | null): string | { message: string } | undefined {
  const parts = maskedIdParts(idText);
  if (parts === null) return undefined;
  const hidden = `身份证号“${idText}”中间位已隐藏（*），不是完整号码`;
  if (!parts.ok) return { message: `${hidden}，不能保存；请填写完整身份证号` };
  if (!name) return { message: `${hidden}；请同时填写姓名，或填写完整身份证号` };
  const fits = tx.database
    .prepare('SELECT id_number FROM people WHERE name = ? AND length(id_number) = ? AND id_number LIKE ? LIMIT 2')
    .all(name, parts.length, `${parts.prefix}%${parts.suffix}`) as { id_number: string }[];
  if (fits.length === 1) return fits[0]!.id_number;
  return { message: `${hidden}，${fits.length === 0 ? `没有号码相符的“${name}”` : `号码相符的“${name}”不止一人`}；请填写完整身份证号` };
}

/**
 * How a message names a payment: by its person, date and amount, as the grid shows it (the grid shows
 * no ids; 第 168 号 named nothing the clerk could find).
 */
function paymentLabel(tx: Tx, row: { person_id: number | null; paid_on: string; cash_fen: number }): string {
  const person = row.person_id === null ? undefined : (tx.database.prepare('SELECT name FROM people WHERE id = ?').get(row.person_id) as { name: string | null } | undefined);
  return `${person?.name ? `“${person.name}”` : ''}${row.paid_on}（${formatYuan(row.cash_fen)}元）的发放记录`;
}

function assertEditable(tx: Tx, row: PaymentDbRow, what: string): void {
  if ((LOCKED_PAYMENT_STATUSES as readonly string[]).includes(row.status)) {
    throw new LedgerError('locked_payment', `${paymentLabel(tx, row)}状态为“${row.status}”，不能${what}；如需更正请使用“冲正”。`, { paymentId: row.id });
  }
}

const TRANSITIONS: Record<PaymentStatus, readonly PaymentStatus[]> = {
  登记: ['已审核'],
  已审核: ['登记', '已发放'],
  已发放: ['已签领'],
  已签领: [],
};

/** Move payments along 登记 → 已审核 → 已发放 → 已签领 (已审核 may go back to 登记). */
export function setPaymentStatus(tx: Tx, ids: readonly number[], status: PaymentStatus, approver: string | null): number {
  let changed = 0;
  for (const id of ids) {
    const row = tx.get('payments', id) as unknown as PaymentDbRow | undefined;
    if (!row) throw new LedgerError('not_found', `找不到发放记录 #${id}`);
    if (row.status === status) continue;
    if (!TRANSITIONS[row.status].includes(status)) {
      throw new LedgerError('invalid_input', `${paymentLabel(tx, row)}不能从“${row.status}”改为“${status}”（顺序：登记 → 已审核 → 已发放 → 已签领）`, { paymentId: id });
    }
    const patch: Record<string, string | null> = { status };
    if (status === '已审核') {
      if (!approver) throw new LedgerError('invalid_input', '审核必须填写审核人');
      patch.approver = approver;
      patch.approved_at = tx.at;
    } else if (status === '登记') {
      patch.approver = null;
      patch.approved_at = null;
    }
    tx.update('payments', id, patch);
    changed++;
  }
  return changed;
}

export interface ApplyResult {
  /** The payments of the request's new rows, in order (a row sent again under its entryKey: the payment it made). */
  created: number[];
  updated: number[];
  /** Cells not taken (badCells 'skip'): each row was saved without them. Empty when refusing. */
  skipped: CellProblem[];
  /** Rows of the request left unchanged because their payment is paid or signed (badCells 'skip'). */
  locked: number[];
}

export interface ApplyOptions {
  /**
   * 'refuse' (the default: a typed cell, a fill): any unreadable cell refuses the whole request.
   * 'skip' (a paste): every row is saved; a cell that cannot be read (or names a program that does
   * not exist, or a new row's status other than 登记) is left out of its row, as if it had not
   * been given, and listed in `skipped`: nothing is invented from it and no row is lost.
   */
  badCells?: 'refuse' | 'skip';
}

/**
 * Apply row edits (a typed cell, a pasted block, a fill-down, new rows) as one
 * change. Throws with every problem listed when any cell cannot be read (unless
 * options.badCells is 'skip': then those cells are left out and listed).
 */
export function applyPaymentEdits(tx: Tx, edits: readonly PaymentRowEdit[], defaults: PaymentDefaults, clerk: string | null, options: ApplyOptions = {}): ApplyResult {
  const skip = options.badCells === 'skip';
  const problems: CellProblem[] = [];
  // A short figure or a mobile number in 身份证号 is no ID, pasted or keyed on a row of the list (helper 76: 500 typed on
  // 李强's row moved his payment to a new 李强 with the ID 500); keyed on the entry row it is kept and marked, as refused it
  // held back the name typed after it (helper 74).
  const parsed = edits.map((e, i) => parsePaymentCells(e.cells, i, problems, skip || e.entryKey === undefined));
  // Keyed on the entry row (an edit with the entry's key), a date, an amount, 性别, 发放方式 or 状态 that cannot be read is kept
  // in 备注 with a remark (a finding until entered), as a paste keeps it: the payment its first cells made has the entry
  // date, and a date typed there that was refused left that date, unmarked (helper 47: 3.10 stored as 2017-03-09).
  // (The entry row sends its key with every cell, with the payment's id once it is known.)
  const keptOnEntry = (p: CellProblem) => !skip && edits[p.row]!.entryKey !== undefined
    && (p.field === 'paidOn' || (UNREAD_CELL_FIELDS as readonly string[]).includes(p.field)) && edits[p.row]!.cells[p.field] != null && String(edits[p.row]!.cells[p.field]).trim() !== '';
  if (problems.length > 0 && !skip && !problems.every(keptOnEntry)) {
    throw new LedgerError('invalid_input', problems.map((p) => `第${p.row + 1}行“${PAYMENT_FIELD_LABELS[p.field]}”：${p.message}`).slice(0, 10).join('；'), { problems });
  }
  /** The rows whose cells not read are kept in 备注 (a paste's new rows, and the entry row's keyed cells). */
  const remarkOf = (i: number): CellOrigin | null => (skip ? 'pasted' : problems.some((p) => p.row === i) ? 'keyed' : null);
  const result: ApplyResult = { created: [], updated: [], skipped: problems, locked: [] };
  const programCache = new Map<string, number>();
  let recipientKinds: Map<string, string> | null = null;
  /** Rows whose 性别 was read and had no one to go to (listed): not kept in 备注 as a cell not read. */
  const notKept = new Set<number>();
  edits.forEach((edit, i) => {
    const cells = parsed[i]!;
    /** A pasted ID nobody has, on a new row without a name: kept in its 备注 (unlinkedIdRemark). */
    let unlinkedId: string | null = null;
    // 对象类别 is a value of its code list, as the grid's list offers them: 困難職工 is 困难职工; text the list does not
    // have is refused (keyed) or left out and kept in 备注 (pasted). Pasted, any text was stored as it came (helper 40's sweep).
    if (typeof cells.recipientKind === 'string') {
      const kinds = recipientKinds ?? (recipientKinds = recipientKindsOf(tx));
      const value = kinds.get(codeKey(cells.recipientKind));
      if (value !== undefined) cells.recipientKind = value;
      else {
        const message = `对象类别“${cells.recipientKind}”不是代码表中的选项（可选：${[...new Set(kinds.values())].join('、')}）`;
        if (!skip) throw new LedgerError('invalid_input', `第${i + 1}行“${PAYMENT_FIELD_LABELS.recipientKind}”：${message}`, { problems: [{ row: i, field: 'recipientKind', message }] });
        problems.push({ row: i, field: 'recipientKind', message });
        delete cells.recipientKind;
      }
    }
    if (skip) {
      // A program that does not exist is not taken (the row keeps its program, or the default).
      if (typeof cells.programName === 'string' && !programCache.has(cells.programName)) {
        try {
          programCache.set(cells.programName, programIdFromText(tx, cells.programName));
        } catch (e) {
          if (!(e instanceof LedgerError)) throw e;
          problems.push({ row: i, field: 'programName', message: e.message });
          delete cells.programName;
        }
      }
      // A registered ID number with no name for a new person: the ID is not taken (the row is kept).
      if (typeof cells.idNumber === 'string' && edit.personId === undefined && cells.personName == null && edit.id === undefined) {
        const stored = storedIdNumber(cells.idNumber);
        if (stored && !findPersonByIdNumber(tx.database, stored)) {
          problems.push({ row: i, field: 'idNumber', message: `身份证号 ${stored} 尚未登记，请同时填写姓名（已记在该行备注中）` });
          delete cells.idNumber;
          unlinkedId = stored;
        }
      }
      // A new row starts as 登记.
      if (edit.id === undefined && cells.status !== undefined && cells.status !== '登记') {
        problems.push({ row: i, field: 'status', message: `新登记的发放记录状态只能是“登记”，请审核后再改为“${cells.status}”` });
        delete cells.status;
      }
    }
    // A new row sent again under the key it was made with: the payment it made, if that still exists.
    const keyed = edit.id === undefined && edit.entryKey !== undefined
      ? (tx.database.prepare('SELECT id, payment_id FROM payment_entry_keys WHERE entry_key = ?').get(edit.entryKey) as { id: number; payment_id: number } | undefined)
      : undefined;
    const madeBefore = keyed ? (tx.get('payments', keyed.payment_id) as unknown as PaymentDbRow | undefined) : undefined;
    const current = edit.id === undefined ? madeBefore : (tx.get('payments', edit.id) as unknown as PaymentDbRow | undefined);
    if (edit.id !== undefined && !current) throw new LedgerError('not_found', `找不到发放记录 #${edit.id}`);
    // A paste over a paid or signed payment: that row is left as it is (listed), the others are saved.
    if (skip && current && !Object.keys(edit.cells).every((k) => k === 'status' || k === 'note') && (LOCKED_PAYMENT_STATUSES as readonly string[]).includes(current.status)) {
      for (let k = problems.length - 1; k >= 0; k--) if (problems[k]!.row === i) problems.splice(k, 1);
      result.locked.push(i);
      return;
    }
    // A name typed (or a person chosen) on a row that has no person and keeps a pasted ID in its 备注
    // (unlinkedIdRemark): the ID goes with the name, as if both had been pasted together (a chosen person
    // with another ID is refused, below, as an ID typed before choosing is).
    const namedNow = edit.personId === undefined ? typeof cells.personName === 'string' : edit.personId !== null;
    if (current && current.person_id === null && namedNow && cells.idNumber === undefined) {
      const kept = unlinkedIdIn((current as unknown as { note: string | null }).note);
      if (kept !== null) {
        // The ID and the person named do not go together (another's ID since, a chosen person with an ID of their
        // own). One cell keyed: refused below, naming both. In a fill or a paste of several rows: this row is left
        // as it is and named, the others are saved (helper 43: a Ctrl+D over such a row refused the whole fill).
        const owner = findPersonByIdNumber(tx.database, kept);
        const chosen = typeof edit.personId === 'number' ? (tx.database.prepare('SELECT id, name, id_number FROM people WHERE id = ?').get(edit.personId) as { id: number; name: string; id_number: string | null } | undefined) : undefined;
        const named = chosen?.name ?? (typeof cells.personName === 'string' ? cells.personName : '');
        const clash = (owner !== undefined && (chosen ? owner.id !== chosen.id : !sameName(owner.name, named))) || (chosen !== undefined && chosen.id_number !== null && chosen.id_number !== kept);
        if (clash && (skip || edits.length > 1)) {
          problems.push({ row: i, field: 'personName', message: `本行备注中粘贴的身份证号 ${kept} 与“${named}”不符，本行未改，请核对` });
          return;
        }
        cells.idNumber = kept;
      }
    }
    // An ID with hidden digits (copied from the grid, a printed roster) is never stored: it names the
    // one person of that name whose ID fits what is shown, or it is not taken.
    if (typeof cells.idNumber === 'string' && edit.personId === undefined) {
      const found = personOfMaskedId(tx, cells.idNumber, cells.personName ?? (current?.person_id ? (tx.database.prepare('SELECT name FROM people WHERE id = ?').get(current.person_id) as { name: string }).name : null));
      if (found !== undefined) {
        if (typeof found === 'string') cells.idNumber = found;
        else if (skip) {
          problems.push({ row: i, field: 'idNumber', message: found.message });
          delete cells.idNumber;
        } else {
          throw new LedgerError('invalid_input', `第${i + 1}行“${PAYMENT_FIELD_LABELS.idNumber}”：${found.message}`, { problems: [{ row: i, field: 'idNumber', message: found.message }] });
        }
      }
    }
    // A name and a registered ID that name two people (赵六 with 李强's ID): which is meant is not guessed.
    // Keyed, the save is refused and says so; pasted, the ID's person is kept and the name cell listed.
    if (typeof cells.personName === 'string' && typeof cells.idNumber === 'string' && edit.personId === undefined) {
      const stored = storedIdNumber(cells.idNumber);
      const owner = stored ? findPersonByIdNumber(tx.database, stored) : null;
      if (owner && !sameName(owner.name, cells.personName)) {
        const message = `身份证号 ${stored} 已登记为“${owner.name}”，与姓名“${cells.personName}”不符，请核对`;
        if (!skip) throw new LedgerError('invalid_input', message, { problems: [{ row: i, field: 'personName', message }] });
        problems.push({ row: i, field: 'personName', message: `${message}（已按身份证号记为“${owner.name}”）` });
        delete cells.personName;
      }
    }
    // An ID with a person chosen in the lookup (an ID typed first, then 李强 chosen): it must be that person's.
    // Another's, or not the chosen person's own: refused keyed, left out and listed pasted; the chosen person's
    // when they have none and nobody has it: it is theirs now.
    if (typeof cells.idNumber === 'string' && edit.personId !== undefined && edit.personId !== null) {
      const stored = storedIdNumber(cells.idNumber);
      const chosen = tx.database.prepare('SELECT id, name, id_number FROM people WHERE id = ?').get(edit.personId) as { id: number; name: string; id_number: string | null } | undefined;
      const owner = stored ? findPersonByIdNumber(tx.database, stored) : undefined;
      const clash = chosen && stored && ((owner && owner.id !== chosen.id) || (chosen.id_number !== null && chosen.id_number !== stored));
      if (clash) {
        const message = owner && owner.id !== chosen.id
          ? `身份证号 ${stored} 已登记为“${owner.name}”，与所选的“${chosen.name}”不符，请核对`
          : `所选的“${chosen.name}”的身份证号是 ${chosen.id_number}，与填写的 ${stored} 不符，请核对（是否同名的另一人）`;
        if (!skip) throw new LedgerError('invalid_input', message, { problems: [{ row: i, field: 'idNumber', message }] });
        problems.push({ row: i, field: 'idNumber', message });
        delete cells.idNumber;
      } else if (chosen && stored && chosen.id_number === null && !owner) {
        const info = parseResidentId(stored);
        if (info.valid) updatePerson(tx, chosen.id, { idNumber: stored, ...(info.gender ? { gender: info.gender } : {}), ...(info.birthDate ? { birthDate: info.birthDate } : {}) });
        else {
          const message = `身份证号 ${stored} 有误（${info.problems.map((x) => x.message).join('；')}），没有记给“${chosen.name}”，请核对`;
          if (!skip) throw new LedgerError('invalid_input', message, { problems: [{ row: i, field: 'idNumber', message }] });
          problems.push({ row: i, field: 'idNumber', message });
          delete cells.idNumber;
        }
      }
    }
    // An ID typed on a payment of the list that is another registered person's (职工001's row, 李强's ID): the
    // payment is not moved to them without a word. The same person written otherwise (a name without its ID) is moved.
    if (typeof cells.idNumber === 'string' && edit.personId === undefined && cells.personName === undefined && current?.person_id) {
      const stored = storedIdNumber(cells.idNumber);
      const owner = stored ? findPersonByIdNumber(tx.database, stored) : undefined;
      const here = tx.database.prepare('SELECT name FROM people WHERE id = ?').get(current.person_id) as { name: string } | undefined;
      if (owner && here && owner.id !== current.person_id && !sameName(owner.name, here.name)) {
        const message = `身份证号 ${stored} 已登记为“${owner.name}”，本行是“${here.name}”的发放记录；如确要改记为“${owner.name}”，请在姓名列选择此人`;
        if (!skip) throw new LedgerError('invalid_input', message, { problems: [{ row: i, field: 'idNumber', message }] });
        problems.push({ row: i, field: 'idNumber', message });
        delete cells.idNumber;
      }
    }
    // A paste: a name several registered people share, with no ID to tell them apart, is not taken
    // (the row is saved without it, the cell listed), never a new person of that name.
    if (skip && typeof cells.personName === 'string' && edit.personId === undefined && cells.idNumber == null) {
      const currentName = current?.person_id ? (tx.database.prepare('SELECT name FROM people WHERE id = ?').get(current.person_id) as { name: string }).name : null;
      const same = currentName === cells.personName ? null : namesakes(tx, cells.personName);
      if (same && same.count > 1) {
        problems.push({ row: i, field: 'personName', message: ambiguousNameMessage(cells.personName, same.count) });
        delete cells.personName;
        // The ID and gender cells go with the person: neither is written to another one.
        if (cells.idNumber === null) delete cells.idNumber;
        delete cells.gender;
      }
    }
    if (current) {
      const onlyStatusOrNote = Object.keys(edit.cells).every((k) => k === 'status' || k === 'note');
      if (!onlyStatusOrNote) assertEditable(tx, current, '修改');
    }
    const personId = resolvePerson(tx, edit, cells, current);
    const effectivePerson = personId === undefined ? (current?.person_id ?? null) : personId;
    // 性别 is the person's: keyed on a payment with no one named yet it had nowhere to go, and the save made an empty
    // payment while the 女 typed was lost (helper 59). Refused and said; the entry row keeps it, marked, for its name.
    // Pasted (a row with 性别 and no name or ID), the row is saved and the cell listed (helper 63: the 女 went, unsaid).
    if (cells.gender != null && effectivePerson === null) {
      const message = skip
        ? `还没有填写姓名，性别“${cells.gender}”无处登记，未保存：请填写姓名后再填写性别`
        : `还没有填写姓名，性别无处登记：请先填写姓名${edit.entryKey !== undefined ? '（录入行会保留所选性别，与姓名一起保存）' : ''}`;
      if (!skip) throw new LedgerError('invalid_input', `第${i + 1}行“${PAYMENT_FIELD_LABELS.gender}”：${message}`, { problems: [{ row: i, field: 'gender', message }] });
      problems.push({ row: i, field: 'gender', message });
      delete cells.gender;
      notKept.add(i);
    }
    // A 性别 given with the person it is for (a row pasted with its name, the entry row's 性别 chosen before the person)
    // who is registered as the other one: not changed behind the clerk's back (helper 63: 女 chosen on the entry row, then
    // 李强 picked, made him 女 against his ID, unsaid). Refused keyed, listed pasted. Keyed alone on a row of theirs, it is
    // the clerk's correction, and taken.
    if (cells.gender != null && typeof personId === 'number' && (edit.personId !== undefined || cells.personName != null || cells.idNumber != null)) {
      const registered = tx.database.prepare('SELECT name, gender FROM people WHERE id = ?').get(personId) as { name: string; gender: string | null } | undefined;
      if (registered?.gender && registered.gender !== cells.gender) {
        const message = `“${registered.name}”登记的性别为“${registered.gender}”，与${skip ? '' : '填写的'}“${cells.gender}”不符，${skip ? '未采用' : '没有改动'}，请核对（如确需更改，请只修改性别一格）`;
        if (!skip) throw new LedgerError('invalid_input', `第${i + 1}行“${PAYMENT_FIELD_LABELS.gender}”：${message}`, { problems: [{ row: i, field: 'gender', message }] });
        problems.push({ row: i, field: 'gender', message });
        delete cells.gender;
        notKept.add(i);
      }
    }
    if (cells.gender !== undefined && effectivePerson !== null && cells.idNumber === undefined && cells.personName === undefined && edit.personId === undefined) {
      updatePerson(tx, effectivePerson, { gender: cells.gender });
    } else if (cells.gender != null && effectivePerson !== null) {
      // (A blank 性别 beside the person named is no value: a roster pasted with its 性别 column empty cleared the
      // gender of every person it named, 李强 registered 男 and a new 赵一 given 男 by his ID; found by a screenshot
      // check. Cleared alone on a row of theirs, it is cleared, above.)
      const g = tx.database.prepare('SELECT gender FROM people WHERE id = ?').get(effectivePerson) as { gender: string | null };
      if (g.gender !== cells.gender) updatePerson(tx, effectivePerson, { gender: cells.gender });
    }

    const values: Record<string, string | number | null> = {};
    if (personId !== undefined) values.person_id = personId;
    if (cells.programName !== undefined) {
      if (cells.programName === null) values.program_id = null;
      else {
        let id = programCache.get(cells.programName);
        if (id === undefined) {
          id = programIdFromText(tx, cells.programName);
          programCache.set(cells.programName, id);
        }
        values.program_id = id;
      }
    }
    if (cells.unitName !== undefined) values.unit_id = cells.unitName === null ? null : ensureUnit(tx, cells.unitName);
    if (cells.paidOn !== undefined) values.paid_on = cells.paidOn;
    if (cells.cashFen !== undefined) values.cash_fen = cells.cashFen;
    if (cells.goodsFen !== undefined) values.goods_fen = cells.goodsFen;
    for (const [field, column] of [
      ['goodsDesc', 'goods_desc'], ['recipientKind', 'recipient_kind'], ['category', 'category'], ['method', 'method'],
      ['studentName', 'student_name'], ['note', 'note'],
    ] as const) {
      if (cells[field] !== undefined) values[column] = cells[field] ?? null;
    }
    if (current) {
      // 备注 written (typed, filled, cleared): the remarks of cells not read that it held stay, with their findings, until
      // those cells are entered (helper 50: 住院慰问 typed after a refused 3.10 left the entry date, unmarked).
      const held = (current as unknown as { note: string | null }).note;
      if (values.note !== undefined) values.note = withoutCopiedRemarks(values.note as string | null, held);
      if (values.note !== undefined && holdsPastedRemark(held)) {
        const written = (values.note as string | null) ?? '';
        const kept = (held!.match(REMARK_RE) ?? []).filter((remark) => !written.includes(remark)).join('');
        if (kept !== '') values.note = `${kept}${written}`;
      }
      // A cell entered: the remark of its pasted text not read goes from the 备注 (and its finding with it),
      // a date's as any other's.
      const note = (values.note === undefined ? (current as unknown as { note: string | null }).note : values.note) as string | null | undefined;
      if (typeof note === 'string' && holdsPastedRemark(note)) {
        let kept: string | null = values.paid_on !== undefined && unreadDateIn(note) !== null ? withoutUnreadDate(note) : note;
        const entered = unreadCellsIn(kept).map((c) => c.field).filter((f) => cells[f] !== undefined);
        if (kept !== null && entered.length > 0) kept = withoutUnreadCells(kept, entered);
        // The row has its person now: the pasted ID kept for it goes (it is the person's, or another was entered).
        if (kept !== null && typeof values.person_id === 'number' && unlinkedIdIn(kept) !== null) kept = withoutUnlinkedId(kept);
        if (kept !== note) values.note = kept;
      }
      // The entry row's keyed cells not read, on the payment its first cells made.
      if (remarkOf(i) === 'keyed') {
        const unread = unreadRemarks(edit, cells, current.paid_on, 'keyed');
        const remarks = unread.cells + unread.date;
        let note = values.note === undefined ? (current as unknown as { note: string | null }).note : (values.note as string | null);
        // Typed again and still not read: the one remark, with the latest text.
        if (note && cells.paidOn === undefined && edit.cells.paidOn !== undefined && unreadDateIn(note) !== null) note = withoutUnreadDate(note);
        const again = UNREAD_CELL_FIELDS.filter((f) => edit.cells[f] !== undefined && cells[f] === undefined);
        if (note && again.length > 0) note = withoutUnreadCells(note, again);
        values.note = note ? `${remarks}${note}` : remarks;
      }
      tx.update('payments', current.id, values);
      if (cells.status !== undefined && cells.status !== current.status) setPaymentStatus(tx, [current.id], cells.status, clerk);
      // A new row sent again is still the request's new row: its payment is listed as the one it made.
      if (madeBefore) result.created.push(current.id);
      else result.updated.push(current.id);
    } else {
      if (values.program_id === undefined) values.program_id = defaults.programId ?? null;
      if (values.paid_on === undefined) values.paid_on = defaults.paidOn ?? todayIso();
      // A pasted date not read: the row takes the entry date, and the clerk's text is kept in its 备注
      // with a remark (a finding on 发放日期 until a date is entered), not lost with the paste's notice;
      // so are the other cells not read: an amount, 性别, 项目, 发放方式, 状态 (kept in 备注, a finding until entered).
      // (A remark is the ledger's own: one pasted or filled from another row is not this row's.)
      if (typeof values.note === 'string') values.note = withoutCopiedRemarks(values.note, null);
      const origin = remarkOf(i);
      const unread = origin === null ? { date: '', cells: '' } : unreadRemarks(edit, cells, String(values.paid_on), origin, notKept.has(i) ? ['gender'] : []);
      const remarks = unread.cells + (unlinkedId !== null ? unlinkedIdRemark(unlinkedId) : '') + unread.date;
      if (remarks !== '') values.note = typeof values.note === 'string' ? `${remarks}${values.note}` : remarks;
      if (values.unit_id === undefined && typeof values.person_id === 'number') {
        const p = tx.database.prepare('SELECT unit_id FROM people WHERE id = ?').get(values.person_id) as { unit_id: number | null };
        values.unit_id = p.unit_id;
      }
      // An amount cell given but not taken (badCells 'skip') does not become the standard amount.
      const amountGiven = edit.cells.cashFen !== undefined || edit.cells.goodsFen !== undefined;
      if (!amountGiven && values.cash_fen === undefined && values.goods_fen === undefined && typeof values.program_id === 'number' && typeof values.recipient_kind === 'string') {
        const std = tx.database.prepare('SELECT cash_fen, goods_fen, goods_desc FROM program_standards WHERE program_id = ? AND recipient_kind = ?').get(values.program_id, values.recipient_kind) as
          | { cash_fen: number; goods_fen: number; goods_desc: string | null }
          | undefined;
        if (std) {
          values.cash_fen = std.cash_fen;
          values.goods_fen = std.goods_fen;
          if (values.goods_desc === undefined) values.goods_desc = std.goods_desc;
        }
      }
      values.clerk = clerk;
      const id = tx.insert('payments', values);
      if (edit.entryKey !== undefined) {
        // The key names this payment from now on (a key whose payment was deleted names the new one).
        if (keyed) tx.update('payment_entry_keys', keyed.id, { payment_id: id });
        else tx.insert('payment_entry_keys', { entry_key: edit.entryKey, payment_id: id });
      }
      if (cells.status !== undefined && cells.status !== '登记') {
        throw new LedgerError('invalid_input', `新登记的发放记录状态只能是“登记”，请审核后再改为“${cells.status}”`);
      }
      result.created.push(id);
    }
  });
  problems.sort((a, b) => a.row - b.row);
  return result;
}

/** A remark of a cell not read, pasted or keyed (rules.ts unreadDateRemark, unreadCellRemark, unlinkedIdRemark). */
const REMARK_RE = /【(?:粘贴|输入)的[^】]*】/g;

/**
 * A 备注 written without the remarks it did not hold: copied from another row (Ctrl+C/V, Ctrl+D), a remark flagged a date
 * or a cell as not read that was read, and entering that value again did not clear it (helper 51).
 */
function withoutCopiedRemarks(written: string | null, held: string | null): string | null {
  if (written === null || !holdsPastedRemark(written)) return written;
  const own = new Set(held?.match(REMARK_RE) ?? []);
  const out = written.replace(REMARK_RE, (remark) => (own.has(remark) ? remark : '')).trim();
  return out === '' ? null : out;
}

/** The remarks of a row's date and other cells given and not read, for its 备注. */
function unreadRemarks(edit: PaymentRowEdit, cells: ParsedCells, usedIso: string, how: CellOrigin, read: readonly PaymentEditField[] = []): { date: string; cells: string } {
  const given = (f: PaymentEditField) => !read.includes(f) && edit.cells[f] !== undefined && edit.cells[f] !== null && String(edit.cells[f]).trim() !== '';
  return {
    date: cells.paidOn === undefined && given('paidOn') ? unreadDateRemark(String(edit.cells.paidOn).trim(), usedIso, how) : '',
    cells: UNREAD_CELL_FIELDS.filter((f) => cells[f] === undefined && given(f)).map((f) => unreadCellRemark(f, String(edit.cells[f]).trim(), how)).join(''),
  };
}

export function deletePayments(tx: Tx, ids: readonly number[]): number {
  for (const id of ids) {
    const row = tx.get('payments', id) as unknown as PaymentDbRow | undefined;
    if (!row) throw new LedgerError('not_found', `找不到发放记录 #${id}`);
    assertEditable(tx, row, '删除');
    const reversal = tx.database.prepare('SELECT id FROM payments WHERE reverses_id = ?').get(id) as { id: number } | undefined;
    if (reversal) throw new LedgerError('invalid_input', `${paymentLabel(tx, row)}已有冲正记录，不能删除`, { paymentId: id, reversalId: reversal.id });
    tx.delete('payments', id);
  }
  return ids.length;
}

/** A reversal entry (冲正): the only way to correct a paid or signed payment. */
export function reversePayment(tx: Tx, id: number, reason: string, clerk: string | null): number {
  const row = tx.get('payments', id);
  if (!row) throw new LedgerError('not_found', `找不到发放记录 #${id}`);
  if (row.reverses_id !== null) throw new LedgerError('invalid_input', '冲正记录本身不能再冲正');
  if (!(LOCKED_PAYMENT_STATUSES as readonly unknown[]).includes(row.status)) {
    throw new LedgerError('invalid_input', `${paymentLabel(tx, row as unknown as PaymentDbRow)}尚未发放（状态“${row.status}”），可直接修改或删除，无需冲正`, { paymentId: id });
  }
  const already = tx.database.prepare('SELECT id FROM payments WHERE reverses_id = ?').get(id) as { id: number } | undefined;
  if (already) throw new LedgerError('duplicate', `${paymentLabel(tx, row as unknown as PaymentDbRow)}已经冲正过`, { paymentId: id, reversalId: already.id });
  const why = collapseSpaces(reason ?? '');
  if (why === '') throw new LedgerError('invalid_input', '冲正必须填写原因');
  const reversal = tx.insert('payments', {
    program_id: row.program_id, person_id: row.person_id, paid_on: todayIso(), cash_fen: -Number(row.cash_fen),
    goods_fen: -Number(row.goods_fen), goods_desc: row.goods_desc, recipient_kind: row.recipient_kind, category: row.category,
    method: row.method, unit_id: row.unit_id, student_name: row.student_name, clerk, reverses_id: id,
    note: `冲正第${id}号：${why}`,
  });
  // The reversal is dated today; the payment it cancels counts no more in its own year: that person-year's findings
  // (paid twice, yearly caps) are evaluated again. Only today's were (the audit-replay property test, seed 691715904:
  // a 重复发放 warning stayed on the same person's other payment of 2017 after the first was reversed).
  tx.touched.notePayment(row);
  return reversal;
}

/** A payment row ready to store (already parsed and resolved), for bulk paths such as import commit. */
export interface PaymentInsert {
  programId: number | null;
  personId: number | null;
  paidOn: string;
  cashFen: number;
  goodsFen?: number;
  goodsDesc?: string | null;
  recipientKind?: string | null;
  category?: string | null;
  method?: string;
  unitId?: number | null;
  studentName?: string | null;
  note?: string | null;
  importBatchId?: number | null;
  clerk?: string | null;
}

const ISO_DATE = /^[12]\d{3}-[01]\d-[0-3]\d$/;

/** Insert many payments in the current command (audited in chunks; findings recomputed before commit). */
export function bulkInsertPayments(tx: Tx, rows: readonly PaymentInsert[]): number[] {
  return insertPaymentsEach(tx, rows.length, (i) => rows[i]!);
}

/**
 * bulkInsertPayments for `count` payments handed one at a time (`paymentOf(i)` may refill and
 * return the same object): a bulk caller builds no object per row.
 */
export function insertPaymentsEach(tx: Tx, count: number, paymentOf: (i: number) => PaymentInsert): number[] {
  // One values object, refilled per row: insertEach copies it at once.
  const values = {
    program_id: null as number | null, person_id: null as number | null, paid_on: '', cash_fen: 0, goods_fen: 0, goods_desc: null as string | null,
    recipient_kind: null as string | null, category: null as string | null, method: '现金', unit_id: null as number | null, student_name: null as string | null,
    note: null as string | null, import_batch_id: null as number | null, clerk: null as string | null,
  };
  return tx.insertEach('payments', count, (i) => {
    const r = paymentOf(i);
    if (!Number.isSafeInteger(r.cashFen) || !Number.isSafeInteger(r.goodsFen ?? 0)) throw new LedgerError('invalid_input', `第${i + 1}条：金额必须是整数分`);
    if (!ISO_DATE.test(r.paidOn)) throw new LedgerError('invalid_input', `第${i + 1}条：发放日期“${r.paidOn}”格式错误`);
    values.program_id = r.programId;
    values.person_id = r.personId;
    values.paid_on = r.paidOn;
    values.cash_fen = r.cashFen;
    values.goods_fen = r.goodsFen ?? 0;
    values.goods_desc = r.goodsDesc ?? null;
    values.recipient_kind = r.recipientKind ?? null;
    values.category = r.category ?? null;
    values.method = r.method ?? '现金';
    values.unit_id = r.unitId ?? null;
    values.student_name = r.studentName ?? null;
    values.note = r.note ?? null;
    values.import_batch_id = r.importBatchId ?? null;
    values.clerk = r.clerk ?? null;
    return values;
  });
}
