/** Keys, text, input-method compositions and clicks sent to the page all at once (no waiting between them), on a slowed CPU. */
import type { Page } from 'playwright-core';

type Step = string | { text: string } | { ctrl: string } | { ime: string; text: string } | { compose: string } | { click: [number, number] };

/**
 * All steps sent at once, with the CPU slowed `cpuRate`×: on a slow PC an editor's mount and its
 * effects take long enough for keys to overtake them. A string is typed key by key (Tab, Enter …
 * by name); `text` is inserted as an input method commits it, `ime` composes then commits,
 * `compose` composes only, `ctrl` is Ctrl+key, `click` a mouse click at a point.
 */
export async function burst(page: Page, steps: Step[], cpuRate = 20): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const codes: Record<string, [string, number, string?]> = { Tab: ['Tab', 9], Enter: ['Enter', 13, '\r'], Escape: ['Escape', 27], ArrowDown: ['ArrowDown', 40], ArrowUp: ['ArrowUp', 38], F2: ['F2', 113], Backspace: ['Backspace', 8], Delete: ['Delete', 46] };
  const sends: Promise<unknown>[] = [];
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
  for (const step of steps) {
    if (typeof step !== 'string' && 'click' in step) {
      const [x, y] = step.click;
      sends.push(cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button: 'left', clickCount: 1 }));
      sends.push(cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button: 'left', clickCount: 1 }));
      continue;
    }
    if (typeof step !== 'string' && 'compose' in step) {
      for (let i = 1; i <= step.compose.length; i++) {
        sends.push(cdp.send('Input.imeSetComposition', { text: step.compose.slice(0, i), selectionStart: i, selectionEnd: i }));
      }
      continue;
    }
    if (typeof step !== 'string' && 'ime' in step) {
      for (let i = 1; i <= step.ime.length; i++) {
        sends.push(cdp.send('Input.imeSetComposition', { text: step.ime.slice(0, i), selectionStart: i, selectionEnd: i }));
      }
      sends.push(cdp.send('Input.insertText', { text: step.text }));
      continue;
    }
    if (typeof step !== 'string' && 'text' in step) {
      sends.push(cdp.send('Input.insertText', { text: step.text }));
      continue;
    }
    if (typeof step !== 'string') {
      const k = step.ctrl;
      const init = { key: k, code: `Key${k.toUpperCase()}`, windowsVirtualKeyCode: k.toUpperCase().charCodeAt(0), modifiers: 2 };
      sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...init }), cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...init }));
      continue;
    }
    const named = codes[step];
    const keys = named ? [[step, ...named] as const] : [...step].map((c) => [c, /\d/.test(c) ? `Digit${c}` : `Key${c.toUpperCase()}`, c.toUpperCase().charCodeAt(0), c] as const);
    for (const [k, code, keyCode, text] of keys) {
      sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: k, code, windowsVirtualKeyCode: keyCode, ...(text ? { text } : {}) }));
      sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: k, code, windowsVirtualKeyCode: keyCode }));
    }
  }
  await Promise.all(sends);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await cdp.detach();
}

