import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

const longPath = `/v2/${'segment/'.repeat(60)}{id}`;
/** Registers, with a warning on the long path: its `{id}` is declared by no parameter. */
const warned = `openapi: 3.0.3
info: { title: Long, version: 1.0.0 }
servers: [{ url: 'https://long.example.com' }]
paths:
  '${longPath}': { get: { responses: { '200': { description: ok } } } }
`;
/** Invalid at the long path: an operation without responses. */
const invalid = `openapi: 3.0.3
info: { title: Long, version: 1.0.1 }
paths:
  '${longPath}': { get: { summary: no responses } }
`;

/**
 * A warning or a validation problem is named by its JSON pointer, which spells the whole path (`/` as `~1`): one for a
 * long path is a single unbroken word. Until 6 Dec it did not wrap, and the Specs page grew thousands of pixels wide.
 */
describe.skipIf(!chromiumAvailable())("the Specs page's warnings and problems on a very long path", () => {
  const run = lanternAndBrowser();

  test('wrap their pointers instead of widening the page', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.goto(`${run.lantern.url}/specs?api=long`);
    await page.getByLabel('Spec text').fill(warned);
    await page.getByRole('button', { name: 'Validate and preview' }).click();
    await page.getByLabel('Preview').getByRole('note', { name: 'Spec warnings' }).waitFor();
    expect(await overflow(), 'warnings').toBeLessThanOrEqual(0);

    await page.getByLabel('Spec text').fill(invalid);
    await page.getByRole('button', { name: 'Validate and preview' }).click();
    await page.getByRole('list', { name: 'Validation problems' }).waitFor();
    expect(await overflow(), 'problems').toBeLessThanOrEqual(0);
    await page.context().close();
  });
});
