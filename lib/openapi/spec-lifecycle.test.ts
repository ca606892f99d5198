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

test('x-deprecated: true and OpenSearch x-version-deprecated deprecate an operation, its path item or the whole API', async () => {
  // Before: neither marker was read, and calls to such operations (older Swagger 2.0 specs, OpenSearch's spec) were
  // no zombie calls. `x-deprecated: false`, a message or `x-version-removed` deprecate nothing.
  const ok = { '200': { description: 'ok' } };
  const paths = {
    '/flag': { get: { 'x-deprecated': true, responses: ok } },
    '/quoted': { get: { 'x-deprecated': 'true', responses: ok } },
    '/since': { get: { 'x-version-deprecated': '7.0.0', 'x-deprecation-message': 'use the body', responses: ok } },
    '/item': { 'x-deprecated': true, get: { responses: ok } },
    '/not': { get: { 'x-deprecated': false, responses: ok } },
    '/removed': { get: { 'x-version-removed': '3.0', responses: ok } },
  };
  const r = await loadSpecDocument('d', { swagger: '2.0', info: { title: 'd', version: '1' }, paths });
  expect(r.ok && r.spec.operations.map((o) => [o.path, o.deprecated])).toEqual([['/flag', true], ['/item', true], ['/not', false], ['/quoted', true], ['/removed', false], ['/since', true]]);
  const api = await loadSpecDocument('a', { openapi: '3.0.3', info: { title: 'a', version: '1', 'x-deprecated': true }, paths: { '/live': { get: { responses: ok } } } });
  expect(api.ok && [api.spec.deprecated, api.spec.operations.map((o) => o.deprecated)]).toEqual([true, [true]]);
});
