/**
 * Property: whatever a clerk does — creates, edits, pastes, deletes, fills, status
 * changes, reversals, program-rule edits, person edits, year close and reopen, roster
 * imports and their reverts, undos and redos, in any order, including ones the ledger refuses — replaying the audit log from
 * empty gives exactly the current tables, Σ payments equals what the audit says, and the
 * stored rule findings equal a full recompute. A refused command leaves the ledger as it
 * was. Prints `audit replay N/N sequences …`. AUDIT_SEED / AUDIT_RUNS repeat or widen it.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitImport, createImportSession, parseImportBytes, previewImport, revertImport, type ParsedWorkbook } from '../../electron/core/import/index.ts';
import { LedgerError } from '../../electron/core/errors.ts';
import { redo, undo } from '../../electron/core/history.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { backupLedger } from '../../electron/core/maintenance.ts';
import { replayAudit } from '../../electron/core/replay.ts';
import { createPerson, updatePerson } from '../../electron/core/services/people.ts';
import { applyPaymentEdits, deletePayments, reversePayment, setPaymentStatus } from '../../electron/core/services/payments.ts';
import { createProgram, replaceRules, type RuleInput } from '../../electron/core/services/programs.ts';
import { closeYear, reopenYear } from '../../electron/core/services/years.ts';
import { PAYMENT_STATUSES, type PaymentStatus } from '../../shared/domain/codes.ts';
import { dumpTables, tempDir } from '../helpers/ledger.ts';

const IDS = ['530424197512030026', '530424198001019516', '11010519491231002X', '44030419900307123X', '530424197512030027', null];
const NAMES = ['王芳', '李强', '张三', '赵六', '王　芳', '陈静'];
const YEARS = [2017, 2018] as const;

type Op =
  | { t: 'person'; name: number; id: number }
  | { t: 'personEdit'; pick: number; name: number; id: number }
  | { t: 'program'; year: number }
  | { t: 'key'; person: number; year: number; cash: number; program: number }
  | { t: 'edit'; pick: number; field: 'cashFen' | 'paidOn' | 'note' | 'category' | 'goodsFen'; value: number }
  | { t: 'paste'; fresh: number; edits: number[]; cash: number; year: number }
  | { t: 'delete'; picks: number[] }
  | { t: 'fill'; picks: number[]; value: number }
  | { t: 'status'; pick: number; to: number }
  | { t: 'reverse'; pick: number }
  | { t: 'rules'; program: number; variant: number; amount: number }
  | { t: 'close'; year: number }
  | { t: 'reopen'; year: number }
  | { t: 'import'; roster: number; program: number }
  | { t: 'revertImport'; pick: number }
  | { t: 'undo' }
  | { t: 'redo' };

/** Small rosters as grassroots unions send them (CSV), parsed once; each import makes a fresh session. */
const ROSTERS: string[] = [
  '序号,姓名,身份证号码,金额（元）,发放日期\r\n1,王芳,530424197512030026,500,2017-03-01\r\n2,李强,530424198001019516,600元,2017-03-02\r\n',
  '序号,姓名,身份证号码,金额,发放日期\r\n1,张三,11010519491231002X,"1,000.00",2018-01-20\r\n2,陈静,,300,2018-01-21\r\n3,赵六,44030419900307123X,0.05万,2018-01-22\r\n',
  '姓名,身份证号,慰问金额,日期\r\n王　芳,530424197512030026,800,2017.9.28\r\n赵六,530424197512030027,-5,2017.9.28\r\n',
  '序号,姓名,身份证号码,金额,日期\r\n1,新人甲,530424196508150011,200,2017-06-01\r\n合计,,,200,\r\n',
];
let workbooks: ParsedWorkbook[] = [];

