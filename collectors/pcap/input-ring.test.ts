import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, expect, test } from 'vitest';
import { InputRing, RING_SLOTS, SLOT_BYTES } from './input-ring';

/** The ring between the reading main thread and the capture workers, with real worker threads on both ends. */
const dir = mkdtempSync(join(tmpdir(), 'lantern-ring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const entry = new URL('../../test/gen/pcap/ring-reader-worker.mjs', import.meta.url);

interface ReaderReport {
  sha256: string;
  bytes: number;
  aborted: boolean;
  error?: string;
}

function reader(ring: InputRing, slow = false): { done: Promise<ReaderReport>; worker: Worker } {
  const worker = new Worker(entry, { workerData: { memory: ring.memory, slow } });
  const done = new Promise<ReaderReport>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return { done, worker };
}

/** A file several times the ring, not a whole number of slots long. */
const content = randomBytes(RING_SLOTS * SLOT_BYTES * 3 + 12_345);
const file = join(dir, 'input.bin');
writeFileSync(file, content);

test('every reader gets every byte in order, one fast and one slow, while the ring is refilled', async () => {
  const ring = InputRing.allocate();
  const readers = [reader(ring), reader(ring, true)];
  await ring.fill(file, readers.length);
  const reports = await Promise.all(readers.map((r) => r.done));
  const expected = createHash('sha256').update(content).digest('hex');
  for (const r of reports) expect(r).toEqual({ sha256: expected, bytes: content.length, aborted: false, error: undefined });
}, 30_000);

test('a stop request ends every reader after the same block, as a stop and not as the end of the file', async () => {
  const ring = InputRing.allocate(2);
  const readers = [reader(ring, true), reader(ring, true)];
  const stop = new AbortController();
  setTimeout(() => stop.abort(), 20);
  await ring.fill(file, readers.length, stop.signal);
  const reports = await Promise.all(readers.map((r) => r.done));
  expect(reports[0].aborted).toBe(true);
  expect(reports[0].bytes % SLOT_BYTES).toBe(0);
  expect(reports[0].bytes).toBeLessThan(content.length);
  expect(reports[1]).toEqual(reports[0]);
}, 30_000);

test('a read error reaches every reader with its message', async () => {
  const ring = InputRing.allocate(2);
  const readers = [reader(ring), reader(ring)];
  // Opening a directory works; reading it fails (EISDIR).
  await ring.fill(dir, readers.length);
  for (const r of await Promise.all(readers.map((x) => x.done))) {
    expect(r.bytes).toBe(0);
    expect(r.error).toMatch(/EISDIR/);
  }
}, 30_000);

test('cancel() releases a fill waiting on a reader that is gone', async () => {
  const ring = InputRing.allocate(2);
  const gone = reader(ring, true);
  const filling = ring.fill(file, 2); // two readers announced, one never comes: the ring fills up and waits
  await new Promise((resolve) => setTimeout(resolve, 100));
  ring.cancel();
  await filling;
  const report = await gone.done;
  expect(report.aborted).toBe(true);
  expect(report.bytes).toBeLessThan(content.length);
}, 30_000);
