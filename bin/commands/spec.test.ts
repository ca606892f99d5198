import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const LANTERN = fileURLToPath(new URL('../lantern', import.meta.url));

test('spec push refuses a file that is not UTF-8 before sending or saving anything', () => {
  const spec = join(mkdtempSync(join(tmpdir(), 'lantern-spec-')), 'latin1.yaml');
  writeFileSync(spec, Buffer.from('openapi: 3.0.3\ninfo: {title: "café", version: "1"}\npaths: {}\n', 'latin1'));
  // An unreachable server: a spec that got past the check would fail differently (exit 1, "unreachable").
  const env = { ...process.env, LANTERN_SERVER: 'http://127.0.0.1:9', LANTERN_TOKEN: 'unused' };
  const r = spawnSync(process.execPath, [LANTERN, 'spec', 'push', spec, '--api', 'latin'], { encoding: 'utf8', env });
  expect([r.status, r.stderr]).toEqual([2, `${spec}#: not valid UTF-8: the byte sequence at byte offset 33 is not a character (save the file as UTF-8)\n`]);
});

test('spec push names a bad --api slug as a usage error, before touching the database or the server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-spec-'));
  const spec = join(dir, 'orders.yaml');
  writeFileSync(spec, 'openapi: 3.0.3\ninfo: {title: Orders, version: "1"}\npaths: {}\n');
  const message = `lantern spec push: --api "Orders API" is not a valid API name: an API slug is lowercase letters, digits and '-', starting with a letter or digit, at most 64 characters\n`;
  const database = join(dir, 'lantern.db');
  const { LANTERN_SERVER: _server, LANTERN_TOKEN: _token, ...rest } = process.env;
  const local = spawnSync(process.execPath, [LANTERN, 'spec', 'push', spec, '--api', 'Orders API'], { encoding: 'utf8', env: { ...rest, DATABASE_URL: `file:${database}` } });
  expect([local.status, local.stderr, existsSync(database)]).toEqual([2, message, false]);
  // An unreachable server: a slug that got past the check would fail differently (exit 1, "unreachable").
  const remote = spawnSync(process.execPath, [LANTERN, 'spec', 'push', spec, '--api', 'Orders API'], { encoding: 'utf8', env: { ...process.env, LANTERN_SERVER: 'http://127.0.0.1:9', LANTERN_TOKEN: 'unused' } });
  expect([remote.status, remote.stderr]).toEqual([2, message]);
});

test('spec push names a bad --owner or --version as a usage error, before touching the database or the server', () => {
  // Before: said as a problem of the spec at its root (`orders.yaml#: owner: a team slug is …`, `orders.yaml#: version:
  // Too small: expected string to have >=1 characters`), by the database; the server was asked first.
  const dir = mkdtempSync(join(tmpdir(), 'lantern-spec-'));
  const spec = join(dir, 'orders.yaml');
  writeFileSync(spec, 'openapi: 3.0.3\ninfo: {title: Orders, version: "1"}\npaths: {}\n');
  const database = join(dir, 'lantern.db');
  const { LANTERN_SERVER: _server, LANTERN_TOKEN: _token, ...rest } = process.env;
  const cases: [string[], string][] = [
    [['--owner', 'Payments Team'], `lantern spec push: --owner "Payments Team" is not a valid team name: a team slug is lowercase letters, digits and '-', starting with a letter or digit, at most 64 characters\n`],
    [['--version', ''], 'lantern spec push: --version "" is not a valid version label: a version is 1 to 64 characters\n'],
    [['--version', 'v1\tbeta'], 'lantern spec push: --version "v1\\tbeta" is not a valid version label: a version has no control characters\n'],
  ];
  for (const [options, message] of cases) {
    const local = spawnSync(process.execPath, [LANTERN, 'spec', 'push', spec, '--api', 'orders', ...options], { encoding: 'utf8', env: { ...rest, DATABASE_URL: `file:${database}` } });
    expect([options, local.status, local.stderr, existsSync(database)]).toEqual([options, 2, message, false]);
    // An unreachable server: an option that got past the check would fail differently (exit 1, "unreachable").
    const remote = spawnSync(process.execPath, [LANTERN, 'spec', 'push', spec, '--api', 'orders', ...options], { encoding: 'utf8', env: { ...process.env, LANTERN_SERVER: 'http://127.0.0.1:9', LANTERN_TOKEN: 'unused' } });
    expect([options, remote.status, remote.stderr]).toEqual([options, 2, message]);
  }
});

