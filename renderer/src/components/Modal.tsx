/**
 * A modal dialog: drawn over the whole window (a portal on the body), the page behind it inert (no
 * focus, no clicks, no keys; the shell's menu commands are ignored while one is open: modalStack.ts),
 * the focus taken on opening (a field marked autoFocus, else the first field, the primary button or
 * 取消, as the dialog asks) and kept inside (Tab and Shift+Tab go round), Esc closing it (`onCancel`),
 * and the focus given back to where it was when it closes. A dialog opened from a dialog goes on top
 * of it: only the top one is live. Before (helper 110) the payments screen's 发放 and 退回登记
 * confirmations left the focus on the toolbar behind them: Tab walked it, Enter on 退回登记 opened
 * another dialog, Esc did nothing.
 */
import { useEffect, useRef, type FormEvent, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { onEvent } from '../api/client.ts';
import { pushModal, removeModal, topModal } from './modalStack.ts';

const FOCUSABLE = 'input:not([type="hidden"]), select, textarea, button, a[href], [tabindex]:not([tabindex="-1"])';

function focusables(dialog: HTMLElement): HTMLElement[] {
  return [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0 && el.tabIndex >= 0);
}

export interface ModalProps {
  /** The dialog's name for assistive technology (its title). */
  label?: string;
  testId?: string;
  className?: string;
  /** Esc (and nothing else: the dialog's own 取消 button calls what it likes). */
  onCancel: () => void;
  onSubmit?: () => void;
  /**
   * What takes the focus when no field is marked autoFocus: the primary button (default), 取消 (the safe
   * one), or the first field (a form to fill in).
   */
  initialFocus?: 'primary' | 'cancel' | 'first';
  /** Give the focus back to the element that had it when the dialog opened (default: yes). */
  restoreFocus?: boolean;
  onKeyDown?: (e: KeyboardEvent<HTMLFormElement>) => void;
  onPointerDown?: (e: PointerEvent<HTMLFormElement>) => void;
  children: ReactNode;
}

export function Modal({ label, testId, className = 'modal', onCancel, onSubmit, initialFocus = 'primary', restoreFocus = true, onKeyDown, onPointerDown, children }: ModalProps) {
  const backdrop = useRef<HTMLDivElement>(null);
  const dialog = useRef<HTMLFormElement>(null);
  const props = useRef({ initialFocus, restoreFocus });
  // Who had the focus before the dialog: read while it is first drawn, before a field of it marked autoFocus takes it.
  const opener = useRef<Element | null | undefined>(undefined);
  if (opener.current === undefined) opener.current = document.activeElement;

  useEffect(() => {
    const el = backdrop.current!;
    const form = dialog.current!;
    const before = opener.current instanceof HTMLElement ? opener.current : null;
    pushModal(el);
    // A field marked autoFocus has the focus already (React gave it while mounting); else a button.
    if (!form.contains(document.activeElement)) {
      const primary = form.querySelector<HTMLButtonElement>('.modal-actions button[type="submit"]:not(:disabled), .modal-actions button.primary:not(:disabled)');
      const cancel = form.querySelector<HTMLButtonElement>('.modal-actions button[data-cancel]') ?? form.querySelector<HTMLButtonElement>('.modal-actions button:not([type="submit"]):not(:disabled)');
      const how = props.current.initialFocus;
      const first = how === 'first' ? focusables(form).find((el) => !el.closest('.modal-actions')) : undefined;
      const target = first ?? (how === 'cancel' ? (cancel ?? primary) : (primary ?? cancel));
      (target ?? focusables(form)[0] ?? form).focus();
    }
    // Focus that lands outside the top dialog (a click on the backdrop, a script) comes back into it.
    const onFocusIn = (e: FocusEvent) => {
      if (topModal() !== el) return;
      if (e.target instanceof Node && !el.contains(e.target)) (focusables(form)[0] ?? form).focus();
    };
    document.addEventListener('focusin', onFocusIn);
    // The shell's Ctrl+Z / Ctrl+Y arrive as menu commands: in a field of the dialog they undo its typing (the
    // page's own handlers ignore them while a dialog is open: no change to the ledger is undone behind it).
    const offMenu = onEvent('menu.command', ({ command }) => {
      const active = document.activeElement;
      if (topModal() !== el || !el.contains(active)) return;
      if ((command === 'undo' || command === 'redo') && (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement)) document.execCommand(command);
    });
    return () => {
      offMenu();
      document.removeEventListener('focusin', onFocusIn);
      removeModal(el);
      const focusGone = !document.activeElement || document.activeElement === document.body || el.contains(document.activeElement);
      if (props.current.restoreFocus && focusGone && before?.isConnected) before.focus();
    };
  }, []);

  function keyDown(e: KeyboardEvent<HTMLFormElement>) {
    onKeyDown?.(e);
    // Keys typed in the dialog are the dialog's: none reaches the page's own shortcuts behind it.
    e.stopPropagation();
    if (e.defaultPrevented) return;
    if (e.key === 'Escape' && !e.nativeEvent.isComposing) {
      e.preventDefault();
      onCancel();
    } else if (e.key === 'Tab') {
      const list = focusables(dialog.current!);
      if (list.length === 0) {
        e.preventDefault();
        return;
      }
      const first = list[0]!;
      const last = list[list.length - 1]!;
      const active = document.activeElement;
      // The dialog itself has the focus after a click on its text: Tab goes to its first field, Shift+Tab to its last.
      const within = active !== dialog.current && dialog.current!.contains(active);
      if (e.shiftKey && (active === first || !within)) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (active === last || !within)) {
        e.preventDefault();
        first.focus();
      }
    }
  }

  return createPortal(
    <div className="modal-backdrop" role="presentation" ref={backdrop}
      // A press on the backdrop keeps the focus where it is in the dialog.
      onMouseDown={(e) => { if (e.target === e.currentTarget) e.preventDefault(); }}>
      <form ref={dialog} className={className} role="dialog" aria-modal="true" aria-label={label} data-testid={testId} tabIndex={-1}
        onSubmit={(e: FormEvent) => { e.preventDefault(); onSubmit?.(); }}
        onKeyDown={keyDown} onPointerDown={onPointerDown}>
        {children}
      </form>
    </div>,
    document.body,
  );
}
