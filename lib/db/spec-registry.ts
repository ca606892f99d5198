import { auditActorLabel } from '../auth/roles';
import { requiredScopes } from '../discovery/findings';
import { UNKNOWN_HOST } from '../inventory/unknown-host';
import { securityRows } from '../inventory/scope-alternatives';
import { everyServer } from '../openapi/servers';
import type { NormalisedSpec, SpecProblem } from '../openapi/spec-model';
import { db } from './client';
import { admitSpec, type RegisterSpecInput } from './spec-admission';
import { lockForInventoryWrite } from './write-lock';
import { reclassifyEndpoints, type EndpointChange } from './reclassify';
import { normalisedSpecOf, primeSpecCache, type Tx } from './spec-catalog';
import { diffOperations, diffOperationsOf, withServers, type SpecDiffSummary } from './spec-diff';
import { formatCount } from '../format-count';
import { newVersionLabel } from './spec-version-label';

export { teamFromOwnerRef, type RegisterSpecInput } from './spec-admission';

export interface RegisteredSpec {
  id: string;
  version: string;
  format: string;
  contentHash: string;
  operationCount: number;
  diffSummary: SpecDiffSummary | null;
}

export type RegisterSpecResult =
  | { status: 'invalid'; problems: SpecProblem[] }
  | { status: 'forbidden'; message: string }
  | { status: 'conflict'; message: string }
  | {
      status: 'unchanged' | 'created' | 'restored';
      apiId: string;
      apiCreated: boolean;
      spec: RegisteredSpec;
      changed: EndpointChange[];
      warnings: SpecProblem[];
      /** A new version's `info.version`, which another version had: it is stored as `spec.version` instead. */
      labelInUse?: string;
    };

/**
 * Registers a spec version for an API: validate with the pure loader, store the raw text and its Operation rows,
 * make it the API's one current spec, record what changed against the previous version, and reclassify the
 * endpoints it may adopt or drop, all in one transaction. Creates the API (and its owner team) on first push.
 * Returns a status instead of throwing for the expected outcomes, so the route and the CLI map them their own way.
 */

export async function registerSpec(input: RegisterSpecInput): Promise<RegisterSpecResult> {
  const admitted = await admitSpec(input);
  if (admitted.status !== 'admitted') return admitted;
  const { spec, existing, teamSlug, mayActFor, contentHash } = admitted;
  // The diff reads the current version's servers (spec-diff.ts withServers): parsed here, before the write lock, when
  // no cache holds it (a fresh `lantern spec push`; Stripe's takes seconds), not while every writer waits.
  const current = existing && (await db().spec.findFirst({ where: { apiId: existing.id, isCurrent: true }, select: { id: true } }));
  if (current) await normalisedSpecOf(db(), current.id);
  const stored = await db().$transaction(
    async (tx) => {
      await lockForInventoryWrite(tx);
      const ownerTeamId = teamSlug ? (await tx.team.upsert({ where: { slug: teamSlug }, create: { slug: teamSlug, name: teamSlug }, update: {} })).id : undefined;
      const servers = everyServer(spec);
      const hosts = servers.map((s) => (s.host ? `https://${s.host}${s.basePath}` : s.basePath || '/'));
      // Two first pushes of one API at once: the second sees the first's API under the lock and is checked against it.
      const now = existing ?? (await tx.api.findUnique({ where: { slug: input.apiSlug } }));
      if (now && !existing && !mayActFor(now.ownerTeamId)) return { status: 'forbidden' as const, message: `you do not own API '${input.apiSlug}'` };
      // The lifecycle is the current spec's: a retiring version pushed by mistake and rolled back must not leave every
      // endpoint of the API a zombie for good (nothing else sets it).
      const api = now
        ? await tx.api.update({ where: { id: now.id }, data: { hosts, ...(ownerTeamId ? { ownerTeamId } : {}), lifecycle: spec.retired ? 'retired' : 'active' } })
        : await tx.api.create({ data: { slug: input.apiSlug, name: spec.title, hosts, ownerTeamId, lifecycle: spec.retired ? 'retired' : 'active' } });
      const previousHosts = Array.isArray(now?.hosts) ? (now.hosts as string[]) : [];
      // Host-less rows too: the spec may be the one operation their path has (endpoint-classification.ts matchStored).
      const scope = servers.some((s) => !s.host) || previousHosts.some((h) => !h.includes('//')) ? { all: true } : { hosts: [...new Set([...servers.map((s) => s.host!), ...previousHosts.map(hostOf), UNKNOWN_HOST])] };
      if (now && api.ownerTeamId !== now.ownerTeamId) await auditHandover(tx, input, api.id, now.ownerTeamId, teamSlug);
      const same = await tx.spec.findUnique({ where: { apiId_contentHash: { apiId: api.id, contentHash } }, include: { _count: { select: { operations: true } } } });
      if (same?.isCurrent) {
        // The same spec pushed with another owner hands the API over: its endpoints follow their new owner.
        const { changed } = api.ownerTeamId !== now?.ownerTeamId ? await reclassifyEndpoints(scope, input.actor, `owner of ${input.apiSlug}`, { tx }) : { changed: [] };
        return { status: 'unchanged' as const, apiId: api.id, apiCreated: false, spec: summaryOf(same, same._count.operations), changed };
      }
      // Decided again under the lock: a push of another text may have taken the label since the admission.
      const label = same ? undefined : await newVersionLabel(tx, api.id, input.apiSlug, input.version, spec.apiVersion);
      if (label && !label.ok) return { status: 'conflict' as const, message: label.message };
      const previous = await tx.spec.findFirst({ where: { apiId: api.id, isCurrent: true }, include: { operations: true } });
      await tx.spec.updateMany({ where: { apiId: api.id, isCurrent: true }, data: { isCurrent: false } });
      // A restored version is the API's newest change: its history entry says when and by whom it came back and what
      // that changed against the version it replaced. Until 6 Dec it kept its first upload's date, uploader and diff,
      // listed below the version it replaced as if that were still the latest (the audit log keeps every push).
      const row = same
        ? await tx.spec.update({ where: { id: same.id }, data: { isCurrent: true, uploadedAt: new Date(), uploadedById: uploaderOf(input), diffSummary: await diffAgainst(tx, spec, previous) } })
        : await createSpecRow(tx, api.id, spec, input, contentHash, previous, label!.label);
      primeSpecCache(row.id, { ...spec, id: row.id });
      const { changed } = await reclassifyEndpoints(scope, input.actor, `spec ${input.apiSlug}@${row.version}`, { tx });
      await tx.auditEvent.create({
        data: {
          actor: auditActorLabel(input.actor),
          action: same ? 'spec.restore' : 'spec.register',
          targetType: 'spec',
          targetId: row.id,
          summary: `${same ? 'restored' : 'registered'} ${input.apiSlug}@${row.version} (${formatCount(spec.operations.length)} operations); ${formatCount(changed.length)} endpoint(s) reclassified`,
        },
      });
      return { status: same ? ('restored' as const) : ('created' as const), apiId: api.id, apiCreated: !now, spec: summaryOf(row, spec.operations.length), changed, labelInUse: label?.inUse };
    },
    { timeout: 120_000, maxWait: 60_000 },
  );
  return stored.status === 'forbidden' || stored.status === 'conflict' ? stored : { ...stored, warnings: admitted.warnings };
}

