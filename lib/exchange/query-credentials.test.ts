import { expect, test } from 'vitest';
import { queryCredentialEvidence } from '../../collectors/logs/exchange-fields';
import { collectAuthEvidence } from './auth-evidence';
import { fingerprintCredential } from './fingerprint';

const KEY = 'unit-test-key';
const CONSUMER = 'xvz1evFS4wEEPTGEFPHBog';
const TOKEN = '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb';

/** OAuth 1.0a in the query string (RFC 5849 §3.5.3): Magento, WooCommerce over HTTP, Flickr, Tumblr. */
const oauth1Query = (nonce: string, sig: string): Array<[string, string]> => [
  ['oauth_consumer_key', CONSUMER], ['oauth_nonce', nonce], ['oauth_signature', sig], ['oauth_signature_method', 'HMAC-SHA1'],
  ['oauth_timestamp', '1318622958'], ['oauth_token', TOKEN], ['oauth_version', '1.0'],
];

test("OAuth 1.0a sent in the query is the caller its Authorization form is, whatever it signs", () => {
  // Until 6 Dec: `none`, an unauthenticated call, in a capture or HAR that shows every header.
  const query = collectAuthEvidence({ headers: [], query: oauth1Query('kYjzVBB8Y0', 'tnnArxj06cWHq44gCs1OSKk/jLY=') }, KEY);
  expect(query).toEqual([{ kind: 'api-key:oauth_signature', fingerprint: fingerprintCredential(`oauth oauth1:${CONSUMER}/${TOKEN}`, KEY) }]);
  expect(collectAuthEvidence({ headers: [], query: oauth1Query('other', 'AAAA') }, KEY)).toEqual(query);
  const header = collectAuthEvidence({ headers: [['authorization', `OAuth oauth_consumer_key="${CONSUMER}", oauth_nonce="n", oauth_signature="s", oauth_token="${TOKEN}"`]] }, KEY);
  expect(header[0].fingerprint).toBe(query[0].fingerprint);
});

test("WooCommerce's consumer_key and consumer_secret in the query are API keys", () => {
  const query: Array<[string, string]> = [['consumer_key', 'ck_1a2b3c'], ['consumer_secret', 'cs_4d5e6f'], ['per_page', '10']];
  expect(collectAuthEvidence({ headers: [], query }, KEY)).toEqual([
    { kind: 'api-key:consumer_key', fingerprint: fingerprintCredential('ck_1a2b3c', KEY) },
    { kind: 'api-key:consumer_secret', fingerprint: fingerprintCredential('cs_4d5e6f', KEY) },
  ]);
  // An access log's URL: until 6 Dec no evidence at all (the log's fast test knew no such name).
  expect(queryCredentialEvidence('consumer_key=ck_1a2b3c&consumer_secret=cs_4d5e6f&per_page=10', KEY)?.map((e) => e.kind)).toEqual(['api-key:consumer_key', 'api-key:consumer_secret']);
  expect(queryCredentialEvidence(oauth1Query('n', 's').map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'), KEY)?.map((e) => e.kind)).toEqual(['api-key:oauth_signature']);
});

test('a query encoded twice (`?token%3D<value>`) carries the credential its once-encoded form does', () => {
  // Until 6 Dec its name was `token` (lib/exchange/query-names.ts recordedQueryName) but the call `none`.
  const value = 'q7Rm2xVb9KpL4sWd8ZtY+c3/NfJh';
  const once = [{ kind: 'api-key:token', fingerprint: fingerprintCredential(value, KEY) }];
  expect(queryCredentialEvidence(`token=${encodeURIComponent(value)}&page=2`, KEY)).toEqual(once);
  for (const twice of [`token%3D${encodeURIComponent(encodeURIComponent(value))}&page=2`, encodeURIComponent(`token=${encodeURIComponent(value)}&page=2`)]) {
    // An access log's URL, and the pairs a capture, a HAR or another log reader hands collectAuthEvidence.
    expect(queryCredentialEvidence(twice, KEY), twice).toEqual(once);
    const [name] = twice.split('&');
    expect(collectAuthEvidence({ headers: [], query: [[decodeURIComponent(name), '']] }, KEY), twice).toEqual(once);
  }
  // The whole query encoded twice: every pair its escaped `&` hides is read (until 7 Dec only the first, and
  // `?page%3D2%26token%3D…` was `none`).
  const whole = encodeURIComponent(`page=2&token=${encodeURIComponent(value)}`);
  expect(queryCredentialEvidence(whole, KEY)).toEqual(once);
  expect(collectAuthEvidence({ headers: [], query: [[decodeURIComponent(whole), '']] }, KEY)).toEqual(once);
  // A value that names a credential's word is no credential, its name is `q`.
  expect(queryCredentialEvidence('q%3Dtoken', KEY)).toBeUndefined();
  expect(queryCredentialEvidence('page%3D2%26q%3Dtoken', KEY)).toBeUndefined();
  expect(collectAuthEvidence({ headers: [], query: [['q=token', '']] }, KEY)).toEqual([{ kind: 'none' }]);
  expect(collectAuthEvidence({ headers: [], query: [['token=', '']] }, KEY)).toEqual([{ kind: 'none' }]);
});

test('a refresh or session token in the query is an API key, as in its header (X-Refresh-Token, X-Session-Token)', () => {
  // Until 7 Dec `?refresh_token=…` and `?session_token=…` were `none` (an unauthenticated call) where the same token
  // in `X-Refresh-Token` or `X-Session-Token` was a credential; a push token or a device's id there still names no caller.
  for (const name of ['refresh_token', 'refreshToken', 'session_token', 'session-token']) {
    const ev = collectAuthEvidence({ headers: [], query: [['grant_type', 'refresh_token'], [name, 'CANARYq7Rm2xVb9KpL4sWd8Z']] }, KEY);
    expect(ev, name).toEqual([{ kind: `api-key:${name.toLowerCase()}`, fingerprint: fingerprintCredential('CANARYq7Rm2xVb9KpL4sWd8Z', KEY) }]);
    // A log's query, read by the collectors' quick test first.
    expect(queryCredentialEvidence(`grant_type=refresh_token&${name}=CANARYq7Rm2xVb9KpL4sWd8Z`, KEY)?.map((e) => e.kind), name).toEqual([`api-key:${name.toLowerCase()}`]);
  }
  for (const name of ['push_token', 'device_id', 'refresh']) expect(collectAuthEvidence({ headers: [], query: [[name, 'CANARYq7Rm2xVb9KpL4sWd8Z']] }, KEY), name).toEqual([{ kind: 'none' }]);
});
