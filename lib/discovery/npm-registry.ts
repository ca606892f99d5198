import type { Node } from './trie-shape';

/**
 * An npm registry (registry.npmjs.org, a Verdaccio or a mirror) serves each package at its root: `/express` (the
 * packument) and `/express/-/express-4.18.2.tgz` (a tarball, named after the package and a version). The first segment
 * of a path is otherwise never a value (templating.ts: namespaces and static files live there), so until 6 Dec every
 * package fetched was an endpoint tree of its own. A name is taken for a package only when its own tarball proves it,
 * and two such at least: a packument fetched without its tarball (`npm view`) stays a literal.
 *
 * Scoped packages (until 7 Dec literals, `/@babel%2Fcore`, `/@types/node/-/node-20.1.0.tgz`): a scope is a value
 * `@{scope}` when a package under it proves it by its tarball, two scopes at least, and its packages below are
 * `{package}`; a scoped packument, its `/` escaped (`@babel%2Fcore`, a shape only npm's clients send), is one more
 * `{package}` at the root, two of them at least or beside proven packages or scopes.
 */
export function npmPackages(candidates: readonly string[], node: Node): string[] {
  const packages = candidates.filter((c) => isNpmPackage(c, node.children.get(c)!));
  const scopes = candidates.filter((c) => isNpmScope(c, node.children.get(c)!));
  const packuments = candidates.filter((c) => SCOPED_PACKUMENT.test(c));
  const proven = [...(packages.length >= 2 ? packages : []), ...(scopes.length >= 2 ? scopes : [])];
  return [...proven, ...(proven.length > 0 || packuments.length >= 2 ? packuments : [])];
}

/** An npm scope's name (`@types`) with a package under it that its tarball proves. */
export function isNpmScope(name: string, node: Node): boolean {
  if (!SCOPE.test(name)) return false;
  for (const [key, child] of node.children) if (isNpmPackage(key, child)) return true;
  return false;
}

export const PACKAGE = 'route:package';
const SCOPE_TYPE = 'route:scope';

/**
 * How a registry's value is grouped and typed by templating: a scope as `@{scope}` (its `@` the prefix), a package at
 * the root or under a scope as `{package}`; undefined for any other value.
 */
export function registryValue(key: string, child: Node, atRoot: boolean, underScope: boolean): { type: string; prefix: string } | undefined {
  if (atRoot && isNpmScope(key, child)) return { type: SCOPE_TYPE, prefix: '@' };
  if ((atRoot || underScope) && (isNpmPackage(key, child) || (atRoot && SCOPED_PACKUMENT.test(key)))) return { type: PACKAGE, prefix: '' };
  return undefined;
}

/** Whether a parameter's types make it a registry's scope (registryValue). */
export function isScopeParam(types: ReadonlySet<string>): boolean {
  return types.has(SCOPE_TYPE);
}

const SCOPE = /^@[a-z0-9~-][a-z0-9._~-]*$/i;
const SCOPED_PACKUMENT = /^@[a-z0-9~-][a-z0-9._~-]*%2F[a-z0-9~-][a-z0-9._~-]*$/i;

/** Whether this node leads to `-/<name>-<semver>.tgz`. */
export function isNpmPackage(name: string, node: Node): boolean {
  const tarballs = node.children.get('-');
  if (!tarballs || name.startsWith('@')) return false;
  for (const key of tarballs.children.keys()) {
    if (key.length > name.length + 5 && key.startsWith(name) && key.charCodeAt(name.length) === 45 && SEMVER_TGZ.test(key.slice(name.length + 1))) return true;
  }
  return false;
}

const SEMVER_TGZ = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?\.tgz$/;
