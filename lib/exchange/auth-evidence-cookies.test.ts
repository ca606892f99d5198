import { expect, test } from 'vitest';
import { collectAuthEvidence } from './auth-evidence';
import { fingerprintCredential } from './fingerprint';

/** Cookies that are no credential, and cookie headers read as one caller (split from auth-evidence.test.ts). */
const KEY = 'unit-test-key';

test('analytics, consent, CSRF and load-balancer cookies are no credential: alone they are none, beside one left out', () => {
  // Before: `Cookie: _ga=…; _gid=…` made a request `cookie:_ga,_gid`, authenticated, so an open API called from a page
  // with Google Analytics never counted an unauthenticated 2xx; and the daily `_gid` made the same session a new caller.
  const ev = (cookie: string) => collectAuthEvidence({ headers: [['cookie', cookie]] }, KEY);
  expect(ev('_ga=GA1.2.1234567890.1700000000; _gid=GA1.2.987654321.1700000000; _ga_ABC123=GS1.1.17; OptanonConsent=isGpcEnabled=0; csrftoken=Xk3; AWSALB=bGJ')).toEqual([{ kind: 'none' }]);
  const session = ev('_ga=GA1.2.1; sessionid=abc123; _gid=GA1.2.day1');
  expect(session).toEqual([{ kind: 'cookie:sessionid', fingerprint: fingerprintCredential('sessionid=abc123', KEY) }]);
  expect(ev('_gid=GA1.2.day2; sessionid=abc123')).toEqual(session);
  expect(ev('_hjSessionUser_3345=eyJ; connect.sid=s%3Aabc')[0].kind).toBe('cookie:connect.sid');
});

test("a visitor's preference cookies (theme, language, locale) are no credential: alone they are none, beside one left out", () => {
  // Before: a page's `theme=dark; lang=en` made its calls to a public API `cookie:lang,theme`, authenticated, and a
  // session that toggled its theme became a new caller.
  const ev = (cookie: string) => collectAuthEvidence({ headers: [['cookie', cookie]] }, KEY);
  expect(ev('theme=dark; lang=en; NEXT_LOCALE=de; django_language=fr; i18next=en-US; locale=en_GB; timezone=Europe%2FParis; currency=EUR')).toEqual([{ kind: 'none' }]);
  const session = ev('theme=dark; sessionid=abc123; lang=en');
  expect(session).toEqual([{ kind: 'cookie:sessionid', fingerprint: fingerprintCredential('sessionid=abc123', KEY) }]);
  expect(ev('sessionid=abc123; theme=light')).toEqual(session);
  // Only those names: a token or a session named after a language or a theme is still one.
  expect(ev('lang_session=abc; theme_token=xyz').map((e) => e.kind)).toEqual(['cookie:lang_session,theme_token']);
});

test("a cookie's kind names no credential a client set as a cookie name, nor a per-login nonce", () => {
  const [ev] = collectAuthEvidence({ headers: [['cookie', 'session=abc; .AspNetCore.Correlation.oidc.xsEQ3XDLb4AwhbxvMWE9pYXZ1FSPkSGRlVCn4RKzeNs=N; sk_live_CANARYq9Zt4Lw8Xv2Nb6Mc3Kd=1']] }, KEY);
  expect(ev.kind).toBe('cookie:.AspNetCore.Correlation.oidc.{redacted},session,{redacted}');
});

test("HTTP/2 cookie crumbs are one Cookie header (RFC 9113 §8.2.3): one kind and one caller, as over HTTP/1.1", () => {
  // Browsers split the Cookie header into one field per cookie over HTTP/2 (HPACK compresses them better). Before:
  // each crumb was a credential of its own, `cookie:session` and `cookie:cart` on every request, and two callers.
  const crumbs = collectAuthEvidence({ headers: [['cookie', 'session=abc'], ['accept', '*/*'], ['cookie', 'cart=c81'], ['cookie', '_ga=GA1.2.3']] }, KEY);
  expect(crumbs).toEqual(collectAuthEvidence({ headers: [['cookie', 'session=abc; cart=c81; _ga=GA1.2.3']] }, KEY));
  expect(crumbs.map((e) => e.kind)).toEqual(['cookie:cart,session']);
});

test('a cookie whose value is a placeholder (`token=undefined`, `session=null`) is no credential', () => {
  // `document.cookie = 'access_token=' + token` before sign-in: the same placeholder as `Bearer undefined`. Before:
  // `cookie:access_token`, and the 2xx such a request got hid the missing authentication.
  for (const cookie of ['access_token=undefined', 'session=null', 'jwt=[object Object]', 'auth=""', 'undefined', 'token=undefined; _ga=GA1.2.3']) {
    expect([cookie, collectAuthEvidence({ headers: [['cookie', cookie]] }, KEY)]).toEqual([cookie, [{ kind: 'none' }]]);
  }
  expect(collectAuthEvidence({ headers: [['cookie', 'access_token=undefined; sid=abc123']] }, KEY)).toEqual([{ kind: 'cookie:sid', fingerprint: fingerprintCredential('sid=abc123', KEY) }]);
});
