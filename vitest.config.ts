import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)), 'server-only': fileURLToPath(new URL('./test/server-only-stub.ts', import.meta.url)) } },
  test: {
    include: ['{lib,collectors,bin,test,prisma}/**/*.test.ts'],
    exclude: ['node_modules/**', 'test/e2e/**', '**/*.e2e.test.ts', '.next/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker per core but one: on CI's two cores, one file at a time, and while that file
    // waited for the CLI, server or database it had started, one core did the work and the other mostly idled.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    setupFiles: ['test/per-file-tmpdir.ts'],
  },
});
