/** The save label's counter: 正在保存 only once saves have been under way for a moment. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCounter, SAVING_LABEL_AFTER_MS } from '../../renderer/src/grid/saveCounter.ts';

describe('save counter', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a save answered quickly never shows; one still under way after the delay shows until all are done', () => {
    const c = createCounter();
    const counts: number[] = [];
    const shown: boolean[] = [];
    c.subscribe(() => counts.push(c.get()));
    c.subscribeShown(() => shown.push(c.shown()));

    c.add((n) => n + 1);
    vi.advanceTimersByTime(SAVING_LABEL_AFTER_MS - 1);
    c.add((n) => n - 1);
    vi.advanceTimersByTime(SAVING_LABEL_AFTER_MS * 2);
    expect(shown).toEqual([]);
    expect(counts).toEqual([1, 0]);

    c.add((n) => n + 1);
    c.add((n) => n + 1);
    vi.advanceTimersByTime(SAVING_LABEL_AFTER_MS);
    expect(c.shown()).toBe(true);
    c.add((n) => n - 1);
    expect(c.shown()).toBe(true);
    c.add((n) => n - 1);
    expect(c.shown()).toBe(false);
    expect(shown).toEqual([true, false]);
    expect(counts).toEqual([1, 0, 1, 2, 1, 0]);
  });

  it('the delay counts from the first save of a run, not from each', () => {
    const c = createCounter();
    c.add((n) => n + 1);
    vi.advanceTimersByTime(SAVING_LABEL_AFTER_MS / 2);
    c.add((n) => n + 1);
    c.add((n) => n - 1);
    vi.advanceTimersByTime(SAVING_LABEL_AFTER_MS / 2);
    expect(c.shown()).toBe(true);
  });
});
