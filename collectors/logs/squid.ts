import type { Exchange } from '../../lib/exchange';
import {
  addressValue, contentTypeValue, hostValue, isoFromMillis, methodValue, nonNegativeInt, setAuthorityTarget, setTarget, statusValue,
  zeroBodilessResponse, type FingerprintKey,
} from './exchange-fields';
import type { LineFormat } from './line-format';

/**
 * Squid's native access log (`logformat squid`, its default), the forward proxy in front of an estate's outbound
 * calls, so the third-party APIs the estate really uses:
 *
 *   1796395370.456      4 10.0.0.7 TCP_MISS/200 242 GET http://api.partner.example/v2/rates? - HIER_DIRECT/203.0.113.9 application/json
 *
 * time.ms, elapsed ms, client, result/status, reply size (headers included), method, URL, user, hierarchy/peer,
 * content type. The user (`%un`: a proxy login of any scheme, an external ACL helper's user, a certificate's or
 * ident's name) is not read: the proxy's caller, not a credential of the API called, and no scheme is said. Squid
 * writes the line when the reply is done (the exchange starts `elapsed` earlier) and strips query strings by default
 * (`strip_query_terms`: the `?` stays). A CONNECT tunnel is what most HTTPS egress looks
 * like: host and port only, as a TLS flow in a capture (no method, no path: host-level evidence).
 */
export function createSquidFormat(key: FingerprintKey): LineFormat {
  return {
    name: 'squid',
    looksLike: (line) => LINE.test(line),
    parse(line, origin, emit) {
      const m = LINE.exec(line);
      if (!m) return 'invalid';
      const [, seconds, elapsed, client, tag, code, size, method, url, , hierarchy, type] = m;
      const latencyMs = nonNegativeInt(elapsed);
      const ts = isoFromMillis(Math.round(Number(seconds) * 1000) - (latencyMs ?? 0));
      const verb = methodValue(method);
      if (!ts || !verb) return 'invalid';
      const ex: Exchange = { ts };
      const src = addressValue(client);
      if (src) ex.src = src;
      if (verb === 'CONNECT') {
        const port = /:(\d{1,5})$/.exec(url)?.[1];
        const host = hostValue(port === '443' ? url.slice(0, -4) : url);
        if (!host) return 'invalid';
        ex.host = host;
        if (port === '443') ex.transport = 'tls';
        // `CONNECT bob:pw@h:443` (a client that put its proxy login in the URL): evidence as in the URL form.
        setAuthorityTarget(ex, url, key);
      } else {
        // Proxied requests are logged with their absolute URL (reverse-proxy mode too); anything else is no target.
        if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && url.charCodeAt(0) !== 47) return 'invalid';
        ex.method = verb;
        setTarget(ex, url, key);
        if (ex.path === undefined) return 'invalid';
      }
      // 000: no reply (the client went away, or a tunnel's own status was never known). A request Squid answered itself
      // never reached the API: its status is not the API's (until 6 Dec a policy denial was the API's 403, a failed
      // connection its 503). The call is kept: the estate's attempt to use that API is what egress discovery is for.
      // A 407 (its proxy login asked for) keeps its status: discovery counts such calls apart, as a capture's or a HAR's.
      const status = verb === 'CONNECT' || code === '407' || !squidAnswered(tag, hierarchy) ? statusValue(code) : undefined;
      if (status !== undefined) ex.status = status;
      // 000: no reply reached the client, so no size or time to one, as Envoy's `0` and a capture (until 7 Dec 0 bytes
      // and the time to the abort).
      const answered = code !== '000';
      if (latencyMs !== undefined && answered) ex.latencyMs = latencyMs;
      const bytes = nonNegativeInt(size);
      if (bytes !== undefined && verb !== 'CONNECT' && answered) ex.responseBytes = bytes;
      zeroBodilessResponse(ex);
      const ct = type === undefined || type === '-' ? undefined : contentTypeValue(type);
      if (ct) ex.responseContentType = ct;
      ex.source = { file: origin.file, line: origin.line };
      emit(ex);
      return 'ok';
    },
  };
}

/**
 * Whether Squid wrote the reply itself, forwarding nothing: an access-control denial (`TCP_DENIED/403`, but not
 * `TCP_DENIED_REPLY`, a reply the origin sent and `http_reply_access` refused), a request refused before any lookup
 * (`NONE_NONE/400`, `NONE/503`), or a miss that went nowhere (`TCP_MISS/503 … HIER_NONE/-`: the origin could not be
 * reached; a cache hit is `HIER_NONE` too, and is the origin's earlier answer).
 */
function squidAnswered(tag: string, hierarchy: string | undefined): boolean {
  if (tag.includes('_DENIED') && !tag.includes('_DENIED_REPLY')) return true;
  if (tag.startsWith('NONE')) return true;
  return hierarchy === 'HIER_NONE' && tag.includes('_MISS');
}

/** Fields are padded with spaces (`%6tr`); the user, hierarchy and type fields may be cut by a custom format. */
const LINE = /^(\d{9,11}\.\d{3})\s+(\d+) (\S+) ([A-Z_]+)\/(\d{3}) (\d+) (\S+) (\S+)(?: (\S+))?(?: (\S+)\/\S+)?(?: (\S+))?$/;
