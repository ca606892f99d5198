import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { SHARED_FIXTURES } from '../../test/require';

const LANTERN = fileURLToPath(new URL('../lantern', import.meta.url));
const ENV = { ...process.env, LANTERN_FINGERPRINT_KEY: 'discover-test-fingerprint-key' };
const PETSTORE = `${SHARED_FIXTURES}specs/oai__petstore_v2.yaml`;
const dir = mkdtempSync(join(tmpdir(), 'lantern-discover-'));

function discover(args: string[]) {
  const r = spawnSync(process.execPath, [LANTERN, 'discover', ...args], { encoding: 'utf8', env: ENV });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function jsonl(name: string, exchanges: Array<Partial<Exchange>>): string {
  const file = join(dir, name);
  writeFileSync(file, exchanges.map((e) => JSON.stringify({ ts: '2026-02-01T10:00:00Z', status: 200, ...e })).join('\n') + '\n');
  return file;
}

const traffic = jsonl('petstore.jsonl', [
  { host: 'petstore.swagger.io', method: 'GET', path: '/v1/pets', query: ['limit'] },
  { host: 'petstore.swagger.io', method: 'GET', path: '/v1/pets/17' },
  { method: 'GET', path: '/v1/pets/18' },
  { host: 'petstore.swagger.io', method: 'DELETE', path: '/v1/pets/19', status: 204 },
  { host: 'petstore.swagger.io', method: 'GET', path: '/v1/pets/20/vaccinations' },
  { host: 'petstore.swagger.io', method: 'GET', path: '/v1/healthz' },
  { method: 'GET', path: '/status/ping' },
]);

test('--json prints the documented shape: endpoints with state, unused operations', () => {
  const r = discover([traffic, '--spec', PETSTORE, '--host', 'edge.test', '--json']);
  expect(r.status).toBe(0);
  const out = JSON.parse(r.stdout) as { endpoints: Array<Record<string, unknown>>; unused: Array<Record<string, unknown>> };
  expect(out.endpoints.map(({ host, method, path, state, requests, operationId }) => ({ host, method, path, state, requests, operationId }))).toEqual([
    { host: 'edge.test', method: 'GET', path: '/status/ping', state: 'shadow', requests: 1, operationId: null },
    { host: 'petstore.swagger.io', method: 'GET', path: '/v1/healthz', state: 'shadow', requests: 1, operationId: null },
    { host: 'petstore.swagger.io', method: 'GET', path: '/v1/pets', state: 'documented', requests: 1, operationId: 'listPets' },
    { host: 'petstore.swagger.io', method: 'DELETE', path: '/v1/pets/{petId}', state: 'shadow', requests: 1, operationId: null },
    { host: 'petstore.swagger.io', method: 'GET', path: '/v1/pets/{petId}', state: 'documented', requests: 2, operationId: 'showPetById' },
    { host: 'petstore.swagger.io', method: 'GET', path: '/v1/pets/{petId}/vaccinations', state: 'shadow', requests: 1, operationId: null },
  ]);
  expect(out.unused).toEqual([{ method: 'POST', path: '/v1/pets', operationId: 'createPets', specId: 'oai__petstore_v2.yaml', deprecated: false }]);
  expect(r.stderr).toMatch(/^lantern: exchanges 7, /);
});

test('without --json: a table grouped by state, shadow first', () => {
  const r = discover([traffic, '--spec', PETSTORE]);
  expect(r.status).toBe(0);
  expect(r.stdout.split('\n').filter((l) => /^[A-Z]+ \(\d+\)$/.test(l))).toEqual(['SHADOW (4)', 'ZOMBIE (0)', 'DOCUMENTED (2)', 'UNUSED (1)']);
  expect(r.stdout).toContain('  DELETE  petstore.swagger.io/v1/pets/{petId}');
});

test('--override ignores and merges; a malformed override file exits 2', () => {
  const overrides = join(dir, 'overrides.json');
  writeFileSync(overrides, JSON.stringify([{ pattern: '/v1/healthz', action: 'ignore' }, { pattern: '/status/**', action: 'ignore' }]));
  const r = discover([traffic, '--spec', PETSTORE, '--override', overrides, '--json']);
  expect((JSON.parse(r.stdout).endpoints as Array<{ path: string }>).map((e) => e.path)).toEqual(['/v1/pets', '/v1/pets/{petId}', '/v1/pets/{petId}', '/v1/pets/{petId}/vaccinations']);
  writeFileSync(overrides, '[{"pattern":"/x","action":"explode"}]');
  const bad = discover([traffic, '--spec', PETSTORE, '--override', overrides]);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('not a list of overrides');
});

test('an override file that is no JSON is said by line and column, never by its text', () => {
  // Until 6 Dec V8's message was printed, quoting the file (`..."pattern": sk_live_CA"... is not valid JSON`).
  const overrides = join(dir, 'overrides-not-json.json');
  writeFileSync(overrides, '[{"action": "ignore",\n  "pattern": sk_live_CANARYsecretvalue123}]');
  const bad = discover([traffic, '--override', overrides]);
  expect([bad.status, bad.stderr]).toEqual([2, `${overrides}: not a list of overrides {host?, method?, pattern, action: merge|split|ignore}: not JSON (line 2, column 14: InvalidSymbol)\n`]);
});

test('an invalid spec is refused with the JSON pointer of each problem', () => {
  const r = discover([traffic, '--spec', `${SHARED_FIXTURES}specs/optic__capture_har_openapi.yml`]);
  expect(r.status).toBe(2);
  expect(r.stderr).toBe(`${SHARED_FIXTURES}specs/optic__capture_har_openapi.yml#/paths/~1form/post/responses: must declare at least one response\n`);
});

test('credentials and personal data in request paths never reach the output, --json or table', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yQV_adQssw5c';
  const log = join(dir, 'secrets.log');
  const line = (path: string) => `1.2.3.4 - - [05/Dec/2026:10:00:00 +0000] "GET ${path} HTTP/1.1" 200 12 "-" "curl/8"\n`;
  writeFileSync(log, [`/reset/${jwt}`, '/hidden/sk_live_51HqLyjWDarjtT1zdp7dcXYZabc', '/hidden2/john.doe@example.com', '/reset/abc'].map(line).join(''));
  const spec = join(dir, 'reset.yaml');
  writeFileSync(spec, "openapi: 3.0.3\ninfo: {title: s, version: '1'}\npaths:\n  /reset/{token}:\n    get: {responses: {'200': {description: ok}}}\n");
  const json = discover([log, '--spec', spec, '--json']);
  const table = discover([log, '--spec', spec]);
  for (const out of [json.stdout, json.stderr, table.stdout, table.stderr]) expect(out).not.toMatch(/eyJhbGciOi|sk_live_|john\.doe|example\.com/);
  const examples = (JSON.parse(json.stdout).endpoints as Array<{ path: string; evidence: { examplePaths: string[] } }>).map((e) => [e.path, e.evidence.examplePaths]);
  expect(examples).toEqual([
    ['/hidden/{hiddenId}', ['/hidden/{redacted}']],
    ['/hidden2/{email}', ['/hidden2/{redacted}']],
    ['/reset/{token}', ['/reset/abc', '/reset/{redacted}']],
  ]);
});

