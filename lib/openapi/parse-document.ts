import { LineCounter, parseDocument } from 'yaml';
import { hasDuplicateKeys } from './json-members';
import { exceedsNestingDepth } from './nesting-depth';
import type { SpecProblem } from './spec-model';
import { yamlProblems } from './yaml-problems';

/** Real specs top out around 10 MB (Stripe's is 4 MB); beyond that it is an attack or an accident. */
export const MAX_SPEC_BYTES = 32 * 1024 * 1024;
/**
 * YAML aliases let a 1 KB file expand to gigabytes ("billion laughs"). The `yaml` library refuses a
 * document whose alias expansion is excessive; 100 is its own default and far above real specs.
 */
const MAX_ALIAS_COUNT = 100;
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
    } catch (err) {
      return fail(`invalid JSON: ${(err as Error).message}`);
    }
    // JSON is YAML 1.2: the YAML parser finds the duplicate and its position (slowly, so only when there is one;
    // after the depth check, which a hostile document must meet before any recursive parser sees it).
    if (exceedsNestingDepth(value, MAX_SPEC_DEPTH)) return fail(`document nests deeper than ${MAX_SPEC_DEPTH} levels`);
    if (hasDuplicateKeys(trimmed, value)) {
      const lineCounter = new LineCounter();
      const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: false, lineCounter });
      if (doc.errors.length > 0) return { ok: false, problems: yamlProblems(doc, doc.errors, lineCounter, file, 'JSON') };
    }
  } else {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: false, lineCounter });
    if (doc.errors.length > 0) return { ok: false, problems: yamlProblems(doc, doc.errors, lineCounter, file) };
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      return fail(`invalid YAML: ${(err as Error).message}`);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('document is not an object');
  if (exceedsNestingDepth(value, MAX_SPEC_DEPTH)) return fail(`document nests deeper than ${MAX_SPEC_DEPTH} levels`);
  return { ok: true, value: value as Record<string, unknown> };
}
