import { expect, test } from 'vitest';
import { createObservationAggregator } from './aggregate-observations';
import { planBatches } from './batches';
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
