import { expect, test } from 'vitest';
import { loadSpecDocument } from '../openapi/load-spec';
import { createDiscoveryEngine } from './discovery-engine';

const ok = { '200': { description: 'ok' } };
const param = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });

async function discover(paths: Record<string, unknown>, calls: Array<[string, string]>): Promise<string[]> {
  const r = await loadSpecDocument('files.yaml', { openapi: '3.0.3', info: { title: 'Files', version: '1' }, servers: [{ url: 'https://api.test' }], paths });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const e = createDiscoveryEngine({ specs: [r.spec], hideNotFound: true });
  for (const [method, path] of calls) e.addExchange({ ts: '2026-01-02T03:04:05Z', host: 'api.test', method, path, status: 200 });
  return e.result(new Date('2026-01-10T00:00:00Z')).endpoints.map((x) => `${x.state} ${x.method} ${x.path} ${x.requests}`);
}

test('an undocumented method on a segment the spec writes with several parameters is one shadow, spelt as the spec', async () => {
  // Before: spec-guide skipped `{name}.{ext}`, so DELETE on each file was its own shadow endpoint
  // (`/v1/files/photo.png`, `/v1/files/report.txt`), however many files were deleted.
  const paths = { '/v1/files/{name}.{ext}': { parameters: [param('name'), param('ext')], get: { responses: ok } }, '/v1/files/{id}': { parameters: [param('id')], put: { responses: ok } } };
  const calls: Array<[string, string]> = [['GET', '/v1/files/a.txt'], ['DELETE', '/v1/files/report.txt'], ['DELETE', '/v1/files/photo.png'], ['DELETE', '/v1/files/20240101.csv'], ['DELETE', '/v1/files/readme']];
  expect(await discover(paths, calls)).toEqual([
    'shadow DELETE /v1/files/readme 1',
    'shadow DELETE /v1/files/{name}.{ext} 3',
    'documented GET /v1/files/{name}.{ext} 1',
  ]);
  // One file alone is no evidence of a parameter (a new static path), as beside a plain `{id}`.
  expect(await discover(paths, [['DELETE', '/v1/files/report.txt']])).toEqual(['shadow DELETE /v1/files/report.txt 1']);
});
