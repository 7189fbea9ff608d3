/**
 * The modal dialogs open, bottom first (components/Modal.tsx): while one is open the page behind it is
 * inert, and only the top dialog is live. The screens' handlers of the shell's menu commands ask
 * `modalOpen` so that nothing happens behind a dialog (an undo, a change of screen).
 */
const stack: HTMLElement[] = [];

/** A modal dialog is open: the page behind it takes no command (menu accelerators included). */
export function modalOpen(): boolean {
  return stack.length > 0;
}

/** The dialog on top (the live one). */
export function topModal(): HTMLElement | undefined {
  return stack[stack.length - 1];
}

function applyInert(): void {
  const root = document.getElementById('root');
  if (root) root.inert = stack.length > 0;
  stack.forEach((el, i) => {
    el.inert = i < stack.length - 1;
  });
}

export function pushModal(el: HTMLElement): void {
  stack.push(el);
  applyInert();
}

export function removeModal(el: HTMLElement): void {
  const at = stack.indexOf(el);
  if (at >= 0) stack.splice(at, 1);
  applyInert();
}
