/**
 * The one door between renderer and core: channel → request schema (zod,
 * validated at runtime in the main process and the test bridge) → response type,
 * plus the events the core pushes. The renderer's api client, the preload, the
 * main process and the bridge are all typed from this file; a channel without a
 * handler, or a handler without a channel, does not compile.
 */
import { z } from 'zod';
import { CODE_LIST_NAMES, PAYMENT_STATUSES } from './domain/codes.ts';
import type { FormSheet } from './forms/layout.ts';
import { IMPORT_FIELDS, type ImportBatchSummary, type ImportCommitResult, type ImportPreview, type ImportPreviewRow, type ImportRevertResult } from './import.ts';
import { PAYMENT_EDIT_FIELDS, PAYMENT_QUERY_FIELDS, type PaymentEditField, type PaymentRow, type PaymentTotals } from './payments.ts';
import { CHANNEL_NAMES, EVENT_NAMES } from './contractNames.ts';
import { SETTING_KEYS, type BackupRecord, type ClosedYear, type YearCloseSummary, type YearClosingRecord, type CodeValue, type HistoryState, type HistoryStep, type LedgerInfo, type PersonMatch, type PersonRecord, type ProgramSummary, type Settings } from './records.ts';
import type { ApprovalResult, DashboardData, HouseholdDetail, ModelWorkerRow, PeoplePage, PersonRow, ProgramRecord, RoundPreview, RoundResult, UnitRecord } from './registers.ts';
import * as R from './registerSchemas.ts';

// ——— request schemas ———

const Id = z.number().int().positive();
const Year = z.number().int().min(1900).max(2199);
const ShortText = z.string().max(200);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const TextFilter = z.strictObject({
  type: z.literal('text'),
  op: z.enum(['contains', 'equals', 'notEqual', 'startsWith', 'endsWith', 'notContains', 'blank', 'notBlank']),
  value: ShortText.optional(),
});
const NumberFilter = z.strictObject({
  type: z.literal('number'),
  op: z.enum(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'between', 'blank', 'notBlank']),
  value: z.number().finite().optional(),
  valueTo: z.number().finite().optional(),
});
const DateFilter = z.strictObject({
  type: z.literal('date'),
  op: z.enum(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'between', 'blank', 'notBlank']),
  value: IsoDate.optional(),
  valueTo: IsoDate.optional(),
});
const SetFilter = z.strictObject({ type: z.literal('set'), values: z.array(ShortText.nullable()).max(1000) });
const FieldFilter = z.discriminatedUnion('type', [TextFilter, NumberFilter, DateFilter, SetFilter]);
const QueryField = z.enum(PAYMENT_QUERY_FIELDS);

export const PaymentQuerySchema = z.strictObject({
  year: Year.nullable().optional(),
  filters: z.partialRecord(QueryField, FieldFilter).optional(),
  search: ShortText.nullable().optional(),
  sort: z.array(z.strictObject({ field: QueryField, dir: z.enum(['asc', 'desc']) })).max(5).optional(),
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(5000).optional(),
});

/** The grid's key of an entry-row payment (EntrySlot.key). */
const EntryKey = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);
const CellValue = z.union([z.string().max(1000), z.number().finite(), z.null()]);
export const PaymentRowEditSchema = z.strictObject({
  id: Id.optional(),
  personId: Id.optional(),
  cells: z.partialRecord(z.enum(PAYMENT_EDIT_FIELDS), CellValue),
  /** A new row's key (the entry row's): sent again with the same key, it changes the payment it made instead of making another. */
  entryKey: EntryKey.optional(),
});

const PersonInputSchema = z.strictObject({
  name: z.string().min(1).max(100),
  idNumber: z.string().max(40).nullable().optional(),
  gender: z.enum(['男', '女']).nullable().optional(),
  birthDate: z.string().max(20).nullable().optional(),
  phone: z.string().max(40).nullable().optional(),
  unitId: Id.nullable().optional(),
  employmentStatus: ShortText.nullable().optional(),
  householdId: Id.nullable().optional(),
  relation: ShortText.nullable().optional(),
  note: z.string().max(2000).nullable().optional(),
});

const Empty = z.strictObject({});

