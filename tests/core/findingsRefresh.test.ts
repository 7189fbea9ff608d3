/**
 * Findings stored under older rules (RULES_VERSION) are brought up to date after a ledger is opened,
 * in short chunks between which the clerk's writes go on: the findings end as a full recompute stores
 * them, the version is recorded by the last chunk, a pass cut short resumes, and a ledger whose findings
 * are current is left alone.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES_VERSION } from '../../shared/domain/rules.ts';
import { refreshStaleFindings } from '../../electron/core/findingsRefresh.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { applyPaymentEdits, bulkInsertPayments, reversePayment, setPaymentStatus } from '../../electron/core/services/payments.ts';
import { bulkInsertPeople } from '../../electron/core/services/people.ts';
import { createProgram, replaceRules } from '../../electron/core/services/programs.ts';
import { generateLedger } from '../bench/generate.ts';
import { tempDir } from '../helpers/ledger.ts';

type Row = [number, string, string, string, string, number | null];

function findings(ledger: Ledger): Row[] {
  return ledger.db.prepare('SELECT payment_id, code, severity, field, message, rule_id FROM payment_issues ORDER BY payment_id, code, field, message').raw().all() as Row[];
}

/** What a full recompute stores for the ledger as it is now (on a copy: the ledger itself is left as it is). */
function fullRecompute(ledger: Ledger): Row[] {
  const copy = path.join(tempDir(), 'copy.db');
  ledger.db.exec(`VACUUM INTO '${copy.replace(/'/g, "''")}'`);
  const other = Ledger.open(copy);
  other.recomputeAllIssues();
  const rows = findings(other);
  other.close();
  return rows;
}

function stored(file: string): { rules_version: number; pass_version: number | null; pass_person_id: number | null; pass_payment_id: number | null } {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT rules_version, pass_version, pass_person_id, pass_payment_id FROM findings_state').get() as ReturnType<typeof stored>;
  } finally {
    db.close();
  }
}

interface Built {
  file: string;
  wenNuan: number;
  zhuXue: number;
  people: number[];
  /** A parent paid twice in 送温暖 for two children (the second breaks once-per-person). */
  parentSecond: number;
  /** 20,170,120 元: a date typed into the amount. */
  large: number;
}

/**
 * A ledger of some hundreds of payments with every kind of finding: rules per person-year and per
 * household, people in households, payments without a person, a reversal, per-child payments, an
 * amount over 100,000 元. Then its findings are made stale as an older version would have left them
 * (amount_large and the 送温暖 parent's second payment unmarked, some messages of other wording, a
 * finding no longer made) and the version stored is 0, as in a ledger from before versions were recorded.
 */
