import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { queryKeys } from '../query-keys';
import { fetchJson } from '../use-api';

const overridesSchema = z.object({
  items: z.array(z.object({ id: z.string(), host: z.string(), method: z.string(), pattern: z.string(), action: z.string(), author: z.string().nullable() })),
});
export type OverrideView = z.infer<typeof overridesSchema>['items'][number];

export function useOverridesQuery() {
  return useQuery({ queryKey: queryKeys.overrides.all, queryFn: ({ signal }) => fetchJson('/api/overrides', overridesSchema, { signal }) });
}
