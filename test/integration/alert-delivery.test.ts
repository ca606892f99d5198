import { createHash, createHmac } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { GET as getAlertBacklog } from '../../app/api/alerts/backlog/route';
import { deliverPendingAlerts } from '../../lib/alerts/deliver-alerts';
import { MAX_ALERT_ATTEMPTS } from '../../lib/alerts/retry-schedule';
import { createApiToken } from '../../lib/db/tokens';
import { db, disconnectDb } from '../../lib/db/client';
import { resetEnvCache } from '../../lib/env';
import { fingerprintCredential } from '../../lib/exchange/fingerprint';
import { loadFingerprintKey } from '../../lib/fingerprint-key';
import { useFreshDatabase } from '../db-harness';
import { receiver } from '../webhook-receiver';

function useWebhooks(urls: string) {
  process.env.LANTERN_WEBHOOK_URLS = urls;
  resetEnvCache();
}

async function raiseOne(summary = 'new shadow endpoint GET api.test/x') {
  return db().alert.create({ data: { kind: 'new-shadow', summary, payload: { host: 'api.test' } } });
}

describe('alert delivery', () => {
  const hook = receiver();
  const elsewhere = receiver();
  let hookUrl = '';
  let elsewhereUrl = '';

  beforeAll(async () => {
    await useFreshDatabase('sqlite');
    hookUrl = await hook.start();
    elsewhereUrl = await elsewhere.start();
  });
  beforeEach(async () => {
    await db().alert.deleteMany();
    hook.requests.length = 0;
    elsewhere.requests.length = 0;
    hook.on((_req, _body, res) => res.writeHead(204).end());
    elsewhere.on((_req, _body, res) => res.writeHead(204).end());
  });
  afterEach(() => {
    delete process.env.LANTERN_WEBHOOK_URLS;
    delete process.env.LANTERN_EVENT_FILE;
    delete process.env.LANTERN_WEBHOOK_SECRET;
    resetEnvCache();
  });
  afterAll(async () => {
    await hook.stop();
    await elsewhere.stop();
    await disconnectDb();
  });

  test('a receiver that redirects is not followed: the alert stays pending and nothing reaches the redirect target', async () => {
    // Following would let a receiver (or whoever took over its name) point the signed POST at an internal address.
    hook.on((_req, _body, res) => res.writeHead(307, { location: `${elsewhereUrl}/metadata` }).end());
    useWebhooks(`${hookUrl}/hook`);
    const alert = await raiseOne();
    expect(await deliverPendingAlerts()).toEqual({ delivered: 0, failed: 1 });
    expect(elsewhere.requests).toHaveLength(0);
    const row = await db().alert.findUniqueOrThrow({ where: { id: alert.id } });
    expect(row.deliveredAt).toBeNull();
    expect(row.lastError).toMatch(/redirect/i);
  });

  test('a run started while another is delivering does not send the same alert again', async () => {
    // Every ingest batch with alerts starts a run and serve starts one a minute: a slow receiver makes them overlap.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    let arrived = () => {};
    const firstArrived = new Promise<void>((r) => (arrived = r));
    hook.on((_req, _body, res) => {
      arrived();
      void held.then(() => res.writeHead(204).end());
    });
    useWebhooks(`${hookUrl}/hook`);
    await raiseOne();
    const first = deliverPendingAlerts();
    await firstArrived;
    const second = deliverPendingAlerts();
    release();
    await Promise.all([first, second]);
    expect(hook.requests).toHaveLength(1);
    expect(await db().alert.count({ where: { deliveredAt: null } })).toBe(0);
  });

  test('an alert raised while a run is delivering is still delivered by the run asked for it', async () => {
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    let arrived = () => {};
    const firstArrived = new Promise<void>((r) => (arrived = r));
    hook.on((_req, _body, res) => {
      arrived();
      void held.then(() => res.writeHead(204).end());
    });
    useWebhooks(`${hookUrl}/hook`);
    await raiseOne('first');
    const first = deliverPendingAlerts();
    await firstArrived;
    await raiseOne('second');
    const second = deliverPendingAlerts();
    release();
    await Promise.all([first, second]);
    expect(hook.requests.map((r) => JSON.parse(r.body).summary)).toEqual(['first', 'second']);
    expect(await db().alert.count({ where: { deliveredAt: null } })).toBe(0);
  });

  test('while one webhook is down, the event file and the webhooks that took an alert do not get it again on each retry', async () => {
    elsewhere.on((_req, _body, res) => res.writeHead(503).end());
    useWebhooks(`${hookUrl}/hook,${elsewhereUrl}/down`);
    process.env.LANTERN_EVENT_FILE = join(process.env.LANTERN_DATA_DIR!, `events-${Date.now()}.jsonl`);
    resetEnvCache();
    const alert = await raiseOne();
    // Each run two hours after the last, past any backoff.
    const at = (i: number) => new Date(Date.now() + i * 2 * 3_600_000);
    for (let i = 0; i < 3; i++) expect(await deliverPendingAlerts(fetch, at(i))).toEqual({ delivered: 0, failed: 1 });
    expect(hook.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(3);
    expect(readFileSync(process.env.LANTERN_EVENT_FILE, 'utf8').trim().split('\n')).toHaveLength(1);

    elsewhere.on((_req, _body, res) => res.writeHead(204).end());
    expect(await deliverPendingAlerts(fetch, at(3))).toEqual({ delivered: 1, failed: 0 });
    expect(hook.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(4);
    expect(readFileSync(process.env.LANTERN_EVENT_FILE, 'utf8').trim().split('\n').map((l) => JSON.parse(l).id)).toEqual([alert.id]);
  });

  test('which webhooks took an alert is recorded by a keyed fingerprint, never a plain hash of the URL; older rows are honoured', async () => {
    // Before: `sentTo` held sha256(url), so a URL with a short secret could be guessed offline from the alerts table.
    const url = `${hookUrl}/services/T000/B000/shortsecret`;
    const plain = `webhook:${createHash('sha256').update(url).digest('hex').slice(0, 16)}`;
    useWebhooks(url);
    const fresh = await raiseOne();
    expect(await deliverPendingAlerts()).toEqual({ delivered: 1, failed: 0 });
    const keyed = `webhook-hmac:${fingerprintCredential(`webhook ${url}`, await loadFingerprintKey())}`;
    expect((await db().alert.findUniqueOrThrow({ where: { id: fresh.id } })).sentTo).toEqual([keyed]);
    // A pending alert an older release recorded as taken by this webhook (plain hash) is not sent to it again.
    const old = await db().alert.create({ data: { kind: 'new-shadow', summary: 'older', payload: {}, sentTo: ['event-file', plain], attempts: 1 } });
    hook.requests.length = 0;
    expect(await deliverPendingAlerts()).toEqual({ delivered: 1, failed: 0 });
    expect(hook.requests).toHaveLength(0);
    expect((await db().alert.findUniqueOrThrow({ where: { id: old.id } })).sentTo).toEqual(['event-file', keyed]);
  });

  test('a receiver down for 20 minutes is retried with backoff and still gets the alert, instead of every attempt being used up', async () => {
    // serve retries every minute; a run at each of those minutes may only try the alert once its backoff is over.
    hook.on((_req, _body, res) => res.writeHead(503).end());
    useWebhooks(`${hookUrl}/hook`);
    const alert = await raiseOne();
    const start = Date.now();
    const minute = (m: number) => new Date(start + m * 60_000);
    for (let m = 0; m < 20; m++) await deliverPendingAlerts(fetch, minute(m));
    expect(hook.requests).toHaveLength(5); // minutes 0, 1, 3, 7 and 15
    const row = await db().alert.findUniqueOrThrow({ where: { id: alert.id } });
    expect(row.attempts).toBe(5);
    expect(row.nextAttemptAt).toEqual(minute(31));

    hook.on((_req, _body, res) => res.writeHead(204).end());
    expect(await deliverPendingAlerts(fetch, minute(30))).toEqual({ delivered: 0, failed: 0 });
    expect(await deliverPendingAlerts(fetch, minute(31))).toEqual({ delivered: 1, failed: 0 });
    expect(hook.requests).toHaveLength(6);
  });

  test("a receiver's Retry-After (seconds or an HTTP date) is waited out before the next attempt", async () => {
    const start = new Date(Math.floor(Date.now() / 1000) * 1000);
    const later = (s: number) => new Date(start.getTime() + s * 1000);
    hook.on((_req, _body, res) => res.writeHead(429, { 'retry-after': '600' }).end());
    useWebhooks(`${hookUrl}/hook`);
    const alert = await raiseOne();
    expect(await deliverPendingAlerts(fetch, start)).toEqual({ delivered: 0, failed: 1 });
    expect(await deliverPendingAlerts(fetch, later(599))).toEqual({ delivered: 0, failed: 0 });
    expect(hook.requests).toHaveLength(1);

    hook.on((_req, _body, res) => res.writeHead(503, { 'retry-after': later(600 + 7200).toUTCString() }).end());
    expect(await deliverPendingAlerts(fetch, later(600))).toEqual({ delivered: 0, failed: 1 });
    expect((await db().alert.findUniqueOrThrow({ where: { id: alert.id } })).nextAttemptAt).toEqual(later(600 + 7200));
    expect((await db().alert.findUniqueOrThrow({ where: { id: alert.id } })).lastError).toContain('answered 503 (Retry-After');
    expect(hook.requests).toHaveLength(2);
  });

  test('an alert that used every attempt is counted as undeliverable by GET /api/alerts/backlog, not left silent', async () => {
    hook.on((_req, _body, res) => res.writeHead(500).end());
    useWebhooks(`${hookUrl}/hook`);
    const alert = await raiseOne();
    await raiseOne('still pending');
    await db().alert.update({ where: { id: alert.id }, data: { attempts: MAX_ALERT_ATTEMPTS - 1 } });
    expect(await deliverPendingAlerts()).toEqual({ delivered: 0, failed: 2 });
    const { token } = await createApiToken({ name: `backlog-${Date.now()}`, scopes: ['read'] });
    const res = await getAlertBacklog(new Request('http://lantern.test/api/alerts/backlog', { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ pending: 1, undeliverable: 1 });
  });

  test('a signed alert carries a signed timestamp and delivery id, so a replayed request can be refused', async () => {
    process.env.LANTERN_WEBHOOK_SECRET = 'webhook-secret-0123456789';
    hook.on((_req, _body, res) => res.writeHead(hook.requests.length === 1 ? 500 : 204).end());
    useWebhooks(`${hookUrl}/hook`);
    const alert = await raiseOne();
    const first = new Date('2026-12-05T10:00:00.000Z');
    const retry = new Date('2026-12-05T11:00:00.000Z');
    await deliverPendingAlerts(fetch, first);
    expect(await deliverPendingAlerts(fetch, retry)).toEqual({ delivered: 1, failed: 0 });
    const expected = (ts: number, body: string) => `sha256=${createHmac('sha256', 'webhook-secret-0123456789').update(`${ts}.${alert.id}.${body}`).digest('hex')}`;
    expect(hook.requests.map((r) => [r.headers['x-lantern-delivery'], r.headers['x-lantern-timestamp'], r.headers['x-lantern-signature-v2']])).toEqual([
      [alert.id, '1796464800', expected(1796464800, hook.requests[0].body)],
      [alert.id, '1796468400', expected(1796468400, hook.requests[1].body)],
    ]);
    // The body-only signature is still sent, unchanged, for receivers that verify it.
    expect(hook.requests[1].headers['x-lantern-signature']).toBe(`sha256=${createHmac('sha256', 'webhook-secret-0123456789').update(hook.requests[1].body).digest('hex')}`);
  });

  test('a failing Slack webhook is recorded by host and status, never by its secret path', async () => {
    elsewhere.on((_req, _body, res) => res.writeHead(500).end());
    const secretPath = '/services/T0000/B0000/XyZsecretTokenValue123';
    useWebhooks(`slack:${elsewhereUrl}${secretPath}`);
    const alert = await raiseOne();
    expect(await deliverPendingAlerts()).toEqual({ delivered: 0, failed: 1 });
    const row = await db().alert.findUniqueOrThrow({ where: { id: alert.id } });
    expect(row.lastError).toContain(`${new URL(elsewhereUrl).host} answered 500`);
    expect(row.lastError).not.toContain('XyZsecretTokenValue123');
  });

  test('a receiver that refuses connections is recorded with the reason, not a bare "fetch failed"', async () => {
    const gone = receiver();
    const goneUrl = await gone.start();
    await gone.stop();
    useWebhooks(`${goneUrl}/hook?token=s3cr3tQueryValue`);
    const alert = await raiseOne();
    expect(await deliverPendingAlerts()).toEqual({ delivered: 0, failed: 1 });
    const row = await db().alert.findUniqueOrThrow({ where: { id: alert.id } });
    expect(row.lastError).toContain('ECONNREFUSED');
    expect(row.lastError).not.toContain('s3cr3tQueryValue');
  });

  test('the SIEM event file is created readable by the server user only', async () => {
    process.env.LANTERN_EVENT_FILE = join(process.env.LANTERN_DATA_DIR!, `siem-${Date.now()}`, 'events.jsonl');
    resetEnvCache();
    await raiseOne();
    expect(await deliverPendingAlerts()).toEqual({ delivered: 1, failed: 0 });
    expect(statSync(process.env.LANTERN_EVENT_FILE).mode & 0o077).toBe(0);
  });
});
