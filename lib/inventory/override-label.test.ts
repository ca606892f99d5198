import { expect, test } from 'vitest';
import { overrideLabel } from './override-label';

test('an override for one method and host reads as its request line', () => {
  expect(overrideLabel({ method: 'POST', host: 'catalog.example.com', pattern: '/admin/reindex' })).toBe('POST catalog.example.com/admin/reindex');
});

test('`*` for the method or the host is said in words', () => {
  expect(overrideLabel({ method: '*', host: 'catalog.example.com', pattern: '/admin/**' })).toBe('catalog.example.com/admin/**, any method');
  expect(overrideLabel({ method: 'GET', host: '*', pattern: '/health' })).toBe('GET /health on any host');
  expect(overrideLabel({ method: '*', host: '*', pattern: '/health' })).toBe('/health on any host, any method');
});
