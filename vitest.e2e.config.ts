import { defineConfig } from 'vitest/config';

/** Browser journeys: one file at a time, each against its own `lantern serve`. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
