import { expect, test } from 'vitest';
import { collectAuthEvidence, fingerprintCredential, type Exchange } from '../../lib/exchange';
import { apiGatewayFormat } from './apigateway';
import { TEST_KEY } from './test-helpers';

const record = (fields: Record<string, unknown>) => ({ requestId: 'r1', httpMethod: 'GET', status: '200', requestTimeEpoch: 1700000000000, ...fields });
const authOf = (fields: Record<string, unknown>) => (apiGatewayFormat.toExchange(record(fields), TEST_KEY) as Exchange).auth;
const evidence = (headers: Array<[string, string]>, query: Array<[string, string]> = []) => collectAuthEvidence({ headers, query }, TEST_KEY);

test('the logged API key is evidence beside the credentials the URL carried, not instead of them', () => {
  expect(authOf({ path: '/orders?access_token=url-secret', apiKey: 'gw-key-secret' })).toEqual([
    ...evidence([['x-api-key', 'gw-key-secret']]),
    ...evidence([], [['access_token', 'url-secret']]),
  ]);
  expect(authOf({ path: '/orders', apiKey: 'gw-key-secret' })).toEqual(evidence([['x-api-key', 'gw-key-secret']]));
  expect(authOf({ path: '/orders?access_token=url-secret' })).toEqual(evidence([], [['access_token', 'url-secret']]));
  expect(authOf({ path: '/orders' })).toBeUndefined();
  expect(JSON.stringify(apiGatewayFormat.toExchange(record({ path: '/o?access_token=url-secret', apiKey: 'gw-key-secret' }), TEST_KEY))).not.toMatch(/secret/);
});

test("an HTTP API's `ANY` route is no method: the record has the method only when $context.httpMethod is logged", () => {
  // `routeKey: "ANY /pets/{proxy+}"` gave method ANY until 6 Dec: an operation no client ever called.
  const { httpMethod: _, ...withoutMethod } = record({ routeKey: 'ANY /pets/{proxy+}' });
  const any = apiGatewayFormat.toExchange(withoutMethod, TEST_KEY) as Exchange;
  expect(any).not.toHaveProperty('method');
  expect(any.route).toBe('/pets/{proxy+}');
  expect((apiGatewayFormat.toExchange(record({ routeKey: 'ANY /pets/{proxy+}', httpMethod: 'DELETE' }), TEST_KEY) as Exchange).method).toBe('DELETE');
  const { httpMethod: __, ...post } = record({ routeKey: 'POST /pets' });
  expect((apiGatewayFormat.toExchange(post, TEST_KEY) as Exchange).method).toBe('POST');
});

test('an identity the authorizer resolved says the call was authenticated, by its scheme, fingerprinted, never kept', () => {
  // Until 6 Dec ignored: a call API Gateway authorized had no auth evidence, as an unauthenticated one.
  const sigv4 = 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240105/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7';
  // IAM: the access key is the caller a capture of the SigV4 header names.
  expect(authOf({ accessKey: 'AKIAIOSFODNN7EXAMPLE', user: 'AIDAJQABLZS4A3QDU576Q' })).toEqual(evidence([['authorization', sigv4]]));
  // The console's default REST format logs `caller` and `user` (`-` without IAM authorization).
  const [iam] = authOf({ caller: 'AIDAJQABLZS4A3QDU576Q', user: 'AIDAJQABLZS4A3QDU576Q' }) ?? [];
  expect(iam).toEqual({ kind: 'api-key:authorization', fingerprint: fingerprintCredential('aws4-hmac-sha256 principal:AIDAJQABLZS4A3QDU576Q', TEST_KEY) });
  expect(authOf({ caller: '-', user: '-' })).toBeUndefined();
  // Cognito (REST) and JWT (HTTP API) authorizers: a bearer JWT, by its subject.
  const jwt = { kind: 'bearer-jwt', fingerprint: fingerprintCredential('jwt-subject 7d8ca528-4931-4254-9273-ea5ee853f271', TEST_KEY) };
  expect(authOf({ authorizer: { claims: { sub: '7d8ca528-4931-4254-9273-ea5ee853f271' } } })).toEqual([jwt]);
  expect(authOf({ authorizer: { jwt: { claims: { sub: '7d8ca528-4931-4254-9273-ea5ee853f271' } } } })).toEqual([jwt]);
  // A Lambda authorizer's principal, beside the API key the same call sent.
  expect(authOf({ principalId: 'user|a1b2c3', apiKey: 'gw-key-secret' })).toEqual([
    ...evidence([['x-api-key', 'gw-key-secret']]),
    { kind: 'api-key:authorization', fingerprint: fingerprintCredential('authorizer-principal user|a1b2c3', TEST_KEY) },
  ]);
  expect(authOf({ principalId: '-' })).toBeUndefined();
  const logged = JSON.stringify(apiGatewayFormat.toExchange(record({ principalId: 'user|a1b2c3', user: 'AIDAJQABLZS4A3QDU576Q', claims: { sub: 'alice-sub' } }), TEST_KEY));
  expect(logged).not.toMatch(/a1b2c3|AIDAJQ|alice-sub/);
});
