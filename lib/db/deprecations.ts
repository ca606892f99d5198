import { z } from 'zod';
import { storableDaySchema } from '../storable-dates';
import { canActForTeam } from '../auth/permissions';
import { principalLabel, type Principal } from '../auth/roles';
import { operationIdentities, operationIdentity, type OperationRef } from './operation-identity';
import { db } from './client';
import { reclassifyEndpoints } from './reclassify';
import { lockForInventoryWrite } from './write-lock';

// Strict, as every change route's input: a field it does not know (`sunset`) is a 400 naming it, not ignored.
export const deprecationInputSchema = z
  .strictObject({
    operationId: z.string().min(1).max(64).optional(),
    endpointId: z.string().min(1).max(64).optional(),
    reason: z.string().trim().min(3).max(2000),
    // `YYYY-MM-DD` admits the year 0000, which PostgreSQL has no date for: such a request was a 500 there.
    proposedSunset: storableDaySchema,
  })
  .refine((v) => Boolean(v.operationId) !== Boolean(v.endpointId), { message: 'name exactly one of operationId or endpointId' });
export type DeprecationInput = z.infer<typeof deprecationInputSchema>;

export const decisionInputSchema = z.strictObject({ decision: z.enum(['approve', 'reject']), note: z.string().trim().min(1).max(2000) });

type Outcome<T> = { status: 'ok'; value: T } | { status: 'not-found' | 'forbidden' | 'invalid'; message: string };

/**
 * An owner asks governance to deprecate an operation (or the operation behind an observed endpoint). Undocumented
 * endpoints cannot be deprecated: there is no contract to sunset — adopt them into the spec first.
 */
export async function requestDeprecation(input: DeprecationInput, actor: Principal): Promise<Outcome<{ id: string }>> {
  const endpoint = input.endpointId ? await db().endpoint.findUnique({ where: { id: input.endpointId }, select: { id: true, operationId: true } }) : null;
  if (input.endpointId && !endpoint) return { status: 'not-found', message: 'endpoint not found' };
  const operationId = input.operationId ?? endpoint?.operationId ?? undefined;
  if (!operationId) return { status: 'invalid', message: 'this endpoint is undocumented (shadow): adopt it into its spec before deprecating it' };
  const operation = await db().operation.findUnique({ where: { id: operationId }, include: { spec: { include: { api: true } } } });
  if (!operation) return { status: 'not-found', message: 'operation not found' };
  if (!canActForTeam(actor, operation.spec.api.ownerTeamId)) return { status: 'forbidden', message: `only owners of ${operation.spec.api.name} may request its deprecation` };
  const sunsetRefusal = specSunsetRefusal(operation, input.proposedSunset);
  if (sunsetRefusal) return { status: 'invalid', message: sunsetRefusal };
  return db().$transaction(async (tx): Promise<Outcome<{ id: string }>> => {
    // One pending request per operation: a form sent twice (a double submit, a reload, two owners of the team)
    // gave governance the same review twice. Under the lock, so two sent at once make one; it waits behind a running
    // ingest batch as other inventory writes do (up to a minute), not Prisma's default 2 s.
    await lockForInventoryWrite(tx);
    // The same operation in any version of its spec: a request filed against v1 still pending once v2 is live
    // (the endpoint then names v2's row) is the same review.
    // An approval holds in every version too (approved-deprecations.ts): filed against v1's row, it left v2's row
    // undeprecated, and the operation could be requested and approved again with another sunset.
    const candidates = await tx.deprecationRequest.findMany({
      where: { status: { in: ['pending', 'approved'] }, operation: { method: operation.method, spec: { apiId: operation.spec.apiId } } },
      select: { id: true, status: true, proposedSunset: true, operation: { select: { specId: true, method: true, pathTemplate: true } } },
      orderBy: { createdAt: 'asc' },
    });
    // Served at the same URL counts too: a version that moved its base path into the paths (operation-identity.ts).
    const refOf = (o: Omit<OperationRef, 'apiId'>): OperationRef => ({ ...o, apiId: operation.spec.apiId });
    const identityOf = await operationIdentities(tx, [refOf(operation), ...candidates.flatMap((c) => (c.operation ? [refOf(c.operation)] : []))]);
    const identity = identityOf(refOf(operation));
    const same = candidates.filter((c) => c.operation && identityOf(refOf(c.operation)) === identity);
    const approved = same.find((c) => c.status === 'approved');
    if (approved) return { status: 'invalid', message: `${operation.method} ${operation.pathTemplate} is already deprecated${approved.proposedSunset ? ` (sunset ${approved.proposedSunset.toISOString().slice(0, 10)})` : ''} in its spec or by an approved request` };
    const pending = same.find((c) => c.status === 'pending');
    if (pending) return { status: 'invalid', message: `a deprecation request for ${operation.method} ${operation.pathTemplate} is already pending review (${pending.id})` };
    const row = await tx.deprecationRequest.create({
      data: {
        operationId,
        endpointId: endpoint?.id,
        reason: input.reason,
        proposedSunset: new Date(`${input.proposedSunset}T00:00:00Z`),
        requesterId: actor.kind === 'user' ? actor.id : undefined,
      },
    });
    await tx.auditEvent.create({ data: { actor: principalLabel(actor), action: 'deprecation.request', targetType: 'operation', targetId: operationId, summary: `requested deprecation of ${operation.method} ${operation.pathTemplate} (sunset ${input.proposedSunset})` } });
    return { status: 'ok', value: { id: row.id } };
  }, { timeout: 60_000, maxWait: 60_000 });
}

