import { h2Frame } from '../h2/frames';
import { writeConversation, type Turn } from './conversation';
import { PcapWriter } from './pcap-writer';
import { toPcapng } from './to-pcapng';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const eth = (type: string, body: Buffer) => Buffer.concat([hex(`020000000002 020000000001 ${type}`), body]);

function ipv4(proto: number, body: Buffer, src = 1): Buffer {
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h.writeUInt16BE(20 + body.length, 2);
  h[8] = 64;
  h[9] = proto;
  h.writeUInt32BE(0x0a000000 + src, 12);
  h.writeUInt32BE(0x0a000002, 16);
  return Buffer.concat([h, body]);
}

/** Frames the packet decoder counts as malformed, one per kind (collectors/malformed-tally.ts). */
export const MALFORMED_FRAMES = {
  /** An MPLS label stack cut before its bottom label's IP byte. */
  linkHeader: eth('8847', hex('000640')),
  /** IPv4 with 10 bytes of header. */
  ipHeader: eth('0800', hex('4500 001e 0000 0000 4006')),
  /** IPv6 whose Fragment header is 4 of its 8 bytes. */
  ipFragment: eth('86dd', Buffer.concat([hex('60000000 0004 2c40'), Buffer.alloc(32, 1), hex('06000001')])),
  /** TCP with 10 bytes of header. */
  tcpHeader: eth('0800', ipv4(6, hex('9c40 0050 00000001 0000'), 3)),
  /** VXLAN on UDP 4789 with 4 bytes of its 8-byte header. */
  tunnelHeader: eth('0800', ipv4(17, hex('c000 12b5 000c 0000 08000000'), 4)),
};

const ok = (body = 'ok') => `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: m.test\r\n\r\n`;
const settings = h2Frame(4, 0, 0, Buffer.alloc(0));
// PADDED | END_HEADERS | END_STREAM with a pad length of 200 in a 4-byte payload (RFC 9113 §6.2: PROTOCOL_ERROR).
const badHeaders = h2Frame(1, 0x08 | 0x04 | 0x01, 1, Buffer.from([200, 0x82, 0x86, 0x84]));

/** Conversations whose HTTP the connection counts as malformed, one kind each, on ports of their own. */
export const MALFORMED_CONVERSATIONS: Record<string, Turn[]> = {
  // A status of `0200`: the head does not parse.
  httpHead: [{ from: 'client', data: get('/a') }, { from: 'server', data: 'HTTP/1.1 0200 OK\r\nContent-Length: 0\r\n\r\n' }],
  // A 304 followed by the body it must not have.
  strayBytes: [{ from: 'client', data: get('/b') }, { from: 'server', data: 'HTTP/1.1 304 Not Modified\r\n\r\n{"x":1}' }, { from: 'client', data: get('/b2') }, { from: 'server', data: ok() }],
  headTooLong: [{ from: 'client', data: `GET /c HTTP/1.1\r\nHost: m.test\r\nX-Fill: ${'a'.repeat(70_000)}\r\n\r\n` }, { from: 'server', data: ok() }],
  chunkLine: [{ from: 'client', data: get('/d') }, { from: 'server', data: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n' }],
  // A second request head whose tail a zero-filled hole in the file overwrote.
  zeroFill: [
    { from: 'client', data: get('/e') }, { from: 'server', data: ok() },
    { from: 'client', data: Buffer.concat([Buffer.from('PATCH /e2 HTTP/1.1\r\nHost: m.'), Buffer.alloc(300), Buffer.from(get('/e3'))]) },
    { from: 'server', data: ok() },
  ],
  h2Connection: [{ from: 'client', data: Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), settings, badHeaders]) }, { from: 'server', data: settings }],
};

/**
 * A classic pcap holding every kind of malformed input Lantern counts but a damaged time (withImpossibleTime), each kind
 * `times` over, in rounds of the same packets, each on a flow of its own (so parallel workers share them out), between
 * good exchanges.
 */
export function malformedCapture(times = 1): Buffer {
  const chunks: Buffer[] = [];
  const w = new PcapWriter((c) => chunks.push(c));
  let ts = 1_700_000_000_000_000;
  let port = 41_000;
  for (let round = 0; round < times; round++) {
    for (const frame of Object.values(MALFORMED_FRAMES)) {
      const { buf, at } = w.begin((ts += 1000), frame.length);
      frame.copy(buf, at);
    }
    for (const turns of Object.values(MALFORMED_CONVERSATIONS)) {
      writeConversation(w, [{ from: 'client', data: get('/fine') }, { from: 'server', data: ok() }], { clientPort: port++ }, (ts += 1_000_000));
      writeConversation(w, turns, { clientPort: port++ }, (ts += 1_000_000));
    }
  }
  w.flush();
  return Buffer.concat(chunks);
}

/** A classic capture as pcapng, with packet `packet`'s time moved past year 9999 (a damaged enhanced packet block). */
export function withImpossibleTime(classic: Buffer, packet: number): Buffer {
  const out = toPcapng(classic);
  let seen = 0;
  for (let off = 0; off + 12 <= out.length; off += out.readUInt32LE(off + 4)) {
    if (out.readUInt32LE(off) !== 6 || ++seen !== packet) continue;
    out.writeUInt32LE(0x10000000, off + 12);
    return out;
  }
  throw new Error(`no packet ${packet}`);
}
