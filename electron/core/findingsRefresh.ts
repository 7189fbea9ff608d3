/**
 * Stale findings brought up to date after a ledger is opened, without freezing the app.
 *
 * The rule findings (payment_issues) are derived data that each write recomputes for the payments it
 * affects. When a new version of the program evaluates payments differently (RULES_VERSION in
 * shared/domain/rules.ts), the payments stored before keep their old findings until written again.
 * A full recompute is one transaction of ~8–10 s on a 1,000,000-payment ledger: the app's main process
 * (and every edit) would wait for it. Here the same work is done in chunks (Ledger.refreshFindingsChunk),
 * each a short transaction of its own sized to take about `targetMs`, with a pause between them in which
 * the clerk's calls run. The version is recorded by the last chunk; a pass cut short (the app closed,
 * another ledger opened) resumes where it stopped the next time the ledger is opened.
 *
 * The app's ledger host and the test bridge start it after opening a ledger (refreshFindingsAfterOpen);
 * the CLI and the import host do not (the next opening in the app does it).
 */
import type { EventName, EventPayloads } from '../../shared/contract.ts';
import { FINDINGS_TASK_ID } from '../../shared/contractNames.ts';
import { toLedgerError, type LedgerError } from './errors.ts';
import type { Ledger } from './ledger.ts';

export interface FindingsRefreshOptions {
  /** Wait this long before the first chunk, so that opening and the first page of rows go first (default 0). */
  startDelayMs?: number;
  /** Aim for chunks this long: each chunk's size follows how long the last one took (default 30). */
  targetMs?: number;
  /** Payments in the first chunk (default 2000); with `fixedChunk`, in every chunk. */
  firstChunk?: number;
  /** Keep every chunk at `firstChunk` payments (tests). */
  fixedChunk?: boolean;
  /** The pause between chunks, in which other work (the clerk's calls) runs (default 5). */
  gapMs?: number;
  /** When another connection is writing (an import's commit): wait at most this long for it, else retry later (default 50). */
  busyTimeoutMs?: number;
  /** How long to wait before trying again after 'busy' (default 500). */
  busyRetryMs?: number;
  /** After each chunk: how far the pass has come (steps done of all: people by id, then payments without a person). */
  onProgress?: (progress: { done: number; total: number }) => void;
  /** Called between chunks, after one is committed and before the pause (tests make their edits here). */
  between?: () => void | Promise<void>;
}

export interface FindingsRefreshResult {
  /** current: nothing was stale; done: a pass ran to the end; cancelled; failed (see error). */
  outcome: 'current' | 'done' | 'cancelled' | 'failed';
  chunks: number;
  payments: number;
  /** From the first chunk to the end, pauses included. */
  ms: number;
  /** The longest single chunk (its transaction, commit included). */
  longestChunkMs: number;
  error?: LedgerError;
}

export interface FindingsRefresh {
  /** Settles (never rejects) when the pass has ended. */
  readonly finished: Promise<FindingsRefreshResult>;
  /** Stop before the next chunk (the ledger is about to be closed or replaced). Chunks done stay done. */
  cancel(): void;
}

const MIN_CHUNK = 100;
const MAX_CHUNK = 50_000;

