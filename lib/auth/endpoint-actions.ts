import type { EndpointDetail } from '../inventory/endpoint-detail';
import { canActForTeam } from './permissions';
import type { Principal } from './roles';

/**
 * What the endpoint page offers a signed-in user, as the routes behind each form decide it. Deprecation is the
 * operation's API team's to request (lib/db/deprecations.ts), not the endpoint's team, which an ownership rule may
 * set: until 6 Dec the page offered the form to that team's owner, whose request was then refused (403).
 */
export function endpointActions(user: Principal & { kind: 'user' }, detail: Pick<EndpointDetail, 'ownerTeam' | 'operation' | 'ignoredBy'>, mayOverrideHost: boolean) {
  const ownsIt = canActForTeam(user, detail.ownerTeam?.id) && user.role !== 'viewer';
  const ownsApi = detail.operation !== null && canActForTeam(user, detail.operation.apiOwnerTeamId);
  // An override acts on the endpoint's whole host (`mayOverrideHost`, lib/db/host-scope.ts mayWriteOverrideFor): an
  // endpoint an ownership rule gives the owner's team on a host another team's API declares is refused one (403).
  const override = user.role === 'admin' || (user.role === 'owner' && ownsIt && mayOverrideHost);
  return {
    triage: ownsIt || user.role === 'governance',
    override,
    // Removing the ignore override that hides it: an override for every host is an admin's (lib/db/host-scope.ts).
    unignore: detail.ignoredBy !== null && override && (user.role === 'admin' || detail.ignoredBy.host !== '*'),
    deprecate: detail.operation !== null && (user.role === 'admin' || (user.role === 'owner' && ownsApi)),
    // Removing an override of every host listed under the form (HostOverrides): an admin's, as above.
    overrideEveryHost: override && user.role === 'admin',
  };
}
