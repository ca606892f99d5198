import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromiumAvailable, launchBrowser, submitSignIn } from './browser';
import { startLantern, type RunningLantern } from './lantern-server';

/**
 * Every page of the dashboard on the demo estate, checked by axe-core (Deque's rules engine, the one browser
 * accessibility audits use) against WCAG 2.1 A and AA, and walked with the keyboard: the main navigation and the
 * inventory's filters must be reachable by Tab with a visible focus.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation { id: string; impact: string; help: string; nodes: { target: string[] }[] }

async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern.
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations)`)) as AxeViolation[];
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

describe.skipIf(!chromiumAvailable())('accessibility', () => {
  let lantern: RunningLantern;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    lantern = await startLantern();
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await lantern?.stop();
  });

  test('the sign-in page has no WCAG 2.1 A/AA violation', async () => {
    await page.goto(`${lantern.url}/signin`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  test('every dashboard page has no WCAG 2.1 A/AA violation once loaded', async () => {
    await submitSignIn(page, lantern.adminEmail, lantern.adminPassword);
    await page.getByRole('table', { name: 'Endpoints' }).locator('tbody tr').first().waitFor();
    const endpointHref = await page.getByRole('table', { name: 'Endpoints' }).locator('tbody a[href^="/endpoints/"]').first().getAttribute('href');
    const found: Record<string, string[]> = {};
    for (const path of ['/inventory', endpointHref!, '/apis', '/specs', '/reviews', '/collectors', '/alerts', '/audit', '/settings']) {
      await page.goto(`${lantern.url}${path}`, { waitUntil: 'load' });
      await page.getByRole('main').waitFor();
      // Let client data arrive (tables, charts) so the audit sees the page a person sees, not its skeleton.
      await page.waitForLoadState('networkidle');
      found[path.startsWith('/endpoints/') ? '/endpoints/[id]' : path] = await axeViolations(page);
    }
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  });

  test('an endpoint that does not exist gets a 404 page inside the dashboard, with a way back', async () => {
    const res = await page.goto(`${lantern.url}/endpoints/no-such-endpoint`, { waitUntil: 'load' });
    expect(res?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('main').getByRole('link', { name: 'inventory' }).click();
    await page.waitForURL(/\/inventory$/);
  });

  test('the navigation and the inventory filters are reachable with Tab, with a visible focus', async () => {
    await page.goto(`${lantern.url}/inventory`, { waitUntil: 'load' });
    await page.getByRole('table', { name: 'Endpoints' }).waitFor();
    const reached = new Set<string>();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const focused = (await page.evaluate(`(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        const visible = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 || style.boxShadow !== 'none';
        return { name: el.getAttribute('aria-label') || el.textContent.trim().slice(0, 40), visible };
      })()`)) as { name: string; visible: boolean } | null;
      if (!focused) continue;
      expect(focused.visible, `focus ring on ${focused.name}`).toBe(true);
      reached.add(focused.name);
    }
    for (const name of ['Inventory', 'APIs', 'Specs', 'Reviews', 'State', 'Method']) expect([...reached], name).toContain(name);
  });

  test('the first Tab on a page offers "Skip to content", which passes the navigation: the next Tab is in the page', async () => {
    await page.goto(`${lantern.url}/apis`, { waitUntil: 'load' });
    await page.getByRole('table', { name: 'APIs' }).waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    const box = await skip.boundingBox();
    expect(box !== null && box.y >= 0 && box.y + box.height <= 900).toBe(true);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    // Until 6 Dec the first stops were the eight navigation links and two sign-out buttons, on every page.
    expect(await page.evaluate(() => ({ inMain: Boolean(document.activeElement?.closest('main')), text: document.activeElement?.textContent }))).toEqual({ inMain: true, text: 'Backstage catalog-info.yaml' });
  });
});
