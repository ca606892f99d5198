import { createHash } from 'node:crypto';
import type { EndpointObservation, IngestBatch } from './observation';

export const MAX_OBSERVATIONS_PER_BATCH = 1000;

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
  for (let i = 0; i < input.observations.length; i += MAX_OBSERVATIONS_PER_BATCH) {
    chunks.push(input.observations.slice(i, i + MAX_OBSERVATIONS_PER_BATCH));
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
