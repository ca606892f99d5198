// GET /api/exports/openapi?host=H — OpenAPI 3.1 (YAML) reconstructed from the shadow endpoints of one host.
import { stringify } from 'yaml';
import { z } from 'zod';
import { listShadowEndpointsOfHost } from '@/lib/db/endpoints';
import { reconstructOpenApi } from '@/lib/exports/shadow-openapi';
import { parseSearchParams } from '@/lib/http/parse';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

// Lowercased as ingest stores hosts: `?host=API.Shop.test` exported an empty document.
const querySchema = z.object({ host: z.string().min(1).max(255).transform((h) => h.toLowerCase()) });

export const GET = withAuth('inventory:read', async ({ req }) => {
  const { host } = parseSearchParams(req, querySchema);
  const doc = reconstructOpenApi(host, await listShadowEndpointsOfHost(host));
  return new Response(stringify(doc), {
    headers: { 'content-type': 'application/yaml; charset=utf-8', 'content-disposition': `attachment; filename="${host.replace(/[^A-Za-z0-9.-]/g, '_')}-shadow-openapi.yaml"` },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
