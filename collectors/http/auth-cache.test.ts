import fc from 'fast-check';
import { expect, test } from 'vitest';
import { collectAuthEvidence, decodeQueryComponent } from '../../lib/exchange';
import { queryPairs } from '../logs/exchange-fields';
import { AuthCache, CREDENTIAL_HEADER, isCredentialHeader } from './auth-cache';
import { scanForSensitiveData } from './body-sample';
import { detectSensitiveData } from '../../lib/discovery/sensitive-data';
import type { Header } from './http1-head';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2lkcCIsInNjb3BlIjoiYSBiIn0.c2ln';
/** Names collectAuthEvidence treats as credentials, and names it ignores. */
const NAMES = ['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api_key', 'apikey', 'x-auth-token', 'token', 'private-token', 'ocp-apim-subscription-key', 'x-amz-security-token', 'client_secret', 'x-goog-api-key', 'x-functions-key', 'stripe-signature', 'x-hub-signature-256', 'x-shopify-hmac-sha256', 'x-goog-iap-jwt-assertion', 'x-amzn-oidc-data', 'x-auth-request-access-token', 'x-id-token', 'x-forwarded-authorization', 'x-authorization', 'x-auth', 'x-hasura-admin-secret', 'x-sentry-auth', 'sec-websocket-protocol', 'cf-access-jwt-assertion', 'x-vault-token', 'x-honeycomb-team', 'x-jfrog-art-api', 'x-parse-rest-api-key', 'x-parse-session-token', 'x-user-token', 'x-plex-token', 'x-metabase-session', 'x-atlassian-token', 'webhook-signature', 'paypal-transmission-sig', 'x-signature-timestamp', 'signature-input', 'x-forwarded-client-cert', 'client-cert', 'x-amzn-mtls-clientcert-leaf', 'x-ssl-client-verify', 'idempotency-key', 'x-csrf-token', 'x-storage-token', 'x-rundeck-auth-token', 'x-next-page-token', 'host', 'accept', 'x-request-id', 'user-agent'];
const VALUES = [`base64url.bearer.authorization.k8s.io.${Buffer.from(JWT).toString('base64url')}`, JWT, `Bearer ${JWT}`, 'Bearer opaque123', 'Basic dXNlcjpwYXNz', 'sid=1; theme=dark', 'k_live_abc', 'no-check', ''];
const PARAMS = ['api_key', 'key', 'token', 'sig', 'sv', 'si', 'skoid', 'sentry_key', 'sentry_version', 'GoogleAccessId', 'Authorization', 'X-Plex-Token', 'password', 'page', 'q', 'X-Amz-Signature', 'X-Amz-Credential', 'Signature', 'AWSAccessKeyId', 'X-Goog-Signature', 'X-Goog-Credential', 'Key-Pair-Id', 'private_token', 'jwt', 'subscription-key', 'PHPSESSID', 'auth', 'refresh_token', 'session_token'];

test('the per-connection cache gives exactly what collectAuthEvidence gives on the full request', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(...VALUES)), { maxLength: 6 }),
      fc.array(fc.tuple(fc.constantFrom(...PARAMS), fc.constantFrom('v1', 'abc%20d', '', 'AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request', 'q7Rm2xVb9KpL4sWd8ZtYc3NfJh6GaE1uXo')), { maxLength: 4 }),
      (headers, params) => {
        const rawQuery = params.map(([n, v]) => `${n}=${v}`).join('&');
        // Query values arrive percent-decoded, as collectAuthEvidence expects them.
        const decoded = collectAuthEvidence({ headers, query: params.map(([n, v]) => [n, decodeURIComponent(v)] as [string, string]) }, 'key').slice(0, 16);
        const cache = new AuthCache();
        const got = cache.evidence(headers as Header[], rawQuery, 'key');
        expect(got).toEqual(decoded);
        expect(cache.evidence(headers as Header[], rawQuery, 'key')).toEqual(got);
      },
    ),
    { numRuns: 300, seed: 9 },
  );
});

