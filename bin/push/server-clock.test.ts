import { createServer } from 'node:http';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { drainSpool } from './drain-spool';
import { sendBatch } from './send-batch';
import { createSpool } from './spool';

/** The server's clock, as its Date header says it, and its refusal of a batch it finds ahead of that clock. */
let serverClock = Date.now();
const server = createServer((req, res) => {
  req.resume();
  const details = [{ path: 'observations.0.evidence.lastSeen', message: `more than a day after this server's clock (${new Date(serverClock).toISOString()}): set the collector's clock right` }];
  req.on('end', () =>
    res
      .writeHead(400, { 'content-type': 'application/json', date: new Date(serverClock).toUTCString() })
      .end(JSON.stringify({ error: { code: 'invalid_request', message: 'the batch claims a time in the future; nothing of it was stored', details } })),
  );
});
let url = '';
beforeAll(() => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => { url = `http://127.0.0.1:${(server.address() as { port: number }).port}`; r(); })));
afterAll(() => server.close());

function batchSeenAt(key: string, at: Date) {
  const day = at.toISOString().slice(0, 10);
  return {
    idempotencyKey: key,
    collector: { name: 'c', kind: 'log' as const },
    observations: [{
      host: 'clock.example.com', method: 'GET', path: '/x',
      evidence: {
        requests: 1, firstSeen: at.toISOString(), lastSeen: at.toISOString(), statuses: { '200': 1 }, authKinds: { none: 1 },
        jwtIssuers: [], scopesSeen: [], unauthenticated2xx: 0, sensitive: [], queryParams: {}, deprecationHeaders: 0, sunsetHeaders: 0,
        clients: { internal: 0, public: 0, unknown: 1 }, callers: 0,
      },
      daily: { [day]: { requests: 1, errors: 0, unauthenticated: 0 } },
      examplePaths: ['/x'],
    }],
    stats: { exchanges: 1 },
  };
}

/**
 * A server whose clock is days behind (a VM restored from a snapshot, NTP blocked) refuses every fresh batch as
 * claiming a time in the future. Each collector set its batches aside in rejected/, never to be sent again, so the
 * traffic of the whole outage was lost to the inventory once the server's clock was right. Batches are now kept
 * spooled while the server's clock is the one the batch is ahead of; a collector whose own clock runs ahead (the
 * server's Date agrees with the batch's times being wrong) still has them set aside.
 */
test("batches refused because the server's clock is days behind stay spooled, saying so; a collector's clock ahead still has them set aside", async () => {
  const spool = createSpool(mkdtempSync(join(tmpdir(), 'spool-clock-')));
  await spool.put(batchSeenAt('key-clock-aaaaaaaaaa', new Date()));
  const log: string[] = [];
  serverClock = Date.now() - 3 * 86_400_000;
  const behind = await drainSpool(spool, (b) => sendBatch(url, 'lt_x', b), Date.now() + 10_000, (m) => log.push(m));
  expect(behind).toEqual({ applied: 0, duplicate: 0, rejected: [], remaining: 1 });
  expect(await spool.keys()).toEqual(['key-clock-aaaaaaaaaa']);
  expect(log.at(-1)).toMatch(/^400 the batch claims a time in the future; .*: the server's clock \(.+\) is more than a day behind this collector's \(.+\); set the wrong one right; 1 batch\(es\) stay spooled/);

  serverClock = Date.now();
  await spool.put(batchSeenAt('key-clock-bbbbbbbbbb', new Date(Date.now() + 3 * 86_400_000)));
  const ahead = await drainSpool(spool, (b) => sendBatch(url, 'lt_x', b), Date.now() + 10_000, () => undefined);
  expect(ahead.rejected).toHaveLength(2);
  expect(readdirSync(join(spool.dir, 'rejected')).sort()).toEqual(['key-clock-aaaaaaaaaa.json', 'key-clock-bbbbbbbbbb.json']);
});
