import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { SHARED_FIXTURES } from '../../test/require';
import { loadSpec, loadSpecDocument } from './load-spec';

const fromDisk = async (path: string) => readFile(path, 'utf8').catch(() => undefined);
const fixture = (name: string) => loadSpec(name, `${SHARED_FIXTURES}specs/${name}`, fromDisk);
const inMemory = (files: Record<string, string>) => (path: string) => files[path];

describe('real specs', () => {
  test('Swagger 2.0 petstore: host + basePath become one server, operations normalised', async () => {
    const r = await fixture('oai__petstore_v2.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.spec.version).toBe('2.0');
    expect(r.spec.servers).toEqual([{ host: 'petstore.swagger.io', basePath: '/v1' }]);
    expect(r.spec.operations.map((o) => `${o.method} ${o.path} ${o.operationId}`)).toEqual([
      'GET /pets listPets',
      'POST /pets createPets',
      'GET /pets/{petId} showPetById',
    ]);
    const show = r.spec.operations[2];
    expect(show.parameters).toEqual([{ name: 'petId', in: 'path', required: true, type: 'string' }]);
    expect(show.responses).toEqual(['200', 'default']);
  });

  test('OpenAPI 3.0 with a templated server: variables expand to every enum value', async () => {
    const r = await fixture('oai__uspto_v3.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.spec.version).toBe('3.0');
    expect(r.spec.servers).toEqual([{ host: 'developer.uspto.gov', basePath: '/ds-api' }]);
    expect(r.spec.owner).toBe('group:default/open-data-portal');
  });

  test('relative server URL (Gitea) has no host; deprecated operations are flagged', async () => {
    const r = await fixture('apisguru__gitea.io.json');
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.spec.servers).toEqual([{ basePath: '/api/v1' }]);
    expect(r.spec.operations.length).toBe(346);
    expect(r.spec.operations.filter((o) => o.deprecated).length).toBe(4);
  });

  test('security requirements and OAuth scopes come from the operation or the root', async () => {
    const r = await fixture('apisguru__instagram.com.json');
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const op = r.spec.operations.find((o) => o.method === 'POST' && o.path === '/media/{media-id}/comments')!;
    expect(op.security).toEqual([{ schemes: { api_key: [] } }, { schemes: { instagram_auth: ['comments'] } }]);
    expect(r.spec.securitySchemes.instagram_auth.type).toBe('oauth2');
  });

  test('an invalid spec (Optic fixture, empty responses) is rejected with the pointer of the problem', async () => {
    const r = await fixture('optic__capture_har_openapi.yml');
    expect(r).toEqual({ ok: false, problems: [{ pointer: '/paths/~1form/post/responses', message: 'must declare at least one response' }] });
  });
});

describe('relative-file $refs through an injected reader', () => {
  test('refs across files and directories resolve, including local refs inside the referenced file', async () => {
    const read = inMemory({
      '/specs/api.yaml': `openapi: 3.1.0
info: {title: Refs, version: "1"}
paths:
  /orders/{id}:
    $ref: './paths/orders.yaml#/item'
`,
      '/specs/paths/orders.yaml': `item:
  parameters:
    - $ref: '../common/params.yaml#/OrderId'
  get:
    responses:
      '200': {description: ok}
  delete:
    deprecated: true
    x-sunset: '2025-01-31'
    responses:
      '204': {description: gone}
`,
      '/specs/common/params.yaml': `OrderId: {name: id, in: path, required: true, schema: {type: string, format: uuid}}
`,
    });
    const r = await loadSpec('api', '/specs/api.yaml', read);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.spec.version).toBe('3.1');
    expect(r.spec.operations.map((o) => [o.method, o.path, o.deprecated, o.sunset ?? null])).toEqual([
      ['DELETE', '/orders/{id}', true, '2025-01-31T00:00:00.000Z'],
      ['GET', '/orders/{id}', false, null],
    ]);
    expect(r.spec.operations[1].parameters).toEqual([{ name: 'id', in: 'path', required: true, type: 'string', format: 'uuid' }]);
  });

  test('a path item in a referenced file is schema-checked like the same content inline, located in its file', async () => {
    const orders = 'get:\n  deprecated: "yes"\n  responses: {}\npost: "not an operation"\n';
    const head = "openapi: 3.0.3\ninfo: {title: e2, version: '1'}\npaths:\n  /orders:\n";
    const inline = await loadSpec('inline', '/specs/inline.yaml', () => `${head}${orders.replace(/^/gm, '    ')}`);
    const viaRef = await loadSpec('main', '/specs/main.yaml', inMemory({ '/specs/main.yaml': `${head}    $ref: './orders.yaml'\n`, '/specs/orders.yaml': orders }));
    expect(inline).toEqual({
      ok: false,
      problems: [
        { pointer: '/paths/~1orders/get/responses', message: 'must declare at least one response' },
        { pointer: '/paths/~1orders/get/deprecated', message: 'type must be boolean' },
        { pointer: '/paths/~1orders/post', message: 'type must be object' },
      ],
    });
    expect(viaRef).toEqual({
      ok: false,
      problems: [
        { pointer: '/get/responses', file: '/specs/orders.yaml', message: 'must declare at least one response' },
        { pointer: '/get/deprecated', file: '/specs/orders.yaml', message: 'type must be boolean' },
        { pointer: '/post', file: '/specs/orders.yaml', message: 'type must be object' },
      ],
    });
  });

  test('content reached through a ref chain across files is checked where it is first used; a recursive schema across files loads', async () => {
    const files = {
      '/s/api.yaml': "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /n:\n    $ref: 'paths.yaml#/N'\n",
      '/s/paths.yaml': "N:\n  get:\n    operationId: 7\n    responses:\n      '200':\n        description: ok\n        content: {application/json: {schema: {$ref: 'node.yaml#/Node'}}}\n",
      '/s/node.yaml': 'Node: {type: object, properties: {next: {$ref: "#/Node"}, kind: {type: strin}}}\n',
    };
    const bad = await loadSpec('x', '/s/api.yaml', inMemory(files));
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      // The validator also reports the oneOf alternatives around each mistake (as it does inline); all are in the files.
      const where = bad.problems.map((p) => `${p.file}#${p.pointer}`);
      expect(where).toEqual(expect.arrayContaining(['/s/paths.yaml#/N/get/operationId', '/s/node.yaml#/Node/properties/kind/type']));
      expect(where.every((w) => /^\/s\/(paths|node)\.yaml#\/(N|Node)(\/|$)/.test(w))).toBe(true);
    }
    files['/s/paths.yaml'] = files['/s/paths.yaml'].replace('operationId: 7', 'operationId: seven');
    files['/s/node.yaml'] = files['/s/node.yaml'].replace('strin', 'string');
    const good = await loadSpec('x', '/s/api.yaml', inMemory(files));
    if (!good.ok) throw new Error(JSON.stringify(good.problems));
    expect(good.spec.operations.map((o) => `${o.method} ${o.path} ${o.operationId}`)).toEqual(['GET /n seven']);
  });

  test('ref problems name referenced files as written, never the bundle\'s internal names', async () => {
    const head = "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n";
    const missing = inMemory({ '/s/api.yaml': `${head}  /c:\n    get:\n      responses:\n        '200': {$ref: './sub/a.yaml#/Missing'}\n`, '/s/sub/a.yaml': 'Ok: {description: ok}\n' });
    expect(await loadSpec('m', '/s/api.yaml', missing)).toEqual({
      ok: false,
      problems: [{ pointer: '/paths/~1c/get/responses/200', message: '$ref target not found: ./sub/a.yaml#/Missing' }],
    });
    const cycle = inMemory({ '/s/api.yaml': `${head}  /p:\n    $ref: 'a.yaml#/P'\n`, '/s/a.yaml': "P: {$ref: './b.yaml#/P'}\n", '/s/b.yaml': "P: {$ref: './a.yaml#/P'}\n" });
    const r = await loadSpec('c', '/s/api.yaml', cycle);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toEqual({ pointer: '/paths/~1p', message: '$ref cycle: ./a.yaml#/P → ./b.yaml#/P → ./a.yaml#/P' });
  });

  test('a bad $ref inside a referenced file is named as that file writes it, relative to it', async () => {
    // Before: relative to the entry file (`./params.yaml#/Idx`), a ref the user could not find in paths/pets.yaml.
    const files = {
      '/s/api.yaml': "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /pets:\n    $ref: './paths/pets.yaml'\n",
      '/s/paths/pets.yaml': "get:\n  parameters:\n    - $ref: '../params.yaml#/Idx'\n    - $ref: '#/Local'\n  responses:\n    '200': {description: ok}\n",
      '/s/params.yaml': 'Id: {name: id, in: query, schema: {type: string}}\n',
    };
    expect(await loadSpec('x', '/s/api.yaml', inMemory(files))).toEqual({
      ok: false,
      problems: [
        { pointer: '/get/parameters/0', file: '/s/paths/pets.yaml', message: '$ref target not found: ../params.yaml#/Idx' },
        { pointer: '/get/parameters/1', file: '/s/paths/pets.yaml', message: '$ref target not found: #/Local' },
      ],
    });
  });

  test('a missing referenced file is a problem with the pointer of the $ref', async () => {
    const read = inMemory({ '/a.yaml': "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /x:\n    $ref: 'missing.yaml#/p'\n" });
    expect(await loadSpec('a', '/a.yaml', read)).toEqual({
      ok: false,
      problems: [{ pointer: '/paths/~1x', file: '/a.yaml', message: 'referenced file not found: /missing.yaml' }],
    });
  });

  test('a file the reader finds but cannot read is named with the reason, entry or referenced', async () => {
    const read = (path: string) => (path === '/a.yaml' ? "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /x:\n    $ref: 'sub#/p'\n" : { unreadable: 'it is a directory' });
    expect(await loadSpec('d', '/specs', read)).toEqual({ ok: false, problems: [{ pointer: '', message: 'cannot read /specs: it is a directory' }] });
    expect(await loadSpec('a', '/a.yaml', read)).toEqual({
      ok: false,
      problems: [{ pointer: '/paths/~1x', file: '/a.yaml', message: 'referenced file cannot be read: /sub: it is a directory' }],
    });
  });

  test('bytes from the reader are decoded strictly: bad UTF-8 in the entry or a referenced file is named with its offset', async () => {
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    const entry = "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /x:\n    $ref: 'p.yaml'\n";
    const files: Record<string, Uint8Array> = { '/a.yaml': Buffer.from(entry), '/p.yaml': latin1('get: {summary: "café", responses: {"200": {description: ok}}}\n') };
    expect(await loadSpec('a', '/a.yaml', (p) => files[p])).toEqual({
      ok: false,
      problems: [{ pointer: '', file: '/p.yaml', message: 'not valid UTF-8: the byte sequence at byte offset 19 is not a character (save the file as UTF-8)' }],
    });
    files['/a.yaml'] = latin1(entry.replace("title: x", "title: 'Société'"));
    const r = await loadSpec('a', '/a.yaml', (p) => files[p]);
    expect(r).toEqual({ ok: false, problems: [{ pointer: '', message: 'not valid UTF-8: the byte sequence at byte offset 34 is not a character (save the file as UTF-8)' }] });
    files['/a.yaml'] = Buffer.from(entry);
    files['/p.yaml'] = Buffer.from('get: {summary: "café", responses: {"200": {description: ok}}}\n');
    const ok = await loadSpec('a', '/a.yaml', (p) => files[p]);
    expect(ok.ok && ok.spec.operations[0].summary).toBe('café');
  });

  test('remote refs are refused: the loader never fetches', async () => {
    const read = inMemory({ '/a.yaml': "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /x:\n    $ref: 'https://example.com/p.yaml'\n" });
    const r = await loadSpec('a', '/a.yaml', read);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toEqual({ pointer: '/paths/~1x', message: 'remote $ref not allowed: https://example.com/p.yaml' });
  });
});

describe('hostile and broken documents', () => {
  test('a $ref cycle that never reaches content is rejected with its chain', async () => {
    const r = await loadSpecDocument('c', {
      openapi: '3.0.3',
      info: { title: 'x', version: '1' },
      paths: { '/a': { $ref: '#/paths/~1b' }, '/b': { $ref: '#/paths/~1a' } },
    });
    expect(r).toEqual({
      ok: false,
      problems: [
        { pointer: '/paths/~1a', message: '$ref cycle: #/paths/~1b → #/paths/~1a → #/paths/~1b' },
        { pointer: '/paths/~1b', message: '$ref cycle: #/paths/~1a → #/paths/~1b → #/paths/~1a' },
      ],
    });
  });

  test('a recursive schema is legal and loads', async () => {
    const r = await loadSpecDocument('tree', {
      openapi: '3.0.3',
      info: { title: 'x', version: '1' },
      paths: { '/nodes': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } } } } } },
      components: { schemas: { Node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } } } },
    });
    expect(r.ok).toBe(true);
  });

  test('a YAML alias bomb is refused before it expands', async () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const text = `openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\n${lines.join('\n')}\n`;
    expect(await loadSpec('bomb', '/bomb.yaml', () => text)).toEqual({
      ok: false,
      problems: [{ pointer: '', message: 'invalid YAML: aliases expand the document by more than 100000 nodes (a resource exhaustion attack?)' }],
    });
  });

  test('one anchor reused by 300 operations is honest reuse and loads', async () => {
    const paths = Array.from({ length: 300 }, (_, i) => `  /r${i}:\n    get:\n      responses:\n        '200': {description: ok}\n        '500': *err\n`);
    const text = `openapi: 3.0.3\ninfo: {title: x, version: '1'}\nx-common:\n  err: &err\n    description: error\npaths:\n${paths.join('')}`;
    const r = await loadSpec('reuse', '/reuse.yaml', () => text);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.spec.operations.length).toBe(300);
    expect(r.spec.operations.every((o) => o.responses.join() === '200,500')).toBe(true);
  });

  test('every schema problem is reported with its own pointer', async () => {
    const r = await loadSpecDocument('bad', {
      openapi: '3.0.3',
      info: { title: 'x', version: '1' },
      paths: {
        '/a': { get: { operationId: 'dup', responses: { '200': { description: 'ok' } } }, post: { operationId: 'dup', responses: 'none' } },
      },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toEqual([
        { pointer: '/paths/~1a/post/responses', message: 'type must be object' },
        { pointer: '/paths/~1a/post/operationId', message: "duplicate operationId 'dup' (first at /paths/~1a/get/operationId)" },
      ]);
    }
  });

  test('the same method on two paths that differ only in parameter names is refused, naming both paths', async () => {
    const ok = { '200': { description: 'ok' } };
    const r = await loadSpecDocument('same', {
      openapi: '3.0.3',
      info: { title: 'x', version: '1' },
      paths: { '/users/{id}': { get: { responses: ok } }, '/users/{userId}': { get: { deprecated: true, responses: ok } } },
    });
    expect(r).toEqual({
      ok: false,
      problems: [{ pointer: '/paths/~1users~1{userId}/get', message: 'GET /users/{userId} is the same operation as GET /users/{id}: paths that differ only in parameter names are identical' }],
    });
  });

  test('different methods on equivalent paths lose nothing and load', async () => {
    const ok = { '200': { description: 'ok' } };
    const r = await loadSpecDocument('same', {
      openapi: '3.0.3',
      info: { title: 'x', version: '1' },
      paths: { '/users/{id}': { get: { responses: ok } }, '/users/{userId}': { delete: { responses: ok } } },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.spec.operations.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /users/{id}', 'DELETE /users/{userId}']);
  });

  test('an in-memory document nested 10,000 levels deep is a problem, not a stack overflow', async () => {
    let deep: unknown = {};
    for (let i = 0; i < 10_000; i++) deep = { x: deep };
    expect(await loadSpecDocument('deep', { openapi: '3.0.3', info: { title: 'x', version: '1' }, paths: {}, 'x-deep': deep })).toEqual({
      ok: false,
      problems: [{ pointer: '', message: 'document nests deeper than 256 levels' }],
    });
  });

  test('an unsupported version is named', async () => {
    expect(await loadSpecDocument('v', { openapi: '4.0.0', info: {}, paths: {} })).toEqual({
      ok: false,
      problems: [{ pointer: '/openapi', message: 'unsupported OpenAPI version 4.0.0' }],
    });
    expect(await loadSpecDocument('v', { swagger: '1.2' })).toEqual({ ok: false, problems: [{ pointer: '/swagger', message: 'unsupported Swagger version 1.2' }] });
  });

  test('a Swagger 2.0 host or basePath of the wrong shape is named with its value, not as a property "undefined"', async () => {
    // Before: `/basePath: Property "undefined" must match pattern ^/`.
    const r = await loadSpecDocument('v', { swagger: '2.0', info: { title: 'x', version: '1' }, host: 'https://api.example.com', basePath: 'v1', paths: {} });
    expect(r).toEqual({
      ok: false,
      problems: [
        { pointer: '/host', message: String.raw`"https://api.example.com" must match pattern ^[^{}/ :\\]+(?::\d+)?$` },
        { pointer: '/basePath', message: '"v1" must match pattern ^/' },
      ],
    });
  });

  test('an unquoted YAML version (a number) is named as such, with what to write instead', async () => {
    expect(await loadSpec('v', '/v.yaml', () => "openapi: 3.0\ninfo: {title: x, version: '1'}\npaths: {}\n")).toEqual({
      ok: false,
      problems: [{ pointer: '/openapi', message: `'openapi' must be a string such as "3.0.3", not the number 3 (quote it in YAML)` }],
    });
    expect(await loadSpec('v', '/v.yaml', () => "swagger: 2.0\ninfo: {title: x, version: '1'}\npaths: {}\n")).toEqual({
      ok: false,
      problems: [{ pointer: '/swagger', message: `'swagger' must be a string such as "2.0", not the number 2 (quote it in YAML)` }],
    });
  });
});

describe('extensions', () => {
  test('x-owner, x-sunset on the path item, x-lifecycle retired', async () => {
    const r = await loadSpecDocument('ext', {
      openapi: '3.0.3',
      info: { title: 'Legacy', version: '1', 'x-lifecycle': 'retired', contact: { name: 'Payments Team' } },
      paths: {
        '/pay': {
          'x-deprecation-date': '2024-05-01',
          post: { 'x-owner': 'group:default/billing', responses: { '200': { description: 'ok' } } },
          get: { responses: { '200': { description: 'ok' } } },
        },
      },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.spec.retired).toBe(true);
    expect(r.spec.owner).toBe('group:default/payments-team');
    expect(r.spec.operations.map((o) => [o.method, o.owner, o.sunset])).toEqual([
      ['GET', 'group:default/payments-team', '2024-05-01T00:00:00.000Z'],
      ['POST', 'group:default/billing', '2024-05-01T00:00:00.000Z'],
    ]);
  });

  test('an x- key under paths is an extension, not a path: its operation-shaped content is not an operation', async () => {
    const r = await loadSpecDocument('xp', {
      openapi: '3.0.3',
      info: { title: 'x', version: '1' },
      paths: {
        'x-internal': { get: { operationId: 'real', responses: { '200': { description: 'ok' } } } },
        '/real': { get: { operationId: 'real', responses: { '200': { description: 'ok' } } } },
      },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.spec.operations.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /real']);
  });

  test('x-lifecycle / x-status retired or sunset on an operation or path item makes it deprecated, as on the API', async () => {
    const ok = { '200': { description: 'ok' } };
    const r = await loadSpecDocument('z', {
      openapi: '3.0.3',
      info: { title: 'z', version: '1' },
      paths: {
        '/itemlife': { 'x-lifecycle': 'retired', get: { responses: ok } },
        '/oplife': { get: { 'x-lifecycle': 'retired', responses: ok } },
        '/opstatus': { get: { 'x-status': 'Sunset', responses: ok } },
        '/active': { 'x-lifecycle': 'production', get: { 'x-status': 'active', responses: ok } },
      },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.spec.retired).toBe(false);
    expect(r.spec.operations.map((o) => [o.path, o.deprecated])).toEqual([
      ['/active', false],
      ['/itemlife', true],
      ['/oplife', true],
      ['/opstatus', true],
    ]);
  });
});
