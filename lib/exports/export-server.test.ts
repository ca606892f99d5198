import { expect, test } from 'vitest';
import { loadSpecDocument } from '../openapi/load-spec';
import { createMatcher, matchOperation } from '../openapi/matcher';
import { exportServers } from './export-server';
import { observedScheme } from '../discovery/observed-scheme';
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

test('rows stored without schemes: the server is plain http only where the transports rule TLS out, else https', () => {
  const url = (host: string, ...transports: Array<Record<string, number> | undefined>) => {
    const servers = exportServers(host, transports.map((t) => ({ transports: t })));
    expect(servers).toHaveLength(1);
    return servers[0].url;
  };
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

test('recorded schemes decide the servers, https first when both were seen, whatever the transports say', () => {
  const urls = (host: string, ...endpoints: Array<{ transports?: Record<string, number>; schemes?: Record<string, number> }>) => exportServers(host, endpoints).map((s) => s.url);
  expect(urls('bro.org', { transports: { 'http/1.1': 3 }, schemes: { http: 3 } })).toEqual(['http://bro.org']);
  expect(urls('api.example.com', { schemes: { http: 1 } }, { schemes: { https: 4 } })).toEqual(['https://api.example.com', 'http://api.example.com']);
  expect(urls('legacy.internal:8080', { schemes: { http: 2 } })).toEqual(['http://legacy.internal:8080']);
  // An old row beside a new one: the proven scheme wins over the old rows' guess.
  expect(urls('legacy.internal:8080', { transports: { 'http/1.1': 5 } }, { schemes: { https: 1 } })).toEqual(['https://legacy.internal:8080']);
  expect(urls('api.example.com', { schemes: { http: 0 } })).toEqual(['https://api.example.com']);
});

test('a record proves its scheme by what it states, its transport, a capture\'s cleartext, or a logged server port', () => {
  const ts = '2026-12-06T08:00:00.000Z';
  expect(observedScheme({ ts, scheme: 'http', transport: 'h2' })).toBe('http');
  expect(observedScheme({ ts, transport: 'tls' })).toBe('https');
  expect(observedScheme({ ts, transport: 'h2' })).toBe('https');
  expect(observedScheme({ ts, transport: 'h2c' })).toBe('http');
  // Read off the wire as cleartext: plain HTTP on any port.
  expect(observedScheme({ ts, transport: 'http/1.1', dst: '10.0.0.5:5000', source: { file: 'a.pcap', packet: 4 } })).toBe('http');
  // An nginx line's HTTP/1.1 proves nothing, unless the log names the server port.
  expect(observedScheme({ ts, transport: 'http/1.1', source: { file: 'access.log', line: 3 } })).toBeUndefined();
  expect(observedScheme({ ts, transport: 'http/1.1', dst: '10.0.0.5:80', source: { file: 'access.log', line: 3 } })).toBe('http');
  expect(observedScheme({ ts, transport: 'http/1.1', dst: '[2001:db8::5]:443' })).toBe('https');
  expect(observedScheme({ ts, transport: 'http/1.1', dst: '10.0.0.5:8443' })).toBeUndefined();
  // A bare IPv6 address ends in hex digits after a colon, and is no port.
  expect(observedScheme({ ts, dst: '2001:db8::80' })).toBeUndefined();
});
