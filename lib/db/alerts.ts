import { alertDeliveryState } from '../alerts/delivery-state';
import { MAX_ALERT_ATTEMPTS, nextAttemptAt } from '../alerts/retry-schedule';
import { sensitiveUnauthenticatedSummary } from '../alerts/sensitive-summary';
import type { AlertKind, AlertQuery } from '../inventory/alert-query';
import { db } from './client';
import type { Tx } from './spec-catalog';
import { lockForInventoryWrite } from './write-lock';


/**
 * Raises alerts for endpoints an ingest created or touched, after they were classified: a new shadow endpoint,
 * traffic to a zombie (once per endpoint per UTC day), sensitive data served without authentication (once).
 * `createdIds` are the rows new to what `discover` lists: created, or surfaced by their first answer other than
 * 404/405 (IngestResult.surfaced). A shadow `discover` leaves out (a scanner's 404s, a CORS preflight:
 * unlisted-shadows.ts) raises no new-shadow alert: until 7 Dec every scanner probe did, and every preflight.
 */
export async function raiseIngestAlerts(createdIds: string[], touchedIds: string[], now = new Date()): Promise<number> {
  const ids = [...new Set([...createdIds, ...touchedIds])];
  if (ids.length === 0) return 0;
  // Check-then-insert under the inventory write lock: two pushers (or replicas) whose batches touch the same endpoint
  // would otherwise both see no alert yet and both raise it.
  return db().$transaction(
    async (tx) => {
      await lockForInventoryWrite(tx);
      return raiseUnderLock(tx, ids, new Set(createdIds), now);
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
}

async function raiseUnderLock(tx: Tx, ids: string[], created: Set<string>, now: Date): Promise<number> {
  const dayStart = new Date(now.toISOString().slice(0, 10) + 'T00:00:00.000Z');
  const endpoints = await tx.endpoint.findMany({
    where: { id: { in: ids } },
    select: { id: true, host: true, method: true, pathTemplate: true, state: true, unlisted: true, triage: true, ignoredById: true, sensitiveTags: true, evidence: true, lastSeen: true, alerts: { select: { kind: true, createdAt: true } } },
  });
  const rows: { kind: AlertKind; endpointId: string; summary: string; payload: object }[] = [];
  for (const e of endpoints) {
    const label = `${e.method} ${e.host}${e.pathTemplate}`;
    const has = (kind: AlertKind, since?: Date) => e.alerts.some((a) => a.kind === kind && (!since || a.createdAt >= since));
    const payload = { host: e.host, method: e.method, path: e.pathTemplate, state: e.state, lastSeen: e.lastSeen.toISOString() };
    // Ignored by triage or hidden by an ignore override (a probe path on every host): nobody wants to hear of it.
    if (e.triage === 'ignored' || e.ignoredById !== null) continue;
    // Endpoint.unlisted, written with the statuses and the state this ingest and its classification just stored.
    if (created.has(e.id) && e.state === 'shadow' && !e.unlisted && !has('new-shadow')) rows.push({ kind: 'new-shadow', endpointId: e.id, summary: `new shadow endpoint ${label}`, payload });
    if (e.state === 'zombie' && !has('zombie-traffic', dayStart)) rows.push({ kind: 'zombie-traffic', endpointId: e.id, summary: `traffic to zombie endpoint ${label}`, payload });
    const { unauthenticated2xx: unauth = 0, sensitiveInPath, sensitiveInBody } = e.evidence as { unauthenticated2xx?: number; sensitiveInPath?: string[]; sensitiveInBody?: string[] };
    const tags = e.sensitiveTags as string[];
    if (tags.length > 0 && unauth > 0 && !has('sensitive-unauthenticated')) {
      rows.push({ kind: 'sensitive-unauthenticated', endpointId: e.id, summary: sensitiveUnauthenticatedSummary(label, tags, sensitiveInPath, sensitiveInBody), payload: { ...payload, sensitive: tags } });
    }
  }
  if (rows.length > 0) await tx.alert.createMany({ data: rows });
  return rows.length;
}

/**
 * Claims up to `take` pending alerts for one delivery run and returns only the ones this run won. The claim is one
 * conditional UPDATE (lease free or lapsed → ours until `leaseUntil`): on PostgreSQL a concurrent UPDATE waits for the
 * row and re-checks the condition, on SQLite the write lock serialises them, so two replicas never both send an
 * alert. A runner that crashes holds its rows only until the lease lapses; `skip` leaves out what this run tried.
 * A failed alert waits for its `nextAttemptAt` (backoff or the receiver's Retry-After).
 */
export async function claimPendingAlerts(opts: { owner: string; leaseUntil: Date; now: Date; take: number; skip?: string[] }) {
  const claimable = {
    deliveredAt: null,
    attempts: { lt: MAX_ALERT_ATTEMPTS },
    AND: [{ OR: [{ leaseUntil: null }, { leaseUntil: { lt: opts.now } }] }, { OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: opts.now } }] }],
  };
  const candidates = await db().alert.findMany({ where: { ...claimable, id: { notIn: opts.skip ?? [] } }, orderBy: { createdAt: 'asc' }, take: opts.take, select: { id: true } });
  if (candidates.length === 0) return [];
  await db().alert.updateMany({
    where: { ...claimable, id: { in: candidates.map((c) => c.id) } },
    data: { leaseOwner: opts.owner, leaseUntil: opts.leaseUntil },
  });
  return db().alert.findMany({ where: { id: { in: candidates.map((c) => c.id) }, leaseOwner: opts.owner, deliveredAt: null }, orderBy: { createdAt: 'asc' } });
}

