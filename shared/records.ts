/**
 * Records the core returns and the renderer shows: the response types of the
 * contract. Plain data (JSON-serialisable), no behaviour.
 */
import type { CodeListName } from './domain/codes.ts';
import type { ProgramRule } from './domain/rules.ts';

/** A person the lookup lists; `exact`: the whole name (in either script) or the whole ID was typed. */
export type PersonMatch = PersonRecord & { exact: boolean };

export interface PersonRecord {
  id: number;
  name: string;
  gender: '男' | '女' | null;
  idNumber: string | null;
  birthDate: string | null;
  phone: string | null;
  unitId: number | null;
  unitName: string | null;
  employmentStatus: string | null;
  householdId: number | null;
  relation: string | null;
  note: string | null;
}

export interface ProgramSummary {
  id: number;
  code: string;
  name: string;
  year: number;
  kind: string;
  raisedFen: number;
  paidCashFen: number;
  paidGoodsFen: number;
  paymentCount: number;
}

export interface FundRecord {
  id: number;
  source: string;
  amountFen: number;
  receivedOn: string | null;
  note: string | null;
}

export interface StandardRecord {
  id: number;
  recipientKind: string;
  cashFen: number;
  goodsFen: number;
  goodsDesc: string | null;
}

export interface ProgramRecord {
  id: number;
  code: string;
  name: string;
  year: number;
  kind: string;
  startsOn: string | null;
  endsOn: string | null;
  note: string | null;
  rules: ProgramRule[];
  funds: FundRecord[];
  standards: StandardRecord[];
  raisedFen: number;
  paidCashFen: number;
  paidGoodsFen: number;
  paymentCount: number;
}

export interface CodeValue {
  id: number;
  list: CodeListName;
  value: string;
  sortOrder: number;
  retired: boolean;
  /** Rows that use the value (a used value can only be retired). */
  usage: number;
}

export const SETTING_KEYS = ['officeName', 'regionCode', 'clerkName', 'approverName', 'leaderName', 'capitalScript'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];
export type Settings = Record<SettingKey, string>;

export interface LedgerInfo {
  path: string;
  schemaVersion: number;
  /** Rows per table; null when not asked for (the app does not show them; after a restart, counting a million payments reads ~0.3 s from disk). */
  counts: Record<'units' | 'households' | 'people' | 'modelWorkers' | 'programs' | 'payments' | 'importBatches' | 'auditRows' | 'commands', number> | null;
  /** Σ of every payment; null when not asked for (the app does not show it, and it reads every payment: ~0.15 s at 1,000,000). */
  totals: { cashFen: number; goodsFen: number; totalFen: number } | null;
  years: number[];
  /** Years closed (年度结账): their payments are read-only. */
  closedYears: number[];
  settings: Settings;
}

export interface HistoryState {
  undoLabel: string | null;
  redoLabel: string | null;
}

export interface HistoryStep {
  /** The command that was undone or redone. */
  commandId: number;
  label: string;
  kind: string;
  /** Payment rows the step touched (for the grid to refresh and focus). */
  paymentIds: number[];
}

export interface ClosedYear {
  year: number;
  /** Who closed it. */
  closedBy: string;
  /** When (ISO timestamp of the closing command). */
  closedAt: string;
  reason: string | null;
}

export interface YearClosingRecord extends ClosedYear {
  id: number;
  reopenedAt: string | null;
  reopenedBy: string | null;
  reopenReason: string | null;
  reopenApprover: string | null;
}

/** What a year holds, for the confirmation before closing it. */
export interface YearCloseSummary {
  year: number;
  closed: boolean;
  payments: number;
  cashFen: number;
  goodsFen: number;
  /** Payments not yet 已发放/已签领 (still 登记 or 已审核). */
  unsettled: number;
  /** Payments with an error finding. */
  withErrors: number;
}

/** A backup in the backups folder next to the ledger. */
export interface BackupRecord {
  file: string;
  /** Why it was taken: daily, monthly, startup, migration, import, revert, restore, manual (the UI names it in its language). */
  kind: 'daily' | 'monthly' | 'startup' | 'migration' | 'import' | 'revert' | 'restore' | 'manual';
  /** 每日, 每月, 启动, 迁移前, 导入前, 撤销导入前, 恢复前, 手动. */
  kindLabel: string;
  at: string;
  bytes: number;
  schemaVersion: number | null;
}
