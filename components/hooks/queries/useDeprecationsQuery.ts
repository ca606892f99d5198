import { useQuery } from '@tanstack/react-query';
import { deprecationListSchema } from '@/lib/inventory/deprecation-view';
import { queryKeys } from '../query-keys';
import { fetchJson } from '../use-api';

export function useDeprecationsQuery() {
  return useQuery({ queryKey: queryKeys.deprecations.all, queryFn: ({ signal }) => fetchJson('/api/deprecations', deprecationListSchema, { signal }) });
}