const nat = (max: number) => fc.integer({ min: 0, max });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ t: fc.constant('person' as const), name: nat(5), id: nat(5) }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('personEdit' as const), pick: nat(50), name: nat(5), id: nat(5) }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('program' as const), year: nat(1) }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('key' as const), person: nat(8), year: nat(1), cash: nat(3000), program: nat(5) }), weight: 3 },
  { arbitrary: fc.record({ t: fc.constant('edit' as const), pick: nat(100), field: fc.constantFrom('cashFen', 'paidOn', 'note', 'category', 'goodsFen'), value: nat(3000) }), weight: 3 },
  { arbitrary: fc.record({ t: fc.constant('paste' as const), fresh: nat(6), edits: fc.array(nat(100), { maxLength: 4 }), cash: nat(3000), year: nat(1) }), weight: 3 },
  { arbitrary: fc.record({ t: fc.constant('delete' as const), picks: fc.array(nat(100), { minLength: 1, maxLength: 3 }) }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('fill' as const), picks: fc.array(nat(100), { minLength: 2, maxLength: 6 }), value: nat(5) }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('status' as const), pick: nat(100), to: nat(3) }), weight: 3 },
  { arbitrary: fc.record({ t: fc.constant('reverse' as const), pick: nat(100) }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('rules' as const), program: nat(5), variant: nat(3), amount: nat(2000) }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('close' as const), year: nat(1) }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('reopen' as const), year: nat(1) }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('import' as const), roster: nat(ROSTERS.length - 1), program: nat(5) }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('revertImport' as const), pick: nat(10) }), weight: 1 },
  { arbitrary: fc.constant({ t: 'undo' as const }), weight: 3 },
  { arbitrary: fc.constant({ t: 'redo' as const }), weight: 2 },
);

const pickFrom = <T>(list: readonly T[], i: number): T | undefined => (list.length === 0 ? undefined : list[i % list.length]);

function rulesFor(variant: number, amount: number): RuleInput[] {
  const base = { category: null, scope: 'program' as const, otherProgramId: null, severity: 'error' as const };
  switch (variant) {
    case 0: return [];
    case 1: return [{ ...base, kind: 'once_per_person_program', amountFen: null }];
    case 2: return [{ ...base, kind: 'max_cash_per_payment', amountFen: amount * 100 }, { ...base, kind: 'once_per_person_program', amountFen: null, severity: 'warn' }];
    default: return [{ ...base, kind: 'max_total_per_person_year', amountFen: amount * 100, scope: 'all' }];
  }
}

