import { createDiscoveryEngine } from '../../lib/discovery/discovery-engine';
import type { Exchange } from '../../lib/exchange';
import { loadSpecDocument } from '../../lib/openapi/load-spec';
import { createMatcher, matchOperation } from '../../lib/openapi/matcher';
import { joinBasePath, templateKey } from '../../lib/openapi/path-template';
import type { SpecOperation } from '../../lib/openapi/spec-model';
import { templateSpec } from '../../lib/openapi/template-spec';
import { seededRandom } from '../../lib/seeded-random';
import type { EvalOptions, Rate } from './evaluate';
import { seedOf, type IdStyle } from './param-values';
import { requestsFor } from './traffic';

/**
 * Discovery with no spec at all, as a collector that pushes before anyone registered one, or a team that has
 * none: traffic for every operation of a real spec, templated blind, each operation's template compared with
 * the spec's (parameter names ignored). The with-spec evaluation (evaluate.ts) never measured this.
 */
export interface BlindEvaluation {
  spec: string;
  operations: number;
  /** Operations whose every request landed in one endpoint with exactly the spec's template. */
  exact: Rate;
  /** Operations whose requests landed in an endpoint that also holds another operation's requests. */
  overMerged: number;
  /** Operations whose requests were spread over several endpoints or kept literal. */
  split: number;
  misses: string[];
}

export async function evaluateBlind(name: string, original: Record<string, unknown>, opts: EvalOptions, idStyle?: IdStyle): Promise<BlindEvaluation | { spec: string; error: string }> {
  const loaded = await loadSpecDocument(name, structuredClone(original));
  if (!loaded.ok) return { spec: name, error: loaded.problems[0]?.message ?? 'rejected' };
  const spec = loaded.spec;
  const r = seededRandom(seedOf(name) ^ opts.seed ^ 0x5eed);
  const style = idStyle ?? (['int', 'uuid', 'objectid', 'prefixed', 'nanoid'] as const)[seedOf(name) % 5];
  const matcher = createMatcher([spec]);
  const key = (op: SpecOperation) => `${op.method} ${op.path}`;
  const wire = (op: SpecOperation) => joinBasePath((op.servers ?? spec.servers)[0]?.basePath ?? '', op.path);
  // Ground truth per request is the operation the full spec matches (a value equal to a static sibling belongs there).
  const byOp = new Map<string, { op: SpecOperation; paths: Set<string> }>();
  const exchanges: Exchange[] = [];
  for (const op of spec.operations) {
    for (const ex of requestsFor(spec, op, opts.minRequests + Math.floor(r() * opts.spread), r, style, 'api.blind.test')) {
      const m = matchOperation(matcher, ex.host, ex.method!, ex.path!);
      const owner = m.kind === 'operation' ? m.operation : op;
      const entry = byOp.get(key(owner)) ?? byOp.set(key(owner), { op: owner, paths: new Set() }).get(key(owner))!;
      entry.paths.add(`${ex.method} ${ex.path}`);
      exchanges.push(ex);
    }
  }
  const engine = createDiscoveryEngine({ specs: [] });
  for (const ex of exchanges) engine.addExchange(ex);
  const endpoints = engine.result(new Date('2026-03-10T00:00:00Z')).endpoints;
  // Which reported endpoint each concrete request went to, by matching the reported templates.
  const reported = createMatcher([templateSpec('blind', [{ basePath: '' }], endpoints)]);
  const landed = (req: string) => {
    const sp = req.indexOf(' ');
    const m = matchOperation(reported, undefined, req.slice(0, sp), req.slice(sp + 1));
    return m.kind === 'operation' ? `${m.operation.method} ${templateKey(m.operation.path)}` : `literal ${req}`;
  };
  const owners = new Map<string, Set<string>>();
  const places = new Map<string, Set<string>>();
  for (const [k, { paths }] of byOp) {
    const at = new Set([...paths].map(landed));
    places.set(k, at);
    for (const p of at) (owners.get(p) ?? owners.set(p, new Set()).get(p)!).add(k);
  }
  let hit = 0;
  let overMerged = 0;
  let split = 0;
  const misses: string[] = [];
  for (const [k, { op }] of byOp) {
    const at = [...places.get(k)!];
    const want = `${op.method} ${templateKey(wire(op))}`;
    if (at.length === 1 && at[0] === want && owners.get(want)!.size === 1) hit++;
    else {
      if (at.some((p) => owners.get(p)!.size > 1)) overMerged++;
      else split++;
      if (misses.length < 12) misses.push(`${want} → ${at.slice(0, 3).join(' | ')}${at.length > 3 ? ` (+${at.length - 3})` : ''}`);
    }
  }
  return { spec: name, operations: byOp.size, exact: { hit, total: byOp.size }, overMerged, split, misses };
}
