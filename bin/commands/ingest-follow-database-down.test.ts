import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test, vi } from 'vitest';
import { rotateTwiceDuringOutage } from '../../test/rotate-during-outage';
import type { IngestBatch } from '../../lib/inventory/observation';

/**
 * `ingest --follow` without --server, into a database that goes down while the log rotates twice. The database is a
 * stand-in (ingestBatch mocked): it counts each batch once, by idempotency key, as Lantern's does, and throws while down.
 */
const db = vi.hoisted(() => ({ down: false, failures: 0, batches: new Map<string, number>() }));
vi.mock('../../lib/db/ingest-pipeline', () => ({
  ingestBatch: async (b: IngestBatch) => {
    if (db.down) {
      db.failures++;
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    }
    const duplicate = db.batches.has(b.idempotencyKey);
    if (!duplicate) db.batches.set(b.idempotencyKey, b.observations.reduce((n, o) => n + o.evidence.requests, 0));
    return { status: duplicate ? 'duplicate' : 'applied' };
  },
}));
vi.mock('../../lib/db/client', () => ({ disconnectDb: async () => undefined }));
vi.mock('../push/templating-source', () => ({ storedSpecsAndOverrides: async () => ({ specs: [], overrides: [] }), serverTemplatingContext: async () => ({ specs: [], overrides: [] }) }));

const counted = () => [...db.batches.values()].reduce((a, b) => a + b, 0);
const lines = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `10.0.0.1 - - [06/Dec/2026:05:00:00 +0000] "GET /seq/${from + i}/items HTTP/1.1" 200 9 "-" "curl/8"\n`).join('');
async function until(what: string, ok: () => boolean): Promise<void> {
  const limit = Date.now() + 60_000;
  while (!ok()) {
    if (Date.now() > limit) throw new Error(`timed out waiting for ${what} (counted ${counted()})`);
    await sleep(50);
  }
}

test('a database down while the log rotates twice: the follower keeps reading, every line is stored once', { timeout: 120_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), 'lantern-ingest-outage-'));
  process.env.LANTERN_DATA_DIR = join(work, 'data');
  process.env.LANTERN_FINGERPRINT_KEY = 'k'.repeat(32);
  const { run } = await import('./ingest');
  const log = join(work, 'access.log');
  writeFileSync(log, lines(0, 100));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const running = run([log, '--follow', '--host', 'a.test', '--state-dir', join(work, 'state')]);
  await until('the first lines', () => counted() >= 100);
  db.down = true;
  appendFileSync(log, lines(100, 40));
  await until('a refused write', () => db.failures > 0);
  await rotateTwiceDuringOutage(log, lines);
  db.down = false;
  await until('the newest file stored', () => counted() >= 220);
  await sleep(2000); // what is left after the outage (retries back off up to a few seconds)
  process.emit('SIGTERM');
  await running;
  expect(counted()).toBe(260);
});
