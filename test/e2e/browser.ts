import { mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { hasCommand, requireFor } from '../require';

export const CHROMIUM = process.env.LANTERN_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return requireFor('browser tests', hasCommand(CHROMIUM), `install Debian's chromium (apt-get install -y chromium) or set LANTERN_CHROMIUM`);
}

/** Debian's chromium, headless, with everything that would phone home switched off (the machine has no internet). */
export function launchBrowser(): Promise<Browser> {
  mkdirSync('test-results', { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
