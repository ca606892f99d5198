import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';
import { startLantern } from './lantern-server';

/**
 * With no webhook and no event file configured (the default), alerts are raised and sent nowhere. Until 6 Dec the
 * Alerts page showed each as "Pending (0 attempts)", as if a delivery were on its way, and said nothing else.
 */
describe.skipIf(!chromiumAvailable())('the Alerts page of a Lantern without alert sinks', () => {
  const run = lanternAndBrowser();

  test('says the alerts are sent nowhere until a sink is configured', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    await page.goto(`${run.lantern.url}/alerts`);
    await page.getByRole('table', { name: 'Alerts' }).waitFor();
    expect(await page.getByRole('main').getByRole('note').allTextContents()).toEqual([
      'No webhook (LANTERN_WEBHOOK_URLS) or event file (LANTERN_EVENT_FILE) is configured: alerts are listed here and sent nowhere; pending ones are sent once a sink is configured.',
    ]);
    await page.context().close();

    // With a sink, no such note.
    const withSink = await startLantern({ LANTERN_EVENT_FILE: `${run.lantern.dataDir}/events.jsonl` });
    try {
      const other = await signedInPage(run.browser, withSink.url, withSink.adminEmail, withSink.adminPassword);
      await other.goto(`${withSink.url}/alerts`);
      await other.getByRole('heading', { name: 'Alerts' }).waitFor();
      expect(await other.getByRole('main').getByRole('note').count()).toBe(0);
      await other.context().close();
    } finally {
      await withSink.stop();
    }
  });
});
