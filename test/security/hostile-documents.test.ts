import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as specsRoute from '../../app/api/apis/[api]/specs/route';
import * as ingestRoute from '../../app/api/ingest/route';
import * as otlpRoute from '../../app/api/otlp/v1/traces/route';
import { disconnectDb } from '../../lib/db/client';
import { createApiToken } from '../../lib/db/tokens';
import { loadSpecDocument } from '../../lib/openapi/load-spec';
import { MAX_SPEC_BYTES, parseSpecText } from '../../lib/openapi/parse-document';
import { useFreshDatabase } from '../db-harness';
import { deepArray, deepObject, extractFile, MB, memoryGrowth } from './hostile-helpers';

/**
 * Hostile documents at every door: 10,000-level-deep JSON and YAML (parsers, the collectors' document readers and
 * the API), decompression bombs and oversized bodies (ingest, OTLP, spec upload), and random text for the OpenAPI
 * loader. Each must end in a clean status (4xx, a problem list, a skipped record) — never a 500, a throw, a hang
 * (the test timeout is the time budget) or unbounded memory.
 */
const DEPTH = 10_000;
let ingestHeaders: Record<string, string>;
let specHeaders: Record<string, string>;

beforeAll(async () => {
  await useFreshDatabase('sqlite');
  ingestHeaders = { authorization: `Bearer ${(await createApiToken({ name: 'hostile-ingest', scopes: ['ingest'] })).token}` };
  specHeaders = { authorization: `Bearer ${(await createApiToken({ name: 'hostile-specs', scopes: ['specs:write'] })).token}` };
});
afterAll(() => disconnectDb());

type Route = (req: Request, ctx: { params: Promise<never> }) => Promise<Response>;
async function post(handler: Route, url: string, init: RequestInit & { headers: Record<string, string> }, params: Record<string, string> = {}) {
  const res = await handler(new Request(`http://localhost${url}`, { method: 'POST', duplex: 'half', ...init } as RequestInit), { params: Promise.resolve(params) as Promise<never> });
  return { status: res.status, body: (await res.json().catch(() => null)) as { error?: { code: string } } | null };
}

/** A body that streams `total` bytes of `fill` without ever holding them: a chunked upload with no Content-Length. */
function endlessBody(total: number, fill = 0x20): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(MB).fill(fill);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
}

