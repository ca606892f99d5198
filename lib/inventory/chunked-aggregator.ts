import type { DiscoveryOptions } from '../discovery/discovery-engine';
import { EvidenceAccumulator } from '../discovery/evidence';
import type { UnmatchedObservation } from '../discovery/observe';
import { templatePaths } from '../discovery/templating';
import type { Exchange } from '../exchange';
import { createMatcher, type Matcher } from '../openapi/matcher';
import { byEndpoint, createObservationAggregator, UNKNOWN_HOST, type ObservationAggregator } from './aggregate-observations';
import { foldObservations } from './merge-evidence';
import type { EndpointObservation } from './observation';
import { coveringTemplate, indexShadowTemplates, type ShadowTemplates } from './shadow-templates';

/**
 * Aggregation for a run that sends what it has every few seconds (`push --follow`, `lantern mirror | lantern push
 * -`). Each chunk is counted on its own, but templated with every path the run has seen: a quiet log gives one or
 * two member names per chunk, which alone never make `/members/{memberId}`, so every chunk sent literals, forever
 * (found 4 Dec, sixth session: 17 members over six chunks, 17 literal endpoints). A chunk's literal path goes to the
 * run's template that covers it, unless the run as a whole kept that path literal (`/members/me`, busy).
 *
 * The run's memory is the chunks' untemplated paths with their request counts (what templating reads), merged at
 * each chunk's end, not every exchange a second time. It starts over once it holds `memoryPaths` paths, so a
 * collector that runs for weeks holds a bounded amount (the templates it taught the inventory stay there, and the
 * server folds later literals into them: lib/inventory/shadow-templates.ts).
 */
export const RUN_MEMORY_PATHS = 20_000;
/**
 * Templating 20 000 paths costs up to ~100 ms, and a `--follow` catching up on a big log ends a chunk every few
 * milliseconds: the run's templates are made again when its paths grew by a quarter, or seconds later, and never
 * sooner than twenty times the last templating took (at most a twentieth of the time goes into it). A quiet run (the case
 * this is for) is small, so its templates are made again at nearly every chunk.
 */
const RETEMPLATE_GROWTH = 1.25;
const RETEMPLATE_MS = 5_000;
const RETEMPLATE_SHARE = 20;

interface RunTemplate {
  host: string;
  method: string;
  path: string;
  requests: number;
}

export interface RunMemoryOptions {
  /** Paths the run remembers before it starts over. */
  memoryPaths?: number;
  /** Milliseconds, monotonic (tests give a clock of their own). */
  clock?: () => number;
}

/** What a run remembers of the paths it has seen, and templates chunks with (see above). */
export interface RunMemory {
  readonly matcher: Matcher;
  /** Adds the chunk's paths to the memory, then gives the chunk's observations templated with all of it. */
  templated(chunk: ObservationAggregator, now?: Date): EndpointObservation[];
}

export function createRunMemory(opts: DiscoveryOptions & { matcher: Matcher }, { memoryPaths = RUN_MEMORY_PATHS, clock = () => performance.now() }: RunMemoryOptions = {}): RunMemory {
  let memory = new Map<string, UnmatchedObservation>();
  let templated: { templates: RunTemplates; paths: number; at: number; took: number } | undefined;

  const remember = (observations: Iterable<UnmatchedObservation>) => {
    for (const o of observations) {
      const key = `${o.host}\n${o.method}\n${o.segments.join('/')}`;
      let kept = memory.get(key);
      if (!kept) memory.set(key, (kept = { host: o.host, method: o.method, segments: o.segments, evidence: new EvidenceAccumulator() }));
      kept.evidence.requests += o.evidence.requests;
    }
  };
  const runTemplates = (): RunTemplates => {
    const since = templated ? clock() - templated.at : 0;
    if (!templated || ((memory.size >= templated.paths * RETEMPLATE_GROWTH || since >= RETEMPLATE_MS) && since >= RETEMPLATE_SHARE * templated.took)) {
      const at = clock();
      const run = templatePaths(memory.values(), { matcher: opts.matcher, overrides: opts.overrides }).map((t) => ({
        host: t.host || UNKNOWN_HOST,
        method: t.method,
        path: t.template,
        requests: t.evidence.requests,
      }));
      // Indexed once per templating, not per chunk: a catch-up reuses the same templates for many chunks.
      templated = { templates: indexRunTemplates(run), paths: memory.size, at, took: clock() - at };
    }
    return templated.templates;
  };

  return {
    matcher: opts.matcher,
    templated(chunk, now = new Date()) {
      remember(chunk.unmatched());
      const observations = withRunTemplates(chunk.observations(now), runTemplates());
      if (memory.size >= memoryPaths) {
        memory = new Map();
        templated = undefined;
      }
      return observations;
    },
  };
}

