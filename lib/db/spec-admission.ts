import { createHash } from 'node:crypto';
import { canActForTeam } from '../auth/permissions';
import type { Principal } from '../auth/roles';
import { slugPattern, specVersionSchema, teamSlugSchema } from '../inventory/catalog-names';
import { loadSpecDocument } from '../openapi/load-spec';
import { parseSpecText } from '../openapi/parse-document';
import { everyServer } from '../openapi/servers';
import type { NormalisedSpec, SpecProblem } from '../openapi/spec-model';
import { db } from './client';
import { foreignServer } from './host-scope';
import { newVersionLabel } from './spec-version-label';

export interface RegisterSpecInput {
  apiSlug: string;
  text: string;
  version?: string;
  /** Team slug; else the spec's `x-owner` / `info.contact` when it names a group. */
  ownerTeam?: string;
  /** `cli`: `lantern spec push` without --server; `system`: Lantern itself (the demo seed). */
  actor: Principal | 'cli' | 'system';
}

export type SpecRefusal = { status: 'invalid'; problems: SpecProblem[] } | { status: 'forbidden'; message: string } | { status: 'conflict'; message: string };

export interface AdmittedSpec {
  status: 'admitted';
  spec: NormalisedSpec;
  /** What the loader read but could only partly use (servers past the combination bound): shown, never fatal. */
  warnings: SpecProblem[];
  existing: Awaited<ReturnType<typeof findApi>>;
  /** The owner team to set (created on registration when new). */
  teamSlug: string | undefined;
  contentHash: string;
  /** The label the version is stored under: the one its text already has, else a new one (spec-version-label.ts). */
  label: string;
  /** The label the document asked for, another version's, when `label` had to be a new one. */
  labelInUse?: string;
  mayActFor: (teamId: string | null | undefined) => boolean;
}

/**
 * Whether a spec may be registered as given, checked before anything is written: a valid document, names the
 * catalog can store, an API and owner team the actor acts for, and servers on hosts the actor's team answers for.
 * Registration and its dry run (the preview) both start here, so a preview shows only what a registration would do.
 */
export async function admitSpec(input: RegisterSpecInput): Promise<SpecRefusal | AdmittedSpec> {
  if (!slugPattern.test(input.apiSlug)) return { status: 'invalid', problems: [{ pointer: '', message: `API slug '${input.apiSlug}' must match ${slugPattern}` }] };
  const parsed = parseSpecText(input.text);
  const loaded = parsed.ok ? await loadSpecDocument(input.apiSlug, parsed.value) : parsed;
  if (!loaded.ok) return { status: 'invalid', problems: loaded.problems };
  const spec = loaded.spec;
  const named = namingProblems(input, spec.apiVersion);
  if (named.length > 0) return { status: 'invalid', problems: named };
  const existing = await findApi(input.apiSlug);
  const teamSlug = input.ownerTeam ?? (existing?.ownerTeamId ? undefined : teamFromOwnerRef(spec.owner));
  const team = teamSlug ? await db().team.findUnique({ where: { slug: teamSlug } }) : null;
  // The CLI without --server (and Lantern itself) acts for every team: whoever can write DATABASE_URL owns every API anyway.
  const mayActFor = (teamId: string | null | undefined) => typeof input.actor === 'string' || canActForTeam(input.actor, teamId);
  if (existing && !mayActFor(existing.ownerTeamId)) return { status: 'forbidden', message: `you do not own API '${input.apiSlug}'` };
  if (teamSlug && !mayActFor(team?.id)) return { status: 'forbidden', message: `you are not a member of team '${teamSlug}'` };
  if (!existing && !teamSlug && !mayActFor(null)) return { status: 'forbidden', message: 'name an owner team you belong to (owner=…)' };
  const foreign = typeof input.actor === 'string' ? undefined : await foreignServer(input.actor, input.apiSlug, everyServer(spec));
  if (foreign) return { status: 'forbidden', message: `servers: your team does not answer for ${foreign}; an admin may register it` };
  const contentHash = createHash('sha256').update(input.text).digest('hex');
  const same = existing && (await db().spec.findUnique({ where: { apiId_contentHash: { apiId: existing.id, contentHash } }, select: { version: true } }));
  const label = same ? { ok: true as const, label: same.version } : await newVersionLabel(db(), existing?.id, input.apiSlug, input.version, spec.apiVersion);
  if (!label.ok) return { status: 'conflict', message: label.message };
  return { status: 'admitted', spec, warnings: loaded.warnings, existing, teamSlug, contentHash, label: label.label, labelInUse: label.inUse, mayActFor };
}

const findApi = (slug: string) => db().api.findUnique({ where: { slug } });

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
