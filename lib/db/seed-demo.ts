import { createHash } from 'node:crypto';
import { DEMO_APIS, DEMO_TEAMS, demoSpecDocument, type DemoApi } from '../demo/demo-estate';
import { recordAuditEvent } from './audit';
import { db } from './client';

/**
 * Seeds the demo estate into an empty database. Counts come from a seeded generator so every fresh start shows
 * the same numbers. Returns false (and does nothing) when the database already has endpoints.
 */
export async function seedDemoEstate(now = new Date()): Promise<boolean> {
  if ((await db().endpoint.count()) > 0 || (await db().api.count()) > 0) return false;
  const random = mulberry32(20261123);
  for (const t of DEMO_TEAMS) await db().team.upsert({ where: { slug: t.slug }, create: t, update: {} });
  for (const api of DEMO_APIS) await seedApi(api, now, random);
  await recordAuditEvent({ actor: 'system', action: 'demo.seed', targetType: 'estate', summary: `seeded ${DEMO_APIS.length} demo APIs` });
  return true;
}

async function seedApi(api: DemoApi, now: Date, random: () => number) {
  const team = await db().team.findUniqueOrThrow({ where: { slug: api.team } });
  const raw = JSON.stringify(demoSpecDocument(api), null, 2);
  const created = await db().api.create({
    data: {
      slug: api.slug,
      name: api.name,
      description: api.description,
      ownerTeamId: team.id,
      hosts: [`https://${api.host}${api.basePath}`],
      specs: {
        create: {
          version: api.version,
          format: 'openapi-3.0',
          raw,
          contentHash: createHash('sha256').update(raw).digest('hex'),
          isCurrent: true,
          operations: {
            create: api.operations.map((op) => ({
              method: op.method,
              pathTemplate: op.path,
              operationId: op.operationId,
              summary: op.summary,
              deprecated: op.deprecated ?? false,
              sunsetAt: op.sunset ? new Date(`${op.sunset}T00:00:00Z`) : null,
              security: op.scopes ? [{ scheme: 'oauth', type: 'oauth2', scopes: op.scopes }] : [],
              scopes: op.scopes ?? [],
            })),
          },
        },
      },
    },
    include: { specs: { include: { operations: true } } },
  });
  const operations = created.specs[0].operations;
  const observed = [
    ...operations.map((op) => ({ method: op.method, path: op.pathTemplate, operation: op })),
    ...api.shadow.map((s) => ({ method: s.method, path: s.path, operation: undefined })),
  ];
  for (const o of observed) {
    const state = !o.operation ? 'shadow' : o.operation.deprecated ? 'zombie' : 'documented';
    const days = 14;
    const daily = Array.from({ length: days }, () => Math.floor(random() * (state === 'documented' ? 4000 : 300)) + 5);
    const requests = daily.reduce((a, b) => a + b, 0);
    const errors = Math.floor(requests * random() * 0.04);
    const unauth = state === 'shadow' ? Math.floor(requests * 0.3) : 0;
    const lastSeen = new Date(now.getTime() - Math.floor(random() * 3_600_000));
    await db().endpoint.create({
      data: {
        host: api.host,
        method: o.method,
        pathTemplate: `${api.basePath}${o.path}`,
        apiId: created.id,
        ownerTeamId: team.id,
        operationId: o.operation?.id,
        firstSeen: new Date(now.getTime() - days * 86_400_000),
        lastSeen,
        requestCount: BigInt(requests),
        statusCounts: { '200': requests - errors, '500': errors },
        authCounts: unauth > 0 ? { 'bearer-jwt': requests - unauth, none: unauth } : { 'bearer-jwt': requests },
        sensitiveTags: o.path.includes('users') ? ['email'] : [],
        examplePaths: [`${api.basePath}${o.path.replace(/\{\w+\}/g, () => String(1000 + Math.floor(random() * 9000)))}`],
        state,
        dailyStats: {
          create: daily.map((n, i) => ({
            day: new Date(now.getTime() - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
            requests: n,
            errors: Math.floor(n * 0.02),
            unauthenticated: state === 'shadow' ? Math.floor(n * 0.3) : 0,
          })),
        },
      },
    });
  }
}

/** Tiny seeded PRNG (public-domain mulberry32): deterministic demo numbers without a dependency. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
