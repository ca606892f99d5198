/**
 * npm run bench:load — drives a real `lantern serve` (production build, SQLite by default, PostgreSQL with
 * BENCH_DATABASE_URL) on loopback with autocannon for BENCH_SECONDS (60): collectors POSTing gzip-less JSON batches
 * to /api/ingest and dashboards paging GET /api/endpoints, at the same time. Reports requests/s, observations/s,
 * p50/p99 latency and errors per workload, then checks the stored totals equal what was sent. Exits 1 on any error
 * (non-2xx, socket error, timeout) or a totals mismatch: under this load nothing may be refused or lost.
 * Ingest runs LANTERN_INGEST_CONCURRENCY connections, the number of batches a replica admits at once (more would
 * be answered 429 by design — that is back-pressure, measured separately by the admission tests).
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { createClient } from '../../lib/db/client';
import type { EndpointObservation, IngestBatch } from '../../lib/inventory/observation';
import { startLantern } from '../e2e/lantern-server';

const ROOT = join(import.meta.dirname, '../..');
const LANTERN = join(ROOT, 'bin/lantern');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const INGEST_CONNECTIONS = Number(process.env.BENCH_INGEST_CONNECTIONS ?? 4);
const READ_CONNECTIONS = Number(process.env.BENCH_READ_CONNECTIONS ?? 16);
const OBSERVATIONS_PER_BATCH = 50;
const ENDPOINTS = 5000;
const run = promisify(execFile);

/** Batch n: 50 observations over a rolling window of 5,000 endpoints, 3 requests each. */
function batch(n: number): IngestBatch {
  const observations: EndpointObservation[] = Array.from({ length: OBSERVATIONS_PER_BATCH }, (_, k) => {
    const i = (n * OBSERVATIONS_PER_BATCH + k) % ENDPOINTS;
    return {
      host: `svc${i % 50}.load.test`,
      method: ['GET', 'POST'][i % 2],
      path: `/api/v1/items${i}/{id}`,
      evidence: {
        requests: 3, firstSeen: '2026-11-20T10:00:00.000Z', lastSeen: '2026-11-20T10:05:00.000Z', statuses: { '200': 3 }, authKinds: { 'bearer-jwt': 3 },
        jwtIssuers: [], scopesSeen: [], unauthenticated2xx: 0, sensitive: [], queryParams: {}, deprecationHeaders: 0, sunsetHeaders: 0,
        clients: { internal: 3, public: 0, unknown: 0 }, callers: 1,
      },
      daily: { '2026-11-20': { requests: 3, errors: 0, unauthenticated: 0 } },
      examplePaths: [`/api/v1/items${i}/7`],
    };
  });
  return { idempotencyKey: `load-bench-${process.pid}-${n}`, collector: { name: 'load-bench', kind: 'log' }, observations, stats: { exchanges: 3 * OBSERVATIONS_PER_BATCH } };
}

function summarise(name: string, r: autocannon.Result, unit?: { per: number; label: string }) {
  const errors = r.non2xx + r.errors + r.timeouts;
  const ok = r.requests.total - r.non2xx;
  console.log(
    `${name.padEnd(22)} ${String(Math.round(r.requests.average)).padStart(7)} req/s` +
      `${unit ? `  ${String(Math.round(r.requests.average * unit.per)).padStart(8)} ${unit.label}/s` : ''}` +
      `  p50 ${String(r.latency.p50).padStart(5)} ms  p99 ${String(r.latency.p99).padStart(5)} ms  ${ok} ok, ${errors} errors` +
      (errors > 0 ? ` (non-2xx ${r.non2xx}, socket ${r.errors}, timeouts ${r.timeouts}; status codes ${JSON.stringify(r.statusCodeStats)})` : ''),
  );
  return { errors, ok };
}

async function main() {
  if (!existsSync(join(ROOT, '.next/BUILD_ID'))) {
    console.log('bench:load: no production build yet, running next build…');
    if (spawnSync('npx', ['next', 'build'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);
  }
  const dbEnv: Record<string, string> = process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {};
  const lantern = await startLantern({
    ...dbEnv,
    LANTERN_DEMO: '0',
    // The per-token rate limit protects the writer from a runaway collector; the bench is a deliberate flood.
    LANTERN_INGEST_RATE: '100000',
    LANTERN_INGEST_BURST: '100000',
    LANTERN_INGEST_CONCURRENCY: String(INGEST_CONNECTIONS),
  });
  try {
    const env = { ...process.env, DATABASE_URL: process.env.BENCH_DATABASE_URL ?? `file:${join(lantern.dataDir, 'lantern.db')}`, LANTERN_DATA_DIR: lantern.dataDir };
    const ingestToken = (await run(LANTERN, ['token', 'create', '--name', 'load-ingest', '--scope', 'ingest'], { env })).stdout.trim();
    const readToken = (await run(LANTERN, ['token', 'create', '--name', 'load-read', '--scope', 'read'], { env })).stdout.trim();
    console.log(`bench:load: ${lantern.url}, ${SECONDS} s, ingest ${INGEST_CONNECTIONS} connections × ${OBSERVATIONS_PER_BATCH} observations/batch, inventory ${READ_CONNECTIONS} connections`);

    let sent = 0;
    const ingest = autocannon({
      url: `${lantern.url}/api/ingest`,
      connections: INGEST_CONNECTIONS,
      duration: SECONDS,
      timeout: 30,
      requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, headers: { authorization: `Bearer ${ingestToken}`, 'content-type': 'application/json' }, body: JSON.stringify(batch(sent++)) }) }],
    });
    const reads = autocannon({
      url: `${lantern.url}/api/endpoints`,
      connections: READ_CONNECTIONS,
      duration: SECONDS,
      timeout: 30,
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/endpoints?pageSize=50&page=${1 + Math.floor(Math.random() * 20)}&sort=requests&order=desc`, headers: { authorization: `Bearer ${readToken}` } }) }],
    });
    const [ingestResult, readResult] = await Promise.all([ingest, reads]);
    const i = summarise('POST /api/ingest', ingestResult, { per: OBSERVATIONS_PER_BATCH, label: 'observations' });
    const r = summarise('GET /api/endpoints', readResult);

    // Exactness under load: every applied batch is counted exactly once. Batches still in flight when autocannon
    // stops are applied by the server but never acknowledged to autocannon, hence acknowledged ≤ applied ≤ sent.
    const client = createClient(env.DATABASE_URL);
    try {
      const stored = Number((await client.endpoint.aggregate({ _sum: { requestCount: true } }))._sum.requestCount ?? 0);
      const applied = await client.ingestBatch.count();
      const exact = stored === applied * OBSERVATIONS_PER_BATCH * 3 && applied >= i.ok && applied <= sent;
      console.log(`batches sent ${sent}, acknowledged ${i.ok}, applied ${applied}; stored requests ${stored} = ${applied} × ${OBSERVATIONS_PER_BATCH * 3}: ${exact ? 'exact' : 'MISMATCH'}`);
      if (i.errors + r.errors > 0 || !exact) process.exitCode = 1;
    } finally {
      await client.$disconnect();
    }
  } finally {
    await lantern.stop();
  }
}

await main();
