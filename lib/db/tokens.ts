import { z } from 'zod';
import { generateApiToken } from '../auth/api-token';
import { tokenScopeSchema, type TokenScope } from '../auth/roles';
import { db } from './client';

/**
 * A token's name, from the API and the CLI alike (the CLI stored any text): not blank, as long as the list shows, and
 * on one line, since a line break wrote a line of its own (a forged token) into `lantern token list`.
 */
export const tokenNameSchema = z.string().trim().min(1).max(80).regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters (line breaks, tabs)');

const TOUCH_INTERVAL_MS = 60_000;
const lastTouched = new Map<string, number>();

export async function createApiToken(input: { name: string; scopes: TokenScope[]; createdById?: string }) {
  const { token, hash, prefix } = generateApiToken();
  // A scope named twice (`--scope read --scope read`) is one: it was stored, listed and audited twice.
  const scopes = [...new Set(input.scopes)];
  const row = await db().apiToken.create({
    data: { name: input.name, scopes, hash, prefix, createdById: input.createdById },
  });
  return { token, row, scopes };
}

export async function findActiveToken(hash: string) {
  const row = await db().apiToken.findUnique({ where: { hash } });
  if (!row || row.revokedAt) return null;
  const scopes = tokenScopeSchema.array().safeParse(row.scopes);
  return { id: row.id, name: row.name, scopes: scopes.success ? scopes.data : [] };
}

/** Records last use at most once a minute per token, so a busy collector does not write on every request. */
export async function touchToken(id: string): Promise<void> {
  const now = Date.now();
  if ((lastTouched.get(id) ?? 0) > now - TOUCH_INTERVAL_MS) return;
  lastTouched.set(id, now);
  await db().apiToken.update({ where: { id }, data: { lastUsedAt: new Date(now) } });
}

export async function listApiTokens() {
  const rows = await db().apiToken.findMany({
    orderBy: { createdAt: 'desc' },
    select: { id: true, name: true, scopes: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
  return rows.map((t) => ({ ...t, scopes: t.scopes as string[], createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null }));
}

/**
 * Revokes a token once: a repeated revoke (a retried DELETE, two admins at once) keeps the first revocation time,
 * and `revokedNow` is true for exactly one caller, so one audit event is written. Unknown ids throw P2025 (404).
 */
export async function revokeApiToken(id: string) {
  const { count } = await db().apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  const row = await db().apiToken.findUniqueOrThrow({ where: { id } });
  return { row, revokedNow: count === 1 };
}
