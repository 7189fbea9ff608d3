/**
 * The browser test bridge (development and tests only; never part of the
 * packaged app): a small HTTP server bound to 127.0.0.1 that serves the built
 * renderer and answers the same contract as the preload, by dispatching to the
 * very same handler table as the Electron main process. Events go out as
 * server-sent events. Every API call needs the per-run random token, which the
 * page reads from the URL fragment (never sent to the server with page loads).
 *
 * Calls travel over one WebSocket (/api/socket), each request and answer tagged with an id:
 * Chromium's fetch to loopback costs ~4–5 ms a call through its network service against
 * ~0.5 ms for a WebSocket message, and Electron's IPC is closer to the latter. POST
 * /api/invoke answers the same calls (the client falls back to it when the socket is down).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventName, EventPayloads } from '../../shared/contract.ts';
import { dispatch } from '../core/api/dispatch.ts';
import { noLedger, type LedgerHost } from '../core/api/handlers.ts';
import { refreshFindingsAfterOpen, type FindingsRefresh, type FindingsRefreshOptions } from '../core/findingsRefresh.ts';
import { ImportHost } from '../core/import/host.ts';
import { Ledger } from '../core/ledger.ts';
import { BRIDGE_CLIENT_JS } from './client.ts';

export interface BridgeOptions {
  ledgerPath: string;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  port?: number;
  actor?: string;
  /** Where file.save writes (the bridge has no native dialog). */
  downloadsDir?: string;
  /** Told each call's channel as it is answered (tests count what the page asks for). */
  onCall?: (channel: string) => void;
  /** How stale findings are brought up to date after opening (tests: chunk sizes, a hook between chunks). */
  findings?: FindingsRefreshOptions;
}

export interface Bridge {
  url: string;
  /** Where files the page saves are written. */
  downloads: string;
  token: string;
  port: number;
  host: LedgerHost;
  /** The pass that brings stale findings up to date, as in the app (its `finished` says 'current' when none were). */
  findings: FindingsRefresh;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The largest request the bridge reads (an import's bytes travel in one). */
const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

export const BRIDGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = crypto.randomBytes(24).toString('base64url');
  let ledger: Ledger | null = Ledger.open(options.ledgerPath, { actor: options.actor ?? '测试会计' });
  // As the app: WAL checkpoints in a thread of their own, never in an edit's commit.
  ledger.useBackgroundCheckpoints({ onFallback: (m) => process.stderr.write(`${m}\n`) });
  const listeners = new Set<http.ServerResponse>();
  const imports = new ImportHost();
  const downloads = path.resolve(options.downloadsDir ?? path.join(path.dirname(path.resolve(options.ledgerPath)), 'downloads'));
  const host: LedgerHost = {
    imports,
    async saveFile(suggestedName: string, data: Uint8Array) {
      fs.mkdirSync(downloads, { recursive: true });
      const target = path.join(downloads, path.basename(suggestedName));
      fs.writeFileSync(target, data);
      return target;
    },
    ledger: () => ledger ?? noLedger(),
    actor: () => options.actor ?? '测试会计',
    emit<E extends EventName>(event: E, payload: EventPayloads[E]) {
      const data = `event: message\ndata: ${JSON.stringify({ event, payload })}\n\n`;
      for (const res of listeners) res.write(data);
    },
  };
  const rendererDir = path.resolve(options.rendererDir);
  const indexPath = path.join(rendererDir, 'index.html');
  if (!fs.existsSync(indexPath)) throw new Error(`找不到已构建的界面：${indexPath}（先运行 npm run build:renderer）`);
  // As the app (MainLedgerHost): findings stored under older rules are recomputed in chunks after opening.
  const findings = refreshFindingsAfterOpen(ledger, (event, payload) => host.emit(event, payload), (m) => process.stderr.write(`${m}\n`), options.findings);

  let port = 0;
  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err) => {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(String(err));
    });
  });

  // RELIEF_BRIDGE_TRACE=1: each socket call's channel and time in the core, on stderr.
  const trace = process.env.RELIEF_BRIDGE_TRACE === '1';
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname !== '/api/socket' || !sameOrigin(req) || url.searchParams.get('token') !== token) {
      socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  /** One page's calls: `{ id, channel, request }` in, `{ id, result }` out (the envelope POST /api/invoke answers). */
  function serveSocket(ws: WebSocket): void {
    ws.on('message', (data, isBinary) => {
      let message: { id?: unknown; channel?: unknown; request?: unknown };
      try {
        if (isBinary) throw new Error('binary');
        message = JSON.parse(String(data)) as typeof message;
      } catch {
        ws.close(1007, 'invalid JSON');
        return;
      }
      const id = message.id;
      if (typeof id !== 'number') {
        ws.close(1008, 'missing id');
        return;
      }
      // Each call in its own task, as Electron's IPC delivers them: when several arrive in one
      // read, the answer to the first leaves before the next one runs.
      setImmediate(() => {
        const started = trace ? performance.now() : 0;
        void dispatch(host, message.channel, message.request).then((result) => {
          options.onCall?.(String(message.channel));
          if (trace) process.stderr.write(`bridge ${String(message.channel)} ${(performance.now() - started).toFixed(1)} ms (at ${(performance.timeOrigin + started).toFixed(1)})\n`);
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
        });
      });
    });
  }

  async function readBody(req: http.IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_REQUEST_BYTES) throw new Error('请求过大');
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  function sameOrigin(req: http.IncomingMessage): boolean {
    const expected = `127.0.0.1:${port}`;
    if (req.headers.host !== expected) return false; // DNS rebinding
    const origin = req.headers.origin;
    return origin === undefined || origin === `http://${expected}`;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!sameOrigin(req)) {
      res.writeHead(403).end();
      return;
    }
    if (url.pathname === '/api/invoke' && req.method === 'POST') {
      if (req.headers['x-bridge-token'] !== token) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: { code: 'forbidden', message: '令牌无效' } }));
        return;
      }
      let body: { channel?: unknown; request?: unknown };
      try {
        body = JSON.parse(await readBody(req)) as typeof body;
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: { code: 'invalid_request', message: '请求不是有效的 JSON' } }));
        return;
      }
      const result = await dispatch(host, body.channel, body.request);
      options.onCall?.(String(body.channel));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(result));
      return;
    }
    if (url.pathname === '/api/events' && req.method === 'GET') {
      if (url.searchParams.get('token') !== token) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      listeners.add(res);
      req.on('close', () => listeners.delete(res));
      return;
    }
    if (url.pathname === '/__bridge/client.js') {
      res.writeHead(200, { 'content-type': MIME['.js']!, 'cache-control': 'no-store' });
      res.end(BRIDGE_CLIENT_JS);
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405).end();
      return;
    }
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(rendererDir, rel);
    if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    let content: Buffer | string = fs.readFileSync(file);
    if (file === indexPath) {
      // The bridge client must define window.reliefLedger before the app's own module runs.
      content = content.toString('utf8').replace('<head>', '<head>\n    <script src="/__bridge/client.js"></script>');
    }
    res.writeHead(200, {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': BRIDGE_CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    res.end(content);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    downloads,
    token,
    port,
    host,
    findings,
    async close() {
      findings.cancel();
      for (const res of listeners) res.end();
      listeners.clear();
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await imports.dispose();
      ledger?.close();
      ledger = null;
    },
  };
}
