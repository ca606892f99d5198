import { expect, test } from 'vitest';
import { collectAuthEvidence } from './auth-evidence';
import { exchangeSchema } from './exchange';
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
        ['cookie', 'cart=c81; sessionid=abc123'],
      ],
      query: [['api_key', 'q-secret'], ['page', '2']],
    },
    KEY,
  );
  expect(evidence.map((e) => e.kind)).toEqual(['bearer-opaque', 'api-key:x-api-key', 'cookie:cart,sessionid', 'api-key:api_key']);
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

test('a signed Authorization (SigV4, HTTP Signatures, Digest) is one caller per key or user, whatever it signs', () => {
  // Before: the fingerprint covered the per-request signature and nonce, so every request was a new caller.
  const fp = (value: string) => collectAuthEvidence({ headers: [['authorization', value]] }, KEY)[0];
  const sigv4 = (date: string, sig: string) =>
    `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/${date}/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${sig}`;
  const a = fp(sigv4('20240105', 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024'));
  const b = fp(sigv4('20240106', '0b5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f10ff'));
  const other = fp(sigv4('20240105', 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024').replace('AKIAIOSFODNN7EXAMPLE', 'AKIAI44QH8DHBEXAMPLE'));
  expect([a.kind, a.fingerprint === b.fingerprint, a.fingerprint === other.fingerprint]).toEqual(['api-key:authorization', true, false]);
  expect(JSON.stringify([a, b, other])).not.toMatch(/AKIA|fe5f80f7/);
  const digest = (nonce: string, response: string) => fp(`Digest username="alice", realm="api", nonce="${nonce}", uri="/x", response="${response}"`);
  expect(digest('dcd98b7102dd2f0e', '6629fae49393a05397450978507c4ef1').fingerprint).toBe(digest('0a4f113b', 'e966c932a9242554e42c8ee200cec7f6').fingerprint);
  expect(digest('n', 'r').fingerprint).not.toBe(fp('Digest username="bob", realm="api", nonce="n", response="r"').fingerprint);
  const httpSig = (sig: string) => fp(`Signature keyId="hmac-key-1",algorithm="hmac-sha256",signature="${sig}"`);
  expect(httpSig('c2lnMQ==').fingerprint).toBe(httpSig('c2lnMg==').fingerprint);
  // An unsigned scheme keeps the whole credential as its identity.
  expect(fp('Token abc').fingerprint).not.toBe(fp('Token abd').fingerprint);
});

test('cloud and gateway key headers are API keys; idempotency, CSRF and request IDs are not', () => {
  // Before: `x-goog-api-key`, `x-functions-key` and the rest came out as `auth: none`.
  const kinds = (name: string) => collectAuthEvidence({ headers: [[name, 'k3y-Secret-Value']] }, KEY).map((e) => e.kind);
  for (const name of ['x-goog-api-key', 'x-functions-key', 'x-algolia-api-key', 'x-rapidapi-key', 'dd-api-key', 'x-auth-key', 'x-shopify-access-token', 'x-gitlab-token', 'api-key']) {
    expect(kinds(name)).toEqual([`api-key:${name}`]);
  }
  // Before 6 Dec these were `none` too: vendors of more than one word, HashiCorp, Honeycomb, JFrog, Telegram.
  // And (until 6 Dec) session tokens (Parse's `x-parse-session-token`), Rails simple_token_authentication's
  // `x-user-token`, Plex's and Emby/Jellyfin's tokens: a signed-in call was `none`, unauthenticated.
  for (const name of ['x-parse-rest-api-key', 'x-cisco-meraki-api-key', 'x-api-secret', 'x-vault-token', 'x-consul-token', 'x-nomad-token', 'x-figma-token', 'x-postmark-server-token', 'x-honeycomb-team', 'x-jfrog-art-api', 'x-telegram-bot-api-secret-token', 'x-session-token', 'session-token', 'x-parse-session-token', 'x-user-token', 'x-plex-token', 'x-emby-token', 'x-mediabrowser-token', 'x-metabase-session']) {
    expect(kinds(name)).toEqual([`api-key:${name}`]);
  }
  for (const name of ['idempotency-key', 'x-idempotency-key', 'x-csrf-token', 'x-xsrf-token', 'x-atlassian-token', 'x-request-id', 'x-cache-key', 'x-goog-api-client']) {
    expect(kinds(name)).toEqual(['none']);
  }
  const [ev] = collectAuthEvidence({ headers: [['x-goog-api-key', 'AIzaSyD-secret']] }, KEY);
  expect(ev).toEqual({ kind: 'api-key:x-goog-api-key', fingerprint: fingerprintCredential('AIzaSyD-secret', KEY) });
});

test('webhook signatures are caller authentication: one caller per signing key, not per delivery', () => {
  const ev = (name: string, value: string) => collectAuthEvidence({ headers: [[name, value]] }, KEY)[0];
  const a = ev('stripe-signature', 't=1700000000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd');
  const b = ev('stripe-signature', 't=1700000060,v1=0b1c0d2e3f405162738495a6b7c8d9eaf0b1c2d3e4f5061728394a5b6c7d8e9f');
  expect(a).toEqual({ kind: 'api-key:stripe-signature', fingerprint: fingerprintCredential('stripe-signature', KEY) });
  expect(b).toEqual(a);
  for (const name of ['x-hub-signature-256', 'x-slack-signature', 'x-signature']) expect(ev(name, 'sha256=abc123').kind).toBe(`api-key:${name}`);
  // A signature that names its key is that key's caller.
  const k1 = ev('x-signature', 'keyId="hook-1",algorithm="hmac-sha256",signature="AAAA"');
  expect(k1.fingerprint).toBe(ev('x-signature', 'keyId="hook-1",algorithm="hmac-sha256",signature="BBBB"').fingerprint);
  expect(k1.fingerprint).not.toBe(ev('x-signature', 'keyId="hook-2",algorithm="hmac-sha256",signature="AAAA"').fingerprint);
  expect(JSON.stringify(a)).not.toContain('5257a869');
});

test('a JWT sent without a scheme is a bearer JWT, the same caller as with `Bearer `', () => {
  // Before: `Authorization: eyJ…` came out as `api-key:authorization` without claims.
  const [bare] = collectAuthEvidence({ headers: [['authorization', jwt]] }, KEY);
  expect(bare).toEqual(collectAuthEvidence({ headers: [['authorization', `Bearer ${jwt}`]] }, KEY)[0]);
  expect(bare.kind).toBe('bearer-jwt');
  expect(collectAuthEvidence({ headers: [['authorization', 'eyJnotajwt']] }, KEY)[0].kind).toBe('api-key:authorization');
});

test('a cookie sent without a name (a bare session token) is fingerprinted, and never becomes part of the kind', () => {
  const token = 'Zm9vYmFyLXNlc3Npb24tdG9rZW4tOTk4ODc3';
  const bare = collectAuthEvidence({ headers: [['cookie', token]] }, KEY);
  expect(bare).toEqual([{ kind: 'cookie:(unnamed)', fingerprint: fingerprintCredential(`=${token}`, KEY) }]);
  const mixed = collectAuthEvidence({ headers: [['cookie', `cart=c81; ${token}`]] }, KEY);
  expect(mixed).toEqual([{ kind: 'cookie:cart', fingerprint: fingerprintCredential(`=${token};cart=c81`, KEY) }]);
  // Another bare token is another caller.
  expect(collectAuthEvidence({ headers: [['cookie', `${token}x`]] }, KEY)[0].fingerprint).not.toBe(bare[0].fingerprint);
  expect(JSON.stringify([bare, mixed])).not.toContain(token);
});

test('a bare base64 token with its `=` padding sent as a cookie is nameless too, never its "name"', () => {
  // `document.cookie = btoa(token)` makes the browser send the token with its padding: before the first `=` is no name.
  const one = Buffer.from('session for svc-7 issued 2026-12-01 nonce 8f3a/').toString('base64');
  const two = Buffer.from('session for svc-7 issued 2026-12-01 nonce 8f3a').toString('base64');
  expect([one.endsWith('=') && !one.endsWith('=='), two.endsWith('==')]).toEqual([true, true]);
  for (const cookie of [one, two, `cart=c81; ${two}`]) {
    const [evidence] = collectAuthEvidence({ headers: [['cookie', cookie]] }, KEY);
    expect(JSON.stringify(evidence)).not.toContain(one.slice(0, 16));
    expect(evidence.kind).toBe(cookie.startsWith('cart') ? 'cookie:cart' : 'cookie:(unnamed)');
  }
  // Padding is no part of a real cookie's value, but an empty value is: `cart=` keeps its name.
  expect(collectAuthEvidence({ headers: [['cookie', 'cart=; lang=en']] }, KEY)[0].kind).toBe('cookie:cart');
});

test('a JWT sent as a key, in the query (RFC 6750 access_token) or a key header, gives its claims; the kind says where it went', () => {
  // Before: kind and fingerprint only, so its issuer and scopes never reached the endpoint's evidence.
  const claims = { alg: 'RS256', iss: 'https://login.example.com/', aud: ['payments'], scopes: ['charges:read', 'charges:write'], exp: 1893456000 };
  expect(collectAuthEvidence({ headers: [], query: [['access_token', jwt]] }, KEY)).toEqual([{ kind: 'api-key:access_token', fingerprint: fingerprintCredential(jwt, KEY), jwt: claims }]);
  expect(collectAuthEvidence({ headers: [['x-access-token', jwt]] }, KEY)).toEqual([{ kind: 'api-key:x-access-token', fingerprint: fingerprintCredential(jwt, KEY), jwt: claims }]);
  expect(collectAuthEvidence({ headers: [['x-api-key', 'k_9f8e7d6c5b4a']] }, KEY)).toEqual([{ kind: 'api-key:x-api-key', fingerprint: fingerprintCredential('k_9f8e7d6c5b4a', KEY) }]);
});

test('tokens an identity-aware proxy forwards (IAP, ALB, Cloudflare Access, oauth2-proxy, Easy Auth) are credentials', () => {
  // Before: all of these came out as `auth: none`, so requests behind the proxy counted as unauthenticated.
  const ev = (name: string, value: string) => collectAuthEvidence({ headers: [[name, value]] }, KEY);
  const claims = { alg: 'RS256', iss: 'https://login.example.com/', aud: ['payments'], scopes: ['charges:read', 'charges:write'], exp: 1893456000 };
  for (const name of ['x-id-token', 'x-ms-token-aad-id-token', 'x-auth-request-id-token']) {
    expect(ev(name, jwt)).toEqual([{ kind: `api-key:${name}`, fingerprint: fingerprintCredential(jwt, KEY), jwt: claims }]);
  }
  // A proxy's assertion is signed afresh every few minutes: its user (issuer and subject, never stored) is the caller.
  for (const name of ['x-goog-iap-jwt-assertion', 'cf-access-jwt-assertion', 'x-pomerium-jwt-assertion', 'x-jwt-assertion', 'x-amzn-oidc-data']) {
    expect(ev(name, jwt)).toEqual([{ kind: `api-key:${name}`, fingerprint: fingerprintCredential('jwt-subject https://login.example.com/ user-42', KEY), jwt: claims }]);
  }
  for (const name of ['x-amzn-oidc-accesstoken', 'x-auth-request-access-token', 'x-forwarded-access-token', 'x-ms-token-aad-access-token', 'x-vouch-idp-accesstoken', 'cf-access-client-secret']) {
    expect(ev(name, 'opaque-T0ken')).toEqual([{ kind: `api-key:${name}`, fingerprint: fingerprintCredential('opaque-T0ken', KEY) }]);
  }
  // ALB pads the JWT's parts with `=`: still its claims.
  const [h, p, s] = jwt.split('.');
  expect(ev('x-amzn-oidc-data', `${h}==.${p}=.${s}`)[0].jwt).toEqual(claims);
  // Who the user is, or what the proxy did, is no credential.
  for (const name of ['x-amzn-oidc-identity', 'x-goog-authenticated-user-email', 'x-auth-request-user', 'x-csrf-token', 'x-request-id']) expect(ev(name, 'v')).toEqual([{ kind: 'none' }]);
});

test('a caller Authorization a gateway moved aside, and a Kubernetes WebSocket bearer token, are that bearer', () => {
  const bearer = collectAuthEvidence({ headers: [['authorization', `Bearer ${jwt}`]] }, KEY);
  expect(bearer[0].kind).toBe('bearer-jwt');
  for (const name of ['x-forwarded-authorization', 'x-serverless-authorization']) {
    expect(collectAuthEvidence({ headers: [[name, `Bearer ${jwt}`]] }, KEY)).toEqual(bearer);
  }
  const protocol = `base64url.bearer.authorization.k8s.io.${Buffer.from(jwt).toString('base64url')}, base64.binary.k8s.io`;
  expect(collectAuthEvidence({ headers: [['sec-websocket-protocol', protocol]] }, KEY)).toEqual(bearer);
  const opaque = `base64url.bearer.authorization.k8s.io.${Buffer.from('sa-token-123').toString('base64url')}`;
  expect(collectAuthEvidence({ headers: [['sec-websocket-protocol', opaque]] }, KEY)).toEqual([{ kind: 'bearer-opaque', fingerprint: fingerprintCredential('sa-token-123', KEY) }]);
  expect(collectAuthEvidence({ headers: [['sec-websocket-protocol', 'v4.channel.k8s.io, graphql-ws']] }, KEY)).toEqual([{ kind: 'none' }]);
  // `new WebSocket(url, ['access_token', jwt])`: the JWT is a protocol of its own (until 6 Dec `none`).
  expect(collectAuthEvidence({ headers: [['sec-websocket-protocol', `access_token, ${jwt}`]] }, KEY)).toEqual(bearer);
});

test('AWS SigV2 and presigned URLs are one caller per access key, not one per signature', () => {
  // Before: the fingerprint covered the per-request signature, so every request was a new caller.
  const v2 = (sig: string) => collectAuthEvidence({ headers: [['authorization', `AWS AKIAIOSFODNN7EXAMPLE:${sig}`]] }, KEY)[0];
  expect(v2('frJIUN8DYpKDtOLCwo//yllqDzg=')).toEqual({ kind: 'api-key:authorization', fingerprint: fingerprintCredential('aws key:AKIAIOSFODNN7EXAMPLE', KEY) });
  expect(v2('bWq2s1WEIj+Ydj0vQ697zp+IXMU=')).toEqual(v2('frJIUN8DYpKDtOLCwo//yllqDzg='));
  expect(collectAuthEvidence({ headers: [['authorization', 'AWS AKIAI44QH8DHBEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=']] }, KEY)[0].fingerprint).not.toBe(v2('frJIUN8DYpKDtOLCwo//yllqDzg=').fingerprint);
  const header = collectAuthEvidence({ headers: [['authorization', 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=fe5f80f7']] }, KEY)[0];
  const v4Url = (sig: string) => collectAuthEvidence({ headers: [], query: [['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'], ['X-Amz-Credential', 'AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request'], ['X-Amz-Signature', sig]] }, KEY);
  expect(v4Url('aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404')).toEqual([{ kind: 'api-key:x-amz-signature', fingerprint: header.fingerprint }]);
  expect(v4Url('0b5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f10ff')).toEqual(v4Url('aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404'));
  const v2Url = (sig: string) => collectAuthEvidence({ headers: [], query: [['AWSAccessKeyId', 'AKIAIOSFODNN7EXAMPLE'], ['Expires', '1141889120'], ['Signature', sig]] }, KEY);
  expect(v2Url('vjbyPxybdZaNmGa%2ByT272YEAiv4%3D')).toEqual([{ kind: 'api-key:signature', fingerprint: v2('x').fingerprint }]);
  expect(JSON.stringify([v2('frJIUN8DYpKDtOLCwo//yllqDzg='), v4Url('aeeed9bb'), v2Url('vjby')])).not.toMatch(/AKIA|frJIUN|aeeed9bb|vjby/);
});

test('webhook signatures of every common sender are caller authentication, one caller per sender', () => {
  // Before: only seven names were known; Standard Webhooks/Svix, LINE, Zoom, PayPal… deliveries came out as `none`.
  const ev = (name: string, value: string) => collectAuthEvidence({ headers: [[name, value]] }, KEY);
  for (const name of ['webhook-signature', 'svix-signature', 'x-line-signature', 'x-zm-signature', 'x-razorpay-signature', 'x-hubspot-signature-v3', 'x-signature-ed25519', 'x-square-hmacsha256-signature', 'paypal-transmission-sig', 'signature']) {
    expect(ev(name, 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=')).toEqual([{ kind: `api-key:${name}`, fingerprint: fingerprintCredential(name, KEY) }]);
  }
  // RFC 9421: the key named in Signature-Input is the caller, whatever it signed when.
  const input = (created: number) => ev('signature-input', `sig1=("@method" "@path");created=${created};keyid="partner-7";alg="ed25519"`)[0];
  expect(input(1618884473)).toEqual({ kind: 'api-key:signature-input', fingerprint: fingerprintCredential('signature-input key:partner-7', KEY) });
  expect(input(1618884999)).toEqual(input(1618884473));
  for (const name of ['x-signature-timestamp', 'webhook-timestamp', 'x-amz-content-sha256']) expect(ev(name, '1618884473')).toEqual([{ kind: 'none' }]);
});

test('a client certificate a proxy verified (mTLS: Istio XFCC, RFC 9440, nginx, ALB) authenticates the caller', () => {
  // Before: every request inside a service mesh with mTLS came out as `auth: none`.
  const xfcc = 'By=spiffe://cluster.local/ns/shop/sa/orders;Hash=468ed33be74eee6556d90c0149c1309e9ba61d6425303443c0748a02dd8de688;Subject="";URI=spiffe://cluster.local/ns/shop/sa/web';
  expect(collectAuthEvidence({ headers: [['x-forwarded-client-cert', xfcc]] }, KEY)).toEqual([{ kind: 'api-key:x-forwarded-client-cert', fingerprint: fingerprintCredential(xfcc, KEY) }]);
  for (const name of ['client-cert', 'x-ssl-client-cert', 'x-arr-clientcert', 'x-amzn-mtls-clientcert-leaf']) {
    expect(collectAuthEvidence({ headers: [[name, ':MIIBqDCCAU6gAwIBAgIBBzAKBggqhkjOPQQDAjA6:']] }, KEY)[0].kind).toBe(`api-key:${name}`);
  }
  // Whether verification passed is no credential.
  expect(collectAuthEvidence({ headers: [['x-ssl-client-verify', 'SUCCESS']] }, KEY)).toEqual([{ kind: 'none' }]);
});

test('Google Cloud Storage and CloudFront signed URLs are credentials, one caller per signing key', () => {
  // Before: `X-Goog-Signature` was no credential at all (`auth: none`), and a CloudFront `Signature` a new caller per URL.
  const gcs = (sig: string) => collectAuthEvidence({ headers: [], query: [['X-Goog-Algorithm', 'GOOG4-RSA-SHA256'], ['X-Goog-Credential', 'uploader@shop-prod.iam.gserviceaccount.com/20261206/auto/storage/goog4_request'], ['X-Goog-Date', '20261206T101010Z'], ['X-Goog-Signature', sig]] }, KEY);
  expect(gcs('5eae2c7e6f4f0a9d')).toEqual([{ kind: 'api-key:x-goog-signature', fingerprint: fingerprintCredential('goog4 key:uploader@shop-prod.iam.gserviceaccount.com', KEY) }]);
  expect(gcs('0b9c7d2a11aa33ff')).toEqual(gcs('5eae2c7e6f4f0a9d'));
  const cf = (sig: string) => collectAuthEvidence({ headers: [], query: [['Expires', '1767225600'], ['Signature', sig], ['Key-Pair-Id', 'K2JCJMDEHXQW5F']] }, KEY);
  expect(cf('nitfHRCrtziwO2HwPfWw~yYDhUF5EwRunQA-j19DzZrvDh6hQ73lDx~')).toEqual([{ kind: 'api-key:signature', fingerprint: fingerprintCredential('cloudfront key:K2JCJMDEHXQW5F', KEY) }]);
  expect(cf('other~signature')).toEqual(cf('nitfHRCrtziwO2HwPfWw~yYDhUF5EwRunQA-j19DzZrvDh6hQ73lDx~'));
  expect(JSON.stringify([gcs('5eae2c7e6f4f0a9d'), cf('nitfHRCrtz')])).not.toMatch(/uploader|K2JCJ|5eae2c|nitfHR/);
});

test('a DPoP-bound token and a JWT under another scheme name (`JWT`, `Token`) are bearer tokens with their claims', () => {
  // Before: `api-key:authorization` without claims, so their issuers and scopes never reached the evidence.
  const bearer = collectAuthEvidence({ headers: [['authorization', `Bearer ${jwt}`]] }, KEY);
  for (const scheme of ['DPoP', 'JWT', 'Token']) expect(collectAuthEvidence({ headers: [['authorization', `${scheme} ${jwt}`]] }, KEY)).toEqual(bearer);
  expect(collectAuthEvidence({ headers: [['authorization', 'DPoP Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU']] }, KEY)[0].kind).toBe('bearer-opaque');
  expect(collectAuthEvidence({ headers: [['authorization', 'Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b']] }, KEY)[0].kind).toBe('api-key:authorization');
});

test('OAuth 1.0a, Akamai EdgeGrid, Hawk and key:signature schemes (GOOG1, Azure SharedKey) are one caller per key', () => {
  // Before: each fingerprint covered the per-request nonce, timestamp and signature, so every request was a new caller.
  const fp = (value: string) => collectAuthEvidence({ headers: [['authorization', value]] }, KEY)[0];
  const oauth1 = (nonce: string, ts: number, sig: string) =>
    fp(`OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce="${nonce}", oauth_signature="${sig}", oauth_signature_method="HMAC-SHA1", oauth_timestamp="${ts}", oauth_token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", oauth_version="1.0"`);
  expect(oauth1('kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg', 1318622958, 'tnnArxj06cWHq44gCs1OSKk%2FjLY%3D')).toEqual({
    kind: 'api-key:authorization',
    fingerprint: fingerprintCredential('oauth oauth1:xvz1evFS4wEEPTGEFPHBog/370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb', KEY),
  });
  expect(oauth1('other', 1318622999, 'AAAA')).toEqual(oauth1('kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg', 1318622958, 'tnnArxj06cWHq44gCs1OSKk%2FjLY%3D'));
  const edgegrid = (ts: string, nonce: string) =>
    fp(`EG1-HMAC-SHA256 client_token=akab-c113ntt0k3n4qtari252bfxxbsl-yvsdj4dtrx3tm5ex;access_token=akab-acc35t0k3nodujqunph3w7hzp7-gtm6ij;timestamp=${ts};nonce=${nonce};signature=OGd3Dv/rDX5SITZKgfmVPvL/T+n7BY9oN4LDvTkLYUU=`);
  expect(edgegrid('20130817T02:49:13+0000', 'dd9957e2')).toEqual(edgegrid('20130817T02:50:13+0000', '0a7c11f3'));
  expect(edgegrid('t', 'n').fingerprint).toBe(fingerprintCredential('eg1-hmac-sha256 edgegrid:akab-c113ntt0k3n4qtari252bfxxbsl-yvsdj4dtrx3tm5ex/akab-acc35t0k3nodujqunph3w7hzp7-gtm6ij', KEY));
  const hawk = (ts: number, mac: string) => fp(`Hawk id="dh37fgj492je", ts="${ts}", nonce="j4h3g2", mac="${mac}"`);
  expect(hawk(1353832234, '6R4rV5iE+NPoym+WwjeHzjAGXUtLNIxmo1vpMofpLAE=')).toEqual(hawk(1353832299, 'AAAA'));
  expect(fp('GOOG1 GOOGTS7C7FUP3AIRVJTE2BCD:bGl0dGxl')).toEqual(fp('GOOG1 GOOGTS7C7FUP3AIRVJTE2BCD:b3RoZXI='));
  expect(fp('SharedKey myaccount:ctzMq410TV3wS7upTBcunJTDLEJwMAZuFPfr0mrrA08=').fingerprint).toBe(fingerprintCredential('sharedkey key:myaccount', KEY));
  // Another consumer, another caller.
  expect(fp('OAuth oauth_consumer_key="other", oauth_nonce="n", oauth_signature="s"').fingerprint).not.toBe(oauth1('n', 1, 's').fingerprint);
});

test('evidence always fits the exchange record: at most 16 credentials and 32 JWT audiences', () => {
  // Before: a token naming 40 audiences, or a request with 20 key headers, gave a record the schema refused, so
  // `lantern ingest` dropped what `lantern extract` wrote as "not an exchange record".
  const token = [Buffer.from('{"alg":"RS256"}').toString('base64url'), Buffer.from(JSON.stringify({ iss: 'https://idp/', aud: Array.from({ length: 40 }, (_, i) => `api-${i}`) })).toString('base64url'), 'c2ln'].join('.');
  const wide = collectAuthEvidence({ headers: [['authorization', `Bearer ${token}`]] }, KEY);
  expect(wide[0].jwt?.aud).toHaveLength(32);
  const many = collectAuthEvidence({ headers: Array.from({ length: 20 }, (_, i) => [`x-vendor${i}-api-key`, `k${i}`] as [string, string]) }, KEY);
  expect(many.map((e) => e.kind)).toEqual(Array.from({ length: 16 }, (_, i) => `api-key:x-vendor${i}-api-key`));
  for (const auth of [wide, many]) expect(exchangeSchema.safeParse({ ts: '2026-12-06T00:00:00Z', auth }).success).toBe(true);
});

test("an identity-aware proxy's fresh assertions for one user are one caller; another user is another", () => {
  // Before: IAP and ALB sign a new JWT every few minutes, so each counted as a new caller of the endpoint.
  const assertion = (sub: string, iat: number) =>
    ['eyJhbGciOiJFUzI1NiJ9', Buffer.from(JSON.stringify({ iss: 'https://cloud.google.com/iap', sub, email: 'alice@example.com', iat, exp: iat + 600 })).toString('base64url'), 'c2ln'].join('.');
  const fp = (value: string) => collectAuthEvidence({ headers: [['x-goog-iap-jwt-assertion', value]] }, KEY)[0];
  expect(fp(assertion('accounts.google.com:1157', 1700000000)).fingerprint).toBe(fp(assertion('accounts.google.com:1157', 1700000600)).fingerprint);
  expect(fp(assertion('accounts.google.com:1157', 1700000000)).fingerprint).not.toBe(fp(assertion('accounts.google.com:2290', 1700000000)).fingerprint);
  expect(JSON.stringify(fp(assertion('accounts.google.com:1157', 1700000000)))).not.toMatch(/1157|alice/);
});

test('a JWT kept in a cookie gives its claims; the kind and fingerprint stay the cookie header\'s', () => {
  const [ev] = collectAuthEvidence({ headers: [['cookie', `cart=c81; access_token=${jwt}`]] }, KEY);
  expect(ev).toEqual({
    kind: 'cookie:access_token,cart',
    fingerprint: fingerprintCredential(`access_token=${jwt};cart=c81`, KEY),
    jwt: { alg: 'RS256', iss: 'https://login.example.com/', aud: ['payments'], scopes: ['charges:read', 'charges:write'], exp: 1893456000 },
  });
  expect(collectAuthEvidence({ headers: [['cookie', 'sid=eyJnotajwt']] }, KEY)[0].jwt).toBeUndefined();
});

test('vendor key parameters (GitLab private_token, Pipedrive api_token, APIM subscription-key, jwt) are credentials', () => {
  // Before: all of these came out as `auth: none`, the request unauthenticated.
  for (const name of ['private_token', 'api_token', 'subscription-key', 'id_token', 'x-api-key', 'access_key', 'jwt']) {
    expect(collectAuthEvidence({ headers: [], query: [[name, 'glpat-9f8e7d6c5b4a'], ['page', '2']] }, KEY)).toEqual([{ kind: `api-key:${name}`, fingerprint: fingerprintCredential('glpat-9f8e7d6c5b4a', KEY) }]);
  }
});

test('an Authorization header without a credential in it (`Bearer undefined`, `Bearer null`, `Bearer `) is none', () => {
  // Before: `bearer-opaque` with a fingerprint of the word, so a 2xx to a client that never signed in looked authenticated.
  // And a template variable nothing filled in: Postman's and Bruno's `{{token}}`, JavaScript's `${token}` in plain
  // quotes, a shell's `$TOKEN` in single quotes (until 6 Dec each was a bearer token, the same caller everywhere).
  for (const value of ['Bearer undefined', 'Bearer null', 'Bearer ', 'Bearer', 'bearer ""', 'Basic', 'null', 'undefined', 'Bearer [object Object]', 'DPoP null', 'Bearer {{token}}', 'Bearer {{ access_token }}', 'Bearer ${token}', 'Bearer $TOKEN', '{{auth}}', `Basic ${Buffer.from('{{user}}:{{password}}').toString('base64')}`]) {
    expect([value, collectAuthEvidence({ headers: [['authorization', value]] }, KEY)]).toEqual([value, [{ kind: 'none' }]]);
  }
  expect(collectAuthEvidence({ headers: [['x-api-key', 'undefined'], ['x-auth-token', 'null'], ['x-goog-api-key', '{{apiKey}}'], ['cookie', 'sid={{session}}']], query: [['api_key', 'undefined'], ['token', '${TOKEN}']] }, KEY)).toEqual([{ kind: 'none' }]);
  expect(collectAuthEvidence({ headers: [['authorization', 'Bearer $abc{{x}}9']] }, KEY)[0].kind).toBe('bearer-opaque');
  expect(collectAuthEvidence({ headers: [['authorization', 'Bearer nullable-looking-token-123']] }, KEY)[0].kind).toBe('bearer-opaque');
  expect(collectAuthEvidence({ headers: [['authorization', 'Negotiate']] }, KEY)[0].kind).toBe('api-key:authorization');
});

test("a forward proxy's Proxy-Authorization is the proxy's credential, not the API's: the API got none", () => {
  // Captured between a client and an authenticating forward proxy (Squid, a corporate gateway): the proxy consumes
  // the header (RFC 9110 §11.7.2). Read as the API's own, a call the API answered with no credential showed as `basic`.
  const proxied = collectAuthEvidence({ headers: [['proxy-authorization', 'Basic YWxpY2U6czNjcmV0']] }, KEY);
  expect(proxied).toEqual([{ kind: 'none' }, { kind: 'proxy:basic', fingerprint: fingerprintCredential('YWxpY2U6czNjcmV0', KEY) }]);
  // Beside the API's own credential, each is what it is; a proxy's bearer JWT gives no claims (they are not the API's).
  const both = collectAuthEvidence({ headers: [['proxy-authorization', `Bearer ${jwt}`], ['authorization', 'Bearer 2YotnFZFEjr1zCsicMWpAA']] }, KEY);
  expect(both).toEqual([
    { kind: 'bearer-opaque', fingerprint: fingerprintCredential('2YotnFZFEjr1zCsicMWpAA', KEY) },
    { kind: 'proxy:bearer', fingerprint: fingerprintCredential(jwt, KEY) },
  ]);
  for (const e of [...proxied, ...both]) expect(exchangeSchema.shape.auth.parse([e])).toEqual([e]);
});

test('a Proxy-Authorization whose first word is no scheme (a token sent without one) never puts that word in the kind', () => {
  // Until 6 Dec `Proxy-Authorization: <token> x` stored, showed and exported the token as `proxy:<token>`.
  const token = 'k7Gq2mZr9xL4pW8vT3dY6bN1cF5hJ0sA';
  for (const value of [`${token} x`, `sk_live_4eC39HqLyjWD x`, `9f3c2a7b x`]) {
    const [none, proxy] = collectAuthEvidence({ headers: [['proxy-authorization', value]] }, KEY);
    expect([none, proxy]).toEqual([{ kind: 'none' }, { kind: 'proxy:unknown', fingerprint: fingerprintCredential(value, KEY) }]);
    expect(exchangeSchema.shape.auth.parse([proxy])).toEqual([proxy]);
  }
  // Near misses: registered and vendor schemes keep their names.
  for (const scheme of ['Digest', 'AWS4-HMAC-SHA256', 'SCRAM-SHA-256', 'Negotiate-Kerberos']) {
    expect(collectAuthEvidence({ headers: [['proxy-authorization', `${scheme} dXNlcjpwYXNz`]] }, KEY)[1].kind).toBe(`proxy:${scheme.toLowerCase()}`);
  }
});

test("a JWT's exp with a fraction of a second and an aud that is one string are read as RFC 7519 writes them", () => {
  // NumericDate "can represent non-integer values" (RFC 7519 §2); aud is an array or one StringOrURI (§4.1.3).
  // Before: a fractional exp was dropped, so a long-expired token answered 2xx raised no jwt-not-enforced finding,
  // and `aud: "api://orders service"` became two audiences.
  const token = (payload: object) => [Buffer.from('{"alg":"RS256"}').toString('base64url'), Buffer.from(JSON.stringify(payload)).toString('base64url'), 'c2ln'].join('.');
  const [ev] = collectAuthEvidence({ headers: [['authorization', `Bearer ${token({ exp: 1700000000.75, aud: 'api://orders service' })}`]] }, KEY);
  expect(ev.jwt).toEqual({ alg: 'RS256', aud: ['api://orders service'], exp: 1700000000 });
  expect(exchangeSchema.shape.auth.parse([ev])).toEqual([ev]);
});

test("an opaque token sent as the WebSocket protocol after 'access_token' (or 'Bearer') is that bearer, not none", () => {
  // `new WebSocket(url, ['access_token', token])` with a token that is no JWT (Rails, Phoenix, a gateway's opaque
  // token). Before: `none`, an unauthenticated 101 on an endpoint every client authenticates to.
  for (const marker of ['access_token', 'Bearer', 'authorization']) {
    expect(collectAuthEvidence({ headers: [['sec-websocket-protocol', `${marker}, 2YotnFZFEjr1zCsicMWpAA`]] }, KEY)).toEqual([{ kind: 'bearer-opaque', fingerprint: fingerprintCredential('2YotnFZFEjr1zCsicMWpAA', KEY) }]);
  }
  // A subprotocol list without the marker, or the marker last, names no token.
  for (const protocols of ['graphql-ws, graphql-transport-ws', 'v12.stomp, access_token', 'access_token']) {
    expect(collectAuthEvidence({ headers: [['sec-websocket-protocol', protocols]] }, KEY)).toEqual([{ kind: 'none' }]);
  }
});

test('Basic credentials a client encoded from nothing (`:`, `undefined:undefined`, `null:null`) are no credential', () => {
  // A single-page app's `btoa(`${user}:${password}`)` before sign-in, an HTTP library given empty credentials: the
  // same placeholder as `Bearer undefined`. Before: `basic`, and the 2xx such a request got hid the missing auth.
  for (const decoded of [':', 'undefined:undefined', 'null:null', 'undefined:', ':null']) {
    expect(collectAuthEvidence({ headers: [['authorization', `Basic ${Buffer.from(decoded).toString('base64')}`]] }, KEY)).toEqual([{ kind: 'none' }]);
  }
  // A user without a password, or a password without a user, is a credential.
  for (const decoded of ['alice:', ':s3cret', 'undefined:s3cret']) {
    expect(collectAuthEvidence({ headers: [['authorization', `Basic ${Buffer.from(decoded).toString('base64')}`]] }, KEY).map((e) => e.kind)).toEqual(['basic']);
  }
});
