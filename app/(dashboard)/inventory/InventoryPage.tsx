'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEndpointsQuery } from '@/components/hooks/queries/useEndpointsQuery';
import { EndpointTable } from '@/components/inventory/EndpointTable';
import { StateCounts } from '@/components/inventory/StateCounts';
import { endpointQuerySchema } from '@/lib/inventory/endpoint-query';

/** Filters live in the URL, so a filtered view can be shared and survives a reload. */
export function InventoryPage() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const parsed = endpointQuerySchema.safeParse(Object.fromEntries(searchParams.entries()));
  const query = parsed.success ? parsed.data : endpointQuerySchema.parse({});
  const { data, isPending, isError, error, isFetching } = useEndpointsQuery(query);

  function setParam(name: string, value: string | undefined) {
    const next = new URLSearchParams(searchParams.toString());
    if (value) next.set(name, value);
    else next.delete(name);
    if (name !== 'page') next.delete('page');
    router.replace(`${pathname}?${next}`);
  }

  return (
    <>
      <h1>Inventory</h1>
      {data && <StateCounts counts={data.countsByState} active={query.state} onSelect={(s) => setParam('state', s)} />}
      <div className="filters" role="search">
        <input aria-label="Search paths and hosts" placeholder="Search paths and hosts" defaultValue={query.q ?? ''} onKeyDown={(e) => e.key === 'Enter' && setParam('q', e.currentTarget.value || undefined)} />
        <select aria-label="State" value={query.state ?? ''} onChange={(e) => setParam('state', e.target.value || undefined)}>
          <option value="">All states</option>
          <option value="documented">Documented</option>
          <option value="shadow">Shadow</option>
          <option value="zombie">Zombie</option>
        </select>
        <input aria-label="Host" placeholder="Host" defaultValue={query.host ?? ''} onKeyDown={(e) => e.key === 'Enter' && setParam('host', e.currentTarget.value || undefined)} />
        {isFetching && !isPending && <span className="muted">Updating…</span>}
      </div>
      {isPending ? (
        <div className="state-box" role="status">Loading endpoints…</div>
      ) : isError ? (
        <div className="state-box error" role="alert">Could not load the inventory: {error.message}</div>
      ) : data.items.length === 0 ? (
        <div className="state-box">
          No endpoints {parsed.success && searchParams.size > 0 ? 'match these filters' : 'yet: point a collector at your traffic or logs'}.
        </div>
      ) : (
        <>
          <EndpointTable items={data.items} />
          <div className="pager">
            <span>
              {(data.page - 1) * data.pageSize + 1}–{Math.min(data.page * data.pageSize, data.total)} of {data.total}
            </span>
            <button type="button" disabled={data.page <= 1} onClick={() => setParam('page', String(data.page - 1))}>Previous</button>
            <button type="button" disabled={data.page * data.pageSize >= data.total} onClick={() => setParam('page', String(data.page + 1))}>Next</button>
          </div>
        </>
      )}
    </>
  );
}
