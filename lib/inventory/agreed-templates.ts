import type { DiscoveredEndpoint } from '../discovery/classify';
import type { NormalisedSpec } from '../openapi/spec-model';
import { templateSpec } from '../openapi/template-spec';

/**
 * Shadow templates found over several inputs together, as specs (one per host) for a second pass that counts
 * each input on its own: every input then uses the templates all of them support. Templating one small input
 * alone decides on too little traffic (`/members/ann` in one HAR file, `/members/ben` in the next, where both
 * together are `/members/{memberId}`). Documented endpoints need no help: the real specs match them already.
 */
export function agreedTemplateSpecs(endpoints: readonly DiscoveredEndpoint[]): NormalisedSpec[] {
  const byHost = new Map<string, DiscoveredEndpoint[]>();
  for (const e of endpoints) {
    // An endpoint without a host would match every host's traffic; it is templated per input instead.
    if (e.state !== 'shadow' || e.host === '') continue;
    const list = byHost.get(e.host) ?? byHost.set(e.host, []).get(e.host)!;
    list.push(e);
  }
  return [...byHost].map(([host, list]) => templateSpec(`agreed-templates:${host}`, [{ host, basePath: '' }], list));
}
