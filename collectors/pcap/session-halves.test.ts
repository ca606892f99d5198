import { expect, test } from 'vitest';
import { GreKeyNets, NET_ERSPAN_2, NET_VXLAN } from './network-ids';
import { TcpReassembler } from './tcp-reassembly';
import type { StreamConsumer } from './tcp-stream';

const gre = new GreKeyNets();
const greKeyNet = (key: number) => gre.netOf(key);
const FIN = 0x01;
const SYN = 0x02;
const ACK = 0x10;

/** Both endpoints and a TCP header, as the decoder hands them over: client [2001:db8::1]:40000, server [2001:db8::2]:80 (IPv6), or 10.0.0.1 and 10.0.0.2. */
function segment(af: 4 | 6, fromClient: boolean, seq: number, ack: number, flags: number, payload = ''): { buf: Buffer; dstOff: number; tcpOff: number } {
  const size = af === 4 ? 4 : 16;
  const buf = Buffer.alloc(2 * size + 20 + payload.length);
  const client = af === 4 ? '0a000001' : '20010db8000000000000000000000001';
  const server = af === 4 ? '0a000002' : '20010db8000000000000000000000002';
  buf.write(fromClient ? client : server, 0, 'hex');
  buf.write(fromClient ? server : client, size, 'hex');
  const t = 2 * size;
  buf.writeUInt16BE(fromClient ? 40000 : 80, t);
  buf.writeUInt16BE(fromClient ? 80 : 40000, t + 2);
  buf.writeUInt32BE(seq >>> 0, t + 4);
  buf.writeUInt32BE(ack >>> 0, t + 8);
  buf[t + 12] = 0x50;
  buf[t + 13] = flags;
  buf.write(payload, t + 20, 'latin1');
  return { buf, dstOff: size, tcpOff: t };
}

function harness() {
  const log: string[] = [];
  let flow = 0;
  const tcp = new TcpReassembler(
    () => {
      const id = ++flow;
      const c: StreamConsumer = {
        data: (dir, buf, s, e) => log.push(`flow ${id} ${dir === 0 ? 'client' : 'server'} ${buf.toString('latin1', s, e)}`),
        gap: () => {},
        end: () => {},
        close: () => log.push(`flow ${id} closed`),
      };
      return c;
    },
    { perFlowBytes: 1 << 20, totalBytes: 1 << 24, maxConnections: 1000, idleMs: 60_000 },
  );
  const send = (af: 4 | 6, net: number, fromClient: boolean, seq: number, ack: number, flags: number, payload = '') => {
    const { buf, dstOff, tcpOff } = segment(af, fromClient, seq, ack, flags, payload);
    tcp.tcpSegment(af, buf, 0, dstOff, tcpOff, buf.length, 0, 0, net);
  };
  return { log, tcp, send };
}

/** One request and response whose directions a source tunnels under `fromClient` and `fromServer`, then both FINs. */
const REQUEST = 'GET / HTTP/1.1\r\n\r\n';
const RESPONSE = 'HTTP/1.1 204 No Content\r\n\r\n';

function conversation(send: ReturnType<typeof harness>['send'], af: 4 | 6, fromClient: number, fromServer: number) {
  const [c, s] = [1001 + REQUEST.length, 5001 + RESPONSE.length];
  send(af, fromClient, true, 1000, 0, SYN);
  send(af, fromServer, false, 5000, 1001, SYN | ACK);
  send(af, fromClient, true, 1001, 5001, ACK, REQUEST);
  send(af, fromServer, false, 5001, c, ACK, RESPONSE);
  send(af, fromClient, true, c, s, FIN | ACK);
  send(af, fromServer, false, s, c + 1, FIN | ACK);
}

test.each([4, 6] as const)('an IPv%d flow whose directions come under two GRE keys is one flow, closed under both', (af) => {
  const { log, tcp, send } = harness();
  conversation(send, af, greKeyNet(0), greKeyNet(0x02000000));
  expect(log).toEqual([`flow 1 client ${REQUEST}`, `flow 1 server ${RESPONSE}`, 'flow 1 closed']);
  // A late copy of the response, under the server's key: a retransmission of the closed flow, not a new one.
  send(af, greKeyNet(0x02000000), false, 5001, 1001 + REQUEST.length, ACK, RESPONSE);
  expect(tcp.counters).toMatchObject({ flows: 1, retransmitted: 1 });
  expect(tcp.connections).toBe(0);
});

test('two sessions with the same endpoints, each keyed per direction, pair each half with its own by what it acknowledges', () => {
  const { log, tcp, send } = harness();
  // Interleaved: session A keys 1 (client) and 2 (server), session B keys 3 and 4; their clients' ISNs differ.
  send(6, greKeyNet(1), true, 1000, 0, SYN);
  send(6, greKeyNet(3), true, 9000, 0, SYN);
  send(6, greKeyNet(4), false, 5000, 9001, SYN | ACK);
  send(6, greKeyNet(2), false, 5000, 1001, SYN | ACK);
  send(6, greKeyNet(1), true, 1001, 5001, ACK, 'A');
  send(6, greKeyNet(3), true, 9001, 5001, ACK, 'B');
  send(6, greKeyNet(2), false, 5001, 1002, ACK, 'to A');
  send(6, greKeyNet(4), false, 5001, 9002, ACK, 'to B');
  expect(log).toEqual(['flow 1 client A', 'flow 2 client B', 'flow 1 server to A', 'flow 2 server to B']);
  expect(tcp.counters.flows).toBe(2);
});

test('a half is not paired across kinds, with a direction it has seen, or by a segment that acknowledges none of its bytes', () => {
  const { tcp, send } = harness();
  send(4, greKeyNet(1), true, 1000, 0, SYN);
  // ERSPAN session 2, not a GRE key; VXLAN names a tenant's network, never half a flow.
  send(4, NET_ERSPAN_2 | 2, false, 5000, 1001, SYN | ACK);
  send(4, NET_VXLAN | 2, false, 5000, 1001, SYN | ACK);
  // The client's direction, which the half has.
  send(4, greKeyNet(2), true, 1001, 5001, ACK, 'x');
  // The server's, acknowledging bytes far from the client's.
  send(4, greKeyNet(3), false, 5000, 0x40000000, SYN | ACK);
  expect(tcp.counters.flows).toBe(5);
  expect(tcp.connections).toBe(5);
});
