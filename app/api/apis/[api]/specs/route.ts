// GET /api/apis/:api/specs — version history; POST — register a spec version (raw JSON/YAML, JSON wrapper or multipart).
import { forgetInventoryChartData } from '@/lib/cache/inventory-chart-data';
import { registerSpec } from '@/lib/db/spec-registry';
import { listSpecVersions } from '@/lib/db/specs';
import { notFound } from '@/lib/http/errors';
import { withAuth } from '@/lib/http/with-auth';
import { readSpecUpload, requireApiSlug, specRefusalError } from './spec-upload';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const GET = withAuth<{ api: string }>('inventory:read', async ({ params }) => {
  const items = await listSpecVersions(params.api);
  if (!items) throw notFound(`API '${params.api}'`);
  return Response.json({ items });
});

export const POST = withAuth<{ api: string }>('spec:write', async ({ req, principal, params }) => {
  requireApiSlug(params.api);
  const upload = await readSpecUpload(req);
  const result = await registerSpec({ apiSlug: params.api, text: upload.text, version: upload.version, ownerTeam: upload.owner, actor: principal });
  if (result.status === 'invalid' || result.status === 'forbidden' || result.status === 'conflict') throw specRefusalError(result);
  forgetInventoryChartData();
  const body = { status: result.status, api: params.api, apiCreated: result.apiCreated, spec: result.spec, reclassified: result.changed, warnings: result.warnings, ...(result.labelInUse ? { labelInUse: result.labelInUse } : {}) };
  return Response.json(body, { status: result.status === 'created' ? 201 : 200 });
});

export const { PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET, POST });
