/**
 * What HTTP itself says about a message, as the record needs it. Kept apart from exchange.ts (the zod schema)
 * so that the capture engine loads no zod: every capture worker thread paid ~35 ms to load it at start.
 */

/** RFC 9112 §6.3: a response to HEAD, and a 1xx, 204 or 304, has no body whatever its headers (or a log) say. */
export function isBodilessResponse(method: string | undefined, status: number): boolean {
  return method === 'HEAD' || status === 204 || status === 304 || status < 200;
}

/**
 * A host as the record keeps it and specs are matched by (lib/openapi/servers.ts): `:80` and `:443` are the defaults
 * of the two schemes and say nothing about which server was meant, so `shop.test:80` (Apache's `%v:%p`, a client's
 * explicit Host) is `shop.test`, as every other source gives it. Any other port stays: `shop.test:8443` is another
 * listener.
 */
export function withoutDefaultPort(host: string): string {
  if (host.endsWith(':80')) return host.slice(0, -3);
  if (host.endsWith(':443')) return host.slice(0, -4);
  return host;
}

/** A raw `?` or `#` ends a request's path (RFC 3986 §3.3); escaped, they are `%3F` and `%23`. */
export function pathWithoutQuery(path: string): string {
  const end = path.search(/[?#]/);
  return end === -1 ? path : path.slice(0, end);
}

/**
 * The path a template or example path names, as stored: an absolute URL (another tool's batch) as its path, without
 * its userinfo and host, and without query or fragment; `/` when nothing is left.
 */
export function storedPathOf(path: string): string {
  const p = absoluteForm(path)?.rest ?? path;
  // A `?` inside braces is a template's own (ASP.NET Core's optional `{id?}`, `{id:int?}`), not a query. Braces open
  // only within their segment: a stray `{` in one segment (`/reset/ 0 { A/#x`) must not shelter a later `#`, or
  // redacting that segment to `{redacted}` would expose it, and redacting twice would change the path again.
  let depth = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c === 47 /* / */) depth = 0;
    else if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */) depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === 63 /* ? */ || c === 35) /* # */) return p.slice(0, i) || '/';
  }
  return p || '/';
}

/** RFC 9110 §9.1: a method is a token (`GET`, `PROPFIND`, `CCM_POST`); a space, quote or control character ends one. */
export function isMethodToken(method: string): boolean {
  return method === 'GET' || method === 'POST' || METHOD_TOKEN.test(method);
}

const METHOD_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * A host the inventory may key endpoints by: RFC 3986's reg-name, IPv4 address or bracketed IP literal, with a port
 * (`shop.test:8443`, `[::1]:8080`, `xn--bcher-kva.example`), or an IDN written in Unicode (`bücher.example`, as some
 * clients send and logs keep it). Whitespace, control characters, a backquote and / ? # @ " < > \ ^ { | } are in no
 * host: servers refuse a request whose Host has them, and `" shop.test"` kept would be an endpoint beside `shop.test`'s.
 */
export function isRecordableHost(host: string): boolean {
  return HOST_CHARACTERS.test(host);
}

const HOST_CHARACTERS = /^(?:[A-Za-z0-9\-._~%!$&'()*+,;=:[\]]|[^\s\x00-\x9f])+$/u;

/** Host of an authority, lower-cased, userinfo dropped, default port for the scheme dropped. */
/**
 * A Host header (or :authority) is an authority alone (RFC 9110 §7.2); a client that sent more put a path or a query
 * there (`api.test?token=…`, `api.test/v1`), which `extract` printed as the record's host, a token included (a
 * capture's until 6 Dec, a log's or a HAR's until 7 Dec). The record keeps the authority.
 */
export function hostAuthority(host: string): string {
  const cut = host.search(HOST_TAIL);
  return cut === -1 ? host : host.slice(0, cut);
}

const HOST_TAIL = /[/?#]/;

export function authorityHost(authority: string, scheme?: string): string | undefined {
  const at = authority.lastIndexOf('@');
  let host = (at === -1 ? authority : authority.slice(at + 1)).toLowerCase();
  if (scheme === undefined) host = withoutDefaultPort(host);
  else if ((scheme === 'http' && host.endsWith(':80')) || (scheme === 'https' && host.endsWith(':443'))) {
    host = host.slice(0, host.lastIndexOf(':'));
  }
  return host.length > 0 && host.length <= 255 && host !== '-' ? host : undefined;
}

/**
 * An absolute-form request target (RFC 9112 §3.2.2, what a client sends a forward proxy:
 * `GET http://shop.test/a?b=1 HTTP/1.1`) as its scheme, authority and origin-form rest (`/a?b=1`; `/` when the
 * URL has no path). undefined for any other form. The authority names the host the request is for: a proxy
 * ignores the Host header then.
 */
export function absoluteForm(target: string): { scheme: string; authority: string; rest: string } | undefined {
  if (target.charCodeAt(0) === 47 /* / */) return undefined;
  const colon = target.indexOf('://');
  if (colon <= 0 || colon >= 10 || !SCHEME.test(target.slice(0, colon))) return undefined;
  let end = colon + 3;
  while (end < target.length) {
    const c = target.charCodeAt(end);
    if (c === 47 || c === 63 || c === 35) break; // / ? #
    end++;
  }
  const rest = target.slice(end);
  return { scheme: target.slice(0, colon).toLowerCase(), authority: target.slice(colon + 3, end), rest: rest.charCodeAt(0) === 47 ? rest : `/${rest}` };
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
