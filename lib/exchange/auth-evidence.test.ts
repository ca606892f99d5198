import { expect, test } from 'vitest';
import { collectAuthEvidence } from './auth-evidence';
import { fingerprintCredential } from './fingerprint';

const KEY = 'unit-test-key';
// A real RS256-shaped token (header/payload only matter): iss, aud array, scp, exp.
const jwt = [
  Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url'),
  Buffer.from(JSON.stringify({ iss: 'https://login.example.com/', aud: ['payments'], scp: ['charges:read', 'charges:write'], exp: 1893456000, sub: 'user-42', email: 'alice@example.com' })).toString('base64url'),
  'c2lnbmF0dXJl',
].join('.');

test('a bearer JWT yields its unverified posture claims and a fingerprint, never the token or personal claims', () => {
  const [ev] = collectAuthEvidence({ headers: [['authorization', `Bearer ${jwt}`]] }, KEY);
  expect(ev).toEqual({
    kind: 'bearer-jwt',
    fingerprint: fingerprintCredential(jwt, KEY),
    jwt: { alg: 'RS256', iss: 'https://login.example.com/', aud: ['payments'], scopes: ['charges:read', 'charges:write'], exp: 1893456000 },
  });
  const serialised = JSON.stringify(ev);
  expect(serialised).not.toContain(jwt.split('.')[1]);
  expect(serialised).not.toContain('alice@example.com');
  expect(serialised).not.toContain('user-42');
});

test('opaque bearer, basic, API-key headers, cookies and key query parameters are told apart', () => {
  const evidence = collectAuthEvidence(
    {
      headers: [
        ['authorization', 'Bearer 2YotnFZFEjr1zCsicMWpAA'],
        ['x-api-key', 'AKIA-secret-value'],
        ['cookie', 'theme=dark; sessionid=abc123'],
      ],
      query: [['api_key', 'q-secret'], ['page', '2']],
    },
    KEY,
  );
  expect(evidence.map((e) => e.kind)).toEqual(['bearer-opaque', 'api-key:x-api-key', 'cookie:sessionid,theme', 'api-key:api_key']);
  expect(evidence.every((e) => /^[0-9a-f]{16}$/.test(e.fingerprint ?? ''))).toBe(true);
  const serialised = JSON.stringify(evidence);
  for (const secret of ['2YotnFZFEjr1zCsicMWpAA', 'AKIA-secret-value', 'abc123', 'q-secret']) expect(serialised).not.toContain(secret);
  expect(collectAuthEvidence({ headers: [['authorization', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l']] }, KEY)[0].kind).toBe('basic');
  expect(collectAuthEvidence({ headers: [['authorization', 'Token abc']] }, KEY)[0].kind).toBe('api-key:authorization');
});

test('no credentials is evidence of none; fingerprints depend on the key', () => {
  expect(collectAuthEvidence({ headers: [['accept', '*/*']], query: [['key', '']] }, KEY)).toEqual([{ kind: 'none' }]);
  expect(fingerprintCredential('same', 'k1')).not.toBe(fingerprintCredential('same', 'k2'));
  expect(fingerprintCredential('same', 'k1')).toBe(fingerprintCredential('same', 'k1'));
});

test('a token that only looks like a JWT is opaque', () => {
  const [ev] = collectAuthEvidence({ headers: [['authorization', 'Bearer aaa.bbb.ccc']] }, KEY);
  expect(ev.kind).toBe('bearer-opaque');
});
