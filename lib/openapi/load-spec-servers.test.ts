import { expect, test } from 'vitest';
import { loadSpecDocument } from './load-spec';

test('server variables with more combinations than are matched come back as a warning per servers list', async () => {
  const ten = { default: 'x0', enum: Array.from({ length: 10 }, (_, i) => `x${i}`) };
  const big = [{ url: 'https://{a}.{b}.test/{c}', variables: { a: ten, b: ten, c: ten } }];
  const ok = { responses: { '200': { description: 'ok' } } };
  const r = await loadSpecDocument('big', { openapi: '3.0.3', info: { title: 'big', version: '1' }, servers: big, paths: { '/p': { servers: big, get: ok, post: ok }, '/q': { get: { ...ok, servers: big } } } });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const message = 'server variables combine to 1000 URLs; only the first 256 are matched, traffic to the others shows as shadow';
  expect(r.warnings).toEqual([
    { pointer: '/servers/0/variables', message },
    { pointer: '/paths/~1p/servers/0/variables', message },
    { pointer: '/paths/~1q/get/servers/0/variables', message },
  ]);
  expect(r.spec.servers).toHaveLength(256);
});
