/**
 * Household files (一户一档): a household of the register, its members, its
 * hardship level and causes, its bank account, and its file status, which moves
 * 在档 → 脱困 / 注销 (and back, 返困 / 恢复) with a date and a reason, each move
 * recorded in household_status_history. Every function runs inside a command's Tx.
 */
import { FILE_STATUSES, type CodeListName, type FileStatus } from '../../../shared/domain/codes.ts';
import { parseDate, todayIso } from '../../../shared/domain/dates.ts';
import { parseResidentId } from '../../../shared/domain/residentId.ts';
import { collapseSpaces, toHalfWidth } from '../../../shared/domain/text.ts';
import type { HouseholdFields, MemberInput, PersonEditField, PersonEditInput } from '../../../shared/registers.ts';
import { LedgerError } from '../errors.ts';
import type { Tx } from '../db/writer.ts';
import type { Ledger } from '../ledger.ts';
import { createPerson, updatePerson } from './people.ts';
import { cleanUnitName, ensureUnit } from './units.ts';

export const MAX_OTHER_CAUSES = 3;

/** The moves a file may make. 脱困 → 在档 is 返困; 注销 → 在档 restores a file closed by mistake. */
const STATUS_MOVES: Record<FileStatus, readonly FileStatus[]> = {
  在档: ['脱困', '注销'],
  脱困: ['在档', '注销'],
  注销: ['在档'],
};

/** The local calendar date of the command (its timestamp is UTC). */
export function commandDate(tx: Tx): string {
  return todayIso(new Date(tx.at));
}

function clean(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const t = collapseSpaces(v);
  return t === '' ? null : t;
}

/** Codes and numbers: full-width digits and letters made half-width. */
function cleanCode(v: string | null | undefined): string | null {
  return clean(v === null || v === undefined ? v : toHalfWidth(v));
}

/** A value of a code list: an active value, or the value the row already holds (retired values stay readable). */
function codeValue(tx: Tx, list: CodeListName, value: string | null, current: unknown, label: string): string | null {
  if (value === null || value === current) return value;
  const row = tx.database.prepare('SELECT retired_at FROM code_lists WHERE list = ? AND value = ?').get(list, value) as { retired_at: string | null } | undefined;
  if (!row) throw new LedgerError('invalid_input', `${label}“${value}”不在代码表中（可在“设置 → 代码表”中增加）`);
  if (row.retired_at !== null) throw new LedgerError('invalid_input', `${label}“${value}”已停用，不能用于新登记`);
  return value;
}

function dateValue(raw: string | null | undefined, label: string, notAfter: string): string | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  const d = parseDate(raw);
  if (!d.ok) throw new LedgerError('invalid_input', `${label}：${d.message}`);
  if (d.iso > notAfter) throw new LedgerError('invalid_input', `${label} ${d.iso} 晚于今天（${notAfter}）`);
  return d.iso;
}

export function cleanBankAccount(raw: string | null | undefined): string | null {
  const t = cleanCode(raw);
  if (t === null) return null;
  const digits = t.replace(/[\s-]/g, '');
  if (!/^\d{6,32}$/.test(digits)) throw new LedgerError('invalid_input', `银行账号“${t}”应为6至32位数字`);
  return digits;
}

type Values = Record<string, string | number | null>;

/** The unit of this name wherever it sits in the tree (a top-level one first); a new top-level unit when there is none. */
export function unitByName(tx: Tx, name: string): number {
  const found = tx.database.prepare('SELECT id FROM units WHERE name = ? ORDER BY parent_id IS NOT NULL, id LIMIT 1').pluck().get(cleanUnitName(name)) as number | undefined;
  return found ?? ensureUnit(tx, name);
}

