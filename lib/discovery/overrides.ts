import { z } from 'zod';
import { canonicalHost } from '../openapi/servers';
import { patternSegments, type PatternSegment } from './pattern-shape';

export { patternShape } from './pattern-shape';

/**
 * Operator corrections to templating, stored by the inventory as PathOverride rows and passed in as
 * plain data. `merge` forces the `{…}` positions of the pattern to be parameters, `split` keeps its
 * literal segments literal, `ignore` drops matching traffic (health checks, static files).
 * Pattern syntax: `/repos/{owner}/{repo}`; `*` matches one segment, a trailing `**` the rest.
 */
export const pathOverrideSchema = z.object({
  host: z.string().optional(),
  method: z.string().optional(),
  pattern: z.string().min(1).max(2048),
  action: z.enum(['merge', 'split', 'ignore']),
});
export type PathOverride = z.infer<typeof pathOverrideSchema>;
export const pathOverridesSchema = z.array(pathOverrideSchema);

export interface CompiledOverride {
  override: PathOverride;
  segments: PatternSegment[];
  /** The override's host as traffic's hosts are kept (overrideHost), undefined for every host. */
  host?: string;
}

/**
 * A host an override or ownership rule names, as endpoints keep theirs (lib/openapi/servers.ts canonicalHost):
 * `api.example.com:443`, `API.example.com.` or `bücher.example` lower-cased only named no stored host and applied to
 * nothing (until 6 Dec). `*` is every host.
 */
export function overrideHost(host: string): string {
  return host === '*' ? host : (canonicalHost(host) ?? host.toLowerCase());
}

export function compileOverrides(overrides: readonly PathOverride[] = []): CompiledOverride[] {
  return overrides.map((override) => ({
    override,
    host: override.host && override.host !== '*' ? overrideHost(override.host) : undefined,
    segments: patternSegments(override.pattern),
  }));
}

function appliesTo(o: CompiledOverride, host: string, method?: string): boolean {
  const h = o.host;
  const m = o.override.method?.toUpperCase();
  return (!h || h === host) && (!m || !method || m === method);
}

/** Whether the pattern matches a whole path (`segments` are literal values, params as any string). */
export function isIgnored(overrides: readonly CompiledOverride[], host: string, method: string, segments: readonly string[]): boolean {
  return overrides.some((o) => o.override.action === 'ignore' && appliesTo(o, host, method) && matchesPrefix(o.segments, segments, true));
}

/**
 * At depth `prefix.length`: does a `merge` override make this position a parameter, and which literals
 * does a `split` override keep? `prefix` holds decided segments (`null` for a parameter position).
 */
export function overridesAt(
  overrides: readonly CompiledOverride[],
  host: string,
  prefix: readonly (string | null)[],
): { forceParam: boolean; keepLiterals: Set<string> } {
  const keepLiterals = new Set<string>();
  let forceParam = false;
  const depth = prefix.length;
  for (const o of overrides) {
    if (o.override.action === 'ignore' || !appliesTo(o, host) || o.segments.length <= depth) continue;
    if (!matchesPrefix(o.segments.slice(0, depth), prefix, false)) continue;
    const seg = o.segments[depth];
    if (o.override.action === 'merge' && seg.kind === 'any') forceParam = true;
    if (o.override.action === 'split' && seg.kind === 'literal') keepLiterals.add(seg.value);
  }
  return { forceParam, keepLiterals };
}

function matchesPrefix(pattern: readonly PatternSegment[], segments: readonly (string | null)[], whole: boolean): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p.kind === 'rest') return true;
    if (i >= segments.length) return false;
    if (p.kind === 'literal' && segments[i] !== p.value) return false;
  }
  return !whole || pattern.length === segments.length;
}
