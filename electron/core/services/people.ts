/** People (人员): recipients of relief and subsidies. */
import { parseDate } from '../../../shared/domain/dates.ts';
import { cleanIdText, parseResidentId } from '../../../shared/domain/residentId.ts';
import { normalizeName } from '../../../shared/domain/text.ts';
import type { PersonMatch, PersonRecord } from '../../../shared/records.ts';
import { LedgerError } from '../errors.ts';
import type { Tx } from '../db/writer.ts';
import type { Ledger } from '../ledger.ts';
import { hasVariants, nameVariantsSafe, variantSpellings } from '../queries/chineseVariants.ts';

export interface PersonInput {
  name: string;
  idNumber?: string | null;
  gender?: '男' | '女' | null;
  birthDate?: string | null;
  phone?: string | null;
  unitId?: number | null;
  employmentStatus?: string | null;
  householdId?: number | null;
  relation?: string | null;
  note?: string | null;
}


/** Eighteen characters already clean: cleaning changes nothing, and the ID is stored as it is (valid or not). */
const CLEAN_18 = /^\d{17}[\dX]$/;

/** The ID number as it should be stored: an 18-character upgrade of a 15-digit one, otherwise the cleaned text. */
export function storedIdNumber(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  // The usual case (an import commit passes IDs the analysis has cleaned): what the lines below give, without parsing it again.
  if (typeof raw === 'string' && CLEAN_18.test(raw)) return raw;
  const cleaned = cleanIdText(String(raw));
  if (cleaned === '') return null;
  const info = parseResidentId(cleaned);
  return info.fromFifteen || info.valid ? info.normalized : cleaned;
}

export function findPersonByIdNumber(db: { prepare: Ledger['db']['prepare'] }, idNumber: string): { id: number; name: string } | undefined {
  return db.prepare('SELECT id, name FROM people WHERE id_number = ?').get(idNumber) as { id: number; name: string } | undefined;
}

/** A person's ID is never stored with hidden digits ('*'), whoever the caller. */
function refuseMaskedId(idNumber: string | null): void {
  if (idNumber !== null && idNumber.includes('*')) {
    throw new LedgerError('invalid_input', `身份证号“${idNumber}”中间位已隐藏（*），不是完整号码，不能保存；请填写完整身份证号`);
  }
}

function birthDateOf(input: PersonInput, idNumber: string | null): string | null {
  if (input.birthDate) {
    const d = parseDate(input.birthDate);
    if (!d.ok) throw new LedgerError('invalid_input', `出生日期：${d.message}`);
    return d.iso;
  }
  return idNumber ? parseResidentId(idNumber).birthDate : null;
}

export function createPerson(tx: Tx, input: PersonInput): number {
  const name = normalizeName(input.name ?? '');
  if (name === '') throw new LedgerError('invalid_input', '姓名不能为空');
  const idNumber = storedIdNumber(input.idNumber);
  refuseMaskedId(idNumber);
  if (idNumber) {
    const existing = findPersonByIdNumber(tx.database, idNumber);
    if (existing) {
      throw new LedgerError('duplicate', `身份证号 ${idNumber} 已登记给“${existing.name}”`, { personId: existing.id });
    }
  }
  const gender = input.gender ?? (idNumber ? parseResidentId(idNumber).gender : null);
  return tx.insert('people', {
    name,
    id_number: idNumber,
    gender,
    birth_date: birthDateOf(input, idNumber),
    phone: input.phone ?? null,
    unit_id: input.unitId ?? null,
    employment_status: input.employmentStatus ?? null,
    household_id: input.householdId ?? null,
    relation: input.relation ?? null,
    note: input.note ?? null,
  });
}

export function updatePerson(tx: Tx, id: number, patch: Partial<PersonInput>): string[] {
  const values: Record<string, string | number | null> = {};
  if (patch.name !== undefined) {
    const name = normalizeName(patch.name);
    if (name === '') throw new LedgerError('invalid_input', '姓名不能为空');
    values.name = name;
  }
  if (patch.idNumber !== undefined) {
    const idNumber = storedIdNumber(patch.idNumber);
    refuseMaskedId(idNumber);
    if (idNumber) {
      const existing = findPersonByIdNumber(tx.database, idNumber);
      if (existing && existing.id !== id) {
        throw new LedgerError('duplicate', `身份证号 ${idNumber} 已登记给“${existing.name}”`, { personId: existing.id });
      }
    }
    values.id_number = idNumber;
  }
  if (patch.gender !== undefined) values.gender = patch.gender;
  if (patch.birthDate !== undefined) values.birth_date = patch.birthDate === null ? null : birthDateOf(patch as PersonInput, null);
  if (patch.phone !== undefined) values.phone = patch.phone;
  if (patch.unitId !== undefined) values.unit_id = patch.unitId;
  if (patch.employmentStatus !== undefined) values.employment_status = patch.employmentStatus;
  if (patch.householdId !== undefined) values.household_id = patch.householdId;
  if (patch.relation !== undefined) values.relation = patch.relation;
  if (patch.note !== undefined) values.note = patch.note;
  return tx.update('people', id, values);
}

const PERSON_SELECT = `SELECT p.id, p.name, p.gender, p.id_number AS idNumber, p.birth_date AS birthDate, p.phone,
  p.unit_id AS unitId, u.name AS unitName, p.employment_status AS employmentStatus, p.household_id AS householdId,
  p.relation, p.note
  FROM people p LEFT JOIN units u ON u.id = p.unit_id`;

