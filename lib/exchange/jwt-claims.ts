import type { JwtClaims } from './exchange';

/** AWS ALB pads its `x-amzn-oidc-data` JWT's parts with `=`, against RFC 7515; the padding changes nothing decoded. */
const JWT_SHAPE = /^[A-Za-z0-9_-]{2,}={0,2}\.[A-Za-z0-9_-]{2,}={0,2}\.[A-Za-z0-9_-]*={0,2}$/;

/**
 * Reads the unverified header and payload of a compact JWS. Only posture-relevant claims are kept;
 * `sub`, e-mails and custom claims are personal data and are dropped here on purpose.
 * Returns undefined when the token is not a decodable JWT.
 */
export function readJwtClaims(token: string): JwtClaims | undefined {
  if (token.length > 16384 || !JWT_SHAPE.test(token)) return undefined;
  const [headerPart, payloadPart, signaturePart] = token.split('.');
  const header = decodeJsonPart(headerPart);
  const payload = decodeJsonPart(payloadPart);
  if (!header || !payload || typeof header.alg !== 'string') return undefined;
  const claims: JwtClaims = { alg: header.alg.slice(0, 32) };
  if (typeof payload.iss === 'string') claims.iss = payload.iss.slice(0, 512);
  // At most the record's 32 (exchange.ts jwtClaimsSchema): a token naming more made its record one `ingest` refused.
  // One string is one audience (RFC 7519 §4.1.3), spaces and all: only scopes are space-separated.
  const aud = stringList(typeof payload.aud === 'string' ? [payload.aud] : payload.aud)?.slice(0, 32);
  if (aud) claims.aud = aud;
  const scopes = stringList(payload.scope ?? payload.scp ?? payload.scopes);
  if (scopes) claims.scopes = scopes;
  // A NumericDate may have a fraction (RFC 7519 §2): dropped, an expired token's 2xx went unnoticed.
  if (signaturePart.replace(/=+$/, '') === '') claims.unsigned = true;
  if (typeof payload.exp === 'number' && Number.isSafeInteger(Math.floor(payload.exp))) claims.exp = Math.floor(payload.exp);
  return claims;
}

/** The claims of `value` when it is a JWT (`eyJ`, `{"` in base64url, starts every JWT header: a cheap test first). */
export function jwtClaimsIn(value: string): JwtClaims | undefined {
  return value.startsWith('eyJ') ? readJwtClaims(value) : undefined;
}

/**
 * `<iss> <sub>` of a JWT, only to fingerprint its user by: never stored. An identity-aware proxy signs a fresh
 * assertion every few minutes (Google IAP, AWS ALB), so the token itself would make a new caller of the same user.
 */
export function jwtSubject(token: string): string | undefined {
  if (token.length > 16384 || !JWT_SHAPE.test(token)) return undefined;
  const payload = decodeJsonPart(token.split('.')[1]);
  return payload && typeof payload.sub === 'string' && payload.sub.length > 0 ? `${typeof payload.iss === 'string' ? payload.iss : ''} ${payload.sub}` : undefined;
}

function decodeJsonPart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** OAuth scopes arrive as a space-separated string (RFC 8693 `scope`) or an array (`scp` in Azure AD/Okta). */
function stringList(value: unknown): string[] | undefined {
  const items = typeof value === 'string' ? value.split(' ') : Array.isArray(value) ? value : undefined;
  if (!items) return undefined;
  const out = items.filter((s): s is string => typeof s === 'string' && s.length > 0).map((s) => s.slice(0, 256));
  return out.length > 0 ? out.slice(0, 256) : undefined;
}
