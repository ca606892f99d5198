// GET /api/exports/backstage — catalog-info.yaml with one Backstage API entity per registered API.
import { stringify } from 'yaml';
import { listApis } from '@/lib/db/apis';
import { env } from '@/lib/env';
import { backstageEntities } from '@/lib/exports/backstage';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const GET = withAuth('inventory:read', async ({ req }) => {
  const base = env().NEXTAUTH_URL ?? new URL(req.url).origin;
  const docs = backstageEntities(await listApis(), base).map((d) => stringify(d));
  return new Response(docs.join('---\n'), {
    headers: { 'content-type': 'application/yaml; charset=utf-8', 'content-disposition': 'attachment; filename="catalog-info.yaml"' },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
