import type { IngestBatch } from '../inventory/observation';
import { addCounts, subtractCounts, type CountMap } from '../inventory/count-map';
import { withStorableText } from '../inventory/storable-text';
import { onlyNotFound } from '../discovery/unlisted-shadows';
import { db } from './client';
import { KEY_LOOKUP_CHUNK, keyOf } from './endpoint-key';
import { jsonColumn } from './json-column';
import { storedObservations } from './stored-observations';

/**
 * A batch is counted in one transaction and classified (and alerted on) after it commits, so a server killed in
 * between (a deploy, an OOM) or a classification that fails (answered 500) leaves counted endpoints unclassified: a
 * documented call stays `shadow`, a new shadow is never alerted. The collector sends the batch again, and the retry
 * is a duplicate. So the batch row says, until its classification is done, that it is pending, and a duplicate of a
 * pending batch does the classification the first attempt did not.
 */
const PENDING = 'classificationPending';

/** The `counts` a batch row is created with: pending until `markBatchClassified`. */
export function pendingBatchCounts(batch: IngestBatch): Record<string, number> {
  return { observations: batch.observations.length, ...batch.stats, [PENDING]: 1 };
}

export async function markBatchClassified(batch: IngestBatch): Promise<void> {
  const counts: Record<string, number> = { observations: batch.observations.length, ...batch.stats };
  delete counts[PENDING];
  await db().ingestBatch.updateMany({ where: { idempotencyKey: batch.idempotencyKey }, data: { counts: jsonColumn(counts) } });
}

/**
 * The endpoints a duplicate batch names, when the attempt that counted it never finished classifying; else none.
 * Looked up as ingest stored them (storable text, stored-observations.ts): until 6 Dec a template the server rewrote
 * for an older collector (template-rules.ts) was looked up as sent, not found, and its new shadow never alerted on.
 * `created`: the attempt created the row. Its transaction created the batch row first, under the ingest lock, so a
 * row created no earlier than the batch row is its own, and an older one existed before (a documented endpoint a
 * spec later dropped is no new shadow: judged new, a retry alerted on it where the first attempt would not have).
 * `surfaced`: the attempt took the row from 404/405 only to a real answer (IngestResult.surfaced).
 */
export async function endpointsOfPendingBatch(received: IngestBatch): Promise<Array<{ id: string; host: string; method: string; path: string; created: boolean; surfaced: boolean }>> {
  const row = await db().ingestBatch.findUnique({ where: { idempotencyKey: received.idempotencyKey }, select: { counts: true, receivedAt: true } });
  if (!row || (row.counts as Record<string, unknown>)[PENDING] !== 1) return [];
  const observations = await storedObservations(db(), withStorableText(received).observations);
  const statusesOf = new Map<string, CountMap>();
  for (const o of observations) {
    const key = keyOf(o.host, o.method, o.path);
    statusesOf.set(key, addCounts(statusesOf.get(key) ?? {}, o.evidence.statuses));
  }
  const rows = [];
  for (let i = 0; i < observations.length; i += KEY_LOOKUP_CHUNK) {
    const chunk = observations.slice(i, i + KEY_LOOKUP_CHUNK);
    rows.push(...(await db().endpoint.findMany({
      where: { host: { in: [...new Set(chunk.map((o) => o.host))] }, pathTemplate: { in: [...new Set(chunk.map((o) => o.path))] } },
      select: { id: true, host: true, method: true, pathTemplate: true, createdAt: true, statusCounts: true },
    })));
  }
  // A row two chunks both found (a host and a template each chunk names) is listed once.
  return [...new Map(rows.map((r) => [r.id, r])).values()]
    .flatMap((r) => {
      const batchStatuses = statusesOf.get(keyOf(r.host, r.method, r.pathTemplate));
      if (!batchStatuses) return [];
      const created = r.createdAt >= row.receivedAt;
      // What the row held before this batch was counted: 404/405 only then and not now, the batch surfaced it (ingest.ts).
      const stored = r.statusCounts as CountMap;
      const surfaced = !created && !onlyNotFound(stored) && onlyNotFound(subtractCounts(stored, batchStatuses));
      return [{ id: r.id, host: r.host, method: r.method, path: r.pathTemplate, created, surfaced }];
    });
}
