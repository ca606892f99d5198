import { expect, test } from 'vitest';
import { loadSpecDocument } from '../openapi/load-spec';
import { createDiscoveryEngine } from '../discovery/discovery-engine';
import { redactNamedSecrets } from './redact-named-secrets';

const KEY = 'CA11AB1E0123456789abcdef01234567';
const SHA = '9fceb02d0ae598e95dc970b74767f19372d61af8';

async function examplesOf(paths: string[]) {
  const r = await loadSpecDocument('darksky.yaml', {
    openapi: '3.0.3',
    info: { title: 'Dark Sky', version: '1' },
    servers: [{ url: 'https://api.darksky.test' }],
    paths: {
      '/forecast/{key}/{latitude},{longitude}': {
        parameters: ['key', 'latitude', 'longitude'].map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
        get: { responses: { '200': { description: 'ok' } } },
      },
      '/repos/{owner}/{repo}/commits/{sha}': {
        parameters: ['owner', 'repo', 'sha'].map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
        get: { responses: { '200': { description: 'ok' } } },
      },
    },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const e = createDiscoveryEngine({ specs: [r.spec] });
  for (const path of paths) e.addExchange({ ts: '2026-01-02T03:04:05Z', method: 'GET', host: 'api.darksky.test', path, status: 200 });
  return Object.fromEntries(e.result(new Date('2026-01-10T00:00:00Z')).endpoints.map((x) => [x.path, x.evidence.examplePaths]));
}

test("a path parameter a spec names as a key has its example values redacted; a hash the spec names as one keeps its value", async () => {
  // Until 7 Dec Dark Sky's key (32 hex: an identifier's shape) stayed in the example paths, stored and exported.
  const examples = await examplesOf([`/forecast/${KEY}/37.8,-122.4`, `/forecast/${KEY}/40.7,-74.0`, `/repos/octo/hello/commits/${SHA}`]);
  expect(examples['/forecast/{key}/{latitude},{longitude}']).toEqual(['/forecast/{redacted}/37.8,-122.4', '/forecast/{redacted}/40.7,-74.0']);
  expect(examples['/repos/{owner}/{repo}/commits/{sha}']).toEqual([`/repos/octo/hello/commits/${SHA}`]);
  expect(JSON.stringify(examples)).not.toContain(KEY);
});

test('a key under a named parameter is redacted when the request had a trailing slash or an empty segment, which matching ignores', async () => {
  // Until 7 Dec the example's segments were counted as sent: `/forecast/<key>/37.8,-122.4/` (one segment more than the
  // template) matched the documented operation and kept the key in its example paths, stored and exported.
  const examples = await examplesOf([`/forecast/${KEY}/37.8,-122.4/`, `/forecast//${KEY}/40.7,-74.0`]);
  expect(examples['/forecast/{key}/{latitude},{longitude}']).toEqual(['/forecast//{redacted}/40.7,-74.0', '/forecast/{redacted}/37.8,-122.4/']);
  expect(redactNamedSecrets('/v1/{token}/', [`/v1/${KEY}`, `/v1/${KEY}/`])).toEqual(['/v1/{redacted}', '/v1/{redacted}/']);
});

test('only a whole name of a credential, and only a value shaped as a key', () => {
  for (const name of ['key', 'apiKey', 'api_key', 'api-key', 'token', 'accessToken', 'secret', 'clientSecret', 'signature']) {
    expect(redactNamedSecrets(`/v1/{${name}}/items`, [`/v1/${KEY}/items`]), name).toEqual(['/v1/{redacted}/items']);
  }
  // Names that only mention a key, and engine names for hex.
  for (const name of ['objectKey', 'partitionKey', 'publicKey', 'keyId', 'hash', 'sha', 'forecastId', 'monkey']) {
    expect(redactNamedSecrets(`/v1/{${name}}/items`, [`/v1/${KEY}/items`]), name).toEqual([`/v1/${KEY}/items`]);
  }
  // A key-value store's key or an object's name: words, a file's name, short, or spanning segments.
  for (const value of ['config', 'feature_flag_2024_enabled', 'IMG_20240101_123456.jpg', 'abc123']) {
    expect(redactNamedSecrets('/v1/kv/{key}', [`/v1/kv/${value}`]), value).toEqual([`/v1/kv/${value}`]);
  }
  expect(redactNamedSecrets('/v1/kv/{key}', ['/v1/kv/a/b'])).toEqual(['/v1/kv/a/b']);
});
