/**
 * The registers (人员档案 / 一户一档, 劳模, 项目, 代码表) and the dashboard as the
 * renderer and the core both see them: field lists for the people grid's query,
 * the records the core returns, and the inputs of the forms. Plain data.
 */
import type { FileStatus, PaymentStatus } from './domain/codes.ts';
import type { RuleKind, RuleScope, Severity } from './domain/rules.ts';
import type { DateFilter, PaymentIssueView, PaymentQuery, PaymentRow, SetFilter, TextFilter } from './payments.ts';
import type { CodeValue, ProgramRecord } from './records.ts';

// ——— people and households ———

/**
 * The built-in queries of the people register, as the national hardship-file system's users
 * know them: 在档 files, files not updated for a year, filed but never helped, helped this year,
 * and files that left (脱困/注销). "By ID number" is the search box; "by township/unit" the unit filter.
 */
export const PEOPLE_VIEWS = ['all', 'inFile', 'stale', 'neverHelped', 'helpedThisYear', 'leftFile'] as const;
export type PeopleView = (typeof PEOPLE_VIEWS)[number];

/** Columns of the people grid that sort and filter in SQLite (a whitelist). */
export const PEOPLE_QUERY_FIELDS = [
  'name', 'idNumber', 'gender', 'birthDate', 'phone', 'unitName', 'employmentStatus', 'relation', 'note',
  'fileNo', 'fileStatus', 'hardshipLevel', 'primaryCause', 'fileUpdatedOn',
] as const;
export type PeopleQueryField = (typeof PEOPLE_QUERY_FIELDS)[number];

/** Cells of a person the grid can edit. */
export const PERSON_EDIT_FIELDS = ['name', 'idNumber', 'gender', 'birthDate', 'phone', 'unitName', 'employmentStatus', 'relation', 'note'] as const;
export type PersonEditField = (typeof PERSON_EDIT_FIELDS)[number];

/** A column filter of the people grid. */
export type PeopleFilter = TextFilter | SetFilter | DateFilter;

export interface PeopleQuery {
  view?: PeopleView;
  /** The year of 本年度已救助 (default: the current year). */
  year?: number | null;
  /** A township union or unit: its people and those of the units under it. */
  unitId?: number | null;
  /** Name or ID number (a part of either). */
  search?: string | null;
  filters?: Partial<Record<PeopleQueryField, PeopleFilter>>;
  sort?: { field: PeopleQueryField; dir: 'asc' | 'desc' }[];
  /** "Today" for the files-not-updated view (default: today). */
  asOf?: string | null;
  offset?: number;
  limit?: number;
}

/** One row of the people grid: the person, their household file, and how they were helped. */
export interface PersonRow {
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
  fileNo: string | null;
  fileStatus: FileStatus | null;
  hardshipLevel: string | null;
  primaryCause: string | null;
  /** Date of the last change to the household file (the household, its members or its status). */
  fileUpdatedOn: string | null;
  /** Payments of the query's year (reversed ones and reversal entries not counted). */
  yearPayments: number;
  /** Net amount of the query's year (cash + goods). */
  yearPaidFen: number;
  lastPaidOn: string | null;
  /** Findings on the person's own data (ID number, gender), shown like the payments grid's. */
  issues: PaymentIssueView[];
}

export interface PeoplePage {
  rows: PersonRow[];
  total: number;
}

export interface PersonEditInput {
  id: number;
  cells: Partial<Record<PersonEditField, string | null>>;
}

/** A member of a new or existing household: a registered person, or a new one. */
export interface MemberInput {
  personId?: number;
  person?: NewPersonInput;
  relation?: string | null;
}

export interface NewPersonInput {
  name: string;
  idNumber?: string | null;
  gender?: '男' | '女' | null;
  birthDate?: string | null;
  phone?: string | null;
  unitName?: string | null;
  employmentStatus?: string | null;
  note?: string | null;
}

/** The household file's own fields (一户一档). Money in fen. */
export interface HouseholdFields {
  fileNo?: string | null;
  address?: string | null;
  /** 家庭人口 (may exceed the members registered here). */
  size?: number | null;
  annualIncomeFen?: number | null;
  hardshipLevel?: string | null;
  primaryCause?: string | null;
  /** Up to three further causes. */
  otherCauses?: string[];
  filedOn?: string | null;
  bankName?: string | null;
  bankAccount?: string | null;
  unitName?: string | null;
  note?: string | null;
}

export interface HouseholdMember {
  id: number;
  name: string;
  gender: '男' | '女' | null;
  idNumber: string | null;
  birthDate: string | null;
  phone: string | null;
  unitName: string | null;
  employmentStatus: string | null;
  relation: string | null;
}

export interface HouseholdStatusEntry {
  id: number;
  status: FileStatus;
  changedOn: string;
  reason: string | null;
  /** When it was recorded, and by whom. */
  recordedAt: string;
  recordedBy: string | null;
}

/** A program rule held against what the household (or one member) received in a year. */
export interface RuleStanding {
  programId: number;
  programName: string;
  ruleId: number;
  kind: RuleKind;
  category: string | null;
  scope: RuleScope;
  severity: Severity;
  /** The member the figure is about (yearly caps, once per person); null for the household. */
  personId: number | null;
  personName: string | null;
  /** Money rules: what counted, against the cap (fen). Count rules: payments, against the limit. */
  used: number;
  limit: number;
  unit: 'fen' | 'times';
  ok: boolean;
  /** The other program of an exclusive rule. */
  otherProgramName: string | null;
}

