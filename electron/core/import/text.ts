/**
 * Text helpers of the import: decoding CSV/HTML bytes the way Chinese Excel and
 * web systems save them (BOM, then strict UTF-8, then GB18030), and folding
 * Traditional characters to Simplified for matching header words (opencc-js).
 */
import iconv from 'iconv-lite';
import * as OpenCC from 'opencc-js/t2cn';

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decode text bytes: a BOM wins; otherwise strict UTF-8; otherwise GB18030 (a superset of GBK/GB2312). */
/**
 * UTF-16 without a byte-order mark (some programs' "Unicode text" export): in the first 4 KB, the
 * high byte of most characters is 0 (tabs, digits, line ends), on one side of each pair only.
 */
export function bomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return null;
  let zeroOdd = 0;
  let zeroEven = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const pairs = n / 2;
  if (zeroOdd >= pairs * 0.2 && zeroEven === 0) return 'utf-16le';
  if (zeroEven >= pairs * 0.2 && zeroOdd === 0) return 'utf-16be';
  return null;
}

export function decodeText(bytes: Uint8Array, hint: string | null = null): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  const bomless = bomlessUtf16(bytes);
  if (bomless !== null) return { text: new TextDecoder(bomless).decode(bytes), encoding: bomless };
  const gbHint = hint !== null && /^(gb2312|gbk|gb18030|x-gbk|cp936|windows-936|euc-cn|hz-gb-2312)$/i.test(hint);
  if (!gbHint) {
    try {
      return { text: strictUtf8.decode(bytes), encoding: 'utf-8' };
    } catch {
      /* not UTF-8: Chinese Excel's CSV is GBK */
    }
  }
  return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030'), encoding: 'gb18030' };
}

let t2s: ((text: string) => string) | null = null;

/** Traditional → Simplified (OpenCC), for matching words; data values are kept as written. */
export function toSimplified(text: string): string {
  const convert = t2s ?? (t2s = OpenCC.Converter({ from: 't', to: 'cn' }));
  return convert(text);
}

/**
 * A code-list value (or a word like it) for matching: Simplified, without spaces (現金 → 现金, 困難 職工 → 困难职工).
 * Text without Chinese characters skips OpenCC.
 */
export function codeKey(value: string): string {
  const compact = value.replace(/[\s\u3000]+/g, '');
  return /[\u3400-\u9fff]/.test(compact) ? toSimplified(compact) : compact;
}

/** Every space, tab and line break (ASCII, NBSP, ideographic, zero-width). */
export const ALL_SPACES = /[\s\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]+/g;
