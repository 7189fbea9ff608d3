/** The page order, paging, F8 and the held search view agree in every sort, with NULL segments; the held view follows every write and never outlives a rolled-back transaction. */
import { describe, expect, it } from 'vitest';
import { QUERY_TUNING, countPayments, nextIssue, paymentTotals, queryPayments } from '../../electron/core/queries/payments.ts';
import { applyPaymentEdits } from '../../electron/core/services/payments.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { undo, redo } from '../../electron/core/history.ts';
import { PAYMENT_QUERY_FIELDS, type PaymentQuery } from '../../shared/payments.ts';
import { tempLedger } from '../helpers/ledger.ts';
import Database from 'better-sqlite3';

function build() {
  const ledger = tempLedger();
  const programId = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: 'P', name: '2017年春节送温暖', year: 2017, kind: '送温暖' }));
  ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) =>
    applyPaymentEdits(tx, Array.from({ length: 80 }, (_, i) => ({
      cells: {
        ...(i % 7 === 0 ? {} : { personName: `职工${String(i % 23).padStart(3, '0')}` }),
        ...(i % 3 === 0 ? {} : { unitName: i % 2 ? '盘溪镇工会' : '宁州街道工会' }),
        cashFen: String(300 + (i % 4) * 100),
        paidOn: `${i % 5 === 0 ? 2016 : 2017}-01-${String((i % 28) + 1).padStart(2, '0')}`,
        ...(i % 2 ? { recipientKind: '困难职工' } : {}),
      },
    })), { programId }, 'x'),
  );
  return ledger;
}

function pages(ledger: ReturnType<typeof tempLedger>, q: PaymentQuery, step: number): number[] {
  const total = countPayments(ledger, q);
  const out: number[] = [];
  for (let offset = 0; offset < total; offset += step) out.push(...queryPayments(ledger, { ...q, offset, limit: step }).rows.map((r) => r.id));
  return out;
}

describe('payments page order, exhaustively', () => {
  it('every sort field x dir x search x year x walk: pages in one order, F8 indexes in the same order', () => {
    const ledger = build();
    expect(ledger.db.prepare('SELECT count(*) FROM payment_issues').pluck().get()).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const field of PAYMENT_QUERY_FIELDS) {
      for (const dir of ['asc', 'desc'] as const) {
        for (const search of [undefined, '工会', '职工00']) {
          for (const year of [undefined, 2017]) {
            for (const second of [undefined, 'personName', 'cashFen'] as const) {
              for (const walk of [20_000, 0]) {
                QUERY_TUNING.joinWalkRows = walk;
                const sort = [{ field, dir }, ...(second ? [{ field: second, dir: 'asc' as const }] : [])];
                const q: PaymentQuery = { sort, ...(search ? { search } : {}), ...(year ? { year } : {}) };
                const label = JSON.stringify({ field, dir, search, year, second, walk });
                const a = pages(ledger, q, 7);
                const b = pages(ledger, q, 1000);
                if (JSON.stringify(a) !== JSON.stringify(b)) problems.push(`paging ${label}`);
                if (new Set(a).size !== a.length || a.length !== countPayments(ledger, q)) problems.push(`dupes/count ${label}`);
                let after = -1;
                for (let k = 0; k < 100; k++) {
                  const n = nextIssue(ledger, q, after, 'any');
                  if (!n || n.index <= after) break;
                  if (b[n.index] !== n.id) { problems.push(`F8 ${label} idx ${n.index}`); break; }
                  after = n.index;
                }
              }
            }
          }
        }
      }
    }
    QUERY_TUNING.joinWalkRows = 20_000;
    expect(problems.slice(0, 20)).toEqual([]);
    ledger.close();
  });

  it('F8 read through the pages finds what numbering the whole view finds, from every row, wrapping, for each severity', () => {
    const ledger = build();
    const severities = ledger.db.prepare('SELECT DISTINCT severity FROM payment_issues ORDER BY 1').pluck().all();
    expect(severities).toEqual(['error', 'warn']);
    const problems: string[] = [];
    let scanned = 0;
    for (const sort of [[], [{ field: 'personName', dir: 'asc' }], [{ field: 'unitName', dir: 'desc' }, { field: 'cashFen', dir: 'asc' }], [{ field: 'cashFen', dir: 'desc' }]] as PaymentQuery['sort'][]) {
      for (const view of [{}, { year: 2017 }, { search: '工会' }, { year: 2017, filters: { recipientKind: { type: 'text', op: 'blank' } } }] as PaymentQuery[]) {
        const q: PaymentQuery = { ...view, sort };
        const total = countPayments(ledger, q);
        for (const severity of ['any', 'error', 'warn'] as const) {
          for (let after = -1; after <= total; after++) {
            QUERY_TUNING.issueScanRows = 0;
            const numbered = nextIssue(ledger, q, after, severity);
            for (const budget of [20_000, 5]) {
              QUERY_TUNING.issueScanRows = budget;
              const read = nextIssue(ledger, q, after, severity);
              if (JSON.stringify(read) !== JSON.stringify(numbered)) problems.push(`${JSON.stringify({ q, severity, after, budget })}: ${JSON.stringify(read)} ≠ ${JSON.stringify(numbered)}`);
              if (budget > 5 && read) scanned++;
            }
          }
        }
      }
    }
    QUERY_TUNING.issueScanRows = 20_000;
    expect(problems.slice(0, 10)).toEqual([]);
    expect(scanned).toBeGreaterThan(1000);
    ledger.close();
  });

  it('held search view follows undo, redo and another connection', () => {
    const ledger = build();
    const q = { year: 2017, search: '盘溪' };
    const before = queryPayments(ledger, q).total;
    ledger.run({ kind: 't', label: 't', source: 'keyed' }, (tx) => applyPaymentEdits(tx, [{ cells: { personName: 'x', unitName: '盘溪镇工会', cashFen: '1', paidOn: '2017-05-01' } }], { programId: 1 }, 'x'));
    expect(queryPayments(ledger, q).total).toBe(before + 1);
    undo(ledger);
    expect(queryPayments(ledger, q).total).toBe(before);
    expect(paymentTotals(ledger, q).rows).toBe(before);
    redo(ledger);
    expect(queryPayments(ledger, q).total).toBe(before + 1);
    const other = new Database(ledger.path);
    other.prepare("UPDATE payments SET cash_fen = cash_fen + 1 WHERE id = (SELECT max(id) FROM payments)").run();
    other.close();
    const sum = ledger.db.prepare("SELECT sum(cash_fen) FROM payments p JOIN units u ON u.id = p.unit_id WHERE u.name LIKE '%盘溪%' AND paid_on LIKE '2017%'").pluck().get();
    expect(paymentTotals(ledger, q).cashFen).toBe(sum);
    ledger.close();
  });

  it('a held search view built inside a transaction that rolls back is not reused afterwards', () => {
    const ledger = build();
    const a = { search: '盘溪' };
    const b = { search: '宁州' };
    const expectedA = queryPayments(ledger, { ...a, limit: 1000 }).rows.map((r) => r.id);
    queryPayments(ledger, { ...b, limit: 1000 }); // view_rows now holds b's rows (committed)
    try {
      ledger.read(() => {
        queryPayments(ledger, { ...a, limit: 1000 }); // view_rows := a's rows, map says a
        throw new Error('some later read fails');
      });
    } catch { /* rolled back: view_rows holds b's rows again, the map still says a */ }
    expect(queryPayments(ledger, { ...a, limit: 1000 }).rows.map((r) => r.id)).toEqual(expectedA);
    ledger.close();
  });
});

