/**
 * The handler table: one function per contract channel, over the core. The
 * Electron main process and the browser test bridge both dispatch to this very
 * table. Its type is derived from the contract: a channel without a handler, or
 * a handler without a channel, does not compile.
 */
import type { ImportHost } from '../import/host.ts';
import type { Channel, EventName, EventPayloads, ParsedRequestOf, ResponseOf } from '../../../shared/contract.ts';
import { historyState, redo, undo } from '../history.ts';
import type { Ledger } from '../ledger.ts';
import { ledgerInfo } from '../queries/info.ts';
import { getPaymentRows, nextIssue, paymentTotals, firstPageOfSearch, paymentsSharingFindings, personYearsOf, queryPayments } from '../queries/payments.ts';
import { listCodes } from '../services/codeLists.ts';
import { createPerson, getPerson, searchPeople } from '../services/people.ts';
import { discardEntry } from '../services/entries.ts';
import { applyPaymentEdits, deletePayments, reversePayment, setPaymentStatus } from '../services/payments.ts';
import { getPref, setPref } from '../services/prefs.ts';
import { listPrograms } from '../services/programs.ts';
import { getSettings, setSettings } from '../services/settings.ts';
import { PAYMENT_FIELD_LABELS } from '../../../shared/payments.ts';
import { LedgerError } from '../errors.ts';
import { exportHandlers, type ExportChannel } from './exportHandlers.ts';
import { safetyHandlers, type SafetyChannel } from './safetyHandlers.ts';
import { importHandlers, type ImportChannel } from './importHandlers.ts';
import { registerHandlers, type RegisterChannel } from './registerHandlers.ts';

/** What a handler may use: the open ledger, who is working, and a way to push events. */
export interface LedgerHost {
  /** The open ledger; throws LedgerError('no_ledger'…) when none is open. */
  ledger(): Ledger;
  /** The clerk's name, stamped on every command. */
  actor(): string | null;
  /**
   * Whose view state (grid columns, sort, filters, language) a request reads and writes: the person at
   * this computer (the app: the OS user; the 经办人 setting is the ledger's, shared by everyone who opens
   * it). Absent: the actor.
   */
  viewer?(): string | null;
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
  /**
   * Save a file the clerk asked for (an exported form, a PDF): the app shows a native save
   * dialog; the test bridge writes into its downloads folder. Returns the path, or null when
   * the clerk cancelled.
   */
  saveFile(suggestedName: string, data: Uint8Array): Promise<string | null>;
  /** Print the window's current page to PDF (the app); absent in the test bridge, where the browser prints. */
  printToPdf?(options: { landscape: boolean }): Promise<Uint8Array>;
  /** The import parser's worker script (the packaged app's bundled copy); default: the module itself. */
  importWorkerUrl?: string;
  /**
   * The thread that holds import sessions and previews and commits them (import/host.ts); a host
   * that replaces or closes its ledger file ends it first (ImportHost.dispose). Default: one per
   * host, made when first needed.
   */
  imports?: ImportHost;
}