test('traffic from before a sunset is no zombie, however late the log is read; the passed sunset is still said', () => {
  const log = join(dir, 'before.log');
  writeFileSync(log, '1.2.3.4 - - [05/Jan/2025:10:00:00 +0000] "GET /legacy HTTP/1.1" 200 12 "-" "curl/8"\n');
  const spec = join(dir, 'sunset.yaml');
  writeFileSync(spec, "openapi: 3.0.3\ninfo: {title: s, version: '1'}\npaths:\n  /legacy:\n    get: {operationId: legacy, x-sunset: '2025-06-01', responses: {'200': {description: ok}}}\n");
  const json = discover([log, '--spec', spec, '--json']);
  expect((JSON.parse(json.stdout).endpoints as Array<Record<string, unknown>>).map(({ path, state, zombieReasons, sunsetPassed }) => ({ path, state, zombieReasons, sunsetPassed }))).toEqual([
    { path: '/legacy', state: 'documented', zombieReasons: undefined, sunsetPassed: true },
  ]);
  expect(discover([log, '--spec', spec]).stdout).toContain('  GET  /legacy  1  legacy  past-sunset-no-calls-since, deprecated-operation\n');
});

test('inputs that cannot be read print no report, only the error (exit 2); a readable one beside them is still reported', () => {
  // Before: an empty SHADOW/ZOMBIE/DOCUMENTED/UNUSED table on stdout, as if the traffic had been read and held nothing.
  const missing = join(dir, 'nope.log');
  const alone = discover([missing]);
  expect([alone.status, alone.stdout]).toEqual([2, '']);
  expect(alone.stderr).toContain(`${missing}: no such file or directory`);
  const beside = discover([traffic, missing, '--json']);
  expect(beside.status).toBe(2);
  expect(JSON.parse(beside.stdout).endpoints.length).toBeGreaterThan(0);
});

