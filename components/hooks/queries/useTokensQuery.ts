import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { queryKeys } from '../query-keys';
import { fetchJson } from '../use-api';

const tokensSchema = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), scopes: z.array(z.string()), prefix: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() })),
});

export function useTokensQuery(enabled: boolean) {
  return useQuery({ queryKey: queryKeys.tokens.all, queryFn: ({ signal }) => fetchJson('/api/tokens', tokensSchema, { signal }), enabled });
}
