// GET /api/ownership-rules — host/path-prefix → team rules for endpoints no spec claims; POST — add or re-point one.
import { canActForTeam } from '@/lib/auth/permissions';
import { createOwnershipRule, listOwnershipRulesWithTeams, ownershipRuleInputSchema, teamIdBySlug } from '@/lib/db/ownership';
import { forbidden } from '@/lib/http/errors';
import { parseJsonBody } from '@/lib/http/parse';
import { withAuth } from '@/lib/http/with-auth';

export const GET = withAuth('inventory:read', async () => Response.json({ items: await listOwnershipRulesWithTeams() }));

export const POST = withAuth('override:write', async ({ req, principal }) => {
  const input = await parseJsonBody(req, ownershipRuleInputSchema);
  // Owners may hand endpoints to their own teams only; a rule for an unknown team is an admin's call.
  if (!canActForTeam(principal, await teamIdBySlug(input.team))) throw forbidden(`you are not a member of team '${input.team}'`);
  const rule = await createOwnershipRule(input, principal);
  return Response.json(rule, { status: 201 });
});
