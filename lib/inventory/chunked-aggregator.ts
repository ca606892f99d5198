import { createDiscoveryEngine, type DiscoveryOptions } from '../discovery/discovery-engine';
import type { DiscoveredEndpoint } from '../discovery/classify';
import type { Exchange } from '../exchange';
import { createObservationAggregator, UNKNOWN_HOST } from './aggregate-observations';
import { foldObservations } from './merge-evidence';
import type { EndpointObservation } from './observation';
import { coveringTemplate, indexShadowTemplates } from './shadow-templates';

/**
 * Aggregation for a run that sends what it has every few seconds (`push --follow`, `lantern mirror | lantern push
 * -`). Each chunk is counted on its own, but templated with everything the run has seen: a quiet log gives one or
 * two member names per chunk, which alone never make `/members/{memberId}`, so every chunk sent literals, forever
 * (found 4 Dec, sixth session: 17 members over six chunks, 17 literal endpoints). A chunk's literal path goes to the
 * run's template that covers it, unless the run as a whole kept that path literal (`/members/me`, busy).
 * The run's memory is a discovery engine's store: it starts over once it holds `memoryPaths` distinct paths, so
 * a collector that runs for weeks holds a bounded amount (templates it taught the inventory stay there, and the
 * server folds later literals into them: lib/inventory/shadow-templates.ts).
 */
export const RUN_MEMORY_PATHS = 20_000;

export function createChunkedAggregator(opts: DiscoveryOptions, memoryPaths = RUN_MEMORY_PATHS) {
  let run = createDiscoveryEngine(opts);
  let chunk = createObservationAggregator(opts);
  return {
    add(ex: Exchange): void {
      run.addExchange(ex);
      chunk.add(ex);
    },
    /** Exchanges in the current chunk. */
    get exchanges(): number {
      return chunk.exchanges;
    },
    /** The current chunk's observations, templated with the whole run; the next exchanges start a new chunk. */
    take(now = new Date()): { observations: EndpointObservation[]; exchanges: number } {
      const current = chunk;
      chunk = createObservationAggregator(opts);
      const observations = withRunTemplates(current.observations(now), run.result(now).endpoints);
      if (run.store.unmatched.size + run.store.matched.size >= memoryPaths) run = createDiscoveryEngine(opts);
      return { observations, exchanges: current.exchanges };
    },
  };
}

/** Relabels literal paths the run templated, folding observations that become one; sorted like the aggregator's. */
export function withRunTemplates(observations: readonly EndpointObservation[], runEndpoints: readonly DiscoveredEndpoint[]): EndpointObservation[] {
  const key = (host: string, method: string, path: string) => `${host}\n${method}\n${path}`;
  const kept = new Set(runEndpoints.map((e) => key(e.host || UNKNOWN_HOST, e.method, e.path)));
  const templates = indexShadowTemplates(
    runEndpoints.filter((e) => e.state === 'shadow').map((e) => ({ host: e.host || UNKNOWN_HOST, method: e.method, pathTemplate: e.path, requestCount: e.requests })),
  );
  const out = new Map<string, EndpointObservation>();
  for (const o of observations) {
    // Requests 0: the run's own result already says which literals stay (they are among its endpoints).
    const path = kept.has(key(o.host, o.method, o.path)) ? o.path : (coveringTemplate(templates, o.host, o.method, o.path, 0) ?? o.path);
    const relabelled = path === o.path ? o : { ...o, path };
    const k = key(o.host, o.method, path);
    const before = out.get(k);
    out.set(k, before ? foldObservations(before, relabelled) : relabelled);
  }
  return [...out.values()].sort((a, b) => cmp(a.host, b.host) || cmp(a.path, b.path) || cmp(a.method, b.method));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
