/**
 * Where the ledger lives by default: the user's application-data folder, the
 * same one the desktop app uses (electron/main sets its userData to it), so the
 * CLI and the app open the same file without being told.
 */
import os from 'node:os';
import path from 'node:path';

export const APP_FOLDER = 'relief-ledger';
export const LEDGER_FILE = 'ledger.db';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', APP_FOLDER);
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), APP_FOLDER);
}

/** RELIEF_LEDGER_DB wins; otherwise the default ledger in the data folder. */
export function defaultLedgerPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.RELIEF_LEDGER_DB || path.join(defaultDataDir(env), LEDGER_FILE);
}
