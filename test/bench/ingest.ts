/**
 * npm run bench:ingest — sustained observations/s into SQLite and PostgreSQL, and the p95 latency of the inventory
 * list API (filters + sort + page) with 100,000 endpoints stored. Baselines measured in the same run:
 *  - ingest: the naive path (one upsert statement per observation and per day), against the batched one;
 *  - list API: the same queries after dropping the inventory indexes (SQLite's FTS5 search table stays: the search
 *    query reads it, so its "without indexes" figure is not a baseline).
 * Latency is reported as wall-clock and as CPU time (see cpuMeter); the 50 ms target is judged on CPU time, because
 * on a shared machine the wall clock mostly measures waiting for a core.
 * PostgreSQL runs when LANTERN_TEST_PG_URL is set or PostgreSQL 15 is installed (a throw-away cluster is started).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GET as listEndpointsRoute } from '../../app/api/endpoints/route';
import { db, disconnectDb } from '../../lib/db/client';
import { applyIngestBatch } from '../../lib/db/ingest';
import { createApiToken } from '../../lib/db/tokens';
import { refreshPlannerStatistics } from '../../lib/db/optimize';
import type { EndpointObservation, IngestBatch } from '../../lib/inventory/observation';
import { latencyBucket } from '../../lib/discovery/latency-summary';
import { useFreshDatabase, type DatabaseKind } from '../db-harness';

const ENDPOINTS = Number(process.env.BENCH_ENDPOINTS ?? 100_000);
const BATCH = 1000;

function observation(i: number): EndpointObservation {
  const requests = 1 + (i % 50);
  return {
    host: `svc${i % 200}.bench.test`,
    method: ['GET', 'POST', 'PUT', 'DELETE'][i % 4],
    path: `/api/v${1 + (i % 3)}/resource${i}/{id}`,
    evidence: {
      requests, firstSeen: new Date(Date.UTC(2026, 9, 1 + (i % 30))).toISOString(), lastSeen: new Date(Date.UTC(2026, 10, 1 + (i % 20))).toISOString(),
      statuses: { '200': requests }, authKinds: { 'bearer-jwt': requests }, jwtIssuers: [], scopesSeen: [], unauthenticated2xx: 0,
      sensitive: [], queryParams: {}, deprecationHeaders: 0, sunsetHeaders: 0, clients: { internal: requests, public: 0, unknown: 0 }, callers: 1,
    },
    daily: { [`2026-11-${String(1 + (i % 20)).padStart(2, '0')}`]: { requests, errors: 0, unauthenticated: 0 } },
    examplePaths: [`/api/v1/resource${i}/7`],
  };
}

/** Latencies for all but every seventh endpoint (never-timed rows sort last: the p95 sort must page past them). */
function timed(o: EndpointObservation, i: number): EndpointObservation {
  if (i % 7 === 0) return o;
  const fast = 5 + (i % 90);
  const slow = fast * (2 + (i % 11));
  const count = o.evidence.requests;
  const buckets: Record<string, number> = { [String(latencyBucket(fast))]: count - Math.floor(count / 10) };
  if (count >= 10) buckets[String(latencyBucket(slow))] = (buckets[String(latencyBucket(slow))] ?? 0) + Math.floor(count / 10);
  const sumMs = fast * (count - Math.floor(count / 10)) + slow * Math.floor(count / 10);
  return { ...o, evidence: { ...o.evidence, latency: { count, sumUs: Math.round(sumMs * 1000), maxUs: (count >= 10 ? slow : fast) * 1000, buckets } } };
}

const batchOf = (from: number, n: number, tag: string): IngestBatch => ({
  idempotencyKey: `bench-${tag}-${from}`,
  collector: { name: 'bench', kind: 'pcap' },
  observations: Array.from({ length: n }, (_, k) => timed(observation(from + k), from + k)),
  stats: {},
});

