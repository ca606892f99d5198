import { z } from 'zod';
import { joinBasePath, operationPathKey } from '../openapi/path-template';
import type { NormalisedSpec, SpecOperation } from '../openapi/spec-model';
import { declaresDeprecation } from '../openapi/declared-deprecation';

/**
 * What changed between two versions of one API's spec, at operation level. Paths are keyed by their normalised
 * template (`{id}` → `{}`, Optic's rule) without its trailing slash, so renaming a parameter or dropping a slash is
 * not an add plus a remove. An operation's URL is its server's plus its path (OpenAPI 3 §4.8.5, Swagger 2.0's
 * `host` + `basePath`): one kept under another server (`/v1` → `/v2`, a path-level `servers` changed) is `moved`.
 */
export const operationRefSchema = z.object({ method: z.string(), path: z.string(), operationId: z.string().optional() });
export type OperationRef = z.infer<typeof operationRefSchema>;

/** Servers as `host/basePath` (`api.x.com/v1`), a relative one as its base path (`/v1`), sorted. */
export const movedOperationSchema = operationRefSchema.extend({ from: z.array(z.string()), to: z.array(z.string()) });

export const specDiffSummarySchema = z.object({
  previousSpecId: z.string().nullable(),
  previousVersion: z.string().nullable(),
  added: z.array(operationRefSchema),
  removed: z.array(operationRefSchema),
  newlyDeprecated: z.array(operationRefSchema),
  /** Absent in diffs stored before 6 Dec, which did not look at servers. */
  moved: z.array(movedOperationSchema).optional(),
});
export type SpecDiffSummary = z.infer<typeof specDiffSummarySchema>;

export interface DiffOperation extends OperationRef {
  deprecated: boolean;
  /** A sunset date declares the deprecation as `deprecated: true` does (lib/discovery/findings.ts reads it so too). */
  sunset?: string;
  /** Where the operation is served (serverLabels); undefined when not known, which is never a move. */
  servers?: string[];
}

export function diffOperations(
  previous: { id: string; version: string; operations: readonly DiffOperation[] } | null,
  next: readonly DiffOperation[],
): SpecDiffSummary {
  const key = (o: OperationRef) => `${o.method.toUpperCase()} ${operationPathKey(o.path)}`;
  const before = new Map((previous?.operations ?? []).map((o) => [key(o), o]));
  const after = new Map(next.map((o) => [key(o), o]));
  const samePlace = new Set<string>();
  for (const [was, now] of sameUrlsElsewhere(before, after)) {
    // Keyed under the new path, as if the spec had always written it so; its servers changed, its URL did not.
    samePlace.add(now);
    before.delete(was);
    before.set(now, { ...previous!.operations.find((o) => key(o) === was)!, path: after.get(now)!.path });
  }
  const ref = ({ method, path, operationId }: DiffOperation): OperationRef => ({ method, path, ...(operationId ? { operationId } : {}) });
  const order = (a: OperationRef, b: OperationRef) => (a.path === b.path ? (a.method < b.method ? -1 : 1) : a.path < b.path ? -1 : 1);
  const sorted = (list: DiffOperation[]) => list.map(ref).sort(order);
  const moved = [...after]
    .flatMap(([k, o]) => {
      const was = before.get(k)?.servers;
      return was && !samePlace.has(k) && o.servers && !sameServers(was, o.servers) ? [{ ...ref(o), from: was, to: o.servers }] : [];
    })
    .sort(order);
  return {
    previousSpecId: previous?.id ?? null,
    previousVersion: previous?.version ?? null,
    added: sorted([...after].filter(([k]) => !before.has(k)).map(([, o]) => o)),
    removed: sorted([...before].filter(([k]) => !after.has(k)).map(([, o]) => o)),
    newlyDeprecated: sorted([...after].filter(([k, o]) => declared(o) && before.has(k) && !declared(before.get(k)!)).map(([, o]) => o)),
    moved,
  };
}

/**
 * Operations only one side has whose URLs are the same: a version prefix moved from the server URL into every path
 * (Swagger's `basePath: /v1.41` and `/containers/json` → `basePath: /` and `/v1.41/containers/json`) or back. Until
 * 6 Dec such a push was every operation removed and added (+106/−106 for Docker's spec), though no request changed.
 * Old key → new key; only when both sides' servers are known.
 */