export interface HouseholdYear {
  year: number;
  payments: PaymentRow[];
  /** Net (reversals included). */
  cashFen: number;
  goodsFen: number;
  totalFen: number;
  /** 人次 without reversed payments and reversal entries. */
  personTimes: number;
  rules: RuleStanding[];
}

export interface HouseholdDetail {
  id: number;
  fileNo: string | null;
  address: string | null;
  size: number | null;
  annualIncomeFen: number | null;
  hardshipLevel: string | null;
  primaryCause: string | null;
  otherCauses: string[];
  fileStatus: FileStatus;
  filedOn: string | null;
  statusChangedOn: string | null;
  bankName: string | null;
  /** Masked (last four digits); the full number only through households.revealAccount. */
  bankAccountMasked: string | null;
  unitId: number | null;
  unitName: string | null;
  note: string | null;
  fileUpdatedOn: string;
  members: HouseholdMember[];
  history: HouseholdStatusEntry[];
  /** Every payment to a member, newest year first. */
  years: HouseholdYear[];
}

export interface UnitRecord {
  id: number;
  name: string;
  kind: string | null;
  parentId: number | null;
  parentName: string | null;
}

// ——— model workers ———

export interface ModelWorkerRow {
  id: number;
  personId: number;
  personName: string;
  gender: '男' | '女' | null;
  idNumber: string | null;
  unitName: string | null;
  honourLevel: string;
  title: string;
  yearAwarded: number | null;
  awardingBody: string | null;
  subsidyKind: '两金' | '三金' | null;
  inHardship: boolean;
  note: string | null;
}

export interface ModelWorkerFields {
  honourLevel?: string;
  title?: string;
  yearAwarded?: number | null;
  awardingBody?: string | null;
  subsidyKind?: '两金' | '三金' | null;
  inHardship?: boolean;
  note?: string | null;
}

/** Who a subsidy round is for: levels, optionally a subsidy kind, optionally only those in hardship. */
export interface RoundCriteria {
  programId: number;
  levels: string[];
  subsidyKind?: '两金' | '三金' | null;
  hardshipOnly: boolean;
  paidOn: string;
}

export interface RoundCandidate {
  personId: number;
  name: string;
  idNumber: string | null;
  unitName: string | null;
  honourLevel: string;
  title: string;
  subsidyKind: '两金' | '三金' | null;
  inHardship: boolean;
  /** 困难劳模 for those in hardship, 劳动模范 otherwise: the program standard that applies. */
  recipientKind: string;
  cashFen: number;
  goodsFen: number;
  goodsDesc: string | null;
  eligible: boolean;
  /** Why a model worker at a chosen level is left out. */
  reason: string | null;
}

export interface RoundPreview {
  program: { id: number; code: string; name: string; kind: string; year: number };
  candidates: RoundCandidate[];
  eligible: number;
  cashFen: number;
  goodsFen: number;
}

export interface RoundResult {
  created: number[];
  cashFen: number;
  goodsFen: number;
}

// ——— programs ———

export interface ProgramRuleInput {
  kind: RuleKind;
  amountFen?: number | null;
  category?: string | null;
  scope?: RuleScope;
  otherProgramId?: number | null;
  severity?: Severity;
  note?: string | null;
}

/** The whole program form, saved as one change. */
export interface ProgramForm {
  code: string;
  name: string;
  year: number;
  kind: string;
  startsOn?: string | null;
  endsOn?: string | null;
  note?: string | null;
  funds: { source: string; amountFen: number; receivedOn?: string | null; note?: string | null }[];
  standards: { recipientKind: string; cashFen: number; goodsFen?: number; goodsDesc?: string | null }[];
  rules: ProgramRuleInput[];
}

export type { ProgramRecord };

// ——— code lists ———

export type { CodeValue };

// ——— approval ———

export interface ApprovalResult {
  changed: number;
  /** The rows as the grid shows them now. */
  rows: PaymentRow[];
}

// ——— dashboard ———

/** The figures of a slice of the year (a program, a month, a recipient kind, a unit). */
export interface SliceFigures {
  /** Payment records, reversal entries included. */
  records: number;
  /** 人次: payments that count (not reversed, not a reversal entry). */
  personTimes: number;
  /** Net money (reversal entries included). */
  cashFen: number;
  goodsFen: number;
  totalFen: number;
}

/** The year's figures: a slice's, with 人数 and 户数. */
export interface DashboardFigures extends SliceFigures {
  /** 人数: distinct people among the payments that count (a payment without a person counts as one). */
  people: number;
  /** 户数: distinct households (a person without a household is one household). */
  households: number;
}

export interface DashboardSlice {
  key: string;
  label: string;
  figures: SliceFigures;
}

export interface DashboardWarning {
  code: string;
  severity: Severity;
  label: string;
  programId: number | null;
  /** Payments with the finding. */
  count: number;
  example: string;
}

export interface DashboardData {
  year: number;
  total: DashboardFigures;
  /** Funds of the year: received in the year, or of a program of the year when no date was recorded. */
  raisedFen: number;
  balanceFen: number;
  byProgram: (DashboardSlice & { programId: number | null; raisedFen: number })[];
  byMonth: (DashboardSlice & { month: number })[];
  byRecipientKind: DashboardSlice[];
  /** By township: a unit and every unit under it (its names, for the payments grid's filter). */
  byUnit: (DashboardSlice & { unitId: number | null; unitNames: string[] })[];
  byStatus: Record<PaymentStatus, number>;
  warnings: DashboardWarning[];
}

/** What a screen hands to the payments grid when it opens it: a label and extra filters. */
export interface PaymentsPreset {
  label: string;
  year?: number | null;
  filters: NonNullable<PaymentQuery['filters']>;
  /** New rows go to this program. */
  programId?: number | null;
}
