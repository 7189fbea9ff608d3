/**
 * The grid's text editor. It starts with whatever the clerk typed on the
 * focused cell — one key, or a whole word committed by a Chinese input method
 * (the IME proxy hands it over as the editor's eventKey) — with the caret at the end.
 */
import type { CustomCellEditorProps } from 'ag-grid-react';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { takeTypedText } from './imeProxy.ts';
import { useTypedTextOnMount } from './useTypedText.ts';
import type { GridRow } from './rows.ts';

/** cellEditorParams of a column whose stored value is not what the clerk edits (an amount in fen is edited in yuan). */
export interface TextEditorParams {
  editText?: (value: unknown) => string;
}

export function TextEditor(props: CustomCellEditorProps<GridRow, string | number | null> & TextEditorParams) {
  const [typed] = useState(() => takeTypedText(props.eventKey));
  const [text, setText] = useState(() => typed ?? (props.editText ? props.editText(props.value) : props.value === null || props.value === undefined ? '' : String(props.value)));
  const input = useRef<HTMLInputElement>(null);
  /** The text the editor opened with (before any key of the clerk's): while the field still holds it, the edit is untouched. */
  const opened = useRef(text);
  const shownValue = useRef(props.value);
  useTypedTextOnMount(input, typed, (all) => {
    setText(all);
    // At once: keys the clerk pressed after the text (a quick Tab) are replayed right after this.
    props.onValueChange(all);
  });
  useEffect(() => {
    props.onValueChange(text);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);
  // The cell's stored value changed while the editor was open and the clerk has typed nothing in it (an entry row's save
  // answered: the person picked in 姓名 brings the ID the editor opened blank on): the editor shows it, selected, as if
  // it had opened on it. Text the clerk typed is never replaced. (A layout effect: shown within the render that brings
  // the value, so the grid's screen can tell at once whether it was.)
  useLayoutEffect(() => {
    if (Object.is(shownValue.current, props.value)) return;
    shownValue.current = props.value;
    const el = input.current;
    if (!el || typed !== null || el.value !== opened.current) return;
    const next = props.editText ? props.editText(props.value) : props.value === null || props.value === undefined ? '' : String(props.value);
    opened.current = next;
    el.value = next;
    setText(next);
    if (document.activeElement === el) el.select();
  }, [props.value, props.editText, typed]);
  // Begun by typing (Excel's 输入 mode, not F2's 编辑 mode): ↓ and ↑ end the edit and move, as Enter and
  // Shift+Enter do (the value saved the same way); after F2 they stay in the text. On the input itself,
  // before the grid's own listeners (which leave arrows to an editor) see the key.
  useEffect(() => {
    const el = input.current;
    if (!el || typed === null) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if ((e.key !== 'ArrowDown' && e.key !== 'ArrowUp') || e.isComposing || e.ctrlKey || e.metaKey || e.altKey) return;
      e.preventDefault();
      e.stopPropagation();
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', shiftKey: e.key === 'ArrowUp', bubbles: true, cancelable: true }));
    };
    el.addEventListener('keydown', onKeyDown);
    return () => el.removeEventListener('keydown', onKeyDown);
  }, [typed]);
  return <input ref={input} className="ag-input-field-input text-editor" value={text} onChange={(e) => setText(e.target.value)} />;
}
