/**
 * An editor's first moment: take focus and everything the clerk typed since the edit started
 * (the IME proxy's hand-over, imeProxy.ts). Keys pressed meanwhile (a quick Tab) are replayed
 * right after, so the editor must report the text at once (`onText`).
 */
import { useEffect, type RefObject } from 'react';
import { finishTypedText, focusEditor } from './imeProxy.ts';

export function useTypedTextOnMount(
  input: RefObject<HTMLInputElement | null>,
  /** What the editor started with (takeTypedText), if anything. */
  typed: string | null,
  onText: (all: string) => void,
  /** With nothing typed: select the cell's text (a text cell) or put the caret at its end (a filter). */
  whenNothingTyped: 'select' | 'end' = 'select',
): void {
  useEffect(() => {
    const el = input.current;
    if (!el) return;
    focusEditor(el);
    const all = finishTypedText();
    if (all) {
      el.value = all;
      onText(all);
    }
    if (typed || all || whenNothingTyped === 'end') el.setSelectionRange(el.value.length, el.value.length);
    else el.select();
    // Once, as the editor mounts (onText and the ref are the editor's own for its life).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typed]);
}