/** The query pairs the cache read before (one array of parts per request): what the index walk must equal. */
function splitPairs(rawQuery: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) pairs.push([decodeQueryComponent(part.slice(0, eq)), decodeQueryComponent(part.slice(eq + 1))]);
  }
  return pairs;
}

test('query credentials read by index are those of the split query, with empty, bare and repeated parts', () => {
  const part = fc.oneof(
    fc.tuple(fc.constantFrom(...PARAMS, 'a%20key', 'to+ken', '%E0%A4', 'api+key%ZZ'), fc.constantFrom('v1', 'abc%20d', '', '=x', 'a+b')).map(([n, v]) => `${n}=${v}`),
    fc.constantFrom('', 'flag', '=orphan', 'token', '==', 'key=1=2'),
  );
  fc.assert(
    fc.property(fc.array(part, { maxLength: 8 }), (parts) => {
      const rawQuery = parts.join('&');
      const want = collectAuthEvidence({ headers: [], query: splitPairs(rawQuery) }, 'key').slice(0, 16);
      expect([rawQuery, new AuthCache().evidence([], rawQuery, 'key')]).toEqual([rawQuery, want]);
    }),
    { numRuns: 2000, seed: 24 },
  );
  for (const name of ['authorization', 'x-api-key', 'accept', 'proxy-authorization', 'x-my-secret', 'host']) expect(isCredentialHeader(name)).toBe(CREDENTIAL_HEADER.test(name));
});

test('a credential value with malformed percent-encoding gets the fingerprint the log collectors give it', () => {
  const rawQuery = 'api_key=a+b%ZZ&page=2';
  const fromCapture = new AuthCache().evidence([], rawQuery, 'key');
  expect(fromCapture.map((e) => e.kind)).toEqual(['api-key:api_key']);
  expect(fromCapture).toEqual(collectAuthEvidence({ headers: [], query: queryPairs(rawQuery) }, 'key'));
  // The value fingerprinted is the form-decoded text, as for names: `a b%ZZ`, not the raw `a+b%ZZ`.
  expect(fromCapture).not.toEqual(collectAuthEvidence({ headers: [], query: [['api_key', 'a+b%ZZ']] }, 'key'));
});

test('a query encoded twice (`?token%3D<value>`) is the credential its once-encoded form is, a capture as a log', () => {
  // Until 6 Dec `none`: the part had no `=` the cache could split it at.
  const once = new AuthCache().evidence([], 'token=abc%2Bdef123&page=2', 'key');
  expect(once[0].kind).toBe('api-key:token');
  expect(new AuthCache().evidence([], 'token%3Dabc%252Bdef123%26page%3D2', 'key')).toEqual(once);
  expect(new AuthCache().evidence([], 'token%3Dabc%252Bdef123&page=2', 'key')).toEqual(once);
  expect(new AuthCache().evidence([], 'q%3Dtoken', 'key')).toEqual([{ kind: 'none' }]);
  // The whole query encoded twice: a pair after the first escaped `&` too (until 7 Dec `none`).
  expect(new AuthCache().evidence([], 'page%3D2%26token%3Dabc%252Bdef123', 'key')).toEqual(once);
  expect(new AuthCache().evidence([], 'page%3D2%26q%3Dtoken', 'key')).toEqual([{ kind: 'none' }]);
});

test('a changed credential on the same connection is not served from the cache', () => {
  const cache = new AuthCache();
  const a = cache.evidence([['authorization', 'Bearer one']], '', 'key');
  const b = cache.evidence([['authorization', 'Bearer two']], '', 'key');
  expect(a[0].kind).toBe('bearer-opaque');
  expect(b[0].fingerprint).not.toBe(a[0].fingerprint);
});

test('windowed e-mail scanning finds exactly what detectSensitiveData finds', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('{"email":"ann@example.com"}', 'a@b', '@@', ' 4111 1111 1111 1111 ', 'x'.repeat(70), '@example.org', 'bob.smith', '"id":12345678Z', ',', ' '), { maxLength: 30 }),
      (parts) => {
        const text = parts.join('');
        expect(scanForSensitiveData(text).sort()).toEqual(detectSensitiveData(text).sort());
      },
    ),
    { numRuns: 400, seed: 4 },
  );
});
