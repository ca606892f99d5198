import { createHash } from 'node:crypto';
import { canActForTeam } from '../auth/permissions';
import { principalLabel, type Principal } from '../auth/roles';
import { requiredScopes } from '../discovery/findings';
import { slugPattern, specVersionSchema, teamSlugSchema } from '../inventory/catalog-names';
import { loadSpecDocument } from '../openapi/load-spec';
import { parseSpecText } from '../openapi/parse-document';
import type { NormalisedSpec, SpecProblem } from '../openapi/spec-model';
import { db } from './client';
import { foreignServer } from './host-scope';
import { lockForInventoryWrite } from './write-lock';
import { reclassifyEndpoints, type EndpointChange } from './reclassify';
import { primeSpecCache, type Tx } from './spec-catalog';
import { diffOperations, type SpecDiffSummary } from './spec-diff';

/**
 * Registers a spec version for an API: validate with the pure loader, store the raw text and its Operation rows,
 * make it the API's one current spec, record what changed against the previous version, and reclassify the
 * endpoints it may adopt or drop, all in one transaction. Creates the API (and its owner team) on first push.
 * Returns a status instead of throwing for the expected outcomes, so the route and the CLI map them their own way.
 */
export const apiSlugPattern = slugPattern;

export interface RegisterSpecInput {
  apiSlug: string;
  text: string;
  version?: string;
  /** Team slug; else the spec's `x-owner` / `info.contact` when it names a group. */
  ownerTeam?: string;
  actor: Principal | 'system';
}

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
  | { status: 'unchanged' | 'created' | 'restored'; apiId: string; apiCreated: boolean; spec: RegisteredSpec; changed: EndpointChange[] };

export async function registerSpec(input: RegisterSpecInput): Promise<RegisterSpecResult> {
  if (!apiSlugPattern.test(input.apiSlug)) return { status: 'invalid', problems: [{ pointer: '', message: `API slug '${input.apiSlug}' must match ${apiSlugPattern}` }] };
  const parsed = parseSpecText(input.text);
  const loaded = parsed.ok ? await loadSpecDocument(input.apiSlug, parsed.value) : parsed;
  if (!loaded.ok) return { status: 'invalid', problems: loaded.problems };
  const spec = loaded.spec;
  const named = namingProblems(input, spec.apiVersion);
  if (named.length > 0) return { status: 'invalid', problems: named };
  const existing = await db().api.findUnique({ where: { slug: input.apiSlug } });
  const teamSlug = input.ownerTeam ?? (existing?.ownerTeamId ? undefined : teamFromOwnerRef(spec.owner));
  const team = teamSlug ? await db().team.findUnique({ where: { slug: teamSlug } }) : null;
  // The CLI without --server writes as `system`: whoever can write DATABASE_URL owns every API anyway.
  const mayActFor = (teamId: string | null | undefined) => input.actor === 'system' || canActForTeam(input.actor, teamId);
  if (existing && !mayActFor(existing.ownerTeamId)) return { status: 'forbidden', message: `you do not own API '${input.apiSlug}'` };
  if (teamSlug && !mayActFor(team?.id)) return { status: 'forbidden', message: `you are not a member of team '${teamSlug}'` };
  if (!existing && !teamSlug && !mayActFor(null)) return { status: 'forbidden', message: 'name an owner team you belong to (owner=…)' };
  const foreign = input.actor === 'system' ? undefined : await foreignServer(input.actor, input.apiSlug, spec.servers);
  if (foreign) return { status: 'forbidden', message: `servers: your team does not answer for ${foreign}; an admin may register it` };

  const contentHash = createHash('sha256').update(input.text).digest('hex');
  return db().$transaction(
    async (tx) => {
      await lockForInventoryWrite(tx);
      const ownerTeamId = teamSlug ? (await tx.team.upsert({ where: { slug: teamSlug }, create: { slug: teamSlug, name: teamSlug }, update: {} })).id : undefined;
      const hosts = spec.servers.map((s) => (s.host ? `https://${s.host}${s.basePath}` : s.basePath || '/'));
      // Two first pushes of one API at once: the second sees the first's API under the lock and is checked against it.
      const now = existing ?? (await tx.api.findUnique({ where: { slug: input.apiSlug } }));
      if (now && !existing && !mayActFor(now.ownerTeamId)) return { status: 'forbidden' as const, message: `you do not own API '${input.apiSlug}'` };
      const api = now
        ? await tx.api.update({ where: { id: now.id }, data: { hosts, ...(ownerTeamId ? { ownerTeamId } : {}), ...(spec.retired ? { lifecycle: 'retired' } : {}) } })
        : await tx.api.create({ data: { slug: input.apiSlug, name: spec.title, hosts, ownerTeamId, lifecycle: spec.retired ? 'retired' : 'active' } });
      const same = await tx.spec.findUnique({ where: { apiId_contentHash: { apiId: api.id, contentHash } }, include: { _count: { select: { operations: true } } } });
      if (same?.isCurrent) {
        return { status: 'unchanged' as const, apiId: api.id, apiCreated: false, spec: summaryOf(same, same._count.operations), changed: [] };
      }
      const previous = await tx.spec.findFirst({ where: { apiId: api.id, isCurrent: true }, include: { operations: true } });
      await tx.spec.updateMany({ where: { apiId: api.id, isCurrent: true }, data: { isCurrent: false } });
      const row = same
        ? await tx.spec.update({ where: { id: same.id }, data: { isCurrent: true } })
        : await createSpecRow(tx, api.id, spec, input, contentHash, previous);
      primeSpecCache(row.id, { ...spec, id: row.id });
      const previousHosts = Array.isArray(now?.hosts) ? (now.hosts as string[]) : [];
      const scope = spec.servers.some((s) => !s.host) || previousHosts.some((h) => !h.includes('//')) ? { all: true } : { hosts: [...new Set([...spec.servers.map((s) => s.host!), ...previousHosts.map(hostOf)])] };
      const { changed } = await reclassifyEndpoints(scope, input.actor, `spec ${input.apiSlug}@${row.version}`, { tx });
      await tx.auditEvent.create({
        data: {
          actor: input.actor === 'system' ? 'system' : principalLabel(input.actor),
          action: same ? 'spec.restore' : 'spec.register',
          targetType: 'spec',
          targetId: row.id,
          summary: `${same ? 'restored' : 'registered'} ${input.apiSlug}@${row.version} (${spec.operations.length} operations); ${changed.length} endpoint(s) reclassified`,
        },
      });
      return { status: same ? ('restored' as const) : ('created' as const), apiId: api.id, apiCreated: !now, spec: summaryOf(row, spec.operations.length), changed };
    },
    { timeout: 120_000, maxWait: 60_000 },
  );
}

