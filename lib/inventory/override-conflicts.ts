import { patternShape } from '../discovery/pattern-shape';

type Override = { id: string; host: string; method: string; pattern: string; action: string };

const OPPOSITE: Record<string, string> = { merge: 'split', split: 'merge' };
const overlap = (a: string, b: string) => a === b || a === '*' || b === '*';

/**
 * For each override that a stored one says the opposite of (a merge and a split of the same paths, on a host and
 * method both cover), the first such other. POST /api/overrides refuses such a pair since 6 Dec (lib/db/overrides.ts),
 * but pairs saved before stay until one is deleted, and the endpoint page listed them side by side unremarked.
 */
export function contradictedBy<O extends Override>(overrides: readonly O[]): Map<string, O> {
  const found = new Map<string, O>();
  for (const o of overrides) {
    const opposite = OPPOSITE[o.action];
    if (!opposite) continue;
    const shape = patternShape(o.pattern);
    const other = overrides.find((r) => r.action === opposite && overlap(r.host, o.host) && overlap(r.method, o.method) && patternShape(r.pattern) === shape);
    if (other) found.set(o.id, other);
  }
  return found;
}

/**
 * For each override that another stored one repeats (the same action, host and method, the same paths with the
 * parameter named otherwise: `/carts/{id}` beside `/carts/{cartId}` or `/carts/*`), the first such other. POST
 * /api/overrides refuses the second since 7 Dec, but pairs saved before stay, and a merge's stored template takes the
 * name of whichever applies last.
 */
export function repeatedBy<O extends Override>(overrides: readonly O[]): Map<string, O> {
  const found = new Map<string, O>();
  for (const o of overrides) {
    const shape = patternShape(o.pattern);
    const other = overrides.find((r) => r.id !== o.id && r.action === o.action && r.host === o.host && r.method === o.method && patternShape(r.pattern) === shape);
    if (other) found.set(o.id, other);
  }
  return found;
}
