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
const CAPITAL_VALUES: Record<string, number> = {
  零: 0, 〇: 0, 壹: 1, 一: 1, 贰: 2, 貳: 2, 二: 2, 两: 2, 兩: 2, 叁: 3, 參: 3, 三: 3, 肆: 4, 四: 4, 伍: 5, 五: 5,
  陆: 6, 陸: 6, 六: 6, 柒: 7, 七: 7, 捌: 8, 八: 8, 玖: 9, 九: 9,
};
const CAPITAL_SMALL: Record<string, number> = { 拾: 10, 十: 10, 佰: 100, 百: 100, 仟: 1000, 千: 1000 };

/**
 * An amount in Chinese capitals (大写), as rosters write totals and some amounts: 人民币壹仟贰佰元整,
 * 陆佰元, 壹万零伍元伍角, 伍角陆分 (Simplified or Traditional, or the ordinary numerals). Fen, or null
 * when the text is not one.
 */
export function parseCapitalAmount(input: string): number | null {
  let t = toHalfWidth(input).replace(/[\s\u3000]/g, '').replace(/^(人民币|人民幣|RMB)[:：]?/i, '').replace(/[整正]$/, '');
  if (t === '' || !/^[零〇壹一贰貳二两兩叁參三肆四伍五陆陸六柒七捌八玖九拾十佰百仟千万萬亿億元圆圓角分]+$/.test(t)) return null;
  // Ordinary numerals only with a unit (五百元): a bare 二 or 五百 in an amount column is no amount.
  if (!/[壹贰貳叁參肆伍陆陸柒捌玖拾佰仟元圆圓角分]/.test(t)) return null;
  let fen = 0;
  const yuanAt = t.search(/[元圆圓]/);
  const yuanPart = yuanAt >= 0 ? t.slice(0, yuanAt) : /[角分]/.test(t) ? '' : t;
  t = yuanAt >= 0 ? t.slice(yuanAt + 1) : /[角分]/.test(t) ? t : '';
  // 角 and 分 after the 元.
  const jiao = /([零〇壹一贰貳二两兩叁參三肆四伍五陆陸六柒七捌八玖九])角/.exec(t);
  const fenDigit = /([零〇壹一贰貳二两兩叁參三肆四伍五陆陸六柒七捌八玖九])分/.exec(t);
  if (t.replace(/^零/, '').replace(/[零〇壹一贰貳二两兩叁參三肆四伍五陆陸六柒七捌八玖九]角/, '').replace(/零?[零〇壹一贰貳二两兩叁參三肆四伍五陆陸六柒七捌八玖九]分/, '') !== '') return null;
  if (jiao) fen += CAPITAL_VALUES[jiao[1]!]! * 10;
  if (fenDigit) fen += CAPITAL_VALUES[fenDigit[1]!]!;
  if (yuanPart !== '') {
    let total = 0;
    let section = 0;
    let digit: number | null = null;
    for (const ch of yuanPart) {
      if (ch in CAPITAL_VALUES) {
        // Two digits in a row only after a 零 (壹佰零伍): the 零 holds a place.
        if (digit !== null && digit !== 0) return null;
        digit = CAPITAL_VALUES[ch]!;
      } else if (ch in CAPITAL_SMALL) {
        section += (digit ?? 1) * CAPITAL_SMALL[ch]!;
        digit = null;
      } else if (ch === '万' || ch === '萬') {
        total += (section + (digit ?? 0)) * 10_000;
        section = 0;
        digit = null;
      } else if (ch === '亿' || ch === '億') {
        total = (total + section + (digit ?? 0)) * 100_000_000;
        section = 0;
        digit = null;
      } else return null;
    }
    total += section + (digit ?? 0);
    fen += total * 100;
  }
  return fen > MAX_FEN ? null : fen;
}

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
  const half = toHalfWidth(original);
  // Two figures in one cell (500 on one line, 300 on the next; 800 200): no amount, not 500300.
  if (/\d[\s\u3000]+[-+]?[\d￥¥]/.test(half.trim())) {
    return { ok: false, code: 'amount_unreadable', message: `金额“${original.trim().replace(/\s+/g, ' ')}”中有两个数，请每格只填一个金额` };
  }
  let text = half.replace(/[\s\u3000]/g, '');
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
    // Written in Chinese capitals (陆佰元整), as on a receipt.
    const capital = parseCapitalAmount(original);
    if (capital !== null) return { ok: true, fen: capital, inWan: false };
    // A figure with more places than the fen (500.555; 0.1234567万): said so, not just unreadable.
    const places = /^\d+\.(\d+)$/.exec(text)?.[1]?.length ?? 0;
    if (places > (inWan ? 6 : 2)) {
      return { ok: false, code: 'amount_unreadable', message: `金额“${original.trim()}”${inWan ? '以万元计超过六位小数' : '超过两位小数'}，金额只记到分，请核对` };
    }
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
