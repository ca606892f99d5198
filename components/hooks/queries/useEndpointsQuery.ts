import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { endpointPageSchema, type EndpointQuery } from '@/lib/inventory/endpoint-query';
import { queryKeys } from '../query-keys';
import { fetchJson } from '../use-api';

export function useEndpointsQuery(query: Partial<EndpointQuery>) {
  return useQuery({
    queryKey: queryKeys.endpoints.list(query),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
      return fetchJson(`/api/endpoints?${params}`, endpointPageSchema, { signal });
    },
    placeholderData: keepPreviousData,
  });
}
