import { describe, expect, test } from 'vitest';
import { chromiumAvailable } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/**
 * Five wrong passwords lock the account for a while (lib/security/sign-in-throttle.ts), and while it is locked the
 * password is not checked. Until 6 Dec the form then said "Wrong e-mail or password." to the right password too, and
 * a person who had mistyped kept retrying it, sure it was wrong. It says to wait, and how long.
 */
describe.skipIf(!chromiumAvailable())('the sign-in form of a locked account', () => {
  const run = lanternAndBrowser({ LANTERN_DEMO: '0' });

  test('says to wait, not that the right password is wrong', async () => {
    const page = await (await run.browser.newContext()).newPage();
    await page.goto(`${run.lantern.url}/signin`);
    const alert = page.getByRole('form', { name: 'Sign in' }).getByRole('alert');
    const attempt = async (password: string) => {
      await page.getByLabel('E-mail').fill(run.lantern.adminEmail);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => alert.count()).toBe(1);
      const said = await alert.textContent();
      await page.reload();
      return said;
    };
    for (let i = 0; i < 5; i++) expect(await attempt(`wrong-${i}`)).toBe('Wrong e-mail or password.');
    // The time left counts down (30 s from the fifth failure): whatever it is by now.
    expect(await attempt(run.lantern.adminPassword)).toMatch(/^Too many failed sign-ins: try again in \d+ seconds?\.$/);
    await page.context().close();
  });
});
