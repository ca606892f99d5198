import { expect, test } from 'vitest';
import { withRecordedAuthKinds } from './recorded-auth-kinds';

test("an older collector's cookie kinds naming a token are stored without it, counts of kinds that become one added", () => {
  const kinds = { none: 2, 'cookie:session': 3, 'cookie:session,sk_live_CANARYq9Zt4Lw8Xv2Nb6Mc3Kd': 4, 'cookie:session,ghp_CANARY0123456789abcdefABCDEF0123456789': 1, 'bearer-jwt': 5 };
  expect(withRecordedAuthKinds(kinds)).toEqual({ none: 2, 'cookie:session': 3, 'cookie:session,{redacted}': 5, 'bearer-jwt': 5 });
  // Current kinds come back as the same object.
  const current = { 'cookie:.AspNetCore.Correlation.oidc.{redacted},session': 1, 'cookie:(unnamed)': 2 };
  expect(withRecordedAuthKinds(current)).toBe(current);
});

test("an api-key kind named after a credential (a batch another tool wrote) is stored without it; header names stay", () => {
  const kinds = { 'api-key:sk_live_CANARYq9Zt4Lw8Xv2Nb6Mc3Kd': 2, 'api-key:0123456789abcdef0123456789abcdef01234567': 1, 'api-key:x-goog-api-key': 4, 'api-key:api_key': 1 };
  expect(withRecordedAuthKinds(kinds)).toEqual({ 'api-key:{redacted}': 3, 'api-key:x-goog-api-key': 4, 'api-key:api_key': 1 });
  const current = { 'api-key:x-api-key': 1, 'api-key:{redacted}': 2, 'api-key:x-hasura-admin-secret': 1 };
  expect(withRecordedAuthKinds(current)).toBe(current);
});

test("a proxy kind whose scheme is a token (an older collector took `Proxy-Authorization: <token> x`'s token for it) is stored as proxy:unknown", () => {
  const kinds = { 'proxy:k7gq2mzr9xl4pw8vt3dy6bn1cf5hj0sa': 2, 'proxy:sk_live_4ec39hqlyjwd': 1, 'proxy:unknown': 1, 'proxy:basic': 3, none: 5 };
  expect(withRecordedAuthKinds(kinds)).toEqual({ 'proxy:unknown': 4, 'proxy:basic': 3, none: 5 });
  const current = { 'proxy:aws4-hmac-sha256': 1, 'proxy:ntlm': 2, 'proxy:scram-sha-256': 1 };
  expect(withRecordedAuthKinds(current)).toBe(current);
});
