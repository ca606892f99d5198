import { createHmac } from 'node:crypto';

/**
 * A keyed, truncated HMAC-SHA256: stable for one installation (same key → same fingerprint, so callers
 * can be told apart), useless for recovering the credential or for matching it across installations.
 * 64 bits keeps collisions negligible at inventory scale while staying short enough to show in the UI.
 */
export function fingerprintCredential(credential: string, key: Uint8Array | string): string {
  return createHmac('sha256', key).update(credential).digest('hex').slice(0, 16);
}
