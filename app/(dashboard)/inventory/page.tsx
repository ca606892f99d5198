import { Suspense } from 'react';
import { requireUser } from '@/lib/auth/current-user';
import { listEndpoints } from '@/lib/db/endpoints';
import { parseInventoryFilters } from '@/lib/inventory/endpoint-query';
import { InventoryPage } from './InventoryPage';
import type { Metadata } from 'next';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Inventory' };

/**
 * The first page of the inventory is rendered on the server, so the table is in the HTML (largest contentful paint
 * without waiting for JavaScript and a second round trip); React Query takes over from there.
 */
export default async function InventoryRoute({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser();
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  // Read as the client reads the same URL (bad parameters dropped one by one), so the server-rendered page seeds its cache.
  const query = parseInventoryFilters(raw);
  const initial = { query, page: await listEndpoints(query) };
  return (
    <Suspense fallback={<div className="state-box" role="status">Loading endpoints…</div>}>
      <InventoryPage initial={initial} />
    </Suspense>
  );
}
