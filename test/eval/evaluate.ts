import type { Exchange } from '../../lib/exchange';
import { createDiscoveryEngine } from '../../lib/discovery/discovery-engine';
import { createMatcher, matchOperation } from '../../lib/openapi/matcher';
import { joinBasePath, templateKey } from '../../lib/openapi/path-template';
import { loadSpecDocument } from '../../lib/openapi/load-spec';
import type { NormalisedSpec, SpecOperation } from '../../lib/openapi/spec-model';
import { seededRandom } from '../../lib/seeded-random';
import { seedOf, type IdStyle } from './param-values';
import { requestsFor } from './traffic';
import { templateSpec } from '../../lib/openapi/template-spec';

export interface EvalOptions {
  hideRatio: number;
  deprecateRatio: number;
  unusedRatio: number;
  /** Requests per operation: `min + rand(spread)`. */
  minRequests: number;
  spread: number;
  seed: number;
}

export const DEFAULT_EVAL: EvalOptions = { hideRatio: 0.2, deprecateRatio: 0.1, unusedRatio: 0.1, minRequests: 6, spread: 10, seed: 1 };

export interface Rate {
  hit: number;
  total: number;
}

export interface SpecEvaluation {
  spec: string;
  operations: number;
  exchanges: number;
  hidden: number;
  /** Hidden operations whose every request another documented operation explains (undetectable by anyone). */
  masked: number;
  exactShadow: Rate;
  shadowPrecision: Rate;
  shadowRecall: Rate;
  zombiePrecision: Rate;
  zombieRecall: Rate;
  unusedPrecision: Rate;
  unusedRecall: Rate;
  documentedMisreported: number;
  spurious: number;
  shuffleIdentical: boolean;
  /** Up to 10 examples of each kind of miss, for the report. */
  misses: { wrongTemplate: string[]; spurious: string[]; misreported: string[] };
}

type Doc = Record<string, unknown>;
type PathItem = Record<string, unknown>;

const ID_STYLES: IdStyle[] = ['int', 'uuid', 'objectid', 'prefixed', 'nanoid'];

/**
 * One spec through the whole evaluation: generate traffic for every operation, hide some operations
 * (their traffic must come out as shadow with the right template), deprecate some (zombie), leave
 * some without traffic (unused), run discovery twice on differently ordered input.
 */