async function createSpecRow(
  tx: Tx,
  apiId: string,
  spec: NormalisedSpec,
  input: RegisterSpecInput,
  contentHash: string,
  previous: PreviousSpec,
  version: string,
) {
  const operations = spec.operations.map((op) => ({
    method: op.method,
    pathTemplate: op.path,
    operationId: op.operationId ?? null,
    summary: op.summary ?? null,
    deprecated: op.deprecated,
    sunsetAt: op.sunset ? new Date(op.sunset) : null,
    security: securityRows(op.security, (scheme) => spec.securitySchemes[scheme]?.type ?? 'unknown'),
    scopes: requiredScopes(op),
  }));
  const diff = await diffAgainst(tx, spec, previous);
  const row = await tx.spec.create({
    data: {
      apiId,
      version,
      format: spec.version === '2.0' ? 'swagger-2.0' : `openapi-${spec.version}`,
      raw: input.text,
      contentHash,
      isCurrent: true,
      diffSummary: diff,
      uploadedById: uploaderOf(input),
    },
  });
  await tx.operation.createMany({ data: operations.map((o) => ({ ...o, specId: row.id })) });
  return row;
}

type PreviousSpec = { id: string; version: string; operations: { method: string; pathTemplate: string; operationId: string | null; deprecated: boolean; sunsetAt: Date | null }[] } | null;

/** What this spec changes against the version it replaces (none: the API's first). */
async function diffAgainst(tx: Tx, spec: NormalisedSpec, previous: PreviousSpec): Promise<SpecDiffSummary> {
  const previousOperations = previous && withServers(
    previous.operations.map((o) => ({ method: o.method, path: o.pathTemplate, operationId: o.operationId ?? undefined, deprecated: o.deprecated, sunset: o.sunsetAt?.toISOString() })),
    await normalisedSpecOf(tx, previous.id),
  );
  return diffOperations(previous && previousOperations && { id: previous.id, version: previous.version, operations: previousOperations }, diffOperationsOf(spec));
}

function uploaderOf(input: RegisterSpecInput): string | null {
  return typeof input.actor !== 'string' && input.actor.kind === 'user' ? input.actor.id : null;
}

/** Who owns an API is a governance fact: a handover gets its own audit event, whatever else the push did. */
async function auditHandover(tx: Tx, input: RegisterSpecInput, apiId: string, fromTeamId: string | null, toSlug: string | undefined) {
  const from = fromTeamId ? (await tx.team.findUnique({ where: { id: fromTeamId }, select: { slug: true } }))?.slug : undefined;
  await tx.auditEvent.create({
    data: {
      actor: auditActorLabel(input.actor),
      action: 'api.owner',
      targetType: 'api',
      targetId: apiId,
      summary: `${input.apiSlug} handed from ${from ? `team ${from}` : 'no team'} to team ${toSlug ?? '?'}`,
    },
  });
}

function summaryOf(row: { id: string; version: string; format: string; contentHash: string; diffSummary: unknown }, operationCount: number): RegisteredSpec {
  return { id: row.id, version: row.version, format: row.format, contentHash: row.contentHash, operationCount, diffSummary: (row.diffSummary ?? null) as SpecDiffSummary | null };
}

function hostOf(url: string): string {
  return url.replace(/^[a-z]+:\/\//i, '').split('/')[0].toLowerCase();
}
