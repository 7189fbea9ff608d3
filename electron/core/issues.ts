/**
 * The rule findings of payments (table payment_issues) are derived data: the
 * shared rule evaluation applied to each payment and the facts around it. The
 * service layer recomputes them, inside the same transaction, for every payment
 * a write could have affected: the payments of the same person and household in
 * the same year, and those of the person-years (household-years) of every payment of
 * a program whose rules, name or kind changed. A rule counted over other programs
 * (同类项目 / 所有项目, shared/domain/rules.ts) holds exactly the person-years (household-
 * years) with a payment of its program, so those keys cover whatever it can mark. Findings stored
 * under older rules (RULES_VERSION) are recomputed after opening, a range of people
 * at a time (recomputePeople, recomputeLoose; findingsRefresh.ts), by the same path.
 */
import type { Statement } from 'better-sqlite3';
import { parseResidentId } from '../../shared/domain/residentId.ts';
import {
  crossProgramRules,
  evaluatePayment,
  type CrossProgramRules,
  type PaymentFacts,
  type PaymentIssue,
  type PersonFacts,
  type ProgramFacts,
  type ProgramRule,
} from '../../shared/domain/rules.ts';
import type { SqliteDatabase } from './db/open.ts';
import type { FreshPayment, TouchSet } from './db/writer.ts';

export interface PaymentFactRow {
  id: number;
  program_id: number | null;
  person_id: number | null;
  paid_on: string;
  cash_fen: number;
  goods_fen: number;
  category: string | null;
  reverses_id: number | null;
  student_name: string | null;
  note: string | null;
}

interface RuleRow {
  id: number;
  program_id: number;
  kind: ProgramRule['kind'];
  amount_fen: number | null;
  category: string | null;
  scope: ProgramRule['scope'];
  other_program_id: number | null;
  severity: ProgramRule['severity'];
}

/** Person-year keys are processed in chunks so that memory stays bounded on big ledgers. */
const CHUNK_KEYS = 20_000;

export class IssueEngine {
  private readonly db: SqliteDatabase;
  private readonly stmt: (sql: string) => Statement;
  private prepared = false;

  constructor(db: SqliteDatabase, stmt: (sql: string) => Statement) {
    this.db = db;
    this.stmt = stmt;
  }

