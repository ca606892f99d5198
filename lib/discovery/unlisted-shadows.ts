/**
 * Undocumented endpoints that show no API operation, left out of what `discover`, `check` and `inventory` list unless
 * asked, each counted apart. One rule for `discover` (its run's statuses) and the stored inventory (a row's statuses
 * over every batch it was counted from), so the shadows `check` fails on are the ones `discover` lists: until 7 Dec
 * the stored ones all counted. The rows are stored all the same: the inventory counts every request once.
 */
export type UnlistedReason = 'notFound' | 'preflights';

export interface UnlistedFacts {
  state: string;
  method: string;
  statuses: unknown;
}

export interface ShadowListing {
  includeNotFound?: boolean;
  includePreflights?: boolean;
}

/**
 * A path the server answers only with 404 (or 405 for the method) does not exist there: reporting every scanner
 * probe (`/wp-login.php`, `/.env`) as a shadow API would bury the real ones.
 */
export function onlyNotFound(statuses: Readonly<Record<string, number>>): boolean {
  const codes = Object.keys(statuses).filter((c) => statuses[c] > 0);
  return codes.length > 0 && codes.every((c) => c === '404' || c === '405');
}

/**
 * Why an endpoint is left out, if it is. An undocumented OPTIONS is a browser's CORS preflight: the framework's CORS
 * layer answers one for any path, routed or not, so its 204 says nothing of an endpoint; the call it precedes is an
 * endpoint of its own where it was made, and where none was (the answer refused it) nothing was called. A preflight
 * never carries credentials (Fetch standard), so each one also read as an unauthenticated call that succeeded.
 */
export function unlistedReason(e: UnlistedFacts, listing: ShadowListing): UnlistedReason | undefined {
  if (e.state !== 'shadow') return undefined;
  if (!listing.includeNotFound && typeof e.statuses === 'object' && e.statuses !== null && onlyNotFound(e.statuses as Record<string, number>)) return 'notFound';
  if (!listing.includePreflights && e.method === 'OPTIONS') return 'preflights';
  return undefined;
}

/**
 * Endpoint.unlisted, the stored form of the rule for the dashboard's lists and counts (an index, not a JSON read per
 * row): left out unless asked, whichever the reason, so the dashboard's shadows are the ones `check` fails on.
 */
export function isUnlisted(e: UnlistedFacts): boolean {
  return unlistedReason(e, {}) !== undefined;
}