/**
 * The spec is the contract callers read: a request may not move the sunset it publishes (approving one overwrote it
 * with the date proposed), nor deprecate again an operation already deprecated with a sunset.
 */
function specSunsetRefusal(op: { method: string; pathTemplate: string; deprecated: boolean; sunsetAt: Date | null }, proposed: string): string | null {
  if (!op.sunsetAt) return null;
  const sunset = op.sunsetAt.toISOString().slice(0, 10);
  if (op.deprecated) return `${op.method} ${op.pathTemplate} is already deprecated (sunset ${sunset}) in its spec or by an approved request`;
  if (proposed !== sunset) return `the spec of ${op.method} ${op.pathTemplate} sets its sunset to ${sunset}: propose that date, or change the spec`;
  return null;
}

/**
 * Governance decides. Approval marks the operation deprecated with the proposed sunset (or its spec's), in the same
 * transaction, then re-classifies the endpoints that call it: traffic to it is now zombie traffic.
 */
export async function decideDeprecation(id: string, input: z.infer<typeof decisionInputSchema>, actor: Principal): Promise<Outcome<{ status: string; changed: number }>> {
  const request = await db().deprecationRequest.findUnique({ where: { id }, include: { operation: { include: { spec: { select: { apiId: true } } } } } });
  if (!request) return { status: 'not-found', message: 'deprecation request not found' };
  if (request.status !== 'pending') return { status: 'invalid', message: `already ${request.status}` };
  const approved = input.decision === 'approve';
  const decided = await db().$transaction(async (tx) => {
    // Only a request still pending is decided: of two reviewers deciding at once, the second finds it decided and
    // changes nothing, where both used to succeed (a request rejected over a deprecated operation, two audit events).
    const { count } = await tx.deprecationRequest.updateMany({
      where: { id, status: 'pending' },
      data: { status: approved ? 'approved' : 'rejected', reviewerId: actor.kind === 'user' ? actor.id : undefined, decisionNote: input.note, decidedAt: new Date() },
    });
    if (count === 0) return false;
    if (approved && request.operationId) {
      // A sunset the spec set stays (the request could only propose it, but the row is the one it was filed against).
      await tx.operation.update({ where: { id: request.operationId }, data: { deprecated: true, sunsetAt: request.operation?.sunsetAt ?? request.proposedSunset } });
    }
    await tx.auditEvent.create({
      data: { actor: principalLabel(actor), action: approved ? 'deprecation.approve' : 'deprecation.reject', targetType: 'deprecation', targetId: id, summary: `${approved ? 'approved' : 'rejected'} deprecation of ${request.operation?.method ?? ''} ${request.operation?.pathTemplate ?? ''}: ${input.note}` },
    });
    return true;
  });
  if (!decided) {
    const now = await db().deprecationRequest.findUnique({ where: { id }, select: { status: true } });
    return { status: 'invalid', message: `already ${now?.status ?? 'decided'}` };
  }
  let changed = 0;
  if (approved && request.operationId) {
    // A request filed against an older spec version names that version's row; the API's endpoints match the current one.
    const apiId = request.operation?.spec.apiId;
    const callers = await db().endpoint.findMany({ where: { OR: [{ operationId: request.operationId }, ...(apiId ? [{ apiId }] : [])] }, select: { id: true } });
    if (callers.length > 0) changed = (await reclassifyEndpoints({ endpointIds: callers.map((c) => c.id) }, actor, 'deprecation approved')).changed.length;
  }
  return { status: 'ok', value: { status: approved ? 'approved' : 'rejected', changed } };
}

