import { expect, test } from 'vitest';
import { loadSpecDocument } from '../openapi/load-spec';
import { createMatcher, matchOperation } from '../openapi/matcher';
import { exportServer } from './export-server';
import { reconstructOpenApi, type ObservedEndpoint } from './shadow-openapi';

const seen = (pathTemplate: string, transports?: Record<string, number>): ObservedEndpoint => ({ method: 'GET', pathTemplate, statusCounts: { '200': 2 }, authCounts: { none: 2 }, transports, requestCount: 2, firstSeen: '2026-12-05T08:00:00.000Z', lastSeen: '2026-12-05T09:00:00.000Z' });

test('a host-less export names no server: it loads as a relative spec the matcher applies to any host', async () => {
  const doc = reconstructOpenApi('unknown-host', [seen('/orders/{id}', { 'http/1.1': 2 })]);
  expect(doc.servers).toEqual([{ url: '/', description: 'The requests carried no host; add the server that serves these paths.' }]);
  const loaded = await loadSpecDocument('observed', doc);
  expect(loaded.ok ? [] : loaded.problems).toEqual([]);
  if (!loaded.ok) return;
  expect(loaded.spec.servers).toEqual([{ basePath: '' }]);
  const matcher = createMatcher([loaded.spec]);
  expect(matchOperation(matcher, undefined, 'GET', '/orders/7').kind).toBe('operation');
  expect(matchOperation(matcher, 'shop.example.com', 'GET', '/orders/7').kind).toBe('operation');
});

test('the server is plain http only where the transports rule TLS out, else https', () => {
  const url = (host: string, ...transports: Array<Record<string, number> | undefined>) => exportServer(host, transports).url;
  expect(url('legacy.internal:8080', { 'http/1.1': 5 })).toBe('http://legacy.internal:8080');
  expect(url('legacy.internal:80', { 'http/1.0': 1 })).toBe('http://legacy.internal:80');
  expect(url('grpc.internal:50051', { h2c: 3 })).toBe('http://grpc.internal:50051');
  expect(url('[fd00::1]:8080', { 'http/1.1': 1 }, {})).toBe('http://[fd00::1]:8080');
  // An nginx log says HTTP/1.1 for HTTPS requests too: without a plain-HTTP port it proves nothing.
  expect(url('api.example.com', { 'http/1.1': 5 })).toBe('https://api.example.com');
  expect(url('api.example.com:8443', { 'http/1.1': 5 })).toBe('https://api.example.com:8443');
  // One TLS request on any endpoint of the host means TLS is served there.
  expect(url('legacy.internal:8080', { 'http/1.1': 5 }, { tls: 1 })).toBe('https://legacy.internal:8080');
  expect(url('legacy.internal:8080', { h2c: 1, h2: 1 })).toBe('https://legacy.internal:8080');
  // No transport evidence (older data): keep https.
  expect(url('legacy.internal:8080', undefined, {})).toBe('https://legacy.internal:8080');
  expect(url('legacy.internal:8080', { 'http/1.1': 0 })).toBe('https://legacy.internal:8080');
});

test('the export\'s server scheme comes from the endpoints\' transports', () => {
  expect(reconstructOpenApi('legacy.internal:8080', [seen('/a', { 'http/1.1': 2 }), seen('/b')]).servers).toEqual([{ url: 'http://legacy.internal:8080' }]);
  expect(reconstructOpenApi('api.example.com', [seen('/a', { h2: 2 })]).servers).toEqual([{ url: 'https://api.example.com' }]);
});
