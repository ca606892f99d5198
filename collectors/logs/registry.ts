import type { ExtractOptions } from '../extract-types';
import { createAlbFormat } from './alb';
import { compileApacheFormat } from './apache-format';
import { apiGatewayFormat } from './apigateway';
import { azureFormat } from './azure';
import { caddyFormat } from './caddy';
import { createCombinedFormat } from './combined';
import { createCloudFrontFormat } from './cloudfront';
import { cloudFrontJsonFormat } from './cloudfront-json';
import { criContents, criEnvelope } from './cri-envelope';
import { dockerEntries, dockerPartials } from './docker-partials';
import { createEnvoyFormat } from './envoy';
import { envoyJsonFormat } from './envoy-json';
import { gcpHttpRequestFormat } from './gcp';
import { createIisFormat } from './iis';
import { createHaproxyFormat } from './haproxy';
import { createJsonLinesFormat } from './json-lines';
import type { JsonRecordFormat } from './json-record';
import { kongFormat } from './kong';
import type { LineFormat } from './line-format';
import type { LogHead } from './log-head';
import { compileNginxFormat } from './nginx-format';
import { nginxJsonFormat } from './nginx-json';
import { createSquidFormat } from './squid';
import { tieNote } from './sniff-tie';
import { traefikJsonFormat } from './traefik';

const RECORDS: JsonRecordFormat[] = [envoyJsonFormat, kongFormat, apiGatewayFormat, traefikJsonFormat, caddyFormat, gcpHttpRequestFormat, azureFormat, nginxJsonFormat, cloudFrontJsonFormat];

/** `--format` values; several name the same reader (nginx and Apache write the same combined lines). */
export const FORMAT_NAMES = [
  'nginx', 'apache', 'combined', 'common', 'envoy', 'istio', 'envoy-json', 'kong', 'apigateway', 'cloudwatch',
  'alb', 'cloudfront', 'iis', 'gcp', 'azure', 'traefik', 'caddy', 'haproxy', 'squid', 'har', 'otlp', 'json',
] as const;

export interface LineFormats {
  /** Candidates in sniffing order (most specific first). */
  candidates: LineFormat[];
  /** What `--format` forced, when it did. */
  forced?: LineFormat;
  /** Whether document formats (HAR, OTLP, pretty-printed JSON) are allowed for these inputs. */
  documents: boolean;
  /** What a JSON document's records are read with (none for `--format har`): the sniffed `json`, or the format named. */
  documentRecords?: LineFormat;
  /** The `--nginx-format`/`--apache-format` readers among the candidates: a file another reader fits better is said. */
  given?: LineFormat[];
}

/** A file's reader, and when it is not the format the user gave, what to tell them (`--nginx-format fits none…`). */
export type Sniffed = { format: LineFormat; note?: string } | { tried: string[] };

/** Builds the readers for one extraction; throws on a bad `--format` or format string (a usage error). */
export function createLineFormats(opts: ExtractOptions): LineFormats {
  const key = opts.fingerprintKey;
  const combined = createCombinedFormat(key);
  const envoy = createEnvoyFormat(key);
  const haproxy = createHaproxyFormat(key);
  const alb = createAlbFormat(key);
  const squid = createSquidFormat(key);
  const cloudfront = createCloudFrontFormat(key);
  const iis = createIisFormat(key);
  const text = [combined, envoy, haproxy, alb, squid];
  const json = createJsonLinesFormat(RECORDS, text, key);
  const nginx = opts.nginxFormat && opts.nginxFormat !== 'combined' ? compileNginxFormat(opts.nginxFormat, key) : undefined;
  const apache = opts.apacheFormat ? compileApacheFormat(opts.apacheFormat, key) : undefined;
  const candidates = [...(nginx ? [nginx] : []), ...(apache ? [apache] : []), json, combined, envoy, haproxy, alb, squid, cloudfront, iis];
  const only = (name: string, ...records: JsonRecordFormat[]) => createJsonLinesFormat(records, text, key, name);
  const format = opts.format?.toLowerCase();
  const given = [nginx, apache].filter((f): f is LineFormat => f !== undefined);
  if (format === undefined) return { candidates, documents: true, documentRecords: json, ...(given.length > 0 ? { given } : {}) };
  const forced: Record<string, LineFormat | undefined> = {
    nginx: nginx ?? firstOf('nginx', [combined, only('nginx', nginxJsonFormat)]),
    apache: apache ?? combined,
    combined,
    common: combined,
    envoy: firstOf('envoy', [envoy, only('envoy', envoyJsonFormat)]),
    istio: firstOf('istio', [envoy, only('istio', envoyJsonFormat)]),
    'envoy-json': only('envoy-json', envoyJsonFormat),
    kong: only('kong', kongFormat),
    apigateway: only('apigateway', apiGatewayFormat),
    cloudwatch: json,
    alb,
    cloudfront: firstOf('cloudfront', [cloudfront, only('cloudfront', cloudFrontJsonFormat)]),
    iis,
    gcp: only('gcp', gcpHttpRequestFormat),
    azure: only('azure', azureFormat),
    traefik: firstOf('traefik', [only('traefik', traefikJsonFormat), combined]),
    caddy: only('caddy', caddyFormat),
    haproxy,
    squid,
    json,
    otlp: only('otlp'),
    har: undefined,
  };
  if (!(format in forced)) throw new Error(`unknown --format '${opts.format}' (known: ${FORMAT_NAMES.join(', ')})`);
  // An export or an array of the records a format names is read as without `--format` (until 6 Dec only Kong, GCP and
  // Azure ones were: API Gateway, Traefik, Caddy, Envoy and nginx JSON documents were read by line, all malformed).
  const documentRecords: Record<string, LineFormat | undefined> = {
    nginx: only('nginx', nginxJsonFormat), envoy: only('envoy', envoyJsonFormat), istio: only('istio', envoyJsonFormat),
    'envoy-json': forced['envoy-json'], kong: forced.kong, apigateway: forced.apigateway, cloudwatch: json, gcp: forced.gcp,
    azure: forced.azure, traefik: only('traefik', traefikJsonFormat), caddy: forced.caddy, otlp: forced.otlp, json,
  };
  const records = documentRecords[format];
  return { candidates: [], forced: forced[format], documents: format === 'har' || records !== undefined, ...(records ? { documentRecords: records } : {}) };
}

