import type { EndpointQuery, EndpointState } from '../inventory/endpoint-query';
import { db } from './client';
import { readEndpointStateCountsByVisibility } from './endpoint-state-counts';

type Where = NonNullable<Parameters<ReturnType<typeof db>['endpoint']['groupBy']>[0]>['where'];
type ByState = Record<EndpointState, number>;

/**
 * Per state, the endpoints every filter but state matches, in four buckets: hidden by an ignore override or not,
 * unlisted (a 404/405-only or preflight shadow `check` leaves out: Endpoint.unlisted) or not. The list shows the
 * buckets its two toggles include and offers the others by their totals.
 */
export interface CountBuckets {
  listed: ByState;
  unlisted: ByState;
  ignoredListed: ByState;
  ignoredUnlisted: ByState;
}

const zero = (): ByState => ({ documented: 0, shadow: 0, zombie: 0 });

/** `all`: the filters' condition with neither toggle applied (endpoints.ts whereFor). */
export async function countBuckets(all: Where): Promise<CountBuckets> {
  const out: CountBuckets = { listed: zero(), unlisted: zero(), ignoredListed: zero(), ignoredUnlisted: zero() };
  if (Object.keys(all ?? {}).length === 0) {
    // Nothing filtered: the counters the database keeps (endpoint-state-counts.ts), less the unlisted rows, counted
    // on the index that leads with `unlisted` (few rows next to the inventory, never the wide rows).
    const [{ visible, ignored }, unlisted] = await Promise.all([
      readEndpointStateCountsByVisibility(),
      db().endpoint.groupBy({ by: ['state', 'ignoredById'], where: { unlisted: true }, _count: { _all: true } }),
    ]);
    Object.assign(out.listed, visible);
    Object.assign(out.ignoredListed, ignored);
    for (const g of unlisted) add(out, g.state, g.ignoredById !== null, true, g._count._all);
    for (const g of unlisted) add(out, g.state, g.ignoredById !== null, false, -g._count._all);
    return out;
  }
  const groups = await db().endpoint.groupBy({ by: ['state', 'ignoredById', 'unlisted'], where: all, _count: { _all: true } });
  for (const g of groups) add(out, g.state, g.ignoredById !== null, g.unlisted, g._count._all);
  return out;
}

function add(out: CountBuckets, state: string, ignored: boolean, unlisted: boolean, n: number) {
  const bucket = ignored ? (unlisted ? out.ignoredUnlisted : out.ignoredListed) : unlisted ? out.unlisted : out.listed;
  if (state in bucket) bucket[state as EndpointState] += n;
}

/** What the list counts by state, and what each toggle would add, as its flags say. */
export function shownCounts(b: CountBuckets, q: Pick<EndpointQuery, 'includeIgnored' | 'includeUnlisted' | 'state'>) {
  const sum = (...cs: ByState[]): ByState => ({
    documented: cs.reduce((n, c) => n + c.documented, 0),
    shadow: cs.reduce((n, c) => n + c.shadow, 0),
    zombie: cs.reduce((n, c) => n + c.zombie, 0),
  });
  const countsByState = sum(b.listed, ...(q.includeIgnored ? [b.ignoredListed] : []), ...(q.includeUnlisted ? [b.unlisted] : []), ...(q.includeIgnored && q.includeUnlisted ? [b.ignoredUnlisted] : []));
  const ignored = sum(b.ignoredListed, ...(q.includeUnlisted ? [b.ignoredUnlisted] : []));
  const unlisted = sum(b.unlisted, ...(q.includeIgnored ? [b.ignoredUnlisted] : []));
  const total = (c: ByState) => (q.state ? c[q.state] : c.documented + c.shadow + c.zombie);
  return { countsByState, total: total(countsByState), ignoredTotal: total(ignored), unlistedTotal: total(unlisted) };
}

