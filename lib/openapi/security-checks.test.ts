import { expect, test } from 'vitest';
import { loadSpecDocument } from './load-spec';

const ok = { '200': { description: 'ok' } };

test('a security requirement naming no declared scheme is a warning at its pointer (OpenAPI 3 and Swagger 2.0)', async () => {
  // Before: accepted without a word, the operation's credentials judged against a scheme that is not there.
  const v3 = await loadSpecDocument('v3', {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }, { oauth: ['read'] }],
    paths: { '/a': { get: { security: [{ apiKey: [] }], responses: ok }, post: { security: [{ bearer: [] }], responses: ok } } },
  });
  if (!v3.ok) throw new Error(JSON.stringify(v3.problems));
  expect(v3.warnings).toEqual([
    { pointer: '/security/1/oauth', message: "security scheme 'oauth' is not declared in components.securitySchemes" },
    { pointer: '/paths/~1a/get/security/0/apiKey', message: "security scheme 'apiKey' is not declared in components.securitySchemes" },
  ]);
  const v2 = await loadSpecDocument('v2', {
    swagger: '2.0',
    info: { title: 't', version: '1' },
    securityDefinitions: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } },
    paths: { '/a': { get: { security: [{ key: [] }, { petstore_auth: ['write:pets'] }], responses: ok } } },
  });
  if (!v2.ok) throw new Error(JSON.stringify(v2.problems));
  expect(v2.warnings).toEqual([{ pointer: '/paths/~1a/get/security/1/petstore_auth', message: "security scheme 'petstore_auth' is not declared in securityDefinitions" }]);
});
