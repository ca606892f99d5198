import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as ingestRoute from '../../app/api/ingest/route';
import * as inventoryRoute from '../../app/api/inventory/route';
import * as tokensRoute from '../../app/api/tokens/route';
import { disconnectDb } from '../../lib/db/client';
import { createApiToken, revokeApiToken } from '../../lib/db/tokens';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

/** What a collector or CI job is told when its token is refused: enough to know which token to make. */
async function answer(route: { POST?: unknown; GET?: unknown }, method: 'GET' | 'POST', authorization: string): Promise<[number, string]> {
  const handler = route[method] as (req: Request, ctx: unknown) => Promise<Response>;
  const req = new Request(`http://localhost/api/x`, { method, headers: { authorization, 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
  const res = await handler(req, { params: Promise.resolve({}) });
  return [res.status, ((await res.json()) as { error: { message: string } }).error.message];
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`token refusals on ${kind}`, () => {
    beforeAll(() => useFreshDatabase(kind));
    afterAll(() => disconnectDb());

    test("a token of the wrong scope is told which scope it needs, not that its 'role' does not allow it", async () => {
      const read = (await createApiToken({ name: 'ci-read', scopes: ['read'] })).token;
      const ingest = (await createApiToken({ name: 'collector', scopes: ['ingest'] })).token;
      expect(await answer(ingestRoute, 'POST', `Bearer ${read}`)).toEqual([403, "this API token's scopes (read) do not allow this; it needs a token with scope ingest"]);
      expect(await answer(inventoryRoute, 'GET', `Bearer ${ingest}`)).toEqual([403, "this API token's scopes (ingest) do not allow this; it needs a token with scope read"]);
      expect(await answer(tokensRoute, 'GET', `Bearer ${read}`)).toEqual([403, 'API tokens cannot do this (their scopes: read); sign in as admin']);
    });

    test('a token that was sent but is revoked, unknown or malformed is said to be invalid, not asked for', async () => {
      const { token, row } = await createApiToken({ name: 'old-collector', scopes: ['ingest'] });
      await revokeApiToken(row.id);
      const invalid = [401, 'the API token is not valid: unknown, revoked, or not a Lantern token (lt_…)'];
      for (const authorization of [`Bearer ${token}`, `Bearer lt_${'A'.repeat(43)}`, 'Bearer not-a-token', 'Basic dTpw']) {
        expect(await answer(ingestRoute, 'POST', authorization)).toEqual(invalid);
      }
    });
  });
}
