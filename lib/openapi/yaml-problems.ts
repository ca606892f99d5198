import { isAlias, isMap, isPair, isScalar, isSeq, visit, type Document, type LineCounter, type YAMLError } from 'yaml';
import { pointerOf } from './json-pointer';
import type { SpecProblem } from './spec-model';

/** Enough to find the first mistakes; the parser's later errors are mostly echoes of the first. */
const MAX_REPORTED = 10;

/**
 * The parser's errors as problems a reader can act on: line and column (1-based, from the offsets the parser
 * keeps), and for a duplicate key the pointer of the key itself. JSON comes here too (it is YAML 1.2). The
 * parser's pretty messages are not used: they quote source lines, copying the spec's text into logs and answers.
 */
export function yamlProblems(doc: Document, errors: readonly YAMLError[], lines: LineCounter, file?: string, language = 'YAML'): SpecProblem[] {
  return errors.slice(0, MAX_REPORTED).map((e) => {
    const { line, col } = lines.linePos(e.pos[0]);
    const pointer = e.code === 'DUPLICATE_KEY' ? (keyPointerAt(doc, e.pos[0]) ?? '') : '';
    // The library's own words for it tell a programmer to call parseAllDocuments.
    const message = e.code === 'MULTIPLE_DOCS' ? 'a second document starts here (---); a spec file holds one document' : e.message;
    return { pointer, message: `invalid ${language} at line ${line}, column ${col}: ${message}`, ...(file ? { file } : {}) };
  });
}

/** The JSON pointer of the map key that starts at `offset`, if the parser kept it in the tree. */
function keyPointerAt(doc: Document, offset: number): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Pair(_key, pair, ancestors) {
      if (!isScalar(pair.key) || pair.key.range?.[0] !== offset) return undefined;
      const tokens: Array<string | number> = [];
      for (let i = 0; i < ancestors.length; i++) {
        const node = ancestors[i];
        if (isPair(node) && isScalar(node.key)) tokens.push(String(node.key.value));
        else if (isSeq(node)) tokens.push(node.items.indexOf(ancestors[i + 1] as never));
      }
      found = pointerOf([...tokens, String(pair.key.value)]);
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * A merge key (`<<`) whose value is no map, nor an alias of one, nor a list of those: the parser only throws when the
 * document is turned into values, without a place. Found here with its pointer and position, as other YAML mistakes are.
 */
export function badMergeProblem(doc: Document, lines: LineCounter, file?: string): SpecProblem | undefined {
  let found: SpecProblem | undefined;
  visit(doc, {
    Pair(_key, pair, ancestors) {
      if (!isScalar(pair.key) || typeof pair.key.value !== 'symbol' || pair.key.source !== '<<') return undefined;
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      if (sources.every((s) => isMap(s) || (isAlias(s) && isMap(s.resolve(doc))))) return undefined;
      const tokens: Array<string | number> = [];
      for (let i = 0; i < ancestors.length; i++) {
        const node = ancestors[i];
        if (isPair(node) && isScalar(node.key)) tokens.push(String(node.key.value));
        else if (isSeq(node)) tokens.push(node.items.indexOf(ancestors[i + 1] as never));
      }
      const { line, col } = lines.linePos(pair.key.range?.[0] ?? 0);
      found = { pointer: pointerOf(tokens), message: `invalid YAML at line ${line}, column ${col}: a merge key (<<) takes a map or an alias of one`, ...(file ? { file } : {}) };
      return visit.BREAK;
    },
  });
  return found;
}
