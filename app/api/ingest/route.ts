// POST /api/ingest — a collector's batch of endpoint observations (token scope `ingest`); gzip accepted,
// size-limited, idempotent per batch key, 429 + Retry-After when this replica is at capacity.
import { ingestBatch } from '@/lib/db/ingest-pipeline';
import { env } from '@/lib/env';
import { createAdmission } from '@/lib/http/admission';
import { badRequest } from '@/lib/http/errors';
import { readBodyLimited } from '@/lib/http/read-body';
import { withAuth } from '@/lib/http/with-auth';
import { ingestBatchSchema } from '@/lib/inventory/observation';
import { refuseOtherMethods } from '@/lib/http/other-methods';

const admit = createAdmission(() => env().LANTERN_INGEST_CONCURRENCY);

export const POST = withAuth('ingest:write', async ({ req }) =>
  admit(async () => {
    const body = await readBodyLimited(req, env().LANTERN_INGEST_MAX_BYTES);
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest('body is not valid JSON');
    }
    const batch = ingestBatchSchema.parse(json);
    const result = await ingestBatch(batch);
    return Response.json({ status: result.status, created: result.created.length, updated: result.updated.length, alerts: result.alerts });
  }),
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ POST });