/** A spec split over three files, as Redocly's and Swagger's multi-file layouts write it. */
function splitSpec(petSchema = 'Pet:\n  type: object\n  properties: { id: { type: string } }\n'): string {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-spec-split-'));
  mkdirSync(join(dir, 'paths'));
  mkdirSync(join(dir, 'schemas'));
  writeFileSync(join(dir, 'openapi.yaml'), "openapi: 3.0.3\ninfo: { title: Pets, version: 1.0.0 }\nservers: [{ url: 'https://pets.test/v1' }]\npaths:\n  /pets/{petId}:\n    $ref: './paths/pet.yaml'\n");
  writeFileSync(
    join(dir, 'paths', 'pet.yaml'),
    "get:\n  operationId: getPet\n  parameters: [{ name: petId, in: path, required: true, schema: { type: string } }]\n  responses:\n    '200':\n      description: ok\n      content: { application/json: { schema: { $ref: '../schemas/pet.yaml#/Pet' } } }\n",
  );
  writeFileSync(join(dir, 'schemas', 'pet.yaml'), petSchema);
  return join(dir, 'openapi.yaml');
}

test('spec push registers a spec split over files, as discover --spec reads it', () => {
  // Before: the entry file was sent alone, and refused with "openapi.yaml#: Can't resolve external reference:
  // ./paths/pet.yaml" (exit 2), though `discover --spec` of the same file documented its traffic.
  const spec = splitSpec();
  const { LANTERN_SERVER: _server, LANTERN_TOKEN: _token, ...rest } = process.env;
  const env = { ...rest, DATABASE_URL: `file:${join(mkdtempSync(join(tmpdir(), 'lantern-spec-db-')), 'lantern.db')}` };
  expect(spawnSync(process.execPath, [LANTERN, 'migrate'], { encoding: 'utf8', env }).status).toBe(0);
  const r = spawnSync(process.execPath, [LANTERN, 'spec', 'push', spec, '--api', 'pets'], { encoding: 'utf8', env });
  expect([r.status, r.stdout, r.stderr]).toEqual([0, 'pets@1.0.0: registered (new API); 1 operations; 0 endpoint(s) reclassified\n  +1 added  -0 removed  !0 newly deprecated\n', '']);
});

test("spec push names a mistake in a referenced file by that file and pointer, before sending anything", () => {
  const spec = splitSpec('Pet:\n  type: 7\n');
  const r = spawnSync(process.execPath, [LANTERN, 'spec', 'push', spec, '--api', 'pets'], { encoding: 'utf8', env: { ...process.env, LANTERN_SERVER: 'http://127.0.0.1:9', LANTERN_TOKEN: 'unused' } });
  const where = `${join(spec, '..', 'schemas', 'pet.yaml')}#/Pet/type`;
  expect([r.status, r.stderr]).toEqual([2, `${where}: type must be string\n${where}: enum must be equal to one of the allowed values\n`]);
});

test('spec push of a file that is missing or a directory says so in words, once, exit 2', () => {
  // Before: "lantern spec: cannot read x.yaml: ENOENT: no such file or directory, open 'x.yaml'" (and EISDIR's text).
  const dir = mkdtempSync(join(tmpdir(), 'lantern-spec-'));
  const missing = join(dir, 'openapi.yaml');
  const env = { ...process.env, LANTERN_SERVER: 'http://127.0.0.1:9', LANTERN_TOKEN: 'unused' };
  const said = (file: string) => spawnSync(process.execPath, [LANTERN, 'spec', 'push', file, '--api', 'shop'], { encoding: 'utf8', env });
  const [gone, folder] = [said(missing), said(dir)];
  expect([gone.status, gone.stderr]).toEqual([2, `lantern spec push: cannot read ${missing}: no such file or directory\n`]);
  expect([folder.status, folder.stderr]).toEqual([2, `lantern spec push: cannot read ${dir}: is a directory\n`]);
});

test('spec push without its FILE or its --api says which is missing (exit 2)', () => {
  // Before: the whole help on stderr, nothing saying what was missing.
  const push = (...args: string[]) => spawnSync(process.execPath, [LANTERN, 'spec', 'push', ...args], { encoding: 'utf8', env: { ...process.env, LANTERN_SERVER: 'http://127.0.0.1:9', LANTERN_TOKEN: 'unused' } });
  const [noApi, noFile] = [push('openapi.yaml'), push('--api', 'shop')];
  expect([noApi.status, noApi.stderr]).toEqual([2, "lantern spec push: needs --api SLUG (the API the spec describes; created on its first push)\nRun 'lantern spec --help' for its options.\n"]);
  expect([noFile.status, noFile.stderr]).toEqual([2, "lantern spec push: needs the spec FILE (OpenAPI or Swagger, JSON or YAML)\nRun 'lantern spec --help' for its options.\n"]);
});

