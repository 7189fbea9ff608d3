/**
 * The payments grid's dropdown (性别, 项目, 对象类别, 发放方式, 状态): a list of the code list's
 * choices under the cell, filtered by what the clerk types (choiceMatch.ts: in Simplified or Traditional, a program
 * also by its code): typing 困难 on 对象类别 leaves 困难职工, 困难农民工, 困难劳模, 困难职工子女 (they start with it),
 * then 单亲困难女职工. Enter or Tab take the highlighted choice. Typed text highlights the choice it names: a choice
 * itself, or the only one listed (子女: 困难职工子女; 2017-S: 2017年春节送温暖). Text that may mean several choices
 * (职工; 劳模, in 困难劳模 and short for 劳动模范) or none highlights nothing: the arrows choose, and Enter or Tab are
 * refused (the input's `data-refusal` says why; PaymentsScreen's refuseUnreadable keeps the clerk in the editor with
 * the text and says so, as for a date it cannot read). They ended the edit leaving the cell as it was, and the entry
 * row's payment was then stored under the program it started with (helper 108). Esc leaves the cell as it was. Text
 * that names one choice alone never opens it: the IME proxy sets the cell at once (imeProxy chooseInDropdown). Opened
 * with F2, Enter or a double click it lists every choice with the cell's value highlighted.
 */
import type { CustomCellEditorProps } from 'ag-grid-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { matchChoices } from './choiceMatch.ts';
import { takeTypedText } from './imeProxy.ts';
import { useTypedTextOnMount } from './useTypedText.ts';
import type { GridRow } from './rows.ts';

export interface ChoiceEditorParams {
  /** The choices, in the code list's order. */
  values: string[];
  /** Other text each choice is found by, by index (项目: the program's code, shown before its name). */
  keys?: (string | undefined)[];
  /** Marks the column as a dropdown for the IME proxy (text naming one choice sets it at once). */
  dropdown: true;
  /** What the ledger reads a text no choice contains as (性别 M, 男性; 发放方式 银行卡), else null: taken as that choice. */
  reads?: (text: string) => string | null;
}

/** The input's attribute that says why Enter or Tab cannot take its text (read by the screen). */
export const CHOICE_REFUSAL_ATTR = 'data-refusal';

export function ChoiceEditor(props: CustomCellEditorProps<GridRow, string> & Partial<ChoiceEditorParams>) {
  const { t } = useTranslation();
  const values = props.values ?? [];
  const keys = props.keys;
  const [typed] = useState(() => takeTypedText(props.eventKey));
  const [text, setText] = useState(typed ?? '');
  const current = typeof props.value === 'string' ? props.value : '';
  /** The choice highlighted as `text` is typed: the one it names; none typed (F2, Enter, a double click, Tab along the row), the cell's own. */
  const named = (all: string): number => {
    const m = matchChoices(values, all, keys);
    if (all.trim() === '') return m.list.indexOf(current);
    return m.named === undefined ? -1 : m.list.indexOf(m.named);
  };
  const [active, setActive] = useState(() => named(typed ?? ''));
  const input = useRef<HTMLInputElement>(null);

  /**
   * What Enter or Tab would do with this text and highlight: the value the grid takes (the highlighted choice; else what
   * the ledger reads a text no choice contains as; else the cell's own), and why it is refused (text typed, no choice).
   */
  const decide = (all: string, at: number) => {
    const { list } = matchChoices(values, all, keys);
    const chosen = at >= 0 ? list[Math.min(at, list.length - 1)] : undefined;
    const typedNow = all.trim();
    const read = chosen === undefined && typedNow !== '' && list.length === 0 ? (props.reads?.(typedNow) ?? undefined) : undefined;
    const refusal = typedNow === '' || chosen !== undefined || read !== undefined
      ? null
      : list.length > 0
        ? t('grid.choiceSeveral', { text: typedNow, near: list.length <= 8 ? list.join('、') : `${list.slice(0, 8).join('、')}…` })
        : t('grid.choiceNoneOf', { text: typedNow, choices: values.length <= 20 ? values.join('、') : `${values.slice(0, 20).join('、')}…` });
    return { list, chosen, value: chosen ?? read ?? current, refusal };
  };
  const { list, chosen, value, refusal } = decide(text, active);
  /** Told to the grid and the input at once (a Tab replayed right after the typed text is handed over must find them). */
  const report = (all: string, at: number) => {
    const d = decide(all, at);
    props.onValueChange(d.value);
    if (d.refusal === null) input.current?.removeAttribute(CHOICE_REFUSAL_ATTR);
    else input.current?.setAttribute(CHOICE_REFUSAL_ATTR, d.refusal);
  };

  useTypedTextOnMount(input, typed, (all) => {
    const at = named(all);
    setText(all);
    setActive(at);
    report(all, at);
  }, 'end');

  useEffect(() => {
    props.onValueChange(value);
    // onValueChange is stable for the editor's life.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);

  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const at = e.key === 'ArrowDown' ? Math.min(active + 1, list.length - 1) : Math.max(active - 1, Math.min(0, active));
    setActive(at);
    report(text, at);
  }

  return (
    <div className="person-editor choice-editor" data-testid="choice-editor">
      <input
        ref={input}
        value={text}
        onChange={(e) => {
          const at = named(e.target.value);
          setText(e.target.value);
          setActive(at);
          report(e.target.value, at);
        }}
        onKeyDown={onKeyDown}
        {...(refusal === null ? {} : { [CHOICE_REFUSAL_ATTR]: refusal })}
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
            {keys?.[values.indexOf(v)] && <span className="choice-key">{keys[values.indexOf(v)]}</span>}
            {v}
          </li>
        ))}
        {list.length === 0 && <li className="muted" aria-disabled="true">{t('grid.choiceNone')}</li>}
      </ul>
    </div>
  );
}
