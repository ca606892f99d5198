import { escapePointerToken } from './json-pointer';
import { isStorableTime } from '../storable-dates';
import type { SpecProblem } from './spec-model';

type Obj = Record<string, unknown>;

/** Extension names real specs use for a sunset date; RFC 8594 gave the header, not the spec field. */
export const SUNSET_KEYS = ['x-sunset', 'x-sunset-date', 'x-deprecation-date', 'x-deprecated-at'];
export const LIFECYCLE_KEYS = ['x-lifecycle', 'x-api-status', 'x-status', 'x-api-lifecycle'];
const RETIRED = new Set(['retired', 'sunset', 'decommissioned', 'removed']);

/** An ISO date-time with no `Z` or offset (`T` or a space between date and time), which `Date.parse` reads as local time. */
const ZONELESS_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/i;
/** ISO 8601 (a date, or a date-time with or without its zone), or the HTTP date the Sunset header itself carries (RFC 8594). */
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}:\d{2}:\d{2}) GMT$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The first sunset-like extension that is a date, as `YYYY-MM-DD`, full ISO or an HTTP date. A date-time without a
 * zone is UTC, as a date alone is: read in the machine's zone, collectors and servers in different zones disagreed by
 * hours. Anything else is no date and is said in `warnings` at `pointer`/<key>: `Date.parse` guessed one out of any
 * text with a number (`see ticket API-123` was the year 123, `TBD 1` 2001), so every call became a zombie, and read
 * `12/31/2026` or `March 2027` in the machine's zone. A time before the year 1 (UTC) is none either.
 */
export function sunsetFrom(node: Obj, warnings?: SpecProblem[], pointer = ''): string | undefined {
  for (const key of SUNSET_KEYS) {
    const v = node[key];
    const text = v instanceof Date ? v.toISOString() : typeof v === 'string' || typeof v === 'number' ? String(v).trim() : undefined;
    if (!text) continue;
    const sunset = parseSunset(text);
    if (sunset) return sunset;
    warnings?.push({ pointer: `${pointer}/${escapePointerToken(key)}`, message: `${key} ${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)} is no date (YYYY-MM-DD, an ISO 8601 date-time or an HTTP date): ignored` });
  }
  return undefined;
}

function parseSunset(raw: string): string | undefined {
  // An HTTP date is read as the ISO date-time it spells: Date.parse reads its years 0000–0049 as 2000–2049 and
  // 0050–0099 as the 1900s, and makes `31 Feb` 3 March.
  const http = HTTP_DATE.exec(raw);
  const text = http ? `${http[3]}-${String(MONTHS.indexOf(http[2]) + 1).padStart(2, '0')}-${http[1]}T${http[4]}Z` : raw;
  const iso = ISO_DATE_TIME.exec(text);
  if (!iso) return undefined;
  // `2026-02-30` is no day: Date.parse makes it 2 March.
  if (new Date(`${iso[1]}T00:00:00Z`).toISOString().slice(0, 10) !== iso[1]) return undefined;
  const zoneless = ZONELESS_DATE_TIME.exec(text);
  const t = Date.parse(zoneless ? `${zoneless[1]}T${zoneless[2]}Z` : text);
  // The year 0000 is a placeholder or a typo, and no date PostgreSQL stores: the operation's row made registration a 500.
  return isStorableTime(t) ? new Date(t).toISOString() : undefined;
}


export function isRetiredLifecycle(node: Obj): boolean {
  return LIFECYCLE_KEYS.some((k) => typeof node[k] === 'string' && RETIRED.has((node[k] as string).toLowerCase()));
}

/**
 * `x-status: deprecated` (or another lifecycle key saying so), which specs write beside or instead of `deprecated:
 * true`, on an operation, its path item or the whole API (`info`), or a deprecation marker below; until 6 Dec only
 * retired values were read, and calls to such an operation were no zombie calls.
 */
export function isDeprecatedLifecycle(node: Obj): boolean {
  return LIFECYCLE_KEYS.some((k) => typeof node[k] === 'string' && (node[k] as string).toLowerCase() === 'deprecated') || isDeprecatedByMarker(node);
}

/**
 * Vendor markers that say nothing but "deprecated": `x-deprecated: true` (older Swagger 2.0 specs and generators that
 * predate or ignore the standard field) and OpenSearch's `x-version-deprecated: '2.0'` (the version that deprecated
 * the operation). Until 6 Dec neither was read and calls to such operations were no zombie calls. Kept to these two:
 * `x-deprecated: false` or a message, and `x-version-removed` (a spec covering several server versions documents
 * what later ones removed), are not read as a deprecation.
 */
export const DEPRECATION_MARKER_KEYS = ['x-deprecated', 'x-version-deprecated'];

function isDeprecatedByMarker(node: Obj): boolean {
  const flag = node['x-deprecated'];
  const since = node['x-version-deprecated'];
  return flag === true || (typeof flag === 'string' && flag.trim().toLowerCase() === 'true') || (typeof since === 'string' && since.trim() !== '') || typeof since === 'number';
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
