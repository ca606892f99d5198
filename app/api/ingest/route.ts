// POST /api/ingest — a collector's batch of endpoint observations (token scope `ingest`); gzip accepted,
// size-limited, idempotent per batch key, 429 + Retry-After when this replica is at capacity.
import { ingestBatch } from '@/lib/db/ingest-pipeline';
import { env } from '@/lib/env';
import { createAdmission } from '@/lib/http/admission';
import { HttpError } from '@/lib/http/errors';
import { parseJsonBytes } from '@/lib/http/parse';
import { readBodyLimited } from '@/lib/http/read-body';
import { withAuth } from '@/lib/http/with-auth';
import { ingestBatchSchema, timeAheadOf } from '@/lib/inventory/observation';
import { refuseOtherMethods } from '@/lib/http/other-methods';

const admit = createAdmission(() => env().LANTERN_INGEST_CONCURRENCY);

export const POST = withAuth('ingest:write', async ({ req }) =>
  admit(async () => {
    const batch = ingestBatchSchema.parse(parseJsonBytes(await readBodyLimited(req, env().LANTERN_INGEST_MAX_BYTES)));
    const now = new Date();
    const ahead = timeAheadOf(batch, now);
    if (ahead) {
      const message = `${ahead.value} is more than a day after this server's clock (${now.toISOString()}): set the collector's clock right`;
      throw new HttpError(400, 'invalid_request', 'the batch claims a time in the future; nothing of it was stored', [{ path: ahead.path.join('.'), message }]);
    }
    const result = await ingestBatch(batch);
    return Response.json({ status: result.status, created: result.created.length, updated: result.updated.length, alerts: result.alerts });
  }),
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ POST });
