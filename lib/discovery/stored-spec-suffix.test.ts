import { expect, test } from 'vitest';
import { loadSpecDocument } from '../openapi/load-spec';
import { createMatcher } from '../openapi/matcher';
import { retemplateStoredPath, storedTemplateMayChange } from './stored-template';

const ok = { responses: { '200': { description: 'ok' } } };
const param = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });

async function context() {
  const paths = { '/docs/{name}.json': { parameters: [param('name')], get: ok }, '/docs/{name}.json/history': { parameters: [param('name')], get: ok } };
  const r = await loadSpecDocument('t', { openapi: '3.0.3', info: { title: 't', version: '1' }, servers: [{ url: 'https://api.test/api' }], paths });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const matcher = createMatcher([r.spec]);
  return { matcher, overrides: [], protectedLiterals: matcher.literalsFor('api.test') };
}

test("a stored parameter whose examples all fit the spec's suffixed one there takes its suffix and name", async () => {
  // Before: `/api/docs/{docId}` stayed, beside the `/api/docs/{name}.json` today's traffic makes.
  const ctx = await context();
  const examples = ['/api/docs/intro.json', '/api/docs/setup.json'];
  expect(storedTemplateMayChange('/api/docs/{docId}', examples)).toBe(true);
  expect(retemplateStoredPath('api.test', 'POST', '/api/docs/{docId}', ctx, examples)).toBe('/api/docs/{name}.json');
  expect(retemplateStoredPath('api.test', 'POST', '/api/docs/{docId}/history', ctx, examples.map((e) => `${e}/history`))).toBe('/api/docs/{name}.json/history');
});

test('a row whose examples do not all fit, or that has none, is left as stored', async () => {
  const ctx = await context();
  for (const examples of [['/api/docs/intro.json', '/api/docs/a1'], ['/api/docs/intro.xml', '/api/docs/setup.xml'], []]) {
    expect(retemplateStoredPath('api.test', 'POST', '/api/docs/{docId}', ctx, examples)).toBe('/api/docs/{docId}');
  }
  expect(storedTemplateMayChange('/api/docs/{docId}', ['/api/docs/a1'])).toBe(false);
});

test("a stored parameter whose examples all fit a segment the spec writes with several parameters takes the spec's spelling", async () => {
  // Before: a collector without Dark Sky's spec templated `/forecast/{forecastId}/{param}`, which matched no operation
  // (`{param}` has no `,`): a shadow beside the documented endpoint, its example paths keeping the key the spec names.
  const paths = { '/forecast/{key}/{latitude},{longitude}': { parameters: ['key', 'latitude', 'longitude'].map(param), get: ok } };
  const r = await loadSpecDocument('t', { openapi: '3.0.3', info: { title: 't', version: '1' }, servers: [{ url: 'https://api.darksky.test' }], paths });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const matcher = createMatcher([r.spec]);
  const ctx = { matcher, overrides: [], protectedLiterals: matcher.literalsFor('api.darksky.test') };
  const key = 'cafe0123456789abcdef0123456789ab';
  const examples = [`/forecast/${key}/37.8,-122.4`, `/forecast/${key}/40.7,-74.0`];
  expect(storedTemplateMayChange('/forecast/{forecastId}/{param}', examples)).toBe(true);
  expect(retemplateStoredPath('api.darksky.test', 'GET', '/forecast/{forecastId}/{param}', ctx, examples)).toBe('/forecast/{key}/{latitude},{longitude}');
  // One example that does not fit (a city's name there) keeps the row as stored, as for a suffix.
  expect(retemplateStoredPath('api.darksky.test', 'GET', '/forecast/{forecastId}/{param}', ctx, [...examples, `/forecast/${key}/oakland`])).toBe('/forecast/{forecastId}/{param}');
  // Identifiers, slugs and versions alone never make a row read the rules for this.
  expect(storedTemplateMayChange('/items/{itemId}', ['/items/a1-b2', '/items/v1.0', '/items/my_item'])).toBe(false);
});
