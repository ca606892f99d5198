import { useQuery } from '@tanstack/react-query';
import { inventoryStatsSchema } from '@/lib/inventory/inventory-stats';
import { queryKeys } from '../query-keys';
import { fetchJson } from '../use-api';

export function useInventoryStatsQuery() {
  return useQuery({
    queryKey: queryKeys.stats.inventory,
    queryFn: ({ signal }) => fetchJson('/api/stats', inventoryStatsSchema, { signal }),
    staleTime: 60_000,
  });
}
