import { z } from 'zod';
import { principalLabel, type Principal } from '../auth/roles';
import { overrideHost, patternShape, type PathOverride } from '../discovery/overrides';
import { overrideCreatedSummary, overrideDeletedSummary } from '../inventory/override-audit-summary';
import { overrideLabel } from '../inventory/override-label';
import { db } from './client';
import { lockForInventoryWrite } from './write-lock';
import { patternProblem, splitRemoves, type StoredOverride } from './override-patterns';
import { reclassifyEndpoints, type EndpointChange } from './reclassify';
import type { DbClient, Tx } from './spec-catalog';

/**
 * Stored operator corrections (PathOverride rows). They act twice: on future traffic, through `loadOverrides()`
 * fed to the discovery engine by discover/ingest/push, and on stored endpoints, when created or deleted:
 * - merge folds matching stored endpoints into one row (override-patterns.ts says which), exactly summed;
 * - ignore hides matching endpoints (Endpoint.ignoredById; state kept, `includeIgnored` shows them again);
 * - split DELETES stored endpoints whose template has a parameter where the pattern has a literal: their counts
 *   cannot be un-merged (raw exchanges are never stored), so the row goes and the next ingest re-templates that
 *   traffic with the literal kept. The audit event records what was removed and its request count.
 * Deleting an override un-hides (ignore) but never un-merges or restores (merge, split).
 */
// Strict: `hostname` or `methods` dropped left host and method at `*`, an override for every host or method.
export const overrideInputSchema = z.strictObject({
  host: z.string().min(1).max(255).default('*'),
  method: z.string().min(1).max(16).default('*'),
  // Matched as a path either way (override-patterns.ts, lib/discovery/overrides.ts); stored with its `/` so the list
  // and the audit log read `shop.test/health`, not `shop.testhealth`.
  pattern: z.string().min(1).max(2048).transform((p) => (p.startsWith('/') ? p : `/${p}`)),
  action: z.enum(['merge', 'split', 'ignore']),
  note: z.string().max(1000).optional(),
});
export type OverrideInput = z.input<typeof overrideInputSchema>;

export function listOverrides() {
  return db().pathOverride.findMany({ orderBy: { createdAt: 'asc' }, include: { author: { select: { email: true } }, _count: { select: { ignored: true } } } });
}

export async function listStoredOverrides(client: DbClient = db()): Promise<StoredOverride[]> {
  const rows = await client.pathOverride.findMany({ orderBy: { createdAt: 'asc' } });
  return rows.map((r) => ({
    id: r.id,
    ...(r.host !== '*' ? { host: r.host } : {}),
    ...(r.method !== '*' ? { method: r.method } : {}),
    pattern: r.pattern,
    action: r.action as PathOverride['action'],
  }));
}

/** The stored overrides in the shape lib/discovery/overrides.ts takes, for discover, ingest and push. */
export async function loadOverrides(): Promise<PathOverride[]> {
  return (await listStoredOverrides()).map(({ id: _id, ...o }) => o);
}

export class InvalidOverrideError extends Error {}

/** The override asked for says the opposite of (or repeats) a stored one, named in the message. */
export class ConflictingOverrideError extends Error {
  constructor(message: string, readonly existingId: string) {
    super(message);
  }
}

const OPPOSITE: Partial<Record<PathOverride['action'], PathOverride['action']>> = { merge: 'split', split: 'merge' };

/**
 * A merge and a split of the same paths were both accepted (the unique index includes the action), from the endpoint
 * page's form or the API, and the list then said both. The second is refused, naming the first: which one the user
 * means is theirs to say, by deleting it (a split deletes stored rows, so it never silently replaces a merge). The
 * same override again (its parameters named otherwise too) is named as well, where the unique index said only 'that
 * already exists'.
 */
