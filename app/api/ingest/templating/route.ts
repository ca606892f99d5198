// GET /api/ingest/templating — what a remote collector needs to template like the server (token scope `ingest`):
// the current specs' servers and path templates, the operators' path overrides, and the largest batch it takes.
import { collectorTemplatingContext } from '@/lib/db/templating-context';
import { env } from '@/lib/env';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

// Collectors cut batches to the server's body limit: cut to the default 32 MiB, a batch over a lower one was refused
// (413) and set aside for good.
export const GET = withAuth('ingest:write', async () => Response.json({ ...(await collectorTemplatingContext()), maxBatchBytes: env().LANTERN_INGEST_MAX_BYTES }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
