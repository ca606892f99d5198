import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { HttpError } from './errors';
import { readBodyLimited } from './read-body';

const request = (encoding: string | undefined, body: Uint8Array<ArrayBuffer> | Buffer) =>
  new Request('http://localhost/api/ingest', { method: 'POST', headers: encoding === undefined ? {} : { 'content-encoding': encoding }, body: new Uint8Array(body) });

test('gzip is read however the Content-Encoding spells it: x-gzip (RFC 9110 §8.4.1.3), any case, padded', async () => {
  // Before: `x-gzip` and ` gzip` were refused with 415, the batch set aside by a sender that spells it so.
  const body = gzipSync('{"a":1}');
  for (const encoding of ['gzip', 'GZIP', 'x-gzip', ' gzip ']) expect((await readBodyLimited(request(encoding, body), 1000)).toString()).toBe('{"a":1}');
  expect((await readBodyLimited(request(undefined, Buffer.from('{}')), 1000)).toString()).toBe('{}');
  await expect(readBodyLimited(request('br', body), 1000)).rejects.toEqual(new HttpError(415, 'unsupported_encoding', 'Content-Encoding br is not supported (use gzip or none)'));
});
