import { defineConfig } from 'vitest/config';

// Benchmarks print figures; they are not part of `npm test`.
export default defineConfig({
  test: {
    include: ['tests/bench/**/*.bench.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
