/**
 * The Electron main process: a thin shell. It starts one locked-down window,
 * serves the built renderer over app://, opens the ledger, binds the contract
 * to the core's handler table, and builds the native menus. All ledger logic is
 * in electron/core.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { backupsDir, inspectBackup, latestGoodBackup, restoreLedger } from '../core/backups.ts';
import { LedgerError } from '../core/errors.ts';
import { backupLedger } from '../core/maintenance.ts';
import { formatYuan } from '../../shared/domain/money.ts';
import { defaultDataDir, defaultLedgerPath } from '../core/paths.ts';
import { toLedgerError } from '../core/errors.ts';
import { bindContract } from './ipc.ts';
import { MainLedgerHost } from './ledgerHost.ts';
import { buildMenu, type MenuActions } from './menu.ts';
import { APP_SCHEME, APP_URL, CONTENT_SECURITY_POLICY, createMainWindow, hardenSession, hardenWebContents } from './security.ts';
import { loadWindowState, saveWindowState } from './windowState.ts';
import { MENU_LABELS } from '../../shared/i18n/menu.ts';

const RENDERER_DIR = path.join(__dirname, '..', 'renderer');
const PRELOAD = path.join(__dirname, '..', 'preload', 'preload.js');
const DATA_DIR = defaultDataDir();
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json',
};

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
app.setName('帮扶台账');
app.setPath('userData', DATA_DIR);

const host = new MainLedgerHost({ importWorkerUrl: path.join(__dirname, 'importWorker.js'), importHostUrl: path.join(__dirname, 'importHost.js'), checkpointWorkerUrl: path.join(__dirname, 'checkpointWorker.js') });
let window: BrowserWindow | null = null;

function serveRenderer(request: Request): Response {
  const url = new URL(request.url);
  const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
  const file = path.resolve(RENDERER_DIR, rel);
  if (!file.startsWith(RENDERER_DIR + path.sep) || !fs.existsSync(file)) return new Response('not found', { status: 404 });
  return new Response(fs.readFileSync(file), {
    headers: { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', 'content-security-policy': CONTENT_SECURITY_POLICY },
  });
}

function showError(title: string, err: unknown): void {
  dialog.showErrorBox(title, toLedgerError(err).message);
}

/** Automatic backups run in a worker thread; a failure is shown, never fatal. */
function runBackupTask(task: 'startup' | 'daily'): void {
  const ledgerPath = host.currentPath();
  if (!ledgerPath) return;
  const worker = new Worker(path.join(__dirname, 'backupWorker.js'), { workerData: { task, ledgerPath } });
  worker.once('message', (m: { ok: boolean; message?: string }) => {
    if (!m.ok) dialog.showErrorBox('自动备份失败', `${m.message ?? ''}\n台账本身没有改动；请检查磁盘空间或文件夹权限。`);
  });
  worker.once('error', (err) => dialog.showErrorBox('自动备份失败', String(err)));
}

function openLedgerFile(file: string): boolean {
  try {
    host.open(file);
    window?.setTitle(`帮扶台账 — ${path.basename(file)}`);
    runBackupTask('startup');
    return true;
  } catch (err) {
    const e = toLedgerError(err);
    const backup = e.code === 'corrupt' ? latestGoodBackup(file) : null;
    if (backup) {
      const choice = dialog.showMessageBoxSync({
        type: 'error',
        title: '台账文件已损坏',
        message: e.message,
        detail: `最近的完好备份：${backup.file}（${new Date(backup.at).toLocaleString('zh-CN')}，${backup.kindLabel}）。恢复前会先保存损坏的文件。`,
        buttons: ['从这个备份恢复', '取消'],
        defaultId: 0,
        cancelId: 1,
      });
      if (choice === 0) {
        try {
          restoreLedger(file, backup.path, { actor: host.actor() ?? undefined });
          return openLedgerFile(file);
        } catch (restoreErr) {
          showError('恢复失败', restoreErr);
        }
      }
      return false;
    }
    showError('无法打开台账', err);
    return false;
  }
}

/** 文件 → 恢复: pick a backup, show what it holds, back up the current file, replace it, reopen. */
function restoreFromBackup(): void {
  const ledgerPath = host.currentPath();
  if (!ledgerPath) return;
  const files = dialog.showOpenDialogSync(window!, { title: labels.restore, defaultPath: backupsDir(ledgerPath), properties: ['openFile'], filters: ledgerFilters });
  if (!files?.[0]) return;
  const inspection = inspectBackup(files[0]);
  if (!inspection.ok) {
    dialog.showErrorBox('不能用这个文件恢复', inspection.problems.join('\n'));
    return;
  }
  const counts = inspection.counts;
  const choice = dialog.showMessageBoxSync(window!, {
    type: 'question',
    title: labels.restore,
    message: `用“${path.basename(files[0])}”替换当前台账？`,
    detail: `备份中：发放记录 ${counts?.payments ?? 0} 笔，现金 ${formatYuan(inspection.totals?.cashFen ?? 0)} 元；最后修改 ${inspection.lastChangeAt ? new Date(inspection.lastChangeAt).toLocaleString('zh-CN') : '未知'}。\n当前台账会先备份到 backups 文件夹。`,
    buttons: ['恢复', '取消'],
    defaultId: 1,
    cancelId: 1,
  });
  if (choice !== 0) return;
  const actor = host.actor() ?? undefined;
  host.close();
  try {
    restoreLedger(ledgerPath, files[0], { actor });
    void dialog.showMessageBox(window!, { type: 'info', message: '已恢复。' });
  } catch (err) {
    showError('恢复失败，当前台账保持原样', err);
  }
  openLedgerFile(ledgerPath);
}

