import { createServer } from 'node:http';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { planBatches } from '../../lib/inventory/batches';
import type { EndpointObservation, IngestBatch } from '../../lib/inventory/observation';
import { drainSpool } from './drain-spool';
import { sendBatch } from './send-batch';
import { createSpool } from './spool';

/** A Lantern whose LANTERN_INGEST_MAX_BYTES is `LIMIT`: what is over it gets its own 413, the rest is taken. */
const LIMIT = 20_000;
const taken: IngestBatch[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = gunzipSync(Buffer.concat(chunks));
    if (body.length > LIMIT) return void res.writeHead(413, { 'content-type': 'application/json' }).end(`{"error":{"code":"too_large","message":"body larger than ${LIMIT} bytes"}}`);
    const batch = JSON.parse(body.toString('utf8')) as IngestBatch;
    const again = taken.some((b) => b.idempotencyKey === batch.idempotencyKey);
    if (!again) taken.push(batch);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: again ? 'duplicate' : 'applied' }));
  });
});
let url = '';
beforeAll(() => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => { url = `http://127.0.0.1:${(server.address() as { port: number }).port}`; r(); })));
afterAll(() => server.close());

const day = (n: number) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10);
/** `days` days of one request each. */
const observation = (i: number, days = 2): EndpointObservation => ({
  host: 'shop.test',
  method: 'GET',
  path: `/items/${i}/${'x'.repeat(400)}`,
  evidence: {
    requests: days,
    firstSeen: `${day(0)}T00:00:00.000Z`,
    lastSeen: `${day(days - 1)}T00:00:00.000Z`,
    statuses: { '200': days },
    authKinds: { none: days },
    jwtIssuers: [],
    scopesSeen: [],
    unauthenticated2xx: days,
    sensitive: [],
    queryParams: {},
    deprecationHeaders: 0,
    sunsetHeaders: 0,
    clients: { internal: days, public: 0, unknown: 0 },
    callers: 0,
  },
  daily: Object.fromEntries(Array.from({ length: days }, (_, d) => [day(d), { requests: 1, errors: 0, unauthenticated: 0 }])),
  examplePaths: [],
});

/**
 * `lantern push` started while the server was down templated blind and planned batches to the default 32 MiB; the
 * server, back with a lower LANTERN_INGEST_MAX_BYTES, refused each with its own 413, and the collector set it aside
 * for good (until 6 Dec). Lantern's 413 now has the batch sent again in halves, each within the limit, and the
 * halves of a batch resent are the same halves: counted once.
 */
test("a batch over the server's own limit is sent in halves, every observation once; a batch of one observation is still set aside", async () => {
  const spool = createSpool(mkdtempSync(join(tmpdir(), 'spool-limit-')));
  const [big] = planBatches({ inputFingerprint: 'sha256:aaaa', collector: { name: 'c', kind: 'log' }, observations: Array.from({ length: 200 }, (_, i) => observation(i)), exchanges: 400, extraStats: { lines: 400 } });
  await spool.put(big);
  const log: string[] = [];
  const drained = await drainSpool(spool, (b) => sendBatch(url, 'lt_x', b), Date.now() + 10_000, (m) => log.push(m));
  expect({ ...drained, applied: drained.applied > 1 }).toEqual({ applied: true, duplicate: 0, rejected: [], remaining: 0 });
  expect(taken.flatMap((b) => b.observations)).toEqual(big.observations);
  expect(taken.every((b) => b.inputSet?.key === big.inputSet?.key && b.inputSet?.layout === big.inputSet?.layout)).toBe(true);
  expect(taken.reduce((n, b) => n + (b.stats.exchanges ?? 0), 0)).toBe(400);
  expect(taken.reduce((n, b) => n + (b.stats.lines ?? 0), 0)).toBe(400);
  expect(await spool.keys()).toEqual([]);
  expect(existsSync(join(spool.dir, 'rejected'))).toBe(false);

  // The same batch again (a run that had spooled it too): the same halves, each a duplicate.
  const parts = taken.length;
  await spool.put(big);
  expect(await drainSpool(spool, (b) => sendBatch(url, 'lt_x', b), Date.now() + 10_000, () => undefined)).toEqual({ applied: 0, duplicate: parts, rejected: [], remaining: 0 });

  const [lone] = planBatches({ inputFingerprint: 'sha256:bbbb', collector: { name: 'c', kind: 'log' }, observations: [observation(0, 1000)], exchanges: 1000 });
  await spool.put(lone);
  const refused = await drainSpool(spool, (b) => sendBatch(url, 'lt_x', b), Date.now() + 10_000, () => undefined);
  expect(refused.rejected).toEqual([`${lone.idempotencyKey}: 413 body larger than ${LIMIT} bytes`]);
});
