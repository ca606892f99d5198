import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { queryKeys } from '../query-keys';
import { fetchJson } from '../use-api';

const apiListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      slug: z.string(),
      name: z.string(),
      ownerTeam: z.object({ slug: z.string(), name: z.string() }).nullable(),
    }).loose(),
  ),
});

export function useApisQuery() {
  return useQuery({ queryKey: queryKeys.apis.all, queryFn: ({ signal }) => fetchJson('/api/apis', apiListSchema, { signal }), staleTime: 60_000 });
}
