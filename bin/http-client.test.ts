import { expect, test } from 'vitest';
import { createHttpClient, describeHttpFailure } from './http-client';

const answering = (body: string, status: number, contentType: string) =>
  createHttpClient({ server: 'https://lantern.example.com', token: 'lt_x', fetch: async () => new Response(body === '' ? null : body, { status, headers: { 'content-type': contentType } }) });

/**
 * A --server that answers 200 with a page (a catch-all, a sign-in portal in front of Lantern): until 6 Dec the body,
 * no JSON, was handed on as the answer, and `check`, `inventory` and `spec push` ended on "Cannot read properties of
 * undefined (reading 'offenders')". It is now a failure that says the address is not Lantern's API.
 */
test("a 2xx whose body is no JSON is not Lantern's answer: a failure naming the address to check", async () => {
  const res = await answering('<!doctype html><title>Sign in</title>', 200, 'text/html').request('GET', '/api/inventory');
  if (res.ok) throw new Error('taken as an answer');
  expect(describeHttpFailure(res)).toBe("200 not_lantern: https://lantern.example.com answered with no JSON (text/html): not Lantern's API at this address (check --server)");
  const json = await answering('{"items":[]}', 200, 'application/json').request('GET', '/api/inventory');
  expect(json).toEqual({ ok: true, status: 200, body: { items: [] } });
  expect(await answering('', 204, 'text/plain').request('POST', '/api/x')).toEqual({ ok: true, status: 204, body: undefined });
});