test('--spec naming a directory says it is a directory, not that it is missing', () => {
  const r = discover([traffic, '--spec', dir]);
  expect(r.status).toBe(2);
  expect(r.stderr).toBe(`${dir}#: cannot read ${dir}: it is a directory, not a spec file\n`);
});

test('a spec that is not UTF-8 is refused with the offset of the first bad byte', () => {
  const spec = join(dir, 'latin1.yaml');
  writeFileSync(spec, Buffer.from('openapi: 3.0.3\ninfo: {title: "café", version: "1"}\npaths: {}\n', 'latin1'));
  const r = discover([traffic, '--spec', spec]);
  expect(r.status).toBe(2);
  expect(r.stderr).toBe(`${spec}#: not valid UTF-8: the byte sequence at byte offset 33 is not a character (save the file as UTF-8)\n`);
});

test('--nginx-format and --apache-format read a custom log format, as they do for extract and ingest', () => {
  const file = join(dir, 'custom.log');
  writeFileSync(file, ['2026-12-01T10:00:00Z api.example.org "GET /orders/17 HTTP/1.1" 200', '2026-12-01T10:00:01Z api.example.org "POST /orders HTTP/1.1" 201', ''].join('\n'));
  const formats: [string, string][] = [
    ['--nginx-format', '$time_iso8601 $host "$request" $status'],
    ['--apache-format', '%{%Y-%m-%dT%H:%M:%SZ}t %v "%r" %>s'],
  ];
  for (const [option, format] of formats) {
    const r = discover([file, option, format, '--json']);
    expect(r.status, `${option}: ${r.stderr}`).toBe(0);
    const out = JSON.parse(r.stdout) as { endpoints: Array<Record<string, unknown>> };
    expect(out.endpoints.map(({ host, method, path, state, requests }) => ({ host, method, path, state, requests })), option).toEqual([
      { host: 'api.example.org', method: 'POST', path: '/orders', state: 'shadow', requests: 1 },
      { host: 'api.example.org', method: 'GET', path: '/orders/{orderId}', state: 'shadow', requests: 1 },
    ]);
  }
});

