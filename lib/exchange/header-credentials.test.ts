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

test("an access key or a vendor's master key in a header is an API key (Bunny's AccessKey, JSONBin's X-Access-Key, Parse's X-Parse-Master-Key)", () => {
  // Until 6 Dec such calls were `none`: unauthenticated, and their 2xx on personal data an alert.
  for (const name of ['accesskey', 'access-key', 'x-access-key', 'x-master-key', 'x-parse-master-key']) expect(kinds(name)).toEqual([`api-key:${name}`]);
  for (const name of ['idempotency-key', 'x-idempotency-key', 'x-cache-key', 'x-access-key-id', 'x-request-key']) expect(kinds(name)).toEqual(['none']);
});

test('a secret or secret key under its own name is an API key (X-Secret, X-Secret-Key, X-Acme-Secret-Key)', () => {
  // Until 7 Dec such calls were `none`: unauthenticated, though the header is the credential.
  for (const name of ['secret', 'x-secret', 'secret-key', 'x-secret-key', 'x-secret_key', 'x-acme-secret-key']) expect(kinds(name)).toEqual([`api-key:${name}`]);
  // Near misses: names that only mention a secret.
  for (const name of ['x-secret-santa-id', 'x-secret-key-id', 'x-secrets-manager-region', 'x-secret-version']) expect(kinds(name)).toEqual(['none']);
});

test('X-Authorization is read as an Authorization value', () => {
  // Clients behind a proxy that takes `Authorization` send it there (ThingsBoard's REST API): until 6 Dec `none`.
  const jwt = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{"iss":"https://idp.test/","sub":"u1"}').toString('base64url')}.c2ln`;
  expect(collectAuthEvidence({ headers: [['x-authorization', `Bearer ${jwt}`]] }, KEY)).toEqual(collectAuthEvidence({ headers: [['authorization', `Bearer ${jwt}`]] }, KEY));
  expect(kinds('x-authorization', 'Bearer opaque-token-1')).toEqual(['bearer-opaque']);
});

test("Sentry's key is the caller whether sent in X-Sentry-Auth, Authorization or the query, whatever its timestamp", () => {
  // Until 6 Dec an SDK's `X-Sentry-Auth` and the browser SDK's `?sentry_key=` were `none`, and `Authorization: Sentry …`
  // a new caller per event (its `sentry_timestamp` changes).
  const auth = (ts: number) => `Sentry sentry_version=7, sentry_client=sentry.python/2.19.0, sentry_timestamp=${ts}, sentry_key=CANARYab12cd34ef56ab12cd34ef56ab12`;
  const fingerprint = (ev: ReturnType<typeof collectAuthEvidence>) => ev.map((e) => [e.kind, e.fingerprint]);
  const header = collectAuthEvidence({ headers: [['x-sentry-auth', auth(1733480000)]] }, KEY);
  expect(header[0].kind).toBe('api-key:x-sentry-auth');
  expect(fingerprint(collectAuthEvidence({ headers: [['x-sentry-auth', auth(1733480999)]] }, KEY))).toEqual(fingerprint(header));
  const authorization = collectAuthEvidence({ headers: [['authorization', auth(1733480000)]] }, KEY);
  expect(authorization[0].kind).toBe('api-key:authorization');
  expect(authorization[0].fingerprint).toBe(header[0].fingerprint);
  expect(fingerprint(collectAuthEvidence({ headers: [['authorization', auth(1733480999)]] }, KEY))).toEqual(fingerprint(authorization));
  const query = collectAuthEvidence({ headers: [], query: [['sentry_version', '7'], ['sentry_key', 'CANARYab12cd34ef56ab12cd34ef56ab12']] }, KEY);
  expect(query).toEqual([{ kind: 'api-key:sentry_key', fingerprint: header[0].fingerprint }]);
  expect(JSON.stringify([header, authorization, query])).not.toMatch(/CANARY/);
});

test("a token sent as a query parameter under its header's name (B2's ?Authorization=, Plex's ?X-Plex-Token=) is an API key", () => {
  // Until 6 Dec both were `none`: Backblaze B2 download links and every Plex client's requests counted as unauthenticated.
  for (const name of ['Authorization', 'X-Plex-Token']) {
    expect(collectAuthEvidence({ headers: [], query: [[name, 'CANARY-token-1']] }, KEY).map((e) => e.kind)).toEqual([`api-key:${name.toLowerCase()}`]);
  }
});

test("Firebase's `?auth=` is an API key when its value is a token's (an ID token, a database secret), not a flag's", () => {
  // Until 6 Dec every Realtime Database REST call (`/users/ada.json?auth=<ID token>`) was `none`, an unauthenticated 2xx.
  const idToken = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJpc3MiOiJodHRwczovL3NlY3VyZXRva2VuLmdvb2dsZS5jb20vcCIsInN1YiI6ImFkYSJ9.c2lnbmF0dXJl';
  for (const value of [idToken, 'CANARYq7Rm2xVb9KpL4sWd8ZtYc3NfJh6GaE1uXo']) {
    expect(collectAuthEvidence({ headers: [], query: [['auth', value]] }, KEY).map((e) => e.kind), value).toEqual(['api-key:auth']);
  }
  // A flag or a method's name under the same name is none.
  for (const value of ['1', 'true', 'false', 'google', 'basic', 'required', 'none', 'oauth2']) {
    expect(collectAuthEvidence({ headers: [], query: [['auth', value]] }, KEY), value).toEqual([{ kind: 'none' }]);
  }
});