/** Apply one op through the services, as the app would (one command each). */
function apply(ledger: Ledger, op: Op): void {
  const ids = (sql: string) => ledger.db.prepare(sql).pluck().all() as number[];
  const payments = ids('SELECT id FROM payments ORDER BY id');
  const people = ids('SELECT id FROM people ORDER BY id');
  const programs = ids('SELECT id FROM programs ORDER BY id');
  const run = <T>(kind: string, label: string, fn: Parameters<Ledger['run']>[1], undoable = true) =>
    ledger.run({ kind, label, source: kind.startsWith('payment.paste') ? 'pasted' : 'keyed', undoable }, fn) as T;
  const dateIn = (year: number, v: number) => `${YEARS[year % 2]}-${String((v % 12) + 1).padStart(2, '0')}-${String((v % 28) + 1).padStart(2, '0')}`;
  switch (op.t) {
    case 'person':
      run('person.create', '新建人员', (tx) => createPerson(tx, { name: NAMES[op.name]!, idNumber: IDS[op.id] }));
      return;
    case 'personEdit': {
      const id = pickFrom(people, op.pick);
      if (id !== undefined) run('person.update', '修改人员', (tx) => updatePerson(tx, id, { name: NAMES[op.name]!, idNumber: IDS[op.id] }));
      return;
    }
    case 'program':
      run('program.create', '新建项目', (tx) => createProgram(tx, { code: `P${programs.length + 1}`, name: `${YEARS[op.year]}年项目${programs.length + 1}`, year: YEARS[op.year]!, kind: '生活救助' }));
      return;
    case 'key': {
      const personId = pickFrom(people, op.person);
      run('payment.create', '新增', (tx) => applyPaymentEdits(tx, [{ ...(personId !== undefined ? { personId } : {}), cells: { paidOn: dateIn(op.year, op.cash), cashFen: op.cash } }], { programId: pickFrom(programs, op.program) ?? null }, '会计'));
      return;
    }
    case 'edit': {
      const id = pickFrom(payments, op.pick);
      if (id === undefined) return;
      const value = op.field === 'paidOn' ? dateIn(op.value, op.value) : op.field === 'note' ? `备注${op.value}` : op.field === 'category' ? (op.value % 2 ? '住院手术' : null) : op.value * 10;
      run('payment.update', '修改', (tx) => applyPaymentEdits(tx, [{ id, cells: { [op.field]: value } }], {}, '会计'));
      return;
    }
    case 'paste': {
      const edits = op.edits.map((p) => pickFrom(payments, p)).filter((x): x is number => x !== undefined);
      run('payment.paste', '粘贴', (tx) => applyPaymentEdits(tx, [
        ...[...new Set(edits)].map((id, i) => ({ id, cells: { cashFen: String(op.cash + i), note: '粘贴改' } })),
        ...Array.from({ length: op.fresh }, (_, i) => ({ cells: { personName: NAMES[(op.cash + i) % NAMES.length]!, paidOn: dateIn(op.year, op.cash + i), cashFen: String((op.cash % 700) + i) } })),
      ], { programId: pickFrom(programs, op.cash) ?? null }, '会计'));
      return;
    }
    case 'delete': {
      const picks = [...new Set(op.picks.map((p) => pickFrom(payments, p)).filter((x): x is number => x !== undefined))];
      if (picks.length) run('payment.delete', '删除', (tx) => deletePayments(tx, picks));
      return;
    }
    case 'fill': {
      const picks = [...new Set(op.picks.map((p) => pickFrom(payments, p)).filter((x): x is number => x !== undefined))];
      if (picks.length) run('payment.fill', '向下填充', (tx) => applyPaymentEdits(tx, picks.map((id) => ({ id, cells: { recipientKind: ['困难职工', '困难农民工', '劳动模范', null, '环卫工人', '一线职工'][op.value] ?? null } })), {}, '会计'));
      return;
    }
    case 'status': {
      const id = pickFrom(payments, op.pick);
      if (id !== undefined) run('payment.status', '改状态', (tx) => setPaymentStatus(tx, [id], PAYMENT_STATUSES[op.to] as PaymentStatus, '李主席'));
      return;
    }
    case 'reverse': {
      const id = pickFrom(payments, op.pick);
      if (id !== undefined) run('payment.reverse', '冲正', (tx) => reversePayment(tx, id, '金额有误', '会计'));
      return;
    }
    case 'rules': {
      const programId = pickFrom(programs, op.program);
      if (programId !== undefined) run('program.rules', '修改规则', (tx) => replaceRules(tx, programId, rulesFor(op.variant, op.amount)));
      return;
    }
    case 'close':
      run('year.close', '结账', (tx) => closeYear(tx, YEARS[op.year]!, '张会计', '报表已报送'), false);
      return;
    case 'reopen':
      run('year.reopen', '反结账', (tx) => reopenYear(tx, YEARS[op.year]!, '补录', '李主席'), false);
      return;
    case 'import': {
      const session = createImportSession(workbooks[op.roster]!);
      previewImport(ledger, session, { programId: pickFrom(programs, op.program) ?? programs[0]! });
      commitImport(ledger, session, { force: true, clerk: '会计', backup: false });
      return;
    }
    case 'revertImport': {
      const batch = pickFrom(ids('SELECT id FROM import_batches WHERE reverted_at IS NULL ORDER BY id'), op.pick);
      if (batch !== undefined) revertImport(ledger, batch, '会计', { backup: false });
      return;
    }
    case 'undo':
      undo(ledger);
      return;
    case 'redo':
      redo(ledger);
      return;
  }
}

function findings(ledger: Ledger): unknown[] {
  return ledger.db.prepare('SELECT payment_id, code, severity, field, message, rule_id FROM payment_issues ORDER BY payment_id, code, field, message, rule_id').raw().all();
}

