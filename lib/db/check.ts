import { z } from 'zod';
import { unlistedReason, type ShadowListing } from '../discovery/unlisted-shadows';
import type { StoredEvidence } from '../inventory/merge-evidence';
import { db } from './client';

/**
 * The CI gate: which of an API's stored endpoints have unresolved findings. Triage `ignored` or `adopted` resolves
 * an endpoint (a human decided); `acknowledged` does not (seen, not fixed). Endpoints hidden by an ignore override
 * are resolved too.
 */
export const failOnSchema = z.enum(['shadow', 'zombie', 'unauthenticated']);
export type FailOn = z.infer<typeof failOnSchema>;
export const ALL_FAIL_ON: FailOn[] = ['shadow', 'zombie', 'unauthenticated'];

export const checkOffenderSchema = z.object({
  id: z.string(),
  host: z.string(),
  method: z.string(),
  path: z.string(),
  state: z.string(),
  triage: z.string(),
  requests: z.number(),
  reasons: z.array(failOnSchema),
});
export type CheckOffender = z.infer<typeof checkOffenderSchema>;

export const checkResultSchema = z.object({
  api: z.string(),
  failOn: z.array(failOnSchema),
  checked: z.number(),
  offenders: z.array(checkOffenderSchema),
  /**
   * Undocumented endpoints left unchecked as `discover` leaves them unlisted (lib/discovery/unlisted-shadows.ts): those
   * that only ever got 404/405 (0 with `includeNotFound`), and CORS preflights (0 with `includePreflights`). Absent
   * from a server before 7 Dec.
   */
  notFound: z.number().optional(),
  preflights: z.number().optional(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

/** Parses `shadow,zombie` (CLI flag, query parameter); absent or empty means all, separators alone are an error. */
export function parseFailOn(text: string | undefined): FailOn[] | { error: string } {
  if (!text) return ALL_FAIL_ON;
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  // `--fail-on ,` (say, a CI variable joined from an empty list) would check nothing and pass every build.
  if (parts.length === 0) return { error: `--fail-on names no finding (use ${ALL_FAIL_ON.join(', ')})` };
  const bad = parts.filter((p) => !failOnSchema.safeParse(p).success);
  return bad.length > 0 ? { error: `unknown --fail-on value(s): ${bad.join(', ')} (use ${ALL_FAIL_ON.join(', ')})` } : [...new Set(parts as FailOn[])];
}

export async function checkApi(apiSlug: string, failOn: readonly FailOn[], listing: ShadowListing = {}): Promise<CheckResult | null> {
  const api = await db().api.findUnique({ where: { slug: apiSlug }, select: { id: true } });
  if (!api) return null;
  const rows = await db().endpoint.findMany({
    where: { apiId: api.id, ignoredById: null },
    orderBy: [{ host: 'asc' }, { pathTemplate: 'asc' }, { method: 'asc' }],
    select: { id: true, host: true, method: true, pathTemplate: true, state: true, triage: true, requestCount: true, statusCounts: true, authCounts: true, evidence: true, findings: true },
  });
  // A scanner's probes answered 404 and CORS preflights are no shadow API: until 7 Dec they failed the gate that discover
  // never showed them in (a preflight, never carrying credentials, as 'unauthenticated' too).
  const unlisted = { notFound: 0, preflights: 0 };
  const checkedRows = rows.filter((r) => {
    const reason = unlistedReason({ state: r.state, method: r.method, statuses: r.statusCounts }, listing);
    if (reason) unlisted[reason]++;
    return !reason;
  });
  const offenders: CheckOffender[] = [];
  for (const r of checkedRows) {
    if (r.triage === 'ignored' || r.triage === 'adopted') continue;
    const reasons = failOn.filter((f) => (f === 'unauthenticated' ? unauthenticated(r) : r.state === f));
    if (reasons.length > 0) {
      offenders.push({ id: r.id, host: r.host, method: r.method, path: r.pathTemplate, state: r.state, triage: r.triage, requests: Number(r.requestCount), reasons });
    }
  }
  return { api: apiSlug, failOn: [...failOn], checked: checkedRows.length, offenders, ...unlisted };
}

/**
 * Unauthenticated requests that succeeded where they should not: the spec requires security (the auth-mismatch
 * finding), or nobody documented the endpoint at all. Rows ingested before the evidence column only know how many
 * requests carried no credential, which is the best available signal for them.
 */
function unauthenticated(r: { state: string; authCounts: unknown; evidence: unknown; findings: unknown }): boolean {
  if (((r.findings ?? []) as { kind: string }[]).some((f) => f.kind === 'auth-mismatch')) return true;
  if (r.state === 'documented') return false;
  const ev = (r.evidence ?? {}) as Partial<StoredEvidence>;
  const anonymous = ev.unauthenticated2xx ?? ((r.authCounts ?? {}) as Record<string, number>).none ?? 0;
  return anonymous > 0;
}
