/**
 * The person cell's editor: looks people up by name or ID number as the clerk
 * types; a valid ID that is not registered offers to create the person (gender
 * and birth date read from the ID). Arrow keys choose, Enter takes the choice.
 */
import type { CustomCellEditorProps } from 'ag-grid-react';
import { useEffect, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseResidentId } from '../../../shared/domain/residentId.ts';
import type { PersonRecord } from '../../../shared/records.ts';
import { call } from '../api/client.ts';
import { idForDisplay } from '../format.ts';
import { takeTypedText } from './imeProxy.ts';
import { useTypedTextOnMount } from './useTypedText.ts';
import type { GridRow } from './rows.ts';

/** What the editor hands to the grid: typed text, a chosen person, or a request to register one. */
export type PersonChoice = string | { personId: number; name: string } | { createFromId: string; name: string };

export function PersonEditor(props: CustomCellEditorProps<GridRow, PersonChoice>) {
  const { t } = useTranslation();
  const [typed] = useState(() => takeTypedText(props.eventKey));
  const [text, setText] = useState(() => typed ?? (typeof props.value === 'string' ? props.value : ''));
  const [options, setOptions] = useState<PersonRecord[]>([]);
  const [active, setActive] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  /** The clerk moved in the list: late search results must not move the choice. */
  const moved = useRef(false);
  /**
   * Drawn again when the clerk first moves in the list: ↓ on the only item, already chosen (an exact
   * name or ID), leaves `active` as it was, and without this the editor would not say it is choosing
   * (data-choosing), so the grid took the Enter and finished the whole payment.
   */
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const idInfo = /^[\dXx]{15,18}$/.test(text.trim()) ? parseResidentId(text.trim()) : null;
  const offerCreate = idInfo !== null && (idInfo.valid || idInfo.fromFifteen) && !options.some((o) => o.idNumber === idInfo.normalized);
  const items = options.length + (offerCreate ? 1 : 0);

  useTypedTextOnMount(input, typed, (all) => {
    setText(all);
    // At once: keys the clerk pressed after the text (a quick Tab) are replayed right after this.
    props.onValueChange(all);
  });

  useEffect(() => {
    props.onValueChange(text);
    const q = text.trim();
    if (q === '') {
      setOptions([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      call('people.search', { query: q, limit: 8 })
        .then((found) => {
          if (!live) return;
          setOptions(found);
          // Only an exact name (in either script: 李強 is the registered 李强) or ID is pre-chosen: a new person
          // whose name starts like another's stays new. Two registered people of that name: neither (helper 82: Enter
          // took the first silently); the name goes as typed, and the ledger asks which, or the clerk picks one with ↓.
          const exact = found.flatMap((p, i) => (p.exact ? [i] : []));
          if (!moved.current) setActive(exact.length === 1 ? exact[0]! : -1);
        })
        .catch(() => undefined);
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // onValueChange is stable for the editor's life.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  useEffect(() => {
    if (active >= 0 && active < options.length) {
      const o = options[active]!;
      props.onValueChange({ personId: o.id, name: o.name });
    } else if (offerCreate && active === options.length) {
      props.onValueChange({ createFromId: idInfo!.normalized, name: props.data?.personName ?? '' });
    } else {
      props.onValueChange(text);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active, options, offerCreate]);

  /**
   * A registered person is chosen in the list (picked with the arrows, or pre-chosen as the one exact
   * name or ID): Enter takes them and moves on within the payment, as ↓+Enter and Tab do. Left to the
   * grid, a plain Enter on the pre-chosen person finished the payment (0.00, the person only) and
   * started a new entry row.
   */
  const choosing = active >= 0 && active < options.length;

  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key === 'Enter' && choosing) {
      // The grid leaves this Enter to the editor (isChoosingInLookup): the chosen person is the
      // editor's value already; go on to the next cell of the same payment, as Tab does.
      e.preventDefault();
      props.api.tabToNextCell();
      return;
    }
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && !moved.current) {
      moved.current = true;
      redraw();
    }
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, items - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, -1));
    }
  }

  return (
    <div className="person-editor" data-testid="person-editor" data-choosing={choosing ? 'true' : undefined}>
      <input
        ref={input}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(-1);
          moved.current = false;
        }}
        onKeyDown={onKeyDown}
        placeholder={t('grid.personLookup')}
      />
      {items > 0 && (
        <ul role="listbox">
          {options.map((o, i) => (
            <li
              key={o.id}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                props.onValueChange({ personId: o.id, name: o.name });
                setTimeout(() => props.stopEditing(), 0);
              }}
            >
              <b>{o.name}</b> <span className="mono">{idForDisplay(o.idNumber, true)}</span> {o.gender ?? ''} <span className="muted">{o.unitName ?? ''}</span>
            </li>
          ))}
          {offerCreate && (
            <li
              role="option"
              aria-selected={active === options.length}
              className={active === options.length ? 'active create' : 'create'}
              data-testid="offer-create-person"
              onMouseDown={(e) => {
                e.preventDefault();
                props.onValueChange({ createFromId: idInfo!.normalized, name: props.data?.personName ?? '' });
                setTimeout(() => props.stopEditing(), 0);
              }}
            >
              {t('grid.createPerson', { id: idInfo!.normalized, gender: idInfo!.gender ?? '', birth: idInfo!.birthDate ?? '' })}
            </li>
          )}
        </ul>
      )}
    </div>
  );
}

/** A key event from a person lookup whose list has a person chosen with the arrows. */
export function isChoosingInLookup(event: KeyboardEvent): boolean {
  const target = event.target instanceof Element ? event.target : null;
  return target?.closest('.person-editor')?.getAttribute('data-choosing') === 'true';
}
