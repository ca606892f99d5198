import type { DiscoveredEndpoint } from '../discovery/classify';
import type { NormalisedSpec } from '../openapi/spec-model';
import { templateSpec } from '../openapi/template-spec';
import { UNKNOWN_HOST } from './aggregate-observations';

/** The templates agreed over several inputs, as the discovery options an input is then counted with. */
export interface AgreedTemplates {
  /** Host-less traffic's, under UNKNOWN_HOST: a spec naming a host takes host-less traffic, which is what they are for. */
  hostless: NormalisedSpec[];
  /** Each host's (DiscoveryOptions.agreedSpecs): for traffic naming that host only, not another input's host-less lines. */
  hosted: NormalisedSpec[];
}

export const NO_AGREED_TEMPLATES: AgreedTemplates = { hostless: [], hosted: [] };

/**
 * Shadow templates found over several inputs together, as specs (one per host) for a second pass that counts
 * each input on its own: every input then uses the templates all of them support. Templating one small input
 * alone decides on too little traffic (`/members/ann` in one HAR file, `/members/ben` in the next, where both
 * together are `/members/{memberId}`). Documented endpoints need no help: the real specs match them already.
 */
export function agreedTemplateSpecs(endpoints: readonly DiscoveredEndpoint[]): AgreedTemplates {
  const byHost = new Map<string, DiscoveredEndpoint[]>();
  for (const e of endpoints) {
    if (e.state !== 'shadow') continue;
    // Host-less endpoints are agreed under the host their observations get anyway (UNKNOWN_HOST): one without a host
    // would match every host's traffic (so they used to be templated per input, and the same endpoint split between
    // two logs did not agree). A host's templates take only its own traffic: until 7 Dec, as specs naming the host,
    // they took host-less traffic too, and a log line without Host was counted on another input's host.
    const host = e.host || UNKNOWN_HOST;
    const list = byHost.get(host) ?? byHost.set(host, []).get(host)!;
    list.push(e);
  }
  const agreed: AgreedTemplates = { hostless: [], hosted: [] };
  for (const [host, list] of byHost) (host === UNKNOWN_HOST ? agreed.hostless : agreed.hosted).push(templateSpec(`agreed-templates:${host}`, [{ host, basePath: '' }], list));
  return agreed;
}