const labels = MENU_LABELS['zh-CN'];
void LedgerError;
const ledgerFilters = [{ name: labels.ledgerFilter, extensions: ['db', 'ledger', 'sqlite'] }, { name: labels.allFiles, extensions: ['*'] }];

const actions: MenuActions = {
  newLedger() {
    const file = dialog.showSaveDialogSync(window!, { title: labels.newLedger, defaultPath: path.join(DATA_DIR, '新台账.db'), filters: ledgerFilters });
    if (file) {
      if (fs.existsSync(file)) {
        dialog.showErrorBox('无法新建台账', `文件已存在：${file}`);
        return;
      }
      void host.releaseImports().then(() => openLedgerFile(file));
    }
  },
  openLedger() {
    const files = dialog.showOpenDialogSync(window!, { title: labels.openLedger, properties: ['openFile'], filters: ledgerFilters });
    const file = files?.[0];
    if (file) void host.releaseImports().then(() => openLedgerFile(file));
  },
  backup() {
    const file = dialog.showSaveDialogSync(window!, { title: labels.backup, defaultPath: path.join(DATA_DIR, 'backups', `台账备份-${new Date().toISOString().slice(0, 10)}.db`), filters: ledgerFilters });
    if (!file) return;
    try {
      const r = backupLedger(host.ledger(), file, { overwrite: true });
      void dialog.showMessageBox(window!, { type: 'info', message: `已备份到 ${r.path}` });
    } catch (err) {
      showError('备份失败', err);
    }
  },
  restore() {
    // An import the clerk left open, or one being committed, ends first (a commit rolls back whole).
    void host.releaseImports().then(restoreFromBackup);
  },
  openDataFolder() {
    void shell.openPath(DATA_DIR);
  },
  about() {
    void dialog.showMessageBox(window!, { type: 'info', title: labels.about, message: `帮扶台账 ${app.getVersion()}`, detail: '县总工会困难职工帮扶与劳模补助台账' });
  },
  send(command) {
    host.emit('menu.command', { command });
  },
};

function createWindow(): void {
  const state = loadWindowState(DATA_DIR);
  window = createMainWindow(BrowserWindow, PRELOAD, state);
  // The print view is printed as it is shown: A4, the form's orientation, page numbers in the footer.
  host.setPrinter(async ({ landscape }) =>
    window!.webContents.printToPDF({
      landscape,
      pageSize: 'A4',
      printBackground: true,
      margins: { top: 0.5, bottom: 0.6, left: 0.4, right: 0.4 },
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: '<div style="font-size:9px;width:100%;text-align:center;font-family:SimSun,serif">第 <span class="pageNumber"></span> 页 共 <span class="totalPages"></span> 页</div>',
    }),
  );
  host.setSaver(async (suggestedName, data) => {
    const ext = path.extname(suggestedName).slice(1) || '*';
    const r = await dialog.showSaveDialog(window!, { defaultPath: path.join(app.getPath('documents'), suggestedName), filters: [{ name: ext.toUpperCase(), extensions: [ext] }] });
    if (r.canceled || !r.filePath) return null;
    const partial = `${r.filePath}.partial`;
    fs.writeFileSync(partial, data);
    fs.renameSync(partial, r.filePath);
    return r.filePath;
  });
  if (state.maximized) window.maximize();
  host.attach({ send: (channel, payload) => window?.webContents.send(channel, payload) });
  window.once('ready-to-show', () => window?.show());
  window.on('close', () => {
    if (!window) return;
    const b = window.getNormalBounds();
    saveWindowState(DATA_DIR, { width: b.width, height: b.height, x: b.x, y: b.y, maximized: window.isMaximized() });
  });
  window.on('closed', () => {
    host.attach(null);
    window = null;
  });
  void window.loadURL(APP_URL);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => {
    void host.releaseImports().finally(() => {
      host.close();
      app.quit();
    });
  });
  void app.whenReady().then(() => {
    hardenSession(session.defaultSession);
    protocol.handle(APP_SCHEME, serveRenderer);
    bindContract(ipcMain, host);
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenu(actions, 'zh-CN', process.platform === 'darwin')));
    openLedgerFile(defaultLedgerPath());
    createWindow();
    // A daily backup while the app stays open (skipped when one was made today or nothing changed).
    setInterval(() => runBackupTask('daily'), 30 * 60 * 1000).unref();
  });
}
