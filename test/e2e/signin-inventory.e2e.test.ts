import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage, submitSignIn } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

describe.skipIf(!chromiumAvailable())('sign-in and inventory in a real browser', () => {
  const run = lanternAndBrowser();

  test('a signed-out visitor is sent to sign-in; wrong password is refused; the admin sees the demo inventory', async () => {
    const page = await run.browser.newPage();
    await page.goto(`${run.lantern.url}/inventory`);
    await page.waitForURL(/\/signin/);

    await page.getByLabel('E-mail').fill(run.lantern.adminEmail);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('.form-error').textContent()).toContain('Wrong e-mail or password');

    await submitSignIn(page, run.lantern.adminEmail, run.lantern.adminPassword);
    const rows = page.getByRole('table', { name: 'Endpoints' }).locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(20);
    expect(await page.getByTestId('count-zombie').textContent()).toContain('2');
    expect(await page.getByTestId('count-shadow').textContent()).toContain('5');
    await expect.poll(() => page.getByRole('table', { name: 'Endpoints' }).textContent()).toContain('/v2/internal/reconcile');

    await page.getByLabel('State', { exact: true }).selectOption('shadow');
    await page.waitForURL(/state=shadow/);
    await expect.poll(() => rows.count()).toBe(5);
    // The charts mount after the table (one per idle moment, never while it is fetching) and do not follow the filters.
    const posture = page.getByRole('figure', { name: 'Endpoints by security posture' });
    await posture.locator('svg.recharts-surface').waitFor();
    // recharts wraps long tick labels into one <tspan> per line.
    const buckets = await posture.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').evaluateAll((ticks) =>
      ticks.map((t) => [...t.querySelectorAll('tspan')].map((line) => line.textContent).join(' ')),
    );
    expect(buckets).toEqual(['authenticated', 'unauthenticated calls', 'sensitive data, unauthenticated', 'auth not observable']);
    const requests = page.getByRole('figure', { name: 'Requests per day by endpoint state' });
    await expect.poll(() => requests.locator('.recharts-area').count()).toBe(3); // documented, shadow, zombie
    await page.getByRole('figure', { name: 'New shadow endpoints per week' }).locator('.recharts-bar').waitFor();
    expect(await page.getByRole('status', { name: 'Loading chart' }).count()).toBe(0);
    await page.screenshot({ path: 'test-results/inventory-shadow.png', fullPage: true });

    await page.getByRole('link', { name: 'APIs' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'APIs' }).textContent()).toContain('Payments API');
    await page.close();
  });

  test('"Sign out everywhere" on one device ends the session on another at its next request', async () => {
    const signIn = () => signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const laptop = await signIn();
    const phone = await signIn();
    await laptop.getByRole('button', { name: 'Sign out everywhere' }).click();
    await laptop.waitForURL(/\/signin/);
    // The phone still holds a cookie that is valid by its signature and expiry: the server refuses it anyway.
    expect((await phone.context().cookies()).some((c) => c.name.endsWith('next-auth.session-token'))).toBe(true);
    // The phone's open page may already be on its way to /signin (a background request got the 401 first): the goto
    // is then interrupted, or aborted (net::ERR_ABORTED: Chromium cancels it for the page's own navigation; seen in a
    // CI run). Either navigation ending on /signin proves the session is gone (waited for below), so only another
    // failure of the goto counts.
    await phone.goto(`${run.lantern.url}/apis`).catch((e: Error) => {
      if (!/interrupted by another navigation to "[^"]*\/signin|net::ERR_ABORTED/.test(e.message)) throw e;
    });
    await phone.waitForURL(/\/signin/);
    expect((await phone.request.get(`${run.lantern.url}/api/me`)).status()).toBe(401);
    // Signing in again works at once.
    const again = await signIn();
    expect((await again.request.get(`${run.lantern.url}/api/me`)).status()).toBe(200);
    for (const p of [laptop, phone, again]) await p.context().close();
  });

  test('"Sign out everywhere" whose revocation fails says so and signs nothing out, where it signed out this browser alone', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    await page.route('**/api/me/sessions/revoke', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"internal error"}}' }));
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    const alert = page.getByRole('navigation', { name: 'Main' }).getByRole('alert');
    await expect.poll(() => alert.textContent()).toBe('Could not end your sessions (the server answered 500): you are still signed in everywhere. Try again.');
    expect(new URL(page.url()).pathname).toBe('/inventory');
    expect((await page.request.get(`${run.lantern.url}/api/me`)).status()).toBe(200);
    await page.unroute('**/api/me/sessions/revoke');
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.waitForURL(/\/signin/);
    await page.context().close();
  });
});
