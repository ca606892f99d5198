import { expect, test } from 'vitest';
import { pathUnderServer } from './adopt-path';

test("a path under the API's base path is spelt relative to it, the longest base that begins it", () => {
  expect(pathUnderServer('/v2/internal/reconcile', 'api.payments.example.com', ['https://api.payments.example.com/v2'])).toBe('/internal/reconcile');
  expect(pathUnderServer('/api/v2/x/{id}', 'h.test', ['https://h.test/api', 'https://h.test/api/v2'])).toBe('/x/{id}');
  // A relative server serves every host; a server on another host does not count, a port-less one does on any port.
  expect(pathUnderServer('/v1/a', 'h.test', ['/v1'])).toBe('/a');
  expect(pathUnderServer('/v1/a', 'h.test', ['https://other.test/v1'])).toBe('/v1/a');
  expect(pathUnderServer('/v1/a', 'h.test:8443', ['https://h.test/v1'])).toBe('/a');
});

test('a base path that does not begin the path at a segment leaves it as it is; the base path itself is the root', () => {
  expect(pathUnderServer('/v20/a', 'h.test', ['https://h.test/v2'])).toBe('/v20/a');
  expect(pathUnderServer('/v2', 'h.test', ['https://h.test/v2'])).toBe('/');
  expect(pathUnderServer('/a', 'h.test', ['https://h.test', '/'])).toBe('/a');
});
