import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { disconnectDb } from '../../lib/db/client';
import { listShadowEndpointsOfHost } from '../../lib/db/endpoints';
import { loadSpecDocument } from '../../lib/openapi/load-spec';
import { reconstructOpenApi } from '../../lib/exports/shadow-openapi';
import { useFreshDatabase } from '../db-harness';
import { SHARED_FIXTURES } from '../require';

/**
 * The export's servers say how traffic reached the host, from capture or log through `lantern ingest` and the
 * stored evidence: a port-80 capture keeps no `:80` in its host, so only the recorded scheme tells it was plain HTTP.
 */
const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');
const fixture = (p: string) => join(SHARED_FIXTURES, p);
const servers = async (host: string) => reconstructOpenApi(host, await listShadowEndpointsOfHost(host)).servers;

beforeAll(async () => {
  const url = await useFreshDatabase('sqlite');
  const env = { ...process.env, DATABASE_URL: url };
  for (const input of ['pcap/zeek__http-vlan-0.pcap', 'har/redocly__drift_traffic.har', 'har/har-to-openapi__typed-params.har', 'har/optic__capture_har.har']) {
    await run(LANTERN, ['ingest', fixture(input)], { env });
  }
});
afterAll(() => disconnectDb());

test('a capture of plain HTTP on port 80 is exported with an http server', async () => {
  expect(await servers('bro.org')).toEqual([{ url: 'http://bro.org' }]);
});

test('a log whose URLs are http is exported with an http server, the port kept in the host', async () => {
  expect(await servers('localhost:3030')).toEqual([{ url: 'http://localhost:3030' }]);
});

test('a host seen over both http and https lists both, https first, and the document still loads', async () => {
  const doc = reconstructOpenApi('api.example.com', await listShadowEndpointsOfHost('api.example.com'));
  expect(doc.servers).toEqual([{ url: 'https://api.example.com' }, { url: 'http://api.example.com' }]);
  const loaded = await loadSpecDocument('observed', doc);
  expect(loaded.ok ? [] : loaded.problems).toEqual([]);
});
