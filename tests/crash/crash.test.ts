/**
 * Crash safety: a child process runs an operation on a real ledger file and is killed
 * with SIGKILL at a random moment while it runs. After each kill the ledger must pass
 * PRAGMA integrity_check and foreign_key_check, hold all or none of the operation, and
 * (for audited operations) replay from its audit log to exactly its tables.
 * Runs two children at a time. Prints `crash N/N atomic`. CRASH_SEED=… repeats the kill times;
 * CRASH_RUNS=… changes the number of runs per operation.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open.ts';
import { Ledger } from '../../electron/core/ledger.ts';
import { replayAudit } from '../../electron/core/replay.ts';
import { rng } from '../bench/generate.ts';
import { tempDir } from '../helpers/ledger.ts';
import { CRASH_OPERATIONS, type CrashOperation, type Outcome } from './operations.ts';

const CHILD = path.join(import.meta.dirname, 'child.ts');
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 1e9));
const random = rng(SEED);
const dir = tempDir('relief-ledger-crash-');
const templates = new Map<string, string>();
const windows = new Map<string, number>();

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  finished: boolean;
  ms: number;
  stderr: string;
}

/** Run the child; kill it `killAfterMs` after it says `go` (never, when null). */
function runChild(op: string, file: string, killAfterMs: number | null): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, op, file, templates.get(op)!], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let finished = false;
    let ms = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const before = out;
      out += chunk;
      if (!before.includes('go\n') && out.includes('go\n') && killAfterMs !== null) {
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
      const done = /done (\d+)/.exec(out);
      if (done) {
        finished = true;
        ms = Number(done[1]);
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, finished, ms, stderr }));
  });
}

function copyTemplate(name: string, run: number): string {
  const runDir = path.join(dir, `${name}-${run}`);
  fs.mkdirSync(runDir);
  const file = path.join(runDir, 'ledger.db');
  fs.copyFileSync(templates.get(name)!, file);
  return file;
}

/** integrity, foreign keys, all-or-none, and the audit replay; returns the outcome. */
function verify(op: CrashOperation, file: string): Outcome {
  const db = new Database(file);
  const integrity = db.pragma('integrity_check', { simple: true });
  const fk = db.pragma('foreign_key_check') as unknown[];
  db.close();
  expect(integrity, `integrity_check ${file}`).toBe('ok');
  expect(fk, `foreign_key_check ${file}`).toEqual([]);
  const outcome = op.outcome(file);
  // The ledger opens (finishing a migration if one was cut short) and is sound.
  if (op.migrations) {
    const opened = openDatabase(file, { migrations: op.migrations });
    expect(opened.db.pragma('integrity_check', { simple: true })).toBe('ok');
    opened.db.close();
  } else {
    const ledger = Ledger.open(file);
    const replay = replayAudit(ledger);
    ledger.close();
    expect(replay.differences, `audit replay ${file}`).toEqual([]);
    expect(replay.ok).toBe(true);
  }
  return outcome;
}

const ops = Object.entries(CRASH_OPERATIONS);
const runsOf = (op: CrashOperation) => (process.env.CRASH_RUNS ? Number(process.env.CRASH_RUNS) : op.runs);

describe('crash safety (SIGKILL at random points)', () => {
  beforeAll(async () => {
    for (const [name, op] of ops) {
      const file = path.join(dir, `template-${name}.db`);
      await op.template(file);
      templates.set(name, file);
      // Calibrate: how long the operation takes here, two at a time as in the runs below,
      // so that the kills spread over the whole operation, its commit included.
      const probes = [copyTemplate(name, -1), copyTemplate(name, -2)];
      const results = await Promise.all(probes.map((p) => runChild(name, p, null)));
      for (const [i, r] of results.entries()) {
        expect(r.code, r.stderr).toBe(0);
        expect(op.outcome(probes[i]!)).toBe('all');
      }
      windows.set(name, Math.max(20, Math.max(...results.map((r) => r.ms)) * 1.3));
    }
  }, 120_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('every kill leaves a sound ledger holding all or none of the operation', async () => {
    const lines: string[] = [];
    let total = 0;
    let atomic = 0;
    for (const [name, op] of ops) {
      const tally = { all: 0, none: 0, killedMidway: 0 };
      const delays = Array.from({ length: runsOf(op) }, () => Math.floor(random() * windows.get(name)!));
      // Two children at a time: one is starting or being killed while the other's ledger is checked.
      let next = 0;
      const worker = async () => {
        for (let run = next++; run < delays.length; run = next++) {
          const file = copyTemplate(name, run);
          const r = await runChild(name, file, delays[run]!);
          expect(r.signal === 'SIGKILL' || r.code === 0, `${name} #${run}: ${r.stderr}`).toBe(true);
          if (!r.finished) tally.killedMidway++;
          total++;
          tally[verify(op, file)]++;
          atomic++;
          fs.rmSync(path.dirname(file), { recursive: true, force: true });
        }
      };
      await Promise.all([worker(), worker()]);
      lines.push(`crash ${name}: ${tally.all + tally.none}/${runsOf(op)} atomic (all ${tally.all}, none ${tally.none}; killed before it finished ${tally.killedMidway}; window ${Math.round(windows.get(name)!)} ms) — ${op.label}`);
    }
    lines.push(`crash ${atomic}/${total} atomic (seed ${SEED})`);
    process.stdout.write(`${lines.join('\n')}\n`);
    expect(atomic).toBe(total);
  }, 120_000);
});
