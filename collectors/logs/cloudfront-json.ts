import { cloudFrontExchange } from './cloudfront';
import { str, type JsonObject, type JsonRecordFormat } from './json-record';

/**
 * CloudFront standard logging (v2) in its JSON output format: one object a line, the delivery's record fields as keys
 * under their W3C names (`date`, `time`, `c-ip`, `cs-method`, `cs(Host)`, `cs-uri-stem`, `sc-status`, `time-taken`…),
 * only those the delivery selected. Read as the W3C line with the same fields (cloudfront.ts): until 7 Dec such a line
 * was no known log format. A record must say its date and time, as a W3C header must, beside a field of CloudFront's
 * own naming (`cs-`, `sc-`, `c-`, `x-edge-`): one with no method or path (`-`, or the delivery did not select them) is
 * skipped, saying why (until 7 Dec such a record was malformed, "not a json line").
 * AWS documents the JSON output and the field names (CloudWatch Logs deliveries, the CloudFront field list); that the
 * keys are those names verbatim is read from them, not from a delivered file: values are taken as strings or numbers.
 */
export const cloudFrontJsonFormat: JsonRecordFormat = {
  name: 'cloudfront',
  matches: (r) => 'date' in r && 'time' in r && Object.keys(r).some((k) => CLOUDFRONT_FIELD.test(k)),
  toExchange(r, key) {
    return cloudFrontExchange(fieldsOf(r), key) ?? 'invalid';
  },
};

const CLOUDFRONT_FIELD = /^(?:cs|sc|c|x-edge)-|^cs\(/i;

/** Keys as written (`cs(User-Agent)`) looked up by the lower-cased name the W3C reader uses; numbers as their text. */
function fieldsOf(r: JsonObject): (name: string) => string | undefined {
  const byName = new Map<string, string>();
  for (const [k, v] of Object.entries(r)) {
    const text = str(v);
    if (text !== undefined && text !== '' && text !== '-') byName.set(k.toLowerCase(), text);
  }
  return (name) => byName.get(name);
}
