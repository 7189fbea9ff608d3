/**
 * Checking analysed rows against the ledger: who each row pays (matched by ID
 * number; by name and unit when the roster has no ID), whether that person was
 * already paid in the chosen program, and the program's rules — evaluated by
 * the same shared `evaluatePayment` the ledger uses for its own findings, with
 * the person's and household's existing payments of the year as facts. The
 * rows are evaluated as if they had been inserted after the existing ones, so
 * the findings match what the ledger shows after the commit.
 */
import { formatYuan } from '../../../shared/domain/money.ts';
import type { PaymentFactRow } from '../issues.ts';
import { parseResidentId } from '../../../shared/domain/residentId.ts';
import { normalizeName } from '../../../shared/domain/text.ts';
import { crossProgramRules, evaluatePayment, paysPerChild, type PaymentFacts, type PersonFacts, type ProgramFacts, type ProgramRule } from '../../../shared/domain/rules.ts';
import type { ImportField, ImportReason } from '../../../shared/import.ts';
import type { Ledger } from '../ledger.ts';
import { memoized, type AnalyzedRow } from './analyze.ts';
import { codeKey, toSimplified } from './text.ts';

export interface ProgramInfo extends ProgramFacts {
  code: string;
  startsOn: string | null;
  endsOn: string | null;
}

interface PersonRow {
  id: number;
  name: string;
  gender: '男' | '女' | null;
  id_number: string | null;
  household_id: number | null;
  unit_name: string | null;
  birth_date: string | null;
}


/** A person as the checks read one, with the unit's name (a WHERE clause follows). */
const PERSON_ROW = 'SELECT p.id, p.name, p.gender, p.id_number, p.household_id, u.name AS unit_name, p.birth_date FROM people p LEFT JOIN units u ON u.id = p.unit_id';

/** Where a row with no ID and the ledger's person of its name disagree: 性别, 出生年月 (theirs from the record or its ID). */
function disagreements(r: AnalyzedRow, p: PersonRow): { field: string; ledger: string; row: string }[] {
  const out: { field: string; ledger: string; row: string }[] = [];
  const id = p.id_number ? parseResidentId(p.id_number) : null;
  const gender = p.gender ?? id?.gender ?? null;
  if (r.v.gender !== null && gender !== null && r.v.gender !== gender) out.push({ field: '性别', ledger: gender, row: r.v.gender });
  const born = p.birth_date ?? id?.birthDate ?? null;
  // (On a student roster a 出生年月 is as likely the student's as the parent's: not compared.)
  if (r.v.birthMonth !== null && r.v.studentName === null && born !== null && born.slice(0, 7) !== r.v.birthMonth) {
    const month = (ym: string) => `${ym.slice(0, 4)}年${Number(ym.slice(5, 7))}月生`;
    out.push({ field: '出生年月', ledger: month(born), row: month(r.v.birthMonth) });
  }
  return out;
}

export function loadProgram(ledger: Ledger, id: number): ProgramInfo | null {
  const p = ledger.stmt('SELECT id, code, name, year, kind, starts_on AS startsOn, ends_on AS endsOn FROM programs WHERE id = ?').get(id) as ProgramInfo | undefined;
  return p ?? null;
}

/** A program's rules; with no program, every program's. */
function loadRules(ledger: Ledger, programId: number | null): ProgramRule[] {
  const sql = programId === null ? 'SELECT * FROM program_rules ORDER BY id' : 'SELECT * FROM program_rules WHERE program_id = ? ORDER BY id';
  return (ledger.stmt(sql).all(...(programId === null ? [] : [programId])) as {
    id: number; program_id: number; kind: ProgramRule['kind']; amount_fen: number | null; category: string | null; scope: ProgramRule['scope'];
    other_program_id: number | null; severity: ProgramRule['severity'];
  }[]).map((r) => ({
    id: r.id, programId: r.program_id, kind: r.kind, amountFen: r.amount_fen, category: r.category, scope: r.scope, otherProgramId: r.other_program_id, severity: r.severity,
  }));
}

function rulesByProgramOf(rules: readonly ProgramRule[]): Map<number, ProgramRule[]> {
  const out = new Map<number, ProgramRule[]>();
  for (const r of rules) push(out, r.programId, r);
  return out;
}

