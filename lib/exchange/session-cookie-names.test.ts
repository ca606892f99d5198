import { expect, test } from 'vitest';
import { sessionCookieName } from './session-cookie-names';

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
