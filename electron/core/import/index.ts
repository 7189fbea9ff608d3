/**
 * Roster import: the public API the app (IPC) and the CLI call.
 *
 *   const session = await openImportFile(path, { onProgress, signal });     // parse (worker_thread)
 *   const preview = previewImport(ledger, session, { programId, sheets, edits });
 *   const result  = commitImport(ledger, session, { force, clerk });
 *   revertImport(ledger, result.batchId);  listImportBatches(ledger);
 *   await buildErrorReport(session);
 */
export { analyzeWorkbook, type AnalyzedRow, type Mapping, type SheetAnalysis, type WorkbookAnalysis } from './analyze.ts';
export { commitImport, listImportBatches, rememberMapping, revertImport, type CommitOptions } from './commit.ts';
export { batchErrorReport, buildErrorReport, writeErrorReport } from './errorReport.ts';
export { parseImportBytes } from './parse.ts';
export {
  createImportSession,
  fileErrorCliJson,
  openImportBytes,
  openImportFile,
  previewImport,
  previewPage,
  previewToCliJson,
  type ImportSession,
  type OpenImportOptions,
} from './preview.ts';
export type { MergeRange, ParsedWorkbook, RawCell, RawRow, RawSheet } from './table.ts';
export { parseInWorker, type WorkerParseOptions } from './worker.ts';
