import { expect, test } from 'vitest';
import { Http1Stream } from './http1-stream';

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
