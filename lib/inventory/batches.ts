import { createHash } from 'node:crypto';
import type { EndpointObservation, IngestBatch } from './observation';

export const MAX_OBSERVATIONS_PER_BATCH = 1000;

/** The longest template a batch may carry (`endpointObservationSchema`); the tail of a longer one is a parameter. */
export const MAX_TEMPLATE_LENGTH = 2048;
const TRUNCATED = '/{truncated}';

/**
 * Cuts observations into batches whose idempotency keys depend only on what was read (the inputs' fingerprints)
 * and the batch's position: pushing the same files again, from any collector, produces the same keys, and the
 * server counts each key once.
 */
export function planBatches(input: {
  inputFingerprint: string;
  collector: IngestBatch['collector'];
  observations: EndpointObservation[];
  exchanges: number;
  extraStats?: Record<string, number>;
}): IngestBatch[] {
  const chunks: EndpointObservation[][] = [];
  const observations = input.observations.map(fitTemplate);
  for (let i = 0; i < observations.length; i += MAX_OBSERVATIONS_PER_BATCH) {
    chunks.push(observations.slice(i, i + MAX_OBSERVATIONS_PER_BATCH));
  }
  return chunks.map((observations, index) => ({
    idempotencyKey: `b-${createHash('sha256').update(`${input.inputFingerprint}:${index}/${chunks.length}`).digest('hex').slice(0, 40)}`,
    collector: input.collector,
    observations,
    stats: {
      exchanges: observations.reduce((n, o) => n + o.evidence.requests, 0),
      ...(index === 0 ? input.extraStats : {}),
    },
  }));
}

/**
 * A request line may be 8 KiB and templating can lengthen a path (`/1/2` → `/{id}/{id}`), but a server refuses a
 * batch with a template over 2048 characters whole (400), so one such URL in a log cost the up to 999 endpoints
 * sent with it. Cut, it is counted under its first 2 KiB (two cut alike are one endpoint, as the server merges them).
 */
function fitTemplate(o: EndpointObservation): EndpointObservation {
  if (o.path.length <= MAX_TEMPLATE_LENGTH) return o;
  return { ...o, path: o.path.slice(0, MAX_TEMPLATE_LENGTH - TRUNCATED.length) + TRUNCATED };
}
