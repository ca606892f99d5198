import { randomBytes } from 'node:crypto';
import { env } from '../env';
import { db } from './client';
import { createUser } from './users';
import { recordAuditEvent } from './audit';

/**
 * First start: creates the admin account when the database has no admin yet. The password comes from
 * LANTERN_ADMIN_PASSWORD or is generated and returned so the caller can print it — once; only its hash is stored.
 */
export async function ensureAdmin(): Promise<{ email: string; password: string; generated: boolean } | null> {
  if ((await db().user.count({ where: { role: 'admin' } })) > 0) return null;
  const { LANTERN_ADMIN_EMAIL: email, LANTERN_ADMIN_PASSWORD } = env();
  const password = LANTERN_ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
  const existing = await db().user.findUnique({ where: { email } });
  if (existing) {
    // Someone registered the admin e-mail with a lesser role: promote rather than fail to start.
    await db().user.update({ where: { id: existing.id }, data: { role: 'admin' } });
    return null;
  }
  const user = await createUser({ email, name: 'Administrator', role: 'admin', password });
  await recordAuditEvent({ actor: 'system', action: 'user.bootstrap', targetType: 'user', targetId: user.id, summary: `created admin ${email}` });
  return { email, password, generated: LANTERN_ADMIN_PASSWORD === undefined };
}
