import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { SHARED_FIXTURES } from '../require';
import { kill, outputLines, startFollower, waitFor } from './follow-process';
import { runExtract } from './logs-cli';

/**
 * An istio-proxy (or any Envoy) container starts with a hundred lines or more of Envoy's own log on stderr before its
 * first access line on stdout. Until 6 Dec the format was sniffed from the first 50 lines, all diagnostics: "no known
 * log format", and the container's access log was never read (by `--follow` neither).
 */
const dir = mkdtempSync(join(tmpdir(), 'lantern-startup-'));
const istio = readFileSync(join(SHARED_FIXTURES, 'logs', 'integrations_istio_test-access-json-logs.log'), 'utf8').split('\n').filter((l) => l.length > 0);
const T = '2022-09-08T12:51:05.000000000Z';
const startup = Array.from({ length: 120 }, (_v, i) => `[2022-09-08 12:51:04.${String(i).padStart(3, '0')}][15][info][main] [external/envoy/source/server/server.cc:${400 + i}] initializing epoch 0 (base id=0, hot restart version=11.104)`);

test('a CRI log whose first lines are all the proxy stderr diagnostics is read', () => {
  const path = join(dir, 'cri.log');
  writeFileSync(path, [...startup.map((l) => `${T} stderr F ${l}`), ...istio.map((l) => `${T} stdout F ${l}`), ''].join('\n'));
  const { records, stderr, status } = runExtract([path]);
  expect(status).toBe(0);
  expect(records.map((r) => [r.path, r.status, r.source!.line])).toEqual([['/reviews/0', 200, 121], ['/reviews/0', 200, 122], [undefined, 400, 123]]);
  expect(stderr).toMatch(/exchanges 3, files 1, lines 123, malformed 0, skipped 120/);
});

test('a Docker json-file log likewise', () => {
  const path = join(dir, 'docker-json.log');
  const entry = (log: string, stream: string) => JSON.stringify({ log: `${log}\n`, stream, time: T });
  writeFileSync(path, [...startup.map((l) => entry(l, 'stderr')), ...istio.map((l) => entry(l, 'stdout')), ''].join('\n'));
  const { records, stderr } = runExtract([path]);
  expect(records.map((r) => r.source!.line)).toEqual([121, 122, 123]);
  expect(stderr).toMatch(/exchanges 3, files 1, lines 123, malformed 0, skipped 120/);
});

test('--follow reads it too', { timeout: 60_000 }, async () => {
  const path = join(dir, 'followed', '0.log');
  const out = join(dir, 'followed.jsonl');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(dir, 'followed'));
  writeFileSync(path, [...startup.map((l) => `${T} stderr F ${l}`), ...istio.map((l) => `${T} stdout F ${l}`), ''].join('\n'));
  writeFileSync(out, '');
  const child = startFollower(join(dir, 'followed'), out, [path]);
  await waitFor('three records', () => outputLines(out).length >= 3, 15_000);
  const { code } = await kill(child, 'SIGTERM');
  expect(code).toBe(0);
  expect(outputLines(out)).toHaveLength(3);
});

test("and when the first 50 lines on stdout are the sidecar agent's own log (pilot-agent's FLAG lines), the head is looked at further", () => {
  const path = join(dir, 'agent-first.log');
  const agent = Array.from({ length: 80 }, (_v, i) => `2022-09-08T12:51:03.${String(i).padStart(6, '0')}Z\tinfo\tFLAG: --flag${i}="value"`);
  writeFileSync(path, [...agent.map((l) => `${T} stdout F ${l}`), ...startup.map((l) => `${T} stderr F ${l}`), ...istio.map((l) => `${T} stdout F ${l}`), ''].join('\n'));
  const { records, stderr } = runExtract([path]);
  expect(records.map((r) => r.source!.line)).toEqual([201, 202, 203]);
  // The agent's lines are no access lines: malformed, and said so.
  expect(stderr).toMatch(/exchanges 3, files 1, lines 203, malformed 80, skipped 120/);
});

test('a plain file is still judged by its first lines: prose quoting an access line further down is no log', () => {
  const path = join(dir, 'README.txt');
  const prose = Array.from({ length: 60 }, (_v, i) => `Paragraph ${i} of how the proxy is set up.`);
  writeFileSync(path, [...prose, istio[0], ''].join('\n'));
  const { records, stderr } = runExtract([path]);
  expect(records).toEqual([]);
  expect(stderr).toContain('no known log format fits its first 50 lines');
});

