import { isDottedName, isNamePiece } from '../security/secret-shape';
import { EMAIL_DOMAIN_SOURCE } from './email-shape';
import { isCalendarDay } from './calendar-day';
import { isIpAddress } from './ip-address';

/**
 * Type detectors for path segments. A segment that looks like an identifier becomes a typed
 * placeholder as soon as it is observed, which is what keeps memory proportional to endpoints rather
 * than to distinct IDs. Order matters: the most specific shape wins (an ObjectId is also hex).
 */
export type SegmentType = 'uuid' | 'objectid' | 'hex' | 'int' | 'date' | 'email' | 'ip' | 'version' | 'token' | 'locale';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OBJECT_ID = /^[0-9a-f]{24}$/i;
/** 7+ hex with both a digit and a letter: short git SHAs (7), MD5 (32), SHA-1 (40), SHA-256 (64). */
const HEX = /^(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{7,128}$/i;
/**
 * A content digest as OCI registries and Docker name blobs and manifests (`sha256:e3b0c442…`): a hash, typed as one.
 * As a literal, each image pulled added its own `/v2/library/ubuntu/blobs/sha256:…` endpoint, the digest in the template.
 */
const DIGEST = /^(?:sha(?:1|224|256|384|512)|md5|blake2b|blake3):[0-9a-f]{32,128}$/i;
/** Integers, also negative and zero-padded; a lone digit counts too (`/page/2`, `/issues/7`). */
const INT = /^-?\d{1,19}$/;
const DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * `20240115` is a day, `12345678` an order number: eight digits are a date only when they spell one (ISO 8601 basic
 * format, years 1900–2099). Typed `date`, any eight digits made the collections holding such IDs no collections
 * (a date after a name is no item of one), and `/api/users/…`, `/api/orders/…` merged into `/api/{apiId}/{date}`.
 */
function isCompactDate(digits: string): boolean {
  const year = Number(digits.slice(0, 4));
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  return year >= 1900 && year <= 2099 && isCalendarDay(year, month, day);
}
/**
 * A BCP 47 language tag with its region in capitals (`en-US`, `pt-BR`, `zh-Hant-TW`, `es-419`): a site's or an API's
 * locale prefix, an endpoint tree per locale as literals (and never merged first in a path). A region in small letters
 * is left out: `to-do`, `co-op`, `opt-in`, `add-on` are words of that shape. A language with its script and no region
 * (`zh-Hans`, `sr-Latn`: until 7 Dec a literal beside `{locale}`) only for the scripts languages are written so in
 * (ISO 15924), as `co-Op` would otherwise be one.
 */
const LOCALE = /^[a-z]{2,3}(?:(?:-[A-Z][a-z]{3})?-(?:[A-Z]{2}|\d{3})|-(?:Hans|Hant|Latn|Cyrl|Arab|Deva|Guru|Beng|Mong|Tfng|Adlm|Vaii))$/;

/** Not `logo@2x.png` (see email-shape.ts); the local part is looser than the body detector's, as a segment is anchored. */
const EMAIL = new RegExp(String.raw`^[^@\s/]{1,64}` + EMAIL_DOMAIN_SOURCE + '$');
/** Dotted versions (`4.17.21`, `1.2`); `v1`-style API versions are reserved literals instead. */
const VERSION = /^v?\d+\.\d+(\.\d+)?([-+][0-9A-Za-z.-]+)?$/;
/**
 * Opaque IDs: prefixed IDs (`cus_9s6XKzkNRiz8i3`, `ch_3MmlLrLkdIwHu7ix`), base64/base62 tokens, nanoids
 * (`NjpTwgmENj11rGdUgpCQ9`). Requires a digit and mixed case, or a `prefix_` plus a long random tail.
 */
const PREFIXED_ID = /^[a-z]{1,12}_[A-Za-z0-9]{8,}$/;
const TOKEN_CHARS = /^[A-Za-z0-9_\-+=~.]{16,}$/;
/**
 * ULIDs (26 Crockford base32 characters, the first 0-7), in one case: their random part may be a long run of
 * letters that looksRandom refuses, and Crockford leaves out I, L, O and U, so no word has this shape. Typed
 * `token` like the ULIDs looksRandom does accept, so one endpoint's ULIDs never split into two templates.
 */
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$|^[0-7][0-9a-hjkmnp-tv-z]{25}$/;

/** The same pair shape example paths redact (lib/security/redact-path.ts); a value of only `=` is base64 padding. */
const PAIR_SEGMENT = /^[A-Za-z][\w.-]{0,63}=(?!=*$)/;

export function detectSegmentType(segment: string): SegmentType | undefined {
  if (segment.length === 0 || segment.length > 512) return segment.length > 512 ? 'token' : undefined;
  const c = segment.charCodeAt(0);
  const startsDigit = c >= 48 && c <= 57;
  if (startsDigit || c === 45) {
    if (INT.test(segment)) return segment.length === 8 && isCompactDate(segment) ? 'date' : 'int';
    if (DATE.test(segment)) return 'date';
  }
  if (segment.length <= 11 && LOCALE.test(segment)) return 'locale';
  if (segment.length === 36 && UUID.test(segment)) return 'uuid';
  if (segment.length === 24 && OBJECT_ID.test(segment)) return 'objectid';
  if (HEX.test(segment) || DIGEST.test(segment)) return 'hex';
  if (segment.includes('@') && EMAIL.test(segment)) return 'email';
  // Before the version: `10.0.0.1` is no version, and as a literal each address looked up was an endpoint of its own.
  if ((startsDigit || segment.includes(':')) && isIpAddress(segment)) return 'ip';
  if (VERSION.test(segment)) return 'version';
  if (PREFIXED_ID.test(segment) && hasDigit(segment.slice(segment.indexOf('_')))) return 'token';
  if (segment.length === 26 && ULID.test(segment)) return 'token';
  // `/v1/key=…/x`: what a client writes as a query pair, a key included; example paths redact the value
  // (lib/security/redact-path.ts), and the template, stored and sent in alerts, must not keep it either.
  if (segment.includes('=') && PAIR_SEGMENT.test(segment)) return 'token';
  // A file's or a release's name (`fa-solid-900.woff2`, `node-v18.17.1-linux-x64`) is a name, judged as names are:
  // typed by how its letters happen to run, one directory's files were part tokens, part literals of their own.
  if (TOKEN_CHARS.test(segment) && looksRandom(segment) && !isDottedName(segment)) return 'token';
  return undefined;
}

function hasDigit(s: string): boolean {
  return /\d/.test(s);
}

/**
 * Random strings mix classes; identifiers that humans write (`list_by_owner`, `hello-world`,
 * `createCustomerSource`) have long runs of letters between separators. A token has a digit, a piece that is no
 * word or number (isWrittenName), and either mixed case or a longest letter run short relative to its length: pods
 * (`web-7d4b9c8f6d-x2x9k`) and content-hashed assets (`main.8f3a2b1c.js`) are tokens, separators and one case though.
 */
function looksRandom(s: string): boolean {
  if (!/\d/.test(s) || isWrittenName(s)) return false;
  const upper = /[A-Z]/.test(s);
  const lower = /[a-z]/.test(s);
  let run = 0;
  let longest = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    const letter = (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122);
    run = letter ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return (upper && lower) || longest <= s.length / 3;
}

/**
 * Mostly letters, in pieces between `-`, `_` and `.` that are each a word, a number, a word with its number or an
 * image's size (`googlelogo_light_color_272x92dp`, `logo_2x_final_v3`, `Report_Q3_2024_Final`): a name a person
 * wrote, however short its longest word is beside its length. A random piece (a pod's `7d4b9c8f6d`, a build's
 * `8f3a2b1c`, base64url's `V1StGXR8`) is no such piece, and one is enough for a token; mostly digits
 * (`order-20240101-000123`, a camera's `IMG_20240101_123456`) is a number the name only labels.
 */
function isWrittenName(s: string): boolean {
  const pieces = s.split(/[-_.]/);
  if (pieces.length < 2 || !pieces.every((p) => isNamePiece(p) || DIMENSIONS.test(p))) return false;
  const letters = s.replace(/[^A-Za-z]/g, '').length;
  return 2 * letters > s.replace(/[^A-Za-z0-9]/g, '').length;
}

const DIMENSIONS = /^\d{1,5}x\d{1,5}[a-z]{0,3}$/;

/**
 * A file's name (`report.pdf`, `IMG_0042.jpeg`, `backup-2024.tar.gz`): a document, media or archive extension, which no
 * route of an API ends in. Format suffixes (`.json`, `.csv`, `.txt`) and web assets are left out: `/users.json`,
 * `/exports/orders.csv` and `/app.js` are an API's or a site's own names as often as values.
 */
const FILE_NAME = /^[^./][^/]{0,200}\.(?:pdf|docx?|xlsx?|pptx?|od[tsp]|rtf|png|jpe?g|gif|webp|bmp|tiff?|heic|mp3|mp4|m4a|mov|wav|zip|gz|tgz|7z|rar)$/i;

export function isFileName(segment: string): boolean {
  return FILE_NAME.test(segment);
}

/** Literal segments that are API structure, never values, however many of them a host has. */
export const RESERVED_LITERALS = new Set([
  'api', 'apis', 'rest', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'beta', 'alpha', 'latest', 'internal', 'public',
  'admin', 'graphql', 'health', 'healthz', 'ready', 'readyz', 'livez', 'metrics', 'status', 'me', 'self', 'current',
  'search', 'count', 'batch', 'bulk', 'export', 'import', 'new', 'edit', 'settings', 'config', 'login', 'logout',
  'auth', 'oauth', 'token', 'callback', 'webhooks', 'static', 'assets', 'docs', 'openapi.json', 'swagger.json',
]);

/** `v12`, `v2beta1`: API versions, not parameters, wherever they stand (bare `2.0` only first: see observe.ts). */
export function isApiVersionLiteral(segment: string): boolean {
  return /^v\d{1,3}(\.\d{1,3})?(alpha\d*|beta\d*)?$/i.test(segment);
}

/** `/2.0/…` (Bitbucket), `/1.1/…` (Twitter): a bare dotted number first in a path is the API's version, not a value. */
export function isRootApiVersion(segment: string): boolean {
  return /^\d{1,2}\.\d{1,2}$/.test(segment);
}

/**
 * `/rest/api/3/…` (Jira), `/api/0/…` (Sentry), `/api/2.0/…` (Databricks): a digit or a bare dotted number right after
 * `api` or `rest` is the API's version, not an ID (typed `int`, Jira's versions 2 and 3 were one `/rest/api/{apiId}/…`).
 * So is a year and month there, Shopify's quarterly versions (`/admin/api/2024-01/orders.json`): until 7 Dec they
 * shared their resources, so were values of one `/admin/api/{param}/…`, the versions a shop's apps call mixed.
 */
export function isVersionAfterApi(previous: string | undefined, segment: string): boolean {
  // The previous segment's length first: asked of every segment of every request (typed-segment.ts).
  return previous !== undefined && (previous.length === 3 || previous.length === 4) && /^(?:api|rest)$/i.test(previous) && (/^\d$/.test(segment) || isRootApiVersion(segment) || YEAR_MONTH.test(segment));
}

/** A year and month (`2024-01`), the shape of Shopify's API versions; 1900–2099 as compact dates (isCompactDate). */
const YEAR_MONTH = /^(?:19|20)\d\d-(?:0[1-9]|1[0-2])$/;

/**
 * `/rest/agile/1.0/…`, `/rest/build-status/1.0/…`, `/rest/greenhopper/1.0/…` (Atlassian's plugins each version their
 * own REST API under `rest`): a bare dotted number after `rest` and one name is that API's version, not a value (typed
 * `version`, Jira Software's `/rest/agile/1.0/board/42` was `/rest/agile/{version}/board/{boardId}` until 6 Dec). A bare
 * digit is left out there (`/rest/users/5` is a user), and request paths also need more after it (typed-segment.ts).
 */
export function isVersionAfterRestName(beforePrevious: string | undefined, previous: string | undefined, segment: string): boolean {
  return beforePrevious !== undefined && previous !== undefined && isRootApiVersion(segment) && /^rest$/i.test(beforePrevious) && /^[a-z][a-z-]*$/i.test(previous);
}
