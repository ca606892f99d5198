// GET /api/alerts — alerts newest first with their delivery state, a page at a time (?page=, ?pageSize=, ?kind=).
import { listAlertPage } from '@/lib/db/alerts';
import { parseSearchParams } from '@/lib/http/parse';
import { withAuth } from '@/lib/http/with-auth';
import { alertQuerySchema } from '@/lib/inventory/alert-query';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const dynamic = 'force-dynamic';

export const GET = withAuth('inventory:read', async ({ req }) => Response.json(await listAlertPage(parseSearchParams(req, alertQuerySchema))));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
