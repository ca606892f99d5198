import { expect, test } from 'vitest';
import { canActForTeam, isAllowed } from './permissions';
import type { Principal } from './roles';

const user = (role: 'viewer' | 'owner' | 'governance' | 'admin', teamIds: string[] = []): Principal => ({ kind: 'user', id: 'u', email: 'u@x', name: null, role, teamIds });

test('tokens act only through their scopes, people only through their role', () => {
  const ingest: Principal = { kind: 'token', id: 't', name: 't', scopes: ['ingest'] };
  expect(isAllowed(ingest, 'ingest:write')).toBe(true);
  expect(isAllowed(ingest, 'inventory:read')).toBe(false);
  expect(isAllowed(ingest, 'token:manage')).toBe(false);
  expect(isAllowed(user('viewer'), 'inventory:read')).toBe(true);
  expect(isAllowed(user('viewer'), 'spec:write')).toBe(false);
  expect(isAllowed(user('owner'), 'deprecation:review')).toBe(false);
  expect(isAllowed(user('governance'), 'deprecation:review')).toBe(true);
});

test('owners act for their own teams only', () => {
  expect(canActForTeam(user('owner', ['payments']), 'payments')).toBe(true);
  expect(canActForTeam(user('owner', ['payments']), 'identity')).toBe(false);
  expect(canActForTeam(user('owner', ['payments']), null)).toBe(false);
  expect(canActForTeam(user('viewer', ['payments']), 'payments')).toBe(false);
  expect(canActForTeam(user('governance'), 'identity')).toBe(true);
});
