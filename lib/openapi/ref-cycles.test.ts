import { expect, test } from 'vitest';
import { loadSpecDocument } from './load-spec';

test('an uploaded document naming another file is refused at that $ref, not at the root', async () => {
  // Before: `{ pointer: '', message: "Can't resolve external reference: ./schemas/pet.yaml" }`, from the dereferencer.
  const r = await loadSpecDocument('u', {
    openapi: '3.0.3',
    info: { title: 'x', version: '1' },
    paths: { '/pets': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: './schemas/pet.yaml#/Pet' } } } } } } } },
  });
  expect(r.ok || r.problems).toEqual([
    {
      pointer: '/paths/~1pets/get/responses/200/content/application~1json/schema',
      message: '$ref to another file cannot be resolved in one uploaded document: ./schemas/pet.yaml#/Pet (bundle the spec into one file; `lantern spec push` bundles the files a spec names)',
    },
  ]);
});
