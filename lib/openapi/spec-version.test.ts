import { expect, test } from 'vitest';
import { loadSpecDocument } from './load-spec';

const doc = (openapi: string) => ({ openapi, info: { title: 'T', version: '1' }, paths: { '/a': { get: { responses: { '200': { description: 'ok' } } } } } });

test('a pre-release version the schemas take (3.0.0-rc2, 3.1.0-rc1) is read as its release', async () => {
  // Before: 'unsupported OpenAPI version 3.0.0-rc2', where the validator's own schema accepts it.
  for (const [openapi, version] of [['3.0.0-rc2', '3.0'], ['3.1.0-rc1', '3.1'], ['3.2.0-rc0', '3.2']]) {
    const r = await loadSpecDocument('v', doc(openapi));
    expect(r.ok && r.spec.version).toBe(version);
  }
});

test('a version without its patch release says what to write', async () => {
  // Before: 'unsupported OpenAPI version 3.1', as if 3.1 were not supported.
  expect(await loadSpecDocument('v', doc('3.1'))).toEqual({ ok: false, problems: [{ pointer: '/openapi', message: 'OpenAPI version "3.1" names no release: write it in full, such as "3.1.1"' }] });
  expect(await loadSpecDocument('v', doc('3.0'))).toEqual({ ok: false, problems: [{ pointer: '/openapi', message: 'OpenAPI version "3.0" names no release: write it in full, such as "3.0.4"' }] });
  expect(await loadSpecDocument('v', doc('4.0.0'))).toEqual({ ok: false, problems: [{ pointer: '/openapi', message: 'unsupported OpenAPI version 4.0.0' }] });
});