  private prepareTemp(): void {
    if (this.prepared) return;
    this.db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS issue_keys (person_id INTEGER NOT NULL, year INTEGER NOT NULL, PRIMARY KEY (person_id, year)) WITHOUT ROWID;
      CREATE TEMP TABLE IF NOT EXISTS issue_chunk (person_id INTEGER NOT NULL, first_day TEXT NOT NULL, last_day TEXT NOT NULL, PRIMARY KEY (person_id, first_day)) WITHOUT ROWID;
      CREATE TEMP TABLE IF NOT EXISTS issue_ids (id INTEGER PRIMARY KEY);
    `);
    this.prepared = true;
  }

  /**
   * The payments of people the transaction created, grouped by person-year (each group in date
   * then id order), when they can be evaluated from the rows just written: the transaction
   * wrote people and payments only by insertMany (TouchSet.fresh), and changed no person or
   * program that would bring other payments in. Those people have no other payments and no
   * household. Otherwise their person-years go the usual way.
   */
  private freshGroups(touched: TouchSet): FreshPayment[][] | null {
    if (touched.freshPayments.length === 0) return null;
    if (touched.all || touched.personIds.size > 0 || touched.programIds.size > 0) {
      touched.dropFresh();
      return null;
    }
    const sorted = [...touched.freshPayments].sort((a, b) => a.person_id - b.person_id || (a.paid_on < b.paid_on ? -1 : a.paid_on > b.paid_on ? 1 : a.id - b.id));
    const groups: FreshPayment[][] = [];
    for (let i = 0; i < sorted.length; ) {
      const first = sorted[i]!;
      let j = i + 1;
      while (j < sorted.length && sorted[j]!.person_id === first.person_id && sorted[j]!.paid_on.slice(0, 4) === first.paid_on.slice(0, 4)) j++;
      groups.push(sorted.slice(i, j));
      i = j;
    }
    return groups;
  }

  /** Recompute the findings of every payment the touched set can affect. Call inside a transaction. */
  recompute(touched: TouchSet): void {
    if (touched.empty) return;
    const fresh = this.freshGroups(touched);
    this.startKeys();
    if (touched.all) {
      this.db.exec(`INSERT OR IGNORE INTO temp.issue_keys SELECT DISTINCT person_id, CAST(substr(paid_on, 1, 4) AS INTEGER) FROM payments WHERE person_id IS NOT NULL;
        INSERT OR IGNORE INTO temp.issue_ids SELECT id FROM payments WHERE person_id IS NULL;`);
    } else {
      // One statement for all keys: a bulk write can touch hundreds of thousands of person-years.
      const pairs: number[][] = [];
      for (const key of touched.personYears) {
        const i = key.indexOf(':');
        pairs.push([Number(key.slice(0, i)), Number(key.slice(i + 1))]);
      }
      if (pairs.length > 0) {
        this.stmt("INSERT OR IGNORE INTO temp.issue_keys (person_id, year) SELECT value ->> 0, value ->> 1 FROM json_each(?)").run(JSON.stringify(pairs));
      }
      if (touched.paymentIds.size > 0) {
        this.stmt('INSERT OR IGNORE INTO temp.issue_ids (id) SELECT value FROM json_each(?)').run(JSON.stringify([...touched.paymentIds]));
      }
      const byPerson = this.stmt(
        'INSERT OR IGNORE INTO temp.issue_keys SELECT DISTINCT person_id, CAST(substr(paid_on, 1, 4) AS INTEGER) FROM payments WHERE person_id = ?',
      );
      for (const id of touched.personIds) byPerson.run(id);
      const byProgram = this.stmt(
        'INSERT OR IGNORE INTO temp.issue_keys SELECT DISTINCT person_id, CAST(substr(paid_on, 1, 4) AS INTEGER) FROM payments WHERE program_id = ? AND person_id IS NOT NULL',
      );
      const nullByProgram = this.stmt('INSERT OR IGNORE INTO temp.issue_ids SELECT id FROM payments WHERE program_id = ? AND person_id IS NULL');
      for (const id of touched.programIds) {
        byProgram.run(id);
        nullByProgram.run(id);
      }
      this.addHouseholdMembers();
    }
    this.evaluateKeys(fresh, touched);
  }

  /**
   * Recompute the findings of every payment of the people with ids in (afterId, lastId], and of
   * their household members' payments in the same years: one chunk of a pass over the whole ledger
   * (findingsRefresh.ts). The same keys and evaluation as an incremental recompute, so the findings
   * stored are those a full recompute stores. Call inside a transaction. Returns the payments evaluated.
   */
  recomputePeople(afterId: number, lastId: number): number {
    this.startKeys();
    this.stmt(`INSERT OR IGNORE INTO temp.issue_keys SELECT DISTINCT person_id, CAST(substr(paid_on, 1, 4) AS INTEGER) FROM payments
      WHERE person_id > ? AND person_id <= ?`).run(afterId, lastId);
    this.addHouseholdMembers();
    return this.evaluateKeys(null, null);
  }

  /** Recompute the findings of the payments without a person with ids in (afterId, lastId]: as recomputePeople. */
  recomputeLoose(afterId: number, lastId: number): number {
    this.startKeys();
    this.stmt('INSERT OR IGNORE INTO temp.issue_ids SELECT id FROM payments WHERE person_id IS NULL AND id > ? AND id <= ?').run(afterId, lastId);
    return this.evaluateKeys(null, null);
  }

  private startKeys(): void {
    this.prepareTemp();
    this.db.exec('DELETE FROM temp.issue_keys; DELETE FROM temp.issue_ids;');
  }

  /** Household members share once-per-household rules: their payments in the same years are affected too. */
  private addHouseholdMembers(): void {
    // CROSS JOIN keeps the keys as the outer loop: the planner has no statistics for the temp
    // table and would otherwise scan every person (6 ms per edit on a 1,000,000-row ledger).
    this.stmt(`INSERT OR IGNORE INTO temp.issue_keys
      SELECT m.id, k.year FROM temp.issue_keys k
      CROSS JOIN people p ON p.id = k.person_id
      CROSS JOIN people m ON m.household_id = p.household_id
      WHERE p.household_id IS NOT NULL AND m.id <> p.id`).run();
  }

  /**
   * Evaluate and store the findings of the payments of the person-years in temp.issue_keys, of the
   * payments in temp.issue_ids that have no person, and of the fresh groups. Returns the payments evaluated.
   */
  private evaluateKeys(fresh: FreshPayment[][] | null, touched: TouchSet | null): number {
    let evaluated = 0;
    const programs = new Map<number, ProgramFacts>();
    for (const p of this.stmt('SELECT id, name, kind, year FROM programs').all() as ProgramFacts[]) programs.set(p.id, p);
    const programNames = new Map<number, string>([...programs.values()].map((p) => [p.id, p.name]));
    const rulesByProgram = new Map<number, ProgramRule[]>();
    for (const r of this.stmt('SELECT * FROM program_rules ORDER BY id').all() as RuleRow[]) {
      const list = rulesByProgram.get(r.program_id) ?? [];
      list.push({
        id: r.id, programId: r.program_id, kind: r.kind, amountFen: r.amount_fen, category: r.category,
        scope: r.scope, otherProgramId: r.other_program_id, severity: r.severity,
      });
      rulesByProgram.set(r.program_id, list);
    }
    const crossRules = crossProgramRules(programs, rulesByProgram);

    const reversed = new Set(this.stmt('SELECT reverses_id FROM payments WHERE reverses_id IS NOT NULL').pluck().all() as number[]);

    // Chunk the keys by household so that every household's members are evaluated together.
    const keys = this.stmt(`SELECT k.person_id AS personId, k.year AS year, coalesce(-p.household_id, p.id) AS grp
      FROM temp.issue_keys k CROSS JOIN people p ON p.id = k.person_id ORDER BY grp, k.year`).all() as { personId: number; year: number; grp: number }[];
    const fillChunk = this.stmt("INSERT INTO temp.issue_chunk (person_id, first_day, last_day) SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)");
    let start = 0;
    while (start < keys.length) {
      let end = Math.min(start + CHUNK_KEYS, keys.length);
      while (end < keys.length && keys[end]!.grp === keys[end - 1]!.grp) end++;
      this.db.exec('DELETE FROM temp.issue_chunk');
      const chunk: [number, string, string][] = [];
      for (let i = start; i < end; i++) chunk.push([keys[i]!.personId, `${keys[i]!.year}-01-01`, `${keys[i]!.year}-12-31`]);
      fillChunk.run(JSON.stringify(chunk));
      const rows = this.stmt(`SELECT pay.id, pay.program_id, pay.person_id, pay.paid_on, pay.cash_fen, pay.goods_fen, pay.category, pay.reverses_id, pay.student_name, pay.note
        FROM temp.issue_chunk k
        CROSS JOIN payments pay ON pay.person_id = k.person_id AND pay.paid_on BETWEEN k.first_day AND k.last_day
        ORDER BY k.person_id, k.first_day`).all() as PaymentFactRow[];
      const people = this.stmt(`SELECT p.id, p.name, p.gender, p.id_number, p.household_id FROM people p
        WHERE p.id IN (SELECT person_id FROM temp.issue_chunk)`).all() as PersonRow[];
      if (this.stmt('SELECT EXISTS (SELECT 1 FROM payment_issues)').pluck().get() === 1) {
        this.stmt('DELETE FROM payment_issues WHERE payment_id IN (SELECT value FROM json_each(?))').run(JSON.stringify(rows.map((r) => r.id)));
      }
      this.evaluateAndStore(rows, people, programs, programNames, rulesByProgram, crossRules, reversed);
      evaluated += rows.length;
      start = end;
    }
    if (fresh && touched) {
      this.evaluateFresh(fresh, touched, programs, programNames, rulesByProgram, crossRules, reversed);
      evaluated += touched.freshPayments.length;
    }
    const loose = this.stmt(`SELECT pay.id, pay.program_id, pay.person_id, pay.paid_on, pay.cash_fen, pay.goods_fen, pay.category, pay.reverses_id, pay.student_name, pay.note
      FROM temp.issue_ids i CROSS JOIN payments pay ON pay.id = i.id WHERE pay.person_id IS NULL`).all() as PaymentFactRow[];
    if (loose.length > 0) {
      this.stmt('DELETE FROM payment_issues WHERE payment_id IN (SELECT id FROM temp.issue_ids)').run();
      this.evaluateAndStore(loose, [], programs, programNames, rulesByProgram, crossRules, reversed);
    }
    return evaluated + loose.length;
  }

  /** The findings of the fresh people's payments: the same evaluation as evaluateAndStore, from the rows in memory (new payments have no stored findings). */
  private evaluateFresh(
    groups: FreshPayment[][],
    touched: TouchSet,
    programs: Map<number, ProgramFacts>,
    programNames: Map<number, string>,
    rulesByProgram: Map<number, ProgramRule[]>,
    crossRules: Map<number, CrossProgramRules>,
    reversedIds: Set<number>,
  ): void {
    const ins = this.stmt('INSERT INTO payment_issues (payment_id, code, severity, field, message, rule_id) VALUES (?, ?, ?, ?, ?, ?)');
    const empty: PaymentFacts[] = [];
    const noRules: ProgramRule[] = [];
    let person: PersonFacts | null = null;
    for (const rows of groups) {
      if (person?.id !== rows[0]!.person_id) person = personFacts(touched.freshPeople.get(rows[0]!.person_id)!);
      const facts: PaymentFacts[] = rows.map((r) => ({
        id: r.id, programId: r.program_id, programKind: r.program_id === null ? null : (programs.get(r.program_id)?.kind ?? null), personId: r.person_id,
        householdId: null, paidOn: r.paid_on, cashFen: r.cash_fen, goodsFen: r.goods_fen, category: r.category, reversesId: r.reverses_id,
        reversed: reversedIds.size > 0 && reversedIds.has(r.id), studentName: r.student_name,
      }));
      for (const f of facts) {
        for (const issue of evaluatePayment(f, {
          program: f.programId === null ? null : (programs.get(f.programId) ?? null),
          rules: f.programId === null ? noRules : (rulesByProgram.get(f.programId) ?? noRules),
          person,
          personYear: facts,
          householdYear: empty,
          programNames,
          crossRules,
        })) ins.run(f.id, issue.code, issue.severity, issue.field, issue.message, issue.ruleId ?? null);
      }
    }
  }

  private evaluateAndStore(
    rows: PaymentFactRow[],
    peopleRows: PersonRow[],
    programs: Map<number, ProgramFacts>,
    programNames: Map<number, string>,
    rulesByProgram: Map<number, ProgramRule[]>,
    crossRules: Map<number, CrossProgramRules>,
    reversedIds: Set<number>,
  ): void {
    const people = new Map<number, PersonFacts & { householdId: number | null }>();
    for (const p of peopleRows) people.set(p.id, personFacts(p));
    const facts: PaymentFacts[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const program = r.program_id === null ? undefined : programs.get(r.program_id);
      const person = r.person_id === null ? undefined : people.get(r.person_id);
      facts[i] = {
        id: r.id, programId: r.program_id, programKind: program?.kind ?? null, personId: r.person_id,
        householdId: person?.householdId ?? null, paidOn: r.paid_on, cashFen: r.cash_fen, goodsFen: r.goods_fen,
        category: r.category, reversesId: r.reverses_id, reversed: reversedIds.size > 0 && reversedIds.has(r.id), studentName: r.student_name, note: r.note,
      };
    }
    // Rows arrive ordered by person and year: each person-year is one run of consecutive rows.
    const personYearOf = new Array<PaymentFacts[]>(facts.length);
    for (let i = 0; i < facts.length; ) {
      const f = facts[i]!;
      const y = f.paidOn.slice(0, 4);
      let j = i + 1;
      if (f.personId !== null) {
        while (j < facts.length && facts[j]!.personId === f.personId && facts[j]!.paidOn.startsWith(y)) j++;
      }
      // In date order (then id), so that a finding names the same earlier payment however
      // the rows were read: incremental and full recomputes must store identical findings.
      const group = facts.slice(i, j).sort(byDateThenId);
      for (let k = i; k < j; k++) personYearOf[k] = group;
      i = j;
    }
    let byHouseholdYear: Map<string, PaymentFacts[]> | null = null;
    const householdRules = [...rulesByProgram.values()].some((list) => list.some((r) => r.kind === 'once_per_household_year'));
    if (householdRules) {
      byHouseholdYear = new Map();
      for (const f of facts) if (f.householdId !== null) push(byHouseholdYear, `${f.householdId}:${f.paidOn.slice(0, 4)}`, f);
      for (const list of byHouseholdYear.values()) list.sort(byDateThenId);
    }
    const ins = this.stmt('INSERT INTO payment_issues (payment_id, code, severity, field, message, rule_id) VALUES (?, ?, ?, ?, ?, ?)');
    const empty: PaymentFacts[] = [];
    const noRules: ProgramRule[] = [];
    for (let i = 0; i < facts.length; i++) {
      const f = facts[i]!;
      const issues: PaymentIssue[] = evaluatePayment(f, {
        program: f.programId === null ? null : (programs.get(f.programId) ?? null),
        rules: f.programId === null ? noRules : (rulesByProgram.get(f.programId) ?? noRules),
        person: f.personId === null ? null : (people.get(f.personId) ?? null),
        personYear: personYearOf[i]!,
        householdYear: f.householdId === null || byHouseholdYear === null ? empty : (byHouseholdYear.get(`${f.householdId}:${f.paidOn.slice(0, 4)}`) ?? empty),
        programNames,
        crossRules,
      });
      for (const issue of issues) ins.run(f.id, issue.code, issue.severity, issue.field, issue.message, issue.ruleId ?? null);
    }
  }
}

interface PersonRow {
  id: number;
  name: string;
  gender: '男' | '女' | null;
  id_number: string | null;
  household_id: number | null;
}

function personFacts(p: PersonRow): PersonFacts & { householdId: number | null } {
  let idProblems: PersonFacts['idProblems'] = [];
  let idGender: PersonFacts['idGender'] = null;
  if (p.id_number) {
    const info = parseResidentId(p.id_number);
    idProblems = info.problems.map((x) => ({ code: x.code, message: x.message }));
    idGender = info.gender;
  }
  return { id: p.id, name: p.name, gender: p.gender, idNumber: p.id_number, idProblems, idGender, householdId: p.household_id };
}

function byDateThenId(a: PaymentFacts, b: PaymentFacts): number {
  return a.paidOn < b.paidOn ? -1 : a.paidOn > b.paidOn ? 1 : a.id - b.id;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
