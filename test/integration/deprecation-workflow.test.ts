import { afterAll, beforeAll, expect, test } from 'vitest';
import { POST as decide } from '../../app/api/deprecations/[id]/decision/route';
import { GET as list, POST as request } from '../../app/api/deprecations/route';
import { encodeSessionToken } from '../../lib/auth/session-cookie';
import { db, disconnectDb } from '../../lib/db/client';
import { ingestBatch } from '../../lib/db/ingest-pipeline';
import { seedDemoEstate } from '../../lib/db/seed-demo';
import { createUser } from '../../lib/db/users';
import { planBatches } from '../../lib/inventory/batches';
import { createObservationAggregator } from '../../lib/inventory/aggregate-observations';
import { useFreshDatabase } from '../db-harness';

const cookies: Record<string, string> = {};
const call = (handler: (req: Request, ctx: never) => Promise<Response>, who: string, method: string, body?: unknown, params: Record<string, string> = {}) =>
  handler(new Request('http://localhost/api/x', { method, headers: { cookie: `next-auth.session-token=${cookies[who]}`, origin: 'http://localhost', 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }), { params: Promise.resolve(params) } as never);

beforeAll(async () => {
  await useFreshDatabase('sqlite');
  await seedDemoEstate(new Date('2026-11-20T12:00:00Z'));
  const secret = process.env.NEXTAUTH_SECRET!;
  for (const [who, role, teams] of [['payments-owner', 'owner', ['payments']], ['identity-owner', 'owner', ['identity']], ['gov', 'governance', []]] as const) {
    const u = await createUser({ email: `${who}@example.org`, role, teamSlugs: [...teams] });
    cookies[who] = await encodeSessionToken({ sub: u.id }, secret, 3600);
  }
});
afterAll(() => disconnectDb());

test('owner requests, governance approves, traffic after the sunset is zombie traffic with an alert', async () => {
  const endpoint = await db().endpoint.findFirstOrThrow({ where: { host: 'api.payments.example.com', method: 'GET', pathTemplate: '/v2/payouts' } });
  expect(endpoint.state).toBe('documented');

  const foreign = await call(request, 'identity-owner', 'POST', { endpointId: endpoint.id, reason: 'replace with /v3/payouts', proposedSunset: '2026-11-21' });
  expect(foreign.status).toBe(403);
  const shadow = await db().endpoint.findFirstOrThrow({ where: { state: 'shadow', host: 'api.payments.example.com' } });
  expect((await call(request, 'payments-owner', 'POST', { endpointId: shadow.id, reason: 'no contract', proposedSunset: '2026-11-21' })).status).toBe(422);

  const created = await call(request, 'payments-owner', 'POST', { endpointId: endpoint.id, reason: 'replaced by /v3/payouts', proposedSunset: '2026-11-21' });
  expect(created.status).toBe(201);
  const { id } = await created.json();
  expect((await call(decide, 'payments-owner', 'POST', { decision: 'approve', note: 'mine' }, { id })).status).toBe(403);

  const approved = await call(decide, 'gov', 'POST', { decision: 'approve', note: 'callers notified; sunset stands' }, { id });
  expect(approved.status).toBe(200);
  expect(await approved.json()).toEqual({ status: 'approved', changed: 1 });
  expect((await call(decide, 'gov', 'POST', { decision: 'reject', note: 'changed my mind' }, { id })).status).toBe(422);

  const op = await db().operation.findUniqueOrThrow({ where: { id: endpoint.operationId! } });
  expect(op.deprecated).toBe(true);
  expect(op.sunsetAt?.toISOString()).toBe('2026-11-21T00:00:00.000Z');
  expect((await db().endpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).state).toBe('zombie');

  // Traffic continues past the sunset: it is counted, stays zombie and raises a zombie-traffic alert.
  const aggregator = createObservationAggregator({ specs: [] });
  for (let i = 0; i < 3; i++) aggregator.add({ ts: `2026-11-22T10:00:0${i}.000Z`, host: 'api.payments.example.com', method: 'GET', path: '/v2/payouts', status: 200 });
  const [batch] = planBatches({ inputFingerprint: 'after-sunset', collector: { name: 'edge', kind: 'pcap' }, observations: aggregator.observations(), exchanges: 3 });
  const result = await ingestBatch(batch);
  expect(result.updated).toEqual([endpoint.id]);
  const alerts = await db().alert.findMany({ where: { endpointId: endpoint.id } });
  expect(alerts.map((a) => a.kind)).toEqual(['zombie-traffic']);

  const listed = await (await call(list, 'gov', 'GET')).json();
  const item = listed.items.find((r: { id: string }) => r.id === id);
  expect(item.status).toBe('approved');
  expect(item.operation.callers[0]).toMatchObject({ endpointId: endpoint.id, state: 'zombie', issuers: ['https://login.example.com/'] });
  // The demo's five clients are five credentials: owners can tell callers apart without ever seeing a token.
  expect(item.operation.callers[0].fingerprints).toHaveLength(5);
  for (const f of item.operation.callers[0].fingerprints) expect(f).toMatch(/^[0-9a-f]{16}$/);
  expect(await db().auditEvent.count({ where: { action: { in: ['deprecation.request', 'deprecation.approve'] } } })).toBe(2);
});
