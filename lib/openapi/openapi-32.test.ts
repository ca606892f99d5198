import { describe, expect, test } from 'vitest';
import { loadSpecDocument } from './load-spec';
import { createMatcher, matchOperation } from './matcher';
import { parseSpecText } from './parse-document';

/** An OpenAPI 3.2 document (published September 2025) using what 3.2 added: QUERY, additionalOperations, querystring. */
const reports = `openapi: 3.2.0
$self: https://example.com/openapi/reports
info: { title: Reports, version: 2.1.0 }
servers: [{ url: 'https://reports.test/v1', name: production }]
paths:
  /reports:
    get:
      operationId: listReports
      responses: { '200': { description: ok } }
    query:
      operationId: searchReports
      requestBody: { content: { application/json: { schema: { type: object } } } }
      responses: { '200': { summary: matching reports } }
  /reports/{id}:
    parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
    get:
      operationId: getReport
      parameters:
        - name: filter
          in: querystring
          content: { application/x-www-form-urlencoded: { schema: { type: object } } }
      responses: { '200': { description: ok } }
    additionalOperations:
      PURGE:
        operationId: purgeReport
        deprecated: true
        responses: { '204': { description: purged } }
      LINK:
        operationId: linkReport
        servers: [{ url: 'https://links.reports.test/v2' }]
        responses: { '204': { description: linked } }
`;

const load = (text: string) => {
  const parsed = parseSpecText(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return loadSpecDocument('reports', parsed.value);
};

describe('OpenAPI 3.2', () => {
  test('a document is read as 3.1 is, with its QUERY operation and additionalOperations among the operations', async () => {
    // Before: refused as 'unsupported OpenAPI version 3.2.0'.
    const r = await load(reports);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.spec.version).toBe('3.2');
    expect(r.spec.servers).toEqual([{ host: 'reports.test', basePath: '/v1' }]);
    expect(r.spec.operations.map((o) => `${o.method} ${o.path} ${o.operationId}${o.deprecated ? ' deprecated' : ''}`)).toEqual([
      'GET /reports listReports',
      'QUERY /reports searchReports',
      'GET /reports/{id} getReport',
      'LINK /reports/{id} linkReport',
      'PURGE /reports/{id} purgeReport deprecated',
    ]);
    expect(r.spec.operations.find((o) => o.method === 'LINK')?.servers).toEqual([{ host: 'links.reports.test', basePath: '/v2' }]);
    expect(r.spec.operations.find((o) => o.method === 'PURGE')?.parameters).toEqual([{ name: 'id', in: 'path', required: true, type: 'string' }]);
    expect(r.warnings).toEqual([]);
  });

  test('traffic with those methods matches their operations', async () => {
    const r = await load(reports);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const matcher = createMatcher([r.spec]);
    const operationOf = (host: string, method: string, path: string) => {
      const m = matchOperation(matcher, host, method, path);
      return m.kind === 'operation' ? m.operation.operationId : m.kind;
    };
    expect(operationOf('reports.test', 'QUERY', '/v1/reports')).toBe('searchReports');
    expect(operationOf('reports.test', 'PURGE', '/v1/reports/r-17')).toBe('purgeReport');
    expect(operationOf('links.reports.test', 'LINK', '/v2/reports/r-17')).toBe('linkReport');
    expect(operationOf('reports.test', 'LINK', '/v1/reports/r-17')).toBe('path');
  });

  test('an operationId used twice across query and additionalOperations is refused at the second', async () => {
    const r = await load(reports.replace('operationId: linkReport', 'operationId: searchReports'));
    expect(r).toEqual({
      ok: false,
      problems: [{ pointer: '/paths/~1reports~1{id}/additionalOperations/LINK/operationId', message: "duplicate operationId 'searchReports' (first at /paths/~1reports/query/operationId)" }],
    });
  });

  test('a method that has its own field is refused in additionalOperations, at its key', async () => {
    expect(await load(reports.replace('PURGE:', 'POST:'))).toEqual({
      ok: false,
      problems: [{ pointer: '/paths/~1reports~1{id}/additionalOperations/POST', message: "POST has a field of its own: write it as 'post' beside the other methods, not under additionalOperations" }],
    });
    expect(await load(reports.replace('PURGE:', '"PURGE ALL":'))).toEqual({
      ok: false,
      problems: [{ pointer: '/paths/~1reports~1{id}/additionalOperations/PURGE ALL', message: `"PURGE ALL" is no HTTP method name (letters, digits and !#$%&'*+.^_\`|~- only)` }],
    });
  });

  test('one method written twice in additionalOperations, in two cases, is refused at the second', async () => {
    // Before: both were read as PURGE; one operation took every call and the other was neither called nor unused.
    const twice = reports.replace('      LINK:', "      purge:\n        operationId: purgeLower\n        responses: { '200': { description: ok } }\n      LINK:");
    expect(await load(twice)).toEqual({
      ok: false,
      problems: [{ pointer: '/paths/~1reports~1{id}/additionalOperations/purge', message: "'purge' is the method 'PURGE' again (methods are compared whatever their case): keep one" }],
    });
    // A spec stored before the check still loads, the mistake a warning: its API keeps its operations.
    const parsed = parseSpecText(twice);
    const stored = parsed.ok ? await loadSpecDocument('reports', parsed.value, [], { registered: true }) : parsed;
    expect(stored.ok && stored.warnings.map((w) => w.pointer)).toEqual(['/paths/~1reports~1{id}/additionalOperations/purge']);
  });

  test('a warning about an additionalOperations method points at its key as written, whatever its case', async () => {
    // Before: at `…/additionalOperations/PURGE`, the upper-cased method, which is nothing in this document.
    const r = await load(reports.replace('PURGE:', 'purge:').replace("operationId: purgeReport", "operationId: purgeReport\n        parameters: [{ name: version, in: path, required: true, schema: { type: string } }]"));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.warnings).toEqual([{ pointer: '/paths/~1reports~1{id}/additionalOperations/purge', message: 'path parameter \'version\' not in the template "/reports/{id}"' }]);
  });

  test('parameters, headers and media types with schemas are checked as such, each problem at its pointer', async () => {
    // Before the stand-ins, the validator checked every schema as if it were the parameter holding it.
    const broken = reports
      .replace('schema: { type: string } }]', 'schema: { type: string }, style: form }]')
      .replace("content: { application/x-www-form-urlencoded: { schema: { type: object } } }", 'schema: { type: object }');
    expect(await load(broken)).toEqual({
      ok: false,
      problems: [
        { pointer: '/paths/~1reports~1{id}/parameters/0/style', message: 'style "form" is not one a path parameter takes: one of simple, label, matrix' },
        { pointer: '/paths/~1reports~1{id}/get/parameters/0', message: "must have required property 'content'" },
      ],
    });
  });

  test('3.1 still knows no query operation or querystring location', async () => {
    const r = await load(reports.replace('openapi: 3.2.0', 'openapi: 3.1.1').replace(/\$self: .*\n/, '').replace(/ {4}additionalOperations:[^]*$/, ''));
    expect(r.ok).toBe(false);
  });
});
