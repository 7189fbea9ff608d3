/**
 * Ledger: one open ledger file. Reads go through `db` and cached statements;
 * every write goes through `run`, which opens one transaction, records one
 * command, hands a Tx to the service, recomputes the rule findings the write
 * affected, and commits — or rolls everything back.
 */
import type { Statement } from 'better-sqlite3';
import { RULES_VERSION } from '../../shared/domain/rules.ts';
import { LedgerError, toLedgerError } from './errors.ts';
import { IssueEngine } from './issues.ts';
import { openDatabase, type OpenDatabaseOptions, type SqliteDatabase } from './db/open.ts';
import { corruptLedgerError } from './backups.ts';
import { Tx } from './db/writer.ts';
import { BackgroundCheckpoints, type BackgroundCheckpointOptions } from './db/checkpoints.ts';

/** A command that writes this many rows refreshes the query planner's statistics. */
const BULK_ROWS = 5000;

export type ChangeSource =
  | 'keyed'
  | 'pasted'
  | 'filled'
  | 'imported'
  | 'generated'
  | 'reverted'
  | 'undo'
  | 'redo'
  | 'cli'
  | 'system';

export interface CommandInfo {
  /** Machine name, e.g. 'payment.update'. */
  kind: string;
  /** What the clerk did, in Chinese, e.g. 修改金额 (shown in 撤销/重做). */
  label: string;
  source: ChangeSource;
  actor?: string | null;
  batchId?: number | null;
  /** Whether Ctrl+Z may undo it (imports and year close are reverted by their own action). Default true. */
  undoable?: boolean;
  /** For undo/redo commands: the command undone or redone. */
  targetId?: number | null;
  /**
   * A command that wrote nothing (a cell sent again with the value the ledger already holds) leaves no
   * command behind: no empty step for Ctrl+Z, and the redo chain is kept. For the grid's edits.
   */
  dropIfNothingWritten?: boolean;
}

export interface OpenLedgerOptions extends OpenDatabaseOptions {
  actor?: string | null;
}

/** Whether the stored findings are those of this program's rules (table findings_state, migration 6). */
export interface FindingsState {
  /** The rules version (RULES_VERSION) the stored findings were computed with; 0: not known (a ledger from before). */
  rulesVersion: number;
  /** They are this program's: nothing to recompute. */
  current: boolean;
  /** A pass towards this program's version under way: the people (by id) and the payments without a person (by id) done. */
  pass: { personId: number; paymentId: number } | null;
}

/** One chunk of the pass that brings stale findings up to date (Ledger.refreshFindingsChunk). */
export interface FindingsChunk {
  /** The findings are current now (this chunk was the last, or there was nothing to do). */
  done: boolean;
  /** Payments whose findings this chunk recomputed. */
  payments: number;
  /** What the chunk went through: people (by id), or payments without a person (by id); none when done. */
  phase: 'people' | 'loose' | null;
}

export class Ledger {
  readonly db: SqliteDatabase;
  readonly path: string;
  readonly fromVersion: number;
  readonly schemaVersion: number;
  readonly migrationBackup: string | null;
  /** Who is working: stamped on every command. */
  actor: string | null;
  private readonly statements = new Map<string, Statement>();
  private readonly issues: IssueEngine;
  private inCommand = false;
  private readonly clock: () => Date;
  private lastAt = '';
  /**
   * When set, the planner statistics a bulk command leaves stale are not refreshed before its
   * COMMIT but noted, for refreshPendingStatistics() to do afterwards (the import host: after it
   * has answered, ~0.1 s the clerk no longer waits for). Until then the planner plans from the
   * old figures; nothing else depends on them.
   */
  statisticsAfterCommit = false;
  private readonly pendingStatistics = new Set<string>();
  /** The thread that checkpoints the WAL for this connection, when the host asked for one. */
  private checkpoints: BackgroundCheckpoints | null = null;
  /** Whether the file has findings_state (a ledger built by a test at an older version has not). */
  private readonly hasFindingsState: boolean;
  /**
   * Transactions of this connection that changed derived data without a command (the findings
   * brought up to date): part of changeStamp, whose other parts they leave as they were.
   */
  private derivedWrites = 0;

  private constructor(path: string, opened: ReturnType<typeof openDatabase>, options: OpenLedgerOptions) {
    this.db = opened.db;
    this.path = path;
    this.fromVersion = opened.fromVersion;
    this.schemaVersion = opened.toVersion;
    this.migrationBackup = opened.backupPath;
    this.actor = options.actor ?? null;
    this.clock = options.now ?? (() => new Date());
    this.issues = new IssueEngine(this.db, (sql) => this.stmt(sql));
    this.hasFindingsState = this.db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'findings_state'").pluck().get() === 1;
    if (this.hasFindingsState) this.claimFindingsState(opened.fromVersion === 0);
  }

