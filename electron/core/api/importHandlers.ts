/**
 * Handlers of the roster import: the file's bytes come from the page (a file
 * input works the same in the app and in a browser), are parsed in a worker
 * thread with progress events and cancellation, and the parsed session stays in
 * this process while the clerk previews, corrects and commits.
 */
import type { Channel } from '../../../shared/contract.ts';
import type { ImportPreview } from '../../../shared/import.ts';
import { LedgerError } from '../errors.ts';
import {
  buildErrorReport, commitImport, listImportBatches, openImportBytes, previewImport, previewPage, rememberMapping, revertImport,
  type ImportSession,
} from '../import/index.ts';
import type { HandlersFor, LedgerHost } from './handlers.ts';

export type ImportChannel = Extract<Channel, `import.${string}`>;

/** Open sessions, newest last; a few are kept so that a clerk can compare files, not more (memory). */
const sessions = new Map<string, ImportSession>();
const MAX_SESSIONS = 3;
const running = new Map<string, AbortController>();

function sessionOf(id: string): ImportSession {
  const s = sessions.get(id);
  if (!s) throw new LedgerError('not_found', '导入会话已结束，请重新选择文件');
  return s;
}

/** The preview without its rows: the page asks for the rows it shows (import.page). */
function light(p: ImportPreview): ImportPreview {
  // Not `{ ...p }`: reading p.rows would build every row (they are built when first read).
  const { rows: _rows, ...rest } = p;
  return { ...rest, rows: [] };
}

export const importHandlers: HandlersFor<ImportChannel> = {
  'import.open': async (req, host) => {
    const ledger = host.ledger();
    const controller = new AbortController();
    running.set(req.taskId, controller);
    try {
      const bytes = Buffer.from(req.data, 'base64');
      // Read in a worker; the rows are analysed here as they arrive (the first preview uses that analysis).
      const session = await openImportBytes(bytes, req.fileName, {
        signal: controller.signal,
        ...(host.importWorkerUrl ? { workerUrl: host.importWorkerUrl } : {}),
        onProgress: (p) => host.emit('task.progress', { taskId: req.taskId, done: p.done, total: p.total ?? 0, phase: p.phase }),
      });
      sessions.set(session.id, session);
      while (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
      return light(previewImport(ledger, session, { programId: req.programId ?? null }));
    } finally {
      running.delete(req.taskId);
    }
  },
  'import.cancel': (req) => {
    const c = running.get(req.taskId);
    c?.abort();
    return { cancelled: c !== undefined };
  },
  'import.preview': (req, host) => {
    const options = { ...req.options, ...(req.options.sheets ? { sheets: Object.fromEntries(Object.entries(req.options.sheets).map(([k, v]) => [Number(k), v])) } : {}) };
    return light(previewImport(host.ledger(), sessionOf(req.sessionId), options as Parameters<typeof previewImport>[2]));
  },
  'import.page': (req) => previewPage(sessionOf(req.sessionId), { offset: req.offset, limit: req.limit, status: req.status ?? null, sheetIndex: req.sheetIndex ?? null }),
  'import.commit': (req, host) => {
    const ledger = host.ledger();
    const session = sessionOf(req.sessionId);
    const result = commitImport(ledger, session, { ...(req.force ? { force: true } : {}), clerk: host.actor() });
    sessions.delete(req.sessionId);
    host.emit('ledger.changed', { reason: 'import' });
    return result;
  },
  'import.rememberMapping': (req, host) => {
    rememberMapping(host.ledger(), sessionOf(req.sessionId), req.sheetIndex);
    return { ok: true as const };
  },
  'import.errorReport': async (req, host) => {
    const session = sessionOf(req.sessionId);
    const { bytes, rows } = await buildErrorReport(session);
    const base = session.workbook.fileName.replace(/\.[^.]+$/, '');
    return { path: await host.saveFile(`${base}-未导入行及原因.xlsx`, bytes), rows };
  },
  'import.close': (req) => {
    sessions.delete(req.sessionId);
    return { ok: true as const };
  },
  'import.history': (_req, host) => listImportBatches(host.ledger()),
  'import.revert': (req, host) => {
    const ledger = host.ledger();
    const result = revertImport(ledger, req.batchId, host.actor());
    host.emit('ledger.changed', { reason: 'import-reverted' });
    return result;
  },
};
