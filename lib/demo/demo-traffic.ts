import { collectAuthEvidence, type Exchange } from '../exchange';
import { seededRandom } from '../seeded-random';
import { DEMO_APIS, type DemoApi } from './demo-estate';

/**
 * Sample traffic for the demo estate, generated here rather than stored: 14 days of requests to every documented
 * operation (deprecated ones included — they become zombies), plus the undocumented calls that make shadow
 * endpoints. Realistic identifiers, JWTs with issuers and scopes, anonymous calls on the shadow endpoints, an e-mail
 * address in one response. Deterministic for a given `now`.
 */
const FINGERPRINT_KEY = 'lantern-demo';
const ISSUER = 'https://login.example.com/';

export function generateDemoTraffic(now: Date, days = 14): Exchange[] {
  const random = seededRandom(20261123);
  const out: Exchange[] = [];
  for (const api of DEMO_APIS) {
    const targets = [
      ...api.operations.map((op) => ({ method: op.method, path: op.path, scopes: op.scopes ?? [], documented: true, deprecated: op.deprecated ?? false })),
      ...api.shadow.map((s) => ({ method: s.method, path: s.path, scopes: [], documented: false, deprecated: false })),
    ];
    for (const t of targets) {
      const perDay = t.documented && !t.deprecated ? 40 : 8;
      for (let d = days - 1; d >= 0; d--) {
        const n = Math.floor(perDay / 2 + random() * perDay);
        for (let i = 0; i < n; i++) {
          const ts = new Date(now.getTime() - d * 86_400_000 - Math.floor(random() * 86_000_000));
          if (ts > now) continue;
          out.push(exchange(api, t, ts, random));
        }
      }
    }
  }
  return out.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
}

function exchange(api: DemoApi, t: { method: string; path: string; scopes: string[]; documented: boolean }, ts: Date, random: () => number): Exchange {
  const concrete = t.path.replace(/\{(\w+)\}/g, (_, name: string) => paramValue(name, random));
  const anonymous = !t.documented && random() < 0.6;
  const headers: [string, string][] = anonymous ? [] : [['authorization', `Bearer ${demoJwt(t.scopes, Math.floor(random() * 5))}`]];
  const status = random() < 0.02 ? 503 : t.method === 'POST' ? 201 : t.method === 'DELETE' ? 204 : 200;
  return {
    ts: ts.toISOString(),
    src: `${random() < 0.7 ? '10.0.' : '203.0.113.'}${Math.floor(random() * 250)}.${Math.floor(random() * 250)}:${40000 + Math.floor(random() * 20000)}`,
    dst: '10.1.0.10:443',
    transport: 'http/1.1',
    host: api.host,
    method: t.method,
    path: `${api.basePath}${concrete}`,
    status,
    latencyMs: demoLatency(t, random()),
    auth: collectAuthEvidence({ headers }, FINGERPRINT_KEY),
    ...(concrete.startsWith('/users') ? { sensitive: ['email'] } : {}),
    source: { file: 'demo-traffic' },
  };
}

/** Typical answers, fast reads to slow writes: an endpoint's own is picked from its method and path. */
const TYPICAL_MS = [9, 18, 30, 45, 70, 110, 180];

/**
 * One request's latency from one draw of the generator (one draw as before, so the demo's counts stay as they were):
 * nine in ten within ±30% of the endpoint's typical time, the slowest tenth up to four times it, as a real tail.
 */
function demoLatency(t: { method: string; path: string }, draw: number): number {
  let hash = 0;
  for (const c of `${t.method} ${t.path}`) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  const typical = TYPICAL_MS[hash % TYPICAL_MS.length] * (t.method === 'GET' ? 1 : 1.5);
  const factor = draw < 0.9 ? 0.7 + (draw / 0.9) * 0.6 : 1.3 + ((draw - 0.9) / 0.1) * 2.7;
  return Math.round(typical * factor * 10) / 10;
}

function paramValue(name: string, random: () => number): string {
  if (name === 'chargeId') return `ch_${Math.floor(random() * 36 ** 8).toString(36).padStart(8, '0')}${Math.floor(random() * 36 ** 8).toString(36).padStart(8, '0')}`;
  return String(1000 + Math.floor(random() * 90_000));
}

function demoJwt(scopes: string[], client: number): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'demo' })}.${part({ iss: ISSUER, aud: ['demo-api'], scope: scopes.join(' '), sub: `client-${client}`, exp: 1893456000 })}.c2lnbmF0dXJl`;
}
