'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { endpointsQueryOptions, useEndpointsQuery } from '@/components/hooks/queries/useEndpointsQuery';
import { queryKeys } from '@/components/hooks/query-keys';
import { EndpointTable } from '@/components/inventory/EndpointTable';
import { InventoryCharts } from '@/components/inventory/InventoryCharts';
import { InventoryFilters } from '@/components/inventory/InventoryFilters';
import { StateCounts } from '@/components/inventory/StateCounts';
import { pagerView } from '@/lib/inventory/pager';
import { parseInventoryFilters, type EndpointPage, type EndpointQuery } from '@/lib/inventory/endpoint-query';
import { formatCount } from '@/components/common/format-count';

/** The filters in a URL's query string; a parameter that does not parse is ignored, the others still apply. */
function parseInventoryQuery(params: URLSearchParams): EndpointQuery {
  return parseInventoryFilters(Object.fromEntries(params.entries()));
}

/** Whether the view leaves endpoints out: a sort, a page size or a parameter that did not parse does not. */
function filtered(query: EndpointQuery): boolean {
  const { sort: _sort, order: _order, page: _page, pageSize: _pageSize, includeIgnored: _all, includeUnlisted: _unlisted, ...filters } = query;
  return Object.values(filters).some((v) => v !== undefined);
}

/** Filters live in the URL, so a filtered view can be shared and survives a reload. */
export function InventoryPage({ initial }: { initial?: { query: EndpointQuery; page: EndpointPage } }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const queryClient = useQueryClient();
  const query = parseInventoryQuery(searchParams);
  const { data, isPending, isError, error, isFetching } = useEndpointsQuery(query, initial);
  // Any inventory page in flight, including one started by a filter change before the re-render for its URL.
  const tableFetching = useIsFetching({ queryKey: queryKeys.endpoints.all }) > 0;
  const [toLastPage, setToLastPage] = useState(false);
  const focusOnce = (el: HTMLElement | null) => {
    if (!el) return;
    el.focus();
    setToLastPage(false);
  };

  function setParam(name: string, value: string | undefined) {
    const next = new URLSearchParams(searchParams.toString());
    if (value) next.set(name, value);
    else next.delete(name);
    if (name !== 'page') next.delete('page');
    navigate(next);
  }
  function onSort(key: EndpointQuery['sort']) {
    const next = new URLSearchParams(searchParams.toString());
    // A first click sorts the way the column is read: paths A to Z (it sorted them Z to A), counts and times
    // biggest and newest first; a second click turns it round.
    const first = key === 'path' ? 'asc' : 'desc';
    const order = query.sort === key && query.order === first ? (first === 'asc' ? 'desc' : 'asc') : first;
    next.set('sort', key);
    next.set('order', order);
    next.delete('page');
    navigate(next);
  }
  // Shallow: the URL (and useSearchParams) change without re-running the server page — React Query fetches the
  // new page itself, so a filter change costs one API round trip, not two. The fetch starts here, in the event
  // handler, rather than after the re-render for the new URL has committed: the request is on the wire while React
  // renders, and the hook then finds it in flight under the same key. Each view is its own history entry (Next's
  // router keeps natively pushed entries), so Back undoes a filter or a page turn instead of leaving the inventory.
  function navigate(next: URLSearchParams) {
    // Next pressed twice before its page arrived asks for the same page twice: one history entry, or Back seems stuck.
    if (next.toString() === new URLSearchParams(window.location.search).toString()) return;
    void queryClient.prefetchQuery(endpointsQueryOptions(parseInventoryQuery(next)));
    window.history.pushState(null, '', `${pathname}?${next}`);
  }
  // The filters as read (not the raw URL), so a bad parameter the view ignores does not make the export a 422.
  const pager = data ? pagerView(data) : undefined;
  const exportParams = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && k !== 'page' && k !== 'pageSize') exportParams.set(k, String(v));

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
      <InventoryCharts paused={tableFetching} />
      {/* The cards and the table follow the filters, the charts do not (InventoryCharts): until 6 Dec a filter left the
          cards at 0 0 0 beside charts of every request, unexplained. */}
      {filtered(query) && <p className="muted" role="note">The charts are of the whole inventory, not of these filters.</p>}
      <InventoryFilters query={query} setParam={setParam} ignoredTotal={data?.ignoredTotal} unlistedTotal={data?.unlistedTotal} />
      {isFetching && !isPending && <div className="muted" role="status">Updating…</div>}
      {isPending ? (
        <div className="state-box" role="status">Loading endpoints…</div>
      ) : isError ? (
        <div className="state-box error" role="alert">Could not load the inventory: {error.message}</div>
      ) : pager?.pastEnd ? (
        <div className="state-box" role="status">
          Page {formatCount(data.page)} is past the end: {formatCount(data.total)} endpoint{data.total === 1 ? '' : 's'} match on {formatCount(pager.lastPage)} page{pager.lastPage === 1 ? '' : 's'}.{' '}
          <button type="button" onClick={() => { setToLastPage(true); setParam('page', pager.lastPage > 1 ? String(pager.lastPage) : undefined); }}>Go to the last page</button>
        </div>
      ) : data.items.length === 0 ? (
        <div className="state-box">
          {data.ignoredTotal > 0 && !query.includeIgnored
            ? `No endpoints ${filtered(query) ? 'match these filters' : 'to list'}; ${formatCount(data.ignoredTotal)} more ${data.ignoredTotal === 1 ? 'is' : 'are'} hidden by ignore overrides: tick “Show ignored” to list ${data.ignoredTotal === 1 ? 'it' : 'them'}.`
            : data.unlistedTotal > 0 && !query.includeUnlisted
              ? `No endpoints ${filtered(query) ? 'match these filters' : 'to list'}; ${formatCount(data.unlistedTotal)} more ${data.unlistedTotal === 1 ? 'is a shadow' : 'are shadows'} that only got 404/405 or a CORS preflight: tick “Show 404-only and preflights” to list ${data.unlistedTotal === 1 ? 'it' : 'them'}.`
              : `No endpoints ${filtered(query) ? 'match these filters' : 'yet: point a collector at your traffic or logs'}.`}
        </div>
      ) : (
        <>
          <EndpointTable items={data.items} sort={query.sort} order={query.order} onSort={onSort} />
          <div className="pager">
            {/* Reached with "Go to the last page", whose box this table replaced: the focus comes here, not to the page's start. */}
            <span tabIndex={-1} ref={toLastPage ? focusOnce : undefined}>
              {formatCount(pager!.from)}–{formatCount(pager!.to)} of {formatCount(data.total)}
            </span>
            {/* aria-disabled, not disabled: reaching the last page with Next must not drop the focus to the page's start. */}
            <button type="button" aria-disabled={!pager!.hasPrevious} onClick={() => pager!.hasPrevious && setParam('page', String(data.page - 1))}>Previous</button>
            <button type="button" aria-disabled={!pager!.hasNext} onClick={() => pager!.hasNext && setParam('page', String(data.page + 1))}>Next</button>
          </div>
        </>
      )}
    </>
  );
}
