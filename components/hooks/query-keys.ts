import type { EndpointQuery } from '@/lib/inventory/endpoint-query';

/** Every React Query key comes from here, so invalidation after a mutation can target a whole family. */
export const queryKeys = {
  endpoints: {
    all: ['endpoints'] as const,
    list: (q: Partial<EndpointQuery>) => ['endpoints', 'list', q] as const,
  },
  apis: { all: ['apis'] as const },
  stats: { inventory: ['stats', 'inventory'] as const },
  deprecations: { all: ['deprecations'] as const },
  tokens: { all: ['tokens'] as const },
  specs: { versions: (api: string) => ['specs', api] as const },
  collectors: { all: ['collectors'] as const },
  overrides: { all: ['overrides'] as const },
};
