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
