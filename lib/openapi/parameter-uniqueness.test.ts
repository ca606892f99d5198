import { expect, test } from 'vitest';
import { loadSpecDocument } from './load-spec';
import { parseSpecText } from './parse-document';

const load = (text: string, opts: { registered?: boolean } = {}) => {
  const parsed = parseSpecText(text);
  if (!parsed.ok) throw new Error(parsed.problems[0].message);
  return loadSpecDocument('shop', parsed.value, [], opts);
};
const problemsOf = async (text: string) => {
  const loaded = await load(text);
  return loaded.ok ? [] : loaded.problems;
};

const openapi = (parameters: string, shared = '[]') => `openapi: 3.0.3
info: { title: Shop, version: '1' }
paths:
  /items/{id}:
    parameters: ${shared}
    get:
      parameters: ${parameters}
      responses: { '200': { description: ok } }
components:
  parameters:
    Limit: { name: limit, in: query, schema: { type: integer } }
`;
const id = '{ name: id, in: path, required: true, schema: { type: string } }';

test('a parameter declared twice with the same name and location is refused at the second, naming the first', async () => {
  // Before: each spec loaded, one declaration silently taking the other's place.
  expect(await problemsOf(openapi(`[${id}, { name: limit, in: query, schema: { type: string } }, { $ref: '#/components/parameters/Limit' }]`))).toEqual([
    { pointer: '/paths/~1items~1{id}/get/parameters/2', message: "duplicate query parameter 'limit' (first at /paths/~1items~1{id}/get/parameters/1)" },
  ]);
  expect(await problemsOf(openapi('[]', `[${id}, { name: X-Tenant, in: header, schema: { type: string } }, { name: x-tenant, in: header, schema: { type: string } }]`))).toEqual([
    { pointer: '/paths/~1items~1{id}/parameters/2', message: "duplicate header parameter 'x-tenant' (first at /paths/~1items~1{id}/parameters/1)" },
  ]);
});

test('one name in two locations, and an operation overriding its path item, are not duplicates (near misses)', async () => {
  expect(await problemsOf(openapi(`[{ name: id, in: query, schema: { type: string } }, { name: Limit, in: query, schema: { type: string } }, { $ref: '#/components/parameters/Limit' }]`, `[${id}]`))).toEqual([]);
  expect(await problemsOf(openapi(`[${id}, { name: limit, in: query, schema: { type: string } }]`, `[${id}, { $ref: '#/components/parameters/Limit' }]`))).toEqual([]);
});

const swagger = (parameters: string, shared = '[]') => `swagger: '2.0'
info: { title: Shop, version: '1' }
paths:
  /items:
    parameters: ${shared}
    post:
      consumes: [application/x-www-form-urlencoded, application/json]
      parameters: ${parameters}
      responses: { '200': { description: ok } }
`;

test('a Swagger 2.0 operation with two body parameters, or a body beside formData, is refused', async () => {
  expect(await problemsOf(swagger('[{ name: a, in: body, schema: { type: object } }, { name: b, in: body, schema: { type: object } }]'))).toEqual([
    { pointer: '/paths/~1items/post/parameters/1', message: "a second body parameter 'b' (first at /paths/~1items/post/parameters/0): an operation has one body at most" },
  ]);
  expect(await problemsOf(swagger('[{ name: f, in: formData, type: string }]', '[{ name: a, in: body, schema: { type: object } }]'))).toEqual([
    { pointer: '/paths/~1items/parameters/0', message: "body parameter 'a' beside formData parameter 'f' (/paths/~1items/post/parameters/0): the body is one or the other" },
  ]);
  // Near misses: the operation's body replaces its path item's; formData fields alone are many.
  expect(await problemsOf(swagger('[{ name: a, in: body, schema: { type: string } }]', '[{ name: a, in: body, schema: { type: object } }]'))).toEqual([]);
  expect(await problemsOf(swagger('[{ name: f, in: formData, type: string }, { name: g, in: formData, type: string }]'))).toEqual([]);
});

test('a spec stored before the check loads, its duplicate said as a warning', async () => {
  const loaded = await load(openapi(`[${id}, { name: q, in: query, schema: { type: string } }, { name: q, in: query, schema: { type: integer } }]`), { registered: true });
  expect(loaded.ok && loaded.warnings).toEqual([{ pointer: '/paths/~1items~1{id}/get/parameters/2', message: "duplicate query parameter 'q' (first at /paths/~1items~1{id}/get/parameters/1)" }]);
});
