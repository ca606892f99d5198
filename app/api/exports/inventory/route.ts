// GET /api/exports/inventory?format=csv|json&<inventory filters> — the filtered inventory as a download.
import { z } from 'zod';
import { endpointPages } from '@/lib/db/endpoints';
import { inventoryCsvHeader, inventoryCsvRows } from '@/lib/exports/inventory-csv';
import { parseSearchParams } from '@/lib/http/parse';
import { withAuth } from '@/lib/http/with-auth';
import type { EndpointSummary } from '@/lib/inventory/endpoint-query';
import { refuseOtherMethods } from '@/lib/http/other-methods';
import { endpointQuerySchema } from '@/lib/inventory/endpoint-query';

const exportQuerySchema = endpointQuerySchema.extend({ format: z.enum(['csv', 'json']).default('csv') });

export const GET = withAuth('inventory:read', async ({ req }) => {
  const { format, ...query } = parseSearchParams(req, exportQuerySchema);
  const stamp = new Date().toISOString().slice(0, 10);
  // Streamed a page at a time: the whole inventory, however large (it stopped at 100 000 endpoints without a word).
  const pages = endpointPages(query);
  const body = format === 'json' ? jsonDocument(pages) : csvDocument(pages);
  const type = format === 'json' ? 'application/json' : 'text/csv';
  return new Response(await textStream(body), {
    headers: { 'content-type': `${type}; charset=utf-8`, 'content-disposition': `attachment; filename="lantern-inventory-${stamp}.${format}"` },
  });
});

async function* csvDocument(pages: AsyncIterable<EndpointSummary[]>): AsyncGenerator<string> {
  yield inventoryCsvHeader();
  for await (const page of pages) yield inventoryCsvRows(page);
}

/** The text of `JSON.stringify({ endpoints }, null, 2)`, written an endpoint at a time. */
async function* jsonDocument(pages: AsyncIterable<EndpointSummary[]>): AsyncGenerator<string> {
  let first = true;
  for await (const page of pages) {
    let out = '';
    for (const e of page) {
      out += `${first ? '{\n  "endpoints": [\n' : ',\n'}    ${JSON.stringify(e, null, 2).replaceAll('\n', '\n    ')}`;
      first = false;
    }
    yield out;
  }
  yield first ? '{\n  "endpoints": []\n}' : '\n  ]\n}';
}

/**
 * The first chunk is read before the response starts, so that a query that fails at once is the usual error answer;
 * a failure part-way (the database gone) errors the stream, so the download fails instead of ending short.
 */
async function textStream(chunks: AsyncGenerator<string>): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  let ahead: IteratorResult<string> | undefined = await chunks.next();
  return new ReadableStream({
    async pull(controller) {
      const next = ahead ?? (await chunks.next());
      ahead = undefined;
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
