import { expect, test } from 'vitest';
import { collectAuthEvidence, type Exchange } from '../../lib/exchange';
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
