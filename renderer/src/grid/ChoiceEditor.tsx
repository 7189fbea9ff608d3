/**
 * The payments grid's dropdown (性别, 项目, 对象类别, 发放方式, 状态): a list of the code list's
 * choices under the cell, filtered by what the clerk types: typing 困难 on 对象类别 leaves 困难职工,
 * 困难农民工, 困难劳模, 困难职工子女 (they start with it), then 单亲困难女职工. The arrows move in
 * the list, Enter or Tab takes the highlighted choice (typed text highlights the first choice that starts with it, not
 * one that only contains it), Esc leaves the cell as it was. Text that names one choice alone never opens it: the IME proxy
 * sets the cell at once (imeProxy chooseInDropdown). Opened with F2, Enter or a double click it
 * lists every choice with the cell's value highlighted.
 */
import type { CustomCellEditorProps } from 'ag-grid-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { takeTypedText } from './imeProxy.ts';
import { useTypedTextOnMount } from './useTypedText.ts';
import type { GridRow } from './rows.ts';

export interface ChoiceEditorParams {
  /** The choices, in the code list's order. */
  values: string[];
  /** Marks the column as a dropdown for the IME proxy (text naming one choice sets it at once). */
  dropdown: true;
  /**
   * Enter or Tab with typed text that no choice starts with, while some contain it (劳模: 困难劳模): the cell keeps its
   * value and the grid says so, naming those (`near`).
   */
  onNoMatch?: (text: string, choices: readonly string[], near?: readonly string[]) => void;
}

/** The choices that contain the typed text (all of them for none): those that start with it first, each group in the list's order. */
export function matchingChoices(values: readonly string[], typed: string): string[] {
  const q = typed.trim();
  if (q === '') return [...values];
  return [...values.filter((v) => v.startsWith(q)), ...values.filter((v) => !v.startsWith(q) && v.includes(q))];
}

export function ChoiceEditor(props: CustomCellEditorProps<GridRow, string> & Partial<ChoiceEditorParams>) {
  const { t } = useTranslation();
  const values = props.values ?? [];
  const [typed] = useState(() => takeTypedText(props.eventKey));
  const [text, setText] = useState(typed ?? '');
  const current = typeof props.value === 'string' ? props.value : '';
  const list = matchingChoices(values, text);
  // Typed text: the first choice that starts with it; one that only contains it is not taken on Enter (helper 47: 劳模
  // and Enter stored 困难劳模, another kind), ↓ chooses it. None typed (F2, Enter, a double click, Tab along the row):
  // the cell's own value, or no choice at all when it is empty, so that passing through changes nothing.
  const startsList = (t: string) => t.trim() !== '' && (matchingChoices(values, t)[0]?.startsWith(t.trim()) ?? false);
  const [active, setActive] = useState(() => (typed ? (startsList(typed) ? 0 : -1) : list.indexOf(current)));
  const input = useRef<HTMLInputElement>(null);
  const chosen = active >= 0 ? list[Math.min(active, list.length - 1)] : undefined;

  useTypedTextOnMount(input, typed, (all) => {
    setText(all);
    setActive(startsList(all) ? 0 : -1);
  }, 'end');

  // The value the grid takes on Enter or Tab: the highlighted choice. Text no choice contains goes to the ledger as typed,
  // which reads it in either script, spaces aside (困難職工 is 困难职工, 銀行 轉賬 银行转账), or refuses it saying why;
  // else the cell's value.
  const asTyped = chosen === undefined && list.length === 0 && text.trim() !== '' ? text.trim() : undefined;
  useEffect(() => {
    props.onValueChange(chosen ?? asTyped ?? current);
    // onValueChange is stable for the editor's life.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chosen, asTyped, current]);

  // Enter or Tab on text some choices contain, none highlighted: the cell keeps its value, and the clerk is told which
  // choices are near. On the input itself, before the grid (which ends the edit on those keys) sees them.
  const latest = useRef({ text, near: chosen === undefined ? list : [] });
  latest.current = { text, near: chosen === undefined ? list : [] };
  const onNoMatch = props.onNoMatch;
  useEffect(() => {
    const el = input.current;
    if (!el || !onNoMatch) return;
    const onKey = (e: KeyboardEvent) => {
      const { text: typedNow, near } = latest.current;
      if ((e.key === 'Enter' || e.key === 'Tab') && near.length > 0 && typedNow.trim() !== '') onNoMatch(typedNow.trim(), values, near);
    };
    el.addEventListener('keydown', onKey);
    return () => el.removeEventListener('keydown', onKey);
  }, [onNoMatch, values]);

  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, list.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, Math.min(0, a)));
    }
  }

  return (
    <div className="person-editor choice-editor" data-testid="choice-editor">
      <input
        ref={input}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(startsList(e.target.value) ? 0 : e.target.value.trim() === '' ? list.indexOf(current) : -1);
        }}
        onKeyDown={onKeyDown}
        placeholder={t('grid.choiceFilter')}
        aria-label={t('grid.choiceFilter')}
      />
      <ul role="listbox">
        {list.map((v, i) => (
          <li
            key={v}
            role="option"
            aria-selected={v === chosen}
            className={v === chosen ? 'active' : ''}
            onMouseDown={(e) => {
              e.preventDefault();
              setActive(i);
              props.onValueChange(v);
              setTimeout(() => props.stopEditing(), 0);
            }}
          >
            {v}
          </li>
        ))}
        {list.length === 0 && <li className="muted" aria-disabled="true">{t('grid.choiceNone')}</li>}
      </ul>
    </div>
  );
}
