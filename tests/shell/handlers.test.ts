/** Every channel answers a well-formed request through dispatch, over a real ledger. */
import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel, type RequestOf } from '../../shared/contract.ts';
import { dispatch } from '../../electron/core/api/dispatch.ts';
import type { LedgerHost } from '../../electron/core/api/handlers.ts';
import { registerHandlers } from '../../electron/core/api/registerHandlers.ts';
import { tempLedger } from '../helpers/ledger.ts';

describe('the handler table', () => {
  it('answers every channel with a well-formed request', async () => {
    const ledger = tempLedger();
    const events: string[] = [];
    const host: LedgerHost = { ledger: () => ledger, actor: () => '测试会计', emit: (e) => void events.push(e), saveFile: async () => null };
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
    await run('prefs.set', { key: 'grid.payments', value: { columns: [{ colId: 'cashFen', width: 140 }] } });
    expect(await run('prefs.get', { key: 'grid.payments' })).toEqual({ value: { columns: [{ colId: 'cashFen', width: 140 }] } });
    expect(await run('ledger.info', {})).toMatchObject({ counts: { payments: 1, people: 1 } });
    // The registers' channels are exercised in register-handlers.test.ts.
    expect([...CHANNELS].filter((c) => !seen.has(c) && !Object.hasOwn(registerHandlers, c))).toEqual([]);
    ledger.close();
  });
});
