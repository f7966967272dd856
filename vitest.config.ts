import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './tests/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          // One Chromium at a time: the machines have two cores.
          fileParallelism: false,
          // What a slow, loaded machine needs, not a speed goal: those are in `npm run bench`. Seen
          // here: the same two cores running code ten times slower for minutes at a time.
          testTimeout: 120_000,
          hookTimeout: 60_000,
          expect: { poll: { timeout: 30_000 } },
          globalSetup: ['tests/e2e/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'firefox',
          include: ['tests/e2e-firefox/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          // A group of its own, after the unit tests and apart from the Chromium files (which vitest runs
          // one by one after every group): one browser at a time on two cores.
          sequence: { groupOrder: 1 },
          testTimeout: 90_000,
          hookTimeout: 60_000,
          expect: { poll: { timeout: 10_000 } },
          globalSetup: ['tests/e2e-firefox/global-setup.ts'],
        },
      },
    ],
  },
});
