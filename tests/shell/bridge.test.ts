/**
 * The browser test bridge's doors: calls over its WebSocket and by POST answer the same
 * envelope from the same handler table; a wrong token or another origin gets nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FINDINGS_TASK_ID } from '../../shared/contractNames.ts';
import type { PaymentRow } from '../../shared/payments.ts';
import { startBridge, type Bridge } from '../../electron/bridge/server.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { bulkInsertPayments } from '../../electron/core/services/payments.ts';
import { bulkInsertPeople } from '../../electron/core/services/people.ts';
import { createProgram } from '../../electron/core/services/programs.ts';
import { tempDir } from '../helpers/ledger.ts';

let bridge: Bridge;
let dir: string;

beforeAll(async () => {
  dir = tempDir();
  // The bridge only needs an index.html to serve; these tests never load the app.
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  const file = path.join(dir, 'ledger.db');
  Ledger.open(file).close();
  bridge = await startBridge({ ledgerPath: file, rendererDir, actor: '测试会计' });
});
afterAll(async () => {
  await bridge.close();
});

const origin = () => `http://127.0.0.1:${bridge.port}`;

function connect(token: string, from = origin()): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/api/socket?token=${encodeURIComponent(token)}`, { origin: from });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function answers(ws: WebSocket): Map<number, unknown> & { wait(id: number): Promise<unknown> } {
  const got = new Map<number, unknown>();
  const waiters = new Map<number, (v: unknown) => void>();
  ws.on('message', (data) => {
    const { id, result } = JSON.parse(String(data)) as { id: number; result: unknown };
    got.set(id, result);
    waiters.get(id)?.(result);
  });
  return Object.assign(got, {
    wait: (id: number) => (got.has(id) ? Promise.resolve(got.get(id)) : new Promise((r) => waiters.set(id, r))),
  });
}

describe('the bridge socket', () => {
  it('answers calls by id, with the same envelope as POST /api/invoke', async () => {
    const ws = await connect(bridge.token);
    const got = answers(ws);
    ws.send(JSON.stringify({ id: 7, channel: 'settings.set', request: { values: { officeName: '华宁县总工会' } } }));
    ws.send(JSON.stringify({ id: 8, channel: 'settings.get', request: {} }));
    ws.send(JSON.stringify({ id: 9, channel: 'no.such.channel', request: {} }));
    expect(await got.wait(7)).toMatchObject({ ok: true });
    const viaSocket = await got.wait(8);
    expect(viaSocket).toMatchObject({ ok: true, value: { officeName: '华宁县总工会' } });
    expect(await got.wait(9)).toMatchObject({ ok: false });
    const viaPost = await fetch(`${origin()}/api/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bridge-token': bridge.token },
      body: JSON.stringify({ channel: 'settings.get', request: {} }),
    }).then((r) => r.json());
    expect(viaSocket).toEqual(viaPost);
    ws.close();
  });

  it('refuses a wrong token and another origin before any call', async () => {
    await expect(connect('not-the-token')).rejects.toThrow(/403/);
    await expect(connect(bridge.token, 'http://evil.example')).rejects.toThrow(/403/);
  });

  it('closes a socket that sends what is not a call', async () => {
    const ws = await connect(bridge.token);
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send('{not json');
    expect(await closed).toBe(1007);
  });
});

describe('findings stored under older rules', () => {
  it('are brought up to date after the bridge opens the ledger, in chunks between which calls are answered; the page is told to reload', async () => {
    const file = path.join(dir, 'stale.db');
    const ledger = Ledger.open(file, { actor: '旧版' });
    const ids = ledger.run({ kind: 'setup', label: '录入', source: 'keyed' }, (tx) => {
      const programId = createProgram(tx, { code: 'SWN', name: '2017年春节送温暖', year: 2017, kind: '送温暖' });
      const people = bulkInsertPeople(tx, Array.from({ length: 300 }, (_, i) => ({ name: `职工${i}` })));
      return bulkInsertPayments(tx, [
        { programId, personId: people[0]!, paidOn: '2017-01-10', cashFen: 50_000, studentName: '长子' },
        { programId, personId: people[0]!, paidOn: '2017-01-11', cashFen: 50_000, studentName: '次子' },
        ...people.slice(1).map((personId) => ({ programId, personId, paidOn: '2017-01-15', cashFen: 30_000 })),
        { programId, personId: people[299]!, paidOn: '2017-01-20', cashFen: 2_017_012_000 },
      ]);
    });
    // As an older program left them: the parent's second payment passed, no amount was too large; their version unknown.
    const [second, large] = [ids[1]!, ids.at(-1)!];
    ledger.db.prepare('DELETE FROM payment_issues WHERE payment_id IN (?, ?)').run(second, large);
    ledger.db.exec('UPDATE findings_state SET rules_version = 0');
    ledger.close();

    const rendererDir = path.join(dir, 'renderer');
    const answersBetween: unknown[] = [];
    let stale: Bridge | null = null;
    const invoke = (channel: string, request: unknown) => fetch(`http://127.0.0.1:${stale!.port}/api/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bridge-token': stale!.token },
      body: JSON.stringify({ channel, request }),
    }).then((r) => r.json() as Promise<{ ok: boolean; value: unknown }>);
    let chunks = 0;
    stale = await startBridge({
      ledgerPath: file, rendererDir, actor: '测试会计',
      // Small chunks, so that the pass has many; an edit made by a call between two of them.
      findings: {
        startDelayMs: 200, firstChunk: 20, fixedChunk: true,
        between: async () => {
          if (++chunks === 3) answersBetween.push(await invoke('payments.apply', { edits: [{ id: ids[5]!, cells: { cashFen: '20170122' } }], source: 'keyed' }));
        },
      },
    });
    try {
      const events: string[] = [];
      const stream = await fetch(`http://127.0.0.1:${stale.port}/api/events?token=${encodeURIComponent(stale.token)}`);
      const reader = stream.body!.getReader();
      void (async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          events.push(new TextDecoder().decode(value));
        }
      })().catch(() => undefined);
      // The first page is answered at once, before the pass starts.
      const page = await invoke('payments.page', { query: { year: 2017, limit: 50 } });
      expect(page.ok).toBe(true);

      const codes = async (id: number) => ((await invoke('payments.get', { ids: [id] })).value as PaymentRow[])[0]!.issues.map((i) => i.code);
      const until = Date.now() + 15_000;
      while (!(await codes(large)).includes('amount_large') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(await codes(large)).toContain('amount_large');
      expect((await codes(second)).some((c) => c.startsWith('rule:'))).toBe(true);
      expect(chunks).toBeGreaterThan(5);
      // The edit made between chunks was saved, with its findings.
      expect(answersBetween).toHaveLength(1);
      expect(answersBetween[0]).toMatchObject({ ok: true });
      expect(await codes(ids[5]!)).toContain('amount_large');
      const until2 = Date.now() + 2000;
      while (!events.join('').includes('"reason":"findings"') && Date.now() < until2) await new Promise((r) => setTimeout(r, 20));
      expect(events.join('')).toContain('"reason":"findings"');
      // The status bar was told how far the pass had come, and when it ended.
      expect(events.join('')).toContain(`"taskId":"${FINDINGS_TASK_ID}"`);
      expect(events.join('')).toContain('"phase":"findings"');
      expect(events.join('')).toContain('"phase":"end"');
      await reader.cancel();
    } finally {
      await stale.close();
    }
  });
});
