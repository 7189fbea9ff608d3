/**
 * End-to-end harness: the real renderer (dist/renderer, built by npm test) served
 * by the real bridge over a real ledger file, in Debian's Chromium driven by
 * playwright-core. Screenshots go to tests/.artifacts/ (not committed).
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startBridge, type Bridge } from '../../electron/bridge/server.ts';
import type { FindingsRefreshOptions } from '../../electron/core/findingsRefresh.ts';

export const ROOT = path.join(import.meta.dirname, '..', '..');
export const ARTIFACTS = path.join(ROOT, 'tests', '.artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--lang=zh-CN',
];

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`找不到 Chromium：${CHROMIUM}（apt-get install -y --no-install-recommends chromium fonts-wqy-zenhei）`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export interface Session {
  bridge: Bridge;
  page: Page;
  close(): Promise<void>;
}

export async function openApp(
  browser: Browser,
  ledgerPath: string,
  viewport = { width: 1440, height: 860 },
  options: {
    onCall?: (channel: string) => void;
    initScript?: () => void;
    timezoneId?: string;
    beforeGoto?: (page: Page) => Promise<void>;
    /** How the bridge brings stale findings up to date after opening (chunk sizes, pauses). */
    findings?: FindingsRefreshOptions;
  } = {},
): Promise<Session> {
  const rendererDir = path.join(ROOT, 'dist', 'renderer');
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) throw new Error('界面尚未构建：先运行 npm run build:renderer');
  const bridge = await startBridge({ ledgerPath, rendererDir, actor: '测试会计', ...(options.onCall ? { onCall: options.onCall } : {}), ...(options.findings ? { findings: options.findings } : {}) });
  const context = await browser.newContext({ viewport, locale: 'zh-CN', deviceScaleFactor: 1, ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}) });
  const page = await context.newPage();
  // Runs in the page before the app's own scripts (to watch what the app does as it opens).
  if (options.initScript) await page.addInitScript(options.initScript);
  // Routes set before the page opens (a test that cuts the page off the bridge and brings it back).
  if (options.beforeGoto) await options.beforeGoto(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(bridge.url);
  return {
    bridge,
    page,
    async close() {
      await context.close();
      await bridge.close();
      if (errors.length) console.warn('page errors:', errors.join('\n'));
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Rows of a query on the ledger file, read apart from the app (a read-only connection of its own). */
export function sqlAll<T>(file: string, query: string, ...params: unknown[]): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
}
