import { describe, expect, test } from 'vitest';
import { loadSpecDocument } from './load-spec';
import { parseSpecText } from './parse-document';

const load = (text: string) => {
  const parsed = parseSpecText(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return loadSpecDocument('refs', parsed.value);
};

const withComponent = (paths: string, component: string) => `openapi: 3.1.0
info: { title: Refs, version: '1' }
paths:
${paths}
components:
  pathItems:
    Order:
${component}
`;
const getOrder = `      get:
        operationId: getOrder
        parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
        responses: { '200': { description: ok } }`;

describe('a path item that is a $ref to another place of the document', () => {
  test('its operation on a path equivalent to another is refused, as the same operation written inline is', async () => {
    // Before: accepted, and the inline GET /orders/{key} took the referenced one's place in the matcher.
    const paths = `  /orders/{id}: { $ref: '#/components/pathItems/Order' }
  /orders/{key}:
    get:
      operationId: findOrder
      parameters: [{ name: key, in: path, required: true, schema: { type: string } }]
      responses: { '200': { description: ok } }`;
    expect(await load(withComponent(paths, getOrder))).toEqual({
      ok: false,
      problems: [{ pointer: '/paths/~1orders~1{key}/get', message: 'GET /orders/{key} is the same operation as GET /orders/{id}: paths that differ only in parameter names are identical' }],
    });
  });

  test('its operationId is checked against the others, at the place it is written', async () => {
    const paths = `  /orders/{id}: { $ref: '#/components/pathItems/Order' }
  /orders:
    get: { operationId: getOrder, responses: { '200': { description: ok } } }`;
    expect(await load(withComponent(paths, getOrder))).toEqual({
      ok: false,
      problems: [{ pointer: '/paths/~1orders/get/operationId', message: "duplicate operationId 'getOrder' (first at /components/pathItems/Order/get/operationId)" }],
    });
    // One path item under two paths is two operations with one operationId.
    const twice = `  /orders/{id}: { $ref: '#/components/pathItems/Order' }
  /v1/orders/{id}: { $ref: '#/components/pathItems/Order' }`;
    expect(await load(withComponent(twice, getOrder))).toEqual({
      ok: false,
      problems: [{ pointer: '/paths/~1v1~1orders~1{id}', message: "duplicate operationId 'getOrder' (first at /components/pathItems/Order/get/operationId)" }],
    });
  });

  test('its path parameters must be required, said where they are written', async () => {
    const r = await load(withComponent(`  /orders/{id}: { $ref: '#/components/pathItems/Order' }`, getOrder.replace('required: true, ', '')));
    expect(r).toEqual({ ok: false, problems: [{ pointer: '/components/pathItems/Order/get/parameters/0', message: "path parameter 'id' must have required: true" }] });
  });

  test('used once, it loads with its operations under the path', async () => {
    const r = await load(withComponent(`  /orders/{id}: { $ref: '#/components/pathItems/Order' }`, getOrder));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.spec.operations.map((o) => `${o.method} ${o.path} ${o.operationId}`)).toEqual(['GET /orders/{id} getOrder']);
    expect(r.warnings).toEqual([]);
  });
});