const ImportField = z.enum(IMPORT_FIELDS);
const ImportOptionsSchema = z.strictObject({
  programId: Id.nullable().optional(),
  paidOn: IsoDate.nullable().optional(),
  sheets: z.record(z.string().regex(/^\d+$/), z.strictObject({
    role: z.enum(['payments', 'summary', 'empty', 'other']).optional(),
    headerRow: z.number().int().min(1).max(1_048_576).optional(),
    mapping: z.record(z.string().regex(/^[A-Z]{1,3}$/), ImportField.nullable()).optional(),
  })).optional(),
  edits: z.array(z.strictObject({ sheetIndex: z.number().int().min(0), row: z.number().int().min(1), field: ImportField, value: z.string().max(1000).nullable() })).max(100_000).optional(),
  withCells: z.boolean().optional(),
});

// ——— the channel map ———

/** A channel: its request schema, and its response type (a phantom, for the type checker only). */
function channel<Res>() {
  return <Req extends z.ZodType>(request: Req) => ({ request, response: undefined as unknown as Res });
}

export interface PaymentPage {
  rows: PaymentRow[];
  /** Rows in the view; null when a search's first page was asked for with `countLater` and more rows follow (the count comes with the totals). */
  total: number | null;
}

/** Among the payments a form counts: how many carry an error, and how many only warnings (the grid's findings). */
export interface ExportFindings {
  errorRows: number;
  warnRows: number;
}

/** An export written to the file the clerk chose (path null: the clerk cancelled the save dialog). */
export interface SavedExport {
  path: string | null;
  fileName: string;
  rows: number;
  cashFen: number;
  goodsFen: number;
  totalFen: number;
  /** The findings among the payments the form counts: written all the same, and said (ExportScreen). */
  findings: ExportFindings;
  /** What the clerk should know of the form written (the annual form: payments of 0 left out of its counts). */
  warnings?: string[];
}

export interface RollupSummary {
  imported: { file: string; officeName: string; regionCode: string; year: number; rows: number; totalFen: number; replaced: number }[];
  rows: number;
  totalFen: number;
}

export interface ApplyResponse {
  /** The command the edits were saved in (undo and redo name it in their HistoryStep). */
  commandId: number;
  /** The payments of the request's new rows, in order; a row sent again under its entryKey gives the payment it made before. */
  created: number[];
  updated: number[];
  /** The created and updated rows as the grid shows them (with their findings). */
  rows: PaymentRow[];
  /**
   * The other payments whose findings the save may have changed (the same person's, or household's, in
   * the same year, before and after the edit: a yearly total, paid twice), as the grid shows them.
   */
  related: PaymentRow[];
  /**
   * Cells not taken (badCells 'skip', a paste): the row of the request (0-based), the field and
   * why (中文). Their rows were saved without them.
   */
  skipped: { row: number; field: PaymentEditField; message: string }[];
  /** Rows of the request (0-based) left unchanged because their payment is 已发放 or 已签领 (badCells 'skip'). */
  locked: number[];
  history: HistoryState;
}

