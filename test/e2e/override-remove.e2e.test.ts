import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/**
 * A merge or split override saved from an endpoint's page (by mistake, or the wrong action) could not be seen or
 * removed anywhere in the dashboard until 6 Dec: only an ignore override had "Stop ignoring". The page lists the
 * overrides on its host and method, each with Remove (DELETE /api/overrides/:id).
 */
describe.skipIf(!chromiumAvailable())('the overrides on an endpoint page', () => {
  const run = lanternAndBrowser();

  /** An admin on GET /v2/charges/{chargeId}'s page, and its override form. */
  async function chargePage() {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const id = await page.evaluate(async () => {
      const { items } = (await (await fetch('/api/endpoints?host=api.payments.example.com&pageSize=50')).json()) as { items: { id: string; method: string; pathTemplate: string }[] };
      return items.find((e) => e.method === 'GET' && e.pathTemplate === '/v2/charges/{chargeId}')!.id;
    });
    await page.goto(`${run.lantern.url}/endpoints/${id}`);
    return { page, form: page.getByRole('form', { name: 'Path override' }) };
  }

  test('a merge override saved there is listed under the form and can be removed', async () => {
    const { page, form } = await chargePage();
    await form.getByRole('button', { name: 'Save override' }).click();
    await form.getByRole('status').waitFor();
    const list = page.getByRole('list', { name: 'Overrides on GET api.payments.example.com' });
    await expect.poll(() => list.getByRole('listitem').allInnerTexts()).toEqual(['merge GET api.payments.example.com/v2/charges/{chargeId} by admin@localhost Remove']);
    await list.getByRole('button', { name: 'Remove merge GET api.payments.example.com/v2/charges/{chargeId}' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Removed' }).textContent()).toBe(
      'Removed the merge override GET api.payments.example.com/v2/charges/{chargeId}: new traffic is templated without it (what it merged stays merged).',
    );
    const stored = await page.evaluate(async () => ((await (await fetch('/api/overrides')).json()) as { items: unknown[] }).items);
    expect(stored).toEqual([]);
    await page.context().close();
  });

  test('a split of what a merge saved there covers is refused, and the form names the override to delete first', async () => {
    const { page, form } = await chargePage();
    await form.getByRole('button', { name: 'Save override' }).click();
    await form.getByRole('status').waitFor();
    await form.getByRole('combobox', { name: 'Action' }).selectOption('split');
    await form.getByRole('button', { name: 'Save override' }).click();
    // Until 6 Dec both were saved, the list then saying a merge and a split of the same paths.
    await expect.poll(() => form.getByRole('alert').textContent()).toBe(
      'a merge override of GET api.payments.example.com/v2/charges/{chargeId} (added by admin@localhost) already exists and says the opposite; delete it first to split these paths',
    );
    const stored = await page.evaluate(async () => ((await (await fetch('/api/overrides')).json()) as { items: { action: string }[] }).items.map((o) => o.action));
    expect(stored).toEqual(['merge']);
    await page.context().close();
  });
});
