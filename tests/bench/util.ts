/** Figures for benchmarks: `name value unit` lines, timing and peak memory. */
import fs from 'node:fs';

export function figure(name: string, value: number, unit: string): void {
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(unit === 'ms' ? 1 : 3);
  process.stdout.write(`${name} ${shown} ${unit}\n`);
}

export function time<T>(fn: () => T): { result: T; ms: number } {
  const t = performance.now();
  const result = fn();
  return { result, ms: performance.now() - t };
}

export async function timeAsync<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const t = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - t };
}

/** Samples RSS every few milliseconds while work runs; call stop() for the peak in MB. */
export function rssSampler(everyMs = 20): { stop: () => number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return peak / 1024 / 1024;
    },
  };
}

/**
 * Peak RSS of this process in MB: the sampler's peak, and the kernel's high-water mark where
 * there is one (the sampler cannot run while preview and commit hold the thread).
 */
export function peakRss(sampled: number): number {
  try {
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Math.max(sampled, Number(kb) / 1024) : sampled;
  } catch {
    return sampled;
  }
}
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