export const CONTRACT = {
  'ledger.info': channel<LedgerInfo>()(Empty),

  'payments.page': channel<PaymentPage>()(z.strictObject({ query: PaymentQuerySchema, knownTotal: z.number().int().min(0).optional(), countLater: z.boolean().optional() })),
  'payments.totals': channel<PaymentTotals>()(z.strictObject({ query: PaymentQuerySchema, households: z.boolean().optional() })),
  'payments.get': channel<PaymentRow[]>()(z.strictObject({ ids: z.array(Id).max(5000) })),
  'payments.apply': channel<ApplyResponse>()(
    z.strictObject({
      edits: z.array(PaymentRowEditSchema).min(1).max(20_000),
      defaults: z.strictObject({ programId: Id.nullable().optional(), paidOn: IsoDate.nullable().optional() }).optional(),
      source: z.enum(['keyed', 'pasted', 'filled']),
      label: ShortText.optional(),
      /** 'skip' (a paste): every row is saved, unreadable cells left out and listed in `skipped`; default 'refuse'. */
      badCells: z.enum(['refuse', 'skip']).optional(),
    }),
  ),
  'payments.delete': channel<{ deleted: number; history: HistoryState }>()(z.strictObject({ ids: z.array(Id).min(1).max(20_000) })),
  /**
   * The entry row's half-keyed entry discarded (Esc): its payment, made under `entryKey`, and the people and units its own
   * saves made that nothing else uses, in one undoable command. Refused for any other payment, or one no longer 登记.
   */
  'payments.discardEntry': channel<{ paymentId: number; people: { id: number; name: string }[]; units: { id: number; name: string }[]; commandId: number; history: HistoryState }>()(
    z.strictObject({ id: Id, entryKey: EntryKey }),
  ),
  'payments.setStatus': channel<{ changed: number; history: HistoryState }>()(z.strictObject({ ids: z.array(Id).min(1).max(20_000), status: z.enum(PAYMENT_STATUSES) })),
  'payments.reverse': channel<{ id: number; history: HistoryState }>()(z.strictObject({ id: Id, reason: z.string().min(1).max(500) })),
  'payments.nextIssue': channel<{ index: number; id: number } | null>()(
    z.strictObject({ query: PaymentQuerySchema, afterIndex: z.number().int().min(-1), severity: z.enum(['error', 'warn', 'any']) }),
  ),

  'history.state': channel<HistoryState>()(Empty),
  'history.undo': channel<HistoryStep & { history: HistoryState }>()(Empty),
  'history.redo': channel<HistoryStep & { history: HistoryState }>()(Empty),

  'people.search': channel<PersonMatch[]>()(z.strictObject({ query: ShortText, limit: z.number().int().min(1).max(100).optional() })),
  'people.create': channel<PersonRecord>()(z.strictObject({ person: PersonInputSchema })),

  'programs.list': channel<ProgramSummary[]>()(z.strictObject({ year: Year.nullable().optional(), totals: z.boolean().optional() })),
  'codes.list': channel<CodeValue[]>()(z.strictObject({ list: z.enum(CODE_LIST_NAMES).optional() })),

  'settings.get': channel<Settings>()(Empty),
  'settings.set': channel<Settings>()(z.strictObject({ values: z.partialRecord(z.enum(SETTING_KEYS), z.string().max(200)) })),

  'prefs.get': channel<{ value: unknown }>()(z.strictObject({ key: z.string().min(1).max(100) })),
  'prefs.set': channel<{ ok: true }>()(z.strictObject({ key: z.string().min(1).max(100), value: z.unknown() })),

  // ——— export, print and roll-up (issue 7) ———
  'export.roster': channel<SavedExport>()(
    z.strictObject({ programId: Id.optional(), paymentIds: z.array(Id).min(1).max(200_000).optional(), maskIds: z.boolean().optional(), filedOn: ShortText.optional() })
      .refine((r) => (r.programId === undefined) !== (r.paymentIds === undefined), { message: '请选择一个项目或一组发放记录' }),
  ),
  'export.rosterLayout': channel<FormSheet>()(
    z.strictObject({ programId: Id.optional(), paymentIds: z.array(Id).min(1).max(200_000).optional(), maskIds: z.boolean().optional(), filedOn: ShortText.optional() })
      .refine((r) => (r.programId === undefined) !== (r.paymentIds === undefined), { message: '请选择一个项目或一组发放记录' }),
  ),
  'export.annual': channel<SavedExport>()(z.strictObject({ year: Year, filedOn: ShortText.optional(), consolidated: z.boolean().optional() })),
  'export.modelWorkers': channel<SavedExport>()(z.strictObject({ year: Year, filedOn: ShortText.optional(), maskIds: z.boolean().optional() })),
  'export.filing': channel<SavedExport & { sha256: string }>()(z.strictObject({ year: Year })),
  'print.pdf': channel<{ path: string | null }>()(z.strictObject({ suggestedName: ShortText, landscape: z.boolean() })),
  'rollup.import': channel<RollupSummary>()(
    z.strictObject({ files: z.array(z.strictObject({ name: ShortText, data: z.string().max(300_000_000) })).min(1).max(200) }),
  ),

  // ——— year close and backups (issue 8) ———
  'years.summary': channel<YearCloseSummary>()(z.strictObject({ year: Year })),
  'years.list': channel<{ closed: ClosedYear[]; history: YearClosingRecord[] }>()(Empty),
  'years.close': channel<{ closedYears: number[] }>()(z.strictObject({ year: Year, reason: z.string().max(500).optional() })),
  'years.reopen': channel<{ closedYears: number[] }>()(
    z.strictObject({ year: Year, reason: z.string().trim().min(1).max(500), approver: z.string().trim().min(1).max(50) }),
  ),
  'backups.list': channel<BackupRecord[]>()(Empty),
  'backups.create': channel<BackupRecord>()(Empty),

  // ——— roster import (issue 6) ———
  /** The import screen opened: the core gets its import thread ready while the clerk picks a file. */
  'import.prepare': channel<{ ok: true }>()(Empty),
  'import.open': channel<ImportPreview>()(
    z.strictObject({ fileName: ShortText, data: z.string().max(400_000_000), taskId: ShortText, programId: Id.nullable().optional() }),
  ),
  'import.cancel': channel<{ cancelled: boolean }>()(z.strictObject({ taskId: ShortText })),
  'import.preview': channel<ImportPreview>()(z.strictObject({ sessionId: ShortText, options: ImportOptionsSchema })),
  'import.page': channel<{ total: number; rows: ImportPreviewRow[] }>()(
    z.strictObject({
      sessionId: ShortText, offset: z.number().int().min(0), limit: z.number().int().min(1).max(5000),
      status: z.enum(['ok', 'warn', 'error', 'skip']).nullable().optional(), sheetIndex: z.number().int().min(0).nullable().optional(),
    }),
  ),
  'import.commit': channel<ImportCommitResult>()(z.strictObject({ sessionId: ShortText, force: z.boolean().optional() })),
  'import.rememberMapping': channel<{ ok: true }>()(z.strictObject({ sessionId: ShortText, sheetIndex: z.number().int().min(0) })),
  'import.errorReport': channel<{ path: string | null; rows: number }>()(z.strictObject({ sessionId: ShortText })),
  /** The error report a committed batch kept (after the commit, or later from the import history). */
  'import.batchErrorReport': channel<{ path: string | null; rows: number }>()(z.strictObject({ batchId: Id })),
  'import.close': channel<{ ok: true }>()(z.strictObject({ sessionId: ShortText })),
  'import.history': channel<ImportBatchSummary[]>()(Empty),
  'import.revert': channel<ImportRevertResult>()(z.strictObject({ batchId: Id })),

  // ——— registers (issue 5) ———
  'people.page': channel<PeoplePage>()(z.strictObject({ query: R.PeopleQuerySchema })),
  'people.update': channel<{ rows: PersonRow[]; history: HistoryState }>()(
    z.strictObject({ edits: R.PersonEditsSchema, source: z.enum(['keyed', 'pasted', 'filled']), year: R.RegisterYear.nullable().optional() }),
  ),
  'units.list': channel<UnitRecord[]>()(Empty),
  'households.get': channel<HouseholdDetail>()(z.strictObject({ id: R.RegisterId })),
  'households.create': channel<{ id: number; history: HistoryState }>()(z.strictObject({ fields: R.HouseholdFieldsSchema, members: z.array(R.MemberSchema).max(100) })),
  'households.update': channel<{ detail: HouseholdDetail; history: HistoryState }>()(z.strictObject({ id: R.RegisterId, fields: R.HouseholdFieldsSchema })),
  'households.setStatus': channel<{ detail: HouseholdDetail; history: HistoryState }>()(
    z.strictObject({ id: R.RegisterId, status: R.FileStatusSchema, changedOn: R.RegisterDate, reason: z.string().max(500) }),
  ),
  'households.review': channel<{ detail: HouseholdDetail; history: HistoryState }>()(
    z.strictObject({ id: R.RegisterId, reviewedOn: R.RegisterDate, note: z.string().max(500).nullable().optional() }),
  ),
  'households.addMembers': channel<{ detail: HouseholdDetail; history: HistoryState }>()(z.strictObject({ id: R.RegisterId, members: z.array(R.MemberSchema).min(1).max(100) })),
  'households.removeMember': channel<{ detail: HouseholdDetail; history: HistoryState }>()(z.strictObject({ id: R.RegisterId, personId: R.RegisterId })),
  'households.revealAccount': channel<{ account: string | null }>()(z.strictObject({ id: R.RegisterId })),
  'modelWorkers.list': channel<ModelWorkerRow[]>()(Empty),
  'modelWorkers.create': channel<{ row: ModelWorkerRow; history: HistoryState }>()(
    z.strictObject({ personId: R.RegisterId.optional(), person: R.NewPersonSchema.optional(), fields: R.ModelWorkerFieldsSchema }),
  ),
  'modelWorkers.update': channel<{ row: ModelWorkerRow; history: HistoryState }>()(z.strictObject({ id: R.RegisterId, fields: R.ModelWorkerFieldsSchema })),
  'modelWorkers.delete': channel<{ deleted: number; history: HistoryState }>()(z.strictObject({ ids: R.IdsSchema })),
  'modelWorkers.previewRound': channel<RoundPreview>()(z.strictObject({ criteria: R.RoundCriteriaSchema })),
  'modelWorkers.generateRound': channel<RoundResult & { history: HistoryState }>()(z.strictObject({ criteria: R.RoundCriteriaSchema })),
  'programs.get': channel<ProgramRecord>()(z.strictObject({ id: R.RegisterId })),
  'programs.save': channel<{ program: ProgramRecord; history: HistoryState }>()(z.strictObject({ id: R.RegisterId.nullable(), form: R.ProgramFormSchema })),
  'programs.delete': channel<{ history: HistoryState }>()(z.strictObject({ id: R.RegisterId })),
  'codes.listUsage': channel<CodeValue[]>()(z.strictObject({ list: R.CodeListSchema.optional() })),
  'codes.add': channel<{ id: number; history: HistoryState }>()(z.strictObject({ list: R.CodeListSchema, value: z.string().min(1).max(100) })),
  'codes.retire': channel<{ history: HistoryState }>()(z.strictObject({ id: R.RegisterId, retired: z.boolean() })),
  'codes.delete': channel<{ history: HistoryState }>()(z.strictObject({ id: R.RegisterId })),
  'approval.setStatus': channel<ApprovalResult & { history: HistoryState }>()(
    z.strictObject({ ids: R.IdsSchema, status: R.PaymentStatusSchema, approver: z.string().max(100).nullable().optional() }),
  ),
  'dashboard.get': channel<DashboardData>()(z.strictObject({ year: R.RegisterYear })),
} as const;

