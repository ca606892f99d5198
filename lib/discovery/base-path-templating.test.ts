import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { SHARED_FIXTURES } from '../../test/require';
import type { Exchange } from '../exchange';
import { loadSpecDocument } from '../openapi/load-spec';
import { parseSpecText } from '../openapi/parse-document';
import type { NormalisedSpec } from '../openapi/spec-model';
import { createDiscoveryEngine } from './discovery-engine';

const NOW = new Date('2026-01-10T00:00:00Z');

async function fixtureSpec(file: string, doc?: (d: Record<string, unknown>) => Record<string, unknown>): Promise<NormalisedSpec> {
  const parsed = parseSpecText(readFileSync(join(SHARED_FIXTURES, 'specs', file), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.problems[0].message);
  const loaded = await loadSpecDocument(file, doc ? doc(parsed.value) : parsed.value);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.spec;
}

/** Every request of the mitmproxy HARs (a browser loading mitmproxy.org's pages and assets). */
function mitmproxyHarExchanges(): Exchange[] {
  const dir = join(SHARED_FIXTURES, 'har');
  return readdirSync(dir)
    .filter((f) => f.startsWith('mitmproxy__'))
    .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { log: { entries: Array<{ request: { method: string; url: string } }> } }).log.entries)
    .map(({ request }) => {
      const url = new URL(request.url);
      return { ts: '2026-01-01T00:00:00Z', host: url.host, method: request.method, path: url.pathname, status: 200 };
    });
}

function mitmproxyShadows(specs: NormalisedSpec[]): string[] {
  const engine = createDiscoveryEngine({ specs });
  for (const e of mitmproxyHarExchanges()) engine.addExchange(e);
  return engine
    .result(NOW)
    .endpoints.filter((e) => e.host === 'mitmproxy.org')
    .map((e) => `${e.state} ${e.method} ${e.path} ${e.requests}`);
}

const MITMPROXY_SITE = [
  'shadow GET / 4',
  'shadow GET /clipboard.min.js 2',
  'shadow GET /data/github-stats.json 2',
  'shadow GET /favicon.ico 1',
  'shadow GET /github-btn.html 6',
  'shadow GET /logo-navbar.png 2',
  'shadow GET /mitmweb.png 2',
  'shadow GET /polyfills.js 2',
  'shadow GET /screenshot.png 2',
  'shadow GET /snapshots.js 2',
  'shadow GET /sponsors/netograph.svg 2',
  'shadow GET /sponsors/proxyman.png 2',
  'shadow GET /style.min.css 1',
  'shadow GET /webfonts/{webfontId} 3',
];

test('without a spec, the first segments of a site stay its files and directories', () => {
  expect(mitmproxyShadows([])).toEqual(MITMPROXY_SITE);
});

test("a spec's base path says nothing about the other names beside it: Docker's host-less /v1.41 leaves every site's root alone", async () => {
  // Before: Docker Engine's spec (basePath /v1.41, no host: any host may serve it) made the root of every host a
  // position the spec "knows" with one literal, so five names there were values: `/{param} 20`, `/{param}/{param2} 9`.
  expect(mitmproxyShadows([await fixtureSpec('docker__engine_api_v1.41.yaml')])).toEqual(MITMPROXY_SITE);
});

test("on the spec's own host too, names beside its base path are no values of it", async () => {
  const onSite = (d: Record<string, unknown>) => ({ ...d, host: 'mitmproxy.org' });
  expect(mitmproxyShadows([await fixtureSpec('docker__engine_api_v1.41.yaml', onSite)])).toEqual(MITMPROXY_SITE);
});

test("a host-less spec's few top-level paths say nothing about the names beside them at every host's root", async () => {
  // Before: a spec with no servers and two top-level paths made every host's root a position it knew with two
  // literals, so five of a site's files there were values (`/{param}`), and its siblings' parameters made two names
  // below any new root name one (`/webfonts/{webfontId}` from two fonts).
  const petstore = await loadSpecDocument('pets.json', {
    openapi: '3.0.3',
    info: { title: 'pets', version: '1' },
    paths: Object.fromEntries(['/pets', '/pets/{petId}', '/users/{userId}'].map((p) => [p, { get: { responses: { 200: { description: 'ok' } } } }])),
  });
  if (!petstore.ok) throw new Error(JSON.stringify(petstore.problems));
  expect(mitmproxyShadows([petstore.spec])).toEqual(MITMPROXY_SITE);
});