/** The household columns of the given fields, checked; `current` is the stored row when updating. */
function householdValues(tx: Tx, fields: HouseholdFields, current: Record<string, unknown> | undefined, id: number | null): Values {
  const out: Values = {};
  const today = commandDate(tx);
  if (fields.fileNo !== undefined) {
    const no = cleanCode(fields.fileNo);
    if (no !== null) {
      const other = tx.database.prepare('SELECT id FROM households WHERE file_no = ? AND id IS NOT ?').get(no, id) as { id: number } | undefined;
      if (other) throw new LedgerError('duplicate', `档案编号“${no}”已被另一户使用`);
    }
    out.file_no = no;
  }
  if (fields.address !== undefined) out.address = clean(fields.address);
  if (fields.size !== undefined) {
    const s = fields.size;
    if (s !== null && (!Number.isInteger(s) || s < 1 || s > 50)) throw new LedgerError('invalid_input', `家庭人口“${s}”应为1至50的整数`);
    out.size = s;
  }
  if (fields.annualIncomeFen !== undefined) {
    const f = fields.annualIncomeFen;
    if (f !== null && (!Number.isSafeInteger(f) || f < 0)) throw new LedgerError('invalid_input', '家庭年收入应为不小于0的金额');
    out.annual_income_fen = f;
  }
  if (fields.hardshipLevel !== undefined) out.hardship_level = codeValue(tx, 'hardship_level', clean(fields.hardshipLevel), current?.hardship_level, '困难程度');
  if (fields.primaryCause !== undefined || fields.otherCauses !== undefined) {
    const primary = fields.primaryCause !== undefined ? clean(fields.primaryCause) : ((current?.primary_cause as string | null | undefined) ?? null);
    const others = fields.otherCauses !== undefined
      ? fields.otherCauses.map((c) => clean(c)).filter((c): c is string => c !== null)
      : [current?.cause_2, current?.cause_3, current?.cause_4].filter((c): c is string => typeof c === 'string');
    if (others.length > MAX_OTHER_CAUSES) throw new LedgerError('invalid_input', `除主要致困原因外最多再填${MAX_OTHER_CAUSES}项，收到${others.length}项`);
    if (primary === null && others.length > 0) throw new LedgerError('invalid_input', '请先填写主要致困原因');
    const all = [primary, ...others].filter((c): c is string => c !== null);
    const dup = all.find((c, i) => all.indexOf(c) !== i);
    if (dup) throw new LedgerError('invalid_input', `致困原因“${dup}”重复`);
    const stored = [current?.primary_cause, current?.cause_2, current?.cause_3, current?.cause_4];
    const checked = [primary, others[0] ?? null, others[1] ?? null, others[2] ?? null].map((c) => (c !== null && stored.includes(c) ? c : codeValue(tx, 'cause', c, undefined, '致困原因')));
    out.primary_cause = checked[0] ?? null;
    out.cause_2 = checked[1] ?? null;
    out.cause_3 = checked[2] ?? null;
    out.cause_4 = checked[3] ?? null;
  }
  if (fields.filedOn !== undefined) out.filed_on = dateValue(fields.filedOn, '建档日期', today);
  if (fields.bankName !== undefined) out.bank_name = clean(fields.bankName);
  if (fields.bankAccount !== undefined) out.bank_account = cleanBankAccount(fields.bankAccount);
  if (fields.unitName !== undefined) {
    const u = clean(fields.unitName);
    out.unit_id = u === null ? null : unitByName(tx, u);
  }
  if (fields.note !== undefined) out.note = clean(fields.note);
  return out;
}

function relationOf(tx: Tx, relation: string | null | undefined): string | null {
  const r = clean(relation ?? null);
  return codeValue(tx, 'relation', r, undefined, '与户主关系');
}

function checkOneHead(tx: Tx, householdId: number): void {
  const heads = tx.database.prepare("SELECT name FROM people WHERE household_id = ? AND relation = '户主'").pluck().all(householdId) as string[];
  if (heads.length > 1) throw new LedgerError('invalid_input', `一户只能有一位户主，现有：${heads.join('、')}`);
}

/** Put members in a household: registered people (not in another household) or new people. */
export function addHouseholdMembers(tx: Tx, householdId: number, members: readonly MemberInput[]): number[] {
  const household = tx.get('households', householdId);
  if (!household) throw new LedgerError('not_found', `找不到档案 #${householdId}`);
  const ids: number[] = [];
  members.forEach((m, i) => {
    const where = `第${i + 1}位成员`;
    const relation = relationOf(tx, m.relation);
    if (m.personId !== undefined) {
      const p = tx.get('people', m.personId);
      if (!p) throw new LedgerError('not_found', `${where}：找不到人员 #${m.personId}`);
      if (p.household_id !== null && p.household_id !== householdId) {
        const other = tx.get('households', p.household_id as number);
        throw new LedgerError('invalid_input', `${where}“${p.name}”已在另一户档案（${other?.file_no ?? `#${p.household_id}`}）中，请先从那一户移出`);
      }
      updatePerson(tx, m.personId, { householdId, relation });
      ids.push(m.personId);
    } else if (m.person) {
      const unitName = clean(m.person.unitName ?? null);
      try {
        ids.push(createPerson(tx, {
          name: m.person.name, idNumber: m.person.idNumber ?? null, gender: m.person.gender ?? null, birthDate: m.person.birthDate ?? null,
          phone: cleanCode(m.person.phone ?? null), employmentStatus: codeValue(tx, 'employment_status', clean(m.person.employmentStatus ?? null), undefined, '就业状态'),
          note: clean(m.person.note ?? null), unitId: unitName === null ? null : unitByName(tx, unitName),
          householdId, relation,
        }));
      } catch (e) {
        if (e instanceof LedgerError) throw new LedgerError(e.code, `${where}：${e.message}`, e.details);
        throw e;
      }
    } else {
      throw new LedgerError('invalid_input', `${where}：请选择已登记的人员或填写新成员的姓名`);
    }
  });
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) throw new LedgerError('invalid_input', `同一人不能重复加入：人员 #${dup}`);
  checkOneHead(tx, householdId);
  return ids;
}

