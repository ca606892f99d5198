import { createHmac } from 'node:crypto';
import { authSecret } from '../auth/secret';
import { databaseBackoffStore } from '../db/sign-in-throttle-store';
import { createFailureBackoff } from './failure-backoff';

/**
 * Password guessing defence for the credentials sign-in. Two keys per attempt: the e-mail address (the 5th
 * consecutive failure locks it for 30 s, then 1, 2, 4 … up to 15 min: a person who mistyped five times waits half a
 * minute, a guesser gets ~100 tries an hour) stops guessing one account from many addresses; the client address
 * (locked from the 20th failure, since offices share one NAT address) stops spraying many accounts from one place.
 * While either key is locked the password is not even checked, so a locked attacker learns nothing.
 * The counts are kept in the database (shared by every replica behind a load balancer), under an HMAC of the key so
 * the table never holds the e-mail addresses people mistyped or their client addresses.
 */
const byAccount = createFailureBackoff({ failuresBeforeLock: 5, baseMs: 30_000, maxMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 }, databaseBackoffStore);
const byClient = createFailureBackoff({ failuresBeforeLock: 20, baseMs: 30_000, maxMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 }, databaseBackoffStore);

export type SignInKeys = { email: string; client: string | undefined };

const storedKey = (kind: 'account' | 'client', value: string) => createHmac('sha256', authSecret()).update(`${kind}:${value}`).digest('base64url');
const accountKey = (email: string) => storedKey('account', email.toLowerCase());

export async function signInRetryAfterMs(keys: SignInKeys): Promise<number | undefined> {
  const checks = [byAccount.check(accountKey(keys.email)), ...(keys.client ? [byClient.check(storedKey('client', keys.client))] : [])];
  for (const v of await Promise.all(checks)) if (!v.allowed) return v.retryAfterMs;
  return undefined;
}

export async function recordSignInResult(keys: SignInKeys, ok: boolean): Promise<void> {
  if (ok) return byAccount.recordSuccess(accountKey(keys.email));
  await byAccount.recordFailure(accountKey(keys.email));
  if (keys.client) await byClient.recordFailure(storedKey('client', keys.client));
}

/**
 * The client address next-auth's request carries. Every proxy appends the address it received the request from, so
 * only the hops added by our own proxies are trustworthy: with `trustedProxies` proxies in front (each appending,
 * like nginx's `$proxy_add_x_forwarded_for`, ALB or Envoy), the client is that many hops from the right. Hops further
 * left were written by the client and would let it pick a fresh key for every attempt. With no proxy (0) there is no
 * trustworthy hop at all: Next.js fills the header with the socket address only when the client sent none, and a
 * route handler is told nothing else of its peer, so whatever the header says may be the client's choice.
 */
export function clientAddress(headers: Record<string, unknown> | undefined, trustedProxies: number): string | undefined {
  const forwarded = headers?.['x-forwarded-for'];
  if (trustedProxies < 1 || typeof forwarded !== 'string') return undefined;
  const hops = forwarded.split(',').map((h) => h.trim());
  return hops[hops.length - trustedProxies] || undefined;
}
