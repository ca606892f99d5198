import { expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { conversationPcap, tempCapture, type Turn } from '../../test/gen/pcap/conversation';
import { extractCaptures } from '../pcap/extract-captures';
import { proxyHeaderLength } from './proxy-protocol';

async function run(turns: Turn[]): Promise<{ ex: Exchange[]; stats: Record<string, number> }> {
  const ex: Exchange[] = [];
  const report = await extractCaptures([tempCapture(conversationPcap(turns))], { fingerprintKey: 'k' }, (e) => ex.push(e));
  return { ex, stats: report.stats };
}

const v1 = 'PROXY TCP4 192.0.2.1 198.51.100.1 56324 80\r\n';
// Version 2, PROXY command, TCP over IPv4, 12 address bytes, then a 7-byte TLV (as AWS NLB adds its own).
const v2 = Buffer.concat([Buffer.from('0d0a0d0a000d0a515549540a', 'hex'), Buffer.from([0x21, 0x11, 0, 19]), Buffer.from([192, 0, 2, 1, 198, 51, 100, 1, 0xdc, 0x04, 0, 80]), Buffer.from([0xea, 0, 4, 1, 2, 3, 4])]);

test("a connection from a load balancer that speaks the PROXY protocol keeps its first request (v1 and v2) and its ClientHello", async () => {
  // The header in front of the first request line made one unparsable head of both: the request was lost and its
  // response counted unpaired, on every such connection; a ClientHello behind it gave no tls record at all.
  const first = 'GET /first HTTP/1.1\r\nHost: api.test\r\n\r\n';
  const ok = (s: number) => ({ from: 'server' as const, data: `HTTP/1.1 ${s} OK\r\nContent-Length: 0\r\n\r\n` });
  for (const header of [Buffer.from(v1, 'latin1'), v2]) {
    const { ex, stats } = await run([{ from: 'client', data: Buffer.concat([header, Buffer.from(first)]) }, ok(200), { from: 'client', data: 'GET /second HTTP/1.1\r\nHost: api.test\r\n\r\n' }, ok(201)]);
    expect(ex.map((e) => [e.method, e.path, e.status])).toEqual([['GET', '/first', 200], ['GET', '/second', 201]]);
    expect(stats.unpairedResponses ?? 0).toBe(0);
  }
  // A minimal ClientHello: TLS 1.3 suite, no compression, one extension (server_name `a`).
  const sni = Buffer.from('0000000600040000016' + '1', 'hex');
  const body = Buffer.concat([Buffer.from('0303', 'hex'), Buffer.alloc(32, 7), Buffer.from('00000213010100', 'hex'), Buffer.from([0, sni.length]), sni]);
  const handshake = Buffer.concat([Buffer.from([1, 0, 0, body.length]), body]);
  const hello = Buffer.concat([Buffer.from([0x16, 3, 1, 0, handshake.length]), handshake]);
  const { ex } = await run([{ from: 'client', data: Buffer.concat([v2, hello]) }, { from: 'server', data: Buffer.from([0x16, 3, 3, 0, 1, 2]) }]);
  expect(ex.map((e) => [e.transport, e.host])).toEqual([['tls', 'a']]);
});

test('only a whole PROXY header is taken for one', () => {
  const b = (s: string | Buffer) => (typeof s === 'string' ? Buffer.from(s, 'latin1') : s);
  expect(proxyHeaderLength(b(`${v1}GET /`), 0, v1.length + 5)).toBe(v1.length);
  expect(proxyHeaderLength(v2, 0, v2.length)).toBe(v2.length);
  expect(proxyHeaderLength(v2, 0, v2.length - 1)).toBe(0);
  expect(proxyHeaderLength(b('PROXY TCP4 192.0.2.1'), 0, 20)).toBe(0);
  expect(proxyHeaderLength(b('PROXYFIND / HTTP/1.1\r\n'), 0, 22)).toBe(0);
  expect(proxyHeaderLength(b('GET / HTTP/1.1\r\n'), 0, 16)).toBe(0);
  expect(proxyHeaderLength(b('PROXY /x HTTP/1.1\r\n'), 0, 19)).toBe(0);
  expect(proxyHeaderLength(b('PROXY UNKNOWN\r\n'), 0, 15)).toBe(15);
});
