/** The ledger the window works on: opened at start, switched by 文件 → 打开/新建. */
import os from 'node:os';
import type { EventName, EventPayloads } from '../../shared/contract.ts';
import { eventChannel } from '../../shared/contractNames.ts';
import { noLedger, type LedgerHost } from '../core/api/handlers.ts';
import { refreshFindingsAfterOpen, type FindingsRefresh } from '../core/findingsRefresh.ts';
import { ImportHost } from '../core/import/host.ts';
import { Ledger } from '../core/ledger.ts';
import { getSettings } from '../core/services/settings.ts';

export interface FileSaver {
  (suggestedName: string, data: Uint8Array): Promise<string | null>;
}

export interface EventSink {
  send(channel: string, payload: unknown): void;
}

export class MainLedgerHost implements LedgerHost {
  /** The import parser's worker: bundled next to the main process as importWorker.js. */
  readonly importWorkerUrl: string;
  /** The import host thread (sessions, preview, commit): bundled as importHost.js. */
  readonly imports: ImportHost;

  /** The WAL checkpoint thread of the open ledger: bundled as checkpointWorker.js. */
  private readonly checkpointWorkerUrl: string;

  constructor(bundles: { importWorkerUrl: string; importHostUrl: string; checkpointWorkerUrl: string }) {
    this.importWorkerUrl = bundles.importWorkerUrl;
    this.checkpointWorkerUrl = bundles.checkpointWorkerUrl;
    this.imports = new ImportHost({ hostUrl: bundles.importHostUrl, parseWorkerUrl: bundles.importWorkerUrl });
  }

  /**
   * End the import host (its sessions, and a preview or commit it is running, which then
   * rolls back) and wait until its thread has closed its connection: before the ledger file
   * is replaced (restore) or another one is opened.
   */
  releaseImports(): Promise<void> {
    return this.imports.dispose();
  }

  private current: Ledger | null = null;
  /** The pass bringing the open ledger's findings up to date, if they were stale (core/findingsRefresh.ts). */
  private findings: FindingsRefresh | null = null;
  private sink: EventSink | null = null;
  private saver: FileSaver | null = null;
  private printer: ((options: { landscape: boolean }) => Promise<Uint8Array>) | null = null;

  /** printToPDF of the window, set by the main process once its window exists. */
  setPrinter(printer: (options: { landscape: boolean }) => Promise<Uint8Array>): void {
    this.printer = printer;
  }

  printToPdf(options: { landscape: boolean }): Promise<Uint8Array> {
    if (!this.printer) return Promise.reject(new Error('没有可打印的窗口'));
    return this.printer(options);
  }

  /** The native save dialog, set by the main process once its window exists. */
  setSaver(saver: FileSaver): void {
    this.saver = saver;
  }

  saveFile(suggestedName: string, data: Uint8Array): Promise<string | null> {
    if (!this.saver) return Promise.resolve(null);
    return this.saver(suggestedName, data);
  }

  ledger(): Ledger {
    return this.current ?? noLedger();
  }

  actor(): string | null {
    const fromSettings = this.current ? getSettings(this.current).clerkName : '';
    return fromSettings || os.userInfo().username || null;
  }

  /** The person at this computer, whose view state is theirs (not the 经办人 setting, which every user of the ledger shares). */
  viewer(): string | null {
    return os.userInfo().username || null;
  }

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    this.sink?.send(eventChannel(event), payload);
  }

  attach(sink: EventSink | null): void {
    this.sink = sink;
  }

  /** Open (or create) a ledger file; the previous one is closed only when the new one opened. */
  open(path: string): Ledger {
    const next = Ledger.open(path);
    try {
      // The clerk's edits never wait for a WAL checkpoint: a thread of its own takes them.
      next.useBackgroundCheckpoints({ workerUrl: this.checkpointWorkerUrl, onFallback: (m) => console.error(m) });
    } catch (err) {
      next.close();
      throw err;
    }
    this.findings?.cancel();
    this.current?.close();
    this.current = next;
    this.emit('ledger.changed', { reason: 'opened' });
    // Findings stored under older rules are brought up to date in short chunks between the clerk's calls.
    this.findings = refreshFindingsAfterOpen(next, (event, payload) => this.emit(event, payload), (m) => console.error(m));
    return next;
  }

  close(): void {
    this.findings?.cancel();
    this.findings = null;
    this.current?.close();
    this.current = null;
  }

  /** The open ledger's file, if one is open. */
  currentPath(): string | null {
    return this.current?.path ?? null;
  }
}
