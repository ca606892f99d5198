import { useQuery } from '@tanstack/react-query';
import { inventoryStatsSchema } from '@/lib/inventory/inventory-stats';
import { queryKeys } from '../query-keys';
import { fetchJson } from '../use-api';

/** `fetch: false`: what the cache holds, fetched by another reader (the charts, which wait for an idle moment). */
export function useInventoryStatsQuery({ fetch = true }: { fetch?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.stats.inventory,
    queryFn: ({ signal }) => fetchJson('/api/stats', inventoryStatsSchema, { signal }),
    staleTime: 60_000,
    enabled: fetch,
  });
}
