// GET /api/inventory?api=&state=&includeIgnored=&includeNotFound=&includePreflights= — the stored inventory as `lantern inventory --json` prints it
// (the shape of `discover --json` plus the stored fields), for `lantern inventory --server URL --token T`.
import { z } from 'zod';
import { exportInventory } from '@/lib/db/inventory-export';
import { notFound } from '@/lib/http/errors';
import { parseSearchParams } from '@/lib/http/parse';
import { withAuth } from '@/lib/http/with-auth';
import { filterText } from '@/lib/inventory/endpoint-query';
import { refuseOtherMethods } from '@/lib/http/other-methods';

const querySchema = z.object({
  api: filterText(200).min(1).optional(),
  state: z.enum(['documented', 'shadow', 'zombie']).optional(),
  includeIgnored: z.enum(['true', 'false']).default('false'),
  includeNotFound: z.enum(['true', 'false']).default('false'),
  includePreflights: z.enum(['true', 'false']).default('false'),
});

export const GET = withAuth('inventory:read', async ({ req }) => {
  const q = parseSearchParams(req, querySchema);
  const inventory = await exportInventory({ api: q.api, state: q.state, includeIgnored: q.includeIgnored === 'true', includeNotFound: q.includeNotFound === 'true', includePreflights: q.includePreflights === 'true' });
  if (!inventory) throw notFound(`API '${q.api}'`);
  return Response.json(inventory);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
