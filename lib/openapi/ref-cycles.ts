import { resolvePointer } from './json-pointer';
import type { SpecProblem } from './spec-model';

/**
 * Problems a validator or dereferencer would loop on or silently skip:
 * - a `$ref` whose target is missing;
 * - a chain of `$ref`s that only points at other `$ref`s and comes back (nothing ever resolves —
 *   unlike a recursive schema, where the cycle passes through real content and is legal);
 * - a YAML anchor that contains its own alias, which turns into a cyclic object;
 * - a `$ref` to another document left in one that is loaded on its own (an upload, a stored spec): `loadSpec` has
 *   inlined every file a spec on disk names by then. The dereferencer said `Can't resolve external reference` with
 *   no location, so a split spec uploaded as its entry file was refused without naming a `$ref`.
 */
export function findReferenceProblems(doc: Record<string, unknown>): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const onPath = new Set<object>();
  const done = new Set<object>();
  const walk = (node: unknown, pointer: string): void => {
    if (node === null || typeof node !== 'object') return;
    if (onPath.has(node)) {
      problems.push({ pointer, message: 'YAML alias refers to an ancestor of itself (cyclic document)' });
      return;
    }
    if (done.has(node) || problems.length >= 100) return;
    onPath.add(node);
    const obj = node as Record<string, unknown>;
    if (typeof obj.$ref === 'string') checkRefChain(doc, obj.$ref, pointer, problems);
    for (const [k, v] of Object.entries(obj)) walk(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    onPath.delete(node);
    done.add(node);
  };
  walk(doc, '');
  return problems;
}

function checkRefChain(doc: unknown, first: string, pointer: string, problems: SpecProblem[]): void {
  const seen = new Set<string>();
  let ref = first;
  for (;;) {
    if (!ref.startsWith('#')) {
      problems.push({ pointer, message: `$ref to another file cannot be resolved in one uploaded document: ${ref} (bundle the spec into one file; \`lantern spec push\` bundles the files a spec names)` });
      return;
    }
    if (seen.has(ref)) {
      problems.push({ pointer, message: `$ref cycle: ${[...seen, ref].join(' → ')}` });
      return;
    }
    seen.add(ref);
    const target = resolvePointer(doc, ref);
    if (target === undefined) {
      problems.push({ pointer, message: `$ref target not found: ${ref}` });
      return;
    }
    if (target === null || typeof target !== 'object' || typeof (target as { $ref?: unknown }).$ref !== 'string') return;
    ref = (target as { $ref: string }).$ref;
  }
}
