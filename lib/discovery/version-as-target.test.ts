import { join } from 'node:path';
import { expect, test } from 'vitest';
import { extractExchanges } from '../../collectors/extract';
import { SHARED_FIXTURES } from '../../test/require';
import { loadSpecDocument } from '../openapi/load-spec';
import { createDiscoveryEngine } from './discovery-engine';

const NOW = new Date('2026-12-07T00:00:00Z');

test("zeek's mangled request lines (`GET /HTTP/1.1`, answered 400, 403, 411) are counted as skipped, no shadow endpoint", async () => {
  // Before: eight shadows `/HTTP/{version}` (one per method) beside the real ones on `/`.
  const e = createDiscoveryEngine({ specs: [], hideNotFound: false });
  await extractExchanges([join(SHARED_FIXTURES, 'pcap/zeek__http-methods.pcap')], { fingerprintKey: 'k' }, e.addExchange);
  const result = e.result(NOW);
  expect(result.endpoints.map((x) => `${x.method} ${x.path}`)).toEqual(
    ['CCM_POST /', 'CONNECT /', 'DELETE /', 'GET /', 'HEAD /', 'POST /', 'PUT /', 'TRACE /'],
  );
  // `OPTIONS *`, a bare `OPTIONS` with no target, and the eight versions read as targets.
  expect(result.stats.skipped).toBe(10);
});

test('a log\'s `OPTIONS HTTP/1.1` and other versions in the target are skipped; a spec documenting such a path keeps it', async () => {
  const e = createDiscoveryEngine({ specs: [], defaultHost: 'shop.test' });
  const paths = ['HTTP/1.1', '/HTTP/1.0', '/HTTP/2', '/HTTP/3.0', '/HTTP/1.1/x', '/http/2', '/HTTP/v2'];
  for (const path of paths) e.addExchange({ ts: '2026-12-07T08:00:00Z', method: 'OPTIONS', path, status: 400 });
  // Only a whole version is one: a path going on after it, another case or a `v` are paths (however templated).
  const result = e.result(NOW);
  expect(result.endpoints.flatMap((x) => x.evidence.examplePaths ?? []).sort()).toEqual(['/HTTP/1.1/x', '/HTTP/v2', '/http/2']);
  expect(result.stats.skipped).toBe(4);

  const r = await loadSpecDocument('proto.yaml', {
    openapi: '3.0.3',
    info: { title: 'proto', version: '1' },
    servers: [{ url: 'https://shop.test' }],
    paths: { '/HTTP/{version}': { get: { parameters: [{ name: 'version', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'ok' } } } } },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const documented = createDiscoveryEngine({ specs: [r.spec] });
  documented.addExchange({ ts: '2026-12-07T08:00:00Z', host: 'shop.test', method: 'GET', path: '/HTTP/1.1', status: 200 });
  expect(documented.result(NOW).endpoints.map((x) => `${x.state} ${x.path}`)).toEqual(['documented /HTTP/{version}']);
});
