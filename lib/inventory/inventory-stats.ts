import { z } from 'zod';

export const inventoryStatsSchema = z.object({
  /** Per UTC day: requests to endpoints in each state. */
  requestsByDay: z.array(z.object({ day: z.string(), documented: z.number(), shadow: z.number(), zombie: z.number() })),
  /** Per ISO week (Monday, UTC): shadow endpoints first seen that week. */
  newShadowsByWeek: z.array(z.object({ week: z.string(), count: z.number() })),
  /** Endpoints by posture bucket. */
  posture: z.array(z.object({ bucket: z.string(), count: z.number() })),
  /**
   * The auth kinds the inventory's endpoints were called with (`cookie:session`, `api-key:x-goog-api-key`, …), sorted,
   * at most AUTH_KINDS_LISTED: what the inventory's Auth filter offers. Optional: a server older than 6 Dec omits it.
   */
  authKinds: z.array(z.string()).optional(),
  /**
   * The teams owning an endpoint the inventory shows, sorted by slug: what the Owner filter offers beside the APIs'
   * owners. A team an ownership rule gives endpoints may own no API. Optional: a server older than 6 Dec omits it.
   */
  ownerTeams: z.array(z.object({ slug: z.string(), name: z.string() })).optional(),
  /**
   * The methods the inventory's endpoints have (`QUERY`, `PROPFIND`, a gateway's own), sorted, at most METHODS_LISTED:
   * what the Method filter offers beside the common ones. Optional: a server older than 6 Dec omits it.
   */
  methods: z.array(z.string()).optional(),
});
export type InventoryStats = z.infer<typeof inventoryStatsSchema>;

export const AUTH_KINDS_LISTED = 200;
export const METHODS_LISTED = 64;

/** Monday of the UTC week a date falls in, as YYYY-MM-DD. */
export function weekOf(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}