/** Bring the ledger's findings up to date in chunks, if they are stale. Returns at once; `finished` tells the end. */
export function refreshStaleFindings(ledger: Ledger, options: FindingsRefreshOptions = {}): FindingsRefresh {
  const targetMs = options.targetMs ?? 30;
  const gapMs = options.gapMs ?? 5;
  let cancelled = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let wake: (() => void) | null = null;
  const result: FindingsRefreshResult = { outcome: 'current', chunks: 0, payments: 0, ms: 0, longestChunkMs: 0 };

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(() => {
        timer = null;
        wake = null;
        resolve();
      }, ms);
    });

  async function loop(): Promise<FindingsRefreshResult> {
    if (!ledger.db.open || ledger.findingsState().current) return result;
    if (options.startDelayMs) await pause(options.startDelayMs);
    const started = performance.now();
    let size = Math.min(MAX_CHUNK, Math.max(1, options.firstChunk ?? 2000));
    let progress: Progress | null = null;
    try {
      for (;;) {
        if (cancelled || !ledger.db.open) {
          result.outcome = 'cancelled';
          break;
        }
        progress ??= startProgress(ledger);
        const t0 = performance.now();
        let chunk;
        try {
          chunk = ledger.refreshFindingsChunk(size, { busyTimeoutMs: options.busyTimeoutMs ?? 50 });
        } catch (err) {
          if (toLedgerError(err).code === 'busy') {
            await pause(options.busyRetryMs ?? 500);
            continue;
          }
          throw err;
        }
        const took = performance.now() - t0;
        if (chunk.done) {
          result.outcome = 'done';
          break;
        }
        result.chunks++;
        result.payments += chunk.payments;
        result.longestChunkMs = Math.max(result.longestChunkMs, took);
        if (chunk.phase === 'loose') progress.looseDone += chunk.payments;
        options.onProgress?.(progressOf(ledger, progress));
        if (!options.fixedChunk) size = Math.round(Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, size / 2, Math.min(size * 2, (size * targetMs) / Math.max(took, 1)))));
        await options.between?.();
        await pause(gapMs);
      }
    } catch (err) {
      result.outcome = 'failed';
      result.error = toLedgerError(err);
    }
    result.ms = performance.now() - started;
    return result;
  }

  const finished = loop();
  return {
    finished,
    cancel() {
      cancelled = true;
      if (timer) clearTimeout(timer);
      timer = null;
      const w = wake;
      wake = null;
      w?.();
    },
  };
}

/** How long after opening a ledger its stale findings start to be recomputed: the first page of rows goes first. */
export const FINDINGS_START_MS = 1000;

/**
 * The pass as the app's ledger host and the test bridge run it after opening a ledger: its progress goes
 * to the window as 'task.progress' (FINDINGS_TASK_ID; the status bar says the records are being checked
 * again), phase 'end' when it stops, and once done the views reload ('ledger.changed', reason 'findings')
 * to show the new findings. A failure is logged (the findings stay as they were; the next opening tries again).
 */
export function refreshFindingsAfterOpen(
  ledger: Ledger,
  emit: <E extends EventName>(event: E, payload: EventPayloads[E]) => void,
  log: (message: string) => void,
  options: FindingsRefreshOptions = {},
): FindingsRefresh {
  const pass = refreshStaleFindings(ledger, {
    startDelayMs: FINDINGS_START_MS,
    ...options,
    onProgress: (p) => {
      options.onProgress?.(p);
      emit('task.progress', { taskId: FINDINGS_TASK_ID, done: p.done, total: p.total, phase: 'findings' });
    },
  });
  void pass.finished.then((r) => {
    if (r.outcome === 'current') return;
    emit('task.progress', { taskId: FINDINGS_TASK_ID, done: r.payments, total: r.payments, phase: 'end' });
    if (r.outcome === 'done') emit('ledger.changed', { reason: 'findings' });
    if (r.outcome === 'failed') log(`规则检查结果未能按新规则重算（下次打开台账时再试）：${r.error?.message ?? ''}`);
  });
  return pass;
}

/**
 * How far a pass has come, cheaply (no count of a million payments): the people by id, each id one
 * step, then the payments without a person (few), each one step.
 */
interface Progress {
  fromPerson: number;
  lastPerson: number;
  loose: number;
  looseDone: number;
}

function startProgress(ledger: Ledger): Progress {
  const pass = ledger.findingsState().pass ?? { personId: 0, paymentId: 0 };
  const lastPerson = (ledger.db.prepare('SELECT max(person_id) FROM payments').pluck().get() as number | null) ?? 0;
  const loose = ledger.db.prepare('SELECT count(*) FROM payments WHERE person_id IS NULL AND id > ?').pluck().get(pass.paymentId) as number;
  return { fromPerson: pass.personId, lastPerson: Math.max(lastPerson, pass.personId), loose, looseDone: 0 };
}

function progressOf(ledger: Ledger, p: Progress): { done: number; total: number } {
  const person = ledger.findingsState().pass?.personId ?? p.lastPerson;
  const total = p.lastPerson - p.fromPerson + p.loose;
  return { done: Math.min(total, Math.min(person, p.lastPerson) - p.fromPerson + p.looseDone), total };
}
