/**
 * How many nodes YAML aliases add to a parsed document: its size with every alias expanded, minus the nodes
 * actually written. The yaml library shares one object per anchor, so parsing costs nothing; the cost comes later,
 * when the validator walks the tree expanded. The library's own guard (`maxAliasCount`) multiplies the uses of an
 * anchor by the aliases inside it, so a 2-line error response reused by 120 operations was refused as an attack
 * while adding 240 nodes. Counting the expansion itself refuses billion-laughs documents and nothing else.
 * Iterative and memoised per object: linear in the nodes written, whatever the expansion.
 */
export function aliasExpansion(root: unknown): number {
  if (!isNode(root)) return 0;
  const size = new Map<object, number>();
  const onPath = new Set<object>();
  let written = 0;
  const stack: Array<{ node: object; expanded: boolean }> = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const children = Object.values(top.node) as unknown[];
    if (!top.expanded) {
      if (size.has(top.node)) {
        stack.pop();
        continue;
      }
      top.expanded = true;
      onPath.add(top.node);
      for (const c of children) if (isNode(c) && !size.has(c) && !onPath.has(c)) stack.push({ node: c, expanded: false });
      continue;
    }
    stack.pop();
    onPath.delete(top.node);
    // A child still on the path is an anchor inside itself: counted once here, refused by the loader's cycle check.
    let total = 1;
    for (const c of children) total += isNode(c) ? (size.get(c) ?? 1) : 1;
    size.set(top.node, total);
    written += 1 + children.filter((c) => !isNode(c)).length;
  }
  return size.get(root)! - written;
}

function isNode(v: unknown): v is object {
  return v !== null && typeof v === 'object';
}
