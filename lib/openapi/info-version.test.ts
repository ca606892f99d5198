import { describe, expect, test } from 'vitest';
import { loadSpecDocument } from './load-spec';

const paths = { '/orders': { get: { responses: { '200': { description: 'ok' } } } } };
const heads = [{ swagger: '2.0' }, { openapi: '3.0.3' }, { openapi: '3.1.1' }, { openapi: '3.2.0' }];

describe('info.version, which every version of the schema requires', () => {
  test.each(heads)('missing or null in %o is refused at its pointer', async (head) => {
    // Before: accepted, the validator having written '0.0.1' into its own copy of the document.
    expect(await loadSpecDocument('v', { ...head, info: { title: 'Orders' }, paths })).toEqual({ ok: false, problems: [{ pointer: '/info', message: "must have required property 'version'" }] });
    expect(await loadSpecDocument('v', { ...head, info: { title: 'Orders', version: null }, paths })).toEqual({
      ok: false,
      problems: [{ pointer: '/info/version', message: "'version' must be a string such as \"1.0.0\", not empty" }],
    });
    // Before: 'type must be string', where `version: 1.0` unquoted in YAML is the usual slip.
    expect(await loadSpecDocument('v', { ...head, info: { title: 'Orders', version: 1 }, paths })).toEqual({
      ok: false,
      problems: [{ pointer: '/info/version', message: "'version' must be a string such as \"1.0.0\", not the number 1 (quote it in YAML)" }],
    });
  });

  test('a spec registered without one still loads, with the problem as a warning', async () => {
    const r = await loadSpecDocument('v', { openapi: '3.0.3', info: { title: 'Orders' }, paths }, [], { registered: true });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.spec.apiVersion).toBe('');
    expect(r.warnings).toEqual([{ pointer: '/info', message: "must have required property 'version'" }]);
  });
});