function staleLedger(): Built {
  const file = path.join(tempDir(), 'ledger.db');
  const ledger = Ledger.open(file, { actor: '测试会计' });
  const data = generateLedger({ payments: 600, people: 150, years: [2016, 2017], seed: 7 });
  const built = ledger.run({ kind: 'setup', label: '准备', source: 'system' }, (tx) => {
    const wenNuan = createProgram(tx, { code: 'SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖' });
    replaceRules(tx, wenNuan, [
      { kind: 'once_per_person_program', amountFen: null, category: null, scope: 'program', otherProgramId: null, severity: 'error' },
      { kind: 'max_cash_per_person_year', amountFen: 150_000, category: null, scope: 'all', otherProgramId: null, severity: 'warn' },
      { kind: 'once_per_household_year', amountFen: null, category: null, scope: 'all', otherProgramId: null, severity: 'warn' },
    ]);
    const zhuXue = createProgram(tx, { code: 'JQZX', name: '2017年金秋助学', year: 2017, kind: '金秋助学' });
    const households = [1, 2, 3, 4, 5].map((n) => tx.insert('households', { file_no: `H${n}`, file_status: '在档' }));
    const people = bulkInsertPeople(tx, data.people.map((p, i) => ({
      name: p.name, idNumber: i % 37 === 3 ? `${p.idNumber.slice(0, 17)}Y` : p.idNumber, gender: i % 29 === 1 ? (p.gender === '男' ? '女' : '男') : p.gender,
      householdId: i % 9 === 1 ? households[i % 5]! : null,
    })));
    const ids = bulkInsertPayments(tx, data.payments.map((p, i) => ({
      programId: i % 11 === 0 ? null : i % 3 === 0 ? zhuXue : wenNuan, personId: i % 53 === 0 ? null : people[(i * 7) % people.length]!,
      paidOn: p.paidOn, cashFen: i % 31 === 0 ? 0 : p.cashFen, goodsFen: p.goodsFen, category: p.category, studentName: i % 3 === 0 ? `学生${i % 4}` : null,
    })));
    const [parentFirst, parentSecond] = bulkInsertPayments(tx, [
      { programId: wenNuan, personId: people[1]!, paidOn: '2017-01-10', cashFen: 50_000, studentName: '长子' },
      { programId: wenNuan, personId: people[1]!, paidOn: '2017-01-11', cashFen: 50_000, studentName: '次子' },
    ]);
    const [large] = bulkInsertPayments(tx, [{ programId: wenNuan, personId: people[2]!, paidOn: '2017-01-20', cashFen: 2_017_012_000 }]);
    setPaymentStatus(tx, [ids[4]!, ids[8]!], '已审核', '审核人');
    setPaymentStatus(tx, [ids[4]!, ids[8]!], '已发放', null);
    return { wenNuan, zhuXue, people, parentFirst: parentFirst!, parentSecond: parentSecond!, large: large!, ids };
  });
  ledger.run({ kind: 'reverse', label: '冲正', source: 'keyed' }, (tx) => reversePayment(tx, built.ids[4]!, '发错了', null));
  // Older rules: no amount_large, and the parent's second 送温暖 payment passed (per child everywhere).
  const wrong = ledger.db.prepare('SELECT count(*) FROM payment_issues WHERE code = ? OR payment_id = ?').pluck().get('amount_large', built.parentSecond) as number;
  expect(wrong).toBeGreaterThan(0);
  // Findings of every kind are there to be got right, once-per-household among them.
  expect(ledger.db.prepare("SELECT count(*) FROM payment_issues WHERE message LIKE '该户%'").pluck().get()).toBeGreaterThan(5);
  ledger.db.transaction(() => {
    ledger.db.prepare("DELETE FROM payment_issues WHERE code = 'amount_large' OR payment_id = ?").run(built.parentSecond);
    ledger.db.exec("UPDATE payment_issues SET message = '旧的说法：' || message WHERE rowid % 5 = 0");
    ledger.db.prepare("INSERT INTO payment_issues (payment_id, code, severity, field, message) VALUES (?, 'retired_code', 'warn', 'row', '旧版本的发现')").run(built.ids[10]!);
    ledger.db.exec('UPDATE findings_state SET rules_version = 0');
  })();
  ledger.close();
  return { file, wenNuan: built.wenNuan, zhuXue: built.zhuXue, people: built.people, parentSecond: built.parentSecond, large: built.large };
}

