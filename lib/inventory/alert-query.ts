import { z } from 'zod';

export const ALERT_KINDS = ['new-shadow', 'zombie-traffic', 'sensitive-unauthenticated'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** One page of alerts, newest first, optionally of one kind: the same schema reads the API's query and the page's URL. */
export const alertQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  kind: z.enum(ALERT_KINDS).optional(),
});
export type AlertQuery = z.infer<typeof alertQuerySchema>;