async function createSpecRow(
  tx: Tx,
  apiId: string,
  spec: NormalisedSpec,
  input: RegisterSpecInput,
  contentHash: string,
  previous: { id: string; version: string; operations: { method: string; pathTemplate: string; operationId: string | null; deprecated: boolean }[] } | null,
) {
  const operations = spec.operations.map((op) => ({
    method: op.method,
    pathTemplate: op.path,
    operationId: op.operationId ?? null,
    summary: op.summary ?? null,
    deprecated: op.deprecated,
    sunsetAt: op.sunset ? new Date(op.sunset) : null,
    security: op.security.flatMap((r, requirement) =>
      Object.entries(r.schemes).map(([scheme, scopes]) => ({ requirement, scheme, type: spec.securitySchemes[scheme]?.type ?? 'unknown', scopes })),
    ),
    scopes: requiredScopes(op),
  }));
  const diff = diffOperations(
    previous && { id: previous.id, version: previous.version, operations: previous.operations.map((o) => ({ method: o.method, path: o.pathTemplate, operationId: o.operationId ?? undefined, deprecated: o.deprecated })) },
    operations.map((o) => ({ method: o.method, path: o.pathTemplate, operationId: o.operationId ?? undefined, deprecated: o.deprecated })),
  );
  const count = await tx.spec.count({ where: { apiId } });
  const row = await tx.spec.create({
    data: {
      apiId,
      version: input.version ?? (spec.apiVersion || `r${count + 1}`),
      format: spec.version === '2.0' ? 'swagger-2.0' : `openapi-${spec.version}`,
      raw: input.text,
      contentHash,
      isCurrent: true,
      diffSummary: diff,
      uploadedById: input.actor !== 'system' && input.actor.kind === 'user' ? input.actor.id : null,
    },
  });
  await tx.operation.createMany({ data: operations.map((o) => ({ ...o, specId: row.id })) });
  return row;
}

function summaryOf(row: { id: string; version: string; format: string; contentHash: string; diffSummary: unknown }, operationCount: number): RegisteredSpec {
  return { id: row.id, version: row.version, format: row.format, contentHash: row.contentHash, operationCount, diffSummary: (row.diffSummary ?? null) as SpecDiffSummary | null };
}

/** `group:default/payments` → `payments`; a user reference, or a group no team slug could name, is not a team. */
export function teamFromOwnerRef(ref: string | undefined): string | undefined {
  const m = ref ? /^group:[^/]+\/(.+)$/i.exec(ref) : null;
  const slug = m?.[1].toLowerCase();
  return slug && teamSlugSchema.safeParse(slug).success ? slug : undefined;
}

/** An owner team slug and a version the catalog can store (the route checks its fields first; the CLI comes here). */
function namingProblems(input: RegisterSpecInput, documentVersion: string): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const owner = input.ownerTeam === undefined ? undefined : teamSlugSchema.safeParse(input.ownerTeam);
  if (owner && !owner.success) problems.push({ pointer: '', message: `owner: ${owner.error.issues[0].message}` });
  const version = input.version ?? (documentVersion || undefined);
  const checked = version === undefined ? undefined : specVersionSchema.safeParse(version);
  if (checked && !checked.success) problems.push({ pointer: input.version === undefined ? '/info/version' : '', message: `version: ${checked.error.issues[0].message}` });
  return problems;
}

function hostOf(url: string): string {
  return url.replace(/^[a-z]+:\/\//i, '').split('/')[0].toLowerCase();
}