  /** Open (creating or migrating as needed). A damaged file throws 'corrupt' naming the latest good backup. */
  static open(path: string, options: OpenLedgerOptions = {}): Ledger {
    let opened: ReturnType<typeof openDatabase>;
    try {
      opened = openDatabase(path, options);
    } catch (err) {
      if (err instanceof LedgerError && err.code === 'corrupt') throw corruptLedgerError(path, '不是帮扶台账文件或已损坏');
      throw err;
    }
    return new Ledger(path, opened, options);
  }

  /**
   * Changes when the ledger's data may have changed: every write here is a command, and another
   * connection's commit changes data_version. Caches of reads (dashboard, a held search) key on it.
   */
  changeStamp(): string {
    return `${this.stmt('SELECT max(id) FROM commands').pluck().get() as number | null}:${this.db.pragma('data_version', { simple: true }) as number}:${this.derivedWrites}`;
  }

  /** A prepared statement, cached for the life of the connection. */
  stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** A strictly increasing ISO timestamp, so that commands order even within one millisecond. */
  private nextTimestamp(): string {
    let at = this.clock().toISOString();
    if (at <= this.lastAt) at = new Date(Date.parse(this.lastAt) + 1).toISOString();
    this.lastAt = at;
    return at;
  }

  /** Run one write command in one transaction. */
  run<T>(info: CommandInfo, fn: (tx: Tx) => T): T {
    if (this.inCommand) throw new LedgerError('internal', '写入命令不能嵌套');
    this.inCommand = true;
    try {
      const body = this.db.transaction(() => {
        const at = this.nextTimestamp();
        const undoable = info.undoable ?? true;
        const isHistory = info.source === 'undo' || info.source === 'redo';
        const res = this.stmt(
          'INSERT INTO commands (at, actor, source, kind, label, batch_id, undoable, target_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        ).run(at, info.actor ?? this.actor, info.source, info.kind, info.label, info.batchId ?? null, undoable && !isHistory ? 1 : 0, info.targetId ?? null);
        const tx = new Tx(this.db, (sql) => this.stmt(sql), Number(res.lastInsertRowid), at);
        try {
          const result = fn(tx);
          if (info.dropIfNothingWritten && tx.rowsWritten === 0) {
            this.stmt('DELETE FROM commands WHERE id = ?').run(tx.commandId);
            tx.dropped = true;
          } else if (!isHistory) {
            // A new change ends the redo chain.
            this.stmt("UPDATE commands SET state = 'discarded' WHERE state = 'undone' AND id <> ?").run(tx.commandId);
          }
          this.issues.recompute(tx.touched);
          if (tx.rowsWritten >= BULK_ROWS) {
            const stale = this.staleTables(tx.writtenByTable);
            if (this.statisticsAfterCommit) for (const t of stale) this.pendingStatistics.add(t);
            else if (stale.length > 0) this.analyse(stale);
          }
          return result;
        } finally {
          // A bulk load's smaller page cache lasts until here: the findings and statistics read what it wrote without filling 64 MB.
          tx.restoreCache();
        }
      });
      const result = body.immediate();
      this.checkpoints?.wrote();
      return result;
    } catch (err) {
      throw toLedgerError(err);
    } finally {
      this.inCommand = false;
    }
  }

  /**
   * After bulk work the planner's statistics may be stale: a table that a command changed by at
   * least a tenth of its rows (or that was never analysed) is analysed again, exactly (the grid's
   * queries choose their plans from them), the findings with the payments. Analysing every table
   * each time cost ~1.5 s at 1,000,000 payments for a 5,000-row roster, whose rows do not move them.
   * These are the tables to analyse after a command that wrote `written` rows by table.
   */
  private staleTables(written: ReadonlyMap<string, number>): string[] {
    const stale: string[] = [];
    for (const [table, rows] of written) {
      // The table's row count when last analysed: the first figure of its sqlite_stat1 rows (the
      // largest: a partial index's row counts only the rows it holds).
      let analysed: number | null = null;
      try {
        analysed = this.db.prepare('SELECT max(CAST(stat AS INTEGER)) FROM sqlite_stat1 WHERE tbl = ?').pluck().get(table) as number | null;
      } catch {
        // No sqlite_stat1 yet: nothing has been analysed.
      }
      if (analysed === null || rows * 10 >= analysed) stale.push(table);
    }
    // The findings follow the payments (the issue engine writes them, not the command's Tx).
    if (stale.includes('payments')) stale.push('payment_issues');
    return stale;
  }

  private analyse(tables: Iterable<string>): void {
    this.db.pragma('analysis_limit = 0');
    for (const table of tables) this.db.exec(`ANALYZE "${table.replace(/"/g, '""')}"`);
    this.db.pragma('analysis_limit = 1000');
  }

  /**
   * Analyse now the tables that bulk commands left stale while `statisticsAfterCommit` was set
   * (their own transaction, after theirs). Returns the tables analysed.
   */
  refreshPendingStatistics(): string[] {
    const tables = [...this.pendingStatistics];
    if (tables.length === 0) return tables;
    this.db.transaction(() => this.analyse(tables)).immediate();
    this.checkpoints?.wrote();
    this.pendingStatistics.clear();
    return tables;
  }

  /** Recompute every payment's findings (after a repair), in one transaction; they are then current. */
  recomputeAllIssues(): void {
    this.db.transaction(() => {
      const t = new Tx(this.db, (sql) => this.stmt(sql), 0, this.nextTimestamp());
      t.touched.all = true;
      this.issues.recompute(t.touched);
      if (this.hasFindingsState) this.stmt('UPDATE findings_state SET rules_version = ?, pass_version = NULL, pass_person_id = NULL, pass_payment_id = NULL').run(RULES_VERSION);
    }).immediate();
    this.derivedWrites++;
    this.checkpoints?.wrote();
  }

  /**
   * At open: a new ledger has no findings, so they are current. Otherwise this connection may write
   * findings under this program's rules (every write recomputes those it affects), so a claim that
   * holds only under other rules is withdrawn: a version recorded by a program with other rules becomes
   * 0 (unknown; that program recomputes everything when it next opens the ledger, as this one does now),
   * and a pass towards other rules is dropped (its done ranges may get findings of ours). Nothing is
   * written when the state is ours already. A file that cannot be written now (read-only, another
   * writer) is left as it is.
   */
  private claimFindingsState(created: boolean): void {
    const row = this.stmt('SELECT rules_version, pass_version FROM findings_state').get() as { rules_version: number; pass_version: number | null } | undefined;
    const rulesVersion = created ? RULES_VERSION : row && (row.rules_version === RULES_VERSION || row.rules_version === 0) ? row.rules_version : 0;
    const passVersion = row?.pass_version === RULES_VERSION ? RULES_VERSION : null;
    if (row && row.rules_version === rulesVersion && row.pass_version === passVersion) return;
    try {
      this.db.transaction(() => {
        this.db.prepare('INSERT OR IGNORE INTO findings_state (id, rules_version) VALUES (1, 0)').run();
        if (passVersion === null) this.db.prepare('UPDATE findings_state SET pass_version = NULL, pass_person_id = NULL, pass_payment_id = NULL').run();
        this.db.prepare('UPDATE findings_state SET rules_version = ?').run(rulesVersion);
      }).immediate();
    } catch (err) {
      const code = toLedgerError(err).code;
      if (code !== 'read_only' && code !== 'busy') throw toLedgerError(err);
    }
  }

  /** Whether the stored findings are current, and how far a pass bringing them up to date has come. */
  findingsState(): FindingsState {
    if (!this.hasFindingsState) return { rulesVersion: RULES_VERSION, current: true, pass: null };
    const row = this.stmt('SELECT rules_version, pass_version, pass_person_id, pass_payment_id FROM findings_state').get() as
      | { rules_version: number; pass_version: number | null; pass_person_id: number | null; pass_payment_id: number | null }
      | undefined;
    if (!row) return { rulesVersion: 0, current: false, pass: null };
    const current = row.rules_version === RULES_VERSION;
    return {
      rulesVersion: row.rules_version,
      current,
      pass: !current && row.pass_version === RULES_VERSION ? { personId: row.pass_person_id ?? 0, paymentId: row.pass_payment_id ?? 0 } : null,
    };
  }

  /**
   * One chunk of the pass that brings stale findings up to date, in a short transaction of its own:
   * the findings of every payment of the next people in id order (about `maxPayments` payments, a
   * person's payments never split, with their household members' in the same years), then of the
   * payments without a person, by id. The cursor is stored with the findings, so a pass cut short
   * resumes; the version is recorded by the chunk that finds nothing left. Between chunks the clerk's
   * writes go on as ever: each recomputes the findings it affects under these same rules, so a range
   * done stays right and a range not yet done is done again. The chunks evaluate as the incremental
   * recompute does (IssueEngine.recomputePeople): the findings end as a full recompute stores them.
   *
   * Like recomputeAllIssues it writes no command and no audit rows: findings are derived data,
   * rebuilt from the audited tables and the rules whenever asked; recording their recomputation would
   * fill the history (undo) with steps that change nothing of the ledger, and `check` compares only
   * the audited tables.
   *
   * `busyTimeoutMs`: how long to wait for another connection's write (the import host's commit)
   * before giving up with 'busy' (the caller tries again later); default: the connection's own.
   */
  refreshFindingsChunk(maxPayments: number, options: { busyTimeoutMs?: number } = {}): FindingsChunk {
    if (this.inCommand) throw new LedgerError('internal', '写入命令不能嵌套');
    if (!this.hasFindingsState || this.findingsState().current) return { done: true, payments: 0, phase: null };
    const limit = Math.max(1, Math.floor(maxPayments));
    const body = this.db.transaction((): FindingsChunk => {
      const state = this.findingsState();
      if (state.current) return { done: true, payments: 0, phase: null };
      const cursor = state.pass ?? { personId: 0, paymentId: 0 };
      if (!state.pass) this.stmt('UPDATE findings_state SET pass_version = ?, pass_person_id = 0, pass_payment_id = 0').run(RULES_VERSION);
      // The next chunk's last key after `after` (people by id: about `limit` payments, up to the person at that
      // offset; then the payments without a person, by id), or null when none is left there.
      const chunkEnd = (key: 'person_id' | 'id', where: string, after: number): number | null => {
        const next = `SELECT ${key} FROM payments WHERE ${where}${key} > ? ORDER BY ${key} LIMIT 1`;
        if (this.stmt(next).pluck().get(after) === undefined) return null;
        return (this.stmt(`${next} OFFSET ?`).pluck().get(after, limit - 1) as number | undefined)
          ?? (this.stmt(`SELECT max(${key}) FROM payments WHERE ${where}${key} > ?`).pluck().get(after) as number);
      };
      const lastPerson = chunkEnd('person_id', '', cursor.personId);
      if (lastPerson !== null) {
        const payments = this.issues.recomputePeople(cursor.personId, lastPerson);
        this.stmt('UPDATE findings_state SET pass_person_id = ?').run(lastPerson);
        return { done: false, payments, phase: 'people' };
      }
      const lastLoose = chunkEnd('id', 'person_id IS NULL AND ', cursor.paymentId);
      if (lastLoose !== null) {
        const payments = this.issues.recomputeLoose(cursor.paymentId, lastLoose);
        this.stmt('UPDATE findings_state SET pass_payment_id = ?').run(lastLoose);
        return { done: false, payments, phase: 'loose' };
      }
      // Nothing left beyond either cursor, in this same transaction: every payment's findings are current.
      this.stmt('UPDATE findings_state SET rules_version = ?, pass_version = NULL, pass_person_id = NULL, pass_payment_id = NULL').run(RULES_VERSION);
      return { done: true, payments: 0, phase: null };
    });
    const timeout = this.db.pragma('busy_timeout', { simple: true }) as number;
    const synchronous = this.db.pragma('synchronous', { simple: true }) as number;
    this.inCommand = true;
    try {
      if (options.busyTimeoutMs !== undefined) this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
      // Its commit does not wait for the disk (fsync: up to ~0.2 s on a busy disk, longer than the chunk's
      // work). A crash may lose the last chunks, never half of one: their findings and the cursor go back
      // together, and are done again. The clerk's next commit (synchronous FULL) makes them durable too.
      // (Set inside the try: should a pragma throw, inCommand is still put back, or every later write would be refused.)
      this.db.pragma('synchronous = NORMAL');
      const result = body.immediate();
      this.derivedWrites++;
      this.checkpoints?.wrote();
      return result;
    } catch (err) {
      throw toLedgerError(err);
    } finally {
      this.db.pragma(`synchronous = ${synchronous}`);
      if (options.busyTimeoutMs !== undefined) this.db.pragma(`busy_timeout = ${timeout}`);
      this.inCommand = false;
    }
  }

  /** A consistent read of several queries. */
  read<T>(fn: () => T): T {
    return this.db.transaction(fn).deferred();
  }

  /**
   * Take the WAL's checkpoints in a thread of their own from now on (db/checkpoints.ts), so that
   * no commit of this connection pays for one: the app and the test bridge, whose clerk waits on
   * every edit. The CLI and the tests keep SQLite's own. Returns the thread's handle.
   */
  useBackgroundCheckpoints(options: BackgroundCheckpointOptions = {}): BackgroundCheckpoints {
    this.checkpoints?.stop();
    this.checkpoints = new BackgroundCheckpoints(this.path, (pages) => {
      if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${pages}`);
    }, options);
    return this.checkpoints;
  }

  close(): void {
    // The checkpoint thread closes its connection first; the TRUNCATE below then empties the WAL. (If
    // it could not within its wait, a restore's exclusive lock refuses to replace the file meanwhile.)
    this.checkpoints?.stop();
    this.checkpoints = null;
    if (this.db.open) {
      try {
        this.db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        /* another connection holds the file: its checkpoint will do */
      }
      this.db.close();
    }
  }
}
