import { readFileSync, readdirSync } from 'node:fs';
import { upgrade } from '@scalar/openapi-parser';
import { expect, test } from 'vitest';
import { loadSpecDocument } from './load-spec';
import { parseSpecText } from './parse-document';
import { findSchemaObjectProblems } from './schema-object-checks';

const load = (text: string, opts: { registered?: boolean } = {}) => {
  const parsed = parseSpecText(text);
  if (!parsed.ok) throw new Error(parsed.problems[0].message);
  return loadSpecDocument('shop', parsed.value, [], opts);
};

const shop = (openapi: string, schema: string, extra = '') => `openapi: ${openapi}
info: { title: Shop, version: '1' }
${extra}paths:
  /items/{id}:
    get:
      parameters: [{ name: id, in: path, required: true, schema: { type: [string, nul] } }]
      responses:
        '200':
          description: ok
          content: { application/json: { schema: ${schema} } }
components:
  schemas:
    Item: { type: object, required: id, properties: { price: { minimum: cheap } } }
`;

test('an OpenAPI 3.1 or 3.2 Schema Object that is no JSON Schema 2020-12 schema is refused with the pointer of each mistake', async () => {
  // Before: all three specs loaded; only the 3.0 document's schemas were checked (its schema lists the types).
  const expected = [
    { pointer: '/paths/~1items~1{id}/get/parameters/0/schema/type/1', message: 'must be one of array, boolean, integer, null, number, object, string, not "nul"' },
    { pointer: '/paths/~1items~1{id}/get/responses/200/content/application~1json/schema/items/type', message: 'must be one of array, boolean, integer, null, number, object, string, not "arr"' },
    { pointer: '/components/schemas/Item/required', message: 'must be array' },
    { pointer: '/components/schemas/Item/properties/price/minimum', message: 'must be number' },
  ];
  for (const version of ['3.1.0', '3.2.0']) {
    const loaded = await load(shop(version, '{ type: array, items: { type: arr } }'));
    expect(loaded.ok ? [] : [...loaded.problems].sort((a, b) => a.pointer.localeCompare(b.pointer))).toEqual([...expected].sort((a, b) => a.pointer.localeCompare(b.pointer)));
  }
});

test('a 3.1 spec stored before the check loads, its Schema Object mistakes said as warnings', async () => {
  const loaded = await load(shop('3.1.0', '{ type: arr }'), { registered: true });
  expect(loaded.ok && loaded.warnings.map((w) => w.pointer).sort()).toEqual([
    '/components/schemas/Item/properties/price/minimum',
    '/components/schemas/Item/required',
    '/paths/~1items~1{id}/get/parameters/0/schema/type/1',
    '/paths/~1items~1{id}/get/responses/200/content/application~1json/schema/type',
  ]);
});

test('what 2020-12 and OpenAPI allow in a Schema Object, example values, extensions and other dialects are not caught (near misses)', async () => {
  const valid = `openapi: 3.1.0
info: { title: Shop, version: '1' }
paths:
  /items:
    get:
      parameters: [{ name: q, in: query, schema: { type: [string, 'null'], const: x, examples: [x] } }]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { type: array, prefixItems: [{ type: string }], items: false, $defs: { a: true } }
              example: { schema: { type: arr } }
              examples: { one: { value: { schema: { type: arr } } } }
          x-sample: { schema: { type: arr } }
components:
  schemas:
    Pet:
      type: object
      discriminator: { propertyName: kind }
      xml: { name: pet }
      externalDocs: { url: 'https://example.com' }
      example: { type: bad }
      properties: { kind: { $ref: '#/components/schemas/Kind', description: a kind } }
    Kind: { enum: [cat, dog], deprecated: true }
    Legacy: { $schema: 'http://json-schema.org/draft-04/schema#', type: arr }
`;
  const loaded = await load(valid);
  expect(loaded.ok ? [] : loaded.problems).toEqual([]);
  const otherDialect = await findSchemaObjectProblems({ openapi: '3.1.0', jsonSchemaDialect: 'https://example.com/dialect', components: { schemas: { A: { type: 'arr' } } } });
  expect(otherDialect).toEqual([]);
});

test("every real spec's schemas, upgraded to OpenAPI 3.1, pass the check (no real schema caught)", async () => {
  const dir = '../shared/fixtures/specs';
  const results: Record<string, number> = {};
  for (const file of readdirSync(dir)) {
    const parsed = parseSpecText(readFileSync(`${dir}/${file}`, 'utf8'));
    if (!parsed.ok) throw new Error(`${file}: ${parsed.problems[0].message}`);
    const upgraded = upgrade(structuredClone(parsed.value)).specification as Record<string, unknown>;
    results[file] = (await findSchemaObjectProblems(upgraded)).length;
  }
  expect(Object.keys(results).length).toBeGreaterThanOrEqual(13);
  expect(Object.entries(results).filter(([, n]) => n > 0)).toEqual([]);
}, 120_000);

test("OpenAPI 3.0's boolean exclusiveMinimum in a 3.1 schema is named with what to write instead", async () => {
  // Before: `must be number`, nothing saying the 3.0 form is the mistake.
  const problems = await findSchemaObjectProblems({ openapi: '3.1.0', components: { schemas: { Age: { type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: 150, exclusiveMaximum: 150 } } } });
  expect(problems).toEqual([{ pointer: '/components/schemas/Age/exclusiveMinimum', message: 'must be a number in JSON Schema 2020-12, not true: write exclusiveMinimum: <bound> in place of minimum with exclusiveMinimum: true' }]);
});
