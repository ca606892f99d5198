import { expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { h2Frame, hpackCompressor } from '../../test/gen/h2/frames';
import { conversationPcap, tempCapture, type Turn } from '../../test/gen/pcap/conversation';
import { extractCaptures } from '../pcap/extract-captures';

/**
 * Headers a record copies (Content-Type, User-Agent) are free text the client writes, and clients put
 * credentials in them. Captured over HTTP/1.1 and h2c, a canary in either must not reach the record.
 */
async function exchangesOf(turns: Turn[]): Promise<Exchange[]> {
  const ex: Exchange[] = [];
  await extractCaptures([tempCapture(conversationPcap(turns))], { fingerprintKey: 'k' }, (e) => ex.push(e));
  return ex;
}

function h2cTurns(headers: [string, string][]): Turn[] {
  const hpack = hpackCompressor();
  hpack.write([[':method', 'POST'], [':scheme', 'http'], [':authority', 'h2.test'], [':path', '/b'], ...headers].map(([name, value]) => ({ name, value })));
  return [
    { from: 'client', data: Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), h2Frame(4, 0, 0, Buffer.alloc(0)), h2Frame(1, 0x05, 1, hpack.read())]) },
    { from: 'server', data: Buffer.concat([h2Frame(4, 0, 0, Buffer.alloc(0)), h2Frame(1, 0x05, 1, Buffer.from([0x88]))]) },
  ];
}

test('Content-Type parameters other than charset are not recorded (HTTP/1.1 and h2c)', async () => {
  const h1 = await exchangesOf([
    { from: 'client', data: 'POST /a HTTP/1.1\r\nHost: x\r\nContent-Type: application/json; token=CANARY-ct-1\r\nContent-Length: 2\r\n\r\n{}' },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8; sig=CANARY-ct-2\r\nContent-Length: 0\r\n\r\n' },
  ]);
  const h2 = await exchangesOf(h2cTurns([['content-type', 'multipart/form-data; boundary=xyz; api_key=CANARY-ct-3']]));
  expect([...h1, ...h2].map((e) => [e.requestContentType, e.responseContentType])).toEqual([
    ['application/json', 'text/plain; charset=utf-8'],
    ['multipart/form-data', undefined],
  ]);
});
