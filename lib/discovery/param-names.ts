/**
 * Names for inferred parameters: the spec's name where the spec has one, else one derived from the
 * collection before it (`users` → `userId`, `pull-requests` → `pullRequestId`), else from the type.
 */
import { isApiVersionLiteral } from './segment-types';

const TYPE_NAMES: Record<string, string> = { email: 'email', date: 'date', ip: 'ip', version: 'version', locale: 'locale', year: 'year', month: 'month', day: 'day' };

export function inferParamName(previousLiteral: string | undefined, types: ReadonlySet<string>): string {
  if (types.size === 1) {
    const only = [...types][0];
    // A hash is an ID as an integer or a UUID is, named after its collection like them (`/commits/<sha>` → `{commitId}`,
    // Twilio's `/Accounts/AC<hex>` → `{accountId}`); until 7 Dec `{hash}` wherever, beside `/commits/{commitId}`.
    if (only === 'hex') return (previousLiteral !== undefined && !namesNoCollection(previousLiteral) ? itemName(previousLiteral) : undefined) ?? 'hash';
    if (TYPE_NAMES[only]) return TYPE_NAMES[only];
    if (only.startsWith('route:')) return only.slice(6);
  }
  // A namespace names no collection: until 6 Dec the value after it was its item (`/v2/{v2Id}`, `/api/{apiId}`).
  if (!previousLiteral || namesNoCollection(previousLiteral)) return 'param';
  return itemName(previousLiteral) ?? 'param';
}

/**
 * `api`, `rest`, `v1`, `v2beta1`: where an API's own names begin, no collection of anything. Not `apis`: Azure API
 * Management's `/apis/{apiId}` is a collection of APIs, and a route naming its item so keeps the name.
 */
function namesNoCollection(literal: string): boolean {
  return /^(?:api|rest)$/i.test(literal) || isApiVersionLiteral(literal);
}

/** An item's name after its collection (`users` → `userId`, `pull-requests` → `pullRequestId`), if the literal is a name. */
function itemName(collection: string): string | undefined {
  const name = COLLECTION_WORDS.test(collection) ? nameAfter(collection, singular) : undefined;
  // A collection of IDs names its item already (Stripe's `tax_ids` → `taxId`, `ids` → `id`): until 6 Dec `{taxIdId}`.
  return name !== undefined && ID_ID.test(name) ? name.slice(0, -2) : name;
}

const ID_ID = /(?:^id|[a-z0-9]Id)Id$/;

/**
 * A collection's name is words, each maybe with a number after it (`pull-requests`, `oauth2`, `ec2-instances`). An ID
 * kept as a literal (Slack's `/services/T024BE7LD/B01ABCDE2FG/…`, Jira's `PROJ-123`) names nothing: until 6 Dec the
 * value after it was `{b01ABCDE2FGId}`.
 */
const COLLECTION_WORDS = /^[A-Za-z]+\d*(?:[_-][A-Za-z]+\d*)*$/;

/**
 * The names templating gave an item of this literal before (`movies` → `movyId`, `species` → `specyId`, `api` →
 * `apiId` until 6 Dec; `AWSLogs` → `aWSLogId`, a hash's `{hash}` until 7 Dec), where today's differs: a stored
 * parameter so named is named as today (lib/discovery/stored-template.ts).
 */
export function isFormerItemName(literal: string, name: string): boolean {
  if (name === inferParamName(literal, NAMED)) return false;
  if (FORMER_HASH.test(name)) return inferParamName(literal, HEX) !== 'hash';
  return name === nameAfter(literal, formerSingular, firstLetterLowered) || name === nameAfter(literal, singular, firstLetterLowered);
}

const NAMED: ReadonlySet<string> = new Set(['name']);
const HEX: ReadonlySet<string> = new Set(['hex']);
/** `{hash}`, and `{hash2}` for a template's second. */
const FORMER_HASH = /^hash\d*$/;

function nameAfter(collection: string, singularOf: (word: string) => string, lowered = leadLowered): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(collection)) return undefined;
  const words = collection.split(/[-_]/).filter((w) => w.length > 0);
  words[words.length - 1] = singularOf(words[words.length - 1]);
  const camel = words.map((w, i) => (i === 0 ? lowered(w) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  return `${camel}Id`;
}

/**
 * A word in camel case's first place: an acronym leading it is lowered whole (`AWSLog` → `awsLog`, `URL` → `url`,
 * `IPAddress` → `ipAddress`, the capital before a small letter starting the next word). Until 7 Dec only its first
 * letter was (firstLetterLowered): `{aWSLogId}` for ELB's S3 keys, `{uRLId}`.
 */
function leadLowered(word: string): string {
  const run = /^[A-Z]+/.exec(word)?.[0].length ?? 0;
  if (run < 2) return firstLetterLowered(word);
  const cut = run === word.length || !/[a-z]/.test(word.charAt(run)) ? run : run - 1;
  return word.slice(0, cut).toLowerCase() + word.slice(cut);
}

function firstLetterLowered(word: string): string {
  return word.charAt(0).toLowerCase() + word.slice(1);
}

/** The same in singular and plural. */
const INVARIANT = new Set(['series', 'species', 'news']);
/** Nouns ending in `-ie`, whose plural is no `-y` word's (`movies`, not `movy`): the common ones in APIs, whole words. */
const IE_NOUNS = /^(?:movie|cookie|zombie|selfie|rookie|calorie|hoodie|goodie|smoothie|brownie|freebie|newbie|techie|foodie|genie|pixie|prairie|sortie|auntie|birdie|eyrie|lingerie|pie|tie|lie|die)s$/i;

/**
 * Words that end in `s` and are no plural: acronyms (`js`, `ipfs`, `dns`, `sms`) and Latin and Greek singulars
 * (`status`, `alias`, `analysis`). Until 6 Dec their `s` was cut like a plural's (`/static/js/{jId}`, `/ipfs/{ipfId}`),
 * and their plurals lost only the last `s` (Twitter's `/statuses/{statuseId}`).
 */
const SINGULAR_S = new Set([
  'js', 'os', 'ios', 'ipfs', 'dns', 'sms', 'mms', 'gps', 'aws', 'cms', 'hls', 'tls', 'nfs', 'rss',
  'status', 'bus', 'campus', 'corpus', 'virus', 'census', 'bonus', 'focus', 'radius', 'alias', 'canvas', 'atlas', 'lens',
  'analysis', 'axis', 'thesis', 'diagnosis', 'synopsis', 'synthesis', 'hypothesis', 'chaos', 'kudos',
]);

function singular(word: string): string {
  const lower = word.toLowerCase();
  if (INVARIANT.has(lower) || SINGULAR_S.has(lower)) return word;
  // Their plurals: `statuses`, `aliases`, and the Greek `analyses` (`analysis`).
  if (lower.endsWith('es') && SINGULAR_S.has(lower.slice(0, -2))) return word.slice(0, -2);
  if (lower.endsWith('ses') && SINGULAR_S.has(`${lower.slice(0, -2)}is`)) return `${word.slice(0, -2)}is`;
  if (IE_NOUNS.test(word)) return word.slice(0, -1);
  return formerSingular(word);
}

function formerSingular(word: string): string {
  if (/ies$/i.test(word) && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(sses|xes|ches|shes)$/i.test(word)) return word.slice(0, -2);
  if (/[^s]s$/i.test(word)) return word.slice(0, -1);
  return word;
}

/** `{id}` twice in one template is ambiguous; the second becomes `{id2}`. */
export function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const count = (seen.get(n) ?? 0) + 1;
    seen.set(n, count);
    return count === 1 ? n : `${n}${count}`;
  });
}
