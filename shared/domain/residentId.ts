/**
 * Resident identity card numbers (居民身份证号码, GB 11643-1999).
 * 18 characters: 6-digit region, 8-digit birth date, 3-digit sequence (the last of
 * them odd for men, even for women), and a check character. The first-generation
 * 15-digit numbers (YYMMDD birth date, no check character) are still found in old
 * rosters; they are recognised and upgraded to 18 characters.
 */
import { toHalfWidth } from './text.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type Gender = '男' | '女';

export type IdProblemCode = 'id_length' | 'id_format' | 'id_checksum' | 'id_birth_date' | 'id_precision_lost';

export interface IdProblem {
  code: IdProblemCode;
  message: string;
}

export interface ResidentIdInfo {
  /** The cleaned number as it should be stored (upper-case X, half-width, 18 chars when upgradable). */
  normalized: string;
  /** True when the number passed every check. */
  valid: boolean;
  /** Birth date YYYY-MM-DD when the digits hold a real date. */
  birthDate: string | null;
  gender: Gender | null;
  /** True when the input was a 15-digit first-generation number. */
  fromFifteen: boolean;
  problems: IdProblem[];
}

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether y-m-d is a calendar date (y ≥ 1900: the callers refuse earlier years first). */
function realDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : MONTH_DAYS[m - 1]!);
}

/** today.toISOString().slice(0, 10), remembered for the day (IDs are checked by the hundred thousand). */
let todayKey = NaN;
let todayText = '';
function isoDay(today: Date): string {
  const key = Math.floor(today.getTime() / 86_400_000);
  if (key !== todayKey) {
    todayText = today.toISOString().slice(0, 10);
    todayKey = key;
  }
  return todayText;
}