function sameUrlsElsewhere(before: ReadonlyMap<string, DiffOperation>, after: ReadonlyMap<string, DiffOperation>): Array<[string, string]> {
  const fullUrls = (o: DiffOperation) => o.servers?.map((label) => operationPathKey(joinBasePath(label, o.path)));
  const oneSided = [...[...before].filter(([k]) => !after.has(k)), ...[...after].filter(([k]) => !before.has(k))];
  const place = placeOf(oneSided.flatMap(([, o]) => fullUrls(o) ?? []));
  const urls = (o: DiffOperation) => {
    const full = fullUrls(o);
    return full ? `${o.method.toUpperCase()} ${[...new Set(full.map(place))].sort().join(' ')}` : undefined;
  };
  const added = new Map<string, string>();
  for (const [k, o] of after) {
    const u = urls(o);
    if (!before.has(k) && u) added.set(u, k);
  }
  const pairs: Array<[string, string]> = [];
  for (const [k, o] of before) {
    const u = !after.has(k) ? urls(o) : undefined;
    const now = u && added.get(u);
    if (!now) continue;
    pairs.push([k, now]);
    // One operation pairs with one.
    added.delete(u);
  }
  return pairs;
}

/**
 * A relative server (`/v1`) is resolved against the host the document is served from (OpenAPI 3 §4.8.5.1), so made
 * absolute with the same base path (`/v1` → `pay.test/v1`), or back, it serves the same URLs: until 6 Dec such a
 * version listed every operation as moved. Labels are `host/path`, a relative one `/path`: where either side has a
 * relative `/path`, an absolute label of that path is that place too.
 */
function placeOf(labels: readonly string[]): (label: string) => string {
  const relative = new Set(labels.filter((l) => l.startsWith('/')));
  return (label) => {
    const path = label.slice(label.indexOf('/'));
    return relative.has(path) ? path : label;
  };
}

function sameServers(a: readonly string[], b: readonly string[]): boolean {
  const place = placeOf([...a, ...b]);
  const places = (list: readonly string[]) => [...new Set(list.map(place))].sort().join('\n');
  return places(a) === places(b);
}

// The diff's operations carry the API's retirement and sunset already (diffOperationsOf): no spec-wide lifecycle left.
const declared = (o: DiffOperation) => declaresDeprecation({}, o);

type DiffedSpec = Pick<NormalisedSpec, 'servers' | 'operations'> & Partial<Pick<NormalisedSpec, 'sunset' | 'retired'>>;

/**
 * A spec's operations as the diff reads them, each with the servers it is served on (its own, else the spec's). The
 * API's own sunset or retirement declares every operation's deprecation, as `info.x-status: deprecated` does: until
 * 6 Dec a version adding `info.x-sunset` or `x-lifecycle: retired` showed "no operation changes".
 */
export function diffOperationsOf(spec: DiffedSpec): DiffOperation[] {
  return spec.operations.map((o: SpecOperation) => ({ method: o.method, path: o.path, operationId: o.operationId, deprecated: o.deprecated || spec.retired === true, sunset: o.sunset ?? spec.sunset, servers: serverLabels(o.servers ?? spec.servers) }));
}

function serverLabels(servers: NormalisedSpec['servers']): string[] {
  return [...new Set(servers.map((s) => `${s.host ?? ''}${s.basePath || '/'}`))].sort();
}

/**
 * Stored Operation rows (whose deprecation governance may have changed since) with the servers their spec gives them,
 * and the API-wide sunset or retirement it declares (a row keeps only its operation's own).
 */
export function withServers(operations: readonly DiffOperation[], spec: DiffedSpec | undefined): DiffOperation[] {
  if (!spec) return [...operations];
  const key = (o: OperationRef) => `${o.method.toUpperCase()} ${o.path}`;
  const servers = new Map(diffOperationsOf(spec).map((o) => [key(o), o.servers]));
  return operations.map((o) => ({ ...o, deprecated: o.deprecated || spec.retired === true, sunset: o.sunset ?? spec.sunset, servers: servers.get(key(o)) }));
}
