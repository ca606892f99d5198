// GET /api/audit — the audit log, newest first, a page at a time (?page=, ?pageSize=).
import { listAuditEventPage } from '@/lib/db/audit';
import { parseSearchParams } from '@/lib/http/parse';
import { withAuth } from '@/lib/http/with-auth';
import { auditQuerySchema } from '@/lib/inventory/audit-query';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const GET = withAuth('audit:read', async ({ req }) => Response.json(await listAuditEventPage(parseSearchParams(req, auditQuerySchema))));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
