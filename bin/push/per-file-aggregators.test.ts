import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { contentKey, fingerprintInputs } from '../../collectors/input-fingerprint';
import { createObservationAggregator } from '../../lib/inventory/aggregate-observations';
import { planBatches } from '../../lib/inventory/batches';
import type { IngestBatch } from '../../lib/inventory/observation';
import { exchangeSchema } from '../../lib/exchange';
import { deliverParts, digestOfUnit } from './per-file-aggregators';

const root = mkdtempSync(join(tmpdir(), 'lantern-per-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const LINE = '10.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "GET /items/1 HTTP/1.1" 200 9 "-" "curl/8"\n';
const collector = { name: 'edge', kind: 'log' as const };

/** What deliverParts sends for a file of one exchange, and what it should send with `alias` as the file's content key. */
async function delivered(file: string, fileDigest: string | undefined, alias: string): Promise<[sent: IngestBatch[], expected: IngestBatch[]]> {
  const part = createObservationAggregator({ specs: [] });
  part.add(exchangeSchema.parse({ ts: '2026-12-04T10:00:00Z', host: 'api.test', method: 'GET', path: '/items/1', status: 200 }));
  const sent: IngestBatch[] = [];
  const totals = { exchanges: 0, observations: 0, batches: 0, applied: 0, duplicate: 0 };
  const deliver = async (batches: IngestBatch[]) => (sent.push(...batches), { applied: batches.length, duplicate: 0 });
  await deliverParts([[file, part]], { unit: file, fileDigest, collector, stats: {}, deliver, totals });
  const expected = planBatches({ inputFingerprint: await fingerprintInputs([file]), aliasFingerprint: await contentKey(alias), collector, observations: part.observations(), exchanges: 1, extraStats: {} });
  expect(expected).toHaveLength(1);
  return [sent, expected];
}

test("a log file's alias is the digest its reader took, the file not read again for it", async () => {
  // Until 7 Dec deliverParts read the file a second time to hash it: keyed by what is there at the delivery, not by
  // what was read. A file rewritten in between tells the two apart.
  const file = join(root, 'access.log');
  writeFileSync(file, LINE);
  const read = createHash('sha256').update(LINE).digest('hex');
  writeFileSync(file, LINE.repeat(2));
  const [sent, expected] = await delivered(file, read, read);
  expect(sent).toEqual(expected);
});

test('a file its reader took no digest of (an empty one) is hashed for its alias as before', async () => {
  const file = join(root, 'empty.log');
  writeFileSync(file, '');
  const empty = createHash('sha256').update('').digest('hex');
  const [sent, expected] = await delivered(file, undefined, empty);
  expect(sent).toEqual(expected);
});

test("digestOfUnit keeps the unit's digest alone: a log read from a directory of captures is not its alias", () => {
  const unit = digestOfUnit('/var/log/a.log');
  unit.request.done('/var/log/other.log', 'b'.repeat(64));
  expect(unit.sha256()).toBeUndefined();
  unit.request.done('/var/log/a.log', 'a'.repeat(64));
  expect(unit.sha256()).toBe('a'.repeat(64));
});
