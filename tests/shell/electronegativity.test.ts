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
  it('finds nothing above LOW in the built app', { timeout: 240_000 }, () => {
    for (const f of ['dist/main/main.js', 'dist/preload/preload.js', 'dist/renderer/index.html']) {
      expect(fs.existsSync(path.join(ROOT, f)), `${f} (npm test builds it first)`).toBe(true);
    }
    const sarif = path.join(tempDir(), 'findings.sarif');
    const r = spawnSync(process.execPath, [
      '--require', path.join(ROOT, 'scripts/offline-got.cjs'),
      path.join(ROOT, 'node_modules/@doyensec/electronegativity/dist/index.js'),
      '-i', path.join(ROOT, 'dist'), '-o', sarif, '-r', '-e', '45.5.0',
    ], { encoding: 'utf8', timeout: 220_000 });
    expect(r.status, r.stderr).toBe(0);
    // SARIF levels: note = LOW/INFORMATIONAL, warning = MEDIUM, error = HIGH.
    const report = JSON.parse(fs.readFileSync(sarif, 'utf8')) as { runs: { results: { ruleId: string; level: string; message: { text: string } }[] }[] };
    const findings = report.runs[0]!.results;
    const serious = findings.filter((f) => f.level !== 'note' && f.level !== 'none');
    expect(serious.map((f) => `${f.ruleId} (${f.level}): ${f.message.text}`)).toEqual([]);
    // The scan really covered the main process: its window options and guards are in the bundle.
    const main = fs.readFileSync(path.join(ROOT, 'dist/main/main.js'), 'utf8');
    expect(main).toContain('contextIsolation: true');
    expect(main).toContain('will-navigate');
    expect(main).toContain('setPermissionRequestHandler');
  });
});

