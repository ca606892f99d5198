// POST /api/otlp/v1/traces — OTLP/HTTP JSON receiver (token scope `ingest`): HTTP server spans from gateways and
// services become exchanges, aggregated into observations and ingested like a collector's batch.
import { createHash } from 'node:crypto';
import { isOtlpTraces, otlpExchanges } from '@/collectors/logs/otlp';
import { ingestBatch } from '@/lib/db/ingest-pipeline';
import { env } from '@/lib/env';
import { loadFingerprintKey } from '@/lib/fingerprint-key';
import { createAdmission } from '@/lib/http/admission';
import { badRequest, HttpError } from '@/lib/http/errors';
import { readBodyLimited } from '@/lib/http/read-body';
import { withAuth } from '@/lib/http/with-auth';
import { createObservationAggregator } from '@/lib/inventory/aggregate-observations';
import { planBatches } from '@/lib/inventory/batches';

const admit = createAdmission(() => env().LANTERN_INGEST_CONCURRENCY);

export const POST = withAuth('ingest:write', async ({ req, principal }) =>
  admit(async () => {
    if (!(req.headers.get('content-type') ?? '').includes('json')) {
      throw new HttpError(415, 'unsupported_media_type', 'send OTLP/HTTP as JSON (application/json); protobuf is not accepted');
    }
    const body = await readBodyLimited(req, env().LANTERN_INGEST_MAX_BYTES);
    let doc: unknown;
    try {
      doc = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest('body is not valid JSON');
    }
    if (!isOtlpTraces(doc)) throw badRequest('not an OTLP ExportTraceServiceRequest (no resourceSpans)');
    const aggregator = createObservationAggregator({ specs: [] });
    const counts = otlpExchanges(doc, 'otlp', undefined, await loadFingerprintKey(), (ex) => aggregator.add(ex));
    const collector = { name: principal.kind === 'token' ? `otlp:${principal.name}` : 'otlp', kind: 'otlp' as const };
    // OTLP exporters retry whole requests: the body's hash makes a retried export count once.
    const fingerprint = createHash('sha256').update(body).digest('hex');
    let applied = 0;
    for (const batch of planBatches({ inputFingerprint: `otlp:${fingerprint}`, collector, observations: aggregator.observations(), exchanges: aggregator.exchanges })) {
      if ((await ingestBatch(batch)).status === 'applied') applied++;
    }
    // OTLP/HTTP: a full success is an empty ExportTraceServiceResponse; report rejected spans as partial success.
    return Response.json(counts.invalid > 0 ? { partialSuccess: { rejectedSpans: counts.invalid, errorMessage: 'spans without a start time or HTTP method' } } : {}, {
      headers: { 'x-lantern-exchanges': String(counts.exchanges), 'x-lantern-batches-applied': String(applied) },
    });
  }),
);
