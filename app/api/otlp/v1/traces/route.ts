// POST /api/otlp/v1/traces — OTLP/HTTP receiver, JSON or binary protobuf (token scope `ingest`): HTTP server spans
// from gateways and services become exchanges, aggregated into observations and ingested like a collector's batch.
import { createHash } from 'node:crypto';
import { isOtlpTraces, otlpExchanges } from '@/collectors/logs/otlp';
import { decodeOtlpTraces, encodeOtlpResponse } from '@/collectors/logs/otlp-protobuf';
import { ingestBatch } from '@/lib/db/ingest-pipeline';
import { storedTemplatingContext } from '@/lib/db/templating-context';
import { env } from '@/lib/env';
import { loadFingerprintKey } from '@/lib/fingerprint-key';
import { createAdmission } from '@/lib/http/admission';
import { badRequest, HttpError } from '@/lib/http/errors';
import { parseJsonBytes } from '@/lib/http/parse';
import { readBodyLimited } from '@/lib/http/read-body';
import { withAuth } from '@/lib/http/with-auth';
import { createObservationAggregator } from '@/lib/inventory/aggregate-observations';
import { planBatches } from '@/lib/inventory/batches';
import { CLOCK_AHEAD_ALLOWANCE_MS } from '@/lib/inventory/observation';
import { sharedRunMemory } from '@/lib/inventory/chunked-aggregator';
import { refuseOtherMethods } from '@/lib/http/other-methods';

const admit = createAdmission(() => env().LANTERN_INGEST_CONCURRENCY);

export const POST = withAuth('ingest:write', async ({ req, principal }) =>
  admit(async () => {
    const type = (req.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    const protobuf = type === 'application/x-protobuf' || type === 'application/protobuf';
    if (!protobuf && !type.includes('json')) {
      throw new HttpError(415, 'unsupported_media_type', 'send OTLP/HTTP as application/json or application/x-protobuf');
    }
    const body = await readBodyLimited(req, env().LANTERN_INGEST_MAX_BYTES);
    const doc = protobuf ? decodeProtobuf(body) : parseJsonBytes(body);
    if (!isOtlpTraces(doc)) throw badRequest('not an OTLP ExportTraceServiceRequest (no resourceSpans)');
    const context = await storedTemplatingContext();
    const aggregator = createObservationAggregator(context);
    const counts = otlpExchanges(doc, 'otlp', undefined, await loadFingerprintKey(), (ex) => aggregator.add(ex), Date.now() + CLOCK_AHEAD_ALLOWANCE_MS);
    // Each export is counted on its own but templated with what this process received lately: a gateway's quiet
    // exports (three spans without http.route) would otherwise each store their own literal paths.
    const observations = sharedRunMemory(context).templated(aggregator);
    const collector = { name: principal.kind === 'token' ? `otlp:${principal.name}` : 'otlp', kind: 'otlp' as const };
    // OTLP exporters retry whole requests: the body's hash makes a retried export count once.
    const fingerprint = createHash('sha256').update(body).digest('hex');
    let applied = 0;
    for (const batch of planBatches({ inputFingerprint: `otlp:${fingerprint}`, collector, observations, exchanges: aggregator.exchanges })) {
      if ((await ingestBatch(batch)).status === 'applied') applied++;
    }
    // OTLP/HTTP: a full success is an empty ExportTraceServiceResponse, in the request's encoding; rejected spans
    // are reported as partial success.
    const partial = counts.invalid > 0 ? { rejectedSpans: counts.invalid, errorMessage: 'spans without a start time or HTTP method, or starting more than a day ahead of the receiver\'s clock' } : undefined;
    const headers = { 'x-lantern-exchanges': String(counts.exchanges), 'x-lantern-batches-applied': String(applied) };
    if (protobuf) return new Response(Buffer.from(encodeOtlpResponse(partial)), { headers: { ...headers, 'content-type': 'application/x-protobuf' } });
    return Response.json(partial ? { partialSuccess: partial } : {}, { headers });
  }),
);

function decodeProtobuf(body: Buffer): unknown {
  try {
    return decodeOtlpTraces(body);
  } catch (err) {
    throw badRequest(`body is not an OTLP protobuf ExportTraceServiceRequest (${(err as Error).message})`);
  }
}

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ POST });
