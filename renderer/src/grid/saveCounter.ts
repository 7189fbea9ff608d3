/** The payments screen's count of saves under way (and keys held), and when its label may say so. */
/** How long saves must be under way before the label says 正在保存 (a quicker save changes nothing on screen). */
export const SAVING_LABEL_AFTER_MS = 200;

/**
 * A count that components can subscribe to without the screen that changes it re-rendering, and
 * whether it has stayed above zero for SAVING_LABEL_AFTER_MS (`shown`): the label changes only then.
 */
export interface Counter {
  add: (change: (n: number) => number) => void;
  get: () => number;
  subscribe: (listener: () => void) => () => void;
  shown: () => boolean;
  subscribeShown: (listener: () => void) => () => void;
}

export function createCounter(): Counter {
  let value = 0;
  let shown = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const listeners = new Set<() => void>();
  const shownListeners = new Set<() => void>();
  const setShown = (next: boolean) => {
    if (shown === next) return;
    shown = next;
    for (const listener of shownListeners) listener();
  };
  const subscribe = (set: Set<() => void>) => (listener: () => void) => {
    set.add(listener);
    return () => set.delete(listener);
  };
  return {
    add(change) {
      const before = value;
      value = change(value);
      if (before === 0 && value > 0 && timer === null) {
        timer = setTimeout(() => {
          timer = null;
          if (value > 0) setShown(true);
        }, SAVING_LABEL_AFTER_MS);
      } else if (value === 0) {
        if (timer !== null) clearTimeout(timer);
        timer = null;
        setShown(false);
      }
      for (const listener of listeners) listener();
    },
    get: () => value,
    subscribe: subscribe(listeners),
    shown: () => shown,
    subscribeShown: subscribe(shownListeners),
  };
}

/** Saves that did not reach the ledger: cells still unsaved (shown as typed, marked) and whether the last save failed. */
export interface SaveTrouble {
  unsaved: number;
  failed: boolean;
}

export interface TroubleStore {
  get: () => SaveTrouble;
  set: (next: SaveTrouble) => void;
  subscribe: (listener: () => void) => () => void;
}

export function createTroubleStore(): TroubleStore {
  let value: SaveTrouble = { unsaved: 0, failed: false };
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      if (next.unsaved === value.unsaved && next.failed === value.failed) return;
      value = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
