import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { createDelivery } from './delivery';
import type { SendOutcome } from './send-batch';
import { createSpool } from './spool';

afterEach(() => void vi.useRealTimers());

const batch = (key: string) => ({ idempotencyKey: key, collector: { name: 'c', kind: 'log' as const }, observations: [], stats: {} });

/**
 * `lantern push a.log b.log c.log` (or a directory of logs: each file its own input) while the server was down retried
 * for --retry-for after each input in turn: three inputs and the default 600 s took 30 minutes, a directory of twenty
 * rotated logs over three hours (until 6 Dec). A run that delivers input after input now has one --retry-for in all.
 */
test('inputs delivered one after another share one --retry-for: once an outage has used it up, a later input is tried once and left spooled', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] });
  const spool = createSpool(mkdtempSync(join(tmpdir(), 'delivery-')));
  let sends = 0;
  let up = true;
  const down = async (): Promise<SendOutcome> => {
    sends++;
    return up ? { ok: true, status: 'applied' } : { ok: false, retryable: true, retryAfterMs: 1000, message: 'server unreachable' };
  };
  const delivery = createDelivery({ spool, send: down, retryMs: 5000, log: () => undefined, oneDeadline: true });
  const settle = async <T>(p: Promise<T>): Promise<T> => {
    let done = false;
    void p.finally(() => (done = true));
    // The clock moves only while a retry waits: not while the spool's files are written (real I/O).
    while (!done) await (vi.getTimerCount() > 0 ? vi.advanceTimersByTimeAsync(500) : new Promise((r) => setImmediate(r)));
    return p;
  };
  // Taken at once, then a long extraction: the next input's outage still has all of --retry-for.
  await settle(delivery.deliver([batch('key-0000000000000000')]));
  await vi.advanceTimersByTimeAsync(60_000);
  [up, sends] = [false, 0];
  await settle(delivery.deliver([batch('key-aaaaaaaaaaaaaaaa')]));
  const first = sends;
  expect(first).toBeGreaterThan(2);
  await settle(delivery.deliver([batch('key-bbbbbbbbbbbbbbbb')]));
  await settle(delivery.deliver([batch('key-cccccccccccccccc')]));
  expect([sends - first, delivery.leftSpooled]).toEqual([2, 3]);
});
