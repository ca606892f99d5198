import { BUNDLE_KEY } from './bundle-refs';
import { escapePointerToken, resolvePointer } from './json-pointer';
import type { SpecProblem } from './spec-model';

type Obj = Record<string, unknown>;

/** Where content of a bundled file sits in the view: view pointer `at` holds `files[file]#pointer`. */
interface Origin {
  at: string;
  file: number;
  pointer: string;
}

export interface ValidationView {
  document: Obj;
  origins: Origin[];
}

const BUNDLED_REF = new RegExp(`^#/${BUNDLE_KEY}/(\\d+)(.*)$`);

/**
 * The bundled document as the schema validator must see it. Bundled files sit under an `x-` key, which the
 * validator never looks into, and a `$ref` is valid whatever it points at: a path item in `./orders.yaml` would go
 * unchecked. So the first `$ref` to each piece of a bundled file is replaced by its content, where the schema
 * checks it as what it is used as (path item, response, schema…); later refs to it stay refs (checked once,
 * and a recursive schema ends there). `origins` maps the view's pointers back to the files.
 */
export function buildValidationView(bundled: Obj): ValidationView {
  const origins: Origin[] = [];
  const placed = new Set<unknown>();
  // Keeps the key order, and BUNDLE_KEY itself: the refs left as refs must still resolve.
  const root: Obj = Object.fromEntries(Object.entries(bundled));
  // Iterative: a view can nest deeper than any one file (each is depth-checked on its own). Children are pushed
  // last-first so the walk, and so the ref that gets the content, follows document order.
  const stack: Array<{ from: unknown; into: Obj | unknown[]; key: string | number; at: string }> = [];
  for (const [k, v] of Object.entries(bundled).reverse()) {
    if (k !== BUNDLE_KEY) stack.push({ from: v, into: root, key: k, at: `/${escapePointerToken(k)}` });
  }
  while (stack.length > 0) {
    const { from, into, key, at } = stack.pop()!;
    let node = from;
    const ref = node !== null && typeof node === 'object' ? (node as Obj).$ref : undefined;
    const m = typeof ref === 'string' ? BUNDLED_REF.exec(ref) : null;
    if (m) {
      const target = resolvePointer(bundled, ref as string);
      if (target !== null && typeof target === 'object' && !placed.has(target)) {
        placed.add(target);
        origins.push({ at, file: Number(m[1]), pointer: m[2] });
        node = target;
      }
    }
    if (node === null || typeof node !== 'object') {
      (into as Obj)[key] = node;
      continue;
    }
    const entries = Object.entries(node);
    // Keys laid out now, values filled in later (last-first): the copy lists its keys as written.
    const copy: Obj | unknown[] = Array.isArray(node) ? new Array(entries.length) : Object.fromEntries(entries.map(([k]) => [k, undefined]));
    (into as Obj)[key] = copy;
    for (const [k, v] of entries.reverse()) stack.push({ from: v, into: copy, key: Array.isArray(node) ? Number(k) : k, at: `${at}/${escapePointerToken(k)}` });
  }
  return { document: root, origins };
}

/** A problem at a view pointer, told in the file it came from (`files[0]` is the entry document). */
export function locateInFiles(problem: SpecProblem, view: ValidationView, files: readonly string[]): SpecProblem {
  let best: Origin | undefined;
  for (const o of view.origins) {
    const inside = problem.pointer === o.at || problem.pointer.startsWith(`${o.at}/`);
    if (inside && (!best || o.at.length > best.at.length)) best = o;
  }
  const file = best ? files[best.file + 1] : undefined;
  return best && file ? { ...problem, pointer: best.pointer + problem.pointer.slice(best.at.length), file } : problem;
}