test('two --spec files of the same name (v1/openapi.yaml, v2/openapi.yaml) are told apart by their paths, whatever their order', () => {
  // Before: both were specId 'openapi.yaml', so the order of --spec chose which copy of GET /users/{id} was called.
  const users = (operationId: string, extra: string) =>
    `openapi: 3.0.3\ninfo: {title: users, version: '1'}\nservers: [{url: 'https://api.example.com'}]\npaths:\n  /users/{id}:\n    parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n    get: {operationId: ${operationId}, responses: {'200': {description: ok}}}\n${extra}`;
  const [v1, v2] = ['v1', 'v2'].map((v) => join(dir, v, 'openapi.yaml'));
  mkdirSync(join(dir, 'v1'));
  mkdirSync(join(dir, 'v2'));
  writeFileSync(v1, users('getUserV1', ''));
  writeFileSync(v2, users('getUserV2', "  /orders:\n    get: {operationId: listOrders, responses: {'200': {description: ok}}}\n"));
  const input = jsonl('users.jsonl', [{ host: 'api.example.com', method: 'GET', path: '/users/7' }]);
  for (const order of [[v1, v2], [v2, v1]]) {
    const out = JSON.parse(discover([input, '--spec', order[0], '--spec', order[1], '--json']).stdout) as { endpoints: Array<Record<string, unknown>>; unused: Array<Record<string, unknown>> };
    expect(out.endpoints.map((e) => [e.operationId, e.specId])).toEqual([['getUserV1', v1]]);
    expect(out.unused.map((u) => [u.operationId, u.specId])).toEqual([['listOrders', v2]]);
  }
});

test('a --host no server would take (a stray space, a slash) is refused before reading, naming it; a port or an IPv6 literal is a host', () => {
  const hostless = jsonl('hostless.jsonl', [{ method: 'GET', path: '/a' }]);
  for (const host of [' shop.test', 'shop.test/v1', 'shop test']) {
    const r = discover(['--host', host, hostless]);
    // A usage error, as every option value no run can take (until 6 Dec exit 1, as a failure).
    expect([r.status, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toContain(`--host ${JSON.stringify(host)} is not a host name`);
  }
  for (const host of ['shop.test:8080', '[::1]:8080']) {
    const r = discover(['--host', host, '--json', hostless]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).endpoints.map((e: { host: string }) => e.host)).toEqual([host]);
  }
});

test('a --spec file named twice, or through a symlink, is read once, said in a warning', () => {
  // Before: loaded twice under one id, every operation nobody called was listed twice among the unused.
  const link = join(dir, 'petstore-link.yaml');
  symlinkSync(PETSTORE, link);
  const r = discover([traffic, '--spec', PETSTORE, '--spec', PETSTORE, '--spec', link, '--json']);
  expect(r.status).toBe(0);
  const out = JSON.parse(r.stdout) as { unused: Array<Record<string, unknown>> };
  expect(out.unused).toEqual([{ method: 'POST', path: '/v1/pets', operationId: 'createPets', specId: 'oai__petstore_v2.yaml', deprecated: false }]);
  expect(r.stderr.split('\n').filter((l) => l.startsWith('warning:'))).toEqual([
    `warning: ${PETSTORE}: --spec named twice, read once`,
    `warning: ${link}: --spec of the same file as ${PETSTORE}, read once`,
  ]);
});

test('--json gives each endpoint its latency in ms (count, mean, percentiles, max), null where nothing was timed', () => {
  const timed = jsonl('timed.jsonl', [
    ...[12, 14, 18, 20, 250].map((latencyMs, i) => ({ host: 'api.example.com', method: 'GET', path: `/orders/${100 + i}`, latencyMs })),
    { host: 'api.example.com', method: 'GET', path: '/health' },
  ]);
  const r = discover([timed, '--json']);
  expect(r.status).toBe(0);
  const out = JSON.parse(r.stdout) as { endpoints: Array<{ path: string; latency: unknown }> };
  // p50 is 18 ms, estimated as the middle of its bucket [15.22, 18.10); the last rank (p95, p99 of five) is the max itself.
  expect(out.endpoints.map(({ path, latency }) => ({ path, latency }))).toEqual([
    { path: '/health', latency: null },
    { path: '/orders/{orderId}', latency: { count: 5, mean: 62.8, p50: 16.6, p95: 250, p99: 250, max: 250 } },
  ]);
});