// Each outcome is written only while this run still owns the lease (an update of id AND leaseOwner): a run stalled
// past its lease (a slow sink, a paused process) may find another replica re-claimed the alert, and its late write
// would otherwise overwrite that replica's outcome. False means the alert is no longer this run's: skip it.

export async function markAlertDelivered(id: string, owner: string): Promise<boolean> {
  const { count } = await db().alert.updateMany({ where: { id, leaseOwner: owner }, data: { deliveredAt: new Date(), leaseUntil: null, leaseOwner: null } });
  return count === 1;
}

/** Records the sinks that took the alert so far, each as soon as it did, so neither a retry nor a crash repeats them. */
export async function recordAlertSentTo(id: string, owner: string, sentTo: string[]): Promise<boolean> {
  const { count } = await db().alert.updateMany({ where: { id, leaseOwner: owner }, data: { sentTo } });
  return count === 1;
}

/** `attempts` is the count including this failure, read when this run claimed the alert (it held the lease since). */
export async function markAlertFailed(id: string, owner: string, error: string, attempts: number, now: Date, retryAfterMs?: number): Promise<boolean> {
  const { count } = await db().alert.updateMany({
    where: { id, leaseOwner: owner },
    data: { attempts, lastError: error.slice(0, 500), nextAttemptAt: nextAttemptAt(attempts, now, retryAfterMs), leaseUntil: null, leaseOwner: null },
  });
  return count === 1;
}

/** Alerts still to be delivered, and those that used every attempt and will not be tried again (never silently). */
export async function countAlertBacklog(): Promise<{ pending: number; undeliverable: number }> {
  const [pending, undeliverable] = await Promise.all([
    db().alert.count({ where: { deliveredAt: null, attempts: { lt: MAX_ALERT_ATTEMPTS } } }),
    db().alert.count({ where: { deliveredAt: null, attempts: { gte: MAX_ALERT_ATTEMPTS } } }),
  ]);
  return { pending, undeliverable };
}

/** A page of alerts, newest first (the id breaks ties within a millisecond so pages never overlap), of one kind if asked. */
export async function listAlertPage({ page, pageSize, kind }: AlertQuery) {
  const where = kind ? { kind } : {};
  const [rows, total] = await Promise.all([
    db().alert.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: { id: true, kind: true, summary: true, createdAt: true, endpointId: true, deliveredAt: true, attempts: true, sentTo: true, nextAttemptAt: true, lastError: true },
    }),
    db().alert.count({ where }),
  ]);
  const items = rows.map(({ deliveredAt, attempts, sentTo, nextAttemptAt, lastError, ...alert }) => ({ ...alert, delivery: alertDeliveryState({ deliveredAt, attempts, sentTo, nextAttemptAt, lastError }) }));
  return { items, total, page, pageSize };
}
