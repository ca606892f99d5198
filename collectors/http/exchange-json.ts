import type { AuthEvidence, Exchange } from '../../lib/exchange';

/**
 * The `extract` fast lane for capture records: the exact text `JSON.stringify(ex)`. V8's stringify is
 * hard to beat for the record's own strings, but a third of its time went into the `auth` evidence
 * (nested objects and arrays), which a keep-alive client repeats on every request: AuthCache hands back
 * the same array, so its JSON is made once. Fields are written in the schema's order, which is the order
 * finishExchange inserts them and so the order stringify follows; a new field in finishExchange must be
 * added here too (the test fails otherwise).
 * collectors/pcap/fast-paths.test.ts holds the result to JSON.stringify on every shared capture and on
 * generated traffic.
 */
export class ExchangeJsonWriter {
  private readonly authJson = new WeakMap<AuthEvidence[], string>();
  private sourceFile: string | undefined;
  private sourcePrefix = '';

  write(ex: Exchange): string {
    const { auth, sensitive, deprecation, sunset, tls, source } = ex;
    if (auth === undefined) return JSON.stringify(ex);
    // The fields before auth, copied into one literal: a single object shape whatever the record holds
    // (stringify is fastest on a shape it has seen), and undefined values are skipped like absent ones.
    const head = JSON.stringify({
      ts: ex.ts,
      src: ex.src,
      dst: ex.dst,
      transport: ex.transport,
      host: ex.host,
      method: ex.method,
      path: ex.path,
      query: ex.query,
      route: ex.route,
      status: ex.status,
      latencyMs: ex.latencyMs,
      requestContentType: ex.requestContentType,
      requestBytes: ex.requestBytes,
      responseContentType: ex.responseContentType,
      responseBytes: ex.responseBytes,
      userAgent: ex.userAgent,
    });
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
