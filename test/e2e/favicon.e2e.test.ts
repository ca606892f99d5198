import { describe, expect, test } from 'vitest';
import { chromiumAvailable } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/**
 * Every page names its icon, so a browser never asks for the missing /favicon.ico (a 404 in the console and the
 * server's log on each load), and the page's CSP and the proxy let the icon through.
 */
describe.skipIf(!chromiumAvailable())('the site icon', () => {
  const run = lanternAndBrowser();

  test('the sign-in page links an SVG icon that is served, and loading the page meets no 404 and no CSP violation', async () => {
    const page = await run.browser.newPage();
    const missing: string[] = [];
    const violations: string[] = [];
    page.on('response', (r) => r.status() === 404 && missing.push(r.url()));
    page.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
    await page.goto(`${run.lantern.url}/signin`, { waitUntil: 'load' });
    const href = await page.locator('head link[rel="icon"]').first().getAttribute('href', { timeout: 2000 }).catch(() => null);
    expect(href).toMatch(/^\/icon\.svg/);
    const icon = await fetch(`${run.lantern.url}${href}`);
    expect([icon.status, icon.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
    expect(await icon.text()).toContain('<svg');
    // The browser's own icon fetch, once it has read the link, must be allowed by the page's img-src.
    expect(await page.evaluate(async (src) => new Promise((resolve) => {
      const img = new Image();
      img.onload = () => resolve('loaded');
      img.onerror = () => resolve('blocked');
      img.src = src;
    }), href!)).toBe('loaded');
    expect(missing).toEqual([]);
    expect(violations).toEqual([]);
    await page.close();
  });
});
