import type { SpecParameter } from '../../lib/openapi/spec-model';

export function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const ADJECTIVES = ['amber', 'brisk', 'cobalt', 'dapper', 'eager', 'fuzzy', 'gentle', 'hollow', 'indigo', 'jolly', 'keen', 'lucid', 'mellow', 'nimble', 'opal', 'plucky', 'quiet', 'rustic', 'sunny', 'tidy', 'umber', 'vivid', 'witty', 'young', 'zesty'];
const NOUNS = ['otter', 'falcon', 'badger', 'heron', 'lynx', 'marmot', 'newt', 'ocelot', 'puffin', 'quokka', 'raven', 'sparrow', 'tapir', 'urchin', 'vole', 'walrus', 'yak', 'zebra', 'beacon', 'cascade', 'dynamo', 'ember', 'fjord', 'glacier'];
const FIRST = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'octocat'];
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const hex = (r: Rand, n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[int(r, 0, 15)]).join('');
const base62 = (r: Rand, n: number): string => Array.from({ length: n }, () => BASE62[int(r, 0, 61)]).join('');

export function uuid(r: Rand): string {
  const h = hex(r, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

/** A human-made name: repository, user, workspace, project. High cardinality, no digits mostly. */
const PLACES = ['São Paulo', 'Zürich', 'Kraków', 'Dún Laoghaire', 'Ōsaka', 'Café de Flore', 'Niño Bay', 'Łódź'];

export function slugName(r: Rand): string {
  switch (int(r, 0, 4)) {
    case 4:
      // Titles with spaces and non-ASCII letters: percent-encoded on the wire (`S%C3%A3o%20Paulo`).
      return `${pick(r, PLACES)} ${int(r, 1, 999)}`;
    case 0:
      return `${pick(r, ADJECTIVES)}-${pick(r, NOUNS)}`;
    case 1:
      return `${pick(r, FIRST)}${pick(r, ['', '-dev', '_' + pick(r, NOUNS), String(int(r, 1, 99))])}`;
    case 2:
      return `${pick(r, NOUNS)}.${pick(r, ['js', 'py', 'rs', 'go', 'io'])}`;
    default:
      return `${pick(r, ADJECTIVES)}_${pick(r, NOUNS)}_${pick(r, NOUNS)}`;
  }
}

/** Which kind of opaque ID an API uses is a property of the API; every string ID of one spec gets the same style. */
export type IdStyle = 'int' | 'uuid' | 'objectid' | 'prefixed' | 'nanoid';

/**
 * A realistic value for a path parameter, by enum, format, type, then name: what a client of that
 * API would actually put in the URL.
 */
export function paramValue(r: Rand, name: string, param: SpecParameter | undefined, idStyle: IdStyle): string {
  if (param?.enum && param.enum.length > 0) return String(pick(r, param.enum));
  const n = name.toLowerCase();
  const format = param?.format?.toLowerCase();
  const type = param?.type;
  if (format === 'uuid' || /uuid|guid/.test(n)) return uuid(r);
  if (format === 'date') return `20${int(r, 10, 25)}-${pad(int(r, 1, 12))}-${pad(int(r, 1, 28))}`;
  if (format === 'date-time') return `20${int(r, 10, 25)}-${pad(int(r, 1, 12))}-${pad(int(r, 1, 28))}T${pad(int(r, 0, 23))}:${pad(int(r, 0, 59))}:00Z`;
  if (format === 'email' || /e-?mail/.test(n)) return `${pick(r, FIRST)}.${pick(r, NOUNS)}${int(r, 1, 999)}@example.com`;
  if (type === 'integer' || type === 'number' || format === 'int32' || format === 'int64') return String(int(r, 1, 2_000_000));
  if (/sha|hash|digest|commit|revision|^rev$|^ref$|checksum|spec$/.test(n)) return hex(r, 40);
  if (/^(start|end|from|to|since|until)$|date/.test(n)) return `20${int(r, 10, 25)}${pad(int(r, 1, 12))}${pad(int(r, 1, 28))}`;
  if (/version|^tag$/.test(n)) return `${int(r, 0, 9)}.${int(r, 0, 30)}.${int(r, 0, 99)}`;
  if (/(^|[_-])(id|key|index|number|num|no)$|id$|Id$/.test(name) || /^(id|key|index|number)$/.test(n)) return opaqueId(r, idStyle, n);
  if (/path|file|dir|filepath|filename/.test(n)) return `${pick(r, NOUNS)}/${slugName(r)}.${pick(r, ['md', 'txt', 'json'])}`;
  return slugName(r);
}

function opaqueId(r: Rand, style: IdStyle, name: string): string {
  switch (style) {
    case 'int':
      return String(int(r, 1, 5_000_000));
    case 'uuid':
      return uuid(r);
    case 'objectid':
      return hex(r, 24);
    case 'prefixed':
      return `${name.replace(/[^a-z]/g, '').slice(0, 3) || 'obj'}_${base62(r, 14)}${int(r, 0, 9)}`;
    default:
      return `${base62(r, 20)}${int(r, 0, 9)}`;
  }
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
