import { createServer, type IncomingMessage } from 'node:http';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { deliverPendingAlerts } from '../../lib/alerts/deliver-alerts';
import { raiseIngestAlerts } from '../../lib/db/alerts';
import { db, disconnectDb } from '../../lib/db/client';
import { rollUpDailyStats } from '../../lib/db/retention';
import { resetEnvCache } from '../../lib/env';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

async function endpointWithDays(days: Record<string, number>) {
  return db().endpoint.create({
    data: {
      host: 'h.test', method: 'GET', pathTemplate: `/r/${Math.random()}`, firstSeen: new Date(), lastSeen: new Date(), requestCount: 1n, state: 'shadow',
      dailyStats: { create: Object.entries(days).map(([day, n]) => ({ day, requests: n, errors: 1, unauthenticated: 0 })) },
    },
  });
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`retention on ${kind}`, () => {
    beforeAll(() => useFreshDatabase(kind));
    afterAll(() => disconnectDb());

    test('days past the horizon fold into month rows with the same totals; recent days stay', async () => {
      const e = await endpointWithDays({ '2026-06-01': 5, '2026-06-30': 7, '2026-07-02': 11, '2026-11-20': 3 });
      const before = await db().endpointDailyStat.aggregate({ _sum: { requests: true, errors: true } });
      expect(await rollUpDailyStats(new Date('2026-11-23T00:00:00Z'), 90)).toEqual({ folded: 3, months: 2 });
      const rows = await db().endpointDailyStat.findMany({ where: { endpointId: e.id }, orderBy: { day: 'asc' } });
      expect(rows.map((r) => [r.day, Number(r.requests), Number(r.errors)])).toEqual([['2026-06', 12, 2], ['2026-07', 11, 1], ['2026-11-20', 3, 1]]);
      expect(await db().endpointDailyStat.aggregate({ _sum: { requests: true, errors: true } })).toEqual(before);
      // Running again changes nothing (month rows are not folded twice).
      expect(await rollUpDailyStats(new Date('2026-11-23T00:00:00Z'), 90)).toEqual({ folded: 0, months: 0 });
    });
  });
}

describe('alerts', () => {
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];
  let url = '';
  let failNext = false;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (failNext) {
        failNext = false;
        res.writeHead(503).end();
        return;
      }
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });

  beforeAll(async () => {
    await useFreshDatabase('sqlite');
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
    process.env.LANTERN_WEBHOOK_URLS = `${url},slack:${url}`;
    process.env.LANTERN_WEBHOOK_SECRET = 'webhook-secret-0123456789';
    process.env.LANTERN_EVENT_FILE = join(process.env.LANTERN_DATA_DIR!, 'events.jsonl');
    resetEnvCache();
  });
  afterAll(async () => {
    delete process.env.LANTERN_WEBHOOK_URLS;
    delete process.env.LANTERN_WEBHOOK_SECRET;
    delete process.env.LANTERN_EVENT_FILE;
    resetEnvCache();
    server.close();
    await disconnectDb();
  });

  test('new shadow, zombie traffic and unauthenticated sensitive data raise signed, retried alerts once', async () => {
    const mk = (path: string, state: string, extra: object = {}) =>
      db().endpoint.create({ data: { host: 'api.test', method: 'GET', pathTemplate: path, firstSeen: new Date(), lastSeen: new Date(), requestCount: 1n, state, ...extra } });
    const shadow = await mk('/internal/debug', 'shadow', { sensitiveTags: ['email'], evidence: { unauthenticated2xx: 4 } });
    const zombie = await mk('/v1/legacy', 'zombie');
    const quiet = await mk('/v2/fine', 'documented');

    expect(await raiseIngestAlerts([shadow.id], [zombie.id, quiet.id])).toBe(3);
    expect(await raiseIngestAlerts([shadow.id], [zombie.id, quiet.id])).toBe(0);
    const kinds = (await db().alert.findMany()).map((a) => a.kind).sort();
    expect(kinds).toEqual(['new-shadow', 'sensitive-unauthenticated', 'zombie-traffic']);

    failNext = true;
    const first = await deliverPendingAlerts();
    expect(first.failed).toBe(1);
    expect(first.delivered).toBe(2);
    // An hour later, past the failed alert's backoff.
    const second = await deliverPendingAlerts(fetch, new Date(Date.now() + 3_600_000));
    expect(second).toEqual({ delivered: 1, failed: 0 });
    expect(await db().alert.count({ where: { deliveredAt: null } })).toBe(0);

    const generic = received.filter((r) => r.body.startsWith('{"source"'));
    expect(generic).toHaveLength(3);
    for (const r of generic) {
      expect(r.headers['x-lantern-signature']).toBe(`sha256=${createHmac('sha256', 'webhook-secret-0123456789').update(r.body).digest('hex')}`);
    }
    const slack = received.filter((r) => r.body.startsWith('{"text"'));
    expect(slack.map((r) => JSON.parse(r.body).text).sort()[0]).toMatch(/^:rotating_light: Lantern: /);
    const lines = readFileSync(process.env.LANTERN_EVENT_FILE!, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(new Set(lines.map((l) => l.id)).size).toBe(3);
    expect(lines.find((l) => l.kind === 'zombie-traffic').summary).toBe('traffic to zombie endpoint GET api.test/v1/legacy');
  });
});
