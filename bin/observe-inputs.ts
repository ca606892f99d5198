import { extractExchanges } from '../collectors/extract';
import type { ExtractReport } from '../collectors/extract-types';
import type { PathOverride } from '../lib/discovery/overrides';
import { loadFingerprintKey } from '../lib/fingerprint-key';
import { createObservationAggregator } from '../lib/inventory/aggregate-observations';
import type { EndpointObservation } from '../lib/inventory/observation';
import type { NormalisedSpec } from '../lib/openapi/spec-model';
import { loadSpecFiles } from './option-files';

export interface ObserveOptions {
  specFiles?: string[];
  specs?: NormalisedSpec[];
  overrides?: PathOverride[];
  host?: string;
  format?: string;
  nginxFormat?: string;
}

/** Inputs → observations through the shared discovery engine; what `ingest` and `push` both do first. */
export async function observeInputs(inputs: string[], opts: ObserveOptions): Promise<{ observations: EndpointObservation[]; exchanges: number; report: ExtractReport }> {
  const files = await loadSpecFiles(opts.specFiles ?? []);
  if (!files.ok) throw new Error(files.problems.join('\n'));
  const specs = [...(opts.specs ?? []), ...files.value];
  const aggregator = createObservationAggregator({ specs, overrides: opts.overrides, defaultHost: opts.host });
  const report = await extractExchanges(
    inputs,
    { format: opts.format, nginxFormat: opts.nginxFormat, fingerprintKey: await loadFingerprintKey() },
    (ex) => aggregator.add(ex),
  );
  return { observations: aggregator.observations(), exchanges: aggregator.exchanges, report };
}
