import { expect, test } from 'vitest';
import { exchangeSchema, type Exchange } from '../../lib/exchange';
import { h2Frame, hpackCompressor } from '../../test/gen/h2/frames';
import { conversationPcap, tempCapture } from '../../test/gen/pcap/conversation';
import { extractCaptures } from '../pcap/extract-captures';

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
const SETTINGS = h2Frame(4, 0, 0, Buffer.alloc(0));

async function exchangeAnswered(status: string): Promise<Exchange[]> {
  const client = hpackCompressor();
  client.write([[':method', 'GET'], [':scheme', 'http'], [':authority', 'h2.test'], [':path', '/b']].map(([name, value]) => ({ name, value })));
  const server = hpackCompressor();
  server.write([{ name: ':status', value: status }]);
  const ex: Exchange[] = [];
  await extractCaptures([tempCapture(conversationPcap([
    { from: 'client', data: Buffer.concat([PREFACE, SETTINGS, h2Frame(1, 0x05, 1, client.read())]) },
    { from: 'server', data: Buffer.concat([SETTINGS, h2Frame(1, 0x05, 1, server.read())]) },
  ]))], { fingerprintKey: 'k' }, (e) => ex.push(e));
  return ex;
}

test('an h2 :status that is not three digits (1000, 2e2) is an answer with no status, never a status past 999', async () => {
  for (const status of ['1000', '20000', '2e2', ' 200']) {
    const ex = await exchangeAnswered(status);
    expect(ex.map((e) => [e.method, e.path, e.status])).toEqual([['GET', '/b', undefined]]);
    expect(exchangeSchema.safeParse(ex[0]).error).toBeUndefined();
  }
  expect((await exchangeAnswered('204')).map((e) => e.status)).toEqual([204]);
});
