import fc from 'fast-check';
import { expect, test } from 'vitest';
import { findHeadEnd, Http1Stream } from './http1-stream';

/** The first LF that starts `LF LF` or `LF CR LF` inside [from, end): the definition the fast loop must keep. */
function headEndByDefinition(buf: Buffer, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    if (buf[i] !== 10) continue;
    if (i + 1 < end && buf[i + 1] === 10) return i;
    if (i + 2 < end && buf[i + 1] === 13 && buf[i + 2] === 10) return i;
  }
  return -1;
}

test('the head end found two bytes at a time is the first blank line, with bare LF or CRLF, within the bounds', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(10, 13, 65, 58, 32), { maxLength: 40 }), fc.nat(), fc.nat(), (bytes, a, b) => {
      const buf = Buffer.from(bytes);
      const from = bytes.length === 0 ? 0 : a % (bytes.length + 1);
      const end = from + (b % (bytes.length - from + 1));
      expect(findHeadEnd(buf, from, end)).toBe(headEndByDefinition(buf, from, end));
    }),
    { numRuns: 20_000, seed: 15 },
  );
  const head = Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\nbody');
  expect(findHeadEnd(head, 0, head.length)).toBe(head.indexOf('\r\n\r\n') + 1);
});

test('after a hole, binary without any HTTP line costs one pass, however large the read buffer it is sliced from', () => {
  const requests: string[] = [];
  const stream = new Http1Stream({
    onRequest: (head) => void requests.push(`${head.method} ${head.target}`),
    onResponse: () => undefined,
    onBody: () => {},
    onMessageEnd: () => {},
  });
  // One 32 MiB read buffer delivered as 1448-byte segments (how the reassembler hands over in-order data), with a
  // request line only at the very end. Searching past each segment's end made this quadratic (≈13 s here).
  const tail = Buffer.from('\nGET /found HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1');
  const buf = Buffer.concat([Buffer.alloc(32 << 20), tail]);
  stream.gap(-1);
  const t0 = performance.now();
  for (let o = 0; o < buf.length; o += 1448) stream.push(buf, o, Math.min(o + 1448, buf.length), 1, 1);
  // A hang budget (hostile input must not stall the collector), far above the ~0.1 s this takes.
  expect(performance.now() - t0).toBeLessThan(3000);
  expect(requests).toEqual(['GET /found']);
});
