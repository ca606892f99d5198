import type { SpecOperation } from './spec-model';
import type { PathEntry } from './spec-trie';

/**
 * Methods a server answers on every documented path without the spec saying so. HEAD runs the GET
 * handler (RFC 9110 §9.3.2). OPTIONS is answered by the framework or CORS layer for any route that
 * exists, so a browser's preflight to a documented path is no shadow API; it gets an operation of its
 * own rather than a sibling's, since it carries no credentials and is not a call of that operation
 * (borrowing GET's would mark GET used and raise auth-mismatch on every anonymous 204).
 */
export function impliedOperation(entry: PathEntry, method: string): SpecOperation | undefined {
  if (method === 'HEAD') return entry.operations.get('GET');
  if (method !== 'OPTIONS') return undefined;
  let op = preflights.get(entry);
  if (!op) preflights.set(entry, (op = preflightOperation(entry)));
  return op;
}

/** True for the operation impliedOperation made up for OPTIONS: it is in no spec's operation list. */
export function isImpliedPreflight(op: SpecOperation): boolean {
  return preflightOps.has(op);
}

const preflights = new WeakMap<PathEntry, SpecOperation>();
const preflightOps = new WeakSet<SpecOperation>();

function preflightOperation(entry: PathEntry): SpecOperation {
  const siblings = [...entry.operations.values()];
  const op: SpecOperation = {
    method: 'OPTIONS',
    path: entry.path,
    deprecated: false,
    // A preflight goes to the same URL, query string included: the path's own parameters are known ones.
    parameters: siblings.flatMap((s) => s.parameters),
    // Frameworks answer 200 or 204, CORS layers 403 for a refused origin: none of it is the spec's to declare.
    responses: ['default'],
    security: [],
    multiSegment: siblings[0]?.multiSegment ?? [],
    ...(siblings[0]?.owner ? { owner: siblings[0].owner } : {}),
    ...(siblings[0]?.servers ? { servers: siblings[0].servers } : {}),
  };
  preflightOps.add(op);
  return op;
}
