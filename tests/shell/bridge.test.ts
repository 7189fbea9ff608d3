/**
 * The browser test bridge's doors: calls over its WebSocket and by POST answer the same
 * envelope from the same handler table; a wrong token or another origin gets nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBridge, type Bridge } from '../../electron/bridge/server.ts';
import { Ledger } from '../../electron/core/ledger.ts';
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
