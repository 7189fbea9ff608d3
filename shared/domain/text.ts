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
    .replace(/(?<=[\u3400-\u9fff])[.．。•・∙⋅](?=[\u3400-\u9fff])/g, '·');
}

/** True when the string has no visible content. */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && collapseSpaces(value) === '');
}

/**
 * What a roster line is where a name would be (a pasted block's lines, as the import reads a roster's):
 * a total (合计, 本页小计, 盘溪镇小计, 以上合计, 总计：, 共2人, 共十二人, 人数：2人, 总数), a footer (制表人：, 审核人,
 * 单位负责人, 盖章, 填表日期), a repeated header (姓名), or null for a name. A name holds no such word or digit.
 */
/** The words a total line is labelled with (合计 … 累计), as a regular expression's alternatives. */
export const TOTAL_WORDS = '合计|合計|小计|小計|总计|總計|共计|共計|累计|累計';
/**
 * A total written as a head count: 共2人, 以上2人, 计2人, 全镇共2人, 本页共2人, 共两人, 2人, 人数：2人, 总数. A count in
 * capitals needs its 共 (伍人 and 陆名 are names). No name holds a digit.
 */
export const HEADCOUNT_TOTAL_RE = /^(?:以上|本页|本頁|本表|全部|本单位|本單位|全[\u4e00-\u9fff]{1,3}?(?=共|计|計|合)|总|總|累)?(?:共计|共計|合计|合計|共|计|計|合)[:：]?(?:\d+|[一二两兩三四五六七八九十百零〇壹贰貳叁參肆伍陆陸柒捌玖拾佰]+)(?:人|名|户|戶)(?:次)?$|^(?:以上|本页|本頁|本表)?(?:\d+|[一二两兩三四五六七八九十]+)(?:人|名|户|戶)(?:次)?$|^(?:人数|人數|户数|戶數|人次)[:：]?\d+(?:人|名|户|戶)?(?:次)?$|^(?:总数|總數)$/;
const TOTAL_LINE = new RegExp(
  `^(?:本页|本頁|本表|全部|全|总|總|累)?(?:${TOTAL_WORDS}|总合计|總合計)|^[^:：]{2,16}?(?:${TOTAL_WORDS})(?=$|[:：(（\\d￥¥])|^(?:总金额|總金額)(?=$|[:：(（\\d￥¥])`
  + `|${HEADCOUNT_TOTAL_RE.source}|^(?:以下空白|以下无内容|以下無內容)`,
);
const FOOTER_LINE =
  /^(?:单位负责人|單位負責人|负责人|負責人|单位领导|分管领导|经办人|經辦人|经手人|經手人|填表人|填报人|填報人|制表人|製表人|审核人|審核人|审批人|審批人|复核人|複核人|出纳|出納|会计|會計|财务负责人|財務負責人|工会主席|工會主席|领款人签字|領款人簽字|单位[(（]?盖章|單位[(（]?蓋章|[(（]?盖章|[(（]?蓋章|填表日期|填报日期|填報日期|制表日期|製表日期|报送日期|報送日期)(?=$|[:：\s(（)）_])/;
const HEADER_LINE = /^(?:序号|编号|編號|姓名|名字|户主姓名|戶主姓名|领取人|領取人|领款人姓名|領款人姓名|职工姓名|職工姓名|受助人姓名|学生姓名|學生姓名|家长姓名|家長姓名)$/;

/** A roster's title or its 填报单位 line, copied with its rows. */
const TITLE_LINE = /(?:花名册|花名冊|名单|名單|明细表|明細表|发放表|發放表|登记表|登記表|统计表|統計表|汇总表|匯總表)$|^(?:填报单位|填報單位|填表单位|填表單位|报送单位|報送單位)[:：]/;
/**
 * A section's heading within a roster: 补报, 补报人员：, 新增人员 (helper 55: pasted, it made a person so named); numbered
 * (二、补报人员, （二）补报, 第二部分：补报人员, 附：补报人员) or with its head count (补报人员：（1人）, 补报人员 1人; helpers 57, 59),
 * and 正常发放人员 beside them.
 */
const SECTION_LINE = /^(?:附[:：]?|第[一二三四五六七八九十\d]{1,3}(?:部分|类|批)[:：、]?|[(（]?(?:[一二三四五六七八九十]+|\d{1,2})[)）]?[、.．]?)?(?:补报|补發|补发|新增|增补|增補|追加|补充|補報|補充|正常发放|正常發放|续发|續發)(?:人员|人員|名单|名單|对象|對象|部分)?[:：]?(?:[(（][^)）]{0,12}[)）]|(?:共)?\d{1,4}(?:人|名))?[:：]?$/;

/** The total in Chinese capitals (大写：壹仟元整, 人民币（大写）…). */
const CAPITALS_LINE = /^[(]?(?:人民币|人民幣|金额|金額|合计|合計)?[(]?大[写寫]/;

export function rosterLineKind(text: string): 'total' | 'footer' | 'header' | null {
  const t = toHalfWidth(text).replace(/[\s\u3000]+/g, '');
  if (t === '') return null;
  if (TOTAL_LINE.test(t) || CAPITALS_LINE.test(t)) return 'total';
  if (FOOTER_LINE.test(t)) return 'footer';
  if (HEADER_LINE.test(t) || TITLE_LINE.test(t) || SECTION_LINE.test(t)) return 'header';
  return null;
}

/**
 * A roster line's label that a payee could still be named (a bare section word where the name goes: 新增, 补报, 续发;
 * helpers 55, 59): kept when the row holds an ID beside it. Never a total (合计, 小计, 合计：3人), a footer, a numbered or
 * counted heading (二、补报人员, 补报人员 1人) or a header word (姓名): those lines are no payee, whatever their ID column
 * holds (helper 63: 合计 | 530424199001010137 | … | 1800 made a person 合计).
 */
export function mayNamePayee(text: string): boolean {
  const t = toHalfWidth(text).replace(/[\s\u3000]+/g, '');
  return rosterLineKind(t) === 'header' && SECTION_LINE.test(t) && /^\p{Script=Han}{2,4}$/u.test(t);
}

/** The numbers a roster's column-number line counts with: 1 2 3 …, 甲 乙 丙 …, 一 二 三 …, A B C …. */
const COLUMN_SERIES = ['甲乙丙丁戊己庚辛壬癸', '一二三四五六七八九十', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳'];
/**
 * A roster's column-number line, under its header: three or more cells counting on by one (1 | 2 | 3 …, 甲 | 乙 | 丙 …,
 * 栏次 | 1 | 2 …), blanks between allowed (helper 66: pasted, 甲 | 乙 | 1 | 2 | 3 made a person 乙 with the ID 1).
 */
export function isColumnNumberLine(cells: readonly string[]): boolean {
  // (A number in brackets, （1）（2）…, is the number; helper 72.)
  const values = cells.map((c) => toHalfWidth(c).trim().replace(/^[(（]([^()（）]{1,2})[)）]$/, '$1')).filter((c) => c !== '' && !/^(?:栏次|欄次|列号|列號)$/.test(c));
  if (values.length < 3) return false;
  const rank = (v: string): [number, number] | null => {
    if (/^\d{1,2}$/.test(v)) return [-1, Number(v)];
    for (let k = 0; k < COLUMN_SERIES.length; k++) {
      const at = COLUMN_SERIES[k]!.indexOf(v.toUpperCase());
      if (v.length === 1 && at >= 0) return [k, at + 1];
    }
    return null;
  };
  const ranks = values.map(rank);
  if (ranks.some((x) => x === null)) return false;
  // Each series counts on by one where it goes on (甲 乙 then 1 2 3 … is one line); in a line of five or more, one number
  // may be missing, its column blank or merged (1 2 3 _ 5; helper 72), not more.
  let skipped = 0;
  for (let i = 1; i < ranks.length; i++) {
    const [series, n] = ranks[i]!;
    const [before, m] = ranks[i - 1]!;
    if (series !== before ? n !== 1 : n === m + 2 && values.length >= 5 ? ++skipped > 1 : n !== m + 1) return false;
  }
  return true;
}

/** A roster's total or end line where a name would be (rosterLineKind 'total'). */
export function isTotalLabel(text: string): boolean {
  return rosterLineKind(text) === 'total';
}