async function conflictingOverride(tx: Tx, o: { host: string; method: string; pattern: string; action: PathOverride['action'] }) {
  const opposite = OPPOSITE[o.action];
  // An override of every host or method says it of this one too (the form's "all methods" box).
  const rows = await tx.pathOverride.findMany({
    where: { ...(o.host !== '*' ? { host: { in: [o.host, '*'] } } : {}), ...(o.method !== '*' ? { method: { in: [o.method, '*'] } } : {}), action: { in: opposite ? [o.action, opposite] : [o.action] } },
    include: { author: { select: { email: true } } },
    orderBy: { createdAt: 'asc' },
  });
  // By shape: `/carts/{id}` beside `/carts/{cartId}` (or `/carts/*`) is the same override, where until 7 Dec both were
  // kept and the stored template took the name of whichever was applied last.
  const shape = patternShape(o.pattern);
  const same = (r: (typeof rows)[number]) => r.action === o.action && r.host === o.host && r.method === o.method && patternShape(r.pattern) === shape;
  const hit = rows.find((r) => same(r) || (r.action === opposite && patternShape(r.pattern) === shape));
  if (!hit) return undefined;
  const named = `a ${hit.action} override of ${overrideLabel(hit)}${hit.author ? ` (added by ${hit.author.email})` : ''}`;
  const repeated = hit.pattern === o.pattern ? `${named} already exists` : `${named} already exists for the same paths`;
  return new ConflictingOverrideError(same(hit) ? repeated : `${named} already exists and says the opposite; delete it first to ${o.action} these paths`, hit.id);
}

export async function createOverride(raw: OverrideInput, actor: Principal | 'system') {
  const input = overrideInputSchema.parse(raw);
  const problem = patternProblem(input.pattern);
  if (problem) throw new InvalidOverrideError(problem);
  const host = overrideHost(input.host);
  const method = input.method === '*' ? '*' : input.method.toUpperCase();
  return inLockedTransaction(async (tx) => {
    const conflict = await conflictingOverride(tx, { host, method, pattern: input.pattern, action: input.action });
    if (conflict) throw conflict;
    const row = await tx.pathOverride.create({
      data: { host, method, pattern: input.pattern, action: input.action, note: input.note, authorId: actor !== 'system' && actor.kind === 'user' ? actor.id : null },
    });
    const removed = input.action === 'split' ? await applySplit(tx, { host, method, pattern: input.pattern, action: 'split' }) : [];
    const { changed } = await reclassifyEndpoints(host === '*' ? { all: true } : { hosts: [host] }, actor, `override ${input.action} ${input.pattern}`, { tx });
    const merged = changed.filter((c) => c.fromPath !== undefined && c.fromPath !== c.path).map((c) => ({ into: c.path, from: [c.fromPath!, ...(c.foldedPaths ?? [])] }));
    await audit(tx, actor, 'override.create', row.id, overrideCreatedSummary({ action: input.action, method, host, pattern: input.pattern }, { merged, removed }));
    return { override: row, changed, removed: removed.map((r) => r.id) };
  });
}

export async function deleteOverride(id: string, actor: Principal | 'system'): Promise<{ changed: EndpointChange[] } | null> {
  return inLockedTransaction(async (tx) => {
    const row = await tx.pathOverride.findUnique({ where: { id } });
    if (!row) return null;
    await tx.pathOverride.delete({ where: { id } });
    const { changed } = await reclassifyEndpoints(row.host === '*' ? { all: true } : { hosts: [row.host] }, actor, `override removed ${row.pattern}`, { tx });
    await audit(tx, actor, 'override.delete', id, overrideDeletedSummary(row));
    return { changed };
  });
}

async function applySplit(tx: Tx, o: PathOverride & { host: string; method: string }) {
  const rows = await tx.endpoint.findMany({
    where: { ...(o.host !== '*' ? { host: o.host } : {}), ...(o.method !== '*' ? { method: o.method } : {}) },
    select: { id: true, host: true, method: true, pathTemplate: true, requestCount: true },
    orderBy: [{ host: 'asc' }, { pathTemplate: 'asc' }, { method: 'asc' }],
  });
  const removed = rows.filter((r) => splitRemoves(o, r.host, r.method, r.pathTemplate));
  if (removed.length > 0) await tx.endpoint.deleteMany({ where: { id: { in: removed.map((r) => r.id) } } });
  return removed;
}

function inLockedTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction(
    async (tx) => {
      await lockForInventoryWrite(tx);
      return fn(tx);
    },
    { timeout: 120_000, maxWait: 60_000 },
  );
}

function audit(tx: Tx, actor: Principal | 'system', action: string, targetId: string, summary: string) {
  return tx.auditEvent.create({ data: { actor: actor === 'system' ? 'system' : principalLabel(actor), action, targetType: 'override', targetId, summary } });
}