/** Baseline: what ingest looked like before batching — one upsert per observation, one per day row. */
async function naiveIngest(batch: IngestBatch) {
  for (const o of batch.observations) {
    const e = await db().endpoint.upsert({
      where: { host_method_pathTemplate: { host: o.host, method: o.method, pathTemplate: o.path } },
      create: { host: o.host, method: o.method, pathTemplate: o.path, firstSeen: new Date(o.evidence.firstSeen!), lastSeen: new Date(o.evidence.lastSeen!), requestCount: BigInt(o.evidence.requests), statusCounts: o.evidence.statuses },
      update: { requestCount: { increment: BigInt(o.evidence.requests) } },
    });
    for (const [day, c] of Object.entries(o.daily)) {
      await db().endpointDailyStat.upsert({ where: { endpointId_day: { endpointId: e.id, day } }, create: { endpointId: e.id, day, ...c }, update: { requests: { increment: c.requests } } });
    }
  }
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/**
 * CPU time spent on one request, in ms: this process (handler, Prisma, and SQLite, which runs in-process) plus the
 * PostgreSQL backends serving this database. Several benchmarks share two cores here, so wall-clock latency mostly
 * measures the queue for a core; CPU time is what the request costs, and on an idle core the latency it would see.
 * Backends are read from /proc/<pid>/schedstat (nanoseconds on CPU), so PostgreSQL must run on this machine.
 */
async function cpuMeter(kind: DatabaseKind): Promise<() => number> {
  const backends = kind === 'postgres'
    ? (await db().$queryRawUnsafe<{ pid: number }[]>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')).map((r) => r.pid)
    : [];
  const serverNs = () => backends.reduce((sum, pid) => {
    try {
      return sum + Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      return sum; // a backend that has gone away since
    }
  }, 0);
  const start = () => ({ proc: process.cpuUsage(), server: serverNs() });
  let from = start();
  return () => {
    const d = process.cpuUsage(from.proc);
    const ms = (d.user + d.system) / 1000 + (serverNs() - from.server) / 1e6;
    from = start();
    return ms;
  };
}

const QUERIES = {
  'first page, default sort': '',
  'state=shadow&sort=requests': 'state=shadow&sort=requests',
  'host filter + path sort, page 20': 'host=svc17.bench.test&sort=path&order=asc&page=20&pageSize=25',
  'method + state, last seen': 'method=DELETE&state=shadow&sort=lastSeen',
  'p95 sort (slowest first)': 'sort=p95',
  'state + p95 sort ascending, page 40': 'state=shadow&sort=p95&order=asc&page=40&pageSize=25',
  'search q=resource4242': 'q=resource4242',
  // Outside what the trigram index serves (endpoint-search.ts): a 2-character term, and one matching every endpoint.
  'search q=42 (short: scan)': 'q=42',
  'search q=resource (all match: scan)': 'q=resource',
};

interface Latency { name: string; p50: number; p95: number; cpu50: number; cpu95: number }
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * p)];

async function listLatencies(token: string, kind: DatabaseKind): Promise<Latency[]> {
  const out = [];
  for (const [name, qs] of Object.entries(QUERIES)) {
    const call = async () => {
      const req = new Request(`http://bench/api/endpoints?${qs}`, { headers: { authorization: `Bearer ${token}` } });
      const res = await listEndpointsRoute(req, { params: Promise.resolve({}) });
      if (res.status !== 200) throw new Error(`list API answered ${res.status}`);
      await res.json();
    };
    for (let i = 0; i < 10; i++) await call(); // warm-up: plans, caches, the connection pool
    const cpuSince = await cpuMeter(kind);
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < 50; i++) {
      cpuSince();
      wall.push(await timeIt(call));
      cpu.push(cpuSince());
    }
    out.push({ name, p50: pct(wall, 0.5), p95: pct(wall, 0.95), cpu50: pct(cpu, 0.5), cpu95: pct(cpu, 0.95) });
  }
  return out;
}

async function dropInventoryIndexes() {
  const names = ['Endpoint_state_lastSeen_id_idx', 'Endpoint_state_requestCount_id_idx', 'Endpoint_state_unlisted_firstSeen_idx', 'Endpoint_host_lastSeen_idx', 'Endpoint_lastSeen_id_idx',
    'Endpoint_requestCount_id_idx', 'Endpoint_pathTemplate_id_idx', 'Endpoint_firstSeen_id_idx', 'Endpoint_apiId_idx', 'Endpoint_ownerTeamId_idx', 'Endpoint_ignoredById_state_unlisted_idx', 'Endpoint_ignoredById_method_state_unlisted_idx', 'Endpoint_unlisted_state_ignoredById_idx',
    'Endpoint_host_lower_trgm_idx', 'Endpoint_pathTemplate_lower_trgm_idx', 'Endpoint_ignoredById_state_pathTemplate_host_unlisted_idx',
    'Endpoint_ignoredById_state_searchText_idx', 'Endpoint_searchText_state_ignoredById_unlisted_idx', 'Endpoint_latencyP95Ms_id_idx'];
  for (const n of names) await db().$executeRawUnsafe(`DROP INDEX IF EXISTS "${n}"`);
}

