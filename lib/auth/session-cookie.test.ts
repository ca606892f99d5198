import { expect, test } from 'vitest';
import { liveSessionSignedInAt } from './session-cookie';

test('a session lives LANTERN_SESSION_MAX_AGE from its sign-in, not from when its cookie was last re-issued', () => {
  const signIn = Date.UTC(2026, 11, 5, 9, 0, 0);
  // iat/exp as after a renewal 30 s in: they play no part.
  const jwt = { sub: 'u1', authAt: signIn, iat: signIn / 1000 + 30, exp: signIn / 1000 + 30 + 20 };
  expect(liveSessionSignedInAt(jwt, 20, signIn)).toBe(signIn);
  expect(liveSessionSignedInAt(jwt, 20, signIn + 19_999)).toBe(signIn);
  expect(liveSessionSignedInAt(jwt, 20, signIn + 20_000)).toBeUndefined();
  expect(liveSessionSignedInAt(jwt, 20, signIn + 35_000)).toBeUndefined();
  expect(liveSessionSignedInAt({ sub: 'u1', iat: signIn / 1000 }, 20, signIn)).toBeUndefined();
  expect(liveSessionSignedInAt({ sub: 'u1', authAt: String(signIn) }, 20, signIn)).toBeUndefined();
});
