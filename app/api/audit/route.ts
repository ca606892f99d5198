// GET /api/audit — the latest audit events.
import { listAuditEvents } from '@/lib/db/audit';
import { withAuth } from '@/lib/http/with-auth';

export const GET = withAuth('audit:read', async () => Response.json({ items: await listAuditEvents() }));
