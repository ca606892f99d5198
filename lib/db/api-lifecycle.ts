import type { ApiLifecycle } from '../inventory/endpoint-detail';
import { DEPRECATION_MARKER_KEYS, LIFECYCLE_KEYS, SUNSET_KEYS } from '../openapi/spec-extensions';
import { db } from './client';
import { normalisedSpecOf } from './spec-catalog';

/**
 * The API-wide retirement and sunset of the spec an endpoint's operation belongs to, for the endpoint page: a zombie
 * made by them had no reason shown until 6 Dec, where an operation's own deprecation was shown. A spec whose text
 * names no lifecycle or sunset extension has neither, and is not parsed for it (Stripe's takes seconds).
 */
export async function readApiLifecycle(spec: { id: string; apiLifecycle: string }, lastSeen: Date, now: Date): Promise<ApiLifecycle> {
  const mentions = await db().spec.count({ where: { id: spec.id, OR: [...SUNSET_KEYS, ...LIFECYCLE_KEYS, ...DEPRECATION_MARKER_KEYS].map((k) => ({ raw: { contains: k } })) } });
  const read = mentions > 0 ? await normalisedSpecOf(db(), spec.id) : undefined;
  const sunset = read?.sunset ? new Date(read.sunset) : null;
  return {
    retired: spec.apiLifecycle === 'retired' || read?.retired === true,
    deprecated: read?.deprecated === true,
    sunsetAt: sunset?.toISOString().slice(0, 10) ?? null,
    sunsetPassed: sunset !== null && sunset.getTime() <= now.getTime(),
    calledAfterSunset: sunset !== null && sunset.getTime() <= lastSeen.getTime(),
  };
}
