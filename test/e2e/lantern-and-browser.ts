import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser';
import { startLantern, type RunningLantern } from './lantern-server';

/**
 * A fresh Lantern (demo estate unless `env` says otherwise, its own data directory) and a headless chromium for the
 * tests of one describe block: started before them, stopped after. Read `lantern` and `browser` inside the tests,
 * once they have started.
 */
export function lanternAndBrowser(env: Record<string, string> = {}): { readonly lantern: RunningLantern; readonly browser: Browser } {
  const running = {} as { lantern: RunningLantern; browser: Browser };
  beforeAll(async () => {
    running.lantern = await startLantern(env);
    running.browser = await launchBrowser();
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.lantern?.stop();
  });
  return running;
}
