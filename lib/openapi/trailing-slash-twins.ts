import { pointerOf } from './json-pointer';
import { operationPathKey } from './path-template';
import { operationTokens } from './path-items';
import type { NormalisedSpec, SpecOperation, SpecProblem } from './spec-model';

/**
 * `/items` and `/items/` are distinct paths to OpenAPI, and one to matching, which ignores a trailing slash (the
 * requests calling either are the same: spec-trie.ts). An operation written both ways (a framework documenting both
 * spellings, or a deprecated copy kept beside the new one) is one endpoint: its calls go to the live copy, else to
 * the one first in path order (`/items` before `/items/`: normalise-spec.ts sorts; spec-trie.ts buildServerTrie). Said as a warning at the second spelling (the spec is valid),
 * naming the copy the calls count for. Spellings differing in parameter names alone are refused instead
 * (structural-checks.ts findEquivalentPathOperations).
 */
export function findTrailingSlashTwins(spec: Pick<NormalisedSpec, 'operations'>, doc: Record<string, unknown>): SpecProblem[] {
  return slashTwins(spec).map(({ twin, matched }) => ({
    pointer: pointerOf(operationTokens(doc, twin.path, twin.method)),
    message: `${twin.method} ${twin.path} and ${twin.method} ${matched.path} are one operation to matching (a trailing slash is not significant): calls to either count as ${twin.method} ${matched.path}`,
  }));
}

/** Each operation another spelling of its path takes the calls of (`twin`), with that one (`matched`). */
export function slashTwins(spec: Pick<NormalisedSpec, 'operations'>): { twin: SpecOperation; matched: SpecOperation }[] {
  const groups = new Map<string, SpecOperation[]>();
  for (const op of spec.operations) {
    const key = `${op.method}\n${operationPathKey(op.path)}\n${JSON.stringify(op.servers ?? null)}`;
    groups.set(key, [...(groups.get(key) ?? []), op]);
  }
  return [...groups.values()].flatMap((ops) => {
    if (!ops.some((op) => op.path.endsWith('/') !== ops[0].path.endsWith('/'))) return [];
    // As buildServerTrie keeps them: the live copy first, else the first in path order.
    const matched = ops.find((op) => !op.deprecated) ?? ops[0];
    return ops.filter((op) => op !== matched).map((twin) => ({ twin, matched }));
  });
}
