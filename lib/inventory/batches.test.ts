import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { createObservationAggregator } from './aggregate-observations';
import { MAX_BATCH_BYTES, planBatches } from './batches';
import { ingestBatchSchema } from './observation';

test('a request whose path templates past 2048 characters is counted under its cut template, and its batch is one a server accepts', () => {
  // 300 word segments: nothing to template, 3000 characters, as an 8 KiB nginx request line allows.
  const long = '/' + Array.from({ length: 300 }, (_, i) => `segment${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`).join('/');
  const aggregator = createObservationAggregator({ specs: [], overrides: [] });
  for (const path of ['/ok', long, long]) aggregator.add({ ts: '2026-12-04T10:00:00.000Z', method: 'GET', host: 'api.example.org', path, status: 200 });
  const [batch] = planBatches({ inputFingerprint: 'long-paths', collector: { name: 'c', kind: 'log' }, observations: aggregator.observations(), exchanges: aggregator.exchanges });
  expect(ingestBatchSchema.safeParse(batch).success).toBe(true);
  expect(batch.observations.map((o) => [o.path.length, o.evidence.requests])).toEqual([[3, 1], [2048, 2]]);
  expect(batch.observations[1].path).toBe(`${long.slice(0, 2036)}/{truncated}`);
});

test('a batch that would pass the server\'s default body limit (years of daily counts on 1000 endpoints) is cut so each part is accepted; smaller ones keep their keys', () => {
  // One endpoint called once a day for 800 days, as a log archive of two years gives it.
  const aggregator = createObservationAggregator({ specs: [], overrides: [] });
  const start = Date.parse('2024-01-01T12:00:00Z');
  for (let d = 0; d < 800; d++) aggregator.add({ ts: new Date(start + d * 86_400_000).toISOString(), method: 'GET', host: 'api.example.org', path: '/reports/daily', status: 200 });
  const [one] = aggregator.observations();
  expect(Object.keys(one.daily)).toHaveLength(800);
  const observations = Array.from({ length: 1000 }, (_, i) => ({ ...one, path: `/reports/r${i}/daily` }));
  const batches = planBatches({ inputFingerprint: 'archive', collector: { name: 'c', kind: 'log' }, observations, exchanges: 800_000 });
  // Before: one batch of about 50 MB, refused with 413 by every default server and set aside whole.
  expect(batches.length).toBeGreaterThan(1);
  for (const b of batches) expect(Buffer.byteLength(JSON.stringify(b))).toBeLessThanOrEqual(MAX_BATCH_BYTES);
  expect(batches.flatMap((b) => b.observations.map((o) => o.path))).toEqual(observations.map((o) => o.path));
  expect(batches.reduce((n, b) => n + b.stats.exchanges, 0)).toBe(800_000);
  expect(new Set(batches.map((b) => b.idempotencyKey)).size).toBe(batches.length);
  // A batch within the limit keeps the key it always had: the same file pushed by an older collector counts once.
  const [small] = planBatches({ inputFingerprint: 'archive', collector: { name: 'c', kind: 'log' }, observations: observations.slice(0, 10), exchanges: 8000 });
  expect(small.idempotencyKey).toBe(`b-${createHash('sha256').update('archive:0/1').digest('hex').slice(0, 40)}`);
});

test('a batch says the exchanges its collector read, those no endpoint counts too (once, in the first batch)', () => {
  const aggregator = createObservationAggregator({ specs: [], overrides: [] });
  aggregator.add({ ts: '2026-12-04T10:00:00.000Z', method: 'GET', host: 'api.example.org', path: '/ok', status: 200 });
  // A log record without a method: read, but no endpoint counts it.
  aggregator.add({ ts: '2026-12-04T10:00:01.000Z', method: '', host: 'api.example.org', path: '/ok', status: 400 });
  const observations = aggregator.observations();
  expect(observations.reduce((n, o) => n + o.evidence.requests, 0)).toBe(1);
  const [batch] = planBatches({ inputFingerprint: 'read', collector: { name: 'c', kind: 'log' }, observations, exchanges: aggregator.exchanges });
  expect(batch.stats.exchanges).toBe(2);
  // Two batches: the read but uncounted exchanges are said once, with the first.
  const many = Array.from({ length: 1500 }, (_, i) => ({ ...observations[0], path: `/r${i}` }));
  const batches = planBatches({ inputFingerprint: 'read-many', collector: { name: 'c', kind: 'log' }, observations: many, exchanges: 1503 });
  expect(batches.map((b) => b.stats.exchanges)).toEqual([1003, 500]);
});
