import { percentDecoded } from '../percent-decode';
import { REDACTED_SEGMENT, redactPathSecrets } from './redact-path';
import { isDottedName, isJoinedWords } from './secret-shape';

/**
 * A path parameter a spec names as a credential (`/forecast/{key}/{latitude},{longitude}`, Dark Sky's;
 * `{apiKey}`, `{api_key}`, `{accessToken}`, `{secret}`): its example values are `{redacted}`. Shape alone cannot tell
 * such a key from an identifier: Dark Sky's is 32 hex digits, as an MD5, a dashless UUID or a commit's abbreviation
 * is, and one caller's key is the same on every request while the coordinates after it change, as a project's id is
 * while its files do; so a segment the engine named (`{hash}`, `{sha}`, `{forecastId}`) keeps its value, and only a
 * spec's name says key (overrides name no parameter). Until 7 Dec such a key stayed in example paths, stored and exported.
 *
 * Only the name whole (`{objectKey}`, `{partitionKey}`, `{publicKey}` name no credential), and only a value shaped as a
 * key: 16+ characters without `/`, with a digit, neither words joined by separators nor a file's name. A key-value
 * store's `{key}` (Consul's `/v1/kv/{key}`, S3's `/{Bucket}/{Key}`) names `config`, `feature_flag_2024`,
 * `IMG_20240101_123456.jpg`, which stay.
 */
const CREDENTIAL_NAMES: ReadonlySet<string> = new Set([
  'key', 'apikey', 'authkey', 'accesskey', 'secretkey', 'token', 'apitoken', 'accesstoken', 'authtoken', 'privatetoken', 'secret',
  'apisecret', 'clientsecret', 'password', 'passwd', 'signature', 'sig',
]);
const KEY_SHAPED = /^(?=[^/]*\d)[A-Za-z0-9_\-.~+=]{16,}$/;
const WHOLE_PARAM = /^\{([A-Za-z_][\w.-]*)\}$/;

/** The examples with each value at a position the template names as a credential redacted; the same array when none is. */
export function redactNamedSecrets(template: string, examples: readonly string[]): readonly string[] {
  if (examples.length === 0 || !template.includes('{')) return examples;
  const names = template.split('/').filter((s) => s.length > 0).map((s) => WHOLE_PARAM.exec(s)?.[1]);
  const positions = names.flatMap((name, i) => (name !== undefined && CREDENTIAL_NAMES.has(name.replace(/[-_.]/g, '').toLowerCase()) ? [i] : []));
  if (positions.length === 0) return examples;
  let changed = false;
  const out = examples.map((example) => {
    const segments = example.split('/');
    // Where each of the template's segments sits in the example: matching ignores a trailing slash and collapses `//`
    // (request-path.ts canonicalRequestPath), so `/forecast/<key>/37.8,-122.4/` is the operation's call too, and until
    // 7 Dec, counted as sent, it kept the key.
    const at = segments.flatMap((seg, i) => (seg.length > 0 ? [i] : []));
    if (at.length !== names.length) return example;
    let hit = false;
    for (const i of positions.map((p) => at[p])) {
      const value = percentDecoded(segments[i]);
      if (segments[i] === REDACTED_SEGMENT || !KEY_SHAPED.test(value) || isJoinedWords(value) || isDottedName(value)) continue;
      segments[i] = REDACTED_SEGMENT;
      hit = true;
    }
    if (!hit) return example;
    changed = true;
    return segments.join('/');
  });
  return changed ? out : examples;
}

/**
 * Example paths as the inventory keeps them under a template: each path's own secrets (redact-path.ts), then the values
 * its template names as a credential. For examples that come from outside today's engine (a collector of an older
 * release, a row stored before a rule): the engine's own are path-redacted as they are recorded (discovery/evidence.ts).
 */
export function redactExamplePaths(template: string, paths: readonly string[]): readonly string[] {
  return redactNamedSecrets(template, paths.map(redactPathSecrets));
}
