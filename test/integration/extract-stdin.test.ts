import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { exchangeSchema, type Exchange } from '../../lib/exchange';
import { SHARED_FIXTURES } from '../require';
import { LANTERN, runExtract, TEST_ENV } from './logs-cli';

/** `lantern extract -`: standard input, as `tcpdump -w - | lantern extract -` or `zcat access.log.gz | …` feed it. */
function extractStdin(input: Buffer | string, args: string[] = []): { records: Exchange[]; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [LANTERN, 'extract', '-', ...args], { input, encoding: 'utf8', env: TEST_ENV, maxBuffer: 64 << 20 });
  return { records: r.stdout.split('\n').filter(Boolean).map((l) => exchangeSchema.parse(JSON.parse(l))), stderr: r.stderr, status: r.status };
}

/** The records of a file, as if they had come from standard input. */
const fromStdin = (records: Exchange[]) => records.map((r) => ({ ...r, source: { ...r.source, file: '-' } }));

test.each([
  ['pcap', 'pcap/zeek__pipelined-requests.pcap'],
  ['pcapng', 'pcap/chrissanders__http_espn.pcapng'],
  ['h2c pcap', 'pcap/suricata-verify__http2-keywords_h2c.pcap'],
  ['nginx log', 'logs/integrations_nginx_test-access.log'],
  ['JSON-lines log', 'logs/integrations_istio_test-access-json-logs.log'],
  ['HAR document', 'har/mitmproxy__chrome.har'],
])('a %s on standard input gives what the file gives, plain or gzipped', (_kind, fixture) => {
  const file = join(SHARED_FIXTURES, fixture);
  const expected = runExtract([file]);
  expect(expected.status).toBe(0);
  expect(expected.records.length).toBeGreaterThan(0);
  for (const input of [readFileSync(file), gzipSync(readFileSync(file))]) {
    const got = extractStdin(input);
    expect(got.status, got.stderr).toBe(0);
    expect(got.records).toEqual(fromStdin(expected.records));
  }
});

test('exchange JSON lines on standard input are read back as exchanges', () => {
  const file = join(SHARED_FIXTURES, 'pcap/zeek__http-methods.pcap');
  const first = runExtract([file]);
  const again = extractStdin(first.records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  expect(again.status, again.stderr).toBe(0);
  expect(again.records).toEqual(first.records);
});

test('a capture cut short on standard input keeps what came before and says where it ended; empty input and `-` twice are errors', () => {
  const capture = readFileSync(join(SHARED_FIXTURES, 'pcap/zeek__pipelined-requests.pcap'));
  const cut = extractStdin(capture.subarray(0, 30_000));
  expect(cut.status).toBe(0);
  expect(cut.records.length).toBeGreaterThan(0);
  expect(cut.stderr).toMatch(/warning: -: packet \d+: file ends inside the record; \d+ exchanges before it were kept/);
  const empty = extractStdin('');
  expect(empty.status).toBe(2);
  expect(empty.stderr).toContain('error: -: empty (or blank): nothing to read');
  const twice = extractStdin(capture, ['-']);
  expect(twice.stderr).toContain('error: -: standard input given twice');
  const followed = extractStdin(capture, ['--follow']);
  expect(followed.status).toBe(2);
  expect(followed.stderr).toContain('error: -: standard input cannot be followed (a pipe cannot resume after a restart); read it without --follow');
});

test.each([
  ['capture', 'pcap/zeek__pipelined-requests.pcap', /warning: -: stopped on request after packet \d+/],
  ['log', 'logs/integrations_nginx_test-access.log', undefined],
])('a live pipe (%s) that goes quiet: its records come out at once, and SIGTERM ends the run without waiting for more', async (_kind, fixture, said) => {
  const bytes = readFileSync(join(SHARED_FIXTURES, fixture));
  const expected = runExtract([join(SHARED_FIXTURES, fixture)]).records;
  const child = spawn(process.execPath, [LANTERN, 'extract', '-'], { env: TEST_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  // Written, and the pipe left open: a capture still running, a log still being tailed.
  child.stdin.write(bytes);
  const deadline = Date.now() + 10_000;
  const written = () => stdout.split('\n').filter(Boolean).length;
  // The capture's records come out as its connections close (here: all of them in the data sent), the
  // log's as its lines are read: while the pipe is still open, not at exit.
  while (written() < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(written()).toBe(expected.length);
  const code = await new Promise<number | null>((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  expect(code, stderr).toBe(0);
  const got = stdout.split('\n').filter(Boolean).map((l) => exchangeSchema.parse(JSON.parse(l)));
  expect(got).toEqual(fromStdin(expected));
  if (said) expect(stderr).toMatch(said);
}, 30_000);

test.each([['/dev/stdin'], ['a named pipe']])('a live pipe named as %s: its records come out as they are read, not at its end', { timeout: 30_000 }, async (named) => {
  // Until 6 Dec only `-` was flushed as it went: `extract /dev/stdin` (or `<(tail -f x.log)`) fed by a live writer
  // showed nothing until the writer ended, 1 MiB of records at a time.
  const line = (i: number) => `10.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "GET /api/seq/${i} HTTP/1.1" 200 9 "-" "curl/8"\n`;
  const fifo = join(mkdtempSync(join(tmpdir(), 'lantern-fifo-')), 'feed');
  if (named !== '/dev/stdin') execFileSync('mkfifo', [fifo]);
  const child = spawn(process.execPath, [LANTERN, 'extract', named === '/dev/stdin' ? named : fifo], { env: TEST_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
  const feed = named === '/dev/stdin' ? child.stdin : createWriteStream(fifo);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  for (let i = 0; i < 5; i++) feed.write(line(i));
  while (out.split('\n').filter(Boolean).length < 5) await new Promise((r) => setTimeout(r, 50));
  feed.end();
  expect(await exited).toBe(0);
  expect(out.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as Exchange).path)).toEqual(Array.from({ length: 5 }, (_, i) => `/api/seq/${i}`));
});

test('stopped in a pipeline (Ctrl-C, a systemd stop: the writer is stopped too), what the writer flushes as it stops is read', { timeout: 60_000 }, async () => {
  const line = (i: number) => `10.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "GET /api/seq/${i} HTTP/1.1" 200 9 "-" "curl/8"\n`;
  const child = spawn(process.execPath, [LANTERN, 'extract', '-'], { env: TEST_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.on('error', () => undefined); // before: gone when the writer's last lines came
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  for (let i = 0; i < 20; i++) child.stdin.write(line(i));
  while (out.split('\n').filter(Boolean).length < 20) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGINT');
  // The writer got the signal too: like `lantern mirror` (its open flows) or tcpdump (its buffer), it writes what it
  // held, then ends. Before: extract stopped reading at the signal, and these were lost.
  await new Promise((r) => setTimeout(r, 100));
  for (let i = 20; i < 30; i++) child.stdin.write(line(i));
  child.stdin.end();
  expect(await exited).toBe(0);
  expect(out.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as Exchange).path)).toEqual(Array.from({ length: 30 }, (_, i) => `/api/seq/${i}`));
});
