import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { ingestAsCollector } from './ingest-as-collector';
import { lanternAndBrowser } from './lantern-and-browser';

const LANTERN = join(import.meta.dirname, '../../bin/lantern');

/** A shadow endpoint on the Payments API's host, outside its base path `/v2`. */
const legacyBatch = {
  idempotencyKey: 'e2e-override-host-scope-0001',
  collector: { name: 'e2e', kind: 'log' },
  observations: [
    {
      host: 'api.payments.example.com',
      method: 'GET',
      path: '/v1/legacy-export',
      evidence: {
        requests: 2, firstSeen: '2026-11-20T10:00:00.000Z', lastSeen: '2026-11-20T11:00:00.000Z', statuses: { '200': 2 }, authKinds: { 'bearer-jwt': 2 },
        jwtIssuers: [], scopesSeen: [], unauthenticated2xx: 0, sensitive: [], queryParams: {}, deprecationHeaders: 0, sunsetHeaders: 0,
        clients: { internal: 2, public: 0, unknown: 0 }, callers: 1,
      },
      daily: { '2026-11-20': { requests: 2, errors: 0, unauthenticated: 0 } },
      examplePaths: [],
    },
  ],
  stats: {},
};

/**
 * An ownership rule gives the identity team `/v1` of a host the payments team's API declares. The endpoint is
 * identity's to triage, but an override acts on the whole host, which an owner may change only when every team
 * answering for it is theirs (lib/db/host-scope.ts). Until 6 Dec the page offered identity's owner the override form
 * anyway, and saving it could only answer 403.
 */
describe.skipIf(!chromiumAvailable())("the endpoint page of an owner's endpoint on another team's host", () => {
  const run = lanternAndBrowser();

  test('offers triage but no override form the server would refuse', async () => {
    const env = { ...process.env, DATABASE_URL: `file:${join(run.lantern.dataDir, 'lantern.db')}`, LANTERN_DATA_DIR: run.lantern.dataDir };
    await promisify(execFile)(LANTERN, ['user', 'add', '--email', 'owner@identity.test', '--role', 'owner', '--team', 'identity', '--password', 'owner-password-1'], { env });
    const admin = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const rule = await admin.evaluate(async () => (await fetch('/api/ownership-rules', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ host: 'api.payments.example.com', pathPrefix: '/v1', team: 'identity' }) })).status);
    expect(rule).toBe(201);
    await ingestAsCollector(admin, run.lantern.url, 'legacy', legacyBatch);
    await admin.context().close();

    const owner = await signedInPage(run.browser, run.lantern.url, 'owner@identity.test', 'owner-password-1');
    await owner.goto(`${run.lantern.url}/inventory?host=api.payments.example.com&q=legacy-export`);
    await owner.getByRole('table', { name: 'Endpoints' }).getByRole('link', { name: '/v1/legacy-export', exact: true }).click();
    await owner.waitForURL(/\/endpoints\//);
    await owner.getByRole('form', { name: 'Triage' }).waitFor();
    expect(await owner.getByRole('region', { name: 'Summary' }).locator('dt:text-is("Owner") + dd').textContent()).toBe('group:default/identity');
    expect(await owner.getByRole('form', { name: 'Path override' }).count()).toBe(0);
    // What the form would have met.
    const refused = await owner.evaluate(async () => (await fetch('/api/overrides', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ host: 'api.payments.example.com', method: 'GET', pattern: '/v1/legacy-export', action: 'ignore' }) })).status);
    expect(refused).toBe(403);
    await owner.context().close();
  });
});
