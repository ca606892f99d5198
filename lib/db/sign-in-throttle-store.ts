import type { BackoffStore } from '../security/failure-backoff';
import { db } from './client';

/**
 * Sign-in failure counts in the database, so every app replica sees the same lockouts. Each failure is one atomic
 * increment (an upsert); concurrent failures on two replicas both count. Rows past the forget window are deleted as
 * new failures arrive, so the table holds at most the last hour's failing keys.
 */
export const databaseBackoffStore: BackoffStore = {
  async addFailure(key, now, forgetBefore) {
    await db().signInThrottle.deleteMany({ where: { lastFailureMs: { lt: BigInt(forgetBefore) } } });
    const row = await db().signInThrottle.upsert({
      where: { key },
      create: { key, failures: 1, lastFailureMs: BigInt(now) },
      update: { failures: { increment: 1 }, lastFailureMs: BigInt(now) },
      select: { failures: true },
    });
    return row.failures;
  },
  async extendLock(key, until) {
    await db().signInThrottle.updateMany({ where: { key, lockedUntilMs: { lt: BigInt(until) } }, data: { lockedUntilMs: BigInt(until) } });
  },
  async lockedUntil(key) {
    const row = await db().signInThrottle.findUnique({ where: { key }, select: { lockedUntilMs: true } });
    return row ? Number(row.lockedUntilMs) : 0;
  },
  async forget(key) {
    await db().signInThrottle.deleteMany({ where: { key } });
  },
};
