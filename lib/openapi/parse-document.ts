import { LineCounter, parseDocument, type Document } from 'yaml';
import { describeJsonError } from '../security/json-syntax-error';
import { aliasExpansion } from './alias-expansion';
import { hasDuplicateKeys } from './json-members';
import { exceedsNestingDepth } from './nesting-depth';
import type { SpecProblem } from './spec-model';
import { badMergeProblem, yamlProblems } from './yaml-problems';
import { firstNulPointer } from '../nul-pointer';

/** Real specs top out around 10 MB (Stripe's is 4 MB); beyond that it is an attack or an accident. */
export const MAX_SPEC_BYTES = 32 * 1024 * 1024;
/**
 * YAML aliases let a 1 KB file expand to gigabytes ("billion laughs"). Aliases may add this many nodes: more
 * than Stripe's whole spec holds (~80,000), far more than any real reuse of an anchor, far less than a bomb.
 */
export const MAX_ALIAS_EXPANSION = 100_000;
/** Real specs nest ~25 levels (Stripe's: 23); the loader's walkers are recursive, so a hostile depth stops here. */
export const MAX_SPEC_DEPTH = 256;

export type ParsedDocument = { ok: true; value: Record<string, unknown> } | { ok: false; problems: SpecProblem[] };

/** JSON or YAML text → object, with a problem (not an exception) for anything unreadable. */
export function parseSpecText(text: string, file?: string): ParsedDocument {
  const fail = (message: string): ParsedDocument => ({ ok: false, problems: [{ pointer: '', message, ...(file ? { file } : {}) }] });
  if (text.length > MAX_SPEC_BYTES) return fail(`document is larger than ${MAX_SPEC_BYTES} bytes`);
  // trimStart also drops a byte order mark (U+FEFF is white space to JavaScript), which JSON.parse refuses.
  const trimmed = text.trimStart();
  let value: unknown;
  if (trimmed.startsWith('{')) {
    try {
      value = JSON.parse(trimmed);
    } catch {
      // V8's message quotes the text (a spec's example key, say) and gives no line: say only where it breaks.
      const where = describeJsonError(text.replace(/^\uFEFF/, ''));
      return fail(where.startsWith('line ') ? `invalid JSON at ${where}` : 'invalid JSON');
    }
  } else {
    const doc = parseYaml(text);
    if (doc.errors.length > 0) return { ok: false, problems: yamlProblems(doc, doc.errors, doc.lines, file) };
    try {
      // The library's alias guard is off: it refuses honest reuse of an anchor (see alias-expansion.ts).
      value = doc.toJS({ maxAliasCount: -1 });
    } catch (err) {
      const badMerge = badMergeProblem(doc, doc.lines, file);
      return badMerge ? { ok: false, problems: [badMerge] } : fail(`invalid YAML: ${(err as Error).message}`);
    }
    if (aliasExpansion(value) > MAX_ALIAS_EXPANSION) {
      return fail(`invalid YAML: aliases expand the document by more than ${MAX_ALIAS_EXPANSION} nodes (a resource exhaustion attack?)`);
    }
  }
  // An access log or a README given as the spec is valid YAML (a string, a list): say what it was and what was wanted.
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail(`not an OpenAPI or Swagger document: it reads as ${shapeOf(value)}, not a map with an 'openapi' or 'swagger' key`);
  if (exceedsNestingDepth(value, MAX_SPEC_DEPTH)) return fail(`document nests deeper than ${MAX_SPEC_DEPTH} levels`);
  const nul = firstNulPointer(value);
  if (nul !== undefined) return { ok: false, problems: [{ pointer: nul, message: 'contains the character U+0000 (NUL), which cannot be stored', ...(file ? { file } : {}) }] };
  // JSON is YAML 1.2: the YAML parser finds a duplicate key and its position; it is slow, so only when there is one.
  if (trimmed.startsWith('{') && hasDuplicateKeys(trimmed, value)) {
    const doc = parseYaml(text);
    if (doc.errors.length > 0) return { ok: false, problems: yamlProblems(doc, doc.errors, doc.lines, file, 'JSON') };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/**
 * `merge`: `<<: *defaults` merges the anchored map (YAML 1.1's merge key), as Swagger Editor, Redocly and js-yaml read
 * it; YAML 1.2 dropped it, and read as a key named `<<` it left an operation without the responses it took from there.
 */
function parseYaml(text: string): Document & { lines: LineCounter } {
  const lines = new LineCounter();
  return Object.assign(parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: false, merge: true, lineCounter: lines }), { lines });
}

function shapeOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (an empty document)';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? 'plain text' : `a ${typeof value}`;
}