export async function evaluateSpec(name: string, original: Doc, opts: EvalOptions = DEFAULT_EVAL): Promise<SpecEvaluation | { spec: string; error: string }> {
  const full = await loadSpecDocument(name, structuredClone(original));
  if (!full.ok) return { spec: name, error: full.problems.map((p) => `${p.pointer}: ${p.message}`).slice(0, 3).join('; ') };
  const r = seededRandom(seedOf(name) ^ opts.seed);
  // Paths that differ only in parameter names are ambiguous (OpenAPI §4.8.8 forbids them); the first wins.
  const seen = new Set<string>();
  const ops = full.spec.operations.filter((op) => {
    const k = `${op.method} ${templateKey(op.path).replace(/(.)\/$/, '$1')}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const key = (op: SpecOperation) => `${op.method} ${op.path}`;
  const shuffled = shuffle([...ops], r);
  const hidden = new Set(shuffled.slice(0, Math.round(ops.length * opts.hideRatio)).map(key));
  const rest = shuffled.slice(hidden.size);
  const deprecated = new Set(rest.slice(0, Math.round(ops.length * opts.deprecateRatio)).map(key));
  const silent = new Set(rest.slice(deprecated.size, deprecated.size + Math.round(ops.length * opts.unusedRatio)).map(key));

  const mutated = structuredClone(original);
  const paths = mutated.paths as Record<string, PathItem>;
  let sunsetNext = false;
  for (const op of ops) {
    const item = paths[op.path];
    const method = op.method.toLowerCase();
    if (hidden.has(key(op))) delete item[method];
    else if (deprecated.has(key(op))) {
      // Half the injected zombies are flagged `deprecated`, half only carry a past sunset date.
      (item[method] as Doc)[sunsetNext ? 'x-sunset' : 'deprecated'] = sunsetNext ? '2025-06-30' : true;
      sunsetNext = !sunsetNext;
    }
  }
  for (const [p, item] of Object.entries(paths)) if (!Object.keys(item).some((k) => /^(get|put|post|delete|options|head|patch|trace)$/.test(k))) delete paths[p];
  const loaded = await loadSpecDocument(name, mutated);
  if (!loaded.ok) return { spec: name, error: `mutated spec rejected: ${loaded.problems[0]?.message}` };
  const spec = loaded.spec;

  const host = spec.servers[0]?.host ?? 'api.example.test';
  const idStyle = ID_STYLES[seedOf(name) % ID_STYLES.length];
  // Ground truth is what the full spec says each request is: a value that happens to equal a static
  // sibling (`{archive_format}` = `tarball` next to `/tarball/{ref}`) belongs to that sibling.
  const fullMatcher = createMatcher([full.spec]);
  const traffic = new Map<string, Exchange[]>();
  for (const op of ops) {
    if (silent.has(key(op))) continue;
    const opHost = (op.servers ?? full.spec.servers)[0]?.host ?? host;
    for (const ex of requestsFor(full.spec, op, opts.minRequests + Math.floor(r() * opts.spread), r, idStyle, opHost)) {
      const m = matchOperation(fullMatcher, ex.host, ex.method!, ex.path!);
      const owner = m.kind === 'operation' && ops.some((o) => o === m.operation) ? key(m.operation) : key(op);
      traffic.set(owner, [...(traffic.get(owner) ?? []), ex]);
    }
  }
  // One in ten requests loses its host, as in an nginx `combined` log; discovery gets `--host`.
  const exchanges = [...traffic.values()].flat().map((ex) => (r() < 0.1 ? { ...ex, host: undefined } : ex));
  const now = new Date('2026-03-10T00:00:00Z');
  const run = (input: Exchange[]) => {
    const engine = createDiscoveryEngine({ specs: [spec], defaultHost: host });
    for (const ex of input) engine.addExchange(ex);
    return engine.result(now);
  };
  const result = run(exchanges);
  const again = run(shuffle([...exchanges], seededRandom(opts.seed + 7)));
  const shuffleIdentical = JSON.stringify(result) === JSON.stringify(again);

  const matcher = createMatcher([spec]);
  const wire = (op: SpecOperation) => joinBasePath((op.servers ?? spec.servers)[0]?.basePath ?? '', op.path);
  const masked = new Set<string>();
  for (const op of ops) {
    if (!hidden.has(key(op))) continue;
    const reqs = traffic.get(key(op)) ?? [];
    if (reqs.length > 0 && reqs.every((ex) => matchOperation(matcher, ex.host ?? host, ex.method!, ex.path!).kind === 'operation')) masked.add(key(op));
  }
  const expectedShadow = new Map(ops.filter((op) => hidden.has(key(op)) && !masked.has(key(op))).map((op) => [`${op.method} ${templateKey(wire(op))}`, op]));
  const shadows = result.endpoints.filter((e) => e.state === 'shadow');
  const shadowKeys = new Set(shadows.map((e) => `${e.method} ${templateKey(e.path)}`));
  const exactHits = [...expectedShadow.keys()].filter((k) => shadowKeys.has(k));
  const shadowSpec = templateSpec('reported-shadows', [{ basePath: '' }], shadows);
  const shadowMatcher = createMatcher([shadowSpec]);
  // Documented operations take precedence in discovery, so only traffic the spec leaves unexplained can land in a shadow.
  const landsInShadow = (ex: Exchange) =>
    matchOperation(matcher, ex.host ?? host, ex.method!, ex.path!).kind !== 'operation' &&
    matchOperation(shadowMatcher, undefined, ex.method!, ex.path!).kind === 'operation';
  // Reported with its exact template counts as detected even where the regex-free shadow matcher cannot
  // tell (a multi-segment `{path}` looks single-segment once rendered).
  const detected = [...expectedShadow.entries()].filter(([k, op]) => shadowKeys.has(k) || (traffic.get(key(op)) ?? []).some(landsInShadow));
  const spuriousList = shadows.filter((e) => !expectedShadow.has(`${e.method} ${templateKey(e.path)}`)).map((e) => `${e.method} ${e.path}`);

  const reported = new Map(result.endpoints.filter((e) => e.state !== 'shadow').map((e) => [`${e.method} ${e.specPath}`, e]));
  const misreported = ops.filter((op) => !hidden.has(key(op)) && traffic.has(key(op)) && (!reported.has(key(op)) || traffic.get(key(op))!.some(landsInShadow)));
  const spec0 = (op: SpecOperation) => spec.operations.find((o) => key(o) === key(op));
  const expectedZombie = new Set(ops.filter((op) => !hidden.has(key(op)) && traffic.has(key(op)) && isZombie(spec, spec0(op), now)).map(key));
  const reportedZombie = new Set(result.endpoints.filter((e) => e.state === 'zombie').map((e) => `${e.method} ${e.specPath}`));
  const maskedTargets = new Set<string>();
  for (const k of masked) for (const ex of traffic.get(k) ?? []) {
    const m = matchOperation(matcher, ex.host ?? host, ex.method!, ex.path!);
    if (m.kind === 'operation') maskedTargets.add(`${m.operation.method} ${m.operation.path}`);
  }
  const expectedUnused = new Set(ops.filter((op) => !hidden.has(key(op)) && !traffic.has(key(op)) && !maskedTargets.has(key(op))).map(key));
  const reportedUnused = new Set(result.unused.map((u) => `${u.method} ${spec.operations.find((o) => wire(o) === u.path && o.method === u.method)?.path}`));

  return {
    spec: name,
    operations: ops.length,
    exchanges: exchanges.length,
    hidden: hidden.size,
    masked: masked.size,
    exactShadow: { hit: exactHits.length, total: expectedShadow.size },
    shadowPrecision: { hit: shadows.length - spuriousList.length, total: shadows.length },
    shadowRecall: { hit: detected.length, total: expectedShadow.size },
    zombiePrecision: { hit: [...reportedZombie].filter((k) => expectedZombie.has(k)).length, total: reportedZombie.size },
    zombieRecall: { hit: [...expectedZombie].filter((k) => reportedZombie.has(k)).length, total: expectedZombie.size },
    unusedPrecision: { hit: [...reportedUnused].filter((k) => expectedUnused.has(k)).length, total: reportedUnused.size },
    unusedRecall: { hit: [...expectedUnused].filter((k) => reportedUnused.has(k)).length, total: expectedUnused.size },
    documentedMisreported: misreported.length,
    spurious: spuriousList.length,
    shuffleIdentical,
    misses: {
      wrongTemplate: [...expectedShadow.keys()].filter((k) => !shadowKeys.has(k)).slice(0, 10),
      spurious: spuriousList.slice(0, 10),
      misreported: misreported.map(key).slice(0, 10),
    },
  };
}

/** Ground truth, written out here rather than borrowed from the engine: deprecated, past sunset, or the whole API retired. */
function isZombie(spec: NormalisedSpec, op: SpecOperation | undefined, now: Date): boolean {
  const past = (date: string | undefined) => date !== undefined && Date.parse(date) <= now.getTime();
  return !!op && (op.deprecated || past(op.sunset) || spec.retired || past(spec.sunset));
}

function shuffle<T>(xs: T[], r: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}
