import { z } from 'zod';

/** One page of the audit log, newest first: the same schema reads the API's query string and the dashboard's URL. */
export const auditQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;
