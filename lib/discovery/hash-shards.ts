import type { Node } from './trie-shape';
import { isPlaceholder, parsePlaceholder } from './typed-segment';

/** Two hex digits, in one case: a content-addressed store's directory (`8e`, `a9`, `d5`). */
const HEX_PAIR = /^[0-9a-f]{2}$/;

/**
 * Directories named by the first hex digits of a hash (PyPI's `/packages/a9/d5/<hash>/<file>`, git's
 * `objects/8e/<38 hex>`): `70` was typed an integer and `a9` a name, so one store's files made an endpoint per
 * directory. Three or more hex pairs, one with a digit, or two beside a pair typed as an integer, are values; letters
 * alone (`ad`, `be`, `de`: country and language codes, which a digit never is) stay names.
 */
export function isHashShards(candidates: string[], node: Node): boolean {
  if (candidates[0].length !== 2 || !candidates.every((c) => HEX_PAIR.test(c))) return false;
  const intBeside = [...node.children.keys()].some((k) => isPlaceholder(k) && parsePlaceholder(k).type === 'int');
  return (candidates.length >= 3 && candidates.some((c) => c.charCodeAt(0) <= 57 || c.charCodeAt(1) <= 57)) || (candidates.length >= 2 && intBeside);
}
