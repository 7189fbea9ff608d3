/**
 * Request schemas of the registers' channels (people and households, model
 * workers, programs, code lists, approval, dashboard), used by shared/contract.ts.
 * Money is integer fen; dates are YYYY-MM-DD text (the core parses and checks them).
 */
import { z } from 'zod';
import { CODE_LIST_NAMES, FILE_STATUSES, PAYMENT_STATUSES } from './domain/codes.ts';
import { EARLIEST_AWARD_YEAR, LATEST_AWARD_YEAR } from './domain/modelWorkers.ts';
import { RULE_KINDS, RULE_SCOPES } from './domain/rules.ts';
import { PEOPLE_QUERY_FIELDS, PEOPLE_VIEWS, PERSON_EDIT_FIELDS } from './registers.ts';

const Id = z.number().int().positive();
const Year = z.number().int().min(1900).max(2199);
const Fen = z.number().int().min(0).max(9_000_000_000_000);
const Text = z.string().max(200);
const LongText = z.string().max(2000);
const DateText = z.string().max(40);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const PeopleFilter = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('text'),
    op: z.enum(['contains', 'equals', 'notEqual', 'startsWith', 'endsWith', 'notContains', 'blank', 'notBlank']),
    value: Text.optional(),
  }),
  z.strictObject({ type: z.literal('set'), values: z.array(Text.nullable()).max(1000) }),
  z.strictObject({
    type: z.literal('date'),
    op: z.enum(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'between', 'blank', 'notBlank']),
    value: IsoDate.optional(),
    valueTo: IsoDate.optional(),
  }),
]);
const PeopleField = z.enum(PEOPLE_QUERY_FIELDS);

export const PeopleQuerySchema = z.strictObject({
  view: z.enum(PEOPLE_VIEWS).optional(),
  year: Year.nullable().optional(),
  unitId: Id.nullable().optional(),
  search: Text.nullable().optional(),
  filters: z.partialRecord(PeopleField, PeopleFilter).optional(),
  sort: z.array(z.strictObject({ field: PeopleField, dir: z.enum(['asc', 'desc']) })).max(5).optional(),
  asOf: IsoDate.nullable().optional(),
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(5000).optional(),
});

export const PersonEditsSchema = z.array(z.strictObject({
  id: Id,
  cells: z.partialRecord(z.enum(PERSON_EDIT_FIELDS), z.string().max(1000).nullable()),
})).min(1).max(20_000);

export const NewPersonSchema = z.strictObject({
  name: z.string().min(1).max(100),
  idNumber: z.string().max(40).nullable().optional(),
  gender: z.enum(['男', '女']).nullable().optional(),
  birthDate: DateText.nullable().optional(),
  phone: z.string().max(40).nullable().optional(),
  unitName: Text.nullable().optional(),
  employmentStatus: Text.nullable().optional(),
  note: LongText.nullable().optional(),
});

export const MemberSchema = z.strictObject({
  personId: Id.optional(),
  person: NewPersonSchema.optional(),
  relation: Text.nullable().optional(),
});

export const HouseholdFieldsSchema = z.strictObject({
  fileNo: Text.nullable().optional(),
  address: Text.nullable().optional(),
  size: z.number().int().min(0).max(100).nullable().optional(),
  annualIncomeFen: Fen.nullable().optional(),
  hardshipLevel: Text.nullable().optional(),
  primaryCause: Text.nullable().optional(),
  otherCauses: z.array(Text).max(10).optional(),
  filedOn: DateText.nullable().optional(),
  bankName: Text.nullable().optional(),
  bankAccount: z.string().max(60).nullable().optional(),
  unitName: Text.nullable().optional(),
  note: LongText.nullable().optional(),
});

export const FileStatusSchema = z.enum(FILE_STATUSES);

export const ModelWorkerFieldsSchema = z.strictObject({
  honourLevel: Text.optional(),
  title: Text.optional(),
  yearAwarded: z.number().int().min(EARLIEST_AWARD_YEAR).max(LATEST_AWARD_YEAR).nullable().optional(),
  awardingBody: Text.nullable().optional(),
  subsidyKind: z.enum(['两金', '三金']).nullable().optional(),
  inHardship: z.boolean().optional(),
  note: LongText.nullable().optional(),
});

export const RoundCriteriaSchema = z.strictObject({
  programId: Id,
  levels: z.array(Text).min(1).max(20),
  subsidyKind: z.enum(['两金', '三金']).nullable().optional(),
  hardshipOnly: z.boolean(),
  paidOn: IsoDate,
});

export const ProgramFormSchema = z.strictObject({
  code: Text,
  name: Text,
  year: Year,
  kind: Text,
  startsOn: DateText.nullable().optional(),
  endsOn: DateText.nullable().optional(),
  note: LongText.nullable().optional(),
  funds: z.array(z.strictObject({ source: Text, amountFen: Fen, receivedOn: DateText.nullable().optional(), note: Text.nullable().optional() })).max(200),
  standards: z.array(z.strictObject({ recipientKind: Text, cashFen: Fen, goodsFen: Fen.optional(), goodsDesc: Text.nullable().optional() })).max(200),
  rules: z.array(z.strictObject({
    kind: z.enum(RULE_KINDS),
    amountFen: Fen.nullable().optional(),
    category: Text.nullable().optional(),
    scope: z.enum(RULE_SCOPES).optional(),
    otherProgramId: Id.nullable().optional(),
    severity: z.enum(['error', 'warn']).optional(),
    note: Text.nullable().optional(),
  })).max(100),
});

export const CodeListSchema = z.enum(CODE_LIST_NAMES);
export const PaymentStatusSchema = z.enum(PAYMENT_STATUSES);
export const IdsSchema = z.array(Id).min(1).max(20_000);
export { Id as RegisterId, Year as RegisterYear, IsoDate as RegisterDate, Text as RegisterText };