describe('stale findings brought up to date in chunks', () => {
  it('after opening, the chunks leave the findings a full recompute stores, record the version, and the next opening does nothing', async () => {
    const b = staleLedger();
    const ledger = Ledger.open(b.file);
    expect(ledger.findingsState()).toEqual({ rulesVersion: 0, current: false, pass: null });
    const truth = fullRecompute(ledger);
    expect(findings(ledger)).not.toEqual(truth);
    const stampBefore = ledger.changeStamp();

    const progress: number[] = [];
    const pass = refreshStaleFindings(ledger, { firstChunk: 40, fixedChunk: true, gapMs: 0, onProgress: (p) => progress.push(p.done) });
    const result = await pass.finished;
    expect(result).toMatchObject({ outcome: 'done' });
    expect(result.chunks).toBeGreaterThan(10);
    expect(progress.length).toBe(result.chunks);
    expect(findings(ledger)).toEqual(truth);
    // The reviewer's two payments: the date typed into the amount, the parent paid twice in 送温暖.
    const codes = (id: number) => ledger.db.prepare('SELECT code FROM payment_issues WHERE payment_id = ? ORDER BY code').pluck().all(id);
    expect(codes(b.large)).toContain('amount_large');
    expect(codes(b.parentSecond).some((c) => String(c).startsWith('rule:'))).toBe(true);
    expect(ledger.findingsState()).toEqual({ rulesVersion: RULES_VERSION, current: true, pass: null });
    // Caches keyed on the change stamp (dashboard, a held search) see the new findings, though no command was written.
    expect(ledger.changeStamp()).not.toBe(stampBefore);
    expect(ledger.db.prepare("SELECT count(*) FROM commands WHERE kind NOT IN ('setup', 'reverse')").pluck().get()).toBe(0);
    ledger.close();
    expect(stored(b.file)).toEqual({ rules_version: RULES_VERSION, pass_version: null, pass_person_id: null, pass_payment_id: null });

    // Opened again: nothing to do, nothing written.
    const again = Ledger.open(b.file);
    const changes = again.db.prepare('SELECT total_changes()').pluck().get();
    const second = await refreshStaleFindings(again, { gapMs: 0 }).finished;
    expect(second).toMatchObject({ outcome: 'current', chunks: 0, payments: 0 });
    expect(again.db.prepare('SELECT total_changes()').pluck().get()).toBe(changes);
    expect(findings(again)).toEqual(truth);
    again.close();
  });

  it('a ledger created new records the current version: its findings are current from the start', async () => {
    const file = path.join(tempDir(), 'new.db');
    const ledger = Ledger.open(file);
    expect(ledger.findingsState()).toEqual({ rulesVersion: RULES_VERSION, current: true, pass: null });
    const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '项目', year: 2017, kind: '送温暖' }));
    ledger.run({ kind: 't', label: '录入', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ cells: { personName: '甲', paidOn: '2017-01-20', cashFen: '20170120' } }], { programId }, null));
    expect(await refreshStaleFindings(ledger).finished).toMatchObject({ outcome: 'current', chunks: 0 });
    ledger.close();
    expect(stored(file).rules_version).toBe(RULES_VERSION);
  });

  it('an edit made between chunks is kept, and its findings and its neighbours’ are right', async () => {
    const b = staleLedger();
    const ledger = Ledger.open(b.file, { actor: '测试会计' });
    let chunk = 0;
    const edits: (() => void)[] = [
      // In a range already done: the amount becomes a date typed in (amount_large).
      () => ledger.run({ kind: 'e', label: '改金额', source: 'keyed' }, (tx) => {
        const id = tx.database.prepare('SELECT id FROM payments WHERE person_id = ? ORDER BY id LIMIT 1').pluck().get(b.people[0]) as number;
        applyPaymentEdits(tx, [{ id, cells: { cashFen: '20170121' } }], {}, null);
      }),
      // In a range not done yet: a second 送温暖 payment to the last person (once per person), and one to a household member.
      () => ledger.run({ kind: 'e', label: '新增', source: 'keyed' }, (tx) => bulkInsertPayments(tx, [
        { programId: b.wenNuan, personId: b.people.at(-1)!, paidOn: '2017-02-01', cashFen: 30_001 },
        { programId: b.wenNuan, personId: b.people.at(-1)!, paidOn: '2017-02-02', cashFen: 30_001 },
        { programId: b.wenNuan, personId: b.people[136]!, paidOn: '2017-02-03', cashFen: 30_002 },
      ])),
      // A payment of a person done moved to one not done, and a payment deleted.
      () => ledger.run({ kind: 'e', label: '改人', source: 'keyed' }, (tx) => {
        const ids = tx.database.prepare('SELECT id FROM payments WHERE person_id = ? ORDER BY id').pluck().all(b.people[0]) as number[];
        tx.update('payments', ids.at(-1)!, { person_id: b.people.at(-2)! });
        const other = tx.database.prepare('SELECT id FROM payments WHERE person_id = ? ORDER BY id LIMIT 1').pluck().get(b.people[100]) as number;
        tx.delete('payments', other);
      }),
    ];
    const result = await refreshStaleFindings(ledger, {
      firstChunk: 40, fixedChunk: true, gapMs: 0,
      between: () => {
        chunk++;
        if (chunk === 2 || chunk === 3 || chunk === 4) edits[chunk - 2]!();
        if (chunk === 2) expect(ledger.findingsState().current).toBe(false);
      },
    }).finished;
    expect(result).toMatchObject({ outcome: 'done' });
    expect(result.chunks).toBeGreaterThan(4);
    // The edits are in the ledger.
    expect(ledger.db.prepare('SELECT count(*) FROM payments WHERE cash_fen = 2017012100').pluck().get()).toBe(1);
    expect(ledger.db.prepare('SELECT count(*) FROM payments WHERE person_id = ? AND cash_fen = 30001').pluck().get(b.people.at(-1))).toBe(2);
    const second = ledger.db.prepare('SELECT max(id) FROM payments WHERE person_id = ? AND cash_fen = 30001').pluck().get(b.people.at(-1)) as number;
    expect(ledger.db.prepare("SELECT count(*) FROM payment_issues WHERE payment_id = ? AND code LIKE 'rule:%' AND field = 'person'").pluck().get(second)).toBeGreaterThan(0);
    const large = ledger.db.prepare('SELECT id FROM payments WHERE cash_fen = 2017012100').pluck().get() as number;
    expect(ledger.db.prepare('SELECT code FROM payment_issues WHERE payment_id = ?').pluck().all(large)).toContain('amount_large');
    // Every finding is what a full recompute gives.
    expect(findings(ledger)).toEqual(fullRecompute(ledger));
    expect(ledger.findingsState().current).toBe(true);
    ledger.close();
  });

  it('a pass cut short resumes where it stopped when the ledger is opened again, and ends as a full recompute', async () => {
    const b = staleLedger();
    const first = Ledger.open(b.file);
    const truth = fullRecompute(first);
    for (let i = 0; i < 3; i++) expect(first.refreshFindingsChunk(30)).toMatchObject({ done: false });
    const cut = first.findingsState().pass!;
    expect(cut.personId).toBeGreaterThan(0);
    first.close();
    expect(stored(b.file)).toMatchObject({ rules_version: 0, pass_version: RULES_VERSION, pass_person_id: cut.personId });

    const second = Ledger.open(b.file);
    expect(second.findingsState()).toEqual({ rulesVersion: 0, current: false, pass: cut });
    const chunks: number[] = [];
    // The people before the cut are not done again: the first chunk starts after them.
    const result = await refreshStaleFindings(second, { firstChunk: 30, fixedChunk: true, gapMs: 0, between: () => void chunks.push(second.findingsState().pass!.personId) }).finished;
    expect(result.outcome).toBe('done');
    expect(chunks[0]).toBeGreaterThan(cut.personId);
    expect(findings(second)).toEqual(truth);
    second.close();
  });

  it('a claim only other rules can keep is withdrawn at opening: a version or a pass of another program', () => {
    const b = staleLedger();
    const set = (sql: string) => {
      const db = new Database(b.file);
      db.exec(sql);
      db.close();
    };
    // A pass towards other rules: its ranges done may get our findings from now on. Dropped.
    set(`UPDATE findings_state SET rules_version = 0, pass_version = ${RULES_VERSION + 1}, pass_person_id = 99, pass_payment_id = 0`);
    Ledger.open(b.file).close();
    expect(stored(b.file)).toEqual({ rules_version: 0, pass_version: null, pass_person_id: null, pass_payment_id: null });
    // A version of other rules: our writes would make it untrue. Unknown (0) from now on.
    set(`UPDATE findings_state SET rules_version = ${RULES_VERSION + 1}`);
    const ledger = Ledger.open(b.file);
    expect(ledger.findingsState()).toMatchObject({ rulesVersion: 0, current: false });
    ledger.close();
    expect(stored(b.file).rules_version).toBe(0);
  });

  it('waits for another connection’s write without holding the app up, then goes on', async () => {
    const b = staleLedger();
    const ledger = Ledger.open(b.file);
    const other = new Database(b.file);
    other.exec('BEGIN IMMEDIATE');
    const t0 = performance.now();
    expect(() => ledger.refreshFindingsChunk(50, { busyTimeoutMs: 20 })).toThrow(expect.objectContaining({ code: 'busy' }));
    expect(performance.now() - t0).toBeLessThan(1000);
    const pass = refreshStaleFindings(ledger, { firstChunk: 100, gapMs: 0, busyTimeoutMs: 10, busyRetryMs: 20 });
    await new Promise((r) => setTimeout(r, 150));
    expect(ledger.findingsState().current).toBe(false);
    other.exec('COMMIT');
    other.close();
    expect((await pass.finished).outcome).toBe('done');
    expect(ledger.findingsState().current).toBe(true);
    ledger.close();
  });

  it('cancelled (the ledger is closed or replaced), it stops before the next chunk and the pass resumes later', async () => {
    const b = staleLedger();
    const ledger = Ledger.open(b.file);
    let chunks = 0;
    const pass = refreshStaleFindings(ledger, { firstChunk: 20, fixedChunk: true, gapMs: 1000, between: () => void chunks++ });
    await new Promise((r) => setTimeout(r, 50));
    pass.cancel();
    const result = await pass.finished;
    expect(result.outcome).toBe('cancelled');
    expect(chunks).toBe(1);
    ledger.close();
    expect(stored(b.file)).toMatchObject({ rules_version: 0, pass_version: RULES_VERSION });
    expect(fs.existsSync(b.file)).toBe(true);
  });
});
