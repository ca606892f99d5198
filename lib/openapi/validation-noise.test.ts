import { describe, expect, test } from 'vitest';
import { loadSpec } from './load-spec';

const load = (text: string) => loadSpec('bad', '/bad.yaml', () => text);

describe('schema problems name the mistake, not the alternatives the validator tried around it', () => {
  test("a response without a description and a path parameter without required: no oneOf, no missing '$ref'", async () => {
    const r = await load(`openapi: 3.0.3
info: {title: Bad, version: '1'}
paths:
  /orders/{id}:
    get:
      parameters:
        - {name: id, in: path, schema: {type: string}}
      responses:
        '200': {content: {application/json: {schema: {type: object}}}}
`);
    expect(r).toEqual({
      ok: false,
      problems: [
        { pointer: '/paths/~1orders~1{id}/get/parameters/0', message: "path parameter 'id' must have required: true" },
        { pointer: '/paths/~1orders~1{id}/get/responses/200', message: "must have required property 'description'" },
      ],
    });
  });

  test('a oneOf problem beside a more specific one at the same place goes too', async () => {
    const r = await load("openapi: 3.0.3\ninfo: {title: Bad, version: '1'}\npaths:\n  /orders:\n    get:\n      responses:\n        '200': 7\n");
    expect(r).toEqual({ ok: false, problems: [{ pointer: '/paths/~1orders/get/responses/200', message: 'type must be object' }] });
  });

  test('a path parameter without required: true is that one problem, where it is, in Swagger 2.0, OpenAPI 3.0 and 3.1', async () => {
    // Before: `…/parameters/0/in: must be equal to one of the allowed values` beside it (the `in: path` was right);
    // Swagger 2.0 added five more (`Property get is not expected to be here`…), 3.1 `if must match "else" schema`.
    const param = (extra: string) => `{name: id, in: path${extra}}`;
    const swagger = (p: string) => `swagger: '2.0'\ninfo: {title: Bad, version: '1'}\npaths:\n  /orders/{id}:\n    get:\n      parameters: [${p}]\n      responses: {'200': {description: ok}}\n`;
    const openapi = (v: string, p: string) => `openapi: ${v}\ninfo: {title: Bad, version: '1'}\npaths:\n  /orders/{id}:\n    parameters: [${p}]\n    get:\n      responses: {'200': {description: ok}}\n`;
    expect(await load(swagger(param(', type: string')))).toEqual({ ok: false, problems: [{ pointer: '/paths/~1orders~1{id}/get/parameters/0', message: "path parameter 'id' must have required: true" }] });
    expect(await load(openapi('3.1.0', param(', schema: {type: string}')))).toEqual({ ok: false, problems: [{ pointer: '/paths/~1orders~1{id}/parameters/0', message: "path parameter 'id' must have required: true" }] });
    expect(await load(openapi('3.0.3', param(', required: false, schema: {type: string}')))).toEqual({
      ok: false,
      problems: [{ pointer: '/paths/~1orders~1{id}/parameters/0/required', message: "path parameter 'id' must be required: true, not false" }],
    });
    // A reusable one is named where it is written; another problem beside it is still reported.
    const reusable = `openapi: 3.0.3\ninfo: {title: Bad, version: '1'}\npaths:\n  /orders/{id}:\n    get:\n      parameters: [{$ref: '#/components/parameters/Id'}, {name: q, in: qery, schema: {type: string}}]\n      responses: {'200': {description: ok}}\ncomponents:\n  parameters:\n    Id: {name: id, in: path, schema: {type: string}}\n`;
    expect(await load(reusable)).toEqual({
      ok: false,
      problems: [
        { pointer: '/components/parameters/Id', message: "path parameter 'id' must have required: true" },
        { pointer: '/paths/~1orders~1{id}/get/parameters/1/in', message: 'in "qery" is no location: one of query, header, path, cookie' },
      ],
    });
  });

  test("a response without a description alone, a parameter without a schema: the member is named, not 'oneOf must match'", async () => {
    // Before: with no other mistake in the document the validator's prettifier kept only
    // `oneOf must match exactly one schema in oneOf` (3.1 added `if must match "else" schema` on the path item).
    const doc = (v: string, op: string) => `openapi: ${v}\ninfo: {title: Bad, version: '1'}\npaths:\n  /orders:\n    get:\n${op}`;
    const noDescription = "      responses: {'200': {content: {}}}\n";
    const noSchema = "      parameters: [{name: q, in: query}]\n      responses: {'200': {description: ok}}\n";
    expect(await load(doc('3.0.3', noDescription))).toEqual({ ok: false, problems: [{ pointer: '/paths/~1orders/get/responses/200', message: "must have required property 'description'" }] });
    expect(await load(doc('3.1.0', noDescription))).toEqual({ ok: false, problems: [{ pointer: '/paths/~1orders/get/responses/200', message: "must have required property 'description'" }] });
    expect(await load(doc('3.0.3', noSchema))).toEqual({ ok: false, problems: [{ pointer: '/paths/~1orders/get/parameters/0', message: "must have property 'schema' or 'content'" }] });
    const both = "      parameters: [{name: q, in: query, schema: {type: string}, content: {application/json: {}}}]\n      responses: {'200': {description: ok}}\n";
    expect(await load(doc('3.0.3', both))).toEqual({ ok: false, problems: [{ pointer: '/paths/~1orders/get/parameters/0', message: "must have property 'schema' or 'content', not both" }] });
  });

  test('Swagger 2.0: a parameter or response mistake is the mistake, not every shape the object could have had', async () => {
    // Before: each of these came back as five to seven problems: the body shape's `must have required property
    // 'schema'`, the Reference Object's `Property name is not expected to be here`, `in` not allowed, and `Property
    // get is not expected to be here` on the path item.
    const swagger = (op: string) => `swagger: '2.0'\ninfo: {title: Bad, version: '1'}\npaths:\n  /orders/{id}:\n    get:\n${op}`;
    const ok = "      responses: {'200': {description: ok}}\n";
    const at = '/paths/~1orders~1{id}/get';
    expect(await load(swagger(`      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n${ok}`))).toEqual({
      ok: false,
      problems: [
        { pointer: `${at}/parameters/0`, message: 'Property schema is not expected to be here' },
        { pointer: `${at}/parameters/0`, message: "must have required property 'type'" },
      ],
    });
    expect(await load(swagger(`      parameters: [{name: id, in: path, required: true, type: strin}]\n${ok}`))).toEqual({
      ok: false,
      problems: [{ pointer: `${at}/parameters/0/type`, message: 'must be equal to one of the allowed values' }],
    });
    expect(await load(swagger("      parameters: [{name: id, in: path, required: true, type: string}, {name: q, in: body}]\n" + ok))).toEqual({
      ok: false,
      problems: [{ pointer: `${at}/parameters/1`, message: "must have required property 'schema'" }],
    });
    // The prettifier keeps only noise here; left out, the invalid document was accepted.
    expect(await load(swagger("      parameters: [{name: id, in: path, required: true, type: string}]\n      responses: {'200': {schema: {type: string}}}\n"))).toEqual({
      ok: false,
      problems: [{ pointer: `${at}/responses/200`, message: "must have required property 'description'" }],
    });
    const badSchema = await load(swagger("      parameters: [{name: id, in: path, required: true, type: string}]\n      responses: {'200': {description: ok, schema: {type: strin}}}\n"));
    expect(badSchema.ok ? [] : badSchema.problems.map((p) => p.pointer)).toEqual([`${at}/responses/200/schema/type`, `${at}/responses/200/schema/type`]);
  });

  test("an `in` no location has is the one problem at `in`, naming the locations; a style the location lacks names its styles", async () => {
    // Before: Swagger 2.0's came as five problems (`must have required property 'schema'`, `Property type is not
    // expected`, `Property name is not expected`…), OpenAPI's with style and required: false as three, and none said
    // which values were allowed; `style: matrix` on a query parameter came with `must have required property 'required'`.
    const swagger = (p: string) => `swagger: '2.0'\ninfo: {title: Bad, version: '1'}\npaths:\n  /orders:\n    get:\n      parameters: [${p}]\n      responses: {'200': {description: ok}}\n`;
    const openapi = (v: string, p: string) => `openapi: ${v}\ninfo: {title: Bad, version: '1'}\npaths:\n  /orders:\n    get:\n      parameters: [${p}]\n      responses: {'200': {description: ok}}\n`;
    const at = (field: string) => `/paths/~1orders/get/parameters/0${field}`;
    expect(await load(swagger('{name: q, in: querystring, type: string, required: false}'))).toEqual({ ok: false, problems: [{ pointer: at('/in'), message: 'in "querystring" is no location: one of query, header, path, formData, body' }] });
    for (const v of ['3.0.3', '3.1.0']) {
      expect(await load(openapi(v, '{name: q, in: querystring, style: form, required: false, schema: {type: string}}'))).toEqual({ ok: false, problems: [{ pointer: at('/in'), message: 'in "querystring" is no location: one of query, header, path, cookie' }] });
      expect(await load(openapi(v, '{name: q, in: query, style: matrix, schema: {type: string}}'))).toEqual({
        ok: false,
        problems: [{ pointer: at('/style'), message: 'style "matrix" is not one a query parameter takes: one of form, spaceDelimited, pipeDelimited, deepObject' }],
      });
    }
    // What the parameter lacks whatever its location still stands.
    const nameless = await load(openapi('3.0.3', '{in: querystring, schema: {type: string}}'));
    expect(nameless.ok || nameless.problems.map((p) => `${p.pointer} ${p.message}`).sort()).toEqual([`${at('')} must have required property 'name'`, `${at('/in')} in "querystring" is no location: one of query, header, path, cookie`]);
  });
});

