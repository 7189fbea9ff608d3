/**
 * The payments grid's keyboard habits for the register grids (people, model
 * workers): typing on a cell starts editing it, also with a Chinese input method
 * (the IME proxy); Delete clears a cell; Ctrl+Z / Ctrl+Y undo and redo in the
 * ledger's history; Ctrl+F finds; Ctrl+C / Ctrl+V copy and paste tab-separated
 * text. In Electron the menu's accelerators arrive as menu commands instead.
 */
import type { GridApi } from 'ag-grid-community';
import { useEffect, useRef, type RefObject } from 'react';
import { onEvent, platform } from '../api/client.ts';
import { modalOpen } from '../components/modalStack.ts';
import { createImeProxy, typingOutsideCells, type ImeProxy } from './imeProxy.ts';

export interface SheetActions {
  clear?: () => void;
  undo: () => void;
  redo: () => void;
  find?: () => void;
  copy?: (e: ClipboardEvent) => void;
  paste?: (e: ClipboardEvent) => void;
}

export interface Sheet {
  /** Call from onGridReady. */
  ready: () => void;
  /** Call from onCellFocused and onCellEditingStopped: DOM focus back to the IME proxy over the focused cell. */
  attach: () => void;
}

export function useSheetKeys<T>(hostRef: RefObject<HTMLDivElement | null>, apiRef: RefObject<GridApi<T> | null>, actions: SheetActions): Sheet {
  const ime = useRef<ImeProxy | null>(null);
  const act = useRef(actions);
  act.current = actions;

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const native = platform() === 'electron';
    const editing = () => (apiRef.current?.getEditingCells().length ?? 0) > 0;
    const onKeyDown = (e: KeyboardEvent) => {
      if (editing() || typingOutsideCells(e.target)) return;
      const ctrl = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const handled = () => {
        e.preventDefault();
        e.stopPropagation();
      };
      if ((e.key === 'Delete' || e.key === 'Backspace') && !ctrl && act.current.clear) {
        handled();
        act.current.clear();
      } else if (!native && ctrl && key === 'z' && !e.shiftKey) {
        handled();
        act.current.undo();
      } else if (!native && ctrl && (key === 'y' || (key === 'z' && e.shiftKey))) {
        handled();
        act.current.redo();
      } else if (!native && ctrl && key === 'f' && act.current.find) {
        handled();
        act.current.find();
      }
    };
    const inGrid = () => host.contains(document.activeElement) && !typingOutsideCells();
    const onCopy = (e: ClipboardEvent) => inGrid() && !editing() && act.current.copy?.(e);
    const onPaste = (e: ClipboardEvent) => inGrid() && !editing() && act.current.paste?.(e);
    host.addEventListener('keydown', onKeyDown, true);
    document.addEventListener('copy', onCopy);
    document.addEventListener('paste', onPaste);
    const offMenu = onEvent('menu.command', ({ command }) => {
      // A dialog over the grid takes the commands (components/Modal.tsx): nothing is undone behind it.
      if (modalOpen()) return;
      const active = document.activeElement;
      const inText = (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement) && !active.classList.contains('ime-proxy');
      if (command === 'undo') inText ? document.execCommand('undo') : act.current.undo();
      else if (command === 'redo') inText ? document.execCommand('redo') : act.current.redo();
      else if (command === 'find') act.current.find?.();
    });
    return () => {
      host.removeEventListener('keydown', onKeyDown, true);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('paste', onPaste);
      offMenu();
      ime.current?.dispose();
      ime.current = null;
    };
  }, [hostRef, apiRef]);

  return {
    ready: () => {
      if (hostRef.current && !ime.current) ime.current = createImeProxy(hostRef.current, () => apiRef.current);
    },
    attach: () => setTimeout(() => ime.current?.attach(), 0),
  };
}
