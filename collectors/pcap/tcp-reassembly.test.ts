import { expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { conversationPcap, tempCapture } from '../../test/gen/pcap/conversation';
import { extractCaptures } from './extract-captures';
import { PacketDecoder } from './decode-packet';
import { TcpReassembler } from './tcp-reassembly';
import type { StreamConsumer, TcpLimits } from './tcp-stream';

const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;
const ACK = 0x10;

/** Raw IPv4/TCP from 10.0.0.1:40000 (client) or 10.0.0.2:80 (server). */
function segment(fromClient: boolean, seq: number, flags: number, payload = '', ack = 0, clientPort = 40000): Buffer {
  const b = Buffer.alloc(40 + payload.length);
  b[0] = 0x45;
  b.writeUInt16BE(b.length, 2);
  b[9] = 6;
  b.writeUInt32BE(fromClient ? 0x0a000001 : 0x0a000002, 12);
  b.writeUInt32BE(fromClient ? 0x0a000002 : 0x0a000001, 16);
  b.writeUInt16BE(fromClient ? clientPort : 80, 20);
  b.writeUInt16BE(fromClient ? 80 : clientPort, 22);
  b.writeUInt32BE(seq >>> 0, 24);
  b.writeUInt32BE(ack >>> 0, 28);
  b[32] = 0x50;
  b[33] = flags;
  b.write(payload, 40, 'latin1');
  return b;
}

function harness(limits?: Partial<TcpLimits>) {
  const log: string[] = [];
  const tcp = new TcpReassembler(
    (ends) => {
      const c: StreamConsumer = {
        data: (dir, buf, s, e) => log.push(`${ends.addr[dir]} ${buf.toString('latin1', s, e)}`),
        gap: (dir, bytes) => log.push(`${ends.addr[dir]} gap ${bytes}`),
        end: (dir) => log.push(`${ends.addr[dir]} end`),
        close: () => log.push('close'),
      };
      return c;
    },
    { perFlowBytes: 1 << 20, totalBytes: 1 << 24, maxConnections: 1000, idleMs: 60_000, ...limits },
  );
  const decoder = new PacketDecoder(tcp);
  const send = (b: Buffer, ts = 0) => decoder.decode(101, b, 0, b.length, ts);
  /** As captured with a snapshot length: the last `cut` bytes of the packet were not recorded. */
  const sendCut = (b: Buffer, cut: number) => decoder.decode(101, b, 0, b.length - cut, 0);
  return { log, tcp, send, sendCut };
}

const C = '10.0.0.1:40000';

test('out-of-order, retransmitted and overlapping segments come out once and in order', () => {
  const { log, send } = harness();
  send(segment(true, 100, SYN));
  send(segment(true, 107, ACK, 'world'));
  send(segment(true, 101, ACK, 'hello '));
  send(segment(true, 101, ACK, 'hello '));
  send(segment(true, 110, ACK, 'ld!!'));
  send(segment(true, 114, FIN | ACK));
  expect(log).toEqual([`${C} hello `, `${C} world`, `${C} !!`, `${C} end`]);
});

test('a flow seen mid-stream starts with an unknown gap; RST closes it', () => {
  const { log, send } = harness();
  send(segment(true, 5000, ACK, 'abc'));
  send(segment(true, 5003, RST | ACK));
  expect(log).toEqual([`${C} gap -1`, `${C} abc`, 'close']);
});

test('held out-of-order data beyond the per-flow cap becomes a counted gap', () => {
  const { log, send, tcp } = harness({ perFlowBytes: 8 });
  send(segment(true, 0, SYN));
  send(segment(true, 11, ACK, 'bbbbb'));
  send(segment(true, 16, ACK, 'cccc'));
  expect(log).toEqual([`${C} gap 10`, `${C} bbbbb`, `${C} cccc`]);
  expect(tcp.counters.gaps).toBe(1);
});

test('an ACK for bytes the capture never saw releases held data at once', () => {
  const { log, send } = harness();
  send(segment(true, 0, SYN));
  send(segment(true, 11, ACK, 'second'));
  send(segment(false, 500, ACK, 'reply', 17));
  expect(log).toEqual([`${C} gap 10`, `${C} second`, '10.0.0.2:80 gap -1', '10.0.0.2:80 reply']);
});

test('bytes captured just after the peer’s pure ACK for them (directions reordered at a tap) are delivered, not a gap', () => {
  // Two SPAN ports or a tap aggregator merge the directions with different delays: the receiver's ACK can be
  // captured before the data it acknowledges. The hole was declared at the ACK and the bytes dropped as a retransmission.
  const { log, send, tcp } = harness();
  send(segment(true, 0, SYN));
  send(segment(false, 500, SYN | ACK, '', 1));
  send(segment(true, 11, ACK, 'second', 501));
  send(segment(false, 501, ACK, '', 17));
  send(segment(true, 1, ACK, 'first-part', 501));
  send(segment(false, 501, ACK, 'reply', 17));
  expect(log).toEqual([`${C} first-part`, `${C} second`, '10.0.0.2:80 reply']);
  expect(tcp.counters).toMatchObject({ gaps: 0, retransmitted: 0 });
});

test('bytes a pure ACK acknowledged that never come are a gap before the acknowledging side speaks, or a second later', () => {
  const { log, send, tcp } = harness();
  send(segment(true, 0, SYN), 0);
  send(segment(false, 500, SYN | ACK, '', 1), 0);
  send(segment(true, 11, ACK, 'second', 501), 0);
  send(segment(false, 501, ACK, '', 17), 0);
  // Data of the acknowledging side waits behind the hole (its bytes may answer the missing ones), a second at most.
  send(segment(false, 501, ACK, 'reply', 17), 5);
  expect(log).toEqual([]);
  send(segment(false, 506, ACK, 'more', 17), 1001);
  expect(log).toEqual([`${C} gap 10`, `${C} second`, '10.0.0.2:80 reply', '10.0.0.2:80 more']);
  log.length = 0;
  // An upload whose lost segment the server acknowledges: its later segments wait a second at most.
  send(segment(true, 0, SYN, '', 0, 40001), 10);
  send(segment(true, 11, ACK, 'second', 0, 40001), 10);
  send(segment(false, 500, ACK, '', 17, 40001), 10);
  send(segment(true, 17, ACK, 'third', 0, 40001), 500);
  expect(log).toEqual([]);
  send(segment(true, 22, ACK, 'fourth', 0, 40001), 1011);
  expect(log).toEqual(['10.0.0.1:40001 gap 10', '10.0.0.1:40001 second', '10.0.0.1:40001 third', '10.0.0.1:40001 fourth']);
  expect(tcp.counters.gaps).toBe(2);
});

test('idle flows time out and the connection cap evicts the oldest, so memory stays bounded', () => {
  const { log, send, tcp } = harness({ maxConnections: 2, idleMs: 1000 });
  send(segment(true, 0, ACK, 'a', 0, 1001), 0);
  send(segment(true, 0, ACK, 'b', 0, 1002), 0);
  send(segment(true, 0, ACK, 'c', 0, 1003), 0);
  expect(tcp.counters.evicted).toBe(1);
  expect(tcp.connections).toBe(2);
  send(segment(true, 1, ACK, 'd', 0, 1004), 10_000);
  expect(tcp.connections).toBe(1);
  expect(log.filter((l) => l === 'close')).toHaveLength(3);
});

test('a reused 4-tuple with a new SYN starts a new connection', () => {
  const { log, send, tcp } = harness();
  send(segment(true, 0, SYN));
  send(segment(true, 1, ACK, 'first'));
  send(segment(true, 90_000, SYN));
  send(segment(true, 90_001, ACK, 'second'));
  expect(log).toEqual([`${C} first`, 'close', `${C} second`]);
  expect(tcp.counters.flows).toBe(2);
});

test('a snaplen-cut segment held out of order brings its cut tail as a hole in its place', () => {
  const { log, send, sendCut } = harness();
  send(segment(true, 0, SYN));
  sendCut(segment(true, 6, ACK, 'bbbbbXXXX'), 4);
  send(segment(true, 1, ACK, 'aaaaa'));
  // In order after the hole: delivered at once (it used to be held until an ACK showed the hole).
  send(segment(true, 15, ACK, 'ccc'));
  expect(log).toEqual([`${C} aaaaa`, `${C} bbbbb`, `${C} gap 4`, `${C} ccc`]);
});

test('a RST while the application expects the peer\'s bytes ends only its sender; the peer\'s in-flight bytes still arrive', () => {
  const log: string[] = [];
  let owed = 2;
  const tcp = new TcpReassembler(
    (ends) => ({
      data: (dir, buf, s, e) => {
        log.push(`${ends.addr[dir]} ${buf.toString('latin1', s, e)}`);
        if (ends.addr[dir] !== C) owed--;
      },
      gap: () => undefined,
      end: (dir) => log.push(`${ends.addr[dir]} end`),
      close: () => log.push('close'),
      expectsMore: (from) => ends.addr[from] !== C && owed > 0,
    }),
    { perFlowBytes: 1 << 20, totalBytes: 1 << 24, maxConnections: 1000, idleMs: 60_000 },
  );
  const decoder = new PacketDecoder(tcp);
  const send = (b: Buffer) => decoder.decode(101, b, 0, b.length, 0);
  send(segment(true, 100, SYN));
  send(segment(false, 500, SYN | ACK, '', 101));
  send(segment(true, 101, ACK, 'q1q2'));
  send(segment(false, 501, ACK, 'a1'));
  send(segment(true, 105, RST));
  send(segment(true, 105, ACK, 'late')); // nothing more from the side that reset
  send(segment(false, 503, ACK, 'a2')); // the last owed bytes: the connection closes after them
  send(segment(false, 505, ACK, 'a3'));
  // Bytes after that are a flow of their own, picked up mid-stream.
  expect(log).toEqual([`${C} q1q2`, '10.0.0.2:80 a1', `${C} end`, '10.0.0.2:80 a2', 'close', '10.0.0.2:80 a3']);
  expect(tcp.counters.flows).toBe(2);
  // Nothing owed: the RST closes at once, as without the hook.
  owed = 0;
  log.length = 0;
  send(segment(true, 100, SYN, '', 0, 40001));
  send(segment(true, 101, ACK, 'q', 0, 40001));
  send(segment(true, 102, RST, '', 0, 40001));
  expect(log).toEqual(['10.0.0.1:40001 q', 'close']);
});

test('a late copy of a closed connection’s bytes is a retransmission, not a new flow; new bytes on its 4-tuple still are', () => {
  const { log, send, tcp } = harness();
  const request = 'GET / HTTP/1.1\r\n\r\n';
  send(segment(true, 0, SYN));
  send(segment(false, 500, SYN | ACK, '', 1));
  send(segment(true, 1, ACK, request));
  send(segment(false, 501, ACK, 'HTTP/1.1 204 No Content\r\n\r\n'));
  send(segment(true, 1 + request.length, FIN | ACK));
  send(segment(false, 528, FIN | ACK));
  expect(log.at(-1)).toBe('close');
  const closedAt = log.length;
  // A mirror's duplicate of the request and of the response, captured after both FINs.
  send(segment(true, 1, ACK, request));
  send(segment(false, 501, ACK, 'HTTP/1.1 204 No Content\r\n\r\n'));
  expect(log.length).toBe(closedAt);
  expect(tcp.counters).toMatchObject({ flows: 1, retransmitted: 2 });
  // Bytes past where the connection had got to (a new connection whose SYN was not captured) open a flow.
  send(segment(true, 70_000, ACK, 'GET /next HTTP/1.1\r\n\r\n'));
  expect(log.slice(closedAt)).toEqual([`${C} gap -1`, `${C} GET /next HTTP/1.1\r\n\r\n`]);
  expect(tcp.counters.flows).toBe(2);
});

test('data carried by a SYN (TCP Fast Open, RFC 7413) comes first, once, even when the SYN is sent again', () => {
  const { log, tcp, send } = harness();
  send(segment(true, 100, SYN, 'GET / '));
  send(segment(true, 100, SYN, 'GET / '));
  send(segment(false, 500, SYN | ACK, '', 107));
  send(segment(true, 107, ACK, 'HTTP/1.1'));
  send(segment(true, 115, FIN | ACK));
  expect(log).toEqual([`${C} GET / `, `${C} HTTP/1.1`, `${C} end`]);
  expect(tcp.counters).toMatchObject({ gaps: 0, retransmitted: 1 });
});

test('a FIN captured before bytes it follows ends its side once they arrive, not at the idle timeout', () => {
  // A mirror reorders a server's last data segment and its FIN: the side never ended, so a body read until close and
  // the connection were finished only by the idle sweep (two minutes later on a live mirror) or the end of the input.
  const { log, send } = harness();
  send(segment(true, 100, SYN));
  send(segment(false, 500, SYN | ACK, '', 101));
  send(segment(true, 101, ACK, 'req', 501));
  send(segment(false, 501, ACK, 'body ', 104));
  send(segment(false, 516, FIN | ACK, '', 104));
  send(segment(false, 506, ACK, 'more ', 104));
  send(segment(false, 511, ACK, 'tail!', 104));
  send(segment(true, 104, FIN | ACK, '', 517));
  expect(log).toEqual([`${C} req`, '10.0.0.2:80 body ', '10.0.0.2:80 more ', '10.0.0.2:80 tail!', '10.0.0.2:80 end', `${C} end`, 'close']);
});

test('a FIN after bytes the capture lost ends its side with a hole of their size, once acknowledged or when the flow closes', () => {
  // The hole was never said: the side never ended, and a body read until close was reported with the captured size.
  const { log, send, tcp } = harness();
  send(segment(true, 100, SYN));
  send(segment(false, 500, SYN | ACK, '', 101));
  send(segment(false, 501, ACK, 'head ', 101));
  send(segment(false, 511, FIN | ACK, '', 101)); // 'tail ' (506–510) was not captured
  send(segment(true, 101, FIN | ACK, '', 512));
  expect(log).toEqual(['10.0.0.2:80 head ', '10.0.0.2:80 gap 5', '10.0.0.2:80 end', `${C} end`, 'close']);
  log.length = 0;
  send(segment(true, 100, SYN, '', 0, 40001));
  send(segment(true, 101, ACK, 'head ', 0, 40001));
  send(segment(true, 111, FIN | ACK, '', 0, 40001));
  tcp.flush();
  expect(log).toEqual(['10.0.0.1:40001 head ', '10.0.0.1:40001 gap 5', '10.0.0.1:40001 end', 'close']);
  expect(tcp.counters.gaps).toBe(2);
});

test('a body read until close whose last segment the capture lost has the size its FIN gives, not the bytes captured', async () => {
  const body = 'x'.repeat(300);
  const pcap = conversationPcap([
    { from: 'client', data: 'GET /a HTTP/1.0\r\nHost: x.test\r\n\r\n' },
    { from: 'server', data: `HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n${body}` },
  ], { mss: 100, drop: new Set([4]) });
  const out: Exchange[] = [];
  await extractCaptures([tempCapture(pcap)], { fingerprintKey: 'k' }, (e) => out.push(e));
  expect(out.map((e) => [e.path, e.status, e.responseBytes])).toEqual([['/a', 200, 300]]);
});
