// GET /api/tokens — API tokens (never their values); POST /api/tokens — create one, value shown once.
import { z } from 'zod';
import { tokenScopeSchema } from '@/lib/auth/roles';
import { recordAuditEvent } from '@/lib/db/audit';
import { createApiToken, listApiTokens, tokenNameSchema } from '@/lib/db/tokens';
import { parseJsonBody } from '@/lib/http/parse';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

// Strict: an `expiresAt` dropped made a token the caller believed would expire one that never does.
const createTokenSchema = z.strictObject({ name: tokenNameSchema, scopes: z.array(tokenScopeSchema).min(1) });

export const GET = withAuth('token:manage', async () => Response.json({ items: await listApiTokens() }));

export const POST = withAuth('token:manage', async ({ req, principal }) => {
  const body = await parseJsonBody(req, createTokenSchema);
  const { token, row, scopes } = await createApiToken({ ...body, createdById: principal.kind === 'user' ? principal.id : undefined });
  await recordAuditEvent({ actor: principal, action: 'token.create', targetType: 'token', targetId: row.id, summary: `created token ${row.name} (${scopes.join(', ')})` });
  return Response.json({ id: row.id, name: row.name, scopes, token }, { status: 201 });
});

export const { PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET, POST });
