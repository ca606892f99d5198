import type { Exchange } from '../exchange';
import { isRecordableHost } from '../exchange/http-rules';
import { createMatcher, type Matcher } from '../openapi/matcher';
import type { NormalisedSpec } from '../openapi/spec-model';
import { classify, type DiscoveryResult } from './classify';
import { addExchange, createObservationStore, type ObservationStore } from './observe';
import type { PathOverride } from './overrides';
import { templatePaths } from './templating';

export interface DiscoveryOptions {
  specs: readonly NormalisedSpec[];
  /** A matcher already built over exactly `specs` (the spec catalog caches one); built here when absent. */
  matcher?: Matcher;
  overrides?: readonly PathOverride[];
  /**
   * Templates agreed over several inputs (lib/inventory/agreed-templates.ts), one spec per host: matched and followed
   * only by traffic naming that host, where a real spec's named host takes host-less traffic too (until 7 Dec a log
   * line without a Host was counted on whichever other input's host had agreed its template).
   */
  agreedSpecs?: readonly NormalisedSpec[];
  /** Host for inputs that carry none and match no spec naming one (`--host`). */
  defaultHost?: string;
  maxUnmatched?: number;
  /** Store size that triggers the first compaction of name-like positions (tests lower it). */
  compactFrom?: number;
  /**
   * Leave out undocumented endpoints that only ever got 404/405 (scanners, typos): right for a report
   * a person reads (`discover`), wrong for the inventory, which counts every exchange exactly once.
   */
  hideNotFound?: boolean;
  /** Leave out undocumented OPTIONS (CORS preflights, no operation: unlisted-shadows.ts); `discover` does, the inventory not. */
  hidePreflights?: boolean;
}

export interface DiscoveryEngine {
  matcher: Matcher;
  store: ObservationStore;
  addExchange(exchange: Exchange): void;
  /** Templating and classification over everything added so far; `now` decides which sunsets have passed. */
  result(now: Date): DiscoveryResult;
}

/**
 * What is wrong with a `--host` (the host of inputs without one), said by the commands before anything is read: every
 * endpoint without a host of its own would carry it, and the server refuses such a host in a batch.
 */
export function defaultHostProblem(host: string | undefined): string | undefined {
  if (host === undefined || isRecordableHost(host)) return undefined;
  return `--host ${JSON.stringify(host)} is not a host name (no whitespace, control characters or /?#@"<>\\^\`{|})`;
}

/**
 * The pure pipeline behind `lantern discover`: observe → template → classify. The store can be fed
 * forever; `result` can be called at any time and does not consume it.
 */
export function createDiscoveryEngine(opts: DiscoveryOptions): DiscoveryEngine {
  const hostSaid = defaultHostProblem(opts.defaultHost);
  if (hostSaid) throw new Error(hostSaid);
  const matcher = opts.matcher ?? createMatcher(opts.specs, opts.agreedSpecs);
  const store = createObservationStore();
  const keepLiterals = new Set((opts.overrides ?? []).filter((o) => o.action === 'split').flatMap((o) => o.pattern.split('/').filter((s) => s && !s.includes('{') && s !== '*' && s !== '**')));
  const ctx = { matcher, defaultHost: opts.defaultHost, maxUnmatched: opts.maxUnmatched, compactFrom: opts.compactFrom, keepLiterals };
  return {
    matcher,
    store,
    addExchange: (ex) => addExchange(store, ctx, ex),
    result: (now) => classify(store, templatePaths(store.unmatched.values(), { matcher, overrides: opts.overrides }), opts.specs, now, opts.overrides, { hideNotFound: opts.hideNotFound, hidePreflights: opts.hidePreflights }),
  };
}
