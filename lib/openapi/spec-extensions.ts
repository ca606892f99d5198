type Obj = Record<string, unknown>;

/** Extension names real specs use for a sunset date; RFC 8594 gave the header, not the spec field. */
const SUNSET_KEYS = ['x-sunset', 'x-sunset-date', 'x-deprecation-date', 'x-deprecated-at'];
const LIFECYCLE_KEYS = ['x-lifecycle', 'x-api-status', 'x-status', 'x-api-lifecycle'];
const RETIRED = new Set(['retired', 'sunset', 'decommissioned', 'removed']);

/** An ISO date-time with no `Z` or offset (`T` or a space between date and time), which `Date.parse` reads as local time. */
const ZONELESS_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/i;

/**
 * The first sunset-like extension that parses as a date, as `YYYY-MM-DD` or full ISO. A date-time without a zone is
 * UTC, as a date alone is: read in the machine's zone, collectors and servers in different zones disagreed by hours.
 */
export function sunsetFrom(node: Obj): string | undefined {
  for (const key of SUNSET_KEYS) {
    const v = node[key];
    const text = v instanceof Date ? v.toISOString() : typeof v === 'string' || typeof v === 'number' ? String(v).trim() : undefined;
    if (!text) continue;
    const zoneless = ZONELESS_DATE_TIME.exec(text);
    const t = Date.parse(zoneless ? `${zoneless[1]}T${zoneless[2]}Z` : text);
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  return undefined;
}

export function isRetiredLifecycle(node: Obj): boolean {
  return LIFECYCLE_KEYS.some((k) => typeof node[k] === 'string' && RETIRED.has((node[k] as string).toLowerCase()));
}

/** `x-owner` as a string, or `{ name }`/`{ team }` object, as an entity reference. */
export function ownerFrom(node: Obj): string | undefined {
  const v = node['x-owner'];
  if (typeof v === 'string' && v.trim().length > 0) return ownerRef(v.trim());
  if (v !== null && typeof v === 'object') {
    const o = v as Obj;
    const name = o.team ?? o.name ?? o.group;
    if (typeof name === 'string' && name.trim().length > 0) return ownerRef(name.trim());
  }
  return undefined;
}

export function ownerRef(value: string): string {
  return /^[a-z]+:[^/]+\/.+$/i.test(value) ? value : `group:default/${slug(value)}`;
}

export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'unknown';
}
