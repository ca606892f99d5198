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