export type Channel = keyof typeof CONTRACT;
export const CHANNELS = Object.keys(CONTRACT) as Channel[];

/** The preload's name lists must be exactly the contract's channels and events. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelNamesMatch: Same<(typeof CHANNEL_NAMES)[number], Channel> = true;
void channelNamesMatch;

/** What the renderer sends. */
export type RequestOf<C extends Channel> = z.input<(typeof CONTRACT)[C]['request']>;
/** What a handler receives, after validation. */
export type ParsedRequestOf<C extends Channel> = z.output<(typeof CONTRACT)[C]['request']>;
export type ResponseOf<C extends Channel> = (typeof CONTRACT)[C]['response'];

export type ContractErrorCode =
  | 'invalid_request'
  | 'unknown_channel'
  | 'forbidden'
  | 'no_ledger'
  | 'not_found'
  | 'invalid_input'
  | 'not_a_ledger'
  | 'newer_version'
  | 'migration_mismatch'
  | 'corrupt'
  | 'busy'
  | 'read_only'
  | 'disk_full'
  | 'locked_year'
  | 'locked_payment'
  | 'conflict'
  | 'nothing_to_undo'
  | 'nothing_to_redo'
  | 'duplicate'
  | 'file_error'
  | 'cancelled'
  | 'internal';

