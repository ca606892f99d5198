import { createHash, randomBytes } from 'node:crypto';

/**
 * API tokens are 256 random bits, shown once. Only a SHA-256 is stored: with that much entropy a slow hash adds
 * nothing, and a fast one keeps per-request verification cheap for collectors pushing at high rates.
 */
export const TOKEN_PREFIX = 'lt_';

export function generateApiToken(): { token: string; hash: string; prefix: string } {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashApiToken(token), prefix: token.slice(0, 10) };
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function looksLikeApiToken(value: string): boolean {
  return value.startsWith(TOKEN_PREFIX) && /^lt_[A-Za-z0-9_-]{43}$/.test(value);
}
