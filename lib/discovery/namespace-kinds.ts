import { withoutRpcMethods } from './rpc-methods';
import type { Node } from './trie-shape';

/**
 * Right after a namespace (`/namespaces/default/…`) plural words are its kinds, Kubernetes' `services`, `configmaps`,
 * Azure's `queues`, `topics`: collections, however alike the objects they hold. An app's objects share its name, so
 * until 7 Dec `services/web` and `configmaps/web` shared a sub-resource and were values of one
 * `/api/v1/namespaces/{namespaceId}/{param}/web`. The caller asks only where no spec or override says anything, and
 * below MANY_VALUES (lib/discovery/templating.ts).
 */
export function withoutKinds(candidates: string[]): string[] {
  return candidates.filter((c) => !isPlural(c));
}

/** A collection's name (`organizations`, `orgs`, `projects`), after which items stand. */
export function isPlural(literal: string | undefined): boolean {
  return literal !== undefined && /^[a-z][a-z_-]*[a-rt-z]s$/i.test(literal);
}

/**
 * Right under an API's version (`/api/v1/…`, `/apis/rbac.authorization.k8s.io/v1/…`), plural words each holding items
 * of the same names (`clusterroles/admin`, `clusterrolebindings/admin`; `nodes/minikube`, `persistentvolumes/minikube`)
 * are collections, not tenants sharing a sub-resource: a tenant's sub-resource is a collection itself (`/api/acme/users`).
 * Until 7 Dec `/apis/rbac.authorization.k8s.io/v1/{param}/admin`.
 */
export function kindsSharingItems(candidates: string[], kids: Node[]): boolean {
  if (!candidates.every(isPlural)) return false;
  for (const kid of kids) for (const key of kid.children.keys()) if (isPlural(key)) return false;
  return true;
}

/**
 * The candidates that are no names of the API's own, asked where no spec or override says anything (templating.ts): a
 * namespace's kinds here, a gRPC service's methods (rpc-methods.ts).
 */
export function withoutOwnNames(candidates: string[], node: Node, decided: readonly (string | null)[]): string[] {
  if (decided[decided.length - 2] === 'namespaces') return withoutKinds(candidates);
  const previous = decided[decided.length - 1];
  return previous ? withoutRpcMethods(candidates, node, previous) : candidates;
}
