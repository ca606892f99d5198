import type { Exchange } from '../../lib/exchange';
import type { FingerprintKey } from './exchange-fields';

export type JsonObject = Record<string, unknown>;

/** A JSON access-log record shape (Envoy/Istio, Kong, API Gateway, Traefik…). */
export interface JsonRecordFormat {
  name: string;
  matches(record: JsonObject): boolean;
  /** The exchange, `skip` for a well-formed record that is not an HTTP exchange (with why, where worth saying), or `invalid`. */
  toExchange(record: JsonObject, key: FingerprintKey): Exchange | SkippedRecord | 'skip' | 'invalid';
}

/** A record of the format's that holds no request, and why (said in the summary: cloudfront.ts). */
export interface SkippedRecord {
  skipped: string;
}

export function isSkippedRecord(value: object): value is SkippedRecord {
  return 'skipped' in value;
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function get(record: JsonObject, path: string): unknown {
  let cur: unknown = record;
  for (const part of path.split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** First of several keys that is present (formats name the same thing differently across versions). */
export function first(record: JsonObject, ...paths: string[]): unknown {
  for (const p of paths) {
    const v = p.includes('.') ? get(record, p) : record[p];
    if (v !== undefined && v !== null && v !== '' && v !== '-') return v;
  }
  return undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/**
 * Logged headers as lower-cased [name, value] pairs, in the order written: `{"Name": "v"}` or `{"Name": ["v1", "v2"]}`
 * (Kong, Caddy's Go http.Header). A redacted header (`[]` in Caddy 2.5–2.6, `"REDACTED"` or `["REDACTED"]`) is no
 * pair; `redacted` says one was there, so a reader knows it did not see every credential.
 */
export function headerPairs(value: unknown): { pairs: Array<[string, string]>; redacted: boolean } {
  const pairs: Array<[string, string]> = [];
  let redacted = false;
  if (!isObject(value)) return { pairs, redacted };
  for (const [name, values] of Object.entries(value)) {
    const list = Array.isArray(values) ? values : [values];
    if (list.length === 0 || (list.length === 1 && list[0] === 'REDACTED')) {
      redacted = true;
      continue;
    }
    for (const v of list) if (typeof v === 'string') pairs.push([name.toLowerCase(), v]);
  }
  return { pairs, redacted };
}