export function getPerson(ledger: Ledger, id: number): PersonRecord {
  const row = ledger.stmt(`${PERSON_SELECT} WHERE p.id = ?`).get(id) as PersonRecord | undefined;
  if (!row) throw new LedgerError('not_found', `找不到人员 #${id}`);
  return row;
}

/**
 * Look people up by the start of a name or of an ID number, as the clerk types. `exact`: the whole name
 * (in either script: 李強 is 李强) or the whole ID, the one the lookup may choose before the clerk does.
 */
export function searchPeople(ledger: Ledger, query: string, limit = 20): PersonMatch[] {
  const q = query.trim();
  if (q === '') return [];
  const idLike = cleanIdText(q);
  if (/^\d{4,17}[\dX]?$/.test(idLike) || /^\d{3}X$/.test(idLike)) {
    const byStart = (ledger.stmt(`${PERSON_SELECT} WHERE p.id_number >= ? AND p.id_number < ? ORDER BY p.id_number LIMIT ?`).all(idLike, `${idLike}\uffff`, limit) as PersonRecord[])
      .map((p) => ({ ...p, exact: p.idNumber === idLike }));
    // Four characters are also the ID's last four, as clerks often know it (9516, 123X): those people after
    // the ones whose ID starts so. Never `exact`: four digits name no one for sure.
    if (idLike.length !== 4 || byStart.length >= limit) return byStart;
    const seen = new Set(byStart.map((p) => p.id));
    // The IDs' own index is read whole for the ends (~40 ms at 300,000 people); a plain LIKE walked the people in
    // name order, reading each row (1.3–2.2 s).
    const byEnd = (ledger.stmt(`${PERSON_SELECT} WHERE p.id IN (SELECT id FROM people INDEXED BY people_id_number
        WHERE id_number IS NOT NULL AND id_number LIKE ? AND length(id_number) IN (15, 18) LIMIT 200)
      ORDER BY p.name, p.id LIMIT ?`).all(`%${idLike}`, limit) as PersonRecord[])
      .filter((p) => !seen.has(p.id))
      .map((p) => ({ ...p, exact: false }));
    return [...byStart, ...byEnd].slice(0, limit);
  }
  const name = normalizeName(q);
  // 陳建國 finds 陈建国 and the other way round: one index range per spelling (a name has few).
  const spellings = hasVariants(name) ? (variantSpellings(name) ?? [name]) : [name];
  if (spellings.length === 1) {
    return (ledger
      .stmt(`${PERSON_SELECT} WHERE p.name >= ? AND p.name < ? ORDER BY p.name = ? DESC, p.name, p.id LIMIT ?`)
      .all(name, `${name}\uffff`, name, limit) as PersonRecord[]).map((p) => ({ ...p, exact: p.name === name }));
  }
  const byRange = ledger.stmt(`${PERSON_SELECT} WHERE p.name >= ? AND p.name < ? ORDER BY p.name, p.id LIMIT ?`);
  const found = new Map<number, PersonRecord>();
  for (const spelling of spellings) {
    for (const person of byRange.all(spelling, `${spelling}\uffff`, limit) as PersonRecord[]) found.set(person.id, person);
  }
  // As the one range: a whole name (in any spelling) first, then by name and id.
  const exact = new Set(spellings);
  // As typed first (李强 before a registered 李強), then the whole name in the other script, then by name and id.
  const rank = (p: PersonRecord) => (p.name === name ? 2 : exact.has(p.name) ? 1 : 0);
  const sorted = [...found.values()]
    .sort((a, b) => rank(b) - rank(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id))
    .slice(0, limit);
  // Exact: the name as typed when someone has it; else the whole name in the other script, only for names whose
  // characters do not tell two apart (於丽 is not 于丽).
  const asTyped = sorted.some((p) => p.name === name);
  return sorted.map((p) => ({ ...p, exact: p.name === name || (!asTyped && exact.has(p.name) && nameVariantsSafe(name)) }));
}

/** Insert many people at once (import commit, generators); ID numbers must be unique and already cleaned. */
export function bulkInsertPeople(tx: Tx, people: readonly PersonInput[]): number[] {
  return insertPeopleEach(tx, people.length, (i) => people[i]!);
}

/** bulkInsertPeople for `count` people handed one at a time (`personOf(i)` may refill and return the same object). */
export function insertPeopleEach(tx: Tx, count: number, personOf: (i: number) => PersonInput): number[] {
  // One values object, refilled per row: insertEach copies it at once.
  const values = {
    name: '', id_number: null as string | null, gender: null as string | null, birth_date: null as string | null, phone: null as string | null,
    unit_id: null as number | null, employment_status: null as string | null, household_id: null as number | null, relation: null as string | null,
    note: null as string | null,
  };
  return tx.insertEach('people', count, (i) => {
    const p = personOf(i);
    const name = normalizeName(p.name ?? '');
    if (name === '') throw new LedgerError('invalid_input', '姓名不能为空');
    const idNumber = storedIdNumber(p.idNumber);
    values.name = name;
    values.id_number = idNumber;
    values.gender = p.gender ?? (idNumber ? parseResidentId(idNumber).gender : null);
    values.birth_date = p.birthDate ?? (idNumber ? parseResidentId(idNumber).birthDate : null);
    values.phone = p.phone ?? null;
    values.unit_id = p.unitId ?? null;
    values.employment_status = p.employmentStatus ?? null;
    values.household_id = p.householdId ?? null;
    values.relation = p.relation ?? null;
    values.note = p.note ?? null;
    return values;
  });
}
