import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { apiCaptureBuffer } from '../gen/pcap/write-capture';
import { LANTERN, TEST_ENV } from './logs-cli';

/**
 * A plain `extract` of captures stopped by Ctrl-C (SIGTERM): until 6 Dec it exited 0 (`extract x.pcap > out.jsonl &&
 * next` went on with part of the capture), and a capture named after the one being read was "stopped on request
 * after packet 0" and counted among the files read. Now 130 (143), as ingest and push, the summary says what was
 * read, and the capture not reached is said not read.
 */
test.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('a capture stopped by %s before its end: the summary so far, the rest said not read, exit %i', { timeout: 120_000 }, async (signal, exitCode) => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-extract-int-'));
  const [big, other] = [join(dir, 'big.pcap'), join(dir, 'other.pcap')];
  const { capture, exchanges } = apiCaptureBuffer({ seed: 7, targetBytes: 24_000_000 });
  writeFileSync(big, capture);
  writeFileSync(other, apiCaptureBuffer({ seed: 8, exchanges: 10 }).capture);
  const child = spawn(process.execPath, [LANTERN, 'extract', '--workers', '1', big, other], { env: TEST_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let records = 0;
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // Stopped at its first 1 MiB of output, a small part of the capture's: while a pipe is full it reads no further.
  child.stdout.on('data', (d: Buffer) => {
    if (records === 0) child.kill(signal);
    records += d.toString().split('\n').length - 1;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  expect(records).toBeLessThan(exchanges);
  const said = stderr.trim().split('\n');
  expect({ code, said }).toEqual({
    code: exitCode,
    said: [
      expect.stringMatching(new RegExp(`^lantern: exchanges ${records}, files 1, `)),
      expect.stringMatching(new RegExp(`^warning: ${big}: stopped on request after packet \\d+, before the end of the file; ${records} exchanges before it were kept$`)),
      `warning: stopped on request: 1 capture not read (${other})`,
    ],
  });
});
