/** Every channel answers a well-formed request through dispatch, over a real ledger. */
import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel, type RequestOf } from '../../shared/contract.ts';
import { dispatch } from '../../electron/core/api/dispatch.ts';
import type { LedgerHost } from '../../electron/core/api/handlers.ts';
import fs from 'node:fs';
import path from 'node:path';
import { registerHandlers } from '../../electron/core/api/registerHandlers.ts';
import { tempDir, tempLedger } from '../helpers/ledger.ts';

describe('the handler table', () => {
  it('answers every channel with a well-formed request', async () => {
    const ledger = tempLedger();
    const events: string[] = [];
    const downloads = tempDir();
    const host: LedgerHost = {
      ledger: () => ledger, actor: () => '测试会计', emit: (e) => void events.push(e),
      saveFile: async (name, data) => {
        const file = path.join(downloads, name);
        fs.writeFileSync(file, data);
        return file;
      },
    };
    const call = async <C extends Channel>(channel: C, request: RequestOf<C>) => {
      const r = await dispatch(host, channel, request);
      if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
      return r.value as never;
    };
    const seen = new Set<Channel>();
    const run = async <C extends Channel>(channel: C, request: RequestOf<C>) => {
      seen.add(channel);
      return call(channel, request);
    };
    await run('settings.set', { values: { officeName: '华宁县总工会', clerkName: '张会计' } });
    expect(await run('settings.get', {})).toMatchObject({ officeName: '华宁县总工会' });
    // A program through the core (the program screen's channels come with the registers).
    const { createProgram } = await import('../../electron/core/services/programs.ts');
    const { applyPaymentEdits } = await import('../../electron/core/services/payments.ts');
    ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => createProgram(tx, { code: '2017-SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖' }));
    const programs = (await run('programs.list', { year: 2017 })) as { id: number }[];
    expect(programs).toHaveLength(1);
    expect(((await run('programs.list', {})) as unknown[]).length).toBe(1);
    expect(((await run('codes.list', { list: 'recipient_kind' })) as { value: string }[]).map((c) => c.value)).toContain('困难职工');
    const person = (await run('people.create', { person: { name: '王芳', idNumber: '530424197512030026' } })) as { id: number; gender: string };
    expect(person.gender).toBe('女');
    expect(((await run('people.search', { query: '王' })) as unknown[]).length).toBe(1);
    const applied = (await run('payments.apply', { edits: [{ personId: person.id, cells: { cashFen: '500', paidOn: '2017-01-20' } }], defaults: { programId: programs[0]!.id }, source: 'keyed' })) as { created: number[]; rows: { cashFen: number }[] };
    expect(applied.rows[0]!.cashFen).toBe(50_000);
    const id = applied.created[0]!;
    expect(((await run('payments.page', { query: { year: 2017 } })) as { total: number }).total).toBe(1);
    expect(await run('payments.totals', { query: { year: 2017 } })).toMatchObject({ rows: 1, cashFen: 50_000 });
    expect(((await run('payments.get', { ids: [id] })) as unknown[]).length).toBe(1);
    expect(await run('payments.nextIssue', { query: { year: 2017 }, afterIndex: -1, severity: 'any' })).toBeNull();
    expect(await run('history.state', {})).toMatchObject({ undoLabel: '新增发放记录' });
    await run('history.undo', {});
    await run('history.redo', {});
    await run('payments.setStatus', { ids: [id], status: '已审核' });
    await run('payments.setStatus', { ids: [id], status: '已发放' });
    const reversal = (await run('payments.reverse', { id, reason: '重复发放' })) as { id: number };
    await run('payments.delete', { ids: [reversal.id] });
    // The entry row's half-keyed entry, discarded (Esc): its payment and the person its name made go in one step.
    const entry = (await run('payments.apply', { edits: [{ cells: { personName: '周敏' }, entryKey: 'e-handlers-test-0001' }], defaults: { programId: programs[0]!.id, paidOn: '2017-12-31' }, source: 'keyed' })) as { created: number[] };
    expect(await run('payments.discardEntry', { id: entry.created[0]!, entryKey: 'e-handlers-test-0001' })).toMatchObject({ people: [{ name: '周敏' }], units: [], history: { undoLabel: '放弃录入“周敏”' } });
    await run('prefs.set', { key: 'grid.payments', value: { columns: [{ colId: 'cashFen', width: 140 }] } });
    expect(await run('prefs.get', { key: 'grid.payments' })).toEqual({ value: { columns: [{ colId: 'cashFen', width: 140 }] } });
    expect(await run('ledger.info', {})).toMatchObject({ counts: null, totals: null, years: [2017] });
    // The export area: each form written to the file the host saves.
    const roster = (await run('export.roster', { programId: programs[0]!.id, maskIds: true })) as { path: string; rows: number; totalFen: number };
    expect(fs.existsSync(roster.path)).toBe(true);
    expect(roster).toMatchObject({ rows: 1, totalFen: 50_000 });
    expect(((await run('export.rosterLayout', { paymentIds: [id] })) as { rows: unknown[] }).rows.length).toBeGreaterThan(3);
    expect(fs.existsSync(((await run('export.annual', { year: 2017 })) as { path: string }).path)).toBe(true);
    ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => {
      const lm = createProgram(tx, { code: '2017-LM', name: '2017年省部级困难劳模两金', year: 2017, kind: '劳模补助' });
      return applyPaymentEdits(tx, [{ personId: person.id, cells: { cashFen: '2000', paidOn: '2017-09-29' } }], { programId: lm }, '测试');
    });
    expect(fs.existsSync(((await run('export.modelWorkers', { year: 2017 })) as { path: string }).path)).toBe(true);
    const filing = (await run('export.filing', { year: 2017 })) as { path: string; sha256: string };
    expect(filing.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The bridge cannot print to PDF (the browser prints): a typed, Chinese refusal.
    seen.add('print.pdf');
    const pdf = await dispatch(host, 'print.pdf', { suggestedName: '花名册', landscape: true });
    expect(pdf).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // Roll-up of this office's own package is refused (an office does not consolidate itself).
    seen.add('rollup.import');
    const own = await dispatch(host, 'rollup.import', { files: [{ name: 'own.xlsx', data: fs.readFileSync(filing.path).toString('base64') }] });
    expect(own.ok).toBe(false);
    // Year close: a summary, the close, a refused edit in the closed year, the reopen.
    expect(await run('years.summary', { year: 2017 })).toMatchObject({ year: 2017, closed: false, payments: 2 });
    expect(await run('years.close', { year: 2017, reason: '已上报' })).toEqual({ closedYears: [2017] });
    expect(((await run('years.list', {})) as { closed: { year: number }[] }).closed.map((c) => c.year)).toEqual([2017]);
    const locked = await dispatch(host, 'payments.apply', { edits: [{ id, cells: { note: 'x' } }], source: 'keyed' });
    expect(locked).toMatchObject({ ok: false, error: { code: 'locked_year' } });
    expect(await run('ledger.info', {})).toMatchObject({ closedYears: [2017] });
    expect(await run('years.reopen', { year: 2017, reason: '补录一笔', approver: '李主席' })).toEqual({ closedYears: [] });
    const backup = (await run('backups.create', {})) as { file: string; kindLabel: string };
    expect(backup.kindLabel).toBe('手动');
    expect(((await run('backups.list', {})) as { file: string }[]).map((b) => b.file)).toContain(backup.file);
    // Roster import: open (bytes from the page), preview, page, remember, report, commit, history, the batch's report, revert, close.
    const csv = Buffer.from('序号,姓名,身份证号码,金额\r\n1,张丽,532322196508150040,300\r\n2,赵六,530424198001019517,400\r\n', 'utf8');
    expect(await run('import.prepare', {})).toEqual({ ok: true });
    const opened = (await run('import.open', { fileName: '花名册.csv', data: csv.toString('base64'), taskId: 't1', programId: programs[0]!.id })) as { sessionId: string; summary: { ok: number; error: number } };
    expect(opened.summary).toMatchObject({ ok: 1, error: 1 });
    const paged = (await run('import.page', { sessionId: opened.sessionId, offset: 0, limit: 10 })) as { total: number };
    expect(paged.total).toBe(2);
    await run('import.preview', { sessionId: opened.sessionId, options: { programId: programs[0]!.id, sheets: { '0': { mapping: { A: null, B: 'name', C: 'idNumber', D: 'amount' } } } } });
    await run('import.rememberMapping', { sessionId: opened.sessionId, sheetIndex: 0 });
    expect(fs.existsSync(((await run('import.errorReport', { sessionId: opened.sessionId })) as { path: string }).path)).toBe(true);
    const committed = (await run('import.commit', { sessionId: opened.sessionId })) as { batchId: number; payments: number };
    expect(committed.payments).toBe(1);
    expect(((await run('import.history', {})) as { id: number; reportRows: number }[])[0]).toMatchObject({ id: committed.batchId, reportRows: 1 });
    // The held row's report, after the commit ended the session: kept with the batch.
    const kept = (await run('import.batchErrorReport', { batchId: committed.batchId })) as { path: string; rows: number };
    expect([kept.rows, fs.existsSync(kept.path)]).toEqual([1, true]);
    expect(await run('import.revert', { batchId: committed.batchId })).toMatchObject({ deletedPayments: 1 });
    // One backup before the commit and one before the revert, from the core (not twice).
    const { listBackups } = await import('../../electron/core/backups.ts');
    expect(listBackups(ledger.path).filter((b) => b.kind === 'import' || b.kind === 'revert').map((b) => b.kind).sort()).toEqual(['import', 'revert']);
    expect(await run('import.cancel', { taskId: 'none' })).toEqual({ cancelled: false });
    await run('import.close', { sessionId: opened.sessionId });
    // The registers' channels are exercised in register-handlers.test.ts.
    expect([...CHANNELS].filter((c) => !seen.has(c) && !Object.hasOwn(registerHandlers, c))).toEqual([]);
    ledger.close();
  });
});
