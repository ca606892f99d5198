import { z } from 'zod';

const opRef = z.object({ method: z.string(), path: z.string(), operationId: z.string().optional() });
const movedRef = opRef.extend({ from: z.array(z.string()), to: z.array(z.string()) });
/** `moved` is absent from diffs stored before servers were compared. */
export const specDiffViewSchema = z.object({ previousVersion: z.string().nullable(), added: z.array(opRef), removed: z.array(opRef), newlyDeprecated: z.array(opRef), moved: z.array(movedRef).optional() });

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

const specProblemSchema = z.object({ pointer: z.string(), message: z.string(), file: z.string().optional() });
export type SpecProblemView = z.infer<typeof specProblemSchema>;
export const specPreviewSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('invalid'), problems: z.array(specProblemSchema) }),
  z.object({
    status: z.literal('ok'),
    title: z.string(),
    version: z.string(),
    labelInUse: z.string().optional(),
    operationCount: z.number(),
    warnings: z.array(specProblemSchema),
    diff: specDiffViewSchema,
    adopts: z.array(z.object({ id: z.string(), host: z.string(), method: z.string(), path: z.string(), requests: z.number() })),
  }),
]);
export type SpecPreviewView = z.infer<typeof specPreviewSchema>;

const invalidSpecErrorSchema = z.object({ error: z.object({ code: z.literal('invalid_spec'), details: z.array(specProblemSchema) }) });
const errorMessageSchema = z.object({ error: z.object({ message: z.string() }) });

/**
 * What the preview endpoint answered, for the upload form: the preview (200), the spec's problems to list (422
 * `invalid_spec`, the API's one error shape with the problems as details), or the message of any other refusal.
 */
export function readSpecPreviewResponse(status: number, body: unknown): { view: SpecPreviewView } | { message: string } {
  if (status === 200) return { view: specPreviewSchema.parse(body) };
  const invalid = invalidSpecErrorSchema.safeParse(body);
  if (status === 422 && invalid.success) return { view: { status: 'invalid', problems: invalid.data.error.details } };
  const error = errorMessageSchema.safeParse(body);
  return { message: error.success ? error.data.error.message : `preview failed (${status})` };
}
