/**
 * The grid's text editor. It starts with whatever the clerk typed on the
 * focused cell — one key, or a whole word committed by a Chinese input method
 * (the IME proxy hands it over as the editor's eventKey) — with the caret at the end.
 */
import type { CustomCellEditorProps } from 'ag-grid-react';
import { useEffect, useRef, useState } from 'react';
import { takeTypedText } from './imeProxy.ts';
import { useTypedTextOnMount } from './useTypedText.ts';
import type { GridRow } from './rows.ts';

export function TextEditor(props: CustomCellEditorProps<GridRow, string | number | null>) {
  const [typed] = useState(() => takeTypedText(props.eventKey));
  const [text, setText] = useState(() => typed ?? (props.value === null || props.value === undefined ? '' : String(props.value)));
  const input = useRef<HTMLInputElement>(null);
  useTypedTextOnMount(input, typed, (all) => {
    setText(all);
    // At once: keys the clerk pressed after the text (a quick Tab) are replayed right after this.
    props.onValueChange(all);
  });
  useEffect(() => {
    props.onValueChange(text);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);
  return <input ref={input} className="ag-input-field-input text-editor" value={text} onChange={(e) => setText(e.target.value)} />;
}
