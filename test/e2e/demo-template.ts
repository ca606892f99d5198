import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLanternIn } from './lantern-server';

/**
 * vitest.e2e.config.ts's globalSetup. A first start seeds the demo estate through the real pipeline (specs
 * registered, generated traffic discovered and ingested) and hashes the admin's password (bcrypt, cost 12): a few
 * CPU-seconds that every browser test file paid again before its first page. One `lantern serve` does that first
 * start here, once per run; a file's server given no environment of its own (startLantern()) starts from a copy of
 * its data directory (the database and the generated keys), as the existing installation it then is.
 */
export default async function setup(project: TestProject) {
  const first = await startLanternIn(mkdtempSync(join(tmpdir(), 'lantern-e2e-demo-')));
  await first.stop();
  project.provide('lanternDemoTemplate', first.dataDir);
  return () => rmSync(first.dataDir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    lanternDemoTemplate: string;
  }
}
