/**
 * npm run bench:ingest — sustained observations/s into SQLite and PostgreSQL, and the p95 latency of the inventory
 * list API (filters + sort + page) with 100,000 endpoints stored. Baselines measured in the same run:
 *  - ingest: the naive path (one upsert statement per observation and per day), against the batched one;
 *  - list API: the same queries after dropping the inventory indexes.
 * PostgreSQL runs when LANTERN_TEST_PG_URL is set or PostgreSQL 15 is installed (a throw-away cluster is started).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GET as listEndpointsRoute } from '../../app/api/endpoints/route';
import { db, disconnectDb } from '../../lib/db/client';
import { applyIngestBatch } from '../../lib/db/ingest';
import { createApiToken } from '../../lib/db/tokens';
import { refreshPlannerStatistics } from '../../lib/db/optimize';
import type { EndpointObservation, IngestBatch } from '../../lib/inventory/observation';
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

const batchOf = (from: number, n: number, tag: string): IngestBatch => ({
  idempotencyKey: `bench-${tag}-${from}`,
  collector: { name: 'bench', kind: 'pcap' },
  observations: Array.from({ length: n }, (_, k) => observation(from + k)),
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

async function listLatencies(token: string): Promise<{ name: string; p50: number; p95: number }[]> {
  const queries = {
    'first page, default sort': '',
    'state=shadow&sort=requests': 'state=shadow&sort=requests',
    'host filter + path sort, page 20': 'host=svc17.bench.test&sort=path&order=asc&page=20&pageSize=25',
    'method + state, last seen': 'method=DELETE&state=shadow&sort=lastSeen',
    'search q=resource4242': 'q=resource4242',
  };
  const out = [];
  for (const [name, qs] of Object.entries(queries)) {
    const samples: number[] = [];
    for (let i = 0; i < 60; i++) {
      const req = new Request(`http://bench/api/endpoints?${qs}`, { headers: { authorization: `Bearer ${token}` } });
      samples.push(await timeIt(async () => {
        const res = await listEndpointsRoute(req, { params: Promise.resolve({}) });
        if (res.status !== 200) throw new Error(`list API answered ${res.status}`);
        await res.json();
      }));
    }
    samples.splice(0, 10); // warm-up
    samples.sort((a, b) => a - b);
    out.push({ name, p50: samples[Math.floor(samples.length * 0.5)], p95: samples[Math.floor(samples.length * 0.95)] });
  }
  return out;
}

async function dropInventoryIndexes() {
  const names = ['Endpoint_state_lastSeen_id_idx', 'Endpoint_state_requestCount_id_idx', 'Endpoint_state_firstSeen_idx', 'Endpoint_host_lastSeen_idx', 'Endpoint_lastSeen_id_idx',
    'Endpoint_requestCount_id_idx', 'Endpoint_pathTemplate_id_idx', 'Endpoint_firstSeen_id_idx', 'Endpoint_apiId_idx', 'Endpoint_ownerTeamId_idx', 'Endpoint_ignoredById_state_idx', 'Endpoint_ignoredById_method_state_idx'];
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
  const indexed = await listLatencies(token);
  await dropInventoryIndexes();
  const unindexed = await listLatencies(token);
  await disconnectDb();
  console.log(`\n== ${kind}: ${ENDPOINTS.toLocaleString('en-US')} endpoints`);
  console.log(`ingest (new endpoints, batches of ${BATCH}): ${Math.round(rate).toLocaleString('en-US')} observations/s; naive per-row baseline ${Math.round(naiveRate).toLocaleString('en-US')}/s; ratio ${(rate / naiveRate).toFixed(1)}x`);
  console.log('list API (in-process handler, token auth, JSON encoded)        p50 ms   p95 ms   p95 without indexes   ratio');
  for (let i = 0; i < indexed.length; i++) {
    const a = indexed[i];
    const b = unindexed[i];
    console.log(`  ${a.name.padEnd(58)} ${a.p50.toFixed(1).padStart(7)}  ${a.p95.toFixed(1).padStart(7)}  ${b.p95.toFixed(1).padStart(12)}  ${(b.p95 / a.p95).toFixed(1).padStart(9)}x  ${a.p95 <= 50 ? 'ok (≤ 50 ms)' : 'OVER 50 ms'}`);
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
