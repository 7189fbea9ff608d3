/**
 * Simplified and Traditional characters as one for searching: 华宁 finds 華寧縣水泥廠工會 and
 * 陳建國 finds 陈建国 (and text that mixes both). Built from OpenCC's character tables (opencc-js,
 * as the import's header matching): each character stands for itself, its Simplified form and
 * every Traditional form of that. Nothing is stored: a search becomes a GLOB pattern with a
 * character class per such character (SQLite tests it per row in C, as it tests a LIKE), and a
 * name lookup becomes a few index ranges, one per spelling.
 */
import stCharacters from 'opencc-js/dict/STCharacters';
import tsCharacters from 'opencc-js/dict/TSCharacters';

let classes: Map<string, string> | null = null;
/** Traditional character → its Simplified form (only characters that differ). */
let simplifiedOf: Map<string, string> | null = null;
/** By UTF-16 unit: 1 where foldToSimplified may change the text (see variantClasses). */
let foldable: Uint8Array | null = null;

/** Character → every character it stands for (itself included), for characters with another form. */
function variantClasses(): Map<string, string> {
  if (classes) return classes;
  // Traditional → Simplified (the first form), and Simplified → its Traditional forms.
  const toSimplified = new Map<string, string>();
  for (const entry of tsCharacters.split('|')) {
    const [t, s] = entry.split(' ');
    if (t && s && [...t].length === 1 && [...s].length === 1) toSimplified.set(t, s);
  }
  const forms = new Map<string, Set<string>>();
  const add = (simplified: string, c: string) => {
    let set = forms.get(simplified);
    if (!set) forms.set(simplified, (set = new Set([simplified])));
    set.add(c);
  };
  for (const [t, s] of toSimplified) add(s, t);
  for (const entry of stCharacters.split('|')) {
    const [s, ...ts] = entry.split(' ');
    if (!s || [...s].length !== 1) continue;
    for (const t of ts) if ([...t].length === 1) add(s, t);
  }
  classes = new Map();
  simplifiedOf = new Map([...toSimplified].filter(([t, s]) => t !== s));
  // 1 for a UTF-16 unit that is a character to fold, or a surrogate (a character outside the BMP is
  // looked up whole, as foldEach reads it).
  foldable = new Uint8Array(0x10000);
  foldable.fill(1, 0xd800, 0xe000);
  for (const t of simplifiedOf.keys()) if (t.length === 1) foldable[t.charCodeAt(0)] = 1;
  const all = new Set<string>([...forms.keys(), ...toSimplified.keys()]);
  for (const c of all) {
    const simplified = toSimplified.get(c) ?? c;
    const set = forms.get(simplified);
    if (set && set.size > 1) classes.set(c, [...new Set([c, ...set])].join(''));
  }
  return classes;
}

/**
 * Build the table now (~25 ms), ahead of its first use: the import thread does it when the import
 * screen opens, so that a commit that creates units (ensureUnit matches their names in either
 * script) does not build it while the clerk waits.
 */
export function prepareVariants(): void {
  variantClasses();
}

/**
 * `text` with its Traditional characters in their Simplified form, character by character (陳紅 → 陈红, 青龍鎮中學 →
 * 青龙镇中学): the very string when it has none (no new string for the many names written in Simplified). For
 * grouping many rows cheaply, where OpenCC per row would cost ~0.15 s on 100,000 rows.
 */
export function foldToSimplified(text: string): string {
  variantClasses();
  // Most texts (names, units written in Simplified) have no character to fold: they are passed over
  // by UTF-16 unit against a table of the characters that have one, without a Map lookup per character.
  const table = foldable!;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (table[c] === 1) return foldEach(text);
  }
  return text;
}

/** foldToSimplified of a text that may have a character to fold, character by character. */
function foldEach(text: string): string {
  const map = simplifiedOf!;
  let out: string | null = null;
  let i = 0;
  for (const c of text) {
    const s = map.get(c);
    if (s !== undefined && out === null) out = text.slice(0, i);
    if (out !== null) out += s ?? c;
    i += c.length;
  }
  return out ?? text;
}

/** The characters `c` stands for in a search (itself alone when it has no other form). */
export function variantsOf(c: string): string {
  return variantClasses().get(c) ?? c;
}

/** Whether any character of `text` has another (Simplified or Traditional) form. */
export function hasVariants(text: string): boolean {
  const map = variantClasses();
  for (const c of text) if (map.has(c)) return true;
  return false;
}

/**
 * A GLOB pattern that finds `text` anywhere, as `LIKE '%text%'` would (ASCII letters in either
 * case), each character with another form matching any of its forms.
 */
export function variantGlob(text: string): string {
  let out = '*';
  for (const c of text) {
    const forms = variantsOf(c);
    if (forms.length > 1) out += `[${forms}]`;
    else if (/[a-z]/i.test(c)) out += `[${c.toLowerCase()}${c.toUpperCase()}]`;
    else if (c === '*' || c === '?' || c === '[') out += `[${c}]`;
    else out += c;
  }
  return `${out}*`;
}

/**
 * Every spelling of `text` with each character in each of its forms, or null when there would be
 * more than `max` (a long text of such characters: the caller searches as typed).
 */
export function variantSpellings(text: string, max = 32): string[] | null {
  let out = [''];
  for (const c of text) {
    const forms = [...variantsOf(c)];
    if (out.length * forms.length > max) return null;
    out = out.flatMap((prefix) => forms.map((f) => prefix + f));
  }
  return out;
}

/**
 * Characters whose Simplified and Traditional forms are also told apart in names: 於 is a surname of its own,
 * not 于; so are 余 and 餘, 沈 and 瀋, 范 and 範, 游 and 遊, 干 and 乾/幹, 谷 and 穀, 丑 and 醜, 台 and 臺, 后 and 後,
 * 云 and 雲. A name holding one is the same person's only as written (a search still finds both).
 */
const NAME_DISTINCT = /[于於余餘沈瀋范範游遊干乾幹谷穀丑醜台臺后後云雲]/;

/** Whether two spellings of a name in the other script may be taken for one person (李強 and 李强; not 於丽 and 于丽). */
export function nameVariantsSafe(name: string): boolean {
  return !NAME_DISTINCT.test(name);
}
