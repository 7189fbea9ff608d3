/** The window's size and position, remembered between runs in the data folder. */
import fs from 'node:fs';
import path from 'node:path';
import type { WindowState } from './security.ts';

const DEFAULT: WindowState = { width: 1360, height: 860 };

export function loadWindowState(dataDir: string): WindowState {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(dataDir, 'window-state.json'), 'utf8')) as Partial<WindowState>;
    const ok = (n: unknown, min: number) => typeof n === 'number' && Number.isFinite(n) && n >= min;
    if (!ok(raw.width, 400) || !ok(raw.height, 300)) return DEFAULT;
    return {
      width: raw.width!, height: raw.height!,
      ...(Number.isFinite(raw.x) && Number.isFinite(raw.y) ? { x: raw.x!, y: raw.y! } : {}),
      maximized: raw.maximized === true,
    };
  } catch {
    return DEFAULT;
  }
}

export function saveWindowState(dataDir: string, state: WindowState): void {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'window-state.json'), JSON.stringify(state));
}