/** Create a household file with its members; it starts 在档, and its history records the filing. */
export function createHousehold(tx: Tx, fields: HouseholdFields, members: readonly MemberInput[]): number {
  if (members.length === 0) throw new LedgerError('invalid_input', '档案至少要有一名成员');
  const values = householdValues(tx, fields, undefined, null);
  const filedOn = (values.filed_on as string | null | undefined) ?? commandDate(tx);
  const id = tx.insert('households', { ...values, filed_on: filedOn, file_status: '在档', status_changed_on: filedOn });
  tx.insert('household_status_history', { household_id: id, status: '在档', changed_on: filedOn, reason: '建档' });
  // The first member is the head unless another one is.
  const list = members.map((m) => ({ ...m }));
  if (!list.some((m) => clean(m.relation ?? null) === '户主') && (list[0]!.relation ?? null) === null) list[0]!.relation = '户主';
  const memberIds = addHouseholdMembers(tx, id, list);
  const patch: Values = {};
  if (values.size === undefined || values.size === null) patch.size = memberIds.length;
  if (values.unit_id === undefined || values.unit_id === null) {
    const head = tx.database.prepare("SELECT unit_id FROM people WHERE household_id = ? ORDER BY relation = '户主' DESC, id LIMIT 1").get(id) as { unit_id: number | null };
    if (head.unit_id !== null) patch.unit_id = head.unit_id;
  }
  if (Object.keys(patch).length) tx.update('households', id, patch);
  return id;
}

export function updateHousehold(tx: Tx, id: number, fields: HouseholdFields): string[] {
  const current = tx.get('households', id);
  if (!current) throw new LedgerError('not_found', `找不到档案 #${id}`);
  const values = householdValues(tx, fields, current, id);
  if (values.filed_on !== undefined && values.filed_on === null) throw new LedgerError('invalid_input', '建档日期不能为空');
  return tx.update('households', id, values);
}

function lastHistoryDate(tx: Tx, id: number): string | null {
  return (tx.database.prepare('SELECT max(changed_on) FROM household_status_history WHERE household_id = ?').pluck().get(id) as string | null) ?? null;
}

/** Move a file to another status (脱困, 注销, back to 在档) on a date, for a reason; recorded in its history. */
export function setHouseholdStatus(tx: Tx, id: number, status: FileStatus, changedOn: string, reason: string): void {
  const row = tx.get('households', id);
  if (!row) throw new LedgerError('not_found', `找不到档案 #${id}`);
  if (!(FILE_STATUSES as readonly string[]).includes(status)) throw new LedgerError('invalid_input', `档案状态只能是：${FILE_STATUSES.join('、')}`);
  const from = row.file_status as FileStatus;
  const label = row.file_no ? `档案 ${row.file_no}` : `档案 #${id}`;
  if (from === status) throw new LedgerError('invalid_input', `${label}已是“${status}”状态`);
  if (!STATUS_MOVES[from].includes(status)) throw new LedgerError('invalid_input', `${label}不能从“${from}”改为“${status}”`);
  const why = clean(reason);
  if (why === null) throw new LedgerError('invalid_input', `将${label}改为“${status}”必须填写原因`);
  const on = dateValue(changedOn, '变更日期', commandDate(tx));
  if (on === null) throw new LedgerError('invalid_input', '变更日期不能为空');
  const last = lastHistoryDate(tx, id);
  if (last !== null && on < last) throw new LedgerError('invalid_input', `变更日期 ${on} 早于该档案上一次记录的日期 ${last}`);
  if (typeof row.filed_on === 'string' && on < row.filed_on) throw new LedgerError('invalid_input', `变更日期 ${on} 早于建档日期 ${row.filed_on}`);
  tx.update('households', id, { file_status: status, status_changed_on: on });
  tx.insert('household_status_history', { household_id: id, status, changed_on: on, reason: why });
}

