import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { extractCaptures } from '../../collectors/pcap/extract-captures';
import { exchangeSchema, type Exchange } from '../../lib/exchange';
import { SHARED_FIXTURES } from '../require';
import { replayAsVxlan } from '../gen/pcap/vxlan-replay';

const BIN = new URL('../../bin/lantern', import.meta.url).pathname;
const summaryOf = (e: Exchange) => `${e.method} ${e.host} ${e.path} ${e.status}`;

/** `lantern mirror` on loopback: a capture replayed as VXLAN datagrams yields the same exchanges as `extract`. */
test.each(['zeek__pipelined-requests.pcap', 'chrissanders__http_ip4and6.pcapng'])('mirror over VXLAN matches extract for %s', async (name) => {
  const file = join(SHARED_FIXTURES, 'pcap', name);
  const expected: Exchange[] = [];
  await extractCaptures([file], { fingerprintKey: 'k' }, (e) => expected.push(e));

  const dataDir = mkdtempSync(join(tmpdir(), 'lantern-mirror-'));
  const child = spawn(BIN, ['mirror', '--listen', 'udp://127.0.0.1:0'], {
    env: { ...process.env, LANTERN_FINGERPRINT_KEY: 'mirror-test-key-0123456789', LANTERN_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr.on('data', (c) => {
      stderr += c;
      const m = /listening on udp:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', () => reject(new Error(`mirror exited early: ${stderr}`)));
  });
  const sent = await replayAsVxlan(file, '127.0.0.1', port);
  expect(sent).toBeGreaterThan(0);
  // Datagrams on loopback arrive within milliseconds; give the listener a moment, then stop it.
  await new Promise((r) => setTimeout(r, 500));
  const code = await new Promise<number | null>((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  expect(code).toBe(0);
  const got = stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Exchange);
  for (const e of got) expect(exchangeSchema.safeParse(e).success).toBe(true);
  expect(got.map(summaryOf).sort()).toEqual(expected.map(summaryOf).sort());
  // Latencies as precise as a capture's (microseconds), not whole milliseconds of Date.now().
  expect(got.some((e) => e.latencyMs !== undefined && !Number.isInteger(e.latencyMs))).toBe(true);
  expect(got.every((e) => e.source?.file === `udp://127.0.0.1:0`)).toBe(true);
  expect(stderr).toMatch(new RegExp(`exchanges ${expected.length}, packets ${sent}`));
});
