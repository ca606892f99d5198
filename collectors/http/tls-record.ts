import type { Exchange } from '../../lib/exchange';
import type { BufferBudget } from './buffer-budget';
import type { PacketSource } from './exchange-draft';
import { MAX_CLIENT_HELLO, parseClientHello, type ClientHelloInfo } from './tls-client-hello';

type HelloResult = ReturnType<typeof parseClientHello>;

/** A TLS connection's ClientHello, gathered across segments and records from the shared buffer budget. */
export class ClientHelloReader {
  private bytes = Buffer.alloc(0);
  /** Where the hello began: its record's time and packet. */
  private ts = 0;
  private packet = 0;

  constructor(private readonly buffers: BufferBudget) {}

  /** Adds the next bytes: `need-more` until the hello is whole; `invalid` for what is none (or over budget). */
  push(buf: Buffer, start: number, end: number, ts: number, packet: number): HelloResult {
    const add = Math.min(end - start, MAX_CLIENT_HELLO);
    if (!this.buffers.reserve(add)) return 'invalid';
    if (this.bytes.length === 0) {
      this.ts = ts;
      this.packet = packet;
    }
    this.bytes = Buffer.concat([this.bytes, buf.subarray(start, start + add)]);
    const hello = parseClientHello(this.bytes);
    return hello === 'need-more' && this.bytes.length >= MAX_CLIENT_HELLO ? 'invalid' : hello;
  }

  /** The rest was not captured (a hole, a snapshot length): what the part captured names, if anything. */
  cut(): HelloResult {
    return parseClientHello(this.bytes, true);
  }

  release(): void {
    this.buffers.release(this.bytes.length);
    this.bytes = Buffer.alloc(0);
  }

  /** The connection's record: host-level (no method, no path), what the hello names, from where it began. */
  exchange(hello: ClientHelloInfo, client: string, server: string, sourceOf: (packet: number) => PacketSource): Exchange {
    const ex: Exchange = { ts: new Date(this.ts).toISOString(), src: client, dst: server, transport: 'tls' };
    if (hello.sni) ex.host = hello.sni;
    ex.tls = {};
    if (hello.sni) ex.tls.sni = hello.sni;
    if (hello.alpn) ex.tls.alpn = hello.alpn;
    ex.source = sourceOf(this.packet);
    return ex;
  }
}
