import { defaultHostProblem } from '../lib/discovery/discovery-engine';
import { ingestBatchSchema } from '../lib/inventory/observation';

/**
 * What is wrong with `ingest`/`push`'s --host or --name, said before anything is read (exit 2). Until 7 Dec a bad
 * --host ended the run with exit 1 once the server had been asked, and a --name the server refuses (empty: an unset
 * `$COLLECTOR`; over 128 characters) had every batch refused and set aside for good.
 */
export function collectorOptionProblem(values: { host?: string; name?: string }): string | undefined {
  const hostSaid = defaultHostProblem(values.host);
  if (hostSaid) return hostSaid;
  if (values.name !== undefined && !ingestBatchSchema.shape.collector.shape.name.safeParse(values.name).success) {
    return '--name must be 1 to 128 characters (the collector as the inventory names it)';
  }
  return undefined;
}
