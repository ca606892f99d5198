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
    setupFiles: ['test/per-file-tmpdir.ts'],
  },
});
