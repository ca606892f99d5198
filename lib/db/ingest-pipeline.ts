import { deliverPendingAlerts } from '../alerts/deliver-alerts';
import type { IngestBatch } from '../inventory/observation';
import { raiseIngestAlerts } from './alerts';
import { applyIngestBatch, type IngestResult } from './ingest';
import { reclassifyEndpoints } from './reclassify';

/**
 * One batch, end to end: counted exactly once, then the endpoints it created or touched are classified against the
 * current specs (a new one may be documented, traffic after a sunset makes a zombie), then alerts are raised.
 * Counting commits first: a failure in classification or alerting never loses or double-counts traffic.
 */
export async function ingestBatch(batch: IngestBatch, opts: { deliver?: 'await' | 'background' } = {}): Promise<IngestResult & { alerts: number }> {
  const result = await applyIngestBatch(batch);
  if (result.status === 'duplicate') return { ...result, alerts: 0 };
  const touched = [...result.created, ...result.updated];
  await reclassifyEndpoints({ endpointIds: touched }, 'system', 'ingest');
  const alerts = await raiseIngestAlerts(result.created, result.updated);
  if (alerts > 0) {
    const delivery = deliverPendingAlerts().catch((err) => console.error('[lantern] alert delivery failed:', err));
    if (opts.deliver === 'await') await delivery;
  }
  return { ...result, alerts };
}
