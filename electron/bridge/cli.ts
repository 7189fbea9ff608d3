/**
 * npm run dev:web -- [--db FILE] [--port N]: serve the real UI in a browser over
 * the real core. Prints the URL (with its one-time token) to open.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultLedgerPath } from '../core/paths.ts';
import { startBridge } from './server.ts';

const { values } = parseArgs({ options: { db: { type: 'string' }, port: { type: 'string' }, actor: { type: 'string' } } });
const bridge = await startBridge({
  ledgerPath: path.resolve(values.db ?? defaultLedgerPath()),
  rendererDir: path.join(import.meta.dirname, '..', '..', 'dist', 'renderer'),
  ...(values.port ? { port: Number(values.port) } : {}),
  ...(values.actor ? { actor: values.actor } : {}),
});
console.log(`帮扶台账（浏览器测试桥）已启动：\n  ${bridge.url}\n按 Ctrl+C 退出。`);
process.on('SIGINT', () => void bridge.close().then(() => process.exit(0)));
