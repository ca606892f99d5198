import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

const ORDERS = `openapi: 3.0.3
info: { title: Orders, version: 1.0.0 }
paths:
  /orders: { get: { responses: { '200': { description: ok } } } }
`;

/**
 * Choosing a spec file fills the text box; an owner who then edits the text and wants the file back chooses it again.
 * Until 6 Dec that did nothing: the file input still held the file, so the browser fired no change, and the edited
 * text stayed (to be previewed and registered as if it were the file).
 */
describe.skipIf(!chromiumAvailable())('the spec file chosen again', () => {
  const run = lanternAndBrowser();

  test('replaces the edited text with the file once more', async () => {
    const file = join(tmpdir(), `orders-${process.pid}.yaml`);
    writeFileSync(file, ORDERS);
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    await page.goto(`${run.lantern.url}/specs?api=orders-e2e`);
    // As a user does: a click on the input opens the file chooser, and the file is picked there.
    const choose = async () => {
      const chooser = page.waitForEvent('filechooser');
      await page.getByLabel('Spec file').click();
      await (await chooser).setFiles(file);
    };
    const text = page.getByLabel('Spec text');
    await choose();
    await expect.poll(() => text.inputValue()).toBe(ORDERS);
    await text.fill(`${ORDERS}# edited\n`);
    await choose();
    await expect.poll(() => text.inputValue()).toBe(ORDERS);
    await page.context().close();
  });
});
