import { expect, test } from 'vitest';
import { h2Frame as frame, hpackCompressor, type HpackCompressor } from '../../test/gen/h2/frames';
import { BufferBudget } from './buffer-budget';
import { H2_PREFACE, H2Session, type H2Events } from './h2-session';

test('PUSH_PROMISE header blocks go through HPACK: later responses that refer to what they indexed decode exactly', () => {
  const client = hpackCompressor();
  const server = hpackCompressor();
  const block = (c: HpackCompressor, fields: [string, string][]) => {
    c.write(fields.map(([name, value]) => ({ name, value })));
    return c.read();
  };
  const seen: string[] = [];
  const show = (kind: string, stream: number, headers: [string, string][]) => seen.push(`${kind} ${stream} ${headers.map(([n, v]) => `${n}=${v}`).join(' ')}`);
  const events: H2Events = {
    onRequestHeaders: (stream, headers) => show('req', stream, headers),
    onResponseHeaders: (stream, headers) => show('res', stream, headers),
    onData: () => {},
    onDataLost: () => {},
    onReset: () => {},
  };
  const session = new H2Session(0, events, new BufferBudget());
  const request = block(client, [[':method', 'GET'], [':path', '/'], [':authority', 'a.internal']]);
  const clientWire = Buffer.concat([H2_PREFACE, frame(4, 0, 0, Buffer.alloc(0)), frame(1, 5, 1, request)]);
  session.push(0, clientWire, 0, clientWire.length, 1, 1);
  const promised = Buffer.alloc(4);
  promised.writeUInt32BE(2);
  const promise = block(server, [[':method', 'GET'], [':path', '/style.css'], [':authority', 'a.internal'], ['x-pushed-by', 'edge-7']]);
  const response = block(server, [[':status', '200'], ['x-pushed-by', 'edge-7'], [':authority', 'a.internal']]);
  const serverWire = Buffer.concat([frame(4, 0, 0, Buffer.alloc(0)), frame(5, 4, 1, Buffer.concat([promised, promise])), frame(1, 5, 1, response)]);
  expect(response[1] & 0x80).toBe(0x80); // x-pushed-by is an index into what the PUSH_PROMISE inserted
  session.push(1, serverWire, 0, serverWire.length, 2, 2);
  expect(seen).toEqual(['req 1 :method=GET :path=/ :authority=a.internal', 'res 1 :status=200 x-pushed-by=edge-7 :authority=a.internal']);
  expect(session.broken).toBe(false);
});
