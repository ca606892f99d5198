import type { AuthEvidence, Exchange } from '../../lib/exchange';

/**
 * The `extract` fast lane for capture records: the exact text `JSON.stringify(ex)`. V8's stringify is
 * hard to beat for the record's own strings, but a third of its time went into the `auth` evidence
 * (nested objects and arrays), which a keep-alive client repeats on every request: AuthCache hands back
 * the same array, so its JSON is made once; so are a connection's addresses and transport, and each second's
 * timestamp. Fields are written in the schema's order, which is the order
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
    if (auth === undefined || ex.ts === undefined) return JSON.stringify(ex);
    // The fields between the connection's and auth, copied into one literal: a single object shape whatever the
    // record holds (stringify is fastest on a shape it has seen), and undefined values are skipped like absent ones.
    const rest = JSON.stringify({
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
    let out = `${this.tsJson(ex.ts)}${this.connectionJson(ex)}${rest.length > 2 ? `,${rest.slice(1, -1)}` : ''},"auth":${authJson}`;
    if (sensitive !== undefined) out += `,"sensitive":${JSON.stringify(sensitive)}`;
    if (deprecation !== undefined) out += `,"deprecation":${JSON.stringify(deprecation)}`;
    if (sunset !== undefined) out += `,"sunset":${JSON.stringify(sunset)}`;
    if (tls !== undefined) out += `,"tls":${JSON.stringify(tls)}`;
    if (source !== undefined) out += this.sourceJson(source);
    return `${out}}`;
  }

  private lastTs: string | undefined;
  private lastTsJson = '';

  /** `{"ts":…` — a capture's timestamps are formatted once per second (iso-time.ts), so mostly the last one again. */
  private tsJson(ts: string): string {
    if (ts !== this.lastTs) {
      this.lastTs = ts;
      this.lastTsJson = `{"ts":${JSON.stringify(ts)}`;
    }
    return this.lastTsJson;
  }

  private readonly connections = new Map<string | undefined, { dst: string | undefined; transport: string | undefined; json: string }>();

  /** `,"src":…,"dst":…,"transport":…`, the same for every record of a connection: made once per connection. */
  private connectionJson(ex: Exchange): string {
    const known = this.connections.get(ex.src);
    if (known !== undefined && known.dst === ex.dst && known.transport === ex.transport) return known.json;
    const fields = JSON.stringify({ src: ex.src, dst: ex.dst, transport: ex.transport });
    const json = fields.length > 2 ? `,${fields.slice(1, -1)}` : '';
    if (this.connections.size >= 4096) this.connections.clear();
    this.connections.set(ex.src, { dst: ex.dst, transport: ex.transport, json });
    return json;
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
