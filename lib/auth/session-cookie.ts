import { decode, encode, type JWT } from 'next-auth/jwt';

/**
 * next-auth keeps the session in an encrypted JWT cookie. Route handlers decode it from the Request itself
 * rather than through Next's request context, so the same wrapper works in tests and in the server.
 */
export const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

export function readCookie(req: Request, name: string): string | undefined {
  return readCookies(req)[name];
}

/** Every cookie of the request by name (the first of a repeated name, as browsers send the most specific first). */
export function readCookies(req: Request): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (req.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim();
    if (eq === -1 || name in cookies) continue;
    try {
      cookies[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      cookies[name] = part.slice(eq + 1).trim();
    }
  }
  return cookies;
}

export async function decodeSessionCookie(req: Request, secret: string): Promise<JWT | null> {
  for (const name of SESSION_COOKIES) {
    const token = readCookie(req, name);
    if (token) {
      try {
        return await decode({ token, secret });
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * Used by tests and the browser-test harness to act as a user without the sign-in form: a session that signed in now,
 * unless the claims say when.
 */
export function encodeSessionToken(claims: JWT, secret: string, maxAge: number): Promise<string> {
  return encode({ token: { authAt: Date.now(), ...claims }, secret, maxAge });
}

/**
 * When the session signed in (ms, the claim lib/auth/next-auth-options.ts sets), while that is less than
 * `maxAgeSeconds` ago; else undefined, as for a cookie without the claim. The lifetime counts from the sign-in, not
 * from the cookie's `exp`: next-auth pushes that forward each time it re-issues the cookie (GET /api/auth/session).
 */
export function liveSessionSignedInAt(jwt: JWT, maxAgeSeconds: number, now = Date.now()): number | undefined {
  const at = jwt.authAt;
  return typeof at === 'number' && now < at + maxAgeSeconds * 1000 ? at : undefined;
}
