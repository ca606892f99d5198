import { storedPathOf } from '../exchange/http-rules';
import { canonicalRequestPath } from '../openapi/request-path';
import { percentDecoded } from '../percent-decode';
import { isSecretSegment } from '../security/redact-path';
import { isWellKnownName } from '../security/well-known-names';
import { datePartAt, type DatePart } from './date-parts';
import { isBareDate, isNearRequestDay } from './dated-root';
import { routeParam } from './route-syntax';
import { detectSegmentType, isApiVersionLiteral, isRootApiVersion, isVersionAfterApi, isVersionAfterRestName, RESERVED_LITERALS, type SegmentType } from './segment-types';

/**
 * Typed placeholders are stored in the segment itself: `\0int\0` or, with a file-like suffix kept,
 * `\0int\0.json` (Twitter's `/statuses/show/{id}.json`). NUL cannot appear in a decoded request path
 * that a server accepted, so a placeholder never collides with a literal.
 */
const MARK = '\u0000';
const SUFFIX = /^(.+?)(\.(?:json|xml|html?|txt|csv|yaml|yml|atom|rss|png|jpe?g|gif|svg|webp|pdf|zip|tar\.gz|js|css))$/i;

export function abstractSegment(segment: string, protectedLiterals: ReadonlySet<string>, inOData: () => boolean = NOT_ODATA): string {
  if (protectedLiterals.has(segment) || RESERVED_LITERALS.has(segment) || isApiVersionLiteral(segment) || isWellKnownName(segment)) return segment;
  const key = odataKey(segment, () => inOData() || protectedLiterals.has(segment.slice(0, segment.indexOf('(') + 1)));
  if (key) return key;
  // The extension first: `1234.json` is an integer ID with a format suffix, not one opaque token.
  const m = SUFFIX.exec(segment);
  if (m && !protectedLiterals.has(m[1])) {
    const stemType = detectSegmentType(m[1]);
    if (stemType) return placeholder(stemType, m[2]);
  }
  const type = detectSegmentType(segment);
  return type ? placeholder(type, '') : segment;
}

/**
 * OData addresses an entity by its key in parentheses after its entity set (`Products(1)`, `Customers('ALFKI')`,
 * Dynamics' `accounts(<uuid>)`, a composite `Order_Details(OrderID=1,ProductID=2)`): the set's name stays, the key is
 * the parameter (`Products({productId})`, as OData's OpenAPI mapping writes it). Whole segment literals, every
 * entity's set was one more value of the position, and Products and Customers merged into `/odata/{odataId}`. An
 * unquoted key must have a value's type: a title's qualifier (`Python_(programming_language)`) is no key.
 */
const ODATA_KEY = /^([A-Za-z][\w.]{0,127}[A-Za-z0-9])\((?:((?:guid|datetime|datetimeoffset|time|binary|X)?')([^'()/]{1,512})'|([^'()/]{1,512}))\)$/;

function odataKey(segment: string, inOData: () => boolean): string | undefined {
  const m = ODATA_KEY.exec(segment);
  if (!m) return undefined;
  // OData v2/v3 spell a typed key with its type before the quote (`lists(guid'5f4d…')`): part of the affix.
  const open = m[2] ?? '';
  const value = m[3] ?? m[4];
  // A stored template's own parameter (`Customers('{customerId}')`) is no key: it keeps its name (stored-template.ts).
  if (value.startsWith('{')) return undefined;
  const type = detectSegmentType(value) ?? (open ? 'name' : undefined);
  if (!type || (!open && WRITTEN_TYPES.has(type) && !inOData())) return undefined;
  return placeholder(type, open ? "')" : ')', `${m[1]}(${open}`);
}

/**
 * An unquoted number, date or version in parentheses is a title's qualifier as often as a key (`/wiki/Heat(1995)`,
 * `Python(3.12)`, `Meeting(2024-01-15)`): it is a key only in a path OData's own names mark (isODataPath). Until 6 Dec
 * it was one anywhere, and each film was an endpoint of its own, `/wiki/Heat({heatId})`. A quoted or typed key
 * (`Customers('ALFKI')`, `lists(guid'…')`), or an identifier's shape (a UUID, a hash, a token), is OData's wherever, and
 * so is any key of an entity set the host's spec keys (`/Products({ID})`: the matcher protects `Products(`).
 */
const WRITTEN_TYPES: ReadonlySet<string> = new Set(['int', 'date', 'version', 'locale']);

/**
 * A service root (`/odata/`, `/sap/opu/odata/…`, WCF's `Northwind.svc`, SharePoint's `_api`, Dynamics' `/api/data/`),
 * a system segment (`$metadata`, `$value`, `$count`, `$ref`) or a key in another segment (`Customers('ALFKI')/Orders(10643)`).
 */
export function isODataPath(segments: readonly string[], at: number): boolean {
  return segments.some((s, j) => ODATA_ROOT.test(s) || (s === 'data' && segments[j - 1] === 'api') || (j !== at && ODATA_KEY.test(s)));
}

/** A stored template's unquoted key parameter (`Heat({heatId})`), which a number in parentheses anywhere was until 6 Dec. */
export function isUnquotedKeyParam(segment: string): boolean {
  const m = ODATA_KEY.exec(segment);
  return m !== null && m[2] === undefined && m[4].startsWith('{');
}

const ODATA_ROOT = /^(?:odata\w*|[^/]+\.svc|_api|\$\w+)$/i;
const NOT_ODATA = (): boolean => false;

/**
 * The placeholder templating puts for the `i`th of a request's decoded segments at once, or undefined for a literal
 * (kept as the template spells it). One rule for traffic (lib/discovery/observe.ts) and for templates stored by older
 * releases (lib/discovery/stored-template.ts), so the two never disagree about a segment. `requestedAt`, the request's
 * time where there is one, tells a day first in the path from an API's dated version (dated-root.ts).
 */
