import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { extractCaptures } from '../../collectors/pcap/extract-captures';
import type { Exchange } from '../../lib/exchange';
import { tempCapture } from '../gen/pcap/conversation';
import { lastPayloads, twoTenantPayloads, twoTenantsPcap, type Tunnel } from '../gen/pcap/tenant-traffic';

/**
 * Two tenants of a multi-tenant cloud, same addresses, ports and sequence numbers, one on VNI 1 and one on
 * VNI 2, interleaved: two flows, each request found once. They were one flow (`flows 1`, `retransmitted 2`),
 * and the second tenant's request was lost as a retransmission of the first's.
 */
const summary = (e: Exchange) => `${e.method} ${e.path} ${e.status} ${e.src} ${e.dst}`;
const BOTH = ['GET /from-vni-1 200 10.0.0.1:40000 10.0.0.2:80', 'GET /from-vni-2 200 10.0.0.1:40000 10.0.0.2:80'];

test.each([
  ['vxlan', 1],
  ['vxlan', 2],
  ['geneve', 1],
  ['geneve', 2],
] as [Tunnel, number][])('a %s capture keeps two VNIs\' flows apart (%d workers)', async (tunnel, workers) => {
  const file = tempCapture(twoTenantsPcap(tunnel));
  const lines: string[] = [];
  const report = await extractCaptures([file], { fingerprintKey: 'k', workers, shardMinBytes: 0, emitJson: (j) => lines.push(j) }, () => {
    throw new Error('the JSON lane is used');
  });
  expect(lines.map((l) => summary(JSON.parse(l))).sort()).toEqual(BOTH);
  expect(report.stats).toMatchObject({ flows: 2, retransmitted: 0 });
});

test("a VXLAN capture on Linux's default port 8472 (a Flannel or Cilium node's uplink) is read as one on 4789", async () => {
  // tshark reads it only with `-d udp.port==8472,vxlan` (and then as one flow); until 6 Dec Lantern gave nothing, silently.
  const capture = twoTenantsPcap('vxlan');
  for (let o = 24; o < capture.length; o += 16 + capture.readUInt32LE(o + 8)) capture.writeUInt16BE(8472, o + 16 + 14 + 22);
  const out: Exchange[] = [];
  const report = await extractCaptures([tempCapture(capture)], { fingerprintKey: 'k' }, (e) => out.push(e));
  expect(out.map(summary).sort()).toEqual(BOTH);
  expect(report.stats).toMatchObject({ flows: 2, retransmitted: 0, tunnelled: 14 });
});

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

test('lantern mirror keeps two VNIs\' flows apart (real UDP on loopback)', async () => {
  const mirror = spawn(new URL('../../bin/lantern', import.meta.url).pathname, ['mirror', '--listen', 'udp://127.0.0.1:0'], {
    env: { ...process.env, LANTERN_FINGERPRINT_KEY: 'vni-test-key-0123456789', LANTERN_DATA_DIR: mkdtempSync(join(tmpdir(), 'lantern-vni-')) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = mirror;
  let stdout = '';
  let stderr = '';
  const port = await new Promise<number>((resolve, reject) => {
    mirror.stderr!.on('data', (c) => {
      stderr += c;
      const m = /listening on udp:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
      if (m) resolve(Number(m[1]));
    });
    mirror.once('exit', () => reject(new Error(`mirror exited early: ${stderr}`)));
  });
  // One socket, so loopback delivers in order: once /last is written, every datagram before it was read.
  const lastRead = new Promise<void>((resolve) => {
    mirror.stdout!.on('data', (c) => {
      stdout += c;
      if (stdout.includes('"/last"')) resolve();
    });
  });
  const socket = createSocket('udp4');
  const datagrams = [...twoTenantPayloads('vxlan').map((p) => p.payload), ...lastPayloads('vxlan')];
  for (const d of datagrams) await new Promise<void>((res, rej) => socket.send(d, port, '127.0.0.1', (err) => (err ? rej(err) : res())));
  socket.close();
  await lastRead;
  const code = await new Promise<number | null>((resolve) => {
    mirror.once('exit', resolve);
    mirror.kill('SIGTERM');
  });
  expect(code).toBe(0);
  const got = stdout.trim().split('\n').map((l) => summary(JSON.parse(l)));
  expect(got.filter((s) => !s.includes('/last')).sort()).toEqual(BOTH);
  expect(stderr).toMatch(/flows 3,.*retransmitted 0/);
});