test("PHP's session id in the query (`?PHPSESSID=`, session.use_trans_sid) is the session cookie, as `;jsessionid=` in the path is", () => {
  // Before: `none`, so every call of a signed-in user of such an app was an unauthenticated 2xx.
  const cookie = collectAuthEvidence({ headers: [['cookie', 'phpsessid=9d8c7b6a5f4e3d2c1b0a']] }, KEY);
  expect(cookie[0].kind).toBe('cookie:phpsessid');
  expect(collectAuthEvidence({ headers: [], query: [['page', '2'], ['PHPSESSID', '9d8c7b6a5f4e3d2c1b0a']] }, KEY)).toEqual(cookie);
  for (const value of ['', 'undefined']) expect(collectAuthEvidence({ headers: [], query: [['PHPSESSID', value]] }, KEY)).toEqual([{ kind: 'none' }]);
  // Only that name: `sid` is a station's, a source's or a store's id in a query as often as a session's.
  expect(collectAuthEvidence({ headers: [], query: [['sid', '42'], ['phpsessid_hint', 'x']] }, KEY)).toEqual([{ kind: 'none' }]);
});

test('any x-<vendor>-token header is an API key; anti-CSRF, captcha, paging and tracing tokens and flag values are not', () => {
  // Until 7 Dec only the vendors listed by name were (`x-vault-token`, `x-figma-token`): OpenStack Swift's
  // `x-storage-token`, Rundeck's `x-rundeck-auth-token`, FOLIO's `x-okapi-token`, CircleCI's `x-circle-token` were `none`.
  for (const name of ['x-storage-token', 'x-rundeck-auth-token', 'x-okapi-token', 'x-circle-token', 'x-acme-corp-token', 'x-device-token']) {
    expect(kinds(name)).toEqual([`api-key:${name}`]);
  }
  const value = 'CANARY-9f8e7d6c5b4a';
  const ev = collectAuthEvidence({ headers: [['x-storage-token', value]] }, KEY);
  expect(ev[0].fingerprint).toBeDefined();
  expect(JSON.stringify(ev)).not.toContain('CANARY');
  // Tokens that say nothing about who calls: anti-forgery, captcha, pagination, tracing, push-notification ones.
  for (const name of [
    'x-csrf-token', 'x-xsrf-token', 'x-xcsrf-token', 'x-atlassian-token', 'x-anti-forgery-token', 'x-antiforgery-token', 'x-request-verification-token',
    'x-form-token', 'x-recaptcha-token', 'x-captcha-token', 'x-hcaptcha-token', 'x-turnstile-token', 'x-next-page-token', 'x-page-token',
    'x-continuation-token', 'x-pagination-token', 'x-sync-token', 'x-cursor-token', 'x-trace-token', 'x-correlation-token', 'x-push-token',
    'x-fcm-token', 'x-apns-token', 'x-subject-token', 'x-request-token', 'x-idempotency-token',
  ]) {
    expect(kinds(name), name).toEqual(['none']);
  }
  // A flag under a token's name (Jira's `X-Atlassian-Token: no-check` shape, on any vendor) is no credential.
  for (const flag of ['no-check', 'nocheck', 'Fetch', 'true', '1']) expect(kinds('x-acme-token', flag), flag).toEqual(['none']);
});

test('one rule for every x-<words>-token header: a flag under a generic or a listed name is no credential, as under any vendor\'s', () => {
  // Until 7 Dec the generic names (`x-auth-token`, `x-session-token`) and the vendors listed by name (`x-vault-token`)
  // were decided by a rule asked first, which never looked at the value: `X-Auth-Token: no-check` was a credential
  // (one caller for every client sending the flag, and the call authenticated) where `X-Acme-Token: no-check` was none.
  for (const name of ['x-auth-token', 'x-api-token', 'x-session-token', 'x-user-token', 'x-private-token', 'x-vault-token', 'x-amz-security-token', 'x-parse-session-token']) {
    for (const flag of ['no-check', 'true', '1']) expect(kinds(name, flag), `${name}: ${flag}`).toEqual(['none']);
    expect(kinds(name), name).toEqual([`api-key:${name}`]);
  }
  // Names the token rule does not read keep their own: no vendor's name before `-token`, or joined without a dash.
  for (const name of ['x-token', 'auth-token', 'access_token', 'x-auth_token', 'x-shopify-accesstoken', 'x-trackertoken']) expect(kinds(name), name).toEqual([`api-key:${name}`]);
});
