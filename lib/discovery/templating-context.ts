import { z } from 'zod';
import { normalisedSpecSchema } from '../openapi/spec-model';
import { pathOverridesSchema } from './overrides';

/**
 * What templating needs to decide as the inventory would: the current specs and the operators' overrides. The
 * server builds it (lib/db/templating-context.ts), a remote collector reads it from GET /api/ingest/templating.
 */
export const templatingContextSchema = z.object({
  specs: z.array(normalisedSpecSchema),
  overrides: pathOverridesSchema,
  /** The server's LANTERN_INGEST_MAX_BYTES, which a collector cuts its batches to (absent from older servers). */
  maxBatchBytes: z.number().int().positive().optional(),
});
export type TemplatingContext = z.infer<typeof templatingContextSchema>;
