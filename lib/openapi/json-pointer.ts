import { percentDecoded } from '../percent-decode';

/** RFC 6901 helpers; kept here because problems are reported as pointers everywhere. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerOf(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${escapePointerToken(String(t))}`).join('');
}

/** Resolves `#/a/b` (or `/a/b`) in `root`; undefined when any step is missing. */
export function resolvePointer(root: unknown, pointer: string): unknown {
  const body = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (body === '') return root;
  if (!body.startsWith('/')) return undefined;
  let node: unknown = root;
  for (const token of pointerTokens(body)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** The tokens of `/a/b` (a fragment's, so percent-decoded too); call with the pointer without its `#`. */
export function pointerTokens(body: string): string[] {
  return body
    .slice(1)
    .split('/')
    .map((raw) => percentDecoded(raw).replace(/~1/g, '/').replace(/~0/g, '~'));
}
