import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { claimPendingAlerts, markAlertDelivered, markAlertFailed, recordAlertSentTo } from '../db/alerts';
import { env } from '../env';
import { loadFingerprintKey } from '../fingerprint-key';
import { makeDirectory } from '../make-directory';
import { postWebhook, WEBHOOK_TIMEOUT_MS, WebhookError } from './post-webhook';
import { parseRetryAfter } from './retry-schedule';
import { signBody, signDelivery, webhookBody, type AlertEvent } from './webhook-payload';
import { rekeyedSentTo, webhookSink, webhookTargets } from './webhook-sink';

/**
 * Delivers pending alerts to the event file and every webhook. An alert stays pending (and is retried on the next
 * run once its backoff is over, up to 30 attempts over a day, to the sinks that have not taken it yet) until every sink took it; the event file line
 * carries the alert id so a SIEM can drop the rare duplicate left by a crash between appending and recording.
 */
type DeliveryCount = { delivered: number; failed: number };

// One run at a time per process: an ingest batch with alerts and serve's minute timer each start one, and two runs
// reading the outbox before either marks a row would both send it. A run asked for while one is going is folded into
// one more pass after it, so an alert raised meanwhile is not left waiting for the timer.
let running: Promise<DeliveryCount> | null = null;
let again = false;

/** `now` is for tests, which move the clock past a backoff instead of waiting it out. */
export function deliverPendingAlerts(fetchImpl: typeof fetch = fetch, now?: Date): Promise<DeliveryCount> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    const total = { delivered: 0, failed: 0 };
    do {
      again = false;
      const pass = await deliverOnce(fetchImpl, now);
      total.delivered += pass.delivered;
      total.failed += pass.failed;
    } while (again);
    return total;
  })().finally(() => {
    running = null;
  });
  return running;
}

/** Whether any sink is configured: without one, alerts stay pending, sent nowhere (the Alerts page says so). */
export function hasAlertSinks(): boolean {
  const e = env();
  return webhookTargets(e.LANTERN_WEBHOOK_URLS).length > 0 || Boolean(e.LANTERN_EVENT_FILE);
}

async function deliverOnce(fetchImpl: typeof fetch, fixedNow?: Date): Promise<DeliveryCount> {
  const e = env();
  const targets = webhookTargets(e.LANTERN_WEBHOOK_URLS);
  if (!hasAlertSinks()) return { delivered: 0, failed: 0 };
  let delivered = 0;
  let failed = 0;
  // Claimed a few at a time with a lease long enough for every sink to time out on each, so the lease cannot lapse
  // while this run is still sending (another replica would then send too), yet a crashed run holds few rows briefly.
  const owner = randomUUID();
  const leaseMs = Math.max(LEASE_MIN_MS, CLAIM_BATCH * (targets.length + 1) * WEBHOOK_TIMEOUT_MS * 2);
  const tried: string[] = [];
  const key = await loadFingerprintKey();
  for (;;) {
    const now = fixedNow ?? new Date();
    const batch = await claimPendingAlerts({ owner, now, leaseUntil: new Date(now.getTime() + leaseMs), take: CLAIM_BATCH, skip: tried });
    if (batch.length === 0) break;
    for (const alert of batch) {
      tried.push(alert.id);
      const outcome = await deliverAlert(alert, owner, targets, key, fetchImpl, now);
      if (outcome === 'delivered') delivered++;
      else if (outcome === 'failed') failed++;
    }
  }
  return { delivered, failed };
}

const CLAIM_BATCH = 10;
const LEASE_MIN_MS = 5 * 60_000;

type ClaimedAlert = Awaited<ReturnType<typeof claimPendingAlerts>>[number];

/**
 * Sends one claimed alert to every sink still missing it. 'lost' when another replica re-claimed it after this run's
 * lease lapsed: the run stops there and leaves the outcome to that replica, which sends only what `sentTo` lacks.
 */
async function deliverAlert(alert: ClaimedAlert, owner: string, targets: string[], key: string, fetchImpl: typeof fetch, now: Date): Promise<'delivered' | 'failed' | 'lost'> {
  const e = env();
  const event: AlertEvent = { id: alert.id, kind: alert.kind, summary: alert.summary, createdAt: alert.createdAt.toISOString(), payload: alert.payload };
  const stored = Array.isArray(alert.sentTo) ? (alert.sentTo as string[]) : [];
  // A row from before 6 Dec names the webhooks that took it by a plain hash: the same sinks, recorded keyed from now on.
  const rekeyed = rekeyedSentTo(stored, targets, key);
  if (rekeyed && !(await recordAlertSentTo(alert.id, owner, rekeyed))) return 'lost';
  const sentTo = new Set(rekeyed ?? stored);
  const errors: string[] = [];
  let retryAfterMs: number | undefined;
  // Each sink that took the alert is recorded at once: a retry while another sink is down (or after a crash) goes
  // only to the sinks still missing it, instead of repeating it to the SIEM file and every healthy webhook.
  let lost = false;
  const send = async (sink: string, deliver: () => Promise<void>) => {
    if (lost || sentTo.has(sink)) return;
    try {
      await deliver();
    } catch (err) {
      errors.push((err as Error).message);
      // With several receivers asking, the longest wish wins: retrying earlier would only hit that one too soon.
      const asked = err instanceof WebhookError ? parseRetryAfter(err.retryAfter, now) : undefined;
      if (asked !== undefined) retryAfterMs = Math.max(retryAfterMs ?? 0, asked);
      return;
    }
    sentTo.add(sink);
    if (!(await recordAlertSentTo(alert.id, owner, [...sentTo]))) lost = true;
  };
  const eventFile = e.LANTERN_EVENT_FILE;
  if (eventFile) {
    await send('event-file', async () => {
      await makeDirectory(dirname(eventFile));
      // One write per line (appends of a single line are not interleaved); owner-only, like the data dir: the
      // file maps the estate's shadow and unauthenticated sensitive endpoints, an attacker's shortlist.
      await appendFile(eventFile, `${JSON.stringify(event)}\n`, { mode: 0o600 });
    });
  }
  for (const target of targets) {
    const body = webhookBody(target, event);
    const url = target.replace(/^slack:/, '');
    // The delivery id is the alert's and stays the same on every retry, so a receiver can drop one it already took;
    // the timestamp is this attempt's, so a retry is signed afresh and still inside the receiver's window.
    const timestamp = Math.floor(now.getTime() / 1000);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-lantern-event': alert.kind, 'x-lantern-delivery': alert.id, 'x-lantern-timestamp': String(timestamp) };
    if (e.LANTERN_WEBHOOK_SECRET) {
      headers['x-lantern-signature'] = signBody(body, e.LANTERN_WEBHOOK_SECRET);
      headers['x-lantern-signature-v2'] = signDelivery(body, alert.id, timestamp, e.LANTERN_WEBHOOK_SECRET);
    }
    await send(webhookSink(target, key), () => postWebhook(url, body, headers, fetchImpl));
  }
  if (lost) return 'lost';
  if (errors.length === 0) return (await markAlertDelivered(alert.id, owner)) ? 'delivered' : 'lost';
  return (await markAlertFailed(alert.id, owner, errors.join('; '), alert.attempts + 1, now, retryAfterMs)) ? 'failed' : 'lost';
}
