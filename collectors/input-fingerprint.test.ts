import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { contentFingerprint, fingerprintInputs } from './input-fingerprint';
import { openStreamInput } from './stream-input';

const root = mkdtempSync(join(tmpdir(), 'lantern-input-fingerprint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The key `cat file | lantern push -` gives its input: the digest of all the pipe carried (bin/commands/ingest.ts). */
async function keyThroughPipe(file: string): Promise<string> {
  const input = await openStreamInput('-', createReadStream(file), { digest: true });
  for await (const _ of input.stream) void _;
  return fingerprintInputs(['-'], input.digest());
}

test("a file's content key is the key the same bytes have through a pipe; over the limit it has none", async () => {
  const log = join(root, 'access.log');
  writeFileSync(log, Array.from({ length: 2000 }, (_, i) => `10.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "GET /items/${i} HTTP/1.1" 200 9 "-" "curl/8"\n`).join(''));
  const key = await contentFingerprint(log);
  expect(key).toBe(await keyThroughPipe(log));
  expect(key).not.toBe(await fingerprintInputs([log]));
  expect(await contentFingerprint(log, 1000)).toBeUndefined();
  expect(await contentFingerprint(root)).toBeUndefined();
});
