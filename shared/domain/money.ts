/**
 * Money is integer fen (分) everywhere. This module is the only place that turns
 * fen into text (元, 万元, 大写) or text into fen. No floating-point arithmetic is
 * used on amounts: decimal strings are split and shifted as integers.
 */
import { toHalfWidth } from './text.ts';

export type AmountParse =
  | { ok: true; fen: number; inWan: boolean }
  | { ok: false; code: 'missing_amount' | 'amount_unreadable'; message: string };

const MAX_FEN = 9_000_000_000_000_000 / 1000; // far above any relief figure, safely inside 2^53

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 123456 → "1,234.56" (no unit). */
export function formatYuan(fen: number): string {
  assertFen(fen);
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${neg ? '-' : ''}${groupThousands(String(yuan))}.${String(cents).padStart(2, '0')}`;
}

/** 123456 → "1,234.56元". */
export function formatYuanWithUnit(fen: number): string {
  return `${formatYuan(fen)}元`;
}

/** Plain decimal yuan for spreadsheets: 123456 → "1234.56". */
export function fenToYuanString(fen: number): string {
  assertFen(fen);
  const neg = fen < 0;
  const abs = Math.abs(fen);
  return `${neg ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 万元 with two decimals, rounded half away from zero: 15550000 fen (155,500元) → "15.55". */
export function formatWan(fen: number): string {
  assertFen(fen);
  const neg = fen < 0;
  const abs = Math.abs(fen);
  // 1 万元 = 1,000,000 fen; two decimals of 万元 = units of 10,000 fen.
  const hundredths = Math.floor((abs + 5000) / 10000);
  const whole = Math.floor(hundredths / 100);
  const frac = hundredths % 100;
  return `${neg && hundredths > 0 ? '-' : ''}${whole}.${String(frac).padStart(2, '0')}`;
}

/** The 万元 figure as a number rounded to two decimals (for spreadsheet cells). */
export function fenToWanNumber(fen: number): number {
  return Number(formatWan(fen));
}

/** Yuan as a number with two decimals (for spreadsheet cells). */
export function fenToYuanNumber(fen: number): number {
  return Number(fenToYuanString(fen));
}

export function assertFen(fen: number): void {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`金额必须是整数分，收到 ${fen}`);
}

const CAPITAL_DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const CAPITAL_DIGITS_TRADITIONAL = ['零', '壹', '貳', '參', '肆', '伍', '陸', '柒', '捌', '玖'];
const SMALL_UNITS = ['', '拾', '佰', '仟'];

export type CapitalScript = 'simplified' | 'traditional';

/**
 * Chinese capital numerals for financial documents (中文大写金额), following the
 * writing rules of 《支付结算办法》: 155500元 → 壹拾伍万伍仟伍佰元整,
 * 1005.05元 → 壹仟零伍元零伍分, 0.5元 → 伍角.
 */
export function toCapitalAmount(fen: number, script: CapitalScript = 'simplified'): string {
  assertFen(fen);
  const digits = script === 'simplified' ? CAPITAL_DIGITS : CAPITAL_DIGITS_TRADITIONAL;
  const bigUnits = script === 'simplified' ? ['', '万', '亿', '万亿'] : ['', '萬', '億', '萬億'];
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const jiao = Math.floor(abs / 10) % 10;
  const fenDigit = abs % 10;
  const prefix = neg ? (script === 'simplified' ? '负' : '負') : '';
  const yuanWord = '元';
  if (abs === 0) return `${digits[0]}${yuanWord}整`;

  let integerText = '';
  if (yuan > 0) {
    const groups: number[] = [];
    let rest = yuan;
    while (rest > 0) {
      groups.push(rest % 10000);
      rest = Math.floor(rest / 10000);
    }
    let pendingZero = false;
    for (let g = groups.length - 1; g >= 0; g--) {
      const group = groups[g]!;
      if (group === 0) {
        pendingZero = integerText.length > 0;
        continue;
      }
      // A lower group below 1000 after a higher non-zero group needs a 零 (壹万零伍拾).
      if (integerText.length > 0 && (pendingZero || group < 1000)) integerText += digits[0];
      pendingZero = false;
      let groupText = '';
      let zeroInGroup = false;
      for (let pos = 3; pos >= 0; pos--) {
        const d = Math.floor(group / 10 ** pos) % 10;
        if (d === 0) {
          if (groupText.length > 0) zeroInGroup = true;
          continue;
        }
        if (zeroInGroup) groupText += digits[0];
        zeroInGroup = false;
        groupText += digits[d]! + SMALL_UNITS[pos]!;
      }
      integerText += groupText + bigUnits[g]!;
    }
    integerText += yuanWord;
  }

  let fraction = '';
  if (jiao === 0 && fenDigit === 0) {
    fraction = '整';
  } else {
    if (jiao > 0) fraction += digits[jiao]! + '角';
    else if (yuan > 0) fraction += digits[0];
    if (fenDigit > 0) fraction += digits[fenDigit]! + '分';
  }
  return prefix + integerText + fraction;
}

/** Shift a plain decimal string ("1234.5") by `places` decimal places into an integer, exactly. */
function decimalToInteger(text: string, places: number): number | null {
  const m = /^(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m) return null;
  const intPart = m[1] ?? '';
  const fracPart = m[2] ?? '';
  if (intPart === '' && fracPart === '') return null;
  const extra = fracPart.slice(places);
  if (/[1-9]/.test(extra)) return null; // finer than the unit allows
  const digits = (intPart + fracPart.slice(0, places).padEnd(places, '0')).replace(/^0+(?=\d)/, '');
  const value = Number(digits === '' ? '0' : digits);
  return Number.isSafeInteger(value) ? value : null;
}

/**
 * Read an amount as clerks and spreadsheets write it: 600, 600元, ￥1,000.00, 1.2万,
 * 0.06萬, full-width digits, 600.00元整. Numbers from spreadsheet cells are accepted
 * when they are exact to the fen.
 */
export function parseAmount(input: unknown): AmountParse {
  if (input === null || input === undefined) return { ok: false, code: 'missing_amount', message: '金额为空' };
  if (typeof input === 'number') return parseAmountNumber(input);
  if (typeof input === 'bigint') return parseAmountNumber(Number(input));
  const original = String(input);
  let text = toHalfWidth(original).replace(/[\s\u3000]/g, '');
  if (text === '') return { ok: false, code: 'missing_amount', message: '金额为空' };
  // A leading apostrophe is Excel's "keep as text" mark (typed '600, or left by a CSV export).
  text = text.replace(/^['‘’]/, '').replace(/^(人民币|RMB|CNY)/i, '').replace(/^[￥¥]/, '').replace(/[￥¥]$/, '');
  let negative = false;
  if (/^[-−–]/.test(text)) {
    negative = true;
    text = text.slice(1);
  } else if (text.startsWith('+')) {
    text = text.slice(1);
  }
  text = text.replace(/^[￥¥]/, '');
  let inWan = false;
  const wan = /^(.*?)(万元|萬元|万|萬|w|W)$/.exec(text);
  if (wan) {
    inWan = true;
    text = wan[1]!;
  } else {
    text = text.replace(/(元整|圆整|元正|元|圆|块|整)$/, '');
  }
  // Thousands separators: 1,000.00 (also the full-width comma, already folded).
  if (/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(text)) text = text.replace(/,/g, '');
  const fen = decimalToInteger(text, inWan ? 6 : 2);
  if (fen === null || fen > MAX_FEN) {
    return { ok: false, code: 'amount_unreadable', message: `金额“${original.trim()}”无法识别` };
  }
  return { ok: true, fen: negative ? -fen : fen, inWan };
}

function parseAmountNumber(n: number): AmountParse {
  if (!Number.isFinite(n)) return { ok: false, code: 'amount_unreadable', message: `金额“${n}”无法识别` };
  const fen = Math.round(n * 100);
  if (Math.abs(n * 100 - fen) > 1e-6 * Math.max(1, Math.abs(n)) || Math.abs(fen) > MAX_FEN) {
    return { ok: false, code: 'amount_unreadable', message: `金额“${n}”不是精确到分的数` };
  }
  return { ok: true, fen: fen === 0 ? 0 : fen, inWan: false };
}
