import { expect, test } from 'vitest';
import { collectAuthEvidence } from './auth-evidence';

const KEY = 'unit-test-key';
const kinds = (name: string, value = 'k3y-Secret-Value') => collectAuthEvidence({ headers: [[name, value]] }, KEY).map((e) => e.kind);

test('a bare x-auth and any x-<vendor>-…-secret header are API keys; x-auth-request-* names are not', () => {
  // Until 6 Dec a bare `x-auth` (a token under the shortest name) and Hasura's `x-hasura-admin-secret` were `none`.
  expect(kinds('x-auth')).toEqual(['api-key:x-auth']);
  for (const name of ['x-hasura-admin-secret', 'x-webhook-secret', 'x-shared-secret']) expect(kinds(name)).toEqual([`api-key:${name}`]);
  for (const name of ['x-auth-request-user', 'x-auth-request-email', 'x-csrf-token', 'x-xsrf-token']) expect(kinds(name)).toEqual(['none']);
});

test('X-Authorization is read as an Authorization value', () => {
  // Clients behind a proxy that takes `Authorization` send it there (ThingsBoard's REST API): until 6 Dec `none`.
  const jwt = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{"iss":"https://idp.test/","sub":"u1"}').toString('base64url')}.c2ln`;
  expect(collectAuthEvidence({ headers: [['x-authorization', `Bearer ${jwt}`]] }, KEY)).toEqual(collectAuthEvidence({ headers: [['authorization', `Bearer ${jwt}`]] }, KEY));
  expect(kinds('x-authorization', 'Bearer opaque-token-1')).toEqual(['bearer-opaque']);
});
