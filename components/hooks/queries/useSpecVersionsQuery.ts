import { useQuery } from '@tanstack/react-query';
import { specVersionsSchema } from '@/lib/inventory/spec-views';
import { queryKeys } from '../query-keys';
import { ApiError, fetchJson } from '../use-api';

export function useSpecVersionsQuery(api: string | undefined) {
  return useQuery({
    queryKey: queryKeys.specs.versions(api ?? ''),
    queryFn: async ({ signal }) => {
      try {
        return await fetchJson(`/api/apis/${encodeURIComponent(api!)}/specs`, specVersionsSchema, { signal });
      } catch (err) {
        // A new API has no history yet.
        if (err instanceof ApiError && err.status === 404) return { items: [] };
        throw err;
      }
    },
    enabled: Boolean(api),
  });
}
