// GET /api/audit — the latest audit events.
import { listAuditEvents } from '@/lib/db/audit';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const GET = withAuth('audit:read', async () => Response.json({ items: await listAuditEvents() }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
