import { expect, test } from 'vitest';
import { collectAuthEvidence } from './auth-evidence';
import { urlCredentials } from './url-credentials';

const KEY = 'test-fingerprint-key';

test('userinfo is the Basic credential a client would send: same kind and fingerprint as the header', () => {
  const { path, headers } = urlCredentials('alice:pw@api.example.com', '/v1/me');
  expect(path).toBe('/v1/me');
  expect(collectAuthEvidence({ headers: headers! }, KEY)).toEqual(collectAuthEvidence({ headers: [['authorization', 'Basic YWxpY2U6cHc=']] }, KEY));
  // Percent-encoded userinfo is decoded first, as clients do (`p%40ss` is `p@ss`).
  expect(urlCredentials('bob:p%40ss@h:443', '').headers).toEqual([['authorization', `Basic ${Buffer.from('bob:p@ss').toString('base64')}`]]);
  expect(urlCredentials('api.example.com:8443', '/x').headers).toBeUndefined();
});

test('session path parameters leave the path and become cookie evidence named after them', () => {
  expect(urlCredentials(undefined, '/app;jsessionid=S1')).toEqual({ path: '/app', headers: [['cookie', 'jsessionid=S1']] });
  expect(urlCredentials(undefined, '/a;JSESSIONID=S1/b;v=2;PHPSESSID=S2;sid=S3/c')).toEqual({
    path: '/a/b;v=2/c', headers: [['cookie', 'jsessionid=S1; phpsessid=S2; sid=S3']],
  });
  const [evidence] = collectAuthEvidence({ headers: urlCredentials(undefined, '/app;jsessionid=S1').headers! }, KEY);
  expect(evidence.kind).toBe('cookie:jsessionid');
  expect(evidence.fingerprint).toMatch(/^[0-9a-f]{16}$/);
});

test('other path parameters and paths without any stay as they are', () => {
  for (const path of ['/plain', '/m;v=1', '/a;sidebar=1', '/a;jsessionid=', '/x;session=1']) {
    expect(urlCredentials(undefined, path)).toEqual({ path, headers: undefined });
  }
});