test("a mistake in one operation of a Swagger 2.0 path item is not also 'Property post is not expected' on its sibling", async () => {
  // Before: Petstore 2.0 with `get.responses: nope` came back with `/paths/~1pets: Property post is not expected to
  // be here` beside the real problem, naming the valid `post` (the path item's Reference branch refused every key).
  const swagger = (pathItem: string) => `swagger: '2.0'\ninfo: {title: Bad, version: '1'}\npaths:\n  /pets:\n${pathItem}`;
  const ok = "    post: {responses: {'201': {description: created}}}\n";
  expect(await load(swagger(`    get: {responses: nope}\n${ok}`))).toEqual({ ok: false, problems: [{ pointer: '/paths/~1pets/get/responses', message: 'type must be object' }] });
  expect(await load(swagger(`    get: {parameters: [{name: q, in: query, type: strin}], responses: {'200': {description: ok}}}\n${ok}    parameters: []\n`))).toEqual({
    ok: false,
    problems: [{ pointer: '/paths/~1pets/get/parameters/0/type', message: 'must be equal to one of the allowed values' }],
  });
  // Near miss: a key Swagger 2.0 has no place for (`trace` came with OpenAPI 3.0) is still refused where it is.
  expect(await load(swagger(`    get: {responses: {'200': {description: ok}}}\n    trace: {responses: {'200': {description: ok}}}\n`))).toMatchObject({
    ok: false,
    problems: [{ pointer: '/paths/~1pets', message: 'Property trace is not expected to be here' }],
  });
});
