import { expect, test } from 'vitest';
import { collectAuthEvidence } from './auth-evidence';
import { recordedCookieName, sessionCookieName } from './session-cookie-names';

test('the session cookie is picked over analytics and preference cookies, a token cookie next, else the first', () => {
  expect(sessionCookieName(['_ga', 'session'])).toBe('session');
  expect(sessionCookieName(['ASP.NET_SessionId', '_ga'])).toBe('ASP.NET_SessionId');
  expect(sessionCookieName(['_ga', 'connect.sid', 'theme'])).toBe('connect.sid');
  expect(sessionCookieName(['PHPSESSID'])).toBe('PHPSESSID');
  expect(sessionCookieName(['_ga', 'access_token', 'laravel_session'])).toBe('laravel_session');
  expect(sessionCookieName(['_ga', 'access_token'])).toBe('access_token');
  expect(sessionCookieName(['_ga', '_gid'])).toBe('_ga');
  expect(sessionCookieName(['consider'])).toBe('consider');
  expect(sessionCookieName([])).toBeUndefined();
});

test('a cookie named like a credential is recorded without it: a token, a JWT, a per-login nonce, a hash suffix', () => {
  // Names are the kind (`cookie:<names>`), stored, counted, exported and listed in the Auth filter. Before: as sent.
  const cases: [string, string][] = [
    ['session', 'session'],
    ['ASP.NET_SessionId', 'ASP.NET_SessionId'],
    ['next-auth.session-token', 'next-auth.session-token'],
    // ASP.NET Core's OIDC correlation and nonce cookies: a new random name for every sign-in.
    ['.AspNetCore.Correlation.oidc.xsEQ3XDLb4AwhbxvMWE9pYXZ1FSPkSGRlVCn4RKzeNs', '.AspNetCore.Correlation.oidc.{redacted}'],
    ['.AspNetCore.OpenIdConnect.Nonce.CfDJ8Kp2xQ7mZ9vLwR3tYhN5bE1sA0cU4dF6gH8jK', '.AspNetCore.OpenIdConnect.Nonce.{redacted}'],
    // WordPress and Laravel suffix a hash: the name stays readable.
    ['wordpress_logged_in_5c016e8f0f95f039102cbe8366c5c7f3', 'wordpress_logged_in_{redacted}'],
    ['remember_web_59ba36addc2b2f9401580f014c7f58ea4e30989d', 'remember_web_{redacted}'],
    // A token or a JWT set as the name (`document.cookie = token + '=1'`): no part of it is kept.
    ['sk_live_CANARYq9Zt4Lw8Xv2Nb6Mc3Kd', '{redacted}'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', '{redacted}'],
    ['xsEQ3XDLb4AwhbxvMWE9pYXZ1FSPkSGRlVCn4RKzeNs', '{redacted}'],
  ];
  expect(cases.map(([name]) => recordedCookieName(name))).toEqual(cases.map(([, recorded]) => recorded));
});

test("load balancers' stickiness cookies and bot checks are no credential: a call carrying only them is anonymous", () => {
  // Until 6 Dec only AWS's were known: every call through Azure App Service (ARRAffinity), an F5 (BIGipServer<pool>),
  // Cloudflare's, Google's or ingress-nginx's load balancer, or behind Akamai's or Imperva's bot check, looked
  // authenticated by that cookie (an IIS log's cs(Cookie), a capture, a HAR).
  const kinds = (cookie: string) => collectAuthEvidence({ headers: [['cookie', cookie]] }, 'k').map((e) => e.kind);
  for (const cookie of [
    'ARRAffinity=1f7c0a; ARRAffinitySameSite=1f7c0a',
    'BIGipServerpool_api_443=1677787402.36895.0000',
    '__cflb=02DiuFA7zZL3enAQ',
    'GCLB=CMa2i8qg3qLr',
    'INGRESSCOOKIE=1683205566.123.45.678901',
    'SERVERID=s2; ROUTEID=.node1',
    'AWSALBAPP-0=_remove_',
    '_abck=0~-1~YAAQ; bm_sz=8C1B; ak_bmsc=A3F; bm_sv=9D2',
    'incap_ses_1234_5678=Zm9v; visid_incap_5678=YmFy; nlbi_5678=cXV4',
  ]) expect(kinds(cookie), cookie).toEqual(['none']);
  expect(kinds('ARRAffinity=1f7c0a; .AspNetCore.Cookies=CfDJ8')).toEqual(['cookie:.AspNetCore.Cookies']);
  // Names that only start like one are still cookies a site chose.
  expect(kinds('SERVERIDX=1')).toEqual(['cookie:SERVERIDX']);
});