test.each([['a directory', true], ['a named log', false]])(
  '--follow of %s: a sidecar that has logged only its own startup is waited on, and its access lines read when they come',
  { timeout: 60_000 },
  async (_what, asDirectory) => {
    const { appendFileSync, mkdirSync } = await import('node:fs');
    const { setTimeout: sleep } = await import('node:timers/promises');
    const pod = join(dir, `idle-${asDirectory ? 'dir' : 'file'}`);
    mkdirSync(pod);
    const path = join(pod, '0.log');
    const out = join(dir, `idle-${asDirectory ? 'dir' : 'file'}.jsonl`);
    writeFileSync(path, `${startup.map((l) => `${T} stderr F ${l}`).join('\n')}\n`);
    writeFileSync(out, '');
    const child = startFollower(pod, out, [asDirectory ? pod : path]);
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr += d));
    await sleep(1000); // several looks at a log with no access line yet
    appendFileSync(path, `${istio.map((l) => `${T} stdout F ${l}`).join('\n')}\n`);
    await waitFor('three records', () => outputLines(out).length >= 3, 15_000);
    await kill(child, 'SIGTERM');
    expect(outputLines(out)).toHaveLength(3);
    expect(stderr).not.toContain('no known log format');
  },
);

test('extract of an idle sidecar log (its startup only) says there is nothing to read yet, and does not fail the run', () => {
  const idle = join(dir, 'idle-static.log');
  writeFileSync(idle, `${startup.map((l) => `${T} stderr F ${l}`).join('\n')}\n`);
  const busy = join(dir, 'busy-static.log');
  writeFileSync(busy, `${istio.map((l) => `${T} stdout F ${l}`).join('\n')}\n`);
  const { records, stderr, status } = runExtract([idle, busy]);
  expect(status).toBe(0);
  expect(records).toHaveLength(3);
  expect(stderr).toContain(`${idle}: only its container's stderr lines, none an access line (the proxy's own log): nothing to read yet`);
  expect(stderr).not.toContain('no known log format');
});

/** More of Envoy's own startup on stderr than the 256 KiB head holds (a debug-level istio-proxy: thousands of lines). */
const longStartup = Array.from({ length: 3000 }, (_v, i) => startup[i % startup.length]);

test('a container log whose stderr startup outgrows the 256 KiB head is read: extract and gzip', async () => {
  const path = join(dir, 'long-startup.log');
  writeFileSync(path, [...longStartup.map((l) => `${T} stderr F ${l}`), ...istio.map((l) => `${T} stdout F ${l}`), ''].join('\n'));
  const { gzipSync } = await import('node:zlib');
  writeFileSync(`${path}.1.gz`, gzipSync(readFileSync(path)));
  for (const file of [path, `${path}.1.gz`]) {
    const { records, stderr, status } = runExtract([file]);
    expect(status).toBe(0);
    expect(records.map((r) => r.source!.line)).toEqual([3001, 3002, 3003]);
    expect(stderr).toMatch(/exchanges 3, files 1, lines 3003, malformed 0, skipped 3000/);
  }
});

test.each([['a directory', true], ['a named log', false]])(
  '--follow of %s: a sidecar whose stderr startup outgrows the head is read when its access lines come',
  { timeout: 60_000 },
  async (_what, asDirectory) => {
    const { appendFileSync, mkdirSync } = await import('node:fs');
    const { setTimeout: sleep } = await import('node:timers/promises');
    const pod = join(dir, `long-idle-${asDirectory ? 'dir' : 'file'}`);
    mkdirSync(pod);
    const path = join(pod, '0.log');
    const out = join(dir, `long-idle-${asDirectory ? 'dir' : 'file'}.jsonl`);
    writeFileSync(path, `${longStartup.map((l) => `${T} stderr F ${l}`).join('\n')}\n`);
    writeFileSync(out, '');
    const child = startFollower(pod, out, [asDirectory ? pod : path]);
    await sleep(1000);
    appendFileSync(path, `${longStartup.slice(0, 10).map((l) => `${T} stderr F ${l}`).join('\n')}\n`);
    await sleep(500);
    appendFileSync(path, `${istio.map((l) => `${T} stdout F ${l}`).join('\n')}\n`);
    await waitFor('three records', () => outputLines(out).length >= 3, 15_000);
    const { stderr } = await kill(child, 'SIGTERM');
    expect(outputLines(out).map((l) => JSON.parse(l).source.line)).toEqual([3011, 3012, 3013]);
    expect(stderr).not.toContain('no known log format');
  },
);
