import { z } from 'zod';

/** What GET /api/deprecations returns (lib/db/deprecations.ts#listDeprecationRequests), as the UI reads it. */
export const deprecationViewSchema = z.object({
  id: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  reason: z.string(),
  proposedSunset: z.string().nullable(),
  requester: z.string().nullable(),
  reviewer: z.string().nullable(),
  decisionNote: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  operation: z
    .object({
      id: z.string(),
      method: z.string(),
      path: z.string(),
      operationId: z.string().nullable(),
      api: z.object({ slug: z.string(), name: z.string() }),
      deprecated: z.boolean(),
      sunsetAt: z.string().nullable(),
      callers: z.array(
        z.object({
          endpointId: z.string(),
          host: z.string(),
          path: z.string(),
          state: z.string(),
          requests: z.number(),
          lastSeen: z.string(),
          issuers: z.array(z.string()),
          clients: z.record(z.string(), z.number()),
          distinctCredentials: z.number(),
          fingerprints: z.array(z.string()),
          authKinds: z.array(z.string()),
        }),
      ),
    })
    .nullable(),
});
export type DeprecationView = z.infer<typeof deprecationViewSchema>;
export const deprecationListSchema = z.object({ items: z.array(deprecationViewSchema) });
