import type { Exchange } from '../exchange';

/**
 * The scheme a client used for one exchange, where the record proves it; undefined where it does not. The export's
 * server URLs are built from these (lib/exports/export-server.ts), so a guess here would publish a wrong server.
 * - A source that states the scheme (an absolute URL, OTel `url.scheme`) is taken at its word.
 * - TLS transports are https; h2c is cleartext HTTP/2 by definition.
 * - HTTP/1.x read from a capture (a packet number) was read as cleartext off the wire: http, whatever the port.
 * - HTTP/1.x from a log proves nothing (nginx logs HTTPS requests as `HTTP/1.1` too) unless the log names the
 *   server port (`$server_port`, Envoy's local address): 80 is http, 443 https.
 */
export function observedScheme(ex: Exchange): 'http' | 'https' | undefined {
  if (ex.scheme !== undefined) return ex.scheme;
  const t = ex.transport;
  if (t === 'tls' || t === 'h2' || t === 'http/3') return 'https';
  if (t === 'h2c') return 'http';
  if (t !== undefined && t !== 'http/1.1' && t !== 'http/1.0') return undefined;
  if (t !== undefined && ex.source?.packet !== undefined) return 'http';
  // `ip:port` or `[v6]:port`; a bare IPv6 address has no port, though it ends in `:<hex digits>`.
  const port = ex.dst === undefined ? undefined : /^(?:\[[^\]]*\]|[^:[\]]*):(\d+)$/.exec(ex.dst)?.[1];
  return port === '80' ? 'http' : port === '443' ? 'https' : undefined;
}
