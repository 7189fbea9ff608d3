/**
 * @doyensec/electronegativity on the built app (dist/: main process, preload and renderer
 * as they ship): no finding above LOW. The tool's optional online look-ups are stubbed
 * (scripts/offline-got.cjs): the check runs offline, like the clerks' offices.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/ledger.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');

describe('electronegativity', () => {
  it('finds nothing above LOW in the built app', () => {
    for (const f of ['dist/main/main.js', 'dist/preload/preload.js', 'dist/renderer/index.html']) {
      expect(fs.existsSync(path.join(ROOT, f)), `${f} (npm test builds it first)`).toBe(true);
    }
    const csv = path.join(tempDir(), 'findings.csv');
    const r = spawnSync(process.execPath, [
      '--require', path.join(ROOT, 'scripts/offline-got.cjs'),
      path.join(ROOT, 'node_modules/@doyensec/electronegativity/dist/index.js'),
      '-i', path.join(ROOT, 'dist'), '-o', csv, '-r', '-e', '45.5.0',
    ], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const findings = parseCsv(fs.readFileSync(csv, 'utf8')).slice(1).map(([issue, severity, confidence, file, location]) => ({ issue, severity, confidence, file, location }));
    expect(findings.every((f) => f.severity !== undefined)).toBe(true);
    const serious = findings.filter((f) => !['LOW', 'INFORMATIONAL'].includes(f.severity!));
    expect(serious).toEqual([]);
    // The scan really covered the main process: its window options and guards are in the bundle.
    const main = fs.readFileSync(path.join(ROOT, 'dist/main/main.js'), 'utf8');
    expect(main).toContain('contextIsolation: true');
    expect(main).toContain('will-navigate');
    expect(main).toContain('setPermissionRequestHandler');
  });
});

/** RFC 4180 CSV: quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell.trim());
      cell = '';
    } else if (ch === '\n') {
      row.push(cell.trim());
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell.trim() !== '' || row.length) {
    row.push(cell.trim());
    rows.push(row);
  }
  return rows;
}
