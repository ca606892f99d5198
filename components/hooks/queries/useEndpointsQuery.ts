import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { endpointPageSchema, type EndpointPage, type EndpointQuery } from '@/lib/inventory/endpoint-query';
import { queryKeys } from '../query-keys';
import { fetchJson } from '../use-api';

/** Key and fetcher of one inventory page, shared by the hook and by prefetches started from an event handler. */
export function endpointsQueryOptions(query: Partial<EndpointQuery>) {
  return queryOptions({
    queryKey: queryKeys.endpoints.list(query),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
      return fetchJson(`/api/endpoints?${params}`, endpointPageSchema, { signal });
    },
  });
}

/** `initial` is the server-rendered first page; it seeds the cache only for the query it was rendered for. */
export function useEndpointsQuery(query: Partial<EndpointQuery>, initial?: { query: Partial<EndpointQuery>; page: EndpointPage }) {
  const seeded = initial && JSON.stringify(initial.query) === JSON.stringify(query) ? initial.page : undefined;
  return useQuery({ ...endpointsQueryOptions(query), placeholderData: keepPreviousData, initialData: seeded });
}
