import { sqlTime } from './old-release-db';

/**
 * An inventory an older release stored (its schema: old-release-db.ts): a reset code kept in a template, which the
 * templates pass makes `/password/reset/{resetId}`, beside enough other rows (three pages of the passes' walk,
 * lib/db/endpoint-pages.ts) that a pass is part-way through for a while.
 */
export function oldInventorySql(others = 1200): string {
  const row = (id: string, path: string, requests: number) =>
    `('${id}', 'acct.example.com', 'GET', '${path}', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-02')}, ${requests}, ${sqlTime('2026-12-02')}, 'shadow', '{}')`;
  const rows = [row('e-reset', '/password/reset/Kx7pQ2mZ', 5), ...Array.from({ length: others }, (_, i) => row(`e-other-${String(i).padStart(5, '0')}`, `/catalog/page-${i}`, 1))];
  return `INSERT INTO "Endpoint" ("id", "host", "method", "pathTemplate", "firstSeen", "lastSeen", "requestCount", "updatedAt", "state", "evidence") VALUES ${rows.join(',\n')};`;
}

/** What a current collector sends for two more calls of that reset link: today's template. */
export function resetBatch(idempotencyKey: string) {
  const n = 2;
  return {
    idempotencyKey,
    collector: { name: 'edge', kind: 'log' },
    observations: [
      {
        host: 'acct.example.com',
        method: 'GET',
        path: '/password/reset/{resetId}',
        evidence: {
          requests: n, firstSeen: '2026-12-04T10:00:00Z', lastSeen: '2026-12-04T11:00:00Z', statuses: { '200': n }, authKinds: { none: n },
          jwtIssuers: [], scopesSeen: [], unauthenticated2xx: 0, sensitive: [], queryParams: {}, deprecationHeaders: 0, sunsetHeaders: 0,
          clients: { internal: 0, public: 0, unknown: n }, callers: 0,
        },
        daily: { '2026-12-04': { requests: n, errors: 0, unauthenticated: 0 } },
        examplePaths: [],
      },
    ],
    stats: { exchanges: n },
  };
}
