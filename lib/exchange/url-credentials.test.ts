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

test('a path parameter named as a query credential is (`;api_key=…`) leaves the path and is read as that query parameter', () => {
  // Until 7 Dec it stayed in every record (`extract`'s output) and the call was `none`: an unauthenticated 2xx.
  expect(urlCredentials(undefined, '/cars;api_key=K-1/42')).toEqual({ path: '/cars/42', headers: undefined, query: 'api_key=K-1' });
  expect(urlCredentials(undefined, '/v1;color=red;Access_Token=T-2;jsessionid=S1/x')).toEqual({ path: '/v1;color=red/x', headers: [['cookie', 'jsessionid=S1']], query: 'Access_Token=T-2' });
  const { query } = urlCredentials(undefined, '/cars;api_key=K-1/42');
  expect(collectAuthEvidence({ headers: [], query: [['api_key', 'K-1']] }, KEY)).toEqual([{ kind: 'api-key:api_key', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) }]);
  expect(query).toBe('api_key=K-1');
  // Near misses: a matrix parameter of another name, one with no value, a name that only contains a credential's word.
  for (const path of ['/cars;color=red/42', '/a;api_key=/b', '/a;keyword=x/b', '/a;token_type=bearer']) expect(urlCredentials(undefined, path)).toEqual({ path, headers: undefined });
});

test('other path parameters and paths without any stay as they are', () => {
  for (const path of ['/plain', '/m;v=1', '/a;sidebar=1', '/a;jsessionid=', '/x;session=1']) {
    expect(urlCredentials(undefined, path)).toEqual({ path, headers: undefined });
  }
});

test("ASP.NET's cookieless session and forms ticket leave the path and become the cookies they stand for", () => {
  // `sessionState cookieless="true"` and forms authentication `cookieless="UseUri"` write the session id and the
  // authentication ticket into the path (`/(S(<id>))/page.aspx`), and the server routes without the segment. Until
  // 6 Dec both stayed in the path, in every record, template and example path.
  expect(urlCredentials(undefined, '/(S(lit3py55t21z5v55vlm25s55))/orders.aspx')).toEqual({
    path: '/orders.aspx', headers: [['cookie', 'ASP.NET_SessionId=lit3py55t21z5v55vlm25s55']],
  });
  expect(urlCredentials(undefined, '/app/(X(1)A(AnonId7)S(kq2m5zr1ab3cd4ef5gh0ij1k)F(5A2C9D00FF))/default.aspx')).toEqual({
    path: '/app/default.aspx', headers: [['cookie', 'ASP.NET_SessionId=kq2m5zr1ab3cd4ef5gh0ij1k; .ASPXAUTH=5A2C9D00FF']],
  });
  // AutoDetect's probe marker and an anonymous id alone name no caller: only the segment goes.
  expect(urlCredentials(undefined, '/(X(1))/login.aspx')).toEqual({ path: '/login.aspx', headers: undefined });
  const [evidence] = collectAuthEvidence({ headers: urlCredentials(undefined, '/(S(lit3py55t21z5v55vlm25s55))/a.aspx').headers! }, KEY);
  expect(evidence.kind).toBe('cookie:ASP.NET_SessionId');
  // Parentheses that are no such segment stay.
  for (const path of ['/wiki/Mercury_(planet)', '/files/(draft)/x', '/a/(S)/b', '/(s(abc))/x']) expect(urlCredentials(undefined, path)).toEqual({ path, headers: undefined });
});