function yuan(fen: number): string {
  return `${formatYuan(fen).replace(/\.00$/, '')}元`;
}

const ISSUE_FIELD: Record<string, ImportField | null> = { cashFen: 'amount', goodsFen: 'goodsAmount', person: 'name', paidOn: 'paidOn', idNumber: 'idNumber', gender: 'gender', program: null, row: null };

const NONE: ImportReason[] = [];

/**
 * A 类别 or 人员类别 as the ledger stores it: the code list's value however written (住院手術 and 一般困難 are
 * 住院手术 and 一般困难), else the text in Simplified without spaces between Chinese characters (重 困 is 重困).
 * The preview's rules and the commit read the same value (helper 84: 住院未手術 escaped the 住院未手术 cap).
 */
export function codeNormalizer(ledger: Ledger, programId: number | null = null): (value: string | null) => string | null {
  const codes = new Map<string, string>();
  // The code lists' values, and the categories the programs' rules name (住院未手术): matched also without brackets,
  // dashes or dots (住院(未手术), 住院-未手术; helper 86: they escaped the 住院未手术 cap).
  const loose = (v: string) => codeKey(v).replace(/[()（）[\]【】〔〕\-－—–_·.．、/／]/g, '');
  // The program's own rules first: their category is the one its caps compare (helper 88: 住院（手术） met another
  // program's 住院手术 and escaped this one's 住院(手术)).
  const known = [
    ...(programId === null ? [] : (ledger.db.prepare('SELECT DISTINCT category FROM program_rules WHERE program_id = ? AND category IS NOT NULL').pluck().all(programId) as string[])),
    ...(ledger.db.prepare("SELECT value FROM code_lists WHERE list IN ('recipient_kind', 'hardship_level', 'cause')").pluck().all() as string[]),
    ...(ledger.db.prepare('SELECT DISTINCT category FROM program_rules WHERE category IS NOT NULL').pluck().all() as string[]),
  ];
  for (const c of known) {
    if (!codes.has(codeKey(c))) codes.set(codeKey(c), c);
    if (!codes.has(loose(c))) codes.set(loose(c), c);
  }
  // By value (a roster repeats a handful of them): OpenCC per row would cost ~0.15 s on 100,000 rows.
  const ofText = memoized((v: string) => codes.get(codeKey(v)) ?? codes.get(loose(v)) ?? toSimplified(v).replace(/[\s\u3000]+/g, ' ').trim().replace(/(?<=\p{Script=Han}) (?=\p{Script=Han})/gu, ''));
  return (v) => (v === null ? null : ofText(v));
}

/**
 * Check the payment rows (not the skipped ones) against the ledger; the results go on
 * each row (personId, checkReasons, paidOn). Reads only; nothing is written to the ledger.
 */
