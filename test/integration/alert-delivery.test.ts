import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { deliverPendingAlerts } from '../../lib/alerts/deliver-alerts';
import { db, disconnectDb } from '../../lib/db/client';
import { resetEnvCache } from '../../lib/env';
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
    for (let i = 0; i < 3; i++) expect(await deliverPendingAlerts()).toEqual({ delivered: 0, failed: 1 });
    expect(hook.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(3);
    expect(readFileSync(process.env.LANTERN_EVENT_FILE, 'utf8').trim().split('\n')).toHaveLength(1);

    elsewhere.on((_req, _body, res) => res.writeHead(204).end());
    expect(await deliverPendingAlerts()).toEqual({ delivered: 1, failed: 0 });
    expect(hook.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(4);
    expect(readFileSync(process.env.LANTERN_EVENT_FILE, 'utf8').trim().split('\n').map((l) => JSON.parse(l).id)).toEqual([alert.id]);
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
