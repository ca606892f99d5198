import { expect, test } from 'vitest';
import type { EndpointObservation } from '../inventory/observation';
import { withFormerSecretRows } from './former-secret-rows';
import type { DbClient } from './spec-catalog';

const observation = (path: string) => ({ host: 'api.test', method: 'GET', path }) as EndpointObservation;

/** A client that records the queries asked of it and finds no row. */
function recordingClient() {
  const asked: unknown[] = [];
  const client = { endpoint: { findMany: async (q: unknown) => (asked.push(q), []) } } as unknown as DbClient;
  return { client, asked };
}

test('only a name or version after a word naming a secret asks for the row an older release stored', async () => {
  const { client, asked } = recordingClient();
  // Never redacted by the older rule: no query for them (Kubernetes sends such paths in every batch).
  await withFormerSecretRows(client, [observation('/apis/apps/v1beta1/deployments'), observation('/docs/oauth2/guide')]);
  expect(asked).toHaveLength(0);
  // Redacted by it: the stored row is looked for.
  await withFormerSecretRows(client, [observation('/auth/oauth2/token')]);
  expect(asked).toHaveLength(1);
  // Words joined by separators after a secret's word were redacted too; a token still is, and asks nothing.
  await withFormerSecretRows(client, [observation('/admin/oauth/access_scopes.json')]);
  expect(asked).toHaveLength(2);
  await withFormerSecretRows(client, [observation('/admin/oauth/{oauthId}'), observation('/reset/xkqzpt-mwvbnr-qlkjhg'), observation('/docs/access_scopes.json')]);
  expect(asked).toHaveLength(2);
});