/** A reader that tries several formats per line (a file may mix JSON and text, as Envoy's fixture does). */
export function firstOf(name: string, formats: LineFormat[]): LineFormat {
  return {
    name,
    // The first format's fast lane stays valid: it answers only for lines that format reads itself.
    jsonLane: formats[0].jsonLane,
    byteLane: formats[0].byteLane,
    looksLike: (line) => formats.some((f) => f.looksLike(line)),
    resumeAt: (file, before) => formats.forEach((f) => f.resumeAt?.(file, before)),
    parse(line, origin, emit) {
      let result: 'skip' | 'invalid' = 'invalid';
      for (const f of formats) {
        const status = f.parse(line, origin, emit);
        if (status === 'ok') return status;
        if (status === 'skip') result = 'skip';
      }
      return result;
    },
  };
}

/**
 * The format of a log's head: from its first lines, or for a container's log (CRI or Docker json-file) none of whose
 * first lines fits, from all the head holds (its agent's own log may come first: log-head.ts). A plain file is judged
 * by its first lines only: a README quoting an access line further down is no log.
 */
export function sniffHead(head: Pick<LogHead, 'lines' | 'later'>, formats: LineFormats): Sniffed {
  const first = sniffLineFormat(head.lines, formats);
  if ('format' in first || head.later.length === 0) return first;
  return criContents(head.lines) || dockerEntries(head.lines) ? sniffLineFormat([...head.lines, ...head.later], formats) : first;
}

/**
 * Picks the reader for a file from its first lines: the candidate that accepts the most of them.
 * Returns the names tried when none accepts any, for an error that says what was attempted.
 */
export function sniffLineFormat(lines: string[], formats: LineFormats): Sniffed {
  // Kubernetes container logs: the formats (forced or sniffed) read what is inside the runtime's envelope.
  const contents = criContents(lines);
  if (contents) {
    const inner = sniffLineFormat(contents, formats);
    return 'format' in inner ? { ...inner, format: criEnvelope(inner.format) } : inner;
  }
  // Docker's json-file: a line it split is joined before the format reads it (and is sniffed on).
  const entries = dockerEntries(lines);
  if (!entries) return sniffUnwrapped(lines, formats);
  const inner = sniffUnwrapped(entries, formats);
  return 'format' in inner ? { ...inner, format: dockerPartials(inner.format) } : inner;
}

function sniffUnwrapped(lines: string[], formats: LineFormats): Sniffed {
  if (formats.forced) return { format: formats.forced };
  let best: LineFormat | undefined;
  let bestScore = 0;
  // A built-in reader fitting as many lines as the format given (which comes first, so wins the tie), and the other
  // format given doing so (`--apache-format` beside `--nginx-format`, which comes first).
  let tied: LineFormat | undefined;
  let givenTied: LineFormat | undefined;
  const noop = () => {};
  const origin = { file: '', line: 0 };
  for (const f of formats.candidates) {
    let score = 0;
    for (const line of lines) {
      if (f.parse(line, origin, noop) !== 'invalid') score++;
    }
    if (score > bestScore) {
      best = f;
      bestScore = score;
      tied = undefined;
      givenTied = undefined;
    } else if (score === bestScore && score > 0) {
      if (!formats.given?.includes(f)) tied ??= f;
      else givenTied ??= f;
    }
  }
  if (!best) return { tried: formats.candidates.map((f) => (f.name === 'json' ? 'json (envoy/istio, kong, apigateway, traefik, caddy, gcp, azure, nginx escape=json, otlp, docker/cloudwatch-wrapped)' : f.name)).concat('har') };
  // Mixed files (Envoy text lines next to Docker-wrapped JSON ones) keep every reader that fits.
  const others = formats.candidates.filter((f) => f !== best && lines.some((l) => f.parse(l, origin, noop) !== 'invalid'));
  const format = others.length > 0 ? firstOf(best.name, [best, ...others]) : best;
  const givenBest = formats.given?.includes(best) === true;
  const note = passedOverNote(lines, formats.given ?? [], best, bestScore)
    ?? (givenBest && givenTied ? tieNote(lines, best, givenTied, bestScore) : undefined)
    ?? (givenBest && tied ? tieNote(lines, best, tied, bestScore) : undefined);
  return note ? { format, note } : { format };
}

/**
 * A `--nginx-format` or `--apache-format` another reader fits better is not the file's format: read by that reader,
 * the file is said to be, with how many lines each fitted. Until 6 Dec it was silent, and a user whose format string
 * had a slip (or was meant for another log) saw records read another way, or none of the fields it logged.
 */
function passedOverNote(lines: string[], given: LineFormat[], best: LineFormat, bestScore: number): string | undefined {
  if (given.length === 0 || given.includes(best)) return undefined;
  const origin = { file: '', line: 0 };
  const fits = given.map((f) => {
    const score = lines.filter((l) => f.parse(l, origin, () => {}) !== 'invalid').length;
    return `--${f.name} fits ${score === 0 ? 'none' : score} of its first ${lines.length} lines`;
  });
  return `${fits.join(', ')}; read as ${best.name}, which fits ${bestScore}`;
}
