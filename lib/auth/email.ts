import { z } from 'zod';

/**
 * Deliberately looser than z.email(): internal installs use addresses like `admin@localhost` that have no TLD.
 * Lower-cased, because people type their address in whatever case.
 */
export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address')
  .transform((s) => s.toLowerCase());
