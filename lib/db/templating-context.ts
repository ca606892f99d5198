import type { TemplatingContext } from '../discovery/templating-context';
import type { Matcher } from '../openapi/matcher';
import { templateSpec } from '../openapi/template-spec';
import { db } from './client';
import { loadOverrides } from './overrides';
import { loadSpecCatalog } from './spec-catalog';

/**
 * What drives templating where the inventory is at hand (local `ingest`, the OTLP receiver, the demo seed): the
 * current spec of every API and the operators' overrides, exactly as they drive classification. Templated blind,
 * a batch of a few hundred spans decides on too little traffic and a documented path can come out otherwise.
 */
export async function storedTemplatingContext(): Promise<TemplatingContext & { matcher: Matcher }> {
  const [catalog, overrides] = await Promise.all([loadSpecCatalog(db()), loadOverrides()]);
  // The catalog's matcher is cached while the specs do not change: a busy OTLP receiver does not rebuild it per request.
  return { specs: [...catalog.specs.values()].map((s) => s.spec), overrides, matcher: catalog.matcher };
}

/**
 * The same for a collector on another machine (`push --server`, token scope `ingest`): only what templating
 * reads (servers, methods, path templates, multi-segment parameters), none of a spec's security, owners or prose.
 */
export async function collectorTemplatingContext(): Promise<TemplatingContext> {
  const { specs, overrides } = await storedTemplatingContext();
  return { specs: specs.map((s) => templateSpec(s.id, s.servers, s.operations)), overrides };
}
