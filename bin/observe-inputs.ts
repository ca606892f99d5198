import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { extractExchanges } from '../collectors/extract';
import type { ExtractReport } from '../collectors/extract-types';
import { pathOverridesSchema, type PathOverride } from '../lib/discovery/overrides';
import { loadFingerprintKey } from '../lib/fingerprint-key';
import { createObservationAggregator } from '../lib/inventory/aggregate-observations';
import type { EndpointObservation } from '../lib/inventory/observation';
import { loadSpec } from '../lib/openapi/load-spec';
import type { NormalisedSpec } from '../lib/openapi/spec-model';
import { printSpecWarnings, readSpecFile, specIdsFor } from './spec-file';

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
  const specs = [...(opts.specs ?? []), ...(await loadSpecFiles(opts.specFiles ?? []))];
  const aggregator = createObservationAggregator({ specs, overrides: opts.overrides, defaultHost: opts.host });
  const report = await extractExchanges(
    inputs,
    { format: opts.format, nginxFormat: opts.nginxFormat, fingerprintKey: await loadFingerprintKey() },
    (ex) => aggregator.add(ex),
  );
  return { observations: aggregator.observations(), exchanges: aggregator.exchanges, report };
}

export async function loadSpecFiles(files: string[]): Promise<NormalisedSpec[]> {
  const specs: NormalisedSpec[] = [];
  const ids = specIdsFor(files);
  for (const [i, file] of files.entries()) {
    const loaded = await loadSpec(ids[i], resolve(file), readSpecFile);
    if (!loaded.ok) {
      throw new Error(`${file} is not a valid spec:\n${loaded.problems.map((p) => `  ${p.file ?? file}#${p.pointer}: ${p.message}`).join('\n')}`);
    }
    printSpecWarnings(loaded.warnings, file);
    specs.push(loaded.spec);
  }
  return specs;
}

export async function readOverridesFile(file: string): Promise<PathOverride[]> {
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
  const list = Array.isArray(parsed) ? parsed : (parsed as { overrides?: unknown }).overrides;
  return pathOverridesSchema.parse(list);
}