export type CoreHandlers = {
  [C in Channel]: (request: ParsedRequestOf<C>, host: LedgerHost) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

function labelForEdit(source: 'keyed' | 'pasted' | 'filled', fields: string[], rows: number, created: boolean): string {
  if (source === 'pasted') return `粘贴 ${rows} 行`;
  if (source === 'filled') return `向下填充 ${rows} 行`;
  if (created) return '新增发放记录';
  const names = fields.map((f) => PAYMENT_FIELD_LABELS[f as keyof typeof PAYMENT_FIELD_LABELS] ?? f);
  return `修改${names.join('、')}`;
}

/** Handlers of a subset of the channels (each screen's area keeps its own map; the union is checked below). */
export type HandlersFor<K extends Channel> = Pick<CoreHandlers, K>;

const ledgerHandlers: HandlersFor<Exclude<Channel, ExportChannel | SafetyChannel | ImportChannel | RegisterChannel>> = {
  'ledger.info': (_req, host) => ledgerInfo(host.ledger(), { totals: false, counts: false }),

  'payments.page': (req, host) => (req.countLater ? firstPageOfSearch(host.ledger(), req.query) : null) ?? queryPayments(host.ledger(), req.query, req.knownTotal),
  'payments.totals': (req, host) => paymentTotals(host.ledger(), req.query, { households: req.households ?? false }),
  'payments.get': (req, host) => getPaymentRows(host.ledger(), req.ids),
  'payments.apply': (req, host) => {
    const ledger = host.ledger();
    const fields = [...new Set(req.edits.flatMap((e) => Object.keys(e.cells)))];
    const label = req.label ?? labelForEdit(req.source, fields, req.edits.length, req.edits.every((e) => e.id === undefined));
    const command: { tx?: { commandId: number; dropped: boolean } } = {};
    // Where the edited payments were (their person and year), whose other payments' findings change with them.
    const before = personYearsOf(ledger, req.edits.flatMap((e) => (e.id === undefined ? [] : [e.id])));
    const result = ledger.run({ kind: `payments.${req.source}`, label, source: req.source, actor: host.actor(), dropIfNothingWritten: true }, (tx) => {
      command.tx = tx;
      return applyPaymentEdits(tx, req.edits, req.defaults ?? {}, host.actor(), { badCells: req.badCells ?? 'refuse' });
    });
    // A save that changed nothing (sent again after its answer was lost) left no command: it has no id.
    const commandId = command.tx && !command.tx.dropped ? command.tx.commandId : 0;
    const saved = [...result.created, ...result.updated];
    const rows = getPaymentRows(ledger, saved);
    const after = rows.map((r) => ({ personId: r.personId, year: r.paidOn.slice(0, 4) }));
    const related = commandId === 0 ? [] : getPaymentRows(ledger, paymentsSharingFindings(ledger, [...before, ...after], saved));
    return { ...result, commandId, rows, related, history: historyState(ledger) };
  },
  'payments.delete': (req, host) => {
    const ledger = host.ledger();
    const deleted = ledger.run({ kind: 'payments.delete', label: `删除 ${req.ids.length} 行`, source: 'keyed', actor: host.actor() }, (tx) => deletePayments(tx, req.ids));
    return { deleted, history: historyState(ledger) };
  },
  'payments.discardEntry': (req, host) => {
    const ledger = host.ledger();
    return { ...discardEntry(ledger, req.id, req.entryKey, host.actor()), history: historyState(ledger) };
  },
  'payments.setStatus': (req, host) => {
    const ledger = host.ledger();
    const changed = ledger.run({ kind: 'payments.status', label: `${req.status} ${req.ids.length} 行`, source: 'keyed', actor: host.actor() }, (tx) =>
      setPaymentStatus(tx, req.ids, req.status, host.actor()),
    );
    return { changed, history: historyState(ledger) };
  },
  'payments.reverse': (req, host) => {
    const ledger = host.ledger();
    const id = ledger.run({ kind: 'payments.reverse', label: '冲正 1 行', source: 'keyed', actor: host.actor() }, (tx) => reversePayment(tx, req.id, req.reason, host.actor()));
    return { id, history: historyState(ledger) };
  },
  'payments.nextIssue': (req, host) => nextIssue(host.ledger(), req.query, req.afterIndex, req.severity),

  'history.state': (_req, host) => historyState(host.ledger()),
  'history.undo': (_req, host) => {
    const step = undo(host.ledger(), host.actor());
    return { ...step, history: historyState(host.ledger()) };
  },
  'history.redo': (_req, host) => {
    const step = redo(host.ledger(), host.actor());
    return { ...step, history: historyState(host.ledger()) };
  },

  'people.search': (req, host) => searchPeople(host.ledger(), req.query, req.limit ?? 20),
  'people.create': (req, host) => {
    const ledger = host.ledger();
    const id = ledger.run({ kind: 'person.create', label: `新建人员 ${req.person.name}`, source: 'keyed', actor: host.actor() }, (tx) => createPerson(tx, req.person));
    return getPerson(ledger, id);
  },

  'programs.list': (req, host) => listPrograms(host.ledger(), req.year ?? undefined, req.totals ?? true),
  'codes.list': (req, host) => listCodes(host.ledger(), req.list),

  'settings.get': (_req, host) => getSettings(host.ledger()),
  'settings.set': (req, host) => {
    const ledger = host.ledger();
    ledger.run({ kind: 'settings.set', label: '修改设置', source: 'keyed', actor: host.actor() }, (tx) => setSettings(tx, req.values));
    return getSettings(ledger);
  },

  // Per user: the person at this computer (LedgerHost.viewer), else the clerk the audit log names.
  'prefs.get': (req, host) => ({ value: getPref(host.ledger(), req.key, host.viewer?.() ?? host.actor()) }),
  'prefs.set': (req, host) => {
    setPref(host.ledger(), req.key, req.value, host.viewer?.() ?? host.actor());
    return { ok: true as const };
  },
};

/**
 * The whole table: every area's map. The type requires every channel; tests/shell/contract.test.ts
 * checks at run time that there is exactly one handler per channel and nothing else.
 */
export const coreHandlers: CoreHandlers = { ...ledgerHandlers, ...exportHandlers, ...safetyHandlers, ...importHandlers, ...registerHandlers };

export function noLedger(): never {
  throw new LedgerError('no_ledger', '没有打开的台账：请从“文件”菜单新建或打开台账');
}
