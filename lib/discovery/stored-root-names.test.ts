import { expect, test } from 'vitest';
import { loadSpecDocument } from '../openapi/load-spec';
import { createMatcher } from '../openapi/matcher';
import type { NormalisedSpec } from '../openapi/spec-model';
import type { PathOverride } from './overrides';
import { retemplateStoredPath, storedTemplateMayChange } from './stored-template';

/** Docker Engine's shape: Swagger 2.0, a base path, no host (any host may serve it). */
const HOSTLESS_BASE = { swagger: '2.0', info: { title: 'engine', version: '1.41' }, basePath: '/v1.41', paths: { '/containers/json': { get: { responses: { 200: { description: 'ok' } } } } } };
/** A spec with no servers and two top-level paths: any host may serve it. */
const HOSTLESS_FEW = { openapi: '3.0.3', info: { title: 'pets', version: '1' }, paths: { '/pets': { get: { responses: { 200: { description: 'ok' } } } }, '/users/{userId}': { get: { responses: { 200: { description: 'ok' } } } } } };
/** A spec that puts a parameter at the root of its host. */
const ROOT_PARAM = { openapi: '3.0.3', info: { title: 'pages', version: '1' }, servers: [{ url: 'https://mitmproxy.org' }], paths: { '/{page}': { get: { responses: { 200: { description: 'ok' } } } } } };

async function spec(doc: object): Promise<NormalisedSpec> {
  const loaded = await loadSpecDocument('spec.json', doc as Record<string, unknown>);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.spec;
}

function retemplated(template: string, examples: string[], specs: NormalisedSpec[] = [], overrides: PathOverride[] = []): string {
  const matcher = createMatcher(specs);
  return retemplateStoredPath('mitmproxy.org', 'GET', template, { matcher, overrides, protectedLiterals: matcher.literalsFor('mitmproxy.org') }, examples);
}

// What the mitmproxy HARs were stored as beside Docker's spec until 7 Dec (ab30847), examples as ingest kept them.
const ROOT_FILES = ['/clipboard.min.js', '/favicon.ico', '/github-btn.html', '/logo-navbar.png', '/mitmweb.png'];
const ROOT_DIRS = ['/data/github-stats.json', '/sponsors/netograph.svg', '/sponsors/proxyman.png', '/webfonts/fa-brands-400.woff2', '/webfonts/fa-solid-900.woff2'];

test("names at the root merged by a spec's base path go to the row's first example, as today's engine templates it", async () => {
  const docker = [await spec(HOSTLESS_BASE)];
  expect(storedTemplateMayChange('/{param}', ROOT_FILES)).toBe(true);
  expect(retemplated('/{param}', ROOT_FILES, docker)).toBe('/clipboard.min.js');
  expect(retemplated('/{param}/{param2}', ROOT_DIRS, docker)).toBe('/data/github-stats.json');
  expect(retemplated('/{param}', ROOT_FILES)).toBe('/clipboard.min.js');
  // So did a spec any host may serve with a few top-level paths, until the same day.
  expect(retemplated('/{param}', ROOT_FILES, [await spec(HOSTLESS_FEW)])).toBe('/clipboard.min.js');
  // A value below the root is judged as today's engine judges one request: an ID stays a parameter.
  expect(retemplated('/{param}/{param2}', ['/orders/42', '/users/7'])).toBe('/orders/{orderId}');
  // A redacted example keeps the stored parameter there.
  expect(retemplated('/{param}/{param2}', ['/reset/{redacted}', '/verify/{redacted}'])).toBe('/reset/{param2}');
});

test('a root parameter today’s templating still makes stays', async () => {
  // Integers or UUIDs at the root are `{param}` today too: any such example keeps the row.
  expect(storedTemplateMayChange('/{param}', ['/12345', '/favicon.ico'])).toBe(false);
  expect(retemplated('/{param}', ['/12345', '/favicon.ico'])).toBe('/{param}');
  // A spec that puts a parameter at the host's root, or a merge override there: the row is theirs.
  expect(retemplated('/{param}', ROOT_FILES, [await spec(ROOT_PARAM)])).toBe('/{param}');
  expect(retemplated('/{param}', ROOT_FILES, [], [{ host: 'mitmproxy.org', pattern: '/{file}', action: 'merge' }])).toBe('/{param}');
  // A name an operator's route gave, or a template of another length than its examples, is not the engine's.
  expect(retemplated('/{page}', ROOT_FILES)).toBe('/{page}');
  expect(retemplated('/{param}', ['/a/b'])).toBe('/{param}');
  expect(storedTemplateMayChange('/{param}', [])).toBe(false);
});
