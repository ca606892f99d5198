import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

const LANTERN = join(import.meta.dirname, '../../bin/lantern');

/**
 * An owner registers versions of their own team's APIs only (lib/db/spec-admission.ts). Until 6 Dec the Specs page gave
 * the identity team's owner the upload form for the payments team's API too: a spec pasted there could only be
 * answered "you do not own API 'payments'" when previewed.
 */
describe.skipIf(!chromiumAvailable())("the Specs page for an owner, on another team's API", () => {
  const run = lanternAndBrowser();

  test('shows the history and who registers versions, without an upload form; their own API has the form', async () => {
    const env = { ...process.env, DATABASE_URL: `file:${join(run.lantern.dataDir, 'lantern.db')}`, LANTERN_DATA_DIR: run.lantern.dataDir };
    await promisify(execFile)(LANTERN, ['user', 'add', '--email', 'owner@identity.test', '--role', 'owner', '--team', 'identity', '--password', 'owner-password-1'], { env });
    const owner = await signedInPage(run.browser, run.lantern.url, 'owner@identity.test', 'owner-password-1');
    await owner.goto(`${run.lantern.url}/specs?api=payments`);
    await expect.poll(() => owner.locator('main').textContent()).toContain('2.3.0');
    const panel = owner.getByRole('heading', { name: 'Register a version of payments' }).locator('..');
    await expect.poll(() => panel.locator('p').allTextContents()).toEqual(["Payments API is the payments team's: its owners and admins register its versions."]);
    expect(await owner.getByRole('form', { name: 'Register a spec' }).count()).toBe(0);

    await owner.getByLabel('API', { exact: true }).selectOption('accounts');
    await owner.getByRole('form', { name: 'Register a spec' }).waitFor();
    await owner.context().close();
  });

  // Until 6 Dec the form showed until the API list had loaded, then switched to the sentence: text typed meanwhile was lost.
  test('shows no upload form while the API list is loading, only once it is known whose the API is', async () => {
    const owner = await signedInPage(run.browser, run.lantern.url, 'owner@identity.test', 'owner-password-1');
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await owner.route('**/api/apis', async (route) => {
      await held;
      await route.continue();
    });
    await owner.goto(`${run.lantern.url}/specs?api=payments`);
    const panel = owner.getByRole('heading', { name: 'Register a version of payments' }).locator('..');
    await panel.waitFor();
    expect(await owner.getByRole('form', { name: 'Register a spec' }).count()).toBe(0);
    await expect.poll(() => panel.getByRole('status').textContent()).toBe('Loading…');
    release();
    await expect.poll(() => panel.locator('p').allTextContents()).toEqual(["Payments API is the payments team's: its owners and admins register its versions."]);
    expect(await owner.getByRole('form', { name: 'Register a spec' }).count()).toBe(0);
    await owner.context().close();
  });
});
