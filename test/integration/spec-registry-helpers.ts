import { randomUUID } from 'node:crypto';
import { encodeSessionToken } from '../../lib/auth/session-cookie';
import type { Role, TokenScope } from '../../lib/auth/roles';
import { db } from '../../lib/db/client';
import { ingestBatch } from '../../lib/db/ingest-pipeline';
import { createApiToken } from '../../lib/db/tokens';
import { createUser } from '../../lib/db/users';
import type { EndpointObservation } from '../../lib/inventory/observation';

/** Shared by the spec-registry, reclassify, overrides and check tests: real ingest, real route handlers. */
export function observation(
  host: string,
  method: string,
  path: string,
  requests: number,
  extra: { statuses?: Record<string, number>; anonymous2xx?: number; sensitive?: string[]; day?: string } = {},
): EndpointObservation {
  const anonymous = extra.anonymous2xx ?? 0;
  const day = extra.day ?? '2026-11-20';
  return {
    host,
    method,
    path,
    evidence: {
      requests,
      firstSeen: `${day}T10:00:00.000Z`,
      lastSeen: `${day}T11:00:00.000Z`,
      statuses: extra.statuses ?? { '200': requests },
      authKinds: anonymous > 0 ? { none: anonymous, 'bearer-jwt': requests - anonymous } : { 'bearer-jwt': requests },
      jwtIssuers: [],
      scopesSeen: [],
      unauthenticated2xx: anonymous,
      sensitive: extra.sensitive ?? [],
      queryParams: {},
      deprecationHeaders: 0,
      sunsetHeaders: 0,
      clients: { internal: requests, public: 0, unknown: 0 },
      callers: 1,
    },
    daily: { [day]: { requests, errors: 0, unauthenticated: anonymous } },
    examplePaths: [],
  };
}

export function ingest(observations: EndpointObservation[]) {
  return ingestBatch({ idempotencyKey: `test-${randomUUID()}`, collector: { name: 'test', kind: 'log' }, observations, stats: {} });
}

export async function sessionHeaders(email: string, role: Role, teamSlugs: string[] = []): Promise<Record<string, string>> {
  for (const slug of teamSlugs) await db().team.upsert({ where: { slug }, create: { slug, name: slug }, update: {} });
  const user = await createUser({ email, role, password: 'password123', teamSlugs });
  const cookie = await encodeSessionToken({ sub: user.id }, process.env.NEXTAUTH_SECRET!, 3600);
  // Same-origin, as the dashboard's own fetches are (the CSRF check in withAuth refuses anything else).
  return { cookie: `next-auth.session-token=${cookie}`, 'sec-fetch-site': 'same-origin' };
}

export async function tokenHeaders(name: string, scopes: TokenScope[]): Promise<Record<string, string>> {
  const { token } = await createApiToken({ name, scopes });
  return { authorization: `Bearer ${token}` };
}

// `never` params: any route's context type accepts it, so one helper calls every handler.
type Handler = (req: Request, ctx: { params: Promise<never> }) => Promise<Response>;

/** Calls a route handler the way Next.js does: a Request and a params promise. */
export async function callRoute(
  handler: Handler,
  method: string,
  url: string,
  opts: { headers?: Record<string, string>; body?: string | FormData | Uint8Array<ArrayBuffer>; json?: unknown; params?: Record<string, string> } = {},
): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  const body = opts.json !== undefined ? JSON.stringify(opts.json) : opts.body;
  const headers: Record<string, string> = { ...opts.headers, ...(opts.json !== undefined ? { 'content-type': 'application/json' } : {}) };
  const res = await handler(new Request(`http://localhost${url}`, { method, headers, body }), { params: Promise.resolve(opts.params ?? {}) as Promise<never> });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function endpointRows(host?: string) {
  const rows = await db().endpoint.findMany({ where: host ? { host } : {}, orderBy: [{ host: 'asc' }, { pathTemplate: 'asc' }, { method: 'asc' }] });
  return rows.map((r) => ({ host: r.host, method: r.method, path: r.pathTemplate, state: r.state, requests: Number(r.requestCount), triage: r.triage, ignored: r.ignoredById !== null }));
}

/** The Payments spec the deprecation tests register (pay.test/v1): one GET per path, each path's one parameter a string. */
export function paymentsSpec(operations: Record<string, string>): string {
  const paths = Object.entries(operations).map(([path, operationId]) => {
    const param = /\{(\w+)\}/.exec(path)?.[1];
    return `  ${path}:
    get:
      operationId: ${operationId}
${param ? `      parameters: [{ name: ${param}, in: path, required: true, schema: { type: string } }]\n` : ''}      responses: { '200': { description: ok } }`;
  });
  return `openapi: 3.0.3
info: { title: Payments, version: 1.0.0 }
servers: [{ url: 'https://pay.test/v1' }]
paths:
${paths.join('\n')}
`;
}
