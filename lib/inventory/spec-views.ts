import { z } from 'zod';

const opRef = z.object({ method: z.string(), path: z.string(), operationId: z.string().optional() });
export const specDiffViewSchema = z.object({ previousVersion: z.string().nullable(), added: z.array(opRef), removed: z.array(opRef), newlyDeprecated: z.array(opRef) });

export const specVersionsSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      version: z.string(),
      format: z.string(),
      isCurrent: z.boolean(),
      uploadedAt: z.string(),
      uploadedBy: z.string().nullable(),
      operationCount: z.number(),
      diffSummary: specDiffViewSchema.nullable(),
    }),
  ),
});
export type SpecVersions = z.infer<typeof specVersionsSchema>;

export const specPreviewSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('invalid'), problems: z.array(z.object({ pointer: z.string(), message: z.string(), file: z.string().optional() })) }),
  z.object({
    status: z.literal('ok'),
    title: z.string(),
    version: z.string(),
    operationCount: z.number(),
    diff: specDiffViewSchema,
    adopts: z.array(z.object({ id: z.string(), host: z.string(), method: z.string(), path: z.string(), requests: z.number() })),
  }),
]);
export type SpecPreviewView = z.infer<typeof specPreviewSchema>;