describe('10,000-level-deep JSON and YAML', () => {
  const cases = { 'nested arrays': deepArray(DEPTH), 'nested objects': deepObject(DEPTH) };

  for (const [shape, json] of Object.entries(cases)) {
    test(`${shape}: ingest and OTLP answer 400, never 500`, async () => {
      const ingest = await post(ingestRoute.POST, '/api/ingest', { headers: { ...ingestHeaders, 'content-type': 'application/json' }, body: `{"idempotencyKey":"deep-json-0000001","collector":{"name":"x","kind":"log"},"observations":${json}}` });
      expect([ingest.status, ingest.body?.error?.code]).toEqual([400, 'invalid_request']);
      const otlp = await post(otlpRoute.POST, '/api/otlp/v1/traces', { headers: { ...ingestHeaders, 'content-type': 'application/json' }, body: `{"resourceSpans":${json}}` });
      expect(otlp.status).toBeLessThan(500);
    }, 30_000);

    test(`${shape}: the OpenAPI loader returns problems, and the spec upload answers 4xx`, async () => {
      const doc = `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":{"Deep":${json}}}}`;
      expect(parseSpecText(doc)).toEqual({ ok: false, problems: [{ pointer: '', message: 'document nests deeper than 256 levels' }] });
      const upload = await post(specsRoute.POST, '/api/apis/deep/specs', { headers: { ...specHeaders, 'content-type': 'application/json' }, body: doc }, { api: 'deep' });
      expect([upload.status, upload.body?.error?.code]).toEqual([422, 'invalid_spec']);
    }, 30_000);

    test(`${shape}: HAR, OTLP and JSON-lines files are read without a throw`, async () => {
      for (const [name, content] of [
        ['deep.har', `{"log":{"version":"1.2","entries":${json}}}`],
        ['deep.otlp.json', `{"resourceSpans":${json}}`],
        ['deep.jsonl', `{"request":${json},"status":200}\n{"method":"GET","path":"/ok","host":"a.test","status":200,"time":"2025-01-01T00:00:00Z"}\n`],
      ] as const) {
        const { report } = await extractFile(name, content);
        expect(report.errors.filter((e) => /RangeError|Maximum call stack/.test(e))).toEqual([]);
      }
    }, 60_000);
  }

  test('10,000-deep YAML flow and block nesting: a problem, not a stack overflow', () => {
    for (const yaml of [`openapi: 3.0.3\nx-deep: ${deepArray(DEPTH)}\n`, `openapi: 3.0.3\nx-deep:\n${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i + 2)}- `).join('\n')}1\n`]) {
      let result: ReturnType<typeof parseSpecText> | undefined;
      expect(() => (result = parseSpecText(yaml))).not.toThrow();
      expect(result!.ok === true || result!.problems.length > 0).toBe(true);
    }
  }, 30_000);
});

describe('decompression bombs and oversized bodies', () => {
  // 256 MiB of zeros gzip to ~250 KB; the default ingest limit is 32 MiB after decoding.
  const bomb = gzipSync(Buffer.alloc(256 * MB));

  test('a gzip bomb on ingest and OTLP: 413 without inflating it into memory', async () => {
    for (const [handler, url] of [[ingestRoute.POST, '/api/ingest'], [otlpRoute.POST, '/api/otlp/v1/traces']] as const) {
      let res: Awaited<ReturnType<typeof post>> | undefined;
      const growth = await memoryGrowth(async () => {
        res = await post(handler, url, { headers: { ...ingestHeaders, 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bomb });
      });
      expect([res!.status, res!.body?.error?.code]).toEqual([413, 'too_large']);
      expect(growth).toBeLessThan(96 * MB);
    }
    // A hang detector, not a speed claim: inflating 256 MB takes seconds on a busy 2-core CI machine.
  }, 120_000);

  test('a body over the limit is refused from its Content-Length, and a chunked one as soon as it passes the limit', async () => {
    const declared = await post(ingestRoute.POST, '/api/ingest', { headers: { ...ingestHeaders, 'content-type': 'application/json', 'content-length': String(64 * MB) }, body: '{}' });
    expect([declared.status, declared.body?.error?.code]).toEqual([413, 'too_large']);
    let chunked: Awaited<ReturnType<typeof post>> | undefined;
    const growth = await memoryGrowth(async () => {
      chunked = await post(ingestRoute.POST, '/api/ingest', { headers: { ...ingestHeaders, 'content-type': 'application/json' }, body: endlessBody(512 * MB) });
    });
    expect([chunked!.status, chunked!.body?.error?.code]).toEqual([413, 'too_large']);
    expect(growth).toBeLessThan(128 * MB);
  }, 60_000);

  test('an oversized spec upload (raw or multipart, no Content-Length) is refused at the limit', async () => {
    for (const type of ['application/yaml', 'multipart/form-data; boundary=x']) {
      let res: Awaited<ReturnType<typeof post>> | undefined;
      const growth = await memoryGrowth(async () => {
        res = await post(specsRoute.POST, '/api/apis/big/specs', { headers: { ...specHeaders, 'content-type': type }, body: endlessBody(4 * MAX_SPEC_BYTES) }, { api: 'big' });
      });
      expect([res!.status, res!.body?.error?.code]).toEqual([413, 'payload_too_large']);
      expect(growth).toBeLessThan(MAX_SPEC_BYTES * 3);
    }
  }, 120_000);
});

describe('the OpenAPI loader on random input', () => {
  test('random text as JSON or YAML: a document or problems, never a throw (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.json({ maxDepth: 6 }), fc.string({ unit: fc.constantFrom('{', '}', '[', ']', ':', '-', ' ', '\n', '&a', '*a', '!!', '"', "'", '#', '|', '>') })), (text) => {
        const r = parseSpecText(text);
        expect(r.ok || r.problems.length > 0).toBe(true);
      }),
      { numRuns: 500, seed: 5 },
    );
  }, 60_000);

  test('random JSON values under the OpenAPI keys: loadSpecDocument resolves with a status (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('3.0.3', '3.1.0', '2.0', 3, null), fc.jsonValue({ maxDepth: 5 }), fc.jsonValue({ maxDepth: 5 }), async (version, paths, components) => {
        const doc = { [version === '2.0' ? 'swagger' : 'openapi']: version, info: { title: 't', version: '1' }, paths, components };
        const r = await loadSpecDocument('random', doc);
        expect(r.ok || r.problems.length > 0).toBe(true);
      }),
      { numRuns: 60, seed: 6 },
    );
  }, 60_000);
});
