import { describe, expect, test } from 'vitest';
import { chromiumAvailable, submitSignIn } from './browser';
import { ingestAsCollector } from './ingest-as-collector';
import { lanternAndBrowser } from './lantern-and-browser';

const today = new Date().toISOString().slice(0, 10);

/** The session-cookie kind a signed-in Google page shows (../shared/fixtures/har/mitmproxy__chrome.har), 198 characters. */
const GOOGLE_COOKIES = 'cookie:1P_JAR,AEC,APISID,HSID,NID,OGPC,OTZ,SAPISID,SEARCH_SAMESITE,SID,SIDCC,SSID,__Secure-1PAPISID,__Secure-1PSID,__Secure-1PSIDCC,__Secure-1PSIDTS,__Secure-3PAPISID,__Secure-3PSID,__Secure-3PSIDCC,__Secure-3PSIDTS,__Secure-ENID';

const googleCall = {
  idempotencyKey: 'e2e-long-auth-kind-0001',
  collector: { name: 'e2e', kind: 'log' },
  observations: [
    {
      host: 'www.google.com',
      method: 'GET',
      path: '/images/branding/googlelogo/2x/googlelogo_light_color_272x92dp.png',
      evidence: {
        requests: 1, firstSeen: `${today}T00:00:00.000Z`, lastSeen: `${today}T00:00:00.000Z`, statuses: { '200': 1 }, authKinds: { [GOOGLE_COOKIES]: 1 },
        jwtIssuers: [], scopesSeen: [], unauthenticated2xx: 0, sensitive: [], queryParams: {}, deprecationHeaders: 0, sunsetHeaders: 0,
        clients: { internal: 0, public: 1, unknown: 0 }, callers: 1,
      },
      daily: { [today]: { requests: 1, errors: 0, unauthenticated: 0 } },
      examplePaths: [],
    },
  ],
  stats: {},
};

/**
 * The Auth filter offers every kind traffic showed, and a select is as wide as its longest option: until 6 Dec a
 * browser's HAR with a site's session cookies made it 1,400 px wide and the inventory scrolled sideways, on a wide
 * window as on a phone.
 */
describe.skipIf(!chromiumAvailable())('an auth kind naming many cookies', () => {
  const run = lanternAndBrowser({ LANTERN_DEMO: '0' });

  test('is offered by the Auth filter without widening the inventory, on a wide window and on a phone', async () => {
    const context = await run.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    // The charts' data (which lists the kinds) is kept by the server once asked for: not before the call is stored.
    await page.route('**/api/stats', (route) => route.abort());
    await page.goto(`${run.lantern.url}/signin`);
    await submitSignIn(page, run.lantern.adminEmail, run.lantern.adminPassword);
    await ingestAsCollector(page, run.lantern.url, 'browser-har', googleCall);
    await page.unroute('**/api/stats');
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    for (const width of [1400, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${run.lantern.url}/inventory`);
      const auth = page.getByRole('combobox', { name: 'Auth' });
      await expect.poll(() => auth.locator('option').allTextContents()).toContain(GOOGLE_COOKIES);
      expect(await overflow(), `${width} px`).toBeLessThanOrEqual(0);
      // Still picked whole: the filter is the kind, whatever the control shows of it.
      await auth.selectOption(GOOGLE_COOKIES);
      await page.waitForURL(/auth=cookie/);
      await expect.poll(() => page.getByRole('table', { name: 'Endpoints' }).locator('tbody tr').count()).toBe(1);
      expect(await overflow(), `${width} px, picked`).toBeLessThanOrEqual(0);
    }
    await context.close();
  });
});
