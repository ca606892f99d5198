import { describe, expect, test } from 'vitest';
import type { Exchange } from '../exchange';
import { loadSpecDocument } from '../openapi/load-spec';
import type { NormalisedSpec } from '../openapi/spec-model';
import { createDiscoveryEngine } from './discovery-engine';

const ok = { responses: { '200': { description: 'ok' } } };
const param = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });

function ex(method: string, path: string): Exchange {
  return { ts: '2026-01-01T00:00:00Z', host: 'api.test', method, path, status: 200 };
}

function shadows(exchanges: Exchange[], specs: NormalisedSpec[]): string[] {
  const engine = createDiscoveryEngine({ specs, overrides: [] });
  for (const e of exchanges) engine.addExchange(e);
  return engine
    .result(new Date('2026-01-10T00:00:00Z'))
    .endpoints.filter((e) => e.state === 'shadow')
    .map((e) => `${e.method} ${e.path} ${e.requests}`);
}

async function spec(paths: Record<string, unknown>): Promise<NormalisedSpec> {
  const r = await loadSpecDocument('t', { openapi: '3.0.3', info: { title: 't', version: '1' }, servers: [{ url: 'https://api.test' }], paths });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.spec;
}

describe("templating at a spec's suffix-bearing segment", () => {
  test('two values fitting `/docs/{name}.json` take its suffix and name', async () => {
    // Before: `POST /docs/{docId} 2`, the spec's `.json` dropped and its name invented (a suffix was shared only from three values).
    const s = await spec({ '/docs/{name}.json': { parameters: [param('name')], get: ok } });
    expect(shadows([ex('POST', '/docs/intro.json'), ex('POST', '/docs/setup.json')], [s])).toEqual(['POST /docs/{name}.json 2']);
    expect(shadows([ex('POST', '/docs/intro.json/raw'), ex('POST', '/docs/setup.json/raw')], [s])).toEqual(['POST /docs/{name}.json/raw 2']);
  });

  test('beside a plain parameter, each suffix keeps its own name', async () => {
    // Before: `POST /docs/{docId}.json 4`, the plain parameter's name on the suffixed segment.
    const s = await spec({ '/docs/{docId}': { parameters: [param('docId')], get: ok }, '/docs/{name}.json': { parameters: [param('name')], get: ok } });
    const traffic = ['intro.json', 'setup.json', 'faq.json', 'api.json', 'a1', 'b2'].map((d) => ex('POST', `/docs/${d}`));
    expect(shadows(traffic, [s])).toEqual(['POST /docs/{docId} 2', 'POST /docs/{name}.json 4']);
  });

  test('suffixes match as paths do, case-sensitively; the longest the spec has wins', async () => {
    const s = await spec({ '/assets/{file}.js': { parameters: [param('file')], get: ok }, '/assets/{bundle}.min.js': { parameters: [param('bundle')], get: ok } });
    expect(shadows(['app.min.js', 'vendor.min.js'].map((d) => ex('PUT', `/assets/${d}`)), [s])).toEqual(['PUT /assets/{bundle}.min.js 2']);
    expect(shadows(['APP.JS', 'VENDOR.JS'].map((d) => ex('PUT', `/assets/${d}`)), [s])).toEqual(['PUT /assets/{assetId} 2']);
  });
});
