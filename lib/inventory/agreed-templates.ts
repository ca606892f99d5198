import type { DiscoveredEndpoint } from '../discovery/classify';
import type { NormalisedSpec } from '../openapi/spec-model';
import { templateSpec } from '../openapi/template-spec';
import { UNKNOWN_HOST } from './aggregate-observations';

/**
 * Shadow templates found over several inputs together, as specs (one per host) for a second pass that counts
 * each input on its own: every input then uses the templates all of them support. Templating one small input
 * alone decides on too little traffic (`/members/ann` in one HAR file, `/members/ben` in the next, where both
 * together are `/members/{memberId}`). Documented endpoints need no help: the real specs match them already.
 */
export function agreedTemplateSpecs(endpoints: readonly DiscoveredEndpoint[]): NormalisedSpec[] {
  const byHost = new Map<string, DiscoveredEndpoint[]>();
  for (const e of endpoints) {
    if (e.state !== 'shadow') continue;
    // Host-less endpoints are agreed under the host their observations get anyway (UNKNOWN_HOST): a spec naming
    // a host matches only that host's traffic and host-less traffic, where one without a host would match every
    // host's (so they used to be templated per input, and the same endpoint split between two logs did not agree).
    const host = e.host || UNKNOWN_HOST;
    const list = byHost.get(host) ?? byHost.set(host, []).get(host)!;
    list.push(e);
  }
  return [...byHost].map(([host, list]) => templateSpec(`agreed-templates:${host}`, [{ host, basePath: '' }], list));
}
