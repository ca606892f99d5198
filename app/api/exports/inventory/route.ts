// GET /api/exports/inventory?format=csv|json&<inventory filters> — the filtered inventory as a download.
import { z } from 'zod';
import { listAllEndpoints } from '@/lib/db/endpoints';
import { inventoryCsv } from '@/lib/exports/inventory-csv';
import { parseSearchParams } from '@/lib/http/parse';
import { withAuth } from '@/lib/http/with-auth';
import { endpointQuerySchema } from '@/lib/inventory/endpoint-query';
import { refuseOtherMethods } from '@/lib/http/other-methods';

const exportQuerySchema = endpointQuerySchema.extend({ format: z.enum(['csv', 'json']).default('csv') });

export const GET = withAuth('inventory:read', async ({ req }) => {
  const { format, ...query } = parseSearchParams(req, exportQuerySchema);
  const items = await listAllEndpoints(query);
  const stamp = new Date().toISOString().slice(0, 10);
  if (format === 'json') {
    return new Response(JSON.stringify({ endpoints: items }, null, 2), {
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="lantern-inventory-${stamp}.json"` },
    });
  }
  return new Response(inventoryCsv(items), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="lantern-inventory-${stamp}.csv"` },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
