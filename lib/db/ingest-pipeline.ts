import { deliverPendingAlerts } from '../alerts/deliver-alerts';
import type { IngestBatch } from '../inventory/observation';
import { raiseIngestAlerts } from './alerts';
import { db } from './client';
import { literalsCoveredBy } from './covered-literals';
import { endpointsOfPendingBatch, markBatchClassified } from './batch-classification';
import { applyIngestBatch, type IngestResult } from './ingest';
import { reclassifyEndpoints } from './reclassify';

/**
 * One batch, end to end: counted exactly once, then the endpoints it created or touched are classified against the
 * current specs (a new one may be documented, traffic after a sunset makes a zombie, a literal a stored shadow
 * template covers is folded into it), then alerts are raised.
 * Counting commits first: a failure in classification or alerting never loses or double-counts traffic.
 */
export async function ingestBatch(batch: IngestBatch, opts: { deliver?: 'await' | 'background' } = {}): Promise<IngestResult & { alerts: number }> {
  const result = await applyIngestBatch(batch);
  if (result.status === 'duplicate') {
    // Counted before by an attempt that may have died before classifying (batch-classification.ts): done now, with
    // what that attempt created and updated told apart as it would have.
    const pending = await endpointsOfPendingBatch(batch);
    if (pending.length === 0) return { ...result, alerts: 0 };
    const created = pending.filter((e) => e.created);
    const recovered = {
      created: created.map((e) => e.id),
      updated: pending.filter((e) => !e.created).map((e) => e.id),
      surfaced: pending.filter((e) => e.surfaced).map((e) => e.id),
      newTemplates: created.filter((e) => e.path.includes('{')),
    };
    return { ...result, alerts: await classifyAndAlert(batch, recovered, opts) };
  }
  return { ...result, alerts: await classifyAndAlert(batch, result, opts) };
}

async function classifyAndAlert(batch: IngestBatch, result: Omit<IngestResult, 'status'>, opts: { deliver?: 'await' | 'background' }): Promise<number> {
  const touched = [...result.created, ...result.updated];
  // A new template may cover literals that quieter batches stored before it: they are classified again too.
  const covered = await literalsCoveredBy(db(), result.newTemplates);
  const { changed } = await reclassifyEndpoints({ endpointIds: [...touched, ...covered] }, 'system', 'ingest');
  // A template that took in this batch's literals has their traffic now: its alerts are looked at too. A row this batch
  // surfaced (its first answer other than 404/405) is new to what discover lists: it is judged as a new one.
  const alerts = await raiseIngestAlerts([...result.created, ...result.surfaced], [...result.updated, ...changed.filter((c) => c.folded).map((c) => c.id)]);
  await markBatchClassified(batch);
  if (alerts > 0) {
    const delivery = deliverPendingAlerts().catch((err) => console.error('[lantern] alert delivery failed:', err));
    if (opts.deliver === 'await') await delivery;
  }
  return alerts;
}
