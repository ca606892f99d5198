import type { Node } from './trie-shape';

/**
 * An npm registry (registry.npmjs.org, a Verdaccio or a mirror) serves each package at its root: `/express` (the
 * packument) and `/express/-/express-4.18.2.tgz` (a tarball, named after the package and a version). The first segment
 * of a path is otherwise never a value (templating.ts: namespaces and static files live there), so until 6 Dec every
 * package fetched was an endpoint tree of its own. A name is taken for a package only when its own tarball proves it,
 * and two such at least: a packument fetched without its tarball (`npm view`), and scoped packages (`/@types/node/…`,
 * `/@types%2fnode`), stay literals.
 */
export function npmPackages(candidates: readonly string[], node: Node): string[] {
  const packages = candidates.filter((c) => isNpmPackage(c, node.children.get(c)!));
  return packages.length >= 2 ? packages : [];
}

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