test('spec push - reads the spec from standard input, as extract - does; a second FILE is a usage error, nothing pushed', () => {
  // Before: `curl …/openapi.json | lantern spec push - --api shop` said "cannot read -: no such file or directory", and
  // `spec push a.yaml b.yaml` pushed a.yaml alone, exit 0, b.yaml dropped without a word.
  const dir = mkdtempSync(join(tmpdir(), 'lantern-spec-'));
  const database = join(dir, 'lantern.db');
  const { LANTERN_SERVER: _server, LANTERN_TOKEN: _token, ...rest } = process.env;
  const env = { ...rest, DATABASE_URL: `file:${database}`, LANTERN_DATA_DIR: dir };
  expect(spawnSync(process.execPath, [LANTERN, 'migrate'], { encoding: 'utf8', env }).status).toBe(0);
  const spec = 'openapi: 3.0.3\ninfo: {title: Shop, version: "7"}\npaths:\n  /items:\n    get: {responses: {"200": {description: ok}}}\n';
  const piped = spawnSync(process.execPath, [LANTERN, 'spec', 'push', '-', '--api', 'shop'], { encoding: 'utf8', env, input: spec });
  expect([piped.status, piped.stdout.split('\n')[0], piped.stderr]).toEqual([0, 'shop@7: registered (new API); 1 operations; 0 endpoint(s) reclassified', '']);
  const a = join(dir, 'a.yaml');
  writeFileSync(a, spec.replace('"7"', '"8"'));
  const two = spawnSync(process.execPath, [LANTERN, 'spec', 'push', a, a, '--api', 'shop'], { encoding: 'utf8', env });
  expect([two.status, two.stdout, two.stderr]).toEqual([2, '', `lantern spec push: takes one FILE, not '${a}' too (push each on its own)\nRun 'lantern spec --help' for its options.\n`]);
});

test('spec push of an earlier version says it is restored and what restoring it changed', () => {
  // Before: a restore printed no diff (the stored one was the version's first, against its own predecessor).
  const dir = mkdtempSync(join(tmpdir(), 'lantern-spec-'));
  const { LANTERN_SERVER: _server, LANTERN_TOKEN: _token, ...rest } = process.env;
  const env = { ...rest, DATABASE_URL: `file:${join(dir, 'lantern.db')}`, LANTERN_DATA_DIR: dir };
  expect(spawnSync(process.execPath, [LANTERN, 'migrate'], { encoding: 'utf8', env }).status).toBe(0);
  const spec = (version: string, extra = '') => `openapi: 3.0.3\ninfo: {title: Shop, version: "${version}"}\npaths:\n  /items:\n    get: {responses: {"200": {description: ok}}}\n${extra}`;
  const push = (text: string) => {
    writeFileSync(join(dir, 'openapi.yaml'), text);
    return spawnSync(process.execPath, [LANTERN, 'spec', 'push', join(dir, 'openapi.yaml'), '--api', 'shop'], { encoding: 'utf8', env });
  };
  expect(push(spec('1')).status).toBe(0);
  expect(push(spec('2', '  /carts:\n    get: {responses: {"200": {description: ok}}}\n')).stdout).toContain('+1 added  -0 removed');
  const restored = push(spec('1'));
  expect([restored.status, restored.stdout, restored.stderr]).toEqual([0, 'shop@1: restored as current; 1 operations; 0 endpoint(s) reclassified\n  +0 added  -1 removed  !0 newly deprecated\n', '']);
});

test('spec push of identical text under another --version label says the version it is identical to and the label kept', () => {
  // Before: `shop@1: unchanged (identical content is already current)` and `shop@1: restored as current`, the label
  // typed (2, 3) dropped without a word.
  const dir = mkdtempSync(join(tmpdir(), 'lantern-spec-'));
  const { LANTERN_SERVER: _server, LANTERN_TOKEN: _token, ...rest } = process.env;
  const env = { ...rest, DATABASE_URL: `file:${join(dir, 'lantern.db')}`, LANTERN_DATA_DIR: dir };
  expect(spawnSync(process.execPath, [LANTERN, 'migrate'], { encoding: 'utf8', env }).status).toBe(0);
  const spec = (extra = '') => `openapi: 3.0.3\ninfo: {title: Shop, version: "1"}\npaths:\n  /items:\n    get: {responses: {"200": {description: ok}}}\n${extra}`;
  const push = (text: string, version: string) => {
    writeFileSync(join(dir, 'openapi.yaml'), text);
    return spawnSync(process.execPath, [LANTERN, 'spec', 'push', join(dir, 'openapi.yaml'), '--api', 'shop', '--version', version], { encoding: 'utf8', env });
  };
  expect(push(spec(), 'v1').stdout).toBe('shop@v1: registered (new API); 1 operations; 0 endpoint(s) reclassified\n  +1 added  -0 removed  !0 newly deprecated\n');
  const same = push(spec(), 'v2');
  expect([same.status, same.stdout]).toEqual([0, 'shop@v1: unchanged (identical to version v1, kept as v1: label v2 not used); 1 operations; 0 endpoint(s) reclassified\n']);
  expect(push(spec('  /carts:\n    get: {responses: {"200": {description: ok}}}\n'), 'v2').status).toBe(0);
  const restored = push(spec(), 'v3');
  expect([restored.status, restored.stdout]).toEqual([0, 'shop@v1: restored as current (identical to version v1, kept as v1: label v3 not used); 1 operations; 0 endpoint(s) reclassified\n  +0 added  -1 removed  !0 newly deprecated\n']);
  // The label the version already has says nothing more (near miss).
  expect(push(spec(), 'v1').stdout).toBe('shop@v1: unchanged (identical content is already current); 1 operations; 0 endpoint(s) reclassified\n');
});