/**
 * Requests with what governance needs to judge them: the operation, its API, and who still calls it. Those awaiting a
 * decision first, each group newest first: ordered by the status's name, every past approval came before them.
 */
export async function listDeprecationRequests() {
  const newestFirst = await db().deprecationRequest.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    include: {
      requester: { select: { email: true } },
      reviewer: { select: { email: true } },
      endpoint: { select: { ...CALLER, operationId: true } },
      operation: {
        select: {
          id: true, specId: true, method: true, pathTemplate: true, operationId: true, deprecated: true, sunsetAt: true,
          spec: { select: { apiId: true, api: { select: { slug: true, name: true } } } },
          endpoints: { select: CALLER },
        },
      },
    },
  });
  const rows = [...newestFirst.filter((r) => r.status === 'pending'), ...newestFirst.filter((r) => r.status !== 'pending')];
  const operations = rows.flatMap((r) => (r.operation ? [r.operation] : []));
  const current = await currentCallers(operations);
  const identityOf = await operationIdentities(db(), operations.map((o) => ({ ...o, apiId: o.spec.apiId })));
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    reason: r.reason,
    proposedSunset: r.proposedSunset?.toISOString().slice(0, 10) ?? null,
    requester: r.requester?.email ?? null,
    reviewer: r.reviewer?.email ?? null,
    decisionNote: r.decisionNote,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    operation: r.operation && {
      id: r.operation.id,
      method: r.operation.method,
      path: r.operation.pathTemplate,
      operationId: r.operation.operationId,
      api: { slug: r.operation.spec.api.slug, name: r.operation.spec.api.name },
      deprecated: r.operation.deprecated,
      sunsetAt: r.operation.sunsetAt?.toISOString().slice(0, 10) ?? null,
      callers: uniqueById([...r.operation.endpoints, ...(current.get(identityOf({ ...r.operation, apiId: r.operation.spec.apiId })) ?? []), ...orphanedFiler(r.endpoint)]).map((e) => {
        const ev = e.evidence as { jwtIssuers?: string[]; clients?: Record<string, number>; callers?: number; callerFingerprints?: string[] };
        return {
          endpointId: e.id, host: e.host, path: e.pathTemplate, state: e.state, requests: Number(e.requestCount), lastSeen: e.lastSeen.toISOString(),
          issuers: ev.jwtIssuers ?? [], clients: ev.clients ?? {}, distinctCredentials: ev.callers ?? 0, fingerprints: ev.callerFingerprints ?? [], authKinds: Object.keys(e.authCounts as object),
        };
      }),
    },
  }));
}

const CALLER = { id: true, host: true, pathTemplate: true, state: true, requestCount: true, lastSeen: true, evidence: true, authCounts: true } as const;
type Caller = { id: string; host: string; pathTemplate: string; state: string; requestCount: bigint; lastSeen: Date; evidence: unknown; authCounts: unknown };

/**
 * Endpoints matching the current spec version's copy of these operations, by its identity (operation-identity.ts): a
 * request filed against v1 names v1's row, and once v2 is live its callers match v2's row, so listed by the row alone
 * they vanished from the review.
 */
async function currentCallers(operations: { method: string; pathTemplate: string; spec: { apiId: string } }[]): Promise<Map<string, Caller[]>> {
  const out = new Map<string, Caller[]>();
  if (operations.length === 0) return out;
  const endpoints = await db().endpoint.findMany({
    where: { operation: { method: { in: [...new Set(operations.map((o) => o.method))] }, spec: { isCurrent: true, apiId: { in: [...new Set(operations.map((o) => o.spec.apiId))] } } } },
    select: { ...CALLER, operation: { select: { method: true, pathTemplate: true, spec: { select: { apiId: true } } } } },
  });
  for (const { operation, ...e } of endpoints) {
    if (!operation) continue;
    const key = operationIdentity(operation.spec.apiId, operation.method, operation.pathTemplate);
    out.set(key, [...(out.get(key) ?? []), e]);
  }
  return out;
}

/**
 * The endpoint the request was filed from, once no operation documents it (a later spec version dropped the
 * operation; the approval keeps it a zombie): matched by no operation row, it was missing from the callers, and an
 * approved review whose endpoint was still called said no traffic was observed.
 */
const orphanedFiler = (e: (Caller & { operationId: string | null }) | null): Caller[] => (e && e.operationId === null ? [e] : []);

const uniqueById = <T extends { id: string }>(rows: T[]): T[] => [...new Map(rows.map((r) => [r.id, r])).values()];
