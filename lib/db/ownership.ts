import { z } from 'zod';
import { teamSlugSchema } from '../inventory/catalog-names';
import type { Principal } from '../auth/roles';
import { overrideHost } from '../discovery/overrides';
import { splitPath } from '../openapi/path-template';
import { recordAuditEvent } from './audit';
import { literalSpelling } from '../discovery/pattern-shape';
import { pathPrefixProblem } from './override-patterns';
import type { DbClient } from './spec-catalog';
import { db } from './client';
import { lockForInventoryWrite } from './write-lock';

/**
 * Ownership rules give endpoints no spec claims an owner team: `host` (or `*`) + path prefix → team. The longest
 * prefix wins, on segment boundaries; at equal length an exact host beats `*`.
 */
// Strict: a field it does not know (`hostname`) is refused, not dropped to leave `host` at its default, every host.
export const ownershipRuleInputSchema = z.strictObject({
  host: z.string().min(1).max(255).default('*'),
  pathPrefix: z.string().min(1).max(2048).regex(/^\//, 'starts with /').default('/').superRefine((prefix, ctx) => {
    const problem = pathPrefixProblem(prefix);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  team: teamSlugSchema,
  note: z.string().max(500).optional(),
});
export type OwnershipRuleInput = z.infer<typeof ownershipRuleInputSchema>;

export interface OwnershipRule {
  host: string;
  pathPrefix: string;
  teamId: string;
}

export function listOwnershipRules(client: DbClient = db()): Promise<OwnershipRule[]> {
  return client.ownershipRule.findMany({ select: { host: true, pathPrefix: true, teamId: true }, orderBy: { createdAt: 'asc' } });
}

/**
 * Adds (or re-points) a rule, then gives the endpoints it may cover their new owner. `previousTeam` is the slug the
 * rule pointed at before (undefined for a new rule), read under the write lock so two re-points each report the
 * team they replaced. The audit event (ownership.create, or ownership.update naming both teams) is written in the
 * same transaction: a rule never changes without its event, nor an event without its change.
 */
export async function createOwnershipRule(raw: z.input<typeof ownershipRuleInputSchema>, actor: Principal | 'system' = 'system') {
  const input = ownershipRuleInputSchema.parse(raw);
  const host = overrideHost(input.host);
  const { rule, previousTeam } = await db().$transaction(async (tx) => {
    await lockForInventoryWrite(tx);
    const key = { host_pathPrefix: { host, pathPrefix: input.pathPrefix } };
    const before = await tx.ownershipRule.findUnique({ where: key, select: { team: { select: { slug: true } } } });
    const team = await tx.team.upsert({ where: { slug: input.team }, create: { slug: input.team, name: input.team }, update: {} });
    const rule = await tx.ownershipRule.upsert({
      where: key,
      create: { host, pathPrefix: input.pathPrefix, teamId: team.id, note: input.note },
      update: { teamId: team.id, note: input.note },
    });
    const previousTeam = before?.team.slug;
    const summary = previousTeam === undefined ? `${input.host}${input.pathPrefix} → team ${input.team}` : `${input.host}${input.pathPrefix}: team ${previousTeam} → team ${input.team}`;
    await recordAuditEvent({ actor, action: previousTeam === undefined ? 'ownership.create' : 'ownership.update', targetType: 'ownership-rule', targetId: rule.id, summary }, tx);
    return { rule, previousTeam };
  }, { timeout: 60_000, maxWait: 60_000 });
  // Imported lazily: reclassify.ts reads the rules through this module.
  const { reclassifyEndpoints } = await import('./reclassify');
  await reclassifyEndpoints(host === '*' ? { all: true } : { hosts: [host] }, actor, `ownership ${host}${input.pathPrefix} → ${input.team}`);
  return { rule, previousTeam };
}

export function ownerTeamFor(rules: readonly OwnershipRule[], host: string, path: string): string | null {
  const segments = splitPath(path);
  let best: { rule: OwnershipRule; length: number; exact: boolean } | undefined;
  for (const rule of rules) {
    const exact = rule.host === host;
    if (!exact && rule.host !== '*') continue;
    const prefix = splitPath(rule.pathPrefix).map(literalSpelling);
    if (prefix.length > segments.length || !prefix.every((s, i) => s === segments[i])) continue;
    if (!best || prefix.length > best.length || (prefix.length === best.length && exact && !best.exact)) {
      best = { rule, length: prefix.length, exact };
    }
  }
  return best?.rule.teamId ?? null;
}

export async function listOwnershipRulesWithTeams() {
  const rows = await db().ownershipRule.findMany({ orderBy: [{ host: 'asc' }, { pathPrefix: 'asc' }], include: { team: { select: { slug: true, name: true } } } });
  return rows.map((r) => ({ id: r.id, host: r.host, pathPrefix: r.pathPrefix, team: r.team, note: r.note, createdAt: r.createdAt.toISOString() }));
}

export function findOwnershipRule(id: string) {
  return db().ownershipRule.findUnique({ where: { id } });
}

/**
 * Removes a rule and writes its ownership.delete event in one transaction; the endpoints it owned fall back to the
 * next matching rule, or to no owner. null when no such rule is left (removed meanwhile).
 */
export async function deleteOwnershipRule(id: string, actor: Principal | 'system') {
  const rule = await db().$transaction(async (tx) => {
    await lockForInventoryWrite(tx);
    const found = await tx.ownershipRule.findUnique({ where: { id } });
    if (!found) return null;
    await tx.ownershipRule.delete({ where: { id } });
    await recordAuditEvent({ actor, action: 'ownership.delete', targetType: 'ownership-rule', targetId: id, summary: `removed ${found.host}${found.pathPrefix}` }, tx);
    return found;
  }, { timeout: 60_000, maxWait: 60_000 });
  if (!rule) return null;
  const { reclassifyEndpoints } = await import('./reclassify');
  await reclassifyEndpoints(rule.host === '*' ? { all: true } : { hosts: [rule.host] }, actor, `ownership rule removed ${rule.host}${rule.pathPrefix}`);
  return rule;
}

export async function teamIdBySlug(slug: string): Promise<string | undefined> {
  return (await db().team.findUnique({ where: { slug }, select: { id: true } }))?.id;
}

/** The slugs of these teams (all teams when `ids` is 'all'), sorted: the owner teams a user may name for a new API. */
export async function listTeamSlugs(ids: readonly string[] | 'all'): Promise<string[]> {
  const rows = await db().team.findMany({ where: ids === 'all' ? {} : { id: { in: [...ids] } }, select: { slug: true }, orderBy: { slug: 'asc' } });
  return rows.map((r) => r.slug);
}