/** 年度复核: the file was checked and is still right; recorded in its history (the file counts as updated). */
export function reviewHousehold(tx: Tx, id: number, reviewedOn: string, note: string | null): void {
  const row = tx.get('households', id);
  if (!row) throw new LedgerError('not_found', `找不到档案 #${id}`);
  const on = dateValue(reviewedOn, '复核日期', commandDate(tx));
  if (on === null) throw new LedgerError('invalid_input', '复核日期不能为空');
  const last = lastHistoryDate(tx, id);
  if (last !== null && on < last) throw new LedgerError('invalid_input', `复核日期 ${on} 早于该档案上一次记录的日期 ${last}`);
  const text = clean(note);
  tx.insert('household_status_history', { household_id: id, status: row.file_status, changed_on: on, reason: text ? `复核：${text}` : '复核' });
}

/** Take a person out of a household (the household keeps at least one member). */
export function removeHouseholdMember(tx: Tx, householdId: number, personId: number): void {
  const p = tx.get('people', personId);
  if (!p || p.household_id !== householdId) throw new LedgerError('not_found', `人员 #${personId} 不在档案 #${householdId} 中`);
  const n = tx.database.prepare('SELECT count(*) FROM people WHERE household_id = ?').pluck().get(householdId) as number;
  if (n <= 1) throw new LedgerError('invalid_input', `“${p.name}”是该户唯一的成员，不能移出；如档案作废，请将档案注销`);
  updatePerson(tx, personId, { householdId: null, relation: null });
}

const PERSON_FIELD_LABELS: Record<PersonEditField, string> = {
  name: '姓名', idNumber: '身份证号码', gender: '性别', birthDate: '出生日期', phone: '联系电话', unitName: '工作单位',
  employmentStatus: '就业状态', relation: '与户主关系', note: '备注',
};

/** Edit cells of people (the people grid); any unreadable cell refuses the whole request. */
export function editPeople(tx: Tx, edits: readonly PersonEditInput[]): number[] {
  for (const edit of edits) {
    const current = tx.get('people', edit.id);
    if (!current) throw new LedgerError('not_found', `找不到人员 #${edit.id}`);
    const patch: Parameters<typeof updatePerson>[2] = {};
    for (const [field, raw] of Object.entries(edit.cells) as [PersonEditField, string | null][]) {
      const label = PERSON_FIELD_LABELS[field];
      const v = clean(raw);
      try {
        switch (field) {
          case 'name':
            if (v === null) throw new LedgerError('invalid_input', '姓名不能为空');
            patch.name = v;
            break;
          case 'idNumber': {
            patch.idNumber = v;
            // Gender and birth date follow a valid ID when they were empty.
            if (v !== null) {
              const info = parseResidentId(v);
              if (info.gender && current.gender === null && edit.cells.gender === undefined) patch.gender = info.gender;
              if (info.birthDate && current.birth_date === null && edit.cells.birthDate === undefined) patch.birthDate = info.birthDate;
            }
            break;
          }
          case 'gender':
            if (v !== null && v !== '男' && v !== '女') throw new LedgerError('invalid_input', `性别“${v}”只能是“男”或“女”`);
            patch.gender = v as '男' | '女' | null;
            break;
          case 'birthDate':
            patch.birthDate = v;
            break;
          case 'phone':
            patch.phone = cleanCode(v);
            break;
          case 'unitName':
            patch.unitId = v === null ? null : unitByName(tx, v);
            break;
          case 'employmentStatus':
            patch.employmentStatus = codeValue(tx, 'employment_status', v, current.employment_status, '就业状态');
            break;
          case 'relation':
            if (v !== null && current.household_id === null) throw new LedgerError('invalid_input', `“${current.name}”不属于任何档案，不能填写与户主关系`);
            patch.relation = codeValue(tx, 'relation', v, current.relation, '与户主关系');
            break;
          case 'note':
            patch.note = v;
            break;
        }
      } catch (e) {
        if (e instanceof LedgerError) throw new LedgerError(e.code, `“${label}”：${e.message}`, e.details);
        throw e;
      }
    }
    updatePerson(tx, edit.id, patch);
    if (typeof current.household_id === 'number') checkOneHead(tx, current.household_id);
  }
  return edits.map((e) => e.id);
}

/** The full bank account of a household (shown only when the clerk asks for it). */
export function revealBankAccount(ledger: Ledger, id: number): string | null {
  const row = ledger.stmt('SELECT bank_account FROM households WHERE id = ?').get(id) as { bank_account: string | null } | undefined;
  if (!row) throw new LedgerError('not_found', `找不到档案 #${id}`);
  return row.bank_account;
}
