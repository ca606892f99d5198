import type { AuthEvidence, Exchange } from '../../lib/exchange';

/**
 * The `extract` fast lane for capture records: the exact text `JSON.stringify(ex)`. V8's stringify is
 * hard to beat for the record's own strings, but a third of its time went into the `auth` evidence
 * (nested objects and arrays), which a keep-alive client repeats on every request: AuthCache hands back
 * the same array, so its JSON is made once. The fields after `auth` (tags, RFC 9745/8594 headers, TLS,
 * source) are appended in the order finishExchange inserts them, which is the order stringify follows.
 * exchange-json.test.ts holds the result to JSON.stringify on every shared capture and generated traffic.
 */
export class ExchangeJsonWriter {
  private readonly authJson = new WeakMap<AuthEvidence[], string>();
  private sourceFile: string | undefined;
  private sourcePrefix = '';

  write(ex: Exchange): string {
    const { auth, sensitive, deprecation, sunset, tls, source } = ex;
    if (auth === undefined) return JSON.stringify(ex);
    // Undefined values keep the object's shape and are skipped by stringify: the head is everything before auth.
    ex.auth = ex.sensitive = ex.deprecation = ex.sunset = ex.tls = ex.source = undefined;
    const head = JSON.stringify(ex);
    ex.auth = auth;
    ex.sensitive = sensitive;
    ex.deprecation = deprecation;
    ex.sunset = sunset;
    ex.tls = tls;
    ex.source = source;
    let authJson = this.authJson.get(auth);
    if (authJson === undefined) {
      authJson = JSON.stringify(auth);
      this.authJson.set(auth, authJson);
    }
    let out = `${head.slice(0, -1)},"auth":${authJson}`;
    if (sensitive !== undefined) out += `,"sensitive":${JSON.stringify(sensitive)}`;
    if (deprecation !== undefined) out += `,"deprecation":${JSON.stringify(deprecation)}`;
    if (sunset !== undefined) out += `,"sunset":${JSON.stringify(sunset)}`;
    if (tls !== undefined) out += `,"tls":${JSON.stringify(tls)}`;
    if (source !== undefined) out += this.sourceJson(source);
    return `${out}}`;
  }

  private sourceJson(source: NonNullable<Exchange['source']>): string {
    if (source.packet === undefined || source.line !== undefined) return `,"source":${JSON.stringify(source)}`;
    if (source.file !== this.sourceFile) {
      this.sourceFile = source.file;
      this.sourcePrefix = `,"source":{"file":${JSON.stringify(source.file)},"packet":`;
    }
    return `${this.sourcePrefix}${source.packet}}`;
  }
}
