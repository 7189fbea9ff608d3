/**
 * The rule findings of payments (table payment_issues) are derived data: the
 * shared rule evaluation applied to each payment and the facts around it. The
 * service layer recomputes them, inside the same transaction, for every payment
 * a write could have affected: the payments of the same person and household in
 * the same year, and all payments of a program whose rules changed.
 */
import type { Statement } from 'better-sqlite3';
import { parseResidentId } from '../../shared/domain/residentId.ts';
import {
  evaluatePayment,
  type PaymentFacts,
  type PaymentIssue,
  type PersonFacts,
  type ProgramFacts,
  type ProgramRule,
} from '../../shared/domain/rules.ts';
import type { SqliteDatabase } from './db/open.ts';
import type { TouchSet } from './db/writer.ts';

interface PaymentFactRow {
  id: number;
  program_id: number | null;
  person_id: number | null;
  paid_on: string;
  cash_fen: number;
  goods_fen: number;
  category: string | null;
  reverses_id: number | null;
  reversed: number;
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
      CREATE TEMP TABLE IF NOT EXISTS issue_chunk (person_id INTEGER NOT NULL, year INTEGER NOT NULL, PRIMARY KEY (person_id, year)) WITHOUT ROWID;
      CREATE TEMP TABLE IF NOT EXISTS issue_ids (id INTEGER PRIMARY KEY);
    `);
    this.prepared = true;
  }

  /** Recompute the findings of every payment the touched set can affect. Call inside a transaction. */
  recompute(touched: TouchSet): void {
    if (touched.empty) return;
    this.prepareTemp();
    this.db.exec('DELETE FROM temp.issue_keys; DELETE FROM temp.issue_ids;');
    const addKey = this.stmt('INSERT OR IGNORE INTO temp.issue_keys (person_id, year) VALUES (?, ?)');
    const addId = this.stmt('INSERT OR IGNORE INTO temp.issue_ids (id) VALUES (?)');
    if (touched.all) {
      this.db.exec(`INSERT OR IGNORE INTO temp.issue_keys SELECT DISTINCT person_id, CAST(substr(paid_on, 1, 4) AS INTEGER) FROM payments WHERE person_id IS NOT NULL;
        INSERT OR IGNORE INTO temp.issue_ids SELECT id FROM payments WHERE person_id IS NULL;`);
    } else {
      for (const key of touched.personYears) {
        const [p, y] = key.split(':');
        addKey.run(Number(p), Number(y));
      }
      for (const id of touched.paymentIds) addId.run(id);
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
      // Household members share once-per-household rules: their payments in the same years are affected too.
      this.db.exec(`INSERT OR IGNORE INTO temp.issue_keys
        SELECT m.id, k.year FROM temp.issue_keys k
        JOIN people p ON p.id = k.person_id
        JOIN people m ON m.household_id = p.household_id
        WHERE p.household_id IS NOT NULL AND m.id <> p.id`);
    }

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

    // Chunk the keys by household so that every household's members are evaluated together.
    const keys = this.stmt(`SELECT k.person_id AS personId, k.year AS year, coalesce(-p.household_id, p.id) AS grp
      FROM temp.issue_keys k JOIN people p ON p.id = k.person_id ORDER BY grp, k.year`).all() as { personId: number; year: number; grp: number }[];
    const insertChunkKey = this.stmt('INSERT INTO temp.issue_chunk (person_id, year) VALUES (?, ?)');
    let start = 0;
    while (start < keys.length) {
      let end = Math.min(start + CHUNK_KEYS, keys.length);
      while (end < keys.length && keys[end]!.grp === keys[end - 1]!.grp) end++;
      this.db.exec('DELETE FROM temp.issue_chunk');
      for (let i = start; i < end; i++) insertChunkKey.run(keys[i]!.personId, keys[i]!.year);
      const rows = this.stmt(`SELECT pay.id, pay.program_id, pay.person_id, pay.paid_on, pay.cash_fen, pay.goods_fen, pay.category, pay.reverses_id,
          EXISTS (SELECT 1 FROM payments r WHERE r.reverses_id = pay.id) AS reversed
        FROM temp.issue_chunk k
        JOIN payments pay ON pay.person_id = k.person_id
          AND pay.paid_on >= printf('%04d-01-01', k.year) AND pay.paid_on <= printf('%04d-12-31', k.year)`).all() as PaymentFactRow[];
      const people = this.stmt(`SELECT p.id, p.name, p.gender, p.id_number, p.household_id FROM people p
        WHERE p.id IN (SELECT person_id FROM temp.issue_chunk)`).all() as PersonRow[];
      this.evaluateAndStore(rows, people, programs, programNames, rulesByProgram);
      start = end;
    }
    const loose = this.stmt(`SELECT pay.id, pay.program_id, pay.person_id, pay.paid_on, pay.cash_fen, pay.goods_fen, pay.category, pay.reverses_id,
        EXISTS (SELECT 1 FROM payments r WHERE r.reverses_id = pay.id) AS reversed
      FROM temp.issue_ids i JOIN payments pay ON pay.id = i.id WHERE pay.person_id IS NULL`).all() as PaymentFactRow[];
    if (loose.length > 0) this.evaluateAndStore(loose, [], programs, programNames, rulesByProgram);
  }

  private evaluateAndStore(
    rows: PaymentFactRow[],
    peopleRows: PersonRow[],
    programs: Map<number, ProgramFacts>,
    programNames: Map<number, string>,
    rulesByProgram: Map<number, ProgramRule[]>,
  ): void {
    const people = new Map<number, PersonFacts & { householdId: number | null }>();
    for (const p of peopleRows) people.set(p.id, personFacts(p));
    const facts: PaymentFacts[] = rows.map((r) => {
      const program = r.program_id === null ? undefined : programs.get(r.program_id);
      const person = r.person_id === null ? undefined : people.get(r.person_id);
      return {
        id: r.id, programId: r.program_id, programKind: program?.kind ?? null, personId: r.person_id,
        householdId: person?.householdId ?? null, paidOn: r.paid_on, cashFen: r.cash_fen, goodsFen: r.goods_fen,
        category: r.category, reversesId: r.reverses_id, reversed: r.reversed === 1,
      };
    });
    const byPersonYear = new Map<string, PaymentFacts[]>();
    const byHouseholdYear = new Map<string, PaymentFacts[]>();
    for (const f of facts) {
      const y = f.paidOn.slice(0, 4);
      if (f.personId !== null) push(byPersonYear, `${f.personId}:${y}`, f);
      if (f.householdId !== null) push(byHouseholdYear, `${f.householdId}:${y}`, f);
    }
    const del = this.stmt('DELETE FROM payment_issues WHERE payment_id = ?');
    const ins = this.stmt('INSERT INTO payment_issues (payment_id, code, severity, field, message, rule_id) VALUES (?, ?, ?, ?, ?, ?)');
    const empty: PaymentFacts[] = [];
    for (const f of facts) {
      const y = f.paidOn.slice(0, 4);
      const issues: PaymentIssue[] = evaluatePayment(f, {
        program: f.programId === null ? null : (programs.get(f.programId) ?? null),
        rules: f.programId === null ? [] : (rulesByProgram.get(f.programId) ?? []),
        person: f.personId === null ? null : (people.get(f.personId) ?? null),
        personYear: f.personId === null ? [f] : (byPersonYear.get(`${f.personId}:${y}`) ?? empty),
        householdYear: f.householdId === null ? empty : (byHouseholdYear.get(`${f.householdId}:${y}`) ?? empty),
        programNames,
      });
      del.run(f.id);
      for (const i of issues) ins.run(f.id, i.code, i.severity, i.field, i.message, i.ruleId ?? null);
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

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
