import { pointerOf } from './openapi/json-pointer';

interface Visit {
  value: unknown;
  key?: string | number;
  parent?: Visit;
}

/**
 * Where a parsed document first holds U+0000, in a key or a string, as a JSON pointer (NUL written `%00`, which
 * pointers are percent-decoded from); undefined when it holds none. PostgreSQL can store NUL in no text column, so
 * a spec or a JSON request body holding one is refused up front rather than failing its write half-way with a 500.
 * A loop with parent links, not recursion: JSON.parse accepts a 1 MB body nested 500,000 deep, and a recursive
 * walk of that overflowed the stack (a 500 again). Each object is visited once: a YAML alias shares a node between
 * places, or contains its own anchor (a cycle, refused later with its own message, which the walk must not outlast).
 */
export function firstNulPointer(root: unknown): string | undefined {
  const stack: Visit[] = [{ value: root }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (typeof node.key === 'string' && node.key.includes('\u0000')) return pointerTo(node);
    const { value } = node;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return pointerTo(node);
      continue;
    }
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    const entries = Object.entries(value);
    const isArray = Array.isArray(value);
    // Pushed last to first so the document's first NUL, in reading order, is the one reported.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      stack.push({ value: child, key: isArray ? Number(key) : key, parent: node });
    }
  }
  return undefined;
}

function pointerTo(node: Visit): string {
  const tokens: (string | number)[] = [];
  for (let n: Visit | undefined = node; n?.key !== undefined; n = n.parent) tokens.push(n.key);
  return pointerOf(tokens.reverse()).replaceAll('\u0000', '%00');
}
