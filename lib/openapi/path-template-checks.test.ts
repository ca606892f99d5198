import { expect, test } from 'vitest';
import { loadSpec, loadSpecDocument } from './load-spec';

const load = (paths: string) => loadSpec('t', '/t.yaml', () => `openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n${paths}`);
const get = "    get: {responses: {'200': {description: ok}}}\n";
const idParam = "      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'200': {description: ok}}\n";

test('a brace that opens or closes no template expression is refused at its path', async () => {
  // Before: each was registered and matched as literal text (`/users/{id` only by a request for `/users/%7Bid`), so
  // every call to the operation came out shadow.
  const cases: Array<[string, string]> = [
    ['/users/{id', 'has an expression that is never closed (character 8)'],
    ['/users/{id/posts', "has an expression that is not closed before the next '/' (character 8)"],
    ['/users/id}', "has a '}' that closes nothing at character 10"],
    ['/users/{{id}}', "has a '{' inside an expression at character 9"],
    ['/users/{}', "has an empty expression '{}' at character 8"],
  ];
  for (const [path, mistake] of cases) {
    expect(await load(`  ${JSON.stringify(path)}:\n${get}`)).toEqual({ ok: false, problems: [{ pointer: `/paths/${path.replace(/\//g, '~1')}`, message: `path template ${JSON.stringify(path)} ${mistake}` }] });
  }
});

test('a template expression no parameter declares, or a path parameter the template lacks, is a warning at its operation', async () => {
  const r = await load(`  /users/{userId}:\n    get:\n${idParam}  /orders/{id}.{format}:\n    get:\n${idParam}  /items/{id}:\n    get:\n${idParam}`);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  expect(r.warnings).toEqual([
    { pointer: '/paths/~1orders~1{id}.{format}/get', message: 'path parameter {format} of the template declared by no parameter (in: path)' },
    { pointer: '/paths/~1users~1{userId}/get', message: 'path parameter {userId} of the template declared by no parameter (in: path)' },
    { pointer: '/paths/~1users~1{userId}/get', message: "path parameter 'id' not in the template \"/users/{userId}\"" },
  ]);
  expect(r.spec.operations.map((o) => o.path)).toEqual(['/items/{id}', '/orders/{id}.{format}', '/users/{userId}']);
});

test('a spec stored before the check still loads, the malformed path a warning: its API keeps its other operations', async () => {
  const doc = { openapi: '3.0.3', info: { title: 'T', version: '1' }, paths: { '/users/{id': { get: { responses: { '200': { description: 'ok' } } } }, '/orders': { get: { responses: { '200': { description: 'ok' } } } } } };
  const r = await loadSpecDocument('stored', doc, [], { registered: true });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  expect([r.spec.operations.map((o) => o.path), r.warnings]).toEqual([['/orders', '/users/{id'], [{ pointer: '/paths/~1users~1{id', message: 'path template "/users/{id" has an expression that is never closed (character 8)' }]]);
  expect((await loadSpecDocument('new', doc)).ok).toBe(false);
});

test('a path holding a query string or a fragment is a warning at its path: requests are matched on their path alone', async () => {
  // Before: loaded without a word, its operations never matched (GET /search?type=user was a shadow GET /search) and
  // listed as unused for good.
  const r = await load(`  /search?type=user:\n${get}  /items#top:\n${get}  /find{?q}:\n${get}  /users/{id}:\n    get:\n${idParam}`);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  expect(r.warnings).toEqual([
    { pointer: '/paths/~1search?type=user', message: 'path "/search?type=user" holds a query string ("?type=user"): requests are matched on their path alone, so its operations are never matched (a call to "/search" is none of theirs); declare the query as parameters (in: query)' },
    { pointer: '/paths/~1items#top', message: 'path "/items#top" holds a fragment ("#top"): requests are matched on their path alone, so its operations are never matched (a call to "/items" is none of theirs); a fragment is never sent' },
    { pointer: '/paths/~1find{?q}', message: 'path "/find{?q}" holds a query string ("{?q}"): requests are matched on their path alone, so its operations are never matched (a call to "/find" is none of theirs); declare the query as parameters (in: query)' },
  ]);
});
