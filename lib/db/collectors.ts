import { db } from './client';

export async function listCollectors() {
  const rows = await db().collector.findMany({ orderBy: { name: 'asc' } });
  return rows.map((c) => ({ id: c.id, name: c.name, kind: c.kind, lastSeenAt: c.lastSeenAt?.toISOString() ?? null, createdAt: c.createdAt.toISOString(), counters: c.counters as Record<string, number> }));
}
