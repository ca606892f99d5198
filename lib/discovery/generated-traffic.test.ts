import { expect, test } from 'vitest';
import { buildApiCatalog } from '../../test/gen/pcap/api-catalog';
import { createDiscoveryEngine } from './discovery-engine';

/**
 * The benchmark's shop traffic (test/gen/pcap/api-catalog.ts) through discovery with no spec: each host's eleven
 * endpoints, whatever the pool size (a small pool replays few IDs many times; a big one many IDs a few times).
 */
const PER_HOST = [
  'DELETE /api/v2/sessions/{sessionId}', 'GET /api/v1/orders/{orderId}', 'GET /api/v2/invoices/{invoiceId}.pdf', 'GET /api/v2/products',
  'GET /api/v2/reports/{reportId}/export', 'GET /api/v2/users', 'GET /api/v2/users/{userId}', 'GET /healthz', 'PATCH /api/v2/orders/{orderId}/status',
  'POST /api/v2/orders', 'PUT /api/v2/orders/{orderId}/status',
];

test.each([512, 2048, 4096])('a pool of %i calls, replayed: every host gets the generator\'s templates', (size) => {
  const calls = buildApiCatalog(7, size);
  const engine = createDiscoveryEngine({ specs: [] });
  // Replayed like the traffic generator does: the same calls again and again.
  for (let round = 0; round < 8; round++) for (const c of calls) engine.addExchange({ ts: '2026-12-04T10:00:00Z', host: c.host, method: c.method, path: c.target.split('?')[0], status: 200 });
  const byHost = new Map<string, string[]>();
  for (const e of engine.result(new Date('2026-12-05T00:00:00Z')).endpoints) byHost.set(e.host, [...(byHost.get(e.host) ?? []), `${e.method} ${e.path}`]);
  expect([...byHost.keys()].sort()).toEqual(['api.shop.example', 'legacy.shop.example', 'payments.internal:8443']);
  for (const [, endpoints] of byHost) expect(endpoints.sort()).toEqual(PER_HOST);
});
