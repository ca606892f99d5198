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
        { pointer: '/paths/~1orders~1{id}/get/parameters/0', message: "must have required property 'required'" },
        { pointer: '/paths/~1orders~1{id}/get/parameters/0/in', message: 'must be equal to one of the allowed values' },
        { pointer: '/paths/~1orders~1{id}/get/responses/200', message: "must have required property 'description'" },
      ],
    });
  });

  test('a oneOf problem beside a more specific one at the same place goes too', async () => {
    const r = await load("openapi: 3.0.3\ninfo: {title: Bad, version: '1'}\npaths:\n  /orders:\n    get:\n      responses:\n        '200': 7\n");
    expect(r).toEqual({ ok: false, problems: [{ pointer: '/paths/~1orders/get/responses/200', message: 'type must be object' }] });
  });
});
