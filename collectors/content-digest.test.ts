import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, expect, test } from 'vitest';
import { extractExchanges } from './extract';
import { contentFingerprint, contentKey } from './input-fingerprint';
import { TEST_KEY } from './logs/test-helpers';
import { SHARED_FIXTURES } from '../test/require';

const root = mkdtempSync(join(tmpdir(), 'lantern-content-digest-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const LINES = Array.from({ length: 30_000 }, (_, i) => `10.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "GET /items/${i} HTTP/1.1" 200 9 "-" "curl/8"\n`).join('');
const write = (name: string, bytes: string | Buffer) => (writeFileSync(join(root, name), bytes), join(root, name));
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** What each reader said of the file it read, with `maxBytes` as the limit. */
async function digestsOf(file: string, maxBytes = 1 << 30): Promise<Record<string, string>> {
  const said: Record<string, string> = {};
  const report = await extractExchanges([file], { fingerprintKey: TEST_KEY, contentDigest: { maxBytes, done: (path, d) => void (said[path] = d) } }, () => {});
  expect(report.errors).toEqual([]);
  return said;
}

test('each file reader hashes the bytes on disk as it reads them: the key a second read gave, without the read', async () => {
  // Until 7 Dec push read each log again to hash it (contentFingerprint); the readers took no digest.
  const files = [
    write('access.log', LINES), // plain, read in 1 MiB chunks (more than one)
    write('access.log.gz', gzipSync(LINES)), // hashed compressed, as a pipe of it is
    `${SHARED_FIXTURES}logs/integrations_traefik_test-format-json.log`, // JSON lines
    `${SHARED_FIXTURES}har/mitmproxy__chrome.har`, // a JSON document, read whole
    write('chrome.har.gz', gzipSync(readFileSync(`${SHARED_FIXTURES}har/mitmproxy__chrome.har`))),
    write('exchanges.jsonl', `${JSON.stringify({ ts: '2026-12-04T10:00:00Z', host: 'api.test', method: 'GET', path: '/items/1', status: 200 })}\n`),
  ];
  for (const file of files) {
    const said = await digestsOf(file);
    expect(said, file).toEqual({ [file]: sha256(file) });
    expect(await contentKey(said[file]), file).toBe(await contentFingerprint(file));
  }
});

test('no digest for a file past the limit, nor for a gzip whose damaged member was read around', async () => {
  const log = write('big.log', LINES);
  expect(await digestsOf(log, readFileSync(log).length - 1)).toEqual({});
  expect(await digestsOf(log, readFileSync(log).length)).toEqual({ [log]: sha256(log) });
  const whole = gzipSync(LINES);
  const damaged = Buffer.concat([whole.subarray(0, 2000), Buffer.alloc(500), gzipSync('10.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "GET /after HTTP/1.1" 200 9 "-" "curl/8"\n')]);
  const said: Record<string, string> = {};
  const report = await extractExchanges([write('damaged.log.gz', damaged)], { fingerprintKey: TEST_KEY, contentDigest: { maxBytes: 1 << 30, done: (path, d) => void (said[path] = d) } }, () => {});
  expect(report.warnings.some((w) => w.includes('broken gzip data'))).toBe(true);
  expect(said).toEqual({});
});