async function benchDatabase(kind: DatabaseKind) {
  await useFreshDatabase(kind);
  const warm = 2000;
  const naiveMs = await timeIt(async () => {
    for (let i = 0; i < warm; i += BATCH) await naiveIngest(batchOf(10_000_000 + i, BATCH, 'naive'));
  });
  await db().endpointDailyStat.deleteMany();
  await db().endpoint.deleteMany();
  let ingested = 0;
  const ms = await timeIt(async () => {
    for (let i = 0; i < ENDPOINTS; i += BATCH) {
      await applyIngestBatch(batchOf(i, Math.min(BATCH, ENDPOINTS - i), 'batched'));
      ingested += Math.min(BATCH, ENDPOINTS - i);
      if (process.stderr.isTTY) process.stderr.write(`\r${kind}: ${ingested}/${ENDPOINTS} observations`);
    }
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  const rate = ingested / (ms / 1000);
  const naiveRate = warm / (naiveMs / 1000);
  await refreshPlannerStatistics(); // what `lantern serve` does at start and every 6 hours
  const { token } = await createApiToken({ name: 'bench', scopes: ['read'] });
  const indexed = await listLatencies(token, kind);
  await dropInventoryIndexes();
  const unindexed = await listLatencies(token, kind);
  await disconnectDb();
  console.log(`\n== ${kind}: ${ENDPOINTS.toLocaleString('en-US')} endpoints`);
  console.log(`ingest (new endpoints, batches of ${BATCH}): ${Math.round(rate).toLocaleString('en-US')} observations/s; naive per-row baseline ${Math.round(naiveRate).toLocaleString('en-US')}/s; ratio ${(rate / naiveRate).toFixed(1)}x`);
  console.log('list API (in-process handler, token auth, JSON encoded; 50 calls after 10 warm-up)');
  console.log(`  ${''.padEnd(36)} wall p50   p95 │ CPU p50   p95 │ without indexes: wall p95  CPU p95  CPU ratio │ target`);
  const f = (n: number, w: number) => n.toFixed(1).padStart(w);
  for (let i = 0; i < indexed.length; i++) {
    const a = indexed[i];
    const b = unindexed[i];
    const verdict = a.cpu95 <= 50 ? 'ok (CPU p95 ≤ 50 ms)' : 'OVER 50 ms';
    console.log(`  ${a.name.padEnd(36)} ${f(a.p50, 8)} ${f(a.p95, 5)} │ ${f(a.cpu50, 7)} ${f(a.cpu95, 5)} │ ${f(b.p95, 26)} ${f(b.cpu95, 8)} ${f(b.cpu95 / a.cpu95, 9)}x │ ${verdict}`);
  }
}

async function main() {
  process.env.NEXTAUTH_SECRET ??= 'bench-secret-bench-secret-bench';
  let pgStarted: string | undefined;
  if (!process.env.LANTERN_TEST_PG_URL && existsSync('/usr/lib/postgresql/15/bin/initdb')) {
    const out = execFileSync('bash', [join(import.meta.dirname, '../pg/start-cluster.sh')], { encoding: 'utf8' });
    for (const m of out.matchAll(/export (\w+)='([^']*)'/g)) process.env[m[1]] = m[2];
    pgStarted = process.env.LANTERN_PG_DIR;
  }
  try {
    await benchDatabase('sqlite');
    if (process.env.LANTERN_TEST_PG_URL) await benchDatabase('postgres');
    else console.log('\n(PostgreSQL not available: skipped)');
  } finally {
    if (pgStarted) execFileSync('bash', [join(import.meta.dirname, '../pg/stop-cluster.sh')], { env: process.env });
  }
}

await main();
