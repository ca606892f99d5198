import { Suspense } from 'react';
import { listEndpoints } from '@/lib/db/endpoints';
import { endpointQuerySchema } from '@/lib/inventory/endpoint-query';
import { InventoryPage } from './InventoryPage';

export const dynamic = 'force-dynamic';

/**
 * The first page of the inventory is rendered on the server, so the table is in the HTML (largest contentful paint
 * without waiting for JavaScript and a second round trip); React Query takes over from there.
 */
export default async function InventoryRoute({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = endpointQuerySchema.safeParse(raw);
  const initial = parsed.success ? { query: parsed.data, page: await listEndpoints(parsed.data) } : undefined;
  return (
    <Suspense fallback={<div className="state-box" role="status">Loading endpoints…</div>}>
      <InventoryPage initial={initial} />
    </Suspense>
  );
}
