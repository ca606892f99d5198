import type { Exchange } from '../exchange';
import { createDiscoveryEngine, type DiscoveryOptions } from '../discovery/discovery-engine';
import type { DiscoveredEndpoint } from '../discovery/classify';
import type { DailyCounts, EndpointObservation } from './observation';
import { UNKNOWN_HOST } from './unknown-host';

export { UNKNOWN_HOST };

/**
 * Collector-side aggregation: exchanges go through the same discovery engine as `lantern discover` (so templates
 * agree), and come out as additive observations, one per endpoint. Raw exchanges never leave this object.
 */
export function createObservationAggregator(opts: DiscoveryOptions) {
  const engine = createDiscoveryEngine(opts);
  let exchanges = 0;
  return {
    add(ex: Exchange) {
      exchanges++;
      engine.addExchange(ex);
    },
    get exchanges() {
      return exchanges;
    },
    /** What no spec operation explained, by type-abstracted path, before templating (see chunked-aggregator.ts). */
    unmatched() {
      return engine.store.unmatched.values();
    },
    /** The discovery result itself (templates and states), e.g. to agree on templates over several inputs. */
    result(now = new Date()) {
      return engine.result(now);
    },
    /** Observations in a stable order (host, path, method), so the same input always yields the same batches. */
    observations(now = new Date()): EndpointObservation[] {
      return engine
        .result(now)
        .endpoints.filter((e) => e.requests > 0)
        .map(toObservation)
        .sort(byEndpoint);
    },
  };
}

export type ObservationAggregator = ReturnType<typeof createObservationAggregator>;

function toObservation(e: DiscoveredEndpoint): EndpointObservation {
  return {
    host: e.host || UNKNOWN_HOST,
    method: e.method,
    path: e.path,
    evidence: e.evidence,
    daily: e.evidence.daily ?? lastDayOnly(e),
    examplePaths: (e.evidence.examplePaths ?? []).slice(0, 5),
  };
}

/** Evidence without per-day counts (older collectors) puts every request on its last day; totals stay exact. */
function lastDayOnly(e: DiscoveredEndpoint): Record<string, DailyCounts> {
  const day = (e.evidence.lastSeen ?? new Date().toISOString()).slice(0, 10);
  const errors = Object.entries(e.evidence.statuses).reduce((n, [s, c]) => (/^5/.test(s) ? n + c : n), 0);
  return { [day]: { requests: e.requests, errors, unauthenticated: e.evidence.authKinds.none ?? 0 } };
}

/** The order observations go out in (host, path, method), so the same input always yields the same batches. */
export function byEndpoint(a: EndpointObservation, b: EndpointObservation): number {
  return cmp(a.host, b.host) || cmp(a.path, b.path) || cmp(a.method, b.method);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
