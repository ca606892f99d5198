// GET /api/ingest/templating — what a remote collector needs to template like the server (token scope `ingest`):
// the current specs' servers and path templates, and the operators' path overrides.
import { collectorTemplatingContext } from '@/lib/db/templating-context';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const GET = withAuth('ingest:write', async () => Response.json(await collectorTemplatingContext()));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
