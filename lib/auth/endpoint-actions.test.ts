import { expect, test } from 'vitest';
import { endpointActions } from './endpoint-actions';
import type { Principal } from './roles';

const user = (role: 'admin' | 'governance' | 'owner' | 'viewer', teamIds: string[] = []): Principal & { kind: 'user' } => ({ kind: 'user', id: `u-${role}`, email: `${role}@x.test`, name: null, role, teamIds });
const operation = { id: 'op', method: 'GET', path: '/orders', operationId: null, summary: null, deprecated: false, sunsetAt: null, sunsetPassed: false, scopesRequired: [], specVersion: '1', apiOwnerTeamId: 'orders' };
// An ownership rule gave the endpoint to the search team; the operation is the orders API's.
const detail = { ownerTeam: { id: 'search', slug: 'search', name: 'Search' }, operation };

test("deprecation is offered to the operation's API team, not to the team an ownership rule gives the endpoint", () => {
  // Before: the search team's owner saw the form (the endpoint is theirs) and the request was refused with a 403.
  expect(endpointActions(user('owner', ['search']), detail)).toEqual({ triage: true, override: true, deprecate: false });
  expect(endpointActions(user('owner', ['orders']), detail)).toEqual({ triage: false, override: false, deprecate: true });
  expect(endpointActions(user('admin'), detail).deprecate).toBe(true);
  expect(endpointActions(user('governance'), detail)).toEqual({ triage: true, override: false, deprecate: false });
  expect(endpointActions(user('viewer', ['orders', 'search']), detail)).toEqual({ triage: false, override: false, deprecate: false });
  // No operation: nothing to deprecate, whoever asks.
  expect(endpointActions(user('admin'), { ...detail, operation: null }).deprecate).toBe(false);
});
