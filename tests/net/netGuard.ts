/**
 * Loaded with `node --import` before anything else, in the main thread and in every worker
 * thread started from a file (the import's parsing worker): any attempt to reach the network —
 * a TCP/TLS/IPC socket connect, HTTP(S), fetch/WebSocket (undici opens net sockets), a UDP
 * socket, a DNS lookup — is written to $NET_GUARD_LOG and fails.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';
import { isMainThread, threadId } from 'node:worker_threads';

const LOG = process.env.NET_GUARD_LOG;

function refuse(what: string): never {
  const where = isMainThread ? 'main' : `worker ${threadId}`;
  if (LOG) fs.appendFileSync(LOG, `${where}\t${what}\n`);
  throw new Error(`网络访问被拦截（${where}）：${what}`);
}

const describe = (args: unknown[]) => {
  try {
    return JSON.stringify(args[0]) ?? String(args[0]);
  } catch {
    return String(args[0]);
  }
};

net.Socket.prototype.connect = function connect(...args: unknown[]) {
  return refuse(`net.Socket.connect ${describe(args)}`);
} as typeof net.Socket.prototype.connect;
const block = <T extends object>(target: T, names: (keyof T & string)[], label: string) => {
  for (const name of names) {
    if (typeof target[name] === 'function') (target as Record<string, unknown>)[name] = (...args: unknown[]) => refuse(`${label}.${name} ${describe(args)}`);
  }
};
block(net, ['connect', 'createConnection'], 'net');
block(tls, ['connect'], 'tls');
block(http, ['request', 'get'], 'http');
block(https, ['request', 'get'], 'https');
block(dgram, ['createSocket'], 'dgram');
block(dns, ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'reverse'], 'dns');
block(dns.promises, ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'reverse'], 'dns.promises');
for (const name of ['fetch', 'WebSocket', 'EventSource'] as const) {
  if (name in globalThis) Object.defineProperty(globalThis, name, { value: (...args: unknown[]) => refuse(`${name} ${describe(args)}`), configurable: true, writable: true });
}
// ESM `import { request } from 'node:http'` sees the replacements too.
syncBuiltinESMExports();
