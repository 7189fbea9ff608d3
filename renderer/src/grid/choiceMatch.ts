/**
 * Which choice of a dropdown cell (项目, 对象类别, 性别, 发放方式, 状态) the text typed into it means (ChoiceEditor.tsx):
 * compared in Simplified, spaces and letter case aside, against each choice's text and the text it is also known by
 * (a program's code: 2017-S finds 2017-SWN's 2017年春节送温暖).
 */
import tsCharacters from 'opencc-js/dict/TSCharacters';

/** Traditional character → its Simplified form (OpenCC's table, as the ledger's own matching: chineseVariants.ts). */
let simplifiedOf: Map<string, string> | null = null;

function simplified(): Map<string, string> {
  if (simplifiedOf) return simplifiedOf;
  simplifiedOf = new Map();
  for (const entry of tsCharacters.split('|')) {
    const [t, s] = entry.split(' ');
    if (t && s && t !== s && [...t].length === 1 && [...s].length === 1) simplifiedOf.set(t, s);
  }
  return simplifiedOf;
}

/** Text as it is compared: Simplified, without spaces, lower case (困難 職工 → 困难职工, 2017-swn). */
export function choiceKey(text: string): string {
  const map = simplified();
  let out = '';
  for (const c of text.replace(/[\s\u3000]+/g, '')) out += map.get(c) ?? c;
  return out.toLowerCase();
}

/** Whether `typed` is `choice` shortened from its start: its characters in order, the first the choice's first (劳模: 劳动模范). */
function abbreviates(typed: string, choice: string): boolean {
  const chars = [...typed];
  if (chars.length < 2 || !choice.startsWith(chars[0]!)) return false;
  let at = 0;
  for (const c of chars) {
    const found = choice.indexOf(c, at);
    if (found < 0) return false;
    at = found + c.length;
  }
  return true;
}

export interface ChoiceMatch {
  /**
   * The choices the text may mean, listed under the cell: those that start with it, then those that contain it elsewhere,
   * then those it shortens from their start (each group in the list's order). Every choice for no text.
   */
  list: string[];
  /** The one choice the text names: it is a choice (or the other text of one), or the only choice the list holds. */
  named?: string;
}

/**
 * The choices `typed` may mean. `keys[i]` is other text values[i] is known by (a program's code), found as its own text is.
 * A text that only shortens a choice counts too (劳模 for 劳动模范), so that one choice containing it (困难劳模, another
 * kind) is not the only one it names.
 */
export function matchChoices(values: readonly string[], typed: string, keys?: readonly (string | undefined)[]): ChoiceMatch {
  const q = choiceKey(typed);
  if (q === '') return { list: [...values] };
  const texts = values.map((v, i) => [choiceKey(v), ...(keys?.[i] ? [choiceKey(keys[i]!)] : [])]);
  const exact = values.find((_, i) => texts[i]!.includes(q));
  const starts: string[] = [];
  const contains: string[] = [];
  const shortens: string[] = [];
  values.forEach((v, i) => {
    const own = texts[i]!;
    if (own.some((x) => x.startsWith(q))) starts.push(v);
    else if (own.some((x) => x.includes(q))) contains.push(v);
    else if (own.some((x) => abbreviates(q, x))) shortens.push(v);
  });
  const list = [...starts, ...contains, ...shortens];
  const named = exact ?? (list.length === 1 ? list[0] : undefined);
  return named === undefined ? { list } : { list, named };
}
