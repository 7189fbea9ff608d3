import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // One temp folder per run, removed at its end (tests/helpers/tempRoot.ts).
    globalSetup: ['tests/helpers/tempRoot.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // The end-to-end tests poll the UI; give them time on a busy 2-core machine.
    expect: { poll: { timeout: 10_000, interval: 50 } },
  },
});
