import { posix } from 'node:path';
import { decodeSpecBytes } from './decode-spec';
import { parseSpecText, type ParsedDocument } from './parse-document';
import type { SpecProblem } from './spec-model';

/**
 * A spec file's text, or its bytes (decoded here, strictly as UTF-8: a reader that decodes leniently hides bad
 * bytes); undefined when it does not exist; `unreadable` says why it exists but cannot be read.
 */
export type SpecFileContent = string | Uint8Array | undefined | { unreadable: string };
/** Reads a spec file by path. Injected so this module stays free of fs. */
export type ReadSpecFile = (path: string) => Promise<SpecFileContent> | SpecFileContent;

/** Where bundled files live inside the entry document; an `x-` key, so validation-view.ts shows their content to the validator. */
export const BUNDLE_KEY = 'x-lantern-files';
const MAX_FILES = 200;

export type BundleResult =
  | { ok: true; document: Record<string, unknown>; files: string[] }
  | { ok: false; problems: SpecProblem[] };

/**
 * Inlines relative-file `$ref`s (`./schemas/pet.yaml#/Pet`) into one document: every file becomes an
 * entry under `x-lantern-files` and every reference is rewritten to a local pointer, so the parser
 * library validates and dereferences a single self-contained document. Remote refs are refused: the
 * loader works offline and a spec must not make Lantern fetch URLs.
 */
export async function bundleExternalRefs(
  entryPath: string,
  entry: Record<string, unknown>,
  readFile: ReadSpecFile,
): Promise<BundleResult> {
  const problems: SpecProblem[] = [];
  const files: string[] = [entryPath];
  const bodies: unknown[] = [entry];
  const index = new Map<string, number>([[posix.normalize(entryPath), 0]]);

  const fileIndex = async (path: string, from: string, pointer: string): Promise<number | undefined> => {
    const known = index.get(path);
    if (known !== undefined) return known;
    if (files.length >= MAX_FILES) {
      problems.push({ pointer, file: from, message: `more than ${MAX_FILES} referenced files` });
      return undefined;
    }
    const parsed = await readSpecDocument(readFile, path, { pointer, file: from });
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      return undefined;
    }
    const i = files.length;
    index.set(path, i);
    files.push(path);
    bodies.push(parsed.value);
    return i;
  };

  for (let i = 0; i < bodies.length; i++) {
    const here = files[i];
    const prefix = i === 0 ? '#' : `#/${BUNDLE_KEY}/${i - 1}`;
    for (const { holder, pointer } of collectRefs(bodies[i])) {
      const ref = holder.$ref as string;
      const hash = ref.indexOf('#');
      const target = hash === -1 ? ref : ref.slice(0, hash);
      const fragment = hash === -1 ? '' : ref.slice(hash + 1);
      if (target === '') {
        holder.$ref = `${prefix}${fragment}`;
        continue;
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
        problems.push({ pointer, file: i === 0 ? undefined : here, message: `remote $ref not allowed: ${ref}` });
        continue;
      }
      const resolved = posix.normalize(posix.join(posix.dirname(here), decodeURI(target)));
      const j = await fileIndex(resolved, here, pointer);
      if (j !== undefined) holder.$ref = j === 0 ? `#${fragment}` : `#/${BUNDLE_KEY}/${j - 1}${fragment}`;
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  if (bodies.length > 1) entry[BUNDLE_KEY] = bodies.slice(1);
  return { ok: true, document: entry, files };
}

/** Reads, decodes and parses one file; `site` is the `$ref` that names it, for a referenced file. */
export async function readSpecDocument(readFile: ReadSpecFile, path: string, site?: { pointer: string; file: string }): Promise<ParsedDocument> {
  const content = await readFile(path);
  const refused = (message: string): ParsedDocument => ({ ok: false, problems: [{ pointer: site?.pointer ?? '', message, ...(site ? { file: site.file } : {}) }] });
  if (content === undefined) return refused(site ? `referenced file not found: ${path}` : `file not found: ${path}`);
  if (typeof content === 'object' && !(content instanceof Uint8Array)) {
    return refused(site ? `referenced file cannot be read: ${path}: ${content.unreadable}` : `cannot read ${path}: ${content.unreadable}`);
  }
  const decoded = typeof content === 'string' ? { ok: true as const, text: content } : decodeSpecBytes(content, site ? path : undefined);
  return decoded.ok ? parseSpecText(decoded.text, site ? path : undefined) : decoded;
}

interface RefSite {
  holder: Record<string, unknown>;
  pointer: string;
}

/** Every object with a string `$ref`, with its pointer; shared or cyclic YAML anchors are visited once. */
function collectRefs(root: unknown): RefSite[] {
  const out: RefSite[] = [];
  const seen = new Set<object>();
  const stack: Array<[unknown, string]> = [[root, '']];
  while (stack.length > 0) {
    const [node, pointer] = stack.pop()!;
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    const obj = node as Record<string, unknown>;
    if (typeof obj.$ref === 'string') out.push({ holder: obj, pointer });
    for (const [k, v] of Object.entries(obj)) {
      if (v !== null && typeof v === 'object') stack.push([v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`]);
    }
  }
  return out;
}

/**
 * Refs in messages as the author wrote them: `#/x-lantern-files/0/Missing` → `./sub/a.yaml#/Missing`, relative to
 * the file the problem is in (`from`, the entry file by default), never the bundle's internal name. Until 6 Dec it
 * was always relative to the entry file: `paths/pets.yaml`'s `../params.yaml#/Idx` was named `./params.yaml#/Idx`,
 * a file and ref the user could not find.
 */
export function nameBundledRefs(text: string, files: readonly string[], from = files[0]): string {
  return text.replace(new RegExp(`#/${BUNDLE_KEY}/(\\d+)`, 'g'), (whole, i: string) => {
    const file = files[Number(i) + 1];
    if (file === undefined) return whole;
    if (file === from) return '#';
    const rel = posix.relative(posix.dirname(from), file);
    return `${rel.startsWith('../') ? rel : `./${rel}`}#`;
  });
}
