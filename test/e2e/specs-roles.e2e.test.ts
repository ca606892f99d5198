import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromiumAvailable, launchBrowser, signedInPage } from './browser';
import { startLantern, type RunningLantern } from './lantern-server';

const LANTERN = join(import.meta.dirname, '../../bin/lantern');

describe.skipIf(!chromiumAvailable())('the Specs page by role', () => {
  let lantern: RunningLantern;
  let browser: Browser;

  beforeAll(async () => {
    lantern = await startLantern();
    browser = await launchBrowser();
    const env = { ...process.env, DATABASE_URL: `file:${join(lantern.dataDir, 'lantern.db')}`, LANTERN_DATA_DIR: lantern.dataDir };
    await promisify(execFile)(LANTERN, ['user', 'add', '--email', 'viewer@example.org', '--role', 'viewer', '--password', 'viewer-password-1'], { env });
  });
  afterAll(async () => {
    await browser?.close();
    await lantern?.stop();
  });

  test('a viewer reads the version history without an upload form that could only answer "not allowed"; an admin gets the form', async () => {
    const viewer = await signedInPage(browser, lantern.url, 'viewer@example.org', 'viewer-password-1');
    await viewer.goto(`${lantern.url}/specs?api=payments`);
    await expect.poll(() => viewer.locator('main').textContent()).toContain('2.3.0');
    expect(await viewer.getByRole('form', { name: 'Register a spec' }).count()).toBe(0);
    expect(await viewer.getByLabel('New API slug').count()).toBe(0);
    await viewer.context().close();

    const admin = await signedInPage(browser, lantern.url, lantern.adminEmail, lantern.adminPassword);
    await admin.goto(`${lantern.url}/specs?api=payments`);
    await admin.getByRole('form', { name: 'Register a spec' }).waitFor();
    expect(await admin.getByLabel('New API slug').count()).toBe(1);
    await admin.context().close();
  });

  test('a list of APIs that fails to load says so, where the API control offered "Choose an API…" alone as if none existed', async () => {
    const viewer = await signedInPage(browser, lantern.url, 'viewer@example.org', 'viewer-password-1');
    await viewer.route('**/api/apis', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"internal error"}}' }));
    await viewer.goto(`${lantern.url}/specs`);
    await expect.poll(() => viewer.getByRole('main').getByRole('alert').textContent()).toBe('Could not load the APIs: internal error');
    await viewer.context().close();
  });
});
