// DELETE /api/ownership-rules/:id — remove a rule; its endpoints fall back to the next matching rule.
import { canActForTeam } from '@/lib/auth/permissions';
import { deleteOwnershipRule, findOwnershipRule } from '@/lib/db/ownership';
import { forbidden, notFound } from '@/lib/http/errors';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const DELETE = withAuth<{ id: string }>('override:write', async ({ principal, params }) => {
  const rule = await findOwnershipRule(params.id);
  if (!rule) throw notFound('ownership rule');
  if (!canActForTeam(principal, rule.teamId)) throw forbidden("only the rule's team or an admin may remove it");
  if (!(await deleteOwnershipRule(params.id, principal))) throw notFound('ownership rule');
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, OPTIONS } = refuseOtherMethods({ DELETE });
