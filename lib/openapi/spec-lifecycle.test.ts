import { expect, test } from 'vitest';
import { loadSpecDocument } from './load-spec';

test('x-status / x-lifecycle deprecated deprecates an operation, its path item, or the whole API from info', async () => {
  // Before: only retired values were read, and `x-status: deprecated` (written beside or instead of
  // `deprecated: true`) deprecated nothing: calls to it were no zombie calls.
  const ok = { '200': { description: 'ok' } };
  const paths = { '/op': { get: { 'x-status': 'Deprecated', responses: ok } }, '/item': { 'x-lifecycle': 'deprecated', get: { responses: ok } }, '/live': { get: { responses: ok } } };
  const r = await loadSpecDocument('d', { openapi: '3.0.3', info: { title: 'd', version: '1' }, paths });
  expect(r.ok && r.spec.operations.map((o) => [o.path, o.deprecated])).toEqual([['/item', true], ['/live', false], ['/op', true]]);
  const api = await loadSpecDocument('a', { openapi: '3.0.3', info: { title: 'a', version: '1', 'x-api-status': 'deprecated' }, paths });
  expect(api.ok && [api.spec.retired, api.spec.operations.map((o) => o.deprecated)]).toEqual([false, [true, true, true]]);
});
