import { expect, test } from 'vitest';
import { z } from 'zod';
import { HttpError } from './errors';
import { MAX_JSON_BYTES, parseJsonBody } from './parse';

const CHUNK = 64 * 1024;
const schema = z.object({ note: z.string() });

/** A chunked body (no Content-Length) of `total` bytes that counts how much of it was pulled. */
function countedBody(total: number) {
  const seen = { bytes: 0 };
  const chunk = new Uint8Array(CHUNK).fill(0x20);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.bytes >= total) return controller.close();
      seen.bytes += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { stream, seen };
}

async function failure(p: Promise<unknown>): Promise<{ status: number; code: string }> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(HttpError);
  return { status: (err as HttpError).status, code: (err as HttpError).code };
}

test('a 40 MB chunked body is refused with 413 after reading no more than the limit and a few chunks', async () => {
  const { stream, seen } = countedBody(40 * 1024 * 1024);
  const req = new Request('http://localhost/api/endpoints/x', { method: 'PATCH', body: stream, duplex: 'half' } as RequestInit);
  expect(await failure(parseJsonBody(req, schema))).toEqual({ status: 413, code: 'too_large' });
  // The web-to-node stream adapter pulls a couple of chunks ahead; what matters is that it stops, not at 40 MB.
  expect(seen.bytes).toBeLessThanOrEqual(MAX_JSON_BYTES + 4 * CHUNK);
});

test('a declared Content-Length over the limit is refused with 413 before anything is read', async () => {
  const { stream, seen } = countedBody(40 * 1024 * 1024);
  const req = new Request('http://localhost/api/endpoints/x', { method: 'PATCH', body: stream, duplex: 'half', headers: { 'content-length': String(40 * 1024 * 1024) } } as RequestInit);
  expect(await failure(parseJsonBody(req, schema))).toEqual({ status: 413, code: 'too_large' });
  expect(seen.bytes).toBeLessThanOrEqual(CHUNK);
});

test('JSON up to the limit, with or without a byte order mark, is parsed; anything else is a 400', async () => {
  const note = 'x'.repeat(MAX_JSON_BYTES - 20);
  expect(await parseJsonBody(new Request('http://localhost/', { method: 'POST', body: JSON.stringify({ note }) }), schema)).toEqual({ note });
  expect(await parseJsonBody(new Request('http://localhost/', { method: 'POST', body: '\uFEFF{"note":"bom"}' }), schema)).toEqual({ note: 'bom' });
  expect(await failure(parseJsonBody(new Request('http://localhost/', { method: 'POST', body: '{"note":' }), schema))).toEqual({ status: 400, code: 'bad_request' });
  expect(await failure(parseJsonBody(new Request('http://localhost/', { method: 'POST' }), schema))).toEqual({ status: 400, code: 'bad_request' });
});
