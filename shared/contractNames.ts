/**
 * The names of the contract's channels and events, without the schemas, for the
 * preload (which must stay tiny). contract.ts checks at compile time that these
 * lists are exactly its channels and events.
 */
export const CHANNEL_NAMES = [
  'ledger.info',
  'payments.page',
  'payments.totals',
  'payments.get',
  'payments.apply',
  'payments.delete',
  'payments.discardEntry',
  'payments.setStatus',
  'payments.reverse',
  'payments.nextIssue',
  'history.state',
  'history.undo',
  'history.redo',
  'people.search',
  'people.create',
  'programs.list',
  'codes.list',
  'settings.get',
  'settings.set',
  'prefs.get',
  'prefs.set',
  // ——— export, print and roll-up (issue 7) ———
  'export.roster',
  'export.rosterLayout',
  'export.annual',
  'export.modelWorkers',
  'export.filing',
  'print.pdf',
  'rollup.import',
  // ——— year close and backups (issue 8) ———
  'years.summary',
  'years.list',
  'years.close',
  'years.reopen',
  'backups.list',
  'backups.create',
  // ——— roster import (issue 6) ———
  'import.prepare',
  'import.open',
  'import.cancel',
  'import.preview',
  'import.page',
  'import.commit',
  'import.rememberMapping',
  'import.errorReport',
  'import.batchErrorReport',
  'import.close',
  'import.history',
  'import.revert',
  // ——— registers (issue 5) ———
  'people.page',
  'people.update',
  'units.list',
  'households.get',
  'households.create',
  'households.update',
  'households.setStatus',
  'households.review',
  'households.addMembers',
  'households.removeMember',
  'households.revealAccount',
  'modelWorkers.list',
  'modelWorkers.create',
  'modelWorkers.update',
  'modelWorkers.delete',
  'modelWorkers.previewRound',
  'modelWorkers.generateRound',
  'programs.get',
  'programs.save',
  'programs.delete',
  'codes.listUsage',
  'codes.add',
  'codes.retire',
  'codes.delete',
  'approval.setStatus',
  'dashboard.get',
] as const;

export const EVENT_NAMES = ['ledger.changed', 'menu.command', 'task.progress'] as const;

/** IPC channel on which the main process sends an event to the renderer. */
export function eventChannel(name: string): string {
  return `event:${name}`;
}

/** The global the preload (or the test bridge) defines in the page. Here, not in contract.ts, so that the renderer's bundle does not carry the schemas (zod). */
export const API_GLOBAL = 'reliefLedger';

/**
 * The taskId of the 'task.progress' events of the pass that brings findings stored under older rules up
 * to date after a ledger is opened (phase 'findings' while it runs, 'end' when it stops); the status bar
 * shows it. (Here, not in contract.ts, so that the renderer reads it without the schemas.)
 */
export const FINDINGS_TASK_ID = 'findings.refresh';
