/**
 * Text normalisation shared by every layer: full-width → half-width, the many
 * spaces Chinese spreadsheets contain, and person-name cleaning.
 */

const FULL_WIDTH = /[\uff01-\uff5e\u3000]/;

/** Full-width ASCII variants (U+FF01–U+FF5E) and the ideographic space to half-width. */
export function toHalfWidth(text: string): string {
  // Most text has nothing to fold: the same string, without building a copy.
  if (!FULL_WIDTH.test(text)) return text;
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else out += ch;
  }
  return out;
}

/** Every kind of space a spreadsheet may hold: ASCII, NBSP, ideographic, zero-width, tabs. */
const ANY_SPACE = /[\s\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]+/g;

export function collapseSpaces(text: string): string {
  return text.replace(ANY_SPACE, ' ').trim();
}

/**
 * A person's name as stored: padding removed (王　芳 → 王芳, " 李 强 " → 李强),
 * full-width letters made half-width. A space between two Latin words is kept
 * (names of ethnic-minority or foreign workers may be written in Latin letters).
 */
export function normalizeName(raw: string): string {
  const half = toHalfWidth(raw).replace(ANY_SPACE, ' ').trim();
  // Drop spaces that touch a CJK character; keep single spaces between Latin words.
  return half.replace(/ (?=[^\x00-\x7f])|(?<=[^\x00-\x7f]) /g, '').replace(/ {2,}/g, ' ')
    // The dot between the parts of a minority name written with a full stop or a middle dot of another kind
    // (阿依古丽.买买提, 阿依古丽•买买提): the name's own ·, so that it is one person however it was typed.
    .replace(/(?<=[\u3400-\u9fff])[.．•・∙⋅](?=[\u3400-\u9fff])/g, '·');
}

/** True when the string has no visible content. */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && collapseSpaces(value) === '');
}

/**
 * A roster's total or end line where a name would be: 合计, 本页小计, 总计：, 共2人, 以上2人, 人数：2人, 总数,
 * 以下空白. No one's name reads so (a name holds no digit), so a pasted block's such line is no payment.
 */
const TOTAL_LABEL =
  /^(?:本页|本表|全部|全|总|總|累)?(?:合计|合計|小计|小計|总计|總計|共计|共計|累计|累計|总合计|總合計)|^(?:[^\d:：()（）]{0,6}?(?:共|计|計|合)?)?\d+(?:人|名|户|戶)次?$|^(?:人数|人數|户数|戶數)[:：]?\d+|^(?:总数|總數)$|^(?:以下空白|以下无内容|以下無內容)/;

export function isTotalLabel(text: string): boolean {
  return TOTAL_LABEL.test(toHalfWidth(text).replace(/[\s\u3000]+/g, ''));
}
