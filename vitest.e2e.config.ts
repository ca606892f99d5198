import { defineConfig } from 'vitest/config';

/** Browser journeys: one file at a time, each against its own `lantern serve`. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts', 'test/security/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
    setupFiles: ['test/per-file-tmpdir.ts'],
    globalSetup: ['test/e2e/demo-template.ts'],
    // The server under test shares two cores with the browser: give UI assertions time to settle.
    expect: { poll: { timeout: 20_000, interval: 100 } },
  },
});
