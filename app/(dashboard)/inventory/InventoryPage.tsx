'use client';

import dynamic from 'next/dynamic';
import { usePathname, useSearchParams } from 'next/navigation';
import { useEndpointsQuery } from '@/components/hooks/queries/useEndpointsQuery';
import { EndpointTable } from '@/components/inventory/EndpointTable';
import { InventoryFilters } from '@/components/inventory/InventoryFilters';
import { StateCounts } from '@/components/inventory/StateCounts';
import { endpointQuerySchema, type EndpointPage, type EndpointQuery } from '@/lib/inventory/endpoint-query';

// Charts load after the table: they are below the fold and recharts is the heaviest bundle on the page.
const InventoryCharts = dynamic(() => import('@/components/inventory/InventoryCharts').then((m) => m.InventoryCharts), {
  ssr: false,
  loading: () => <div className="charts charts-loading" role="status" aria-label="Loading charts" />,
});

/** Filters live in the URL, so a filtered view can be shared and survives a reload. */
export function InventoryPage({ initial }: { initial?: { query: EndpointQuery; page: EndpointPage } }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const parsed = endpointQuerySchema.safeParse(Object.fromEntries(searchParams.entries()));
  const query = parsed.success ? parsed.data : endpointQuerySchema.parse({});
  const { data, isPending, isError, error, isFetching } = useEndpointsQuery(query, initial);

  function setParam(name: string, value: string | undefined) {
    const next = new URLSearchParams(searchParams.toString());
    if (value) next.set(name, value);
    else next.delete(name);
    if (name !== 'page') next.delete('page');
    navigate(next);
  }
  function onSort(key: EndpointQuery['sort']) {
    const next = new URLSearchParams(searchParams.toString());
    const order = query.sort === key && query.order === 'desc' ? 'asc' : 'desc';
    next.set('sort', key);
    next.set('order', order);
    next.delete('page');
    navigate(next);
  }
  // Shallow: the URL (and useSearchParams) change without re-running the server page — React Query fetches the
  // new page itself, so a filter change costs one API round trip, not two.
  function navigate(next: URLSearchParams) {
    window.history.replaceState(null, '', `${pathname}?${next}`);
  }
  const exportParams = new URLSearchParams(searchParams.toString());
  exportParams.delete('page');
  exportParams.delete('pageSize');

  return (
    <>
      <div className="filters">
        <h1 style={{ margin: 0 }}>Inventory</h1>
        <div className="toolbar">
          <a href={`/api/exports/inventory?format=csv&${exportParams}`} download>Export CSV</a>
          <a href={`/api/exports/inventory?format=json&${exportParams}`} download>JSON</a>
          {query.host && <a href={`/api/exports/openapi?host=${encodeURIComponent(query.host)}`} download>OpenAPI of {query.host} shadows</a>}
        </div>
      </div>
      {data ? <StateCounts counts={data.countsByState} active={query.state} onSelect={(s) => setParam('state', s)} /> : <div className="cards" style={{ minHeight: 72 }} />}
      <InventoryCharts />
      <InventoryFilters query={query} setParam={setParam} />
      {isFetching && !isPending && <div className="muted" role="status">Updating…</div>}
      {isPending ? (
        <div className="state-box" role="status">Loading endpoints…</div>
      ) : isError ? (
        <div className="state-box error" role="alert">Could not load the inventory: {error.message}</div>
      ) : data.items.length === 0 ? (
        <div className="state-box">
          No endpoints {searchParams.size > 0 ? 'match these filters' : 'yet: point a collector at your traffic or logs'}.
        </div>
      ) : (
        <>
          <EndpointTable items={data.items} sort={query.sort} order={query.order} onSort={onSort} />
          <div className="pager">
            <span>
              {(data.page - 1) * data.pageSize + 1}–{Math.min(data.page * data.pageSize, data.total)} of {data.total.toLocaleString('en-US')}
            </span>
            <button type="button" disabled={data.page <= 1} onClick={() => setParam('page', String(data.page - 1))}>Previous</button>
            <button type="button" disabled={data.page * data.pageSize >= data.total} onClick={() => setParam('page', String(data.page + 1))}>Next</button>
          </div>
        </>
      )}
    </>
  );
}
