/**
 * Dates as clerks write them: 2017.1.20, 2017-01-20, 2017/1/20, 2017年1月20日,
 * 20170120, Excel serial numbers, and Date objects from spreadsheet readers.
 * Dates are stored as ISO text YYYY-MM-DD.
 */
import { toHalfWidth } from './text.ts';

export type DateParse = { ok: true; iso: string } | { ok: false; message: string };

function pad(n: number): string {
  return n >= 0 && n < 10 ? `0${n}` : String(n).padStart(2, '0');
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isoDate(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (m === 2 && leap ? 29 : MONTH_DAYS[m - 1]!)) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** Excel's serial day number (1900 date system, including its 1900-02-29 bug) → ISO date. */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return null;
  const whole = Math.floor(serial);
  // Serial 60 is the non-existent 1900-02-29; from 61 on the epoch is 1899-12-30.
  const epoch = whole >= 61 ? Date.UTC(1899, 11, 30) : Date.UTC(1899, 11, 31);
  const d = new Date(epoch + whole * 86_400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function isoToExcelSerial(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const days = (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;
  return days;
}

/** A year as written: 2017, or 17 (this century up to next year, else the last: 98 → 1998). */
function fullYear(y: string): number {
  if (y.length === 4) return Number(y);
  const n = Number(y);
  return n <= (new Date().getFullYear() % 100) + 1 ? 2000 + n : 1900 + n;
}

const CHINESE_DIGITS: Record<string, number> = { 〇: 0, 零: 0, O: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 十二 → 12, 二十 → 20, 三十一 → 31, 九 → 9 (a month or a day in Chinese numerals); null for anything else. */
function chineseSmallNumber(t: string): number | null {
  if (/^\d{1,2}$/.test(t)) return Number(t);
  const m = /^([一二三]?)(十?)([一二三四五六七八九]?)$/.exec(t);
  if (!m || t === '') return null;
  if (m[2] === '') return m[1] !== '' && m[3] !== '' ? null : CHINESE_DIGITS[m[1] || m[3]!]!;
  return (m[1] === '' ? 1 : CHINESE_DIGITS[m[1]!]!) * 10 + (m[3] === '' ? 0 : CHINESE_DIGITS[m[3]!]!);
}

/** 二〇二四年一月二十日 → 2024年1月20日 (as a letter or a title writes a date); other text unchanged. */
function arabicDate(text: string): string {
  const m = /^([〇零O一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3}|\d{1,2})月(?:([一二三四五六七八九十]{1,3})[日号])?$/.exec(text);
  if (!m) return text;
  const month = chineseSmallNumber(m[2]!);
  const day = m[3] === undefined ? null : chineseSmallNumber(m[3]);
  if (month === null || (m[3] !== undefined && day === null)) return text;
  return `${[...m[1]!].map((c) => CHINESE_DIGITS[c]).join('')}年${month}月${day === null ? '' : `${day}日`}`;
}

export function parseDate(input: unknown): DateParse {
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) return { ok: false, message: '日期无效' };
    return { ok: true, iso: `${input.getUTCFullYear()}-${pad(input.getUTCMonth() + 1)}-${pad(input.getUTCDate())}` };
  }
  if (typeof input === 'number') {
    const iso = excelSerialToIso(input);
    return iso ? { ok: true, iso } : { ok: false, message: `日期“${input}”无法识别` };
  }
  if (input === null || input === undefined) return { ok: false, message: '日期为空' };
  const original = String(input);
  // As rosters write them: 2017年元月20号, 2017.01.20. (a closing full stop), 2017-01-20T00:00:00.
  const text = arabicDate(toHalfWidth(original).replace(/[\s\u3000]+/g, ' ').trim().replace(/元月/, '1月').replace(/号$/, '日').replace(/[.。]$/, ''));
  if (text === '') return { ok: false, message: '日期为空' };
  let m = /^(\d{4}|\d{2})\s*[.\-/年]\s*(\d{1,2})\s*[.\-/月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) {
    const [y, mo, d] = [fullYear(m[1]!), Number(m[2]), Number(m[3])];
    const iso = isoDate(y, mo, d);
    if (iso) return { ok: true, iso };
    if (mo >= 1 && mo <= 12 && d >= 29 && d <= 31) return { ok: false, message: `日期“${original.trim()}”不存在：${y}年${mo}月没有${d}日` };
  }
  return { ok: false, message: `日期“${original.trim()}”无法识别，请写成 2017-01-20、2017.1.20 或 2017年1月20日` };
}

/** 出生年月 as rosters write it: 1965.03, 1965年3月, 1965-3 → "1965-03". Full dates are cut to the month. */
export function parseYearMonth(input: unknown): string | null {
  const full = parseDate(input);
  if (full.ok) return full.iso.slice(0, 7);
  if (input === null || input === undefined) return null;
  const text = arabicDate(toHalfWidth(String(input)).replace(/\s+/g, '').replace(/元月/, '1月'));
  const m = /^(\d{4})[.\-/年](\d{1,2})月?$/.exec(text) ?? /^(\d{4})(\d{2})$/.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (y < 1900 || y > 2199 || mo < 1 || mo > 12) return null;
  return `${y}-${pad(mo)}`;
}

/** A stored timestamp (ISO, UTC) as the clerk's clock shows it: YYYY-MM-DD HH:MM in the local time zone. */
export function localDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${todayIso(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Today's date in the local time zone as YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
