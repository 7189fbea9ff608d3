/**
 * Data-safety figures on a large ledger (BENCH_ROWS payments, default 1,000,000):
 * the start check and backup, a skipped daily backup, a full inspection of a backup,
 * a restore, and the cost of the year lock on a bulk insert and a bulk delete (undo).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspectBackup, maybeDailyBackup, restoreLedger, startupBackup } from '../../electron/core/backups.ts';
import { undo } from '../../electron/core/history.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { bulkInsertPayments, type PaymentInsert } from '../../electron/core/services/payments.ts';
import { bulkInsertPeople } from '../../electron/core/services/people.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { closeYear } from '../../electron/core/services/years.ts';
import { ensureUnit } from '../../electron/core/services/units.ts';
import { generateLedger } from './generate.ts';
import { figure, time } from './util.ts';

const N = Number(process.env.BENCH_ROWS ?? 1_000_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relief-bench-safety-'));
const data = generateLedger({ payments: N, people: Math.ceil(N / 3.3) });
const file = path.join(dir, 'ledger.db');
const ledger = Ledger.open(file, { actor: 'bench' });
const ids = ledger.run({ kind: 'bench.seed', label: '基准数据', source: 'system', undoable: false }, (tx) => {
  const unitIds = new Map(data.units.map((u) => [u, ensureUnit(tx, u)]));
  const programIds = data.programs.map((p) => createProgram(tx, p));
  const personIds = bulkInsertPeople(tx, data.people.map((p) => ({ name: p.name, idNumber: p.idNumber, gender: p.gender, unitId: unitIds.get(p.unit)! })));
  return { programIds, personIds };
});
const rows: PaymentInsert[] = data.payments.map((p) => ({
  programId: ids.programIds[p.programIndex]!, personId: ids.personIds[p.personIndex]!, paidOn: p.paidOn, cashFen: p.cashFen,
  goodsFen: p.goodsFen, recipientKind: p.recipientKind, category: p.category,
}));
// With 2015 closed, every insert and delete of payments goes through the year-lock triggers.
ledger.run({ kind: 'year.close', label: '结账', source: 'system', undoable: false }, (tx) => closeYear(tx, 2015, 'bench'));
const open2016 = rows.filter((r) => !r.paidOn.startsWith('2015'));
const insert = time(() => ledger.run({ kind: 'bench.insert', label: '批量写入', source: 'system' }, (tx) => bulkInsertPayments(tx, open2016)));
figure('bulk_insert_with_year_lock_rows_per_s', Math.round(open2016.length / (insert.ms / 1000)), 'rows/s');
figure('bulk_insert_with_year_lock_ms', insert.ms, 'ms');
const undone = time(() => undo(ledger));
figure('undo_bulk_insert_with_year_lock_ms', undone.ms, 'ms');
ledger.run({ kind: 'bench.insert', label: '批量写入', source: 'system', undoable: false }, (tx) => bulkInsertPayments(tx, open2016));

figure('ledger_mb', fs.statSync(file).size / 1024 / 1024, 'MB');
const start = time(() => startupBackup(ledger));
figure('startup_check_and_backup_ms', start.ms, 'ms');
figure('backup_mb', (start.result.made?.bytes ?? 0) / 1024 / 1024, 'MB');
const again = time(() => startupBackup(ledger));
figure('startup_check_unchanged_ms', again.ms, 'ms');
const daily = time(() => maybeDailyBackup(ledger));
figure('daily_backup_skipped_ms', daily.ms, 'ms');
const inspect = time(() => inspectBackup(start.result.made!.path));
figure('inspect_backup_full_ms', inspect.ms, 'ms');
ledger.close();
const restore = time(() => restoreLedger(file, start.result.made!.path));
figure('restore_ms', restore.ms, 'ms');
const reopened = time(() => Ledger.open(file));
figure('open_after_restore_ms', reopened.ms, 'ms');
reopened.result.close();
fs.rmSync(dir, { recursive: true, force: true });
