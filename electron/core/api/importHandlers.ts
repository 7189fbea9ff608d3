/**
 * Handlers of the roster import: the file's bytes come from the page (a file
 * input works the same in the app and in a browser). The import host thread
 * (import/host.ts) reads them (in its own parser worker, with progress events
 * and cancellation), keeps the session while the clerk previews, corrects and
 * commits, and commits it through its own connection to the ledger file. This
 * process keeps none of a session's rows.
 */
import type { Channel } from '../../../shared/contract.ts';
import { listImportBatches, revertImport } from '../import/index.ts';
import { ImportHost } from '../import/host.ts';
import type { HandlersFor, LedgerHost } from './handlers.ts';

export type ImportChannel = Extract<Channel, `import.${string}`>;

/** The import host of a LedgerHost that brings none: one per host, made when first needed. */
const defaults = new WeakMap<LedgerHost, ImportHost>();

export function importsOf(host: LedgerHost): ImportHost {
  if (host.imports) return host.imports;
  let imports = defaults.get(host);
  if (!imports) {
    imports = new ImportHost(host.importWorkerUrl ? { parseWorkerUrl: host.importWorkerUrl } : {});
    defaults.set(host, imports);
  }
  return imports;
}

export const importHandlers: HandlersFor<ImportChannel> = {
  'import.prepare': (_req, host) => {
    importsOf(host).prepare();
    return { ok: true as const };
  },
  'import.open': (req, host) => {
    const ledger = host.ledger();
    return importsOf(host).open(
      ledger,
      { bytes: Buffer.from(req.data, 'base64'), fileName: req.fileName, taskId: req.taskId, programId: req.programId ?? null },
      (p) => host.emit('task.progress', { taskId: req.taskId, done: p.done, total: p.total ?? 0, phase: p.phase }),
      { handOver: true },
    );
  },
  'import.cancel': (req, host) => ({ cancelled: importsOf(host).cancel(req.taskId) }),
  'import.preview': (req, host) => {
    const options = { ...req.options, ...(req.options.sheets ? { sheets: Object.fromEntries(Object.entries(req.options.sheets).map(([k, v]) => [Number(k), v])) } : {}) };
    return importsOf(host).preview(host.ledger(), req.sessionId, options);
  },
  'import.page': (req, host) =>
    importsOf(host).page(req.sessionId, { offset: req.offset, limit: req.limit, status: req.status ?? null, sheetIndex: req.sheetIndex ?? null }),
  'import.commit': async (req, host) => {
    const result = await importsOf(host).commit(host.ledger(), req.sessionId, { force: req.force === true, clerk: host.actor() });
    host.emit('ledger.changed', { reason: 'import' });
    return result;
  },
  'import.rememberMapping': async (req, host) => {
    await importsOf(host).rememberMapping(host.ledger(), req.sessionId, req.sheetIndex);
    return { ok: true as const };
  },
  'import.errorReport': async (req, host) => {
    const { bytes, rows, fileName } = await importsOf(host).errorReport(req.sessionId);
    const base = fileName.replace(/\.[^.]+$/, '');
    return { path: await host.saveFile(`${base}-未导入行及原因.xlsx`, bytes), rows };
  },
  'import.batchErrorReport': async (req, host) => {
    const { bytes, rows, fileName } = await importsOf(host).batchErrorReport(host.ledger(), req.batchId);
    const base = fileName.replace(/\.[^.]+$/, '');
    return { path: await host.saveFile(`${base}-未导入行及原因.xlsx`, bytes), rows };
  },
  'import.close': async (req, host) => {
    await importsOf(host).close(req.sessionId);
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
