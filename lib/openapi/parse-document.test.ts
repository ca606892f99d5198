import { describe, expect, test } from 'vitest';
import { parseSpecText } from './parse-document';

const MINIMAL = '{"openapi":"3.0.3","info":{"title":"bom","version":"1"},"paths":{}}';

describe('parseSpecText', () => {
  test('a JSON spec behind a UTF-8 byte order mark parses, like the same spec in YAML', () => {
    expect(parseSpecText(`\uFEFF${MINIMAL}`)).toEqual({ ok: true, value: { openapi: '3.0.3', info: { title: 'bom', version: '1' }, paths: {} } });
  });

  test('a file that is no spec at all (an access log, a list, nothing) says what it read as and what was wanted', () => {
    // Before: 'document is not an object', for `lantern spec push access.log` as for an empty file.
    const said = (text: string) => { const r = parseSpecText(text, 'x'); return r.ok ? undefined : r.problems.map((p) => p.message); };
    const wanted = "not a map with an 'openapi' or 'swagger' key";
    expect(said('10.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl"\n')).toEqual([`not an OpenAPI or Swagger document: it reads as plain text, ${wanted}`]);
    expect(said('- a\n- b\n')).toEqual([`not an OpenAPI or Swagger document: it reads as a list, ${wanted}`]);
    expect(said('# nothing but a comment\n')).toEqual([`not an OpenAPI or Swagger document: it reads as nothing (an empty document), ${wanted}`]);
  });
});

describe('YAML syntax errors say where', () => {
  test('a duplicate key names its pointer, line and column', () => {
    const text = 'openapi: 3.0.3\npaths:\n  /a:\n    get: {responses: {}}\n  /b: {}\n  /a:\n    post: {responses: {}}\n';
    expect(parseSpecText(text, 'api.yaml')).toEqual({
      ok: false,
      problems: [{ pointer: '/paths/~1a', file: 'api.yaml', message: 'invalid YAML at line 6, column 3: Map keys must be unique' }],
    });
  });

  test('a duplicate key inside a list item counts the item', () => {
    expect(parseSpecText('tags:\n  - name: a\n  - name: b\n    name: c\n')).toEqual({
      ok: false,
      problems: [{ pointer: '/tags/1/name', message: 'invalid YAML at line 4, column 5: Map keys must be unique' }],
    });
  });

  test('bad indentation and an unclosed flow collection give line and column', () => {
    const indent = 'openapi: 3.0.3\npaths:\n  /b:\n     get: {}\n    post: x\n';
    expect(parseSpecText(indent)).toEqual({ ok: false, problems: [{ pointer: '', message: 'invalid YAML at line 5, column 1: All mapping items must start at the same column' }] });
    const unclosed = 'openapi: 3.0.3\npaths:\n  /b: [unclosed\n';
    expect(parseSpecText(unclosed)).toEqual({
      ok: false,
      problems: [{ pointer: '', message: 'invalid YAML at line 4, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]' }],
    });
  });

  test('a second YAML document in the file is said as such, not as the parser library\'s advice', () => {
    // Before: "Source contains multiple documents; please use YAML.parseAllDocuments()", an instruction to a programmer.
    expect(parseSpecText('openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\n---\nkind: ConfigMap\n')).toEqual({
      ok: false,
      problems: [{ pointer: '', message: 'invalid YAML at line 4, column 1: a second document starts here (---); a spec file holds one document' }],
    });
  });
});

describe('JSON duplicate keys', () => {
  test('a key written twice is refused with its pointer and position, instead of the last one silently winning', () => {
    const text = '{"openapi":"3.0.3","paths":{\n  "/a":{"get":{}},\n  "/a":{"post":{}}\n}}';
    expect(parseSpecText(text, 'api.json')).toEqual({
      ok: false,
      problems: [{ pointer: '/paths/~1a', file: 'api.json', message: 'invalid JSON at line 3, column 3: Map keys must be unique' }],
    });
  });

  test('colons, quotes and escapes inside strings are not members', () => {
    const text = '{"a:b":"c:\\"d:\\\\","e":["f:", {"g\\\\":":"}], "h": {}}';
    expect(parseSpecText(text)).toEqual({ ok: true, value: { 'a:b': 'c:"d:\\', e: ['f:', { 'g\\': ':' }], h: {} } });
  });
});

describe('JSON syntax errors say where, never what', () => {
  test('a JSON spec that does not parse names line and column and quotes none of its text (an example key, say)', () => {
    const text = '\uFEFF{"openapi": "3.0.3",\n  "info": {"title": "t", "version": "1"},\n  "x-example-key": sk_live_SECRET123456, "paths": {}}';
    const parsed = parseSpecText(text, 'api.json');
    expect(parsed).toEqual({ ok: false, problems: [{ pointer: '', file: 'api.json', message: 'invalid JSON at line 3, column 20: InvalidSymbol' }] });
  });

  test('a cut JSON spec says where it ends', () => {
    expect(parseSpecText('{"openapi": "3.0.3",\n "paths": {', 'cut.json')).toEqual({
      ok: false,
      problems: [{ pointer: '', file: 'cut.json', message: 'invalid JSON at line 2, column 12: CloseBraceExpected' }],
    });
  });
});

describe('YAML merge keys', () => {
  test('`<<: *defaults` merges the anchored map, keys written beside it win, as every other OpenAPI tool reads it', () => {
    // Before: `<<` was read as a key of its own, so an operation taking its responses from an anchor was refused with
    // `must have required property 'responses'`.
    const text = "x-defaults: &ok {responses: {'200': {description: ok}}, tags: [a]}\npaths:\n  /users:\n    get: {<<: *ok, operationId: list, tags: [b]}\n    post:\n      <<: [*ok]\n";
    expect(parseSpecText(text)).toEqual({
      ok: true,
      value: {
        'x-defaults': { responses: { '200': { description: 'ok' } }, tags: ['a'] },
        paths: { '/users': { get: { responses: { '200': { description: 'ok' } }, operationId: 'list', tags: ['b'] }, post: { responses: { '200': { description: 'ok' } }, tags: ['a'] } } },
      },
    });
  });

  test('a merge key with no map to merge names its place; a quoted `<<` is an ordinary key', () => {
    expect(parseSpecText("paths:\n  /a:\n    get:\n      <<: 5\n", 'api.yaml')).toEqual({
      ok: false,
      problems: [{ pointer: '/paths/~1a/get', file: 'api.yaml', message: 'invalid YAML at line 4, column 7: a merge key (<<) takes a map or an alias of one' }],
    });
    expect(parseSpecText("example: {'<<': x}\n")).toEqual({ ok: true, value: { example: { '<<': 'x' } } });
  });
});
