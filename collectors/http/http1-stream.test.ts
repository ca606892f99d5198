import { expect, test } from 'vitest';
import fc from 'fast-check';
import { bytesSearchedBy } from '../../test/gen/searched-bytes';
import { Http1Stream } from './http1-stream';

test('after a hole, binary without any HTTP line costs one pass, however large the read buffer it is sliced from', () => {
  const requests: string[] = [];
  const stream = new Http1Stream({
    onRequest: (_dir, head) => void requests.push(`${head.method} ${head.target}`),
    onResponse: () => undefined,
    onBody: () => {},
    onBodyLost: () => {},
    onMessageEnd: () => {},
    onMalformedHead: () => {},
  }, 0);
  // One 32 MiB read buffer delivered as 1448-byte segments (how the reassembler hands over in-order data), with a
  // request line only at the very end. Searching past each segment's end made this quadratic (≈13 s here).
  const tail = Buffer.from('\nGET /found HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1');
  const buf = Buffer.concat([Buffer.alloc(32 << 20), tail]);
  stream.gap(-1);
  const searched = bytesSearchedBy(() => {
    for (let o = 0; o < buf.length; o += 1448) stream.push(buf, o, Math.min(o + 1448, buf.length), 1, 1);
  });
  expect(requests).toEqual(['GET /found']);
  expect(searched).toBeGreaterThan(buf.length / 2);
  expect(searched).toBeLessThan(2 * buf.length);
});

test('chunk lines read from bytes give the events the string reader gives, on plain and odd chunk framing cut anywhere', () => {
  const sizeLine = fc.oneof(
    fc.nat({ max: 40 }).map((n) => ({ line: `${n.toString(16)}\r\n`, size: n })),
    fc.nat({ max: 40 }).map((n) => ({ line: `${n.toString(16).toUpperCase()}\n`, size: n })),
    fc.constantFrom('000a\r\n', '0000000000005\r\n', '5;ext=1\r\n', ' 5\r\n', '5 \r\n', '\r\n', '\n', 'zz\r\n', '5\r\r\n', '5\r5\n', '-1\r\n', 'fffffffffffff\r\n').map((line) => ({ line, size: 5 })),
  );
  const chunk = fc.tuple(sizeLine, fc.constantFrom('\r\n', '\n', 'x\r\n', '\r\r\n', ' \r\n', '', '0\r\n'), fc.integer({ min: -1, max: 1 })).map(([{ line, size }, after, skew]) => `${line}${'d'.repeat(Math.max(0, size + (size === 0 ? 0 : skew)))}${after}`);
  const trailer = fc.constantFrom('\r\n', '\n', 'X-T: 1\r\n\r\n', 'ab\r\n\r\n', ' \r\n\r\n', '');
  const message = fc.tuple(fc.array(chunk, { maxLength: 4 }), trailer).map(([chunks, t]) => `POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n${chunks.join('')}0\r\n${t}`);
  const run = (bytes: Buffer, cuts: number[], plain: boolean): string[] => {
    const log: string[] = [];
    const events = {
      onRequest: (_dir: number, head: { target: string }) => void log.push(`req ${head.target}`),
      onResponse: () => undefined,
      onBody: (_dir: number, buf: Buffer, s: number, e: number) => void log.push(`body ${buf.toString('latin1', s, e)}`),
      onBodyLost: (_dir: number, bytes: number) => void log.push(`lost ${bytes}`),
      onMessageEnd: (_dir: number, _ts: number, complete: boolean) => void log.push(`end ${complete}`),
      onMalformedHead: () => {},
    };
    const stream = new Http1Stream(events, 0, undefined, undefined, plain);
    let from = 0;
    for (const cut of [...cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b), bytes.length]) {
      stream.push(bytes, from, Math.max(from, cut), 1, 1);
      from = Math.max(from, cut);
    }
    stream.end(2);
    return [...log, `malformed ${JSON.stringify(stream.malformed)}`];
  };
  fc.assert(
    fc.property(fc.array(message, { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { maxLength: 6 }), (messages, cuts) => {
      const bytes = Buffer.from(messages.join(''), 'latin1');
      expect(run(bytes, cuts, true)).toEqual(run(bytes, cuts, false));
    }),
    { numRuns: 3000, seed: 22 },
  );
});

test('after a hole, a message that starts a segment is found even when the bytes before it (a body) end mid-line', () => {
  const seen: string[] = [];
  const stream = new Http1Stream({
    onRequest: (_dir, head) => void seen.push(`${head.method} ${head.target}`),
    onResponse: (_dir, head) => void seen.push(`${head.status}`),
    onBody: () => {},
    onBodyLost: () => {},
    onMessageEnd: () => {},
    onMalformedHead: () => {},
  }, 1);
  const push = (text: string) => {
    const b = Buffer.from(text, 'latin1');
    stream.push(b, 0, b.length, 1, 1);
  };
  // The start of the stream was lost: what comes first is the tail of a JSON body, then the next requests,
  // each in its own segment and each after a body that does not end in a newline.
  stream.gap(-1);
  push('{"a":1}');
  push('POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n');
  push('{"b":2}');
  push('GET /three HTTP/1.1\r\nHost: x\r\n\r\n');
  // Mid-segment, bytes before a request-looking line keep it from counting (body text is not a message start).
  stream.gap(-1);
  push('{"c":3}GET /not-a-start HTTP/1.1\r\nHost: x\r\n\r\n');
  push('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
  expect(seen).toEqual(['POST /two', 'GET /three', '200']);
});