/** Clean what a clerk or a spreadsheet typed: spaces, full-width digits, lower-case x. */
export function cleanIdText(raw: string): string {
  // Zero-width characters too (pasted from web pages and chat apps: an ID that shows 18 digits and has 19).
  // A last character × (the multiplication sign) is an X typed from a symbol menu. A label written in the
  // cell before the number (身份证：530424…, 身份证号码:…) is not part of it.
  // Dashes of any width (530424—19900101—0137, with the en or em dash a Chinese input method gives; helper 63).
  return toHalfWidth(raw).replace(/[\s\u3000\u200b-\u200d\u2060\ufeff'‘’`\u2010-\u2015\u2212-]/g, '').replace(/^(?:公民)?身[份分][证證](?:号码|號碼|号|號)?[:：]?(?=\d)/, '').replace(/[×✕╳]$/, 'X').toUpperCase();
}

/**
 * A resident ID as a roster writes it: 15 to 18 characters of digits (the last may be X; 16 or 17 a typo still meant as
 * one), some masked with *, cleaned as the ID column cleans it (cleanIdText: Excel's leading ', spaces or dashes inside;
 * helper 61). Tells a pasted roster's ID from a figure or a date in that column.
 */
export function looksLikeIdNumber(text: string): boolean {
  const t = cleanIdText(text);
  return /^[\d*]{14,17}[\dX*]$/.test(t) && (t.match(/\d/g)?.length ?? 0) >= 4;
}

/** Text that shows an ID already lost to Excel's 15 significant digits: 5.32322E+17, 532322199001010000. */
export function looksLikeLostPrecision(raw: string): boolean {
  const t = cleanIdText(raw);
  if (/^\d(\.\d+)?E\+?\d+$/.test(t)) return true;
  return false;
}

/** An ID already clean (the usual case): cleaning would leave it unchanged. */
const CLEAN_18 = /^\d{17}[\dX]$/;

export function parseResidentId(raw: string, today: Date = new Date()): ResidentIdInfo {
  if (CLEAN_18.test(raw)) return finish(raw, { normalized: raw, valid: false, birthDate: null, gender: null, fromFifteen: false, problems: [] }, today);
  const text = cleanIdText(raw);
  const problems: IdProblem[] = [];
  const result: ResidentIdInfo = { normalized: text, valid: false, birthDate: null, gender: null, fromFifteen: false, problems };

  if (looksLikeLostPrecision(text)) {
    problems.push({ code: 'id_precision_lost', message: `身份证号“${raw.trim()}”已被 Excel 存成科学计数法，后几位数字已丢失，无法恢复，请向报送单位索取原号码` });
    return result;
  }
  if (/^\d{15}$/.test(text)) {
    result.fromFifteen = true;
    const first17 = text.slice(0, 6) + '19' + text.slice(6);
    const upgraded = first17 + checkCharacter(first17);
    result.normalized = upgraded;
    finish(upgraded, result, today, text);
    const dateProblem = result.problems.findIndex((p) => p.code === 'id_birth_date');
    if (dateProblem >= 0) {
      // Not a first-generation number (no such birth date): most likely an 18-digit one typed short.
      result.normalized = text;
      result.gender = null;
      result.problems[dateProblem] = { code: 'id_length', message: `身份证号“${text}”为15位，但不是有效的旧式15位号码（其中的出生日期不存在），可能少录了几位，应为18位` };
    }
    return result;
  }
  if (text.length !== 18) {
    problems.push({ code: 'id_length', message: `身份证号“${raw.trim()}”应为18位（或旧式15位），实际为${text.length}位` });
    return result;
  }
  if (!/^\d{17}[\dX]$/.test(text)) {
    problems.push({ code: 'id_format', message: `身份证号“${raw.trim()}”含有数字和末位 X 以外的字符` });
    return result;
  }
  return finish(text, result, today);
}

/** `fifteen`: the old 15-digit number id18 was made from (the one its messages quote: the clerk's file shows it). */
function finish(id18: string, result: ResidentIdInfo, today: Date, fifteen?: string): ResidentIdInfo {
  // Characters 7–14 are digits here (every caller checked the first 17): the date without a string per part.
  const digit = (i: number) => id18.charCodeAt(i) - 48;
  const y = digit(6) * 1000 + digit(7) * 100 + digit(8) * 10 + digit(9);
  const m = digit(10) * 10 + digit(11);
  const d = digit(12) * 10 + digit(13);
  const iso = `${id18.slice(6, 10)}-${id18.slice(10, 12)}-${id18.slice(12, 14)}`;
  const todayIso = isoDay(today);
  if (y < 1900 || !realDate(y, m, d) || iso > todayIso) {
    const shown = fifteen === undefined ? `“${id18}”` : `“${fifteen}”（15位旧号码）`;
    // Said as it is wrong: a date the calendar has not (02-30), one still to come, or one before 1900 (helper 41's sweep: all were 不是有效日期).
    const why = !realDate(y, m, d) ? '不是有效日期' : iso > todayIso ? '晚于今天' : '早于1900年';
    result.problems.push({ code: 'id_birth_date', message: `身份证号${shown}中的出生日期 ${iso} ${why}` });
  } else {
    result.birthDate = iso;
  }
  result.gender = Number(id18[16]) % 2 === 1 ? '男' : '女';
  // The first 17 characters are digits here: checkCharacter without the string conversions.
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id18.charCodeAt(i) - 48) * WEIGHTS[i]!;
  const expected = CHECK_CHARS[sum % 11]!;
  if (!result.fromFifteen && id18[17] !== expected) {
    result.problems.push({ code: 'id_checksum', message: `身份证号“${id18}”校验位错误：末位应为 ${expected}，实为 ${id18[17]}` });
  }
  result.valid = result.problems.length === 0;
  return result;
}

/** 530424********9510: the first six and last four characters shown. */
export function maskResidentId(id: string): string {
  if (id.length <= 10) return id;
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

/**
 * An ID number shown with hidden middle digits (530424********9516, as the grid and printed rosters
 * show IDs by default): its visible start and end, or null when the text hides nothing. `ok` is
 * false when the text has a '*' but not in that shape. A masked ID is never an ID number to store.
 */
export function maskedIdParts(raw: string): { ok: true; prefix: string; suffix: string; length: number } | { ok: false } | null {
  const t = cleanIdText(raw);
  if (!t.includes('*')) return null;
  const m = /^(\d*)\*+(\d*[\dX]?)$/.exec(t);
  if (!m || (t.length !== 18 && t.length !== 15) || m[1]!.length + m[2]!.length < 4) return { ok: false };
  return { ok: true, prefix: m[1]!, suffix: m[2]!, length: t.length };
}

/** Bank card: the last four digits shown. */
export function maskBankAccount(account: string): string {
  const t = account.replace(/\s/g, '');
  if (t.length <= 4) return t;
  return '*'.repeat(t.length - 4) + t.slice(-4);
}