describe('audit replay (property, fast-check)', () => {
  beforeAll(async () => {
    workbooks = await Promise.all(ROSTERS.map((text, i) => parseImportBytes(Buffer.from(text, 'utf8'), `花名册${i + 1}.csv`)));
  });

  it('a reversal deleted (or undone) gives the payment it cancelled its findings back (seed 2008211479 shrunk)', () => {
    const ledger = Ledger.open(path.join(tempDir(), 'ledger.db'), { actor: '测试会计' });
    try {
      const run = (fn: Parameters<Ledger['run']>[1]) => ledger.run({ kind: 't', label: 't', source: 'keyed' }, fn);
      run((tx) => {
        const programId = createProgram(tx, { code: 'P1', name: '2017年医疗救助', year: 2017, kind: '医疗救助', rules: rulesFor(2, 800) });
        applyPaymentEdits(tx, [{ cells: { personName: NAMES[0]!, paidOn: '2017-03-01', cashFen: '801' } }], { programId }, '测试会计');
      });
      const paymentId = ledger.db.prepare('SELECT id FROM payments').pluck().get() as number;
      run((tx) => setPaymentStatus(tx, [paymentId], '已审核', '审核人'));
      run((tx) => setPaymentStatus(tx, [paymentId], '已发放', '审核人'));
      const before = findings(ledger);
      expect(before.map((f) => (f as unknown[])[1])).toContain('rule:1');
      const reversalId = run((tx) => reversePayment(tx, paymentId, '金额有误', '测试会计')) as number;
      // Deleting the reversal (dated today, another year) makes the 2017 payment count again: its over-the-cap error is back.
      run((tx) => deletePayments(tx, [reversalId]));
      expect(findings(ledger)).toEqual(before);
      // Undone and redone, the same.
      undo(ledger);
      redo(ledger);
      expect(findings(ledger)).toEqual(before);
    } finally {
      ledger.close();
    }
  });

  it('random sequences of clerk actions: replay gives the tables, Σ money matches, findings never drift', () => {
    const dir = tempDir('relief-ledger-property-');
    let sequences = 0;
    let commands = 0;
    let refusedCount = 0;
    const refusals = new Map<string, number>();
    const applied = new Map<string, number>();
    const seed = process.env.AUDIT_SEED ? Number(process.env.AUDIT_SEED) : undefined;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 5, maxLength: 35 }), (ops) => {
        const file = path.join(dir, `seq-${sequences}.db`);
        const ledger = Ledger.open(file, { actor: '测试会计' });
        try {
          ledger.run({ kind: 'seed', label: '初始', source: 'system' }, (tx) => {
            createProgram(tx, { code: 'P1', name: '2017年医疗救助', year: 2017, kind: '医疗救助', rules: rulesFor(2, 800) });
            createProgram(tx, { code: 'P2', name: '2018年春节送温暖', year: 2018, kind: '送温暖' });
            for (let i = 0; i < 3; i++) createPerson(tx, { name: NAMES[i]!, idNumber: IDS[i] });
          });
          for (const op of ops) {
            const before = dumpTables(ledger);
            try {
              apply(ledger, op);
              commands++;
              applied.set(op.t, (applied.get(op.t) ?? 0) + 1);
            } catch (e) {
              // Only the ledger's own refusals are acceptable, and they change nothing.
              if (!(e instanceof LedgerError) || e.code === 'internal') throw e;
              refusedCount++;
              refusals.set(e.code, (refusals.get(e.code) ?? 0) + 1);
              expect(dumpTables(ledger), `${op.t} refused (${e.message}) but changed the ledger`).toEqual(before);
            }
          }
          const replay = replayAudit(ledger);
          expect(replay.differences).toEqual([]);
          expect(replay.money.ledgerCashFen).toBe(replay.money.auditCashFen);
          expect(replay.money.ledgerGoodsFen).toBe(replay.money.auditGoodsFen);
          expect(replay.ok).toBe(true);
          // Derived data: the stored findings equal a full recompute on a copy.
          const copyFile = path.join(dir, `seq-${sequences}-copy.db`);
          backupLedger(ledger, copyFile);
          const copy = Ledger.open(copyFile);
          copy.recomputeAllIssues();
          expect(findings(ledger)).toEqual(findings(copy));
          copy.close();
          expect(ledger.db.pragma('integrity_check', { simple: true })).toBe('ok');
          expect(ledger.db.pragma('foreign_key_check')).toEqual([]);
        } finally {
          ledger.close();
          for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f), { recursive: true, force: true });
        }
        sequences++;
      }),
      {
        numRuns: process.env.AUDIT_RUNS ? Number(process.env.AUDIT_RUNS) : 60,
        ...(seed !== undefined ? { seed } : {}),
        ...(process.env.AUDIT_PATH ? { path: process.env.AUDIT_PATH } : {}),
      },
    );
    const why = [...refusals].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ');
    const done = [...applied].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${n}`).join(', ');
    process.stdout.write(`audit replay ${sequences}/${sequences} sequences consistent; Σ money and findings match (${commands} commands applied: ${done}; ${refusedCount} refused cleanly, ledger unchanged: ${why})\n`);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
