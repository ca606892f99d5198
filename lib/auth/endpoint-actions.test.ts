import { expect, test } from 'vitest';
import { endpointActions } from './endpoint-actions';
import type { Principal } from './roles';

const user = (role: 'admin' | 'governance' | 'owner' | 'viewer', teamIds: string[] = []): Principal & { kind: 'user' } => ({ kind: 'user', id: `u-${role}`, email: `${role}@x.test`, name: null, role, teamIds });
const operation = { id: 'op', method: 'GET', path: '/orders', operationId: null, summary: null, deprecated: false, sunsetAt: null, sunsetPassed: false, calledAfterSunset: false, scopesRequired: [], scopeAlternatives: [], specVersion: '1', apiOwnerTeamId: 'orders', apiLifecycle: { retired: false, deprecated: false, sunsetAt: null, sunsetPassed: false, calledAfterSunset: false }, pendingDeprecation: null };
// An ownership rule gave the endpoint to the search team; the operation is the orders API's.
const detail = { ownerTeam: { id: 'search', slug: 'search', name: 'Search' }, operation, ignoredBy: null };

test("deprecation is offered to the operation's API team, not to the team an ownership rule gives the endpoint", () => {
  // Before: the search team's owner saw the form (the endpoint is theirs) and the request was refused with a 403.
  expect(endpointActions(user('owner', ['search']), detail, true)).toEqual({ triage: true, override: true, deprecate: false, unignore: false, overrideEveryHost: false });
  expect(endpointActions(user('owner', ['orders']), detail, true)).toEqual({ triage: false, override: false, deprecate: true, unignore: false, overrideEveryHost: false });
  expect(endpointActions(user('admin'), detail, true).deprecate).toBe(true);
  expect(endpointActions(user('governance'), detail, true)).toEqual({ triage: true, override: false, deprecate: false, unignore: false, overrideEveryHost: false });
  expect(endpointActions(user('viewer', ['orders', 'search']), detail, true)).toEqual({ triage: false, override: false, deprecate: false, unignore: false, overrideEveryHost: false });
  // No operation: nothing to deprecate, whoever asks.
  expect(endpointActions(user('admin'), { ...detail, operation: null }, true).deprecate).toBe(false);
});

test('stopping an ignore is offered to who may remove the override: an admin, or the owner of its host', () => {
  const byHost = { ...detail, ignoredBy: { id: 'o1', host: 'search.test', method: 'GET', pattern: '/health', hiddenEndpoints: 1 } };
  const everyHost = { ...detail, ignoredBy: { ...byHost.ignoredBy, host: '*' } };
  expect(endpointActions(user('admin'), byHost, true).unignore).toBe(true);
  expect(endpointActions(user('admin'), everyHost, true).unignore).toBe(true);
  expect(endpointActions(user('owner', ['search']), byHost, true).unignore).toBe(true);
  // An override for every host is refused to an owner (lib/db/host-scope.ts): no button that can only fail.
  expect(endpointActions(user('owner', ['search']), everyHost, true).unignore).toBe(false);
  expect(endpointActions(user('owner', ['orders']), byHost, true).unignore).toBe(false);
  expect(endpointActions(user('governance'), byHost, true).unignore).toBe(false);
  expect(endpointActions(user('admin'), detail, true).unignore).toBe(false);
});

test('the override form is offered to an owner only where the server takes overrides from them: their own host', () => {
  // The search team's endpoint by an ownership rule, on a host the orders team's API declares: refused (403) before.
  expect(endpointActions(user('owner', ['search']), detail, false)).toEqual({ triage: true, override: false, deprecate: false, unignore: false, overrideEveryHost: false });
  const ignored = { ...detail, ignoredBy: { id: 'o1', host: 'orders.test', method: 'GET', pattern: '/health', hiddenEndpoints: 1 } };
  expect(endpointActions(user('owner', ['search']), ignored, false).unignore).toBe(false);
  // An admin acts on every host.
  expect(endpointActions(user('admin'), ignored, false)).toEqual({ triage: true, override: true, deprecate: true, unignore: true, overrideEveryHost: true });
});

test("an override of every host, listed under the form, is an admin's to remove: an owner gets no Remove that can only fail", () => {
  // Listed since 7 Dec (components/endpoint/HostOverrides.tsx); the server refuses it to an owner (lib/db/host-scope.ts).
  expect(endpointActions(user('owner', ['search']), detail, true).overrideEveryHost).toBe(false);
  expect(endpointActions(user('admin'), detail, false).overrideEveryHost).toBe(true);
});
