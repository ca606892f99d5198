/**
 * Deepest nesting of arrays and objects in a parsed document, counted without recursion (a 10,000-level document
 * would overflow the stack of any recursive walker — ours included). Stops counting at `limit + 1`. A node reached
 * twice (a YAML alias) is walked once, so a self-containing anchor is left to the loader's own cycle check.
 */
export function exceedsNestingDepth(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
