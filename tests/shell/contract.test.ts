/**
 * The contract as the only door: every channel has a schema and a handler, the
 * main process binds exactly the contract's channels, malformed requests of every
 * channel get typed errors, untrusted senders are refused, and the preload exposes
 * one object that only passes contract channels.
 */
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CHANNELS, CONTRACT, EVENTS, type Channel } from '../../shared/contract.ts';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../shared/contractNames.ts';
import { coreHandlers, type LedgerHost } from '../../electron/core/api/handlers.ts';
import { dispatch } from '../../electron/core/api/dispatch.ts';
import { bindContract } from '../../electron/main/ipc.ts';
import { APP_URL } from '../../electron/main/security.ts';
import { build } from 'esbuild';
import { dumpTables, tempLedger } from '../helpers/ledger.ts';

function hostFor(ledger = tempLedger()): LedgerHost {
  return { ledger: () => ledger, actor: () => '测试', emit: () => undefined, saveFile: async () => null };
}

describe('the contract', () => {
  it('every channel has a zod schema and a handler, and nothing else has a handler', () => {
    expect(Object.keys(coreHandlers).sort()).toEqual([...CHANNELS].sort());
    for (const c of CHANNELS) {
      expect(typeof CONTRACT[c].request.safeParse, c).toBe('function');
      expect(typeof coreHandlers[c], c).toBe('function');
    }
    expect([...CHANNEL_NAMES].sort()).toEqual([...CHANNELS].sort());
    expect([...EVENT_NAMES]).toEqual([...EVENTS]);
  });

  it('malformed requests to every channel get a typed invalid_request error and change nothing', async () => {
    const ledger = tempLedger();
    const host = hostFor(ledger);
    const before = dumpTables(ledger);
    const malformed: unknown[] = [null, 42, 'x', [], { unexpected: true }, { query: { sort: [{ field: 'DROP TABLE', dir: 'asc' }] } }];
    for (const channel of CHANNELS) {
      for (const request of malformed) {
        const r = await dispatch(host, channel, request);
        // Channels whose request is {} accept exactly {}; everything above is malformed for all of them.
        expect(r.ok, `${channel} ${JSON.stringify(request)}`).toBe(false);
        if (!r.ok) {
          expect(r.error.code).toBe('invalid_request');
          expect(r.error.message).toContain(channel);
        }
      }
    }
    expect(dumpTables(ledger)).toEqual(before);
    ledger.close();
  });

  it('unknown channels are refused', async () => {
    const r = await dispatch(hostFor(), 'db.exec', { sql: 'DROP TABLE payments' });
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('core errors reach the renderer as typed errors with a Chinese message', async () => {
    const host = hostFor();
    const r = await dispatch(host, 'history.undo', {});
    expect(r).toEqual({ ok: false, error: { code: 'nothing_to_undo', message: '没有可以撤销的操作' } });
    const bad = await dispatch(host, 'payments.apply', { edits: [{ cells: { cashFen: '一百' } }], source: 'keyed' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('invalid_input');
      expect(bad.error.message).toContain('金额');
    }
  });
});

describe('main process binding', () => {
  it('binds exactly the contract channels and refuses untrusted senders', async () => {
    const bound = new Map<string, (event: unknown, request: unknown) => Promise<unknown>>();
    bindContract({ handle: (channel, fn) => void bound.set(channel, fn as never) }, hostFor());
    expect([...bound.keys()].sort()).toEqual([...CHANNELS].sort());
    const call = bound.get('ledger.info')!;
    const ok = (await call({ senderFrame: { url: APP_URL, parent: null } }, {})) as { ok: boolean };
    expect(ok.ok).toBe(true);
    const evil = (await call({ senderFrame: { url: 'https://evil.example/', parent: null } }, {})) as { ok: boolean; error: { code: string } };
    expect(evil).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const framed = (await call({ senderFrame: { url: APP_URL, parent: {} } }, {})) as { ok: boolean };
    expect(framed.ok).toBe(false);
  });
});

describe('the preload', () => {
  it('exposes exactly one object with invoke/on that passes only contract channels and events', async () => {
    const out = await build({ entryPoints: [path.join(import.meta.dirname, '../../electron/preload/preload.ts')], bundle: true, write: false, format: 'cjs', platform: 'node', external: ['electron'], logLevel: 'silent' });
    const code = out.outputFiles[0]!.text;
    expect(code).not.toMatch(/require\("(?!electron")/); // nothing but electron is required at run time
    const exposed: Record<string, unknown> = {};
    const invoked: [string, unknown][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => void (exposed[key] = value) },
      ipcRenderer: {
        invoke: (channel: string, request: unknown) => {
          invoked.push([channel, request]);
          return Promise.resolve({ ok: true, value: null });
        },
        on: () => undefined,
        removeListener: () => undefined,
      },
    };
    vm.runInNewContext(code, { require: (m: string) => (m === 'electron' ? electron : undefined), module: { exports: {} }, exports: {} });
    expect(Object.keys(exposed)).toEqual(['reliefLedger']);
    const api = exposed.reliefLedger as { platform: string; invoke: (c: string, r: unknown) => Promise<{ ok: boolean; error?: { code: string } }>; on: (e: string, l: () => void) => () => void };
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on', 'platform']);
    expect(api.platform).toBe('electron');
    await api.invoke('ledger.info', {});
    expect(invoked).toEqual([['ledger.info', {}]]);
    const refused = await api.invoke('fs.readFile', { path: '/etc/passwd' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(invoked).toHaveLength(1);
    expect(() => api.on('not.an.event', () => undefined)).toThrow();
    expect(typeof api.on('ledger.changed', () => undefined)).toBe('function');
    void (CHANNELS as Channel[]);
    void fs;
  });
});