test('spec push of changed text under a --version another version has is refused naming it; under a taken info.version it gets a new label, said', () => {
  // Before: both registered, a second version with the label of the first (`shop@v1: registered`, `shop@1: registered`).
  const dir = mkdtempSync(join(tmpdir(), 'lantern-spec-'));
  const { LANTERN_SERVER: _server, LANTERN_TOKEN: _token, ...rest } = process.env;
  const env = { ...rest, DATABASE_URL: `file:${join(dir, 'lantern.db')}`, LANTERN_DATA_DIR: dir };
  expect(spawnSync(process.execPath, [LANTERN, 'migrate'], { encoding: 'utf8', env }).status).toBe(0);
  const spec = (extra = '') => `openapi: 3.0.3\ninfo: {title: Shop, version: "1"}\npaths:\n  /items:\n    get: {responses: {"200": {description: ok}}}\n${extra}`;
  const carts = '  /carts:\n    get: {responses: {"200": {description: ok}}}\n';
  const push = (text: string, ...version: string[]) => {
    writeFileSync(join(dir, 'openapi.yaml'), text);
    return spawnSync(process.execPath, [LANTERN, 'spec', 'push', join(dir, 'openapi.yaml'), '--api', 'shop', ...version], { encoding: 'utf8', env });
  };
  expect(push(spec(), '--version', 'v1').status).toBe(0);
  const taken = push(spec(carts), '--version', 'v1');
  expect([taken.status, taken.stdout, taken.stderr]).toEqual([1, '', expect.stringMatching(/^lantern spec push: version label 'v1' is already shop@v1, uploaded 20\d\d-\d\d-\d\dT[\d:.]+Z with other content: name this version with another label\n$/)]);
  expect(push(spec(carts)).stdout).toBe('shop@1: registered; 2 operations; 0 endpoint(s) reclassified\n  +1 added  -0 removed  !0 newly deprecated\n');
  const renamed = push(spec(`${carts}  /orders:\n    get: {responses: {"200": {description: ok}}}\n`));
  expect([renamed.status, renamed.stdout]).toEqual([0, "shop@1+r3: registered (info.version 1 is another version's label, with other content); 3 operations; 0 endpoint(s) reclassified\n  +1 added  -0 removed  !0 newly deprecated\n"]);
});

test('spec push reads --version and --owner as the server reads them: trimmed', () => {
  // Before: `shop@ v1 : registered` locally (`shop@v1` through --server). An empty one is a usage error (above).
  const dir = mkdtempSync(join(tmpdir(), 'lantern-spec-'));
  const { LANTERN_SERVER: _server, LANTERN_TOKEN: _token, ...rest } = process.env;
  const env = { ...rest, DATABASE_URL: `file:${join(dir, 'lantern.db')}`, LANTERN_DATA_DIR: dir };
  expect(spawnSync(process.execPath, [LANTERN, 'migrate'], { encoding: 'utf8', env }).status).toBe(0);
  const file = join(dir, 'openapi.yaml');
  writeFileSync(file, 'openapi: 3.0.3\ninfo: {title: Shop, version: "1"}\npaths:\n  /items:\n    get: {responses: {"200": {description: ok}}}\n');
  const spaced = spawnSync(process.execPath, [LANTERN, 'spec', 'push', file, '--api', 'shop', '--version', ' v1 ', '--owner', ' shop '], { encoding: 'utf8', env });
  expect([spaced.status, spaced.stdout.split('\n')[0], spaced.stderr]).toEqual([0, 'shop@v1: registered (new API); 1 operations; 0 endpoint(s) reclassified', '']);
});
