// GET /api/ownership-rules — host/path-prefix → team rules for endpoints no spec claims; POST — add one (201) or
// re-point the rule already on that host + prefix (200).
import { canActForTeam } from '@/lib/auth/permissions';
import { mayWriteOwnershipRule } from '@/lib/db/host-scope';
import { createOwnershipRule, listOwnershipRulesWithTeams, ownershipRuleInputSchema, teamIdBySlug } from '@/lib/db/ownership';
import { forbidden } from '@/lib/http/errors';
import { parseJsonBody } from '@/lib/http/parse';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const GET = withAuth('inventory:read', async () => Response.json({ items: await listOwnershipRulesWithTeams() }));

export const POST = withAuth('override:write', async ({ req, principal }) => {
  const input = await parseJsonBody(req, ownershipRuleInputSchema);
  // Owners may hand endpoints to their own teams only; a rule for an unknown team is an admin's call.
  if (!canActForTeam(principal, await teamIdBySlug(input.team))) throw forbidden(`you are not a member of team '${input.team}'`);
  if (!(await mayWriteOwnershipRule(principal, input))) throw forbidden("owners may only claim hosts and paths no other team answers for");
  // A POST on an existing host + prefix re-points that rule: an update, and the audit trail keeps whose it was.
  const { rule, previousTeam } = await createOwnershipRule(input, principal);
  return Response.json(rule, { status: previousTeam === undefined ? 201 : 200 });
});

export const { PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET, POST });