export function createChunkedAggregator(opts: DiscoveryOptions, options: RunMemoryOptions = {}) {
  // One matcher for the run and every chunk: building it per chunk costs more than a quiet chunk.
  const chunkOpts = { ...opts, matcher: opts.matcher ?? createMatcher(opts.specs) };
  const memory = createRunMemory(chunkOpts, options);
  let chunk = createObservationAggregator(chunkOpts);
  return {
    add(ex: Exchange): void {
      chunk.add(ex);
    },
    /** Exchanges in the current chunk. */
    get exchanges(): number {
      return chunk.exchanges;
    },
    /** The current chunk's observations, templated with the whole run; the next exchanges start a new chunk. */
    take(now = new Date()): { observations: EndpointObservation[]; exchanges: number } {
      const current = chunk;
      chunk = createObservationAggregator(chunkOpts);
      return { observations: memory.templated(current, now), exchanges: current.exchanges };
    },
  };
}

let shared: { memory: RunMemory; overrides: string } | undefined;

/**
 * A receiver's memory across requests (the OTLP route: each export request is counted on its own, keyed by its body,
 * and templated with what this process has received lately). Started over when the specs change (another matcher)
 * or the overrides do (a new `split` must keep its literal out of the templates at once).
 */
export function sharedRunMemory(opts: DiscoveryOptions & { matcher: Matcher }): RunMemory {
  const overrides = JSON.stringify(opts.overrides ?? []);
  if (shared?.memory.matcher !== opts.matcher || shared.overrides !== overrides) shared = { memory: createRunMemory(opts), overrides };
  return shared.memory;
}

interface RunTemplates {
  /** Every endpoint the run's templating gives, literal or not: what the run keeps stays as it is. */
  kept: Set<string>;
  templates: ShadowTemplates;
}

const key = (host: string, method: string, path: string) => `${host}\n${method}\n${path}`;

function indexRunTemplates(run: readonly RunTemplate[]): RunTemplates {
  return {
    kept: new Set(run.map((t) => key(t.host, t.method, t.path))),
    templates: indexShadowTemplates(run.map((t) => ({ host: t.host, method: t.method, pathTemplate: t.path, requestCount: t.requests }))),
  };
}

/** Relabels literal paths the run templated, folding observations that become one; sorted like the aggregator's. */
function withRunTemplates(observations: readonly EndpointObservation[], { kept, templates }: RunTemplates): EndpointObservation[] {
  const out = new Map<string, EndpointObservation>();
  for (const o of observations) {
    // Requests 0: the run's own templating already says which literals stay (they are among its templates).
    const path = kept.has(key(o.host, o.method, o.path)) ? o.path : (coveringTemplate(templates, o.host, o.method, o.path, 0) ?? o.path);
    const relabelled = path === o.path ? o : { ...o, path };
    const k = key(o.host, o.method, path);
    const before = out.get(k);
    out.set(k, before ? foldObservations(before, relabelled) : relabelled);
  }
  return [...out.values()].sort(byEndpoint);
}
