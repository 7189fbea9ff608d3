/** Through the contract: the grid's view is kept per user (the clerk the audit log names), and a save answers with the other payments whose findings it changed. */
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/api/dispatch.ts';
import type { LedgerHost } from '../../electron/core/api/handlers.ts';
import type { Channel, RequestOf } from '../../shared/contract.ts';
import { tempLedger } from '../helpers/ledger.ts';

describe('prefs.get / prefs.set', () => {
  it('keeps each clerk’s view apart; a clerk with none of their own starts from the one kept before views were per user', async () => {
    const ledger = tempLedger();
    let actor: string | null = '张会计';
    const host: LedgerHost = { ledger: () => ledger, actor: () => actor, emit: () => undefined, saveFile: async () => null };
    const call = async <C extends Channel>(channel: C, request: RequestOf<C>) => {
      const r = await dispatch(host, channel, request);
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
      return r.value as { value?: unknown };
    };
    // A view kept for everyone, as every version before kept it (one row under the key alone).
    ledger.db.prepare('INSERT INTO ui_prefs (key, value) VALUES (?, ?)').run('grid.payments', JSON.stringify({ filters: { unitName: '旧' } }));
    expect((await call('prefs.get', { key: 'grid.payments' })).value).toEqual({ filters: { unitName: '旧' } });
    await call('prefs.set', { key: 'grid.payments', value: { filters: { unitName: '盘溪' } } });
    expect((await call('prefs.get', { key: 'grid.payments' })).value).toEqual({ filters: { unitName: '盘溪' } });
    actor = '李会计';
    expect((await call('prefs.get', { key: 'grid.payments' })).value).toEqual({ filters: { unitName: '旧' } });
    await call('prefs.set', { key: 'grid.payments', value: { columns: [{ colId: 'note', width: 300 }] } });
    expect((await call('prefs.get', { key: 'grid.payments' })).value).toEqual({ columns: [{ colId: 'note', width: 300 }] });
    actor = '张会计';
    expect((await call('prefs.get', { key: 'grid.payments' })).value).toEqual({ filters: { unitName: '盘溪' } });
    // Not ledger data: no command, nothing to undo.
    expect(ledger.db.prepare("SELECT count(*) FROM commands WHERE kind LIKE 'prefs%'").pluck().get()).toBe(0);
    ledger.close();
  });
});

describe('prefs in the app: per person at the computer, whatever the 经办人 setting', () => {
  it('two OS users of one ledger whose 经办人 is 张会计 each keep their own view (LedgerHost.viewer)', async () => {
    const ledger = tempLedger();
    let viewer = 'zhang';
    const host: LedgerHost = { ledger: () => ledger, actor: () => '张会计', viewer: () => viewer, emit: () => undefined, saveFile: async () => null };
    const call = async <C extends Channel>(channel: C, request: RequestOf<C>) => {
      const r = await dispatch(host, channel, request);
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
      return r.value as { value?: unknown };
    };
    await call('prefs.set', { key: 'grid.payments', value: { filters: { unitName: '盘溪' } } });
    viewer = 'li';
    expect((await call('prefs.get', { key: 'grid.payments' })).value).toBeNull();
    await call('prefs.set', { key: 'grid.payments', value: { filters: { unitName: '华溪' } } });
    viewer = 'zhang';
    expect((await call('prefs.get', { key: 'grid.payments' })).value).toEqual({ filters: { unitName: '盘溪' } });
    ledger.close();
    // The app's host names the OS user as the viewer, whatever the ledger's 经办人 (its actor).
    const { MainLedgerHost } = await import('../../electron/main/ledgerHost.ts');
    const app = new MainLedgerHost({ importWorkerUrl: 'unused.js', importHostUrl: 'unused.js', checkpointWorkerUrl: 'unused.js' });
    expect(app.viewer()).toBe(os.userInfo().username);
    await app.releaseImports();
  });
});

describe('payments.apply answers with the other payments whose findings the save changed', () => {
  it('lowering 李强’s first payment takes the yearly-cap warning off his second, raising it puts it back: both in related', async () => {
    const ledger = tempLedger();
    const host: LedgerHost = { ledger: () => ledger, actor: () => '张会计', emit: () => undefined, saveFile: async () => null };
    const call = async <C extends Channel>(channel: C, request: RequestOf<C>) => {
      const r = await dispatch(host, channel, request);
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
      return r.value as never;
    };
    const { createProgram } = await import('../../electron/core/services/programs.ts');
    const { createPerson } = await import('../../electron/core/services/people.ts');
    const { programId, li, wang } = ledger.run({ kind: 't', label: 't', source: 'system' }, (tx) => ({
      programId: createProgram(tx, { code: 'YL', name: '2017年医疗救助', year: 2017, kind: '医疗救助', rules: [{ kind: 'max_cash_per_person_year', amountFen: 200_000, category: null, scope: 'program', otherProgramId: null, severity: 'warn' }] }),
      li: createPerson(tx, { name: '李强', idNumber: '530424198001019516' }),
      wang: createPerson(tx, { name: '王芳', idNumber: '530424197512030026' }),
    }));
    const made = (await call('payments.apply', { source: 'keyed', defaults: { programId }, edits: [
      { personId: li, cells: { paidOn: '2017-02-01', cashFen: '1800' } }, { personId: li, cells: { paidOn: '2017-05-01', cashFen: '1800' } },
      { personId: wang, cells: { paidOn: '2017-05-01', cashFen: '1800' } },
    ] })) as { created: number[] };
    const [first, second] = made.created as [number, number];
    type Answer = { rows: { id: number }[]; related: { id: number; issues: { code: string }[] }[] };
    const lowered = (await call('payments.apply', { source: 'keyed', edits: [{ id: first, cells: { cashFen: '100' } }] })) as Answer;
    expect(lowered.rows.map((r) => r.id)).toEqual([first]);
    expect(lowered.related.map((r) => [r.id, r.issues.map((i) => i.code)])).toEqual([[second, []]]);
    const raised = (await call('payments.apply', { source: 'keyed', edits: [{ id: first, cells: { cashFen: '1800' } }] })) as Answer;
    expect(raised.related.map((r) => [r.id, r.issues.map((i) => i.code)])).toEqual([[second, ['rule:1']]]);
    // Moved to 王芳: both her other payment and 李强’s (where it was) are answered.
    const moved = (await call('payments.apply', { source: 'keyed', edits: [{ id: first, personId: wang, cells: {} }] })) as Answer;
    expect(moved.related.map((r) => r.id).sort((a, b) => a - b)).toEqual([second, made.created[2]]);
    ledger.close();
  });
});