export function typedSegment(segments: readonly string[], i: number, protectedLiterals: ReadonlySet<string>, requestedAt?: string): string | undefined {
  const s = segments[i];
  // What canonicalRequestPath leaves of a `style: matrix` path parameter (`;id=5` → `;id`): a value, named by its name.
  if (s.startsWith(';')) {
    const name = MATRIX_NAME.exec(s)?.[1];
    return placeholder(name ? `route:${name}` : 'token', '');
  }
  if ((i === 0 && (isRootApiVersion(s) || (isBareDate(s) && !isNearRequestDay(s, requestedAt)))) || (i > 0 && isVersionAfterApi(segments[i - 1], s))) return undefined;
  // Four characters two back (`rest`) first: most segments are asked nothing more.
  if (i > 1 && segments[i - 2].length === 4 && i + 1 < segments.length && isVersionAfterRestName(segments[i - 2], segments[i - 1], s)) return undefined;
  const abstracted = abstractSegment(s, protectedLiterals, () => isODataPath(segments, i));
  if (abstracted === INT) return datePartPlaceholder(segments, i) ?? abstracted;
  if (abstracted !== s) return abstracted;
  // A reset code or invite token too short to look random (`/reset/Kx7pQ2mZ`): example paths redact it,
  // and as a literal it would be the stored template itself. A documented literal stays.
  if (!protectedLiterals.has(s) && isSecretSegment(s, i > 0 ? segments[i - 1] : undefined, i > 1 ? segments[i - 2] : undefined, i > 2 ? segments[i - 3] : undefined)) return placeholder('token', '');
  return undefined;
}

const INT = placeholder('int', '');

/** A year, month or day of a date run (`/archive/2024/01/15`: date-parts.ts), asked only of two and four digits. */
function datePartPlaceholder(segments: readonly string[], i: number): string | undefined {
  const n = segments[i].length;
  if (n !== 2 && n !== 4) return undefined;
  const part = datePartAt(segments, i);
  return part ? placeholder(part, '') : undefined;
}

const MATRIX_NAME = /^;([A-Za-z_][\w.-]{0,63})(;|$)/;

/** With a prefix (an OData key's `Products(`), after the suffix: `\0int\0)\0Products(`. */
export function placeholder(type: SegmentType | DatePart | 'name' | `route:${string}`, suffix: string, prefix = ''): string {
  return prefix ? `${MARK}${type}${MARK}${suffix}${MARK}${prefix}` : `${MARK}${type}${MARK}${suffix}`;
}

export function isPlaceholder(segment: string): boolean {
  return segment.charCodeAt(0) === 0;
}

export function parsePlaceholder(segment: string): { type: string; suffix: string; prefix: string } {
  const end = segment.indexOf(MARK, 1);
  const affix = segment.indexOf(MARK, end + 1);
  if (affix < 0) return { type: segment.slice(1, end), suffix: segment.slice(end + 1), prefix: '' };
  return { type: segment.slice(1, end), suffix: segment.slice(end + 1, affix), prefix: segment.slice(affix + 1) };
}

/** What tells one parameter of a position from another: its suffix, and its prefix after it when it has one. */
export function affixKey(prefix: string, suffix: string): string {
  return prefix ? `${suffix}${MARK}${prefix}` : suffix;
}

/** A placeholder with a name before it (an OData key's `Products(`): an item of that set, not of the node it is under. */
export function hasPrefix(segment: string): boolean {
  return isPlaceholder(segment) && segment.indexOf(MARK, segment.indexOf(MARK, 1) + 1) > 0;
}

/**
 * A template a gateway or framework already resolved (`/pets/{petId}`, `/users/<int:user_id>`: route-syntax.ts)
 * becomes segments with named placeholders.
 */
export function routeSegments(route: string, protectedLiterals: ReadonlySet<string> = NO_LITERALS): string[] {
  // A `?` inside braces is the route's own (ASP.NET Core's optional `{id?}`), not a query. Matrix parameters are no
  // part of a route as they are none of a request's path (`;jsessionid=…`, `;api_key=…`: until 6 Dec a concrete path
  // set as the route kept them, values included, in discover's template and a push batch).
  const stored = storedPathOf(route);
  const path = stored.includes(';') ? canonicalRequestPath(stored) : stored;
  const parts = path.replace(/^\/+|\/+$/g, '').split('/').filter((s) => s.length > 0);
  // Judged decoded, as a request's segments are (redact-path.ts isSecretSegment).
  const judged = path.includes('%') ? parts.map(percentDecoded) : parts;
  return parts.map((s, i) => {
    const p = routeParam(s, true);
    if (p) return placeholder(`route:${p.name}`, p.suffix);
    // What canonicalRequestPath leaves of a `style: matrix` parameter (`;id`), and a segment that is one `key=…` pair:
    // values, as in a request's path (typedSegment, detectSegmentType).
    if (s.startsWith(';')) return typedSegment(parts, i, protectedLiterals)!;
    if (s.includes('=') && !protectedLiterals.has(s) && detectSegmentType(s) === 'token') return placeholder('token', '');
    // Instrumentations without a router's name for the route set it to the concrete path: its literals are judged
    // as a request's are (a webhook key, a reset code), or the credential would be the template, in discover's
    // output and a push batch (the server's door judges templates too: lib/db/template-rules.ts).
    return !protectedLiterals.has(s) && isSecretSegment(judged[i], i > 0 ? judged[i - 1] : undefined, i > 1 ? judged[i - 2] : undefined, i > 2 ? judged[i - 3] : undefined) ? placeholder('token', '') : s;
  });
}

const NO_LITERALS: ReadonlySet<string> = new Set();
