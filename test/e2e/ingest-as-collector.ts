import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Sends `batch` to `url`'s /api/ingest as a collector does: with an ingest token the signed-in admin of `page`
 * creates (named `name`), so the traffic counts through the server's own door.
 */
export async function ingestAsCollector(page: Page, url: string, name: string, batch: unknown): Promise<void> {
  const token = await page.evaluate(
    async (tokenName) =>
      ((await (await fetch('/api/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: tokenName, scopes: ['ingest'] }) })).json()) as { token: string }).token,
    name,
  );
  const ingested = await fetch(`${url}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(batch) });
  expect(ingested.status).toBe(200);
}