/** The typed error every failed call returns: a code to act on and a Chinese message to show. */
export interface ContractError {
  code: ContractErrorCode;
  message: string;
  details?: unknown;
}

export type InvokeResult<C extends Channel> = { ok: true; value: ResponseOf<C> } | { ok: false; error: ContractError };

// ——— events pushed to the renderer ———

export interface EventPayloads {
  /** Something outside this window changed the ledger (menu undo, another window, an import): reload views. */
  'ledger.changed': { reason: string };
  /** A menu item the renderer acts on (undo, redo, find, copy, paste, import, export …). */
  'menu.command': { command: MenuCommand };
  /** Progress of a long task (import parse, export). */
  'task.progress': { taskId: string; done: number; total: number; phase: string };
}
export type EventName = keyof EventPayloads;
export const EVENTS = EVENT_NAMES;
const eventNamesMatch: Same<(typeof EVENT_NAMES)[number], EventName> = true;
void eventNamesMatch;

export const MENU_COMMANDS = ['undo', 'redo', 'copy', 'paste', 'find', 'import', 'export', 'navigate:payments', 'navigate:people', 'navigate:settings'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** The object the preload (or the test bridge) puts on window.reliefLedger: the renderer's only door. */
export interface ReliefLedgerApi {
  readonly platform: 'electron' | 'web';
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<InvokeResult<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

export { API_GLOBAL } from './contractNames.ts';
