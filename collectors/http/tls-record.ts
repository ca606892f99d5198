import type { Exchange } from '../../lib/exchange';
import type { PacketSource } from './exchange-draft';
import type { ClientHelloInfo } from './tls-client-hello';

/** A TLS connection's record: host-level (no method, no path), what its ClientHello names, from where it began. */
export function clientHelloExchange(hello: ClientHelloInfo, ts: number, source: PacketSource, client: string, server: string): Exchange {
  const ex: Exchange = { ts: new Date(ts).toISOString(), src: client, dst: server, transport: 'tls' };
  if (hello.sni) ex.host = hello.sni;
  ex.tls = {};
  if (hello.sni) ex.tls.sni = hello.sni;
  if (hello.alpn) ex.tls.alpn = hello.alpn;
  ex.source = source;
  return ex;
}