export function checkRows(ledger: Ledger, rows: readonly AnalyzedRow[], program: ProgramInfo | null, defaultPaidOn: string | readonly string[]): void {
  // One date for all, or each sheet's own (by sheet index).
  const defaultOf = typeof defaultPaidOn === 'string' ? () => defaultPaidOn : (r: AnalyzedRow) => defaultPaidOn[r.sheetIndex]!;
  const payments = rows.filter((r) => !r.skip);
  const json = (values: unknown[]) => JSON.stringify(values);

  // People by ID number, then by name for rows without one.
  const ids = new Set<string>();
  for (const r of payments) if (r.v.idValid && r.v.idNumber) ids.add(r.v.idNumber);
  const byId = new Map<string, PersonRow>();
  if (ids.size > 0) {
    // A ledger with no more people than the roster has IDs is read whole (one pass over its people,
    // a Set lookup each); a bigger one is asked for the roster's IDs (a JSON array of them, an index
    // probe each: ~80 ms for 100,000 IDs, even against an empty ledger).
    const people = ledger.stmt('SELECT coalesce(max(id), 0) FROM people').pluck().get() as number;
    const found = people <= ids.size
      ? ledger.db.prepare(`${PERSON_ROW} WHERE p.id_number IS NOT NULL`).iterate()
      : ledger.db.prepare(`${PERSON_ROW} WHERE p.id_number IN (SELECT value FROM json_each(?))`).iterate(json([...ids]));
    for (const p of found as Iterable<PersonRow>) if (ids.has(p.id_number!)) byId.set(p.id_number!, p);
  }
  // Names in Simplified, each converted once (rows repeat them; OpenCC per call is not cheap).
  const simple = memoized(toSimplified);
  const codeOf = codeNormalizer(ledger, program?.id ?? null);
  const nameOnly = payments.filter((r) => r.v.idNumber === null && r.v.name !== null);
  const byName = new Map<string, PersonRow[]>();
  if (nameOnly.length > 0) {
    // A name written in Traditional (孫麗) finds the person the ledger has in Simplified (孙丽).
    for (const p of ledger.db
      .prepare(`${PERSON_ROW} WHERE p.name IN (SELECT value FROM json_each(?))`)
      .all(json([...new Set(nameOnly.flatMap((r) => [r.v.name!, simple(r.v.name!)]))])) as PersonRow[]) {
      const key = simple(p.name);
      const list = byName.get(key) ?? [];
      list.push(p);
      byName.set(key, list);
    }
  }
  // New people by ID whose name the ledger has on a person without an ID (perhaps the same person), or on a
  // person of the same unit with another ID (the same person with an ID mistyped, or a namesake: said either way).
  const unregistered = new Map<string, PersonRow[]>();
  const registered = new Map<string, PersonRow[]>();
  const newById = payments.filter((r) => r.v.idValid && r.v.idNumber !== null && !byId.has(r.v.idNumber) && r.v.name !== null);
  if (newById.length > 0 && ledger.stmt('SELECT EXISTS (SELECT 1 FROM people)').pluck().get() === 1) {
    for (const p of ledger.db
      .prepare(`${PERSON_ROW} WHERE p.name IN (SELECT value FROM json_each(?))`)
      .all(json([...new Set(newById.flatMap((r) => [r.v.name!, simple(r.v.name!)]))])) as PersonRow[]) {
      push(p.id_number === null ? unregistered : registered, simple(p.name), p);
    }
  }
  const sameUnit = (r: AnalyzedRow) => (byName.size === 0 ? [] : (byName.get(simple(r.v.name!)) ?? []).filter((p) => r.v.unit === null || p.unit_name === null || p.unit_name === r.v.unit));
  // A row with no ID is taken for the ledger's person of that name (and unit) only when its 性别 and 出生年月, where
  // written, agree with theirs: a 劳模 roster's 王明, 女, born 1950.02 was paid to the ledger's 王明 born 1982 (helper 94 H1).
  // A row that disagrees is held (below).
  const candidatesOf = (r: AnalyzedRow): PersonRow[] => sameUnit(r).filter((p) => disagreements(r, p).length === 0);
  const personOf = (r: AnalyzedRow): PersonRow | null => {
    if (r.v.idNumber !== null) return r.v.idValid ? (byId.get(r.v.idNumber) ?? null) : null;
    if (r.v.name === null) return null;
    const candidates = candidatesOf(r);
    return candidates.length === 1 ? candidates[0]! : null;
  };

  const rules = program ? loadRules(ledger, program.id) : [];
  const programs = new Map<number, ProgramFacts>();
  for (const p of ledger.stmt('SELECT id, name, kind, year FROM programs').all() as ProgramFacts[]) programs.set(p.id, p);
  const programNames = new Map([...programs.values()].map((p) => [p.id, p.name]));
  // Other programs' rules counted over all programs (or programs of a kind): held against the rows as the ledger will
  // hold them after the commit, in the years the person was paid from those programs.
  const crossRules = crossProgramRules(programs, rulesByProgramOf(loadRules(ledger, null).filter((r) => r.programId !== program?.id)));

  // Existing payments of the matched people and, for once-per-household rules, of their households.
  const matched = new Map<AnalyzedRow, PersonRow>();
  for (const r of payments) {
    const p = personOf(r);
    if (p) matched.set(r, p);
  }
  // One person of the ledger on several rows of the file, found by different keys (an ID on one row,
  // the name on another; the name alone with and without a unit): each such row is held, as the
  // same ID twice is (the analysis holds those already).
  // Only a program that pays per child (金秋助学) pays a parent on several rows, one per student; in any other (a 送温暖
  // roster with a 子女姓名 column) the parent twice is paid twice (helper 86: merged over two children's rows, 丙一 was).
  const perChild = program === null || paysPerChild(program.kind);
  const childKey = (r: AnalyzedRow) => (perChild ? (r.v.studentName ?? '') : '');
  const rowsOfPerson = new Map<string, AnalyzedRow[]>();
  for (const [r, p] of matched) if (!r.reasons.some((x) => x.code === 'duplicate_in_file')) push(rowsOfPerson, `${p.id}|${childKey(r)}`, r);
  const samePerson = new Map<AnalyzedRow, ImportReason>();
  /** Each of the rows held as one payee's twice (duplicate_in_file), with its message. */
  const holdAll = (rows: AnalyzedRow[], message: (r: AnalyzedRow) => string) => {
    for (const r of rows) samePerson.set(r, { code: 'duplicate_in_file', severity: 'error', field: 'name', message: message(r) });
  };
  /** Where the rows are: 第 3、7 行, said to be on different sheets when they are. */
  const placesOf = (rows: AnalyzedRow[]) => `${new Set(rows.map((r) => r.sheetIndex)).size > 1 ? '（不同工作表）' : ''}第 ${rows.map((r) => r.row).join('、')} 行`;
  for (const [, rows] of rowsOfPerson) {
    if (rows.length < 2) continue;
    const person = matched.get(rows[0]!)!;
    const where = placesOf(rows);
    holdAll(rows, () => `台账中的“${person.name}”（${person.id_number ?? '无身份证号'}）在本文件中出现 ${rows.length} 次：${where}，请核对是否重复发放`);
  }
  // New people too (by ID, else name and unit): the analysis told their rows apart by student.
  if (!perChild) {
    // By ID, and by name and unit (one row with the ID, another without: helper 90), unless the rows give two IDs.
    const rowsOfPayee = new Map<string, AnalyzedRow[]>();
    for (const r of payments) {
      if (matched.has(r) || r.v.studentName === null || r.reasons.some((x) => x.code === 'duplicate_in_file')) continue;
      if (r.v.idNumber !== null) push(rowsOfPayee, `i${r.v.idNumber}`, r);
      if (r.v.name !== null) push(rowsOfPayee, `n${r.v.name}|${r.v.unit ?? ''}`, r);
    }
    for (const [key, rows] of rowsOfPayee) {
      if (rows.length < 2) continue;
      if (key.startsWith('n') && new Set(rows.flatMap((r) => (r.v.idNumber === null ? [] : [r.v.idNumber]))).size > 1) continue;
      const where = placesOf(rows);
      holdAll(rows, (r) => `“${r.v.name ?? r.v.idNumber}”在本文件中出现 ${rows.length} 次（${where}，子女不同）；“${program!.name}”不是助学项目，每人只发一次，请核对是否重复发放`);
    }
  }
  // In a program that pays per child, a parent's row with no student is no other child (helper 88: a parent paid for one
  // child on a row with 学生姓名 and again on a row without).
  if (perChild) {
    const rowsOfParent = new Map<string, AnalyzedRow[]>();
    for (const r of payments) {
      if (r.reasons.some((x) => x.code === 'duplicate_in_file') || samePerson.has(r)) continue;
      const p = matched.get(r);
      const key = p ? `p${p.id}` : r.v.idNumber !== null ? `i${r.v.idNumber}` : r.v.name !== null ? `n${r.v.name}|${r.v.unit ?? ''}` : null;
      if (key !== null) push(rowsOfParent, key, r);
    }
    for (const [, rows] of rowsOfParent) {
      if (rows.length < 2 || !rows.some((r) => r.v.studentName === null) || !rows.some((r) => r.v.studentName !== null)) continue;
      const where = `第 ${rows.map((r) => r.row).join('、')} 行`;
      holdAll(rows, (r) => `“${r.v.name ?? r.v.idNumber}”在本文件中出现 ${rows.length} 次（${where}），其中有的行没有学生姓名，无法确定是为哪个孩子发放，请补填学生姓名或删去重复行`);
    }
  }
  const personIds = [...new Set([...matched.values()].map((p) => p.id))];
  const householdRule = rules.some((r) => r.kind === 'once_per_household_year') || [...crossRules.values()].some((c) => c.rules.some((r) => r.kind === 'once_per_household_year'));
  const householdIds = householdRule ? [...new Set([...matched.values()].map((p) => p.household_id).filter((h): h is number => h !== null))] : [];
  const memberOf = new Map<number, number | null>();
  for (const p of matched.values()) memberOf.set(p.id, p.household_id);
  let existing: PaymentFactRow[] = [];
  if (program && personIds.length > 0) {
    existing = ledger.db
      .prepare(`SELECT id, program_id, person_id, paid_on, cash_fen, goods_fen, category, reverses_id, student_name FROM payments WHERE person_id IN (SELECT value FROM json_each(?))`)
      .all(json(personIds)) as PaymentFactRow[];
    if (householdIds.length > 0) {
      const members = ledger.db
        .prepare('SELECT id, household_id FROM people WHERE household_id IN (SELECT value FROM json_each(?))')
        .all(json(householdIds)) as { id: number; household_id: number }[];
      const others = members.filter((m) => !memberOf.has(m.id));
      for (const m of members) memberOf.set(m.id, m.household_id);
      if (others.length > 0) {
        existing = existing.concat(ledger.db
          .prepare(`SELECT id, program_id, person_id, paid_on, cash_fen, goods_fen, category, reverses_id, student_name FROM payments WHERE person_id IN (SELECT value FROM json_each(?))`)
          .all(json(others.map((m) => m.id))) as PaymentFactRow[]);
      }
    }
  }
  const reversed = new Set(existing.filter((p) => p.reverses_id !== null).map((p) => p.reverses_id!));
  const factOf = (p: PaymentFactRow): PaymentFacts => ({
    id: p.id, programId: p.program_id, programKind: p.program_id === null ? null : (programs.get(p.program_id)?.kind ?? null), personId: p.person_id,
    householdId: p.person_id === null ? null : (memberOf.get(p.person_id) ?? null), paidOn: p.paid_on, cashFen: p.cash_fen, goodsFen: p.goods_fen,
    category: p.category, reversesId: p.reverses_id, reversed: reversed.has(p.id), studentName: p.student_name,
  });
  const byPerson = new Map<number, PaymentFacts[]>();
  const byHousehold = new Map<number, PaymentFacts[]>();
  for (const p of existing) {
    const f = factOf(p);
    if (p.person_id !== null) push(byPerson, p.person_id, f);
    if (f.householdId !== null) push(byHousehold, f.householdId, f);
  }
  const maxId = (ledger.stmt('SELECT coalesce(max(id), 0) AS m FROM payments').get() as { m: number }).m;
  // Years closed (结账): the commit would refuse their payments, so the preview holds those rows.
  const closedYears = new Set((ledger.stmt('SELECT DISTINCT year FROM year_closings WHERE reopened_at IS NULL').all() as { year: number }[]).map((y) => String(y.year)));

  // Rows that will be inserted count for the household rules and the payee's yearly caps of the rows after them.
  let next = maxId;
  const earlierInFile = new Map<string, PaymentFacts[]>();
  // Only a student roster pays one payee on several rows (a parent per child; any other second row of a payee is
  // held as duplicate_in_file): only its rows are kept for the rows after them (100,000 facts would be ~20 MB).
  const yearlyCap = (x: ProgramRule) => x.kind === 'max_cash_per_person_year' || x.kind === 'max_total_per_person_year';
  const payeeRules = (rules.some((x) => yearlyCap(x) || x.kind === 'once_per_person_program') || [...crossRules.values()].some((c) => c.rules.some(yearlyCap)))
    && payments.some((r) => r.v.studentName !== null);
  for (const r of payments) {
    const person = matched.get(r) ?? null;
    let reasons: ImportReason[] = NONE;
    const add = (x: ImportReason) => {
      if (reasons === NONE) reasons = [];
      reasons.push(x);
    };
    const paidOn = r.v.paidOn ?? defaultOf(r);
    const twice = samePerson.get(r);
    if (twice) add(twice);
    // Several people of the ledger by that name (and unit), and no ID to tell them apart: whose payment is it?
    if (!person && r.v.idNumber === null && r.v.name !== null) {
      const candidates = candidatesOf(r);
      if (candidates.length > 1) {
        add({
          code: 'person_ambiguous', severity: 'error', field: 'idNumber',
          message: `台账中有 ${candidates.length} 个叫“${r.v.name}”的人${r.v.unit ? `（${r.v.unit}）` : `（${candidates.map((p) => p.unit_name ?? '无单位').join('、')}）`}，本行没有身份证号，无法确定是谁，请补充身份证号`,
        });
      }
    }
    // A new person the ledger may already have: by name at another unit, or by name without an ID.
    if (!person && r.v.name !== null) {
      // (Converted to Simplified only when there is anything to find: OpenCC per row would cost 100,000 rows ~0.1 s.)
      const others = r.v.idNumber === null
        ? (byName.size > 0 ? (byName.get(simple(r.v.name)) ?? []) : [])
        : r.v.idValid && unregistered.size > 0 ? (unregistered.get(simple(r.v.name)) ?? []) : [];
      const unlike = r.v.idNumber === null && others.length > 0 ? sameUnit(r).map((p) => ({ p, differ: disagreements(r, p) })) : [];
      if (unlike.length > 0 && !reasons.some((x) => x.code === 'person_ambiguous')) {
        // Of that name and unit, but another 性别 or 出生年月: another person (a namesake, a father and son at one old factory),
        // or the same one with a cell mistyped, or a column of another person's (配偶 | 出生年月). Held, not paid to either:
        // a new person made for it was paid a second time past already_paid (helper 96).
        add({
          code: 'person_ambiguous', severity: 'error', field: 'idNumber',
          message: `台账中已有“${r.v.name}”（${unlike.map(({ p, differ }) => [p.unit_name ?? '无单位', ...differ.map((d) => d.ledger)].join('，')).join('；')}），与本行的${[...new Set(unlike.flatMap(({ differ }) => differ.map((d) => d.field)))].join('、')}（${[...new Set(unlike.flatMap(({ differ }) => differ.map((d) => d.row)))].join('，')}）不符，本行没有身份证号，无法确定是否同一人；请补充身份证号，或核对性别、出生年月`,
        });
      } else if (others.length > 0 && !reasons.some((x) => x.code === 'person_ambiguous')) {
        add({
          code: 'person_maybe_known', severity: 'warn', field: 'name',
          message: r.v.idNumber === null
            ? `台账中已有“${r.v.name}”（${others.map((p) => p.unit_name ?? '无单位').join('、')}），与本行的单位不同，将另建人员；如是同一人，请补充身份证号`
            : `台账中已有未登记身份证号的“${r.v.name}”（${others.map((p) => p.unit_name ?? '无单位').join('、')}），将按本行的身份证号另建人员；如是同一人，请在台账中补登其身份证号后再导入`,
        });
      }
      // (Said beside the one above: both may hold, and the same unit's person is the likelier one; helper 44.)
      if (r.v.idValid && r.v.unit !== null && registered.size > 0) {
        const unit = simple(r.v.unit);
        const same = (registered.get(simple(r.v.name)) ?? []).filter((p) => p.unit_name !== null && simple(p.unit_name) === unit);
        if (same.length > 0) {
          add({
            code: 'person_maybe_known', severity: 'warn', field: 'idNumber',
            message: `台账中已有同单位（${r.v.unit}）的“${r.v.name}”，身份证号为 ${same.map((p) => p.id_number).join('、')}，与本行的 ${r.v.idNumber} 不同，将另建人员；如是同一人，请核对身份证号`,
          });
        }
      }
    }
    // The same name in Traditional and Simplified (孫麗 / 孙丽) is no mismatch.
    if (person && r.v.name !== null && normalizeName(person.name) !== r.v.name && simple(normalizeName(person.name)) !== simple(r.v.name) && r.v.idNumber !== null) {
      add({ code: 'name_mismatch', severity: 'warn', field: 'name', message: `身份证号 ${r.v.idNumber} 在台账中登记为“${person.name}”，花名册写作“${r.v.name}”；将记在“${person.name}”名下，请核对` });
    }
    if (closedYears.has(paidOn.slice(0, 4))) {
      add({ code: 'year_closed', severity: 'error', field: 'paidOn', message: `发放日期 ${paidOn} 所在的 ${paidOn.slice(0, 4)} 年度已结账，不能再导入该年度的发放记录；如确需补录，请先重新打开该年度（命令行 reopen-year）` });
    }
    const hasMoney = r.v.amountFen !== null || r.v.goodsFen !== null;
    const usable = hasMoney && !(r.v.idNumber !== null && !r.v.idValid);
    let alreadyPaid = false;
    if (program && person && usable) {
      // (A parent paid before for another child is not paid twice.)
      const earlier = (byPerson.get(person.id) ?? []).filter((p) => p.programId === program.id && p.reversesId === null && !p.reversed && !(perChild && p.studentName && r.v.studentName && p.studentName !== r.v.studentName));
      if (earlier.length > 0) {
        alreadyPaid = true;
        const first = earlier.sort((x, y) => (x.paidOn < y.paidOn ? -1 : 1))[0]!;
        add({
          code: 'already_paid', severity: 'error', field: 'name',
          message: `“${person.name}”已于 ${first.paidOn} 在“${program.name}”中领取 ${yuan(first.cashFen + first.goodsFen)}（第 ${first.id} 号记录），同一项目不能重复发放`,
        });
      }
    }
    if (program && usable) {
      const id = ++next;
      const householdId = person?.household_id ?? null;
      // One payee on several rows (a parent once per child): the same key for the earlier rows of the file.
      const forStudent = payeeRules && r.v.studentName !== null;
      const payeeKey = !forStudent ? '' : person ? `p${person.id}` : r.v.idNumber !== null ? `i${r.v.idNumber}` : `n${r.v.name ?? ''}|${r.v.unit ?? ''}`;
      const inFile = forStudent ? earlierInFile.get(payeeKey) : undefined;
      const fact: PaymentFacts = {
        id, programId: program.id, programKind: program.kind, personId: person?.id ?? inFile?.[0]?.personId ?? -id, householdId, paidOn,
        cashFen: r.v.amountFen ?? 0, goodsFen: r.v.goodsFen ?? 0, category: codeOf(r.v.category), reversesId: null, reversed: false, studentName: r.v.studentName,
      };
      const year = paidOn.slice(0, 4);
      // The ledger's payments of the year, then the rows above this one that will be imported with it.
      const personYear = [...(person ? (byPerson.get(person.id) ?? []) : []).filter((p) => p.paidOn.startsWith(year)), ...(inFile ?? []).filter((p) => p.paidOn.startsWith(year)), fact];
      const householdYear = householdId === null ? [] : [...(byHousehold.get(householdId) ?? []).filter((p) => p.paidOn.startsWith(year)), fact];
      const personFacts: PersonFacts = person
        ? { id: person.id, name: person.name, gender: person.gender, idNumber: person.id_number, idProblems: [], idGender: person.id_number ? parseResidentId(person.id_number).gender : null }
        : { id: -id, name: r.v.name ?? '', gender: r.v.gender, idNumber: r.v.idNumber, idProblems: [], idGender: r.v.idGender };
      for (const issue of evaluatePayment(fact, { program, rules, person: personFacts, personYear, householdYear, programNames, crossRules })) {
        if (issue.code.startsWith('rule:')) {
          const rule = rules.find((x) => x.id === issue.ruleId);
          if (alreadyPaid && rule?.kind === 'once_per_person_program') continue;
          add({ code: issue.code as `rule:${number}`, severity: issue.severity, field: ISSUE_FIELD[issue.field] ?? null, message: issue.message, ...(issue.ruleId !== undefined ? { ruleId: issue.ruleId } : {}) });
        } else if ((issue.code === 'zero_amount' && r.v.amountFen !== null && !r.reasons.some((x) => x.code === 'missing_amount')) || issue.code === 'date_outside_year' || issue.code === 'amount_large') {
          // (No 金额为0 beside an amount missing or unreadable: the row says so already; helper 83.)
          add({ code: issue.code, severity: 'warn', field: ISSUE_FIELD[issue.field] ?? null, message: issue.message });
        }
      }
      // Later rows of the same household (once per household per year) and payee (yearly caps) see this one.
      if (!r.reasons.some((x) => x.severity === 'error') && !reasons.some((x) => x.severity === 'error')) {
        if (householdId !== null) push(byHousehold, householdId, fact);
        if (forStudent) push(earlierInFile, payeeKey, fact);
      }
    }
    r.personId = person?.id ?? null;
    r.checkReasons = reasons;
    r.paidOn = paidOn;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
