import { hostname } from 'node:os';
import { defaultHostProblem } from '../lib/discovery/discovery-engine';
import { ingestBatchSchema } from '../lib/inventory/observation';

/** The collector a run's batches name: --name, else this machine's hostname. */
export function collectorName(values: { name?: string }, machine = hostname()): string {
  return values.name ?? machine;
}

/**
 * What is wrong with `ingest`/`push`'s --host or --name, said before anything is read (exit 2). Until 6 Dec a bad
 * --host ended the run with exit 1 once the server had been asked, and a --name the server refuses (empty: an unset
 * `$COLLECTOR`; over 128 characters) had every batch refused and set aside for good; so did a hostname standing in
 * for it (macOS allows 255 characters), unchecked until 6 Dec.
 */
export function collectorOptionProblem(values: { host?: string; name?: string }, machine = hostname()): string | undefined {
  const hostSaid = defaultHostProblem(values.host);
  if (hostSaid) return hostSaid;
  const name = collectorName(values, machine);
  if (ingestBatchSchema.shape.collector.shape.name.safeParse(name).success) return undefined;
  return values.name !== undefined
    ? '--name must be 1 to 128 characters (the collector as the inventory names it)'
    : `this machine's hostname is ${name.length} characters, no collector name (1 to 128 characters): name the collector with --name`;
}
